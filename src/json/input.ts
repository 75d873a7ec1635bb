/**
 * Input normalisation for the record readers: every chunk becomes a Buffer
 * view so the scanners work on bytes and report byte offsets.
 */
import { BoilerstripError, invalidArgument } from '../errors.js';
import { ChunkEncoder } from '../split.js';

/** Throws at the API boundary unless `source` can be read with `for await`. */
export function assertAsyncIterable(source: unknown, name = 'source'): void {
  const ok =
    typeof source === 'object' &&
    source !== null &&
    typeof (source as { [Symbol.asyncIterator]?: unknown })[Symbol.asyncIterator] === 'function';
  if (!ok) throw invalidArgument(name, 'an async iterable of Uint8Array or string chunks', source);
}

/**
 * The chunks of a source as Buffers over the same memory (no copy for byte chunks). Text chunks
 * are encoded to UTF-8 so that offsets are always byte offsets, by the splitter's ChunkEncoder: a
 * surrogate pair cut between two string chunks stays one character instead of two U+FFFD.
 */
export class BufferChunks {
  private readonly encoder = new ChunkEncoder((chunk) => {
    const shown = chunk === null ? 'null' : typeof chunk;
    return new BoilerstripError('ERR_INVALID_ARG', `source chunks must be Uint8Array or string, got ${shown}`);
  });

  /** The next chunk as a Buffer (maybe empty: a string chunk that was only half of a pair). */
  buffer(chunk: unknown): Buffer {
    return asBuffer(this.encoder.bytes(chunk));
  }

  /** At the end of the source: bytes still held (a lone half of a pair, as U+FFFD), usually none. */
  end(): Buffer {
    return asBuffer(this.encoder.end());
  }
}

function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
