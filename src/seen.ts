/**
 * The lines of a document seen so far, as the context stage asks about them: "has a line with
 * this normalised text (repetition.ts, normaliseLine) come before?" A bounded set: when it
 * holds `capacity` distinct lines it forgets them all and starts again.
 *
 * Kept as hashes, not strings: a Set of normalised strings made a lower-cased, collapsed copy
 * of every line (~6% of the labelling time). Here each line is hashed in one pass
 * (normalisedHash) and only a hash match compares text (sameNormalised, which reads both
 * lines' normalised text in step without making it), so the answers are exactly those of the
 * Set (a collision costs a comparison, never a wrong answer). Lines with the same hash stand in consecutive slots of an open-addressing table.
 */
import { normalisedHash, sameNormalised } from './repetition.js';
import { copyString } from './scan.js';

/**
 * Slots the table starts with; it doubles when half full, up to twice the capacity (a power
 * of two). Small, because the capacity is a user option (maxSeenLines) and may be large.
 * @default 256
 */
export const SEEN_INITIAL_SLOTS = 256;

/** The tables of a SeenLines that has held no line yet: empty, never written to. */
const NO_SLOTS = new Int32Array(0);

export class SeenLines {
  /** Slot -> entry + 1 (0 = empty). */
  private slots: Int32Array;
  private hashes: Int32Array;
  /** Each entry's line, a copy of it as it was given (compared only when a hash matches). */
  private texts: string[] = [];
  private count = 0;

  constructor(private readonly capacity: number) {
    // Made on the first line: a labeller is made per document, and a stream of one-line records
    // paid for tables it never filled (typed arrays are slow to make; QA pass 5).
    this.slots = NO_SLOTS;
    this.hashes = NO_SLOTS;
  }

  /** Distinct normalised lines held. */
  get size(): number {
    return this.count;
  }

  /**
   * True when a line with the same normalised text is held; otherwise false, and the line is
   * added (after forgetting every line when `capacity` are held). `hash` is the line's
   * normalisedHash when the caller has it already (the first stage finds it in its pass).
   */
  testAndAdd(line: string, hash?: number): boolean {
    const h = hash ?? normalisedHash(line);
    if (this.slots.length === 0) {
      this.slots = new Int32Array(SEEN_INITIAL_SLOTS);
      this.hashes = new Int32Array(SEEN_INITIAL_SLOTS >> 1);
    }
    const mask = this.slots.length - 1;
    let slot = h & mask;
    for (let e = this.slots[slot]!; e !== 0; e = this.slots[slot]!) {
      if (this.hashes[e - 1] === h && sameNormalised(this.texts[e - 1]!, line)) return true;
      slot = (slot + 1) & mask;
    }
    if (this.count >= this.capacity) {
      this.clear();
      slot = h & (this.slots.length - 1);
    } else if (this.count * 2 >= this.slots.length) {
      this.grow();
      slot = this.freeSlot(h);
    }
    this.hashes[this.count] = h;
    // A line is usually a slice of its decoded input chunk, and a kept slice keeps the whole
    // chunk alive: up to `capacity` chunks for a stream whose new lines come slowly (the 100 MB
    // memory test peaked at 149 MB). Keep a copy of just the line.
    this.texts[this.count] = copyString(line);
    this.slots[slot] = ++this.count;
    return false;
  }

  private freeSlot(h: number): number {
    const mask = this.slots.length - 1;
    let slot = h & mask;
    while (this.slots[slot] !== 0) slot = (slot + 1) & mask;
    return slot;
  }

  private grow(): void {
    this.slots = new Int32Array(this.slots.length * 2);
    const hashes = new Int32Array(this.slots.length >> 1);
    hashes.set(this.hashes);
    this.hashes = hashes;
    for (let e = 0; e < this.count; e++) this.slots[this.freeSlot(hashes[e]!)] = e + 1;
  }

  /** Forget every line; the table keeps its size. Texts are dropped too: they may pin their input chunk. */
  private clear(): void {
    this.slots.fill(0);
    for (let e = 0; e < this.count; e++) this.texts[e] = '';
    this.count = 0;
  }
}
