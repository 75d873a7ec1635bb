/**
 * Outputs are written to a temporary name beside the target and renamed
 * when complete, so an interrupted run never leaves a half-written file
 * under the real name. Writes respect back-pressure (memory stays flat).
 */
import { closeSync, constants, createWriteStream, lstatSync, mkdirSync, openSync, promises as fs, realpathSync, renameSync, rmSync, writeSync, type WriteStream } from 'node:fs';
import path from 'node:path';
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { threadId } from 'node:worker_threads';
import { interruptPoint, trackStale, trackTemp, untrackStale, untrackTemp } from './interrupt.js';

export interface Sink {
  write(text: string): Promise<void> | void;
  /** Commit: rename into place (files) or nothing (stdout). */
  commit(): Promise<void>;
  /**
   * Abandon: remove the temporary file, and the output an earlier run left at the target, which
   * no longer matches its input (GNU make deletes a target whose recipe failed for the same
   * reason, `.DELETE_ON_ERROR`). Resolves to a note for the failure's message when there was one.
   */
  abort(): Promise<string | undefined>;
}

async function writeWithBackpressure(stream: Writable, text: string): Promise<void> {
  if (!stream.write(text)) await once(stream, 'drain');
}

export async function fileSink(target: string): Promise<Sink> {
  await fs.mkdir(path.dirname(target), { recursive: true });
  const tmp = path.join(path.dirname(target), `.${path.basename(target)}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`);
  trackTemp(tmp); // an interrupted run removes it (interrupt.ts)
  trackStale(target); // and what an earlier run left at the target, which no longer matches
  const stream: WriteStream = createWriteStream(tmp);
  await once(stream, 'open');
  let pendingError: Error | undefined;
  stream.on('error', (e) => (pendingError = e));
  return {
    write: (text) => {
      if (pendingError) throw pendingError;
      return writeWithBackpressure(stream, text);
    },
    async commit() {
      stream.end();
      await once(stream, 'finish');
      await interruptPoint();
      if (pendingError) throw pendingError;
      // Before the rename: interrupted in between, the earlier output stays, never the new one goes.
      untrackStale(target);
      await fs.rename(tmp, target);
      untrackTemp(tmp);
    },
    async abort() {
      stream.destroy();
      await fs.rm(tmp, { force: true });
      untrackTemp(tmp);
      untrackStale(target);
      return removeStale(target);
    },
  };
}

/**
 * Bytes of output a sink keeps in memory (UTF-8, in one buffer) before it opens its temporary
 * file and writes as it goes. Most scraped pages clean to a few KB, which then cost one write
 * at commit; a long text stream still streams.
 * @default 4194304 (4 MiB)
 */
export const BUFFERED_OUTPUT_BYTES = 4 << 20;

/** Folders this thread has already created (a batch writes many files per folder). */
const madeDirs = new Set<string>();

function writeAll(fd: number, text: string): void {
  const bytes = Buffer.from(text, 'utf8');
  writeBytes(fd, bytes, bytes.length);
}

function writeBytes(fd: number, bytes: Uint8Array, length: number): void {
  for (let off = 0; off < length; ) off += writeSync(fd, bytes, off, length - off);
}

/**
 * A sink's output buffer, kept for the next sink of this thread when it is done: a batch writes
 * thousands of small files, one at a time, and a fresh 4 MiB buffer each was a 4 MiB allocation
 * each. A second sink open at the same time gets one of its own.
 */
let spareBuffer: Buffer | undefined;

function takeBuffer(): Buffer {
  const b = spareBuffer ?? Buffer.allocUnsafe(BUFFERED_OUTPUT_BYTES);
  spareBuffer = undefined;
  return b;
}

function giveBackBuffer(b: Buffer): void {
  spareBuffer = b;
}

/**
 * fileSink's contract (a temporary name beside the target, renamed when
 * complete, removed on abort) with synchronous calls, for a caller that
 * handles one file at a time and has nothing else to do while it waits: a
 * batch worker, and the in-process `--jobs 1` loop. A batch of small files
 * spends more on handing each fs call to libuv's thread pool and back than on
 * the call itself (--jobs 1 on 10,000 files made ~117,000 voluntary context
 * switches with fileSink, ~4,000 with this).
 */
export function syncFileSink(target: string): Sink {
  const dir = path.dirname(target);
  const tmp = path.join(dir, `.${path.basename(target)}.${process.pid}-${threadId}.${Math.random().toString(36).slice(2)}.tmp`);
  // What an earlier run left at the target no longer matches: an interrupted run removes it (interrupt.ts).
  trackStale(target);
  // Output is gathered as UTF-8 bytes, not as the strings given: those are slices of the chunk
  // each line was decoded from, and 4 MiB of kept lines held as strings kept every chunk they
  // came from alive (on a page that is mostly furniture, hundreds of MB: `clean -o` peaked at
  // 678 MB on a 250 MB file, 142 MB to stdout). Encoding copies what is kept and lets go of the rest.
  let buf: Buffer | undefined;
  let used = 0;
  let fd: number | undefined;
  const open = (): number => {
    // Before the file exists: a worker can be stopped between any two calls (interrupt.ts).
    trackTemp(tmp);
    // The folder is made when its first output is written, not when the sink is: an input that
    // fails before it writes (a corrupt .gz) leaves no empty folder behind (madeDirs spares the
    // lookups of the files after the first).
    if (!madeDirs.has(dir)) {
      mkdirSync(dir, { recursive: true });
      madeDirs.add(dir);
    }
    try {
      return openSync(tmp, 'w');
    } catch (e) {
      // The folder was made by an earlier run in this process and removed since (a library
      // caller, a test): make it again.
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
      mkdirSync(dir, { recursive: true });
      return openSync(tmp, 'w');
    }
  };
  const spill = () => {
    fd ??= open();
    if (buf !== undefined) writeBytes(fd, buf, used);
    used = 0;
  };
  const done = () => {
    if (buf !== undefined) giveBackBuffer(buf);
    buf = undefined;
  };
  return {
    write(text) {
      // At most 3 UTF-8 bytes per UTF-16 code unit: checked so, a write never splits a character.
      const most = text.length * 3;
      buf ??= takeBuffer();
      if (most > buf.length - used) {
        spill();
        if (most > buf.length) {
          writeAll(fd!, text);
          return;
        }
      }
      used += buf.write(text, used, 'utf8');
    },
    async commit() {
      await interruptPoint();
      spill(); // opens the file if it was never opened: an empty output is still a file
      done();
      closeSync(fd!);
      fd = undefined;
      // Before the rename: interrupted in between, the earlier output stays, never the new one goes.
      untrackStale(target);
      renameSync(tmp, target);
      untrackTemp(tmp);
    },
    async abort() {
      done();
      if (fd !== undefined) closeSync(fd);
      fd = undefined;
      rmSync(tmp, { force: true });
      untrackTemp(tmp);
      untrackStale(target);
      return removeStale(target);
    },
  };
}

/** Remove a regular file an earlier run left at `target`; a note saying so (or that it could not be), or undefined when there was none. */
function removeStale(target: string): string | undefined {
  try {
    if (!lstatSync(target).isFile()) return undefined;
  } catch {
    return undefined; // none there
  }
  try {
    rmSync(target);
    return `the output an earlier run wrote for it, ${target}, was removed`;
  } catch (e) {
    return `the output an earlier run wrote for it, ${target}, no longer matches it and could not be removed (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`;
  }
}

export function stdoutSink(): Sink {
  return {
    write: (text) => writeWithBackpressure(process.stdout, text),
    // Nothing to rename; a signal that came during the page still ends the run by it.
    commit: interruptPoint,
    async abort() {
      return undefined;
    },
  };
}

/**
 * Why nothing can be written under the folder `dir` (made if missing), or undefined: checked
 * once, before a run reads its inputs. Left to each output, a folder that cannot be made or
 * written in failed every input of a batch with the same error, one line each, and the cause
 * was lost among them.
 */
export async function outputFolderProblem(dir: string): Promise<string | undefined> {
  // The folder, or the nearest of its parents that exists, where `mkdir -p` starts; walked on
  // the path as given, so the message names it as the user wrote it.
  let at = dir;
  let stat = await fs.stat(at).catch(() => undefined);
  while (stat === undefined && path.dirname(at) !== at) {
    // A link whose target is gone (a disk that is not mounted): mkdir cannot make a folder there.
    if (await fs.lstat(at).catch(() => undefined)) return `${at} is a broken link`;
    at = path.dirname(at);
    stat = await fs.stat(at).catch(() => undefined);
  }
  if (stat === undefined) return undefined;
  if (!stat.isDirectory()) return `${at} is a file`;
  try {
    await fs.access(at, constants.W_OK | constants.X_OK);
  } catch (e) {
    return `${at} is not writable (${(e as NodeJS.ErrnoException).code})`;
  }
  return undefined;
}

/** Output path for an input: DIR/<rel with its extension replaced>. */
export function outputPath(dir: string, rel: string, ext: string): string {
  const base = rel.replace(/\.gz$/i, '').replace(/\.(txt|md|markdown|html?|jsonl|ndjson|json)$/i, '');
  return path.join(dir, base + ext);
}

/**
 * The absolute path of the folder entry `p` names, with the links among its folders resolved
 * (not a link in its last part: renaming over a link replaces the link, not what it points
 * to). A folder that does not exist yet keeps its name under its nearest existing parent.
 * Folders are looked up once each.
 */
export function entryPaths(): (p: string) => string {
  const real = new Map<string, string>();
  const folder = (dir: string): string => {
    let r = real.get(dir);
    if (r === undefined) {
      try {
        r = realpathSync(dir);
      } catch {
        const parent = path.dirname(dir);
        r = parent === dir ? dir : path.join(folder(parent), path.basename(dir));
      }
      real.set(dir, r);
    }
    return r;
  };
  return (p) => {
    const abs = path.resolve(p);
    return path.join(folder(path.dirname(abs)), path.basename(abs));
  };
}

/**
 * The folder entries an output must not be renamed over for the input `p`: its own entry
 * ({@link entryPaths}) and, when it is a link, the file it leads to, whose content is the input
 * (a folder of links to the real files, cleaned into the real files' folder, replaced them).
 * `link`: whether `p` is a link, when known (`InputFile.link`); undefined looks.
 */
export function inputEntries(entry: (p: string) => string, p: string, link?: boolean): string[] {
  const own = entry(p);
  // Known not to be a link (the folder walk saw its entry type): no realpath call. A batch of
  // 10,000 files spent ~90 ms of its serial start in them, before any worker could begin.
  if (link === false) return [own];
  let target: string;
  try {
    target = realpathSync(p);
  } catch {
    return [own];
  }
  return target === own ? [own] : [own, target];
}
