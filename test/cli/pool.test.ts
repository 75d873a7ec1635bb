import { afterAll, beforeAll, describe, it } from 'vitest';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { FIXTURES, ROOT, RULED, listFiles, makeTempDir, removeTempDir, run, stderrLines } from './helpers.js';
import { expandInputs } from '../../src/cli/inputs.js';
import { ETA_SETTLE_MS, ETA_SETTLE_SHARE, remainingSeconds, runPool, startPool } from '../../src/cli/pool.js';
import type { RunOptions } from '../../src/cli/process.js';
import { labelHtml, labelText, processPage } from '../../src/document.js';

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
  // The --no-rules page as text, HTML and a JSONL record, several times over, so both threads get files.
  const ruled = path.join(tmp, 'ruled');
  mkdirSync(ruled, { recursive: true });
  for (let i = 0; i < RULED_COPIES; i++) {
    writeFileSync(path.join(ruled, `page-${i}.txt`), RULED.text);
    writeFileSync(path.join(ruled, `story-${i}.html`), RULED.html);
    writeFileSync(path.join(ruled, `records-${i}.jsonl`), JSON.stringify({ url: `https://news.example.test/${i}`, html: RULED.html }) + '\n');
  }
});

/** Copies of each kind of --no-rules input in the `ruled` batch. */
const RULED_COPIES = 8;

/** Labelled lines as `label --explain` rows: label, line and reason. */
function explainedRows(lines: ReadonlyArray<{ label: string; text: string; reason?: string }>): string {
  return lines.map((l) => `${l.label}\t${l.text}\t${l.reason}\n`).join('');
}

/**
 * What `label --explain --no-rules` writes for each kind of input of the `ruled` batch, keyed by
 * the start of the file's name, as rows: what the library gives with `rules: false`.
 */
function ruledExpected(): Record<'page' | 'story' | 'records', string> {
  return {
    page: explainedRows(labelText(RULED.text, { rules: false })),
    story: explainedRows(labelHtml(RULED.html, { rules: false })),
    records: explainedRows(processPage(RULED.html, { rules: false }).lines),
  };
}

/** An output of the `ruled` batch as rows: a .tsv as it is, a JSONL record's `labels` made rows. */
function outputRows(file: string, content: string): string {
  if (!file.endsWith('.jsonl')) return content;
  return content
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => explainedRows((JSON.parse(l) as { labels: Array<{ label: string; text: string; reason: string }> }).labels))
    .join('');
}

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

  it('passes --no-rules on to the worker threads: with --jobs 2 every text, HTML and JSONL output is labelled as the model alone labels it', async ({ expect }) => {
    const expected = ruledExpected();
    const [off, on] = await Promise.all([
      run(['label', '--explain', '--no-rules', 'ruled', '-o', 'ruled-off', '--jobs', '2'], { cwd: tmp, timeoutMs: 90_000 }),
      run(['label', '--explain', 'ruled', '-o', 'ruled-on', '--jobs', '2'], { cwd: tmp, timeoutMs: 90_000 }),
    ]);
    expect(off.code).toBe(0);
    expect(on.code).toBe(0);
    const files = listFiles(path.join(tmp, 'ruled-off'));
    expect(files).toHaveLength(3 * RULED_COPIES);
    for (const f of files) {
      const got = readFileSync(path.join(tmp, 'ruled-off', f), 'utf8');
      expect(outputRows(f, got), f).toBe(expected[f.slice(0, f.indexOf('-')) as keyof typeof expected]);
      expect(got, f).not.toContain('rule:');
      // Without the flag, the same batch gets the rule in every file.
      expect(readFileSync(path.join(tmp, 'ruled-on', f), 'utf8'), f).toContain('disclaimer: rule: copyright notice');
    }
  });

  it('labels by the options a worker is sent: a worker given rules: false labels without the rules, one given none with them', async ({ expect }) => {
    const inputs = await expandInputs([path.join(tmp, 'ruled')]);
    const expected = ruledExpected();
    const base: RunOptions = { command: 'label', keep: ['body'], explain: true, labels: false, fields: ['html'], readability: false };
    // Every file to the worker: the main thread takes none.
    const pool = { jobs: 1, report: () => {}, progress: false, workerUrl: new URL(`file://${path.join(ROOT, 'dist', 'cli', 'worker.js')}`), mainThread: false };
    const off = await runPool(inputs, { ...pool, out: path.join(tmp, 'worker-off'), opts: { ...base, rules: false } });
    const on = await runPool(inputs, { ...pool, out: path.join(tmp, 'worker-on'), opts: base });
    expect(off.map((r) => r.status)).toEqual(inputs.map(() => 'ok'));
    expect(on.map((r) => r.status)).toEqual(inputs.map(() => 'ok'));
    expect(listFiles(path.join(tmp, 'worker-off'))).toHaveLength(3 * RULED_COPIES);
    for (const f of listFiles(path.join(tmp, 'worker-off'))) {
      const got = readFileSync(path.join(tmp, 'worker-off', f), 'utf8');
      expect(outputRows(f, got), f).toBe(expected[f.slice(0, f.indexOf('-')) as keyof typeof expected]);
      expect(readFileSync(path.join(tmp, 'worker-on', f), 'utf8'), f).toContain('disclaimer: rule: copyright notice');
    }
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

  it('gives no estimate from a first sliver of the batch in its first seconds, whose rate is mostly start-up (QA pass 22: a first ETA of 40 minutes for a 5 s run)', ({ expect }) => {
    expect(remainingSeconds(800, 1, 1000)).toBeUndefined();
    expect(remainingSeconds(ETA_SETTLE_MS, 1, 1000)).toBeGreaterThan(0);
    expect(remainingSeconds(800, 1000 * ETA_SETTLE_SHARE, 1000)).toBeGreaterThan(0);
  });
});
