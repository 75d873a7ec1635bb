/**
 * The few largest values of a scan, kept as they come: what a reason names ("the two inputs
 * that moved it most"). One pass, no allocation per use: a reason is written for every line.
 * Order: larger value first, and on a tie the one offered first (the lower index in a scan),
 * the order two scans for "the largest below the last" gave.
 */
export class TopList {
  private readonly values: Float64Array;
  private readonly indexes: Int32Array;
  /** How many are held (at most the capacity). */
  count = 0;

  constructor(readonly capacity: number) {
    this.values = new Float64Array(capacity);
    this.indexes = new Int32Array(capacity);
  }

  clear(): void {
    this.count = 0;
  }

  /** Offer value `v` of item `i`; kept if it is among the `capacity` largest so far. */
  offer(v: number, i: number): void {
    const values = this.values;
    const indexes = this.indexes;
    let k = this.count;
    if (k === this.capacity) {
      if (k === 0 || !(v > values[k - 1]!)) return;
      k--;
    } else this.count++;
    while (k > 0 && values[k - 1]! < v) {
      values[k] = values[k - 1]!;
      indexes[k] = indexes[k - 1]!;
      k--;
    }
    values[k] = v;
    indexes[k] = i;
  }

  value(k: number): number {
    return this.values[k]!;
  }

  index(k: number): number {
    return this.indexes[k]!;
  }
}
