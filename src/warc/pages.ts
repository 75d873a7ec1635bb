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
import { brotliDecompressSync, gunzipSync, inflateRawSync, inflateSync } from 'node:zlib';
import { BoilerstripError, checkOptionNames, invalidArgument } from '../errors.js';
import type { PageFormat } from '../document.js';
import { decodeHtml } from '../html/charset.js';
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

/** A record event of a WARC page: the format the record says its page is in, and what reading it found. */
export type WarcPageEvent = RecordEvent & { kind: 'record'; pageFormat: PageFormat; notes?: string[] };

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

async function* pages(source: AsyncIterable<Uint8Array>, options: ReadWarcOptions): AsyncGenerator<WarcPageEvent | (RecordEvent & { kind: 'error' })> {
  for await (const ev of readWarcRecords(source, options)) {
    if (ev.kind === 'error') {
      const out: RecordEvent & { kind: 'error' } = { kind: 'error', index: ev.index, offset: ev.offset, error: ev.error };
      if (ev.final) out.final = true;
      yield out;
      continue;
    }
    const page = pageOf(ev, options.encoding);
    if ('skip' in page) {
      // A file's warcinfo record (one to a file, describing the crawl) is never a page: not worth a word.
      if (page.skip !== 'warcinfo') options.passedOver?.set(page.skip, (options.passedOver.get(page.skip) ?? 0) + 1);
      continue;
    }
    if ('error' in page) {
      yield { kind: 'error', index: ev.index, offset: ev.offset, error: new BoilerstripError('ERR_BAD_WARC', page.error, { file: options.file, offset: ev.offset, record: ev.index }) };
      continue;
    }
    const value: Record<string, unknown> = {};
    const url = ev.headers.get('warc-target-uri');
    if (url !== undefined) value.url = url.replace(/^<(.*)>$/, '$1');
    for (const name of ['warc-record-id', 'warc-date'] as const) {
      const v = ev.headers.get(name);
      if (v !== undefined) value[name.replace(/-/g, '_')] = v;
    }
    value[WARC_PAGE_FIELD] = page.text;
    const out: WarcPageEvent = { kind: 'record', index: ev.index, offset: ev.offset, value, pageFormat: page.format };
    if (page.invalidAt !== undefined) out.invalidUtf8At = page.invalidAt;
    if (page.notes.length > 0) out.notes = page.notes;
    yield out;
  }
}

type Page = { text: string; format: PageFormat; invalidAt?: number; notes: string[] } | { skip: string } | { error: string };

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

function pageOf(record: WarcRecord, encoding: string | undefined): Page {
  const type = (record.headers.get('warc-type') ?? '').toLowerCase();
  const contentType = record.headers.get('content-type');
  if (type === 'conversion') {
    // WET: Common Crawl writes text/plain, UTF-8. Other conversions (a PDF's text) say their own type.
    const format = mediaType(contentType) === '' ? 'text' : formatOf(mediaType(contentType));
    if (format === undefined) return { skip: `conversion ${mediaType(contentType)}` };
    return textPage(record.block, format, format === 'html' ? encoding : undefined, undefined);
  }
  if (type === 'resource') {
    const format = formatOf(mediaType(contentType));
    if (format === undefined) return { skip: `resource ${mediaType(contentType) || 'without a type'}` };
    return textPage(record.block, format, encoding, charsetOf(contentType));
  }
  if (type === 'response') {
    if (!mediaType(contentType).startsWith('application/http')) return { skip: `response ${mediaType(contentType) || 'without a type'}` };
    return httpPage(record.block, encoding);
  }
  return { skip: type || 'record without a WARC-Type' };
}

/** The charset a Content-Type names, if any. */
function charsetOf(contentType: string | undefined): string | undefined {
  const m = /;\s*charset\s*=\s*"?([^";\s]+)/i.exec(contentType ?? '');
  return m === null ? undefined : m[1];
}

/** A payload decoded: HTML by its charset (decodeHtml), text and Markdown as UTF-8. */
function textPage(bytes: Uint8Array, format: PageFormat, encoding: string | undefined, charset: string | undefined): Page {
  if (format === 'html') {
    const decoded = decodeHtml(bytes, charset ?? encoding);
    const notes: string[] = [];
    if (decoded.invalid) notes.push('not valid UTF-8 and no charset named (HTTP header, BOM or <meta>): invalid bytes became U+FFFD');
    else if (decoded.invalidAsNamed !== undefined) notes.push(`not valid ${decoded.encoding}, the charset it names: invalid bytes became U+FFFD`);
    return { text: decoded.text, format, notes };
  }
  const page: Page = { text: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8'), format, notes: [] };
  // One native check for the valid pages, nearly all of them; the walk only for the others.
  if (!isUtf8(bytes)) page.invalidAt = firstInvalidUtf8(bytes);
  return page;
}

/**
 * The page in an HTTP response block: its status line, its header, then the payload. Common
 * Crawl stores payloads with the transfer and content codings already undone (and renames those
 * headers `X-Crawler-...`); wget and warcio keep them, so they are undone here when the header
 * still names them.
 */
function httpPage(block: Uint8Array, encoding: string | undefined): Page {
  const end = headerEnd(block);
  if (end < 0) return { error: 'HTTP response without the empty line that ends its header' };
  // `end` is the last header line's line feed: its carriage return, if any, is not part of the text.
  const head = Buffer.from(block.buffer, block.byteOffset, end).toString('latin1').replace(/\r$/, '');
  const lines = head.split(/\r?\n/);
  const status = /^HTTP\/\d(?:\.\d)?\s+(\d{3})/.exec(lines[0]!);
  if (status === null) return { error: `HTTP response whose first line is ${JSON.stringify(lines[0]!.slice(0, 40))}, not a status line` };
  const code = Number(status[1]);
  if (code < 200 || code > 299) return { skip: `response ${code}` };
  const fields = new Map<string, string>();
  for (const line of lines.slice(1)) {
    const colon = line.indexOf(':');
    if (colon > 0) fields.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  const contentType = fields.get('content-type');
  const format = formatOf(mediaType(contentType));
  if (format === undefined) return { skip: `response ${mediaType(contentType) || 'without a Content-Type'}` };
  let payload = block.subarray(end + bodyStartGap(block, end));
  if (/\bchunked\b/i.test(fields.get('transfer-encoding') ?? '')) {
    const dechunked = dechunk(payload);
    if (dechunked === undefined) return { error: 'HTTP payload says Transfer-Encoding: chunked, but its chunks do not parse' };
    payload = dechunked;
  }
  const coding = (fields.get('content-encoding') ?? '').trim().toLowerCase();
  if (coding !== '' && coding !== 'identity') {
    try {
      payload = decode(payload, coding);
    } catch (e) {
      return { error: `HTTP payload's Content-Encoding ${coding} cannot be undone (${(e as Error).message})` };
    }
  }
  return textPage(payload, format, encoding, charsetOf(contentType));
}

/** Where the HTTP header's text ends (before its empty line), or -1. */
function headerEnd(block: Uint8Array): number {
  for (let i = 0; i < block.length; i++) {
    if (block[i] !== 0x0a) continue;
    if (block[i + 1] === 0x0a) return i;
    if (block[i + 1] === 0x0d && block[i + 2] === 0x0a) return i;
  }
  return -1;
}

/** Bytes from the header's end to the payload: the line feed, then `\n` or `\r\n`. */
function bodyStartGap(block: Uint8Array, end: number): number {
  return block[end + 1] === 0x0a ? 2 : 3;
}

/** A chunked body's data (RFC 9112 section 7.1), or undefined when the chunks do not parse. */
function dechunk(body: Uint8Array): Uint8Array | undefined {
  const parts: Uint8Array[] = [];
  let i = 0;
  for (;;) {
    const lineEnd = body.indexOf(0x0a, i);
    if (lineEnd < 0) return undefined;
    const sizeText = Buffer.from(body.buffer, body.byteOffset + i, lineEnd - i).toString('latin1').split(';')[0]!.trim();
    if (!/^[0-9a-f]{1,8}$/i.test(sizeText)) return undefined;
    const size = parseInt(sizeText, 16);
    if (size === 0) break;
    const start = lineEnd + 1;
    if (start + size > body.length) return undefined;
    parts.push(body.subarray(start, start + size));
    i = start + size;
    // The chunk's data ends with a line break.
    if (body[i] === 0x0d) i++;
    if (body[i] === 0x0a) i++;
  }
  return Buffer.concat(parts);
}

/**
 * Bytes a payload may take once its content coding is undone: as many as a WARC block may, so a
 * small gzip bomb in a record is refused as a large block is.
 * @default 67108864
 */
export const MAX_DECODED_PAYLOAD_BYTES = MAX_WARC_BLOCK_BYTES;

function decode(payload: Uint8Array, coding: string): Uint8Array {
  const opts = { maxOutputLength: MAX_DECODED_PAYLOAD_BYTES };
  if (coding === 'gzip' || coding === 'x-gzip') return gunzipSync(payload, opts);
  if (coding === 'br') return brotliDecompressSync(payload, opts);
  if (coding === 'deflate') {
    // "deflate" is meant as zlib-wrapped data, and some servers send it raw.
    try {
      return inflateSync(payload, opts);
    } catch {
      return inflateRawSync(payload, opts);
    }
  }
  throw new Error(`unknown coding`);
}
