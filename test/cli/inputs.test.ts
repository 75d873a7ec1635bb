import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { constants as zlibConstants, gunzipSync, gzipSync } from 'node:zlib';
import path from 'node:path';
import { ERR_GZIP_TRUNCATED, SMALL_FILE_BYTES, SurrogateCheck, expandInputs, openInput } from '../../src/cli/inputs.js';
import { BoilerstripError } from '../../src/errors.js';
import { makeTempDir, removeTempDir } from './helpers.js';

let tmp: string;
beforeAll(() => {
  tmp = makeTempDir('inputs');
});
afterAll(() => removeTempDir(tmp));

async function bytesOf(file: string): Promise<{ format: string; bytes: Buffer }> {
  const opened = await openInput({ path: file, rel: path.basename(file) });
  const parts: Uint8Array[] = [];
  for await (const chunk of opened.bytes) parts.push(chunk);
  return { format: opened.format, bytes: Buffer.concat(parts) };
}

describe('openInput', () => {
  it('gives every byte of a small file (read in one call) and of a larger one (streamed)', async () => {
    for (const size of [0, 10, SMALL_FILE_BYTES, SMALL_FILE_BYTES + 1, 3 * SMALL_FILE_BYTES]) {
      const text = Buffer.from('a line of text\n'.repeat(Math.ceil(size / 15) + 1).slice(0, size));
      const file = path.join(tmp, `f${size}.txt`);
      writeFileSync(file, text);
      const got = await bytesOf(file);
      expect(got.bytes.equals(text)).toBe(true);
      expect(got.format).toBe('text');
    }
  });

  it('decompresses a small gzip file', async () => {
    const file = path.join(tmp, 'small.txt.gz');
    writeFileSync(file, gzipSync('hello\nworld\n'));
    expect((await bytesOf(file)).bytes.toString()).toBe('hello\nworld\n');
  });

  it('decompresses a large gzip file that makes the inflater wait many times without leaving a listener behind each time', async () => {
    // Random base64 barely compresses, so the inflater's buffer fills on most writes. Each wait
    // for it to drain used to leave a 'close' (or 'drain') listener behind, and Node warned
    // MaxListenersExceededWarning on any gzip input of a few megabytes.
    const text = Buffer.from(randomBytes(3_000_000).toString('base64').replace(/.{100}/g, '$&\n'));
    const file = path.join(tmp, 'random.txt.gz');
    writeFileSync(file, gzipSync(text));
    const warnings: Error[] = [];
    const onWarning = (w: Error) => warnings.push(w);
    process.on('warning', onWarning);
    try {
      expect((await bytesOf(file)).bytes.equals(text)).toBe(true);
      await new Promise((resolve) => setImmediate(resolve)); // warnings are emitted on the next tick
    } finally {
      process.off('warning', onWarning);
    }
    expect(warnings.map((w) => w.message)).toEqual([]);
  });

  it('reads UTF-16 with a BOM (little- and big-endian) as UTF-8 without the BOM, sniffed as what it is, not as binary', async () => {
    const html = '<!doctype html><html><body><p>Café crème, naïve résumé 😀</p></body></html>';
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(html, 'utf16le')]);
    const be = Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(html, 'utf16le').swap16()]);
    for (const [name, bytes] of [['le.html', le], ['be.html', be], ['le-noext', le]] as const) {
      const file = path.join(tmp, name);
      writeFileSync(file, bytes);
      const got = await bytesOf(file);
      expect(got.format, name).toBe('html');
      expect(got.bytes.toString('utf8'), name).toBe(html);
    }
    // Gzipped, and cut into odd chunks by a stream (past the small-file size).
    const big = 'A line of text with an é in it.\n'.repeat(20_000);
    const file = path.join(tmp, 'big16.txt.gz');
    writeFileSync(file, gzipSync(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(big, 'utf16le')])));
    const got = await bytesOf(file);
    expect(got.format).toBe('text');
    expect(got.bytes.toString('utf8')).toBe(big);
  });

  it('reads UTF-16 without a BOM as binary unless the encoding is named, then as UTF-8', async () => {
    const file = path.join(tmp, 'nobom.html');
    writeFileSync(file, Buffer.from('<html><body><p>Café</p></body></html>', 'utf16le'));
    expect((await openInput({ path: file, rel: 'nobom.html' })).format).toBe('binary');
    const opened = await openInput({ path: file, rel: 'nobom.html' }, undefined, 'UTF-16LE');
    expect(opened.format).toBe('html');
    expect(opened.utf16).toBe('utf-16le');
    const parts: Uint8Array[] = [];
    for await (const chunk of opened.bytes) parts.push(chunk);
    expect(Buffer.concat(parts).toString('utf8')).toBe('<html><body><p>Café</p></body></html>');
  });

  it('converts text, JSON and JSONL in the charset --encoding names to UTF-8, a character cut between chunks kept whole, but leaves HTML to its own decoder', async () => {
    // Shift_JIS "日本語" is six bytes: 64 KiB chunks cut characters in half.
    const sjis = Buffer.from([0x93, 0xfa, 0x96, 0x7b, 0x8c, 0xea]);
    const file = path.join(tmp, 'sjis.txt');
    writeFileSync(file, Buffer.concat(Array.from({ length: 100_000 }, (_, i) => (i % 10 === 9 ? Buffer.from('\n') : sjis))));
    const opened = await openInput({ path: file, rel: 'sjis.txt' }, undefined, 'shift_jis');
    expect(opened.legacy).toBe('shift_jis');
    const parts: Uint8Array[] = [];
    for await (const chunk of opened.bytes) parts.push(chunk);
    expect(Buffer.concat(parts).toString('utf8')).toBe(Array.from({ length: 100_000 }, (_, i) => (i % 10 === 9 ? '\n' : '日本語')).join(''));
    expect(opened.invalidLegacyAt!()).toBeUndefined();
    // windows-1252 by hand: 0x80 is the euro sign, 0xe9 é.
    const json = path.join(tmp, 'latin.jsonl');
    writeFileSync(json, Buffer.from([...Buffer.from('{"text":"Caf'), 0xe9, 0x20, 0x80, ...Buffer.from('5"}\n')]));
    const j = await openInput({ path: json, rel: 'latin.jsonl' }, undefined, 'latin1');
    expect(j.format).toBe('jsonl');
    const jp: Uint8Array[] = [];
    for await (const chunk of j.bytes) jp.push(chunk);
    expect(Buffer.concat(jp).toString('utf8')).toBe('{"text":"Café €5"}\n');
    const html = path.join(tmp, 'latin.html');
    writeFileSync(html, Buffer.from([...Buffer.from('<html><body><p>Caf'), 0xe9, ...Buffer.from('</p></body></html>')]));
    expect((await openInput({ path: html, rel: 'latin.html' }, undefined, 'latin1')).legacy).toBeUndefined();
    // A UTF-8 BOM wins over --encoding, as in HTML.
    const bom = path.join(tmp, 'bom.txt');
    writeFileSync(bom, Buffer.from('\ufeffCafé\n', 'utf8'));
    expect((await openInput({ path: bom, rel: 'bom.txt' }, undefined, 'latin1')).legacy).toBeUndefined();
  });

  it('marks where bytes the named charset does not have first became U+FFFD, never past them, and exactly in a single-byte charset', async () => {
    const firstBad = async (name: string, bytes: Buffer, encoding: string) => {
      const file = path.join(tmp, name);
      writeFileSync(file, bytes);
      const opened = await openInput({ path: file, rel: name }, undefined, encoding);
      for await (const chunk of opened.bytes) void chunk;
      return opened.invalidLegacyAt!();
    };
    // Shift_JIS 0xff is no character: its byte is 18, and each character before it took a byte or more.
    expect(await firstBad('bad-sjis.txt', Buffer.concat([Buffer.from('plain ascii line\n'), Buffer.from([0x41, 0xff, 0x42, 0x0a])]), 'shift_jis')).toEqual({ byte: 18, exact: false });
    // A lead byte at the very end (byte 4) became U+FFFD only when the decoder was flushed: the
    // warning named byte 5, past the end of the file.
    const cut = await firstBad('cut-sjis.txt', Buffer.from([0x61, 0x62, 0x63, 0x0a, 0x82]), 'shift_jis');
    expect(cut!.byte).toBeLessThanOrEqual(4);
    expect(cut!.exact).toBe(false);
    // ISO-8859-3 has no 0xa5: one byte a character, so its place is known, in a streamed file too.
    expect(await firstBad('bad-latin3.txt', Buffer.from([0x61, 0x62, 0xa5, 0x63]), 'iso-8859-3')).toEqual({ byte: 2, exact: true });
    const big = Buffer.alloc(SMALL_FILE_BYTES * 2, 0x61);
    big[SMALL_FILE_BYTES + 12_345] = 0xa5;
    expect(await firstBad('big-latin3.txt', big, 'iso-8859-3')).toEqual({ byte: SMALL_FILE_BYTES + 12_345, exact: true });
  });

  it('names the file, gzip and the compressed byte where a truncated .gz ends, and gives every byte decoded before the cut', async () => {
    // Text that compresses poorly, so the cut falls well inside it, and a small and a streamed file.
    let x = 1;
    const words: string[] = [];
    for (let i = 0; i < 120_000; i++) {
      x = (x * 1103515245 + 12345) % 2147483648;
      words.push(x.toString(36));
    }
    const text = words.join(' ') + '\n';
    const gz = gzipSync(text);
    for (const [name, data] of [['cut-small.txt.gz', gz.subarray(0, 50_000)], ['cut-big.txt.gz', gz.subarray(0, gz.length - 100)]] as const) {
      expect(data.length > SMALL_FILE_BYTES, name).toBe(name === 'cut-big.txt.gz');
      const file = path.join(tmp, name);
      writeFileSync(file, data);
      const opened = await openInput({ path: file, rel: name });
      const parts: Uint8Array[] = [];
      let error: unknown;
      try {
        for await (const chunk of opened.bytes) parts.push(chunk);
      } catch (e) {
        error = e;
      }
      expect(error, name).toBeInstanceOf(BoilerstripError);
      expect((error as BoilerstripError).code).toBe(ERR_GZIP_TRUNCATED);
      expect((error as Error).message).toBe(`${file}: gzip stream cut off: the compressed data ends at byte ${data.length} of the file, before the end of the gzip stream (zlib: unexpected end of file)`);
      // Everything zlib can decode from the bytes before the cut came out, none of it lost with the error.
      const decodable = gunzipSync(data, { finishFlush: zlibConstants.Z_SYNC_FLUSH });
      expect(decodable.length).toBeGreaterThan(0);
      expect(Buffer.concat(parts).equals(decodable), name).toBe(true);
    }
  });

  it('rejects a missing file with the system error', async () => {
    await expect(openInput({ path: path.join(tmp, 'missing.txt'), rel: 'missing.txt' })).rejects.toThrow(/ENOENT/);
  });
});

describe('expandInputs', () => {
  it('follows links to files and folders, walks a folder reached twice (a link loop) once, and reports a broken link instead of skipping it', async () => {
    const root = path.join(tmp, 'links');
    mkdirSync(path.join(root, 'real'), { recursive: true });
    mkdirSync(path.join(root, 'picked'), { recursive: true });
    writeFileSync(path.join(root, 'real', 'a.txt'), 'a\n');
    symlinkSync(path.join(root, 'real', 'a.txt'), path.join(root, 'picked', 'link.txt'));
    symlinkSync(path.join(root, 'real'), path.join(root, 'picked', 'folder'));
    symlinkSync(path.join(root, 'picked'), path.join(root, 'picked', 'loop'));
    symlinkSync(path.join(root, 'nowhere.txt'), path.join(root, 'picked', 'broken.txt'));
    const found = await expandInputs([path.join(root, 'picked')]);
    expect(found.map((f) => [f.rel, f.error])).toEqual([
      ['broken.txt', 'broken link (ENOENT)'],
      [path.join('folder', 'a.txt'), undefined],
      ['link.txt', undefined],
    ]);
  });

  it('reports a file whose name is not valid UTF-8 as an entry with an error, and still reads a file whose name holds U+FFFD itself', async () => {
    // The listing decoded such a name to U+FFFD: opening that name failed with ENOENT, or, when a
    // file of that very name existed, read it twice and the other never (QA pass 5).
    const root = path.join(tmp, 'latin1-names');
    mkdirSync(root, { recursive: true });
    const latin1 = Buffer.concat([Buffer.from(root + '/caf'), Buffer.from([0xe9]), Buffer.from('.txt')]);
    writeFileSync(latin1, 'A line.\n');
    writeFileSync(path.join(root, 'ok.txt'), 'A line.\n');
    // A picture so named is left out as any file of no input extension is, not failed.
    writeFileSync(Buffer.concat([Buffer.from(root + '/caf'), Buffer.from([0xe9]), Buffer.from('.jpg')]), 'x');
    const leftOut: string[] = [];
    let found = await expandInputs([root], undefined, (file) => leftOut.push(file));
    expect(leftOut).toEqual([path.join(root, 'caf\ufffd.jpg')]);
    expect(found.map((f) => [f.rel, f.error])).toEqual([
      ['caf\ufffd.txt', 'its name is not valid UTF-8 (bytes 63 61 66 e9 2e 74 78 74), so it cannot be opened by name here; rename it to read it'],
      ['ok.txt', undefined],
    ]);
    writeFileSync(path.join(root, 'caf\ufffd.txt'), 'Another line.\n');
    found = await expandInputs([root]);
    expect(found.map((f) => [f.rel, f.error === undefined])).toEqual([
      ['caf\ufffd.txt', false],
      ['caf\ufffd.txt', true],
      ['ok.txt', true],
    ]);
  });

  it('leaves out the output folder when it lies inside an input folder, but not an input folder that is itself the output', async () => {
    const root = path.join(tmp, 'nested');
    mkdirSync(path.join(root, 'out'), { recursive: true });
    writeFileSync(path.join(root, 'page.txt'), 'a\n');
    writeFileSync(path.join(root, 'out', 'page.txt'), 'a\n');
    expect((await expandInputs([root], path.join(root, 'out'))).map((f) => f.rel)).toEqual(['page.txt']);
    expect((await expandInputs([root], root)).map((f) => f.rel)).toEqual([path.join('out', 'page.txt'), 'page.txt']);
  });

  // Root reads every folder whatever its mode, so this needs an ordinary user.
  it.skipIf(process.getuid?.() === 0)('reports a folder it cannot list as an input with an error and goes on with the rest', async () => {
    const root = path.join(tmp, 'locked');
    mkdirSync(path.join(root, 'closed'), { recursive: true });
    writeFileSync(path.join(root, 'open.txt'), 'a\n');
    chmodSync(path.join(root, 'closed'), 0);
    try {
      const found = await expandInputs([root]);
      expect(found.map((f) => [f.rel, f.error])).toEqual([
        ['closed', 'cannot read folder (EACCES)'],
        ['open.txt', undefined],
      ]);
    } finally {
      chmodSync(path.join(root, 'closed'), 0o755);
    }
  });
});

describe('SurrogateCheck', () => {
  const text = (units: number[], le: boolean) => Buffer.from(units.flatMap((u) => (le ? [u & 0xff, u >> 8] : [u >> 8, u & 0xff])));
  // "Hi", a lone high surrogate, "A", a proper pair (U+1F600), a lone low surrogate.
  const units = [0x48, 0x69, 0xd800, 0x41, 0xd83d, 0xde00, 0xdc00];

  it('finds the byte of the first unpaired surrogate, whole or a byte at a time, in either byte order', () => {
    for (const le of [true, false]) {
      const bytes = text(units, le);
      for (const size of [bytes.length, 1, 3]) {
        const check = new SurrogateCheck(le);
        for (let i = 0; i < bytes.length; i += size) check.push(bytes.subarray(i, i + size));
        check.end();
        expect(check.firstUnpaired).toBe(4);
      }
    }
  });

  it('passes proper pairs, and finds a high surrogate left open at the end', () => {
    const fine = new SurrogateCheck(true);
    fine.push(text([0x48, 0xd83d, 0xde00, 0x41], true));
    fine.end();
    expect(fine.firstUnpaired).toBeUndefined();
    const open = new SurrogateCheck(true);
    open.push(text([0x48, 0xd83d], true));
    open.end();
    expect(open.firstUnpaired).toBe(2);
  });

  it('finds a last byte that is half a code unit (a cut-off file), after an unpaired surrogate too, whatever the chunking', () => {
    for (const prefix of [[0x48, 0x69], units]) {
      const bytes = Buffer.concat([text(prefix, true), Buffer.from([0x41])]);
      for (const size of [bytes.length, 1, 3]) {
        const check = new SurrogateCheck(true);
        for (let i = 0; i < bytes.length; i += size) check.push(bytes.subarray(i, i + size));
        check.end();
        expect(check.oddLastByte).toBe(bytes.length - 1);
      }
    }
    const even = new SurrogateCheck(true);
    even.push(text([0x48, 0x69], true));
    even.end();
    expect(even.oddLastByte).toBeUndefined();
  });
});
