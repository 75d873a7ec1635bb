/**
 * Node stream adapters, at the edge only: the pipeline itself works on
 * iterables. Each adapter is a Duplex whose writable side takes bytes and
 * whose readable side gives labelled lines (object mode) or clean text.
 */
import { Duplex } from 'node:stream';
import type { Label } from './types.js';
import { labelByteBatches, cleanByteBatches, type CleanOptions } from './pipeline.js';
import { resolveKeep, resolveOptions, type LabelOptions } from './options.js';
import { checkSplitterOptions, type SplitterOptions } from './split.js';

/** Bytes in, `LabelledLine` objects out. */
export function createLabelStream(options: LabelOptions & SplitterOptions = {}): Duplex {
  // Bad options throw here, at the call, not later as a stream 'error'.
  resolveOptions(options);
  checkSplitterOptions(options);
  return Duplex.from(async function* (source: AsyncIterable<Uint8Array | string>) {
    for await (const batch of labelByteBatches(source, options)) yield* batch;
  });
}

/** Bytes in, the kept lines out as UTF-8 text (one line each, `\n`-terminated). */
export function createCleanStream(options: CleanOptions & SplitterOptions & { keep?: readonly Label[] } = {}): Duplex {
  resolveOptions(options);
  resolveKeep(options);
  checkSplitterOptions(options);
  return Duplex.from(async function* (source: AsyncIterable<Uint8Array | string>) {
    for await (const batch of cleanByteBatches(source, options)) yield batch.join('\n') + '\n';
  });
}
