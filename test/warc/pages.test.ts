import { describe, expect, it } from 'vitest';
import { gzipSync } from 'node:zlib';
import { readWarc, type WarcPageCounts } from '../../src/warc/pages.js';
import { chunked, collect, httpResponse, source, warcRecord } from './build.js';

const HTML = '<html><head><title>T</title></head><body><h1>Caf\u00e9 opens</h1><p>The caf\u00e9 opened on Monday.</p></body></html>';

async function pages(bytes: Uint8Array, passedOver?: WarcPageCounts) {
  return collect(readWarc(source(chunked(bytes, 1000)), { file: 'crawl.warc', passedOver }));
}

function response(fields: Record<string, string>, payload: string | Uint8Array, status = '200 OK'): Buffer {
  return warcRecord('response', { 'WARC-Target-URI': 'https://news.example.test/cafe', 'WARC-Record-ID': '<urn:uuid:1>', 'Content-Type': 'application/http; msgtype=response' }, httpResponse(status, fields, payload));
}

describe('readWarc', () => {
  it('makes each WET conversion record a text page with its URL, record id and date', async () => {
    const wet = warcRecord('conversion', { 'WARC-Target-URI': 'https://news.example.test/a', 'WARC-Date': '2026-01-02T03:04:05Z', 'WARC-Record-ID': '<urn:uuid:7>', 'Content-Type': 'text/plain' }, 'Title\nA paragraph.\n');
    const events = await pages(wet);
    expect(events).toEqual([
      {
        kind: 'record',
        index: 0,
        offset: 0,
        pageFormat: 'text',
        value: { url: 'https://news.example.test/a', warc_record_id: '<urn:uuid:7>', warc_date: '2026-01-02T03:04:05Z', text: 'Title\nA paragraph.\n' },
      },
    ]);
  });

  it('decodes an HTML response by the charset its HTTP header names', async () => {
    const latin1 = Buffer.from(HTML, 'latin1');
    const [ev] = await pages(response({ 'Content-Type': 'text/html; charset=ISO-8859-1' }, latin1));
    expect(ev).toMatchObject({ kind: 'record', pageFormat: 'html', value: { url: 'https://news.example.test/cafe', text: HTML } });
  });

  it('undoes a chunked transfer coding and a gzip content coding that the stored response still carries', async () => {
    const zipped = gzipSync(Buffer.from(HTML));
    const half = Math.floor(zipped.length / 2);
    const chunkedBody = Buffer.concat([
      Buffer.from(`${half.toString(16)}\r\n`), zipped.subarray(0, half), Buffer.from('\r\n'),
      Buffer.from(`${(zipped.length - half).toString(16)};ext=1\r\n`), zipped.subarray(half), Buffer.from('\r\n0\r\n\r\n'),
    ]);
    const [ev] = await pages(response({ 'Content-Type': 'text/html; charset=utf-8', 'Transfer-Encoding': 'chunked', 'Content-Encoding': 'gzip' }, chunkedBody));
    expect(ev).toMatchObject({ kind: 'record', value: { text: HTML } });
  });

  it("marks a page from a 206 response with its status and a note that it is a part of the resource, and a 200 page with neither", async () => {
    const [part] = await pages(response({ 'Content-Type': 'text/html', 'Content-Range': 'bytes 0-99/5000' }, HTML, '206 Partial Content'));
    expect(part).toMatchObject({ kind: 'record', value: { http_status: 206, text: HTML } });
    expect(part!.kind === 'record' && part!.notes).toEqual(['its HTTP status is 206 Partial Content (bytes 0-99/5000): the page is a part of the resource']);
    const [whole] = await pages(response({ 'Content-Type': 'text/html' }, HTML));
    expect(whole!.kind === 'record' && 'http_status' in whole!.value).toBe(false);
    expect(whole!.kind === 'record' && whole!.notes).toBeUndefined();
    // Another 2xx than 200 keeps its status too, without a note.
    const [other] = await pages(response({ 'Content-Type': 'text/html' }, HTML, '203 Non-Authoritative Information'));
    expect(other).toMatchObject({ kind: 'record', value: { http_status: 203 } });
    expect(other!.kind === 'record' && other!.notes).toBeUndefined();
  });

  it('passes over records that hold no page and counts them by kind, the warcinfo record aside', async () => {
    const bytes = Buffer.concat([
      warcRecord('warcinfo', {}, 'software: x\r\n'),
      warcRecord('request', { 'Content-Type': 'application/http; msgtype=request' }, 'GET / HTTP/1.1\r\n\r\n'),
      response({ 'Location': '/' }, '', '301 Moved Permanently'),
      response({ 'Content-Type': 'image/png' }, Buffer.from([0x89, 0x50, 0, 0])),
      warcRecord('metadata', { 'Content-Type': 'application/warc-fields' }, 'fetchTimeMs: 3\r\n'),
      response({ 'Content-Type': 'text/html' }, HTML),
    ]);
    const counts: WarcPageCounts = new Map();
    const events = await pages(bytes, counts);
    expect(events.map((e) => [e.kind, e.index])).toEqual([['record', 5]]);
    expect(Object.fromEntries(counts)).toEqual({ request: 1, 'response 301': 1, 'response image/png': 1, metadata: 1 });
  });

  it('reports a response whose HTTP head does not parse as an error event of that record, and goes on', async () => {
    const broken = warcRecord('response', { 'Content-Type': 'application/http; msgtype=response' }, 'this is not HTTP\r\n\r\n<p>x</p>');
    const events = await pages(Buffer.concat([broken, response({ 'Content-Type': 'text/html' }, HTML)]));
    expect(events[0]).toMatchObject({ kind: 'error', index: 0, offset: 0 });
    expect(events[0]!.kind === 'error' && events[0]!.error.message).toBe('crawl.warc: HTTP response whose first line is "this is not HTTP", not a status line (byte 0, record 0)');
    expect(events[1]).toMatchObject({ kind: 'record', index: 1 });
  });

  it('marks the first invalid UTF-8 byte of a WET page', async () => {
    const block = Buffer.concat([Buffer.from('ok line\nbad '), Buffer.from([0xff]), Buffer.from(' byte\n')]);
    const [ev] = await pages(warcRecord('conversion', { 'Content-Type': 'text/plain' }, block));
    // A byte of the file: the block starts after the record's header.
    const record = warcRecord('conversion', { 'Content-Type': 'text/plain' }, block);
    expect(ev).toMatchObject({ kind: 'record', invalidUtf8At: record.indexOf(block) + 12, value: { text: 'ok line\nbad \ufffd byte\n' } });
  });

  it('reads a resource record of type text/html as an HTML page', async () => {
    const [ev] = await pages(warcRecord('resource', { 'WARC-Target-URI': 'https://x.test/', 'Content-Type': 'text/html; charset=utf-8' }, HTML));
    expect(ev).toMatchObject({ kind: 'record', pageFormat: 'html', value: { url: 'https://x.test/', text: HTML } });
  });
});

describe('readWarc at the boundary', () => {
  it('throws at the call for a source that is not an async iterable, and for an unknown option, naming them', () => {
    expect(() => readWarc('WARC/1.0' as never)).toThrow(/readWarc\(\): argument `source` must be an AsyncIterable of Uint8Array chunks/);
    expect(() => readWarc(source([]), { encodign: 'latin1' } as never)).toThrow(/unknown option `encodign` .*did you mean `encoding`/);
    expect(() => readWarc(source([]), { maxBlockBytes: -1 })).toThrow(/`options.maxBlockBytes` must be a whole number from 0/);
    // A charset it does not know fell back to UTF-8 without a word, where --encoding refuses it (QA pass 19).
    expect(() => readWarc(source([]), { encoding: 'bogus' })).toThrow(/^readWarc\(\): argument `options.encoding` must be a charset the Encoding Standard names \(utf-8, windows-1252, shift_jis, \.\.\.\), got string "bogus"$/);
    expect(() => readWarc(source([]), { encoding: 'latin1' })).not.toThrow();
  });

  it('throws for a chunk of text, whose characters are not the bytes Content-Length counts', async () => {
    async function* text() {
      yield 'WARC/1.0\r\n' as unknown as Uint8Array;
    }
    await expect(collect(readWarc(text()))).rejects.toThrow(/WARC lengths count bytes/);
  });
});

describe('readWarc on what real archives hold (QA pass 13)', () => {
  const cp1252 = Buffer.from('Le caf\u00e9 d\u00e9j\u00e0 ouvert.\n', 'latin1');

  it('reads a payload as it is stored, with a warning, when its header names a coding it does not carry', async () => {
    const [lying] = await pages(response({ 'Content-Type': 'text/html', 'Content-Encoding': 'gzip' }, HTML));
    expect(lying).toMatchObject({ kind: 'record', value: { text: HTML } });
    expect((lying as { notes: string[] }).notes[0]).toMatch(/^its HTTP header says Content-Encoding: gzip, which does not undo .*: read as it is stored$/);
    const [notChunked] = await pages(response({ 'Content-Type': 'text/html', 'Transfer-Encoding': 'chunked' }, HTML));
    expect(notChunked).toMatchObject({ kind: 'record', value: { text: HTML } });
    for (const coding of ['none', 'identity']) {
      const [ev] = await pages(response({ 'Content-Type': 'text/html', 'Content-Encoding': coding }, HTML));
      expect(ev).toMatchObject({ kind: 'record', value: { text: HTML } });
      expect((ev as { notes?: string[] }).notes).toBeUndefined();
    }
    const [zstd] = await pages(response({ 'Content-Type': 'text/html', 'Content-Encoding': 'zstd' }, HTML));
    expect((zstd as { notes: string[] }).notes[0]).toBe('its HTTP header says Content-Encoding: zstd, which this program cannot undo: read as it is stored');
  });

  it('keeps what a gzip payload cut at a crawler\'s size cap holds', async () => {
    const long = HTML.replace('</p>', `</p>${Array.from({ length: 300 }, (_, i) => `<p>Paragraph ${i} of the story, which ran ${(i * 7919) % 1000} words.</p>`).join('')}`);
    const zipped = gzipSync(Buffer.from(long));
    const [ev] = await pages(response({ 'Content-Type': 'text/html', 'Content-Encoding': 'gzip' }, zipped.subarray(0, Math.floor(zipped.length * 0.6))));
    expect(ev!.kind).toBe('record');
    const text = (ev as { value: { text: string } }).value.text;
    expect(text.length).toBeGreaterThan(1000);
    expect(long.startsWith(text)).toBe(true);
    expect((ev as { notes: string[] }).notes[0]).toContain('its gzip payload ends early');
  });

  it('decodes a text/plain payload by the charset its header names, as an HTML one', async () => {
    const [ev] = await pages(response({ 'Content-Type': 'text/plain; charset=windows-1252' }, cp1252));
    expect(ev).toMatchObject({ kind: 'record', pageFormat: 'text', value: { text: 'Le caf\u00e9 d\u00e9j\u00e0 ouvert.\n' } });
    expect((ev as { invalidUtf8At?: number }).invalidUtf8At).toBeUndefined();
  });

  it('reads the charset of an XHTML page from its XML declaration, and keeps a charset given by an earlier Content-Type', async () => {
    const xhtml = Buffer.concat([Buffer.from('<?xml version="1.0" encoding="windows-1252"?>\n<html xmlns="http://www.w3.org/1999/xhtml"><body><p>'), cp1252, Buffer.from('</p></body></html>')]);
    const [x] = await pages(response({ 'Content-Type': 'application/xhtml+xml' }, xhtml));
    expect((x as { value: { text: string } }).value.text).toContain('Le caf\u00e9 d\u00e9j\u00e0');
    const twice = Buffer.from(httpResponse('200 OK', { 'Content-Type': 'text/plain; charset=windows-1252' }, '').toString('latin1').replace('\r\n\r\n', '\r\nContent-Type: text/plain\r\n\r\n'), 'latin1');
    const [t] = await pages(warcRecord('response', { 'WARC-Target-URI': 'https://x.test/', 'Content-Type': 'application/http; msgtype=response' }, Buffer.concat([twice, cp1252])));
    expect((t as { value: { text: string } }).value.text).toBe('Le caf\u00e9 d\u00e9j\u00e0 ouvert.\n');
  });

  it('reads the final response after an interim 100 Continue, and sniffs a payload without a Content-Type', async () => {
    const interim = Buffer.concat([Buffer.from('HTTP/1.1 100 Continue\r\n\r\n'), httpResponse('200 OK', { 'Content-Type': 'text/html' }, HTML)]);
    const [a] = await pages(warcRecord('response', { 'WARC-Target-URI': 'https://x.test/', 'Content-Type': 'application/http; msgtype=response' }, interim));
    expect(a).toMatchObject({ kind: 'record', value: { text: HTML } });
    const [b] = await pages(response({}, HTML));
    expect(b).toMatchObject({ kind: 'record', pageFormat: 'html' });
  });

  it("passes over empty responses, crawlers' own log records and a video over the cap, and refuses only a page over it", async () => {
    const counts: WarcPageCounts = new Map();
    const video = response({ 'Content-Type': 'video/mp4' }, Buffer.alloc(70_000, 1));
    const bigPage = response({ 'Content-Type': 'text/html' }, `<p>${'x'.repeat(70_000)}</p>`);
    const bytes = Buffer.concat([
      warcRecord('response', { 'Content-Type': 'application/http; msgtype=response' }, ''),
      warcRecord('resource', { 'WARC-Target-URI': 'metadata://gnu.org/software/wget/warc/wget.log', 'Content-Type': 'text/plain' }, 'log line\n'),
      video,
      bigPage,
    ]);
    const events = await collect(readWarc(source(chunked(bytes, 4096)), { file: 'crawl.warc', passedOver: counts, maxBlockBytes: 10_000 }));
    expect(events.map((e) => e.kind)).toEqual(['error']);
    expect(events[0]!.kind === 'error' && [events[0]!.error.code, events[0]!.index]).toEqual(['ERR_TOO_LARGE', 3]);
    expect(Object.fromEntries(counts)).toEqual({ 'response without an HTTP message': 1, 'resource metadata:': 1, 'response video/mp4': 1 });
  });

  it("keeps the WARC fields a pipeline joins and filters on, and gives them with a record's error", async () => {
    const wet = warcRecord(
      'conversion',
      { 'WARC-Target-URI': 'https://x.test/a', 'WARC-Record-ID': '<urn:uuid:9>', 'WARC-Refers-To': '<urn:uuid:8>', 'WARC-Identified-Content-Language': 'eng,deu', 'WARC-Block-Digest': 'sha1:X', 'Content-Type': 'text/plain' },
      'Text\n',
    );
    const truncated = warcRecord('response', { 'WARC-Target-URI': 'https://x.test/b', 'WARC-Truncated': 'length', 'Content-Type': 'application/http; msgtype=response' }, httpResponse('200 OK', { 'Content-Type': 'text/html' }, HTML));
    const broken = warcRecord('response', { 'WARC-Target-URI': 'https://x.test/c', 'WARC-Record-ID': '<urn:uuid:7>', 'Content-Type': 'application/http; msgtype=response' }, 'garbage\r\n\r\n');
    const [a, b, c] = await pages(Buffer.concat([wet, truncated, broken]));
    expect((a as { value: unknown }).value).toEqual({ url: 'https://x.test/a', warc_record_id: '<urn:uuid:9>', warc_refers_to: '<urn:uuid:8>', warc_identified_content_language: 'eng,deu', text: 'Text\n' });
    expect((b as { value: unknown }).value).toMatchObject({ url: 'https://x.test/b', warc_truncated: 'length' });
    expect(c).toMatchObject({ kind: 'error', fields: { url: 'https://x.test/c', warc_record_id: '<urn:uuid:7>' } });
  });
});
