import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'vitest';
import { newWordScan } from '../src/words.js';
import { defaultLexicon, Lexicon, LEXICON_CATEGORIES } from '../src/lexicon.js';
import { tokenize } from '../src/tokens.js';
import { wordStats } from '../src/language.js';

const SEEDS = path.join(import.meta.dirname, '..', 'seeds');

/** What the string path gives for a line: the figures the word table must reproduce. */
function stringPath(line: string, lexicon: Lexicon) {
  const tokens = tokenize(line);
  const stats = wordStats(line, tokens);
  const lex = lexicon.countTokens(tokens.words, undefined, new Int32Array(LEXICON_CATEGORIES.length));
  return { words: stats.words, stopDensity: stats.stopDensity, capitalised: stats.capitalised, lex: [...lex] };
}

function tablePath(line: string, lexicon: Lexicon) {
  const scan = newWordScan(LEXICON_CATEGORIES.length);
  if (!lexicon.wordTable().scan(line, scan)) return undefined;
  return {
    words: scan.words,
    stopDensity: scan.words > 0 ? Math.min(1, scan.bestStopHits / scan.words) : 0,
    capitalised: scan.cased > 0 ? scan.capitalised / scan.cased : 0,
    lex: [...scan.lex],
  };
}

describe('WordTable.scan', () => {
  it('gives the word count, stopword density, capitalised share and lexicon hits of the string path on every seed line', ({ expect }) => {
    const lexicon = defaultLexicon();
    let checked = 0;
    for (const f of readdirSync(SEEDS).filter((f) => f.endsWith('.txt'))) {
      for (const raw of readFileSync(path.join(SEEDS, f), 'utf8').split('\n')) {
        const line = raw.trim();
        const got = tablePath(line, lexicon);
        if (got === undefined) continue;
        expect(got, line).toEqual(stringPath(line, lexicon));
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(5000);
  });

  it('lower-cases words with other than ASCII letters as whole words, as tokenize does', ({ expect }) => {
    const lexicon = defaultLexicon();
    for (const line of ['ΟΔΟΣ.ΒΑ και ΤΟ', 'İstanbul’da naïve- ve BU', 'Привет, МИР! и как дела?', "DON'T Stop -- the ’quoted’ AND-more", 'Straße UND der Über-Fluss', 'été à Paris, L’ÉTÉ'])
      expect(tablePath(line, lexicon), line).toEqual(stringPath(line, lexicon));
  });

  it('matches the longest phrase first, as Lexicon.countTokens does', ({ expect }) => {
    const lexicon = new Lexicon({ en: { cta: ['sign up now'], ui: ['sign', 'up'], legal: ['up to date'] } });
    for (const line of ['Sign up now', 'sign up later', 'up to date sign', 'SIGN UP NOW and sign up now'])
      expect(tablePath(line, lexicon), line).toEqual(stringPath(line, lexicon));
    expect(tablePath('Sign up now', lexicon)!.lex[LEXICON_CATEGORIES.indexOf('cta')]).toBe(1);
  });

  it('leaves lines with CJK, Thai-family or astral characters to the string path', ({ expect }) => {
    const lexicon = defaultLexicon();
    expect(tablePath('東京の天気 today', lexicon)).toBeUndefined();
    // Thai, Lao, Myanmar and Khmer space phrases, not words: the string path counts their letters.
    for (const line of ['ข่าว today', 'ຂ່າວ today', 'သတင်း today', 'ព័ត៌មាន today']) expect(tablePath(line, lexicon), line).toBeUndefined();
    expect(tablePath('x𝐀y and more', lexicon)).toBeUndefined();
    expect(tablePath('한국어 문장입니다', lexicon)).toEqual(stringPath('한국어 문장입니다', lexicon));
  });
});
