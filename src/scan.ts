/**
 * One pass over a line's characters that answers several feature questions
 * at once (digit count, letter case, words glued at a case change, which
 * rare punctuation occurs), instead of one regular expression per question.
 * The features stage then runs a costly pattern only when this pass says it
 * can match.
 *
 * Every answer here is exactly what the Unicode regular expression it
 * replaces would give (test/scan.test.ts checks them side by side). Per-code-unit facts come from a
 * lazily filled table; a line with characters outside the Basic Multilingual
 * Plane (emoji, rare scripts) sets `astral`, and the caller falls back to the
 * regular expressions for the facts that depend on whole code points.
 */

/** Facts of one code unit, as bits. */
const KNOWN = 1;
/** \p{N}: any number (digits of any script, ², ½, Ⅳ). */
const NUM = 2;
/** \p{Ll}: lower-case letter. */
const LOWER = 4;
/** \p{Lu}: upper-case letter. */
const UPPER = 8;
/** `c.toUpperCase() !== c`. */
const CHANGES_UP = 16;
/** `c.toLowerCase() !== c`. */
const CHANGES_DOWN = 32;
/** A UTF-16 surrogate: half of a character outside the BMP. */
const SURROGATE = 64;
/** A word character of the tokenizer: \p{L}, \p{N} or \p{M}. */
const WORD = 128;

const RE_NUM = /\p{N}/u;
const RE_LOWER = /\p{Ll}/u;
const RE_UPPER = /\p{Lu}/u;
const RE_WORD = /[\p{L}\p{N}\p{M}]/u;

/** Facts per BMP code unit, filled on first sight (0 = not computed yet). */
const FACTS = new Uint8Array(0x10000);

function facts(c: number): number {
  const known = FACTS[c]!;
  if (known !== 0) return known;
  let bits = KNOWN;
  if (c >= 0xd800 && c <= 0xdfff) bits |= SURROGATE;
  else {
    const s = String.fromCharCode(c);
    if (RE_NUM.test(s)) bits |= NUM;
    if (RE_LOWER.test(s)) bits |= LOWER;
    if (RE_UPPER.test(s)) bits |= UPPER;
    if (RE_WORD.test(s)) bits |= WORD;
    if (s.toUpperCase() !== s) bits |= CHANGES_UP;
    if (s.toLowerCase() !== s) bits |= CHANGES_DOWN;
  }
  FACTS[c] = bits;
  return bits;
}
// ASCII up front: the common case never takes the lazy branch.
for (let c = 0; c < 128; c++) facts(c);

/** What one pass over a line found. Reused between lines: read it before scanning the next. */
export interface LineScan {
  /** A character outside the BMP occurs: `numbers`, `glued` and `allCaps` are not computed (false/0). */
  astral: boolean;
  /** Characters matching \p{N}. */
  numbers: number;
  /** ASCII digits 0-9 (what \d matches). */
  asciiDigits: number;
  /** \p{Ll}{3}\p{Lu} occurs: three lower-case letters then an upper-case one. */
  glued: boolean;
  /** The line is unchanged by toUpperCase and changed by toLowerCase (it has letters, all capitals). */
  allCaps: boolean;
  /** Commas: , ， 、 */
  commas: number;
  /** Semicolons: ; ； (with the commas, what separates the items of a term list). */
  semicolons: number;
  /**
   * Sentence ends: matches of `/[.!?。！？]["'”’»)\]]*(?:\s+|$)/gu`, sentence punctuation whose
   * closing quotes or brackets, if any, are followed by a space or the end (counted here rather
   * than in a pass of its own).
   */
  sentenceEnds: number;
  /** Any of | • · » › > / (the separator characters). */
  separatorChar: boolean;
  colon: boolean;
  dot: boolean;
  slash: boolean;
  at: boolean;
  hash: boolean;
  paren: boolean;
  copyrightSign: boolean;
  /**
   * The hash of the line's normalised text (repetition.ts: `normalisedHash`, what the context
   * stage's repeat test asks for), when `hasNormalisedHash`: false when a character does not
   * lower-case on its own (İ, Σ, astral).
   */
  normalisedHash: number;
  hasNormalisedHash: boolean;
  /** FNV-1a of every code unit of the text (scan.ts, hashCodeUnits). */
  textHash: number;
}

export function newLineScan(): LineScan {
  return { astral: false, numbers: 0, asciiDigits: 0, glued: false, allCaps: false, commas: 0, semicolons: 0, sentenceEnds: 0, separatorChar: false, colon: false, dot: false, slash: false, at: false, hash: false, paren: false, copyrightSign: false, normalisedHash: 0, hasNormalisedHash: false, textHash: 0 };
}

/**
 * Receives the words of a line as the tokenizer cuts them (src/tokens.ts: maximal runs of
 * letters, digits, marks and inner ' ’ -, with ' ’ - trimmed from both ends), from the same
 * pass that gathers the line's character facts. words.ts's WordTable is the one sink.
 */
export interface WordSink {
  /** A line starts (clears what the sink keeps per line). */
  startLine(): void;
  /**
   * The word `text[start, end)`. `hash` is FNV-1a (offset {@link FNV_OFFSET}, prime {@link
   * FNV_PRIME}) of its code units with A-Z lower-cased, meaningful when `ascii` (all its
   * code units below 128).
   */
  word(text: string, start: number, end: number, hash: number, ascii: boolean): void;
}

/** FNV-1a's 32-bit offset basis (as a signed integer), the start of a word's hash. */
export const FNV_OFFSET = 0x811c9dc5 | 0;
/** FNV-1a's 32-bit prime. */
export const FNV_PRIME = 0x01000193;

/** 32-bit FNV-1a of a string's code units (a signed integer): the hash of words and normalised lines. */
export function hashCodeUnits(s: string): number {
  let h = FNV_OFFSET;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), FNV_PRIME);
  return h;
}

/** {@link scanLineAndWords}: a whitespace character in the normalised text (written as one space per run). */
const SPACE_UNIT = -1;
/** {@link scanLineAndWords}: a \p{N} character in the normalised text (written as one 0 per run). */
const NUMBER_UNIT = -2;

/** A fresh string with the text of `s`, not a view into a larger string (a kept line must not keep its input chunk alive). */
export function copyString(s: string): string {
  return (' ' + s).slice(1);
}

/** CJK code units (scripts written without spaces): the tokenizer counts them one by one, so a word sink gives up on the line. */
export function isCjkUnit(c: number): boolean {
  return (c >= 0x3040 && c <= 0x30ff) || (c >= 0x3400 && c <= 0x4dbf) || (c >= 0x4e00 && c <= 0x9fff) || (c >= 0xf900 && c <= 0xfaff);
}

/**
 * Thai, Lao, Myanmar and Khmer code units: these scripts space phrases, not words, so a token's
 * words are counted from its letters and its stopwords found inside it (language.ts
 * wordStats); a word sink gives up on the line, as on CJK.
 */
export function isSpacelessUnit(c: number): boolean {
  return (c >= 0x0e00 && c <= 0x0eff) || (c >= 0x1000 && c <= 0x109f) || (c >= 0x1780 && c <= 0x17ff);
}

/** Scan `s` into `out` (cleared first). */
export function scanLine(s: string, out: LineScan): LineScan {
  scanLineAndWords(s, out, undefined);
  return out;
}

/**
 * {@link scanLine}, and with `words` the same pass cuts the line into words
 * and hands each to the sink (one pass over the characters for both, instead of one for the
 * facts and one for the words); it returns false when the sink could not be given every word,
 * because the line has a CJK character or one beyond the BMP (the caller then tokenizes the
 * line with the Unicode path). The facts in `out` are complete either way.
 */
export function scanLineAndWords(s: string, out: LineScan, words: WordSink | undefined): boolean {
  let numbers = 0;
  let asciiDigits = 0;
  let lowerRun = 0;
  let glued = false;
  let changesUp = false;
  let changesDown = false;
  let astral = false;
  let commas = 0;
  let semicolons = 0;
  let sentenceEnds = 0;
  let separatorChar = false;
  let colon = false;
  let dot = false;
  let slash = false;
  let at = false;
  let hash = false;
  let paren = false;
  let copyrightSign = false;
  // The word being read: its start, the end of its last letter, digit or mark, and its hash
  // to there (trailing ' ’ - are read but not part of the word).
  let wordsOk = words !== undefined;
  let inWord = false;
  let start = 0;
  let end = 0;
  let ascii = true;
  let h = FNV_OFFSET;
  let hashToEnd = h;
  if (wordsOk) words!.startLine();
  // The hash of every code unit (LineScan.textHash).
  let whole = FNV_OFFSET;
  // The normalised text's hash (see LineScan.normalisedHash): a whitespace run is written as
  // one space when a character follows it, a number run as 0.
  let normalised = FNV_OFFSET;
  let normalisedOk = true;
  let written = false;
  let pendingSpace = false;
  let inNumber = false;
  const n = s.length;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    whole = Math.imul(whole ^ c, FNV_PRIME);
    /** Word class of c: 1 letter, digit or mark; 2 inner punctuation (' ’ -); 0 separator. */
    let k = 0;
    /** c in the normalised text: lower-cased, or SPACE_UNIT, NUMBER_UNIT. */
    let u = c;
    if (c < 128) {
      if (c >= 97 && c <= 122) {
        lowerRun++;
        changesUp = true;
        k = 1;
      } else if (c >= 65 && c <= 90) {
        if (lowerRun >= 3) glued = true;
        lowerRun = 0;
        changesDown = true;
        k = 1;
        u = c + 32;
      } else {
        lowerRun = 0;
        if (c >= 48 && c <= 57) {
          numbers++;
          asciiDigits++;
          k = 1;
          u = NUMBER_UNIT;
        } else if (c === 32 || (c >= 9 && c <= 13)) {
          u = SPACE_UNIT;
        } else {
          switch (c) {
            case 39: // '
            case 45: // -
              k = 2;
              break;
            case 44: // ,
              commas++;
              break;
            case 59: // ;
              semicolons++;
              break;
            case 46: // .
              dot = true;
              if (endsSentenceAt(s, i)) sentenceEnds++;
              break;
            case 33: // !
            case 63: // ?
              if (endsSentenceAt(s, i)) sentenceEnds++;
              break;
            case 47: // /
              slash = true;
              separatorChar = true;
              break;
            case 124: // |
            case 62: // >
              separatorChar = true;
              break;
            case 58: // :
              colon = true;
              break;
            case 64: // @
              at = true;
              break;
            case 35: // #
              hash = true;
              break;
            case 40: // (
              paren = true;
              break;
          }
        }
      }
    } else {
      const b = facts(c);
      if (b & SURROGATE) {
        astral = true;
        lowerRun = 0;
        wordsOk = false;
        normalisedOk = false;
        continue;
      }
      if (isSpace(c)) u = SPACE_UNIT;
      else {
        const lower = lowerUnit(c);
        if (lower < 0) normalisedOk = false;
        else u = isNumberUnit(lower) ? NUMBER_UNIT : lower;
      }
      if (b & NUM) numbers++;
      if (b & LOWER) lowerRun++;
      else {
        if (b & UPPER && lowerRun >= 3) glued = true;
        lowerRun = 0;
      }
      if (b & CHANGES_UP) changesUp = true;
      if (b & CHANGES_DOWN) changesDown = true;
      if (isSentenceMark(c)) {
        if (endsSentenceAt(s, i)) sentenceEnds++; // 。！？ । ។ ...
      } else if (c === 0xff0c || c === 0x3001) commas++; // ， 、
      else if (c === 0xff1b) semicolons++; // ；
      else if (c === 0x2022 || c === 0xb7 || c === 0xbb || c === 0x203a) separatorChar = true; // • · » ›
      else if (c === 0xa9) copyrightSign = true; // ©
      if (c === 0x2019) k = 2; // ’ inside words (don’t)
      else if (wordsOk && (isCjkUnit(c) || isSpacelessUnit(c))) wordsOk = false;
      else if (b & WORD) k = 1;
    }
    if (u === SPACE_UNIT) {
      // Leading whitespace is dropped (trimmed), trailing whitespace never written.
      pendingSpace = written;
      inNumber = false;
    } else {
      written = true;
      if (pendingSpace) {
        normalised = Math.imul(normalised ^ 32, FNV_PRIME);
        pendingSpace = false;
      }
      if (u !== NUMBER_UNIT) {
        inNumber = false;
        normalised = Math.imul(normalised ^ u, FNV_PRIME);
      } else if (!inNumber) {
        inNumber = true;
        normalised = Math.imul(normalised ^ 48, FNV_PRIME);
      }
    }
    if (!wordsOk) continue;
    if (inWord) {
      if (k === 0) {
        words!.word(s, start, end, hashToEnd, ascii);
        inWord = false;
        continue;
      }
      if (c >= 128) ascii = false;
      h = Math.imul(h ^ (c >= 65 && c <= 90 ? c + 32 : c), FNV_PRIME);
      if (k === 1) {
        end = i + 1;
        hashToEnd = h;
      }
    } else if (k === 1) {
      inWord = true;
      start = i;
      end = i + 1;
      ascii = c < 128;
      h = Math.imul(FNV_OFFSET ^ (c >= 65 && c <= 90 ? c + 32 : c), FNV_PRIME);
      hashToEnd = h;
    }
  }
  if (wordsOk && inWord) words!.word(s, start, end, hashToEnd, ascii);
  out.astral = astral;
  out.numbers = astral ? 0 : numbers;
  out.asciiDigits = asciiDigits;
  out.glued = !astral && glued;
  out.allCaps = !astral && !changesUp && changesDown;
  out.commas = commas;
  out.semicolons = semicolons;
  out.sentenceEnds = sentenceEnds;
  out.separatorChar = separatorChar;
  out.colon = colon;
  out.dot = dot;
  out.slash = slash;
  out.at = at;
  out.hash = hash;
  out.paren = paren;
  out.copyrightSign = copyrightSign;
  out.textHash = whole;
  out.normalisedHash = normalised;
  out.hasNormalisedHash = normalisedOk;
  return wordsOk;
}

/**
 * Whether the first code unit is lower case in the sense the features use:
 * `c !== c.toUpperCase() && c === c.toLowerCase()`.
 */
export function startsLower(s: string): boolean {
  if (s.length === 0) return false;
  const b = facts(s.charCodeAt(0));
  return (b & CHANGES_UP) !== 0 && (b & CHANGES_DOWN) === 0;
}

/** \s in a /u regular expression (and what String.prototype.trim removes). */
export function isSpace(c: number): boolean {
  if (c < 128) return c === 32 || (c >= 9 && c <= 13);
  return (
    c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff
  );
}

/** Sentence-ending punctuation: . ! ? and CJK 。！？ */
function isSentencePunct(c: number): boolean {
  return c === 46 || c === 33 || c === 63 || (c >= 0x589 && isSentenceMark(c));
}

/**
 * Full stops and question marks of other scripts than Latin: CJK 。！？, the Devanagari danda
 * । and ॥ (Hindi, Marathi, Nepali), Arabic ؟ and Urdu ۔, Armenian ։, Ethiopic ።, Myanmar ။,
 * Khmer ។ and ៕. Without them a Hindi or Khmer paragraph ended no sentence, and a long one
 * without a stopword list's help (Khmer) read as a keyword list.
 */
export function isSentenceMark(c: number): boolean {
  switch (c) {
    case 0x3002:
    case 0xff01:
    case 0xff1f:
    case 0x0964:
    case 0x0965:
    case 0x061f:
    case 0x06d4:
    case 0x0589:
    case 0x1362:
    case 0x104b:
    case 0x17d4:
    case 0x17d5:
      return true;
    default:
      return false;
  }
}

/** Closing quotes and brackets that may follow a sentence end: " ' ” ’ » ) ] */
function isCloser(c: number): boolean {
  return c === 34 || c === 39 || c === 0x201d || c === 0x2019 || c === 0xbb || c === 41 || c === 93;
}

/**
 * `/[.!?。！？]["'”’»)\]]*\s*$/u.test(s)`: ends with sentence punctuation,
 * maybe followed by closing quotes or brackets and spaces.
 */
export function endsSentence(s: string): boolean {
  let i = s.length - 1;
  while (i >= 0 && isSpace(s.charCodeAt(i))) i--;
  while (i >= 0 && isCloser(s.charCodeAt(i))) i--;
  return i >= 0 && isSentencePunct(s.charCodeAt(i));
}

/**
 * Whether the sentence punctuation at `i` ends a sentence in the sense of
 * `/[.!?。！？]["'”’»)\]]*(?:\s+|$)/gu`: its closing quotes or brackets, if any, are followed by
 * a space or the end. Each such character starts one match of the pattern (a match stops
 * before the next one, since none is a closer or a space), so counting them counts the matches.
 */
function endsSentenceAt(s: string, i: number): boolean {
  const n = s.length;
  let j = i + 1;
  while (j < n && isCloser(s.charCodeAt(j))) j++;
  return j === n || isSpace(s.charCodeAt(j));
}

/** `/(?:\.\.\.?|…)\s*["'”’)]?\s*$/u.test(s)`: ends with an ellipsis, maybe quoted or bracketed. */
export function endsEllipsis(s: string): boolean {
  let i = s.length - 1;
  while (i >= 0 && isSpace(s.charCodeAt(i))) i--;
  if (i >= 0) {
    const c = s.charCodeAt(i);
    if (c === 34 || c === 39 || c === 0x201d || c === 0x2019 || c === 41) i--;
  }
  while (i >= 0 && isSpace(s.charCodeAt(i))) i--;
  if (i < 0) return false;
  const c = s.charCodeAt(i);
  return c === 0x2026 || (c === 46 && i >= 1 && s.charCodeAt(i - 1) === 46);
}

function isAsciiDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** Three lower-case ASCII letters as one number (a code unit per byte), as {@link threeLetters} gives them. */
function packLetters(word: string): number {
  return (word.charCodeAt(0) << 16) | (word.charCodeAt(1) << 8) | word.charCodeAt(2);
}

/** Month-name prefixes (what DATE_LIKE's month alternatives start with), as 3 lower-case ASCII letters (packed). */
const MONTHS = new Set(['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'].map(packLetters));
/** Words that may follow a number in DATE_LIKE: months, and min/hour/day/week ("3 hours ago"), packed. */
const AFTER_NUMBER = new Set([...MONTHS, ...['min', 'hou', 'day', 'wee'].map(packLetters)]);

/** {@link threeLetters}: one of the three is another character, so no month or unit word can start there. */
const NOT_LETTERS = -1;
/** {@link threeLetters}: one of the three is ſ or K, which fold into ASCII letters: the pattern must decide. */
const FOLDS = -2;

/**
 * ſ (U+017F) and the Kelvin sign (U+212A): the only characters beyond ASCII that match [a-z]
 * under the i and u flags (they fold into s and k), so the only ones a month word may hold.
 */
function foldsToAsciiLetter(c: number): boolean {
  return c === 0x17f || c === 0x212a;
}

/**
 * The three letters from `at`, lower-cased and packed as {@link packLetters} packs them, when
 * they are ASCII letters; NOT_LETTERS when one is another character (no match possible);
 * FOLDS when one is ſ or K (they fold into ASCII letters under the i flag: the caller must let
 * the pattern decide). A number, not a string: this runs at every number of a line with digits.
 */
function threeLetters(s: string, at: number): number {
  if (at + 3 > s.length) return NOT_LETTERS;
  let out = 0;
  for (let i = at; i < at + 3; i++) {
    const c = s.charCodeAt(i);
    if (c >= 128) return foldsToAsciiLetter(c) ? FOLDS : NOT_LETTERS;
    const l = c | 0x20;
    if (l < 97 || l > 122) return NOT_LETTERS;
    out = (out << 8) | l;
  }
  return out;
}

/** . / or -: what separates the parts of a numeric date in DATE_LIKE. */
function isDateSeparator(c: number): boolean {
  return c === 46 || c === 47 || c === 45;
}

/** Whether the code unit at `i` of `s` is an ASCII digit (false past the end). */
function digitAt(s: string, i: number): boolean {
  return i < s.length && isAsciiDigit(s.charCodeAt(i));
}

/**
 * False when the features' DATE_LIKE pattern cannot match `s`; true when it may. Each of its
 * alternatives needs an ASCII digit that is either followed by a numeric date's rest (. / or -,
 * one or two digits, . / or -, a digit) or a clock time's (a colon and two digits), or followed
 * by spaces and a month or time-unit word ("5 May", "3 hours ago"), or preceded by spaces after
 * a word starting with a month name, maybe with a dot ("Sept. 12"). Decimals ("$4.3", "iOS
 * 13.2"), "12-inch" and a sentence ending in a year are none of these.
 */
export function mayBeDate(s: string): boolean {
  const n = s.length;
  for (let i = 0; i < n; i++) {
    if (!isAsciiDigit(s.charCodeAt(i))) continue;
    if (i + 1 < n) {
      const next = s.charCodeAt(i + 1);
      if (isDateSeparator(next) && digitAt(s, i + 2)) {
        // \d{1,2} then a second separator and a digit.
        if (i + 4 < n && isDateSeparator(s.charCodeAt(i + 3)) && digitAt(s, i + 4)) return true;
        if (digitAt(s, i + 3) && i + 5 < n && isDateSeparator(s.charCodeAt(i + 4)) && digitAt(s, i + 5)) return true;
      }
      if (next === 58 && digitAt(s, i + 2) && digitAt(s, i + 3)) return true; // \d:\d{2}
      let j = i + 1;
      while (j < n && isSpace(s.charCodeAt(j))) j++;
      if (j > i + 1) {
        const word = threeLetters(s, j);
        if (word === FOLDS || AFTER_NUMBER.has(word)) return true;
      }
    }
    if (i > 0 && isSpace(s.charCodeAt(i - 1))) {
      let k = i - 1;
      while (k >= 0 && isSpace(s.charCodeAt(k))) k--;
      if (k >= 0 && s.charCodeAt(k) === 46) k--;
      // Back to the start of the word: the month name begins it. Any other character ends the
      // word: none is a word character (\w) under the pattern's flags, so a word boundary may
      // stand after it, and the month name would start there.
      let start = k + 1;
      while (start > 0) {
        const c = s.charCodeAt(start - 1);
        if (c >= 128) {
          if (foldsToAsciiLetter(c)) {
            start--;
            continue;
          }
          break;
        }
        const l = c | 0x20;
        if (l < 97 || l > 122) break;
        start--;
      }
      if (start <= k) {
        const word = threeLetters(s, start);
        if (word === FOLDS || MONTHS.has(word)) return true;
      }
    }
  }
  return false;
}

/**
 * False when the features' URL_LIKE pattern cannot match `s`: it needs "://", or a dot after
 * a w ("www."), or a dot before c, o, n or i (".com", ".org", ".net", ".io", ".co", ".news",
 * ".info"), either case.
 */
export function mayBeUrl(s: string): boolean {
  for (let i = s.indexOf('.'); i >= 0; i = s.indexOf('.', i + 1)) {
    const before = i > 0 ? s.charCodeAt(i - 1) | 0x20 : 0;
    if (before === 119) return true; // w
    const after = i + 1 < s.length ? s.charCodeAt(i + 1) | 0x20 : 0;
    if (after === 99 || after === 111 || after === 110 || after === 105) return true; // c o n i
  }
  return s.includes('://');
}

/**
 * `s` with every run of \p{N} characters replaced by "0" and every run of whitespace by one
 * space (what `s.replace(/\p{N}+/gu, '0').replace(/\s+/g, ' ')` gives: no character is both,
 * so one pass does both, and a lone plain space is left as it is); `s` itself when nothing
 * needs rewriting. Undefined when `s` has characters beyond the BMP: the caller then uses the
 * regular expressions.
 */
export function collapseRuns(s: string): string | undefined {
  let out = '';
  let from = 0;
  const n = s.length;
  for (let i = 0; i < n; ) {
    const c = s.charCodeAt(i);
    // Most characters are ASCII and neither a digit (48-57) nor whitespace (9-13, 32).
    if (c > 57 ? c < 128 : c > 32 && c < 48) {
      i++;
      continue;
    }
    const b = c < 128 ? (c >= 48 && c <= 57 ? NUM : 0) : facts(c);
    if (b & SURROGATE) return undefined;
    let replacement: string | undefined;
    let j = i;
    if (b & NUM) {
      while (j < n) {
        const d = s.charCodeAt(j);
        if (d < 128 ? d >= 48 && d <= 57 : (facts(d) & NUM) !== 0) j++;
        else break;
      }
      replacement = '0';
    } else if (isSpace(c)) {
      while (j < n && isSpace(s.charCodeAt(j))) j++;
      if (j - i > 1 || c !== 32) replacement = ' ';
    }
    if (replacement === undefined) {
      i = j === i ? i + 1 : j;
      continue;
    }
    out += s.slice(from, i) + replacement;
    from = j;
    i = j;
  }
  return from === 0 ? s : out + s.slice(from);
}

/**
 * Tokenizer class of a non-ASCII BMP code unit: 1 = word character (\p{L}, \p{N}, \p{M}),
 * 0 = separator, -1 = a surrogate (the tokenizer's Unicode path decides). ’ is not asked
 * here: the tokenizer treats it as inner-word punctuation itself.
 */
export function wordClass(c: number): number {
  const b = facts(c);
  if (b & SURROGATE) return -1;
  return b & WORD ? 1 : 0;
}

/** Whether toUpperCase changes the code unit `c`. */
export function changesUpper(c: number): boolean {
  return (facts(c) & CHANGES_UP) !== 0;
}

/** {@link firstLetterCase}: no case (a digit, a CJK letter). */
export const UNCASED = 0;
/** {@link firstLetterCase}: a cased letter that is not a capital. */
export const CASED_LOWER = 1;
/** {@link firstLetterCase}: a capital (lower-casing changes it). */
export const CAPITAL = 2;

/**
 * The case of a word's first code unit, as the Unicode tokenizer counts it: cased if case
 * conversion changes it, a capital if lower-casing does. ASCII is decided without a table.
 */
export function firstLetterCase(c: number): number {
  if (c < 128) return c >= 65 && c <= 90 ? CAPITAL : c >= 97 && c <= 122 ? CASED_LOWER : UNCASED;
  if (changesLower(c)) return CAPITAL;
  return changesUpper(c) ? CASED_LOWER : UNCASED;
}

/** Whether toLowerCase changes the code unit `c`. */
export function changesLower(c: number): boolean {
  return (facts(c) & CHANGES_DOWN) !== 0;
}

/** Whether the code unit `c` is \p{N} (a number of any script); false for a surrogate. */
export function isNumberUnit(c: number): boolean {
  return (facts(c) & NUM) !== 0;
}

/**
 * `String.fromCharCode(c).toLowerCase()` as one code unit, per BMP code unit, filled on first
 * sight: -2 = not computed yet, -1 = lower-casing is not one code unit for one code unit in
 * every context, so a caller must lower-case the whole string (İ becomes two code units; Σ
 * becomes σ or ς depending on the letters around it; a surrogate is half a character).
 */
const LOWER_UNITS = new Int32Array(0x10000).fill(-2);

/** Capital sigma: the one letter whose lower case depends on its neighbours (final ς). */
const CAPITAL_SIGMA = 0x3a3;

/**
 * The code unit `toLowerCase` turns `c` into inside any string, or -1 when that depends on more
 * than `c` (see LOWER_UNITS): per code unit, it equals lower-casing the whole string.
 */
export function lowerUnit(c: number): number {
  let l = LOWER_UNITS[c]!;
  if (l === -2) {
    const s = String.fromCharCode(c).toLowerCase();
    l = s.length !== 1 || c === CAPITAL_SIGMA || (facts(c) & SURROGATE) !== 0 ? -1 : s.charCodeAt(0);
    LOWER_UNITS[c] = l;
  }
  return l;
}
