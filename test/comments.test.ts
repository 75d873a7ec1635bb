import { describe, expect, it } from 'vitest';
import { COMMENT_HEADER_MAX_WORDS, isCommentHeader, parseAttributionVerbs } from '../src/comments.js';
import { lineFeatures } from '../src/features.js';
import { defaultLexicon } from '../src/lexicon.js';

const header = (text: string) => lineFeatures(text, defaultLexicon()).comment_header;

describe('comment headers', () => {
  it('finds the header of a reader comment: a name, or a name and a date, before an attribution verb and a colon', () => {
    expect(header('Priya says:')).toBe(1);
    expect(header('Gareth O. says:')).toBe(1);
    expect(header('Gary M on September 17, 2018 at 8:50 pm said:')).toBe(1);
    expect(header('Anna am 3. Mai 2019 um 14:05 schrieb:')).toBe(1);
    expect(header('Marie a dit :')).toBe(1);
    expect(header('Иван написал:')).toBe(1);
  });

  it('leaves running text alone: a long lead-in to a quote, a sentence with "said", a verb without the colon', () => {
    expect(header('In a statement released on Tuesday, the company said:')).toBeUndefined();
    expect(header('He said he would come back to the council next year.')).toBeUndefined();
    expect(header('Priya says')).toBeUndefined();
    expect(header('Essays:')).toBeUndefined();
  });

  it('never takes a line longer than COMMENT_HEADER_MAX_WORDS words, dated or not', () => {
    const long = `${'word '.repeat(COMMENT_HEADER_MAX_WORDS)}on 17 September 2018 at 8:50 said:`;
    expect(isCommentHeader(long, COMMENT_HEADER_MAX_WORDS + 5, true)).toBe(false);
  });

  it('rejects a malformed verb list, naming the language', () => {
    expect(() => parseAttributionVerbs({ en: ['says', 3] })).toThrow(/"en"/);
    expect(() => parseAttributionVerbs(null)).toThrow(/JSON object/);
  });
});
