/**
 * Input normalisation for the record readers: every chunk becomes a Buffer
 * view so the scanners work on bytes and report byte offsets.
 */
import { BoilerstripError, invalidArgument } from '../errors.js';

/** Throws at the API boundary unless `source` can be read with `for await`. */
export function assertAsyncIterable(source: unknown, name = 'source'): void {
  const ok =
    typeof source === 'object' &&
    source !== null &&
    typeof (source as { [Symbol.asyncIterator]?: unknown })[Symbol.asyncIterator] === 'function';
  if (!ok) throw invalidArgument(name, 'an async iterable of Uint8Array or string chunks', source);
}

/**
 * A chunk as a Buffer over the same memory (no copy for byte chunks). Text
 * chunks are encoded to UTF-8 so that offsets are always byte offsets.
 */
export function chunkToBuffer(chunk: unknown): Buffer {
  if (typeof chunk === 'string') return Buffer.from(chunk, 'utf8');
  if (Buffer.isBuffer(chunk)) return chunk;
  if (chunk instanceof Uint8Array) return Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
  const shown = chunk === null ? 'null' : typeof chunk;
  throw new BoilerstripError('ERR_INVALID_ARG', `source chunks must be Uint8Array or string, got ${shown}`);
}
