import { describe, expect, it } from 'vitest';
import { readWarcRecords, type WarcEvent } from '../../src/warc/records.js';
import { chunked, collect, source, warcRecord } from './build.js';

const WET_TEXT = 'Héadline of the story\nFirst paragraph — with a dash.\nMenu\n';
const INFO = warcRecord('warcinfo', { 'Content-Type': 'application/warc-fields' }, 'software: test\r\n');
const PAGE = warcRecord('conversion', { 'WARC-Target-URI': 'https://example.test/a', 'Content-Type': 'text/plain' }, WET_TEXT);
const TWO = Buffer.concat([INFO, PAGE]);

/** Events made comparable: blocks as text, errors as code, message and offset. */
function shown(events: WarcEvent[]): unknown[] {
  return events.map((e) =>
    e.kind === 'record'
      ? { index: e.index, offset: e.offset, type: e.headers.get('warc-type'), block: Buffer.from(e.block).toString('utf8') }
      : { index: e.index, offset: e.offset, code: e.error.code, message: e.error.message, final: e.final === true },
  );
}

async function read(bytes: Uint8Array, size = bytes.length, options = {}): Promise<unknown[]> {
  return shown(await collect(readWarcRecords(source(chunked(bytes, size)), { file: 'x.warc', ...options })));
}

describe('readWarcRecords', () => {
  it('reads each record whole, with its lower-cased fields, block and byte offset', async () => {
    const events = await collect(readWarcRecords(source([TWO])));
    expect(events.map((e) => e.kind)).toEqual(['record', 'record']);
    const page = events[1]!;
    if (page.kind !== 'record') throw new Error('not a record');
    expect(page.offset).toBe(INFO.length);
    expect(page.version).toBe('WARC/1.0');
    expect(page.headers.get('warc-target-uri')).toBe('https://example.test/a');
    expect(Buffer.from(page.block).toString('utf8')).toBe(WET_TEXT);
  });

  it('gives the same events fed whole, one byte at a time, or in odd chunks that split a UTF-8 character', async () => {
    const whole = await read(TWO);
    expect(await read(TWO, 1)).toEqual(whole);
    expect(await read(TWO, 7)).toEqual(whole);
    // A chunk boundary inside "é" (two bytes) of the block.
    const cut = PAGE.indexOf('é') + INFO.length + 1;
    expect(shown(await collect(readWarcRecords(source([TWO.subarray(0, cut), TWO.subarray(cut)]), { file: 'x.warc' })))).toEqual(whole);
  });

  it('reads records written with bare line feeds, and a header field folded onto a second line', async () => {
    const lf = warcRecord('conversion', { 'WARC-Target-URI': 'https://example.test/b' }, 'text\n', '\n');
    const folded = Buffer.from(lf.toString('latin1').replace('WARC-Target-URI: https://example.test/b', 'WARC-Target-URI: https://example.test/b\n  ?page=2'), 'latin1');
    const events = await collect(readWarcRecords(source(chunked(folded, 3))));
    expect(events).toHaveLength(1);
    const e = events[0]!;
    if (e.kind !== 'record') throw new Error(e.error.message);
    expect(e.headers.get('warc-target-uri')).toBe('https://example.test/b ?page=2');
    expect(Buffer.from(e.block).toString()).toBe('text\n');
  });

  it('skips bytes that are not a record up to the next WARC/ line, reporting them once with the byte they start at', async () => {
    const junk = Buffer.from('garbage line\nmore WARC/1.0 mid-line\n');
    const events = await read(Buffer.concat([INFO, junk, PAGE]), 5);
    expect(events).toHaveLength(3);
    expect(events[1]).toMatchObject({ code: 'ERR_BAD_WARC', offset: INFO.length });
    expect((events[1] as { message: string }).message).toMatch(new RegExp(`^x\\.warc: ${junk.length} bytes that are not a WARC record skipped .*\\(byte ${INFO.length}\\)$`));
    expect(events[2]).toMatchObject({ type: 'conversion', block: WET_TEXT });
  });

  it('finds the next record after a Content-Length that is too short, and says where the stray bytes began', async () => {
    const short = Buffer.from(PAGE.toString('latin1').replace(/Content-Length: \d+/, 'Content-Length: 10'), 'latin1');
    const events = await read(Buffer.concat([short, INFO]), 4);
    expect(events.map((e) => (e as { code?: string; type?: string }).code ?? (e as { type: string }).type)).toEqual(['conversion', 'ERR_BAD_WARC', 'warcinfo']);
    expect(events[0]).toMatchObject({ block: Buffer.from(WET_TEXT).subarray(0, 10).toString('utf8') });
  });

  it('names the record whose Content-Length ran past its end into the next record', async () => {
    const long = Buffer.from(INFO.toString('latin1').replace(/Content-Length: \d+/, `Content-Length: ${Buffer.byteLength('software: test\r\n') + 30}`), 'latin1');
    const events = await read(Buffer.concat([long, PAGE, INFO]), 5);
    expect(events[1]).toMatchObject({ code: 'ERR_BAD_WARC' });
    expect((events[1] as { message: string }).message).toContain('they follow the block of the record at byte 0 without the line breaks that end a record, so its Content-Length is wrong');
    expect(events[2]).toMatchObject({ type: 'warcinfo' });
  });

  it('reports a record without a Content-Length once, and reads the next record', async () => {
    const none = Buffer.from(PAGE.toString('latin1').replace(/Content-Length: \d+\r\n/, ''), 'latin1');
    const events = await read(Buffer.concat([none, INFO]));
    expect(events).toEqual([
      { index: 0, offset: 0, code: 'ERR_BAD_WARC', message: 'x.warc: WARC record without a Content-Length: where its block ends cannot be known, skipped (byte 0, record 0)', final: false },
      { index: 1, offset: none.length, type: 'warcinfo', block: 'software: test\r\n' },
    ]);
  });

  it('holds only the start of a block over the cap, gives its whole length, and goes on', async () => {
    const big = warcRecord('resource', { 'Content-Type': 'video/mp4' }, Buffer.alloc(200_000, 7));
    const events = await collect(readWarcRecords(source(chunked(Buffer.concat([big, INFO]), 4096)), { maxBlockBytes: 1000 }));
    expect(events.map((e) => e.kind)).toEqual(['record', 'record']);
    const first = events[0]!;
    if (first.kind !== 'record') throw new Error('not a record');
    expect([first.oversize, first.block.length]).toEqual([200_000, 65_536]);
    expect(events[1]).toMatchObject({ index: 1, offset: big.length });
  });

  it('ends with a final error naming the byte counts when the input stops inside a block', async () => {
    const events = await read(TWO.subarray(0, TWO.length - 10), 9);
    expect(events).toHaveLength(2);
    const got = Buffer.byteLength(WET_TEXT) - 6;
    expect(events[1]).toMatchObject({ code: 'ERR_BAD_WARC', offset: INFO.length, final: true });
    expect((events[1] as { message: string }).message).toContain(`its Content-Length says ${Buffer.byteLength(WET_TEXT)} bytes, ${got} came`);
  });

  it('reports a stream that is not WARC at all as one stretch of skipped bytes', async () => {
    const events = await read(Buffer.from('<html><body>Not an archive</body></html>\n'), 8);
    expect(events).toEqual([{ index: 0, offset: 0, code: 'ERR_BAD_WARC', message: expect.stringMatching(/^x\.warc: 41 bytes that are not a WARC record skipped/), final: false }]);
  });

  it('stops a header that never ends at the header cap instead of holding the stream', async () => {
    const events = await read(Buffer.concat([Buffer.from('WARC/1.0\r\n' + 'X: y\r\n'.repeat(50)), PAGE.subarray(0, 0)]), 13, { maxHeaderBytes: 100 });
    expect(events[0]).toMatchObject({ code: 'ERR_BAD_WARC', offset: 0 });
    expect((events[0] as { message: string }).message).toContain('record header longer than 100 bytes (MAX_WARC_HEADER_BYTES) without its end');
  });
});
