/**
 * Cheap input format detection: by file name first, by content second (JSON, JSON Lines, a
 * reader's Markdown envelope, HTML, else text).
 *
 * Gzip is not handled here: the caller checks for the gzip magic bytes
 * (`1f 8b`) and strips a trailing `.gz`-compressed layer itself, then passes
 * the first decompressed bytes and the file name (with or without `.gz`; the
 * suffix is ignored). Handed raw gzip bytes, content sniffing will usually
 * answer 'binary'.
 */
import { extname } from 'node:path';
import { jsonVerifier } from 'stream-json/core/utils/verifier.js';
import { ENVELOPE_MAX_PENDING } from './envelope.js';

/**
 * Characters of a page that `looksLikeHtml` examines, taken after its leading
 * noise (whitespace, an XML declaration, comments, a doctype). HTML announces
 * itself early: past the noise, a fragment's first tag or an `<html>` sits in
 * the first few hundred characters. Looking no further keeps the check O(1)
 * per record however large the page.
 * @default 1024
 */
export const HTML_SNIFF_CHARS = 1024;

/**
 * How far into a page `looksLikeHtml` looks for the end of its leading
 * comments and declarations. Pages open with licence banners and build notes
 * well over a kilobyte long, which must not push the markup out of sight; a
 * page still inside a comment this far in is HTML (text does not open with
 * `<!--`), and the bound keeps the check cheap on a page that never closes it.
 * @default 65536
 */
export const HTML_NOISE_MAX_CHARS = 64 * 1024;

/**
 * Tags of common elements a page that starts with text needs in its window to
 * be taken for HTML. One is prose mentioning a tag.
 * @default 2
 */
export const HTML_MIN_TAGS_IN_TEXT = 2;

/**
 * Closing tags, `<br>`s and tags right after a tag that make a page starting with text HTML whatever their share of the
 * window: paragraphs joined by `<br><br>` or `</p><p>`, as crawlers' content fields often are.
 * @default 2
 */
export const HTML_MIN_STRUCTURE_TAGS = 2;

/**
 * Non-blank lines, in the window of a page that starts with text, from which the share of lines
 * holding a tag decides: a page of text lines where fewer than half hold a tag is text that
 * quotes markup (a developer post with a `<div><p>Hi</p></div>` sample: read as HTML, its lines
 * ran together and the sample was lost; QA pass 6). Markup, where it is the page's, sits on most
 * of its lines, or the page is one long line.
 * @default 3
 */
export const HTML_TEXT_MIN_LINES = 3;

/**
 * Share of the window's characters that those tags must make up, for a page
 * that starts with text. An HTML fragment that opens with a sentence is soon
 * dense with markup; an article about HTML that mentions `<p>` and `<div>`
 * has a few characters of tags in a kilobyte of prose (under 2%).
 * @default 0.03
 */
export const HTML_MIN_MARKUP_SHARE = 0.03;

/**
 * Bytes of a file that `sniffFormat` examines. Enough to see past a long
 * first JSON key or an HTML head's opening; callers may pass fewer.
 * @default 4096
 */
export const FORMAT_SNIFF_BYTES = 4096;

export type InputFormat = 'text' | 'markdown' | 'html' | 'json' | 'jsonl' | 'warc' | 'binary';

/** Extensions that decide the format on their own (after removing `.gz`). */
const FORMAT_BY_EXTENSION: Readonly<Record<string, InputFormat>> = {
  '.txt': 'text',
  '.md': 'markdown',
  '.markdown': 'markdown',
  '.html': 'html',
  '.htm': 'html',
  '.json': 'json',
  '.jsonl': 'jsonl',
  '.ndjson': 'jsonl',
  // Web archives: Common Crawl names its text extracts `*.warc.wet.gz`, its crawls `*.warc.gz`.
  '.warc': 'warc',
  '.wet': 'warc',
};

/** A WARC file opens with a record's version line (ISO 28500: `WARC/1.0`, `WARC/1.1`). */
const WARC_START = /^WARC\/\d+\.\d+\r?\n/;

/**
 * Documents that start like this are HTML however little markup follows:
 * the document elements. Tested after the leading noise (whitespace, an XML
 * declaration, comments, a doctype; a doctype naming html decides on its own).
 */
const HTML_START = /^<(?:html|head|body)(?=[\s>/])/i;

/** Elements whose lines are raw or preformatted text: a page that opens with one is HTML however few of its lines hold a tag. */
const STARTS_WITH_RAW_BLOCK = /^<(?:pre|xmp|plaintext|listing|script|style|textarea)(?=[\s>/])/i;

/**
 * Names of common HTML elements, the ones prose is unlikely to write as tags. With them the
 * obsolete preformatted blocks `xmp`, `plaintext` and `listing`, which the HTML reader reads as
 * `pre`: a record holding only such a block (a code dump) was taken for text, so its tags were
 * kept as text and a NUL in it reached the output, while the same page in an .html file was read
 * as HTML, the NUL dropped.
 */
const KNOWN_NAMES =
  'html|head|body|div|p|span|a|br|hr|img|table|thead|tbody|tr|td|th|ul|ol|li|dl|dt|dd|h[1-6]|article|section|main|nav|header|footer|aside|script|style|meta|link|title|form|input|button|iframe|noscript|figure|figcaption|blockquote|pre|xmp|plaintext|listing|code|em|strong|b|i|u|small|time';

/**
 * The opening of a tag of a common element. A name must be followed by
 * whitespace, `>` or `/`, so "<b" in "a <b c" does not count but "<b>" does,
 * and unknown names (`<Foo>`, `<3`) never count.
 */
const KNOWN_TAG = new RegExp(`<\\/?(?:${KNOWN_NAMES})(?=[\\s>/])`, 'i');

/**
 * A whole tag of a common element, with its attributes (bounded, so a stray
 * `<p` cannot make the search scan far): group 1 is the `/` of a closing tag,
 * group 2 what follows the name.
 */
const WHOLE_TAG = new RegExp(`<(\\/?)(?:${KNOWN_NAMES})(?=[\\s>/])([^<>]{0,256})>`, 'gi');

/** `<` then a letter, `/` or `!`: the page starts with markup, not with `<3` or `<<<`. */
const STARTS_WITH_MARKUP = /^<[a-z/!]/i;

/**
 * Where the page's content starts, past whitespace, a BOM, an XML declaration,
 * comments and doctypes; `-1` when the noise does not end within
 * {@link HTML_NOISE_MAX_CHARS}, `-2` when a doctype names html.
 */
function skipNoise(page: string): number {
  let i = 0;
  const n = page.length;
  // Only comments and declarations count against the bound: whitespace is skipped in one cheap
  // pass however long, and a page of blank lines then text is text.
  let noise = 0;
  for (;;) {
    while (i < n) {
      const c = page.charCodeAt(i);
      // Whitespace (ASCII and the Unicode spaces) and a BOM.
      if (c === 0x20 || (c >= 0x09 && c <= 0x0d) || c === 0xfeff || c === 0xa0 || (c > 0x7f && /\s/.test(page[i]!))) i++;
      else break;
    }
    if (page.charCodeAt(i) !== 0x3c /* < */) return i;
    let end: number;
    if (page.startsWith('<!--', i)) {
      end = page.indexOf('-->', i + 4);
      if (end !== -1) end += 3;
    } else if (page.charCodeAt(i + 1) === 0x3f /* ? */ || page.charCodeAt(i + 1) === 0x21 /* ! */) {
      if (/^<!doctype\s+html/i.test(page.slice(i, i + 15))) return -2;
      end = page.indexOf('>', i + 2);
      if (end !== -1) end += 1;
    } else return i;
    if (end === -1 || (noise += end - i) > HTML_NOISE_MAX_CHARS) return -1;
    i = end;
  }
}

/**
 * Whether a page is HTML rather than plain text. Its leading noise (whitespace,
 * an XML declaration, comments, doctypes, up to {@link HTML_NOISE_MAX_CHARS})
 * is skipped first; then, in the next {@link HTML_SNIFF_CHARS} characters:
 *
 * - a doctype naming html, or an `<html>`, `<head>` or `<body>` tag first, is HTML;
 * - a page that starts with markup (`<` and a letter) and holds a tag of a
 *   common element is HTML (a fragment: `<div class="post">...`), unless it has
 *   at least {@link HTML_TEXT_MIN_LINES} non-blank lines and fewer than half of
 *   them hold a tag (Markdown or text that opens with a logo);
 * - a page that starts with text is HTML only when markup is a real part of
 *   it: at least {@link HTML_MIN_TAGS_IN_TEXT} whole tags of common elements,
 *   one of them closing, self-closing or with attributes, making up at least
 *   {@link HTML_MIN_MARKUP_SHARE} of the window, or at least
 *   {@link HTML_MIN_STRUCTURE_TAGS} closing tags, `<br>`s or tags right after another tag. Prose that mentions "the <p>
 *   element" and "a <div> element" stays text.
 *
 * Leading noise that runs past its bound (a comment left open) is HTML.
 */
export function looksLikeHtml(page: string): boolean {
  const start = skipNoise(page);
  if (start < 0) return true;
  const head = page.slice(start, start + HTML_SNIFF_CHARS);
  if (head.indexOf('<') === -1) return false;
  if (HTML_START.test(head)) return true;
  // Markup first, then lines of text: a Markdown README that opens with a centred logo (QA pass 9:
  // read as HTML, its lines ran into one). A fragment's markup sits on most of its lines.
  // (Not a page that opens with a block whose lines are raw text: a code dump in <xmp> or <pre>, a
  // fragment that opens with its <script> or <style>.)
  if (STARTS_WITH_MARKUP.test(head)) return KNOWN_TAG.test(head) && (STARTS_WITH_RAW_BLOCK.test(head) || !mostlyUntaggedLines(head));
  let tags = 0;
  let strong = 0;
  let structure = 0;
  let markup = 0;
  let previousEnd = -1;
  WHOLE_TAG.lastIndex = 0;
  for (let m = WHOLE_TAG.exec(head); m !== null; m = WHOLE_TAG.exec(head)) {
    tags += 1;
    markup += m[0].length;
    const closing = m[1] === '/';
    if (closing || m[2]!.includes('=') || m[2]!.endsWith('/')) strong += 1;
    // Closing tags, line breaks, and a tag right after another (`</p><p>`) are structure.
    if (closing || /^<br\b/i.test(m[0]) || m.index === previousEnd) structure += 1;
    previousEnd = m.index + m[0].length;
  }
  if (tags < HTML_MIN_TAGS_IN_TEXT) return false;
  if (mostlyUntaggedLines(head)) return false;
  // Long paragraphs split by `<br><br>` or `</p><p>` are little markup in a kilobyte of text,
  // but prose that names tags seldom closes them or breaks lines with them.
  return (strong > 0 && markup >= HTML_MIN_MARKUP_SHARE * head.length) || structure >= HTML_MIN_STRUCTURE_TAGS;
}

/** Whether `head` has at least HTML_TEXT_MIN_LINES non-blank lines and fewer than half of them hold a tag. */
function mostlyUntaggedLines(head: string): boolean {
  let lines = 0;
  let tagged = 0;
  for (const line of head.split('\n')) {
    if (line.trim() === '') continue;
    lines += 1;
    WHOLE_TAG.lastIndex = 0;
    if (WHOLE_TAG.test(line)) tagged += 1;
  }
  return lines >= HTML_TEXT_MIN_LINES && tagged * 2 < lines;
}

/** The format a file name implies, or undefined when its extension does not say. */
export function formatFromName(fileName: string): InputFormat | undefined {
  let name = fileName.toLowerCase();
  if (name.endsWith('.gz')) name = name.slice(0, -3);
  return FORMAT_BY_EXTENSION[extname(name)];
}

/**
 * What is wrong when a file's name and its first bytes disagree on text against HTML, for a
 * warning; undefined when they agree, or when the bytes cannot tell. The name decides the format
 * (the README's rule, so a run does not change its mind from file to file), and both ways that
 * lost the page without a word (QA pass 20): an HTML page saved as .txt was cleaned tags and all,
 * a text dump saved as .html ran its lines into one. Only the plain cases are named: a page that
 * opens with a doctype naming html or an `<html>`, `<head>` or `<body>` tag, and a first block
 * of two or more lines without a `<` anywhere.
 */
export function nameMisleads(firstBytes: Uint8Array, fileName: string): string | undefined {
  const byName = formatFromName(fileName);
  if (byName !== 'text' && byName !== 'html') return undefined;
  const text = new TextDecoder('utf-8').decode(firstBytes.subarray(0, FORMAT_SNIFF_BYTES));
  if (byName === 'text') {
    if (opensWithEnvelope(text)) return undefined;
    const start = skipNoise(text);
    if (start === -2 || (start >= 0 && HTML_START.test(text.slice(start, start + 16)))) {
      return 'looks like an HTML page, but its name says text: read as text, tags and all (--format html reads it as HTML)';
    }
    return undefined;
  }
  if (text.indexOf('<') >= 0) return undefined;
  let lines = 0;
  for (const line of text.split('\n')) if (line.trim() !== '' && ++lines >= 2) break;
  if (lines < 2) return undefined;
  return 'holds no HTML markup, but its name says HTML: read as HTML, its lines run together as a browser runs them (--format text reads one block a line)';
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
 * (`.txt`, `.html`/`.htm`, `.json`, `.jsonl`/`.ndjson`, `.warc`/`.wet`; a trailing `.gz` is
 * ignored; a `.txt` file that opens with a reader's envelope is Markdown, as
 * Jina Reader's text responses are saved), otherwise from the first
 * {@link FORMAT_SNIFF_BYTES} bytes:
 *
 * - a version line such as `WARC/1.0` first means 'warc' (a web archive, whose records may hold
 *   binary payloads);
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
  const byName = fileName === undefined ? undefined : formatFromName(fileName);
  // A .txt file may be a reader's Markdown: Jina Reader answers in text/plain, saved as page.txt.
  if (byName === 'text') return opensWithEnvelope(new TextDecoder('utf-8').decode(firstBytes.subarray(0, FORMAT_SNIFF_BYTES))) ? 'markdown' : 'text';
  if (byName === 'jsonl' && notJsonLines(firstBytes.subarray(0, FORMAT_SNIFF_BYTES))) return 'json';
  if (byName) return byName;
  const full = firstBytes.subarray(0, FORMAT_SNIFF_BYTES);
  // Before the NUL check: a web archive's records hold images and other binary payloads.
  if (WARC_START.test(Buffer.from(full.buffer, full.byteOffset, Math.min(full.length, 16)).toString('latin1'))) return 'warc';
  // JSON is told from what comes before a NUL: a NUL inside a record is that record's error,
  // reported by the reader with its line and byte, and must not make the stream "binary" (its
  // records were all skipped, exit 0, when one of the first held a raw NUL).
  const nul = full.indexOf(0);
  const block = nul === -1 ? full : full.subarray(0, nul);
  // Non-fatal decoding: a character cut at the block's end becomes U+FFFD,
  // which cannot change the answer.
  const decoded = new TextDecoder('utf-8').decode(block);
  const text = decoded.trimStart();
  const first = text.charAt(0);
  if ((first === '{' || first === '[') && isJsonPrefix(text)) {
    // Before a NUL, at least one whole JSON line: a binary file that opens with a brace is not JSON Lines.
    if (nul !== -1) return first === '{' && text.includes('\n') && parses(text.slice(0, text.indexOf('\n'))) ? 'jsonl' : 'binary';
    const nl = text.indexOf('\n');
    if (nl === -1 || text.slice(nl + 1).trim() === '') {
      return first === '[' ? 'json' : 'jsonl';
    }
    return parses(text.slice(0, nl)) ? 'jsonl' : 'json';
  }
  if (nul !== -1) return 'binary';
  if (opensWithEnvelope(decoded)) return 'markdown';
  return looksLikeHtml(text) ? 'html' : 'text';
}

/**
 * Whether a file named as JSON Lines holds JSON of another shape: it opens with an array (a
 * line of JSON Lines is a record, an object), or with a value its first line does not finish (a
 * pretty-printed document, or `jq .` output: values one after another over several lines). Read
 * as JSON Lines, each of its lines was a bad record and not one record was read (QA pass 15).
 */
export function notJsonLines(firstBytes: Uint8Array): boolean {
  const text = new TextDecoder('utf-8').decode(firstBytes).trimStart();
  const first = text.charAt(0);
  if ((first !== '{' && first !== '[') || !isJsonPrefix(text)) return false;
  if (first === '[') return true;
  const nl = text.indexOf('\n');
  if (nl === -1) return false;
  // Unfinished, not broken: a first line that is bad JSON (a raw tab in a string) is a bad
  // record of JSON Lines, which the JSONL reader reports and reads past (QA pass 17).
  return unfinished(text.slice(0, nl).trimEnd());
}

/**
 * Whether JSON.parse stops at the end of `line`, which goes on past it, rather than at a bad
 * character inside it: V8 names the position it stopped at ("… in JSON at position 1"), or says
 * the input ended.
 */
function unfinished(line: string): boolean {
  try {
    JSON.parse(line);
    return false;
  } catch (e) {
    const at = /at position (\d+)/.exec((e as Error).message);
    return at === null ? /end of JSON input/i.test((e as Error).message) : Number(at[1]) >= line.length;
  }
}

/** Whether `decoded` opens with a reader's envelope. Leading blank lines only: ReaderEnvelope takes no Title: line that does not open its line. */
export function opensWithEnvelope(decoded: string): boolean {
  const text = decoded.replace(LEADING_BLANK_LINES, '');
  return text.startsWith('Title: ') && READER_ENVELOPE.test(text);
}

/**
 * A page in a reader's envelope (envelope.ts): Jina Reader's `Title: ...`, then within a few lines
 * `URL Source: ...`; what follows is Markdown, as its `Markdown Content:` line says. Only the
 * opening counts, as in ReaderEnvelope (ENVELOPE_MAX_PENDING lines between the two at most).
 */
const LEADING_BLANK_LINES = /^(?:[ \t]*\r?\n)+/;
const READER_ENVELOPE = new RegExp(`^Title: [^\\n]*\\n(?:[^\\n]*\\n){0,${ENVELOPE_MAX_PENDING - 1}}URL Source: \\S`);
