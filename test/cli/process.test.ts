import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { everyMs, processFile, type RunOptions } from '../../src/cli/process.js';
import type { Sink } from '../../src/cli/output.js';
import { MIN_REPEAT_DOCUMENTS } from '../../src/context.js';
import { DEFAULT_PAGE_FIELDS } from '../../src/json/records.js';

const dir = mkdtempSync(path.join(tmpdir(), 'boilerstrip-process-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// A made-up site: every page opens with the paper's name (its masthead, template text), then its own story.
// Alone, a short first line above a story reads as its headline; only counts across pages tell the two apart.
const BLURB = 'The Valley Courier';
const TOPICS = ['bridge', 'orchard', 'library', 'ferry', 'market', 'school', 'museum', 'harbour'];

/** Record i's own story: two paragraphs. */
function story(i: number): [string, string] {
  const t = TOPICS[i]!;
  return [
    `The ${t} committee met on a cold morning and argued for an hour about money, and ${i + 2} speakers said so.`,
    `Nobody expected the ${t} vote to pass, but it did, and the mayor promised to publish the figures by spring.`,
  ];
}

function record(i: number): string {
  const [first, second] = story(i);
  return JSON.stringify({ id: i, text: [BLURB, '', first, '', second].join('\n') });
}

/** Clean a JSONL file in-process with these run options; returns the output records. */
async function clean(file: string, extra: Partial<RunOptions>): Promise<Array<{ id: number; text: string }>> {
  let out = '';
  const sink: Sink = { write: (t) => void (out += t), commit: async () => {}, abort: async () => undefined };
  const opts: RunOptions = { command: 'clean', keep: ['body'], explain: false, labels: false, fields: DEFAULT_PAGE_FIELDS, readability: false, ...extra };
  const result = await processFile({ path: file, rel: path.basename(file) }, async () => sink, opts, () => {});
  expect(result.status).toBe('ok');
  return out.trim().split('\n').map((l) => JSON.parse(l) as { id: number; text: string });
}

describe('processFile with a cross-document warm-up window', () => {
  const file = path.join(dir, 'site.jsonl');
  writeFileSync(file, TOPICS.map((_, i) => record(i)).join('\n') + '\n');

  it('counts each record after the window before labelling it, so the repeated masthead goes once enough documents are counted', async () => {
    // A one-document window: record i is labelled with the counts of records 0..i.
    const records = await clean(file, { warmUp: { documents: 1, bytes: Number.MAX_SAFE_INTEGER } });
    expect(records.map((r) => r.id)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    const keptBlurb = records.map((r) => r.text.includes(BLURB));
    // Fewer than MIN_REPEAT_DOCUMENTS counted: no cross-document evidence yet, the masthead reads as a headline.
    expect(keptBlurb).toEqual(records.map((_, i) => i + 1 < MIN_REPEAT_DOCUMENTS));
    for (const r of records) expect(r.text).toContain('committee met');
  });

  it('labels every record with the counts of all of them when the window holds the whole input', async () => {
    const records = await clean(file, { warmUp: { documents: 256, bytes: Number.MAX_SAFE_INTEGER } });
    expect(records.map((r) => r.id)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(records.map((r) => r.text.includes(BLURB))).toEqual(TOPICS.map(() => false));
    // The masthead goes and each record's own story stays, both paragraphs, as its text.
    expect(records.map((r) => r.text)).toEqual(TOPICS.map((_, i) => story(i).join('\n\n')));
  });

  it('closes the window on its byte budget too: a budget of one byte acts as a one-document window', async () => {
    const byBytes = await clean(file, { warmUp: { documents: 256, bytes: 1 } });
    const byDocuments = await clean(file, { warmUp: { documents: 1, bytes: Number.MAX_SAFE_INTEGER } });
    expect(byBytes).toEqual(byDocuments);
  });
});

describe('processFile progress', () => {
  it('reports the bytes read so far as the file is read, rising to the whole file', async () => {
    const file = path.join(dir, 'long.txt');
    // Several read chunks' worth of lines (a file stream reads 64 KiB at a time).
    const text = Array.from({ length: 4000 }, (_, i) => `Line ${i} of a long plain-text dump, with enough words to be a sentence.`).join('\n') + '\n';
    writeFileSync(file, text);
    const seen: number[] = [];
    const sink: Sink = { write: () => {}, commit: async () => {}, abort: async () => undefined };
    const opts: RunOptions = { command: 'label', keep: ['body'], explain: false, labels: false, fields: DEFAULT_PAGE_FIELDS, readability: false };
    const result = await processFile({ path: file, rel: 'long.txt' }, async () => sink, opts, () => {}, (bytes) => seen.push(bytes));
    expect(result.status).toBe('ok');
    expect(seen.length).toBeGreaterThan(1);
    expect(seen.every((b, i) => i === 0 || b > seen[i - 1]!)).toBe(true);
    expect(seen.at(-1)).toBe(Buffer.byteLength(text));
    expect(result.bytesIn).toBe(Buffer.byteLength(text));
  });

  it('reports the bytes of a gzip file as read from disk, ending at its size there, while bytesIn counts them decompressed', async () => {
    const text = Array.from({ length: 20000 }, (_, i) => `Line ${i} of a long plain-text dump, with enough words to be a sentence.`).join('\n') + '\n';
    const file = path.join(dir, 'long.txt.gz');
    writeFileSync(file, gzipSync(text));
    const seen: number[] = [];
    const sink: Sink = { write: () => {}, commit: async () => {}, abort: async () => undefined };
    const opts: RunOptions = { command: 'label', keep: ['body'], explain: false, labels: false, fields: DEFAULT_PAGE_FIELDS, readability: false };
    const result = await processFile({ path: file, rel: 'long.txt.gz' }, async () => sink, opts, () => {}, (bytes) => seen.push(bytes));
    expect(result.status).toBe('ok');
    expect(seen.every((b, i) => i === 0 || b >= seen[i - 1]!)).toBe(true);
    expect(seen.at(-1)).toBe(statSync(file).size);
    expect(result.bytesIn).toBe(Buffer.byteLength(text));
  });
});

describe('everyMs', () => {
  it('passes on a call only once the interval has passed since the last one it passed on', async () => {
    const passed: number[] = [];
    const onBytes = everyMs(40, (b) => passed.push(b));
    onBytes(1); // too soon after creation
    await new Promise((r) => setTimeout(r, 60));
    onBytes(2);
    onBytes(3); // too soon after 2
    await new Promise((r) => setTimeout(r, 60));
    onBytes(4);
    expect(passed).toEqual([2, 4]);
  });
});
