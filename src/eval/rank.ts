/**
 * Spearman's rank correlation, for how well a document measure (confidence) orders documents by
 * how well they were cleaned: scripts/confidence.mjs reports it, and a test holds the shipped
 * models to a floor.
 */
import { invalidArgument } from '../errors.js';

/** Ranks from 0, tied values sharing their mean rank. */
export function ranks(values: readonly number[]): number[] {
  const order = values.map((x, i) => [x, i] as const).sort((p, q) => p[0] - q[0]);
  const r = new Array<number>(values.length);
  for (let i = 0; i < order.length; ) {
    let j = i;
    while (j + 1 < order.length && order[j + 1]![0] === order[i]![0]) j++;
    for (let k = i; k <= j; k++) r[order[k]![1]] = (i + j) / 2;
    i = j + 1;
  }
  return r;
}

/** Spearman's rank correlation of two equally long series (NaN when either is constant). */
export function spearman(a: readonly number[], b: readonly number[]): number {
  if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) throw invalidArgument('a, b', 'two arrays of numbers of the same length', Array.isArray(a) ? b : a, 'spearman');
  const ra = ranks(a);
  const rb = ranks(b);
  const mean = (v: number[]) => v.reduce((s, x) => s + x, 0) / v.length;
  const ma = mean(ra);
  const mb = mean(rb);
  let cov = 0;
  let va = 0;
  let vb = 0;
  for (let i = 0; i < ra.length; i++) {
    cov += (ra[i]! - ma) * (rb[i]! - mb);
    va += (ra[i]! - ma) ** 2;
    vb += (rb[i]! - mb) ** 2;
  }
  return cov / Math.sqrt(va * vb);
}
