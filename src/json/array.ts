/**
 * The JSON reader: a top-level array of records, streamed one element at a
 * time, or a single top-level value read as one record; or, given a records
 * path (`ReadOptions.records`), the array at that path inside a top-level
 * object, streamed the same way.
 *
 * Three passes run over each chunk, all in lock step and none holding more
 * than a small tail of the input:
 *
 * 1. {@link RecordStartScanner} notes the byte offset where each record starts;
 * 2. stream-json's verifier checks the text; it is the part of stream-json
 *    that knows where an error is (its parser only says what went wrong);
 * 3. stream-json's parser turns the text the verifier accepted into tokens,
 *    which its `streamArray` streamer (or, for a lone value, its Assembler)
 *    turns into records. With a records path, {@link RecordsPathFilter} lets
 *    through to the streamer only the tokens of the array at the path, and
 *    the start scanner follows the same path on the bytes.
 *
 * Feeding the parser only the verified prefix of a chunk is what lets the
 * records before a syntax error in the same chunk still come out: the parser
 * throws on bad input and the tokens it had made for that chunk are lost
 * with the exception.
 */
import Assembler from 'stream-json/core/assembler.js';
import { markedNumber, reviveNumbers } from './numbers.js';
import { jsonParser, type Token } from 'stream-json/core/parser.js';
import { streamArray } from 'stream-json/core/streamers/stream-array.js';
import { jsonVerifier } from 'stream-json/core/utils/verifier.js';
import { getManyValues, isMany, none } from 'stream-chain/defs.js';
import { ERR_JSON_SYNTAX, ERR_NO_RECORDS_ARRAY, checkReadOptions, errorEvent, type ReadOptions, type RecordEvent } from './events.js';
import { assertAsyncIterable, BufferChunks } from './input.js';
import { readJsonl } from './jsonl.js';
import { formatMessage } from '../errors.js';
import { RecordStartScanner } from './starts.js';
import { InvalidUtf8Scanner } from './utf8.js';
import { RepeatedKeyTracker } from './keys.js';
import { noArrayAt, recordsPathKeys, RecordsPathFilter, type PathFailure } from './path.js';

/**
 * Characters of recent input kept to turn the verifier's error position (in
 * UTF-16 units) into a byte offset. The verifier may report an error a few
 * characters before the chunk that revealed it (a literal or number cut by a
 * chunk boundary), so the current chunk alone is not always enough; 64 Ki
 * characters covers that with tiny chunks too, at negligible memory.
 * @default 65536
 */
export const ERROR_WINDOW_CHARS = 64 * 1024;

/**
 * Reads JSON: each element of a top-level array is a record; any other
 * top-level value (normally one object) is a single record. The file is never
 * loaded whole: memory holds one chunk plus the record being assembled.
 *
 * A lone value followed by another one is JSON Lines under a `.json` name (or
 * `--format json`): the rest of the input, from the second value on, is read by
 * {@link readJsonl}, so every record is read and counted, and `onWarning` is
 * told once, with the line and byte where the second value starts.
 *
 * A record holding invalid UTF-8 (decoded as U+FFFD) carries the offset of its first bad
 * byte in `invalidUtf8At`, as readJsonl's records do.
 *
 * With `records` (a dotted path of object keys, `'data'`), the records are the elements of the
 * array at that path in a top-level object, each with its own offset and line, one in memory
 * at a time; the object's other fields are skipped, and a path that leads to no array is an
 * error event (see {@link ReadOptions.records}).
 *
 * Malformed JSON yields the records before the error, then one error event
 * with the byte offset, line and column (in characters) of the error as
 * stream-json's verifier finds it, and ends: JSON cannot be resynchronised
 * after a syntax error. The verifier counts characters; the offset is turned
 * into bytes here (exact for valid UTF-8; an invalid byte sequence, decoded
 * as U+FFFD, can shift later offsets). Its lines also break at a lone `\r`
 * and at U+2028/U+2029, while record lines count `\n` only; the two agree
 * for `\n` and `\r\n` files, wherever the chunks are cut. Never throws for
 * bad data; throws only when `source` is not an async iterable (at the call)
 * or yields a chunk that is neither a Uint8Array nor a string.
 */
export function readJsonArray(
  source: AsyncIterable<Uint8Array | string>,
  options: ReadOptions = {},
): AsyncGenerator<RecordEvent> {
  assertAsyncIterable(source);
  checkReadOptions(options, 'readJsonArray');
  return read(source, options.file, options.onWarning, options.records);
}

/**
 * Bytes read ahead, at most, for the first line of a value that follows a value printed over
 * several lines: a line of JSON Lines (a record holding a whole page) may be longer, and is
 * then read as JSON Lines, as before.
 * @default 65536
 */
export const LINE_LOOKAHEAD_BYTES = 64 * 1024;

/** What the verifier's error carries (see stream-json's VerifierError). */
interface VerifierFailure {
  message: string;
  line?: number;
  pos?: number;
  offset?: number;
}

function asFailure(e: unknown): VerifierFailure {
  if (e instanceof Error) {
    const f = e as Error & { line?: unknown; pos?: unknown; offset?: unknown };
    return {
      message: e.message,
      line: typeof f.line === 'number' ? f.line : undefined,
      pos: typeof f.pos === 'number' ? f.pos : undefined,
      offset: typeof f.offset === 'number' ? f.offset : undefined,
    };
  }
  return { message: String(e) };
}

/**
 * stream-json's messages read "ERROR at 12 (1, 13): Verifier cannot parse
 * input: expected ','". The prefix's number is a character count, not a byte
 * offset, and the position is reported separately, so keep only the reason.
 */
function reason(message: string): string {
  return message
    .replace(/^ERROR at \d+ \(\d+, \d+\): /, '')
    .replace(/^(Verifier|Parser) cannot parse input: /, '')
    .replace(/^(Verifier|Parser) has expected/, 'expected');
}

/**
 * Recent decoded text with the character and byte offsets of its start, so
 * a character offset inside it converts to a byte offset. Holds whole decoded
 * chunks (no copying); drops the oldest once the rest, the newest chunk left
 * aside, still covers {@link ERROR_WINDOW_CHARS}.
 */
class RecentText {
  private readonly parts: string[] = [];
  private head = 0;
  private chars = 0;
  private charStart = 0;
  private byteStart = 0;

  constructor(skippedBytes: number) {
    this.byteStart = skippedBytes;
  }

  /** Bytes skipped before the text began (a byte-order mark). */
  skipBytes(n: number): void {
    this.byteStart += n;
  }

  append(s: string): void {
    this.parts.push(s);
    this.chars += s.length;
    // The window is counted before the newest part: the verifier reports a literal cut by a chunk
    // boundary (`tr|u}`) only once it has the next chunk, and a next chunk of 64 Ki characters
    // or more used to push the text holding the error out, taking its byte offset (QA pass 7).
    while (this.parts.length - this.head > 2 && this.chars - this.parts[this.head]!.length - s.length >= ERROR_WINDOW_CHARS) {
      const p = this.parts[this.head++]!;
      this.chars -= p.length;
      this.charStart += p.length;
      this.byteStart += Buffer.byteLength(p, 'utf8');
    }
    // Compact now and then so dropped parts do not pile up in the array.
    if (this.head > 64) {
      this.parts.splice(0, this.head);
      this.head = 0;
    }
  }

  /** Characters appended so far, in total. */
  get end(): number {
    return this.charStart + this.chars;
  }

  /** The UTF-16 unit at `charOffset`, or NaN when it is no longer (or not yet) held. */
  charCodeAt(charOffset: number): number {
    let rel = charOffset - this.charStart;
    if (rel < 0) return NaN;
    for (let k = this.head; k < this.parts.length; k++) {
      const p = this.parts[k]!;
      if (rel < p.length) return p.charCodeAt(rel);
      rel -= p.length;
    }
    return NaN;
  }

  byteOffset(charOffset: number): number | undefined {
    let rel = charOffset - this.charStart;
    if (rel < 0) return undefined;
    let bytes = this.byteStart;
    for (let k = this.head; k < this.parts.length; k++) {
      const p = this.parts[k]!;
      if (rel <= p.length) return bytes + Buffer.byteLength(p.slice(0, rel), 'utf8');
      rel -= p.length;
      bytes += Buffer.byteLength(p, 'utf8');
    }
    return undefined;
  }
}

/** JSON's whitespace: space, tab, LF and CR. */
function isJsonSpace(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;
}

/**
 * How many bytes before the chunk just read the JSON Lines fallback may have to start. After a
 * complete lone value the verifier stops at the first character that is not whitespace, which
 * is in the text of the chunk just read; but that text may begin with bytes of earlier chunks:
 * the first three of a four-byte character, or an ill-formed sequence of up to three bytes (one
 * U+FFFD), each of them possibly a chunk of its own.
 * @default 3
 */
const CUT_CHARACTER_BYTES = 3;

/**
 * The raw bytes of the last chunk and of those holding the {@link CUT_CHARACTER_BYTES} bytes
 * before it, so that the JSON Lines fallback starts at the character the verifier stopped at
 * however the chunks cut it. Keeping the last two chunks only lost it when a character came a
 * byte at a time: the fallback was given up and the rest of the input reported as one error.
 */
class RecentBytes {
  private readonly chunks: Buffer[] = [];
  private readonly bases: number[] = [];

  /** The next chunk, whose first byte is at input offset `base`. */
  push(buf: Buffer, base: number): void {
    if (buf.length === 0) return;
    this.chunks.push(buf);
    this.bases.push(base);
    while (this.chunks.length > 1 && this.bases[1]! <= base - CUT_CHARACTER_BYTES) {
      this.chunks.shift();
      this.bases.shift();
    }
  }

  /** The bytes from input offset `offset` to the end of the last chunk; undefined when they are no longer held. */
  from(offset: number): Buffer | undefined {
    for (let k = 0; k < this.chunks.length; k++) {
      const start = this.bases[k]!;
      const chunk = this.chunks[k]!;
      if (offset < start) return undefined;
      if (offset <= start + chunk.length) {
        const head = chunk.subarray(offset - start);
        return k === this.chunks.length - 1 ? head : Buffer.concat([head, ...this.chunks.slice(k + 1)]);
      }
    }
    return undefined;
  }
}

type ItemFn = (token: Token) => unknown;

/** The one method of the source's iterator {@link readRecords} calls: chunks as Buffers. */
type Chunks = { next(): Promise<IteratorResult<Buffer>> };

/** Where a reading round starts: its first byte's offset and line, and its first record's index. */
interface Origin {
  offset: number;
  line: number;
  index: number;
}

/**
 * Set by a reading round that found another value after a whole lone value, and that value not
 * a line of JSON Lines (a pretty-printed value, as `jq .` prints one after another): the bytes
 * from it on, and where it starts, for the next round (see {@link read}).
 */
interface Continuation {
  next?: { head: Buffer; origin: Origin };
  /** The warning about values one after another was given (once a file). */
  warned: boolean;
}

/**
 * {@link readRecords} over `source`, closing the source when reading stops before its end: the
 * caller broke out of its loop, or a syntax error ended the reading. The reader pulls chunks by
 * hand (`iterator.next()`, so that the JSON Lines fallback can go on from the same iterator), and
 * a hand-driven iterator is not closed the way `for await` closes one: a file stream given to it
 * stayed open, its descriptor with it, until the process ended.
 */
async function* read(
  source: AsyncIterable<Uint8Array | string>,
  file: string | undefined,
  onWarning: ((message: string) => void) | undefined,
  records: string | undefined,
): AsyncGenerator<RecordEvent> {
  const iterator = source[Symbol.asyncIterator]();
  let exhausted = false;
  // Chunks come out as Buffers (BufferChunks: a surrogate pair cut between string chunks stays
  // whole), and what it still holds at the end as one more chunk.
  const buffers = new BufferChunks();
  const chunks: Chunks = {
    next: async () => {
      // Past the end (the held tail was handed out): the source is not asked again.
      if (exhausted) return { done: true, value: undefined };
      const r = await iterator.next();
      if (!r.done) return { done: false, value: buffers.buffer(r.value) };
      exhausted = true;
      const held = buffers.end();
      return held.length > 0 ? { done: false, value: held } : r;
    },
  };
  let failed = false;
  try {
    // Rounds: one over the whole input, then one more for each further value after a lone one
    // that is not JSON Lines (values printed one after another over several lines each).
    const more: Continuation = { warned: false };
    let round: Chunks = chunks;
    let origin: Origin = { offset: 0, line: 1, index: 0 };
    for (;;) {
      yield* readRecords(round, file, onWarning, records, origin, more);
      const next = more.next;
      if (next === undefined) break;
      more.next = undefined;
      origin = next.origin;
      let head: Buffer | undefined = next.head;
      round = {
        next: async () => {
          if (head === undefined) return chunks.next();
          const first = head;
          head = undefined;
          return { done: false, value: first };
        },
      };
    }
  } catch (e) {
    failed = true;
    throw e;
  } finally {
    if (!exhausted) {
      try {
        await iterator.return?.();
      } catch (e) {
        // As with `for await`: an error already on its way is the one the caller sees.
        if (!failed) throw e;
      }
    }
  }
}

async function* readRecords(
  iterator: Chunks,
  file: string | undefined,
  onWarning: ((message: string) => void) | undefined,
  records: string | undefined,
  origin: Origin,
  more: Continuation,
): AsyncGenerator<RecordEvent> {
  /** The records path's keys (checked by readJsonArray); undefined without one. */
  const recordsPath = records === undefined ? undefined : recordsPathKeys(records);
  // ignoreBOM keeps a leading U+FEFF so we can see it, count its bytes and
  // drop it ourselves (stream-json's bare verifier and parser reject it).
  const decoder = new TextDecoder('utf-8', { ignoreBOM: true });
  const verify = jsonVerifier();
  // Packed values only: the streamers read just those, and skipping the
  // chunked token forms is faster.
  const parse = jsonParser({ packValues: true, streamValues: false });
  const starts = new RecordStartScanner(recordsPath, origin.line);
  const path = recordsPath === undefined ? undefined : new RecordsPathFilter(recordsPath, starts);
  // The decoder turns invalid UTF-8 into U+FFFD without a word; this finds where, so each
  // record holding some is marked as readJsonl marks its lines.
  const invalid = new InvalidUtf8Scanner();
  const recent = new RecentText(origin.offset);
  // A byte-order mark opens the input only, not a later round.
  let atStart = origin.offset === 0;
  // A `\r` that ends a chunk's text waits to go with the next text: the verifier counts `\r\n`
  // as one line break only when both are in one piece of text it is given, so a CRLF cut by a
  // chunk boundary (a 64 KiB read, say) made every line number after it one too high.
  let heldCr = false;
  let bytesRead = origin.offset;
  let index = origin.index;
  /** The verifier counts lines from 1 in each round: its line n is the input's n + lineBase. */
  const lineBase = origin.line - 1;

  // Set on the first token: a top-level array streams its elements, anything
  // else is assembled whole as one record.
  let toItems: ItemFn | undefined;
  let lone: Assembler | undefined;
  let loneDone = false;
  /** Keys a record names twice, which the assembled value keeps the last of (json/keys.ts). */
  let keys: RepeatedKeyTracker | undefined;
  /** The lone value was printed over several lines: a pretty-printed value, not a line of JSON Lines. */
  let loneMultiLine = false;
  /** Nesting of the tokens parsed so far, and whether a top-level array has closed (its elements were the records). */
  let depth = 0;
  let arrayDone = false;

  const out: RecordEvent[] = [];
  /** A records path's failure after which nothing is read (the input is not an object), for {@link feed}. */
  let pathStop: RecordEvent | undefined;

  /**
   * The error event for a records path's failure, at the value it speaks of. It is a bad record
   * and takes an index, as a JSON Lines line without the array does: records may follow it.
   */
  const pathFailure = (f: PathFailure): RecordEvent =>
    errorEvent(ERR_NO_RECORDS_ARRAY, noArrayAt(recordsPath!, f.message), { file, index: index++, offset: f.at?.offset, line: f.at?.line });

  /** A number of the record being assembled was passed on marked (numbers.ts): revive it once the record is whole. */
  let marked = false;

  const emit = (value: unknown): void => {
    if (marked) {
      value = reviveNumbers(value);
      marked = false;
    }
    const at = starts.take();
    const offset = at?.offset ?? bytesRead;
    if (lone !== undefined) loneMultiLine = at?.endLine !== undefined && at.endLine > at.line;
    const event: RecordEvent = { kind: 'record', index: index++, value, offset };
    if (at) event.line = at.line;
    // Only the record's own bytes: a bad byte past its end (trailing garbage after a lone value)
    // is the syntax error reported after it.
    const bad = invalid.firstIn(offset, at?.end ?? starts.peek() ?? Infinity);
    if (bad !== undefined) event.invalidUtf8At = bad;
    const repeated = keys?.take();
    if (repeated !== undefined) event.repeatedKeys = repeated;
    out.push(event);
  };

  const onTokens = (result: unknown): void => {
    if (result === none || !isMany(result)) return;
    for (let token of getManyValues(result) as Token[]) {
      if (pathStop) return;
      const name = token.name;
      if (name === 'startObject' || name === 'startArray') depth++;
      else if ((name === 'endObject' || name === 'endArray') && --depth === 0 && toItems && !path) arrayDone = true;
      if (path) {
        const passed = path.push(token);
        // Another value after the document is JSON Lines, as after a lone value (readRest).
        if (path.topClosed) loneDone = true;
        if (passed === 'drop') continue;
        if (passed !== 'pass') {
          const event = pathFailure(passed);
          if (passed.final) pathStop = event;
          else out.push(event);
          continue;
        }
        // The array at the path opens: its elements are streamed as a top-level array's are.
        if (!toItems) {
          toItems = streamArray() as unknown as ItemFn;
          keys = new RepeatedKeyTracker(1);
        }
      } else if (!toItems && !lone) {
        if (token.name === 'startArray') toItems = streamArray() as unknown as ItemFn;
        else lone = new Assembler();
        keys = new RepeatedKeyTracker(toItems ? 1 : 0);
      }
      keys!.push(token);
      // A number a double cannot hold goes on as a marked string, the assemblers' parseFloat
      // would change it (a 19-digit id); it becomes a JsonNumber when its record is whole.
      if (token.name === 'numberValue') {
        const mark = markedNumber(token.value as string);
        if (mark !== undefined) {
          token = { name: 'stringValue', value: mark };
          marked = true;
        }
      }
      if (toItems) {
        const item = toItems(token);
        if (item === none) continue;
        for (const it of isMany(item) ? getManyValues(item) : [item]) emit((it as { value: unknown }).value);
      } else if (lone && !loneDone) {
        lone.consume(token);
        if (lone.done) {
          loneDone = true;
          emit(lone.current);
        }
      }
    }
  };

  /** The verifier's last failure, for {@link readRest}. */
  let lastFailure: VerifierFailure | undefined;
  /** The raw bytes of the last chunks, for {@link readRest}. */
  const raw = new RecentBytes();

  /**
   * The input after a whole top-level value (a lone value, a top-level array, or a records path's
   * document) when another value follows it. Printed over several lines, or after an array, the
   * values are read one after another: `more.next` is set for the next round (see {@link read})
   * and an empty reader is returned. Otherwise it is JSON Lines, or values on one line each, given
   * to this reader: the JSONL reader reads the rest, resynchronising at each line break, and a
   * warning says so. Undefined when the error is anything else (or lies before the bytes kept).
   */
  const readRest = async (): Promise<AsyncGenerator<RecordEvent> | undefined> => {
    if (!(loneDone || arrayDone) || lastFailure?.offset === undefined) return undefined;
    const at = recent.byteOffset(lastFailure.offset);
    let head = at === undefined ? undefined : raw.from(at);
    if (at === undefined || head === undefined) return undefined;
    const nextLine = (lastFailure.line ?? 1) + lineBase;
    // Printed over several lines: the lone value (its own end line says), or, with a records path,
    // the document (the next value starts two lines or more below it: one-line documents of JSON
    // Lines start a line apart; one after a blank line is told by its own first line below).
    const topLine = starts.top?.line;
    const spans = loneMultiLine || (path !== undefined && topLine !== undefined && nextLine - topLine >= 2);
    // After a value printed over several lines, enough of the next one to see its first line: a
    // chunk may end right after its `{`. After a one-line value, as much when the next opens with
    // a bracket: whether that bracket is alone on its line decides.
    while ((spans || opensBracket(head)) && head.indexOf(0x0a) < 0 && head.length < LINE_LOOKAHEAD_BYTES) {
      const r = await iterator.next();
      if (r.done) break;
      head = Buffer.concat([head, r.value]);
    }
    const line = nextLine;
    // A value whose first line is not a whole JSON value (`{` alone, as `jq .` and
    // json.dumps(indent=2) print one) is not a line of JSON Lines: read with this reader again,
    // from that value on (QA pass 15: each of its lines was a bad record, and none was read).
    // A top-level array's elements were the records: whatever follows is read as a file of it
    // would be, an array's elements again (QA pass 17: two arrays one after another failed the file).
    // A bracket alone on its line opens a value printed over several lines whatever printed the
    // one before (QA pass 17: a one-line record, then `jq .` output, gave a bad record per line);
    // no line of JSON Lines is a lone bracket.
    if (arrayDone || (spans && !opensJsonLine(head)) || bracketLine(head)) {
      if (!more.warned) {
        more.warned = true;
        onWarning?.(
          formatMessage(
            `warning: another JSON value follows the first ${recordsPath ? 'document' : 'record'}, over several lines: the values are read one after another, each as ${recordsPath ? 'a document' : 'a record'}`,
            { file, line, offset: at },
          ),
        );
      }
      more.next = { head, origin: { offset: at, line, index } };
      return (async function* () {})();
    }
    onWarning?.(
      formatMessage(
        `warning: another JSON value follows the first ${recordsPath ? 'document' : 'record'}: this looks like JSON Lines, so the rest is read as JSON Lines (name the file .jsonl or use --format jsonl)`,
        { file, line, offset: at },
      ),
    );
    const rest = (async function* () {
      if (head.length > 0) yield head;
      for (let r = await iterator.next(); !r.done; r = await iterator.next()) yield r.value;
    })();
    return readJsonl(rest, { file, origin: { offset: at, line }, firstIndex: index, records });
  };

  /** The error event for the verifier's failure `f`; `atEnd` when the input had ended. */
  const failure = (f: VerifierFailure, cause: unknown, atEnd: boolean): RecordEvent => {
    let message = `malformed JSON: ${reason(f.message)}`;
    // Input that ends inside a value it opened was cut off (a partial download or copy): the
    // verifier named what it expected next, at a column past the last character.
    // Only when nothing but space follows where it stopped: the verifier holds a wrong literal
    // (`tru}`) back until it sees more, so one in the last chunk surfaced at the end too, and a
    // typo in a small hand-edited file read as a cut (QA pass 7).
    if (atEnd && starts.sawValue && onlySpaceFrom(f.offset)) message = 'malformed JSON: the input ends before its JSON does, cut off?';
    else if (f.pos !== undefined) message += ` at column ${f.pos}`;
    const offset = f.offset === undefined ? undefined : recent.byteOffset(f.offset);
    return errorEvent(ERR_JSON_SYNTAX, message, { file, index, offset, line: f.line === undefined ? undefined : f.line + lineBase }, cause);
  };

  /** Whether the input holds nothing but JSON space from character `offset` to its end (or the offset is unknown). */
  const onlySpaceFrom = (offset: number | undefined): boolean => {
    if (offset === undefined) return true;
    for (let at = offset; at < recent.end; at++) if (!isJsonSpace(recent.charCodeAt(at))) return false;
    return true;
  };

  /** Runs one piece of text (or the end of input, `none`) through verifier and parser. */
  const feed = (text: string | typeof none): RecordEvent | undefined => {
    const textStart = recent.end;
    if (text !== none) recent.append(text);
    let verifyError: unknown;
    try {
      verify(text as string);
    } catch (e) {
      verifyError = e;
    }
    let input: string | typeof none = text;
    /** Where the text the verifier accepted ends (in characters), when it failed. */
    let verifiedEnd = textStart;
    if (verifyError !== undefined) {
      // Parse only what the verifier accepted; the rest cannot be trusted.
      verifiedEnd = asFailure(verifyError).offset ?? textStart;
      input = text === none ? '' : text.slice(0, Math.max(0, Math.min(text.length, verifiedEnd - textStart)));
    }
    try {
      onTokens(parse(input as string));
    } catch (e) {
      // The verifier accepted what the parser rejects: not expected, but
      // report it rather than throw; the parser gives no position.
      if (verifyError === undefined) {
        const event = errorEvent(ERR_JSON_SYNTAX, `malformed JSON: ${reason(e instanceof Error ? e.message : String(e))}`, { file, index }, e);
        return event;
      }
    }
    // Before any syntax error the verifier found further on: the records path's came first.
    if (pathStop) return pathStop;
    if (verifyError !== undefined && isJsonSpace(recent.charCodeAt(verifiedEnd - 1))) {
      // The parser gives a number it read in pieces (cut by a chunk boundary) only at the `,` or
      // bracket after it, while one it read whole with the space after it comes out at once: a
      // number element then a space and a syntax error (`[1, 2 x]`) was a record or not
      // depending on where the chunks were cut. A space ended the number, so it is complete,
      // and a `,`, which ends a held number and nothing else, hands it over whatever the
      // cuts. Anything the parser says after it does not matter: reading stops at the error.
      try {
        onTokens(parse(','));
      } catch {
        // No number was held there (a `,` where a value or key was due).
      }
    }
    if (verifyError !== undefined) {
      lastFailure = asFailure(verifyError);
      if (text === none && !starts.sawValue && /expected a value/.test(lastFailure.message)) {
        // Empty, or only space: no records, as an empty file of JSON Lines has none (QA passes
        // 17 and 20: it failed the file as malformed), with a word, as no JSON document is empty.
        // Only at the end: the start scanner sees a chunk ahead of the verifier, so an error inside
        // the input (`, 1` cut after the comma) found no value yet either.
        onWarning?.(formatMessage('warning: no JSON value in the input (it is empty or only space): no records', { file }));
        return undefined;
      }
      return failure(lastFailure, verifyError, text === none);
    }
    return undefined;
  };

  for (let r = await iterator.next(); !r.done; r = await iterator.next()) {
    const buf = r.value;
    raw.push(buf, bytesRead);
    starts.scan(buf, bytesRead);
    invalid.scan(buf, bytesRead);
    bytesRead += buf.length;
    let text = decoder.decode(buf, { stream: true });
    if (atStart && text.length > 0) {
      atStart = false;
      if (text.charCodeAt(0) === 0xfeff) {
        text = text.slice(1);
        recent.skipBytes(3);
      }
    }
    if (heldCr) text = '\r' + text;
    heldCr = text.endsWith('\r');
    if (heldCr) text = text.slice(0, -1);
    if (text.length === 0) continue;
    const error = feed(text);
    yield* out.splice(0);
    if (error) {
      const rest = await readRest();
      yield* rest ?? [stops(error)];
      return;
    }
  }
  const tail = (heldCr ? '\r' : '') + decoder.decode();
  invalid.end();
  let error = tail.length > 0 ? feed(tail) : undefined;
  if (!error) error = feed(none);
  yield* out.splice(0);
  if (error) yield* (await readRest()) ?? [stops(error)];
}

/**
 * Whether the bytes open with a line that is a whole JSON value (a line of JSON Lines), or with a
 * line longer than the bytes held (a JSON Lines record holding a whole page: read as one).
 */
function opensJsonLine(head: Buffer): boolean {
  const nl = head.indexOf(0x0a);
  if (nl < 0) return true;
  try {
    JSON.parse(head.toString('utf8', 0, nl));
    return true;
  } catch {
    return false;
  }
}

/** Whether the bytes, after JSON space, start with `{` or `[`. */
function opensBracket(head: Buffer): boolean {
  for (const byte of head) {
    if (isJsonSpace(byte)) continue;
    return byte === 0x7b || byte === 0x5b;
  }
  return false;
}

/** Whether the bytes open with a line that holds `{` or `[` and nothing else but JSON space. */
function bracketLine(head: Buffer): boolean {
  const nl = head.indexOf(0x0a);
  if (nl < 0) return false;
  return /^[ \t\r]*[{[][ \t\r]*$/.test(head.toString('latin1', 0, nl));
}

/** Marks an error after which the array reader reads no further (see RecordEvent `final`). */
function stops(event: RecordEvent): RecordEvent {
  return event.kind === 'error' ? { ...event, final: true } : event;
}
