/**
 * Stage 2 of the WARC reader: the pages in WARC records, as the record events the JSON readers
 * yield, so a WARC or WET file is cleaned as a JSONL file of `{url, warc_record_id, warc_date,
 * text}` records is.
 *
 * Which records hold a page:
 * - `conversion` records (Common Crawl's WET files: each page's text, a block per line, the
 *   input boilerstrip's text model is made for) are text pages;
 * - `response` records holding an HTTP response (`application/http`) whose status is 2xx and
 *   whose payload is HTML (or XHTML, or plain text) are pages of that format, decoded by the
 *   HTTP header's charset (then the page's BOM and `<meta>`, as a browser does), with a chunked
 *   transfer coding and a gzip, deflate or Brotli content coding undone;
 * - `resource` records of type HTML or plain text (what a browser-based crawler stores) are
 *   pages of that format.
 *
 * The rest (`warcinfo`, `request`, `metadata`, `revisit`, redirects, images, scripts, PDFs) are
 * not pages and are passed over: counted in {@link WarcPageCounts} (all but `warcinfo`), not reported one by one.
 */
import { isUtf8 } from 'node:buffer';
import { brotliDecompressSync, constants as zlibConstants, gunzipSync, inflateRawSync, inflateSync, type ZlibOptions } from 'node:zlib';
import { BoilerstripError, checkOptionNames, invalidArgument } from '../errors.js';
import type { PageFormat } from '../document.js';
import { decodeHtml, isKnownEncoding, xmlDeclaredEncoding } from '../html/charset.js';
import { FORMAT_SNIFF_BYTES, looksLikeHtml } from '../sniff.js';
import { firstInvalidUtf8 } from '../split.js';
import type { RecordEvent } from '../json/events.js';
import { MAX_WARC_BLOCK_BYTES, readWarcRecords, type ReadWarcRecordsOptions, type WarcRecord } from './records.js';

/** Why records were passed over, by kind (`request`, `response 404`, `response image/png`, ...), for a summary. */
export type WarcPageCounts = Map<string, number>;

export interface ReadWarcOptions extends ReadWarcRecordsOptions {
  /** Filled with the records passed over, by kind. */
  passedOver?: WarcPageCounts;
  /** Charset for HTML payloads that name none (HTTP header, BOM, `<meta>`): what `--encoding` gives. */
  encoding?: string;
}

/**
 * A web archive's page as readWarc gives it: its URL, the WARC fields kept (`warc_record_id`,
 * `warc_date`, ...: the header names with `-` as `_`), an HTTP status other than 200 when there
 * was one, and the page itself in `text`.
 */
export interface WarcPage {
  url?: string;
  warc_record_id?: string;
  warc_date?: string;
  http_status?: number;
  text: string;
  [field: string]: unknown;
}

/** A record event of a WARC page: the format the record says its page is in, and what reading it found. */
export type WarcPageEvent = Omit<RecordEvent & { kind: 'record' }, 'value'> & { kind: 'record'; value: WarcPage; pageFormat: PageFormat; notes?: string[] };

/** The field of a WARC page's record that holds the page. */
export const WARC_PAGE_FIELD = 'text';

/**
 * The pages of a WARC (or WET) stream as record events: each page's record is `{url,
 * warc_record_id, warc_date, text}`, with `pageFormat` saying how to read `text`. Records that
 * are not pages are passed over; bad records are error events with their byte offset.
 */
export function readWarc(source: AsyncIterable<Uint8Array>, options: ReadWarcOptions = {}): AsyncGenerator<WarcPageEvent | (RecordEvent & { kind: 'error' })> {
  // Checked at the call, not at the first next(): misuse names the argument where it was made.
  if (source === null || typeof source !== 'object' || typeof (source as Partial<AsyncIterable<unknown>>)[Symbol.asyncIterator] !== 'function') {
    throw invalidArgument('source', 'an AsyncIterable of Uint8Array chunks (a Node stream of a file)', source, 'readWarc');
  }
  if (typeof options !== 'object' || options === null) throw invalidArgument('options', 'an object', options, 'readWarc');
  checkOptionNames('readWarc', options, READ_WARC_OPTION_NAMES);
  if (options.file !== undefined && typeof options.file !== 'string') throw invalidArgument('options.file', 'a string', options.file, 'readWarc');
  if (options.encoding !== undefined && typeof options.encoding !== 'string') throw invalidArgument('options.encoding', 'a charset name (a string)', options.encoding, 'readWarc');
  // As --encoding is: a name no decoder knows was read as UTF-8 without a word (QA pass 19).
  if (options.encoding !== undefined && !isKnownEncoding(options.encoding)) throw invalidArgument('options.encoding', 'a charset the Encoding Standard names (utf-8, windows-1252, shift_jis, ...)', options.encoding, 'readWarc');
  if (options.passedOver !== undefined && !(options.passedOver instanceof Map)) throw invalidArgument('options.passedOver', 'a Map', options.passedOver, 'readWarc');
  for (const name of ['maxBlockBytes', 'maxHeaderBytes'] as const) {
    const v = options[name];
    if (v !== undefined && !(Number.isSafeInteger(v) && v >= 0)) throw invalidArgument(`options.${name}`, 'a whole number from 0', v, 'readWarc');
  }
  return pages(chunksOf(source), options);
}

/** The option names {@link readWarc} takes; a record over its keys, so one added to the type and not here fails to compile. */
const READ_WARC_OPTIONS: { readonly [K in keyof Required<ReadWarcOptions>]: true } = { file: true, maxBlockBytes: true, maxHeaderBytes: true, passedOver: true, encoding: true };
const READ_WARC_OPTION_NAMES: readonly string[] = Object.freeze(Object.keys(READ_WARC_OPTIONS));

/** The source's chunks, each checked to be bytes: text would have lost the byte counts Content-Length gives. */
async function* chunksOf(source: AsyncIterable<unknown>): AsyncGenerator<Uint8Array> {
  for await (const chunk of source) {
    if (!(chunk instanceof Uint8Array)) throw invalidArgument('source', 'an AsyncIterable of Uint8Array chunks: WARC lengths count bytes, so a chunk', chunk, 'readWarc');
    yield chunk;
  }
}

/**
 * WARC fields each page's record keeps, when the record has them, under their names lower-cased
 * with `_` for `-`: the id and date to join back to the archive, `WARC-Refers-To` (a WET record's
 * WARC response), the language Common Crawl identified (CCNet-style filters read it), the
 * payload digest (for deduplication), and `WARC-Truncated` (a page cut at the crawler's size cap:
 * Common Crawl cuts at 1 MiB) with `WARC-Segment-Number` (the first part of a segmented record,
 * whose continuation records are not joined).
 */
export const WARC_FIELDS_KEPT: readonly string[] = Object.freeze([
  'warc-record-id',
  'warc-date',
  'warc-refers-to',
  'warc-identified-content-language',
  'warc-payload-digest',
  'warc-truncated',
  'warc-segment-number',
]);

/** The record's URL and kept WARC fields, as its output record holds them. */
function recordFields(headers: Map<string, string>): Record<string, unknown> {
  const value: Record<string, unknown> = {};
  const url = headers.get('warc-target-uri');
  if (url !== undefined) value.url = url.replace(/^<(.*)>$/, '$1');
  for (const name of WARC_FIELDS_KEPT) {
    const v = headers.get(name);
    if (v !== undefined) value[name.replace(/-/g, '_')] = v;
  }
  return value;
}

async function* pages(source: AsyncIterable<Uint8Array>, options: ReadWarcOptions): AsyncGenerator<WarcPageEvent | (RecordEvent & { kind: 'error' })> {
  for await (const ev of readWarcRecords(source, options)) {
    if (ev.kind === 'error') {
      const out: RecordEvent & { kind: 'error' } = { kind: 'error', index: ev.index, offset: ev.offset, error: ev.error };
      if (ev.final) out.final = true;
      yield out;
      continue;
    }
    const page = pageOf(ev, options.encoding, options.maxBlockBytes ?? MAX_WARC_BLOCK_BYTES);
    if ('skip' in page) {
      // A file's warcinfo record (one to a file, describing the crawl) is never a page: not worth a word.
      if (page.skip !== 'warcinfo') options.passedOver?.set(page.skip, (options.passedOver.get(page.skip) ?? 0) + 1);
      continue;
    }
    const value = recordFields(ev.headers);
    if ('error' in page) {
      // The record's WARC fields go with its error, so a row written through (--pass-bad-records) can be joined back.
      yield { kind: 'error', index: ev.index, offset: ev.offset, error: new BoilerstripError(page.code ?? 'ERR_BAD_WARC', page.error, { file: options.file, offset: ev.offset, record: ev.index }), fields: value };
      continue;
    }
    // Another 2xx than 200 (a 206 part of the resource, a 203 a proxy's copy) is said in the record, for a pipeline to filter on.
    if (page.status !== undefined && page.status !== 200) value.http_status = page.status;
    value[WARC_PAGE_FIELD] = page.text;
    const out: WarcPageEvent = { kind: 'record', index: ev.index, offset: ev.offset, value: value as WarcPage, pageFormat: page.format };
    // A byte of the file when the payload is stored as it is; of the decoded payload otherwise.
    if (page.invalidAt !== undefined) out.invalidUtf8At = page.payloadAt === undefined ? page.invalidAt : ev.blockOffset + page.payloadAt + page.invalidAt;
    if (page.notes.length > 0) out.notes = page.notes;
    yield out;
  }
}

type Page =
  | { text: string; format: PageFormat; notes: string[]; invalidAt?: number; payloadAt?: number; status?: number }
  | { skip: string }
  | { error: string; code?: 'ERR_BAD_WARC' | 'ERR_TOO_LARGE' };

/** What a media type names: `text/html; charset=x` -> `text/html`. */
function mediaType(contentType: string | undefined): string {
  return (contentType ?? '').split(';')[0]!.trim().toLowerCase();
}

/** The page format of a payload's media type, or undefined for one that holds no page. */
function formatOf(type: string): PageFormat | undefined {
  if (type === 'text/html' || type === 'application/xhtml+xml') return 'html';
  if (type === 'text/plain') return 'text';
  if (type === 'text/markdown') return 'markdown';
  return undefined;
}

/** A record's target is a web page: an http(s) address (wget's `metadata://` log, Browsertrix's `urn:text:` extracts are not). */
function isWebTarget(headers: Map<string, string>): boolean {
  return /^<?https?:\/\//i.test(headers.get('warc-target-uri') ?? '');
}

function pageOf(record: WarcRecord, encoding: string | undefined, cap: number): Page {
  const type = (record.headers.get('warc-type') ?? '').toLowerCase();
  const contentType = record.headers.get('content-type');
  const page = ((): Page => {
    if (type === 'conversion') {
      // WET: Common Crawl writes text/plain, UTF-8. Other conversions (a PDF's text) say their own type.
      const format = mediaType(contentType) === '' ? 'text' : formatOf(mediaType(contentType));
      if (format === undefined) return { skip: `conversion ${mediaType(contentType)}` };
      return decodePayload(record.block, format, format === 'html' ? encoding : undefined, undefined, 0);
    }
    if (type === 'resource') {
      const format = formatOf(mediaType(contentType));
      if (format === undefined) return { skip: `resource ${mediaType(contentType) || 'without a type'}` };
      if (!isWebTarget(record.headers)) return { skip: `resource ${(record.headers.get('warc-target-uri') ?? 'without a target').replace(/^<?([a-z][a-z0-9+.-]*):.*$/i, '$1:')}` };
      return decodePayload(record.block, format, encoding, charsetOf(contentType), 0);
    }
    if (type === 'response') {
      if (!mediaType(contentType).startsWith('application/http')) return { skip: `response ${mediaType(contentType) || 'without a type'}` };
      return httpPage(record.block, encoding, record.oversize !== undefined);
    }
    return { skip: type || 'record without a WARC-Type' };
  })();
  // A block over the cap held only its start: enough to pass over a video, not to read a page.
  if (record.oversize !== undefined && !('skip' in page)) {
    return { error: `record block of ${record.oversize} bytes is over the cap of ${cap} (MAX_WARC_BLOCK_BYTES): its page is not read`, code: 'ERR_TOO_LARGE' };
  }
  return page;
}

/** The charset a Content-Type names, if any. */
function charsetOf(contentType: string | undefined): string | undefined {
  const m = /;\s*charset\s*=\s*"?([^";\s]+)/i.exec(contentType ?? '');
  return m === null ? undefined : m[1];
}

/**
 * A payload decoded: by its BOM, the charset named for it (the HTTP header's), an XHTML page's
 * XML declaration, its `<meta>` (HTML only, decodeHtml), `--encoding`, else UTF-8. `payloadAt` is
 * where the payload starts in the block when it is stored as it is (so a bad byte can be given
 * as a byte of the file), undefined when a coding was undone.
 */
function decodePayload(bytes: Uint8Array, format: PageFormat, encoding: string | undefined, charset: string | undefined, payloadAt: number | undefined, xhtml = false): Page {
  const named = charset ?? (xhtml ? xmlDeclaredEncoding(bytes) : undefined);
  if (format === 'html' || (named ?? encoding) !== undefined || hasUtf16Bom(bytes)) {
    const decoded = decodeHtml(bytes, named ?? encoding);
    const notes: string[] = [];
    if (decoded.invalid) notes.push('not valid UTF-8 and no charset named (HTTP header, BOM or <meta>): invalid bytes became U+FFFD; give the charset with --encoding NAME');
    else if (decoded.invalidAsNamed !== undefined) notes.push(`not valid ${decoded.encoding}, the charset it names: invalid bytes became U+FFFD`);
    return { text: decoded.text, format, notes };
  }
  const page: Page = { text: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8'), format, notes: [], payloadAt };
  // One native check for the valid pages, nearly all of them; the walk only for the others.
  if (!isUtf8(bytes)) page.invalidAt = firstInvalidUtf8(bytes);
  return page;
}

function hasUtf16Bom(bytes: Uint8Array): boolean {
  return (bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff);
}

/**
 * The page in an HTTP response block: its status line, its header, then the payload. Common
 * Crawl stores payloads with the transfer and content codings already undone (and renames those
 * headers `X-Crawler-...`); wget and Heritrix keep them, so they are undone here when the header
 * still names them, and where undoing fails (a header that lies, a payload cut at the crawler's
 * size cap) the page is read from what could be undone, or as it is stored, with a warning: a page
 * is not dropped for its header's word (warcio does the same: try, and else take it as it is).
 * Interim 1xx responses before the final one are passed over (RFC 9110, 15.2).
 */
function httpPage(block: Uint8Array, encoding: string | undefined, partial: boolean): Page {
  if (block.length === 0) return { skip: 'response without an HTTP message' };
  let start = 0;
  let head: { end: number; status: number; fields: Map<string, string> } | { error: string };
  for (;;) {
    head = httpHead(block, start);
    if ('error' in head) return head;
    if (head.status >= 200 || head.status < 100) break;
    start = head.end;
  }
  const { status, fields } = head;
  if (status < 200 || status > 299) return { skip: `response ${status}` };
  const contentType = fields.get('content-type');
  let payload = block.subarray(head.end);
  // No Content-Type: read as a browser would sniff it, HTML or not a page.
  const format = contentType === undefined ? (looksLikeHtml(Buffer.from(payload.subarray(0, FORMAT_SNIFF_BYTES)).toString('latin1')) ? 'html' : undefined) : formatOf(mediaType(contentType));
  if (format === undefined) return { skip: `response ${mediaType(contentType) || 'without a Content-Type'}` };
  // A block over the cap: its type is known now, which is all that was wanted of it.
  if (partial) return { text: '', format, notes: [] };
  const notes: string[] = [];
  // A range request's answer is a stretch of the resource, perhaps not where the story is.
  if (status === 206) {
    const range = fields.get('content-range');
    notes.push(`its HTTP status is 206 Partial Content${range === undefined ? '' : ` (${range})`}: the page is a part of the resource`);
  }
  let coded = false;
  if (/\bchunked\b/i.test(fields.get('transfer-encoding') ?? '')) {
    const dechunked = dechunk(payload);
    if (dechunked === undefined) notes.push('its HTTP header says Transfer-Encoding: chunked, but the payload is not in chunks: read as it is stored');
    else {
      payload = dechunked.data;
      coded = true;
      if (dechunked.cut) notes.push('its chunked payload ends before its last chunk (a crawler\'s size cap?): the page is read from the chunks there are');
    }
  }
  // Codings in the order applied; undone last first (RFC 9110, 8.4).
  const codings = (fields.get('content-encoding') ?? '').toLowerCase().split(',').map((c) => c.trim()).filter((c) => c !== '' && c !== 'identity' && c !== 'none');
  for (const coding of codings.reverse()) {
    const undone = undo(payload, coding);
    if (undone.data === undefined) {
      notes.push(`its HTTP header says Content-Encoding: ${coding}, which ${undone.why}: read as it is stored`);
      break;
    }
    if (undone.cut) notes.push(`its ${coding} payload ends early (a crawler's size cap?): the page is read from what it holds`);
    payload = undone.data;
    coded = true;
  }
  const xhtml = mediaType(contentType) === 'application/xhtml+xml';
  const page = withNotes(decodePayload(payload, format, encoding, charsetOf(contentType), coded ? undefined : head.end, xhtml), notes);
  if ('text' in page) page.status = status;
  return page;
}

function withNotes(page: Page, notes: string[]): Page {
  if ('text' in page) page.notes.unshift(...notes);
  return page;
}

/** The HTTP message head at `start`: where its payload starts, its status and its fields (a repeated Content-Type keeps an earlier charset). */
function httpHead(block: Uint8Array, start: number): { end: number; status: number; fields: Map<string, string> } | { error: string } {
  const end = headerEnd(block, start);
  if (end < 0) return { error: 'HTTP response without the empty line that ends its header' };
  // `end` is the last header line's line feed: its carriage return, if any, is not part of the text.
  const text = Buffer.from(block.buffer, block.byteOffset + start, end - start).toString('latin1').replace(/\r$/, '');
  const lines = text.split(/\r?\n/);
  const status = /^HTTP\/\d(?:\.\d)?\s+(\d{3})/.exec(lines[0]!);
  if (status === null) return { error: `HTTP response whose first line is ${JSON.stringify(lines[0]!.slice(0, 40))}, not a status line` };
  const fields = new Map<string, string>();
  for (const line of lines.slice(1)) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    const before = fields.get(name);
    // Two Content-Types of one type, the charset on the first only: the charset holds (Fetch, "extract a MIME type").
    if (name === 'content-type' && before !== undefined && charsetOf(value) === undefined && charsetOf(before) !== undefined && mediaType(before) === mediaType(value)) continue;
    fields.set(name, value);
  }
  return { end: end + (block[end + 1] === 0x0a ? 2 : 3), status: Number(status[1]), fields };
}

/** Where the HTTP header's text from `start` ends (its last line feed before the empty line), or -1. */
function headerEnd(block: Uint8Array, start: number): number {
  for (let i = start; i < block.length; i++) {
    if (block[i] !== 0x0a) continue;
    if (block[i + 1] === 0x0a) return i;
    if (block[i + 1] === 0x0d && block[i + 2] === 0x0a) return i;
  }
  return -1;
}

/**
 * A chunked body's data (RFC 9112, 7.1), and whether it stopped before its last chunk (a body cut
 * at a crawler's size cap keeps the chunks it has); undefined when it does not start as chunks.
 */
function dechunk(body: Uint8Array): { data: Uint8Array; cut: boolean } | undefined {
  const parts: Uint8Array[] = [];
  let i = 0;
  for (;;) {
    const lineEnd = body.indexOf(0x0a, i);
    const sizeText = lineEnd < 0 ? '' : Buffer.from(body.buffer, body.byteOffset + i, lineEnd - i).toString('latin1').split(';')[0]!.trim();
    if (!/^[0-9a-f]{1,8}$/i.test(sizeText)) return parts.length === 0 ? undefined : { data: Buffer.concat(parts), cut: true };
    const size = parseInt(sizeText, 16);
    if (size === 0) break;
    const start = lineEnd + 1;
    if (start + size > body.length) {
      parts.push(body.subarray(start));
      return { data: Buffer.concat(parts), cut: true };
    }
    parts.push(body.subarray(start, start + size));
    i = start + size;
    // The chunk's data ends with a line break.
    if (body[i] === 0x0d) i++;
    if (body[i] === 0x0a) i++;
  }
  return { data: Buffer.concat(parts), cut: false };
}

/**
 * Bytes a payload may take once its content coding is undone: as many as a WARC block may, so a
 * small gzip bomb in a record is refused as a large block is.
 * @default 67108864
 */
export const MAX_DECODED_PAYLOAD_BYTES = MAX_WARC_BLOCK_BYTES;

/**
 * A content coding undone: all of it, or, for a payload cut short, what inflates before the cut
 * (zlib's sync flush gives the bytes so far where a full finish fails); `why` when it cannot be.
 */
function undo(payload: Uint8Array, coding: string): { data?: Uint8Array; cut?: boolean; why?: string } {
  const inflaters: Record<string, Array<(b: Uint8Array, o: ZlibOptions) => Buffer>> = {
    gzip: [gunzipSync],
    'x-gzip': [gunzipSync],
    br: [brotliDecompressSync],
    // "deflate" is meant as zlib-wrapped data, and some servers send it raw.
    deflate: [inflateSync, inflateRawSync],
  };
  const ways = inflaters[coding];
  if (ways === undefined) return { why: 'this program cannot undo' };
  let why = 'does not undo';
  for (const way of ways) {
    try {
      return { data: way(payload, { maxOutputLength: MAX_DECODED_PAYLOAD_BYTES }) };
    } catch (e) {
      why = `does not undo (${(e as Error).message})`;
      // Node's maxOutputLength refusal: a RangeError (code ERR_BUFFER_TOO_LARGE), not damaged data.
      if (e instanceof RangeError) return { why: `would give more than ${MAX_DECODED_PAYLOAD_BYTES} bytes` };
    }
    try {
      const flush = way === brotliDecompressSync ? { finishFlush: zlibConstants.BROTLI_OPERATION_FLUSH } : { finishFlush: zlibConstants.Z_SYNC_FLUSH };
      const some = way(payload, { maxOutputLength: MAX_DECODED_PAYLOAD_BYTES, ...flush });
      if (some.length > 0) return { data: some, cut: true };
    } catch {
      // Not this way at all: the next, or the payload as stored.
    }
  }
  return { why };
}
