/**
 * The records path (`ReadOptions.records`): where a document holds its records. Crawl APIs wrap
 * them in an object, Firecrawl's crawl response as `{ "success": true, "status": "completed",
 * "total": 2, "data": [ {...}, {...} ] }`, others under `results` or `items`; the path names
 * that array (`data`, `response.items`), and each of its elements is a record.
 *
 * The JSON reader follows the path on stream-json's tokens ({@link RecordsPathFilter}) and, for
 * the records' byte offsets, on the raw bytes (`RecordStartScanner`); the JSON Lines reader,
 * which holds each line's value whole anyway, on the parsed value ({@link recordsAt}). The
 * three say the same things in the same words.
 */
import type { Token } from 'stream-json/core/parser.js';
import type { StartPosition } from './starts.js';

/** What `records` must be, for `invalidArgument`. */
export const RECORDS_PATH_EXPECTED = 'a dotted path of object keys, such as "data" or "response.items" (a dot inside a key written \\.)';

/**
 * The keys of a dotted path (a records path, or a dotted `--field` name), or undefined when
 * `path` is not one: keys joined by dots, none of them empty. A dot that belongs to a key is
 * written `\.` and a backslash before a dot or another backslash `\\`, so every key can be named
 * (APIs that version their fields, `{"v1.0": {"items": [...]}}`, hold such keys); any other
 * backslash stands for itself. A backslash escape, rather than quotes around a key, keeps a path
 * one word for the shell once it is single-quoted there.
 */
export function recordsPathKeys(path: unknown): string[] | undefined {
  if (typeof path !== 'string' || path === '') return undefined;
  const keys: string[] = [];
  let key = '';
  for (let i = 0; i < path.length; i++) {
    const c = path[i]!;
    const next = path[i + 1];
    if (c === '\\' && (next === '.' || next === '\\')) {
      key += next;
      i++;
    } else if (c === '.') {
      keys.push(key);
      key = '';
    } else key += c;
  }
  keys.push(key);
  return keys.every((k) => k.length > 0) ? keys : undefined;
}

/** `keys` written as a dotted path that {@link recordsPathKeys} reads back: dots and backslashes in a key escaped. */
export function dottedPath(keys: readonly string[]): string {
  return keys.map((key) => key.replace(/[\\.]/g, (c) => `\\${c}`)).join('.');
}

/**
 * A path for a message, in double quotes: JSON's quoting when no key needs an escape (so a
 * quote or a control character in a key shows), else as the path is written, escapes and all
 * (JSON would double every backslash of them).
 */
function quotedPath(keys: readonly string[]): string {
  const path = dottedPath(keys);
  return path === keys.join('.') ? JSON.stringify(path) : `"${path}"`;
}

/** Why a document yields no records at its path: the message (after `no array at "PATH": `) and the position it speaks of. */
export interface PathFailure {
  message: string;
  at?: StartPosition;
  /**
   * The document is not an object at all (a top-level array or scalar): nothing in it can be
   * records, so the reader stops. Other failures leave it reading, to report a syntax error
   * after them, and to read JSON Lines given to the JSON reader line by line.
   */
  final: boolean;
}

/** The start of `no array at "PATH": ...`. */
export function noArrayAt(keys: readonly string[], why: string): string {
  return `no array at ${quotedPath(keys)}: ${why}`;
}

const TOKEN_KINDS: Readonly<Record<string, string>> = {
  startObject: 'an object',
  startArray: 'an array',
  stringValue: 'a string',
  numberValue: 'a number',
  trueValue: 'true',
  falseValue: 'false',
  nullValue: 'null',
};

function valueKind(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'boolean') return String(value);
  return typeof value === 'number' ? 'a number' : 'a string';
}

/** The messages, shared by the token filter and the JSON Lines reader. */
const why = {
  top: (kind: string) => `the top-level value is ${kind}, not an object${kind === 'an array' ? ' (its elements are records without a records path)' : ''}`,
  missing: (keys: readonly string[], level: number) =>
    level === 1 ? `the top-level object has no ${JSON.stringify(keys[0])}` : `${quotedPath(keys.slice(0, level - 1))} has no ${JSON.stringify(keys[level - 1])}`,
  notObject: (keys: readonly string[], level: number, kind: string) => `${quotedPath(keys.slice(0, level))} holds ${kind}, not an object`,
  notArray: (kind: string) => `it holds ${kind}`,
  again: (keys: readonly string[]) => `${quotedPath(keys)} is given a second time, and only the first one's records were read`,
};

/**
 * The records of a parsed value (a JSON Lines line): the array at `keys`, or why there is none.
 * A repeated key is not seen here: `JSON.parse` keeps its last value.
 */
export function recordsAt(value: unknown, keys: readonly string[]): { records: unknown[] } | { why: string } {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return { why: why.top(valueKind(value)) };
  let v = value as Record<string, unknown>;
  for (let k = 0; k < keys.length; k++) {
    const key = keys[k]!;
    if (!Object.hasOwn(v, key)) return { why: why.missing(keys, k + 1) };
    const next = v[key];
    if (k === keys.length - 1) return Array.isArray(next) ? { records: next } : { why: why.notArray(valueKind(next)) };
    if (next === null || typeof next !== 'object' || Array.isArray(next)) return { why: why.notObject(keys, k + 1, valueKind(next)) };
    v = next as Record<string, unknown>;
  }
  return { why: why.missing(keys, 1) }; // not reached: keys is never empty
}

/** Where the values the filter speaks of start, from the byte scanner that runs alongside (`RecordStartScanner`). */
export interface PathPositions {
  /** The top-level value's start. */
  readonly top: StartPosition | undefined;
  /** The next value given at a key of the path, in order (the filter takes one for each it sees). */
  takePathValue(): StartPosition | undefined;
}

/**
 * Follows a records path on stream-json's tokens (packed keys and values, as the JSON reader's
 * parser gives them): the tokens of the array at the path go on to the array streamer, the
 * others are dropped as they come, so the fields around the records (`success`, `status`,
 * `total`, however large) are never assembled. Only the first array at the path is read; a
 * second one (a repeated key, which `JSON.parse` would take instead) is reported.
 */
export class RecordsPathFilter {
  /** Containers open. */
  private depth = 0;
  /** The objects at depths 1 to `onPath` are those the path goes through. */
  private onPath = 0;
  /** The key just read at depth `onPath` is the path's next one. */
  private keyMatch = false;
  /** Inside the records' array. */
  private inTarget = false;
  private found = false;
  private reported = false;
  /** How far down the path got, and where that object starts: for the message when it goes no further. */
  private deepest = 0;
  private deepestAt: StartPosition | undefined;
  private closed = false;

  constructor(
    private readonly keys: readonly string[],
    private readonly positions: PathPositions,
  ) {}

  /** The top-level value is complete: what follows is another document (JSON Lines) or trailing data. */
  get topClosed(): boolean {
    return this.closed;
  }

  /** `pass`: a token of the records' array, its brackets included; `drop`: one around it; or why the document yields no records. */
  push(token: Token): 'pass' | 'drop' | PathFailure {
    const name = token.name;
    const opens = name === 'startObject' || name === 'startArray';
    const closes = name === 'endObject' || name === 'endArray';
    if (this.inTarget) {
      if (opens) this.depth++;
      else if (closes && --this.depth === this.keys.length) this.inTarget = false;
      return 'pass';
    }
    if (this.closed) return 'drop';
    const kind = TOKEN_KINDS[name];
    if (kind !== undefined && this.depth === 0) {
      if (name !== 'startObject') {
        this.closed = true;
        return { message: why.top(kind), at: this.positions.top, final: true };
      }
      this.depth = this.onPath = this.deepest = 1;
      this.deepestAt = this.positions.top;
      return 'drop';
    }
    if (name === 'keyValue') {
      if (this.depth === this.onPath) this.keyMatch = token.value === this.keys[this.onPath - 1];
      return 'drop';
    }
    let failure: PathFailure | undefined;
    if (kind !== undefined && this.depth === this.onPath && this.keyMatch) {
      this.keyMatch = false;
      const at = this.positions.takePathValue();
      if (this.onPath < this.keys.length) {
        if (name === 'startObject') {
          this.depth++;
          if (++this.onPath > this.deepest) {
            this.deepest = this.onPath;
            this.deepestAt = at;
          }
          return 'drop';
        }
        failure = { message: why.notObject(this.keys, this.onPath, kind), at, final: false };
      } else if (name !== 'startArray') failure = { message: why.notArray(kind), at, final: false };
      else if (this.found) failure = { message: why.again(this.keys), at, final: false };
      else {
        this.found = this.inTarget = true;
        this.depth++;
        return 'pass';
      }
      this.reported = true;
    }
    if (opens) this.depth++;
    else if (closes) {
      this.depth--;
      if (this.depth < this.onPath) {
        this.onPath = this.depth;
        this.keyMatch = false;
      }
      if (this.depth === 0) {
        this.closed = true;
        if (!this.found && !this.reported) return { message: why.missing(this.keys, this.deepest), at: this.deepestAt, final: false };
      }
    }
    return failure ?? 'drop';
  }
}
