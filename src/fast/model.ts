/**
 * The fast model's weights: two softmax layers, as jusText classifies in two steps. The first
 * scores a line from its own scan (FAST_FEATURES); the second from the first's probabilities
 * on the line and its neighbours and where the prose is (FAST_CONTEXT). Learned by
 * scripts/train-fast.mjs from the golden tuning split; shipped as data/model-fast.json.
 */
import { readFileSync } from 'node:fs';
import { BoilerstripError } from '../errors.js';
import { CLASSES, type ContentLabel } from '../types.js';
import { FAST_FEATURES } from './scan.js';

/** The second layer's inputs, in vector order. */
export const CI = {
  bias: 0, own_body: 1, own_navigation: 2, own_advertisement: 3, own_disclaimer: 4, prev_body: 5, prev_navigation: 6,
  prev_advertisement: 7, prev_disclaimer: 8, next_body: 9, next_navigation: 10, next_advertisement: 11,
  next_disclaimer: 12, behind_body: 13, behind_navigation: 14, behind_advertisement: 15, behind_disclaimer: 16,
  ahead_body: 17, ahead_navigation: 18, ahead_advertisement: 19, ahead_disclaimer: 20, prose_behind: 21,
  prose_ahead: 22, prose_seen: 23, since_prose: 24, position: 25, doc_start: 26, own_prose: 27,
  short_between_prose: 28,
} as const;
export type FastContextFeature = keyof typeof CI;
/** The names in vector order. */
export const FAST_CONTEXT: readonly FastContextFeature[] = Object.freeze(Object.keys(CI) as FastContextFeature[]);

/** Weights by class, then by feature name (what scripts/train-fast.mjs writes). */
export type FastWeights = Record<ContentLabel, Record<string, number>>;

export interface FastModelData {
  source: string;
  first: FastWeights;
  context: FastWeights;
}

/**
 * A model ready to score: each layer's weights feature-major (weight of feature i for class c at
 * i * 4 + c), so a line's non-zero features are visited once, with their four weights side by side.
 */
export interface FastModel {
  readonly source: string;
  readonly first: Float64Array;
  readonly context: Float64Array;
}

export const FAST_MODEL_FILE = new URL('../../data/model-fast.json', import.meta.url);

/** Dense feature-major weights (see FastModel) of a name-keyed table; unknown names fail. */
function dense(table: unknown, part: string, names: readonly string[], fail: (what: string) => Error): Float64Array {
  if (typeof table !== 'object' || table === null) throw fail(`missing "${part}"`);
  const out = new Float64Array(CLASSES.length * names.length);
  CLASSES.forEach((c, k) => {
    const row = (table as Record<string, unknown>)[c];
    if (typeof row !== 'object' || row === null) throw fail(`"${part}.${c}" missing`);
    for (const [name, v] of Object.entries(row)) {
      const i = names.indexOf(name);
      if (i < 0) throw fail(`"${part}.${c}.${name}" is not a feature of this layer`);
      if (typeof v !== 'number' || !Number.isFinite(v)) throw fail(`"${part}.${c}.${name}" is not a number`);
      out[i * CLASSES.length + k] = v;
    }
  });
  return out;
}

/** Check and densify a fast model's data (a parsed data/model-fast.json). */
export function parseFastModel(raw: unknown, file = 'fast model'): FastModel {
  const fail = (what: string) => new BoilerstripError('ERR_BAD_MODEL', `invalid fast model: ${what}`, { file });
  if (typeof raw !== 'object' || raw === null) throw fail('not an object');
  const m = raw as Partial<FastModelData>;
  return Object.freeze({
    source: String(m.source ?? 'unknown'),
    first: dense(m.first, 'first', FAST_FEATURES, fail),
    context: dense(m.context, 'context', FAST_CONTEXT, fail),
  });
}

let shared: FastModel | undefined;
/** data/model-fast.json, read and checked on first use, then shared (its arrays are not to be written). */
export function defaultFastModel(): FastModel {
  if (shared === undefined) {
    const file = FAST_MODEL_FILE;
    let raw: unknown;
    try {
      raw = JSON.parse(readFileSync(file, 'utf8'));
    } catch (e) {
      throw new BoilerstripError('ERR_BAD_MODEL', `cannot read the fast model: ${(e as Error).message}`, { file: file.pathname });
    }
    shared = parseFastModel(raw, file.pathname);
  }
  return shared;
}
