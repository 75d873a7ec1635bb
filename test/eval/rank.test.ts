import { describe, it, expect } from 'vitest';
import { ranks, spearman } from '../../src/eval/rank.js';

describe('ranks', () => {
  it('ranks from 0 in order of value, tied values sharing their mean rank', () => {
    expect(ranks([30, 10, 20])).toEqual([2, 0, 1]);
    expect(ranks([5, 1, 5, 5])).toEqual([2, 0, 2, 2]);
  });
});

describe('spearman', () => {
  it('is 1 for series in the same order and -1 for opposite orders, whatever the spacing of the values', () => {
    expect(spearman([1, 2, 3, 4], [10, 200, 3000, 40000])).toBeCloseTo(1, 12);
    expect(spearman([1, 2, 3, 4], [4, 3, 2, 1])).toBeCloseTo(-1, 12);
  });

  it('gives the Pearson correlation of the ranks when values tie', () => {
    // Ranks [0, 1.5, 1.5, 3] against [0, 1, 2, 3]: covariance 4.5, variances 4.5 and 5.
    expect(spearman([1, 2, 2, 3], [1, 2, 3, 4])).toBeCloseTo(4.5 / Math.sqrt(4.5 * 5), 12);
  });

  it('rejects series of different lengths at the call, naming the function', () => {
    expect(() => spearman([1, 2], [1])).toThrow(/spearman\(\)/);
  });
});
