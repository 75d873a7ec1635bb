/**
 * Stage 1 of the JSONL reader: split a byte stream into lines.
 *
 * An explicit state machine over chunks. A line that ends inside the chunk it
 * started in is decoded straight from that chunk; a line that runs past the
 * end of its chunk is decoded piece by piece with a streaming TextDecoder, so
 * a UTF-8 character cut in two by a chunk boundary still decodes correctly
 * and no byte buffers have to be kept and concatenated. At any moment the
 * splitter holds the current chunk and the decoded part of one line, nothing
 * more.
 */
import { invalidArgument } from '../errors.js';
import { assertAsyncIterable, chunkToBuffer } from './input.js';

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
    }
  | {
      kind: 'too-long';
      offset: number;
      line: number;
      /** Bytes of the line seen when it crossed the cap (the line is at least this long). */
      bytes: number;
    };

export interface SplitLinesOptions {
  /**
   * Line length cap in bytes.
   * @default MAX_LINE_BYTES
   */
  maxLineBytes?: number;
}

const LF = 0x0a;
const CR = 0x0d;
const BOM = 0xfeff;

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
  return split(source, maxLineBytes);
}

/** Text of a finished line: no trailing `\r`, no BOM on the first line. */
function finish(text: string, lineNo: number): string {
  if (text.charCodeAt(text.length - 1) === CR) text = text.slice(0, -1);
  if (lineNo === 1 && text.charCodeAt(0) === BOM) text = text.slice(1);
  return text;
}

async function* split(source: AsyncIterable<Uint8Array | string>, maxLineBytes: number): AsyncGenerator<LineEvent> {
  // ignoreBOM keeps U+FEFF in the text: only the very first line may drop
  // one (see finish), a BOM further on is data like any other character.
  const decoder = new TextDecoder('utf-8', { ignoreBOM: true });
  let chunkStart = 0; // byte offset of the current chunk in the input
  let lineNo = 1; // line being assembled
  let lineStart = 0; // byte offset of that line
  let carried = ''; // decoded text of the line so far, when it began in an earlier chunk
  let carriedBytes = 0; // bytes behind `carried`; 0 means no line is carried
  let skipping = false; // inside a too-long line, dropping bytes until the next \n
  let carriedEndsInCR = false; // last carried byte is \r (only read while carriedBytes > 0)

  for await (const raw of source) {
    const buf = chunkToBuffer(raw);
    let start = 0;
    for (;;) {
      const nl = buf.indexOf(LF, start);
      if (nl === -1) break;
      // Line length without the line break: a \r before the \n does not count.
      const cr = nl > start ? buf[nl - 1] === CR : carriedBytes > 0 && carriedEndsInCR;
      const length = carriedBytes + (nl - start) - (cr ? 1 : 0);
      if (skipping) {
        skipping = false;
      } else if (length > maxLineBytes) {
        yield { kind: 'too-long', offset: lineStart, line: lineNo, bytes: length };
        decoder.decode(); // drop any half character held for the abandoned line
        carried = '';
        carriedBytes = 0;
      } else {
        let text: string;
        if (carriedBytes === 0) {
          text = buf.toString('utf8', start, nl);
        } else {
          // No {stream: true}: this ends the line, so flush the decoder.
          text = carried + decoder.decode(buf.subarray(start, nl));
          carried = '';
          carriedBytes = 0;
        }
        yield { kind: 'line', text: finish(text, lineNo), offset: lineStart, line: lineNo };
      }
      lineNo++;
      lineStart = chunkStart + nl + 1;
      start = nl + 1;
    }
    // The rest of the chunk belongs to a line that continues in the next one.
    if (start < buf.length && !skipping) {
      const rest = buf.length - start;
      // A final \r may be half of a \r\n, so it does not count yet.
      carriedEndsInCR = buf[buf.length - 1] === CR;
      if (carriedBytes + rest - (carriedEndsInCR ? 1 : 0) > maxLineBytes) {
        yield { kind: 'too-long', offset: lineStart, line: lineNo, bytes: carriedBytes + rest };
        decoder.decode();
        carried = '';
        carriedBytes = 0;
        skipping = true;
      } else {
        carried += decoder.decode(buf.subarray(start), { stream: true });
        carriedBytes += rest;
      }
    }
    chunkStart += buf.length;
  }
  if (carriedBytes > 0 && !skipping) {
    yield { kind: 'line', text: finish(carried + decoder.decode(), lineNo), offset: lineStart, line: lineNo };
  }
}
