/**
 * A worker thread of the batch pool (src/cli/pool.ts). It runs
 * `processFile` for one file at a time, exactly as the in-process path does,
 * and reads and writes its files itself. No message per file is needed to
 * hand out work: the worker claims the next file of the batch's list (given
 * once, at start) through a table shared by all workers (see {@link claimNext}).
 * It posts back the stderr report lines of a file as they happen, and the
 * small FileResult summaries of finished files in batches (see
 * DONE_BATCH_FILES): a message costs a wake-up of the main thread, which on a
 * batch of small files cost the workers more time than the files. The main
 * thread decides what gets printed when, so this file never writes to stdout
 * or stderr itself.
 *
 * The repetition profile arrives as a path, not as a sketch: a 16 MiB
 * table is cheaper to read from disk once per worker than to copy through
 * a message, and a worker must not share the main thread's objects anyway.
 */
import { promises as fs } from 'node:fs';
import { parentPort } from 'node:worker_threads';
import { defaultLexicon } from '../lexicon.js';
import { defaultModel } from '../model.js';
import { RepetitionSketch } from '../repetition.js';
import { outputPath, syncFileSink } from './output.js';
import { everyMs, outputExtension, processBatchFile, type FileResult, type RunOptions } from './process.js';
import type { InputFile } from './inputs.js';
import type { InputFormat } from '../sniff.js';
import { claimNext } from './claim.js';
import { mirrorTemps } from './interrupt.js';

/**
 * What the pool sends a worker, once, when the batch's files are known (a worker is started
 * earlier, while the main thread is still walking the input folders, so that its module
 * loading and set-up overlap with the walk).
 */
export interface WorkerSetup {
  /** The files of the batch that workers handle, by index; `id` is the file's place in the input order. */
  tasks: WorkerTask[];
  /**
   * Who has taken each task: 0 = nobody yet, otherwise the `worker` number of the
   * worker that took it. Shared by the pool and all its workers.
   */
  owners: Int32Array;
  /** Hint shared by all workers: every task before this index has been taken. */
  next: Int32Array;
  /** This worker's own number (1, 2, ...; a replacement after a crash gets a new one). */
  worker: number;
  /** Index (in `tasks`) of the task this worker is running, -1 between tasks: tells the pool which file a crash cost. */
  current: Int32Array;
  /** Task indexes given to this worker outright (the unfinished tasks of a crashed worker), run before claiming any. */
  given: number[];
  /** Run options without `repetition` (a class instance does not survive structured cloning). */
  opts: Omit<RunOptions, 'repetition'>;
  /** Path of the repetition profile, loaded once by each worker. */
  profile?: string;
  /** Output folder (batches always write files; stdout stays with the main thread). */
  out: string;
  /** Whether the pool shows a progress bar: then the worker posts how far it has read into a long file. */
  progress: boolean;
  /** Where this worker keeps the names of its temporary files, for the pool to remove after stopping it (interrupt.ts). */
  temps: Uint8Array;
}

/** A file of the batch. */
export interface WorkerTask {
  id: number;
  input: InputFile;
}

/** Worker to main thread. */
export type WorkerMessage =
  | { type: 'ready' }
  | { type: 'started' }
  | { type: 'report'; id: number; line: string }
  /** Bytes read so far of a file still running (at most every READING_POST_MS, only with a progress bar). */
  | { type: 'reading'; id: number; bytes: number }
  | { type: 'done'; results: Array<{ id: number; result: FileResult }> };

const port = parentPort;
if (port === null) throw new Error('src/cli/worker.ts runs only as a worker thread of the batch pool');

const post = (m: WorkerMessage) => port.postMessage(m);

// Filled in by the pool's one message (see the end of this file).
let setup: WorkerSetup;
let opts: RunOptions;

/**
 * Finished files a worker holds before it posts their results in one message.
 * Each message wakes the main thread; one per small file made the workers of
 * a 10,000-file batch spend ~8% of their time in postMessage.
 * @default 64
 */
export const DONE_BATCH_FILES = 64;

/**
 * Longest a worker holds a finished file's result, in milliseconds, checked
 * when a file ends (and by a timer while a file waits on I/O): the progress
 * bar and the in-order stderr keep moving when files are slow.
 * @default 100
 */
export const DONE_BATCH_MS = 100;

/**
 * Least time between two `reading` messages of a worker, in milliseconds: often enough for the
 * progress bar's redraws, rare enough that a long file costs a handful of messages a second.
 * @default 200
 */
export const READING_POST_MS = 200;

async function run(task: WorkerTask, onReport: () => void): Promise<FileResult> {
  const { id, input } = task;
  const makeSink = async (format: InputFormat) => syncFileSink(outputPath(setup.out, input.rel, outputExtension(opts.command, format, input.rel)));
  const onBytes = setup.progress ? everyMs(READING_POST_MS, (bytes) => post({ type: 'reading', id, bytes })) : undefined;
  return processBatchFile(
    input,
    makeSink,
    opts,
    (line) => {
      onReport();
      post({ type: 'report', id, line });
    },
    onBytes,
  );
}

const held: Array<{ id: number; result: FileResult }> = [];
let heldSince = 0;
let timer: NodeJS.Timeout | undefined;

function flush(): void {
  if (timer !== undefined) clearTimeout(timer);
  timer = undefined;
  if (held.length === 0) return;
  post({ type: 'done', results: held.splice(0) });
}

async function work(): Promise<void> {
  const given = setup.given.slice();
  for (;;) {
    const index = given.length > 0 ? given.shift()! : claimNext(setup.owners, setup.next, setup.worker);
    if (index < 0) break;
    const task = setup.tasks[index]!;
    Atomics.store(setup.current, 0, index);
    let reported = false;
    const result = await run(task, () => (reported = true));
    Atomics.store(setup.current, 0, -1);
    if (held.length === 0) {
      heldSince = performance.now();
      timer = setTimeout(flush, DONE_BATCH_MS);
    }
    held.push({ id: task.id, result });
    // A file that printed reports is never held: if this worker crashed before posting it, the
    // pool would run it again and its reports would be printed twice.
    if (reported || held.length >= DONE_BATCH_FILES || performance.now() - heldSince >= DONE_BATCH_MS) flush();
  }
  flush();
}

// The worker stays until the pool terminates it (the port's listener keeps it alive): an exit
// before that is a crash, and the pool hands this worker's unfinished files to a new one.
port.once('message', (start: WorkerSetup) => {
  void (async () => {
    setup = start;
    mirrorTemps(setup.temps);
    opts = {
      ...setup.opts,
      repetition: setup.profile === undefined ? undefined : RepetitionSketch.fromBuffer(await fs.readFile(setup.profile)),
    };
    post({ type: 'started' });
    await work();
  })();
});
port.on('message', () => {});
// What every file needs, built while the pool is still walking the folders (~0.15 s: the
// stopword lists, the lexicon files and their word table, the model); before 'ready', so a
// broken install fails here, as a worker that cannot start.
defaultLexicon().wordTable();
defaultModel();
post({ type: 'ready' });
