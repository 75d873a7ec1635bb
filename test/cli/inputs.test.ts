import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chmodSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import path from 'node:path';
import { SMALL_FILE_BYTES, expandInputs, openInput } from '../../src/cli/inputs.js';
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
