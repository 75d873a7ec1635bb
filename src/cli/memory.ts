/**
 * Keeping the heap near what the run holds, between records and between files.
 *
 * V8 starts its next full collection when the old space reaches a multiple of what survived
 * the last one (at most 2.5x here: the launcher's `--heap-growing-percent=150`). When that
 * collection lands while a large page is being labelled, the page's DOM and lines count as
 * surviving, and the trigger for the records after it sits far above what they need; the
 * garbage of ordinary records then piles up to it. On 1,500 records of the benchmark pages
 * (272 MB of JSONL) one run in five peaked at 270-286 MB RSS with 184 MB of heap in use, where
 * the others peaked at 180-208 MB; a collection made between records once the heap in use
 * passes SOFT_HEAP_LIMIT_BYTES ended those peaks (5 runs: 181-194 MB) at about one forced
 * collection a run.
 *
 * The CLI's launcher (bin/boilerstrip.js) runs Node with `--expose-gc` for this; a library
 * caller's process has no `gc` function, and then nothing happens.
 */
import { getHeapStatistics } from 'node:v8';

/**
 * Heap in use, in bytes, past which a collection is made between two records or files.
 * A forced full collection costs a few hundred milliseconds of CPU with ~60 MB in use, so the
 * limit sits above what a run normally reaches between records (it fired 26-36 times a run at
 * 64 MiB, adding half the CPU time; 2-4 times at 80 MiB; about once at 96 MiB).
 * @default 100663296 (96 MiB)
 */
export const SOFT_HEAP_LIMIT_BYTES = 96 << 20;

/** V8's `gc` function when the process was started with `--expose-gc`. */
const collect: (() => void) | undefined = typeof (globalThis as { gc?: unknown }).gc === 'function' ? (globalThis as unknown as { gc: () => void }).gc : undefined;

/**
 * Between two records (or files): collect when the heap in use has passed `limit`. True when
 * it collected.
 */
export function relieveHeap(limit = SOFT_HEAP_LIMIT_BYTES): boolean {
  if (collect === undefined || getHeapStatistics().used_heap_size <= limit) return false;
  collect();
  return true;
}
