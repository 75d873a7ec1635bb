/**
 * Command-line inputs: files, folders (recursive, sorted so runs are
 * deterministic) and `-` for stdin, opened as byte streams with gzip
 * undone on the fly and the format sniffed from the name and first bytes.
 */
import { closeSync, createReadStream, fstatSync, openSync, promises as fs, readSync, statSync } from 'node:fs';
import { createGunzip } from 'node:zlib';
import path from 'node:path';
import { Readable } from 'node:stream';
import { FORMAT_SNIFF_BYTES, sniffFormat, type InputFormat } from '../sniff.js';
import { BoilerstripError } from '../errors.js';

export interface InputFile {
  /** Path as given or found ('-' for stdin). */
  path: string;
  /** Path relative to the folder it was found in (or its base name), used to mirror outputs. */
  rel: string;
  /**
   * Why it cannot be read, found while walking its folder (an unreadable subfolder, a broken
   * link): the batch reports it as failed and goes on with the other files.
   */
  error?: string;
}

/** Extensions picked up when walking a folder. */
export const INPUT_EXTENSIONS = ['.txt', '.html', '.htm', '.json', '.jsonl', '.ndjson'];

function isInputName(name: string): boolean {
  const base = name.toLowerCase().replace(/\.gz$/, '');
  return INPUT_EXTENSIONS.some((ext) => base.endsWith(ext));
}

/**
 * Expand the arguments; a path that does not exist throws ERR_NO_INPUT naming it. Folders are
 * walked recursively, following links; `skip` (the output folder, when it lies inside an input
 * folder) is left out, so a second run does not read the first run's outputs.
 */
export async function expandInputs(args: readonly string[], skip?: string): Promise<InputFile[]> {
  const out: InputFile[] = [];
  for (const arg of args) {
    if (arg === '-') {
      out.push({ path: '-', rel: 'stdin' });
      continue;
    }
    let stat;
    try {
      stat = await fs.stat(arg);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      throw new BoilerstripError('ERR_NO_INPUT', code === 'ENOENT' ? 'no such file or directory' : `cannot open (${code})`, { file: arg });
    }
    if (stat.isDirectory()) {
      for (const found of await walk(arg, skip)) out.push({ path: path.join(arg, found.rel), ...found });
    } else {
      out.push({ path: arg, rel: path.basename(arg) });
    }
  }
  return out;
}

/**
 * The input files below `root`, sorted. A folder that cannot be listed and a link that leads
 * nowhere become entries with an `error` instead of ending the walk. Links are followed (a
 * folder of links to the real files is a common way to pick a batch); a folder reached twice
 * by its real path (a link loop) is walked once.
 */
async function walk(root: string, skip?: string): Promise<Array<{ rel: string; error?: string }>> {
  const found: Array<{ rel: string; error?: string }> = [];
  const skipReal = skip === undefined ? undefined : await realpathOrUndefined(skip);
  const visited = new Set<string>();
  const stack = [''];
  while (stack.length > 0) {
    const dir = stack.pop()!;
    const real = await realpathOrUndefined(path.join(root, dir));
    if (real !== undefined && (visited.has(real) || (dir !== '' && real === skipReal))) continue;
    if (real !== undefined) visited.add(real);
    let entries;
    try {
      entries = await fs.readdir(path.join(root, dir), { withFileTypes: true });
    } catch (e) {
      found.push({ rel: dir || '.', error: `cannot read folder (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})` });
      continue;
    }
    for (const e of entries) {
      const rel = dir ? path.join(dir, e.name) : e.name;
      let isDir = e.isDirectory();
      let isFile = e.isFile();
      if (e.isSymbolicLink()) {
        try {
          const target = await fs.stat(path.join(root, rel));
          isDir = target.isDirectory();
          isFile = target.isFile();
        } catch (err) {
          if (isInputName(e.name)) found.push({ rel, error: `broken link (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})` });
          continue;
        }
      }
      if (isDir) stack.push(rel);
      else if (isFile && isInputName(e.name)) found.push({ rel });
    }
  }
  return found.sort((a, b) => (a.rel < b.rel ? -1 : a.rel > b.rel ? 1 : 0));
}

async function realpathOrUndefined(p: string): Promise<string | undefined> {
  try {
    return await fs.realpath(p);
  } catch {
    return undefined;
  }
}

export interface OpenedInput {
  format: InputFormat;
  /** Bytes after gzip is undone; the first chunk is included. */
  bytes: AsyncIterable<Uint8Array>;
  gzip: boolean;
  /**
   * Bytes taken from the file (or stdin) so far, before gzip is undone: progress against the
   * file's size on disk, which the decompressed count overshoots.
   */
  rawRead(): number;
}

/**
 * Open an input, undo gzip (by magic bytes, whatever the name), and sniff
 * its format unless `format` is forced.
 */
/**
 * Files up to this size are read whole with one synchronous call. The CLI handles one file at
 * a time per thread and has nothing else to do meanwhile, and for a batch of small files a
 * stream's four trips through libuv's thread pool (open, read, read to EOF, close), shared by
 * every worker, cost more than reading the file.
 * @default 262144 (256 KiB)
 */
export const SMALL_FILE_BYTES = 256 << 10;

/** The whole file in one chunk when it is a small regular file; undefined otherwise (stream it). */
function readSmallFile(file: string): Buffer | undefined {
  // stat before open: opening a FIFO for reading blocks until a writer comes, which must not
  // happen on this thread.
  const before = statSync(file);
  if (!before.isFile() || before.size > SMALL_FILE_BYTES) return undefined;
  const fd = openSync(file, 'r');
  try {
    const st = fstatSync(fd);
    if (!st.isFile() || st.size > SMALL_FILE_BYTES) return undefined;
    // One byte more than the size, to see a file that grew since fstat (then stream it).
    const buf = Buffer.allocUnsafe(st.size + 1);
    let n = 0;
    for (let r = 1; r > 0 && n < buf.length; n += r) r = readSync(fd, buf, n, buf.length - n, n);
    return n <= st.size ? buf.subarray(0, n) : undefined;
  } finally {
    closeSync(fd);
  }
}

export async function openInput(file: InputFile, format?: InputFormat): Promise<OpenedInput> {
  const small = file.path === '-' ? undefined : readSmallFile(file.path);
  const raw: Readable | undefined = small !== undefined ? undefined : file.path === '-' ? process.stdin : createReadStream(file.path, { highWaterMark: 1 << 16 });
  const source: AsyncIterator<Buffer> = small !== undefined ? (async function* () { yield small; })() : (raw![Symbol.asyncIterator]() as AsyncIterator<Buffer>);
  let rawCount = 0;
  const rawIter: AsyncIterator<Buffer> = {
    next: async () => {
      const r = await source.next();
      if (!r.done) rawCount += r.value.length;
      return r;
    },
    return: async (value?: unknown) => (await source.return?.(value)) ?? { done: true, value: undefined },
  };
  const first = await rawIter.next();
  const head: Buffer = first.done ? Buffer.alloc(0) : first.value;
  const gzip = head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b;
  let bytes: AsyncIterable<Uint8Array> = prepend(head, rawIter, first.done === true);
  if (gzip) {
    const gunzip = createGunzip();
    Readable.from(bytes).pipe(gunzip);
    bytes = gunzip;
  }
  // Peek the first decompressed chunk for sniffing, then hand it back in front.
  const it = bytes[Symbol.asyncIterator]();
  const peek = await it.next();
  const firstChunk = peek.done ? new Uint8Array(0) : (peek.value as Uint8Array);
  const name = file.path === '-' ? undefined : file.path.replace(/\.gz$/i, '');
  // A NUL byte in the first block means binary whatever the name or --format says:
  // none of the text formats we read contains one.
  const block = firstChunk.subarray(0, FORMAT_SNIFF_BYTES);
  const detected: InputFormat = block.includes(0) ? 'binary' : (format ?? sniffFormat(block, name));
  return { format: detected, bytes: prepend(firstChunk, it, peek.done === true), gzip, rawRead: () => rawCount };
}

async function* prepend(first: Uint8Array, rest: AsyncIterator<Uint8Array>, done: boolean): AsyncGenerator<Uint8Array> {
  if (first.length > 0) yield first;
  if (done) return;
  for (let r = await rest.next(); !r.done; r = await rest.next()) yield r.value;
}

/** Read all bytes of an input (for HTML pages, which are parsed whole). Caps at `max` bytes. */
export async function readAll(bytes: AsyncIterable<Uint8Array>, max: number, file: string): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  let total = 0;
  for await (const chunk of bytes) {
    total += chunk.length;
    if (total > max) throw new BoilerstripError('ERR_TOO_LARGE', `HTML page larger than ${max} bytes`, { file, offset: max });
    parts.push(chunk);
  }
  return Buffer.concat(parts, total);
}
