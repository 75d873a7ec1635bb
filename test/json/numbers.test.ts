/**
 * Numbers a double cannot hold (a 19-digit id, 1e400) are kept digit for digit from the reader
 * to the written record, so passing a record through boilerstrip never changes its other fields.
 */
import { describe, expect, it } from 'vitest';
import { JsonNumber, isLossyNumber } from '../../src/json/numbers.js';
import { readJsonArray, readJsonl, toJsonlLine } from '../../src/json/records.js';
import { collect, inChunksOf, source } from './helpers.js';

const RECORD = '{"id":1234567890123456789,"big":1e400,"tiny":-1e-400,"price":1.10,"pi":3.14159265358979323846,"n":[9007199254740993,-12],"s":"1234567890123456789 in a string","page":"x"}';

/** The value of each record event, or its error message. */
async function values(events: AsyncGenerator<{ kind: string }>): Promise<unknown[]> {
  return (await collect(events as never)).map((e: { kind: string; value?: unknown; error?: Error }) => (e.kind === 'record' ? e.value : e.error!.message));
}

describe('isLossyNumber', () => {
  it('is true of a JSON number whose value a double changes, and false where only the spelling changes', () => {
    for (const lossy of ['1234567890123456789', '9007199254740993', '-9007199254740993', '1e400', '-1e400', '1e-400', '3.14159265358979323846', '0.1000000000000000055511151231257827']) {
      expect(isLossyNumber(lossy), lossy).toBe(true);
    }
    for (const safe of ['0', '-0', '12', '9007199254740992', '1.10', '1E5', '1e21', '100000000000000000000', '0.30000000000000004', '1.5e-7', '0e400', '0.000']) {
      expect(isLossyNumber(safe), safe).toBe(false);
    }
  });
});

describe('numbers a double cannot hold', () => {
  it('come out of both readers as JsonNumber, digit for digit, however the input is cut, and the rest as plain values', async () => {
    const expected = {
      id: new JsonNumber('1234567890123456789'),
      big: new JsonNumber('1e400'),
      tiny: new JsonNumber('-1e-400'),
      price: 1.1,
      pi: new JsonNumber('3.14159265358979323846'),
      n: [new JsonNumber('9007199254740993'), -12],
      s: '1234567890123456789 in a string',
      page: 'x',
    };
    expect(await values(readJsonl(source(RECORD + '\n')))).toEqual([expected]);
    expect(await values(readJsonArray(source(`[${RECORD}, {"k": 2}]`)))).toEqual([expected, { k: 2 }]);
    for (const size of [1, 3, 7]) expect(await values(readJsonArray(source(...inChunksOf(`[${RECORD}]`, size)))), `chunks of ${size}`).toEqual([expected]);
    expect(await values(readJsonArray(source(`{"data": [${RECORD}], "total": 12345678901234567890}`), { records: 'data' }))).toEqual([expected]);
    expect(await values(readJsonl(source(`{"data": [${RECORD}]}\n`), { records: 'data' }))).toEqual([expected]);
    // A lone value, not in an array.
    expect(await values(readJsonArray(source(RECORD)))).toEqual([expected]);
  });

  it('are written back as they came, and the line is still JSON', () => {
    const record = { id: new JsonNumber('1234567890123456789'), big: new JsonNumber('1e400'), n: [new JsonNumber('-9007199254740993')], text: 'clean' };
    const line = toJsonlLine(record);
    expect(line).toBe('{"id":1234567890123456789,"big":1e400,"n":[-9007199254740993],"text":"clean"}\n');
    expect(() => JSON.parse(line)).not.toThrow();
  });

  it('are a number to code that reads the value, and JSON.stringify outside toJsonlLine gives the nearest double', () => {
    const n = new JsonNumber('1234567890123456789');
    expect(Number(n)).toBe(1234567890123456789);
    expect(String(n)).toBe('1234567890123456789');
    expect(JSON.stringify({ n })).toBe('{"n":1234567890123456800}');
    expect(() => new JsonNumber('12abc')).toThrow(/`source` must be a JSON number/);
  });

  it('leave a string that looks like the marker alone, and read a record without such numbers by JSON.parse as before', async () => {
    const tricky = '{"a":"\\ufdd0 not a marker","b":12345678901234567890}';
    expect(await values(readJsonl(source(tricky + '\n')))).toEqual([{ a: '\ufdd0 not a marker', b: new JsonNumber('12345678901234567890') }]);
    expect(toJsonlLine({ a: '\ufdd0 not a marker', b: new JsonNumber('12345678901234567890') })).toBe('{"a":"\ufdd0 not a marker","b":12345678901234567890}\n');
    expect(await values(readJsonl(source('{"a":1,"b":"x"}\n')))).toEqual([{ a: 1, b: 'x' }]);
  });
});
