import { describe, expect, it } from 'vitest';
import { MAX_LINE_BYTES, splitLines, type LineEvent } from '../../src/json/lines.js';
import { byteIndexOf, cutAt, inChunksOf, source } from './helpers.js';

async function events(chunks: Array<Uint8Array | string>, maxLineBytes?: number): Promise<LineEvent[]> {
  const out: LineEvent[] = [];
  for await (const e of splitLines(source(...chunks), { maxLineBytes })) out.push(e);
  return out;
}

/** Chunks of sizes 1, 2, 3, 5, 7, 11, ... repeating: cuts land everywhere, inside characters and line breaks too. */
function oddChunks(input: string): Uint8Array[] {
  const bytes = Buffer.from(input, 'utf8');
  const sizes = [1, 2, 3, 5, 7, 11, 13];
  const out: Uint8Array[] = [];
  for (let i = 0, k = 0; i < bytes.length; k++) {
    const size = sizes[k % sizes.length]!;
    out.push(bytes.subarray(i, i + size));
    i += size;
  }
  return out;
}

// A BOM, CRLF and LF line breaks, a blank line, a lone \r (JSON whitespace) inside a record,
// 2-, 3- and 4-byte characters, and a last line without a line break.
const INPUT = '\uFEFF{"t":"é"}\r\n{"a":1,\r"b":"€"}\n\n{"t":"𝄞"}\r\n  \r\n{"last":true}';

describe('splitLines (JSON Lines)', () => {
  const expected: LineEvent[] = [
    { kind: 'line', text: '{"t":"é"}', offset: 0, line: 1 },
    { kind: 'line', text: '{"a":1,\r"b":"€"}', offset: byteIndexOf(INPUT, '{"a"'), line: 2 },
    { kind: 'line', text: '', offset: byteIndexOf(INPUT, '\n\n') + 1, line: 3 },
    { kind: 'line', text: '{"t":"𝄞"}', offset: byteIndexOf(INPUT, '{"t":"𝄞'), line: 4 },
    { kind: 'line', text: '  ', offset: byteIndexOf(INPUT, '  '), line: 5 },
    { kind: 'line', text: '{"last":true}', offset: byteIndexOf(INPUT, '{"last"'), line: 6 },
  ];

  it('gives each line with its number and its byte offset in the input, the BOM counted in the offsets', async () => {
    expect(await events([INPUT])).toEqual(expected);
  });

  it('gives identical events one byte at a time', async () => {
    expect(await events(inChunksOf(INPUT, 1))).toEqual(expected);
  });

  it('gives identical events in odd-sized chunks and in string chunks', async () => {
    expect(await events(oddChunks(INPUT))).toEqual(expected);
    expect(await events(INPUT.match(/[\s\S]{1,4}/g)!)).toEqual(expected);
  });

  it('gives identical events for a single cut at every byte, through characters, the BOM and \\r\\n', async () => {
    const length = Buffer.byteLength(INPUT);
    for (let cut = 1; cut < length; cut++) expect(await events(cutAt(INPUT, cut)), `cut at ${cut}`).toEqual(expected);
  });

  it('reads \\r at the end of one chunk and \\n at the start of the next as one line break, also across an empty chunk', async () => {
    const crlf = byteIndexOf(INPUT, '\r\n');
    expect(await events(cutAt(INPUT, crlf + 1))).toEqual(expected);
    expect(await events(cutAt(INPUT, crlf + 1, crlf + 1))).toEqual(expected);
  });

  it('keeps a lone \\r that ends a chunk as data when no \\n follows', async () => {
    expect(await events(['{"a":1,\r', '"b":2}\n'])).toEqual([{ kind: 'line', text: '{"a":1,\r"b":2}', offset: 0, line: 1 }]);
  });

  it('drops a \\r that ends the input, as it would drop \\r\\n', async () => {
    expect(await events(['[1]\r'])).toEqual([{ kind: 'line', text: '[1]', offset: 0, line: 1 }]);
  });

  it('skips a line over the cap, reporting its number, offset and full length, and keeps the lines around it, whatever the chunking', async () => {
    const long = `{"html":"${'ü'.repeat(40)}"}`; // 92 bytes
    const input = `[1]\r\n${long}\r\n[2]\n${long}`;
    const want: LineEvent[] = [
      { kind: 'line', text: '[1]', offset: 0, line: 1 },
      { kind: 'too-long', offset: 5, line: 2, bytes: Buffer.byteLength(long) },
      { kind: 'line', text: '[2]', offset: 5 + Buffer.byteLength(long) + 2, line: 3 },
      { kind: 'too-long', offset: 5 + Buffer.byteLength(long) + 2 + 4, line: 4, bytes: Buffer.byteLength(long) },
    ];
    expect(await events([input], 32)).toEqual(want);
    expect(await events(inChunksOf(input, 1), 32)).toEqual(want);
    expect(await events(oddChunks(input), 32)).toEqual(want);
    expect(await events(inChunksOf(input, 33), 32)).toEqual(want);
  });

  it('keeps a line exactly as long as the cap when its \\r\\n is split across chunks', async () => {
    const line = `"${'y'.repeat(30)}"`; // 32 bytes
    for (const chunks of [[`${line}\r`, `\n${line}`], [line, '\r', '\n', line], inChunksOf(`${line}\r\n${line}`, 1)]) {
      const got = await events(chunks, 32);
      expect(got.map((e) => e.kind)).toEqual(['line', 'line']);
      expect(got[1]).toEqual({ kind: 'line', text: line, offset: 34, line: 2 });
    }
  });

  it('uses 256 MiB as the default cap', () => {
    expect(MAX_LINE_BYTES).toBe(256 * 1024 * 1024);
  });
});
