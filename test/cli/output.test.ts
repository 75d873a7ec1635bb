import { afterAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
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
    // Nothing there yet, not even the folder: it is made with the first bytes written to disk.
    expect(existsSync(target)).toBe(false);
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

  it('keeps no hold on the strings it was given: a short line cut from a large decoded chunk does not keep the chunk alive', () => {
    // The labeller's lines are slices of the 64 KiB chunk they were decoded from. Held as strings
    // until 4 MiB of output had gathered, each kept its whole chunk alive: on a page that is
    // mostly furniture, 4 MiB of kept lines spanned hundreds of MB of input (`clean -o` peaked
    // at 678 MB on a 250 MB file, 142 MB to stdout).
    const dir = tmpDir();
    const script = path.join(dir, 'held.mjs');
    const target = path.join(dir, 'out.txt');
    writeFileSync(
      script,
      `import { syncFileSink } from ${JSON.stringify(pathToFileURL(path.join(import.meta.dirname, '..', '..', 'dist', 'cli', 'output.js')).href)};
       import { getHeapStatistics } from 'node:v8';
       gc();
       const before = getHeapStatistics().used_heap_size;
       const sink = syncFileSink(${JSON.stringify(target)});
       for (let i = 0; i < 100; i++) {
         // A chunk of 1 MB, flat, and one line cut from it (a sliced string, as V8 makes them).
         const chunk = (String(i).padStart(3, '0') + 'x'.repeat(1e6)).split('').reverse().join('');
         sink.write(chunk.slice(chunk.length - 40) + '\\n');
       }
       gc();
       const held = getHeapStatistics().used_heap_size - before;
       await sink.commit();
       console.log(held);`,
    );
    const r = spawnSync(process.execPath, ['--expose-gc', script], { encoding: 'utf8', timeout: 60_000 });
    expect(r.status, r.stderr).toBe(0);
    // Held as strings: ~109 MB (the hundred chunks); as bytes, the last chunk's garbage and little else.
    expect(Number(r.stdout.trim())).toBeLessThan(30e6);
    const lines = readFileSync(target, 'utf8').split('\n');
    expect(lines).toHaveLength(101);
    // Line 7 is the end of chunk 7: 37 x, then '007' reversed.
    expect(lines[7]).toBe('x'.repeat(37) + '700');
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
