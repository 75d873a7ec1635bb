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
 */
import { BoilerstripError } from './errors.js';

/**
 * Bytes kept of one line; the rest of the line is dropped and reported. A
 * scraped block longer than this is not prose a reader would see, and keeping
 * it would let one newline-free 50 MB "line" grow memory without bound.
 * @default 1048576 (1 MiB)
 */
export const DEFAULT_MAX_LINE_BYTES = 1 << 20;

export interface SplitWarning {
  code: 'invalid-utf8' | 'line-truncated';
  /** 1-based line number. */
  line: number;
  /** Byte offset of the start of the line in the stream (after any BOM). */
  offset: number;
  message: string;
}

export interface SplitterOptions {
  /** @default DEFAULT_MAX_LINE_BYTES */
  maxLineBytes?: number;
  /** Called for each recoverable problem. Without it, warnings are dropped. */
  onWarning?: (warning: SplitWarning) => void;
}

const LF = 0x0a;
const CR = 0x0d;
const BOM = [0xef, 0xbb, 0xbf];

export class LineSplitter {
  private readonly maxLineBytes: number;
  private readonly onWarning?: (w: SplitWarning) => void;
  private readonly fatal = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
  private readonly lenient = new TextDecoder('utf-8', { fatal: false, ignoreBOM: true });
  /** Bytes of the current, unterminated line. */
  private carry: Uint8Array[] = [];
  private carryBytes = 0;
  /** Bytes of the current line dropped past the cap. */
  private dropped = 0;
  /** Bytes seen at stream start while deciding whether they are a BOM. */
  private head: number[] | null = [];
  /** The previous chunk ended in `\r`: a `\n` at the start of the next one belongs to it. */
  private pendingCR = false;
  /** Lines emitted so far (the next line's number is `lines + 1`). */
  private lines = 0;
  /** Byte offset of the start of the current line. */
  private lineStart = 0;
  /** Byte offset of the next unread byte. */
  private pos = 0;
  private ended = false;

  constructor(options: SplitterOptions = {}) {
    const max = options.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES;
    if (!Number.isInteger(max) || max < 1) {
      throw new BoilerstripError('ERR_INVALID_ARG', `option \`maxLineBytes\` must be a positive integer, got ${max}`);
    }
    this.maxLineBytes = max;
    this.onWarning = options.onWarning;
  }

  /** Number of lines emitted so far. */
  get lineCount(): number {
    return this.lines;
  }

  /** Feed a chunk; complete lines are appended to `out`. */
  push(chunk: Uint8Array, out: string[]): void {
    if (this.ended) throw new BoilerstripError('ERR_STREAM_ENDED', 'push() after end()');
    if (this.head !== null) {
      chunk = this.stripBom(chunk);
      if (this.head !== null) return; // still undecided: fewer than 3 bytes seen
    }
    let i = 0;
    const n = chunk.length;
    if (this.pendingCR && n > 0) {
      this.pendingCR = false;
      if (chunk[0] === LF) {
        i = 1;
        this.pos += 1;
        this.lineStart = this.pos;
      }
    }
    if (i >= n) return;

    let nextLF = chunk.indexOf(LF, i);
    let nextCR = chunk.indexOf(CR, i);
    // The first terminator completes the carried partial line, if any.
    if (this.carryBytes > 0 || this.dropped > 0) {
      const t = firstOf(nextLF, nextCR);
      if (t < 0) {
        this.keep(chunk.subarray(i));
        this.pos += n - i;
        return;
      }
      this.keep(chunk.subarray(i, t));
      this.pos += t - i;
      out.push(this.decodeLine(this.takeCarry()));
      i = this.consumeTerminator(chunk, t);
      if (nextLF < i) nextLF = chunk.indexOf(LF, i);
      if (nextCR < i) nextCR = chunk.indexOf(CR, i);
    }
    // Decode every complete line of the rest of the chunk in one go.
    const lastLF = chunk.lastIndexOf(LF);
    const lastCR = chunk.lastIndexOf(CR);
    const last = Math.max(lastLF, lastCR);
    if (last >= i) {
      const region = chunk.subarray(i, last + 1);
      this.emitRegion(region, out);
      i = last + 1;
      // Only a \r that ends the chunk can pair with a \n at the start of the next one.
      if (last === n - 1 && chunk[last] === CR) this.pendingCR = true;
    }
    if (i < n) {
      this.keep(chunk.subarray(i));
      this.pos += n - i;
    }
  }

  /** Flush the last, unterminated line (if any). */
  end(out: string[]): void {
    if (this.ended) return;
    this.ended = true;
    if (this.head !== null && this.head.length > 0) {
      const h = Uint8Array.from(this.head);
      this.head = null;
      this.keep(h);
      this.pos += h.length;
    }
    this.head = null;
    if (this.carryBytes > 0 || this.dropped > 0) out.push(this.decodeLine(this.takeCarry()));
  }

  private stripBom(chunk: Uint8Array): Uint8Array {
    const head = this.head!;
    let k = 0;
    while (k < chunk.length && head.length < 3) head.push(chunk[k++]!);
    const isPrefix = head.every((b, j) => b === BOM[j]);
    if (isPrefix && head.length < 3) return chunk.subarray(chunk.length); // wait for more
    this.head = null;
    if (isPrefix) return chunk.subarray(k); // a full BOM: drop it
    // Not a BOM: the bytes taken into `head` go back in front of the chunk.
    const rest = chunk.subarray(k);
    const joined = new Uint8Array(head.length + rest.length);
    joined.set(head, 0);
    joined.set(rest, head.length);
    return joined;
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
  private emitRegion(region: Uint8Array, out: string[]): void {
    let text: string | null = null;
    if (!this.hasLongLine(region)) {
      try {
        text = this.fatal.decode(region);
      } catch {
        text = null; // invalid bytes somewhere: fall back to line by line to locate them
      }
    }
    if (text !== null) {
      this.splitDecoded(text, out);
      this.pos += region.length;
      this.lineStart = this.pos;
      return;
    }
    let i = 0;
    while (i < region.length) {
      const t = firstOf(region.indexOf(LF, i), region.indexOf(CR, i));
      this.keep(region.subarray(i, t));
      this.pos += t - i;
      out.push(this.decodeLine(this.takeCarry()));
      i = this.consumeTerminator(region, t);
    }
    // `consumeTerminator` sets pendingCR when the region ends in \r; `push` decides that.
    this.pendingCR = false;
  }

  /** Cheap guard: a region with a line over the cap goes through the capped path. */
  private hasLongLine(region: Uint8Array): boolean {
    if (region.length <= this.maxLineBytes) return false;
    let start = 0;
    while (start < region.length) {
      const t = firstOf(region.indexOf(LF, start), region.indexOf(CR, start));
      const end = t < 0 ? region.length : t;
      if (end - start > this.maxLineBytes) return true;
      start = end + 1;
    }
    return false;
  }

  /** Split decoded text on \r\n, \r and \n (the text ends with a terminator). */
  private splitDecoded(text: string, out: string[]): void {
    let start = 0;
    const n = text.length;
    let nl = text.indexOf('\n');
    let cr = text.indexOf('\r');
    while (start < n) {
      if (nl >= 0 && nl < start) nl = text.indexOf('\n', start);
      if (cr >= 0 && cr < start) cr = text.indexOf('\r', start);
      const t = firstOf(nl, cr);
      if (t < 0) break;
      out.push(text.slice(start, t));
      this.lines += 1;
      start = t + 1;
      if (text.charCodeAt(t) === 13 && text.charCodeAt(start) === 10) start += 1;
    }
  }

  private keep(bytes: Uint8Array): void {
    if (bytes.length === 0) return;
    const room = this.maxLineBytes - this.carryBytes;
    if (room >= bytes.length) {
      // Copy: the caller may reuse its buffer after push() returns.
      this.carry.push(bytes.slice());
      this.carryBytes += bytes.length;
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
      this.onWarning?.({
        code: 'line-truncated',
        line,
        offset,
        message: `line ${line} is ${bytes.length + this.dropped} bytes; kept the first ${bytes.length} (maxLineBytes)`,
      });
      this.dropped = 0;
    }
    try {
      return this.fatal.decode(bytes);
    } catch {
      const text = this.lenient.decode(bytes);
      this.onWarning?.({
        code: 'invalid-utf8',
        line,
        offset,
        message: `line ${line} has invalid UTF-8; replaced with U+FFFD`,
      });
      return text;
    }
  }
}

/** Length of `bytes` without an incomplete UTF-8 sequence at its end. */
function completeUtf8Length(bytes: Uint8Array): number {
  const n = bytes.length;
  for (let back = 1; back <= 4 && back <= n; back++) {
    const b = bytes[n - back]!;
    if ((b & 0xc0) === 0x80) continue; // continuation byte: keep looking for the lead
    const need = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
    return need > back ? n - back : n;
  }
  return n;
}

function firstOf(a: number, b: number): number {
  if (a < 0) return b;
  if (b < 0) return a;
  return a < b ? a : b;
}

const encoder = new TextEncoder();

/**
 * Lines of a byte (or string) stream. String chunks are encoded first, so
 * both kinds of source share one splitter.
 */
export async function* splitLines(
  source: AsyncIterable<Uint8Array | string> | Iterable<Uint8Array | string>,
  options: SplitterOptions = {},
): AsyncGenerator<string[]> {
  const splitter = new LineSplitter(options);
  for await (const chunk of source) {
    const out: string[] = [];
    splitter.push(typeof chunk === 'string' ? encoder.encode(chunk) : chunk, out);
    if (out.length > 0) yield out;
  }
  const out: string[] = [];
  splitter.end(out);
  if (out.length > 0) yield out;
}
