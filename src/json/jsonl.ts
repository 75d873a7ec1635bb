/**
 * Stage 2 of the JSONL reader: parse each non-blank line as one record.
 *
 * JSONL can resynchronise at every line break, so a malformed line costs only
 * that record: it becomes an error event and reading goes on.
 */
import { ERR_JSON_SYNTAX, ERR_LINE_TOO_LONG, ERR_NO_RECORDS_ARRAY, READ_OPTION_NAMES, checkReadOptions, errorEvent, type ReadOptions, type RecordEvent } from './events.js';
import { MAX_LINE_BYTES, splitLines, type LineEvent, type SplitLinesOptions } from './lines.js';
import { repeatedTopLevelKeys } from './keys.js';
import { noArrayAt, recordsAt, recordsPathKeys } from './path.js';
import { markLossyNumbers, mayHoldLossyNumber, reviveNumbers } from './numbers.js';
import { invalidArgument } from '../errors.js';

export interface ReadJsonlOptions extends ReadOptions, SplitLinesOptions {
  /**
   * Index of the first record (the JSON reader hands on the rest of a file after its first
   * record, see `SplitLinesOptions.origin`).
   * @default 0
   */
  firstIndex?: number;
}

/** The names of {@link ReadJsonlOptions} beyond {@link ReadOptions}; a record over its keys, so one added there and not here fails to compile. */
const JSONL_OPTIONS: { readonly [K in Exclude<keyof Required<ReadJsonlOptions>, keyof ReadOptions>]: true } = { maxLineBytes: true, origin: true, firstIndex: true };
const JSONL_OPTION_NAMES: readonly string[] = Object.freeze([...READ_OPTION_NAMES, ...Object.keys(JSONL_OPTIONS)]);

/** True when the line holds only JSON whitespace (space, tab, CR). */
function isBlank(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c !== 0x20 && c !== 0x09 && c !== 0x0d) return false;
  }
  return true;
}

/**
 * Reads JSON Lines: one JSON value per line, `\n` or `\r\n` line breaks,
 * blank lines ignored. Yields a record event per parsed line and an error
 * event per malformed or over-long line. With a records path (`records`, see
 * {@link ReadOptions}), a record event per element of each line's array there,
 * and an error event per line that holds none. Never throws for bad data; throws
 * only when `source` is not an async iterable (at the call) or yields a chunk
 * that is neither a Uint8Array nor a string.
 */
export function readJsonl(
  source: AsyncIterable<Uint8Array | string>,
  options: ReadJsonlOptions = {},
): AsyncGenerator<RecordEvent> {
  // splitLines validates eagerly, so misuse throws here, not at first next().
  checkReadOptions(options, 'readJsonl', JSONL_OPTION_NAMES);
  // Taken as given, 'a' or -1 made every message read `record NaN` or `record -1` (QA pass 7).
  if (options.firstIndex !== undefined && !(Number.isSafeInteger(options.firstIndex) && options.firstIndex >= 0)) {
    throw invalidArgument('options.firstIndex', 'a whole number from 0', options.firstIndex, 'readJsonl');
  }
  const lines = splitLines(source, options);
  const keys = options.records === undefined ? undefined : recordsPathKeys(options.records);
  return parseLines(lines, options.file, options.maxLineBytes ?? MAX_LINE_BYTES, options.firstIndex ?? 0, keys);
}

async function* parseLines(
  lines: AsyncGenerator<LineEvent>,
  file: string | undefined,
  maxLineBytes: number,
  firstIndex: number,
  keys: readonly string[] | undefined,
): AsyncGenerator<RecordEvent> {
  let index = firstIndex;
  for await (const ev of lines) {
    if (ev.kind === 'too-long') {
      yield errorEvent(ERR_LINE_TOO_LONG, `line longer than ${maxLineBytes} bytes, skipped`, {
        file,
        index: index++,
        offset: ev.offset,
        line: ev.line,
      });
      continue;
    }
    if (isBlank(ev.text)) continue;
    // A BOM opening a later line: files that each begin with one, concatenated (`cat a.jsonl
    // b.jsonl`). JSON.parse takes it for a stray character, which no one sees in the message.
    const text = ev.text.charCodeAt(0) === 0xfeff ? ev.text.slice(1) : ev.text;
    let value: unknown;
    try {
      value = parseRecord(text);
    } catch (e) {
      const why = e instanceof Error ? e.message : String(e);
      // V8 names the token it expected at the position where the text ran out; say that plainly.
      const at = /at position (\d+)/.exec(why);
      const cut = (at !== null && Number(at[1]) >= text.trimEnd().length) || /Unexpected end of JSON input/.test(why);
      const error = errorEvent(ERR_JSON_SYNTAX, cut ? `malformed JSON: the record ends early, cut off? (${why})` : `malformed JSON: ${why}`, { file, index: index++, offset: ev.offset, line: ev.line }, e);
      if (error.kind === 'error') error.raw = ev.text;
      yield error;
      continue;
    }
    if (keys !== undefined) {
      // The line is a document holding its records (a crawl response): its array's elements.
      const found = recordsAt(value, keys);
      if ('why' in found) {
        const error = errorEvent(ERR_NO_RECORDS_ARRAY, noArrayAt(keys, found.why), { file, index: index++, offset: ev.offset, line: ev.line });
        if (error.kind === 'error') error.raw = ev.text;
        yield error;
        continue;
      }
      for (const element of found.records) yield lineRecord(ev, index++, element);
      continue;
    }
    const record = lineRecord(ev, index++, value);
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      const repeated = repeatedTopLevelKeys(text, value);
      if (repeated.length > 0) record.repeatedKeys = repeated;
    }
    yield record;
  }
}

/**
 * One line's value, numbers a double cannot hold read as JsonNumbers (numbers.ts). A line whose
 * marked text does not parse is parsed as it is, so the error names its own positions.
 */
function parseRecord(text: string): unknown {
  const marked = mayHoldLossyNumber(text) ? markLossyNumbers(text) : undefined;
  if (marked !== undefined) {
    let value: unknown;
    try {
      value = JSON.parse(marked);
    } catch {
      return JSON.parse(text);
    }
    return reviveNumbers(value);
  }
  return JSON.parse(text);
}

/** A record read from line `ev`: its value, with the line's place and its first invalid UTF-8 byte, if any. */
function lineRecord(ev: { offset: number; line: number; invalidUtf8At?: number }, index: number, value: unknown): RecordEvent & { kind: 'record' } {
  const record: RecordEvent & { kind: 'record' } = { kind: 'record', index, value, offset: ev.offset, line: ev.line };
  if (ev.invalidUtf8At !== undefined) record.invalidUtf8At = ev.invalidUtf8At;
  return record;
}
