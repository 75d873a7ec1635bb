import { describe, it, expect, afterAll } from 'vitest';
import { mkdtempSync, writeFileSync, readFileSync, readdirSync, rmSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { spawn, spawnSync } from 'node:child_process';
import { DEFAULT_WARM_UP, WARM_UP_BYTES, WARM_UP_DOCUMENTS, warmUp, type WarmUpWindow } from '../../src/cli/crossdoc.js';

const bin = path.resolve(import.meta.dirname, '../../bin/boilerstrip.js');
const dir = mkdtempSync(path.join(tmpdir(), 'boilerstrip-crossdoc-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// A made-up site: every page opens with the paper's name (its masthead, template text), then its own story.
// Alone, a short first line above a story reads as its headline; only counts across pages tell the two apart.
const BLURB = 'The Valley Courier';
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

function label(args: string[]): string[][][] {
  const r = spawnSync(process.execPath, [bin, 'label', ...args], { encoding: 'utf8' });
  expect(r.status, r.stderr).toBe(0);
  return TOPICS.map((_, i) => readFileSync(path.join(args[args.indexOf('-o') + 1]!, `p${i}.tsv`), 'utf8').split('\n').filter(Boolean).map((row) => row.split('\t')));
}

describe('label --cross-doc', () => {
  const input = path.join(dir, 'in');
  mkdirSync(input);
  TOPICS.forEach((_, i) => writeFileSync(path.join(input, `p${i}.txt`), page(i)));

  it('labels a line repeated on every page of a batch (the masthead) as boilerplate, and leaves each page\'s own story as body', () => {
    const single = label([input, '-o', path.join(dir, 'a'), '--jobs', '1']);
    const crossed = label([input, '-o', path.join(dir, 'b'), '--cross-doc', '--jobs', '2']);
    // Without the first pass the masthead reads like the story's headline.
    expect(single.every((rows) => rows[0]![0] === 'body')).toBe(true);
    for (const rows of crossed) {
      expect(rows[0]![1]).toBe(BLURB);
      expect(rows[0]![0]).not.toBe('body');
      const story = rows.filter((r) => r[0] !== 'blank').slice(1);
      expect(story.map((r) => r[0])).toEqual(['body', 'body']);
    }
  }, 60_000);

  it('says when --cross-doc cannot apply: one document alone, or a --profile given too (whose counts are the ones used)', () => {
    const one = spawnSync(process.execPath, [bin, 'label', '--cross-doc', path.join(input, 'p0.txt')], { encoding: 'utf8' });
    expect(one.status, one.stderr).toBe(0);
    expect(one.stderr).toContain('boilerstrip: note: --cross-doc counts lines across documents, and the inputs hold 1 document: no line can repeat across them, so it has no effect');
    const profile = path.join(dir, 'site.profile');
    expect(spawnSync(process.execPath, [bin, 'profile', input, '-o', profile], { encoding: 'utf8' }).status).toBe(0);
    const both = spawnSync(process.execPath, [bin, 'label', '--cross-doc', '--profile', profile, input, '-o', path.join(dir, 'both')], { encoding: 'utf8' });
    expect(both.status, both.stderr).toBe(0);
    expect(both.stderr).toContain(`boilerstrip: note: --cross-doc is not used with --profile: the counts of ${profile} are (give one or the other)`);
    // QA pass 21: said nothing, though it changes nothing without counts.
    const alone = spawnSync(process.execPath, [bin, 'label', '--no-site-counts', path.join(input, 'p0.txt')], { encoding: 'utf8' });
    expect(alone.status, alone.stderr).toBe(0);
    expect(alone.stderr).toContain('boilerstrip: note: --no-site-counts sets aside counts per site, and this run has no counts (no --cross-doc or --profile), so it has no effect');
  }, 60_000);

  it('removes the folder of its first-pass counts when the run ends, whether the run succeeds or some file fails, in-process or with workers', () => {
    const tmp = path.join(dir, 'tmpdir');
    mkdirSync(tmp);
    // p0.html's output would land on p0.txt's: that file fails and the run exits 1.
    const clash = path.join(dir, 'clash');
    mkdirSync(clash);
    writeFileSync(path.join(clash, 'p0.txt'), page(0));
    writeFileSync(path.join(clash, 'p0.html'), `<p>${page(0)}</p>`);
    writeFileSync(path.join(clash, 'p1.txt'), page(1));
    for (const [from, status] of [[input, 0], [clash, 1]] as const) {
      for (const jobs of ['1', '2']) {
        const out = path.join(dir, `tmp-${path.basename(from)}-${jobs}`);
        const r = spawnSync(process.execPath, [bin, 'clean', from, '-o', out, '--cross-doc', '--jobs', jobs], { encoding: 'utf8', env: { ...process.env, TMPDIR: tmp } });
        expect(r.status, r.stderr).toBe(status);
        expect(readdirSync(tmp)).toEqual([]);
      }
    }
  }, 60_000);

  it('removes that folder too when stdout is closed early (label FILE --cross-doc | head)', async () => {
    const tmp = path.join(dir, 'tmpdir-epipe');
    mkdirSync(tmp);
    // Long enough that the labels outgrow the pipe after the reader has gone.
    const big = path.join(dir, 'big.txt');
    writeFileSync(big, Array.from({ length: 4000 }, (_, i) => page(i % TOPICS.length)).join('\n'));
    const child = spawn(process.execPath, [bin, 'label', '--cross-doc', big], { env: { ...process.env, TMPDIR: tmp }, stdio: ['ignore', 'pipe', 'pipe'] });
    // Read one chunk, then close the pipe, as head does.
    await new Promise<void>((resolve) => child.stdout.once('data', () => resolve()));
    child.stdout.destroy();
    const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
    expect(code).toBe(0);
    expect(readdirSync(tmp)).toEqual([]);
  }, 60_000);
});

/** Eight records of the made-up site, one per line, with a malformed record among them. */
function jsonlBatch(): string {
  const topics = [...TOPICS, 'museum', 'harbour'];
  const records = topics.map((t, i) =>
    JSON.stringify({ id: i, text: [BLURB, '', `The ${t} committee met on a cold morning and argued for an hour about money, ${i} speakers said.`, '', `Nobody expected the ${t} vote to pass, but it did, and the mayor promised to publish the figures by spring.`].join('\n') }),
  );
  records.splice(3, 0, '{"id": broken}');
  return records.join('\n') + '\n';
}

function cli(args: string[], input?: string) {
  return spawnSync(process.execPath, [bin, ...args], { input: input ?? '', encoding: 'utf8' });
}

describe('--cross-doc on stdin', () => {
  const file = path.join(dir, 'batch.jsonl');
  writeFileSync(file, jsonlBatch());

  for (const command of ['clean', 'label']) {
    it(`${command}s JSONL records from stdin exactly as the same records in a file, records and reports in the same order, when they fit in the warm-up window`, () => {
      const fromFile = cli([command, '--cross-doc', file]);
      const fromStdin = cli([command, '--cross-doc', '--format', 'jsonl', '-'], jsonlBatch());
      expect(fromFile.status).toBe(1); // the malformed record
      expect(fromStdin.status).toBe(1);
      expect(fromStdin.stdout).toBe(fromFile.stdout);
      expect(fromStdin.stderr.replaceAll('<stdin>', file)).toBe(fromFile.stderr);
      const records = fromStdin.stdout.trim().split('\n').map((l) => JSON.parse(l) as { id: number; text: string });
      expect(records.map((r) => r.id)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
      // The counts did something: the blurb repeated on every page is gone, and is kept without --cross-doc.
      expect(records.every((r) => !r.text.includes(BLURB) && r.text.includes('committee'))).toBe(true);
      const plain = cli([command, '--format', 'jsonl', '-'], jsonlBatch());
      expect(plain.stdout.trim().split('\n').every((l) => (JSON.parse(l) as { text: string }).text.includes(BLURB))).toBe(true);
    }, 60_000);
  }

  it('refuses stdin together with files, naming the option, and exits 2', () => {
    const r = cli(['clean', '--cross-doc', '-o', path.join(dir, 'mixed'), file, '-'], 'x\n');
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/--cross-doc.*stdin/);
  });

  it('says that a text stream on stdin is one document, and cleans it as without --cross-doc', () => {
    const text = page(0);
    const crossed = cli(['clean', '--cross-doc', '-'], text);
    const plain = cli(['clean', '-'], text);
    expect(crossed.status).toBe(0);
    expect(crossed.stdout).toBe(plain.stdout);
    expect(crossed.stderr).toMatch(/<stdin>: --cross-doc .* one document/);
  });
});

describe('warmUp', () => {
  async function* items(n: number): AsyncGenerator<number> {
    for (let i = 0; i < n; i++) yield i;
  }

  /** Runs the window and records, for each item that comes out, how many items had been counted by then. */
  async function trace(n: number, window: WarmUpWindow, isDocument = (_: number) => true, bytesRead = () => 0) {
    const counted: number[] = [];
    const seen: Array<[number, number]> = [];
    for await (const item of warmUp(items(n), (i) => (counted.push(i), isDocument(i)), window, bytesRead)) seen.push([item, counted.length]);
    return seen;
  }

  it('lets nothing out before the window is full, then the held items in order, then each later item right after counting it', async () => {
    expect(await trace(6, { documents: 3, bytes: Infinity })).toEqual([
      [0, 3],
      [1, 3],
      [2, 3],
      [3, 4],
      [4, 5],
      [5, 6],
    ]);
  });

  it('counts the whole input before the first item comes out when the input fits in the window', async () => {
    expect(await trace(4, { documents: 10, bytes: Infinity })).toEqual([
      [0, 4],
      [1, 4],
      [2, 4],
      [3, 4],
    ]);
  });

  it('does not count items that are not documents (bad records) towards the window', async () => {
    const seen = await trace(5, { documents: 2, bytes: Infinity }, (i) => i % 2 === 0);
    expect(seen[0]).toEqual([0, 3]); // documents 0 and 2 fill the window
  });

  it('closes the window once the input bytes read reach its byte budget, with fewer documents', async () => {
    let bytes = 0;
    const seen: Array<[number, number]> = [];
    for await (const item of warmUp(items(4), () => ((bytes += 100), true), { documents: 100, bytes: 200 }, () => bytes)) seen.push([item, bytes]);
    expect(seen).toEqual([
      [0, 200],
      [1, 200],
      [2, 300],
      [3, 400],
    ]);
  });

  it('uses 256 documents or 64 MiB as its default window', () => {
    expect(DEFAULT_WARM_UP).toEqual({ documents: 256, bytes: 64 * 1024 * 1024 });
    expect([WARM_UP_DOCUMENTS, WARM_UP_BYTES]).toEqual([256, 64 << 20]);
  });
});

describe('label --cross-doc over records of several sites', () => {
  // Two made-up papers in one crawl: the Courier's two pages and the Herald's ten. The Courier's
  // masthead is on 2 of the run's 12 pages, under the share that marks template text; on its own
  // site it is on every page. The records' url fields say which site each page is from.
  const WEATHER = ['wet', 'cold', 'bright', 'windy', 'foggy', 'mild', 'stormy', 'quiet', 'humid', 'frosty'];
  const sitePage = (masthead: string, i: number) =>
    [
      masthead,
      '',
      `Neighbours gathered at the ${PLACES[i % 6]} on a ${WEATHER[i]} evening to argue about the future of the ${TOPICS[i % 6]}, which has divided the town for years.`,
      '',
      `Several speakers on that ${WEATHER[i]} night said the ${TOPICS[i % 6]} mattered more to them than any road project, and asked the mayor for the figures.`,
    ].join('\n');
  const courier = [0, 1].map((i) => JSON.stringify({ url: `https://www.courier.test/news/${i}`, text: sitePage(BLURB, i) }));
  const herald = Array.from({ length: 10 }, (_, i) => JSON.stringify({ url: `https://herald.test/story/${i}`, text: sitePage('The Harbour Herald', i) }));

  function mastheadRows(file: string, ...flags: string[]): Array<{ label: string; reason: string }> {
    const r = spawnSync(process.execPath, [bin, 'label', '--explain', ...flags, file], { encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    return r.stdout
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as { labels: Array<{ label: string; text: string; reason: string }> })
      .map((rec) => rec.labels[0]!);
  }

  it("counts each record among its own site's pages, as a run of that site alone would", () => {
    mkdirSync(path.join(dir, 'sites'), { recursive: true });
    const mixed = path.join(dir, 'sites', 'mixed.jsonl');
    writeFileSync(mixed, [...herald.slice(0, 5), courier[0], ...herald.slice(5), courier[1]].join('\n') + '\n');
    const alone = path.join(dir, 'sites', 'courier.jsonl');
    writeFileSync(alone, courier.join('\n') + '\n');
    const rows = mastheadRows(mixed, '--cross-doc');
    const courierRows = [rows[5]!, rows[11]!];
    expect(courierRows).toEqual(mastheadRows(alone, '--cross-doc'));
    // The reason says whose counts they were.
    expect(courierRows[0]!.reason).toContain('repeated on 100% of the 2 documents of courier.test counted (ctx_cross_doc)');
  });

  it('counts records without a url across the whole run, where the smaller site\'s masthead is too rare to count', () => {
    const noUrl = path.join(dir, 'sites', 'no-url.jsonl');
    const strip = (r: string) => JSON.stringify({ text: (JSON.parse(r) as { text: string }).text });
    writeFileSync(noUrl, [...herald.map(strip), ...courier.map(strip)].join('\n') + '\n');
    const rows = mastheadRows(noUrl, '--cross-doc');
    expect(rows[10]!.reason).not.toContain('ctx_cross_doc');
    expect(rows[0]!.reason).toContain('repeated on 83% of the documents counted (ctx_cross_doc)');
  });

  /** The Herald's pages, then the Courier's, with their urls and without (each test writes its own, so one runs alone). */
  function crawl(name: string): { withUrl: string; noUrl: string } {
    const folder = path.join(dir, 'sites', name);
    mkdirSync(folder, { recursive: true });
    const strip = (r: string) => JSON.stringify({ text: (JSON.parse(r) as { text: string }).text });
    const files = { withUrl: path.join(folder, 'with-url.jsonl'), noUrl: path.join(folder, 'no-url.jsonl') };
    writeFileSync(files.withUrl, [...herald, ...courier].join('\n') + '\n');
    writeFileSync(files.noUrl, [...herald, ...courier].map(strip).join('\n') + '\n');
    return files;
  }

  it('counts across the whole run alone with --no-site-counts, as if no record named its site', () => {
    const { withUrl, noUrl } = crawl('off');
    const rows = mastheadRows(withUrl, '--cross-doc', '--no-site-counts');
    expect(rows[10]!.reason).not.toContain('ctx_cross_doc');
    expect(rows).toEqual(mastheadRows(noUrl, '--cross-doc'));
  });

  it("labels with a profile's run counts alone under --no-site-counts, though the profile counted sites", () => {
    const { withUrl } = crawl('profile-off');
    const profile = path.join(dir, 'sites', 'profile-off', 'sites.profile');
    const p = spawnSync(process.execPath, [bin, 'profile', withUrl, '-o', profile], { encoding: 'utf8' });
    expect(p.status, p.stderr).toBe(0);
    expect(p.stderr).toMatch(/2 sites/);
    expect(mastheadRows(withUrl, '--profile', profile)[10]!.reason).toContain('of courier.test');
    const runOnly = mastheadRows(withUrl, '--profile', profile, '--no-site-counts');
    expect(runOnly[10]!.reason).not.toContain('ctx_cross_doc');
    expect(runOnly[0]!.reason).toContain('repeated on 83% of the documents counted (ctx_cross_doc)');
  });

  it('writes a profile of no sites with --no-site-counts, and does not say that no record named one', () => {
    const { withUrl } = crawl('profile-run-only');
    const profile = path.join(dir, 'sites', 'profile-run-only', 'run-only.profile');
    const p = spawnSync(process.execPath, [bin, 'profile', '--no-site-counts', withUrl, '-o', profile], { encoding: 'utf8' });
    expect(p.status, p.stderr).toBe(0);
    expect(p.stderr).toContain('profile of 12 documents written');
    expect(p.stderr).not.toMatch(/sites? named|no record named/);
    expect(mastheadRows(withUrl, '--profile', profile)[10]!.reason).not.toContain('ctx_cross_doc');
  });
});

describe('clean --cross-doc over a folder of saved HTML pages of several sites', () => {
  it("counts each page among the pages of the site its canonical link names", () => {
    const WEATHER = ['wet', 'cold', 'bright', 'windy', 'foggy', 'mild', 'stormy', 'quiet', 'humid', 'frosty'];
    const html = (host: string, masthead: string, i: number) =>
      `<!doctype html><html><head><title>Story ${i}</title><link rel="canonical" href="https://${host}/story/${WEATHER[i]}"></head><body>` +
      `<div class="masthead">${masthead}</div><article><h1>The ${TOPICS[i % 6]} on a ${WEATHER[i]} evening</h1>` +
      `<p>Neighbours gathered at the ${PLACES[i % 6]} on a ${WEATHER[i]} evening to argue about the future of the ${TOPICS[i % 6]}, which has divided the town for years.</p>` +
      `<p>Several speakers on that ${WEATHER[i]} night said the ${TOPICS[i % 6]} mattered more to them than any road project, and asked the mayor for the figures.</p>` +
      `</article></body></html>`;
    const folder = path.join(dir, 'html-sites');
    mkdirSync(folder, { recursive: true });
    for (let i = 0; i < 2; i++) writeFileSync(path.join(folder, `courier-${i}.html`), html('www.courier.test', 'The Valley Courier daily edition', i));
    for (let i = 0; i < 10; i++) writeFileSync(path.join(folder, `herald-${i}.html`), html('herald.test', 'The Harbour Herald daily edition', i));
    const out = path.join(dir, 'html-sites-out');
    const r = spawnSync(process.execPath, [bin, 'label', '--explain', '--cross-doc', folder, '-o', out], { encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    const masthead = (name: string) => readFileSync(path.join(out, name), 'utf8').split('\n')[0]!.split('\t');
    // On 2 of the run's 12 pages, but on every page of its own site.
    expect(masthead('courier-0.tsv')[1]).toBe('The Valley Courier daily edition');
    expect(masthead('courier-0.tsv')[2]).toContain('repeated on 100% of the 2 documents of courier.test counted (ctx_cross_doc)');
    expect(masthead('herald-3.tsv')[2]).toContain('repeated on 100% of the 10 documents of herald.test counted (ctx_cross_doc)');
  });
});

describe('label --cross-doc over a crawl that holds copies of a page (QA pass 14)', () => {
  it("labels a page and its http copy as the page alone, where before each line of the pair looked repeated", () => {
    const text = page(0);
    const folder = path.join(dir, 'copies');
    mkdirSync(folder, { recursive: true });
    const copies = path.join(folder, 'copies.jsonl');
    writeFileSync(copies, [JSON.stringify({ url: 'https://paper.test/a', text }), JSON.stringify({ url: 'http://paper.test/a', text })].join('\n') + '\n');
    const alone = path.join(folder, 'alone.jsonl');
    writeFileSync(alone, JSON.stringify({ url: 'https://paper.test/a', text }) + '\n');
    const labels = (file: string, crossDoc: boolean) => {
      const r = spawnSync(process.execPath, [bin, 'label', ...(crossDoc ? ['--cross-doc'] : []), file], { encoding: 'utf8' });
      expect(r.status, r.stderr).toBe(0);
      return r.stdout.split('\n').filter(Boolean).map((l) => (JSON.parse(l) as { labels: Array<{ label: string }> }).labels.map((x) => x.label));
    };
    const [plain] = labels(alone, false);
    expect(labels(copies, true)).toEqual([plain, plain]);
    expect(plain!.filter((l) => l === 'body').length).toBeGreaterThan(1);
  });
});

describe('--site-field', () => {
  it("reads a record's address from the field named, so records that keep it elsewhere are counted by site", () => {
    const folder = path.join(dir, 'site-field');
    mkdirSync(folder, { recursive: true });
    const file = path.join(folder, 'pages.jsonl');
    const rec = (host: string, i: number) => JSON.stringify({ meta: { page_url: `https://${host}/${i}` }, text: page(i) });
    // The Courier's 2 pages among another site's 4: its masthead is on a third of the run's pages, its own site's every page.
    writeFileSync(file, [rec('courier.test', 0), rec('courier.test', 1), ...[2, 3, 4, 5].map((i) => JSON.stringify({ meta: { page_url: `https://other.test/${i}` }, text: page(i).replace(BLURB, 'The Other Gazette') }))].join('\n') + '\n');
    const reason = (args: string[]) => {
      const r = spawnSync(process.execPath, [bin, 'label', '--explain', '--cross-doc', ...args, file], { encoding: 'utf8' });
      expect(r.status, r.stderr).toBe(0);
      return (JSON.parse(r.stdout.split('\n')[0]!) as { labels: Array<{ reason: string }> }).labels[0]!.reason;
    };
    expect(reason([])).toContain('repeated on 33% of the documents counted');
    expect(reason(['--site-field', 'meta.page_url'])).toContain('repeated on 100% of the 2 documents of courier.test counted');
  });
});
