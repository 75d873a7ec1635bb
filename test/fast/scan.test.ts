import { describe, expect, it } from 'vitest';
import { buildFastTable, defaultFastTable, FAST_FEATURES, FastWordTable, FI, scanFast, STOP_BIT } from '../../src/fast/scan.js';
import { Lexicon, LEXICON_CATEGORIES } from '../../src/lexicon.js';

/** The scan of one line as a record of named features. */
function scan(line: string): Record<string, number> {
  const out = new Float64Array(FAST_FEATURES.length).fill(NaN);
  scanFast(line, defaultFastTable(), out);
  return Object.fromEntries(FAST_FEATURES.map((n, i) => [n, out[i]!]));
}

describe('scanFast', () => {
  it('lists the lexicon features in the lexicon categories order, so a category bit lands on its own feature', () => {
    expect(FAST_FEATURES.filter((n) => n.startsWith('lex_'))).toEqual(LEXICON_CATEGORIES.map((c) => `lex_${c}`));
  });

  it('writes every feature of the vector, at the offset it is given', () => {
    const out = new Float64Array(FAST_FEATURES.length * 3).fill(NaN);
    scanFast('A line of words.', defaultFastTable(), out, FAST_FEATURES.length);
    expect(out.slice(FAST_FEATURES.length, 2 * FAST_FEATURES.length).some(Number.isNaN)).toBe(false);
    expect(out.slice(0, FAST_FEATURES.length).every(Number.isNaN)).toBe(true);
    expect(out.slice(2 * FAST_FEATURES.length).every(Number.isNaN)).toBe(true);
  });

  it('reads prose as function words and sentence ends', () => {
    const f = scan('The council said on Monday that it would not be able to meet the cost of the new bridge.');
    expect(f.stop_ratio).toBeGreaterThan(0.4);
    expect(f.ends_sentence).toBe(1);
    expect(f.sentence_ends).toBeGreaterThan(0);
    expect(f.short).toBe(0);
    expect(f.title_case).toBe(0);
  });

  it('reads a menu row as a short separated list of capitalised words without function words', () => {
    const f = scan('Home | World | Business | Sport | Culture');
    expect(f.separated_list).toBe(1);
    expect(f.separators).toBe(1);
    expect(f.title_case).toBe(1);
    expect(f.stop_ratio).toBe(0);
    expect(f.ends_sentence).toBe(0);
  });

  it('finds a copyright sign, its (c) spelling and the legal lexicon', () => {
    expect(scan('© 2024 Example Media. All rights reserved.').copyright).toBe(1);
    expect(scan('(c) 2024 Example Media').copyright).toBe(1);
    expect(scan('All rights reserved').lex_legal).toBeGreaterThan(0);
    expect(scan('Copyright 2019 by the author').year).toBe(1);
  });

  it('finds lexicon words in any letter case, alone and as a pair', () => {
    expect(scan('SUBSCRIBE').lex_cta).toBeGreaterThan(0);
    expect(scan('Sign up for our newsletter').lex_cta).toBeGreaterThan(0);
  });

  it('does not make a pair across punctuation', () => {
    // "rights reserved" is a pair of the legal lexicon (from "all rights reserved"); a separator between the words breaks it.
    const table = buildFastTable(new Lexicon({ en: { legal: ['rights reserved'] } }));
    const out = new Float64Array(FAST_FEATURES.length);
    scanFast('rights reserved', table, out);
    expect(out[FI.lex_legal]).toBeGreaterThan(0);
    scanFast('rights | reserved', table, out);
    expect(out[FI.lex_legal]).toBe(0);
  });

  it('counts the stopwords of languages other than English, lower-casing Cyrillic', () => {
    expect(scan('Он сказал, что это было не так, и мы все это знали.').stop_ratio).toBeGreaterThan(0.3);
    expect(scan('Der Rat sagte am Montag, dass er die Kosten nicht tragen kann.').stop_ratio).toBeGreaterThan(0.3);
    expect(scan('Он сказал').stop_ratio).toBe(scan('ОН сказал').stop_ratio);
  });

  it('reads each CJK character as a word, so a Chinese sentence is not one long word', () => {
    const f = scan('我们的城市在今天发布了新的交通计划。');
    expect(f.cjk).toBe(1);
    expect(f.stop_ratio).toBeGreaterThan(0);
    expect(f.short).toBe(0);
    expect(f.ends_sentence).toBe(1);
  });

  it('returns the word count, CJK characters counted a fraction of a word each', () => {
    const out = new Float64Array(FAST_FEATURES.length);
    expect(scanFast("It's a well-known fact", defaultFastTable(), out)).toBe(4);
    expect(scanFast('新的计划', defaultFastTable(), out)).toBeLessThan(4);
    expect(scanFast('', defaultFastTable(), out)).toBe(0);
    expect(out[FI.no_letters]).toBe(1);
  });
});

describe('FastWordTable', () => {
  it('gives the bits stored under a hash and 0 for a hash it does not hold, also when slots collide', () => {
    const size = 64;
    // Keys equal modulo the table size land in one run of slots.
    const entries = new Map([[5, STOP_BIT], [5 + size * 4, 4], [5 + size * 8, 8]]);
    const t = new FastWordTable(entries);
    expect(t.get(5)).toBe(STOP_BIT);
    expect(t.get(5 + size * 4)).toBe(4);
    expect(t.get(5 + size * 8)).toBe(8);
    expect(t.get(6)).toBe(0);
    expect(t.get(5 + size * 12)).toBe(0);
  });
});
