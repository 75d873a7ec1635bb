/**
 * Per-class phrase lists, kept as data files per language
 * (`data/lexicon/<lang>.json`), compiled once into a phrase table keyed by
 * token sequence: a line's tokens (computed once, shared with the word
 * statistics) are looked up in one pass, whatever the number of phrases,
 * rather than running one regular expression per entry.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { hasCjk, tokenize } from './tokens.js';
import { stopwordVocabulary } from './language.js';
import { WordTable } from './words.js';
import { BoilerstripError, closestName, invalidArgument } from './errors.js';

/**
 * Lexicon categories; each becomes a `lex_<category>` feature. `slot` is the label a page prints
 * where an ad is placed ("Advertisement"): an advertisement line itself, but kept out of `cta`
 * because the context stage reads a pitch near a line as a sign-up box's part (ctx_cta_near),
 * and an ad slot's neighbours are as often the story's own paragraphs.
 */
export const LEXICON_CATEGORIES = ['cta', 'legal', 'syndication', 'bio', 'ui', 'comment', 'related', 'end', 'social', 'slot'] as const;
export type LexiconCategory = (typeof LEXICON_CATEGORIES)[number];

export type LexiconData = Partial<Record<LexiconCategory, string[]>>;

/** Where the per-language lexicon files live (works from src/ and dist/). */
export const LEXICON_DIR = fileURLToPath(new URL('../data/lexicon/', import.meta.url));

export interface LexiconMatch {
  /** Hits per category, in LEXICON_CATEGORIES order. */
  counts: number[];
  /** The phrases that matched, lower case, in order (for explanations). */
  phrases: string[];
}

export class Lexicon {
  readonly languages: readonly string[];
  /** phrase (its lower-case tokens joined by one space) -> bit set of category indexes */
  private readonly categories = new Map<string, number>();
  /**
   * Every prefix of every phrase (tokens joined by one space): matching extends a key only
   * while it is still a prefix, so a common first word ("the", "de") costs one or two lookups.
   */
  private readonly prefixes = new Set<string>();
  private maxTokens = 1;
  /** Phrases in scripts without spaces, matched as substrings. */
  private readonly cjk: Array<[phrase: string, bits: number]> = [];
  /** The CJK phrases grouped by their first code unit (built on first use), for {@link countTokens}. */
  private cjkByFirst: Map<number, CjkGroup> | undefined;
  /** Stamps the groups {@link countCjk} has looked at for the current line. */
  private cjkLine = 0;
  private table: WordTable | undefined;

  constructor(data: Record<string, LexiconData>) {
    checkLexiconData(data);
    this.languages = Object.keys(data);
    for (const lang of this.languages) {
      const lists = data[lang]!;
      LEXICON_CATEGORIES.forEach((cat, bit) => {
        // A phrase of no words ('', '  ', '!!') was dropped in silence: it can never match.
        (lists[cat] ?? []).forEach((raw, i) => {
          if (!this.add(raw, 1 << bit)) throw invalidArgument(`data.${lang}.${cat}[${i}]`, 'a phrase with a word in it', raw, 'Lexicon');
        });
      });
    }
  }

  /** Adds a phrase to the table; false for one of no words, which could never match. */
  private add(raw: string, bit: number): boolean {
    if (hasCjk(raw)) {
      const phrase = normalise(raw);
      const found = this.cjk.find((e) => e[0] === phrase);
      if (found) found[1] |= bit;
      else this.cjk.push([phrase, bit]);
      return true;
    }
    const words = tokenize(raw).words;
    if (words.length === 0) return false;
    const key = words.join(' ');
    this.categories.set(key, (this.categories.get(key) ?? 0) | bit);
    for (let k = 1; k <= words.length; k++) this.prefixes.add(words.slice(0, k).join(' '));
    this.maxTokens = Math.max(this.maxTokens, words.length);
    return true;
  }

  /** Match a line's lower-case tokens (and, for CJK phrases, its lower-case text), longest phrase first. */
  matchTokens(words: readonly string[], lower?: string): LexiconMatch {
    const counts = new Array<number>(LEXICON_CATEGORIES.length).fill(0);
    const phrases: string[] = [];
    this.scan(words, lower, counts, phrases);
    return { counts, phrases };
  }

  /**
   * Hits per category only, into `counts` (cleared first; LEXICON_CATEGORIES order): the
   * labelling path, which needs no phrase list and reuses one array for every line.
   */
  countTokens(words: readonly string[], lower: string | undefined, counts: Int32Array): Int32Array {
    counts.fill(0);
    this.scan(words, lower, counts, undefined);
    return counts;
  }

  private scan(words: readonly string[], lower: string | undefined, counts: number[] | Int32Array, phrases: string[] | undefined): void {
    const n = words.length;
    for (let i = 0; i < n; ) {
      if (!this.prefixes.has(words[i]!)) {
        i += 1;
        continue;
      }
      let key = '';
      let best = 0;
      let bestBits = 0;
      let bestKey = '';
      for (let len = 1; len <= this.maxTokens && i + len <= n; len++) {
        key = len === 1 ? words[i]! : key + ' ' + words[i + len - 1]!;
        if (len > 1 && !this.prefixes.has(key)) break;
        const bits = this.categories.get(key);
        if (bits !== undefined) {
          best = len;
          bestBits = bits;
          bestKey = key;
        }
      }
      if (best === 0) {
        i += 1;
        continue;
      }
      for (let c = 0; c < counts.length; c++) if (bestBits & (1 << c)) counts[c]! += 1;
      phrases?.push(bestKey);
      i += best;
    }
    if (lower !== undefined && this.cjk.length > 0 && hasCjk(lower)) {
      if (phrases === undefined) {
        this.countCjk(lower, counts);
        return;
      }
      for (const [phrase, bits] of this.cjk) {
        if (!lower.includes(phrase)) continue;
        for (let c = 0; c < counts.length; c++) if (bits & (1 << c)) counts[c]! += 1;
        phrases?.push(phrase);
      }
    }
  }

  /**
   * Hits of the CJK phrases in `lower`, each phrase counted once if it occurs, as the loop over
   * every phrase counts them; but only the phrases whose first character occurs in the line are
   * looked for. Testing each of the ~350 phrases against every CJK line was ~7% of the features' time.
   */
  private countCjk(lower: string, counts: number[] | Int32Array): void {
    const groups = (this.cjkByFirst ??= groupByFirst(this.cjk));
    const line = ++this.cjkLine;
    for (let i = 0; i < lower.length; i++) {
      const group = groups.get(lower.charCodeAt(i));
      // A group is looked at once per line: `includes` finds its phrases anywhere in it.
      if (group === undefined || group.line === line) continue;
      group.line = line;
      for (const [phrase, bits] of group.phrases) {
        if (!lower.includes(phrase)) continue;
        for (let c = 0; c < counts.length; c++) if (bits & (1 << c)) counts[c]! += 1;
      }
    }
  }

  /**
   * This lexicon's phrases and the stopwords in one table looked up from a line's char codes
   * (src/words.ts): the labelling path for lines without CJK or astral characters.
   */
  wordTable(): WordTable {
    if (this.table === undefined) {
      const { words, languages } = stopwordVocabulary();
      this.table = new WordTable(words, languages, [...this.categories].map(([key, bits]) => [key.split(' '), bits] as const));
    }
    return this.table;
  }

  /**
   * Every phrase with its category bits (bit i = LEXICON_CATEGORIES[i]): words as the tokenizer
   * cut them, joined by one space, and CJK phrases as written (the fast model's table, src/fast/scan.ts).
   */
  *phrases(): IterableIterator<[phrase: string, bits: number]> {
    yield* this.categories;
    yield* this.cjk;
  }

  /** Scan a line of text (tokenises it first). */
  match(text: string): LexiconMatch {
    if (typeof text !== 'string') throw invalidArgument('text', 'a string', text, 'Lexicon.match');
    return this.matchTokens(tokenize(text).words, text.toLowerCase());
  }
}

/** CJK phrases that start with one code unit, and the last line (a stamp) that looked at them. */
interface CjkGroup {
  phrases: Array<[phrase: string, bits: number]>;
  line: number;
}

function groupByFirst(phrases: ReadonlyArray<[phrase: string, bits: number]>): Map<number, CjkGroup> {
  const groups = new Map<number, CjkGroup>();
  for (const entry of phrases) {
    const first = entry[0].charCodeAt(0);
    let group = groups.get(first);
    if (group === undefined) groups.set(first, (group = { phrases: [], line: 0 }));
    group.phrases.push(entry);
  }
  return groups;
}

function normalise(phrase: string): string {
  return phrase.toLowerCase().replace(/\s+/g, ' ').trim();
}


/**
 * The phrase lists a Lexicon is built from, checked: a number gave a lexicon of no language in
 * silence, null failed as 'Cannot convert undefined or null to object', a phrase list that is
 * a string was read as one phrase per character, and a category not of LEXICON_CATEGORIES (a
 * typo, `ctas`) was dropped in silence. A key that begins with `_` is a note (the data files'
 * `_comment`), not read.
 */
function checkLexiconData(data: unknown): asserts data is Record<string, LexiconData> {
  const expected = 'phrase lists by language ({ en: { cta: [...], legal: [...] } }, as loadLexiconData gives)';
  const categories: readonly string[] = LEXICON_CATEGORIES;
  if (typeof data !== 'object' || data === null || Array.isArray(data)) throw invalidArgument('data', expected, data, 'Lexicon');
  for (const [lang, lists] of Object.entries(data)) {
    if (typeof lists !== 'object' || lists === null || Array.isArray(lists)) throw invalidArgument(`data.${lang}`, expected, lists, 'Lexicon');
    for (const key of Object.keys(lists)) {
      if (key.startsWith('_') || categories.includes(key)) continue;
      const near = closestName(key, categories);
      const hint = near !== undefined ? ` (did you mean \`${near}\`?)` : `; the categories are ${categories.map((c) => `\`${c}\``).join(', ')} (a key that begins with \`_\` is a note)`;
      throw new BoilerstripError('ERR_INVALID_ARG', `Lexicon(): unknown category \`${key}\` at \`data.${lang}.${key}\`${hint}`);
    }
    for (const cat of LEXICON_CATEGORIES) {
      const list: unknown = (lists as LexiconData)[cat];
      if (list !== undefined && !(Array.isArray(list) && list.every((p) => typeof p === 'string'))) {
        throw invalidArgument(`data.${lang}.${cat}`, 'an array of phrases (strings)', list, 'Lexicon');
      }
    }
  }
}

/**
 * Read the lexicon files of the given languages (all files in LEXICON_DIR by default). Throws for
 * a language that has no file in `dir` (`<language>.json`), naming the ones it has.
 */
export function loadLexiconData(languages?: readonly string[], dir = LEXICON_DIR): Record<string, LexiconData> {
  // A string was read one language per character ('en': e.json, n.json).
  if (languages !== undefined && !(Array.isArray(languages) && languages.every((l) => typeof l === 'string'))) {
    throw invalidArgument('languages', "an array of language codes (['en', 'de'])", languages, 'loadLexiconData');
  }
  if (typeof dir !== 'string') throw invalidArgument('dir', 'a string (a folder path)', dir, 'loadLexiconData');
  // A language is a file's name in the folder, checked against its listing: '../../etc/passwd'
  // named a file outside the folder, and 'xx' failed as a bare ENOENT. The listing, not a pattern
  // of codes, so that a folder of one's own may hold 'pt-br.json' (QA pass 28).
  const available = readdirSync(dir).filter((f) => f.endsWith('.json')).map((f) => f.slice(0, -5));
  const unknown = languages?.find((lang) => !available.includes(lang));
  if (unknown !== undefined) {
    const has = available.length === 0 ? 'has no languages' : `has ${[...available].sort().map((l) => `\`${l}\``).join(', ')}`;
    throw new BoilerstripError('ERR_INVALID_ARG', `loadLexiconData(): unknown language \`${unknown}\` in \`languages\`; the lexicon ${has}`);
  }
  const langs = languages ?? available;
  const out: Record<string, LexiconData> = {};
  for (const lang of langs) {
    // A plain path: a file URL made from `dir` failed on a relative folder (a URL host) and on a
    // name holding '#', '?' or '%' (session 37, met by a helper testing its own lexicons).
    const file = path.join(dir, `${lang}.json`);
    const text = readFileSync(file, 'utf8');
    try {
      out[lang] = JSON.parse(text) as LexiconData;
    } catch (error) {
      throw new BoilerstripError('ERR_LEXICON', `not valid JSON: ${(error as Error).message}`, { file });
    }
  }
  return out;
}

let shared: Lexicon | undefined;
/** The lexicon of every bundled language, built once per process. */
export function defaultLexicon(): Lexicon {
  shared ??= new Lexicon(loadLexiconData());
  return shared;
}
