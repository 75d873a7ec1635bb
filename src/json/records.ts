/**
 * Record readers for crawler output: JSON Lines (`readJsonl`) and JSON
 * arrays or single objects (`readJsonArray`), both streaming, both yielding
 * {@link RecordEvent}s; plus `pickPage` to find the page in a record and
 * `toJsonlLine` to write one back.
 */
import { BoilerstripError, invalidArgument, unicodeEscape } from '../errors.js';
import { stringifyRecord } from './numbers.js';

export { readJsonl, type ReadJsonlOptions } from './jsonl.js';
export { readJsonArray, ERROR_WINDOW_CHARS } from './array.js';
export { MAX_LINE_BYTES, splitLines, type LineEvent, type SplitLinesOptions } from './lines.js';
export { pickPage, DEFAULT_PAGE_FIELDS } from './page.js';
export { JsonNumber } from './numbers.js';
export { ERR_JSON_SYNTAX, ERR_LINE_TOO_LONG, ERR_NO_RECORDS_ARRAY, type ReadOptions, type RecordEvent } from './events.js';

/** Line breaks besides `\n` and `\r` that Unicode defines: NEL, LINE SEPARATOR, PARAGRAPH SEPARATOR. */
const UNICODE_BREAK = /[\u0085\u2028\u2029]/;
const UNICODE_BREAKS = /[\u0085\u2028\u2029]/g;

/**
 * One JSONL line: `JSON.stringify(obj)` (a JsonNumber written as its text) and a `\n`. JSON.stringify escapes
 * `\n` and `\r` inside strings, and U+0085, U+2028 and U+2029 are escaped here, so the result is
 * always exactly one line, however a reader splits lines.
 * Throws for values JSON cannot represent at the top level (`undefined`, a
 * function, a symbol), which would otherwise write the text "undefined", and for records
 * JSON.stringify refuses (circular, a BigInt, nested past the stack), with its error as the
 * cause. Inside a record, JSON.stringify's rules hold: a function or `undefined` field is left
 * out and NaN or Infinity is written `null`, as any JSON writer in JavaScript does (no record
 * read from JSON holds one).
 */
export function toJsonlLine(obj: unknown): string {
  // A JsonNumber (numbers.ts) is written as its text: a record's 19-digit id goes out as it came.
  let json: string | undefined;
  try {
    json = stringifyRecord(obj);
  } catch (e) {
    // JSON.stringify's own errors (a circular record, a BigInt, a record nested past the stack)
    // named neither the call nor the argument; the original stays as the cause.
    const base = invalidArgument('obj', `a JSON-serialisable value (${(e as Error).message})`, obj, 'toJsonlLine');
    throw new BoilerstripError(base.code, base.message, {}, { cause: e });
  }
  if (json === undefined) throw invalidArgument('obj', 'a JSON-serialisable value', obj, 'toJsonlLine');
  // JSON.stringify leaves these raw (they are legal in a JSON string), and Python's
  // str.splitlines() and some editors break lines at them: one record became two (QA pass 19).
  if (UNICODE_BREAK.test(json)) json = json.replace(UNICODE_BREAKS, unicodeEscape);
  return json + '\n';
}
