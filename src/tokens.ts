/**
 * One tokenisation per line, shared by the word statistics and the lexicon
 * (the hot path: every feature that needs words reads these tokens instead of
 * running its own regular expression over the line).
 */
import { CAPITAL, firstLetterCase, isCjkUnit, UNCASED, wordClass } from './scan.js';

/** Anything that is not part of a word: word characters are letters, digits, marks, inner ' and -. */
const NON_WORD = /[^\p{L}\p{N}\p{M}'’-]+/u;
/** Scripts written without spaces between words; their characters are tokens of their own. */
const CJK = /[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]/u;
const CJK_G = /[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]/gu;
const EDGE_PUNCT = /^['’-]+|['’-]+$/g;

/**
 * Characters of a script written without spaces (Chinese, Japanese) counted as one word where a
 * line's words are counted (the disclaimer rules' lengths, a document's confidence): Chinese words
 * average under two characters, Japanese ones a little over.
 * @default 2
 */
export const CJK_CHARS_PER_WORD = 2;

/**
 * Letters of a Thai, Lao, Myanmar or Khmer run counted as one word wherever a line's words are
 * counted (the features' word counts and stopword density, the rules, a document's confidence).
 * These scripts put spaces between phrases, not words, so a run between spaces is a phrase, and
 * a long sentence that holds "สงวนลิขสิทธิ์" (all rights reserved) in passing would count a
 * handful of words. Only letters count, not the vowel and tone marks written above and below
 * them: "สงวนลิขสิทธิ์" is 9 letters and 2 words, "บริษัท" (company) 4 and 1, "ตัวอย่าง" (example)
 * 6 and 1. A run counts as at least one word.
 * @default 4
 */
export const SPACELESS_LETTERS_PER_WORD = 4;

export interface Tokens {
  /** Lower-cased word tokens (CJK runs excluded). */
  words: string[];
  /** How many of the word tokens start with a letter that has case, and how many of those are upper case. */
  cased: number;
  capitalised: number;
  /** Characters in word tokens. */
  chars: number;
  /** Characters of space-less scripts (Chinese, Japanese kana and kanji). */
  cjkChars: number;
}

/**
 * Character classes for ASCII: 1 = letter or digit, 2 = inner-word punctuation (' and -),
 * 0 = separator.
 */
const ASCII_CLASS = new Uint8Array(128);
for (let c = 48; c <= 57; c++) ASCII_CLASS[c] = 1;
for (let c = 65; c <= 90; c++) ASCII_CLASS[c] = 1;
for (let c = 97; c <= 122; c++) ASCII_CLASS[c] = 1;
ASCII_CLASS[39] = 2;
ASCII_CLASS[45] = 2;

/**
 * Class of a code unit for the fast path (as ASCII_CLASS; non-ASCII letters, digits and marks
 * are 1 by the per-character table of scan.ts), or -1 when the Unicode path is needed: a
 * CJK character (counted per character there) or half of a character beyond the BMP.
 */
function fastClass(c: number): number {
  if (c < 128) return ASCII_CLASS[c]!;
  if (c === 0x2019) return 2; // ’ inside words (don’t)
  if (isCjkUnit(c)) return -1;
  return wordClass(c);
}

/**
 * Index of the next word character at or after `i`, skipping separators and a word's leading
 * ' ’ or -: `text.length` when none is left, -1 at a character the fast path cannot handle.
 * scan.ts's scanLineAndWords cuts words for the word table (words.ts) by the same rules, in its own
 * pass over the line (test/words.test.ts checks both give the same figures).
 */
function skipToWord(text: string, i: number): number {
  const n = text.length;
  for (; i < n; i++) {
    const k = fastClass(text.charCodeAt(i));
    if (k === 1) return i;
    if (k < 0) return -1;
  }
  return n;
}

/**
 * Tokens of a line without CJK or astral characters; undefined otherwise. One pass: it gives
 * up at the first character it cannot handle. The same tokens as the Unicode path: maximal
 * runs of letters, digits, marks and ' ’ -, with ' ’ - trimmed from both ends, lower-cased
 * word by word (only words that have an upper-case or non-ASCII character need it).
 */
function tokenizeFast(text: string): Tokens | undefined {
  const n = text.length;
  const words: string[] = [];
  let cased = 0;
  let capitalised = 0;
  let chars = 0;
  let i = 0;
  while (i < n) {
    i = skipToWord(text, i);
    if (i < 0) return undefined;
    if (i >= n) break;
    let k: number;
    const start = i;
    let end = i;
    let needsLower = false;
    while (i < n) {
      const c = text.charCodeAt(i);
      k = fastClass(c);
      if (k === 0) break;
      if (k < 0) return undefined;
      if (k === 1) {
        end = i + 1;
        if (c >= 128 || (c >= 65 && c <= 90)) needsLower = true;
      }
      i++;
    }
    // Trailing ' ’ or - are not part of the word (end stops at the last letter, digit or mark).
    const lettercase = firstLetterCase(text.charCodeAt(start));
    if (lettercase !== UNCASED) cased++;
    if (lettercase === CAPITAL) capitalised++;
    chars += end - start;
    const word = text.slice(start, end);
    words.push(needsLower ? word.toLowerCase() : word);
  }
  return { words, cased, capitalised, chars, cjkChars: 0 };
}

export function tokenize(text: string): Tokens {
  const fast = tokenizeFast(text);
  if (fast !== undefined) return fast;
  const words: string[] = [];
  let cased = 0;
  let capitalised = 0;
  let chars = 0;
  let cjkChars = 0;
  const hasCjk = CJK.test(text);
  for (let raw of text.split(NON_WORD)) {
    if (raw.length === 0) continue;
    if (raw.charCodeAt(0) === 39 || raw.charCodeAt(0) === 45 || raw.charCodeAt(0) === 0x2019 || raw.endsWith("'") || raw.endsWith('-') || raw.endsWith('’')) {
      raw = raw.replace(EDGE_PUNCT, '');
      if (raw.length === 0) continue;
    }
    if (hasCjk && CJK.test(raw)) {
      cjkChars += raw.match(CJK_G)?.length ?? 0;
      continue;
    }
    const lower = raw.toLowerCase();
    const first = raw[0]!;
    const firstLower = lower[0]!;
    if (first !== first.toUpperCase() || first !== firstLower) {
      cased += 1;
      if (first !== firstLower) capitalised += 1;
    }
    chars += raw.length;
    words.push(lower);
  }
  return { words, cased, capitalised, chars, cjkChars };
}

export function hasCjk(text: string): boolean {
  return CJK.test(text);
}

/** A character of Thai, Lao, Myanmar or Khmer, and a letter of them (not a mark). */
const SPACELESS = /[\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff]/u;
const SPACELESS_LETTERS = /[\p{Script=Thai}\p{Script=Lao}\p{Script=Myanmar}\p{Script=Khmer}](?<=\p{L})/gu;

/** Whether a text holds Thai, Lao, Myanmar or Khmer, scripts that space phrases rather than words. */
export function hasSpaceless(text: string): boolean {
  return SPACELESS.test(text);
}

/**
 * Words a token of Thai, Lao, Myanmar or Khmer counts for: its letters (not the vowel and tone
 * marks) over SPACELESS_LETTERS_PER_WORD, at least one; 1 for a token of other scripts.
 */
export function spacelessWords(token: string): number {
  if (!SPACELESS.test(token)) return 1;
  const letters = token.match(SPACELESS_LETTERS)?.length ?? 0;
  return Math.max(1, Math.ceil(letters / SPACELESS_LETTERS_PER_WORD));
}

/**
 * Words of a text as the disclaimer rules and, for Chinese and Japanese lines, a document's confidence count them: word tokens, CJK characters by CJK_CHARS_PER_WORD,
 * and a token of Thai, Lao or Khmer by its letters (SPACELESS_LETTERS_PER_WORD). Only candidate
 * lines are counted, so the second look costs the many others nothing.
 */
export function countWords(text: string): number {
  const t = tokenize(text);
  let words = t.words.length + Math.ceil(t.cjkChars / CJK_CHARS_PER_WORD);
  if (SPACELESS.test(text)) for (const w of t.words) words += spacelessWords(w) - 1;
  return words;
}
