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

export function tokenize(text: string): Tokens {
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
