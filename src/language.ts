/**
 * Language-aware word statistics. Prose is full of function words in any
 * language; menus, labels and teasers' titles are not. jusText's central
 * signal is this "stopword density" (Pomikálek, 2011, "Removing Boilerplate
 * and Duplicate Content from Web Corpora", ch. 3). The lists come from the
 * maintained `stopword` package, one list per language.
 *
 * A line's density is the best over the bundled languages, so a page in any
 * of them needs no language setting. Scripts without spaces (Chinese,
 * Japanese) are tokenised per character, and their stopwords (particles such
 * as の or 的) are single characters or short runs matched in place.
 */
import { createRequire } from 'node:module';
import { hasSpaceless, spacelessWords, tokenize, type Tokens } from './tokens.js';

const require = createRequire(import.meta.url);
const lists = require('stopword') as Record<string, unknown>;

/**
 * Languages whose stopword lists are used, by ISO 639-3 code as the `stopword`
 * package names them. Kept to well-curated lists: a huge list turns title words
 * into "stopwords" and blurs the signal.
 * @default see the list
 */
export const STOPWORD_LANGUAGES = [
  'eng', 'deu', 'fra', 'spa', 'ita', 'por', 'nld', 'swe', 'dan', 'nob', 'fin', 'pol', 'ces', 'slk', 'hun', 'ron',
  'rus', 'ukr', 'bul', 'tur', 'ind', 'ell', 'hrv', 'slv', 'cat', 'zho', 'jpn', 'kor', 'ara', 'fas', 'heb', 'hin', 'vie',
  'tha',
] as const;


/** Characters of scripts written without spaces between words. */
const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/u;

/**
 * CJK characters per word-equivalent: a Chinese word averages about 1.5
 * characters (Chinese segmentation literature), Japanese slightly more; this
 * makes word-count thresholds mean roughly the same thing across scripts.
 * @default 1.7
 */
export const CJK_CHARS_PER_WORD = 1.7;

export interface WordStats {
  /** Word-equivalents in the line. */
  words: number;
  /** Share of word tokens that are stopwords in the best-matching language, 0..1. */
  stopDensity: number;
  /** Share of alphabetic words starting with an upper-case letter (scripts with case only). */
  capitalised: number;
  /** Mean length of word tokens in characters. */
  meanWordLength: number;
  /** Best-matching language code, or '' when no stopword matched. */
  language: string;
}

class StopwordIndex {
  /** word -> bit mask of languages (fits: fewer than 53 languages, use two numbers safely via arrays) */
  readonly words = new Map<string, number[]>();
  readonly cjk = new Map<string, number[]>();
  /** First code units of the CJK stopwords: where none starts, no substring need be looked up. */
  readonly cjkFirst = new Set<number>();
  /** Stopwords of Thai (and any script that spaces phrases), found inside a token, longest first. */
  readonly spaceless = new Map<string, number[]>();
  readonly languages: string[] = [];
  maxCjkLength = 1;
  maxSpacelessLength = 1;

  constructor(codes: readonly string[]) {
    for (const code of codes) {
      const list = lists[code];
      if (!Array.isArray(list)) continue;
      const id = this.languages.push(code) - 1;
      for (const raw of list as string[]) {
        const w = String(raw).toLowerCase();
        if (!w) continue;
        const target = CJK.test(w) ? this.cjk : hasSpaceless(w) ? this.spaceless : this.words;
        let ids = target.get(w);
        if (!ids) target.set(w, (ids = []));
        if (!ids.includes(id)) ids.push(id);
        if (target === this.spaceless) this.maxSpacelessLength = Math.max(this.maxSpacelessLength, w.length);
        if (target === this.cjk) {
          this.maxCjkLength = Math.max(this.maxCjkLength, w.length);
          this.cjkFirst.add(w.charCodeAt(0));
        }
      }
    }
  }
}

let index: StopwordIndex | undefined;
function stopwordIndex(): StopwordIndex {
  index ??= new StopwordIndex(STOPWORD_LANGUAGES);
  return index;
}

/**
 * The stopwords of scripts with spaces between words: word -> ids of the languages it is a
 * stopword of, and how many languages there are (for src/words.ts's table); and those of CJK
 * scripts (`cjk`), matched in place by wordStats, word-by-character by the fast scan (src/fast/scan.ts).
 */
export function stopwordVocabulary(): { words: ReadonlyMap<string, readonly number[]>; languages: number; cjk: ReadonlyMap<string, readonly number[]> } {
  const idx = stopwordIndex();
  return { words: idx.words, languages: idx.languages.length, cjk: idx.cjk };
}

/** Reused per call: hits per language. */
let hits = new Int32Array(64);

/** Word statistics of one line, from its tokens (see tokens.ts). */
export function wordStats(text: string, tokens: Tokens = tokenize(text)): WordStats {
  const idx = stopwordIndex();
  if (hits.length < idx.languages.length) hits = new Int32Array(idx.languages.length);
  hits.fill(0);
  const words = tokens.words;
  for (let i = 0; i < words.length; i++) {
    const ids = idx.words.get(words[i]!);
    if (ids) for (let k = 0; k < ids.length; k++) hits[ids[k]!]! += 1;
  }
  // Thai and its neighbours space phrases, not words: a token is several words (its letters
  // counted), and its stopwords are found inside it, longest first, one hit a word.
  let spacelessExtra = 0;
  if (hasSpaceless(text)) {
    for (const w of words) {
      const n = spacelessWords(w);
      if (n === 1 && !hasSpaceless(w)) continue;
      spacelessExtra += n - 1;
      for (let i = 0; i < w.length; ) {
        let matched = 0;
        for (let len = Math.min(idx.maxSpacelessLength, w.length - i); len >= 2 && !matched; len--) {
          const ids = idx.spaceless.get(w.substr(i, len));
          if (ids) {
            for (const id of ids) hits[id]! += 1;
            matched = len;
          }
        }
        i += matched || 1;
      }
    }
  }
  const cjkChars = tokens.cjkChars;
  if (cjkChars > 0) {
    // Count CJK stopwords greedily, longest first, at each position.
    for (let i = 0; i < text.length; ) {
      // Most characters start no stopword: then no substring from here is one (up to
      // maxCjkLength lookups of new strings saved).
      if (!idx.cjkFirst.has(text.charCodeAt(i))) {
        i += 1;
        continue;
      }
      let matched = 0;
      for (let len = Math.min(idx.maxCjkLength, text.length - i); len >= 1 && !matched; len--) {
        const ids = idx.cjk.get(text.substr(i, len));
        if (ids) {
          for (const id of ids) hits[id]! += len;
          matched = len;
        }
      }
      i += matched || 1;
    }
  }
  let best = 0;
  let bestId = -1;
  for (let i = 0; i < idx.languages.length; i++) {
    if (hits[i]! > best) {
      best = hits[i]!;
      bestId = i;
    }
  }
  // CJK hits are counted in characters, so divide by the characters they came from.
  const units = words.length + spacelessExtra + cjkChars;
  return {
    words: words.length + spacelessExtra + cjkChars / CJK_CHARS_PER_WORD,
    stopDensity: units > 0 ? Math.min(1, best / units) : 0,
    capitalised: tokens.cased > 0 ? tokens.capitalised / tokens.cased : 0,
    meanWordLength: words.length > 0 ? tokens.chars / words.length : 0,
    language: bestId >= 0 ? idx.languages[bestId]! : '',
  };
}
