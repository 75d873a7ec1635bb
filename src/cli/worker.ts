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
import { closeSync, mkdirSync, openSync, promises as fs, renameSync, rmSync, writeSync } from 'node:fs';
import path from 'node:path';
import { parentPort, threadId, workerData } from 'node:worker_threads';
import { RepetitionSketch } from '../repetition.js';
import { outputPath, type Sink } from './output.js';
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

/**
 * Output a sink keeps in memory before it opens its temporary file and
 * writes as it goes. Most scraped pages clean to a few KB, which then
 * cost one write at commit; a long text stream still streams.
 * @default 4194304 (4 MiB)
 */
export const BUFFERED_OUTPUT_BYTES = 4 << 20;

/** Folders this worker has already created (a batch writes many files per folder). */
const madeDirs = new Set<string>();

function writeAll(fd: number, text: string): void {
  const bytes = Buffer.from(text, 'utf8');
  for (let off = 0; off < bytes.length; ) off += writeSync(fd, bytes, off, bytes.length - off);
}

/**
 * The worker's file sink: the same contract as output.ts's fileSink (a
 * temporary name beside the target, renamed when complete, removed on
 * abort), with synchronous calls. A worker handles one file at a time and
 * has nothing else to do while it waits, and a batch of small files spends
 * more on handing each fs call to libuv's thread pool and back (shared by
 * all workers) than on the call itself.
 */
function workerSink(target: string): Sink {
  const dir = path.dirname(target);
  if (!madeDirs.has(dir)) {
    mkdirSync(dir, { recursive: true });
    madeDirs.add(dir);
  }
  const tmp = path.join(dir, `.${path.basename(target)}.${process.pid}-${threadId}.${Math.random().toString(36).slice(2)}.tmp`);
  let parts: string[] = [];
  let buffered = 0;
  let fd: number | undefined;
  const spill = () => {
    fd ??= openSync(tmp, 'w');
    writeAll(fd, parts.join(''));
    parts = [];
    buffered = 0;
  };
  return {
    write(text) {
      parts.push(text);
      buffered += text.length;
      if (buffered >= BUFFERED_OUTPUT_BYTES) spill();
    },
    async commit() {
      spill(); // opens the file if it was never opened: an empty output is still a file
      closeSync(fd!);
      fd = undefined;
      renameSync(tmp, target);
    },
    async abort() {
      if (fd !== undefined) closeSync(fd);
      fd = undefined;
      rmSync(tmp, { force: true });
    },
  };
}

async function run(task: WorkerTask): Promise<void> {
  const { id, input } = task;
  const makeSink = async (format: InputFormat) => workerSink(outputPath(setup.out, input.rel, outputExtension(opts.command, format)));
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

// The pool keeps up to TASKS_IN_FLIGHT tasks queued here (pool.ts), so the
// next file is ready when one ends; chaining runs them strictly one after
// another, in the order sent, which the pool relies on to match each `done`.
let queue: Promise<void> = Promise.resolve();
port.on('message', (task: WorkerTask) => {
  queue = queue.then(() => run(task));
});
post({ type: 'ready' });
