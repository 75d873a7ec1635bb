import { describe, expect, it } from 'vitest';
import { readJsonArray, readJsonl, type RecordEvent } from '../../src/json/records.js';

/** Total size of the generated JSONL input. */
const TOTAL_BYTES = 200 * 1024 * 1024;
/** Total size of the generated JSON array input (the JSON reader is slower, see array.ts). */
const ARRAY_TOTAL_BYTES = 100 * 1024 * 1024;
/** Chunk size of the generated input, as a file read stream would give it. */
const CHUNK_BYTES = 64 * 1024;
/** Allowed RSS growth over the value at the start of the run. */
const RSS_BUDGET = 150 * 1024 * 1024;

/**
 * A few distinct record lines of different lengths (about 1 to 6 KB, with
 * multi-byte text), so lines straddle chunk boundaries at varied points.
 */
function templateLines(separator: string): Buffer[] {
  const lines: Buffer[] = [];
  for (let k = 0; k < 7; k++) {
    const paragraph = `<p>Ünïcödé paragraph ${k} — with “quotes” and 𝄞 music.</p>`.repeat(15 + k * 13);
    lines.push(Buffer.from(JSON.stringify({ url: `https://example.com/a/${k}`, html: paragraph, lang: 'en' }) + separator));
  }
  return lines;
}

interface Counter {
  lines: number;
  bytes: number;
}

/**
 * Generates `total` bytes of records on the fly: each chunk is a fresh
 * buffer filled by copying template lines, never the whole input in memory.
 * JSONL by default; with `array`, the records are wrapped in `[` ... `]`; with `nested`, that
 * array is the `data` of a crawl response object, as Firecrawl writes one.
 */
async function* generated(counter: Counter, total: number, array: false | true | 'nested' = false): AsyncGenerator<Uint8Array> {
  const lines = templateLines(array ? ',\n' : '\n');
  if (array) {
    const head = Buffer.from(array === 'nested' ? '{"success": true, "status": "completed", "data": [' : '[');
    counter.bytes += head.length;
    yield head;
  }
  let which = 0;
  let inLine = 0; // bytes of the current template line already emitted
  while (counter.bytes < total) {
    const chunk = Buffer.allocUnsafe(CHUNK_BYTES);
    let filled = 0;
    while (filled < CHUNK_BYTES) {
      const line = lines[which]!;
      const n = line.copy(chunk, filled, inLine);
      filled += n;
      inLine += n;
      if (inLine === line.length) {
        inLine = 0;
        which = (which + 1) % lines.length;
        counter.lines++;
      }
    }
    counter.bytes += CHUNK_BYTES;
    yield chunk;
  }
  // Finish the line in progress so every generated line is a whole record.
  if (inLine > 0) {
    yield lines[which]!.subarray(inLine);
    counter.bytes += lines[which]!.length - inLine;
    counter.lines++;
  }
  if (array) {
    const tail = Buffer.from(array === 'nested' ? '"x"], "next": null}' : '"x"]');
    counter.bytes += tail.length;
    counter.lines++;
    yield tail;
  }
}

/** Reads all events, sampling RSS, and checks every generated record arrived within the memory budget. */
async function measure(name: string, events: AsyncIterable<RecordEvent>, counter: Counter): Promise<void> {
  const rssStart = process.memoryUsage().rss;
  let peak = rssStart;
  let records = 0;
  let errors = 0;
  const t0 = performance.now();
  for await (const event of events) {
    if (event.kind === 'record') records++;
    else errors++;
    if ((records & 1023) === 0) peak = Math.max(peak, process.memoryUsage().rss);
  }
  peak = Math.max(peak, process.memoryUsage().rss);
  const seconds = (performance.now() - t0) / 1000;
  const mb = counter.bytes / 2 ** 20;
  console.log(
    `${name}: ${records} records, ${mb.toFixed(0)} MiB in ${seconds.toFixed(2)} s = ` +
      `${Math.round(records / seconds)} records/s, ${(mb / seconds).toFixed(0)} MiB/s; ` +
      `RSS start ${(rssStart / 2 ** 20).toFixed(0)} MiB, peak ${(peak / 2 ** 20).toFixed(0)} MiB ` +
      `(+${((peak - rssStart) / 2 ** 20).toFixed(0)} MiB)`,
  );
  expect(errors).toBe(0);
  expect(records).toBe(counter.lines);
  expect(peak - rssStart).toBeLessThan(RSS_BUDGET);
}

describe('record reader memory', () => {
  it(
    'readJsonl streams 200 MB of JSONL with RSS growth under 150 MB',
    async () => {
      const counter = { lines: 0, bytes: 0 };
      await measure('readJsonl', readJsonl(generated(counter, TOTAL_BYTES)), counter);
      expect(counter.bytes).toBeGreaterThanOrEqual(TOTAL_BYTES);
    },
    60_000,
  );

  it(
    'readJsonArray streams a 100 MB JSON array with RSS growth under 150 MB',
    async () => {
      const counter = { lines: 0, bytes: 0 };
      await measure('readJsonArray', readJsonArray(generated(counter, ARRAY_TOTAL_BYTES, true)), counter);
      expect(counter.bytes).toBeGreaterThanOrEqual(ARRAY_TOTAL_BYTES);
    },
    60_000,
  );

  it(
    'readJsonArray streams a 100 MB array under a records path, inside a crawl response object, with RSS growth under 150 MB',
    async () => {
      const counter = { lines: 0, bytes: 0 };
      await measure('readJsonArray records: data', readJsonArray(generated(counter, ARRAY_TOTAL_BYTES, 'nested'), { records: 'data' }), counter);
      expect(counter.bytes).toBeGreaterThanOrEqual(ARRAY_TOTAL_BYTES);
    },
    60_000,
  );
});
