/**
 * `clean`/`label` over many files with a pool of threads (`--jobs N`): the
 * main thread and N - 1 worker threads (src/cli/worker.ts), each running
 * `processFile` for one file at a time and reading and writing its files
 * itself. They take files in input order from a table they share
 * (src/cli/claim.ts); workers post back small summaries of finished files in
 * batches. The main thread also prints: each file's stderr lines in input
 * order, so what a run prints does not depend on N or on which thread
 * finished first. Output files are per input, so they are the same whatever
 * N is.
 *
 * Report lines of the file at the head of the order are printed as they
 * come; those of later files wait in a buffer until every earlier file is
 * done. A JSONL file with many bad records therefore streams its reports
 * when it is the oldest unfinished file, and is only buffered behind a slower
 * one.
 *
 * Stdin (`-`) is read by the main thread itself: a worker has no stdin of
 * its own.
 */
import os from 'node:os';
import { promises as fsp } from 'node:fs';
import { Worker } from 'node:worker_threads';
import cliProgress from 'cli-progress';
import type { InputFile } from './inputs.js';
import type { InputFormat } from '../sniff.js';
import { fileSink, outputPath, syncFileSink } from './output.js';
import { claimNext } from './claim.js';
import { newTempSlot, onInterrupt, removeSlotTemps } from './interrupt.js';
import { everyMs, outputExtension, processBatchFile, type FileResult, type RunOptions } from './process.js';
import type { WorkerMessage, WorkerSetup, WorkerTask } from './worker.js';

/** The main thread's number in the owner table (see claim.ts): workers count from 1. */
const MAIN_THREAD = -1;

/** Default `--jobs`: as many workers as the machine can run at once. */
export function defaultJobs(): number {
  return os.availableParallelism();
}

/**
 * How often the progress bar is redrawn, in milliseconds. Redrawing on every
 * one of 10,000 small files would cost more than the files.
 * @default 200
 */
export const PROGRESS_REDRAW_MS = 200;

/**
 * Prefix of every stderr line, as in the in-process path; needed here
 * because lines printed while the bar is shown go through the bar's logger.
 * @default 'boilerstrip: '
 */
export const REPORT_PREFIX = 'boilerstrip: ';

export interface PoolOptions {
  /**
   * Threads that process files: the main thread and `jobs - 1` workers (capped at the number of
   * files when they are known at start), or `jobs` workers with `mainThread: false`.
   */
  jobs: number;
  /**
   * Whether the main thread takes files too, between its printing. Each worker is an isolate
   * that loads and warms up the pipeline on its own (~1 s of CPU on a 10,000-file batch, which
   * made 2 workers only 1.5x one in-process run); the main thread has done that already, and
   * sits idle otherwise. Tests of worker crashes turn it off, so every file goes to a worker.
   * @default true
   */
  mainThread?: boolean;
  /** The worker script; tests pass one that wraps it. @default ./worker.js beside this file */
  workerUrl?: URL;
}

export interface RunPoolOptions {
  /** Output folder. */
  out: string;
  /** Run options; `repetition` is ignored, workers load `profile` themselves. */
  opts: RunOptions;
  /** Path of the repetition profile, if any. */
  profile?: string;
  /** Prints one stderr report line (without the prefix and newline). */
  report: (message: string) => void;
  /** Show a progress bar on stderr. @default process.stderr.isTTY */
  progress?: boolean;
}

/** A progress bar that can also print lines above itself. */
interface Progress {
  log(line: string): void;
  /** Bytes read so far of file `id`, still running: counted until the file is done. */
  reading(id: number, bytes: number): void;
  done(id: number, result: FileResult): void;
  stop(): void;
}

function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let v = n / 1024;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u += 1;
  }
  return `${v.toFixed(v < 10 ? 1 : 0)} ${units[u]}`;
}

/**
 * Milliseconds of a batch before the ETA is shown, unless {@link ETA_SETTLE_SHARE} of it is done
 * sooner: the first files' rate is mostly start-up, and a 5 s run first showed 40 minutes left
 * (QA pass 22).
 * @default 2000
 */
export const ETA_SETTLE_MS = 2000;

/**
 * Share of a batch done after which the ETA is shown however early.
 * @default 0.05
 */
export const ETA_SETTLE_SHARE = 0.05;

/**
 * Seconds left, from the share done so far at the rate so far; undefined before anything is
 * done. By bytes on disk when the batch's sizes are known (a batch of one big file and many
 * small ones moves by bytes, not by files), else by files.
 */
export function remainingSeconds(elapsedMs: number, done: number, total: number): number | undefined {
  if (done <= 0 || elapsedMs <= 0) return undefined;
  // The first sliver's rate is mostly start-up (threads, models loading): no estimate from it.
  if (elapsedMs < ETA_SETTLE_MS && done < ETA_SETTLE_SHARE * total) return undefined;
  return Math.max(0, ((total - done) * elapsedMs) / done / 1000);
}

function formatSeconds(s: number | undefined): string {
  if (s === undefined) return '–';
  if (s < 60) return `${Math.round(s)}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(Math.round(s % 60)).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}

/** Stats made at once while the sizes of a batch's files are read (for the progress bar only). */
const SIZE_SCAN_CONCURRENCY = 64;

/** The size on disk of every input, or undefined when one has none (stdin). */
async function inputSizes(inputs: readonly InputFile[]): Promise<number[] | undefined> {
  if (inputs.some((i) => i.path === '-')) return undefined;
  const sizes = new Array<number>(inputs.length).fill(0);
  for (let from = 0; from < inputs.length; from += SIZE_SCAN_CONCURRENCY) {
    await Promise.all(
      inputs.slice(from, from + SIZE_SCAN_CONCURRENCY).map(async (input, k) => {
        // A file that cannot be stat'ed fails when it is opened; it counts 0 bytes here.
        sizes[from + k] = await fsp.stat(input.path).then((st) => st.size, () => 0);
      }),
    );
  }
  return sizes;
}

function startProgress(inputs: readonly InputFile[]): Progress {
  const total = inputs.length;
  const multi = new cliProgress.MultiBar(
    {
      stream: process.stderr,
      format: 'boilerstrip {bar} {files}/{nfiles} files | {bytes} | {rate} | ETA {left}',
      fps: 1000 / PROGRESS_REDRAW_MS,
      hideCursor: true,
      clearOnComplete: true,
    },
    cliProgress.Presets.shades_classic,
  );
  const started = Date.now();
  let files = 0;
  let bytes = 0;
  // Files still running, with the bytes read of each (on disk: before gzip is undone): a batch
  // with one 1 GB file moves the bar while that file is read, not only when it ends.
  const running = new Map<number, number>();
  let runningBytes = 0;
  // Sizes on disk, read in the background: until they are known (or with stdin among the
  // inputs) the bar and the ETA go by files.
  let sizes: number[] | undefined;
  let totalBytes = 0;
  let doneBytes = 0;
  const finished: number[] = [];
  let stopped = false;
  void inputSizes(inputs).then((s) => {
    // A batch can end before its sizes are read: a stopped bar must not draw again.
    if (s === undefined || stopped) return;
    sizes = s;
    totalBytes = s.reduce((a, b) => a + b, 0);
    for (const id of finished) doneBytes += s[id]!;
    finished.length = 0;
    if (totalBytes > 0) bar.setTotal(totalBytes);
    redraw();
  });
  const byBytes = () => sizes !== undefined && totalBytes > 0;
  const payload = () => {
    const elapsed = Math.max(Date.now() - started, 1);
    // Bytes on disk once the sizes are known; before, the finished files' bytes as read.
    const seen = byBytes() ? Math.min(doneBytes + runningBytes, totalBytes) : bytes + runningBytes;
    const left = byBytes() ? remainingSeconds(elapsed, seen, totalBytes) : remainingSeconds(elapsed, files, total);
    return {
      files,
      nfiles: total,
      bytes: byBytes() ? `${formatBytes(seen)} of ${formatBytes(totalBytes)}` : formatBytes(seen),
      rate: `${formatBytes((seen * 1000) / elapsed)}/s, ${((files * 1000) / elapsed).toFixed(1)} files/s`,
      left: formatSeconds(left),
    };
  };
  const bar = multi.create(total, 0, payload());
  const redraw = () => bar.update(byBytes() ? Math.min(doneBytes + runningBytes, totalBytes) : files, payload());
  return {
    log: (line) => multi.log(line + '\n'),
    reading(id, read) {
      runningBytes += read - (running.get(id) ?? 0);
      running.set(id, read);
      redraw();
    },
    done(id, result) {
      runningBytes -= running.get(id) ?? 0;
      running.delete(id);
      files += 1;
      bytes += result.bytesIn;
      if (sizes !== undefined) doneBytes += sizes[id]!;
      else finished.push(id);
      redraw();
    },
    stop() {
      stopped = true;
      multi.update(); // flush lines logged since the last redraw; stop() alone drops them
      multi.stop();
    },
  };
}

/** One started worker, seen from the pool. */
interface PoolWorker {
  thread: Worker;
  /** Its number in the owner table (see claim.ts). */
  number: number;
  /** Index of the task it is running, -1 between tasks (written by the worker). */
  current: Int32Array;
  ready: boolean;
  /** Whether it has its setup (the file list) and is taking files. */
  started: boolean;
  /** Ended by the pool on purpose (more workers than files): its exit means nothing. */
  retired: boolean;
  /** The names of its temporary files (interrupt.ts): removed once it has stopped. */
  temps: Uint8Array;
  lastError?: Error;
}

/**
 * Workers started before the batch's files are known: a worker's module loading and set-up
 * (~0.3 s) then overlap with the main thread's walk of the input folders. `run` hands them
 * the files; `close` ends them (a pool that gets no batch is closed unused).
 */
export interface Pool {
  run(inputs: readonly InputFile[], options: RunPoolOptions): Promise<FileResult[]>;
  close(): Promise<void>;
}

/** Start `options.jobs` workers, waiting for a batch. */
export function startPool(options: PoolOptions): Pool {
  const workers = new Set<PoolWorker>();
  let numbers = 0;
  /** Set by `run`: where worker events go once there is a batch. */
  let listener: { message(w: PoolWorker, m: WorkerMessage): void; exit(w: PoolWorker, code: number): void } | undefined;
  /** A worker that died before there was a batch: `run` fails with it. */
  let early: Error | undefined;

  const spawn = (): PoolWorker => {
    const w: PoolWorker = {
      thread: new Worker(options.workerUrl ?? new URL('./worker.js', import.meta.url)),
      number: ++numbers,
      current: new Int32Array(new SharedArrayBuffer(4)),
      ready: false,
      started: false,
      retired: false,
      temps: newTempSlot(),
    };
    w.current[0] = -1;
    workers.add(w);
    w.thread.on('message', (m: WorkerMessage) => {
      if (m.type === 'ready') w.ready = true;
      else if (m.type === 'started') w.started = true;
      listener?.message(w, m);
    });
    w.thread.on('error', (e) => (w.lastError = e));
    w.thread.on('exit', (code) => {
      // A worker that crashed or was stopped mid-file leaves that file's temporary output.
      removeSlotTemps(w.temps);
      workers.delete(w);
      if (w.retired) return;
      if (listener) listener.exit(w, code);
      else early ??= new Error(`a batch worker could not start: ${w.lastError?.message ?? `exit code ${code}`}`);
    });
    return w;
  };
  const mainThread = options.mainThread ?? true;
  for (let i = 0; i < Math.max(1, options.jobs - (mainThread ? 1 : 0)); i++) spawn();

  const close = async () => {
    forget();
    listener = { message() {}, exit() {} };
    const stopping = [...workers];
    await Promise.all(stopping.map((w) => w.thread.terminate()));
    for (const w of stopping) removeSlotTemps(w.temps); // done on 'exit' already; this makes sure
  };
  // An interrupted run stops the workers first, so none writes another file, then removes theirs.
  const forget = onInterrupt(close);

  const run = async (inputs: readonly InputFile[], ro: RunPoolOptions): Promise<FileResult[]> => {
    const n = inputs.length;
    const results: Array<FileResult | undefined> = new Array(n);
    const buffered = new Map<number, string[]>();
    const progress = (ro.progress ?? process.stderr.isTTY === true) ? startProgress(inputs) : undefined;
    // The bar hides the terminal's cursor until it is stopped.
    const forgetBar = progress ? onInterrupt(() => progress.stop()) : undefined;
    const emit = (line: string) => (progress ? progress.log(REPORT_PREFIX + line) : ro.report(line));
    let printed = 0; // every file before this index has had all its lines printed
    let completed = 0;

    /** Print what is due, in input order: the head file's buffered lines, and finished files' messages. */
    const advance = () => {
      while (printed < n) {
        const lines = buffered.get(printed);
        if (lines) {
          for (const l of lines) emit(l);
          buffered.delete(printed);
        }
        const r = results[printed];
        if (!r) return;
        if (r.message) emit(r.message);
        printed += 1;
      }
    };
    const onReport = (id: number, line: string) => {
      if (id === printed) emit(line);
      else {
        const lines = buffered.get(id);
        if (lines) lines.push(line);
        else buffered.set(id, [line]);
      }
    };

    const { repetition: _ignored, ...opts } = ro.opts;
    const tasks: WorkerTask[] = [];
    const local: WorkerTask[] = [];
    inputs.forEach((input, id) => (input.path === '-' ? local : tasks).push({ id, input }));
    // Shared with every worker: who took which task, and where to start looking for a free one.
    const owners = new Int32Array(new SharedArrayBuffer(4 * tasks.length));
    const next = new Int32Array(new SharedArrayBuffer(4));
    /** Send a worker its setup; `given` are task indexes already marked as its own in `owners`. */
    const begin = (w: PoolWorker, given: number[]) => {
      const setup: WorkerSetup = { opts, profile: ro.profile, out: ro.out, tasks, owners, next, worker: w.number, current: w.current, given, progress: progress !== undefined, temps: w.temps };
      w.thread.postMessage(setup); // queued by the port until the worker listens
    };

    try {
      await new Promise<void>((resolve, reject) => {
        let settled = false;
        const finish = (error?: Error) => {
          if (settled) return;
          settled = true;
          if (error) reject(error);
          else resolve();
        };
        const onDone = (id: number, result: FileResult) => {
          // A file a crashed worker finished but had not posted yet runs again; its first result stands.
          if (results[id] !== undefined) return;
          results[id] = result;
          completed += 1;
          progress?.done(id, result);
        };
        listener = {
          message(_w, m) {
            if (m.type === 'report') onReport(m.id, m.line);
            else if (m.type === 'reading') {
              if (results[m.id] === undefined) progress?.reading(m.id, m.bytes);
            }
            else if (m.type === 'done') {
              for (const { id, result } of m.results) onDone(id, result);
              advance();
              if (completed === n) finish();
            }
          },
          exit(w, code) {
            if (settled) return;
            if (!w.ready || !w.started) {
              finish(new Error(`a batch worker could not start: ${w.lastError?.message ?? `exit code ${code}`}`));
              return;
            }
            // A crash (out of memory, a bug) costs the file it was running, not the batch: the
            // other files it had taken and not reported go to a new worker.
            const running = Atomics.load(w.current, 0);
            if (running >= 0) {
              const { id, input } = tasks[running]!;
              const why = w.lastError?.message ?? `exit code ${code}`;
              onDone(id, { file: input.path, status: 'failed', message: `${input.path}: worker stopped: ${why}`, bytesIn: 0 });
            }
            const orphans: number[] = [];
            for (let i = 0; i < tasks.length; i++) if (owners[i] === w.number && results[tasks[i]!.id] === undefined) orphans.push(i);
            advance();
            if (completed === n) finish();
            else if (orphans.length > 0 || Atomics.load(next, 0) < tasks.length) {
              const heir = spawn();
              for (const i of orphans) Atomics.store(owners, i, heir.number);
              begin(heir, orphans);
            }
          },
        };
        if (early) finish(early);
        if (n === 0) finish();
        // More workers than files (the pool started before the walk counted them): the extra ones
        // are ended now, so a small batch on a many-core machine keeps only the workers it can use.
        let wanted = Math.max(1, tasks.length);
        for (const w of [...workers]) {
          if (wanted > 0) {
            begin(w, []);
            wanted -= 1;
          } else {
            w.retired = true;
            workers.delete(w);
            void w.thread.terminate();
          }
        }

        // Stdin, if among the inputs, is read here while the workers run; then (mainThread) the
        // main thread takes files from the same table as the workers, one at a time, so it still
        // prints between files.
        const runHere = async ({ id, input }: WorkerTask, sink: typeof fileSink) => {
          const makeSink = async (format: InputFormat) => sink(outputPath(ro.out, input.rel, outputExtension(ro.opts.command, format, input.rel)));
          // The main thread's own file moves the bar too (the bar redraws on a timer, between chunks).
          const onBytes = progress ? everyMs(PROGRESS_REDRAW_MS, (bytes) => progress.reading(id, bytes)) : undefined;
          const result = await processBatchFile(input, makeSink, ro.opts, (line) => onReport(id, line), onBytes);
          onDone(id, result);
          advance();
          if (completed === n) finish();
        };
        void (async () => {
          for (const task of local) await runHere(task, fileSink);
          while (mainThread && !settled) {
            const index = claimNext(owners, next, MAIN_THREAD);
            if (index < 0) break;
            await runHere(tasks[index]!, async (target) => syncFileSink(target));
            // Let the workers' messages in between files (processFile may not have waited on anything).
            await new Promise<void>((resolve) => setImmediate(resolve));
          }
        })().catch((e: Error) => finish(e));
      });
    } finally {
      forgetBar?.();
      progress?.stop();
    }
    return results as FileResult[];
  };

  return { run, close };
}

/**
 * Process `inputs` with `jobs` workers; results come back in input order.
 * Rejects only when a worker cannot start at all (a broken install); a
 * worker that dies on a file fails that file and is replaced.
 */
export async function runPool(inputs: readonly InputFile[], options: PoolOptions & RunPoolOptions): Promise<FileResult[]> {
  const pool = startPool({ jobs: Math.min(options.jobs, Math.max(1, inputs.length)), workerUrl: options.workerUrl, mainThread: options.mainThread });
  try {
    return await pool.run(inputs, options);
  } finally {
    await pool.close();
  }
}
