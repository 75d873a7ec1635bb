/**
 * The records path (`ReadOptions.records`): a crawl API's response wraps its records in an
 * object (Firecrawl's `{ "success": true, "data": [ ... ] }`); the readers stream the elements
 * of the array the path names, one record at a time, with each element's own byte and line.
 */
import { describe, expect, it } from 'vitest';
import { ERR_JSON_SYNTAX, ERR_NO_RECORDS_ARRAY, readJsonArray, readJsonl, type RecordEvent } from '../../src/json/records.js';
import { recordsPathKeys } from '../../src/json/path.js';
import { byteIndexOf, collect, cutAt, inChunksOf, plain, source } from './helpers.js';

/** A crawl response: fields around the records, decoys for the key (in a string, as a value, one level down), a record of each kind. */
const firecrawl =
  '{\n' +
  '  "success": true,\n' +
  '  "status": "completed",\n' +
  '  "note": "a \\"data\\": [\\"decoy\\"] in a string, then a backslash \\\\",\n' +
  '  "kind": "data",\n' +
  '  "meta": {"data": ["one level down"]},\n' +
  '  "total": 3,\n' +
  '  "data": [\n' +
  '    {"markdown": "# One é", "metadata": {"sourceURL": "https://a.example/"}},\n' +
  '    {"markdown": "# Two 𝄞", "metadata": {"data": [9]}},\n' +
  '    "third, not an object"\n' +
  '  ],\n' +
  '  "next": null\n' +
  '}\n';

const FIRECRAWL_EVENTS: RecordEvent[] = [
  { kind: 'record', index: 0, value: { markdown: '# One é', metadata: { sourceURL: 'https://a.example/' } }, offset: byteIndexOf(firecrawl, '{"markdown": "# One'), line: 9 },
  { kind: 'record', index: 1, value: { markdown: '# Two 𝄞', metadata: { data: [9] } }, offset: byteIndexOf(firecrawl, '{"markdown": "# Two'), line: 10 },
  { kind: 'record', index: 2, value: 'third, not an object', offset: byteIndexOf(firecrawl, '"third'), line: 11 },
];

/** The events of `readJsonArray` over `chunks` with `records`, as plain data. */
async function read(chunks: Array<Uint8Array | string>, records: string, file = 'crawl.json'): Promise<unknown[]> {
  return plain(await collect(readJsonArray(source(...chunks), { file, records })));
}

/** The message of each event, or its value for a record. */
function outline(events: RecordEvent[]): unknown[] {
  return events.map((e) => (e.kind === 'record' ? e.value : e.error.message));
}

describe('readJsonArray with a records path', () => {
  it('streams each element of the array the path names, with its own index, byte offset and line, and ignores the fields around it', async () => {
    expect(await collect(readJsonArray(source(firecrawl), { records: 'data' }))).toEqual(FIRECRAWL_EVENTS);
  });

  it('gives the same records and offsets whole, a byte at a time, in odd chunks and cut at every byte', async () => {
    const whole = await read([firecrawl], 'data');
    expect(whole).toEqual(FIRECRAWL_EVENTS);
    for (const size of [1, 2, 3, 5, 7, 13]) expect(await read(inChunksOf(firecrawl, size), 'data'), `chunks of ${size}`).toEqual(whole);
    expect(await read(firecrawl.match(/[\s\S]{1,3}/g)!, 'data'), 'string chunks cutting a surrogate pair').toEqual(whole);
    // Named cuts: inside é, inside the key, between a backslash and the quote it escapes.
    const named: Array<[string, number]> = [
      ['a character', byteIndexOf(firecrawl, 'é') + 1],
      ['the key', byteIndexOf(firecrawl, '"data": [\n') + 3],
      ['an escaped quote', byteIndexOf(firecrawl, '\\"decoy') + 1],
    ];
    for (const [what, at] of named) expect(await read(cutAt(firecrawl, at), 'data'), `cut inside ${what}`).toEqual(whole);
    for (let at = 1; at < Buffer.byteLength(firecrawl); at++) expect(await read(cutAt(firecrawl, at), 'data'), `cut at ${at}`).toEqual(whole);
  });

  it('follows a dotted path through nested objects, and finds a key spelt with escapes or holding a quote or a non-ASCII letter, however it is cut', async () => {
    const cases: Array<[string, string, unknown[]]> = [
      ['{"items": ["decoy"], "response": {"count": 2, "items": [{"html": "<p>a</p>"}, {"html": "<p>b</p>"}]}}', 'response.items', [{ html: '<p>a</p>' }, { html: '<p>b</p>' }]],
      ['{"d\\u0061ta": [1, 2], "data2": [3], "dat": [4]}', 'data', [1, 2]],
      ['{"say \\"hi\\"": ["x"], "say": ["y"]}', 'say "hi"', ['x']],
      ['{"données": [{"n": 1}], "donnees": [2]}', 'données', [{ n: 1 }]],
      ['{"a": {"b": {"c": [[1], [2]]}}}', 'a.b.c', [[1], [2]]],
    ];
    for (const [input, records, values] of cases) {
      const whole = await collect(readJsonArray(source(input), { records }));
      expect(outline(whole), input).toEqual(values);
      for (const chunks of [inChunksOf(input, 1), inChunksOf(input, 2), inChunksOf(input, 3)]) {
        expect(plain(await collect(readJsonArray(source(...chunks), { records }))), input).toEqual(plain(whole));
      }
    }
  });

  it('reads a key that holds a dot when the path writes that dot as \\., and a backslash as \\\\', async () => {
    const input = '{"v1.0": {"items": ["dotted"]}, "v1": {"0": {"items": ["nested"]}}, "a\\\\b": {"c": ["backslash"]}}';
    expect(outline(await collect(readJsonArray(source(input), { records: 'v1\\.0.items' })))).toEqual(['dotted']);
    expect(outline(await collect(readJsonArray(source(input), { records: 'v1.0.items' })))).toEqual(['nested']);
    expect(outline(await collect(readJsonArray(source(input), { records: 'a\\\\b.c' })))).toEqual(['backslash']);
    expect(outline(await collect(readJsonl(source(input + '\n'), { records: 'v1\\.0.items' })))).toEqual(['dotted']);
    // A message names the path as it was given, escapes and all.
    const missing = await collect(readJsonArray(source('{"v1.0": {}}'), { file: 'api.json', records: 'v1\\.0.items' }));
    expect(outline(missing)).toEqual(['api.json:1: no array at "v1\\.0.items": "v1\\.0" has no "items" (byte 9, record 0)']);
  });

  it('splits a records path at its unescaped dots only', () => {
    expect(recordsPathKeys('data')).toEqual(['data']);
    expect(recordsPathKeys('response.items')).toEqual(['response', 'items']);
    expect(recordsPathKeys('v1\\.0.items')).toEqual(['v1.0', 'items']);
    expect(recordsPathKeys('a\\\\.b')).toEqual(['a\\', 'b']);
    expect(recordsPathKeys('a\\b')).toEqual(['a\\b']);
    expect(recordsPathKeys('\\.')).toEqual(['.']);
    expect(recordsPathKeys('a.\\')).toEqual(['a', '\\']);
    for (const bad of ['', '.', 'a..b', 'a.', '\\..', 'a\\..']) expect(recordsPathKeys(bad), bad).toBeUndefined();
  });

  it('reports a syntax error inside the third element with its line and byte, after the first two records', async () => {
    const input = '{"status": "completed",\n "data": [\n  {"markdown": "# One"},\n  {"markdown": "# Two"},\n  {"markdown" "# Three"},\n  {"markdown": "# Four"}\n ]\n}\n';
    for (const chunks of [[input], inChunksOf(input, 1), inChunksOf(input, 7)]) {
      const events = await collect(readJsonArray(source(...chunks), { file: 'bad.json', records: 'data' }));
      expect(events.map((e) => e.kind)).toEqual(['record', 'record', 'error']);
      expect(events.slice(0, 2)).toEqual([
        { kind: 'record', index: 0, value: { markdown: '# One' }, offset: byteIndexOf(input, '{"markdown": "# One'), line: 3 },
        { kind: 'record', index: 1, value: { markdown: '# Two' }, offset: byteIndexOf(input, '{"markdown": "# Two'), line: 4 },
      ]);
      const offset = byteIndexOf(input, '"# Three"');
      expect(events[2]).toMatchObject({ kind: 'error', index: 2, line: 5, offset, final: true });
      const error = events[2]!.kind === 'error' ? events[2]!.error : undefined;
      expect(error?.code).toBe(ERR_JSON_SYNTAX);
      expect(error?.message).toBe(`bad.json:5: malformed JSON: expected ':' at column 15 (byte ${offset}, record 2)`);
    }
  });

  it('says so, naming the file and the path, when the path is missing, holds no array, or the input is not an object, instead of reading no records', async () => {
    const cases: Array<[string, string, string]> = [
      ['{"success": true, "results": [{"markdown": "x"}]}', 'data', 'crawl.json:1: no array at "data": the top-level object has no "data" (byte 0, record 0)'],
      ['{"response": {"total": 0}}', 'response.items', 'crawl.json:1: no array at "response.items": "response" has no "items" (byte 13, record 0)'],
      ['{"success": true,\n "data": {"markdown": "x"}}', 'data', 'crawl.json:2: no array at "data": it holds an object (byte 27, record 0)'],
      ['{"success": false, "data": null}', 'data', 'crawl.json:1: no array at "data": it holds null (byte 27, record 0)'],
      ['{"response": [1]}', 'response.items', 'crawl.json:1: no array at "response.items": "response" holds an array, not an object (byte 13, record 0)'],
      ['\n[{"markdown": "x"}]', 'data', 'crawl.json:2: no array at "data": the top-level value is an array, not an object (its elements are records without a records path) (byte 1, record 0)'],
      ['"data"', 'data', 'crawl.json:1: no array at "data": the top-level value is a string, not an object (byte 0, record 0)'],
    ];
    for (const [input, records, message] of cases) {
      for (const chunks of [[input], inChunksOf(input, 1)]) {
        const events = await collect(readJsonArray(source(...chunks), { file: 'crawl.json', records }));
        expect(events.map((e) => (e.kind === 'error' ? [e.error.code, e.error.message] : e.kind)), input).toEqual([[ERR_NO_RECORDS_ARRAY, message]]);
      }
    }
    // An empty array holds no records, and that is no error.
    expect(await collect(readJsonArray(source('{"data": [], "total": 0}'), { records: 'data' }))).toEqual([]);
  });

  it('reads only the first array when the path is given twice, and says so where the second starts', async () => {
    const input = '{"data": [1, 2],\n "data": [3]}';
    const events = await collect(readJsonArray(source(input), { file: 'twice.json', records: 'data' }));
    expect(outline(events)).toEqual([1, 2, `twice.json:2: no array at "data": "data" is given a second time, and only the first one's records were read (byte ${byteIndexOf(input, '[3]')}, record 2)`]);
  });

  it('reads JSON Lines given to it with the path too, each line an object holding its records', async () => {
    const input = '{"data": [1, 2]}\n{"data": [3]}\n{"other": []}\n{"data": [4]}\n';
    const warnings: string[] = [];
    const events = await collect(readJsonArray(source(input), { file: 'lines.json', records: 'data', onWarning: (m) => warnings.push(m) }));
    expect(outline(events)).toEqual([1, 2, 3, `lines.json:3: no array at "data": the top-level object has no "data" (byte ${byteIndexOf(input, '{"other"')}, record 3)`, 4]);
    expect(warnings).toHaveLength(1);
  });

  it('counts a document without the array as a record, as the JSON Lines reader does, so no two events share an index', async () => {
    const input = '{"other": []}\n{"data": [1, 2]}\n';
    const asJson = await collect(readJsonArray(source(input), { file: 'lines.json', records: 'data', onWarning: () => {} }));
    const asJsonl = await collect(readJsonl(source(input), { file: 'lines.json', records: 'data' }));
    expect(asJson.map((e) => [e.kind, e.index])).toEqual([['error', 0], ['record', 1], ['record', 2]]);
    const place = (e: RecordEvent) => [e.kind, e.index, e.offset, e.line, e.kind === 'error' ? e.error.message : e.value];
    expect(asJson.map(place)).toEqual(asJsonl.map(place));
    // In one document: the first "data" holds no array, the second does.
    const twice = await collect(readJsonArray(source('{"data": null, "data": [1, 2]}'), { records: 'data' }));
    expect(twice.map((e) => [e.kind, e.index])).toEqual([['error', 0], ['record', 1], ['record', 2]]);
  });

  it('yields each record before the source goes on past the next element, so the array may be larger than memory', async () => {
    /** About 512 KiB of two-byte characters per element. */
    const page = 'é'.repeat(256 * 1024);
    const elements = 64;
    let received = 0;
    async function* response(): AsyncGenerator<string> {
      yield '{"success": true, "status": "completed", "total": 64, "data": [';
      for (let k = 0; k < elements; k++) {
        // Every element handed over before is a record by now: none waits for the end.
        expect(received).toBe(k);
        yield (k > 0 ? ',\n' : '\n') + JSON.stringify({ n: k, markdown: page });
      }
      yield '\n], "next": null}';
    }
    for await (const ev of readJsonArray(response(), { records: 'data' })) {
      expect(ev.kind).toBe('record');
      if (ev.kind === 'record') expect((ev.value as { n: number }).n).toBe(received++);
    }
    expect(received).toBe(elements);
  });

  it('throws at the call for a records path that is not a dotted path of keys, naming the option', () => {
    for (const bad of ['', '.data', 'data.', 'response..items', 42, ['data']]) {
      expect(() => readJsonArray(source('{}'), { records: bad as never }), String(bad)).toThrow(/`options\.records` must be a dotted path of object keys/);
      expect(() => readJsonl(source('{}'), { records: bad as never }), String(bad)).toThrow(/`options\.records` must be a dotted path of object keys/);
    }
  });
});

describe('readJsonl with a records path', () => {
  it("streams the elements of each line's array as records, each with its line's byte and line, and reports a line without the array and goes on", async () => {
    const lines = ['{"success": true, "data": [{"markdown": "# A"}, {"markdown": "# B"}]}', '', '{"success": false, "error": "rate limited"}', '{"data": [{"markdown": "# C"}]}'];
    const input = lines.join('\n') + '\n';
    const events = await collect(readJsonl(source(input), { file: 'pages.jsonl', records: 'data' }));
    const third = byteIndexOf(input, '{"success": false');
    expect(plain(events)).toEqual([
      { kind: 'record', index: 0, value: { markdown: '# A' }, offset: 0, line: 1 },
      { kind: 'record', index: 1, value: { markdown: '# B' }, offset: 0, line: 1 },
      {
        kind: 'error',
        index: 2,
        offset: third,
        line: 3,
        raw: lines[2],
        error: { code: ERR_NO_RECORDS_ARRAY, message: `pages.jsonl:3: no array at "data": the top-level object has no "data" (byte ${third}, record 2)`, record: 2 },
      },
      { kind: 'record', index: 3, value: { markdown: '# C' }, offset: byteIndexOf(input, '{"data": [{"markdown": "# C"'), line: 4 },
    ]);
  });
});
