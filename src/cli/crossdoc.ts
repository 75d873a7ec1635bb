/**
 * Cross-document repetition counts for `--cross-doc` on stdin: the warm-up
 * window that lets a stream read once get the counts a second pass would have
 * given. How one page is counted (shared by `boilerstrip profile`, the
 * two-pass file mode and this window) is countPage in src/cli/profile.ts: it
 * needs the HTML parser, which this module, imported by the CLI at start,
 * does not load.
 */

import type { CountedWith } from '../repetition.js';
import { DEFAULT_PAGE_FIELDS } from '../json/records.js';
import type { ProfileReadOptions } from './profile.js';

/**
 * Documents the stdin warm-up window buffers before it labels the first one.
 * A line shared by a fifth of them (REPEAT_DOC_SHARE in src/context.ts) is
 * then seen in 50 or more documents, far above the sketch's noise.
 * @default 256
 */
export const WARM_UP_DOCUMENTS = 256;

/**
 * Input bytes after which the warm-up window closes even with fewer than
 * WARM_UP_DOCUMENTS documents, so that a stream of huge records stays
 * within a fixed memory budget (parsed records take about twice their bytes).
 * @default 67108864 (64 MiB)
 */
export const WARM_UP_BYTES = 64 << 20;

export interface WarmUpWindow {
  /** @default WARM_UP_DOCUMENTS */
  documents: number;
  /** @default WARM_UP_BYTES */
  bytes: number;
}

export const DEFAULT_WARM_UP: WarmUpWindow = { documents: WARM_UP_DOCUMENTS, bytes: WARM_UP_BYTES };

/**
 * Passes `items` through in order, so that each one has been counted before
 * it comes out, and the first ones only once a window of them has been
 * counted.
 *
 * `count` is called for every item as soon as it arrives and says whether it
 * was a document. Items are held back until `window.documents` documents
 * were counted or `bytesRead()` reaches `window.bytes` (or the input ends);
 * then the held items come out, and every later item comes out right after
 * it is counted. When the whole input fits in the window, every item is
 * labelled with the counts of the whole input, as a second pass would.
 */
export async function* warmUp<T>(
  items: AsyncIterable<T>,
  count: (item: T) => boolean,
  window: WarmUpWindow,
  bytesRead: () => number,
): AsyncGenerator<T> {
  let held: T[] | null = [];
  let documents = 0;
  for await (const item of items) {
    if (count(item)) documents += 1;
    if (held === null) {
      yield item;
      continue;
    }
    held.push(item);
    if (documents >= window.documents || bytesRead() >= window.bytes) {
      const out = held;
      held = null; // the window is closed: later items stream
      yield* release(out);
    }
  }
  if (held !== null) yield* release(held);
}

/** The items in order, each let go of once it has been taken. */
function* release<T>(items: T[]): Generator<T> {
  for (let i = 0; i < items.length; i++) {
    const item = items[i]!;
    items[i] = undefined as T;
    yield item;
  }
}

/**
 * The read options a profile keeps (RepetitionSketch.countedWith), named as the flags are, with
 * the defaults filled in: a profile counted without --field and a run given the default fields
 * read the same pages.
 */
export function countedWith(read: Omit<ProfileReadOptions, 'report'>): CountedWith {
  const options: Record<string, string | readonly string[]> = { '--field': read.fields ?? DEFAULT_PAGE_FIELDS, '--page-format': read.pageFormat ?? 'auto' };
  if (read.records !== undefined) options['--records'] = read.records;
  if (read.encoding !== undefined) options['--encoding'] = read.encoding;
  if (read.format !== undefined) options['--format'] = read.format;
  // Not --site-field: it says whose pages a line's counts are, not which lines are counted, so a
  // run given another one finds the same lines (QA pass 17: the warning said lines would not be found).
  return options;
}

/**
 * How a profile's read options differ from a run's, one "--flag profile's (this run: run's)" a
 * flag; none for a profile saved before they were kept. `--format` is compared only when both
 * gave it: by default the format is found per input (by extension, then content), which a
 * forced one may well agree with.
 */
export function readOptionsDiffer(profile: CountedWith | undefined, run: CountedWith): string[] {
  if (profile === undefined) return [];
  const shown = (v: string | readonly string[] | undefined) => (v === undefined ? 'none' : typeof v === 'string' ? v : v.join(', '));
  const differ: string[] = [];
  for (const name of new Set([...Object.keys(profile), ...Object.keys(run)])) {
    if (name === '--format' && (profile[name] === undefined || run[name] === undefined)) continue;
    // Kept by profiles of session 29; it changes no line's counts (countedWith).
    if (name === '--site-field') continue;
    const a = shown(profile[name]);
    const b = shown(run[name]);
    if (a !== b) differ.push(`${name} ${a} (this run: ${b})`);
  }
  return differ;
}
