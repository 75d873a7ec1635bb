/**
 * Bytes of an HTML page -> text, choosing the character encoding the way a
 * browser roughly would: byte order mark, then the caller's override (e.g.
 * from an HTTP Content-Type header), then a `<meta>` declaration near the
 * top, then UTF-8. Never throws on a bad or unknown charset name.
 */
import { firstInvalidUtf8 } from '../split.js';
import { invalidArgument } from '../errors.js';

/**
 * How many leading bytes are searched for a `<meta>` charset. Browsers look
 * at 1024; pages with long inline scripts before the meta tag need more.
 * @default 4096
 */
export const META_SNIFF_BYTES = 4096;

/** Encoding used when nothing else decides, or a named one is unknown. */
export const DEFAULT_ENCODING = 'utf-8';

export interface DecodedHtml {
  text: string;
  /** The WHATWG name of the encoding used, e.g. `utf-8`, `windows-1252`. */
  encoding: string;
  /**
   * Present (true) when nothing named a charset and the bytes are not valid UTF-8: the
   * invalid sequences became U+FFFD, and the caller should say so (the page is probably in a
   * legacy encoding that `override` would name).
   */
  invalid?: true;
  /**
   * With `invalid`: the charset a `<meta>` named that no decoder here knows (`x-user-defined`),
   * so the caller's warning can name it rather than say the page declared none.
   */
  unknownCharset?: string;
  /**
   * Present when a charset was named, by the byte order mark, `override` or a `<meta>` (`by`),
   * and the bytes are not valid in it: the invalid sequences became U+FFFD, and the caller
   * should say so (a `<meta charset="utf-8">` on a page saved in windows-1252 is common).
   * `offset`: the first invalid byte, BOM counted, when the charset is UTF-8 (other decoders
   * do not say where).
   */
  invalidAsNamed?: { by: CharsetSource; offset?: number };
}

/** What named a page's charset: its byte order mark, the caller's override, or a `<meta>`. */
export type CharsetSource = 'bom' | 'override' | 'meta';

/** Which source each candidate of {@link decodeHtml} is. */
const CANDIDATE_SOURCES: readonly CharsetSource[] = ['bom', 'override', 'meta'];

/**
 * Decodes HTML bytes. Priority: BOM > `override` > `<meta charset>` /
 * `<meta http-equiv content="...; charset=...">` in the first
 * {@link META_SNIFF_BYTES} bytes > UTF-8 > (bytes that are not valid UTF-8)
 * a `<meta>` charset further on. A `<meta>` naming another charset than
 * UTF-8 is passed over when the bytes are valid UTF-8 and not all ASCII. A name TextDecoder does not know
 * is skipped and the next source is tried. Invalid byte sequences become
 * U+FFFD; when nothing named the charset, `invalid` says that happened. The
 * BOM itself is not part of the text.
 */
export function decodeHtml(bytes: Uint8Array, override?: string): DecodedHtml {
  // Exported from the package: a string here (a page decoded already) failed deep inside as "bytes.subarray is not a function".
  if (!(bytes instanceof Uint8Array)) throw invalidArgument('bytes', 'a Uint8Array (a Buffer)', bytes, 'decodeHtml');
  if (override !== undefined && typeof override !== 'string') throw invalidArgument('encoding', 'a charset name (a string)', override, 'decodeHtml');
  const candidates = [bomEncoding(bytes), override, metaCharset(bytes), DEFAULT_ENCODING];
  const META_CANDIDATE = 2;
  for (let i = 0; i < candidates.length; i++) {
    const name = candidates[i];
    if (name === undefined) continue;
    const decoder = makeDecoder(name);
    if (decoder === undefined) continue;
    // Only a <meta> is second-guessed (a BOM or an override, the HTTP header, is not): a page
    // scraped without its header, whose CMS wrote a wrong <meta>, was read by that <meta> into
    // mojibake ("CafÃ©"), where a browser had used the header. Bytes that are valid UTF-8 and not
    // all ASCII are, in practice, never legacy-encoded text, so they are read as UTF-8.
    if (i === META_CANDIDATE && decoder.encoding !== DEFAULT_ENCODING && bytes.some((b) => b > 0x7f)) {
      const text = strictUtf8(bytes);
      if (text !== undefined) return { text, encoding: DEFAULT_ENCODING };
    }
    if (decoder.encoding === 'windows-1252') return { text: decodeWindows1252(bytes), encoding: decoder.encoding };
    // The last resort: nothing (known) named a charset.
    if (i === candidates.length - 1) return decodeDefault(bytes);
    return decodeNamed(bytes, decoder, CANDIDATE_SOURCES[i]!);
  }
  // Unreachable: utf-8 always exists. Kept so the function is total.
  return { text: new TextDecoder().decode(bytes), encoding: DEFAULT_ENCODING };
}

/** The bytes decoded as UTF-8 when they are valid UTF-8 throughout (one decode, kept), else undefined. */
function strictUtf8(bytes: Uint8Array): string | undefined {
  try {
    return new TextDecoder(DEFAULT_ENCODING, { fatal: true }).decode(bytes);
  } catch {
    return undefined;
  }
}

/**
 * The bytes in the charset `by` named, strictly first (one decode when they are valid, as
 * nearly all are), so invalid bytes are noticed and not only replaced: read with a lenient
 * decoder, a page whose `<meta>` said UTF-8 while it was saved in windows-1252 lost every
 * accented letter to U+FFFD without a word.
 */
function decodeNamed(bytes: Uint8Array, decoder: TextDecoder, by: CharsetSource): DecodedHtml {
  const encoding = decoder.encoding;
  try {
    return { text: new TextDecoder(encoding, { fatal: true }).decode(bytes), encoding };
  } catch {
    const invalidAsNamed: NonNullable<DecodedHtml['invalidAsNamed']> = { by };
    if (encoding === DEFAULT_ENCODING) invalidAsNamed.offset = firstInvalidUtf8(bytes);
    return { text: decoder.decode(bytes), encoding, invalidAsNamed };
  }
}

/** UTF-8 when nothing named a charset: strict first, so invalid bytes are noticed, not only replaced. */
function decodeDefault(bytes: Uint8Array): DecodedHtml {
  const strict = strictUtf8(bytes);
  if (strict !== undefined) return { text: strict, encoding: DEFAULT_ENCODING };
  // Not UTF-8, so a charset the page declares past the first META_SNIFF_BYTES (after a long
  // inline script or style in its head) is the best guess there is: browsers act on such a
  // <meta> when the parser reaches it and decode the page again. Read as UTF-8, a legacy page
  // (windows-1252, Shift_JIS, GBK) lost every non-ASCII letter to U+FFFD, with a warning that
  // wrongly said no <meta> named a charset. Valid UTF-8 is never re-read this way.
  const late = scanMeta(bytes, bytes.length);
  // Then an XML declaration's (an XHTML page saved to disk, with no <meta>): browsers reading
  // text/html pass it over, but a page that is not UTF-8 is better read by it than as UTF-8, and
  // the warning said "no charset declared" while it named one (QA pass 15).
  const declared = late.name ?? xmlDeclaredEncoding(bytes);
  const decoder = declared === undefined ? undefined : makeDecoder(declared);
  if (decoder !== undefined && decoder.encoding !== DEFAULT_ENCODING) {
    if (decoder.encoding === 'windows-1252') return { text: decodeWindows1252(bytes), encoding: decoder.encoding };
    return decodeNamed(bytes, decoder, 'meta');
  }
  const out: DecodedHtml = { text: new TextDecoder(DEFAULT_ENCODING).decode(bytes), encoding: DEFAULT_ENCODING, invalid: true };
  if (late.unknown !== undefined) out.unknownCharset = late.unknown;
  return out;
}

/** The encoding an XML declaration names (`<?xml version="1.0" encoding="windows-1252"?>`): what decides an XHTML page's (XML 1.0, 4.3.3). */
export function xmlDeclaredEncoding(bytes: Uint8Array): string | undefined {
  const head = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.length, 256)).toString('latin1');
  return /^(?:\xef\xbb\xbf)?\s*<\?xml\s[^>]*?encoding\s*=\s*["']([A-Za-z0-9._:-]+)["']/.exec(head)?.[1];
}

/** Whether TextDecoder knows a charset name (the WHATWG Encoding Standard's labels). */
export function isKnownEncoding(name: string): boolean {
  return makeDecoder(name) !== undefined;
}

/**
 * What bytes 0x80..0x9F mean in windows-1252 (WHATWG index), as the
 * characters themselves; the five bytes the code page leaves unassigned
 * stay C1 controls, as the standard says.
 */
const WINDOWS_1252_HIGH =
  '\u20ac\u0081\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u008d\u017d\u008f' +
  '\u0090\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u009d\u017e\u0178';

/**
 * windows-1252 by hand. Node 20.18.3+ TextDecoder takes a latin1 fast path
 * for it and returns C1 controls for 0x80..0x9F instead of curly quotes,
 * dashes and the euro sign (nodejs/node#60888). Latin1 plus a fix-up of
 * those 32 bytes is exact, and it is what every latin1 label means on the web.
 */
function decodeWindows1252(bytes: Uint8Array): string {
  const latin1 = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('latin1');
  return latin1.replace(/[\u0080-\u009f]/g, (c) => WINDOWS_1252_HIGH[c.charCodeAt(0) - 0x80]!);
}

function makeDecoder(label: string): TextDecoder | undefined {
  try {
    const decoder = new TextDecoder(label.trim(), { fatal: false });
    // The Encoding Standard's gbk decoder is the gb18030 decoder (its encoder alone differs), as
    // browsers decode `gb2312` and `gbk` pages; Node's gbk decoder turns gb18030's four-byte
    // characters (emoji, rarer Han) into U+FFFD and the digits between (QA pass 15).
    return decoder.encoding === 'gbk' ? new TextDecoder('gb18030', { fatal: false }) : decoder;
  } catch {
    // RangeError for a label the WHATWG Encoding Standard does not know.
    return undefined;
  }
}

/**
 * The UTF-16 form bytes are in: by their byte-order mark, else by an explicit `override`
 * (`utf-16`, `utf-16le`, `utf-16be` and their WHATWG aliases); undefined otherwise. A UTF-8
 * BOM wins over an override, as in {@link decodeHtml}.
 */
export function utf16Encoding(head: Uint8Array, override?: string): 'utf-16le' | 'utf-16be' | undefined {
  const bom = bomEncoding(head);
  if (bom !== undefined) return bom === 'utf-8' ? undefined : bom;
  if (override === undefined) return undefined;
  const name = makeDecoder(override)?.encoding;
  return name === 'utf-16le' || name === 'utf-16be' ? name : undefined;
}

/**
 * The charset `override` (`--encoding`) names when it is neither UTF-8 nor UTF-16 and no BOM says
 * otherwise: input of that charset that is not HTML (text, JSON, JSONL) is converted to UTF-8 as
 * it is read, as UTF-16 is. HTML is not: its charset is decided on the whole page
 * ({@link decodeHtml}), where a BOM and `<meta>` are weighed too.
 */
export function legacyEncoding(head: Uint8Array, override?: string): string | undefined {
  if (override === undefined || bomEncoding(head) !== undefined) return undefined;
  const name = makeDecoder(override)?.encoding;
  return name === undefined || name === DEFAULT_ENCODING || name === 'utf-16le' || name === 'utf-16be' ? undefined : name;
}

/**
 * A streaming decoder for a charset {@link legacyEncoding} named: `decode(chunk, true)` keeps a
 * multi-byte character cut between chunks for the next call, `decode(empty, false)` flushes.
 * windows-1252 is decoded by hand, as in decodeHtml (single bytes: nothing is carried).
 */
export function streamDecoder(name: string): (chunk: Uint8Array, stream: boolean) => string {
  if (name === 'windows-1252') return (chunk) => decodeWindows1252(chunk);
  const decoder = makeDecoder(name) ?? new TextDecoder(name);
  return (chunk, stream) => decoder.decode(chunk, { stream });
}

/**
 * The charsets of the WHATWG Encoding Standard whose characters can take more than one byte (or,
 * ISO-2022-JP, whose escapes take bytes of no character): in every other one a character is one
 * byte, so the n-th character decoded came from the n-th byte.
 */
const MULTI_BYTE_CHARSETS: ReadonlySet<string> = new Set(['shift_jis', 'euc-jp', 'iso-2022-jp', 'euc-kr', 'gbk', 'gb18030', 'big5']);

/** Whether each character of the charset {@link legacyEncoding} named is one byte (see MULTI_BYTE_CHARSETS). */
export function singleByteCharset(name: string): boolean {
  return !MULTI_BYTE_CHARSETS.has(name);
}

/**
 * Most bytes a decoder of a multi-byte charset holds back at the end of a chunk, waiting for
 * the rest of a character (one fewer than GB18030's four-byte sequences).
 * @default 3
 */
export const MAX_HELD_BACK_BYTES = 3;

function bomEncoding(b: Uint8Array): 'utf-8' | 'utf-16le' | 'utf-16be' | undefined {
  if (b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) return 'utf-8';
  if (b[0] === 0xfe && b[1] === 0xff) return 'utf-16be';
  if (b[0] === 0xff && b[1] === 0xfe) return 'utf-16le';
  return undefined;
}

/**
 * The charset named by the first `<meta>` that names one, in the first `limit` bytes
 * (default {@link META_SNIFF_BYTES}). The head is read
 * as latin1 so every byte maps to one character whatever the real encoding
 * (all ASCII-compatible encodings agree on the markup itself).
 */
export function metaCharset(bytes: Uint8Array, limit: number = META_SNIFF_BYTES): string | undefined {
  return scanMeta(bytes, limit).name;
}

/** {@link metaCharset}'s scan: the charset found, and the first name no decoder knows, if one was skipped. */
function scanMeta(bytes: Uint8Array, limit: number): { name?: string; unknown?: string } {
  let unknown: string | undefined;
  const head = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.length, limit))
    .toString('latin1')
    // A commented-out meta declares nothing.
    .replace(/<!--[\s\S]*?(?:-->|$)/g, '');
  for (const tag of head.matchAll(/<meta\b[^>]*>/gi)) {
    // As the HTML standard's prescan: a `charset` attribute, else the `content` of a Content-Type
    // pragma. "charset=" anywhere in the tag (a description or og:title about charsets) named a
    // charset before, and the page's real declaration after it was never read.
    const attrs = metaAttributes(tag[0]);
    let m = attrs.charset === undefined ? null : /^\s*["']?\s*([A-Za-z0-9_.:-]+)/.exec(attrs.charset);
    if (m === null && attrs.content !== undefined && (attrs['http-equiv']?.trim().toLowerCase() === 'content-type' || CONTENT_TYPE_VALUE.test(attrs.content))) {
      m = /charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)/i.exec(attrs.content);
    }
    if (m === null) continue;
    const name = m[1]!.toLowerCase();
    // Bytes that show ASCII markup cannot be UTF-16; the HTML standard
    // treats such a declaration as UTF-8.
    if (name.startsWith('utf-16') || name === 'unicode') return { name: 'utf-8' };
    // A name no decoder knows declares nothing, and the prescan goes on to the next <meta>
    // (a page with a bad <meta charset> and a good pragma after it was read as UTF-8).
    if (makeDecoder(name) === undefined) {
      unknown ??= name;
      continue;
    }
    return { name };
  }
  return unknown === undefined ? {} : { unknown };
}

/** A `content` value that is a media type with parameters (`text/html; charset=x`), even without `http-equiv`. */
const CONTENT_TYPE_VALUE = /^\s*[\w.+-]+\/[\w.+-]+\s*;/;

/** The attributes of one start tag's text, names lowercased; the first of a repeated name wins, as in HTML. */
function metaAttributes(tag: string): Record<string, string | undefined> {
  // No prototype: an attribute named "constructor" is just an attribute.
  const attrs: Record<string, string | undefined> = Object.create(null) as Record<string, string | undefined>;
  for (const a of tag.slice(5).matchAll(/([^\s=>\/"']+)(?:\s*=\s*(?:"([^"]*)"?|'([^']*)'?|([^\s>]*)))?/g)) {
    const name = a[1]!.toLowerCase();
    if (!(name in attrs)) attrs[name] = a[2] ?? a[3] ?? a[4] ?? '';
  }
  return attrs;
}
