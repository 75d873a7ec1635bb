/**
 * Keys an object's JSON text names twice at its top level. `JSON.parse` (and stream-json's
 * assembler) keep the last value of a repeated key and drop the others without a word, so a
 * crawler record with two `html` fields lost the first page in silence; the readers mark such
 * a record so the caller can say so.
 *
 * Most records repeat nothing, and finding out must not cost a scan of every page: a key of the
 * parsed object can only be repeated if its quoted name occurs twice in the text (inside a JSON
 * string a quote is escaped, so `"name"` never matches page content), which `indexOf` answers
 * natively. Only then is the text walked, to tell a top-level repeat from the same name in a
 * nested object. (So a key spelt once plainly and once with an escape, `"ht\u006dl"`, is not
 * caught: JSON writers do not escape plain letters in keys.)
 */

/**
 * Keys of a record looked up in its text one by one, natively; a record with more is walked once
 * instead. Each lookup runs over the text from the start, so one by one costs keys x length: a
 * record of 100,000 one-digit fields (1 MB) took 45 s (QA pass 5), while a page with a few dozen
 * fields is answered faster by indexOf than by a walk over its page in JavaScript.
 * @default 64
 */
export const KEYS_CHECKED_ONE_BY_ONE = 64;

/** The keys of `value` (a parsed JSON object) that `text`, its JSON, names more than once at the top level. */
export function repeatedTopLevelKeys(text: string, value: object): string[] {
  const keys = Object.keys(value);
  if (keys.length > KEYS_CHECKED_ONE_BY_ONE) return scanTopLevelKeys(text);
  let suspect = false;
  for (const key of keys) {
    const quoted = JSON.stringify(key);
    const first = text.indexOf(quoted);
    if (first >= 0 && text.indexOf(quoted, first + quoted.length) >= 0) {
      suspect = true;
      break;
    }
  }
  return suspect ? scanTopLevelKeys(text) : [];
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COLON = 0x3a;

/** Walks the text once: the repeated keys of the outermost object, each named once, in order. */
function scanTopLevelKeys(text: string): string[] {
  const seen = new Set<string>();
  // A Set keeps their order and answers "named already?" at once (an array's includes made 50,000
  // repeats quadratic).
  const repeated = new Set<string>();
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      const start = i;
      for (i++; i < text.length && text.charCodeAt(i) !== QUOTE; i++) if (text.charCodeAt(i) === BACKSLASH) i++;
      if (depth !== 1) continue;
      // A string at depth 1 followed by a colon is a key of the outermost object.
      let j = i + 1;
      while (j < text.length && (text.charCodeAt(j) === 0x20 || text.charCodeAt(j) === 0x09 || text.charCodeAt(j) === 0x0a || text.charCodeAt(j) === 0x0d)) j++;
      if (text.charCodeAt(j) !== COLON) continue;
      const key = JSON.parse(text.slice(start, i + 1)) as string;
      if (seen.has(key)) repeated.add(key);
      else seen.add(key);
    } else if (c === 0x7b || c === 0x5b) depth++;
    else if (c === 0x7d || c === 0x5d) depth--;
  }
  return [...repeated];
}

/**
 * The same check for the JSON reader, which has no record text: it follows stream-json's tokens
 * and notes a key given twice at a record's top level. `recordDepth` is where records are
 * values: 1 in a top-level array, 0 for a lone value. Feed every token before the record it
 * closes is taken; `take()` then gives that record's repeated keys and starts the next.
 */
export class RepeatedKeyTracker {
  private depth = 0;
  private readonly seen = new Set<string>();
  private repeated = new Set<string>();
  constructor(private readonly recordDepth: number) {}

  push(token: { name: string; value?: unknown }): void {
    switch (token.name) {
      case 'startObject':
      case 'startArray':
        // A record starts: its keys are its own.
        if (this.depth === this.recordDepth) {
          this.seen.clear();
          this.repeated = new Set();
        }
        this.depth++;
        break;
      case 'endObject':
      case 'endArray':
        this.depth--;
        break;
      case 'keyValue':
        if (this.depth !== this.recordDepth + 1) break;
        if (!this.seen.has(token.value as string)) this.seen.add(token.value as string);
        else this.repeated.add(token.value as string);
        break;
    }
  }

  /** The keys the record just closed named more than once, if any. */
  take(): string[] | undefined {
    const r = this.repeated;
    this.repeated = new Set();
    this.seen.clear();
    return r.size > 0 ? [...r] : undefined;
  }
}
