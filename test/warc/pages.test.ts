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
    expect(ev).toMatchObject({ kind: 'record', invalidUtf8At: 12, value: { text: 'ok line\nbad \ufffd byte\n' } });
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
  });

  it('throws for a chunk of text, whose characters are not the bytes Content-Length counts', async () => {
    async function* text() {
      yield 'WARC/1.0\r\n' as unknown as Uint8Array;
    }
    await expect(collect(readWarc(text()))).rejects.toThrow(/WARC lengths count bytes/);
  });
});
