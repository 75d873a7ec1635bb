/**
 * Learning the weights of data/model.json from golden files, reproducibly
 * (`npm run train`). Three fits, matching the three stages:
 *
 * 1. first-stage weights: multinomial logistic regression over the
 *    context-free features of each non-blank golden line;
 * 2. context weights: the same over the context features, with the
 *    first-stage scores as a fixed offset (final = first + context), so the
 *    runtime's "add the context scores" is exactly what was fitted;
 * 3. transition scores: log P(next | previous) - log P(next) over golden
 *    label sequences, scaled by a factor picked on the training cases.
 *
 * Full-batch gradient descent with L2 and class weights (inverse square root
 * of class frequency, so rare classes such as advertisement are not ignored
 * while body still dominates). Deterministic: same data, same weights.
 */
import { CLASSES, type ContentLabel, type Label, type InputLine, type Scores } from './types.js';
import { smoothInputs } from './smooth.js';
import type { Features } from './features.js';
import { softmaxInto, type Model, type WeightTable } from './model.js';
import { FirstStage, type Scored } from './classify.js';
import { ContextStage, type Contextual } from './context.js';
import { defaultLexicon, type Lexicon } from './lexicon.js';
import { CONTEXT_SCHEMA, FEATURE_SCHEMA, SMOOTH_SCHEMA, toRecord } from './schema.js';
import { DEFAULT_CONTEXT_WINDOW, DEFAULT_MAX_SEEN_LINES } from './options.js';
import { compactEnsemble, defaultTreeInputs, fitTrees, type TreeEnsemble, type TreeExample, type TreeOptions } from './trees.js';
import { FEATURE_COUNT } from './schema.js';
import { computeMetrics } from './check.js';
import type { RepetitionCounts } from './repetition.js';

/** L2 penalty per weight. @default 0.002 */
export const DEFAULT_L2 = 0.002;
/**
 * L2 penalty for the context stage, whose features are few and correlated.
 * @default 0.002 (same as the first stage until measured otherwise)
 */
export const CONTEXT_L2 = 0.002;
/** Gradient steps. @default 600 */
export const DEFAULT_EPOCHS = 600;
/** Step size. @default 0.5 */
export const DEFAULT_LEARNING_RATE = 0.5;

export interface Example {
  features: Features;
  label: ContentLabel;
  /** Fixed per-class offset added to the logits (first-stage scores when fitting the context stage). */
  offset?: Record<ContentLabel, number>;
  /** How much the example counts, times its class weight. @default 1 */
  weight?: number;
}

export interface FitOptions {
  /**
   * Prior weights: L2 pulls each weight towards its prior instead of towards 0 (a Gaussian
   * prior centred on expert weights). Features the corpus rarely shows keep roughly their
   * prior; features it shows often are decided by the data.
   */
  prior?: Partial<WeightTable>;
  l2?: number;
  epochs?: number;
  learningRate?: number;
  /**
   * Class weights are the class frequency to the power minus this. @default 0.5 (inverse
   * square root, see the file's comment). The smoothing layer uses 0: on out-of-fold scores, any
   * class weighting moved its decisions off the best line mix (nested CV, see fitSmoothing).
   */
  classWeightPower?: number;
}

const K = CLASSES.length;
/** addGradient is written out for four classes: a fifth would fail to compile here. */
const FOUR_CLASSES: 4 = K;

/** Training rows for {@link fitSoftmax}, sparse: row r's entries are rowStart[r]..rowStart[r + 1]. */
interface SoftmaxRows {
  rowStart: Uint32Array;
  idx: Int32Array;
  val: Float64Array;
  y: Int32Array;
  rowWeight: Float64Array;
  /** K per row (CLASSES order). */
  offsets: Float64Array;
}

/**
 * Add one epoch's gradient of the weighted softmax loss to G (weights W, both feature-major:
 * [j * 4 + class]). Written out for the four classes, in locals: the fit spends nearly all of
 * `npm run train` here, and loops over a scratch array of four ran ~3.5 times slower.
 */
function addGradient(rows: SoftmaxRows, W: Float64Array, G: Float64Array): void {
  void FOUR_CLASSES;
  const { rowStart, idx, val, y, rowWeight, offsets } = rows;
  for (let r = 0; r < y.length; r++) {
    const from = rowStart[r]!;
    const to = rowStart[r + 1]!;
    let l0 = offsets[r * 4]!;
    let l1 = offsets[r * 4 + 1]!;
    let l2 = offsets[r * 4 + 2]!;
    let l3 = offsets[r * 4 + 3]!;
    for (let e = from; e < to; e++) {
      const at = idx[e]! * 4;
      const v = val[e]!;
      l0 += W[at]! * v;
      l1 += W[at + 1]! * v;
      l2 += W[at + 2]! * v;
      l3 += W[at + 3]! * v;
    }
    const max = Math.max(l0, l1, l2, l3);
    const e0 = Math.exp(l0 - max);
    const e1 = Math.exp(l1 - max);
    const e2 = Math.exp(l2 - max);
    const e3 = Math.exp(l3 - max);
    const sum = e0 + e1 + e2 + e3;
    const w = rowWeight[r]!;
    const label = y[r]!;
    const g0 = (e0 / sum - (label === 0 ? 1 : 0)) * w;
    const g1 = (e1 / sum - (label === 1 ? 1 : 0)) * w;
    const g2 = (e2 / sum - (label === 2 ? 1 : 0)) * w;
    const g3 = (e3 / sum - (label === 3 ? 1 : 0)) * w;
    for (let e = from; e < to; e++) {
      const at = idx[e]! * 4;
      const v = val[e]!;
      G[at] = G[at]! + g0 * v;
      G[at + 1] = G[at + 1]! + g1 * v;
      G[at + 2] = G[at + 2]! + g2 * v;
      G[at + 3] = G[at + 3]! + g3 * v;
    }
  }
}

/** Multinomial logistic regression by full-batch gradient descent (with momentum). */
export function fitSoftmax(examples: readonly Example[], options: FitOptions = {}): WeightTable {
  const l2 = options.l2 ?? DEFAULT_L2;
  const epochs = options.epochs ?? DEFAULT_EPOCHS;
  const lr = options.learningRate ?? DEFAULT_LEARNING_RATE;
  const names = [...new Set(examples.flatMap((e) => Object.keys(e.features)))].sort();
  const index = new Map(names.map((n, i) => [n, i]));
  const D = names.length;
  // Weights feature-major (W[j * K + c]): a line's non-zero features are visited once each, with
  // their K class weights side by side. Per weight, the arithmetic and its order are those of a
  // plain class-by-class loop, so the fit is the same to the last bit; the layout, the typed rows
  // and one exp per class made `npm run train` several times faster (fitting was ~80% of it).
  const P = new Float64Array(K * D);
  CLASSES.forEach((c, ci) => {
    for (const [k, w] of Object.entries(options.prior?.[c] ?? {})) {
      const j = index.get(k);
      if (j !== undefined) P[j * K + ci] = w;
    }
  });
  const W = Float64Array.from(P);
  const V = new Float64Array(K * D);
  const G = new Float64Array(K * D);
  const counts = CLASSES.map((c) => examples.filter((e) => e.label === c).length);
  const power = options.classWeightPower ?? 0.5;
  const classWeight = counts.map((n) => (n > 0 ? (power === 0.5 ? 1 / Math.sqrt(n) : n ** -power) : 0));
  const exampleWeight = (e: Example): number => classWeight[CLASSES.indexOf(e.label)]! * (e.weight ?? 1);
  const norm = examples.reduce((s, e) => s + exampleWeight(e), 0) || 1;
  // Sparse rows in one set of typed arrays: row r's entries are rowStart[r]..rowStart[r + 1].
  const n = examples.length;
  const rowStart = new Uint32Array(n + 1);
  const entryIndex: number[] = [];
  const entryValue: number[] = [];
  const y = new Int32Array(n);
  const rowWeight = new Float64Array(n);
  const offsets = new Float64Array(n * K);
  examples.forEach((e, r) => {
    rowStart[r] = entryIndex.length;
    for (const [k, v] of Object.entries(e.features)) {
      if (v !== 0) {
        entryIndex.push(index.get(k)!);
        entryValue.push(v);
      }
    }
    y[r] = CLASSES.indexOf(e.label);
    rowWeight[r] = exampleWeight(e) / norm;
    if (e.offset) for (let c = 0; c < K; c++) offsets[r * K + c] = e.offset[CLASSES[c]!];
  });
  rowStart[n] = entryIndex.length;
  const idx = Int32Array.from(entryIndex);
  const val = Float64Array.from(entryValue);
  for (let epoch = 0; epoch < epochs; epoch++) {
    G.fill(0);
    addGradient({ rowStart, idx, val, y, rowWeight, offsets }, W, G);
    for (let i = 0; i < W.length; i++) {
      V[i] = 0.9 * V[i]! - lr * (G[i]! + l2 * (W[i]! - P[i]!));
      W[i]! += V[i]!;
    }
  }
  const table = {} as WeightTable;
  CLASSES.forEach((c, ci) => {
    const row: Record<string, number> = {};
    names.forEach((n, j) => {
      const w = W[j * K + ci]!;
      if (Math.abs(w) >= 0.005) row[n] = Math.round(w * 1000) / 1000;
    });
    table[c] = row;
  });
  return table;
}

/** A golden case as training input: its lines (text or text+DOM) and hand labels. */
export interface TrainingCase {
  name: string;
  lines: InputLine[];
  labels: Label[];
  /**
   * How much each of the case's lines counts in training. @default 1. `node scripts/train.mjs
   * --site-balance` gives a site's pages 1/(its page count) each, so a site with three golden
   * pages weighs as much as a site with one.
   */
  weight?: number;
  /** The case's site, which groups its lines when the trees subsample sites (`TreeOptions.subsample`); its name when absent. */
  site?: string;
  /**
   * Cross-document line counts of the batch the case is labelled in (its site's golden pages,
   * `node scripts/train.mjs --cross-doc-cases`), so the fit sees `ctx_cross_doc` as it fires in use.
   */
  repetition?: RepetitionCounts;
}

const ZERO_TABLE = (): WeightTable => ({ body: {}, navigation: {}, advertisement: {}, disclaimer: {} });

/** Run the first and context stages over a case with a model; one Contextual per line. */
export function stageOutputs(c: TrainingCase, model: Model, lexicon: Lexicon = defaultLexicon()): Contextual[] {
  const first = new FirstStage(model, lexicon);
  const context = new ContextStage(model, DEFAULT_CONTEXT_WINDOW, DEFAULT_MAX_SEEN_LINES, c.repetition);
  const a: Scored[] = [];
  const out: Contextual[] = [];
  for (const line of c.lines) first.push(line, a);
  for (const s of a) context.push(s, out);
  context.flush(out);
  return out;
}

/**
 * A fitted table with the prior weight of every feature the training lines never showed (the
 * fit only weighs features it has seen): a comment header, an unseen lexicon category, the
 * cross-document count. Done in every fit, so a cross-validation fold whose training sites
 * happen to lack such a feature is scored the way the shipped model would score it.
 */
function withPriorsFilled(table: WeightTable, prior: Partial<WeightTable> | undefined): WeightTable {
  for (const c of CLASSES) {
    for (const [feature, w] of Object.entries(prior?.[c] ?? {})) if (table[c][feature] === undefined) table[c][feature] = w;
  }
  return table;
}

/** Transition scores from label sequences: scale * (log P(b|a) - log P(b)), add-one smoothed. */
export function fitTransitions(sequences: ContentLabel[][], scale: number): number[][] {
  const pair = CLASSES.map(() => CLASSES.map(() => 1));
  const single = CLASSES.map(() => 1);
  for (const seq of sequences) {
    for (let i = 0; i < seq.length; i++) {
      single[CLASSES.indexOf(seq[i]!)]! += 1;
      if (i > 0) pair[CLASSES.indexOf(seq[i - 1]!)]![CLASSES.indexOf(seq[i]!)]! += 1;
    }
  }
  const total = single.reduce((s, n) => s + n, 0);
  return pair.map((row) => {
    const rowTotal = row.reduce((s, n) => s + n, 0);
    return row.map((n, j) => Math.round(scale * (Math.log(n / rowTotal) - Math.log(single[j]! / total)) * 1000) / 1000);
  });
}

export interface TrainResult {
  model: Model;
  examples: { first: number; context: number };
  /** The golden label sequences the transitions were counted on (refit them at another scale with {@link fitTransitions}). */
  sequences: ContentLabel[][];
}

/** Fit all three parts on the given cases. `scale` weighs the transitions (0 turns smoothing off). */
export function trainModel(
  cases: readonly TrainingCase[],
  scale: number,
  options: FitOptions = {},
  source = 'npm run train',
  contextOptions: FitOptions = options,
): TrainResult {
  const lexicon = defaultLexicon();
  const blankModel: Model = { source, first: ZERO_TABLE(), context: ZERO_TABLE(), transitions: CLASSES.map(() => CLASSES.map(() => 0)) };
  // 1. first stage
  const firstExamples: Example[] = [];
  for (const c of cases) {
    const outs = stageOutputs(c, blankModel, lexicon);
    outs.forEach((o, i) => {
      const label = c.labels[i]!;
      if (!o.blank && label !== 'blank') firstExamples.push({ features: toRecord(o.features, FEATURE_SCHEMA), label, weight: c.weight });
    });
  }
  const first = withPriorsFilled(fitSoftmax(firstExamples, options), options.prior);
  // 2. context stage, with the first-stage scores as offsets
  const withFirst: Model = { ...blankModel, first };
  const contextExamples: Example[] = [];
  const sequences: ContentLabel[][] = [];
  for (const c of cases) {
    const outs = stageOutputs(c, withFirst, lexicon);
    const seq: ContentLabel[] = [];
    outs.forEach((o, i) => {
      const label = c.labels[i]!;
      if (o.blank || label === 'blank') return;
      contextExamples.push({ features: toRecord(o.ctx, CONTEXT_SCHEMA), label, offset: o.scores, weight: c.weight });
      seq.push(label as ContentLabel);
    });
    sequences.push(seq);
  }
  const context = withPriorsFilled(fitSoftmax(contextExamples, contextOptions), contextOptions.prior);
  const transitions = fitTransitions(sequences, scale);
  return { model: { source, first, context, transitions }, examples: { first: firstExamples.length, context: contextExamples.length }, sequences };
}

/**
 * Boosted trees on top of a fitted linear model (trees.ts): every non-blank golden line becomes
 * one example of both its vectors, with the linear model's final scores as the starting point.
 * Lines are weighted like the linear fit (inverse square root of class frequency), scaled so
 * the weights average 1 and TREE_MIN_LEAF keeps meaning lines.
 */
export function fitModelTrees(cases: readonly TrainingCase[], model: Model, options: TreeOptions = {}): TreeEnsemble {
  const linear: Model = { ...model, trees: undefined };
  const lexicon = defaultLexicon();
  const inputs = defaultTreeInputs();
  const examples: TreeExample[] = [];
  const groups = new Map<string, number>();
  for (const c of cases) {
    const key = c.site ?? c.name;
    if (!groups.has(key)) groups.set(key, groups.size);
    const group = groups.get(key)!;
    stageOutputs(c, linear, lexicon).forEach((o, i) => {
      const label = c.labels[i]!;
      if (o.blank || label === 'blank') return;
      const x = new Float64Array(inputs.length);
      x.set(o.features, 0);
      x.set(o.ctx, FEATURE_COUNT);
      examples.push({ x, y: CLASSES.indexOf(label), weight: c.weight ?? 1, offset: Float64Array.from(CLASSES, (k) => o.final[k]), group });
    });
  }
  const counts = CLASSES.map((_, k) => examples.filter((e) => e.y === k).length);
  const classWeight = counts.map((n) => (n > 0 ? 1 / Math.sqrt(n) : 0));
  const total = examples.reduce((s, e) => s + classWeight[e.y]! * e.weight, 0) || 1;
  for (const e of examples) e.weight = (classWeight[e.y]! * e.weight * examples.length) / total;
  return compactEnsemble(fitTrees(inputs, examples, options));
}

/**
 * One document's out-of-fold scores for fitting the smoothing layer: the context stage's final
 * scores of its non-blank lines (from a model that never saw the document's site), each line's
 * `len_log`, and the golden labels.
 */
export interface SmoothingDocument {
  scores: readonly Scores[];
  lenLog: ArrayLike<number>;
  labels: readonly ContentLabel[];
  /** How much each line counts. @default 1 */
  weight?: number;
}

/** The probabilities {@link smoothInputs} reads, K per line, of a document's scores. */
export function documentProbs(scores: readonly Scores[]): Float64Array {
  const probs = new Float64Array(scores.length * CLASSES.length);
  scores.forEach((s, i) => softmaxInto(s, probs, i * CLASSES.length));
  return probs;
}

/**
 * Fit the smoothing layer (smooth.ts) on out-of-fold scores: multinomial logistic regression
 * over SMOOTH_SCHEMA inputs with no class weights. In `npm run train` (session 12), nested
 * 5-fold CV over the tuning sites, text lines: body F1 0.810 -> 0.838, macro-F1 0.724 -> 0.748
 * (session 11, before the inputs were standardised for the fit: 0.836 and 0.722). Class weights
 * lost macro-F1 in both sessions (session 12, `train.mjs --smooth-class-weight`: inverse square
 * root 0.715 / 0.832 macro / body F1 against 0.748 / 0.838 without).
 */
export function fitSmoothing(docs: readonly SmoothingDocument[], options: FitOptions = {}): WeightTable {
  const names = SMOOTH_SCHEMA.names;
  const D = names.length;
  const rows: Float64Array[] = [];
  const labels: ContentLabel[] = [];
  const weights: (number | undefined)[] = [];
  for (const d of docs) {
    const probs = documentProbs(d.scores);
    const n = d.scores.length;
    for (let i = 0; i < n; i++) {
      rows.push(smoothInputs(probs, 0, 0, n, i, d.lenLog[i]!, new Float64Array(D)));
      labels.push(d.labels[i]!);
      weights.push(d.weight);
    }
  }
  // Standardised inputs (mean 0, standard deviation 1 over the examples), the weights mapped
  // back to the raw inputs afterwards, so smoothing in use is unchanged in form. Raw, the window
  // means are probabilities packed into a narrow range, and the 600 plain gradient steps of
  // fitSoftmax left the layer far from its optimum: nested 5-fold CV of `npm run train` (session
  // 12), text lines, macro-F1 / body F1 0.722 / 0.836 raw against 0.751 / 0.841 standardised
  // (HTML model, nested gain: +0.003 standardised against -0.012 raw, both under the bar, so the
  // HTML models have none). Fitted closely on whole pages alone, the layer learned that a line
  // whose windows run past the document's end is footer, and emptied short records; with the
  // article-only documents in the fit (scripts/train.mjs) it is 0.748 / 0.838.
  const { mean, scale } = standardise(rows, SMOOTH_SCHEMA.index.get('bias')!);
  const examples: Example[] = rows.map((x, r) => {
    const features: Record<string, number> = {};
    for (let j = 0; j < D; j++) {
      const z = (x[j]! - mean[j]!) / scale[j]!;
      if (z !== 0) features[names[j]!] = z;
    }
    return { features, label: labels[r]!, weight: weights[r] };
  });
  return unstandardise(fitSoftmax(examples, { classWeightPower: 0, ...options }), names, mean, scale, SMOOTH_SCHEMA.index.get('bias')!);
}

/** Per input, its mean and standard deviation over `rows` (0 and 1 for the bias and for constant inputs). */
function standardise(rows: readonly Float64Array[], bias: number): { mean: Float64Array; scale: Float64Array } {
  const D = rows[0]?.length ?? 0;
  const mean = new Float64Array(D);
  const scale = new Float64Array(D).fill(1);
  if (rows.length === 0) return { mean, scale };
  for (const x of rows) for (let j = 0; j < D; j++) mean[j]! += x[j]!;
  for (let j = 0; j < D; j++) mean[j]! /= rows.length;
  const sq = new Float64Array(D);
  for (const x of rows) for (let j = 0; j < D; j++) sq[j]! += (x[j]! - mean[j]!) ** 2;
  for (let j = 0; j < D; j++) {
    const sd = Math.sqrt(sq[j]! / rows.length);
    if (j === bias || !(sd > 1e-9)) {
      mean[j] = 0;
      scale[j] = 1;
    } else scale[j] = sd;
  }
  return { mean, scale };
}

/**
 * Weights fitted on standardised inputs, as weights on the raw inputs: w / scale per input, and
 * the bias less the sum of w * mean / scale, so every line scores the same.
 */
function unstandardise(table: WeightTable, names: readonly string[], mean: Float64Array, scale: Float64Array, bias: number): WeightTable {
  const out = {} as WeightTable;
  for (const c of CLASSES) {
    const row = table[c] ?? {};
    const raw: Record<string, number> = {};
    let b = row[names[bias]!] ?? 0;
    names.forEach((name, j) => {
      if (j === bias) return;
      const w = row[name] ?? 0;
      if (w === 0) return;
      raw[name] = w / scale[j]!;
      b -= (w * mean[j]!) / scale[j]!;
    });
    raw[names[bias]!] = b;
    const rounded: Record<string, number> = {};
    for (const [k, v] of Object.entries(raw)) if (Math.abs(v) >= 0.0005) rounded[k] = Math.round(v * 10000) / 10000;
    out[c] = rounded;
  }
  return out;
}

/** Candidate decision offsets per class, relative to body (model.ts `offsets`). */
export const OFFSET_GRID: readonly number[] = [-1, -0.5, 0, 0.5, 1];

/** One labelled line with its final scores (per class, CLASSES order), for {@link chooseOffsets}. */
export interface ScoredLine {
  expected: ContentLabel;
  scores: ArrayLike<number>;
}

/** The class a line's scores (CLASSES order) give once `offsets` are added; ties go to the earlier class. */
export function labelWithOffsets(scores: ArrayLike<number>, offsets: Readonly<Record<ContentLabel, number>>): ContentLabel {
  let best = 0;
  let bestScore = scores[0]! + offsets.body;
  for (let c = 1; c < K; c++) {
    const v = scores[c]! + offsets[CLASSES[c]!];
    if (v > bestScore) {
      best = c;
      bestScore = v;
    }
  }
  return CLASSES[best]!;
}

/**
 * Decision offsets (model.ts) that maximise macro-F1 plus body-vs-rest F1 over `lines`, from
 * OFFSET_GRID for navigation, advertisement and disclaimer with body fixed at 0. `lines` must
 * carry out-of-fold scores (from models that did not see them): on lines a model was fitted on,
 * its scores are too sure of themselves to say where the boundary belongs. Ties keep the
 * earlier grid point, with the all-zero point tried first, so no evidence means no offsets.
 */
export function chooseOffsets(lines: readonly ScoredLine[]): Record<ContentLabel, number> {
  const evaluate = (o: Record<ContentLabel, number>): number => {
    const m = computeMetrics(lines.map((l) => ({ expected: l.expected, got: labelWithOffsets(l.scores, o) })));
    return m.macroF1 + m.bodyF1;
  };
  let best: Record<ContentLabel, number> = { body: 0, navigation: 0, advertisement: 0, disclaimer: 0 };
  let bestValue = evaluate(best);
  for (const navigation of OFFSET_GRID) {
    for (const advertisement of OFFSET_GRID) {
      for (const disclaimer of OFFSET_GRID) {
        const o = { body: 0, navigation, advertisement, disclaimer };
        const v = evaluate(o);
        if (v > bestValue) {
          bestValue = v;
          best = o;
        }
      }
    }
  }
  return best;
}
