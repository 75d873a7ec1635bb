/**
 * How much a split's figures owe to which sites happen to be in it: a percentile interval of
 * macro-F1 and body-vs-rest F1 from resampling whole sites with replacement.
 *
 * Why sites and not lines: the lines of one page, and the pages of one site, share a template,
 * so their errors come together (a site's related-story cards are all right or all wrong).
 * Resampling lines would treat 10,000 lines as 10,000 independent trials and give intervals far
 * too narrow; resampling the units that were drawn independently, the sites, is the cluster
 * bootstrap (Davison & Hinkley 1997, "Bootstrap Methods and their Application", section 3.8;
 * the percentile interval is Efron & Tibshirani 1993, chapter 13). With 20-30 held-out sites
 * the interval is wide, and that is the point: a change of 0.003 between two models is inside it.
 */
import { LABELS, type Label } from './types.js';
import { emptyConfusion, metricsFromConfusion } from './check.js';
import { seededRandom } from './eval/metric.js';
import { BoilerstripError, checkOptionNames, invalidArgument } from './errors.js';

/**
 * Resamples of the sites.
 * @default 1000
 */
export const INTERVAL_RESAMPLES = 1000;

/**
 * Share of the resampled figures the interval holds (equal tails cut off each side).
 * @default 0.95
 */
export const INTERVAL_LEVEL = 0.95;

/**
 * Seed of the resampling PRNG, so that a report prints the same interval every run.
 * @default 1
 */
export const INTERVAL_SEED = 1;

export interface SiteIntervalOptions {
  /** @default INTERVAL_RESAMPLES */
  resamples?: number;
  /** @default INTERVAL_LEVEL */
  level?: number;
  /** @default INTERVAL_SEED */
  seed?: number;
}

const OPTION_NAMES = ['resamples', 'level', 'seed'] as const;
const LABEL_SET = new Set<string>(LABELS);

export interface SiteInterval {
  /** Distinct sites resampled. */
  sites: number;
  resamples: number;
  level: number;
  /** [low, high] of macro-F1 over the four classes. */
  macroF1: [number, number];
  /** [low, high] of body-vs-rest F1. */
  bodyF1: [number, number];
}

type Confusion = Record<Label, Record<Label, number>>;

/**
 * The interval of a split's figures, from its lines grouped by site (several entries with one
 * site are added together). Returns `undefined` when fewer than two sites are given: one site
 * resampled is always itself, and an interval of zero width would read as certainty.
 */
export function siteInterval(
  groups: Iterable<{ site: string; lines: Iterable<{ expected: Label; got: Label }> }>,
  options: SiteIntervalOptions = {},
): SiteInterval | undefined {
  const { resamples, level, seed } = resolve('siteInterval', groups, options);
  const bySite = new Map<string, Confusion>();
  for (const group of groups) {
    if (typeof group !== 'object' || group === null || typeof group.site !== 'string') throw invalidArgument('groups[]', '{ site: string, lines }', group, 'siteInterval');
    addLines(bySite, group.site, group.lines, 'siteInterval', 'groups[].lines[]');
  }
  if (bySite.size < 2) return undefined;
  const sites = [...bySite.values()];
  const macro = new Float64Array(resamples);
  const body = new Float64Array(resamples);
  resample(sites.length, resamples, seed, (draw, r) => {
    const m = metricsFromConfusion(sum(sites, draw));
    macro[r] = m.macroF1;
    body[r] = m.bodyF1;
  });
  const tail = (1 - level) / 2;
  return { sites: sites.length, resamples, level, macroF1: percentiles(macro, tail), bodyF1: percentiles(body, tail) };
}

export interface PairedSiteInterval {
  sites: number;
  resamples: number;
  level: number;
  /** Figure of B minus figure of A over all the lines, and [low, high] of that difference. */
  macroF1: { difference: number; interval: [number, number]; bBetter: number };
  bodyF1: { difference: number; interval: [number, number]; bBetter: number };
}

/**
 * How sure a change is: two labellings (A and B) of the same lines, grouped by site, and the
 * interval of B's figure minus A's when whole sites are resampled, each resample scoring both on
 * the same sites (a paired bootstrap: the sites' difficulty cancels, so it is far narrower than
 * the two intervals apart). `bBetter` is the share of resamples in which B scored higher. Every
 * line must carry the same expected label in A and B: they are two answers to one question.
 */
export function pairedSiteInterval(
  groups: Iterable<{ site: string; a: Iterable<{ expected: Label; got: Label }>; b: Iterable<{ expected: Label; got: Label }> }>,
  options: SiteIntervalOptions = {},
): PairedSiteInterval | undefined {
  const fn = 'pairedSiteInterval';
  const { resamples, level, seed } = resolve(fn, groups, options);
  const bySiteA = new Map<string, Confusion>();
  const bySiteB = new Map<string, Confusion>();
  for (const group of groups) {
    if (typeof group !== 'object' || group === null || typeof group.site !== 'string') throw invalidArgument('groups[]', '{ site: string, a, b }', group, fn);
    addLines(bySiteA, group.site, group.a, fn, 'groups[].a[]');
    addLines(bySiteB, group.site, group.b, fn, 'groups[].b[]');
    // Same rows of expected labels: the two sides label the same lines.
    for (const e of LABELS) {
      let na = 0;
      let nb = 0;
      for (const g of LABELS) {
        na += bySiteA.get(group.site)![e][g];
        nb += bySiteB.get(group.site)![e][g];
      }
      if (na !== nb) throw new BoilerstripError('ERR_INVALID_ARG', `${fn}(): site ${JSON.stringify(group.site)} has ${na} ${e} lines in A and ${nb} in B; A and B must label the same lines`);
    }
  }
  if (bySiteA.size < 2) return undefined;
  const a = [...bySiteA.values()];
  const b = [...bySiteB.values()];
  const all = (c: Confusion[]) => metricsFromConfusion(sum(c, Uint32Array.from(c.keys())));
  const [wholeA, wholeB] = [all(a), all(b)];
  const macro = new Float64Array(resamples);
  const body = new Float64Array(resamples);
  resample(a.length, resamples, seed, (draw, r) => {
    const ma = metricsFromConfusion(sum(a, draw));
    const mb = metricsFromConfusion(sum(b, draw));
    macro[r] = mb.macroF1 - ma.macroF1;
    body[r] = mb.bodyF1 - ma.bodyF1;
  });
  const tail = (1 - level) / 2;
  const better = (d: Float64Array) => d.reduce((n, x) => n + (x > 0 ? 1 : 0), 0) / d.length;
  return {
    sites: a.length,
    resamples,
    level,
    macroF1: { difference: wholeB.macroF1 - wholeA.macroF1, interval: percentiles(macro, tail), bBetter: better(macro) },
    bodyF1: { difference: wholeB.bodyF1 - wholeA.bodyF1, interval: percentiles(body, tail), bBetter: better(body) },
  };
}

/** Options checked and resolved with their defaults, in one place for both intervals. */
function resolve(fn: string, groups: unknown, options: SiteIntervalOptions): Required<SiteIntervalOptions> {
  if (typeof groups !== 'object' || groups === null || typeof (groups as Partial<Iterable<unknown>>)[Symbol.iterator] !== 'function') {
    throw invalidArgument('groups', 'an iterable of site groups', groups, fn);
  }
  if (typeof options !== 'object' || options === null) throw invalidArgument('options', 'an object', options, fn);
  checkOptionNames(fn, options, OPTION_NAMES);
  const resamples = options.resamples ?? INTERVAL_RESAMPLES;
  const level = options.level ?? INTERVAL_LEVEL;
  const seed = options.seed ?? INTERVAL_SEED;
  if (!Number.isInteger(resamples) || resamples < 1) throw invalidArgument('options.resamples', 'a positive integer', resamples, fn);
  if (typeof level !== 'number' || !(level > 0 && level < 1)) throw invalidArgument('options.level', 'a number between 0 and 1', level, fn);
  if (!Number.isInteger(seed)) throw invalidArgument('options.seed', 'an integer', seed, fn);
  return { resamples, level, seed };
}

/** Add a group's lines to its site's confusion matrix, checking each. */
function addLines(bySite: Map<string, Confusion>, site: string, lines: Iterable<{ expected: Label; got: Label }>, fn: string, argument: string): void {
  // Named as the lines' own checks are (`groups[].lines` for `groups[].lines[]`): a group without them failed as "lines is not iterable".
  if (typeof lines !== 'object' || lines === null || typeof (lines as Partial<Iterable<unknown>>)[Symbol.iterator] !== 'function') {
    throw invalidArgument(argument.slice(0, -2), 'an iterable of { expected, got } labels', lines, fn);
  }
  let confusion = bySite.get(site);
  if (confusion === undefined) bySite.set(site, (confusion = emptyConfusion()));
  for (const line of lines) {
    if (typeof line !== 'object' || line === null || !LABEL_SET.has(line.expected) || !LABEL_SET.has(line.got)) {
      throw invalidArgument(argument, `{ expected, got }, each one of ${LABELS.join(', ')}`, line, fn);
    }
    confusion[line.expected][line.got] += 1;
  }
}

/**
 * Draw `resamples` resamples of `n` sites with replacement (seeded), handing `score` each draw
 * (the sites' indexes) and its number.
 */
function resample(n: number, resamples: number, seed: number, score: (draw: Uint32Array, r: number) => void): void {
  const random = seededRandom(seed);
  const draw = new Uint32Array(n);
  for (let r = 0; r < resamples; r++) {
    for (let k = 0; k < n; k++) draw[k] = Math.floor(random() * n);
    score(draw, r);
  }
}

/** The sum of the sites' matrices at the drawn indexes (an index drawn twice counts twice). */
function sum(sites: readonly Confusion[], draw: ArrayLike<number>): Confusion {
  const total = emptyConfusion();
  for (let k = 0; k < draw.length; k++) {
    const site = sites[draw[k]!]!;
    for (const e of LABELS) for (const g of LABELS) total[e][g] += site[e][g];
  }
  return total;
}

/**
 * The `tail` and `1 - tail` quantiles of the values, interpolated between order statistics
 * (Hyndman & Fan 1996, definition 7, the default of R and NumPy).
 */
function percentiles(values: Float64Array, tail: number): [number, number] {
  const sorted = values.slice().sort();
  const at = (q: number) => {
    const h = (sorted.length - 1) * q;
    const lo = Math.floor(h);
    const hi = Math.min(lo + 1, sorted.length - 1);
    return sorted[lo]! + (h - lo) * (sorted[hi]! - sorted[lo]!);
  };
  return [at(tail), at(1 - tail)];
}

/** One line for a report: `95% interval over 26 sites (...): macro-F1 0.741-0.802, body-vs-rest F1 0.823-0.879`. */
export function formatInterval(i: SiteInterval | undefined): string {
  if (i === undefined) return 'one site: no interval (resampling needs two or more)';
  const f = ([lo, hi]: [number, number]) => `${lo.toFixed(3)}-${hi.toFixed(3)}`;
  return `${Math.round(i.level * 100)}% interval over its ${i.sites} sites (whole sites resampled ${i.resamples} times): macro-F1 ${f(i.macroF1)}, body-vs-rest F1 ${f(i.bodyF1)}`;
}
