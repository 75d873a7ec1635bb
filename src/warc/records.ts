/**
 * Stage 1 of the WARC reader: cut a byte stream into WARC records (ISO 28500; WARC/1.0 and 1.1,
 * as Common Crawl, wget, Heritrix and Browsertrix write them), one record in memory at a time.
 *
 * A record is a version line (`WARC/1.0`), header fields up to an empty line, a block of exactly
 * `Content-Length` bytes, then two line breaks. The splitter is an explicit state machine over
 * the chunks (as htmlparser2's tokenizer and the line splitter in split.ts are): a header or a
 * block cut by a chunk's end carries over, so any chunking gives the same records.
 *
 * Bad input costs what it must and no more: bytes that are not a record (a wrong Content-Length
 * leaves the reader inside a block, a file that is not WARC at all) are skipped up to the next
 * line that opens with `WARC/`, and reported once with the byte they start at; a block over the
 * cap is skipped, not held, and reported; a record cut off by the end of the input ends the read.
 * Compressed files (`.warc.gz`: one gzip member per record) are decompressed before this stage.
 */
import { BoilerstripError, type Position } from '../errors.js';

/**
 * Bytes a record's header (version line and fields) may take. Real headers are well under a
 * kilobyte; a "header" that runs on is a stream that is not WARC, and is not held.
 * @default 65536
 */
export const MAX_WARC_HEADER_BYTES = 64 * 1024;

/**
 * Bytes of a record's block held to make a page of it: the HTML cap of the other inputs
 * (process.ts's MAX_HTML_BYTES, 64 MiB). Of a larger block (a video, a disk image) only the first
 * {@link WARC_PEEK_BYTES} are held, enough to say what it is, and the rest streams past.
 * @default 67108864
 */
export const MAX_WARC_BLOCK_BYTES = 64 * 1024 * 1024;

/**
 * Bytes held of a block over the cap: its HTTP header, which says whether it is a page (a
 * record over the cap that is one is reported; one that is not, a video, is passed over).
 * @default 65536
 */
export const WARC_PEEK_BYTES = 64 * 1024;

export const ERR_BAD_WARC = 'ERR_BAD_WARC' as const;

/** One WARC record: its header fields (names lower-cased: WARC field names are case-insensitive) and its block. */
export interface WarcRecord {
  kind: 'record';
  /** 0-based number of the record in the input (bad and skipped records count). */
  index: number;
  /** Byte offset of the record's version line in the (decompressed) input. */
  offset: number;
  /** The version line, `WARC/1.0`. */
  version: string;
  /** Header fields, names lower-cased; a field named twice keeps its first value. */
  headers: Map<string, string>;
  /** The block; for a block over the cap, its first WARC_PEEK_BYTES only (see `oversize`). */
  block: Uint8Array;
  /** Byte offset of the block in the input. */
  blockOffset: number;
  /** The block's length, when it is over the cap and `block` holds only its start. */
  oversize?: number;
}

export interface WarcError {
  kind: 'error';
  index: number;
  offset: number;
  error: BoilerstripError;
  /** The input ended inside a record: nothing follows. */
  final?: boolean;
}

export type WarcEvent = WarcRecord | WarcError;

export interface ReadWarcRecordsOptions {
  /** Name shown in messages. */
  file?: string;
  /** @default MAX_WARC_BLOCK_BYTES */
  maxBlockBytes?: number;
  /** @default MAX_WARC_HEADER_BYTES */
  maxHeaderBytes?: number;
}

const enum State {
  /** Between records: line breaks are skipped; `WARC/` at a line's start opens a record; anything else is skipped and reported. */
  Seek,
  /** Inside a record's header, until an empty line. */
  Header,
  /** Inside a block, `remaining` bytes to go. */
  Block,
}

const MAGIC = [0x57, 0x41, 0x52, 0x43, 0x2f]; // "WARC/"
const CR = 0x0d;
const LF = 0x0a;

/**
 * The records of a WARC stream, as events: a {@link WarcRecord} for each whole record (of a block
 * over the cap, its start and its length), a {@link WarcError} (code `ERR_BAD_WARC`) for each
 * stretch that is not one. Never throws for bad data.
 */
export async function* readWarcRecords(source: AsyncIterable<Uint8Array>, options: ReadWarcRecordsOptions = {}): AsyncGenerator<WarcEvent> {
  const splitter = new WarcSplitter(options);
  for await (const chunk of source) yield* splitter.push(chunk);
  yield* splitter.end();
}

/**
 * The state machine behind {@link readWarcRecords}: `push` each chunk, then `end`. Exported for
 * tests that feed it by hand.
 */
export class WarcSplitter {
  private state = State.Seek;
  /** Input offset of the next byte pushed. */
  private at = 0;
  private index = 0;
  private readonly file: string | undefined;
  private readonly maxBlock: number;
  private readonly maxHeader: number;
  // Seek: how much of MAGIC matched at a line's start (-1: not at a line's start), where that
  // match began, and the first byte skipped that was not a line break (-1: none since the last
  // record; -2: skipping the rest of a record already reported, so not reported again).
  private magic = 0;
  private magicAt = 0;
  private junkAt = -1;
  // Header: its bytes so far and where the record began.
  private header: Uint8Array[] = [];
  private headerBytes = 0;
  private recordAt = 0;
  /** Header: the last bytes seen, to find the empty line (`\n\n` or `\n\r\n`) across chunks. */
  private tail = 0;
  // Block: the record being read, bytes to go, the parts held (none when over the cap).
  private pending: (Omit<WarcRecord, 'block'> & { length: number }) | undefined;
  private remaining = 0;
  private blockLength = 0;
  private parts: Uint8Array[] | undefined;
  /** The start of a block over the cap. */
  private peek: Uint8Array[] = [];
  private peeked = 0;
  /** Where the block just read ended, and the record it was: a record must be followed by a line break. */
  private afterBlock = -1;
  private lastRecordAt = 0;

  constructor(options: ReadWarcRecordsOptions = {}) {
    this.file = options.file;
    this.maxBlock = options.maxBlockBytes ?? MAX_WARC_BLOCK_BYTES;
    this.maxHeader = options.maxHeaderBytes ?? MAX_WARC_HEADER_BYTES;
  }

  *push(chunk: Uint8Array): Generator<WarcEvent> {
    let i = 0;
    const n = chunk.length;
    while (i < n) {
      if (this.state === State.Seek) {
        for (; i < n; i++) {
          const b = chunk[i]!;
          if (b === LF) {
            this.magic = 0;
            continue;
          }
          if (this.magic >= 0 && b === MAGIC[this.magic]) {
            if (this.magic === 0) this.magicAt = this.at + i;
            if (++this.magic === MAGIC.length) break;
            continue;
          }
          if (b === CR && this.magic === 0) continue;
          // A byte that is not a line break and does not continue `WARC/` at a line's start.
          if (this.junkAt === -1) this.junkAt = this.magic > 0 ? this.magicAt : this.at + i;
          this.magic = -1;
        }
        if (i === n) break;
        i += 1;
        if (this.junkAt >= 0) yield this.skipped(this.magicAt);
        this.startHeader(this.magicAt, MAGIC);
        continue;
      }
      if (this.state === State.Header) {
        let end = -1;
        for (let j = i; j < n; j++) {
          const b = chunk[j]!;
          // `tail` is 1 after a line feed, 2 after a line feed and a carriage return: the empty line's end.
          if (b === LF) {
            if (this.tail > 0) {
              end = j + 1;
              break;
            }
            this.tail = 1;
          } else if (b === CR && this.tail === 1) this.tail = 2;
          else this.tail = 0;
        }
        const stop = end < 0 ? n : end;
        this.headerBytes += stop - i;
        if (this.headerBytes > this.maxHeader) {
          yield this.error(`record header longer than ${this.maxHeader} bytes (MAX_WARC_HEADER_BYTES) without its end: skipped with its block`, this.recordAt);
          this.toSeek(true);
          i = stop;
          continue;
        }
        this.header.push(chunk.subarray(i, stop));
        i = stop;
        if (end < 0) break;
        const parsed = this.parseHeader();
        if ('error' in parsed) {
          yield this.error(parsed.error, this.recordAt);
          this.toSeek(true);
          continue;
        }
        this.pending = { ...parsed, blockOffset: this.at + i };
        this.remaining = parsed.length;
        this.blockLength = parsed.length;
        this.parts = parsed.length > this.maxBlock ? undefined : [];
        this.peek = [];
        this.peeked = 0;
        this.state = State.Block;
        if (this.remaining === 0) yield* this.finishBlock();
        continue;
      }
      // Block.
      const take = Math.min(this.remaining, n - i);
      if (this.parts !== undefined) this.parts.push(chunk.slice(i, i + take));
      else if (this.peeked < WARC_PEEK_BYTES) {
        const keep = Math.min(take, WARC_PEEK_BYTES - this.peeked);
        this.peek.push(chunk.slice(i, i + keep));
        this.peeked += keep;
      }
      this.remaining -= take;
      i += take;
      if (this.remaining === 0) yield* this.finishBlock();
    }
    this.at += n;
  }

  *end(): Generator<WarcEvent> {
    if (this.state === State.Header) {
      yield this.error('the input ends inside a record\'s header: cut off?', this.recordAt, true);
    } else if (this.state === State.Block) {
      const got = this.blockLength - this.remaining;
      yield this.error(`the input ends inside a record's block: its Content-Length says ${this.blockLength} bytes, ${got} came: cut off?`, this.recordAt, true);
    } else if (this.junkAt >= 0) {
      yield this.skipped(this.at);
    }
    this.state = State.Seek;
    this.parts = undefined;
    this.header = [];
  }

  private startHeader(at: number, opening: readonly number[]): void {
    this.state = State.Header;
    this.recordAt = at;
    this.header = [Uint8Array.from(opening)];
    this.headerBytes = opening.length;
    this.tail = 0;
    this.magic = 0;
    this.junkAt = -1;
  }

  /** Back to seeking the next record; `bad` counts the stretch skipped as one record (it was meant as one). */
  private toSeek(bad: boolean): void {
    if (bad) this.index += 1;
    this.state = State.Seek;
    this.header = [];
    // Mid-line: a record opens only at a line's start. The bytes up to the next record are the
    // bad record's (its block, when the header had no usable Content-Length): its error said so.
    this.magic = -1;
    this.junkAt = -2;
  }

  private *finishBlock(): Generator<WarcEvent> {
    const record = this.pending!;
    const parts = this.parts;
    this.pending = undefined;
    this.parts = undefined;
    this.state = State.Seek;
    this.magic = 0;
    this.junkAt = -1;
    this.index += 1;
    this.afterBlock = record.blockOffset + this.blockLength;
    this.lastRecordAt = record.offset;
    const held = parts ?? this.peek;
    this.peek = [];
    const block = held.length === 1 ? held[0]! : Buffer.concat(held);
    const { length: _length, ...fields } = record as typeof record & { length?: number };
    yield parts === undefined ? { ...fields, block, oversize: this.blockLength } : { ...fields, block };
  }

  private parseHeader(): (Omit<WarcRecord, 'block' | 'blockOffset'> & { length: number }) | { error: string } {
    const text = Buffer.concat(this.header).toString('latin1');
    this.header = [];
    const lines = text.split(/\r?\n/);
    const version = lines[0]!.trim();
    if (!/^WARC\/\d+\.\d+$/.test(version)) return { error: `not a WARC record: its first line is ${JSON.stringify(version.slice(0, 40))}, not a version such as WARC/1.0` };
    const headers = new Map<string, string>();
    let last: string | undefined;
    for (const line of lines.slice(1)) {
      if (line === '') continue;
      // A line that opens with a space or a tab continues the field before it (RFC 2616 folding, kept by WARC).
      if ((line.startsWith(' ') || line.startsWith('\t')) && last !== undefined) {
        headers.set(last, `${headers.get(last)!} ${line.trim()}`);
        continue;
      }
      const colon = line.indexOf(':');
      if (colon <= 0) return { error: `not a WARC record: header line ${JSON.stringify(line.slice(0, 40))} has no field name and colon` };
      const name = line.slice(0, colon).trim().toLowerCase();
      if (!headers.has(name)) headers.set(name, line.slice(colon + 1).trim());
      last = name;
    }
    const length = headers.get('content-length');
    if (length === undefined) return { error: 'WARC record without a Content-Length: where its block ends cannot be known, skipped' };
    if (!/^\d{1,15}$/.test(length)) return { error: `WARC record's Content-Length is ${JSON.stringify(length.slice(0, 20))}, not a byte count: skipped` };
    // Header bytes are read as latin1, one character a byte; a UTF-8 URL is decoded here.
    for (const [name, value] of headers) if (/[\x80-\xff]/.test(value)) headers.set(name, Buffer.from(value, 'latin1').toString('utf8'));
    return { kind: 'record', index: this.index, offset: this.recordAt, version, headers, length: Number(length) };
  }

  private skipped(until: number): WarcError {
    const from = this.junkAt;
    this.junkAt = -1;
    // Right after a block, with no line break between: that record's Content-Length is wrong (too
    // long, its block took the start of the next record; or too short), so it is the one to name.
    const why =
      from === this.afterBlock
        ? `: they follow the block of the record at byte ${this.lastRecordAt} without the line breaks that end a record, so its Content-Length is wrong, and the record it ran into is lost`
        : ' (a wrong Content-Length before them, or not a WARC file)';
    const event: WarcError = {
      kind: 'error',
      index: this.index,
      offset: from,
      // Not a record: the position names no record number.
      error: new BoilerstripError(ERR_BAD_WARC, `${until - from} bytes that are not a WARC record skipped${why}`, { file: this.file, offset: from }),
    };
    return event;
  }

  private error(message: string, offset: number, final = false, code: typeof ERR_BAD_WARC = ERR_BAD_WARC, index = this.index): WarcError {
    const event: WarcError = { kind: 'error', index, offset, error: new BoilerstripError(code, message, this.position(offset, index)) };
    if (final) event.final = true;
    return event;
  }

  private position(offset: number, index: number): Position {
    return { file: this.file, offset, record: index };
  }
}
