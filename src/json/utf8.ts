/**
 * Where a byte stream is not valid UTF-8, for the JSON reader: its decoder replaces each
 * ill-formed sequence with U+FFFD and says nothing, while JSON Lines and text inputs warn with
 * the byte (split.ts). Valid chunks, nearly all of them, cost one native check (`isUtf8`);
 * only a chunk that fails it is walked byte by byte.
 */
import { isUtf8 } from 'node:buffer';
import { completeUtf8Length, firstInvalidUtf8 } from '../split.js';

export class InvalidUtf8Scanner {
  /** Offsets of the ill-formed sequences found and not yet given out, in order. */
  private readonly found: number[] = [];
  private head = 0;
  /** The start of a character cut by the end of the last chunk (up to 3 bytes), and its offset. */
  private carry: Uint8Array = new Uint8Array(0);
  private carryAt = 0;

  /** Scans `buf`, whose first byte is at input offset `base` (chunks in order, none skipped). */
  scan(buf: Uint8Array, base: number): void {
    const bytes = this.carry.length === 0 ? buf : Buffer.concat([this.carry, buf]);
    const at = this.carry.length === 0 ? base : this.carryAt;
    const n = completeUtf8Length(bytes);
    this.carry = bytes.slice(n);
    this.carryAt = at + n;
    if (isUtf8(bytes.subarray(0, n))) return;
    for (let i = 0; i < n; ) {
      const bad = i + firstInvalidUtf8(bytes.subarray(i, n));
      if (bad >= n) break;
      this.found.push(at + bad);
      i = bad + 1;
    }
  }

  /** The input has ended: a character cut off at its end is ill-formed. */
  end(): void {
    if (this.carry.length > 0) this.found.push(this.carryAt);
    this.carry = new Uint8Array(0);
  }

  /**
   * The first ill-formed sequence at or after `from` and before `to`, or undefined; those
   * before `to` are then forgotten (records are asked about in order).
   */
  firstIn(from: number, to: number): number | undefined {
    let first: number | undefined;
    while (this.head < this.found.length && this.found[this.head]! < to) {
      const at = this.found[this.head++]!;
      if (first === undefined && at >= from) first = at;
    }
    if (this.head > 1024 && this.head * 2 >= this.found.length) {
      this.found.splice(0, this.head);
      this.head = 0;
    }
    return first;
  }
}
