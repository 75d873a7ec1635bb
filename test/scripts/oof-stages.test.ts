import { afterAll, beforeAll, describe, it } from 'vitest';
import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { ROOT, makeTempDir, removeTempDir } from '../cli/helpers.js';

const run = promisify(execFile);
const SCRIPT = path.join(ROOT, 'scripts', 'oof-stages.mjs');
let tmp: string;

beforeAll(() => {
  tmp = makeTempDir('oof-stages-');
});
afterAll(() => removeTempDir(tmp));

/** A --cv-out file of one page: a story, then a footer's follow-us row the smoothing layer called navigation. */
function oof(): string {
  const page: Array<[string, string, string]> = [
    ['body', 'body', 'The council voted on Tuesday to put off a decision on the harbour plan until the spring, after residents asked for more time.'],
    ['navigation', 'navigation', 'About Us'],
    ['advertisement', 'navigation', 'Facebook'],
    ['advertisement', 'navigation', 'Instagram'],
    ['advertisement', 'navigation', 'YouTube'],
  ];
  const rows = page.map(([expected, after, text], i) => ['web-site.example-00000000', i + 1, expected, after, '0', '0', '0', '0', text, after, '0', '0', '0', '0'].join('\t'));
  const p = path.join(tmp, 'oof.tsv');
  writeFileSync(p, rows.join('\n') + '\n');
  return p;
}

describe('scripts/oof-stages.mjs', () => {
  it('passes out-of-fold labels through the later stages: the follow-us row comes out advertisement, and not without the social stage', async ({ expect }) => {
    const file = oof();
    const on = (await run('node', [SCRIPT, file], { cwd: ROOT })).stdout;
    expect(on).toMatch(/^advertisement>advertisement 3$/m);
    expect(on).toMatch(/^macro-F1 /m);
    const off = (await run('node', [SCRIPT, file], { cwd: ROOT, env: { ...process.env, NOSOCIAL: '1' } })).stdout;
    expect(off).toMatch(/^advertisement>navigation 3$/m);
  });

  it('says how to call it when no file is given', async ({ expect }) => {
    await expect(run('node', [SCRIPT], { cwd: ROOT })).rejects.toMatchObject({ code: 2, stderr: expect.stringMatching(/usage: node scripts\/oof-stages\.mjs/) });
  });
});
