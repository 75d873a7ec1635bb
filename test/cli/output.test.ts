import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BUFFERED_OUTPUT_BYTES, syncFileSink } from '../../src/cli/output.js';

const made: string[] = [];

function tmpDir(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'boilerstrip-output-'));
  made.push(dir);
  return dir;
}

// Each run left its folders in the OS temp folder.
afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

describe('syncFileSink: the synchronous sink of batch workers and the --jobs 1 loop', () => {
  it('shows nothing under the real name until commit, then exactly what was written', async () => {
    const dir = tmpDir();
    const target = path.join(dir, 'a', 'page.txt');
    const sink = syncFileSink(target);
    await sink.write('first line\n');
    await sink.write('second line\n');
    expect(readdirSync(path.join(dir, 'a'))).not.toContain('page.txt');
    await sink.commit();
    expect(readFileSync(target, 'utf8')).toBe('first line\nsecond line\n');
    expect(readdirSync(path.join(dir, 'a'))).toEqual(['page.txt']);
  });

  it('leaves no file behind when aborted, also after spilling a large output to its temporary file', async () => {
    const dir = tmpDir();
    const sink = syncFileSink(path.join(dir, 'big.txt'));
    await sink.write('x'.repeat(BUFFERED_OUTPUT_BYTES + 1));
    expect(readdirSync(dir)).toHaveLength(1); // the temporary file
    await sink.abort();
    expect(readdirSync(dir)).toEqual([]);
  });

  it('writes an empty output as an empty file', async () => {
    const dir = tmpDir();
    const sink = syncFileSink(path.join(dir, 'empty.txt'));
    await sink.commit();
    expect(readFileSync(path.join(dir, 'empty.txt'), 'utf8')).toBe('');
  });

  it('makes its folder again when an earlier run in the same process made it and it was removed since', async () => {
    const dir = tmpDir();
    const target = path.join(dir, 'sub', 'page.txt');
    const first = syncFileSink(target);
    await first.commit();
    rmSync(path.join(dir, 'sub'), { recursive: true });
    const second = syncFileSink(target);
    await second.write('again\n');
    await second.commit();
    expect(readFileSync(target, 'utf8')).toBe('again\n');
  });
});
