/** Shared helpers for the record reader tests. */
import type { RecordEvent } from '../../src/json/records.js';

/** An async source over the given chunks, in order. */
export async function* source(...chunks: Array<Uint8Array | string>): AsyncGenerator<Uint8Array | string> {
  for (const c of chunks) yield c;
}

/** The bytes of `input` cut into chunks of `size` bytes (the last may be shorter). */
export function inChunksOf(input: string | Uint8Array, size: number): Uint8Array[] {
  const bytes = typeof input === 'string' ? Buffer.from(input, 'utf8') : input;
  const out: Uint8Array[] = [];
  for (let i = 0; i < bytes.length; i += size) out.push(bytes.subarray(i, i + size));
  return out;
}

/** The bytes of `input` cut at the given byte positions. */
export function cutAt(input: string, ...positions: number[]): Uint8Array[] {
  const bytes = Buffer.from(input, 'utf8');
  const out: Uint8Array[] = [];
  let from = 0;
  for (const p of positions) {
    out.push(bytes.subarray(from, p));
    from = p;
  }
  out.push(bytes.subarray(from));
  return out;
}

export async function collect(events: AsyncIterable<RecordEvent>): Promise<RecordEvent[]> {
  const out: RecordEvent[] = [];
  for await (const e of events) out.push(e);
  return out;
}

/** Events as plain data (errors reduced to code and message) for equality checks. */
export function plain(events: RecordEvent[]): unknown[] {
  return events.map((e) =>
    e.kind === 'record' ? e : { ...e, error: { code: e.error.code, message: e.error.message, record: e.error.record } },
  );
}

/** Byte offset of the first occurrence of `needle` in `haystack`, counted in UTF-8 bytes. */
export function byteIndexOf(haystack: string, needle: string, from = 0): number {
  const i = haystack.indexOf(needle, from);
  if (i === -1) throw new Error(`"${needle}" not in input`);
  return Buffer.byteLength(haystack.slice(0, i), 'utf8');
}
