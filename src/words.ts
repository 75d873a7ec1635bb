/**
 * The words of a line looked up without making a string per word: the
 * tokenizer's one-pass rules (src/tokens.ts, tokenizeFast) run over the
 * line's char codes, each word is hashed as it is read (lower-cased on the
 * fly when it is ASCII), and the hash is looked up in an open-addressing
 * table of typed arrays holding every word that means something here: the
 * stopwords of every language (src/language.ts, from the `stopword` package)
 * and the words of the lexicon's phrases (data/lexicon/*.json). A hit is
 * confirmed by comparing the characters, so the result is exactly what the
 * string path (tokenize, wordStats, Lexicon.countTokens) gives; test/words.test.ts
 * checks them side by side.
 *
 * The string path took ~25% of the labelling time: a substring and a
 * toLowerCase per word, then a Map lookup for stopwords and one or more for
 * phrase prefixes, each hashing the new string again.
 *
 * Lines with CJK or astral characters are not handled (scan returns false):
 * the caller takes the string path, as tokenize does.
 */
import { CAPITAL, firstLetterCase, hashCodeUnits, newLineScan, scanLineAndWords, UNCASED, type WordSink } from './scan.js';

/** Character facts of a line {@link WordTable.scan} reads for its words alone (discarded). */
const SCRATCH = newLineScan();

/** What {@link WordTable.scan} found in one line. Reused between lines. */
export interface WordScan {
  /** Word tokens (what tokenize's `words.length` is). */
  words: number;
  /** Words whose first letter has case, and how many of those are upper case (as tokenize counts them). */
  cased: number;
  capitalised: number;
  /** Stopword hits of the language with the most of them (wordStats' `best`). */
  bestStopHits: number;
  /** Lexicon phrase hits per category, in LEXICON_CATEGORIES order (src/lexicon.ts; what Lexicon.countTokens gives). */
  lex: Int32Array;
}

/** A WordScan for a lexicon of `categories` categories (LEXICON_CATEGORIES.length). */
export function newWordScan(categories: number): WordScan {
  return { words: 0, cased: 0, capitalised: 0, bestStopHits: 0, lex: new Int32Array(categories) };
}

/** A phrase of the lexicon: its lower-case tokens and its category bits (bit i = LEXICON_CATEGORIES[i]). */
export type Phrase = readonly [tokens: readonly string[], bits: number];

export class WordTable implements WordSink {
  /** Slot -> term id + 1 (0 = empty); a power of two long. */
  private readonly slots: Int32Array;
  private readonly mask: number;
  private readonly termHash: Int32Array;
  private readonly termStart: Int32Array;
  private readonly termLength: Int32Array;
  /** The characters of every term, one after another. */
  private readonly pool: Uint16Array;
  /** Stopword languages of term t: stopLangs[stopStart[t] .. stopStart[t + 1]). */
  private readonly stopStart: Int32Array;
  private readonly stopLangs: Int32Array;
  /** Stopword hits per language of the line being scanned; all zeros between lines (see countStopwords). */
  private readonly hits: Int32Array;
  /** Phrase trie: children of the root by term id (-1 none); deeper nodes by Map. */
  private readonly rootChild: Int32Array;
  private readonly children: Array<Map<number, number> | undefined> = [];
  /** Category bits of the phrase ending at a node, 0 when none does. */
  private readonly nodeBits: number[] = [];
  /** Term ids of the line being scanned (-1: not a known word), `count` of them. */
  private terms = new Int32Array(256);
  private count = 0;
  /** Words of the line being scanned whose first letter has case, and capitals among them. */
  private cased = 0;
  private capitalised = 0;

  /**
   * @param stopwords word -> ids of the languages it is a stopword of (ids below `languages`)
   * @param phrases the lexicon's phrases
   */
  constructor(stopwords: ReadonlyMap<string, readonly number[]>, languages: number, phrases: Iterable<Phrase>) {
    const ids = new Map<string, number>();
    const words: string[] = [];
    const termOf = (w: string) => {
      let t = ids.get(w);
      if (t === undefined) {
        t = words.push(w) - 1;
        ids.set(w, t);
      }
      return t;
    };
    for (const w of stopwords.keys()) termOf(w);
    const phraseList = [...phrases];
    for (const [tokens] of phraseList) for (const w of tokens) termOf(w);

    const count = words.length;
    let size = 16;
    while (size < count * 2) size *= 2;
    this.slots = new Int32Array(size);
    this.mask = size - 1;
    this.termHash = new Int32Array(count);
    this.termStart = new Int32Array(count);
    this.termLength = new Int32Array(count);
    this.pool = new Uint16Array(words.reduce((n, w) => n + w.length, 0));
    let at = 0;
    words.forEach((w, t) => {
      const h = hashCodeUnits(w);
      this.termHash[t] = h;
      this.termStart[t] = at;
      this.termLength[t] = w.length;
      for (let i = 0; i < w.length; i++) this.pool[at++] = w.charCodeAt(i);
      let slot = h & this.mask;
      while (this.slots[slot] !== 0) slot = (slot + 1) & this.mask;
      this.slots[slot] = t + 1;
    });

    this.stopStart = new Int32Array(count + 1);
    const langs: number[] = [];
    for (let t = 0; t < count; t++) {
      this.stopStart[t] = langs.length;
      for (const id of stopwords.get(words[t]!) ?? []) langs.push(id);
    }
    this.stopStart[count] = langs.length;
    this.stopLangs = Int32Array.from(langs);
    this.hits = new Int32Array(Math.max(1, languages));

    this.rootChild = new Int32Array(count).fill(-1);
    this.nodeBits.push(0); // the root
    this.children.push(undefined);
    for (const [tokens, bits] of phraseList) {
      let node = 0;
      for (const w of tokens) node = this.child(node, ids.get(w)!, true);
      this.nodeBits[node]! |= bits;
    }
  }

  private child(node: number, term: number, create: boolean): number {
    if (node === 0) {
      let next = this.rootChild[term]!;
      if (next < 0 && create) this.rootChild[term] = next = this.newNode();
      return next;
    }
    let map = this.children[node];
    let next = map?.get(term);
    if (next === undefined) {
      if (!create) return -1;
      if (map === undefined) this.children[node] = map = new Map();
      map.set(term, (next = this.newNode()));
    }
    return next;
  }

  private newNode(): number {
    this.nodeBits.push(0);
    this.children.push(undefined);
    return this.nodeBits.length - 1;
  }

  /** Term id of the ASCII word text[start, end), lower-cased, whose lower-case hash is `h`; -1 if unknown. */
  private findAscii(text: string, start: number, end: number, h: number): number {
    const length = end - start;
    for (let slot = h & this.mask; ; slot = (slot + 1) & this.mask) {
      const t = this.slots[slot]! - 1;
      if (t < 0) return -1;
      if (this.termHash[t] !== h || this.termLength[t] !== length) continue;
      const base = this.termStart[t]!;
      let same = true;
      for (let i = 0; i < length; i++) {
        let c = text.charCodeAt(start + i);
        if (c >= 65 && c <= 90) c += 32;
        if (this.pool[base + i] !== c) {
          same = false;
          break;
        }
      }
      if (same) return t;
    }
  }

  /** Term id of a lower-case word; -1 if unknown. */
  private findString(w: string): number {
    const h = hashCodeUnits(w);
    for (let slot = h & this.mask; ; slot = (slot + 1) & this.mask) {
      const t = this.slots[slot]! - 1;
      if (t < 0) return -1;
      if (this.termHash[t] !== h || this.termLength[t] !== w.length) continue;
      const base = this.termStart[t]!;
      let same = true;
      for (let i = 0; i < w.length; i++) {
        if (this.pool[base + i] !== w.charCodeAt(i)) {
          same = false;
          break;
        }
      }
      if (same) return t;
    }
  }

  /**
   * Scan a line (trimmed, as the features take it) into `out`. False, with `out` left
   * unspecified, when the line has a CJK character or one beyond the BMP. The features stage
   * does not call this: it gets the words from the pass that gathers the line's character
   * facts (scan.ts, scanLineAndWords with this table as its word sink), then calls {@link finishLine}.
   */
  scan(text: string, out: WordScan): boolean {
    if (!scanLineAndWords(text, SCRATCH, this)) return false;
    this.finishLine(out);
    return true;
  }

  /** {@link WordSink.startLine}: a new line's words follow. */
  startLine(): void {
    this.count = 0;
    this.cased = 0;
    this.capitalised = 0;
  }

  /** {@link WordSink.word}: look a word up and keep its term id. */
  word(text: string, start: number, end: number, hash: number, ascii: boolean): void {
    const lettercase = firstLetterCase(text.charCodeAt(start));
    if (lettercase !== UNCASED) this.cased++;
    if (lettercase === CAPITAL) this.capitalised++;
    // Words with other characters are lower-cased as tokenize does (whole-word toLowerCase:
    // a Greek final sigma depends on its neighbours).
    const term = ascii ? this.findAscii(text, start, end, hash) : this.findString(text.slice(start, end).toLowerCase());
    const count = this.count;
    if (count === this.terms.length) {
      const grown = new Int32Array(count * 2);
      grown.set(this.terms);
      this.terms = grown;
    }
    this.terms[count] = term;
    this.count = count + 1;
  }

  /** The figures of the line whose words were handed over since {@link startLine}, into `out`. */
  finishLine(out: WordScan): void {
    const count = this.count;
    out.words = count;
    out.cased = this.cased;
    out.capitalised = this.capitalised;
    out.bestStopHits = this.countStopwords(count);
    this.countPhrases(count, out.lex);
  }

  /**
   * Stopword hits of the best language. `hits` is all zeros between calls: only the languages
   * this line's words touched are counted, then set back to zero, instead of clearing and
   * searching every language per line. Counts only grow, so the best so far is the best.
   */
  private countStopwords(count: number): number {
    const hits = this.hits;
    let best = 0;
    for (let i = 0; i < count; i++) {
      const t = this.terms[i]!;
      if (t < 0) continue;
      for (let k = this.stopStart[t]!, end = this.stopStart[t + 1]!; k < end; k++) {
        const h = ++hits[this.stopLangs[k]!]!;
        if (h > best) best = h;
      }
    }
    if (best > 0) {
      for (let i = 0; i < count; i++) {
        const t = this.terms[i]!;
        if (t < 0) continue;
        for (let k = this.stopStart[t]!, end = this.stopStart[t + 1]!; k < end; k++) hits[this.stopLangs[k]!] = 0;
      }
    }
    return best;
  }

  /** Longest phrase first at each word, as Lexicon.countTokens. */
  private countPhrases(count: number, lex: Int32Array): void {
    lex.fill(0);
    const terms = this.terms;
    for (let i = 0; i < count; ) {
      const t = terms[i]!;
      let node = t < 0 ? -1 : this.rootChild[t]!;
      if (node < 0) {
        i += 1;
        continue;
      }
      let best = 0;
      let bestBits = 0;
      for (let len = 1; ; ) {
        const bits = this.nodeBits[node]!;
        if (bits !== 0) {
          best = len;
          bestBits = bits;
        }
        if (i + len >= count) break;
        const next = terms[i + len]!;
        node = next < 0 ? -1 : this.child(node, next, false);
        if (node < 0) break;
        len++;
      }
      if (best === 0) {
        i += 1;
        continue;
      }
      for (let c = 0; c < lex.length; c++) if (bestBits & (1 << c)) lex[c]! += 1;
      i += best;
    }
  }
}
