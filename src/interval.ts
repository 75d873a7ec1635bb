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
import { checkOptionNames, invalidArgument } from './errors.js';

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
  if (typeof groups !== 'object' || groups === null || typeof (groups as Partial<Iterable<unknown>>)[Symbol.iterator] !== 'function') {
    throw invalidArgument('groups', 'an iterable of { site, lines }', groups, 'siteInterval');
  }
  if (typeof options !== 'object' || options === null) throw invalidArgument('options', 'an object', options, 'siteInterval');
  checkOptionNames('siteInterval', options, OPTION_NAMES);
  const resamples = options.resamples ?? INTERVAL_RESAMPLES;
  const level = options.level ?? INTERVAL_LEVEL;
  const seed = options.seed ?? INTERVAL_SEED;
  if (!Number.isInteger(resamples) || resamples < 1) throw invalidArgument('options.resamples', 'a positive integer', resamples, 'siteInterval');
  if (typeof level !== 'number' || !(level > 0 && level < 1)) throw invalidArgument('options.level', 'a number between 0 and 1', level, 'siteInterval');
  if (!Number.isInteger(seed)) throw invalidArgument('options.seed', 'an integer', seed, 'siteInterval');

  const bySite = new Map<string, Confusion>();
  for (const group of groups) {
    if (typeof group !== 'object' || group === null || typeof group.site !== 'string') throw invalidArgument('groups[]', '{ site: string, lines }', group, 'siteInterval');
    let confusion = bySite.get(group.site);
    if (confusion === undefined) bySite.set(group.site, (confusion = emptyConfusion()));
    for (const line of group.lines) {
      if (typeof line !== 'object' || line === null || !LABEL_SET.has(line.expected) || !LABEL_SET.has(line.got)) {
        throw invalidArgument('groups[].lines[]', `{ expected, got }, each one of ${LABELS.join(', ')}`, line, 'siteInterval');
      }
      confusion[line.expected][line.got] += 1;
    }
  }
  if (bySite.size < 2) return undefined;

  const sites = [...bySite.values()];
  const random = seededRandom(seed);
  const macro = new Float64Array(resamples);
  const body = new Float64Array(resamples);
  const sum = emptyConfusion();
  for (let r = 0; r < resamples; r++) {
    for (const e of LABELS) for (const g of LABELS) sum[e][g] = 0;
    for (let k = 0; k < sites.length; k++) {
      const site = sites[Math.floor(random() * sites.length)]!;
      for (const e of LABELS) for (const g of LABELS) sum[e][g] += site[e][g];
    }
    const m = metricsFromConfusion(sum);
    macro[r] = m.macroF1;
    body[r] = m.bodyF1;
  }
  const tail = (1 - level) / 2;
  return { sites: sites.length, resamples, level, macroF1: percentiles(macro, tail), bodyF1: percentiles(body, tail) };
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
