import { describe, expect, it } from 'vitest';
import { tokenize } from '../src/tokens.js';

// Expected values as the regular-expression tokenizer gave them before the one-pass path
// took over lines without CJK or astral characters.
describe('tokenize', () => {
  it('lower-cases words and counts cased and capitalised words in Cyrillic as in Latin', () => {
    expect(tokenize('Привет, МИР! как дела?')).toEqual({ words: ['привет', 'мир', 'как', 'дела'], cased: 4, capitalised: 2, chars: 16, cjkChars: 0 });
  });

  it('lower-cases each word on its own, so a Greek word ending before a dot keeps its final sigma', () => {
    expect(tokenize('ΟΔΟΣ.ΒΑ').words).toEqual(['οδος', 'βα']);
  });

  it('keeps inner apostrophes, trims trailing hyphens, and lower-cases İ as i with a dot above', () => {
    expect(tokenize('İstanbul’da naïve-')).toEqual({ words: ['i̇stanbul’da', 'naïve'], cased: 2, capitalised: 1, chars: 16, cjkChars: 0 });
  });

  it('splits Korean on spaces (its words are letters without case)', () => {
    expect(tokenize('한국어 문장입니다')).toEqual({ words: ['한국어', '문장입니다'], cased: 0, capitalised: 0, chars: 8, cjkChars: 0 });
  });

  it('counts Chinese and Japanese characters instead of making words of them', () => {
    expect(tokenize('東京の天気')).toEqual({ words: [], cased: 0, capitalised: 0, chars: 0, cjkChars: 5 });
  });

  it('treats a character beyond the BMP by its Unicode class (a mathematical letter is part of a word)', () => {
    expect(tokenize('x𝐀y and more').words).toEqual(['x𝐀y', 'and', 'more']);
  });
});
