/** Hand-built WARC records for the WARC reader's tests (ISO 28500 layout: version, fields, empty line, block, two line breaks). */
export function warcRecord(type: string, fields: Record<string, string>, block: string | Uint8Array, eol = '\r\n'): Buffer {
  const body = typeof block === 'string' ? Buffer.from(block) : Buffer.from(block);
  const head = ['WARC/1.0', `WARC-Type: ${type}`, ...Object.entries(fields).map(([k, v]) => `${k}: ${v}`), `Content-Length: ${body.length}`].join(eol);
  return Buffer.concat([Buffer.from(head + eol + eol), body, Buffer.from(eol + eol)]);
}

/** An HTTP response block: status line, header fields, empty line, payload. */
export function httpResponse(status: string, fields: Record<string, string>, payload: string | Uint8Array): Buffer {
  const head = [`HTTP/1.1 ${status}`, ...Object.entries(fields).map(([k, v]) => `${k}: ${v}`)].join('\r\n');
  return Buffer.concat([Buffer.from(head + '\r\n\r\n'), typeof payload === 'string' ? Buffer.from(payload) : payload]);
}

/** The bytes cut into pieces of `size` (the last one shorter). */
export function chunked(bytes: Uint8Array, size: number): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (let i = 0; i < bytes.length; i += size) out.push(bytes.subarray(i, i + size));
  return out;
}

export async function* source(chunks: Iterable<Uint8Array>): AsyncGenerator<Uint8Array> {
  for (const c of chunks) yield c;
}

export async function collect<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}
