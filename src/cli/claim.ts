/**
 * How the workers of the batch pool (src/cli/pool.ts) share out the files
 * without a message per file: a table with one slot per file, holding the
 * number of the worker that took it (0 while nobody has). Taking a file is
 * one atomic compare-and-exchange on its slot, so two workers never take the
 * same file, and after a crash the pool reads from the table which files
 * were the crashed worker's.
 */

/**
 * Take the next task nobody has taken: the owner table says who has which, so the
 * pool knows after a crash which files were the crashed worker's. -1 when none is left.
 */
export function claimNext(owners: Int32Array, next: Int32Array, worker: number): number {
  for (let i = Atomics.load(next, 0); i < owners.length; i++) {
    if (Atomics.compareExchange(owners, i, 0, worker) === 0) {
      // Only a hint (a smaller value just costs a few failed exchanges), so a plain store will do.
      Atomics.store(next, 0, i + 1);
      return i;
    }
  }
  return -1;
}
