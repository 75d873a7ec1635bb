/**
 * Numbers in records that a double cannot hold, kept digit for digit.
 *
 * A record's other fields go out as they came in (README, "JSON/JSONL"), but `JSON.parse` reads
 * every number as a double: a 64-bit id (`1234567890123456789`, Twitter's and Snowflake's ids)
 * came out as `1234567890123456800`, `1e400` as `null`, with no word. Such a number is read as a
 * {@link JsonNumber} that holds its text, and {@link toJsonlLine} (records.ts) writes that text
 * back. A number a double holds exactly, or that only its spelling changes (`1.10` -> `1.1`,
 * `1E5` -> `100000`: the same value), stays a plain number, so records without such numbers are
 * read and written as before, by `JSON.parse` and `JSON.stringify`.
 *
 * How: a line that may hold such a number (a cheap pattern, {@link mayHoldLossyNumber}) is scanned
 * once; each lossy number outside strings is swapped for a string that carries a marker and its
 * text, the line parsed, and the marked strings turned into JsonNumbers ({@link reviveNumbers}).
 * The JSON reader swaps the parser's number tokens the same way. The marker starts with a
 * Unicode noncharacter and holds a random part drawn once a process, so no record's string is
 * taken for one. (`JSON.parse`'s access to a number's source text, and `JSON.rawJSON` to write
 * one, are in V8 only from Node 22.)
 */
import { randomBytes } from 'node:crypto';
import { invalidArgument } from '../errors.js';

/** A JSON number's text. */
const JSON_NUMBER = /^-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?$/;
const INTEGER = /^-?[0-9]+$/;

/** The marker a lossy number's text carries while it is a string: U+FDD0, a random part, U+FDD1. */
const MARK = `\ufdd0${randomBytes(6).toString('hex')}\ufdd1`;
/** A marked number as JSON.stringify writes it: in quotes, to be written without them. */
const MARKED_JSON = new RegExp(`"${MARK}(-?[0-9][0-9.eE+-]*)"`, 'g');

/**
 * A JSON number a double cannot hold, as its text. `Number(n)` and arithmetic give the nearest
 * double; `String(n)` the text; `JSON.stringify` the nearest double too (there is no other way
 * to write it in Node 20), and boilerstrip's own writer (`toJsonlLine`) the text as it came.
 */
export class JsonNumber {
  readonly source: string;

  constructor(source: string) {
    if (typeof source !== 'string' || !JSON_NUMBER.test(source)) throw invalidArgument('source', "a JSON number (its text, such as '1234567890123456789')", source, 'JsonNumber');
    this.source = source;
  }

  valueOf(): number {
    return Number(this.source);
  }

  toString(): string {
    return this.source;
  }

  toJSON(): number | string {
    if (writing) {
      wrote = true;
      return MARK + this.source;
    }
    return Number(this.source);
  }
}

/** Set by {@link stringifyRecord} while it writes: JsonNumber.toJSON then gives its marked text. */
let writing = false;
/** A JsonNumber was written since {@link writing} was set. */
let wrote = false;

/** The digits of a number's text that carry its value: no sign, point, exponent, or leading and trailing zeros. */
function significantDigits(text: string): string {
  const e = text.search(/[eE]/);
  const mantissa = (e === -1 ? text : text.slice(0, e)).replace(/[-.]/g, '');
  return mantissa.replace(/^0+/, '').replace(/0+$/, '');
}

/**
 * Whether a double changes the value of the JSON number `source`: an integer past 2^53 that is
 * not a double's, a number beyond the double range (Infinity) or so small it becomes 0, or more
 * significant digits than the nearest double's shortest spelling keeps.
 */
export function isLossyNumber(source: string): boolean {
  const n = Number(source);
  if (!Number.isFinite(n)) return true;
  if (INTEGER.test(source)) return BigInt(source) !== BigInt(n);
  return significantDigits(source) !== significantDigits(String(n));
}

/** Whether a number token may be lossy at all: 15 characters or fewer and no exponent hold 15 significant digits at most, which a double keeps. */
function mayBeLossy(source: string): boolean {
  return source.length > 15 || source.includes('e') || source.includes('E');
}

/** A token's worth of a number after its first character: digits, point, exponent, signs. */
function isNumberChar(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || c === 0x2e || c === 0x65 || c === 0x45 || c === 0x2b || c === 0x2d;
}

/**
 * Whether a record's JSON text may hold a lossy number: a run of 16 digits and points, or a
 * three-digit exponent. Most records have neither, and are read by `JSON.parse` alone.
 */
export function mayHoldLossyNumber(text: string): boolean {
  return /[0-9][0-9.]{15}|[0-9][eE][+-]?[0-9]{3}/.test(text);
}

/**
 * `text` (one JSON value) with each lossy number outside strings written as a marked string, or
 * undefined when it holds none. One scan: strings are skipped by searching for their closing quote.
 */
export function markLossyNumbers(text: string): string | undefined {
  let out = '';
  let from = 0;
  let i = 0;
  const end = text.length;
  while (i < end) {
    const c = text.charCodeAt(i);
    if (c === 0x22) {
      // A string: its closing quote is the first one not escaped by an odd run of backslashes.
      let at = i + 1;
      for (;;) {
        const q = text.indexOf('"', at);
        if (q === -1) return from === 0 ? undefined : out + text.slice(from); // malformed: JSON.parse says where
        let back = 0;
        while (text.charCodeAt(q - 1 - back) === 0x5c) back++;
        at = q + 1;
        if (back % 2 === 0) break;
      }
      i = at;
    } else if (c === 0x2d || (c >= 0x30 && c <= 0x39)) {
      let j = i + 1;
      while (j < end && isNumberChar(text.charCodeAt(j))) j++;
      const token = text.slice(i, j);
      if (mayBeLossy(token) && JSON_NUMBER.test(token) && isLossyNumber(token)) {
        out += text.slice(from, i) + `"${MARK}${token}"`;
        from = j;
      }
      i = j;
    } else i++;
  }
  return from === 0 ? undefined : out + text.slice(from);
}

/**
 * A parser's number token as the JSON reader passes it on: a lossy number becomes a marked string
 * (for {@link reviveNumbers} once its record is whole), anything else stays as it is.
 */
export function markedNumber(source: string): string | undefined {
  return mayBeLossy(source) && isLossyNumber(source) ? MARK + source : undefined;
}

/**
 * `value` with every marked string in it turned into a JsonNumber, in place (and returned: a
 * value that is itself one). A loop over an explicit stack: a record may nest deeper than the
 * call stack goes.
 */
export function reviveNumbers(value: unknown): unknown {
  const revive = (v: unknown): unknown => (typeof v === 'string' && v.startsWith(MARK) ? new JsonNumber(v.slice(MARK.length)) : v);
  if (typeof value !== 'object' || value === null) return revive(value);
  const stack: object[] = [value];
  while (stack.length > 0) {
    const holder = stack.pop() as Record<string, unknown> | unknown[];
    if (Array.isArray(holder)) {
      for (let k = 0; k < holder.length; k++) {
        const v = holder[k];
        if (typeof v === 'object' && v !== null) stack.push(v);
        else holder[k] = revive(v);
      }
    } else {
      for (const key of Object.keys(holder)) {
        const v = holder[key];
        if (typeof v === 'object' && v !== null) stack.push(v);
        else if (typeof v === 'string' && v.startsWith(MARK)) {
          // An own "__proto__" (JSON.parse makes one) is set as such, never through the setter.
          Object.defineProperty(holder, key, { value: revive(v), writable: true, enumerable: true, configurable: true });
        }
      }
    }
  }
  return value;
}

/** `JSON.stringify(value)`, with each JsonNumber in it written as its text. */
export function stringifyRecord(value: unknown): string | undefined {
  writing = true;
  wrote = false;
  let json: string | undefined;
  try {
    json = JSON.stringify(value) as string | undefined;
  } finally {
    writing = false;
  }
  return wrote && json !== undefined ? json.replace(MARKED_JSON, (_, source: string) => source) : json;
}
