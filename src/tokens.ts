/**
 * One tokenisation per line, shared by the word statistics and the lexicon
 * (the hot path: every feature that needs words reads these tokens instead of
 * running its own regular expression over the line).
 */

/** Anything that is not part of a word: word characters are letters, digits, marks, inner ' and -. */
const NON_WORD = /[^\p{L}\p{N}\p{M}'’-]+/u;
/** Scripts written without spaces between words; their characters are tokens of their own. */
const CJK = /[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]/u;
const CJK_G = /[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]/gu;
const EDGE_PUNCT = /^['’-]+|['’-]+$/g;

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
 * Character classes for the ASCII fast path: 1 = letter or digit, 2 = inner-word
 * punctuation (' and -), 0 = separator. Typographic quotes, dashes and NBSP, common in
 * scraped English text, are handled without falling back to the Unicode path.
 */
const ASCII_CLASS = new Uint8Array(128);
for (let c = 48; c <= 57; c++) ASCII_CLASS[c] = 1;
for (let c = 65; c <= 90; c++) ASCII_CLASS[c] = 1;
for (let c = 97; c <= 122; c++) ASCII_CLASS[c] = 1;
ASCII_CLASS[39] = 2;
ASCII_CLASS[45] = 2;

/** Class of a code unit for the fast path, or -1 when the Unicode path is needed. */
function fastClass(c: number): number {
  if (c < 128) return ASCII_CLASS[c]!;
  if (c === 0x2019) return 2; // ’ inside words (don’t)
  if (c === 0xa0 || (c >= 0x2010 && c <= 0x201f) || c === 0x2026 || c === 0xab || c === 0xbb) return 0; // NBSP, dashes, quotes, …, « »
  return -1;
}

/**
 * Tokens of a line made only of characters the fast path knows; undefined otherwise.
 * One pass: it gives up at the first character it does not know. Words are cut from the
 * line lower-cased once (the fast path's characters keep their positions when lower-cased),
 * not lower-cased one by one.
 */
function tokenizeFast(text: string): Tokens | undefined {
  const n = text.length;
  let lower: string | undefined;
  const words: string[] = [];
  let cased = 0;
  let capitalised = 0;
  let chars = 0;
  let i = 0;
  while (i < n) {
    // Skip separators and leading ' or -.
    let k = 0;
    while (i < n) {
      k = fastClass(text.charCodeAt(i));
      if (k === 1) break;
      if (k < 0) return undefined;
      i++;
    }
    if (i >= n) break;
    const start = i;
    let end = i;
    while (i < n) {
      k = fastClass(text.charCodeAt(i));
      if (k === 0) break;
      if (k < 0) return undefined;
      if (k === 1) end = i + 1;
      i++;
    }
    // Trailing ' or - are not part of the word (end stops at the last letter or digit).
    const first = text.charCodeAt(start);
    if (first >= 65 && first <= 90) {
      cased++;
      capitalised++;
    } else if (first >= 97 && first <= 122) cased++;
    chars += end - start;
    lower ??= text.toLowerCase();
    words.push(lower.slice(start, end));
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
