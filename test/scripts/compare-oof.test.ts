import { afterAll, beforeAll, describe, it } from 'vitest';
import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { ROOT, makeTempDir, removeTempDir } from '../cli/helpers.js';

const run = promisify(execFile);
const SCRIPT = path.join(ROOT, 'scripts', 'compare-oof.mjs');
let tmp: string;

/**
 * A --cv-out file: `sites` sites of one page each (a text page and its #html twin), 10 body and
 * 10 navigation lines a page; `misses(k)` body lines of site k labelled navigation after the
 * smoothing layer, one more than that before it.
 */
function oof(file: string, misses: (k: number) => number): string {
  const rows: string[] = [];
  for (let k = 0; k < 12; k++) {
    for (const suffix of ['', '#html']) {
      const name = `web-site${k}.example-0000000${k % 10}${suffix}`;
      for (let i = 0; i < 20; i++) {
        const expected = i < 10 ? 'body' : 'navigation';
        const after = i < misses(k) ? 'navigation' : expected;
        const before = i <= misses(k) ? 'navigation' : expected;
        rows.push([name, i + 1, expected, before, '0', '0', '0', '0', `line ${i}`, after, '0', '0', '0', '0'].join('\t'));
      }
    }
  }
  const p = path.join(tmp, file);
  writeFileSync(p, rows.join('\n') + '\n');
  return p;
}

beforeAll(() => {
  tmp = makeTempDir('compare-oof');
});
afterAll(() => removeTempDir(tmp));

describe('scripts/compare-oof.mjs', () => {
  it('prints B minus A on the text lines with an interval above zero when B gets a line more right on every site', async ({ expect }) => {
    const a = oof('a.tsv', (k) => 1 + (k % 4));
    const b = oof('b.tsv', (k) => k % 4);
    const { stdout } = await run(process.execPath, [SCRIPT, a, b]);
    expect(stdout).toMatch(/^240 text lines of 12 sites;/);
    const body = /body-vs-rest F1\s+B - A \+(\d\.\d{3})\s+95% interval \+(\d\.\d{3}) to \+(\d\.\d{3})\s+B higher in 100\.0% of 1000 site resamples/.exec(stdout);
    expect(body).not.toBeNull();
    expect(Number(body![2])).toBeGreaterThan(0);
  });

  it('compares the labels before and after the smoothing layer of one file with --a-label before', async ({ expect }) => {
    const a = oof('c.tsv', (k) => k % 3);
    const { stdout } = await run(process.execPath, [SCRIPT, a, a, '--a-label', 'before', '--lines', 'all']);
    expect(stdout).toMatch(/^480 all lines of 12 sites; .*\(before the smoothing layer\), B = .*\(after it\)/);
    expect(stdout).toMatch(/body-vs-rest F1\s+B - A \+0\.0\d\d\s+95% interval \+0\.0\d\d/);
  });

  it('refuses files that do not hold the same lines, hold a line twice, or lines whose golden label differs', async ({ expect }) => {
    const a = oof('d.tsv', () => 1);
    const short = path.join(tmp, 'short.tsv');
    writeFileSync(short, 'web-x.example-00000000\t1\tbody\tbody\t0\t0\t0\t0\tx\tbody\t0\t0\t0\t0\n');
    await expect(run(process.execPath, [SCRIPT, a, short])).rejects.toMatchObject({ code: 2, stderr: expect.stringContaining('the files hold different lines') });
    const twice = path.join(tmp, 'twice.tsv');
    writeFileSync(twice, readFileSync(a, 'utf8') + readFileSync(a, 'utf8'));
    await expect(run(process.execPath, [SCRIPT, twice, twice])).rejects.toMatchObject({ code: 2, stderr: expect.stringContaining('appears twice') });
    const relabelled = path.join(tmp, 'relabelled.tsv');
    writeFileSync(relabelled, readFileSync(a, 'utf8').replace('\t1\tbody\t', '\t1\tnavigation\t'));
    await expect(run(process.execPath, [SCRIPT, a, relabelled])).rejects.toMatchObject({ code: 2, stderr: expect.stringContaining('the golden files changed between the runs') });
  });
});
