/**
 * The linear scoring model: per-class weights over named features, kept as
 * a data file (`data/model.json`) so they can be hand-set, learned by
 * `npm run train`, diffed and reviewed. The first stage scores context-free
 * features; the context stage adds its own features with their own weights;
 * the sequence stage uses the transition scores.
 */
import { readFileSync } from 'node:fs';
import { CLASSES, type ContentLabel, type Scores } from './types.js';
import type { Features } from './features.js';
import { BoilerstripError } from './errors.js';

export type WeightTable = Record<ContentLabel, Record<string, number>>;

export interface Model {
  /** Where the weights came from (hand-set, or the training run that made them). */
  source: string;
  /** Weights of the context-free features. */
  first: WeightTable;
  /** Weights of the context features, added to the first-stage scores. */
  context: WeightTable;
  /** Log-scale score of moving from class `from` (row) to class `to` (column), in CLASSES order. */
  transitions: number[][];
}

export const MODEL_FILE = new URL('../data/model.json', import.meta.url);
/** Weights trained with Readability's verdict as a feature (HTML with `readability: true`). */
export const READABILITY_MODEL_FILE = new URL('../data/model-readability.json', import.meta.url);

let shared: Model | undefined;
export function defaultModel(): Model {
  shared ??= parseModel(JSON.parse(readFileSync(MODEL_FILE, 'utf8')), MODEL_FILE.pathname);
  return shared;
}

/**
 * Weights trained on the HTML versions of the golden pages only (`npm run train -- --html`).
 * HTML lines carry DOM features text lines never have; a model of their own measured better on
 * held-out HTML than the joint model, while text lines do better with the joint one, which also
 * learns from the HTML cases.
 */
export const HTML_MODEL_FILE = new URL('../data/model-html.json', import.meta.url);

let sharedHtml: Model | undefined;
/** The model for HTML lines; the default model if none was trained. */
export function htmlModel(): Model {
  if (sharedHtml === undefined) {
    let raw: unknown;
    try {
      raw = JSON.parse(readFileSync(HTML_MODEL_FILE, 'utf8'));
    } catch {
      return defaultModel();
    }
    sharedHtml = parseModel(raw, HTML_MODEL_FILE.pathname);
  }
  return sharedHtml;
}

let sharedReadability: Model | undefined;
/** The model for pages labelled with Readability's verdict; the default model if none was trained. */
export function readabilityModel(): Model {
  if (sharedReadability === undefined) {
    let raw: unknown;
    try {
      raw = JSON.parse(readFileSync(READABILITY_MODEL_FILE, 'utf8'));
    } catch {
      return defaultModel();
    }
    sharedReadability = parseModel(raw, READABILITY_MODEL_FILE.pathname);
  }
  return sharedReadability;
}

/** Validate a model object read from JSON; errors name the bad entry. */
export function parseModel(raw: unknown, file = 'model'): Model {
  const fail = (what: string) => new BoilerstripError('ERR_BAD_MODEL', `invalid model: ${what}`, { file });
  if (typeof raw !== 'object' || raw === null) throw fail('not an object');
  const m = raw as Partial<Model>;
  for (const part of ['first', 'context'] as const) {
    const table = m[part];
    if (typeof table !== 'object' || table === null) throw fail(`missing "${part}"`);
    for (const c of CLASSES) {
      const row = (table as Partial<WeightTable>)[c];
      if (typeof row !== 'object' || row === null) throw fail(`"${part}.${c}" missing`);
      for (const [k, v] of Object.entries(row)) if (typeof v !== 'number' || !Number.isFinite(v)) throw fail(`"${part}.${c}.${k}" is not a number`);
    }
  }
  const t = m.transitions;
  if (!Array.isArray(t) || t.length !== CLASSES.length || t.some((r) => !Array.isArray(r) || r.length !== CLASSES.length)) {
    throw fail(`"transitions" must be a ${CLASSES.length}x${CLASSES.length} array`);
  }
  t.forEach((row, i) =>
    (row as unknown[]).forEach((v, j) => {
      if (typeof v !== 'number' || !Number.isFinite(v)) throw fail(`"transitions[${i}][${j}]" is not a number`);
    }),
  );
  return { source: String(m.source ?? 'unknown'), first: m.first!, context: m.context!, transitions: t };
}

/** Scores per class: the weighted sum of the features (sparse dot product). */
export function score(features: Features, table: WeightTable, into?: Scores): Scores {
  const out = into ?? { body: 0, navigation: 0, advertisement: 0, disclaimer: 0 };
  for (const c of CLASSES) {
    const w = table[c];
    let s = into ? out[c] : 0;
    for (const k in features) {
      const wk = w[k];
      if (wk !== undefined) s += wk * features[k]!;
    }
    out[c] = s;
  }
  return out;
}

export function argmax(scores: Scores): ContentLabel {
  let best: ContentLabel = 'body';
  for (const c of CLASSES) if (scores[c] > scores[best]) best = c;
  return best;
}

export function runnerUp(scores: Scores, winner: ContentLabel): ContentLabel {
  let best: ContentLabel | undefined;
  for (const c of CLASSES) if (c !== winner && (best === undefined || scores[c] > scores[best])) best = c;
  return best!;
}

/**
 * Why `winner` beat `other`: the features whose weighted difference pushed
 * hardest towards the winner, as `name +0.00` items.
 */
export function contributions(
  parts: Array<{ features: Features; table: WeightTable }>,
  winner: ContentLabel,
  other: ContentLabel,
  limit = 3,
): string[] {
  // Keep the top `limit` in small parallel arrays: this runs for every line.
  const names: string[] = [];
  const values: number[] = [];
  for (const { features, table } of parts) {
    const w = table[winner];
    const o = table[other];
    for (const k in features) {
      if (k === 'bias') continue;
      const d = ((w[k] ?? 0) - (o[k] ?? 0)) * features[k]!;
      if (d <= 0.05) continue;
      if (values.length === limit && d <= values[limit - 1]!) continue;
      let at = values.length < limit ? values.length : limit - 1;
      while (at > 0 && values[at - 1]! < d) at--;
      values.splice(at, 0, d);
      names.splice(at, 0, k);
      if (values.length > limit) {
        values.pop();
        names.pop();
      }
    }
  }
  return names.map((k, i) => `${k} +${values[i]!.toFixed(2)}`);
}

/** Log-softmax of scores, in CLASSES order (emission scores for the sequence model). */
export function logSoftmax(scores: Scores, out: number[]): number[] {
  let max = -Infinity;
  for (const c of CLASSES) if (scores[c] > max) max = scores[c];
  let sum = 0;
  for (const c of CLASSES) sum += Math.exp(scores[c] - max);
  const lse = max + Math.log(sum);
  CLASSES.forEach((c, i) => (out[i] = scores[c] - lse));
  return out;
}
