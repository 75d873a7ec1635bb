/**
 * Cross-document repetition counts for `--cross-doc` on stdin: the warm-up
 * window that lets a stream read once get the counts a second pass would have
 * given. How one page is counted (shared by `boilerstrip profile`, the
 * two-pass file mode and this window) is countPage in src/cli/profile.ts: it
 * needs the HTML parser, which this module, imported by the CLI at start,
 * does not load.
 */

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
