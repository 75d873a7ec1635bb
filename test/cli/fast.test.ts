import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { PAGE_TXT, ROOT, makeTempDir, removeTempDir, run } from './helpers.js';
import { FastLabeller } from '../../src/fast/labeller.js';
import { keptLines } from '../../src/pipeline.js';
import type { LabelledLine } from '../../src/types.js';

let tmp: string;
beforeAll(() => {
  tmp = makeTempDir('fast');
});
afterAll(() => removeTempDir(tmp));

/** The fast labels of a text file's lines, from the library. */
function expected(file: string): LabelledLine[] {
  const lines = readFileSync(file, 'utf8').replace(/\n$/, '').split('\n');
  const labeller = new FastLabeller({ reasons: false });
  const out: LabelledLine[] = [];
  for (const l of lines) labeller.push(l, out);
  labeller.end(out);
  return out;
}

describe('--fast', () => {
  it('labels a text file with the fast model, and says why with --explain', async () => {
    const r = await run(['label', '--fast', '--explain', PAGE_TXT], { cwd: ROOT });
    expect(r.code).toBe(0);
    const rows = r.stdout.replace(/\n$/, '').split('\n').map((row) => row.split('\t'));
    expect(rows.map((row) => row[0])).toEqual(expected(PAGE_TXT).map((l) => l.label));
    expect(rows.filter((row) => row[0] !== 'blank').every((row) => row[2]!.startsWith('fast model: '))).toBe(true);
  });

  it('cleans a text file to the lines the fast model calls body, a blank line between blocks as without it', async () => {
    const r = await run(['clean', '--fast', PAGE_TXT], { cwd: ROOT });
    expect(r.code).toBe(0);
    const body = keptLines(expected(PAGE_TXT)).map((l) => l + '\n').join('');
    expect(r.stdout).toBe(body);
  });

  it('cleans the text of JSONL records with it', async () => {
    const file = path.join(tmp, 'pages.jsonl');
    const text = readFileSync(PAGE_TXT, 'utf8');
    writeFileSync(file, JSON.stringify({ id: 1, text }) + '\n');
    const r = await run(['clean', '--fast', file], { cwd: ROOT });
    expect(r.code).toBe(0);
    const body = keptLines(expected(PAGE_TXT)).join('\n');
    expect(JSON.parse(r.stdout).text).toBe(body);
  });

  it('passes --fast on to the worker threads: with --jobs 2 every file is cleaned as the fast model cleans it', async () => {
    const input = path.join(tmp, 'many');
    mkdirSync(input);
    for (const name of ['a', 'b', 'c', 'd']) copyFileSync(PAGE_TXT, path.join(input, `${name}.txt`));
    const out = path.join(tmp, 'many-out');
    const r = await run(['clean', '--fast', '--jobs', '2', input, '-o', out], { cwd: ROOT });
    expect(r.code).toBe(0);
    const body = keptLines(expected(PAGE_TXT)).map((l) => l + '\n').join('');
    for (const name of ['a', 'b', 'c', 'd']) expect(readFileSync(path.join(out, `${name}.txt`), 'utf8')).toBe(body);
  });

  it('refuses the flags the fast model would ignore, before reading anything', async () => {
    for (const flags of [['--no-rules'], ['--cross-doc'], ['--readability']]) {
      const r = await run(['clean', '--fast', ...flags, PAGE_TXT], { cwd: ROOT });
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(`--fast cannot be used with ${flags[0]}`);
      expect(r.stdout).toBe('');
    }
  });

  it('checks the fast model against the golden files, saying which model the figures are of', async () => {
    const r = await run(['check', '--fast', '001_a28b406b2232a8ca'], { cwd: ROOT });
    expect(r.stdout).toContain('--fast: the figures below are of the fast model');
    expect(r.stdout).toMatch(/macro-F1 \d\.\d{3}/);
    const html = await run(['check', '--fast', '--html'], { cwd: ROOT });
    expect(html.code).toBe(2);
    expect(html.stderr).toContain('--fast cannot be used with --html');
  });

  it("holds --fast to the fast model's own floors in thresholds.json, not the default model's, which it could never reach", async () => {
    // A case the fast model gets partly wrong, so a floor of 0.999 fails.
    const name = '003_ae8b25b7d630f80b';
    const dir = (floors: object) => {
      const at = path.join(tmp, `floors-${Math.random().toString(36).slice(2)}`);
      mkdirSync(path.join(at, 'S'), { recursive: true });
      mkdirSync(path.join(at, 'G'));
      copyFileSync(path.join(ROOT, 'seeds', `${name}.txt`), path.join(at, 'S', `${name}.txt`));
      copyFileSync(path.join(ROOT, 'golden', `${name}.tsv`), path.join(at, 'G', `${name}.tsv`));
      writeFileSync(path.join(at, 'G', 'thresholds.json'), JSON.stringify(floors));
      return ['--seeds', path.join(at, 'S'), '--golden', path.join(at, 'G')];
    };
    const passing = await run(['check', '--fast', ...dir({ macroF1: 0.999, bodyF1: 0.999, fast: { macroF1: 0.01, bodyF1: 0.01 } })], { cwd: tmp });
    expect(passing.code, passing.stdout).toBe(0);
    expect(passing.stdout).toMatch(/all figures at or above the --fast floors in .*thresholds\.json/);
    const failing = await run(['check', '--fast', ...dir({ macroF1: 0.01, bodyF1: 0.01, fast: { macroF1: 0.999 } })], { cwd: tmp });
    expect(failing.code).toBe(1);
    expect(failing.stdout).toMatch(/BELOW FLOOR \(the --fast floors in .*thresholds\.json\):\n  macro-F1 0\.\d{3} < floor 0\.999/);
    const none = await run(['check', '--fast', ...dir({ macroF1: 0.999 })], { cwd: tmp });
    expect(none.code).toBe(0);
    expect(none.stdout).toMatch(/no floors to compare with: .*thresholds\.json has none for --fast \("fast"\)/);
  });
});
