/**
 * The event shape shared by the JSON and JSONL record readers, and the error
 * codes they use.
 *
 * Readers yield errors as events instead of throwing them: one bad record in a
 * crawl of a million pages should cost that record, not the run. Only misuse
 * of the API (a source that is not iterable, a chunk that is neither bytes nor
 * text) throws.
 */
import { BoilerstripError, checkOptionNames, invalidArgument, type ErrorCode, type Position } from '../errors.js';
import { RECORDS_PATH_EXPECTED, recordsPathKeys } from './path.js';

/**
 * One step of reading a record file.
 *
 * - `index` is the 0-based record number. Blank JSONL lines are not records
 *   and do not advance it; malformed ones are and do.
 * - `offset` is the 0-based byte offset of the record's start in the input
 *   (for JSONL, of its line).
 * - `line` is the 1-based line number the record starts on.
 */
export type RecordEvent =
  | {
      kind: 'record';
      index: number;
      value: unknown;
      offset: number;
      line?: number;
      /** Byte offset of the record's first invalid UTF-8 byte (it became U+FFFD): in its line for JSONL, in its value for JSON. */
      invalidUtf8At?: number;
      /** Keys the record's object names twice or more at its top level; its value holds only the last of each (json/keys.ts). */
      repeatedKeys?: string[];
    }
  | {
      kind: 'error';
      index: number;
      offset?: number;
      line?: number;
      error: BoilerstripError;
      /**
       * The reader stopped here: a JSON document broken in the middle cannot be resynchronised,
       * so what follows was not read (JSONL goes on at the next line and never sets this).
       */
      final?: boolean;
      /**
       * A JSONL line that is not valid JSON, or that holds no array at the records path: the line
       * as read, so a caller that writes bad records through (`--pass-bad-records`) can keep what
       * the crawler wrote, not only its place.
       */
      raw?: string;
      /**
       * What the reader knows of the record whose page could not be read (a web archive's URL and
       * WARC fields, readWarc): written with the error by --pass-bad-records, so the row can be
       * joined back to the archive.
       */
      fields?: Record<string, unknown>;
    };

/** Options shared by the record readers. */
export interface ReadOptions {
  /** Name shown in error messages (`file.jsonl:17: ...`). */
  file?: string;
  /**
   * Called with a message (file, line and byte included) when the input is read in a way the
   * caller did not ask for: JSON Lines given to the JSON reader (see `readJsonArray`).
   * Without it, such notes are dropped.
   */
  onWarning?: (message: string) => void;
  /**
   * Where the records are, when a document wraps them: a dotted path of object keys to the array
   * whose elements are the records (`'data'` for Firecrawl's crawl responses, `'results'`,
   * `'response.items'`). Each element is then one record, with its own index, byte offset and
   * line, streamed as the elements of a top-level array are: one in memory at a time, however
   * large the array. The fields around it (`success`, `status`, `total`) are not records and
   * are skipped, never assembled (though a single string among them is held whole while the
   * parser reads it, as a record's strings are); only the first array at the path is read (a second one, a
   * repeated key, is reported). A document that is not an object, has no array at the path or
   * holds something else there gives an {@link ERR_NO_RECORDS_ARRAY} error event naming the
   * path (`no array at "data": ...`) rather than no records; one that is not an object stops
   * the JSON reader (`final`), the others do not.
   *
   * For JSON Lines (and JSON Lines given to the JSON reader), each line is such a document: the
   * elements of its array are records, each with the line's byte and line number (and, when the
   * line holds invalid UTF-8, its first bad byte); a line without the array is an error event,
   * and reading goes on at the next line. A key named twice in a line is not reported there
   * (`JSON.parse` keeps the last), nor is a record's own repeated key (`repeatedKeys`).
   *
   * A dot inside a key is written `\.` (`'v1\.0.items'`). Without it, a top-level array's elements are the
   * records, and any other top-level value is one.
   */
  records?: string;
}

/** The names of {@link ReadOptions}; a record over its keys, so one added there and not here fails to compile. */
const READ_OPTIONS: { readonly [K in keyof Required<ReadOptions>]: true } = { file: true, onWarning: true, records: true };
export const READ_OPTION_NAMES: readonly string[] = Object.freeze(Object.keys(READ_OPTIONS));

/**
 * The readers' options, checked at the call: `null` failed as a TypeError, an `onWarning`
 * that is not a function only when a warning came, in the middle of the input, and a misspelt
 * name (`onWarn`) not at all. `fn` is the reader called and `names` the options it takes.
 */
export function checkReadOptions(options: ReadOptions, fn: string, names: readonly string[] = READ_OPTION_NAMES): void {
  if (typeof options !== 'object' || options === null) throw invalidArgument('options', 'an object', options);
  checkOptionNames(fn, options, names);
  if (options.file !== undefined && typeof options.file !== 'string') throw invalidArgument('options.file', 'a string', options.file);
  if (options.onWarning !== undefined && typeof options.onWarning !== 'function') throw invalidArgument('options.onWarning', 'a function', options.onWarning);
  if (options.records !== undefined && recordsPathKeys(options.records) === undefined) throw invalidArgument('options.records', RECORDS_PATH_EXPECTED, options.records);
}

/** A record's text is not valid JSON. */
export const ERR_JSON_SYNTAX = 'ERR_JSON_SYNTAX';
/** A JSONL line exceeded the line length cap and was skipped. */
export const ERR_LINE_TOO_LONG = 'ERR_LINE_TOO_LONG';
/** A document read with a records path (`ReadOptions.records`) holds no array there. */
export const ERR_NO_RECORDS_ARRAY = 'ERR_NO_RECORDS_ARRAY';

/** Where a record is, as messages give it (errors.ts `Position`): its file, line, byte and index. */
export function recordPosition(file: string | undefined, at: { index: number; offset?: number; line?: number }): Position {
  return { file, line: at.line, offset: at.offset, record: at.index };
}

/** Builds an error event whose error carries the same position as the event. */
export function errorEvent(
  code: ErrorCode,
  message: string,
  at: { file?: string; index: number; offset?: number; line?: number },
  cause?: unknown,
): RecordEvent {
  const error = new BoilerstripError(
    code,
    message,
    recordPosition(at.file, at),
    cause === undefined ? undefined : { cause },
  );
  const event: RecordEvent = { kind: 'error', index: at.index, error };
  // Leave absent positions absent rather than present-but-undefined, so
  // events compare equal with toEqual and serialise without nulls.
  if (at.offset !== undefined) event.offset = at.offset;
  if (at.line !== undefined) event.line = at.line;
  return event;
}
