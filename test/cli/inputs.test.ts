import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import path from 'node:path';
import { SMALL_FILE_BYTES, openInput } from '../../src/cli/inputs.js';
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
