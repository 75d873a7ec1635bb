import { describe, it, expect } from 'vitest';
import { computeMetrics } from '../src/check.js';
import { formatInterval, pairedSiteInterval, siteInterval } from '../src/interval.js';
import type { Label } from '../src/types.js';

type Pair = { expected: Label; got: Label };
const times = (n: number, pair: Pair): Pair[] => Array.from({ length: n }, () => pair);
const right = (n: number): Pair[] => [...times(n, { expected: 'body', got: 'body' }), ...times(n, { expected: 'navigation', got: 'navigation' })];
const wrong = (n: number): Pair[] => [...times(n, { expected: 'body', got: 'navigation' }), ...times(n, { expected: 'navigation', got: 'body' })];

describe('siteInterval', () => {
  it('gives a zero-width interval at the figure when every site scores the same', () => {
    const groups = ['a', 'b', 'c'].map((site) => ({ site, lines: [...right(3), ...wrong(1)] }));
    const point = computeMetrics(groups.flatMap((g) => g.lines));
    const i = siteInterval(groups)!;
    expect(i.sites).toBe(3);
    expect(i.bodyF1[0]).toBeCloseTo(point.bodyF1, 12);
    expect(i.bodyF1[1]).toBeCloseTo(point.bodyF1, 12);
    expect(i.macroF1[0]).toBeCloseTo(point.macroF1, 12);
  });

  it('resamples whole sites, so one site all right and one all wrong spans nearly the whole range however many lines each has', () => {
    // Resampling the 2,000 lines one by one would put body F1 within about 0.03 of 0.5.
    const i = siteInterval([
      { site: 'good.example', lines: right(500) },
      { site: 'bad.example', lines: wrong(500) },
    ])!;
    expect(i.bodyF1[0]).toBeLessThan(0.05);
    expect(i.bodyF1[1]).toBeGreaterThan(0.95);
  });

  it('adds up the pages of one site before resampling, so a site of many pages counts once', () => {
    const pages = [
      ...Array.from({ length: 9 }, () => ({ site: 'many.example', lines: right(5) })),
      { site: 'one.example', lines: wrong(5) },
    ];
    expect(siteInterval(pages)!.sites).toBe(2);
  });

  it('holds the figure of the whole split between its bounds, and gives the same bounds for the same seed', () => {
    const groups = Array.from({ length: 12 }, (_, k) => ({ site: `s${k}`, lines: [...right(10 + k), ...wrong(k % 4)] }));
    const point = computeMetrics(groups.flatMap((g) => g.lines));
    const a = siteInterval(groups, { resamples: 400, seed: 7 })!;
    expect(a.bodyF1[0]).toBeLessThanOrEqual(point.bodyF1);
    expect(a.bodyF1[1]).toBeGreaterThanOrEqual(point.bodyF1);
    expect(a.bodyF1[0]).toBeLessThan(a.bodyF1[1]);
    expect(siteInterval(groups, { resamples: 400, seed: 7 })).toEqual(a);
  });

  it('narrows as the level falls', () => {
    const groups = Array.from({ length: 12 }, (_, k) => ({ site: `s${k}`, lines: [...right(10), ...wrong(k % 5)] }));
    const wide = siteInterval(groups, { level: 0.95 })!;
    const narrow = siteInterval(groups, { level: 0.5 })!;
    expect(narrow.bodyF1[0]).toBeGreaterThanOrEqual(wide.bodyF1[0]);
    expect(narrow.bodyF1[1]).toBeLessThanOrEqual(wide.bodyF1[1]);
    expect(narrow.bodyF1[1] - narrow.bodyF1[0]).toBeLessThan(wide.bodyF1[1] - wide.bodyF1[0]);
  });

  it('gives no interval for one site, and says so when formatted', () => {
    expect(siteInterval([{ site: 'a', lines: right(3) }, { site: 'a', lines: wrong(1) }])).toBeUndefined();
    expect(formatInterval(undefined)).toMatch(/^one site: no interval/);
  });

  it('formats the level, the sites, the resamples and both bounds', () => {
    const text = formatInterval({ sites: 26, resamples: 1000, level: 0.95, macroF1: [0.7412, 0.8019], bodyF1: [0.8231, 0.879] });
    expect(text).toBe('95% interval over its 26 sites (whole sites resampled 1000 times): macro-F1 0.741-0.802, body-vs-rest F1 0.823-0.879');
  });

  it('rejects groups, lines and options it cannot use at the call, naming the function and the argument', () => {
    expect(() => siteInterval(5 as never)).toThrow(/^siteInterval\(\): argument `groups`/);
    expect(() => siteInterval([{ lines: [] }] as never)).toThrow(/^siteInterval\(\): argument `groups\[\]`/);
    expect(() => siteInterval([{ site: 'a', lines: [{ expected: 'body', got: 'menu' }] }] as never)).toThrow(/^siteInterval\(\): argument `groups\[\]\.lines\[\]`/);
    // A group without its lines failed as "lines is not iterable", naming neither.
    expect(() => siteInterval([{ site: 'a' }] as never)).toThrow(/^siteInterval\(\): argument `groups\[\]\.lines`/);
    expect(() => pairedSiteInterval([{ site: 'a', a: [] }] as never)).toThrow(/^pairedSiteInterval\(\): argument `groups\[\]\.b`/);
    expect(() => siteInterval([], { resamples: 0 })).toThrow(/`options.resamples` must be a positive integer/);
    expect(() => siteInterval([], { level: 1 })).toThrow(/`options.level` must be a number between 0 and 1/);
    expect(() => siteInterval([], { seed: 1.5 })).toThrow(/`options.seed` must be an integer/);
    expect(() => siteInterval([], { resample: 10 } as never)).toThrow(/unknown option `resample`.*did you mean `resamples`/);
  });
});

describe('pairedSiteInterval', () => {
  /** A site's lines: n body and n navigation lines, `miss` of each labelled the other way. */
  const site = (n: number, miss: number): Pair[] => [...right(n - miss), ...wrong(miss)];

  it('gives a difference of zero, and an interval of zero width, when B labels every line as A does', () => {
    const groups = Array.from({ length: 6 }, (_, k) => ({ site: `s${k}`, a: site(10, k % 3), b: site(10, k % 3) }));
    const p = pairedSiteInterval(groups)!;
    expect(p.bodyF1.difference).toBe(0);
    expect(p.bodyF1.interval).toEqual([0, 0]);
    expect(p.macroF1.bBetter).toBe(0);
  });

  it('puts the whole interval above zero when B gets one more line right on every site, however the sites differ in difficulty', () => {
    // The sites' own difficulty (0 to 5 misses of 10) spreads each side's figure far more than
    // the change; pairing cancels it, so a small change that holds on every site is sure.
    const groups = Array.from({ length: 12 }, (_, k) => ({ site: `s${k}`, a: site(10, 1 + (k % 5)), b: site(10, k % 5) }));
    const p = pairedSiteInterval(groups)!;
    expect(p.bodyF1.difference).toBeGreaterThan(0);
    expect(p.bodyF1.interval[0]).toBeGreaterThan(0);
    expect(p.bodyF1.bBetter).toBe(1);
    const apart = [siteInterval(groups.map((g) => ({ site: g.site, lines: g.a })))!, siteInterval(groups.map((g) => ({ site: g.site, lines: g.b })))!];
    expect(apart[0]!.bodyF1[1]).toBeGreaterThan(apart[1]!.bodyF1[0]);
  });

  it('straddles zero when B gains on some sites what it loses on others', () => {
    const groups = Array.from({ length: 12 }, (_, k) => ({ site: `s${k}`, a: site(10, 2), b: site(10, k % 2 === 0 ? 0 : 4) }));
    const p = pairedSiteInterval(groups)!;
    expect(p.bodyF1.interval[0]).toBeLessThan(0);
    expect(p.bodyF1.interval[1]).toBeGreaterThan(0);
    expect(p.bodyF1.bBetter).toBeGreaterThan(0.2);
    expect(p.bodyF1.bBetter).toBeLessThan(0.8);
  });

  it('refuses two sides that do not label the same lines, naming the site', () => {
    expect(() => pairedSiteInterval([{ site: 'x.example', a: right(3), b: right(2) }])).toThrow(/site "x.example" has 3 body lines in A and 2 in B/);
  });

  it('gives no interval for one site', () => {
    expect(pairedSiteInterval([{ site: 'a', a: right(3), b: right(3) }])).toBeUndefined();
  });
});
