import { describe, it, expect, afterAll } from 'vitest';
import { mkdtempSync, writeFileSync, readFileSync, rmSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';

const bin = path.resolve(import.meta.dirname, '../../bin/boilerstrip.js');
const dir = mkdtempSync(path.join(tmpdir(), 'boilerstrip-crossdoc-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// A made-up site: every page opens with the same prose-like blurb (template text), then its own story.
const BLURB = 'The Valley Courier reports on the towns, farms and people of the northern valley every single day of the year.';
const TOPICS = ['bridge', 'orchard', 'library', 'ferry', 'market', 'school'];
const PLACES = ['council chamber', 'old mill', 'fire station', 'harbour office', 'church hall', 'sports ground'];

function page(i: number): string {
  const t = TOPICS[i]!;
  const p = PLACES[i]!;
  return [
    BLURB,
    '',
    `Neighbours gathered at the ${p} on a wet evening to argue about the future of the ${t}, which has divided the town for years.`,
    '',
    `Several speakers said the ${t} mattered more to them than any road project, and they asked the mayor to publish the figures before spring.`,
    '',
  ].join('\n');
}

function label(args: string[]): string[][] {
  const r = spawnSync(process.execPath, [bin, 'label', ...args], { encoding: 'utf8' });
  expect(r.status, r.stderr).toBe(0);
  return TOPICS.map((_, i) => readFileSync(path.join(args[args.indexOf('-o') + 1]!, `p${i}.tsv`), 'utf8').split('\n').filter(Boolean).map((row) => row.split('\t')));
}

describe('label --cross-doc', () => {
  const input = path.join(dir, 'in');
  mkdirSync(input);
  TOPICS.forEach((_, i) => writeFileSync(path.join(input, `p${i}.txt`), page(i)));

  it('labels a prose line repeated on every page of a batch as boilerplate, and leaves each page\'s own story as body', () => {
    const single = label([input, '-o', path.join(dir, 'a'), '--jobs', '1']);
    const crossed = label([input, '-o', path.join(dir, 'b'), '--cross-doc', '--jobs', '2']);
    // Without the first pass the blurb reads like article prose.
    expect(single.every((rows) => rows[0]![0] === 'body')).toBe(true);
    for (const rows of crossed) {
      expect(rows[0]![1]).toBe(BLURB);
      expect(rows[0]![0]).not.toBe('body');
      const story = rows.filter((r) => r[0] !== 'blank').slice(1);
      expect(story.map((r) => r[0])).toEqual(['body', 'body']);
    }
  }, 60_000);

  it('refuses stdin, which cannot be read twice, naming the option', () => {
    const r = spawnSync(process.execPath, [bin, 'clean', '--cross-doc', '-'], { input: 'x\n', encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/--cross-doc/);
  });
});
