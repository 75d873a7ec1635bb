import { describe, expect, it } from 'vitest';
import { aggregate, scorePage, shingles, tokens } from '../../src/eval/metric.js';

const ARTICLE = 'The cat sat on the mat.';

describe('tokens', () => {
  it('splits on everything that is not a letter, a number or an underscore', () => {
    expect(tokens("It's 2019: snake_case, e-mail!")).toEqual(['It', 's', '2019', 'snake_case', 'e', 'mail']);
  });

  it('keeps accented letters and CJK runs inside tokens, and splits on CJK punctuation', () => {
    expect(tokens('Café crème à Zürich')).toEqual(['Café', 'crème', 'à', 'Zürich']);
    expect(tokens('東京で会議。大阪、２０２０年')).toEqual(['東京で会議', '大阪', '２０２０年']);
  });

  it('splits on combining marks and non-underscore connectors, as Python\'s \\w does', () => {
    // Python 3: re.findall(r'\w+', 'cafe\u0301 हिन्दी a\u203fb') == ['cafe', 'ह', 'न', 'द', 'a', 'b']
    expect(tokens('cafe\u0301 हिन्दी a\u203fb')).toEqual(['cafe', 'ह', 'न', 'द', 'a', 'b']);
  });

  it('returns no tokens for an empty or punctuation-only text', () => {
    expect(tokens('')).toEqual([]);
    expect(tokens(' —… !? ')).toEqual([]);
  });
});

describe('shingles', () => {
  it('builds the multiset of token 4-grams', () => {
    const s = shingles(['a', 'b', 'c', 'd', 'e']);
    expect([...s.entries()]).toEqual([
      ['a b c d', 1],
      ['b c d e', 1],
    ]);
  });

  it('makes one shingle of a text shorter than four tokens, and none of an empty one', () => {
    expect([...shingles(['Hello', 'world']).entries()]).toEqual([['Hello world', 1]]);
    expect(shingles([]).size).toBe(0);
  });

  it('counts a repeated 4-gram more than once', () => {
    // x y z w x y z w -> xyzw, yzwx, zwxy, wxyz, xyzw
    expect(shingles(tokens('x y z w x y z w')).get('x y z w')).toBe(2);
  });
});

describe('scorePage and aggregate', () => {
  it('scores identical texts 1 on precision, recall, F1 and accuracy', () => {
    const page = scorePage(ARTICLE, ARTICLE);
    expect(page).toMatchObject({ tp: 1, fp: 0, fn: 0, precision: 1, recall: 1, f1: 1, exact: true });
    const m = aggregate([page], { bootstrap: 10 });
    expect([m.precision, m.recall, m.f1, m.accuracy]).toEqual([1, 1, 1, 1]);
  });

  it('ignores punctuation and whitespace differences when texts have the same tokens', () => {
    const page = scorePage('The  cat -- sat on\nthe mat', ARTICLE);
    expect(page.exact).toBe(true);
    expect(page.f1).toBe(1);
  });

  it('scores disjoint texts 0', () => {
    const page = scorePage('Subscribe to our newsletter today', ARTICLE);
    expect(page).toMatchObject({ tp: 0, precision: 0, recall: 0, f1: 0, exact: false });
    const m = aggregate([page], { bootstrap: 10 });
    expect([m.precision, m.recall, m.f1, m.accuracy]).toEqual([0, 0, 0, 0]);
  });

  it('lowers precision but keeps recall at 1 when the prediction adds boilerplate', () => {
    // Truth: The cat sat on the mat (6 tokens) -> 3 shingles:
    //   "The cat sat on", "cat sat on the", "sat on the mat".
    // Prediction: Home News The cat sat on the mat (8 tokens) -> 5 shingles:
    //   "Home News The cat", "News The cat sat" + the 3 of the truth.
    // Raw TP = 3, FP = 2, FN = 0; normalised by 5: TP = 0.6, FP = 0.4, FN = 0.
    // P = 0.6 / (0.6 + 0.4) = 0.6, R = 0.6 / 0.6 = 1, F1 = 2 * 0.6 * 1 / 1.6 = 0.75.
    const page = scorePage('Home | News\nThe cat sat on the mat.', ARTICLE);
    expect(page.shared).toBe(3);
    expect(page.predictedShingles).toBe(5);
    expect(page.truthShingles).toBe(3);
    expect(page.tp).toBeCloseTo(0.6, 12);
    expect(page.fp).toBeCloseTo(0.4, 12);
    expect(page.fn).toBe(0);
    const m = aggregate([page], { bootstrap: 10 });
    expect(m.precision).toBeCloseTo(0.6, 12);
    expect(m.recall).toBe(1);
    expect(m.f1).toBeCloseTo(0.75, 12);
    expect(m.accuracy).toBe(0);
  });

  it('compares texts shorter than four tokens as one shingle each', () => {
    expect(scorePage('Hello world', 'Hello, world!')).toMatchObject({ precision: 1, recall: 1, exact: true });
    // "Hello world again" is one 3-token shingle, different from "Hello world".
    expect(scorePage('Hello world again', 'Hello world')).toMatchObject({ tp: 0, precision: 0, recall: 0 });
  });

  it('leaves a page with an empty prediction out of precision and scores its recall 0', () => {
    const empty = scorePage('', ARTICLE);
    expect(empty).toMatchObject({ tp: 0, fp: 0, fn: 1, precision: null, recall: 0, f1: 0, exact: false });
    // Precision averages over the perfect page only: 1. Recall: (1 + 0) / 2 = 0.5.
    // F1 = 2 * 1 * 0.5 / 1.5 = 2/3. Accuracy = 1/2.
    const m = aggregate([empty, scorePage(ARTICLE, ARTICLE)], { bootstrap: 10 });
    expect(m.precision).toBe(1);
    expect(m.recall).toBe(0.5);
    expect(m.f1).toBeCloseTo(2 / 3, 12);
    expect(m.accuracy).toBe(0.5);
  });

  it('scores an empty prediction of an empty truth 1 on both precision and recall', () => {
    expect(scorePage('', '...')).toMatchObject({ tp: 0, fp: 0, fn: 0, precision: 1, recall: 1, exact: true });
  });

  it('leaves a page with an empty truth out of recall and scores its precision 0', () => {
    expect(scorePage('Cookie banner text here', '')).toMatchObject({ precision: 0, recall: null, f1: 0 });
  });

  it('matches accented and CJK tokens exactly', () => {
    const truth = 'Le café de Zürich ouvre à 8 h. 東京で会議が開かれた。';
    expect(scorePage(truth, truth).f1).toBe(1);
    // Dropping the accent changes the token, so every shingle containing it misses.
    const page = scorePage('Le cafe de Zürich ouvre à 8 h. 東京で会議が開かれた。', truth);
    // Truth: Le café de Zürich ouvre à 8 h 東京で会議が開かれた (9 tokens, 6 shingles);
    // the two starting at "Le" and "café" contain "café", so TP = 4, FP = 2, FN = 2.
    expect(page.shared).toBe(4);
    expect(page.precision).toBeCloseTo(2 / 3, 12);
    expect(page.recall).toBeCloseTo(2 / 3, 12);
  });

  it('counts repeated shingles as a multiset, not a set', () => {
    // Truth shingles: {xyzw: 2, yzwx: 1, zwxy: 1, wxyz: 1} (5 in all); prediction: {xyzw: 1}.
    // Multiset: TP = 1, FP = 0, FN = 4 -> R = 1/5. A set would give TP = 1, FN = 3 -> R = 1/4.
    const page = scorePage('x y z w', 'x y z w x y z w');
    expect(page.shared).toBe(1);
    expect(page.precision).toBe(1);
    expect(page.recall).toBeCloseTo(0.2, 12);
    // And a prediction that repeats a shingle the truth has once pays for the extra copy.
    const doubled = scorePage('a b c d. a b c d.', 'a b c d');
    expect(doubled.shared).toBe(1);
    // Prediction shingles: abcd x2, bcda, cdab, dabc -> 5; TP = 1, FP = 4.
    expect(doubled.precision).toBeCloseTo(0.2, 12);
    expect(doubled.recall).toBe(1);
  });

  it('compares tokens case-sensitively', () => {
    const page = scorePage('the cat sat on the mat', ARTICLE);
    expect(page.exact).toBe(false);
    // "the cat sat on" differs from "The cat sat on"; "cat sat on the" and "sat on the mat" are shared.
    expect(page.shared).toBe(2);
    expect(scorePage('HELLO', 'hello')).toMatchObject({ precision: 0, recall: 0, exact: false });
  });

  it('gives the same bootstrap deviations for the same seed and different ones for another seed', () => {
    const pages = [
      scorePage(ARTICLE, ARTICLE),
      scorePage('Home | News\nThe cat sat on the mat.', ARTICLE),
      scorePage('x y z w', 'x y z w x y z w'),
      scorePage('', ARTICLE),
      scorePage('Subscribe to our newsletter today', ARTICLE),
    ];
    const a = aggregate(pages, { bootstrap: 200, seed: 7 });
    const b = aggregate(pages, { bootstrap: 200, seed: 7 });
    const c = aggregate(pages, { bootstrap: 200, seed: 8 });
    expect(b).toEqual(a);
    expect(a.f1Std).toBeGreaterThan(0);
    expect(a.accuracyStd).toBeGreaterThan(0);
    expect(c.f1Std).not.toBe(a.f1Std);
    // The point estimates do not depend on the bootstrap.
    expect(c.f1).toBe(a.f1);
    expect(a.n).toBe(5);
  });

  it('skips bootstrap resamples in which precision is undefined instead of returning NaN', () => {
    // With one empty prediction among two pages, a quarter of the resamples hold only that page.
    const m = aggregate([scorePage('', ARTICLE), scorePage(ARTICLE, ARTICLE)], { bootstrap: 100, seed: 3 });
    expect(m.pStd).toBe(0);
    expect(Number.isFinite(m.rStd)).toBe(true);
    expect(Number.isFinite(m.f1Std)).toBe(true);
  });

  it('reports zero deviation when every page scores the same', () => {
    const m = aggregate([scorePage(ARTICLE, ARTICLE), scorePage('a b', 'a b')], { bootstrap: 50 });
    expect([m.pStd, m.rStd, m.f1Std, m.accuracyStd]).toEqual([0, 0, 0, 0]);
  });
});
