/**
 * A worker thread of the batch pool (src/cli/pool.ts). It runs
 * `processFile` for one file at a time, exactly as the in-process path does,
 * and posts back the file's stderr report lines as they happen and its
 * FileResult at the end. The main thread decides what gets printed when, so
 * this file never writes to stdout or stderr itself.
 *
 * The repetition profile arrives as a path, not as a sketch: a 16 MiB
 * table is cheaper to read from disk once per worker than to copy through
 * a message, and a worker must not share the main thread's objects anyway.
 */
import { promises as fs } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { RepetitionSketch } from '../repetition.js';
import { fileSink, outputPath } from './output.js';
import { outputExtension, processFile, type FileResult, type RunOptions } from './process.js';
import type { InputFile } from './inputs.js';
import type { InputFormat } from '../sniff.js';

/** What the pool gives a worker when it starts. */
export interface WorkerSetup {
  /** Run options without `repetition` (a class instance does not survive structured cloning). */
  opts: Omit<RunOptions, 'repetition'>;
  /** Path of the repetition profile, loaded once by each worker. */
  profile?: string;
  /** Output folder (batches always write files; stdout stays with the main thread). */
  out: string;
}

/** Main thread to worker: process this file. */
export interface WorkerTask {
  id: number;
  input: InputFile;
}

/** Worker to main thread. */
export type WorkerMessage =
  | { type: 'ready' }
  | { type: 'report'; id: number; line: string }
  | { type: 'done'; id: number; result: FileResult };

const port = parentPort;
if (port === null) throw new Error('src/cli/worker.ts runs only as a worker thread of the batch pool');

const setup = workerData as WorkerSetup;
const opts: RunOptions = {
  ...setup.opts,
  repetition: setup.profile === undefined ? undefined : RepetitionSketch.fromBuffer(await fs.readFile(setup.profile)),
};

const post = (m: WorkerMessage) => port.postMessage(m);

async function run(task: WorkerTask): Promise<void> {
  const { id, input } = task;
  const makeSink = (format: InputFormat) => fileSink(outputPath(setup.out, input.rel, outputExtension(opts.command, format)));
  let result: FileResult;
  try {
    result = await processFile(input, makeSink, opts, (line) => post({ type: 'report', id, line }));
  } catch (e) {
    // processFile reports its own failures; anything thrown here is a bug, and
    // it should fail this one file, not the worker and the files after it.
    result = { file: input.path, status: 'failed', message: `${input.path}: ${(e as Error).message}`, bytesIn: 0 };
  }
  post({ type: 'done', id, result });
}

// The pool sends one task at a time and waits for `done`; chaining anyway
// keeps files strictly one after another should that ever change.
let queue: Promise<void> = Promise.resolve();
port.on('message', (task: WorkerTask) => {
  queue = queue.then(() => run(task));
});
post({ type: 'ready' });
