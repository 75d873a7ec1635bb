/**
 * Stage 3: the final label, from a sequence model over the non-blank lines.
 * Emission scores are the log-softmax of the context stage's scores;
 * transition scores (data/model.json) make a label more likely to continue
 * than to switch, so one odd line inside a menu or inside the article is
 * smoothed by its neighbours. Decoding is fixed-lag Viterbi: a line's label
 * is committed once `lag` more non-blank lines have been seen, which keeps
 * memory bounded on endless streams (exact Viterbi would need the whole
 * document).
 */
import { CLASSES, type ContentLabel, type LabelledLine } from './types.js';
import type { Contextual } from './context.js';
import { appendLineContributions, argmax, denseTable, logSoftmax, REASON_MIN_OFFSET, REASON_MIN_PUSH, runnerUp, toFixed2, type DenseTable, type Model } from './model.js';
import { C, CONTEXT_SCHEMA, FEATURE_SCHEMA, SMOOTH_SCHEMA } from './schema.js';
import { boundEnsemble, explainLeaves, explainTrees, gatherInputs, type BoundEnsemble } from './trees.js';
import type { Stage } from './stage.js';
import { Queue } from './queue.js';
import { TopList } from './top.js';
import { NO_NEIGHBOUR } from './smooth.js';

const K = CLASSES.length;

export class SequenceStage implements Stage<Contextual, LabelledLine> {
  /** Items waiting for their label, blanks included, in input order. */
  private readonly pending = new Queue<Contextual>();
  /**
   * Non-blank steps not yet committed, oldest first: a ring of `lag` + 1 items starting at
   * `first`, with their back pointers (back[slot * K + j] = best previous class when the
   * step is class j) in one typed array, so a step allocates nothing.
   */
  private readonly stepItems: Array<Contextual | undefined>;
  private readonly back: Int8Array;
  private first = 0;
  private count = 0;
  /** Labels of the uncommitted steps, filled by backtracking (reused). */
  private readonly labels: Int8Array;
  private delta = new Float64Array(K);
  private started = false;
  private readonly emission = new Array<number>(K).fill(0);
  private readonly nextDelta = new Float64Array(K);
  /** Both weight tables resolved once, for the reasons. */
  private readonly tables: ExplainTables;

  /**
   * @param reasons whether to write each line's `reason`. Explaining costs
   *   about a third of the per-line time, so callers that never show reasons
   *   (the clean functions, which yield text) turn it off; lines then carry ''.
   */
  constructor(
    private readonly model: Model,
    private readonly lag: number,
    private readonly reasons = true,
    /** What a repeated line's reason says the counts are of (RepetitionCounts.scope). */
    private readonly repeatedIn = DEFAULT_REPEATED_IN,
  ) {
    this.tables = explainTables(model);
    this.stepItems = new Array<Contextual | undefined>(lag + 1);
    this.back = new Int8Array((lag + 1) * K);
    this.labels = new Int8Array(lag + 1);
  }

  push(item: Contextual, out: LabelledLine[]): void {
    this.pending.push(item);
    if (item.blank) {
      if (this.count === 0) this.drain(out, null, 'body');
      return;
    }
    logSoftmax(item.final, this.emission);
    const slot = (this.first + this.count) % this.stepItems.length;
    const back = this.back;
    const at = slot * K;
    if (!this.started) {
      for (let j = 0; j < K; j++) this.delta[j] = this.emission[j]!;
      this.started = true;
    } else {
      const t = this.model.transitions;
      for (let j = 0; j < K; j++) {
        let best = -Infinity;
        let arg = 0;
        for (let i = 0; i < K; i++) {
          const v = this.delta[i]! + t[i]![j]!;
          if (v > best) {
            best = v;
            arg = i;
          }
        }
        this.nextDelta[j] = best + this.emission[j]!;
        back[at + j] = arg;
      }
      this.delta.set(this.nextDelta);
    }
    this.stepItems[slot] = item;
    this.count += 1;
    if (this.count > this.lag) this.commit(out, 1);
  }

  flush(out: LabelledLine[]): void {
    this.commit(out, this.count);
    this.drain(out, null, 'body');
  }

  /** Commit the oldest `count` steps by backtracking from the current best state. */
  private commit(out: LabelledLine[], count: number): void {
    if (this.count === 0) return;
    let state = 0;
    for (let j = 1; j < K; j++) if (this.delta[j]! > this.delta[state]!) state = j;
    const ring = this.stepItems.length;
    const labels = this.labels;
    for (let s = this.count - 1; s >= 0; s--) {
      labels[s] = state;
      state = this.back[((this.first + s) % ring) * K + state]!;
    }
    for (let s = 0; s < count; s++) {
      const item = this.stepItems[this.first]!;
      this.stepItems[this.first] = undefined;
      this.first = (this.first + 1) % ring;
      this.count -= 1;
      this.drain(out, item, CLASSES[labels[s]!]!);
    }
  }

  /**
   * Emit pending items up to and including `decided` with `label` (blanks before it get
   * `blank`); with `decided` null, only the blanks at the front (`label` is then unused).
   */
  private drain(out: LabelledLine[], decided: Contextual | null, label: ContentLabel): void {
    while (this.pending.length > 0) {
      const item = this.pending.at(0)!;
      if (item.blank) {
        this.pending.shift();
        out.push({ index: item.index, text: item.text, label: 'blank', first: 'blank', reason: 'blank: whitespace only', scores: item.scores, final: item.scores });
        continue;
      }
      if (decided === null || item !== decided) return;
      this.pending.shift();
      const reason = this.reasons ? explain(item, label, this.tables, this.repeatedIn) : '';
      const line: LabelledLine = { index: item.index, text: item.text, label, first: item.first, reason, scores: item.scores, final: item.final };
      if (item.unsmoothed !== undefined) line.unsmoothed = item.unsmoothed;
      out.push(line);
      return;
    }
  }
}

/** A model's two weight tables resolved against their schemas (see {@link explain}). */
export interface ExplainTables {
  first: DenseTable;
  context: DenseTable;
  trees: BoundEnsemble | undefined;
  offsets: Readonly<Record<ContentLabel, number>> | undefined;
  smooth: DenseTable | undefined;
}

export function explainTables(model: Model): ExplainTables {
  return {
    first: denseTable(model.first, FEATURE_SCHEMA),
    context: denseTable(model.context, CONTEXT_SCHEMA),
    trees: model.trees === undefined ? undefined : boundEnsemble(model.trees),
    offsets: model.offsets,
    smooth: model.smooth === undefined ? undefined : denseTable(model.smooth, SMOOTH_SCHEMA, 'smooth'),
  };
}

/** Features a reason names for the trees. @default 2 */
export const REASON_TREE_FEATURES = 2;
const TREE_TOP = new TopList(REASON_TREE_FEATURES);

/**
 * `; trees +0.84: hint_content +0.40, len_log +0.21`: how far the trees moved `label` over
 * `other`, and the inputs that moved it most (Saabas attribution, trees.ts). Nothing when the
 * trees moved it by less than REASON_MIN_PUSH either way.
 */
function appendTreeReason(item: Contextual, trees: BoundEnsemble, label: ContentLabel, other: ContentLabel, pieces: string[], at: number): number {
  const wi = CLASSES.indexOf(label);
  const oi = CLASSES.indexOf(other);
  const total =
    item.leaves !== undefined
      ? explainLeaves(trees, item.leaves, wi, oi)
      : explainTrees(trees, gatherInputs(trees, item.features, item.ctx), wi, oi);
  if (Math.abs(total) < REASON_MIN_PUSH) return at;
  pieces[at++] = total >= 0 ? '; trees +' : '; trees -';
  pieces[at++] = toFixed2(Math.abs(total));
  // The strongest credits above REASON_MIN_PUSH in the direction of the whole move, best first (one scan:
  // this runs for every line). Against the label, those against it: the ones for it alone
  // hid what a maintainer looks for on a wrong label (QA pass 8).
  const sign = total >= 0 ? 1 : -1;
  const credits = trees.credits;
  const top = TREE_TOP;
  top.clear();
  for (let i = 0; i < credits.length; i++) {
    const v = sign * credits[i]!;
    if (v > REASON_MIN_PUSH) top.offer(v, i);
  }
  for (let k = 0; k < top.count; k++) {
    const i = top.index(k);
    pieces[at++] = k === 0 ? ': ' : ', ';
    pieces[at++] = trees.reasonNames[i]!;
    // The line's value of the feature: a tree credits the feature its node tested whichever way
    // the line went, so `w2_4` was named on a one-word line; `w2_4=0` says it was for its absence.
    const slot = trees.firstSlot[i]!;
    pieces[at++] = featureValueText(slot >= 0 ? item.features[slot]! : item.ctx[trees.contextSlot[i]!]!);
    pieces[at++] = sign > 0 ? ' +' : ' -';
    pieces[at++] = toFixed2(top.value(k));
  }
  return at;
}

/** A feature's value as a reason shows it: `0`, `1`, `3` for whole numbers, else two decimals. */
function featureValueText(v: number): string {
  if (v === 0) return '0';
  if (v === 1) return '1';
  return Number.isInteger(v) ? String(v) : v.toFixed(2);
}

/** What the counts of a repeated line are of, unless the counts say (a site's: RepetitionCounts.scope). */
const DEFAULT_REPEATED_IN = 'the documents';

/**
 * A short reason: which features (or the sequence model) decided the label.
 * `tables` is a model or, on the hot path, its tables resolved once by {@link explainTables}.
 */
export function explain(item: Contextual, label: ContentLabel, tables: Model | ExplainTables, repeatedIn = DEFAULT_REPEATED_IN): string {
  const t = 'transitions' in tables ? explainTables(tables) : tables;
  const pieces = REASON_PIECES;
  const best = argmax(item.final);
  let at: number;
  if (best !== label) {
    // `label: sequence (neighbours) over best; name +0.00, ...`
    pieces[0] = SEQUENCE_HEADS.get(label)!.get(best)!;
    at = appendLineContributions(item.features, t.first, item.ctx, t.context, label, best, '; ', pieces, 1);
    if (t.trees !== undefined) at = appendTreeReason(item, t.trees, label, best, pieces, at);
    if (t.offsets !== undefined) at = appendOffsetReason(t.offsets, label, best, pieces, at);
    if (t.smooth !== undefined) at = appendSmoothReason(item, t.smooth, label, best, pieces, at);
  } else {
    // `label over other: name +0.00, ...`, or `...: prior` when no feature counts
    const other = runnerUp(item.final, label);
    pieces[0] = OVER_HEADS.get(label)!.get(other)!;
    at = appendLineContributions(item.features, t.first, item.ctx, t.context, label, other, '', pieces, 1);
    if (at === 1) pieces[at++] = 'prior';
    if (t.trees !== undefined) at = appendTreeReason(item, t.trees, label, other, pieces, at);
    if (t.offsets !== undefined) at = appendOffsetReason(t.offsets, label, other, pieces, at);
    if (t.smooth !== undefined) at = appendSmoothReason(item, t.smooth, label, other, pieces, at);
  }
  // Counted as template text by a batch or a profile: its feature weighs every non-body class
  // alike, so the margin over a non-body runner-up does not show it; said in any case (QA pass 8).
  const repeated = item.ctx[C.ctx_cross_doc]!;
  if (repeated > 0) {
    pieces[at++] = '; repeated on ';
    pieces[at++] = String(Math.round(repeated * 100));
    pieces[at++] = '% of ';
    pieces[at++] = repeatedIn;
    pieces[at++] = ' counted (ctx_cross_doc)';
  }
  // Shortened to what this reason wrote (never emptied: an array set to length 0 gives up its store).
  pieces.length = at;
  return pieces.join('');
}

/** Neighbour inputs a smoothing reason names. @default 2 */
export const REASON_SMOOTH_FEATURES = 2;
/** Where the neighbour windows start in a smoothing input vector (after the bias and the own probabilities). */
const SMOOTH_NEIGHBOURS_FROM = SMOOTH_SCHEMA.index.get('before1_body')!;
const SMOOTH_NEIGHBOURS_TO = SMOOTH_SCHEMA.index.get('len_log')!;
/** `before8_body +`: each input's name as a reason writes it, made once. */
const SMOOTH_NAME_PLUS: readonly string[] = SMOOTH_SCHEMA.names.map((n) => n + ' +');
const SMOOTH_NAME_MINUS: readonly string[] = SMOOTH_SCHEMA.names.map((n) => n + ' -');
const SMOOTH_TOP = new TopList(REASON_SMOOTH_FEATURES);
const SMOOTH_TOP_AGAINST = new TopList(REASON_SMOOTH_FEATURES);

/**
 * `; smoothing +1.10 (line +0.30, neighbours +0.80: after8_body +0.45, before4_body +0.20)`: the
 * smoothing layer's margin of `label` over `other` (smooth.ts), split into what the line's own
 * probabilities and length gave and what its neighbours gave, with the neighbour windows that
 * counted most for `label`, then what the windows past the document's start or end gave
 * (`; no line before +0.20`). `(was navigation)` after "smoothing" when it changed the best class
 * (which the sequence model may still have overruled: the reason then opens with "sequence").
 */
function appendSmoothReason(item: Contextual, table: DenseTable, label: ContentLabel, other: ContentLabel, pieces: string[], at: number): number {
  const x = item.smoothInputs;
  if (x === undefined) return at;
  const w = table.weights;
  const n = table.width;
  const wi = CLASSES.indexOf(label) * n;
  const oi = CLASSES.indexOf(other) * n;
  let line = 0;
  let neighbours = 0;
  // Windows with no line in them (past the document's start or end) count every class alike
  // (smooth.ts, NO_NEIGHBOUR): what they give is the document's edge, not neighbours, and line 1
  // read `before16_advertisement +0.54` with nothing before it (QA pass 8).
  let noneBefore = 0;
  let noneAfter = 0;
  let edgeBefore = false;
  let edgeAfter = false;
  const top = SMOOTH_TOP;
  const against = SMOOTH_TOP_AGAINST;
  top.clear();
  against.clear();
  for (let i = 0; i < n; i++) {
    const v = (w[wi + i]! - w[oi + i]!) * x[i]!;
    if (i < SMOOTH_NEIGHBOURS_FROM || i >= SMOOTH_NEIGHBOURS_TO) {
      line += v;
      continue;
    }
    // Each window side is K slots: before1 (K), after1 (K), before2 (K), ...
    const block = SMOOTH_NEIGHBOURS_FROM + (i - SMOOTH_NEIGHBOURS_FROM) - ((i - SMOOTH_NEIGHBOURS_FROM) % K);
    if (x[block] === NO_NEIGHBOUR && x[block + 1] === NO_NEIGHBOUR && x[block + 2] === NO_NEIGHBOUR && x[block + 3] === NO_NEIGHBOUR) {
      if (((block - SMOOTH_NEIGHBOURS_FROM) / K) % 2 === 0) {
        noneBefore += v;
        edgeBefore = true;
      } else {
        noneAfter += v;
        edgeAfter = true;
      }
      continue;
    }
    neighbours += v;
    if (v > REASON_MIN_PUSH) top.offer(v, i);
    else if (v < -REASON_MIN_PUSH) against.offer(-v, i);
  }
  // The windows behind the neighbours' whole push, against the label when they pushed against
  // it: the ones for it alone read `neighbours -1.07: after16_advertisement +0.41` (QA pass 8).
  const shown = neighbours >= 0 ? top : against;
  const names = neighbours >= 0 ? SMOOTH_NAME_PLUS : SMOOTH_NAME_MINUS;
  // Whether smoothing changed the best class; the sequence model may still have picked another.
  const before = item.unsmoothed === undefined ? undefined : argmax(item.unsmoothed);
  pieces[at++] = before === undefined || before === argmax(item.final) ? '; smoothing ' : SMOOTH_WAS.get(before)!;
  at = signed(line + neighbours + noneBefore + noneAfter, pieces, at);
  pieces[at++] = ' (line ';
  at = signed(line, pieces, at);
  pieces[at++] = ', neighbours ';
  at = signed(neighbours, pieces, at);
  for (let k = 0; k < shown.count; k++) {
    pieces[at++] = k === 0 ? ': ' : ', ';
    pieces[at++] = names[shown.index(k)]!;
    pieces[at++] = toFixed2(shown.value(k));
  }
  if (edgeBefore) {
    pieces[at++] = '; no line before ';
    at = signed(noneBefore, pieces, at);
  }
  if (edgeAfter) {
    pieces[at++] = '; no line after ';
    at = signed(noneAfter, pieces, at);
  }
  pieces[at++] = ')';
  return at;
}

/** `; smoothing (was navigation) `, made once per class. */
const SMOOTH_WAS = new Map(CLASSES.map((c) => [c, '; smoothing (was ' + c + ') ']));

/** `+1.25` or `-0.30` as two pieces (no string built per line). */
function signed(v: number, pieces: string[], at: number): number {
  pieces[at++] = v >= 0 ? '+' : '-';
  pieces[at++] = toFixed2(Math.abs(v));
  return at;
}

/** `; offsets -0.50`: the model's decision offsets (model.ts) for `label` over `other`, when they differ. */
function appendOffsetReason(offsets: Readonly<Record<ContentLabel, number>>, label: ContentLabel, other: ContentLabel, pieces: string[], at: number): number {
  const d = offsets[label] - offsets[other];
  if (Math.abs(d) < REASON_MIN_OFFSET) return at;
  pieces[at++] = d >= 0 ? '; offsets +' : '; offsets -';
  pieces[at++] = toFixed2(Math.abs(d));
  return at;
}

/** A reason's opening for each pair of classes, made once: `label: sequence (neighbours) over best`. */
const SEQUENCE_HEADS = headsBy((label, best) => label + ': sequence (neighbours) over ' + best);
/** `label over other: `, made once per pair. */
const OVER_HEADS = headsBy((label, other) => label + ' over ' + other + ': ');

function headsBy(make: (a: ContentLabel, b: ContentLabel) => string): Map<ContentLabel, Map<ContentLabel, string>> {
  return new Map(CLASSES.map((a) => [a, new Map(CLASSES.map((b) => [b, make(a, b)]))]));
}

/**
 * The pieces of the reason being written, reused: joined once into one flat string. Built by
 * `+`, a reason was a tree of ~20 concatenations, about a quarter of all the bytes the pipeline
 * allocated per line in label mode (sampled over 10 MB of the unique corpus).
 */
const REASON_PIECES: string[] = [];
