/**
 * Command-line inputs: files, folders (recursive, sorted so runs are
 * deterministic) and `-` for stdin, opened as byte streams with gzip
 * undone on the fly and the format sniffed from the name and first bytes.
 */
import { closeSync, createReadStream, fstatSync, openSync, promises as fs, readSync, statSync, type Dirent } from 'node:fs';
import { isUtf8 } from 'node:buffer';
import { constants as zlibConstants, createGunzip } from 'node:zlib';
import path from 'node:path';
import { Readable } from 'node:stream';
import { FORMAT_SNIFF_BYTES, nameMisleads, sniffFormat, type InputFormat } from '../sniff.js';
import { BoilerstripError } from '../errors.js';
import { MAX_HELD_BACK_BYTES, legacyEncoding, singleByteCharset, streamDecoder, utf16Encoding } from '../html/charset.js';
import { entryPaths } from './output.js';

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
  /**
   * Whether the entry is a symbolic link, when the walk or the command line saw it (a folder
   * listing gives each entry's type for nothing); absent when not known.
   */
  link?: boolean;
}

/** Extensions picked up when walking a folder. */
export const INPUT_EXTENSIONS = ['.txt', '.md', '.markdown', '.html', '.htm', '.json', '.jsonl', '.ndjson', '.warc', '.wet'];

function isInputName(name: string): boolean {
  const base = name.toLowerCase().replace(/\.gz$/, '');
  return INPUT_EXTENSIONS.some((ext) => base.endsWith(ext));
}

/**
 * Expand the arguments; a path that does not exist throws ERR_NO_INPUT naming it. Folders are
 * walked recursively, following links; `skip` (the output folder, when it lies inside an input
 * folder) is left out, so a second run does not read the first run's outputs. A file in a folder
 * whose name has no input extension is left out too, and given to `onLeftOut` (hidden files not),
 * and so is an entry that is not a regular file (a named pipe, socket or device: read in a batch,
 * a pipe waits for a writer that may never come), whatever its name.
 */
export async function expandInputs(args: readonly string[], skip?: string, onLeftOut?: LeftOut): Promise<InputFile[]> {
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
      for (const found of await walk(arg, skip, onLeftOut === undefined ? undefined : (rel, why) => onLeftOut(path.join(arg, rel), why))) out.push({ path: path.join(arg, found.rel), ...found });
    } else {
      const link = (await fs.lstat(arg)).isSymbolicLink();
      out.push({ path: arg, rel: path.basename(arg), link });
    }
  }
  return out;
}

/**
 * The inputs without a file named a second time (the same path twice, the path another way,
 * a file and a folder holding it): each repeat is dropped with a warning through `report`.
 * Kept, the second one's output clashed with the first's and both failed, and a profile or
 * --cross-doc counted the file as two documents, so its every line looked repeated.
 */
export function withoutRepeats(inputs: readonly InputFile[], report: (message: string) => void): InputFile[] {
  const entry = entryPaths();
  const first = new Map<string, InputFile>();
  const kept: InputFile[] = [];
  for (const input of inputs) {
    // Stdin given twice is refused before this; an entry that cannot be read is reported as it is.
    if (input.path === '-' || input.error !== undefined) {
      kept.push(input);
      continue;
    }
    const key = entry(input.path);
    const earlier = first.get(key);
    if (earlier !== undefined) {
      report(`${input.path}: warning: given more than once (as ${earlier.path}); read once`);
      continue;
    }
    first.set(key, input);
    kept.push(input);
  }
  return kept;
}

/**
 * The input files below `root`, sorted. A folder that cannot be listed and a link that leads
 * nowhere become entries with an `error` instead of ending the walk. Links are followed (a
 * folder of links to the real files is a common way to pick a batch); a folder reached twice
 * by its real path (a link loop) is walked once.
 */
/** Why a folder walk left a file out: no input extension, not a regular file, or (a folder) the output folder. */
export type LeftOutWhy = 'extension' | 'special' | 'output';
/** Told of each file a folder walk leaves out, and why. */
export type LeftOut = (file: string, why: LeftOutWhy) => void;

async function walk(root: string, skip?: string, onLeftOut?: LeftOut): Promise<Array<{ rel: string; error?: string; link?: boolean }>> {
  const found: Array<{ rel: string; error?: string; link?: boolean }> = [];
  const skipReal = skip === undefined ? undefined : await realpathOrUndefined(skip);
  const visited = new Set<string>();
  const stack = [''];
  while (stack.length > 0) {
    const dir = stack.pop()!;
    const real = await realpathOrUndefined(path.join(root, dir));
    if (real !== undefined && dir !== '' && real === skipReal) {
      // Said when it holds anything: a file of the user's own kept there was passed over in silence.
      if (!visited.has(real) && (await fs.readdir(real).then((names) => names.length > 0, () => false))) onLeftOut?.(dir, 'output');
      visited.add(real);
      continue;
    }
    if (real !== undefined && visited.has(real)) continue;
    if (real !== undefined) visited.add(real);
    let entries;
    try {
      entries = await fs.readdir(path.join(root, dir), { withFileTypes: true });
      if (entries.some((e) => e.name.includes('\uFFFD'))) entries = await withoutUndecodable(path.join(root, dir), dir, entries, found, onLeftOut);
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
      else if (isFile && isInputName(e.name)) found.push({ rel, link: e.isSymbolicLink() });
      // A file of no known extension, not hidden (.DS_Store): said, so a page saved without one is not missed in silence.
      else if (isFile && !e.name.startsWith('.')) onLeftOut?.(rel, 'extension');
      else if (!isFile && !e.name.startsWith('.')) onLeftOut?.(rel, 'special');
    }
  }
  return found.sort((a, b) => (a.rel < b.rel ? -1 : a.rel > b.rel ? 1 : 0));
}

/**
 * A listing with U+FFFD in a name may hold names that are not valid UTF-8 (an old Latin-1
 * archive): Node decodes them to U+FFFD, and that name opens nothing, or another file that is
 * really named so. Each such name becomes an entry with an error, and of the entries named with
 * U+FFFD only as many are kept as the folder holds files really named so.
 */
async function withoutUndecodable(abs: string, dir: string, entries: Dirent[], found: Array<{ rel: string; error?: string }>, onLeftOut?: LeftOut): Promise<Dirent[]> {
  const real = new Map<string, number>();
  for (const name of await fs.readdir(abs, { encoding: 'buffer' })) {
    const decoded = name.toString('utf8');
    if (isUtf8(name)) {
      if (decoded.includes('\uFFFD')) real.set(decoded, (real.get(decoded) ?? 0) + 1);
      continue;
    }
    const rel = dir ? path.join(dir, decoded) : decoded;
    // As for any name: a file of no input extension is left out with the others, not failed.
    const isDir = await fs.stat(Buffer.concat([Buffer.from(abs + path.sep), name])).then((st) => st.isDirectory(), () => false);
    if (!isDir && !isInputName(decoded)) {
      onLeftOut?.(rel, 'extension');
      continue;
    }
    const bytes = [...name].map((b) => b.toString(16).padStart(2, '0')).join(' ');
    found.push({ rel, error: `its name is not valid UTF-8 (bytes ${bytes}), so it cannot be opened by name here; rename it to read it` });
  }
  return entries.filter((e) => {
    if (!e.name.includes('\uFFFD')) return true;
    const left = real.get(e.name) ?? 0;
    real.set(e.name, left - 1);
    return left > 0;
  });
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
  /** How the file's name and first bytes disagree, text against HTML (sniff.ts nameMisleads): for a warning. */
  nameMisleads?: string;
  /** A compression this program does not undo, found by its magic bytes (the input is then 'binary'): its tool's name. */
  compressed?: string;
  /** Bytes after gzip is undone; the first chunk is included. */
  bytes: AsyncIterable<Uint8Array>;
  gzip: boolean;
  /**
   * Set when the input was UTF-16 (by its BOM, or by the encoding the caller named): `bytes`
   * are its UTF-8 conversion, without the BOM. Byte offsets in reports count those bytes.
   */
  utf16?: 'utf-16le' | 'utf-16be';
  /**
   * UTF-16 input: the byte (of the decompressed input, BOM included) of its first unpaired
   * surrogate, which the conversion turned into U+FFFD; undefined while none has been read.
   * Known once the bytes have been read, so asked after the run.
   */
  invalidUtf16At?: () => number | undefined;
  /** UTF-16 input: its last byte when it ends with half a code unit (it became U+FFFD); asked after the run, as invalidUtf16At. */
  oddUtf16ByteAt?: () => number | undefined;
  /**
   * Set when a text, JSON or JSONL input was in the charset `--encoding` named (not UTF-8 or
   * UTF-16; see legacyEncoding): `bytes` are its UTF-8 conversion, and byte offsets in reports
   * count those bytes.
   */
  legacy?: string;
  /**
   * Legacy input: the byte (of the decompressed input, in its charset) where bytes not valid in
   * that charset first became U+FFFD; asked after the run. `exact` in a single-byte charset; in
   * a multi-byte one the decoder does not say how many bytes each character took, and `byte` is
   * the earliest they can start (never past them).
   */
  invalidLegacyAt?: () => { byte: number; exact: boolean } | undefined;
  /**
   * Bytes taken from the file (or stdin) so far, before gzip is undone: progress against the
   * file's size on disk, which the decompressed count overshoots.
   */
  rawRead(): number;
}

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

/**
 * Open an input, undo gzip (by magic bytes, whatever the name), convert UTF-16 to UTF-8 (by
 * its BOM, or when `encoding` names UTF-16), and sniff its format unless `format` is forced.
 */
export async function openInput(file: InputFile, format?: InputFormat, encoding?: string): Promise<OpenedInput> {
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
  if (gzip) bytes = gunzip(bytes, file.path === '-' ? '<stdin>' : file.path, () => rawCount);
  // Peek the first decompressed bytes (three at least: a UTF-8 BOM, which wins over --encoding,
  // and a UTF-16 one) for sniffing, then hand them back in front. With two, a pipe that handed
  // over EF BB first had no BOM, and its UTF-8 was converted from the charset --encoding named.
  let peeked = await peek(bytes, 3);
  // UTF-16 (by its BOM, or named by --encoding) is full of NUL bytes, which would make it
  // 'binary': it is converted to UTF-8 here, before sniffing, and every path reads UTF-8.
  const utf16 = utf16Encoding(peeked.first, encoding);
  const surrogates = new SurrogateCheck(utf16 === 'utf-16le');
  if (utf16 !== undefined) peeked = await peek(toUtf8(peeked.rest, utf16, surrogates), 1);
  const name = file.path === '-' ? undefined : file.path.replace(/\.gz$/i, '');
  // A NUL byte in the first block means binary whatever the name or --format says, for text,
  // Markdown and HTML, none of which holds one; JSON and JSON Lines are records, and a NUL is
  // the error of the record it is in (the reader reports it by line and byte, and goes on).
  const block = peeked.first.subarray(0, FORMAT_SNIFF_BYTES);
  const sniffed: InputFormat = format ?? sniffFormat(block, name);
  // A web archive holds binary payloads (images, PDFs) among its pages, and its reader passes them over.
  const detected: InputFormat = block.includes(0) && sniffed !== 'json' && sniffed !== 'jsonl' && sniffed !== 'warc' ? 'binary' : sniffed;
  const opened: OpenedInput = { format: detected, bytes: peeked.rest, gzip, rawRead: () => rawCount };
  if (format === undefined && name !== undefined && (detected === 'text' || detected === 'html')) opened.nameMisleads = nameMisleads(block, name);
  // No byte at all under a .gz name: not even a gzip header, as a download that failed leaves it
  // (gzip -t calls it an unexpected end of file; read as an empty input, it said nothing: QA pass 20).
  if (head.length === 0 && file.path !== '-' && /\.gz$/i.test(file.path)) opened.nameMisleads = 'is empty, though its name says gzip (a download that failed?): read as an empty input';
  // Archives are also shipped as .warc.zst (ArchiveTeam), .bz2 or .xz: said by name, not called binary.
  const compressed = gzip ? undefined : otherCompression(peeked.first);
  if (compressed !== undefined) {
    opened.format = 'binary';
    opened.compressed = compressed;
  }
  // A charset --encoding names for text, JSON or JSONL (HTML weighs it against its BOM and <meta>
  // in decodeHtml). Read as UTF-8, a latin-1 or Shift_JIS text file lost every non-ASCII letter
  // to U+FFFD though the user had named its charset.
  // Not a web archive's either: its Content-Length counts its bytes as they are, and its HTML pages
  // are decoded each by its own charset (warc/pages.ts), --encoding only where none is named.
  const legacy = utf16 === undefined && detected !== 'html' && detected !== 'binary' && detected !== 'warc' ? legacyEncoding(peeked.first, encoding) : undefined;
  if (legacy !== undefined) {
    const check: { at: { byte: number; exact: boolean } | undefined } = { at: undefined };
    opened.bytes = legacyToUtf8(peeked.rest, legacy, check);
    opened.legacy = legacy;
    opened.invalidLegacyAt = () => check.at;
  }
  if (utf16 !== undefined) {
    opened.utf16 = utf16;
    opened.invalidUtf16At = () => surrogates.firstUnpaired;
    opened.oddUtf16ByteAt = () => surrogates.oddLastByte;
  }
  return opened;
}

/** Compressions known by their magic bytes that this program does not undo, and the command that does. */
const OTHER_COMPRESSIONS: ReadonlyArray<{ magic: readonly number[]; tool: string }> = [
  { magic: [0x28, 0xb5, 0x2f, 0xfd], tool: 'zstd' },
  { magic: [0x42, 0x5a, 0x68], tool: 'bzip2' },
  { magic: [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00], tool: 'xz' },
];

function otherCompression(first: Uint8Array): string | undefined {
  return OTHER_COMPRESSIONS.find(({ magic }) => magic.every((b, i) => first[i] === b))?.tool;
}

/**
 * The first bytes of a stream, `min` of them at least unless it ends sooner (a pipe may hand
 * over a byte at a time), and the whole stream again, those bytes included.
 */
async function peek(bytes: AsyncIterable<Uint8Array>, min: number): Promise<{ first: Uint8Array; rest: AsyncIterable<Uint8Array> }> {
  const it = bytes[Symbol.asyncIterator]();
  const parts: Uint8Array[] = [];
  let length = 0;
  let done = false;
  while (length < min) {
    const r = await it.next();
    if (r.done) {
      done = true;
      break;
    }
    parts.push(r.value);
    length += r.value.length;
  }
  const first = parts.length === 1 ? parts[0]! : Buffer.concat(parts, length);
  return { first, rest: prepend(first, it, done) };
}

/** UTF-16 bytes as UTF-8, chunk by chunk; the BOM is dropped, a character cut between chunks is kept whole. */
async function* toUtf8(bytes: AsyncIterable<Uint8Array>, encoding: 'utf-16le' | 'utf-16be', check: SurrogateCheck): AsyncGenerator<Uint8Array> {
  const decoder = new TextDecoder(encoding);
  for await (const chunk of bytes) {
    check.push(chunk);
    const text = decoder.decode(chunk, { stream: true });
    if (text.length > 0) yield Buffer.from(text, 'utf8');
  }
  check.end();
  const tail = decoder.decode();
  if (tail.length > 0) yield Buffer.from(tail, 'utf8');
}

/**
 * Bytes of a legacy charset as UTF-8, chunk by chunk. Such a charset cannot encode U+FFFD (nor can
 * the ones that can, GB18030, hold it in scraped text in practice), so a U+FFFD in the decoded
 * text marks bytes the charset does not have: `check.at` is set to where the first of them is.
 */
async function* legacyToUtf8(bytes: AsyncIterable<Uint8Array>, name: string, check: { at: { byte: number; exact: boolean } | undefined }): AsyncGenerator<Uint8Array> {
  const decode = streamDecoder(name);
  const exact = singleByteCharset(name);
  let offset = 0;
  // `at`: the first byte of the chunk the text was decoded from (the input's length for the flush).
  const out = (text: string, at: number) => {
    if (check.at === undefined) {
      const i = text.indexOf('\uFFFD');
      if (i >= 0) check.at = { byte: exact ? at + i : firstBadByte(text, i, at), exact };
    }
    return Buffer.from(text, 'utf8');
  };
  for await (const chunk of bytes) {
    const text = decode(chunk, true);
    if (text.length > 0) yield out(text, offset);
    offset += chunk.length;
  }
  const tail = decode(new Uint8Array(0), false);
  if (tail.length > 0) yield out(tail, offset);
}

/**
 * The earliest byte a multi-byte charset's bad sequence can start at, its U+FFFD being the
 * `i`-th code unit of the text decoded from the chunk at `chunkAt`. Each character before it was
 * completed by this chunk, so took a byte of it at least: the sequence starts that many bytes in
 * or later. First in the text, it may have begun in bytes the decoder held back from the chunks
 * before (so at the flush, which reads none).
 */
function firstBadByte(text: string, i: number, chunkAt: number): number {
  if (i === 0) return Math.max(0, chunkAt - MAX_HELD_BACK_BYTES);
  let characters = 0;
  for (let k = 0; k < i; k++) {
    const c = text.charCodeAt(k);
    // A surrogate pair is one character (GB18030's four-byte ones).
    if (c < 0xdc00 || c > 0xdfff) characters += 1;
  }
  return chunkAt + characters;
}

/**
 * Finds the first unpaired surrogate of a UTF-16 byte stream, which TextDecoder replaces with
 * U+FFFD without a word (as invalid UTF-8 is found and reported on the other paths). A state
 * machine over code units: an odd byte and a high surrogate are carried across chunks.
 */
export class SurrogateCheck {
  firstUnpaired: number | undefined;
  /** After end(): the input's last byte when their number is odd, half a code unit (a cut-off file). */
  oddLastByte: number | undefined;
  private offset = 0;
  /** Bytes pushed, counted on after the first unpaired surrogate too. */
  private total = 0;
  private oddByte = -1;
  private highAt = -1;
  constructor(private readonly littleEndian: boolean) {}

  push(chunk: Uint8Array): void {
    this.total += chunk.length;
    if (this.firstUnpaired !== undefined) return;
    let i = 0;
    if (this.oddByte >= 0 && chunk.length > 0) {
      this.unit(this.pair(this.oddByte, chunk[0]!), this.offset - 1);
      this.oddByte = -1;
      i = 1;
    }
    for (; i + 1 < chunk.length && this.firstUnpaired === undefined; i += 2) this.unit(this.pair(chunk[i]!, chunk[i + 1]!), this.offset + i);
    if (i < chunk.length && this.firstUnpaired === undefined) this.oddByte = chunk[i]!;
    this.offset += chunk.length;
  }

  end(): void {
    if (this.firstUnpaired === undefined && this.highAt >= 0) this.firstUnpaired = this.highAt;
    if (this.total % 2 === 1) this.oddLastByte = this.total - 1;
  }

  private pair(a: number, b: number): number {
    return this.littleEndian ? a | (b << 8) : (a << 8) | b;
  }

  private unit(u: number, at: number): void {
    const high = u >= 0xd800 && u <= 0xdbff;
    const low = u >= 0xdc00 && u <= 0xdfff;
    if (this.highAt >= 0) {
      if (low) {
        this.highAt = -1;
        return;
      }
      this.firstUnpaired = this.highAt;
      return;
    }
    if (high) this.highAt = at;
    else if (low) this.firstUnpaired = at;
  }
}

/** A gzip stream whose compressed data ends before the stream does (a cut-off download or copy). */
export const ERR_GZIP_TRUNCATED = 'ERR_GZIP_TRUNCATED';
/** Compressed data zlib cannot decode. */
export const ERR_GZIP_CORRUPT = 'ERR_GZIP_CORRUPT';

/**
 * Undo gzip. The compressed bytes are written in by hand rather than piped, so that the end of
 * the input can be preceded by a sync flush: zlib then hands over everything it decoded before
 * it reports a stream cut short, where a plain `end()` loses the last output chunk with the
 * error (up to 16 KiB of records that were whole). zlib's own messages ("unexpected end of
 * file") name neither the file nor gzip; the errors thrown here name both, with the compressed
 * byte offset read so far.
 */
async function* gunzip(compressed: AsyncIterable<Uint8Array>, file: string, rawRead: () => number): AsyncGenerator<Uint8Array> {
  const inflater = createGunzip();
  void (async () => {
    for await (const chunk of compressed) {
      if (inflater.destroyed) return;
      if (!inflater.write(chunk)) await drainOrClose(inflater);
    }
    await new Promise<void>((resolve) => inflater.flush(zlibConstants.Z_SYNC_FLUSH, () => resolve()));
    inflater.end();
  })().catch((e: unknown) => inflater.destroy(e as Error));
  try {
    for await (const chunk of inflater) yield chunk as Buffer;
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    if (err instanceof BoilerstripError || err.code === undefined || !err.code.startsWith('Z_')) throw e;
    const at = rawRead();
    if (err.code === 'Z_BUF_ERROR') {
      throw new BoilerstripError(ERR_GZIP_TRUNCATED, `gzip stream cut off: the compressed data ends at byte ${at} of the file, before the end of the gzip stream (zlib: ${err.message})`, { file }, { cause: e });
    }
    throw new BoilerstripError(ERR_GZIP_CORRUPT, `gzip data corrupt near compressed byte ${at} (zlib: ${err.message})`, { file }, { cause: e });
  } finally {
    inflater.destroy();
  }
}

/**
 * Wait until a stream drains, or closes: a reader that stops early destroys the inflater, which
 * then never drains. Both listeners go when either fires; two `once()` raced left the loser's
 * behind at every wait, and a gzip input of a few megabytes made Node warn of a listener leak.
 */
function drainOrClose(stream: NodeJS.EventEmitter): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      stream.off('drain', done);
      stream.off('close', done);
      resolve();
    };
    stream.on('drain', done);
    stream.on('close', done);
  });
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
