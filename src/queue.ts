/**
 * A first-in first-out queue for the stages' waiting lines. `Array.prototype.shift` moves every
 * element left, so a stage holding a long run of blank lines behind a waiting line (one line,
 * 100,000 blank ones, one line) spent quadratic time draining it: 3.8 s for 100,000 in three
 * stages, and minutes for a few hundred thousand. Here taking the front moves a head index, and
 * the taken slots are dropped once they are half the store.
 */
export class Queue<T> {
  private items: Array<T | undefined> = [];
  private head = 0;

  get length(): number {
    return this.items.length - this.head;
  }

  push(item: T): void {
    this.items.push(item);
  }

  /** The i-th waiting item from the front (0 is the front); undefined past the end. */
  at(i: number): T | undefined {
    return this.items[this.head + i];
  }

  /** Take the front item; undefined when empty. */
  shift(): T | undefined {
    if (this.head === this.items.length) return undefined;
    const item = this.items[this.head];
    this.items[this.head++] = undefined;
    if (this.head === this.items.length) {
      this.items.length = 0;
      this.head = 0;
    } else if (this.head >= COMPACT_MIN && this.head * 2 >= this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
    return item;
  }
}

/** Taken slots kept before the store is compacted: below it, the copy is not worth it. */
const COMPACT_MIN = 1024;
