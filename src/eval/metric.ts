/**
 * The article-extraction-benchmark metric: token 4-gram ("shingle") overlap
 * between a predicted article body and the human-checked one, averaged per
 * page, plus exact-match accuracy and bootstrap standard deviations.
 *
 * Definitions follow the benchmark README (development set,
 * `shared/data/article-extraction-benchmark/README.md`):
 * - tokens are the matches of Python's Unicode `\w+` in the text;
 * - each text is the multiset of its token 4-grams; a text shorter than four
 *   tokens is one shingle of the tokens it has; an empty text has none;
 * - per page TP / FP / FN are multiset intersection / prediction surplus /
 *   truth surplus, each divided by TP + FP + FN so that long pages do not
 *   weigh more;
 * - precision is the mean of TP / (TP + FP) over the pages with TP + FP > 0,
 *   recall the mean of TP / (TP + FN) over the pages with TP + FN > 0, and a
 *   page with FP = FN = 0 scores 1 on both; F1 = 2PR / (P + R) of the means;
 * - accuracy is the share of pages whose token sequence equals the truth's.
 *
 * Everything here is pure and synchronous; the only randomness is the seeded
 * PRNG of the bootstrap.
 */

/**
 * Number of tokens in a shingle.
 * @default 4
 */
export const SHINGLE_SIZE = 4;

/**
 * Number of bootstrap resamples of the pages used for the standard deviations.
 * @default 1000
 */
export const DEFAULT_BOOTSTRAP = 1000;

/**
 * Seed of the bootstrap PRNG, so that reported deviations are reproducible.
 * @default 1
 */
export const DEFAULT_SEED = 1;

/**
 * Separator used to join the tokens of a shingle into a Map key. Tokens are
 * made of letters, numbers and `_` only, so a space can never occur inside a
 * token and the joined key is unambiguous.
 * @default " "
 */
export const SHINGLE_JOINER = ' ';

/**
 * Python's `re.compile(r'\w+', re.UNICODE)` as a JS regular expression.
 *
 * In Python 3 a `str` pattern's `\w` matches a character when
 * `str.isalnum()` is true or it is `_`: that is the Unicode letters
 * (general category L*), the numbers (N*: Nd, Nl, No) and the underscore,
 * and nothing else. Note what it does NOT match: combining marks (M*, e.g.
 * U+0301 in a decomposed "é", or Devanagari vowel signs) and connector
 * punctuation other than `_` (e.g. U+203F "‿"). A class such as
 * `[\p{L}\p{N}\p{M}\p{Pc}]` would therefore join tokens that Python splits
 * (`"cafe\u0301"` is one token there, but `["cafe"]` in Python; `"हिन्दी"`
 * is one token there, but `["ह", "न", "द"]` in Python). `[\p{L}\p{N}_]` was
 * checked against Python 3.11's `re` on every code point and agrees on all
 * of them (up to differences between the Unicode versions of the two
 * runtimes). The `u` flag makes `\p{...}` work and iterates code points, so
 * astral letters (e.g. U+20000) stay whole.
 */
const TOKEN_RE = /[\p{L}\p{N}_]+/gu;

/** Tokens of a text: the matches of Python's Unicode `\w+`, in order, case kept. */
export function tokens(text: string): string[] {
  return text.match(TOKEN_RE) ?? [];
}

/** A multiset: key -> number of occurrences (always >= 1). */
export type Multiset = Map<string, number>;

/**
 * The multiset of token n-grams ("shingles") of a token sequence, each keyed
 * by its tokens joined with {@link SHINGLE_JOINER}. A sequence shorter than
 * `n` tokens is a single shingle of all its tokens; an empty one has none.
 */
export function shingles(toks: readonly string[], n: number = SHINGLE_SIZE): Multiset {
  const out: Multiset = new Map();
  if (toks.length === 0) return out;
  if (toks.length < n) {
    out.set(toks.join(SHINGLE_JOINER), 1);
    return out;
  }
  for (let i = 0; i + n <= toks.length; i++) {
    const key = toks.slice(i, i + n).join(SHINGLE_JOINER);
    out.set(key, (out.get(key) ?? 0) + 1);
  }
  return out;
}

/** Total number of elements of a multiset, counting repeats. */
function size(ms: Multiset): number {
  let total = 0;
  for (const count of ms.values()) total += count;
  return total;
}

/** The score of one page. */
export interface PageScore {
  /** Shared shingles (multiset intersection) divided by TP + FP + FN; 0 when that sum is 0. */
  tp: number;
  /** Predicted shingles not in the truth, divided by TP + FP + FN. */
  fp: number;
  /** Truth shingles not predicted, divided by TP + FP + FN. */
  fn: number;
  /** Raw (unnormalised) count of shared shingles. */
  shared: number;
  /** Raw number of shingles of the prediction. */
  predictedShingles: number;
  /** Raw number of shingles of the truth. */
  truthShingles: number;
  /**
   * TP / (TP + FP); 1 when FP = FN = 0 (both texts empty included); `null`
   * when the page does not count for precision (empty prediction, non-empty truth).
   */
  precision: number | null;
  /**
   * TP / (TP + FN); 1 when FP = FN = 0; `null` when the page does not count
   * for recall (empty truth, non-empty prediction).
   */
  recall: number | null;
  /**
   * Harmonic mean of this page's precision and recall, a missing side taken
   * as 0 (it only is missing when the other side is 0 anyway). For ranking
   * pages when debugging; the aggregate F1 is computed from the means instead.
   */
  f1: number;
  /** True when the token sequences of prediction and truth are identical (case-sensitive). */
  exact: boolean;
}

/** Whether two token sequences are identical. */
function sameTokens(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * Score one page: compare the predicted text with the true article body.
 *
 * Edge case: when both texts have no tokens the page scores 1 on precision
 * and recall (FP = FN = 0, as the README says). The benchmark's Python script
 * instead leaves such a page out of both means; the two agree whenever the
 * truth is non-empty, as it is on every page of the development set.
 */
export function scorePage(predicted: string, truth: string): PageScore {
  const predTokens = tokens(predicted);
  const truthTokens = tokens(truth);
  const pred = shingles(predTokens);
  const gold = shingles(truthTokens);

  let shared = 0;
  // Iterate over the smaller multiset: only keys present in both contribute.
  const [small, large] = pred.size <= gold.size ? [pred, gold] : [gold, pred];
  for (const [key, count] of small) {
    const other = large.get(key);
    if (other !== undefined) shared += Math.min(count, other);
  }
  const predictedShingles = size(pred);
  const truthShingles = size(gold);
  const rawFp = predictedShingles - shared;
  const rawFn = truthShingles - shared;
  const sum = shared + rawFp + rawFn;
  const tp = sum > 0 ? shared / sum : 0;
  const fp = sum > 0 ? rawFp / sum : 0;
  const fn = sum > 0 ? rawFn / sum : 0;

  let precision: number | null;
  let recall: number | null;
  if (rawFp === 0 && rawFn === 0) {
    precision = 1;
    recall = 1;
  } else {
    precision = shared + rawFp > 0 ? tp / (tp + fp) : null;
    recall = shared + rawFn > 0 ? tp / (tp + fn) : null;
  }
  const p = precision ?? 0;
  const r = recall ?? 0;
  const f1 = p + r > 0 ? (2 * p * r) / (p + r) : 0;

  return {
    tp,
    fp,
    fn,
    shared,
    predictedShingles,
    truthShingles,
    precision,
    recall,
    f1,
    exact: sameTokens(predTokens, truthTokens),
  };
}

/** Options of {@link aggregate}. */
export interface AggregateOptions {
  /**
   * Number of bootstrap resamples; fewer than 2 gives `NaN` deviations.
   * @default 1000
   */
  bootstrap?: number;
  /**
   * Seed of the bootstrap PRNG.
   * @default 1
   */
  seed?: number;
}

/** Metrics over a set of pages. */
export interface Aggregate {
  /** Mean per-page precision over the pages that count for it; `NaN` if none does. */
  precision: number;
  /** Mean per-page recall over the pages that count for it; `NaN` if none does. */
  recall: number;
  /** 2PR / (P + R) of the two means; 0 when both are 0. */
  f1: number;
  /** Share of pages with exactly the truth's token sequence; `NaN` for no pages. */
  accuracy: number;
  /** Bootstrap sample standard deviation of precision. */
  pStd: number;
  /** Bootstrap sample standard deviation of recall. */
  rStd: number;
  /** Bootstrap sample standard deviation of F1. */
  f1Std: number;
  /** Bootstrap sample standard deviation of accuracy. */
  accuracyStd: number;
  /** Number of pages. */
  n: number;
}

/**
 * mulberry32: a tiny 32-bit PRNG, plenty for resampling indices. Returns a
 * function yielding floats in [0, 1).
 */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Precision, recall, F1 and accuracy of the pages at the given indices. */
function metricsAt(
  pages: readonly PageScore[],
  indices: ArrayLike<number>,
): { precision: number; recall: number; f1: number; accuracy: number } {
  let pSum = 0;
  let pN = 0;
  let rSum = 0;
  let rN = 0;
  let exact = 0;
  for (let k = 0; k < indices.length; k++) {
    const page = pages[indices[k]!]!;
    if (page.precision !== null) {
      pSum += page.precision;
      pN++;
    }
    if (page.recall !== null) {
      rSum += page.recall;
      rN++;
    }
    if (page.exact) exact++;
  }
  const precision = pN > 0 ? pSum / pN : NaN;
  const recall = rN > 0 ? rSum / rN : NaN;
  // NaN propagates through the sum; both means 0 gives F1 0 rather than 0/0.
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  const accuracy = indices.length > 0 ? exact / indices.length : NaN;
  return { precision, recall, f1, accuracy };
}

/** Sample standard deviation (n - 1 denominator, as Python's `statistics.stdev`); `NaN` below 2 values. */
function stdev(values: readonly number[]): number {
  if (values.length < 2) return NaN;
  let mean = 0;
  for (const v of values) mean += v;
  mean /= values.length;
  let ss = 0;
  for (const v of values) ss += (v - mean) * (v - mean);
  return Math.sqrt(ss / (values.length - 1));
}

/**
 * Aggregate per-page scores into precision, recall, F1 and accuracy, with
 * bootstrap standard deviations: `bootstrap` times, draw `n` pages with
 * replacement (seeded PRNG), recompute the four figures, and take the sample
 * standard deviation of each over the resamples in which it is defined.
 */
export function aggregate(pages: readonly PageScore[], options: AggregateOptions = {}): Aggregate {
  const bootstrap = options.bootstrap ?? DEFAULT_BOOTSTRAP;
  const seed = options.seed ?? DEFAULT_SEED;
  const n = pages.length;
  const all = Array.from({ length: n }, (_, i) => i);
  const point = metricsAt(pages, all);

  const ps: number[] = [];
  const rs: number[] = [];
  const f1s: number[] = [];
  const accs: number[] = [];
  if (n > 0) {
    const random = seededRandom(seed);
    const indices = new Uint32Array(n);
    for (let b = 0; b < bootstrap; b++) {
      for (let k = 0; k < n; k++) indices[k] = Math.floor(random() * n);
      const m = metricsAt(pages, indices);
      // A resample may hold no page that counts for precision (or recall);
      // such an undefined value is left out rather than turning the deviation into NaN.
      if (!Number.isNaN(m.precision)) ps.push(m.precision);
      if (!Number.isNaN(m.recall)) rs.push(m.recall);
      if (!Number.isNaN(m.f1)) f1s.push(m.f1);
      accs.push(m.accuracy);
    }
  }

  return {
    ...point,
    pStd: stdev(ps),
    rStd: stdev(rs),
    f1Std: stdev(f1s),
    accuracyStd: stdev(accs),
    n,
  };
}
