/**
 * Boosted decision trees over a line's features, added to the linear model's scores.
 *
 * The linear model adds one weight per feature, so it cannot say "a link list is navigation
 * unless it sits inside the article core and is short" without a hand-made cross for each such
 * pair (schema.ts has sixty). Small trees form these interactions from the data: each tree
 * asks three or four questions of a line (`hint_content > 0.5`, `link_density <= 0.3`, ...)
 * and adds a value to one class's score. Gradient boosting with Newton steps for the softmax
 * loss (Friedman 2001, "Greedy function approximation"; the second-order leaf values and gain of
 * Chen & Guestrin 2016, XGBoost), starting from the linear model's scores rather than from zero,
 * so the trees learn only what the linear model gets wrong.
 *
 * Inference is a few comparisons per tree, on the feature vectors the earlier stages already
 * made; the ensemble is plain data in the model file.
 */
import { CLASSES, type Scores } from './types.js';
import { BoilerstripError } from './errors.js';
import { CONTEXT_SCHEMA, FEATURE_SCHEMA, type FeatureVector } from './schema.js';
import { seededRandom } from './eval/metric.js';

const K = CLASSES.length;

/**
 * One tree as parallel arrays over its nodes (node 0 is the root). An inner node tests
 * `input[feature[n]] <= value[n]` and goes to `left[n]`, else `right[n]`; a leaf has
 * `feature[n] === -1` and adds `value[n]` to its class's score.
 */
export interface Tree {
  /** Index into the ensemble's `inputs`, -1 for a leaf. */
  feature: number[];
  /** Threshold of an inner node, or the leaf's score. */
  value: number[];
  left: number[];
  right: number[];
  /**
   * Each node's value before its split (the leaf value it would have had): the explanation
   * credits the change from a node to the child taken to the node's feature (Saabas 2014,
   * "Interpreting random forests").
   */
  mean: number[];
}

export interface TreeEnsemble {
  /**
   * The features the trees read, by name: names of the first-stage schema, then of the
   * context schema. Kept by name so a model file stays valid when the schemas grow.
   */
  inputs: string[];
  /** trees[round * K + class]: one tree per class per boosting round. */
  trees: Tree[];
}

/**
 * Boosting rounds (one tree per class each). Chosen with TREE_DEPTH, TREE_LEARNING_RATE and
 * TREE_MIN_LEAF by 5-fold cross-validation over the tuning sites (whole sites per fold, 117
 * golden cases, text and HTML lines; linear model alone: macro-F1 0.743, body F1 0.866):
 * 200 rounds of depth 4 at 0.1 gave 0.767 / 0.887, 100 of depth 4 at 0.2 0.762 / 0.886,
 * 60 of depth 5 at 0.2 0.763 / 0.884, 40 of depth 5 at 0.3 0.765 / 0.883. The differences are
 * within noise, and the time is not: a line walks every tree (800 trees of depth 4 tripled the
 * time per text line), so the smallest ensemble was taken.
 * @default 40
 */
export const TREE_ROUNDS = 40;
/** Questions a tree may ask on the way to a leaf. @default 5 */
export const TREE_DEPTH = 5;
/** Shrinkage: each tree's values are scaled by this. @default 0.3 */
export const TREE_LEARNING_RATE = 0.3;
/** L2 penalty on leaf values (lambda in XGBoost). @default 1 */
export const TREE_L2 = 1;
/** Fewest training lines a leaf may hold: fewer and a tree learns single pages. @default 20 */
export const TREE_MIN_LEAF = 20;
/** Most candidate thresholds per feature (quantiles of its values). @default 32 */
export const TREE_MAX_BINS = 32;
/**
 * Share of the inputs each tree may split on, drawn afresh per tree with a fixed seed (column
 * subsampling, as in XGBoost's colsample_bytree): 1 lets every tree see every input. Measured
 * at 0.5 by 5-fold CV over the tuning sites (session 10): macro-F1 / body F1 0.770 / 0.872 on
 * all lines and 0.722 / 0.806 on text lines, against 0.773 / 0.875 and 0.724 / 0.810 without;
 * so the shipped models do not use it.
 * @default 1
 */
export const TREE_COLSAMPLE = 1;
/**
 * Share of the training sites each boosting round sees, drawn afresh per round with a fixed
 * seed (stochastic gradient boosting, Friedman 2002, "Stochastic gradient boosting", here by
 * whole site rather than by line so a round cannot fit one page's quirks from all its lines):
 * 1 lets every round see every line. Measured by the nested 5-fold CV over the tuning sites
 * (session 15, `node scripts/train.mjs --cv 5 --dry --subsample X`, text lines after the
 * smoothing layer, macro-F1 / body F1): 0.5 gave 0.729 / 0.840 and 0.7 gave 0.736 / 0.843,
 * against 0.741 / 0.835 without (advertisement F1 0.542 -> 0.503 and 0.521: the rare class's
 * lines sit on few sites, and a round that leaves those sites out cannot learn them), so the
 * shipped models do not use it.
 * @default 1
 */
export const TREE_SUBSAMPLE = 1;

export interface TreeOptions {
  rounds?: number;
  depth?: number;
  learningRate?: number;
  l2?: number;
  minLeaf?: number;
  maxBins?: number;
  colsample?: number;
  subsample?: number;
}

/** One training line: its input vector (in `inputs` order), label, weight and the linear model's scores. */
export interface TreeExample {
  x: Float64Array;
  y: number;
  weight: number;
  offset: Float64Array;
  /** The line's site (or page), for subsampling whole groups per round; all one group when absent. */
  group?: number;
}

/** The names a tree input vector holds: every first-stage feature, then every context feature. */
export function defaultTreeInputs(): string[] {
  return [...FEATURE_SCHEMA.names, ...CONTEXT_SCHEMA.names];
}

/** Fit boosted trees to examples whose linear scores are `offset`; deterministic. */
export function fitTrees(inputs: readonly string[], examples: readonly TreeExample[], options: TreeOptions = {}): TreeEnsemble {
  const rounds = options.rounds ?? TREE_ROUNDS;
  const depth = options.depth ?? TREE_DEPTH;
  const lr = options.learningRate ?? TREE_LEARNING_RATE;
  const l2 = options.l2 ?? TREE_L2;
  const minLeaf = options.minLeaf ?? TREE_MIN_LEAF;
  const maxBins = options.maxBins ?? TREE_MAX_BINS;
  const colsample = options.colsample ?? TREE_COLSAMPLE;
  const subsample = options.subsample ?? TREE_SUBSAMPLE;
  // The same trees from the same data, run after run.
  const random = seededRandom(0x5eed);
  const n = examples.length;
  const d = inputs.length;
  const binned = binInputs(examples, d, maxBins);
  const F = new Float64Array(n * K);
  examples.forEach((e, i) => F.set(e.offset, i * K));
  const g = new Float64Array(n);
  const h = new Float64Array(n);
  const p = new Float64Array(n * K);
  const trees: Tree[] = [];
  const all = Uint32Array.from({ length: n }, (_, i) => i);
  const groups = 1 + examples.reduce((m, e) => Math.max(m, e.group ?? 0), 0);
  for (let round = 0; round < rounds; round++) {
    softmaxRows(F, p, n);
    const rows = subsample >= 1 ? all : sampleRows(examples, groups, subsample, random);
    const roundTrees: Tree[] = [];
    for (let c = 0; c < K; c++) {
      for (let i = 0; i < n; i++) {
        const pi = p[i * K + c]!;
        const w = examples[i]!.weight;
        g[i] = (pi - (examples[i]!.y === c ? 1 : 0)) * w;
        h[i] = Math.max(pi * (1 - pi), 1e-6) * w;
      }
      const allowed = colsample >= 1 ? undefined : Uint8Array.from({ length: d }, () => (random() < colsample ? 1 : 0));
      roundTrees.push(growTree(binned, rows, g, h, { depth, lr, l2, minLeaf, allowed }));
    }
    // All K trees of a round see the same probabilities; then the scores move.
    for (let c = 0; c < K; c++) {
      const tree = roundTrees[c]!;
      for (let i = 0; i < n; i++) F[i * K + c] = F[i * K + c]! + predictTree(tree, examples[i]!.x);
    }
    trees.push(...roundTrees);
  }
  return { inputs: [...inputs], trees };
}

/** The rows of a random share of the groups (at least one group), for one boosting round. */
function sampleRows(examples: readonly TreeExample[], groups: number, share: number, random: () => number): Uint32Array {
  const taken = Uint8Array.from({ length: groups }, () => (random() < share ? 1 : 0));
  if (!taken.includes(1)) taken[Math.floor(random() * groups)] = 1;
  const rows: number[] = [];
  examples.forEach((e, i) => {
    if (taken[e.group ?? 0]) rows.push(i);
  });
  return Uint32Array.from(rows);
}

/**
 * The ensemble reduced to the inputs its trees test (most features are never chosen, and
 * gathering them costs time per line), with numbers rounded for the model file: thresholds
 * to 1e-6 (they sit halfway between distinct feature values), scores to 1e-5.
 */
export function compactEnsemble(e: TreeEnsemble): TreeEnsemble {
  const used = [...new Set(e.trees.flatMap((t) => t.feature.filter((f) => f >= 0)))].sort((a, b) => a - b);
  const remap = new Map(used.map((f, i) => [f, i]));
  const r6 = (v: number) => Number(v.toFixed(6));
  const r5 = (v: number) => Number(v.toFixed(5));
  return {
    inputs: used.map((f) => e.inputs[f]!),
    trees: e.trees.map((t) => ({
      feature: t.feature.map((f) => (f < 0 ? -1 : remap.get(f)!)),
      value: t.value.map((v, i) => (t.feature[i]! < 0 ? r5(v) : r6(v))),
      left: [...t.left],
      right: [...t.right],
      mean: t.mean.map(r5),
    })),
  };
}

function softmaxRows(F: Float64Array, p: Float64Array, n: number): void {
  for (let i = 0; i < n; i++) {
    let max = -Infinity;
    for (let c = 0; c < K; c++) max = Math.max(max, F[i * K + c]!);
    let sum = 0;
    for (let c = 0; c < K; c++) sum += p[i * K + c] = Math.exp(F[i * K + c]! - max);
    for (let c = 0; c < K; c++) p[i * K + c] = p[i * K + c]! / sum;
  }
}

/** Examples' inputs cut into bins per feature: sparse (feature, bin) entries for values that are not 0. */
interface Binned {
  d: number;
  /** cuts[f]: ascending thresholds; bin b holds values <= cuts[f][b] (the last bin the rest). */
  cuts: Float64Array[];
  /** The bin of the value 0, per feature. */
  zeroBin: Int32Array;
  /** Per example, its non-zero entries: rowStart[i]..rowStart[i + 1] in entryFeature / entryBin. */
  rowStart: Uint32Array;
  entryFeature: Uint32Array;
  entryBin: Uint16Array;
}

function binOf(cuts: Float64Array, v: number): number {
  let lo = 0;
  let hi = cuts.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (v <= cuts[mid]!) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

function binInputs(examples: readonly TreeExample[], d: number, maxBins: number): Binned {
  const n = examples.length;
  const cuts: Float64Array[] = [];
  const zeroBin = new Int32Array(d);
  for (let f = 0; f < d; f++) {
    const values: number[] = [];
    for (const e of examples) values.push(e.x[f]!);
    values.sort((a, b) => a - b);
    const distinct: number[] = [];
    for (const v of values) if (distinct.length === 0 || distinct[distinct.length - 1] !== v) distinct.push(v);
    let chosen: number[];
    if (distinct.length <= maxBins) chosen = distinct;
    else {
      // Quantiles of the values (zeros counted), then made distinct.
      chosen = [];
      for (let b = 1; b < maxBins; b++) {
        const v = values[Math.floor((b * n) / maxBins)]!;
        if (chosen.length === 0 || chosen[chosen.length - 1] !== v) chosen.push(v);
      }
      if (chosen[chosen.length - 1] !== values[n - 1]) chosen.push(values[n - 1]!);
    }
    // Thresholds halfway between neighbouring values: `x <= cut` keeps the lower ones.
    const c = new Float64Array(Math.max(0, chosen.length - 1));
    for (let i = 0; i + 1 < chosen.length; i++) c[i] = (chosen[i]! + chosen[i + 1]!) / 2;
    cuts.push(c);
    zeroBin[f] = binOf(c, 0);
  }
  const rowStart = new Uint32Array(n + 1);
  const feats: number[] = [];
  const bins: number[] = [];
  examples.forEach((e, i) => {
    rowStart[i] = feats.length;
    for (let f = 0; f < d; f++) {
      const v = e.x[f]!;
      if (v === 0) continue;
      feats.push(f);
      bins.push(binOf(cuts[f]!, v));
    }
  });
  rowStart[n] = feats.length;
  return { d, cuts, zeroBin, rowStart, entryFeature: Uint32Array.from(feats), entryBin: Uint16Array.from(bins) };
}

interface GrowOptions {
  depth: number;
  lr: number;
  l2: number;
  minLeaf: number;
  /** Per input, 1 when this tree may split on it (column subsampling); absent: every input. */
  allowed?: Uint8Array;
}

/**
 * One tree, grown depth first: at each node the split with the best second-order gain over
 * every feature's bins (histograms of the node's non-zero entries; the zero bin is the rest),
 * until TREE_DEPTH or until a child would hold fewer than minLeaf lines.
 */
function growTree(b: Binned, rows: Uint32Array, g: Float64Array, h: Float64Array, o: GrowOptions): Tree {
  const tree: Tree = { feature: [], value: [], left: [], right: [], mean: [] };
  const width = b.cuts.reduce((m, c) => Math.max(m, c.length + 1), 1);
  const histG = new Float64Array(b.d * width);
  const histH = new Float64Array(b.d * width);
  const histN = new Float64Array(b.d * width);
  const nzG = new Float64Array(b.d);
  const nzH = new Float64Array(b.d);
  const nzN = new Float64Array(b.d);
  const grow = (rowsHere: Uint32Array, level: number): number => {
    const node = tree.feature.length;
    let G = 0;
    let H = 0;
    for (const i of rowsHere) {
      G += g[i]!;
      H += h[i]!;
    }
    const leafValue = (-G / (H + o.l2)) * o.lr;
    tree.feature.push(-1);
    tree.value.push(leafValue);
    tree.left.push(-1);
    tree.right.push(-1);
    tree.mean.push(leafValue);
    if (level >= o.depth || rowsHere.length < 2 * o.minLeaf) return node;
    histG.fill(0);
    histH.fill(0);
    histN.fill(0);
    nzG.fill(0);
    nzH.fill(0);
    nzN.fill(0);
    for (const i of rowsHere) {
      for (let e = b.rowStart[i]!; e < b.rowStart[i + 1]!; e++) {
        const f = b.entryFeature[e]!;
        const at = f * width + b.entryBin[e]!;
        histG[at] = histG[at]! + g[i]!;
        histH[at] = histH[at]! + h[i]!;
        histN[at] = histN[at]! + 1;
        nzG[f] = nzG[f]! + g[i]!;
        nzH[f] = nzH[f]! + h[i]!;
        nzN[f] = nzN[f]! + 1;
      }
    }
    const parentGain = (G * G) / (H + o.l2);
    let bestGain = 1e-9;
    let bestFeature = -1;
    let bestBin = -1;
    for (let f = 0; f < b.d; f++) {
      const bins = b.cuts[f]!.length + 1;
      if (bins < 2 || (o.allowed !== undefined && o.allowed[f] === 0)) continue;
      const z = f * width + b.zeroBin[f]!;
      histG[z] = histG[z]! + G - nzG[f]!;
      histH[z] = histH[z]! + H - nzH[f]!;
      histN[z] = histN[z]! + rowsHere.length - nzN[f]!;
      let gl = 0;
      let hl = 0;
      let nl = 0;
      for (let s = 0; s + 1 < bins; s++) {
        gl += histG[f * width + s]!;
        hl += histH[f * width + s]!;
        nl += histN[f * width + s]!;
        const nr = rowsHere.length - nl;
        if (nl < o.minLeaf) continue;
        if (nr < o.minLeaf) break;
        const gr = G - gl;
        const hr = H - hl;
        const gain = (gl * gl) / (hl + o.l2) + (gr * gr) / (hr + o.l2) - parentGain;
        if (gain > bestGain) {
          bestGain = gain;
          bestFeature = f;
          bestBin = s;
        }
      }
    }
    if (bestFeature < 0) return node;
    const threshold = b.cuts[bestFeature]![bestBin]!;
    const leftRows: number[] = [];
    const rightRows: number[] = [];
    for (const i of rowsHere) (exampleBin(b, i, bestFeature) <= bestBin ? leftRows : rightRows).push(i);
    tree.feature[node] = bestFeature;
    tree.value[node] = threshold;
    tree.left[node] = grow(Uint32Array.from(leftRows), level + 1);
    tree.right[node] = grow(Uint32Array.from(rightRows), level + 1);
    return node;
  };
  grow(rows, 0);
  return tree;
}

/** The bin of example i for feature f (entries are sparse: the zero bin when absent). */
function exampleBin(b: Binned, i: number, f: number): number {
  for (let e = b.rowStart[i]!; e < b.rowStart[i + 1]!; e++) if (b.entryFeature[e] === f) return b.entryBin[e]!;
  return b.zeroBin[f]!;
}

/** The value one tree adds for an input vector. */
export function predictTree(tree: Tree, x: ArrayLike<number>): number {
  let node = 0;
  while (tree.feature[node]! >= 0) node = x[tree.feature[node]!]! <= tree.value[node]! ? tree.left[node]! : tree.right[node]!;
  return tree.value[node]!;
}

/**
 * An ensemble bound to the runtime's schemas: each input resolved to a slot of a line's
 * feature vector (first stage) or context vector, once, so scoring reads the vectors directly.
 */
export interface BoundEnsemble {
  ensemble: TreeEnsemble;
  /** Per input: its slot in the first-stage vector, or -1. */
  firstSlot: Int32Array;
  /** Per input: its slot in the context vector, or -1. */
  contextSlot: Int32Array;
  /** Scratch input vector (reused: scoring runs per line). */
  x: Float64Array;
  /** Each input's name as a reason writes it before its value (`len_log=`), made once rather than per line. */
  reasonNames: readonly string[];
  /** Scratch credits per input (reused by {@link explainLeaves}): the first `inputs.length` slots of `creditSlots`. */
  credits: Float64Array;
  /** `credits` and one slot more, which the padding of `fixedPaths` adds its zeros to. */
  creditSlots: Float64Array;
  /**
   * Each leaf's credits (FlatTrees.pathInput, pathCredit) padded to FIXED_STEPS entries, at
   * `leaf * FIXED_STEPS`, the padding crediting 0 to the slot past the inputs; when no tree is
   * deeper. A loop of a fixed length per leaf is predicted, where one of the path's length (1
   * to 5 steps) mispredicted its end at every tree.
   */
  fixedPaths: { input: Int32Array; credit: Float64Array } | undefined;
  /** Scratch leaf per tree, for {@link explainTrees} on a line scored without keeping its leaves. */
  leaves: Int32Array;
  /**
   * All trees' nodes in flat typed arrays (children as absolute node indexes, roots[t] the
   * first node of tree t): walking JSON-made arrays of objects cost ~45 ns a tree, these ~5.
   */
  flat: FlatTrees;
}

export interface FlatTrees {
  roots: Int32Array;
  feature: Int32Array;
  value: Float64Array;
  /** First child of an inner node; the second is the next slot (`x > value` adds 1). */
  child: Int32Array;
  /** Each node's value before its split (Tree.mean), for explanations. */
  mean: Float64Array;
  /**
   * Each leaf's Saabas credits, worked out once at load: the inputs tested on the way down to
   * it and what each step moved the node value (one entry per step, root first), in
   * `pathInput`/`pathCredit[pathStart[node] .. pathStart[node + 1])` (empty for inner nodes).
   * Explaining a line is then a few additions per tree from the leaves its scoring reached,
   * instead of a second walk down every tree: the walk was a fifth of `label`'s time.
   */
  pathStart: Int32Array;
  pathInput: Int32Array;
  pathCredit: Float64Array;
  /** The deepest tree's number of steps from root to leaf. */
  depth: number;
  /** The same trees as complete trees of FIXED_STEPS levels, when none is deeper (see CompleteTrees). */
  complete: CompleteTrees | undefined;
}

/**
 * The trees as complete binary trees of FIXED_STEPS levels, each in heap order (node i's
 * children at 2i + 1 and 2i + 2), so every tree takes FIXED_STEPS steps, each `i = 2i + 1 +
 * (x > threshold)`: a loop whose length does not depend on the data is predicted, and no child
 * index is loaded per step. A leaf above the last level stands for the whole subtree under it:
 * its place tests input 0 against +Infinity (never greater: every step goes left) and each leaf
 * below points back to it. The nodes as they were laid out, each leaf stepping to itself and
 * each step loading its child's index, took ~1.6 µs a line for the shipped 160 trees, this
 * layout ~1.4 and ~1.26 with two trees walked at once (completeLeaves); a walk that stops at
 * a leaf measured ~1.5x slower still.
 */
export interface CompleteTrees {
  /** Per tree, 2^FIXED_STEPS - 1 inner nodes: the input each tests, and its threshold. */
  input: Uint16Array;
  threshold: Float64Array;
  /** Per tree, 2^FIXED_STEPS leaves, left to right: the node of the flat layout each stands for. */
  leaf: Int32Array;
}

/**
 * Lay the nodes out with each inner node's two children side by side, so a step down is
 * `child + (x > threshold)`: arithmetic instead of a branch. Walking many small trees is mostly
 * mispredicted branches otherwise (measured: ~40 us a line for 800 trees with branches).
 */
function flatten(trees: readonly Tree[]): FlatTrees {
  const total = trees.reduce((s, t) => s + t.feature.length, 0);
  const flat = {
    roots: new Int32Array(trees.length),
    feature: new Int32Array(total),
    value: new Float64Array(total),
    child: new Int32Array(total),
    mean: new Float64Array(total),
  };
  const parent = new Int32Array(total).fill(-1);
  let next = 0;
  trees.forEach((t, ti) => {
    // Breadth-first: a node's children are given two adjacent slots when it is placed.
    const root = next++;
    flat.roots[ti] = root;
    const queue: Array<[number, number]> = [[0, root]];
    while (queue.length > 0) {
      const [i, slot] = queue.shift()!;
      flat.feature[slot] = t.feature[i]!;
      flat.value[slot] = t.value[i]!;
      flat.mean[slot] = t.mean[i]!;
      if (t.feature[i]! < 0) {
        flat.child[slot] = -1;
        continue;
      }
      const first = next;
      next += 2;
      flat.child[slot] = first;
      parent[first] = parent[first + 1] = slot;
      queue.push([t.left[i]!, first], [t.right[i]!, first + 1]);
    }
  });
  return withLeafPaths(flat, parent);
}

/** Fill in {@link FlatTrees.pathStart} and its two arrays from the nodes' parents. */
function withLeafPaths(flat: Pick<FlatTrees, 'roots' | 'feature' | 'value' | 'child' | 'mean'>, parent: Int32Array): FlatTrees {
  const total = flat.feature.length;
  const pathStart = new Int32Array(total + 1);
  const inputs: number[] = [];
  const credits: number[] = [];
  const up: number[] = [];
  for (let node = 0; node < total; node++) {
    pathStart[node] = inputs.length;
    if (flat.feature[node]! >= 0) continue;
    // Root to leaf, one entry per step (an input tested twice gets two): the credits are then
    // added in the order a walk down the tree adds them, so reasons round as they always did.
    up.length = 0;
    for (let n = node; parent[n]! >= 0; n = parent[n]!) up.push(n);
    for (let k = up.length - 1; k >= 0; k--) {
      const n = up[k]!;
      const p = parent[n]!;
      inputs.push(flat.feature[p]!);
      credits.push(flat.mean[n]! - flat.mean[p]!);
    }
  }
  pathStart[total] = inputs.length;
  const level = new Int32Array(total);
  let depth = 0;
  for (let node = 0; node < total; node++) {
    if (parent[node]! >= 0) depth = Math.max(depth, (level[node] = level[parent[node]!]! + 1));
  }
  const inputCount = flat.feature.reduce((m, f) => Math.max(m, f + 1), 0);
  const complete = depth <= FIXED_STEPS && inputCount <= 0x10000 ? completeTrees(flat) : undefined;
  return { ...flat, pathStart, pathInput: Int32Array.from(inputs), pathCredit: Float64Array.from(credits), depth, complete };
}

/** The {@link CompleteTrees} of flattened trees none deeper than FIXED_STEPS. */
function completeTrees(flat: Pick<FlatTrees, 'roots' | 'feature' | 'value' | 'child'>): CompleteTrees {
  const n = flat.roots.length;
  const input = new Uint16Array(n * COMPLETE_INNER);
  const threshold = new Float64Array(n * COMPLETE_INNER);
  const leaf = new Int32Array(n * COMPLETE_LEAVES);
  for (let t = 0; t < n; t++) {
    // Heap place `i` at level `level` stands for flat node `node` (a leaf above the last level stands for its whole subtree).
    const place = (node: number, i: number, level: number): void => {
      if (level === FIXED_STEPS) {
        leaf[t * COMPLETE_LEAVES + i - COMPLETE_INNER] = node;
        return;
      }
      const at = t * COMPLETE_INNER + i;
      if (flat.feature[node]! < 0) {
        input[at] = 0;
        threshold[at] = Infinity;
        place(node, 2 * i + 1, level + 1);
        place(node, 2 * i + 2, level + 1);
        return;
      }
      input[at] = flat.feature[node]!;
      threshold[at] = flat.value[node]!;
      place(flat.child[node]!, 2 * i + 1, level + 1);
      place(flat.child[node]! + 1, 2 * i + 2, level + 1);
    };
    place(flat.roots[t]!, 0, 0);
  }
  return { input, threshold, leaf };
}

/** The leaf (node index) tree `t` of a flattened ensemble reaches for input vector `x`. */
export function leafFlat(flat: FlatTrees, t: number, x: Float64Array): number {
  const feature = flat.feature;
  const value = flat.value;
  const child = flat.child;
  let node = flat.roots[t]!;
  let f = feature[node]!;
  while (f >= 0) {
    node = child[node]! + +(x[f]! > value[node]!);
    f = feature[node]!;
  }
  return node;
}

/**
 * Levels of the complete trees ({@link CompleteTrees}), written out in {@link completeLeaves}
 * (and the paths of {@link explainFixedPaths}: change both with it): trees up to this deep
 * (TREE_DEPTH) are walked that way; deeper ones (a model trained with a larger depth) walk with
 * {@link leafFlat}.
 * @default 5
 */
export const FIXED_STEPS = 5;
/** Inner nodes and leaves of a complete tree of FIXED_STEPS levels. */
const COMPLETE_LEAVES = 1 << FIXED_STEPS;
const COMPLETE_INNER = COMPLETE_LEAVES - 1;

/**
 * Every tree's leaf for `x` (as a node of the flat layout), two trees at a time: their walks are
 * independent, and written side by side the processor overlaps their loads (measured ~10% faster
 * than one tree at a time; the trees come K a round, so their number is even).
 */
function completeLeaves(c: CompleteTrees, x: Float64Array, leaves: Int32Array): void {
  const input = c.input;
  const threshold = c.threshold;
  const leaf = c.leaf;
  const n = leaves.length;
  let t = 0;
  for (; t + 1 < n; t += 2) {
    const a = t * COMPLETE_INNER;
    const b = a + COMPLETE_INNER;
    let i = 0;
    let j = 0;
    i = 2 * i + 1 + +(x[input[a + i]!]! > threshold[a + i]!);
    j = 2 * j + 1 + +(x[input[b + j]!]! > threshold[b + j]!);
    i = 2 * i + 1 + +(x[input[a + i]!]! > threshold[a + i]!);
    j = 2 * j + 1 + +(x[input[b + j]!]! > threshold[b + j]!);
    i = 2 * i + 1 + +(x[input[a + i]!]! > threshold[a + i]!);
    j = 2 * j + 1 + +(x[input[b + j]!]! > threshold[b + j]!);
    i = 2 * i + 1 + +(x[input[a + i]!]! > threshold[a + i]!);
    j = 2 * j + 1 + +(x[input[b + j]!]! > threshold[b + j]!);
    i = 2 * i + 1 + +(x[input[a + i]!]! > threshold[a + i]!);
    j = 2 * j + 1 + +(x[input[b + j]!]! > threshold[b + j]!);
    leaves[t] = leaf[t * COMPLETE_LEAVES + i - COMPLETE_INNER]!;
    leaves[t + 1] = leaf[(t + 1) * COMPLETE_LEAVES + j - COMPLETE_INNER]!;
  }
  for (; t < n; t++) {
    const a = t * COMPLETE_INNER;
    let i = 0;
    for (let step = 0; step < FIXED_STEPS; step++) i = 2 * i + 1 + +(x[input[a + i]!]! > threshold[a + i]!);
    leaves[t] = leaf[t * COMPLETE_LEAVES + i - COMPLETE_INNER]!;
  }
}

/** Bound ensembles of frozen (shipped) ensembles, made once per ensemble. */
const bound = new WeakMap<TreeEnsemble, BoundEnsemble>();

/**
 * {@link bindEnsemble}, cached for frozen ensembles (the shipped models): every document's
 * context stage asks for it. The scratch vector is shared, which is safe because a line is
 * scored in one synchronous call.
 */
export function boundEnsemble(ensemble: TreeEnsemble): BoundEnsemble {
  if (!Object.isFrozen(ensemble)) return bindEnsemble(ensemble);
  let b = bound.get(ensemble);
  if (b === undefined) bound.set(ensemble, (b = bindEnsemble(ensemble)));
  return b;
}

export function bindEnsemble(ensemble: TreeEnsemble): BoundEnsemble {
  const firstSlot = new Int32Array(ensemble.inputs.length).fill(-1);
  const contextSlot = new Int32Array(ensemble.inputs.length).fill(-1);
  ensemble.inputs.forEach((name, i) => {
    const f = FEATURE_SCHEMA.index.get(name);
    const c = CONTEXT_SCHEMA.index.get(name);
    if (f !== undefined) firstSlot[i] = f;
    else if (c !== undefined) contextSlot[i] = c;
    else throw new BoilerstripError('ERR_BAD_MODEL', `invalid model: tree input "${name}" is not a known feature`);
  });
  const n = ensemble.inputs.length;
  const flat = flatten(ensemble.trees);
  const creditSlots = new Float64Array(n + 1);
  return {
    ensemble,
    firstSlot,
    contextSlot,
    x: new Float64Array(n),
    reasonNames: ensemble.inputs.map((name) => name + '='),
    credits: creditSlots.subarray(0, n),
    creditSlots,
    fixedPaths: flat.depth <= FIXED_STEPS ? fixedPaths(flat, n) : undefined,
    leaves: new Int32Array(ensemble.trees.length),
    flat,
  };
}

/** {@link BoundEnsemble.fixedPaths} of trees none deeper than FIXED_STEPS, `spare` the padding's slot. */
function fixedPaths(flat: FlatTrees, spare: number): { input: Int32Array; credit: Float64Array } {
  const nodes = flat.feature.length;
  const input = new Int32Array(nodes * FIXED_STEPS).fill(spare);
  const credit = new Float64Array(nodes * FIXED_STEPS);
  for (let node = 0; node < nodes; node++) {
    for (let k = flat.pathStart[node]!, j = node * FIXED_STEPS; k < flat.pathStart[node + 1]!; k++, j++) {
      input[j] = flat.pathInput[k]!;
      credit[j] = flat.pathCredit[k]!;
    }
  }
  return { input, credit };
}

/** Gather a line's tree inputs from its two vectors into `bound.x`. */
export function gatherInputs(bound: BoundEnsemble, features: FeatureVector, ctx: FeatureVector): Float64Array {
  const x = bound.x;
  for (let i = 0; i < x.length; i++) {
    const f = bound.firstSlot[i]!;
    x[i] = f >= 0 ? features[f]! : ctx[bound.contextSlot[i]!]!;
  }
  return x;
}

/**
 * Add the trees' values for one line to `into` (scores per class). With `leaves` (one slot per
 * tree), the leaf each tree reached is kept there, for {@link explainLeaves}.
 */
export function addTreeScores(bound: BoundEnsemble, features: FeatureVector, ctx: FeatureVector, into: Scores, leaves?: Int32Array): Scores {
  const x = gatherInputs(bound, features, ctx);
  const flat = bound.flat;
  const value = flat.value;
  const n = flat.roots.length;
  const at = leaves ?? bound.leaves;
  let b = into.body;
  let nav = into.navigation;
  let ad = into.advertisement;
  let d = into.disclaimer;
  if (flat.complete !== undefined) completeLeaves(flat.complete, x, at);
  else for (let t = 0; t < n; t++) at[t] = leafFlat(flat, t, x);
  for (let t = 0; t + K - 1 < n; t += K) {
    b += value[at[t]!]!;
    nav += value[at[t + 1]!]!;
    ad += value[at[t + 2]!]!;
    d += value[at[t + 3]!]!;
  }
  into.body = b;
  into.navigation = nav;
  into.advertisement = ad;
  into.disclaimer = d;
  return into;
}

/**
 * Per input feature, how much the trees moved class `wi`'s score against class `oi`'s for one
 * line (Saabas attribution: each step down a tree credits the change in node value to the
 * feature the node tested), into `bound.credits`; returns the whole move. Walks the trees
 * again: for a line whose leaves were not kept. See {@link explainLeaves}.
 */
export function explainTrees(bound: BoundEnsemble, x: Float64Array, wi: number, oi: number): number {
  const flat = bound.flat;
  const leaves = bound.leaves;
  for (let t = 0; t < flat.roots.length; t++) leaves[t] = leafFlat(flat, t, x);
  return explainLeaves(bound, leaves, wi, oi);
}

/**
 * {@link explainTrees} from the leaves scoring reached (`addTreeScores` with `leaves`): each
 * leaf's credits were summed along its path once, at load. For the reasons of every line:
 * nothing allocated.
 */
export function explainLeaves(bound: BoundEnsemble, leaves: Int32Array, wi: number, oi: number): number {
  if (bound.fixedPaths !== undefined && wi !== oi) return explainFixedPaths(bound, bound.fixedPaths, leaves, wi, oi);
  const credits = bound.credits.fill(0);
  const { value, pathStart, pathInput, pathCredit } = bound.flat;
  // The two classes' trees in tree order, as a walk over all trees would meet them (so the sums
  // are the same to the last bit), stepping by rounds rather than testing `t % K` per tree.
  const first = Math.min(wi, oi);
  const second = Math.max(wi, oi);
  let total = 0;
  for (let r = 0; r + K - 1 < leaves.length; r += K) {
    for (let t = r + first; t <= r + second; t += second - first || K) {
      const sign = t - r === wi ? 1 : -1;
      const leaf = leaves[t]!;
      for (let k = pathStart[leaf]!, end = pathStart[leaf + 1]!; k < end; k++) {
        const f = pathInput[k]!;
        credits[f] = credits[f]! + sign * pathCredit[k]!;
      }
      total += sign * value[leaf]!;
    }
  }
  return total;
}

/**
 * {@link explainLeaves} over the leaves' fixed-length paths, for two different classes: the same
 * additions in the same order (each round's two trees in tree order, each path root first), and
 * zeros into the spare slot. The two trees and their FIXED_STEPS additions are written out, not
 * looped over: a loop over a path's length mispredicted its end at nearly every tree, and this
 * form measured x1.03-1.04 on `label` with reasons (d97824b).
 */
function explainFixedPaths(bound: BoundEnsemble, paths: { input: Int32Array; credit: Float64Array }, leaves: Int32Array, wi: number, oi: number): number {
  const credits = bound.creditSlots.fill(0);
  const value = bound.flat.value;
  const input = paths.input;
  const credit = paths.credit;
  const first = Math.min(wi, oi);
  const second = Math.max(wi, oi);
  const firstSign = first === wi ? 1 : -1;
  const secondSign = -firstSign;
  let total = 0;
  let f: number;
  for (let r = 0; r + K - 1 < leaves.length; r += K) {
    let leaf = leaves[r + first]!;
    let k = leaf * FIXED_STEPS;
    f = input[k]!;
    credits[f] = credits[f]! + firstSign * credit[k]!;
    f = input[k + 1]!;
    credits[f] = credits[f]! + firstSign * credit[k + 1]!;
    f = input[k + 2]!;
    credits[f] = credits[f]! + firstSign * credit[k + 2]!;
    f = input[k + 3]!;
    credits[f] = credits[f]! + firstSign * credit[k + 3]!;
    f = input[k + 4]!;
    credits[f] = credits[f]! + firstSign * credit[k + 4]!;
    total += firstSign * value[leaf]!;
    leaf = leaves[r + second]!;
    k = leaf * FIXED_STEPS;
    f = input[k]!;
    credits[f] = credits[f]! + secondSign * credit[k]!;
    f = input[k + 1]!;
    credits[f] = credits[f]! + secondSign * credit[k + 1]!;
    f = input[k + 2]!;
    credits[f] = credits[f]! + secondSign * credit[k + 2]!;
    f = input[k + 3]!;
    credits[f] = credits[f]! + secondSign * credit[k + 3]!;
    f = input[k + 4]!;
    credits[f] = credits[f]! + secondSign * credit[k + 4]!;
    total += secondSign * value[leaf]!;
  }
  return total;
}

/** Validate an ensemble read from a model file; errors name the bad entry. */
export function parseEnsemble(raw: unknown, fail: (what: string) => Error): TreeEnsemble {
  if (typeof raw !== 'object' || raw === null) throw fail('"trees" is not an object');
  const e = raw as Partial<TreeEnsemble>;
  if (!Array.isArray(e.inputs) || e.inputs.some((s) => typeof s !== 'string')) throw fail('"trees.inputs" must be an array of names');
  if (!Array.isArray(e.trees) || e.trees.length % K !== 0) throw fail(`"trees.trees" must be an array of ${K} trees per round`);
  e.trees.forEach((t, ti) => {
    const parts = ['feature', 'value', 'left', 'right', 'mean'] as const;
    for (const p of parts) {
      const a = (t as Partial<Tree>)[p];
      if (!Array.isArray(a) || a.some((v) => typeof v !== 'number' || !Number.isFinite(v))) throw fail(`"trees.trees[${ti}].${p}" must be an array of numbers`);
    }
    const n = t.feature.length;
    if (parts.some((p) => t[p].length !== n) || n === 0) throw fail(`"trees.trees[${ti}]" arrays differ in length`);
    for (let i = 0; i < n; i++) {
      const f = t.feature[i]!;
      if (f >= e.inputs!.length || f < -1) throw fail(`"trees.trees[${ti}].feature[${i}]" is out of range`);
      if (f >= 0 && !(t.left[i]! > i && t.left[i]! < n && t.right[i]! > i && t.right[i]! < n)) throw fail(`"trees.trees[${ti}]" node ${i} has a bad child`);
    }
  });
  return e as TreeEnsemble;
}
