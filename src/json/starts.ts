/**
 * Record start positions for the JSON reader.
 *
 * stream-json's tokens carry no positions, so this scanner walks the same
 * bytes alongside the parser and notes where each record starts: each
 * element of a top-level array, or the top-level value itself when it is not
 * an array; given a records path (`ReadOptions.records`, json/path.ts), each
 * element of the array at that path, and where each value given at a key of
 * the path starts, for the messages when it is not what the path needs. It
 * only tracks nesting, strings and the keys of the objects the path goes
 * through; validating the JSON is the parser's and verifier's job. It works
 * on raw bytes because every byte that matters to JSON structure is ASCII and
 * no byte of a multi-byte UTF-8 character is, so no decoding is needed and
 * offsets come out in bytes (a key of the path is decoded to be compared).
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
 * The most bytes a JSON string can take per UTF-16 unit of the text it spells: `\uXXXX`. A
 * key longer than this many bytes per unit of the path's key cannot be that key, so no more of
 * it is kept (a key is held only to be compared, and a hostile one may be megabytes long).
 * @default 6
 */
const MAX_BYTES_PER_KEY_UNIT = 6;

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
  /** The line `end` is on, with it: past `line` for a value printed over several lines. */
  endLine?: number;
}

export class RecordStartScanner {
  /** The records path's keys; empty without one. */
  private readonly keys: readonly string[];
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
  /** The line each record ends on, aligned with `offsets`; NaN while it is open. */
  private readonly endLines: number[] = [];
  /** The last record pushed has not closed yet. */
  private open = false;
  private head = 0;

  // With a records path. The objects at depths 1 to `onPath` are those the path goes through.
  private onPath = 0;
  /** At depth `onPath`, the next string is a key (after `{` or `,`), not a value. */
  private expectKey = false;
  /** The key just read at depth `onPath` is the path's next one. */
  private keyMatch = false;
  /** Bytes of the key being read, when it may still be the path's (a key may be cut by chunks). */
  private keyParts: Buffer[] | undefined;
  private keyBytes = 0;
  private keyTooLong = false;
  /** Inside the records' array; `targetSeen` once it has opened (a second one holds no records). */
  private inTarget = false;
  private targetSeen = false;
  /** Where the top-level value starts. */
  private topAt: StartPosition | undefined;
  /** Where each value given at a key of the path starts, in order, until taken. */
  private readonly pathValues: StartPosition[] = [];

  /**
   * `keys`: the records path's keys (json/path.ts); records are then the elements of the array
   * there. `firstLine`: the line the bytes scanned start on (a value after others, array.ts).
   */
  constructor(keys: readonly string[] = [], firstLine = 1) {
    this.keys = keys;
    this.lineNo = firstLine;
  }

  /** The depth at which records are values: 1 in a top-level array, 0 for a lone value, one below the path's array. */
  private get recordDepth(): number {
    if (this.keys.length > 0) return this.keys.length + 1;
    return this.topIsArray ? 1 : 0;
  }

  /** Where the top-level value starts, once it has. */
  get top(): StartPosition | undefined {
    return this.topAt;
  }

  /** Where the next value given at a key of the records path starts, in order; undefined if none is pending. */
  takePathValue(): StartPosition | undefined {
    return this.pathValues.shift();
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
        const from = i;
        i = this.skipString(buf, i);
        if (this.keyParts !== undefined) {
          // The key's bytes so far: up to the closing quote, or the chunk's end.
          this.keepKeyBytes(buf, from, this.inString ? i : i - 1);
          if (!this.inString) this.endKey();
        } else if (!this.inString && this.depth === this.recordDepth) this.close(base + i);
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
          if (this.keys.length > 0) {
            if (this.depth === this.recordDepth && this.inTarget) this.awaiting = true;
            else if (this.onPath > 0 && this.depth === this.onPath) this.expectKey = true;
          } else if (this.depth === 1 && this.topIsArray) this.awaiting = true;
          break;
        case CLOSE_BRACKET:
        case CLOSE_BRACE:
          this.depth--;
          if (this.depth === this.recordDepth) this.close(base + i + 1);
          if (this.keys.length > 0) {
            if (this.inTarget && this.depth === this.keys.length) this.inTarget = false;
            if (this.depth < this.onPath) {
              this.onPath = this.depth;
              this.expectKey = this.keyMatch = false;
            }
          }
          break;
        case OPEN_BRACKET:
        case OPEN_BRACE:
          this.valueStart(base + i, c === OPEN_BRACKET ? 'array' : 'object');
          this.depth++;
          break;
        case QUOTE:
          if (this.expectKey && this.depth === this.onPath) {
            // A key of an object on the path: kept until its closing quote, to compare.
            this.expectKey = false;
            this.keyParts = [];
            this.keyBytes = 0;
            this.keyTooLong = false;
          } else this.valueStart(base + i, 'scalar');
          this.inString = true;
          break;
        default:
          // Numbers and literals. Bytes >= 0x80 outside strings are never
          // valid JSON (a leading byte-order mark is the one case worth not
          // mistaking for a value), so they are ignored here.
          if (c < 0x80 && this.valueStart(base + i, 'scalar')) this.close(base + i + 1);
      }
      i++;
    }
  }

  /** Next record start, in order; undefined if none is pending. */
  take(): StartPosition | undefined {
    if (this.head >= this.offsets.length) return undefined;
    const at: StartPosition = { offset: this.offsets[this.head]!, line: this.lines[this.head]! };
    const end = this.ends[this.head]!;
    if (!Number.isNaN(end)) {
      at.end = end;
      at.endLine = this.endLines[this.head]!;
    }
    this.head++;
    if (this.head >= COMPACT_AFTER && this.head * 2 >= this.offsets.length) {
      this.offsets.splice(0, this.head);
      this.lines.splice(0, this.head);
      this.ends.splice(0, this.head);
      this.endLines.splice(0, this.head);
      this.head = 0;
    }
    return at;
  }

  /** Offset of the next record start, without taking it; undefined if none is pending. */
  peek(): number | undefined {
    return this.head < this.offsets.length ? this.offsets[this.head] : undefined;
  }

  /** Notes a value starting at `offset` (called before its bracket is counted); true when it is a record. */
  private valueStart(offset: number, kind: 'array' | 'object' | 'scalar'): boolean {
    if (this.keys.length > 0) return this.pathValueStart(offset, kind);
    const isArray = kind === 'array';
    if (this.depth === 0) {
      if (this.topSeen) return false; // trailing data; the verifier reports it
      this.topSeen = true;
      this.topAt = { offset, line: this.lineNo };
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

  /** {@link valueStart} with a records path. A number or literal calls it at each of its bytes: only the first may count. */
  private pathValueStart(offset: number, kind: 'array' | 'object' | 'scalar'): boolean {
    if (this.depth === 0) {
      if (this.topSeen) return false;
      this.topSeen = true;
      this.topAt = { offset, line: this.lineNo };
      if (kind === 'object') {
        // Counted by the caller right after: depth 1 is then the top-level object.
        this.onPath = 1;
        this.expectKey = true;
      }
      return false;
    }
    if (this.depth === this.onPath && this.keyMatch) {
      this.keyMatch = false;
      this.pathValues.push({ offset, line: this.lineNo });
      if (this.onPath < this.keys.length && kind === 'object') {
        this.onPath++;
        this.expectKey = true;
      } else if (this.onPath === this.keys.length && kind === 'array' && !this.targetSeen) {
        this.inTarget = this.targetSeen = this.awaiting = true;
      }
      return false;
    }
    if (this.inTarget && this.depth === this.recordDepth && this.awaiting) {
      this.awaiting = false;
      this.push(offset);
      return true;
    }
    return false;
  }

  /** Keeps the key bytes `buf[from, to)`, while the key may still be the path's. */
  private keepKeyBytes(buf: Uint8Array, from: number, to: number): void {
    if (this.keyTooLong || to <= from) return;
    this.keyBytes += to - from;
    if (this.keyBytes > MAX_BYTES_PER_KEY_UNIT * this.keys[this.onPath - 1]!.length) {
      this.keyTooLong = true;
      this.keyParts = [];
      return;
    }
    // A copy: the caller may reuse the chunk's memory once it has been scanned.
    this.keyParts!.push(Buffer.from(buf.subarray(from, to)));
  }

  /** The key's closing quote: is it the path's next key? Compared decoded, as the parser gives keys (`"d\u0061ta"` is `data`). */
  private endKey(): void {
    const parts = this.keyParts!;
    this.keyParts = undefined;
    if (this.keyTooLong) {
      this.keyMatch = false;
      return;
    }
    const raw = Buffer.concat(parts);
    let key: string | undefined = raw.toString('utf8');
    if (raw.includes(BACKSLASH)) {
      try {
        key = JSON.parse(`"${key}"`) as string;
      } catch {
        key = undefined; // a bad escape: the verifier reports it
      }
    }
    this.keyMatch = key === this.keys[this.onPath - 1];
  }

  private push(offset: number): void {
    this.offsets.push(offset);
    this.lines.push(this.lineNo);
    this.ends.push(NaN);
    this.endLines.push(NaN);
    this.open = true;
  }

  /** The open record ends just before `offset`. */
  private close(offset: number): void {
    if (!this.open) return;
    this.ends[this.ends.length - 1] = offset;
    this.endLines[this.endLines.length - 1] = this.lineNo;
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
