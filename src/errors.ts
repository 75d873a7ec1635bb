/**
 * Errors that carry where they happened (vfile's lesson): the file, the
 * 1-based line and the 0-based byte offset, when known.
 */
export interface Position {
  file?: string;
  line?: number;
  offset?: number;
  /** Index of a record in a JSON/JSONL input. */
  record?: number;
}

/**
 * Every code a {@link BoilerstripError} carries, with what it means: a service tells misuse of
 * the API (fix the call) from bad data (report the input and go on) by it. `code` is typed as
 * one of these names, so a misspelt `case 'ERR_JSON_SYNTX':` does not compile.
 */
export const ERROR_CODES = Object.freeze({
  ERR_INVALID_ARG: 'misuse of the API: an argument or option of the wrong kind, or an option name the call does not take; thrown at the call',
  ERR_STREAM_ENDED: 'misuse of the API: a line or chunk pushed to a Labeller or LineSplitter after end()',
  ERR_JSON_SYNTAX: 'a JSON or JSON Lines record that is not valid JSON (a record event of readJsonl / readJsonArray, with its line, byte and index)',
  ERR_LINE_TOO_LONG: 'a JSON Lines line longer than the line cap (a record event)',
  ERR_NO_RECORDS_ARRAY: 'a JSON document with no array at the records path (`records`, --records): a record event',
  ERR_BAD_WARC: 'bytes of a WARC or WET file that are not a whole record, or a page record whose HTTP response cannot be read (a record event of readWarc, with its byte and index)',
  ERR_BAD_PROFILE: 'bytes given to RepetitionSketch.fromBuffer that are not a whole profile',
  ERR_BAD_MODEL: 'a model given to parseModel (or a model file of the package) that is not a valid model',
  ERR_RULES: 'the rules\' phrase list (data/rules.json) is not valid',
  ERR_ROLES: 'the role vocabulary (data/roles.json) is not valid',
  ERR_NETWORKS: 'the social network names (data/networks.json) are not valid',
  ERR_TEASERS: 'the teaser-list words (data/teasers.json) are not valid',
  ERR_ABOUT: 'the about-box headings (data/about.json) are not valid',
  ERR_LISTS: 'the story-list words (data/lists.json) are not valid',
  ERR_ATTRIBUTION: 'the attribution verbs (data/attribution.json) are not valid',
  ERR_HINTS: 'the HTML hint vocabulary (data/hints.json) is not valid',
  ERR_LEXICON: 'a lexicon file (data/lexicon/<lang>.json, or a file of the folder given to loadLexiconData) that is not valid JSON',
  ERR_GOLDEN: 'a golden file row that is not "<label>\\t<line>" with a known label (check)',
  ERR_GOLDEN_MISMATCH: 'a golden file whose lines are not its seed\'s lines (check)',
  ERR_GOLDEN_MISSING: 'a seed with no golden file (check)',
  ERR_SEED_MISSING: 'a golden file with no seed (check)',
  ERR_BAD_THRESHOLDS: 'a thresholds file (golden/thresholds.json) that is not a set of floors from 0 to 1 (check)',
  ERR_NO_CASE: 'no seeds folder, no seed of the name given, or two seeds of one case name (check)',
  ERR_NO_INPUT: 'the command line: an input path that does not exist or cannot be opened',
  ERR_TOO_LARGE: 'an HTML page larger than the page cap (MAX_HTML_BYTES on the command line), holding more tags than MAX_HTML_TAGS, nesting deeper than MAX_HTML_DEPTH or giving more lines than MAX_HTML_LINES; a WARC record whose block is larger than MAX_WARC_BLOCK_BYTES (a record event)',
  ERR_GZIP_TRUNCATED: 'the command line: a .gz input cut off before its end',
  ERR_GZIP_CORRUPT: 'the command line: a .gz input that is not valid gzip',
});

/** A code of {@link ERROR_CODES}. */
export type ErrorCode = keyof typeof ERROR_CODES;

export class BoilerstripError extends Error {
  readonly code: ErrorCode;
  readonly file?: string;
  readonly line?: number;
  readonly offset?: number;
  readonly record?: number;

  constructor(code: ErrorCode, message: string, position: Position = {}, options?: { cause?: unknown }) {
    super(formatMessage(message, position), options);
    this.name = 'BoilerstripError';
    this.code = code;
    this.file = position.file;
    this.line = position.line;
    this.offset = position.offset;
    this.record = position.record;
  }
}

/**
 * Control characters other than tab and line feed: C0, DEL and C1. A message quotes input (a
 * JSON parser's "Unexpected token" shows the bad line), and input may hold NULs or an escape
 * sequence that clears or retitles the terminal the message is printed on (QA pass 15: raw NULs
 * were echoed).
 */
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;

/** Any control character in a file name, line breaks too: a name is printed on one line. */
const NAME_CONTROL = /[\u0000-\u001f\u007f-\u009f]/g;

/** A character (of the BMP) as a `\uXXXX` escape, as JSON writes one. */
export const unicodeEscape = (c: string): string => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;

/**
 * `s` with its control characters written as `\uXXXX` escapes, tabs and line breaks kept (see
 * {@link CONTROL}): for text the CLI prints on stderr.
 */
export function printable(s: string): string {
  return s.replace(CONTROL, unicodeEscape);
}

/**
 * `s` as one line of stderr: its control characters escaped, line breaks too (a file name with a
 * newline split the CLI's `failed: <name>` over two lines; QA pass 23), so a tool reading the
 * CLI's stderr line by line reads one message a line.
 */
export function oneLine(s: string): string {
  return s.replace(NAME_CONTROL, unicodeEscape);
}

/**
 * `file:line: message (byte N, record R)` with whatever parts are known, control characters
 * escaped (see {@link printable}); a file name's line breaks too.
 */
export function formatMessage(message: string, p: Position): string {
  message = printable(message);
  const file = p.file?.replace(NAME_CONTROL, unicodeEscape);
  const where = [file, p.line !== undefined ? String(p.line) : undefined].filter(Boolean).join(':');
  const extra: string[] = [];
  if (p.offset !== undefined) extra.push(`byte ${p.offset}`);
  if (p.record !== undefined) extra.push(`record ${p.record}`);
  return `${where ? where + ': ' : ''}${message}${extra.length ? ` (${extra.join(', ')})` : ''}`;
}

/**
 * Misuse of the API: thrown at the boundary, naming the argument, and the function when `fn` is
 * given: the low-level calls' arguments (`text`, `content`, `features`) say little on their own.
 */
export function invalidArgument(name: string, expected: string, got: unknown, fn?: string): BoilerstripError {
  // Bytes where text was meant: say how to make the one from the other.
  const hint = got instanceof Uint8Array && expected === 'a string' ? ` (decode it first: ${decodeHint(name, Buffer.isBuffer(got))})` : '';
  return new BoilerstripError('ERR_INVALID_ARG', `${fn === undefined ? '' : `${fn}(): `}argument \`${name}\` must be ${expected}, got ${shownValue(got)}${hint}`);
}

/**
 * How to make the string a call wanted from the bytes it got. An HTML page names its charset in
 * its bytes (a BOM, a `<meta>`), which decoding as UTF-8 ignores: a windows-1252 page came out
 * as "Caf\uFFFD" after the hint said `buf.toString()`.
 */
function decodeHint(name: string, buffer: boolean): string {
  const utf8 = buffer ? 'buf.toString()' : 'new TextDecoder().decode(bytes)';
  const html = 'decodeHtml(bytes).text';
  const reads = 'which reads its byte order mark and <meta> charset';
  if (name === 'html') return `${html}, ${reads}`;
  if (name === 'page') return `${html} for an HTML page, ${reads}; ${utf8} for UTF-8 text`;
  return utf8;
}

/**
 * Characters of a value `invalidArgument` shows; a page given where an option was meant is not
 * printed whole.
 * @default 40
 */
export const SHOWN_VALUE_CHARS = 40;

/**
 * What a misused argument was: its type, and its value when that is a string, number, boolean or
 * array, since the type alone says nothing when it was the right one (`pageFormat: 'xml'` gave
 * "got string", `contextWindow: 0` "got number").
 */
export function shownValue(got: unknown): string {
  if (got === null) return 'null';
  const cut = (text: string) => (text.length > SHOWN_VALUE_CHARS ? text.slice(0, SHOWN_VALUE_CHARS) + '…' : text);
  if (typeof got === 'string') return `string ${JSON.stringify(cut(got))}`;
  if (typeof got === 'number' || typeof got === 'boolean' || typeof got === 'bigint') return `${typeof got} ${String(got)}`;
  // A page read with readFile and no encoding: "got object" left the user to guess.
  if (got instanceof Uint8Array) return `a ${Buffer.isBuffer(got) ? 'Buffer' : 'Uint8Array'} of ${got.length} bytes`;
  if (!Array.isArray(got)) return typeof got;
  try {
    return `an array ${cut(JSON.stringify(got))}`;
  } catch {
    return 'an array'; // one holding a cycle or a BigInt
  }
}

/**
 * Largest edit distance, as a share of the unknown name's length, at which a known option is
 * offered as the one meant (`contxtWindow` -> `contextWindow`: 1 edit in 12). A third lets a
 * typo or two through and keeps unrelated names (`keep` for `url`) from being suggested.
 * @default 1 / 3
 */
export const OPTION_SUGGESTION_SHARE = 1 / 3;

/**
 * Rejects the names in an options object that the call does not take: a misspelt option
 * (`contxtWindow`, `kep`) used to be ignored in silence, and the call ran with the default. The
 * error names the function, the unknown option and, when one is close, the option meant.
 * Every enumerable key counts, whatever its value (`{ contxtWindow: undefined }` is a typo
 * all the same), an inherited one too (`Object.create(defaults)`): the calls read their options
 * through the prototype, so a typo there was ignored as one in the object itself used to be. A
 * class's getters and methods are not enumerable, so a class instance passes. An array is refused.
 */
export function checkOptionNames(fn: string, options: object, known: readonly string[], argument = 'options'): void {
  // An array is an object too, with no names to refuse: `[]` (a page's lines where the options
  // go) passed every call as no options at all.
  if (Array.isArray(options)) throw invalidArgument(argument, 'an object', options, fn);
  for (const key in options) {
    if (known.includes(key)) continue;
    const near = closestName(key, known);
    const hint = near !== undefined ? ` (did you mean \`${near}\`?)` : `; it takes ${known.map((k) => `\`${k}\``).join(', ')}`;
    throw new BoilerstripError('ERR_INVALID_ARG', `${fn}(): unknown option \`${key}\` in \`${argument}\`${hint}`);
  }
}

/**
 * Shortest unknown name offered the known name it begins (`onWarn` -> `onWarning`): shorter
 * ones begin too many.
 * @default 3
 */
export const OPTION_SUGGESTION_MIN_PREFIX = 3;

/**
 * The known name nearest to `name` (ignoring case), if it is near enough
 * (OPTION_SUGGESTION_SHARE), or else the one it begins (OPTION_SUGGESTION_MIN_PREFIX).
 */
export function closestName(name: string, known: readonly string[]): string | undefined {
  const lower = name.toLowerCase();
  const limit = Math.max(1, Math.floor(name.length * OPTION_SUGGESTION_SHARE));
  let best: string | undefined;
  let bestDistance = limit + 1;
  for (const k of known) {
    const d = editDistance(lower, k.toLowerCase());
    if (d < bestDistance) {
      best = k;
      bestDistance = d;
    }
  }
  if (best === undefined && lower.length >= OPTION_SUGGESTION_MIN_PREFIX) best = known.find((k) => k.toLowerCase().startsWith(lower));
  return best;
}

/**
 * Edits (insert, delete, substitute, or swap two neighbours) from `a` to `b`: a swapped pair
 * (`sequneceLag`) is one typo, not two.
 */
function editDistance(a: string, b: string): number {
  // Three rows of the dynamic-programming table: the swap looks two rows back.
  let before = new Array<number>(b.length + 1).fill(0);
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  let current = new Array<number>(b.length + 1).fill(0);
  for (let i = 1; i <= a.length; i++) {
    current[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, before[j - 2]! + 1);
      current[j] = d;
    }
    [before, previous, current] = [previous, current, before];
  }
  return previous[b.length]!;
}
