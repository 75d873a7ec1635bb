import { afterAll, beforeAll, describe, it } from 'vitest';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { COPYRIGHT_RULE_REASON, HTML, LABELS, PAGE_HTML, PAGE_TXT, RULED, TXT, listFiles, makeTempDir, removeTempDir, run, splitLines, stderrLines } from './helpers.js';
import { processPage } from '../../src/document.js';

let tmp: string;

const PAGE_TEXT = readFileSync(PAGE_TXT, 'utf8');
const GOOD_HTML = { url: 'https://news.example.test/festival', html: HTML.html, crawled: '2031-05-01' };
const GOOD_TEXT = { url: 'https://news.example.test/library', text: PAGE_TEXT, lang: 'en' };
const BAD_LINE = '{"url": "https://news.example.test/broken", "html": <p>not json</p>}';
const JSONL_LINES = [JSON.stringify(GOOD_HTML), BAD_LINE, JSON.stringify(GOOD_TEXT)];
const JSONL = JSONL_LINES.join('\n') + '\n';
const RESPONSE = JSON.stringify({ success: true, status: 'completed', total: 2, data: [GOOD_HTML, GOOD_TEXT] }, null, 2) + '\n';
/** Byte offset where the malformed second line starts. */
const BAD_OFFSET = Buffer.byteLength(JSONL_LINES[0]! + '\n');

interface OutRecord {
  url: string;
  text: string;
  confidence: number;
  labels?: Array<{ label: string; text: string }>;
  [k: string]: unknown;
}

function records(stdout: string): OutRecord[] {
  return splitLines(stdout).map((l) => JSON.parse(l) as OutRecord);
}

function expectHtmlBody(expect: typeof import('vitest').expect, text: string): void {
  const lines = text.split('\n');
  for (const p of HTML.paragraphs) expect(lines).toContain(p);
  for (const word of HTML.menu) expect(lines).not.toContain(word);
  expect(text).not.toContain('<p>');
  expect(text).not.toContain(HTML.copyright);
}

function expectTextBody(expect: typeof import('vitest').expect, text: string): void {
  const lines = text.split('\n');
  for (const p of TXT.paragraphs) expect(lines).toContain(p);
  for (const word of TXT.menu) expect(lines).not.toContain(word);
  expect(text).not.toContain(TXT.newsletter);
  expect(text).not.toContain(TXT.copyright);
}

beforeAll(() => {
  tmp = makeTempDir('json');
  writeFileSync(path.join(tmp, 'crawl.jsonl'), JSONL);
  writeFileSync(path.join(tmp, 'crawl.json'), JSON.stringify([GOOD_HTML, GOOD_TEXT, { url: 'https://news.example.test/empty', title: 'No page here' }], null, 2));
  // A crawl API's response: the records are the elements of its "data" (Firecrawl's shape).
  writeFileSync(path.join(tmp, 'response.json'), RESPONSE);
  mkdirSync(path.join(tmp, 'responses'));
  for (const name of ['a.json', 'b.json']) writeFileSync(path.join(tmp, 'responses', name), RESPONSE);
});

afterAll(() => removeTempDir(tmp));

describe.concurrent('boilerstrip clean on JSON records', { timeout: 60_000 }, () => {
  it('sniffs each record page past a long comment banner, and --page-format text|html forces the format of every record page', async ({ expect }) => {
    const banner = '<!--\n' + ' * Theme build 4.2.1, licensed under the MIT licence; see LICENSE.txt for details.\n'.repeat(30) + '-->\n';
    const input = JSON.stringify({ url: 'https://news.example.test/banner', html: banner + GOOD_HTML.html }) + '\n';
    const [auto, text, html] = await Promise.all([
      run(['clean', '--format', 'jsonl', '-'], { cwd: tmp, input }),
      run(['clean', '--format', 'jsonl', '--page-format', 'text', '--labels', '-'], { cwd: tmp, input }),
      run(['clean', '--format', 'jsonl', '--page-format', 'html', '-'], { cwd: tmp, input }),
    ]);
    for (const r of [auto, html]) {
      expect(r.code).toBe(0);
      expectHtmlBody(expect, records(r.stdout)[0]!.text);
    }
    // Taken for text, the page's lines are its lines of markup, as written.
    expect(text.code).toBe(0);
    const labelled = records(text.stdout)[0]!.labels!.map((l) => l.text);
    expect(labelled.slice(0, 2)).toEqual(['<!--', ' * Theme build 4.2.1, licensed under the MIT licence; see LICENSE.txt for details.']);
    const bad = await run(['clean', '--format', 'jsonl', '--page-format', 'xml', '-'], { cwd: tmp, input });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--page-format.*xml/);
  });

  it('reads JSON Lines in a .json file (and from stdin with --format json) as JSON Lines: every record written or reported, with a warning', async ({ expect }) => {
    const third = { url: 'https://news.example.test/third', text: PAGE_TEXT };
    const lines = [JSON.stringify(GOOD_HTML), BAD_LINE, JSON.stringify(GOOD_TEXT), JSON.stringify(third)];
    const input = lines.join('\n') + '\n';
    writeFileSync(path.join(tmp, 'jl.json'), input);
    const second = Buffer.byteLength(lines[0]! + '\n');
    for (const [args, name] of [[['clean', 'jl.json'], 'jl.json'], [['clean', '--format', 'json', '-'], '<stdin>']] as const) {
      const r = await run(args, { cwd: tmp, input });
      expect(r.code).toBe(1);
      expect(records(r.stdout).map((o) => o.url)).toEqual([GOOD_HTML.url, GOOD_TEXT.url, third.url]);
      const err = stderrLines(r.stderr);
      expect(err).toContain(
        `boilerstrip: ${name}:2: warning: another JSON value follows the first record: this looks like JSON Lines, so the rest is read as JSON Lines (name the file .jsonl or use --format jsonl) (byte ${second})`,
      );
      const bad = err.filter((l) => l.includes('malformed'));
      expect(bad).toHaveLength(1);
      expect(bad[0]).toMatch(new RegExp(`^boilerstrip: ${name.replace(/[.<>]/g, '\\$&')}:2: malformed JSON: .*\\(byte ${second}, record 1\\)$`));
      expect(err).toContain('boilerstrip: 1 file cleaned, 0 skipped, 0 failed; records: 3 ok, 1 bad');
    }
  });

  it('writes one JSON line per good record from stdin with --format jsonl, reports the malformed line with its line and byte offset, and exits 1', async ({ expect }) => {
    const r = await run(['clean', '--format', 'jsonl', '-'], { cwd: tmp, input: JSONL });
    expect(r.code).toBe(1);
    const out = records(r.stdout);
    expect(out).toHaveLength(2);
    const [html, text] = out;
    expect(html!.url).toBe(GOOD_HTML.url);
    expect(html!.crawled).toBe(GOOD_HTML.crawled);
    expect(html!.html).toBe(GOOD_HTML.html);
    expectHtmlBody(expect, html!.text);
    expect(text!.url).toBe(GOOD_TEXT.url);
    expect(text!.lang).toBe('en');
    expectTextBody(expect, text!.text);
    for (const rec of out) {
      expect(typeof rec.confidence).toBe('number');
      expect(rec.confidence).toBeGreaterThanOrEqual(0);
      expect(rec.confidence).toBeLessThanOrEqual(1);
      expect(rec).not.toHaveProperty('labels');
    }
    const err = stderrLines(r.stderr);
    const bad = err.filter((l) => l.includes('malformed'));
    expect(bad).toHaveLength(1);
    expect(bad[0]).toContain('<stdin>:2:');
    expect(bad[0]).toContain(`byte ${BAD_OFFSET}`);
    expect(err).toContain('boilerstrip: 1 file cleaned, 0 skipped, 0 failed; records: 2 ok, 1 bad');
    expect(err[err.length - 1]).toBe('boilerstrip: bad records: <stdin> (1)');
  });

  // JSON.parse read them as doubles: a 64-bit id came out as another id, 1e400 as null.
  it('writes the numbers of a record that a double cannot hold digit for digit, in JSONL, JSON arrays and --records alike', async ({ expect }) => {
    const fields = '"id":1234567890123456789,"big":1e400,"ids":[9007199254740993],"price":1.5';
    const page = JSON.stringify(TXT.paragraphs.join('\n'));
    const line = `{${fields},"text":${page}}`;
    const inputs: Array<[string[], string]> = [
      [['clean', '--format', 'jsonl', '-'], line + '\n'],
      [['clean', '--format', 'json', '-'], `[${line}]`],
      [['clean', '--format', 'json', '--records', 'data', '-'], `{"total":98765432109876543210,"data":[${line}]}`],
      [['label', '--format', 'jsonl', '-'], line + '\n'],
    ];
    for (const [args, input] of inputs) {
      const r = await run(args, { cwd: tmp, input });
      expect(r.code, args.join(' ')).toBe(0);
      expect(r.stdout.startsWith(`{${fields},"text":`), args.join(' ')).toBe(true);
    }
  });

  it('adds a labels array to each record with --labels', async ({ expect }) => {
    const r = await run(['clean', '--labels', 'crawl.jsonl'], { cwd: tmp });
    expect(r.code).toBe(1);
    const out = records(r.stdout);
    expect(out).toHaveLength(2);
    for (const rec of out) {
      expect(Array.isArray(rec.labels)).toBe(true);
      expect(rec.labels!.length).toBeGreaterThan(0);
      for (const l of rec.labels!) {
        expect(LABELS).toContain(l.label);
        expect(typeof l.text).toBe('string');
      }
      const bodyLines = rec.labels!.filter((l) => l.label === 'body').map((l) => l.text);
      for (const kept of rec.text.split('\n').filter((l) => l.trim() !== '')) expect(bodyLines).toContain(kept);
    }
    // Lines that are not kept are labelled too.
    expect(out[1]!.labels!.find((l) => l.text === TXT.copyright)?.label).toBe('disclaimer');
    for (const word of TXT.menu) expect(out[1]!.labels!.find((l) => l.text === word)?.label).toBe('navigation');
    expect(r.stderr).toContain('crawl.jsonl:2:');
  });

  it('reads a JSON array file too, reports a record without any page field, and writes DIR/<name>.jsonl with -o', async ({ expect }) => {
    const r = await run(['clean', 'crawl.json', '-o', 'array-out'], { cwd: tmp });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(listFiles(path.join(tmp, 'array-out'))).toEqual(['crawl.jsonl']);
    const out = records(readFileSync(path.join(tmp, 'array-out', 'crawl.jsonl'), 'utf8'));
    expect(out.map((rec) => rec.url)).toEqual([GOOD_HTML.url, GOOD_TEXT.url]);
    expectHtmlBody(expect, out[0]!.text);
    expectTextBody(expect, out[1]!.text);
    for (const rec of out) expect(typeof rec.confidence).toBe('number');
    const err = stderrLines(r.stderr);
    const noPage = err.filter((l) => l.includes('no page'));
    expect(noPage).toHaveLength(1);
    expect(noPage[0]).toContain('crawl.json');
    expect(noPage[0]).toContain('record 2');
    // Where the third record's "{" starts, in bytes.
    const json = readFileSync(path.join(tmp, 'crawl.json'), 'utf8');
    const start = json.lastIndexOf('{', json.indexOf('news.example.test/empty'));
    expect(noPage[0]).toContain(`(byte ${Buffer.byteLength(json.slice(0, start))}, record 2)`);
    expect(err).toContain('boilerstrip: 1 file cleaned, 0 skipped, 0 failed; records: 2 ok, 1 bad');
  });
});

describe.concurrent('boilerstrip on the records inside a crawl response (--records)', { timeout: 60_000 }, () => {
  it('writes one JSONL record per element of the array --records names, with its page cleaned and the fields around the array left out', async ({ expect }) => {
    const r = await run(['clean', '--records', 'data', 'response.json'], { cwd: tmp });
    expect(stderrLines(r.stderr)).toEqual(['boilerstrip: 1 file cleaned, 0 skipped, 0 failed; records: 2 ok, 0 bad']);
    expect(r.code).toBe(0);
    const out = records(r.stdout);
    expect(out.map((rec) => rec.url)).toEqual([GOOD_HTML.url, GOOD_TEXT.url]);
    expectHtmlBody(expect, out[0]!.text);
    expectTextBody(expect, out[1]!.text);
    for (const rec of out) expect(rec).not.toHaveProperty('success');
    // Without the flag the response is one record, and the message says which flag reads it.
    const whole = await run(['clean', 'response.json'], { cwd: tmp });
    expect(whole.code).toBe(1);
    expect(whole.stderr).toContain('(its "data" holds records with pages: --records data reads each as a record');
  });

  it('labels, profiles and counts for --cross-doc the same records, and workers read them too', async ({ expect }) => {
    const [label, profile, crossDoc, pool] = await Promise.all([
      run(['label', '--records', 'data', 'response.json'], { cwd: tmp }),
      run(['profile', '--records', 'data', 'response.json', '-o', 'response.profile'], { cwd: tmp }),
      run(['clean', '--cross-doc', '--records', 'data', 'response.json'], { cwd: tmp }),
      run(['clean', '--records', 'data', '--jobs', '2', 'responses', '-o', 'responses-out'], { cwd: tmp }),
    ]);
    expect(label.code).toBe(0);
    expect(records(label.stdout).map((rec) => rec.labels!.length > 0)).toEqual([true, true]);
    expect(profile.code).toBe(0);
    expect(profile.stderr).toContain('profile of 2 documents (1 site named by a url or canonical link, 1 of them with 2 or more pages, labelled with their own counts) written to response.profile');
    expect(crossDoc.code).toBe(0);
    expect(records(crossDoc.stdout).map((rec) => rec.url)).toEqual([GOOD_HTML.url, GOOD_TEXT.url]);
    // The labelling pass with the profile the first pass of --cross-doc makes gives the same output.
    const profiled = await run(['clean', '--profile', 'response.profile', '--records', 'data', 'response.json'], { cwd: tmp });
    expect(profiled.stdout).toBe(crossDoc.stdout);
    expect(pool.code).toBe(0);
    for (const name of ['a.jsonl', 'b.jsonl']) {
      expect(records(readFileSync(path.join(tmp, 'responses-out', name), 'utf8')).map((rec) => rec.url)).toEqual([GOOD_HTML.url, GOOD_TEXT.url]);
    }
  });

  it('reports a path the input does not have, naming the file and the path, and exits 1; and refuses a path that is not one', async ({ expect }) => {
    const r = await run(['clean', '--records', 'results', 'response.json'], { cwd: tmp });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('response.json:1: no array at "results": the top-level object has no "results" (byte 0, record 0)');
    const bad = await run(['clean', '--records', 'data..items', 'response.json'], { cwd: tmp });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("option '--records' must be a dotted path of object keys");
  });

  it('warns that --records does not apply to a text or HTML file, which is one document, and cleans it as without the flag', async ({ expect }) => {
    const [withFlag, without] = await Promise.all([run(['clean', '--records', 'data', PAGE_TXT], { cwd: tmp }), run(['clean', PAGE_TXT], { cwd: tmp })]);
    expect(withFlag.code).toBe(0);
    expect(withFlag.stdout).toBe(without.stdout);
    expect(stderrLines(withFlag.stderr)).toContain(`boilerstrip: ${PAGE_TXT}: warning: --records is for JSON/JSONL records; a text file is one document, so it does not apply`);
  });

  it('names every flag given that only records use (--labels, --field, --pass-bad-records, --output-prefix) in one warning on a text file, and cleans it as without them', async ({ expect }) => {
    const args = ['--labels', '--field', 'foo', '--pass-bad-records', '--output-prefix', 'X'];
    const [withFlags, without] = await Promise.all([run(['clean', ...args, PAGE_TXT], { cwd: tmp }), run(['clean', PAGE_TXT], { cwd: tmp })]);
    expect(withFlags.code).toBe(0);
    expect(withFlags.stdout).toBe(without.stdout);
    expect(stderrLines(withFlags.stderr)).toContain(`boilerstrip: ${PAGE_TXT}: warning: --field, --labels, --pass-bad-records and --output-prefix are for JSON/JSONL records; a text file is one document, so they do not apply`);
    // A JSON input takes them without a word.
    const json = await run(['clean', ...args, '--format', 'jsonl', '-'], { cwd: tmp, input: JSON.stringify({ foo: 'A line of text.' }) + '\n' });
    expect(json.stderr).not.toContain('warning');
  });
});

describe.concurrent('boilerstrip clean, JSON fields', { timeout: 60_000 }, () => {
  it('reports a malformed JSONL line holding NULs and a terminal escape with those characters escaped, on one line of stderr', async ({ expect }) => {
    const input = JSON.stringify(GOOD_TEXT) + '\n\u0000\u0000garbage\u001b]0;owned\u0007\n';
    const r = await run(['clean', '--format', 'jsonl', '-'], { cwd: tmp, input });
    expect(r.code).toBe(1);
    expect(records(r.stdout)).toHaveLength(1);
    expect(r.stderr).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/);
    const bad = stderrLines(r.stderr).find((l) => l.startsWith('boilerstrip: <stdin>:2: malformed JSON'));
    expect(bad).toContain('\\u0000\\u0000garbage\\u001b]0;owned\\u0007');
  });

  it('warns, with the byte, about a JSONL record holding invalid UTF-8, and still cleans it', async ({ expect }) => {
    const input = Buffer.concat([Buffer.from(JSON.stringify(GOOD_TEXT) + '\n{"text":"Caf'), Buffer.from([0xe9]), Buffer.from(' owners met the mayor."}\n')]);
    const r = await run(['clean', '--format', 'jsonl', '-'], { cwd: tmp, input });
    expect(r.code).toBe(0);
    expect(records(r.stdout)).toHaveLength(2);
    const at = Buffer.byteLength(JSON.stringify(GOOD_TEXT) + '\n{"text":"Caf');
    expect(stderrLines(r.stderr)).toContain(`boilerstrip: <stdin>:2: warning: invalid UTF-8, replaced with U+FFFD (byte ${at}, record 1)`);
  });

  it('gives a JSONL record\'s HTML with a NUL in it the same lines as the same HTML in a file, the NUL dropped as an HTML parser drops it', async ({ expect }) => {
    // The NUL became a space ("re open"). A file with a NUL byte in its first block is skipped as
    // binary, so the page's NULs come after that block, as in a real page with a stray NUL.
    const paragraphs = HTML.paragraphs.map((p, i) => (i === 0 ? p.replace(' ', '\u0000 ').replace(/(\w)(\w)/, '$1\u0000$2') : p));
    const padding = `<!-- ${'padding '.repeat(600)}-->`;
    const page = padding + HTML.html.replace(HTML.paragraphs[0]!, paragraphs[0]!).replace('</body>', '<pre>let pier\u0000 = 1;</pre></body>');
    expect(page.indexOf('\u0000')).toBeGreaterThan(4096);
    writeFileSync(path.join(tmp, 'nul.html'), page);
    writeFileSync(path.join(tmp, 'nul.jsonl'), JSON.stringify({ url: 'https://news.example.test/nul', html: page }) + '\n');
    const file = await run(['label', 'nul.html'], { cwd: tmp });
    const jsonl = await run(['label', 'nul.jsonl'], { cwd: tmp });
    expect(file.code).toBe(0);
    expect(jsonl.code).toBe(0);
    const fileLines = splitLines(file.stdout).map((row) => row.split('\t').slice(0, 2));
    const recordLines = records(jsonl.stdout)[0]!.labels!.map((l) => [l.label, l.text]);
    expect(recordLines).toEqual(fileLines);
    const texts = fileLines.map(([, text]) => text);
    expect(texts).toContain(HTML.paragraphs[0]);
    expect(texts).toContain('let pier = 1;');
    expect(file.stdout + jsonl.stdout).not.toContain('\u0000');
  });

  it('gives a JSONL record that is only an <xmp> or <plaintext> block, with a NUL in it, the same lines as the same page in a file', async ({ expect }) => {
    // The record was taken for text: its tags stayed in its lines and the NUL reached the output.
    const code = Array.from({ length: 300 }, (_, i) => `  if (a &lt; b) y${i}();`).join('\n');
    for (const [name, page] of [['xmp', `<xmp>${code}\nlet pier\u0000 = 1;</xmp>`], ['plaintext', `<plaintext>${code}\nlet pier\u0000 = 1;`]] as const) {
      expect(page.indexOf('\u0000')).toBeGreaterThan(4096);
      writeFileSync(path.join(tmp, `${name}.html`), page);
      writeFileSync(path.join(tmp, `${name}.jsonl`), JSON.stringify({ url: 'https://news.example.test/code', html: page }) + '\n');
      const file = await run(['label', `${name}.html`], { cwd: tmp });
      const jsonl = await run(['label', `${name}.jsonl`], { cwd: tmp });
      expect(file.code).toBe(0);
      expect(jsonl.code).toBe(0);
      const fileLines = splitLines(file.stdout).map((row) => row.split('\t').slice(0, 2));
      expect(records(jsonl.stdout)[0]!.labels!.map((l) => [l.label, l.text])).toEqual(fileLines);
      expect(fileLines).toHaveLength(301);
      expect(fileLines.at(-1)![1]).toBe('let pier = 1;');
      expect(file.stdout + jsonl.stdout).not.toContain('\u0000');
    }
  });

  it('takes the page from a nested field named by a dotted --field, reading data.markdown as Markdown, and says which name to give when left at the defaults', async ({ expect }) => {
    const markdown = ['*   [Home](https://news.example.test/)', '*   [World](https://news.example.test/world)', '', '# Council approves the new river bridge', '', GOOD_TEXT.text].join('\n');
    const input = JSON.stringify({ success: true, data: { markdown, metadata: { sourceURL: 'https://news.example.test/bridge' } } }) + '\n';
    const r = await run(['clean', '--field', 'data.markdown', '--format', 'jsonl', '-'], { cwd: tmp, input });
    expect(r.code).toBe(0);
    const [record] = records(r.stdout);
    expect(record!.text).toContain('# Council approves the new river bridge');
    expect(record!.text).not.toContain('[Home]');
    // The record is written back whole, its nested page included.
    expect((record as unknown as { data: { markdown: string } }).data.markdown).toBe(markdown);
    const plain = await run(['clean', '--format', 'jsonl', '-'], { cwd: tmp, input });
    expect(plain.code).toBe(1);
    expect(plain.stderr).toContain('(its page may be "data.markdown": --field data.markdown)');
  });

  it('warns once per file when a record\'s own "text" field is replaced by the clean body of another page field', async ({ expect }) => {
    const input = [1, 2].map((n) => JSON.stringify({ page: HTML.html, text: `crawler text ${n}` })).join('\n') + '\n';
    const r = await run(['clean', '--field', 'page', '--format', 'jsonl', '-'], { cwd: tmp, input });
    expect(r.code).toBe(0);
    expect(records(r.stdout)).toHaveLength(2);
    expect(stderrLines(r.stderr).filter((l) => l.includes('its own "text" field is replaced'))).toHaveLength(1);
  });
});

describe.concurrent('boilerstrip clean on records it cannot clean, and on field names it shares with them', { timeout: 60_000 }, () => {
  const MIXED = [JSON.stringify(GOOD_HTML), BAD_LINE, JSON.stringify({ url: 'https://news.example.test/404' }), 'null', JSON.stringify({ html: 404 }), JSON.stringify(GOOD_TEXT)].join('\n') + '\n';

  it('gives every bad record one message shape, file:line: what (byte, record), whether the JSON or the record is what is wrong', async ({ expect }) => {
    writeFileSync(path.join(tmp, 'mixed.jsonl'), MIXED);
    const r = await run(['clean', '--format', 'jsonl', 'mixed.jsonl', '-o', 'mixed-out'], { cwd: tmp });
    expect(r.code).toBe(1);
    const shape = /^boilerstrip: mixed\.jsonl:(\d+): (.+) \(byte (\d+), record (\d+)\)$/;
    const bad = stderrLines(r.stderr).filter((l) => l.startsWith('boilerstrip: mixed.jsonl'));
    expect(bad, bad.join("\n")).toHaveLength(4);
    const lineStarts = [0];
    for (const l of MIXED.split('\n')) lineStarts.push(lineStarts.at(-1)! + Buffer.byteLength(l) + 1);
    // Lines 2-5 are bad: malformed JSON, no page field, not an object, a page that is a number.
    const places = bad.map((l) => {
      const m = l.match(shape);
      return m === null ? l : [Number(m[1]), Number(m[3]), Number(m[4])];
    });
    expect(places).toEqual([2, 3, 4, 5].map((n) => [n, lineStarts[n - 1], n - 1]));
  });

  it('warns, with the record and the key, when a JSONL or JSON record names its page field twice: the parsers keep only the last', async ({ expect }) => {
    const line = `{"url":"https://news.example.test/twice","text":${JSON.stringify('First page that was dropped.')},"text":${JSON.stringify(GOOD_TEXT.text)}}`;
    const r = await run(['clean', '--format', 'jsonl', '-'], { cwd: tmp, input: line + '\n' });
    expect(r.code).toBe(0);
    expect(stderrLines(r.stderr)).toContain('boilerstrip: <stdin>:1: warning: it names "text" more than once; only the last value of each is read (and written) (byte 0, record 0)');
    expect(records(r.stdout)[0]!.text).not.toContain('First page that was dropped');
    // A JSON array's records the same way.
    const array = await run(['clean', '--format', 'json', '-'], { cwd: tmp, input: `[${line}]` });
    expect(array.code).toBe(0);
    expect(stderrLines(array.stderr)).toContain('boilerstrip: <stdin>:1: warning: it names "text" more than once; only the last value of each is read (and written) (byte 1, record 0)');
  });

  it('names at most a few of the keys a record repeats in its warning, and counts the rest', async ({ expect }) => {
    // 50,000 repeated keys made one warning line of 489 KB (QA pass 5).
    const keysTwice = Array.from({ length: 40 }, (_, i) => `"k${i}":1`).join(',');
    const input = `{${keysTwice},${keysTwice},"text":"A paragraph of the story, long enough to be read as prose by the labeller."}\n`;
    const r = await run(['clean', '--format', 'jsonl', '-'], { cwd: tmp, input });
    expect(r.code).toBe(0);
    expect(stderrLines(r.stderr)).toContain('boilerstrip: <stdin>:1: warning: it names "k0", "k1", "k2", "k3", "k4", "k5", "k6", "k7", "k8", "k9" and 30 more keys more than once; only the last value of each is read (and written) (byte 0, record 0)');
  });

  it('writes a bad record nested too deep to write back as an error row of its own under --pass-bad-records, and reads on (QA pass 22)', async ({ expect }) => {
    // The error row copied the record, whose JSON.stringify overflowed the stack: the whole input
    // failed there, the records after it unread.
    const deep = '{"a":'.repeat(20_000) + '1' + '}'.repeat(20_000);
    const input = [JSON.stringify(GOOD_TEXT), deep, JSON.stringify(GOOD_TEXT)].join('\n') + '\n';
    const r = await run(['clean', '--pass-bad-records', '--format', 'jsonl', '-'], { cwd: tmp, input });
    expect(r.code, r.stderr).toBe(0);
    const out = records(r.stdout);
    expect(out).toHaveLength(3);
    expectTextBody(expect, out[0]!.text);
    expect(Object.keys(out[1]!)).toEqual(['error']);
    expect(out[1]!.error).toMatch(/^<stdin>:2: record has no page: .*; the record itself is not written back: it cannot be written as JSON \(.*nested too deep\)$/);
    expectTextBody(expect, out[2]!.text);
  });

  it('writes every bad record in its place with an error field under --pass-bad-records, one output line per input line, and exits 0', async ({ expect }) => {
    const r = await run(['clean', '--pass-bad-records', '--format', 'jsonl', '-'], { cwd: tmp, input: MIXED });
    expect(r.code).toBe(0);
    const out = records(r.stdout);
    expect(out).toHaveLength(6);
    expectHtmlBody(expect, out[0]!.text);
    expect(out[0]).not.toHaveProperty('error');
    expect(out[1]!.error).toContain('malformed JSON');
    expect(out[1]!.error).toContain(`byte ${BAD_OFFSET}`);
    // The malformed line itself is kept, as read: only its place was written before.
    expect(out[1]!.raw).toBe(BAD_LINE);
    expect(out[2]).toMatchObject({ url: 'https://news.example.test/404' });
    expect(out[2]!.error).toContain('record has no page');
    expect(out[2]).not.toHaveProperty('text');
    expect(out[3]).toMatchObject({ record: null });
    expect(out[3]!.error).toContain('not an object');
    expect(out[4]).toMatchObject({ html: 404 });
    expectTextBody(expect, out[5]!.text);
    const err = stderrLines(r.stderr);
    // Still reported on stderr: written through is not the same as cleaned.
    expect(err).toContain('boilerstrip: 1 file cleaned, 0 skipped, 0 failed; records: 2 ok, 4 bad (4 written through with an error field)');
  });

  it('writes a bad record that is a number too big for a double under "record", digit for digit, as any other value that is not an object', async ({ expect }) => {
    // A big number is held as an object of its own (its digits), and was spread as if it were a
    // record: {"source":"1234567890123456789","error":...}, a key the input never had.
    const r = await run(['clean', '--pass-bad-records', '--format', 'jsonl', '-'], { cwd: tmp, input: '1234567890123456789\n42\n' });
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^\{"record":1234567890123456789,"error":"<stdin>:1: record is not an object/);
    expect(lines[1]).toMatch(/^\{"record":42,"error":/);
  });

  // JSON.parse reads a field nested this deep; JSON.stringify overflows the stack writing it back.
  const DEEP = `{"url": "https://news.example.test/deep", "html": ${JSON.stringify(HTML.html)}, "meta": ${'['.repeat(100_000)}${']'.repeat(100_000)}}`;

  it('reports a record it cannot write back as JSON with its place, and goes on to the records after it', async ({ expect }) => {
    const r = await run(['clean', '--format', 'jsonl', '-'], { cwd: tmp, input: [DEEP, JSON.stringify(GOOD_TEXT)].join('\n') + '\n' });
    expect(r.code).toBe(1);
    const out = records(r.stdout);
    expect(out).toHaveLength(1);
    expectTextBody(expect, out[0]!.text);
    const err = stderrLines(r.stderr);
    expect(err).toContain('boilerstrip: <stdin>:1: cannot be written back as JSON (Maximum call stack size exceeded: a field is nested too deep) (byte 0, record 0)');
    expect(err).toContain('boilerstrip: 1 file cleaned, 0 skipped, 0 failed; records: 1 ok, 1 bad');
  });

  it('writes such a record under --pass-bad-records as an error record holding its place only', async ({ expect }) => {
    const r = await run(['clean', '--pass-bad-records', '--format', 'json', '-'], { cwd: tmp, input: `[${DEEP}, ${JSON.stringify(GOOD_TEXT)}]` });
    expect(r.code).toBe(0);
    const out = records(r.stdout);
    expect(out).toHaveLength(2);
    expect(Object.keys(out[0]!)).toEqual(['error']);
    expect(out[0]!.error).toMatch(/^<stdin>:1: cannot be written back as JSON .*\(byte 1, record 0\)$/);
    expectTextBody(expect, out[1]!.text);
  });

  it('still exits 1 under --pass-bad-records when a JSON array breaks in the middle, saying the rest was not read', async ({ expect }) => {
    const input = `[${JSON.stringify(GOOD_TEXT)}, {"text": oops}, ${JSON.stringify(GOOD_TEXT)}]`;
    const r = await run(['clean', '--pass-bad-records', '--format', 'json', '-'], { cwd: tmp, input });
    expect(r.code).toBe(1);
    const out = records(r.stdout);
    expect(out).toHaveLength(2);
    expect(out[1]!.error).toContain('the rest of the input was not read');
    // The file failed, as a .gz cut short does, and says what of it was written.
    expect(stderrLines(r.stderr).some((l) => l.includes('malformed JSON') && l.endsWith('the rest of the input was not read; the 1 record read before it is written, with 1 bad one written through'))).toBe(true);
    expect(stderrLines(r.stderr)).toContain('boilerstrip: 0 files cleaned, 0 skipped, 1 failed; records: 1 ok, 1 bad (1 written through with an error field)');
  });

  it('reads a .jsonl file that holds a pretty-printed array, or values printed one after another, as JSON, and says so (QA pass 15)', async ({ expect }) => {
    const recs = [{ id: 1, text: GOOD_TEXT.text }, { id: 2, text: GOOD_TEXT.text }];
    writeFileSync(path.join(tmp, 'pretty-array.jsonl'), JSON.stringify(recs, null, 2) + '\n');
    writeFileSync(path.join(tmp, 'pretty-values.jsonl'), recs.map((r) => JSON.stringify(r, null, 2)).join('\n') + '\n');
    for (const name of ['pretty-array.jsonl', 'pretty-values.jsonl']) {
      const r = await run(['clean', name], { cwd: tmp });
      expect(r.code, r.stderr).toBe(0);
      expect(records(r.stdout).map((x) => x.id)).toEqual([1, 2]);
      expect(stderrLines(r.stderr)).toContain(`boilerstrip: ${name}: warning: not JSON Lines: it opens with an array, or with a value over several lines (pretty-printed), so it is read as JSON`);
      expect(r.stderr).toContain('records: 2 ok, 0 bad');
    }
  });

  it('reports a JSON document cut off as a failed file in --report and the summary, its records before the cut written (QA pass 15)', async ({ expect }) => {
    const full = `[${Array.from({ length: 4 }, () => JSON.stringify(GOOD_TEXT)).join(', ')}]`;
    writeFileSync(path.join(tmp, 'cut-doc.json'), full.slice(0, Math.floor(full.length * 0.6)));
    const r = await run(['clean', 'cut-doc.json', '-o', 'cut-doc-out', '--report', 'cut-doc-report.jsonl'], { cwd: tmp });
    expect(r.code).toBe(1);
    const row = JSON.parse(readFileSync(path.join(tmp, 'cut-doc-report.jsonl'), 'utf8')) as { status: string; records: { ok: number }; message: string; output: string };
    expect(row.status).toBe('failed');
    expect(row.message).toMatch(new RegExp(`cut off\\?.*the rest of the input was not read; the ${row.records.ok} records? read before it (is|are) written$`));
    expect(row.records.ok).toBeGreaterThan(0);
    expect(records(readFileSync(path.join(tmp, 'cut-doc-out', 'cut-doc.jsonl'), 'utf8'))).toHaveLength(row.records.ok);
    expect(stderrLines(r.stderr)).toContain('boilerstrip: failed: cut-doc.json');
  });

  it('leaves bad records out and exits 1 without the flag', async ({ expect }) => {
    const r = await run(['clean', '--format', 'jsonl', '-'], { cwd: tmp, input: MIXED });
    expect(r.code).toBe(1);
    expect(records(r.stdout)).toHaveLength(2);
  });

  it("warns once per file when a record's own confidence or labels field is replaced", async ({ expect }) => {
    const input = [1, 2].map((n) => JSON.stringify({ html: HTML.html, confidence: n / 10, labels: ['news'] })).join('\n') + '\n';
    const r = await run(['clean', '--labels', '--format', 'jsonl', '-'], { cwd: tmp, input });
    expect(r.code).toBe(0);
    const err = stderrLines(r.stderr);
    expect(err.filter((l) => l.includes('its own "confidence" field is replaced'))).toHaveLength(1);
    expect(err.filter((l) => l.includes('its own "labels" field is replaced'))).toHaveLength(1);
  });

  it("warns, with the record's line and byte, when --pass-bad-records replaces a record's own error field", async ({ expect }) => {
    const input = JSON.stringify({ url: 'https://news.example.test/503', error: 'HTTP 503' }) + '\n';
    const r = await run(['clean', '--pass-bad-records', '--format', 'jsonl', '-'], { cwd: tmp, input });
    expect(stderrLines(r.stderr)).toContain('boilerstrip: <stdin>:1: warning: its own "error" field is replaced by boilerstrip\'s (so are those of later records); --output-prefix P writes boilerstrip\'s fields as Perror, ... (byte 0, record 0)');
  });

  it('writes its fields under --output-prefix and keeps all of the record\'s own', async ({ expect }) => {
    const own = { html: HTML.html, text: 'crawler text', confidence: 0.9, labels: ['news'] };
    const r = await run(['clean', '--labels', '--output-prefix', 'bs_', '--format', 'jsonl', '-'], { cwd: tmp, input: JSON.stringify(own) + '\n' });
    expect(r.code).toBe(0);
    expect(stderrLines(r.stderr).filter((l) => l.includes('warning'))).toEqual([]);
    const [rec] = records(r.stdout);
    expect(rec).toMatchObject(own);
    expectHtmlBody(expect, rec!.bs_text as string);
    expect(typeof rec!.bs_confidence).toBe('number');
    expect(Array.isArray(rec!.bs_labels)).toBe(true);
  });
});

describe.concurrent('boilerstrip clean --text-only', { timeout: 60_000 }, () => {
  it('drops the headline from the text of JSONL records and gives it a title field of its own', async ({ expect }) => {
    const r = await run(['clean', '--text-only', '--format', 'jsonl', '-'], { cwd: tmp, input: JSON.stringify(GOOD_HTML) + '\n' });
    expect(r.code).toBe(0);
    const [rec] = records(r.stdout);
    expect(rec!.title).toBe(HTML.headline);
    expect(rec!.text.split('\n')).not.toContain(HTML.headline);
    for (const p of HTML.paragraphs) expect(rec!.text.split('\n')).toContain(p);
  });

  it("keeps a record's own title and says so, rather than overwriting it with the headline it found", async ({ expect }) => {
    const r = await run(['clean', '--text-only', '--format', 'jsonl', '-'], { cwd: tmp, input: JSON.stringify({ ...GOOD_HTML, title: 'Title from the crawler' }) + '\n' });
    expect(r.code).toBe(0);
    const [rec] = records(r.stdout);
    expect(rec!.title).toBe('Title from the crawler');
    expect(r.stderr).toContain('<stdin>:1: warning: it has a "title" field of its own, kept');
  });

  it("fills a record's own title that is null or empty with the headline it found, with no warning", async ({ expect }) => {
    // A failed title selector leaves null or "": kept, the headline was in neither title nor text (QA pass 6).
    const input = [null, '', '  '].map((title) => JSON.stringify({ ...GOOD_HTML, title })).join('\n') + '\n';
    const r = await run(['clean', '--text-only', '--format', 'jsonl', '-'], { cwd: tmp, input });
    expect(r.code).toBe(0);
    for (const rec of records(r.stdout)) expect(rec.title).toBe(HTML.headline);
    expect(r.stderr).not.toContain('field of its own');
  });

  it('moves captions out of the text into a captions field', async ({ expect }) => {
    const caption = 'Volunteers sort apples by size in the old school hall.';
    const page = `<html><body><article><h1>Council approves new orchard</h1><figure><img src="a.jpg"><figcaption>${caption}</figcaption></figure>${HTML.paragraphs.map((p) => `<p>${p}</p>`).join('')}</article></body></html>`;
    const r = await run(['clean', '--text-only', '--format', 'jsonl', '-'], { cwd: tmp, input: JSON.stringify({ html: page }) + '\n' });
    expect(r.code).toBe(0);
    const [rec] = records(r.stdout);
    expect(rec!.captions).toBe(caption);
    expect(rec!.text).not.toContain(caption);
  });

  it('moves a standfirst from the text of a JSONL record to a standfirst field of its own', async ({ expect }) => {
    const dek = 'The vote ends a decade of argument over the crossing, the council said.';
    const page = `<html><body><article><header><h1>Council approves new bridge</h1><p>${dek}</p></header>${HTML.paragraphs.map((p) => `<p>${p}</p>`).join('')}</article></body></html>`;
    const r = await run(['clean', '--text-only', '--format', 'jsonl', '-'], { cwd: tmp, input: JSON.stringify({ html: page }) + '\n' });
    expect(r.code).toBe(0);
    const [rec] = records(r.stdout);
    expect(rec!.standfirst).toBe(dek);
    expect(rec!.text.split('\n')).not.toContain(dek);
  });

  it('keeps the headline in the text without the flag, and marks its role with --labels', async ({ expect }) => {
    const r = await run(['clean', '--labels', '--format', 'jsonl', '-'], { cwd: tmp, input: JSON.stringify(GOOD_HTML) + '\n' });
    const [rec] = records(r.stdout);
    expect(rec).not.toHaveProperty('title');
    expect(rec!.text.split('\n')).toContain(HTML.headline);
    const headline = (rec!.labels as Array<{ text: string; role?: string }>).find((l) => l.text === HTML.headline);
    expect(headline?.role).toBe('headline');
  });

  it('drops the headline of plain-text and HTML inputs too', async ({ expect }) => {
    const text = await run(['clean', '--text-only', PAGE_TXT], { cwd: tmp });
    expect(splitLines(text.stdout)).not.toContain(TXT.headline);
    for (const p of TXT.paragraphs) expect(splitLines(text.stdout)).toContain(p);
    const html = await run(['clean', '--text-only', PAGE_HTML], { cwd: tmp });
    expect(splitLines(html.stdout)).not.toContain(HTML.headline);
    for (const p of HTML.paragraphs) expect(splitLines(html.stdout)).toContain(p);
  });
});

describe.concurrent('boilerstrip on JSON records with --no-rules', { timeout: 60_000 }, () => {
  /** Two records: the made-up page as text, and as HTML. */
  const RECORDS = [
    { url: 'https://news.example.test/ferry.txt', text: RULED.text },
    { url: 'https://news.example.test/ferry.html', html: RULED.html },
  ];
  const INPUT = RECORDS.map((r) => JSON.stringify(r)).join('\n') + '\n';
  /** Each record's lines as `label --explain` writes them, labelled by the model alone. */
  const ALONE = RECORDS.map((r) => processPage(r.text ?? r.html!, { rules: false }).lines);

  it("labels each record's page, text or HTML, as the model alone does with --no-rules: label, role and reason are processPage(page, { rules: false })'s", async ({ expect }) => {
    for (const lines of ALONE) expect(lines.find((l) => l.text === RULED.copyright)!.label).not.toBe('disclaimer');
    writeFileSync(path.join(tmp, 'ruled.jsonl'), INPUT);
    const [off, on] = await Promise.all([run(['label', '--explain', '--no-rules', 'ruled.jsonl'], { cwd: tmp }), run(['label', '--explain', 'ruled.jsonl'], { cwd: tmp })]);
    expect(off.code).toBe(0);
    const offRecords = records(off.stdout);
    expect(offRecords).toHaveLength(2);
    offRecords.forEach((r, i) => {
      expect(r.labels).toEqual(ALONE[i]!.map((l) => ({ label: l.label, text: l.text, ...(l.role === undefined ? {} : { role: l.role }), reason: l.reason })));
    });
    expect(off.stdout).not.toContain('rule:');

    expect(on.code).toBe(0);
    records(on.stdout).forEach((r, i) => {
      const ruled = (r.labels as Array<{ label: string; text: string; reason: string }>).find((l) => l.text === RULED.copyright)!;
      expect(ruled.label).toBe('disclaimer');
      expect(ruled.reason.startsWith(COPYRIGHT_RULE_REASON)).toBe(true);
      expect(ruled.reason.endsWith(`; model: ${ALONE[i]!.find((l) => l.text === RULED.copyright)!.reason}`)).toBe(true);
    });
  });

  it("keeps the copyright line in each record's clean text with --no-rules, where the model alone calls it body, and drops it without", async ({ expect }) => {
    for (const lines of ALONE) expect(lines.find((l) => l.text === RULED.copyright)!.label).toBe('body');
    const [off, on] = await Promise.all([
      run(['clean', '--no-rules', '--format', 'jsonl', '-'], { cwd: tmp, input: INPUT }),
      run(['clean', '--format', 'jsonl', '-'], { cwd: tmp, input: INPUT }),
    ]);
    expect(off.code).toBe(0);
    expect(on.code).toBe(0);
    expect(records(off.stdout).map((r) => r.text)).toEqual(RECORDS.map((r) => processPage(r.text ?? r.html!, { rules: false }).text));
    for (const r of records(off.stdout)) expect(r.text.split('\n')).toContain(RULED.copyright);
    for (const r of records(on.stdout)) expect(r.text).not.toContain(RULED.copyright);
  });
});
