/**
 * The fast model's line scan: one pass over a line's code units that fills a fixed vector of
 * plain numbers (FAST_FEATURES), with no string made per word and no regular expression.
 *
 * Why a second scan beside src/scan.ts: the default model's features cost about 0.8 µs a line
 * before any model runs (BENCHMARKS.md, session 24: `scanLineAndWords` and the word table over the
 * unique corpus), where issue 5's text target leaves about 0.25 µs for everything a line costs
 * beyond decoding and cutting it. This scan keeps only facts it can gather in the same loop:
 * character classes from a 128-entry table, words hashed as they are read (FNV-1a over code
 * units lower-cased by a table), and each word and each pair of words looked up once in an
 * open-addressing table of hashes (no characters compared: see {@link FastWordTable}).
 *
 * What it gives up against the default features, on purpose: the best-language stopword count
 * (it counts stopwords of any bundled language), phrases longer than two words (matched on their
 * first two), line repetition within and across documents, dates, bylines and the rules.
 */
import { CJK_CHARS_PER_WORD, stopwordVocabulary } from '../language.js';
import { defaultLexicon, LEXICON_CATEGORIES, type Lexicon } from '../lexicon.js';
import { isSentenceMark } from '../scan.js';

/** The features the scan fills, in vector order (the names the model file and explanations use). */
export const FI = {
  bias: 0, log_chars: 1, log_words: 2, stop_ratio: 3, stop_hits: 4, word_length: 5, capitalised: 6, first_upper: 7,
  sentence_ends: 8, ends_sentence: 9, digits: 10, commas: 11, separators: 12, ends_colon: 13, colon: 14, at_hash: 15,
  url: 16, copyright: 17, cjk: 18, all_caps: 19, bullet: 20, year: 21, short: 22, medium: 23, title_case: 24,
  no_letters: 25, separated_list: 26, quote: 27, lex_cta: 28, lex_legal: 29, lex_syndication: 30, lex_bio: 31,
  lex_ui: 32, lex_comment: 33, lex_related: 34, lex_end: 35, lex_social: 36, lex_slot: 37,
} as const;
export type FastFeature = keyof typeof FI;
/** The names in vector order. */
export const FAST_FEATURES: readonly FastFeature[] = Object.freeze(Object.keys(FI) as FastFeature[]);

/** FNV-1a (32-bit) offset basis and prime: a word's hash is FNV-1a of its lower-cased code units. */
const FNV_OFFSET = 0x811c9dc5 | 0;
const FNV_PRIME = 0x01000193;

/** Bit of a table entry: the word is a stopword of some bundled language. Lexicon category c is bit c + 1. */
export const STOP_BIT = 1;
/**
 * Bit of a word's entry: some pair in the table starts with it. Only then is the pair of it and
 * the next word hashed and looked up: most words start none, and a lookup is a cache miss.
 */
export const PAIR_START = 1 << 30;
/** The bits a word's or a pair's entry gives the scan: STOP_BIT and the lexicon's. */
const MEANING = ~PAIR_START;

/** Character classes of ASCII code units. */
const LOWER = 1;
const UPPER = 2;
const DIGIT = 4;
const SPACE = 8;
const SENTENCE = 16;
const COMMA = 32;
const SEPARATOR = 64;
/** Joins the letters around it into one word (apostrophe, hyphen), as the tokenizer's inner ' ’ -. */
const JOINER = 128;
/** A character of a script written without spaces: a word of its own. */
const CJK = 256;
/** The classes a word is made of. */
const WORD = LOWER | UPPER | DIGIT;

const ASCII = new Uint8Array(128);
for (let c = 97; c <= 122; c++) ASCII[c] = LOWER;
for (let c = 65; c <= 90; c++) ASCII[c] = UPPER;
for (let c = 48; c <= 57; c++) ASCII[c] = DIGIT;
for (const c of [9, 10, 11, 12, 13, 32]) ASCII[c] = SPACE;
for (const c of '.!?') ASCII[c.charCodeAt(0)] = SENTENCE;
ASCII[44] = COMMA;
ASCII[59] = COMMA;
for (const c of '|>/') ASCII[c.charCodeAt(0)] = SEPARATOR;
ASCII[39] = JOINER;
ASCII[45] = JOINER;

/**
 * Lower case of the code units below 0x530 (Latin, Greek, Cyrillic), where one code unit lowers
 * to one: the scripts whose stopwords and phrases are looked up by words. Built once from
 * String.prototype.toLowerCase, so it follows the engine's Unicode tables.
 */
const FOLD_LIMIT = 0x530;
const FOLD = new Uint16Array(FOLD_LIMIT);
for (let c = 0; c < FOLD_LIMIT; c++) {
  const l = String.fromCharCode(c).toLowerCase();
  FOLD[c] = l.length === 1 ? l.charCodeAt(0) : c;
}

/** Scripts written without spaces: each character is a word of its own (as tokens.ts cuts them). */
function isCjk(c: number): boolean {
  return (c >= 0x3040 && c <= 0x30ff) || (c >= 0x3400 && c <= 0x9fff) || (c >= 0xac00 && c <= 0xd7af) || (c >= 0xf900 && c <= 0xfaff);
}

/** The class of a code unit from 128 on (ASCII has its table). Symbols (©, quotes, arrows) are 0. */
function classOf(c: number): number {
  if (isCjk(c)) return CJK;
  if (isSentenceMark(c)) return SENTENCE;
  if (c === 0xff0c || c === 0x3001 || c === 0xff1b) return COMMA;
  if (c === 0x2022 || c === 0xb7 || c === 0xbb || c === 0x203a) return SEPARATOR;
  if (c === 0xa0 || (c >= 0x2000 && c <= 0x200b) || c === 0x3000) return SPACE;
  if (c === 0x2019) return JOINER;
  if (c === 0xa9 || c === 0x201c || c === 0x201d || c === 0xab) return 0;
  // Latin, Greek and Cyrillic letters (and a few symbols of those blocks, read as letters).
  if (c < FOLD_LIMIT) return FOLD[c] !== c ? UPPER : LOWER;
  if (c >= 0x2000 && c <= 0x2bff) return 0; // punctuation, arrows, symbols
  return LOWER; // letters of other scripts, without case
}

function hashWord(units: string): number {
  let h = FNV_OFFSET;
  for (let i = 0; i < units.length; i++) {
    const c = units.charCodeAt(i);
    h = Math.imul(h ^ (c < FOLD_LIMIT ? FOLD[c]! : c), FNV_PRIME);
  }
  return h;
}

/** The hash of a pair of words, continued from the first's: FNV-1a of "first second". */
function hashPair(first: number, second: string): number {
  let h = Math.imul(first ^ 32, FNV_PRIME);
  for (let i = 0; i < second.length; i++) {
    const c = second.charCodeAt(i);
    h = Math.imul(h ^ (c < FOLD_LIMIT ? FOLD[c]! : c), FNV_PRIME);
  }
  return h;
}

/**
 * Words and word pairs that mean something to the fast model, keyed by their 32-bit hash alone:
 * a hit is not confirmed by comparing characters. With about 12,000 keys in 2^32 hashes, an
 * unknown word takes a known word's bits about 3 times in a million lookups; the model's weights
 * were fitted with the same table, so such a hit is noise it has seen, not a wrong answer.
 */
export class FastWordTable {
  /** Slot k's key at 2k and its bits at 2k + 1: a probe reads one cache line, not two. 0 bits: empty. */
  private readonly slots: Int32Array;
  private readonly mask: number;
  readonly size: number;

  constructor(entries: ReadonlyMap<number, number>) {
    let cap = 16;
    while (cap < entries.size * 2) cap *= 2;
    this.slots = new Int32Array(cap * 2);
    this.mask = cap - 1;
    this.size = entries.size;
    for (const [h, bits] of entries) {
      let slot = h & this.mask;
      while (this.slots[2 * slot + 1] !== 0) slot = (slot + 1) & this.mask;
      this.slots[2 * slot] = h;
      this.slots[2 * slot + 1] = bits;
    }
  }

  /** The bits of the word or pair whose hash is `h`; 0 when none. */
  get(h: number): number {
    const slots = this.slots;
    for (let slot = h & this.mask; ; slot = (slot + 1) & this.mask) {
      const v = slots[2 * slot + 1]!;
      if (v === 0 || slots[2 * slot] === h) return v;
    }
  }
}

/** Words of a phrase as the scan cuts them: CJK characters one by one, other words by spaces. */
function phraseWords(phrase: string): string[] {
  const out: string[] = [];
  for (const part of phrase.split(/\s+/)) {
    let word = '';
    for (const ch of part) {
      if (isCjk(ch.charCodeAt(0))) {
        if (word) out.push(word);
        word = '';
        out.push(ch);
      } else word += ch;
    }
    if (word) out.push(word);
  }
  return out;
}

/**
 * The table of the bundled stopwords and a lexicon's phrases: a one-word phrase under its word,
 * a longer one under its first two words (so "all rights reserved" is found as "all rights").
 */
export function buildFastTable(lexicon: Lexicon = defaultLexicon()): FastWordTable {
  const entries = new Map<number, number>();
  const put = (h: number, bits: number) => entries.set(h, (entries.get(h) ?? 0) | bits);
  const add = (words: readonly string[], bits: number) => {
    if (words.length === 0) return;
    const first = hashWord(words[0]!);
    if (words.length === 1) put(first, bits);
    else {
      put(hashPair(first, words[1]!), bits);
      put(first, PAIR_START);
    }
  };
  const stopwords = stopwordVocabulary();
  for (const word of stopwords.words.keys()) add(phraseWords(word), STOP_BIT);
  // CJK stopwords of one or two characters (的, 我们); longer ones are found by their first two.
  for (const word of stopwords.cjk.keys()) add(phraseWords(word), STOP_BIT);
  for (const [phrase, bits] of lexicon.phrases()) add(phraseWords(phrase), bits << 1);
  return new FastWordTable(entries);
}

let shared: FastWordTable | undefined;
/** The table of the default lexicon, built on first use (~15 ms) and shared. */
export function defaultFastTable(): FastWordTable {
  return (shared ??= buildFastTable());
}

/**
 * Where the fast model's count features reach 1 (or, for the log ones, the divisor that keeps
 * them near 0-1 on ordinary lines), so that every input is on the scale of its 0/1 features.
 * Each is where a line of that kind has seen enough: 8 stopwords make a line prose-like
 * whatever else it holds, 4 sentence ends a paragraph, 4 commas or separators a list.
 * The model (data/model-fast.json) was trained with these; changing one means retraining.
 */
export const FAST_SCALES = {
  /** log(1 + characters) over this: 1 at about 400 characters. @default 6 */
  logChars: 6,
  /** log(1 + words) over this: 1 at about 54 words. @default 4 */
  logWords: 4,
  /** Stopwords at which `stop_hits` is 1. @default 8 */
  stopHits: 8,
  /** Characters a word at most counts for in `word_length` (a URL is one long word). @default 15 */
  wordLengthCap: 15,
  /** `word_length` is the mean word length over this. @default 10 */
  wordLength: 10,
  /** Sentence ends at which `sentence_ends` is 1. @default 4 */
  sentenceEnds: 4,
  /** Commas at which `commas` is 1. @default 4 */
  commas: 4,
  /** Separators at which `separators` is 1. @default 4 */
  separators: 4,
  /** Lexicon phrases of a category at which its feature is 1. @default 2 */
  lexicon: 2,
  /** Share of capitalised words (of 2 or more cased ones) from which a line is `title_case`. @default 0.8 */
  titleCase: 0.8,
  /** Separators from which a short line is `separated_list`. @default 2 */
  listSeparators: 2,
  /** Words an item of a `separated_list` has at most, on average. @default 4 */
  listItemWords: 4,
} as const;

/** Words at or below which a line is `short`. @default 3 */
export const FAST_SHORT_WORDS = 3;
/** Words at or below which a longer line is `medium`. @default 9 */
export const FAST_MEDIUM_WORDS = 9;

/**
 * Scan one line into `out` from index `at` (FAST_FEATURES order; every entry written). Returns the line's word
 * count (CJK characters counted as CJK_CHARS_PER_WORD to a word), which the labeller reads too.
 */
export function scanFast(s: string, table: FastWordTable, out: Float64Array, at = 0): number {
  const n = s.length;
  let letters = 0;
  let uppers = 0;
  let lowers = 0;
  let digits = 0;
  let commas = 0;
  let separators = 0;
  let sentenceEnds = 0;
  let colon = 0;
  let atHash = 0;
  let url = 0;
  let copyright = 0;
  let cjk = 0;
  let quote = 0;
  let words = 0;
  let wordChars = 0;
  let cased = 0;
  let capitalised = 0;
  let stops = 0;
  let year = 0;
  const lex = LEX_COUNTS;
  // A loop, not fill(): a builtin call per line cost more than the ten stores.
  for (let k = 0; k < LEX_N; k++) lex[k] = 0;
  // The word before the one being read (for pairs), and whether there is one since the last punctuation.
  let prev = 0;
  let hasPrev = false;
  /** The word before starts some pair of the table (PAIR_START): only then is a pair looked up. */
  let prevPairs = false;
  let first = -1;
  let lead = -1;
  let last = 0;
  let i = 0;
  while (i < n) {
    let c = s.charCodeAt(i);
    let cls = c < 128 ? ASCII[c]! : classOf(c);
    if ((cls & WORD) !== 0) {
      // A word: read in a loop of its own, hashed alone (h) and after the word before it (hp).
      const firstCase = c < FOLD_LIMIT ? cls : 0;
      const firstUnit = c;
      if (first < 0) first = cls;
      if (lead < 0) lead = c;
      const pairing = hasPrev && prevPairs;
      let h = FNV_OFFSET;
      let hp = pairing ? Math.imul(prev ^ 32, FNV_PRIME) : 0;
      let len = 0;
      let wordDigits = 0;
      for (;;) {
        let unit = c;
        if (cls === DIGIT) {
          digits++;
          wordDigits++;
        } else {
          letters++;
          if (cls === UPPER) {
            uppers++;
            unit = c < 128 ? c + 32 : FOLD[c]!;
          } else if (c < FOLD_LIMIT) {
            lowers++;
            unit = FOLD[c]!;
          }
        }
        h = Math.imul(h ^ unit, FNV_PRIME);
        if (pairing) hp = Math.imul(hp ^ unit, FNV_PRIME);
        len++;
        if (++i >= n) break;
        c = s.charCodeAt(i);
        cls = c < 128 ? ASCII[c]! : classOf(c);
        if ((cls & WORD) !== 0) continue;
        if (cls === JOINER && i + 1 < n && isWordUnit(s.charCodeAt(i + 1))) {
          // An inner apostrophe or hyphen: part of the word (its hash too, as the tokenizer keeps it).
          const j = c === 0x2019 ? 39 : c;
          h = Math.imul(h ^ j, FNV_PRIME);
          if (pairing) hp = Math.imul(hp ^ j, FNV_PRIME);
          len++;
          c = s.charCodeAt(++i);
          cls = c < 128 ? ASCII[c]! : classOf(c);
          if ((cls & WORD) !== 0) continue;
        }
        break;
      }
      // The word ended: count it, look it up alone and with the word before it.
      last = s.charCodeAt(i - 1);
      words++;
      wordChars += len;
      if (firstCase === UPPER) {
        cased++;
        capitalised++;
      } else if (firstCase === LOWER) cased++;
      if (wordDigits === 4 && len === 4 && (firstUnit === 49 || firstUnit === 50)) year = 1;
      const own = table.get(h);
      const bits = (own & MEANING) | (pairing ? table.get(hp) & MEANING & ~STOP_BIT : 0);
      if (bits !== 0) stops += tally(bits, lex);
      prev = h;
      hasPrev = true;
      prevPairs = (own & PAIR_START) !== 0;
      if (i >= n) break;
    }
    // A unit that is no part of a word.
    if (cls === CJK) {
      // A CJK character: a word of its own, looked up alone and after the one before it.
      cjk++;
      letters++;
      if (first < 0) first = LOWER;
      const ch = Math.imul(FNV_OFFSET ^ c, FNV_PRIME);
      const own = table.get(ch);
      // A pair of CJK characters may be a stopword (我们), unlike a pair of words.
      const bits = (own & MEANING) | (hasPrev && prevPairs ? table.get(Math.imul(Math.imul(prev ^ 32, FNV_PRIME) ^ c, FNV_PRIME)) & MEANING : 0);
      if (bits !== 0) stops += tally(bits, lex);
      prev = ch;
      hasPrev = true;
      prevPairs = (own & PAIR_START) !== 0;
    } else if (cls === SPACE) {
      // Spaces keep a pair going ("sign up").
      i++;
      continue;
    } else {
      if (cls === SENTENCE) {
        // A sentence end is punctuation followed by a space or the line's end (quotes between allowed).
        const next = i + 1 < n ? s.charCodeAt(i + 1) : 32;
        if (next === 32 || next === 34 || next === 39 || next === 0x201d || next === 0x2019 || next === 41 || c > 127) sentenceEnds++;
      } else if (cls === COMMA) commas++;
      else if (cls === SEPARATOR) {
        if (c !== 47) separators++;
        else if (i > 0 && s.charCodeAt(i - 1) === 47) url = 1;
      } else if (c === 58) colon++;
      else if (c === 64 || c === 35) atHash = 1;
      else if (c === 34 || c === 0x201c || c === 0x201d || c === 0xab) quote = 1;
      else if (c === 0xa9) copyright = 1;
      else if (c === 40 && i + 2 < n && (s.charCodeAt(i + 1) | 32) === 99 && s.charCodeAt(i + 2) === 41) copyright = 1;
      // Pairs do not span punctuation: "Home | News" is not the pair "home news".
      hasPrev = false;
    }
    if (lead < 0) lead = c;
    last = c;
    i++;
  }
  const wordCount = words + cjk / CJK_CHARS_PER_WORD;
  const alnumWords = words + cjk;
  out[at + FI.bias] = 1;
  out[at + FI.log_chars] = Math.log1p(n) / FAST_SCALES.logChars;
  out[at + FI.log_words] = Math.log1p(wordCount) / FAST_SCALES.logWords;
  out[at + FI.stop_ratio] = alnumWords > 0 ? stops / alnumWords : 0;
  out[at + FI.stop_hits] = stops >= FAST_SCALES.stopHits ? 1 : stops / FAST_SCALES.stopHits;
  out[at + FI.word_length] = words > 0 ? Math.min(wordChars / words, FAST_SCALES.wordLengthCap) / FAST_SCALES.wordLength : 0;
  out[at + FI.capitalised] = cased > 0 ? capitalised / cased : 0;
  out[at + FI.first_upper] = first === UPPER ? 1 : 0;
  out[at + FI.sentence_ends] = sentenceEnds >= FAST_SCALES.sentenceEnds ? 1 : sentenceEnds / FAST_SCALES.sentenceEnds;
  out[at + FI.ends_sentence] = last === 46 || last === 33 || last === 63 || isSentenceMark(last) || ((last === 34 || last === 0x201d || last === 41) && sentenceEnds > 0) ? 1 : 0;
  out[at + FI.digits] = n > 0 ? digits / n : 0;
  out[at + FI.commas] = commas >= FAST_SCALES.commas ? 1 : commas / FAST_SCALES.commas;
  out[at + FI.separators] = separators >= FAST_SCALES.separators ? 1 : separators / FAST_SCALES.separators;
  out[at + FI.ends_colon] = last === 58 || last === 0xff1a ? 1 : 0;
  out[at + FI.colon] = colon > 0 ? 1 : 0;
  out[at + FI.at_hash] = atHash;
  out[at + FI.url] = url;
  out[at + FI.copyright] = copyright;
  out[at + FI.cjk] = letters > 0 ? cjk / letters : 0;
  out[at + FI.all_caps] = uppers >= 2 && lowers === 0 && cjk === 0 ? 1 : 0;
  const f0 = lead;
  out[at + FI.bullet] = f0 === 0x2022 || f0 === 42 || f0 === 45 || f0 === 0x25ba || f0 === 0x25b6 || f0 === 0x2192 || f0 === 0xb7 ? 1 : 0;
  out[at + FI.year] = year;
  out[at + FI.short] = wordCount <= FAST_SHORT_WORDS ? 1 : 0;
  out[at + FI.medium] = wordCount > FAST_SHORT_WORDS && wordCount <= FAST_MEDIUM_WORDS ? 1 : 0;
  out[at + FI.title_case] = words >= 2 && capitalised >= FAST_SCALES.titleCase * cased && cased >= 2 ? 1 : 0;
  out[at + FI.no_letters] = letters === 0 ? 1 : 0;
  out[at + FI.separated_list] = separators >= FAST_SCALES.listSeparators && wordCount <= FAST_SCALES.listItemWords * (separators + 1) ? 1 : 0;
  out[at + FI.quote] = quote;
  for (let k = 0; k < LEX_N; k++) out[at + LEX_AT + k] = lex[k]! >= FAST_SCALES.lexicon ? 1 : lex[k]! / FAST_SCALES.lexicon;
  return wordCount;
}

const LEX_N = LEXICON_CATEGORIES.length;
const LEX_AT = FI.lex_cta;
const LEX_COUNTS = new Int32Array(LEX_N);

/** Count an entry's lexicon categories into `lex`; 1 if it is a stopword, else 0. */
function tally(bits: number, lex: Int32Array): number {
  if (bits > 1) for (let k = 0; k < LEX_N; k++) if (bits & (2 << k)) lex[k]!++;
  return bits & STOP_BIT;
}

/** Whether code unit c continues a word after a joiner. */
function isWordUnit(c: number): boolean {
  if (c < 128) return (ASCII[c]! & (LOWER | UPPER | DIGIT)) !== 0;
  return c >= 0xc0 && !isCjk(c) && !(c >= 0x2000 && c <= 0x2bff);
}
