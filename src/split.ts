/**
 * Byte stream -> line strings, as an explicit state machine (the
 * htmlparser2 / stream-json way): it carries the partial line across chunks,
 * remembers a `\r` that may be the first half of `\r\n`, and flushes at the
 * end. Feeding the same bytes whole, one byte at a time or in odd chunks gives
 * the same lines.
 *
 * It cuts on bytes, not characters: `\n` (0x0A) and `\r` (0x0D) never occur
 * inside a multi-byte UTF-8 sequence, so a character split across chunks is
 * never cut, and each run of complete lines is decoded once. Invalid UTF-8
 * becomes U+FFFD and is reported as a warning with its line and byte offset.
 *
 * It is the one splitter of the project: text input uses the defaults, and
 * JSON Lines (src/json/lines.ts) the `lineBreaks: 'lf'` and
 * `longLines: 'skip'` modes, with line positions for its error reports.
 */
import { BoilerstripError, checkOptionNames, invalidArgument } from './errors.js';

/**
 * Bytes kept of one line; the rest of the line is dropped and reported. A
 * scraped block longer than this is not prose a reader would see, and keeping
 * it would let one newline-free 50 MB "line" grow memory without bound.
 * @default 1048576 (1 MiB)
 */
export const DEFAULT_MAX_LINE_BYTES = 1 << 20;

export interface SplitWarning {
  code: 'invalid-utf8' | 'line-truncated' | 'line-skipped';
  /** 1-based line number. */
  line: number;
  /**
   * Byte offset in the stream, a BOM's bytes counted (a file offset): of the first invalid
   * byte for `invalid-utf8`, of the start of the line otherwise.
   */
  offset: number;
  /** For `line-truncated` and `line-skipped`: the whole line's length in bytes, without its line break. */
  bytes?: number;
  /** What happened, without where: "invalid UTF-8, replaced with U+FFFD". */
  reason: string;
  /** `reason` with its place: "line 3: invalid UTF-8, replaced with U+FFFD (byte 10)". */
  message: string;
}

/** A warning of the splitter, its message made from its reason and place in one way. */
function splitWarning(code: SplitWarning['code'], line: number, offset: number, reason: string, bytes?: number): SplitWarning {
  const warning: SplitWarning = { code, line, offset, reason, message: `line ${line}: ${reason} (byte ${offset})` };
  if (bytes !== undefined) warning.bytes = bytes;
  return warning;
}

/**
 * Which bytes end a line. `'any'`: `\n`, `\r\n` and a lone `\r` (scraped
 * text comes from every kind of tool, old Mac ones included). `'lf'`: only
 * `\n`, with a `\r` right before it dropped; a lone `\r` is data. JSON Lines
 * needs `'lf'`: a bare `\r` is JSON whitespace and may sit inside a record.
 */
export type LineBreaks = 'any' | 'lf';

/**
 * What happens to a line longer than `maxLineBytes`. `'truncate'`: its first
 * `maxLineBytes` bytes are emitted (cut at a character boundary) and a
 * `line-truncated` warning is given; a text block loses only its tail.
 * `'skip'`: nothing is emitted for it and a `line-skipped` warning is given;
 * half a JSON record is worse than none. The labelling calls then label the other lines,
 * whose `index` counts the lines labelled (the warning names the skipped line's number).
 */
export type LongLines = 'truncate' | 'skip';

export interface SplitterOptions {
  /** @default DEFAULT_MAX_LINE_BYTES */
  maxLineBytes?: number;
  /** @default 'any' */
  lineBreaks?: LineBreaks;
  /** @default 'truncate' */
  longLines?: LongLines;
  /** Called for each recoverable problem. Without it, warnings are dropped. */
  onWarning?: (warning: SplitWarning) => void;
}

/** The names of {@link SplitterOptions}; a record over its keys, so one added there and not here fails to compile. */
const SPLITTER_OPTIONS: { readonly [K in keyof Required<SplitterOptions>]: true } = { maxLineBytes: true, lineBreaks: true, longLines: true, onWarning: true };
export const SPLITTER_OPTION_NAMES: readonly string[] = Object.freeze(Object.keys(SPLITTER_OPTIONS));

/** Where an emitted line came from, for callers that report positions. */
export interface LinePosition {
  /** 1-based line number (skipped lines are counted too). */
  line: number;
  /** Byte offset of the line's first byte in the stream, a BOM's bytes counted (line 1 of a file with a BOM starts at 3). */
  offset: number;
}

const LF = 0x0a;
const CR = 0x0d;
const BOM = [0xef, 0xbb, 0xbf];
const CR_BYTE = Uint8Array.of(CR);

export class LineSplitter {
  private readonly maxLineBytes: number;
  /** `lineBreaks: 'lf'`: only `\n` ends a line. */
  private readonly lfOnly: boolean;
  /** `longLines: 'skip'`: an over-long line is dropped whole. */
  private readonly skipLong: boolean;
  private readonly onWarning?: (w: SplitWarning) => void;
  private readonly fatal = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
  private readonly lenient = new TextDecoder('utf-8', { fatal: false, ignoreBOM: true });
  /** Bytes of the current, unterminated line. */
  private carry: Uint8Array[] = [];
  private carryBytes = 0;
  /** Bytes of the current line dropped past the cap. */
  private dropped = 0;
  /** Skip mode: the current line has crossed the cap; its bytes are counted, not kept. */
  private skipping = false;
  /** Bytes seen at stream start while deciding whether they are a BOM. */
  private head: number[] | null = [];
  /** Bytes of the BOM dropped at stream start (0 or 3). */
  private bom = 0;
  /** `'any'` mode: the previous chunk ended in `\r`; a `\n` at the start of the next one belongs to it. */
  private pendingCR = false;
  /**
   * `'lf'` mode: the previous chunk ended in `\r`, not yet added to the line:
   * with a `\n` next it is half of `\r\n`, otherwise it is data.
   */
  private heldCR = false;
  /** Lines emitted or skipped so far (the next line's number is `lines + 1`). */
  private lines = 0;
  /** Byte offset of the start of the current line. */
  private lineStart = 0;
  /** Byte offset of the next unread byte. */
  private pos = 0;
  private ended = false;

  constructor(options: SplitterOptions = {}) {
    const { max, breaks, long } = checkSplitterOptions(options);
    checkOptionNames('LineSplitter', options, SPLITTER_OPTION_NAMES);
    this.maxLineBytes = max;
    this.lfOnly = breaks === 'lf';
    this.skipLong = long === 'skip';
    this.onWarning = options.onWarning;
  }

  /** Number of lines emitted (or skipped) so far. */
  get lineCount(): number {
    return this.lines;
  }

  /**
   * Bytes of the byte-order mark dropped at the start of the stream: 3 or 0.
   * Offsets already count them (they are offsets into the raw input).
   */
  get bomLength(): number {
    return this.bom;
  }

  /**
   * Feed a chunk; complete lines are appended to `out`. With `positions`,
   * each appended line's number and byte offset is appended to it too (it
   * costs a second scan of the bytes, so only callers that report positions
   * ask for it).
   */
  push(chunk: Uint8Array, out: string[], positions?: LinePosition[]): void {
    if (this.ended) throw new BoilerstripError('ERR_STREAM_ENDED', 'push() after end()');
    // A string chunk failed as 'chunk.subarray is not a function' (splitLines and the stream
    // adapters encode strings; the splitter itself takes bytes).
    if (!(chunk instanceof Uint8Array)) throw invalidArgument('chunk', 'a Uint8Array (encode a string first)', chunk, 'LineSplitter.push');
    checkOutputs('LineSplitter.push', out, positions);
    if (this.head !== null) {
      chunk = this.stripBom(chunk);
      if (this.head !== null) return; // still undecided: fewer than 3 bytes seen
    }
    let i = 0;
    const n = chunk.length;
    if (n === 0) return;
    if (this.pendingCR) {
      this.pendingCR = false;
      if (chunk[0] === LF) {
        i = 1;
        this.pos += 1;
        this.lineStart = this.pos;
      }
    }
    if (this.heldCR) {
      this.heldCR = false;
      if (chunk[0] === LF) {
        // The held \r and this \n end the current line.
        this.emitCarry(out, positions);
        i = 1;
        this.pos += 1;
        this.lineStart = this.pos;
      } else {
        this.keep(CR_BYTE); // a lone \r: data
      }
    }
    if (i >= n) return;

    // The first terminator completes the carried partial line, if any.
    if (this.carryBytes > 0 || this.dropped > 0) {
      const t = this.nextTerminator(chunk, i);
      if (t < 0) {
        this.carryTail(chunk, i);
        return;
      }
      this.keep(chunk.subarray(i, this.contentEnd(chunk, i, t)));
      this.pos += t - i;
      this.emitCarry(out, positions);
      i = this.consumeTerminator(chunk, t);
    }
    // Decode every complete line of the rest of the chunk in one go.
    const last = this.lfOnly ? chunk.lastIndexOf(LF) : Math.max(chunk.lastIndexOf(LF), chunk.lastIndexOf(CR));
    if (last >= i) {
      const region = chunk.subarray(i, last + 1);
      this.emitRegion(region, out, positions);
      i = last + 1;
      // Only a \r that ends the chunk can pair with a \n at the start of the next one.
      if (last === n - 1 && chunk[last] === CR) this.pendingCR = true;
    }
    if (i < n) this.carryTail(chunk, i);
  }

  /** Flush the last, unterminated line (if any). */
  end(out: string[], positions?: LinePosition[]): void {
    checkOutputs('LineSplitter.end', out, positions);
    if (this.ended) return;
    this.ended = true;
    if (this.head !== null && this.head.length > 0) {
      const h = Uint8Array.from(this.head);
      this.head = null;
      this.keep(h);
      this.pos += h.length;
    }
    this.head = null;
    if (this.heldCR) {
      // A \r at the very end closes the last line, as \r\n would.
      this.heldCR = false;
      this.emitCarry(out, positions);
    } else if (this.carryBytes > 0 || this.dropped > 0) {
      this.emitCarry(out, positions);
    }
  }

  private stripBom(chunk: Uint8Array): Uint8Array {
    const head = this.head!;
    let k = 0;
    while (k < chunk.length && head.length < 3) head.push(chunk[k++]!);
    const isPrefix = head.every((b, j) => b === BOM[j]);
    if (isPrefix && head.length < 3) return chunk.subarray(chunk.length); // wait for more
    this.head = null;
    if (isPrefix) {
      this.bom = 3;
      // Offsets are file offsets: a reader looking for "byte N" opens the file, BOM and all.
      this.pos = 3;
      this.lineStart = 3;
      return chunk.subarray(k); // a full BOM: drop it
    }
    // Not a BOM: the bytes taken into `head` go back in front of the chunk.
    const rest = chunk.subarray(k);
    const joined = new Uint8Array(head.length + rest.length);
    joined.set(head, 0);
    joined.set(rest, head.length);
    return joined;
  }

  /** Index of the first line-ending byte at or after `from`, or -1. */
  private nextTerminator(bytes: Uint8Array, from: number): number {
    const lf = bytes.indexOf(LF, from);
    return this.lfOnly ? lf : firstOf(lf, bytes.indexOf(CR, from));
  }

  /** End of the content of a line that starts at `start` and is ended by the byte at `t`: a `\r` before an `\n` is not content. */
  private contentEnd(bytes: Uint8Array, start: number, t: number): number {
    return this.lfOnly && t > start && bytes[t - 1] === CR ? t - 1 : t;
  }

  /** The unterminated rest of a chunk, from `i`, joins the current line. */
  private carryTail(chunk: Uint8Array, i: number): void {
    let end = chunk.length;
    this.pos += end - i;
    // 'lf' mode: a final \r may be half of a \r\n; it joins the line only if no \n follows.
    if (this.lfOnly && chunk[end - 1] === CR) {
      this.heldCR = true;
      end -= 1;
    }
    this.keep(chunk.subarray(i, end));
  }

  /** Advance past the terminator at `t`; returns the index after it. */
  private consumeTerminator(chunk: Uint8Array, t: number): number {
    let next = t + 1;
    if (chunk[t] === CR) {
      if (next < chunk.length) {
        if (chunk[next] === LF) next += 1;
      } else {
        this.pendingCR = true;
      }
    }
    this.pos += next - t;
    this.lineStart = this.pos;
    return next;
  }

  /** `region` starts at a line start and ends with a terminator. */
  private emitRegion(region: Uint8Array, out: string[], positions: LinePosition[] | undefined): void {
    let text: string | null = null;
    if (!this.hasLongLine(region)) {
      try {
        text = this.fatal.decode(region);
      } catch {
        text = null; // invalid bytes somewhere: fall back to line by line to locate them
      }
    }
    if (text !== null) {
      if (positions) this.regionPositions(region, positions);
      this.splitDecoded(text, out);
      this.pos += region.length;
      this.lineStart = this.pos;
      return;
    }
    const ends = new LineEnds(region, this.lfOnly);
    let i = 0;
    while (i < region.length) {
      const t = ends.next(i);
      this.keep(region.subarray(i, this.contentEnd(region, i, t)));
      this.pos += t - i;
      this.emitCarry(out, positions);
      i = this.consumeTerminator(region, t);
    }
    // `consumeTerminator` sets pendingCR when the region ends in \r; `push` decides that.
    this.pendingCR = false;
  }

  /** Number and offset of each line of a region about to be split by `splitDecoded`. */
  private regionPositions(region: Uint8Array, positions: LinePosition[]): void {
    let line = this.lines;
    const ends = new LineEnds(region, this.lfOnly);
    let i = 0;
    while (i < region.length) {
      positions.push({ line: ++line, offset: this.pos + i });
      const t = ends.next(i);
      i = t + 1;
      if (region[t] === CR && region[i] === LF) i += 1;
    }
  }

  /** Cheap guard: a region with a line over the cap goes through the capped path. */
  private hasLongLine(region: Uint8Array): boolean {
    if (region.length <= this.maxLineBytes) return false;
    const ends = new LineEnds(region, this.lfOnly);
    let start = 0;
    while (start < region.length) {
      const t = ends.next(start);
      const end = t < 0 ? region.length : this.contentEnd(region, start, t);
      if (end - start > this.maxLineBytes) return true;
      start = (t < 0 ? region.length : t) + 1;
    }
    return false;
  }

  /** Split decoded text at its line ends (the text ends with one). */
  private splitDecoded(text: string, out: string[]): void {
    let start = 0;
    const n = text.length;
    let nl = text.indexOf('\n');
    let cr = this.lfOnly ? -1 : text.indexOf('\r');
    while (start < n) {
      if (nl >= 0 && nl < start) nl = text.indexOf('\n', start);
      if (cr >= 0 && cr < start) cr = text.indexOf('\r', start);
      const t = firstOf(nl, cr);
      if (t < 0) break;
      // 'lf' mode: a \r right before the \n is part of the line break.
      const end = this.lfOnly && t > start && text.charCodeAt(t - 1) === 13 ? t - 1 : t;
      out.push(text.slice(start, end));
      this.lines += 1;
      start = t + 1;
      if (text.charCodeAt(t) === 13 && text.charCodeAt(start) === 10) start += 1;
    }
  }

  private keep(bytes: Uint8Array): void {
    if (bytes.length === 0) return;
    if (this.skipping) {
      this.dropped += bytes.length;
      return;
    }
    const room = this.maxLineBytes - this.carryBytes;
    if (room >= bytes.length) {
      // Copy: the caller may reuse its buffer after push() returns.
      this.carry.push(bytes.slice());
      this.carryBytes += bytes.length;
      return;
    }
    if (this.skipLong) {
      // The line will be dropped whole: let go of what was kept so far now, not at its end.
      this.dropped = this.carryBytes + bytes.length;
      this.carry = [];
      this.carryBytes = 0;
      this.skipping = true;
      return;
    }
    if (room > 0) {
      // The cut may fall inside a character; decodeLine trims the incomplete tail.
      this.carry.push(bytes.slice(0, room));
      this.carryBytes += room;
      this.dropped += bytes.length - room;
      return;
    }
    this.dropped += bytes.length;
  }

  private takeCarry(): Uint8Array {
    const parts = this.carry;
    let bytes: Uint8Array;
    if (parts.length === 1) bytes = parts[0]!;
    else {
      const total = parts.reduce((s, p) => s + p.length, 0);
      bytes = new Uint8Array(total);
      let o = 0;
      for (const p of parts) {
        bytes.set(p, o);
        o += p.length;
      }
    }
    this.carry = [];
    this.carryBytes = 0;
    return bytes;
  }

  /** The current line is complete: emit it (or, skipped, report it). */
  private emitCarry(out: string[], positions: LinePosition[] | undefined): void {
    if (this.skipping) {
      this.lines += 1;
      const bytes = this.dropped;
      this.onWarning?.(splitWarning('line-skipped', this.lines, this.lineStart, `line of ${bytes} bytes, over maxLineBytes (${this.maxLineBytes}); skipped`, bytes));
      this.dropped = 0;
      this.skipping = false;
      return;
    }
    out.push(this.decodeLine(this.takeCarry()));
    positions?.push({ line: this.lines, offset: this.lineStart });
  }

  private decodeLine(bytes: Uint8Array): string {
    if (this.dropped > 0) {
      // A truncated line may end inside a multi-byte character (its lead byte possibly in
      // an earlier chunk): drop that incomplete character rather than decode it as U+FFFD.
      const keep = completeUtf8Length(bytes);
      this.dropped += bytes.length - keep;
      bytes = bytes.subarray(0, keep);
    }
    this.lines += 1;
    const line = this.lines;
    const offset = this.lineStart;
    if (this.dropped > 0) {
      const whole = bytes.length + this.dropped;
      this.onWarning?.(splitWarning('line-truncated', line, offset, `line of ${whole} bytes, over maxLineBytes (${this.maxLineBytes}); kept the first ${bytes.length}`, whole));
      this.dropped = 0;
    }
    try {
      return this.fatal.decode(bytes);
    } catch {
      const text = this.lenient.decode(bytes);
      const at = firstInvalidUtf8(bytes);
      this.onWarning?.(splitWarning('invalid-utf8', line, offset + at, 'invalid UTF-8, replaced with U+FFFD'));
      return text;
    }
  }
}

/**
 * Index of the first byte of the first ill-formed sequence in `bytes` (the WHATWG UTF-8
 * decoder's byte ranges: no overlongs, no surrogates, nothing past U+10FFFF), or
 * `bytes.length` when there is none. Only run on a line the decoder already rejected.
 */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    let need = 0;
    let lo = 0x80;
    let hi = 0xbf;
    if (b < 0x80) {
      i += 1;
      continue;
    } else if (b >= 0xc2 && b <= 0xdf) need = 1;
    else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      if (b === 0xe0) lo = 0xa0;
      if (b === 0xed) hi = 0x9f;
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      if (b === 0xf0) lo = 0x90;
      if (b === 0xf4) hi = 0x8f;
    } else return i;
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      if (c === undefined || c < (k === 1 ? lo : 0x80) || c > (k === 1 ? hi : 0xbf)) return i;
    }
    i += need + 1;
  }
  return bytes.length;
}

/** Length of `bytes` without an incomplete UTF-8 sequence at its end. */
export function completeUtf8Length(bytes: Uint8Array): number {
  const n = bytes.length;
  for (let back = 1; back <= 4 && back <= n; back++) {
    const b = bytes[n - back]!;
    if ((b & 0xc0) === 0x80) continue; // continuation byte: keep looking for the lead
    const need = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
    return need > back ? n - back : n;
  }
  return n;
}

/**
 * The line ends of one byte array, found in order, each byte read once. Searching afresh for the
 * next `\n` and the next `\r` at each line read on to the end of the array when one of the two
 * does not occur (text with `\n` breaks has no `\r`): quadratic in a chunk's lines, so one chunk
 * of 2 MB took 5 s and one of 40 MB hours. Here each search's answer is kept until it is passed.
 */
class LineEnds {
  /** The next `\n` and `\r` at or after the last `from`: -1 for none left, -2 not searched yet. */
  private lf = -2;
  private cr: number;

  constructor(
    private readonly bytes: Uint8Array,
    lfOnly: boolean,
  ) {
    this.cr = lfOnly ? -1 : -2;
  }

  /** Index of the first line-ending byte at or after `from`, or -1; `from` must not go back. */
  next(from: number): number {
    if (this.lf !== -1 && this.lf < from) this.lf = this.bytes.indexOf(LF, from);
    if (this.cr !== -1 && this.cr < from) this.cr = this.bytes.indexOf(CR, from);
    return firstOf(this.lf, this.cr);
  }
}

function firstOf(a: number, b: number): number {
  if (a < 0) return b;
  if (b < 0) return a;
  return a < b ? a : b;
}

/** The arrays the splitter appends lines (and their positions) to, checked at each call. */
function checkOutputs(fn: string, out: unknown, positions: unknown): void {
  if (!Array.isArray(out)) throw invalidArgument('out', 'an array (the lines are appended to it)', out, fn);
  if (positions !== undefined && !Array.isArray(positions)) throw invalidArgument('positions', 'an array or undefined', positions, fn);
}

/**
 * The splitter's options, checked: by the splitter, and by the library's entry points at the
 * call (their splitter is made only when iteration starts, too late to name a bad option).
 */
export function checkSplitterOptions(options: SplitterOptions): { max: number; breaks: LineBreaks; long: LongLines } {
  // Checked first, as resolveOptions does: the byte calls read these before the labeller's
  // options, and `null` failed here as a TypeError about `maxLineBytes`.
  if (typeof options !== 'object' || options === null) throw invalidArgument('options', 'an object', options);
  const max = options.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES;
  if (!Number.isInteger(max) || max < 1) {
    // A string is shown as one: "got 4096" for '4096' read as if the value were right.
    const shown = typeof max === 'number' ? String(max) : typeof max === 'string' ? `string '${max}'` : typeof max;
    throw new BoilerstripError('ERR_INVALID_ARG', `option \`maxLineBytes\` must be a positive integer, got ${shown}`);
  }
  const breaks = options.lineBreaks ?? 'any';
  if (breaks !== 'any' && breaks !== 'lf') {
    throw new BoilerstripError('ERR_INVALID_ARG', `option \`lineBreaks\` must be 'any' or 'lf', got ${String(breaks)}`);
  }
  const long = options.longLines ?? 'truncate';
  if (long !== 'truncate' && long !== 'skip') {
    throw new BoilerstripError('ERR_INVALID_ARG', `option \`longLines\` must be 'truncate' or 'skip', got ${String(long)}`);
  }
  if (options.onWarning !== undefined && typeof options.onWarning !== 'function') {
    throw new BoilerstripError('ERR_INVALID_ARG', `option \`onWarning\` must be a function, got ${typeof options.onWarning}`);
  }
  return { max, breaks, long };
}

const encoder = new TextEncoder();

/**
 * The chunks of a byte source as bytes, one after another: a string is encoded as UTF-8, anything
 * else but a Uint8Array is misuse, named by its place in the source (`source[3]`). Shared by
 * {@link splitLines}, the Node stream adapters (src/node.ts) and the record readers, so all take
 * the same chunks.
 *
 * A string chunk may end in the first half of a surrogate pair whose second half starts the next
 * chunk (a caller that cut a text by length): encoded apart, each half became U+FFFD, so the
 * lines depended on where the text was cut. That half is held back and goes out in front of the
 * next chunk; one with no partner still becomes U+FFFD, as encoding it alone makes it.
 */
export class ChunkEncoder {
  /** A high surrogate that ended the last string chunk, or ''. */
  private high = '';
  private index = 0;

  constructor(private readonly invalid: (chunk: unknown, index: number) => Error = (chunk, index) => invalidArgument(`source[${index}]`, 'a Uint8Array or a string', chunk)) {}

  /** The bytes of the next chunk (with a held half in front; maybe empty). */
  bytes(chunk: unknown): Uint8Array {
    const index = this.index++;
    if (typeof chunk === 'string') {
      let text = this.high + chunk;
      this.high = '';
      const last = text.charCodeAt(text.length - 1);
      if (last >= 0xd800 && last <= 0xdbff) {
        this.high = text.slice(-1);
        text = text.slice(0, -1);
      }
      return encoder.encode(text);
    }
    if (!(chunk instanceof Uint8Array)) throw this.invalid(chunk, index);
    if (this.high === '') return chunk;
    // Bytes after half a pair: the half had no partner.
    const held = this.end();
    const joined = new Uint8Array(held.length + chunk.length);
    joined.set(held, 0);
    joined.set(chunk, held.length);
    return joined;
  }

  /** At the end of the source: the bytes still held (a lone half, as U+FFFD), usually none. */
  end(): Uint8Array {
    const held = encoder.encode(this.high);
    this.high = '';
    return held;
  }
}

/**
 * Lines of a byte (or string) stream. String chunks are encoded first, so
 * both kinds of source share one splitter.
 */
export function splitLines(
  source: AsyncIterable<Uint8Array | string> | Iterable<Uint8Array | string>,
  options: SplitterOptions = {},
): AsyncGenerator<string[]> {
  // Checked at the call: as an async generator function, this ran only at the first next(), and
  // a null source failed there as a TypeError.
  if (source instanceof Uint8Array) throw invalidArgument('source', 'an iterable of chunks (wrap a single Buffer in an array)', source);
  const s = source as { [Symbol.asyncIterator]?: unknown; [Symbol.iterator]?: unknown } | null;
  if (s === null || typeof s !== 'object' || (typeof s[Symbol.asyncIterator] !== 'function' && typeof s[Symbol.iterator] !== 'function')) {
    throw invalidArgument('source', 'an iterable or async iterable of chunks', source);
  }
  checkSplitterOptions(options);
  checkOptionNames('splitLines', options, SPLITTER_OPTION_NAMES);
  return split(source, options);
}

/**
 * The lines of a source as {@link splitLines} gives them, one array per chunk, or, with
 * `pieceBytes`, per piece of at most that many bytes of a chunk: for callers that hand lines on
 * one at a time and must not hold all the lines of a chunk of a whole file at once.
 */
export async function* split(
  source: AsyncIterable<Uint8Array | string> | Iterable<Uint8Array | string>,
  options: SplitterOptions,
  pieceBytes = Infinity,
): AsyncGenerator<string[]> {
  const splitter = new LineSplitter(options);
  const chunks = new ChunkEncoder();
  for await (const chunk of source) {
    const bytes = chunks.bytes(chunk);
    // The splitter gives the same lines however the bytes are cut; an empty chunk adds nothing.
    for (let at = 0; at < bytes.length; at += pieceBytes) {
      const out: string[] = [];
      splitter.push(bytes.length <= pieceBytes ? bytes : bytes.subarray(at, at + pieceBytes), out);
      if (out.length > 0) yield out;
    }
  }
  const out: string[] = [];
  splitter.push(chunks.end(), out);
  splitter.end(out);
  if (out.length > 0) yield out;
}
