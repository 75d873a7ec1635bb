import { afterAll, beforeAll, describe, it } from 'vitest';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { FIXTURES, ROOT, listFiles, makeTempDir, removeTempDir, run, stderrLines } from './helpers.js';
import { expandInputs } from '../../src/cli/inputs.js';
import { remainingSeconds, runPool, startPool } from '../../src/cli/pool.js';
import type { RunOptions } from '../../src/cli/process.js';

let tmp: string;

/** Number of generated text files in the batch. */
const FILES = 40;

const WORDS = 'river stone lantern market quiet harbor morning teacher garden window bridge letter winter summer village engine paper forest candle journey'.split(' ');

/** A small made-up page: a menu, a few paragraphs of prose, a newsletter box and a copyright line; deterministic per seed. */
function page(seed: number): string {
  let x = seed * 7919 + 1;
  const word = () => {
    x = (x * 1103515245 + 12345) % 2147483648;
    return WORDS[x % WORDS.length]!;
  };
  const sentence = (n: number) => {
    const w = Array.from({ length: n }, word);
    return w[0]!.charAt(0).toUpperCase() + w[0]!.slice(1) + ' ' + w.slice(1).join(' ') + '.';
  };
  const lines = ['Home', 'World', 'Sports', 'Opinion', '', `Harbor notes number ${seed}`, ''];
  for (let p = 0; p < 2 + (seed % 4); p++) lines.push(`${sentence(14)} ${sentence(11)} ${sentence(17)}`, '');
  lines.push('Subscribe to our newsletter for more stories like this one', `© 2031 Example Media ${seed}. All rights reserved.`);
  return lines.join('\n') + '\n';
}

beforeAll(() => {
  tmp = makeTempDir('pool');
  const src = path.join(tmp, 'batch');
  for (let i = 0; i < FILES; i++) {
    // Nested folders, so the mirrored output tree is part of the comparison.
    const dir = path.join(src, i % 3 === 0 ? 'b' : i % 3 === 1 ? 'a/deep' : '');
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, `page-${String(i).padStart(2, '0')}.txt`), page(i));
  }
  // A binary file in the middle of the order, and one whose invalid UTF-8
  // gives warning lines, so report order is part of the comparison too.
  writeFileSync(path.join(src, 'a', 'photo.txt'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x00, 0x0d, 0x0a, 0x1a, 0x0a]));
  writeFileSync(path.join(src, 'b', 'latin1.txt'), Buffer.concat([Buffer.from(page(99)), Buffer.from([0x43, 0x61, 0x66, 0xe9, 0x0a])]));
});

afterAll(() => removeTempDir(tmp));

function tree(dir: string): Map<string, Buffer> {
  return new Map(listFiles(dir).map((f) => [f, readFileSync(path.join(dir, f))]));
}

describe('boilerstrip clean --jobs', { timeout: 120_000 }, () => {
  it('writes the same output tree, byte for byte, and the same stderr with 1 and 2 workers, a binary file included', async ({ expect }) => {
    const one = await run(['clean', 'batch', '-o', 'out1', '--jobs', '1'], { cwd: tmp, timeoutMs: 90_000 });
    const two = await run(['clean', 'batch', '-o', 'out2', '--jobs', '2'], { cwd: tmp, timeoutMs: 90_000 });

    expect(one.code).toBe(0);
    expect(two.code).toBe(0);
    expect(one.stdout).toBe('');
    expect(two.stdout).toBe('');

    const a = tree(path.join(tmp, 'out1'));
    const b = tree(path.join(tmp, 'out2'));
    expect(a.size).toBe(FILES + 1); // every page and latin1.txt; the binary file is skipped
    expect([...b.keys()]).toEqual([...a.keys()]);
    for (const [file, bytes] of a) expect(b.get(file)!.equals(bytes), file).toBe(true);
    // Outputs hold the prose, not the template lines around it.
    const sample = a.get('a/deep/page-01.txt')!.toString('utf8');
    expect(sample.split('\n').some((l) => l.length > 100)).toBe(true);
    expect(sample).not.toContain('© 2031');

    expect(two.stderr).toBe(one.stderr);
    const err = stderrLines(one.stderr);
    expect(err.filter((l) => l.includes('photo.txt'))).toEqual([`boilerstrip: ${path.join('batch', 'a', 'photo.txt')}: skipped: binary data (NUL byte in the first block)`]);
    expect(err.some((l) => l.includes('latin1.txt') && l.includes('invalid UTF-8'))).toBe(true);
    expect(err.at(-1)).toBe(`boilerstrip: ${FILES + 1} files cleaned, 1 skipped, 0 failed`);
  });

  it('labels a batch the same way with 1 and 2 workers', async ({ expect }) => {
    const one = await run(['label', 'batch', '-o', 'lab1', '--jobs', '1'], { cwd: tmp, timeoutMs: 90_000 });
    const two = await run(['label', 'batch', '-o', 'lab2', '--jobs', '2'], { cwd: tmp, timeoutMs: 90_000 });
    expect(one.code).toBe(0);
    expect(two.stderr).toBe(one.stderr);
    const a = tree(path.join(tmp, 'lab1'));
    const b = tree(path.join(tmp, 'lab2'));
    expect([...b.keys()]).toEqual([...a.keys()]);
    for (const [file, bytes] of a) expect(b.get(file)!.equals(bytes), file).toBe(true);
  });

  it('rejects --jobs 0 as a usage error', async ({ expect }) => {
    const r = await run(['clean', 'batch', '-o', 'out0', '--jobs', '0'], { cwd: tmp });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--jobs');
  });

  it('fails only the file a worker crashed on: the files it had finished but not reported, and the rest, are still cleaned', async ({ expect }) => {
    // 150 files, so the crashing worker holds finished files it has not posted yet when it dies.
    const src = path.join(tmp, 'crash');
    for (let i = 0; i < 150; i++) {
      mkdirSync(src, { recursive: true });
      writeFileSync(path.join(src, `page-${String(i).padStart(3, '0')}.txt`), page(i));
    }
    writeFileSync(path.join(src, 'page-100-crash-me.txt'), page(7));
    const inputs = await expandInputs([src]);
    const opts: RunOptions = { command: 'clean', keep: ['body'], explain: false, labels: false, fields: [], readability: false };
    const reports: string[] = [];
    const results = await runPool(inputs, {
      jobs: 2,
      out: path.join(tmp, 'crash-out'),
      opts,
      report: (m) => reports.push(m),
      progress: false,
      workerUrl: new URL(`file://${path.join(FIXTURES, 'crash-worker.mjs')}`),
      // Every file to a worker: the main thread, which takes files too by default, would not crash.
      mainThread: false,
    });
    expect(results.map((r) => r.file)).toEqual(inputs.map((i) => i.path));
    const crashed = path.join(src, 'page-100-crash-me.txt');
    expect(results.filter((r) => r.status !== 'ok').map((r) => r.file)).toEqual([crashed]);
    expect(reports).toEqual([`${crashed}: worker stopped: exit code 70`]);
    const written = listFiles(path.join(tmp, 'crash-out'));
    expect(written).toHaveLength(150);
    expect(written.some((f) => f.includes('crash-me') || f.endsWith('.tmp'))).toBe(false);
    // The same bytes as a run without the crash.
    const plain = await run(['clean', 'crash', '-o', 'crash-plain', '--jobs', '1'], { cwd: tmp, timeoutMs: 90_000 });
    expect(plain.code).toBe(0);
    for (const f of written) expect(readFileSync(path.join(tmp, 'crash-out', f)).equals(readFileSync(path.join(tmp, 'crash-plain', f))), f).toBe(true);
  });

  it('has the main thread take files from the same table as the workers: with a worker that takes none, the main thread cleans them all', async ({ expect }) => {
    const src = path.join(tmp, 'idle');
    mkdirSync(src, { recursive: true });
    for (let i = 0; i < 12; i++) writeFileSync(path.join(src, `page-${String(i).padStart(2, '0')}.txt`), page(i));
    const inputs = await expandInputs([src]);
    const opts: RunOptions = { command: 'clean', keep: ['body'], explain: false, labels: false, fields: [], readability: false };
    const results = await runPool(inputs, { jobs: 2, out: path.join(tmp, 'idle-out'), opts, report: () => {}, progress: false, workerUrl: new URL(`file://${path.join(FIXTURES, 'idle-worker.mjs')}`) });
    expect(results.map((r) => [r.file, r.status])).toEqual(inputs.map((i) => [i.path, 'ok']));
    expect(listFiles(path.join(tmp, 'idle-out'))).toHaveLength(12);
  });

  it('closes a pool that never got a batch without waiting for anything', async ({ expect }) => {
    const pool = startPool({ jobs: 2, workerUrl: new URL(`file://${path.join(ROOT, 'dist', 'cli', 'worker.js')}`) });
    await expect(pool.close()).resolves.toBeUndefined();
  });

  it('rejects a batch, naming the cause, when its workers cannot start', async ({ expect }) => {
    const pool = startPool({ jobs: 2, workerUrl: new URL(`file://${path.join(FIXTURES, 'broken-worker.mjs')}`) });
    // Wait until the workers have died, so the batch arrives after the failure.
    await new Promise((r) => setTimeout(r, 1000));
    const inputs = await expandInputs([path.join(tmp, 'batch')]);
    const opts: RunOptions = { command: 'clean', keep: ['body'], explain: false, labels: false, fields: [], readability: false };
    await expect(pool.run(inputs, { out: path.join(tmp, 'broken-out'), opts, report: () => {}, progress: false })).rejects.toThrow(/a batch worker could not start: broken install/);
    await pool.close();
  });

  it('ends the workers a batch has no file for, and still cleans every file', async ({ expect }) => {
    // The built worker: this test file runs from src/, where there is no worker.js.
    const pool = startPool({ jobs: 4, workerUrl: new URL(`file://${path.join(ROOT, 'dist', 'cli', 'worker.js')}`) });
    const inputs = (await expandInputs([path.join(tmp, 'batch')])).slice(0, 2);
    const opts: RunOptions = { command: 'clean', keep: ['body'], explain: false, labels: false, fields: [], readability: false };
    const results = await pool.run(inputs, { out: path.join(tmp, 'two-out'), opts, report: () => {}, progress: false });
    expect(results.map((r) => r.status)).toEqual(['ok', 'ok']);
    expect(listFiles(path.join(tmp, 'two-out'))).toHaveLength(2);
    await pool.close();
  });
});

describe('remainingSeconds', () => {
  it('projects the rate so far onto what is left, and knows nothing before anything is done', ({ expect }) => {
    expect(remainingSeconds(10_000, 0, 100)).toBeUndefined();
    expect(remainingSeconds(10_000, 25, 100)).toBe(30);
    expect(remainingSeconds(10_000, 100, 100)).toBe(0);
    // A file that grew while it was read: never a negative time.
    expect(remainingSeconds(10_000, 120, 100)).toBe(0);
  });
});
