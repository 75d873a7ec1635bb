/**
 * The JSON reader is a state machine over byte chunks: whatever the chunking, it must give the
 * same record and error events, with the same messages, lines and byte offsets, and the same
 * warnings. Each input here is read whole, then one byte at a time, in fixed odd sizes (the
 * 64 KiB a file stream gives among them), in seeded random sizes with empty chunks, as string
 * chunks that cut surrogate pairs, and, for the small ones, cut in two at every byte. The JSON
 * Lines reader, which the JSON reader hands JSON Lines in a .json on to, is held to the same.
 */
import { describe, expect, it } from 'vitest';
import { readJsonArray, readJsonl, type RecordEvent } from '../../src/json/records.js';
import { seededRandom } from '../../src/eval/metric.js';
import { collect, inChunksOf, plain, source } from './helpers.js';

/** Fixed chunk sizes: tiny and odd ones cut every token, the 64 KiB ones a file stream's reads. */
const SIZES = [1, 2, 3, 7, 64, 65535, 65536];
/** Seeded random chunkings per input; the largest chunk allowed grows with the seed. */
const RANDOM_RUNS = 24;
/** Inputs up to this many bytes are also cut in two at every byte. */
const CUT_EVERYWHERE_BYTES = 400;

/** `head`, padding and `tail`, the padding ('x's, inside a string of `head`) sized so that `tail` starts at byte `at`. */
function placed(head: string, tail: string, at: number): string {
  return head + 'x'.repeat(at - Buffer.byteLength(head)) + tail;
}

/** Sizes 0 (an empty chunk is legal input) to `max`, from a seeded PRNG. */
function randomChunks(bytes: Buffer, seed: number, max: number): Uint8Array[] {
  const rand = seededRandom(seed);
  const out: Uint8Array[] = [];
  for (let i = 0; i < bytes.length; ) {
    const size = Math.floor(rand() * (max + 1));
    out.push(bytes.subarray(i, i + size));
    i += size;
  }
  return out;
}

/** String chunks of 0 to 5 UTF-16 units, cutting surrogate pairs too. */
function randomStringChunks(text: string, seed: number): string[] {
  const rand = seededRandom(seed);
  const out: string[] = [];
  for (let i = 0; i < text.length; ) {
    const size = Math.floor(rand() * 6);
    out.push(text.slice(i, i + size));
    i += size;
  }
  return out;
}

/** Every chunking of `input` the property is checked on, each with a name for the failure message. */
function chunkings(input: string | Buffer): Array<[string, Array<Uint8Array | string>]> {
  const bytes = typeof input === 'string' ? Buffer.from(input, 'utf8') : input;
  const out: Array<[string, Array<Uint8Array | string>]> = [];
  for (const size of SIZES) if (size < bytes.length || size === 1) out.push([`chunks of ${size}`, inChunksOf(bytes, size)]);
  // Random sizes around the small ones for small inputs, up to a few KiB for large ones.
  const maxes = bytes.length > 4096 ? [9, 300, 5000, 70000] : [4, 9, 33];
  for (let seed = 1; seed <= RANDOM_RUNS; seed++) {
    const max = maxes[seed % maxes.length]!;
    out.push([`seed ${seed}, chunks of 0 to ${max}`, randomChunks(bytes, seed, max)]);
  }
  if (typeof input === 'string' && input.length <= CUT_EVERYWHERE_BYTES) {
    for (let seed = 1; seed <= 4; seed++) out.push([`seed ${seed}, string chunks`, randomStringChunks(input, seed)]);
  }
  if (bytes.length <= CUT_EVERYWHERE_BYTES) {
    for (let cut = 1; cut < bytes.length; cut++) out.push([`cut at ${cut}`, [bytes.subarray(0, cut), bytes.subarray(cut)]]);
  }
  return out;
}

/** What the reader gives: its events as plain data, and its warnings. */
async function readAll(read: typeof readJsonArray, chunks: Array<Uint8Array | string>): Promise<{ events: unknown[]; warnings: string[] }> {
  const warnings: string[] = [];
  const events: RecordEvent[] = await collect(read(source(...chunks), { file: 'in.json', onWarning: (m) => warnings.push(m) }));
  return { events: plain(events), warnings };
}

const b = (...parts: Array<string | number[]>): Buffer => Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'utf8') : Buffer.from(p))));

const pretty = '[\n  {"url": "a", "html": "<p>é</p>"},\n  {"url": "b", "text": "ünïcödé 𝄞 €"},\n  -1.5e3, 0, 12, true, null, "s",\n  {"url": "c", "n": [1, [2, {"d": 3.25}]]}\n]\n';

/** [what the input is, the input]. */
const INPUTS: Array<[string, string | Buffer]> = [
  // Valid arrays and single values; LF and CRLF; multi-byte UTF-8, escapes, a byte-order mark.
  ['a pretty-printed array with LF line breaks', pretty],
  ['a pretty-printed array with CRLF line breaks', pretty.replace(/\n/g, '\r\n')],
  ['an array on one line with escapes and strings that look like JSON', '\uFEFF[{"a":"\\"quoted\\" \\\\"}, "x]", "\\u00e9\\ud834\\udd1e", -0.5E-2, {"n":{"m":[1,[2]]}}]'],
  ['an empty array', ' [ ]\r\n'],
  ['a single object with CRLF line breaks and a byte-order mark', '\uFEFF\r\n  {"html": "<p>€ 𝄞</p>",\r\n   "meta": {"lang": "en", "n": 7}}\r\n'],
  ['a lone number', '\r\n42\r\n'],
  ['an array holding invalid UTF-8', b('[\r\n {"text":"caf', [0xe9], '"},\r\n {"text":"two ', [0xe2, 0x82], ' and ', [0xff], '"}\r\n]')],
  // JSON Lines in a .json: read as JSON Lines from the second value on.
  ['JSON Lines in a .json with LF line breaks', '{"n":"é1"}\n{"n":2}\n\n{"n" 3}\n{"n":4}\n'],
  ['JSON Lines in a .json with CRLF line breaks', '{"n":"é1"}\r\n{"n":2}\r\n\r\n{"n" 3}\r\n"€"\r\n7\r\n'],
  ['JSON Lines in a .json whose first record is a number', '1\r\n2\r\n{"n" 3}\r\n4'],
  ['JSON Lines in a .json whose second line opens with a character that is not JSON', '{"a":1}\r\n€\r\n{"b":2}\r\n'],
  ['JSON Lines in a .json whose second line opens with a four-byte character', '"a"\n𝄞\n1\n'],
  ['JSON Lines in a .json whose second line opens with invalid UTF-8', b('{"a":1}\n', [0xf0, 0x9f, 0x98], '\n{"b":2}\n')],
  ['concatenated values on one line', '{"a":1} {"b":2}\r\n[3]'],
  // A number element right before a syntax error, and its neighbours.
  ['a number element then a syntax error', '[1, 2 x]'],
  ['a number element then a syntax error on a CRLF line', '[1,\r\n 22\r\n x]'],
  ['a number element then a wrong closing bracket', '[1,2 }'],
  ['a number element glued to a syntax error', '[1, 2x]'],
  ['a number element with a fraction then a syntax error', '[1, -2.5e+3\t@]'],
  ['a number inside an object element then a syntax error', '[{"a": 1 x}]'],
  ['an array cut after a number and a space', '[1, 2 '],
  ['an array cut in a number', '[1, 23'],
  ['a lone number then a syntax error', '12 x'],
  // Input opening with a comma, and input with no value at all.
  ['input opening with a comma', ', 1'],
  ['a comma alone', ','],
  ['a comma after CRLF line breaks', '\r\n\r\n,{"a":1}'],
  ['a comma after a byte-order mark and a space', '\uFEFF ,[1]'],
  ['empty input', ''],
  ['a byte-order mark alone', '\uFEFF'],
  ['CRLF line breaks alone', '\r\n \r\n'],
  // Other malformed input.
  ['a syntax error after CRLF line breaks', '[{"t":"é"},\r\n {"t":"ü"},\r\n {"t" "x"}, {"t":"never"}]'],
  ['a syntax error after lone CR line breaks', '[1,\r 2,\r\r x]'],
  ['a cut literal', '[1, tru x]'],
  ['a literal glued to a syntax error', '[true, nullx]'],
  ['an unterminated string', '[{"a":"b\r\n'],
  ['a control character in a string', '["ok", "a\u0001b"]'],
  ['trailing data after an array', '[1,2]\r\n[3]'],
  ['a character that is not JSON at the top level', '€'],
  // At the 64 KiB a file stream reads: a CRLF whose \r is the last byte of a read (65535 for
  // reads of 64 KiB, 65534 for reads of 65535 bytes), a number element ending a read right
  // before a syntax error, and a comma whose value comes reads later.
  ['an array with a CRLF cut by a 64 KiB read, then a syntax error', placed('[\r\n{"pad":"', '"},\r\n{"n":1},\r\n {"n" 2}]', 65535 - 3)],
  ['an array with a CRLF cut by a 65535-byte read, then a syntax error', placed('[\r\n{"pad":"', '"},\r\n{"n":1},\r\n {"n" 2}]', 65534 - 3)],
  ['JSON Lines in a .json with a CRLF cut by a 64 KiB read', placed('{"pad":"', '"}\r\n{"n":1}\r\n{"n" 2}\r\n{"n":3}\r\n', 65535 - 2)],
  ['JSON Lines in a .json with a CRLF cut by a 65535-byte read', placed('{"pad":"', '"}\r\n{"n":1}\r\n{"n" 2}\r\n{"n":3}\r\n', 65534 - 2)],
  ['an array whose number element ends a 64 KiB read, then a syntax error', placed('[{"pad":"', '"}, 2 x]', 65535 - 4)],
  ['an array whose number element ends a 65535-byte read, then a syntax error', placed('[{"pad":"', '"}, 2 x]', 65534 - 4)],
  ['input opening with a comma whose value comes after 64 KiB', `,${' '.repeat(70000)}1`],
];

describe('readJsonArray, whatever the chunking', () => {
  it.each(INPUTS)('gives the events and warnings for %s that it gives for the whole input', async (_name, input) => {
    const whole = await readAll(readJsonArray, [input]);
    for (const [how, chunks] of chunkings(input)) expect(await readAll(readJsonArray, chunks), how).toEqual(whole);
  });
});

describe('readJsonl, whatever the chunking', () => {
  it.each(INPUTS)('gives the events for %s that it gives for the whole input', async (_name, input) => {
    const whole = await readAll(readJsonl, [input]);
    for (const [how, chunks] of chunkings(input)) expect(await readAll(readJsonl, chunks), how).toEqual(whole);
  });
});

/** [what the input is, the records path, the input]: documents whose records are the elements of an array inside them. */
const NESTED: Array<[string, string, string | Buffer]> = [
  [
    'a crawl response with CRLF line breaks, decoy keys and escaped quotes before the key',
    'data',
    '\uFEFF{\r\n "note": "\\"data\\": [1] \\\\",\r\n "kind": "data",\r\n "meta": {"data": [0]},\r\n "data": [\r\n  {"markdown": "# é 𝄞"},\r\n  -1.5e3, "s", null,\r\n  {"n": [1, {"data": [2]}]}\r\n ],\r\n "total": 5\r\n}\r\n',
  ],
  ['a dotted path with an escaped key on the way', 'response.items', '{"response": {"it\\u0065ms": [{"a": 1}, 2], "items2": [3]}, "items": [4]}'],
  ['a path whose array holds invalid UTF-8', 'data', b('{"data": [\r\n {"text":"caf', [0xe9], '"},\r\n {"text":"ok"}\r\n]}')],
  ['a syntax error inside the third element', 'data', '{"data": [\r\n {"a": 1},\r\n {"a": 2},\r\n {"a" 3},\r\n {"a": 4}]}'],
  ['a number element then a syntax error under a path', 'data', '{"data": [1, 2 x]}'],
  ['a missing path', 'data', '{"results": [1, 2]}\r\n'],
  ['a path holding an object', 'data', '{"success": true,\r\n "data": {"markdown": "x"}}'],
  ['a path given twice', 'data', '{"data": [1],\r\n "data": [2]}'],
  ['an array where an object holding the path was due', 'data', '\r\n[1, 2]'],
  ['JSON Lines in a .json, each line holding records', 'data', '{"data": [1, 2]}\r\n{"data": [3]}\r\n{"x": 0}\r\n{"data": [4]}\r\n'],
  ['a key cut by a 64 KiB read', 'data', placed('{"pad": "', '", "data": [{"n": 1}, {"n": 2}]}', 65535 - 3)],
];

describe('readJsonArray with a records path, whatever the chunking', () => {
  it.each(NESTED)('gives the events and warnings for %s that it gives for the whole input', async (_name, records, input) => {
    const read = ((s: AsyncIterable<Uint8Array | string>, o: Parameters<typeof readJsonArray>[1]) => readJsonArray(s, { ...o, records })) as typeof readJsonArray;
    const whole = await readAll(read, [input]);
    expect(whole.events.length).toBeGreaterThan(0);
    for (const [how, chunks] of chunkings(input)) expect(await readAll(read, chunks), how).toEqual(whole);
  });
});
