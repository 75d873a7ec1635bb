import { afterAll, beforeAll, describe, it } from 'vitest';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
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
