import { afterAll, beforeAll, describe, it } from 'vitest';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { HTML, PAGE_TXT, TXT, listFiles, makeTempDir, removeTempDir, run, splitLines, stderrLines } from './helpers.js';
import { httpResponse, warcRecord } from '../warc/build.js';

let tmp: string;

const WET_URL = 'https://news.example.test/library';
const HTML_URL = 'https://news.example.test/festival';
const wet = warcRecord('conversion', { 'WARC-Target-URI': WET_URL, 'WARC-Record-ID': '<urn:uuid:wet-1>', 'WARC-Date': '2031-05-01T00:00:00Z', 'Content-Type': 'text/plain' }, readFileSync(PAGE_TXT));
const request = warcRecord('request', { 'WARC-Target-URI': HTML_URL, 'Content-Type': 'application/http; msgtype=request' }, 'GET /festival HTTP/1.1\r\nHost: news.example.test\r\n\r\n');
const response = warcRecord(
  'response',
  { 'WARC-Target-URI': HTML_URL, 'WARC-Record-ID': '<urn:uuid:resp-1>', 'Content-Type': 'application/http; msgtype=response' },
  httpResponse('200 OK', { 'Content-Type': 'text/html; charset=utf-8', 'Content-Encoding': 'gzip' }, gzipSync(Buffer.from(HTML.html))),
);
const image = warcRecord('response', { 'WARC-Target-URI': 'https://news.example.test/logo.png', 'Content-Type': 'application/http; msgtype=response' }, httpResponse('200 OK', { 'Content-Type': 'image/png' }, Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0])));
const info = warcRecord('warcinfo', { 'Content-Type': 'application/warc-fields' }, 'software: test crawler\r\n');
/** A crawl as Common Crawl stores it: each record a gzip member of its own. */
const CRAWL = Buffer.concat([info, request, response, image, wet].map((r) => gzipSync(r)));

interface OutRecord {
  url: string;
  warc_record_id: string;
  text: string;
  confidence: number;
  labels?: Array<{ label: string; text: string }>;
}

function records(stdout: string): OutRecord[] {
  return splitLines(stdout).map((l) => JSON.parse(l) as OutRecord);
}

beforeAll(() => {
  tmp = makeTempDir('warc');
  writeFileSync(path.join(tmp, 'crawl.warc.gz'), CRAWL);
  // No extension: told by its first line.
  writeFileSync(path.join(tmp, 'crawl-dump'), Buffer.concat([info, wet]));
  mkdirSync(path.join(tmp, 'in'));
  writeFileSync(path.join(tmp, 'in', 'CC-MAIN-1.warc.wet.gz'), gzipSync(Buffer.concat([info, wet])));
  // Cut inside its second record's block.
  const whole = Buffer.concat([wet, response]);
  writeFileSync(path.join(tmp, 'cut.warc'), whole.subarray(0, whole.length - 40));
});

afterAll(() => removeTempDir(tmp));

describe.concurrent('boilerstrip clean on web archives (WARC and WET)', { timeout: 60_000 }, () => {
  it('cleans the HTML responses and WET pages of a gzipped WARC into JSONL records, and counts the records that hold no page', async ({ expect }) => {
    const r = await run(['clean', 'crawl.warc.gz'], { cwd: tmp });
    expect(r.code).toBe(0);
    const out = records(r.stdout);
    expect(out.map((o) => [o.url, o.warc_record_id])).toEqual([
      [HTML_URL, '<urn:uuid:resp-1>'],
      [WET_URL, '<urn:uuid:wet-1>'],
    ]);
    const html = out[0]!.text.split('\n');
    for (const p of HTML.paragraphs) expect(html).toContain(p);
    for (const m of HTML.menu) expect(html).not.toContain(m);
    const text = out[1]!.text.split('\n');
    for (const p of TXT.paragraphs) expect(text).toContain(p);
    expect(text).not.toContain(TXT.copyright);
    expect(stderrLines(r.stderr)).toContain('boilerstrip: crawl.warc.gz: 2 WARC records hold no page, passed over (request 1, response image/png 1)');
  });

  it('reads a file with no extension as WARC by its first line, and label gives each record its labels', async ({ expect }) => {
    const r = await run(['label', 'crawl-dump'], { cwd: tmp });
    expect(r.code).toBe(0);
    const [rec] = records(r.stdout);
    expect(rec!.labels!.map((l) => l.text)).toEqual(TXT.lines);
    expect(rec!.labels!.find((l) => l.text === TXT.copyright)!.label).toBe('disclaimer');
  });

  it('picks .warc.wet.gz files out of a folder and writes each as JSONL under its name', async ({ expect }) => {
    const out = path.join(tmp, 'out-folder');
    const r = await run(['clean', 'in', '-o', out], { cwd: tmp });
    expect(r.code).toBe(0);
    expect(listFiles(out)).toEqual(['CC-MAIN-1.warc.wet.jsonl']);
    expect(records(readFileSync(path.join(out, 'CC-MAIN-1.warc.wet.jsonl'), 'utf8')).map((o) => o.url)).toEqual([WET_URL]);
  });

  it('keeps the records before a cut and fails the file, naming the byte where the cut record began', async ({ expect }) => {
    const r = await run(['clean', 'cut.warc'], { cwd: tmp });
    expect(r.code).toBe(1);
    expect(records(r.stdout).map((o) => o.url)).toEqual([WET_URL]);
    expect(r.stderr).toContain(`cut.warc: the input ends inside a record's block: its Content-Length says`);
    expect(r.stderr).toContain(`(byte ${wet.length}, record 1)`);
  });

  it('warns that --field does not apply to a web archive rather than dropping it silently', async ({ expect }) => {
    const r = await run(['clean', '--field', 'html', 'crawl-dump'], { cwd: tmp });
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('crawl-dump: warning: --field does not apply to a web archive');
    expect(records(r.stdout)).toHaveLength(1);
  });
});

describe.concurrent('boilerstrip on damaged or unusual web archives (QA pass 13)', { timeout: 60_000 }, () => {
  it('keeps the records of the gzip members before a damaged one, and fails the file naming the damage', async ({ expect }) => {
    // Past the first read's bytes (a file of a few hundred KB is read in one go, and zlib's error
    // then comes before any of its output): hex of random bytes does not compress.
    const filler = warcRecord('resource', { 'WARC-Target-URI': 'https://news.example.test/data.bin', 'Content-Type': 'application/octet-stream' }, randomBytes(200_000).toString('hex'));
    const members = [wet, filler, response].map((r) => gzipSync(r));
    const damaged = Buffer.from(members[2]!);
    damaged.fill(0xff, 20, 84);
    writeFileSync(path.join(tmp, 'damaged.warc.gz'), Buffer.concat([members[0]!, members[1]!, damaged]));
    const out = path.join(tmp, 'damaged-out');
    const r = await run(['clean', 'damaged.warc.gz', '-o', out], { cwd: tmp });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/damaged\.warc\.gz: gzip data corrupt near compressed byte \d+ .*; the 1 record read before the damaged data is written/);
    expect(records(readFileSync(path.join(out, 'damaged.warc.jsonl'), 'utf8')).map((o) => o.url)).toEqual([WET_URL]);
  });

  it('names a zstd-compressed archive and how to read it, and fails it rather than skipping it as binary', async ({ expect }) => {
    writeFileSync(path.join(tmp, 'crawl.warc.zst'), Buffer.concat([Buffer.from([0x28, 0xb5, 0x2f, 0xfd]), Buffer.alloc(40, 0)]));
    const r = await run(['clean', 'crawl.warc.zst'], { cwd: tmp });
    expect(r.code).toBe(1);
    expect(stderrLines(r.stderr)[0]).toBe('boilerstrip: crawl.warc.zst: compressed with zstd, which this program does not undo: decompress it first (zstd -dc crawl.warc.zst | boilerstrip clean -), or recompress it with gzip');
  });

  it('writes a bad record through with its url and record id, and never copies the raw page beside the prefixed fields', async ({ expect }) => {
    const broken = warcRecord('response', { 'WARC-Target-URI': 'https://news.example.test/broken', 'WARC-Record-ID': '<urn:uuid:bad-1>', 'Content-Type': 'application/http; msgtype=response' }, 'not HTTP at all\r\n\r\n');
    writeFileSync(path.join(tmp, 'mixed.warc'), Buffer.concat([broken, wet]));
    const r = await run(['clean', '--pass-bad-records', '--output-prefix', 'bs_', 'mixed.warc'], { cwd: tmp });
    expect(r.code).toBe(0);
    const [bad, good] = splitLines(r.stdout).map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(bad).toMatchObject({ url: 'https://news.example.test/broken', warc_record_id: '<urn:uuid:bad-1>' });
    expect(bad!.bs_error).toMatch(/HTTP response whose first line is "not HTTP at all"/);
    expect(Object.keys(good!)).toEqual(['url', 'warc_record_id', 'warc_date', 'bs_text', 'bs_confidence']);
  });
});
