/**
 * Record start positions for the JSON reader.
 *
 * stream-json's tokens carry no positions, so this scanner walks the same
 * bytes alongside the parser and notes where each record starts: each
 * element of a top-level array, or the top-level value itself when it is not
 * an array. It only tracks nesting and strings; validating the JSON is the
 * parser's and verifier's job. It works on raw bytes because every byte that
 * matters to JSON structure is ASCII and no byte of a multi-byte UTF-8
 * character is, so no decoding is needed and offsets come out in bytes.
 */

const LF = 0x0a;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;

/**
 * How many consumed entries the start queue keeps before compacting; keeps
 * `take` O(1) without letting the array grow without bound.
 * @default 1024
 */
const COMPACT_AFTER = 1024;

export interface StartPosition {
  /** Byte offset of the value's first byte. */
  offset: number;
  /** 1-based line of that byte (lines end at `\n`). */
  line: number;
  /**
   * Byte offset just past the value's closing quote or bracket, once scanned (a number or a
   * literal: just past its first byte, all the reader needs; see `InvalidUtf8Scanner`).
   */
  end?: number;
}

export class RecordStartScanner {
  private depth = 0;
  private inString = false;
  private escaped = false;
  /** Top-level value seen (so later top-level bytes are trailing garbage, not records). */
  private topSeen = false;
  private topIsArray = false;
  /** Inside the top-level array, waiting for the next element's first byte. */
  private awaiting = false;
  private lineNo = 1;
  private readonly offsets: number[] = [];
  private readonly lines: number[] = [];
  /** Where each record ends, aligned with `offsets`; NaN while it is open. */
  private readonly ends: number[] = [];
  /** The last record pushed has not closed yet. */
  private open = false;
  private head = 0;

  /** The depth at which records are values: 1 in a top-level array, 0 for a lone value. */
  private get recordDepth(): number {
    return this.topIsArray ? 1 : 0;
  }

  /** Whether any JSON value has started (false for empty or whitespace-only input). */
  get sawValue(): boolean {
    return this.topSeen;
  }

  /** Scans `buf`, whose first byte is at input offset `base`. */
  scan(buf: Uint8Array, base: number): void {
    const n = buf.length;
    let i = 0;
    while (i < n) {
      if (this.inString) {
        i = this.skipString(buf, i);
        if (!this.inString && this.depth === this.recordDepth) this.close(base + i);
        continue;
      }
      const c = buf[i]!;
      switch (c) {
        case LF:
          this.lineNo++;
          break;
        case 0x20:
        case 0x09:
        case 0x0d:
        case 0x3a: // ':' separates a key from its value; the value is not a record
          break;
        case COMMA:
          if (this.depth === 1 && this.topIsArray) this.awaiting = true;
          break;
        case CLOSE_BRACKET:
        case CLOSE_BRACE:
          this.depth--;
          if (this.depth === this.recordDepth) this.close(base + i + 1);
          break;
        case OPEN_BRACKET:
        case OPEN_BRACE:
          this.valueStart(base + i, c === OPEN_BRACKET);
          this.depth++;
          break;
        case QUOTE:
          this.valueStart(base + i, false);
          this.inString = true;
          break;
        default:
          // Numbers and literals. Bytes >= 0x80 outside strings are never
          // valid JSON (a leading byte-order mark is the one case worth not
          // mistaking for a value), so they are ignored here.
          if (c < 0x80 && this.valueStart(base + i, false)) this.close(base + i + 1);
      }
      i++;
    }
  }

  /** Next record start, in order; undefined if none is pending. */
  take(): StartPosition | undefined {
    if (this.head >= this.offsets.length) return undefined;
    const at: StartPosition = { offset: this.offsets[this.head]!, line: this.lines[this.head]! };
    const end = this.ends[this.head]!;
    if (!Number.isNaN(end)) at.end = end;
    this.head++;
    if (this.head >= COMPACT_AFTER && this.head * 2 >= this.offsets.length) {
      this.offsets.splice(0, this.head);
      this.lines.splice(0, this.head);
      this.ends.splice(0, this.head);
      this.head = 0;
    }
    return at;
  }

  /** Offset of the next record start, without taking it; undefined if none is pending. */
  peek(): number | undefined {
    return this.head < this.offsets.length ? this.offsets[this.head] : undefined;
  }

  /** Notes a value starting at `offset`; true when it is a record. */
  private valueStart(offset: number, isArray: boolean): boolean {
    if (this.depth === 0) {
      if (this.topSeen) return false; // trailing data; the verifier reports it
      this.topSeen = true;
      if (isArray) {
        this.topIsArray = true;
        this.awaiting = true;
        return false;
      }
      this.push(offset);
      return true;
    } else if (this.depth === 1 && this.awaiting) {
      this.awaiting = false;
      this.push(offset);
      return true;
    }
    return false;
  }

  private push(offset: number): void {
    this.offsets.push(offset);
    this.lines.push(this.lineNo);
    this.ends.push(NaN);
    this.open = true;
  }

  /** The open record ends just before `offset`. */
  private close(offset: number): void {
    if (!this.open) return;
    this.ends[this.ends.length - 1] = offset;
    this.open = false;
  }

  /**
   * Moves past string content starting at `i`; returns the index after the
   * closing quote, or `buf.length` if the string goes on in the next chunk.
   * Uses indexOf to jump between quotes, since page HTML makes strings the
   * bulk of a crawl file.
   */
  private skipString(buf: Uint8Array, i: number): number {
    if (this.escaped) {
      this.escaped = false;
      return i + 1;
    }
    const q = buf.indexOf(QUOTE, i);
    const end = q === -1 ? buf.length : q;
    // A quote is escaped when an odd run of backslashes precedes it; at a
    // chunk end, an odd run escapes the first byte of the next chunk.
    let run = 0;
    while (end - 1 - run >= i && buf[end - 1 - run] === BACKSLASH) run++;
    if (q === -1) {
      this.escaped = run % 2 === 1;
      return buf.length;
    }
    if (run % 2 === 0) this.inString = false;
    return q + 1;
  }
}
