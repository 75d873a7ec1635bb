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
import { BoilerstripError, invalidArgument } from './errors.js';
import { CONTEXT_SCHEMA, FEATURE_SCHEMA, SMOOTH_SCHEMA, type FeatureVector, type Schema } from './schema.js';
import { parseEnsemble, type TreeEnsemble } from './trees.js';

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
  /**
   * Boosted trees over both feature vectors, added to the context stage's scores (trees.ts):
   * the interactions a sum of weights cannot express. Absent in hand-set models.
   */
  trees?: TreeEnsemble;
  /**
   * Per-class decision offsets, added to every line's final scores after the trees. Training
   * weighs lines by the inverse square root of their class's frequency, so advertisement and
   * disclaimer are not ignored; that also moves the decision boundary past where it scores best
   * on sites the model has not seen. `npm run train` picks these offsets on the out-of-fold
   * scores of its cross-validation (train.ts, {@link chooseOffsets}), never on the lines it fitted.
   * Absent: all 0.
   */
  offsets?: Record<ContentLabel, number>;
  /**
   * Weights of the smoothing layer over SMOOTH_SCHEMA (smooth.ts): each line re-scored from its
   * own final probabilities and its neighbours'. Fitted by `npm run train` on out-of-fold scores
   * and kept only when nested cross-validation shows a gain. Absent: no smoothing. A model has
   * this or `offsets`, not both (offsets are chosen on the scores before smoothing).
   */
  smooth?: WeightTable;
  /**
   * Fitted on Markdown dumps with the facts their syntax gives (link share, heading level, list,
   * table, image: MarkdownReader.read) as DOM facts. With the `markdown` option the labeller hands
   * such a model those facts; a model without the flag gets each line's visible text alone, as
   * it was fitted on text (the facts measured worse with the text and HTML models:
   * scripts/eval-markdown.mjs). Absent: false.
   */
  markdown?: boolean;
}

export const MODEL_FILE = new URL('../data/model.json', import.meta.url);
/** Weights trained with Readability's verdict as a feature (HTML with `readability: true`). */
export const READABILITY_MODEL_FILE = new URL('../data/model-readability.json', import.meta.url);

let shared: Model | undefined;
/**
 * The model for text lines (data/model.json). It is shared by every labeller in the process, so
 * it is frozen (as are {@link htmlModel}, {@link markdownModel} and {@link readabilityModel}):
 * writing to its tables throws a TypeError. To change weights, copy it first:
 * `parseModel(structuredClone(defaultModel()))`.
 */
export function defaultModel(): Model {
  shared ??= freezeModel(parseModel(JSON.parse(readFileSync(MODEL_FILE, 'utf8')), MODEL_FILE.pathname));
  return shared;
}

/**
 * Freeze a model's tables in place. The shipped models are shared by every labeller of the
 * process, so an edit would change all of them; frozen, their dense tables can be resolved
 * once and reused (see {@link denseTable}) instead of once per document: for a batch of
 * small files that resolving was ~9% of the time.
 */
export function freezeModel(model: Model): Model {
  for (const table of model.smooth === undefined ? [model.first, model.context] : [model.first, model.context, model.smooth]) {
    for (const c of CLASSES) Object.freeze(table[c]);
    Object.freeze(table);
  }
  for (const row of model.transitions) Object.freeze(row);
  Object.freeze(model.transitions);
  if (model.offsets !== undefined) Object.freeze(model.offsets);
  if (model.trees !== undefined) {
    for (const tree of model.trees.trees) Object.freeze(tree);
    Object.freeze(model.trees.trees);
    Object.freeze(model.trees.inputs);
    Object.freeze(model.trees);
  }
  return Object.freeze(model);
}

/**
 * Weights trained on the HTML versions of the golden pages only (`npm run train -- --html`).
 * HTML lines carry DOM features text lines never have; a model of their own measured better on
 * held-out HTML than the joint model, while text lines do better with the joint one, which also
 * learns from the HTML cases.
 */
export const HTML_MODEL_FILE = new URL('../data/model-html.json', import.meta.url);

/** Loaded optional models by file; a missing file falls back to the default model. */
const optional = new Map<string, Model>();

/**
 * A model shipped beside the default one, loaded once. A file that cannot be read (not trained
 * yet) means the default model; a file that reads but is malformed is an error naming it.
 */
function optionalModel(file: URL): Model {
  let model = optional.get(file.href);
  if (model === undefined) {
    let raw: unknown;
    try {
      raw = JSON.parse(readFileSync(file, 'utf8'));
    } catch {
      return defaultModel();
    }
    model = freezeModel(parseModel(raw, file.pathname));
    optional.set(file.href, model);
  }
  return model;
}

/**
 * The model for HTML lines, which labelHtml uses; the default model if none was trained. Lines of
 * `htmlToLines` given to labelLines are scored by the text model unless this is passed as `model`.
 */
export function htmlModel(): Model {
  return optionalModel(HTML_MODEL_FILE);
}

/**
 * Weights trained on the golden pages dumped to Markdown (`node scripts/train.mjs --markdown`),
 * over each line's visible text and its syntax's facts: the default model for the `markdown` option.
 */
export const MARKDOWN_MODEL_FILE = new URL('../data/model-markdown.json', import.meta.url);

/** The model for Markdown lines; the default model if none was trained. */
export function markdownModel(): Model {
  return optionalModel(MARKDOWN_MODEL_FILE);
}

/** The model for pages labelled with Readability's verdict; the default model if none was trained. */
export function readabilityModel(): Model {
  return optionalModel(READABILITY_MODEL_FILE);
}

/** Validate a model object read from JSON; errors name the bad entry. */
export function parseModel(raw: unknown, file = 'model'): Model {
  if (typeof file !== 'string') throw invalidArgument('file', 'a string (its name, for errors)', file, 'parseModel');
  const fail = (what: string) => new BoilerstripError('ERR_BAD_MODEL', `invalid model: ${what}`, { file });
  if (typeof raw !== 'object' || raw === null) throw fail('not an object');
  const m = raw as Partial<Model>;
  checkTable(m.first, 'first', FEATURE_SCHEMA, fail);
  checkTable(m.context, 'context', CONTEXT_SCHEMA, fail);
  const t = m.transitions;
  if (!Array.isArray(t) || t.length !== CLASSES.length || t.some((r) => !Array.isArray(r) || r.length !== CLASSES.length)) {
    throw fail(`"transitions" must be a ${CLASSES.length}x${CLASSES.length} array`);
  }
  t.forEach((row, i) =>
    (row as unknown[]).forEach((v, j) => {
      if (typeof v !== 'number' || !Number.isFinite(v)) throw fail(`"transitions[${i}][${j}]" is not a number`);
    }),
  );
  const model: Model = { source: String(m.source ?? 'unknown'), first: m.first!, context: m.context!, transitions: t };
  if (m.offsets !== undefined) {
    const o = m.offsets as unknown;
    if (typeof o !== 'object' || o === null) throw fail('"offsets" must be an object of per-class numbers');
    const offsets = {} as Record<ContentLabel, number>;
    for (const c of CLASSES) {
      const v = (o as Record<string, unknown>)[c] ?? 0;
      if (typeof v !== 'number' || !Number.isFinite(v)) throw fail(`"offsets.${c}" is not a number`);
      offsets[c] = v;
    }
    for (const k of Object.keys(o)) if (!(CLASSES as readonly string[]).includes(k)) throw fail(`"offsets.${k}" is not a class`);
    model.offsets = offsets;
  }
  if (m.markdown !== undefined) {
    if (typeof m.markdown !== 'boolean') throw fail('"markdown" must be true or false');
    model.markdown = m.markdown;
  }
  if (m.smooth !== undefined) {
    if (model.offsets !== undefined) throw fail('"smooth" and "offsets" cannot both be set');
    checkTable(m.smooth, 'smooth', SMOOTH_SCHEMA, fail);
    model.smooth = m.smooth;
  }
  if (m.trees !== undefined) {
    model.trees = parseEnsemble(m.trees, fail);
    for (const name of model.trees.inputs) {
      if (!FEATURE_SCHEMA.index.has(name) && !CONTEXT_SCHEMA.index.has(name)) throw fail(`tree input "${name}" is not a known feature`);
    }
  }
  return model;
}

/** Check one name-keyed weight table of a model file: a row of finite numbers per class, every name in `schema`. */
function checkTable(table: unknown, part: string, schema: Schema, fail: (what: string) => Error): asserts table is WeightTable {
  if (typeof table !== 'object' || table === null) throw fail(`missing "${part}"`);
  for (const c of CLASSES) {
    const row = (table as Partial<WeightTable>)[c];
    if (typeof row !== 'object' || row === null) throw fail(`"${part}.${c}" missing`);
    for (const [k, v] of Object.entries(row)) {
      if (typeof v !== 'number' || !Number.isFinite(v)) throw fail(`"${part}.${c}.${k}" is not a number`);
      if (!schema.index.has(k)) throw fail(`"${part}.${c}.${k}" is not a known ${schema.kind}`);
    }
  }
}

/**
 * A weight table resolved against a feature schema: one row of
 * `schema.names.length` weights per class, in CLASSES order, 0 where the
 * table has no entry. Built once per labeller, so scoring a line is a dense
 * dot product instead of a lookup per named feature.
 */
export interface DenseTable {
  readonly schema: Schema;
  /** weights[c * width + i]: weight of feature i for class CLASSES[c]. */
  readonly weights: Float64Array;
  readonly width: number;
  /** What a reason needs of the table's features, made when a reason first reads it (see reasonSlotsOf). */
  reasonSlots?: ReasonSlots | undefined;
}

/** Per feature of a table's schema: its name as a reason writes it ('name +'), and whether it is the bias (never named). */
export interface ReasonSlots {
  readonly names: readonly string[];
  readonly bias: Uint8Array;
}

/** Dense tables of frozen weight tables (see freezeModel), per schema. Read-only once made. */
const frozenTables = new WeakMap<WeightTable, Map<Schema, DenseTable>>();

function isFrozenTable(table: WeightTable): boolean {
  if (!Object.isFrozen(table)) return false;
  for (const c of CLASSES) if (table[c] !== undefined && !Object.isFrozen(table[c])) return false;
  return true;
}

/**
 * Resolve a name-keyed table. A name outside the schema throws naming the
 * entry (parseModel checks files the same way; this covers tables built in code).
 * A frozen table (the shipped models) is resolved once and the same DenseTable is
 * returned after that; a table that can still change is resolved on every call,
 * so a model edited between runs (training does this) is never scored with stale weights.
 */
export function denseTable(table: WeightTable, schema: Schema, part = schema === CONTEXT_SCHEMA ? 'context' : 'first'): DenseTable {
  // The cache first: a table in it was frozen when it went in, and stays so. Asked first,
  // isFrozenTable walked every weight of a large table (Object.isFrozen on an object of
  // hundreds of keys) for each labeller made, one per JSONL record.
  let bySchema = frozenTables.get(table);
  const cached = bySchema?.get(schema);
  if (cached !== undefined) return cached;
  if (!isFrozenTable(table)) return resolveTable(table, schema, part);
  if (bySchema === undefined) frozenTables.set(table, (bySchema = new Map()));
  let dense = bySchema.get(schema);
  if (dense === undefined) bySchema.set(schema, (dense = resolveTable(table, schema, part)));
  return dense;
}

function resolveTable(table: WeightTable, schema: Schema, part: string): DenseTable {
  const width = schema.names.length;
  const weights = new Float64Array(CLASSES.length * width);
  CLASSES.forEach((c, ci) => {
    for (const [k, w] of Object.entries(table[c] ?? {})) {
      const i = schema.index.get(k);
      if (i === undefined) throw new BoilerstripError('ERR_BAD_MODEL', `invalid model: "${part}.${c}.${k}" is not a known ${schema.kind}`);
      weights[ci * width + i] = w;
    }
  });
  return { schema, weights, width, reasonSlots: undefined };
}

/**
 * Scores per class of a feature vector: the dense dot product with each class
 * row, added to `into` when given. Zero features are skipped, so the terms
 * added (and their order) are those of the name-keyed sum.
 */
export function scoreVector(features: FeatureVector, table: DenseTable, into?: Scores): Scores {
  const out = into ?? { body: 0, navigation: 0, advertisement: 0, disclaimer: 0 };
  const w = table.weights;
  const n = table.width;
  // The sums start from `into`'s values read back from a Float64Array: started from the object's
  // fields, V8 kept the running sums boxed and allocated a number per addition (~900 bytes per
  // line in the context stage, V8's sampling heap profiler). A double comes back from the array
  // bit for bit.
  const start = START;
  start[0] = into ? out.body : 0;
  start[1] = into ? out.navigation : 0;
  start[2] = into ? out.advertisement : 0;
  start[3] = into ? out.disclaimer : 0;
  let b = start[0]!;
  let nav = start[1]!;
  let ad = start[2]!;
  let d = start[3]!;
  for (let i = 0; i < n; i++) {
    const v = features[i]!;
    if (v === 0) continue;
    b += w[i]! * v;
    nav += w[n + i]! * v;
    ad += w[2 * n + i]! * v;
    d += w[3 * n + i]! * v;
  }
  out.body = b;
  out.navigation = nav;
  out.advertisement = ad;
  out.disclaimer = d;
  return out;
}

/** The four starting sums of {@link scoreVector} (reused). */
const START = new Float64Array(CLASSES.length);

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

/**
 * The class with the highest score, the first in CLASSES order on a tie. Written out per class
 * in that order (body, navigation, advertisement, disclaimer) rather than looped with keyed
 * reads: it runs for every line.
 */
export function argmax(scores: Scores): ContentLabel {
  let best: ContentLabel = 'body';
  let top = scores.body;
  if (scores.navigation > top) {
    best = 'navigation';
    top = scores.navigation;
  }
  if (scores.advertisement > top) {
    best = 'advertisement';
    top = scores.advertisement;
  }
  if (scores.disclaimer > top) best = 'disclaimer';
  return best;
}

/** The best class other than `winner`, the first in CLASSES order on a tie (written out as {@link argmax}). */
export function runnerUp(scores: Scores, winner: ContentLabel): ContentLabel {
  let best: ContentLabel | undefined;
  let top = 0;
  if (winner !== 'body') {
    best = 'body';
    top = scores.body;
  }
  if (winner !== 'navigation' && (best === undefined || scores.navigation > top)) {
    best = 'navigation';
    top = scores.navigation;
  }
  if (winner !== 'advertisement' && (best === undefined || scores.advertisement > top)) {
    best = 'advertisement';
    top = scores.advertisement;
  }
  if (winner !== 'disclaimer' && (best === undefined || scores.disclaimer > top)) best = 'disclaimer';
  return best!;
}

/** Most contributions a reason names. @default 3 */
export const REASON_FEATURES = 3;

/**
 * The strongest contributions found so far, best first (reused: this runs for every line when
 * reasons are on). Equal values keep the order they were found in.
 */
const topValues = new Float64Array(REASON_FEATURES + 1);
/** The names of the strongest contributions, as a reason writes them ('name +'). */
const topNames: string[] = new Array<string>(REASON_FEATURES + 1).fill('');

/**
 * A table's {@link ReasonSlots}, kept on the table: two WeakMap lookups per table per line (the
 * names and the bias flags, ~4 a reason) were a small cost of every reason for nothing.
 */
function reasonSlotsOf(table: DenseTable): ReasonSlots {
  return (table.reasonSlots ??= {
    names: table.schema.names.map((k) => k + ' +'),
    bias: Uint8Array.from(table.schema.names, (k) => (k === 'bias' ? 1 : 0)),
  });
}

/**
 * Smallest push (in logits, towards the label against the runner-up) that a reason names: a
 * feature, a tree split or a smoothing window that moved the line by less shows as 0.00 or
 * 0.01 in a reason's two decimals, and says nothing about why.
 * @default 0.05
 */
export const REASON_MIN_PUSH = 0.05;
/**
 * Smallest difference of two classes' decision offsets that a reason shows (`; offsets -0.50`):
 * under it the offsets did not decide the line.
 * @default 0.005
 */
export const REASON_MIN_OFFSET = 0.005;

/** Add one part's contributions to the top list of `count` entries; the new count. */
function addContributions(features: FeatureVector, table: DenseTable, wi: number, oi: number, limit: number, count: number): number {
  const n = table.width;
  const w = table.weights;
  const { names, bias } = reasonSlotsOf(table);
  for (let i = 0; i < n; i++) {
    const v = features[i]!;
    if (v === 0 || bias[i] === 1) continue;
    const d = (w[wi * n + i]! - w[oi * n + i]!) * v;
    if (d <= REASON_MIN_PUSH) continue;
    if (count === limit && d <= topValues[limit - 1]!) continue;
    let at = count < limit ? count : limit - 1;
    while (at > 0 && topValues[at - 1]! < d) at--;
    // Shift the weaker ones down one place (the last falls off when the list is full).
    for (let k = Math.min(count, limit - 1); k > at; k--) {
      topValues[k] = topValues[k - 1]!;
      topNames[k] = topNames[k - 1]!;
    }
    topValues[at] = d;
    topNames[at] = names[i]!;
    if (count < limit) count++;
  }
  return count;
}

function formatContributions(count: number): string[] {
  const out = new Array<string>(count);
  for (let k = 0; k < count; k++) out[k] = topNames[k]! + toFixed2(topValues[k]!);
  return out;
}

/**
 * Largest value {@link toFixed2} formats itself (larger ones, negatives and NaN go to
 * Number#toFixed): it keeps value x 100 below 2^53 with an ulp of at most 1/8, which the exact
 * rounding below relies on. Not a tuning number.
 * @default 1e13
 */
export const FAST_FIXED_MAX = 1e13;

/** Veltkamp's splitter for binary64 (2^27 + 1): splits a double into two halves of 26 bits. */
const SPLITTER = 134217729;

/** '00' to '99', the decimals {@link toFixed2} writes. */
const TWO_DIGITS = Array.from({ length: 100 }, (_, i) => (i < 10 ? '0' : '') + String(i));

/**
 * Hundredths below which {@link toFixed2} takes its text from a table made once ('0.00' to
 * '9.99'): a reason's contributions are nearly all below 10, and each was three new pieces
 * of text (the whole part as a new string among them).
 * @default 1000
 */
export const FIXED2_TABLE_SIZE = 1000;

const FIXED2_TABLE = Array.from({ length: FIXED2_TABLE_SIZE }, (_, n) => String(Math.floor(n / 100)) + '.' + TWO_DIGITS[n % 100]!);

/**
 * `x.toFixed(2)`, character for character. The builtin costs ~250 ns a call, and reasons format
 * three numbers per line: it was most of the time spent writing reasons. toFixed picks the
 * integer n nearest the exact value of x * 100, the larger on a tie; the product in floating
 * point is rounded, so its rounding error is recovered exactly (Dekker's two-product: 100 and
 * each half of x multiply without rounding) and the tie is judged on product + error. The sign
 * of a floating-point sum is always exact, which is all the test needs.
 */
export function toFixed2(x: number): string {
  if (!(x >= 0 && x <= FAST_FIXED_MAX)) return x.toFixed(2);
  const n = hundredths(x);
  if (n < FIXED2_TABLE_SIZE) return FIXED2_TABLE[n]!;
  const whole = Math.floor(n / 100);
  return String(whole) + '.' + TWO_DIGITS[n - whole * 100]!;
}

/** The integer nearest the exact value of x * 100, the larger on a tie, for 0 <= x <= FAST_FIXED_MAX (see toFixed2). */
function hundredths(x: number): number {
  const p = x * 100;
  const c = SPLITTER * x;
  const hi = c - (c - x);
  const lo = x - hi;
  const err = hi * 100 - p + lo * 100;
  let n = Math.floor(p);
  // p - n is exact; (p - n) - 0.5 is exact when it matters (p - n >= 1/4), and |err| <= 1/16.
  if (p - n - 0.5 + err >= 0) n += 1;
  return n;
}

/**
 * Why `winner` beat `other`: the features whose weighted difference pushed
 * hardest towards the winner, as `name +0.00` items, over feature vectors and
 * resolved tables (the labelling path).
 */
export function vectorContributions(
  parts: Array<{ features: FeatureVector; table: DenseTable }>,
  winner: ContentLabel,
  other: ContentLabel,
  limit = REASON_FEATURES,
): string[] {
  if (limit > REASON_FEATURES) throw new RangeError(`at most ${REASON_FEATURES} contributions`);
  const wi = CLASSES.indexOf(winner);
  const oi = CLASSES.indexOf(other);
  let count = 0;
  for (const { features, table } of parts) count = addContributions(features, table, wi, oi, limit, count);
  return formatContributions(count);
}

/**
 * {@link vectorContributions} of a line's two vectors, written as pieces of text into `pieces`
 * from `at`: `lead` before the first item, then `name +0.00` items separated by ', ' (nothing
 * when no feature counts). Returns the next free index, so a caller joins the pieces once
 * (the hot path: one flat string per reason instead of a tree of concatenations).
 */
export function appendLineContributions(
  features: FeatureVector,
  first: DenseTable,
  ctx: FeatureVector,
  context: DenseTable,
  winner: ContentLabel,
  other: ContentLabel,
  lead: string,
  pieces: string[],
  at: number,
): number {
  const wi = CLASSES.indexOf(winner);
  const oi = CLASSES.indexOf(other);
  const count = addContributions(ctx, context, wi, oi, REASON_FEATURES, addContributions(features, first, wi, oi, REASON_FEATURES, 0));
  for (let k = 0; k < count; k++) {
    const separator = k > 0 ? ', ' : lead;
    if (separator !== '') pieces[at++] = separator;
    pieces[at++] = topNames[k]!;
    pieces[at++] = toFixed2(topValues[k]!);
  }
  return at;
}

/** Softmax of `s` into `out` at `at` (CLASSES order). */
export function softmaxInto(s: Scores, out: Float64Array, at: number): void {
  const m = Math.max(s.body, s.navigation, s.advertisement, s.disclaimer);
  const b = Math.exp(s.body - m);
  const n = Math.exp(s.navigation - m);
  const a = Math.exp(s.advertisement - m);
  const d = Math.exp(s.disclaimer - m);
  const z = b + n + a + d;
  out[at] = b / z;
  out[at + 1] = n / z;
  out[at + 2] = a / z;
  out[at + 3] = d / z;
}

/** Log-softmax of scores, in CLASSES order (emission scores for the sequence model). */
export function logSoftmax(scores: Scores, out: number[]): number[] {
  // Per class in CLASSES order, written out (it runs for every line): the same operations, in
  // the same order, as a loop over CLASSES.
  const b = scores.body;
  const n = scores.navigation;
  const a = scores.advertisement;
  const d = scores.disclaimer;
  let max = -Infinity;
  if (b > max) max = b;
  if (n > max) max = n;
  if (a > max) max = a;
  if (d > max) max = d;
  const sum = Math.exp(b - max) + Math.exp(n - max) + Math.exp(a - max) + Math.exp(d - max);
  const lse = max + Math.log(sum);
  out[0] = b - lse;
  out[1] = n - lse;
  out[2] = a - lse;
  out[3] = d - lse;
  return out;
}
