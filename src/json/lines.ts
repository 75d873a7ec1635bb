/**
 * Stage 1 of the JSONL reader: split a byte stream into lines.
 *
 * The bytes go through the same state machine as text input (`LineSplitter`
 * in src/split.ts), in its JSON Lines modes: only `\n` ends a line (a `\r`
 * right before it is dropped; a lone `\r` is JSON whitespace and stays), and
 * a line over the cap is skipped whole and reported instead of truncated.
 * The splitter keeps one line's bytes at most, and lets go of an over-long
 * line's bytes as soon as it crosses the cap.
 */
import { invalidArgument } from '../errors.js';
import { LineSplitter, type LinePosition, type SplitWarning } from '../split.js';
import { assertAsyncIterable, BufferChunks } from './input.js';

/**
 * Longest line, in bytes without its line break, that the splitter will
 * assemble. Longer lines are reported and skipped instead of being held in
 * memory: V8 caps a string at about 512 Mi UTF-16 units, and `JSON.parse` of a
 * line needs several times the line's size on top, so a runaway line (a
 * file that is not really JSONL, a crawler that wrote a video into a field)
 * would otherwise end the process with an out-of-memory crash.
 *
 * @default 268435456 (256 MiB)
 */
export const MAX_LINE_BYTES = 256 * 1024 * 1024;

/** A complete line, or the report of one that was too long to keep. */
export type LineEvent =
  | {
      kind: 'line';
      /** The line's text without `\n` or `\r\n`; a byte-order mark at the start of the input is dropped. */
      text: string;
      /** Byte offset of the line's first byte. */
      offset: number;
      /** 1-based line number. */
      line: number;
      /** Byte offset of the line's first invalid UTF-8 byte (it became U+FFFD), when it has one. */
      invalidUtf8At?: number;
    }
  | {
      kind: 'too-long';
      offset: number;
      line: number;
      /** The line's length in bytes, without its line break. */
      bytes: number;
    };

export interface SplitLinesOptions {
  /**
   * Line length cap in bytes.
   * @default MAX_LINE_BYTES
   */
  maxLineBytes?: number;
  /**
   * Where `source` starts in a larger input: its byte offset and line number there. Offsets
   * and line numbers are given in that input (the JSON reader hands the rest of a file it
   * found to be JSON Lines on to the JSONL reader).
   * @default { offset: 0, line: 1 }
   */
  origin?: { offset: number; line: number };
}

/**
 * Splits `source` into lines at `\n`, dropping a `\r` before it. A last line
 * without a line break is still emitted; an input ending in `\n` has no empty
 * line after it.
 */
export function splitLines(
  source: AsyncIterable<Uint8Array | string>,
  options: SplitLinesOptions = {},
): AsyncGenerator<LineEvent> {
  assertAsyncIterable(source);
  const maxLineBytes = options.maxLineBytes ?? MAX_LINE_BYTES;
  if (!Number.isSafeInteger(maxLineBytes) || maxLineBytes < 1) {
    throw invalidArgument('maxLineBytes', 'a positive integer', maxLineBytes);
  }
  const origin = options.origin;
  if (origin !== undefined && !isOrigin(origin)) {
    throw invalidArgument('options.origin', '{ offset, line } with a byte offset from 0 and a line number from 1', origin);
  }
  return split(source, maxLineBytes, origin ?? { offset: 0, line: 1 });
}

/** A position in a larger input: a byte offset from 0 and a line number from 1. */
function isOrigin(o: unknown): o is { offset: number; line: number } {
  if (typeof o !== 'object' || o === null) return false;
  const { offset, line } = o as { offset?: unknown; line?: unknown };
  return Number.isSafeInteger(offset) && (offset as number) >= 0 && Number.isSafeInteger(line) && (line as number) >= 1;
}

async function* split(source: AsyncIterable<Uint8Array | string>, maxLineBytes: number, origin: { offset: number; line: number }): AsyncGenerator<LineEvent> {
  const skipped: SplitWarning[] = [];
  /** Lines with invalid UTF-8, by line number: where their first bad byte is. */
  const invalid = new Map<number, number>();
  const splitter = new LineSplitter({
    maxLineBytes,
    lineBreaks: 'lf',
    longLines: 'skip',
    // Invalid UTF-8 becomes U+FFFD and the JSON parser judges the record; the line says where.
    onWarning: (w) => {
      if (w.code === 'line-skipped') skipped.push(w);
      else if (w.code === 'invalid-utf8') invalid.set(w.line, w.offset);
    },
  });
  const texts: string[] = [];
  const positions: LinePosition[] = [];
  /** Lines and skipped lines of the last push, merged back into input order. */
  function* drain(): Generator<LineEvent> {
    // The splitter's offsets count the BOM; a record on line 1 starts at 0 all the same (the
    // BOM's bytes belong to line 1).
    const at = (p: { line: number; offset: number }) => origin.offset + (p.line === 1 ? 0 : p.offset);
    const lineOf = (p: { line: number }) => origin.line + p.line - 1;
    let s = 0;
    for (let k = 0; k < texts.length; k++) {
      const p = positions[k]!;
      for (; s < skipped.length && skipped[s]!.line < p.line; s++) yield tooLong(skipped[s]!, at(skipped[s]!), lineOf(skipped[s]!));
      const bad = invalid.get(p.line);
      const line = lineOf(p);
      yield bad === undefined ? { kind: 'line', text: texts[k]!, offset: at(p), line } : { kind: 'line', text: texts[k]!, offset: at(p), line, invalidUtf8At: origin.offset + bad };
    }
    for (; s < skipped.length; s++) yield tooLong(skipped[s]!, at(skipped[s]!), lineOf(skipped[s]!));
    texts.length = 0;
    positions.length = 0;
    skipped.length = 0;
    invalid.clear();
  }
  const chunks = new BufferChunks();
  for await (const raw of source) {
    splitter.push(chunks.buffer(raw), texts, positions);
    yield* drain();
  }
  splitter.push(chunks.end(), texts, positions);
  splitter.end(texts, positions);
  yield* drain();
}

function tooLong(w: SplitWarning, offset: number, line: number): LineEvent {
  return { kind: 'too-long', offset, line, bytes: w.bytes! };
}
