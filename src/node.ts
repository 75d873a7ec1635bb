/**
 * Node stream adapters, at the edge only: the pipeline itself works on
 * iterables. Each adapter is a Duplex whose writable side takes bytes and
 * whose readable side gives labelled lines (object mode) or clean text.
 *
 * They are Transforms driving the synchronous stages (splitter, Labeller, CleanStage) chunk by
 * chunk, not `Duplex.from(async function*)` over the async pipeline: a Duplex.from of an async
 * generator that is destroyed while its generator waits for the next chunk never emits 'close'
 * (the generator stays parked on a write that will not come), so `destroy()` on a stream whose
 * source had stalled, or a `pipeline()` aborted by its signal, hung for ever. A Transform is
 * destroyed at once, and holds back writes while its readable side is full (backpressure).
 */
import { Transform, type Duplex, type TransformCallback } from 'node:stream';
import type { Label, LabelledLine } from './types.js';
import { CLEAN_BYTES_OPTION_NAMES, LABEL_BYTES_OPTION_NAMES, Labeller, type CleanOptions } from './pipeline.js';
import { CleanStage } from './clean.js';
import { LABEL_OPTION_NAMES, pickOptions, resolveKeep, resolveOptions, type LabelOptions } from './options.js';
import { ChunkEncoder, LineSplitter, SPLITTER_OPTION_NAMES, checkSplitterOptions, type SplitterOptions } from './split.js';
import { checkOptionNames, invalidArgument } from './errors.js';

/**
 * The stream {@link createLabelStream} gives: a Duplex whose readable side holds `LabelledLine`
 * objects. Node types every Duplex's chunks as `any`; this says what they are where TypeScript
 * can carry it (`for await`, `read()`), so a misspelt `line.lable` does not compile. Node's
 * types for a stage in the middle of `stream/promises`' `pipeline()` want strings or Buffers out
 * of it, so there the stream goes in as a plain Duplex:
 * `pipeline(source, createLabelStream() as Duplex, async (lines: AsyncIterable<LabelledLine>) => ...)`.
 */
export interface LabelStream extends Duplex {
  [Symbol.asyncIterator](): AsyncIterableIterator<LabelledLine>;
  read(size?: number): LabelledLine | null;
}

/** Bytes in, `LabelledLine` objects out. */
export function createLabelStream(options: LabelOptions & SplitterOptions = {}): LabelStream {
  // Bad options throw here, at the call, not later as a stream 'error'.
  const labelOptions = checkedLabelOptions(options);
  checkSplitterOptions(options);
  checkOptionNames('createLabelStream', options, LABEL_BYTES_OPTION_NAMES);
  const labeller = new Labeller(labelOptions, { reasons: options.reasons ?? true });
  // The Transform's readable side holds exactly these objects: the interface only names them.
  return lineTransform('createLabelStream', options, labeller, (labelled, stream) => {
    let room = true;
    for (const line of labelled) room = stream.push(line);
    return room;
  }) as LabelStream;
}

/**
 * The stream {@link createCleanStream} gives: a Duplex whose readable side holds strings of kept
 * lines, each line ending in `\n`, one or more to a chunk (object mode: piped to a file or stdout they are written as UTF-8;
 * collected, they are joined, not `Buffer.concat`ed). Typed so that `for await` gives strings
 * (QA pass 19: the chunks were `any`, and the README said UTF-8 text); `read()` keeps Duplex's
 * type, as LabelStream's does, so the stream fits `pipeline(source, createCleanStream(), sink)`.
 */
export interface CleanStream extends Duplex {
  [Symbol.asyncIterator](): AsyncIterableIterator<string>;
}

/** Bytes in, the kept lines out as strings (each line `\n`-terminated). */
export function createCleanStream(options: CleanOptions & SplitterOptions & { keep?: readonly Label[] } = {}): CleanStream {
  const labelOptions = checkedLabelOptions(options);
  const { keep, textOnly } = resolveKeep(options);
  checkSplitterOptions(options);
  checkOptionNames('createCleanStream', options, CLEAN_BYTES_OPTION_NAMES);
  // Only kept text leaves, so no reasons are written (as in cleanByteBatches).
  const labeller = new Labeller(labelOptions, { reasons: false });
  const clean = new CleanStage(keep, textOnly);
  const kept: string[] = [];
  return lineTransform('createCleanStream', options, labeller, (labelled, stream) => {
    for (const line of labelled) clean.push(line, kept);
    const room = kept.length === 0 || stream.push(kept.join('\n') + '\n');
    kept.length = 0;
    return room;
  }) as CleanStream;
}

/**
 * The labeller's options among a stream's, checked first (their values, as before the names
 * were checked, so a bad value is still the first error named).
 */
function checkedLabelOptions(options: LabelOptions): LabelOptions {
  if (typeof options === 'object' && options !== null) options = pickOptions(options, LABEL_OPTION_NAMES);
  resolveOptions(options);
  return options;
}

/**
 * Bytes of a written chunk labelled at a time. A write is taken a slice at a time, and the next
 * slice waits while the readable side is full: a caller that wrote a whole file in one chunk had
 * all its labelled lines waiting at once (32,000 LabelledLine objects for a 4 MB write, several
 * times the bytes), whatever the reader's pace.
 * @default 65536
 */
export const STREAM_SLICE_BYTES = 65536;

/** String encodings that stand for bytes rather than text (`Buffer.from(string, encoding)` decodes them). */
const BYTES_ENCODINGS: ReadonlySet<string> = new Set(['hex', 'base64', 'base64url']);

/**
 * A Transform that splits written chunks into lines, labels them and hands each chunk's
 * labelled lines to `emit`. Both sides are in object mode, as before: chunks may be Buffers,
 * Uint8Arrays or strings (ChunkEncoder), and a chunk of another kind fails the stream, naming it.
 */
function lineTransform(fn: string, options: SplitterOptions, labeller: Labeller, emit: (labelled: LabelledLine[], stream: Transform) => boolean): Transform {
  const splitter = new LineSplitter(pickOptions(options, SPLITTER_OPTION_NAMES));
  const lines: string[] = [];
  const labelled: LabelledLine[] = [];
  // A chunk is written, not taken from a `source`: named by its write, counted from 1.
  const chunks = new ChunkEncoder((chunk, index) => {
    const error = invalidArgument('chunk', 'a Uint8Array or a string', chunk, `${fn}().write`);
    error.message += ` (write ${index + 1})`;
    return error;
  });
  /**
   * Label the lines split so far (and, at the end, the lines the labeller still holds) and emit
   * them; false when the readable side is full.
   */
  const deliver = (stream: Transform, last: boolean): boolean => {
    for (const line of lines) labeller.push(line, labelled);
    lines.length = 0;
    if (last) labeller.end(labelled);
    const room = emit(labelled, stream);
    labelled.length = 0;
    return room;
  };
  /** The written chunk still being labelled, from `at`, and the callback that takes the next write. */
  let pending: { bytes: Uint8Array; at: number; callback: TransformCallback } | undefined;
  /** Label the pending chunk a slice at a time until it is done (then take the next write) or the readable side is full. */
  const work = (stream: Transform): void => {
    const p = pending!;
    try {
      for (;;) {
        const end = Math.min(p.bytes.length, p.at + STREAM_SLICE_BYTES);
        splitter.push(p.bytes.subarray(p.at, end), lines);
        p.at = end;
        const room = deliver(stream, false);
        if (end === p.bytes.length) break;
        // Resumed by _read, when the reader takes what waits.
        if (!room) return;
      }
    } catch (e) {
      pending = undefined;
      p.callback(e as Error);
      return;
    }
    pending = undefined;
    p.callback();
  };
  const transform = new Transform({
    objectMode: true,
    // One chunk waiting on each side, as Duplex.from had: a chunk's lines are held at most
    // twice over, whatever the chunk count of the source.
    highWaterMark: 1,
    transform(this: Transform, chunk: unknown, encoding: BufferEncoding, callback: TransformCallback) {
      try {
        // In object mode a string comes with the encoding it was written with: a bytes encoding
        // says it stands for bytes (write('SG9tZQo=', 'base64') is "Home"); it was read as text.
        // Any other string is text already, whatever encoding was named.
        if (typeof chunk === 'string' && BYTES_ENCODINGS.has(encoding)) chunk = Buffer.from(chunk, encoding);
        pending = { bytes: chunks.bytes(chunk), at: 0, callback };
      } catch (e) {
        callback(e as Error);
        return;
      }
      work(this);
    },
    flush(this: Transform, callback: TransformCallback) {
      try {
        splitter.push(chunks.end(), lines);
        splitter.end(lines);
        deliver(this, true);
        callback();
      } catch (e) {
        callback(e as Error);
      }
    },
  });
  // The reader wants more: the rest of a chunk that waited goes first, then Transform's own
  // _read (which takes the next write once the readable side has room).
  const read = transform._read.bind(transform);
  transform._read = (size: number): void => {
    if (pending !== undefined) {
      work(transform);
      if (pending !== undefined) return;
    }
    read(size);
  };
  return transform;
}
