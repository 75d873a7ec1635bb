/**
 * `clean --format jsonl -` as one stage of a distributed job (Spark's
 * rdd.pipe, GNU parallel --pipe): the input is cut into shards, each shard
 * goes through its own process, and the outputs are concatenated. That is
 * only sound if a record's output depends on the record (and the shared
 * profile) alone, never on which other records share its process.
 */
import { afterAll, beforeAll, describe, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { makeTempDir, removeTempDir, run } from './helpers.js';

let tmp: string;
let records: string[];

/** Records in the generated input. */
const RECORDS = 60;
/** Shards the input is cut into, each run as its own process. */
const SHARDS = 3;

const WORDS = 'council harbor budget library teacher river station market bridge festival orchard museum winter ferry village engineer lantern'.split(' ');

function prose(seed: number, sentences: number): string {
  let x = seed * 104729 + 17;
  const out: string[] = [];
  for (let s = 0; s < sentences; s++) {
    const w: string[] = [];
    for (let i = 0; i < 12 + (s % 7); i++) {
      x = (x * 1103515245 + 12345) % 2147483648;
      w.push(WORDS[x % WORDS.length]!);
    }
    out.push(w[0]!.charAt(0).toUpperCase() + w[0]!.slice(1) + ' ' + w.slice(1).join(' ') + ', the officials said on Tuesday.');
  }
  return out.join(' ');
}

/** Template lines shared by every page of the made-up site, so a profile has something to count. */
const MENU = ['Home', 'Local News', 'Business', 'Weather and Traffic', 'Obituaries'];
const FOOTER = ['Sign up for the Harbor Daily newsletter and never miss a story', '© 2031 Harbor Daily Publishing Company. All rights reserved.'];

function htmlPage(i: number): string {
  const paras = [0, 1, 2].map((p) => `<p>${prose(i * 10 + p, 3)}</p>`).join('\n');
  return `<!doctype html><html><head><title>Story ${i}</title></head><body>
<nav><ul>${MENU.map((m) => `<li><a href="/${m.toLowerCase().replace(/\W+/g, '-')}">${m}</a></li>`).join('')}</ul></nav>
<article><h1>Harbor story number ${i}</h1>
${paras}
</article>
<aside><p>${FOOTER[0]}</p></aside>
<footer><p>${FOOTER[1]}</p></footer>
</body></html>`;
}

function textPage(i: number): string {
  return [...MENU, '', `Harbor brief number ${i}`, '', prose(i * 10, 4), '', prose(i * 10 + 1, 3), '', ...FOOTER].join('\n');
}

beforeAll(() => {
  tmp = makeTempDir('shards');
  records = [];
  for (let i = 0; i < RECORDS; i++) {
    const url = `https://harbor-daily.example/news/${i}`;
    // Mixed page fields and extra fields, which must pass through unchanged.
    const rec = i % 2 === 0 ? { url, html: htmlPage(i), crawl: { id: i } } : { url, text: textPage(i), lang: 'en' };
    records.push(JSON.stringify(rec));
  }
  writeFileSync(path.join(tmp, 'all.jsonl'), records.join('\n') + '\n');
});

afterAll(() => removeTempDir(tmp));

/** Cut the records into `n` contiguous shards of JSONL text. */
function shards(n: number): string[] {
  const size = Math.ceil(records.length / n);
  return Array.from({ length: n }, (_, k) => records.slice(k * size, (k + 1) * size).join('\n') + '\n');
}

async function cleanJsonl(input: string, extra: string[] = []) {
  return run(['clean', '--format', 'jsonl', ...extra, '-'], { cwd: tmp, input, timeoutMs: 90_000 });
}

describe('sharded JSONL runs', { timeout: 180_000 }, () => {
  it('concatenated outputs of 3 shards, each in its own process, equal one run over the whole input', async ({ expect }) => {
    const whole = await cleanJsonl(records.join('\n') + '\n');
    expect(whole.code).toBe(0);
    expect(whole.stdout.split('\n').filter(Boolean)).toHaveLength(RECORDS);
    const parts = await Promise.all(shards(SHARDS).map((s) => cleanJsonl(s)));
    for (const p of parts) expect(p.code).toBe(0);
    expect(parts.map((p) => p.stdout).join('')).toBe(whole.stdout);
    // Sanity: the body was kept, the template was not.
    const first = JSON.parse(whole.stdout.split('\n')[0]!) as { url: string; text: string; crawl: unknown };
    expect(first.url).toBe('https://harbor-daily.example/news/0');
    expect(first.crawl).toEqual({ id: 0 });
    expect(first.text).toContain(prose(0, 3).slice(0, 60));
    expect(first.text).not.toContain('All rights reserved');
  });

  it('does the same with a --profile built once by `boilerstrip profile` over the whole input', async ({ expect }) => {
    const built = await run(['profile', 'all.jsonl', '-o', 'site.profile'], { cwd: tmp, timeoutMs: 90_000 });
    expect(built.code).toBe(0);
    expect(built.stderr).toContain(`profile of ${RECORDS} documents`);
    const flags = ['--profile', 'site.profile'];
    const whole = await cleanJsonl(records.join('\n') + '\n', flags);
    expect(whole.code).toBe(0);
    expect(whole.stdout.split('\n').filter(Boolean)).toHaveLength(RECORDS);
    const parts = await Promise.all(shards(SHARDS).map((s) => cleanJsonl(s, flags)));
    for (const p of parts) expect(p.code).toBe(0);
    expect(parts.map((p) => p.stdout).join('')).toBe(whole.stdout);
  });
});
