/**
 * Cheap input format detection: by file name first, by content second.
 *
 * Gzip is not handled here: the caller checks for the gzip magic bytes
 * (`1f 8b`) and strips a trailing `.gz`-compressed layer itself, then passes
 * the first decompressed bytes and the file name (with or without `.gz`; the
 * suffix is ignored). Handed raw gzip bytes, content sniffing will usually
 * answer 'binary'.
 */
import { extname } from 'node:path';
import { jsonVerifier } from 'stream-json/core/utils/verifier.js';

/**
 * Characters of a page that `looksLikeHtml` examines (after leading
 * whitespace). HTML announces itself early: a doctype, an `<html>` or a
 * fragment's first tag sits in the first few hundred bytes, while a plain
 * text article seldom contains tag-like text near its start. Looking no
 * further keeps the check O(1) per record however large the page.
 * @default 1024
 */
export const HTML_SNIFF_CHARS = 1024;

/**
 * Bytes of a file that `sniffFormat` examines. Enough to see past a long
 * first JSON key or an HTML head's opening; callers may pass fewer.
 * @default 4096
 */
export const FORMAT_SNIFF_BYTES = 4096;

export type InputFormat = 'text' | 'html' | 'json' | 'jsonl' | 'binary';

/** Extensions that decide the format on their own (after removing `.gz`). */
const FORMAT_BY_EXTENSION: Readonly<Record<string, InputFormat>> = {
  '.txt': 'text',
  '.html': 'html',
  '.htm': 'html',
  '.json': 'json',
  '.jsonl': 'jsonl',
  '.ndjson': 'jsonl',
};

/**
 * Documents that start like this are HTML however little markup follows:
 * a doctype, or the document elements. Checked after leading whitespace, an
 * XML declaration and comments are skipped.
 */
const HTML_START = /^<(?:!doctype\s+html|html|head|body)(?=[\s>/])/i;

/** Leading noise skipped before HTML_START is tested: `<?xml ...?>` and `<!-- ... -->`. */
const LEADING_NOISE = /^(?:\s|<\?xml[^>]*>|<!--[\s\S]*?-->)+/i;

/**
 * Opening or closing tags of common HTML elements. A name must be followed
 * by whitespace, `>` or `/`, so "<b" in "a <b c" does not count but "<b>"
 * does, and unknown names (`<Foo>`, `<3`) never count.
 */
const KNOWN_TAG =
  /<\/?(?:html|head|body|div|p|span|a|br|hr|img|table|thead|tbody|tr|td|th|ul|ol|li|dl|dt|dd|h[1-6]|article|section|main|nav|header|footer|aside|script|style|meta|link|title|form|input|button|iframe|noscript|figure|figcaption|blockquote|pre|code|em|strong|b|i|u|small|time)(?=[\s>/])/gi;

/**
 * Whether a page is HTML rather than plain text, judged from its first
 * {@link HTML_SNIFF_CHARS} characters after leading whitespace:
 *
 * - it starts (after any XML declaration or comments) with a doctype or an
 *   `<html>`, `<head>` or `<body>` tag; or
 * - it contains at least two tags of common HTML elements; or
 * - it starts with `<` and contains at least one such tag (a fragment such
 *   as `<div class="post">...`).
 *
 * A single tag-like word inside running text is not enough, so prose that
 * mentions `<p>` once stays text. HTML whose first markup is pushed past the
 * window (by a kilobyte of leading text or comments) is taken for text.
 */
export function looksLikeHtml(page: string): boolean {
  const head = page.trimStart().slice(0, HTML_SNIFF_CHARS);
  if (head.charCodeAt(0) !== 0x3c /* < */ && head.indexOf('<') === -1) return false;
  const afterNoise = head.replace(LEADING_NOISE, '');
  if (HTML_START.test(afterNoise)) return true;
  let tags = 0;
  KNOWN_TAG.lastIndex = 0;
  while (KNOWN_TAG.exec(head) !== null) {
    if (++tags >= 2) return true;
  }
  return tags === 1 && head.charCodeAt(0) === 0x3c;
}

/** The format a file name implies, or undefined when its extension does not say. */
export function formatFromName(fileName: string): InputFormat | undefined {
  let name = fileName.toLowerCase();
  if (name.endsWith('.gz')) name = name.slice(0, -3);
  return FORMAT_BY_EXTENSION[extname(name)];
}

/**
 * Whether `text` is a valid start of one or more JSON values. Truncation at
 * the end is fine (the text is a prefix of the file); anything the verifier
 * rejects is not.
 */
function isJsonPrefix(text: string): boolean {
  try {
    jsonVerifier({ jsonStreaming: true })(text);
    return true;
  } catch {
    return false;
  }
}

function parses(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/**
 * Decides how to read a file: by extension when `fileName` has a known one
 * (`.txt`, `.html`/`.htm`, `.json`, `.jsonl`/`.ndjson`; a trailing `.gz` is
 * ignored), otherwise from the first {@link FORMAT_SNIFF_BYTES} bytes:
 *
 * - a NUL byte means 'binary' (no text format we read contains one; UTF-16
 *   text does, and is not supported);
 * - text that starts, after whitespace or a byte-order mark, with `{` or `[`
 *   and that stream-json's verifier accepts as the start of JSON is JSON:
 *   'jsonl' when its first line is a complete value and more follows on
 *   later lines, 'json' when the first line is incomplete (a pretty-printed
 *   document). A first line that is the whole content, or that runs past the
 *   sniffed bytes, is 'json' when it opens an array (a minified array of
 *   records) and 'jsonl' when it opens an object (one object is read the same
 *   either way, and JSONL lines holding whole pages are long);
 * - otherwise {@link looksLikeHtml} decides between 'html' and 'text'.
 */
export function sniffFormat(firstBytes: Uint8Array, fileName?: string): InputFormat {
  if (fileName !== undefined) {
    const byName = formatFromName(fileName);
    if (byName) return byName;
  }
  const block = firstBytes.subarray(0, FORMAT_SNIFF_BYTES);
  if (block.includes(0)) return 'binary';
  // Non-fatal decoding: a character cut at the block's end becomes U+FFFD,
  // which cannot change the answer.
  const text = new TextDecoder('utf-8').decode(block).trimStart();
  const first = text.charAt(0);
  if ((first === '{' || first === '[') && isJsonPrefix(text)) {
    const nl = text.indexOf('\n');
    if (nl === -1 || text.slice(nl + 1).trim() === '') {
      return first === '[' ? 'json' : 'jsonl';
    }
    return parses(text.slice(0, nl)) ? 'jsonl' : 'json';
  }
  return looksLikeHtml(text) ? 'html' : 'text';
}
