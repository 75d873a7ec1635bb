/**
 * The fast labeller (`fast: true`): the fast model's two layers over a stream of lines, with
 * the same push/end contract as the default Labeller (src/pipeline.ts). A line is labelled once
 * FAST_WINDOW non-blank lines after it have come (or the document ended), so memory is bounded by
 * the window, not the input.
 *
 * First layer: a softmax over the line's own scan (scan.ts), the context-free label (`first`).
 * Second layer: a softmax over the first layer's probabilities on the line, the line before and
 * after it and the windows beyond them, and where the prose lines are (jusText's two steps, with
 * the neighbour rules learned instead of set by hand). No sequence decoding, rules or repetition:
 * each costs more per line than the whole fast path may (BENCHMARKS.md, session 24).
 */
import { BoilerstripError, invalidArgument } from '../errors.js';
import { CLASSES, type ContentLabel, type InputLine, type LabelledLine, type Scores } from '../types.js';
import { defaultFastModel, CI, FAST_CONTEXT, type FastModel } from './model.js';
import { defaultFastTable, scanFast, FAST_FEATURES, FAST_SHORT_WORDS, FI, type FastWordTable } from './scan.js';

/** Non-blank lines each side the second layer reads. @default 4 */
export const FAST_WINDOW = 4;
/** Words from which a line the first layer calls body counts as prose. @default 12 */
export const FAST_PROSE_WORDS = 12;
/**
 * Lines held while the window waits: a long run of blank lines after a line would otherwise be
 * held until the next non-blank one; past this, the lines waiting are labelled with the window
 * they have. @default 4096
 */
export const FAST_MAX_HELD_LINES = 4096;
/** Features named in a reason, per layer. @default 3 */
export const FAST_REASON_FEATURES = 3;

const K = CLASSES.length;
/**
 * log p below which a class's probability is read as this (log 1e-6): a certain first layer does not give -Infinity.
 * @default Math.log(1e-6)
 */
const FLOOR_LOG_P = Math.log(1e-6);
/**
 * First-layer body probability from which a line of FAST_PROSE_WORDS words or more counts as
 * the story's prose for its neighbours' context: the more likely class of two.
 * @default 0.5
 */
export const FAST_PROSE_BODY_P = 0.5;
/**
 * Divisors of the context layer's log counts (prose lines seen, the line's position), so that
 * each is near 0-1 over a page: prose_seen is 1 from about 20 prose lines, position from about
 * 400 lines. The model was trained with these; changing one means retraining.
 */
export const FAST_CONTEXT_SCALES = {
  /** @default 3 */
  proseSeen: 3,
  /** @default 6 */
  position: 6,
  /** `since_prose` reaches 1 this many windows (FAST_WINDOW lines) after the last prose line. @default 4 */
  sinceProseWindows: 4,
  /** Lines from the document's start that are `doc_start`. @default 3 */
  docStart: 3,
} as const;
const NF = FAST_FEATURES.length;
const NC = FAST_CONTEXT.length;

export interface FastLabellerOptions {
  model?: FastModel;
  table?: FastWordTable;
  /** Fill in each line's `reason`. @default true */
  reasons?: boolean;
  /** For training (scripts/train-fast.mjs): called with each non-blank line's second-layer inputs, in order. */
  onContext?: (vector: Float64Array) => void;
}

function isBlank(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c !== 32 && c !== 9 && c !== 13 && c !== 12 && c !== 11 && c !== 0xa0 && c !== 0xfeff && !(c >= 0x2000 && c <= 0x200b) && c !== 0x3000) return false;
  }
  return true;
}

/**
 * The four class scores of `x[xAt ..  xAt + n)` under feature-major weights `w`, into `into` at
 * `to`. Zero features are skipped: most of a line's flags and lexicon counts are zero.
 */
function score(w: Float64Array, x: Float64Array, xAt: number, n: number, into: Float64Array, to: number): void {
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  for (let i = 0; i < n; i++) {
    const v = x[xAt + i]!;
    if (v === 0) continue;
    const j = i * 4;
    s0 += w[j]! * v;
    s1 += w[j + 1]! * v;
    s2 += w[j + 2]! * v;
    s3 += w[j + 3]! * v;
  }
  into[to] = s0;
  into[to + 1] = s1;
  into[to + 2] = s2;
  into[to + 3] = s3;
}

/** Softmax of the four scores at `at` of `from`, into `into` at the same place; returns log of the sum of exp(score - max), less max (so log p = score - it). */
function softmax(from: Float64Array, into: Float64Array, at: number): number {
  const a = from[at]!;
  const b = from[at + 1]!;
  const c = from[at + 2]!;
  const d = from[at + 3]!;
  const max = Math.max(a, b, c, d);
  const ea = Math.exp(a - max);
  const eb = Math.exp(b - max);
  const ec = Math.exp(c - max);
  const ed = Math.exp(d - max);
  const sum = ea + eb + ec + ed;
  into[at] = ea / sum;
  into[at + 1] = eb / sum;
  into[at + 2] = ec / sum;
  into[at + 3] = ed / sum;
  return max + Math.log(sum);
}

function argmax(v: Float64Array, at: number): number {
  let best = 0;
  for (let c = 1; c < K; c++) if (v[at + c]! > v[at + best]!) best = c;
  return best;
}

function scoresOf(v: Float64Array, at: number): Scores {
  return { body: v[at]!, navigation: v[at + 1]!, advertisement: v[at + 2]!, disclaimer: v[at + 3]! };
}

/** The class with the highest score other than `c`. */
function runnerUp(v: Float64Array, at: number, c: number): number {
  let best = -1;
  for (let k = 0; k < K; k++) if (k !== c && (best < 0 || v[at + k]! > v[at + best]!)) best = k;
  return best;
}

/**
 * "name +1.23, name +0.40": the terms that put class `c` over the runner-up `r` most, each its
 * share of the margin ((w_c - w_r) * x), largest first, as the default model's reasons give them
 * (classify.ts). The largest terms of `c`'s own score, of either sign, read as evidence against
 * the label (log-probability inputs are never above 0).
 */
function marginTerms(weights: Float64Array, c: number, r: number, x: Float64Array, xAt: number, names: readonly string[]): string {
  const n = names.length;
  const terms: Array<[string, number, number]> = [];
  for (let i = 0; i < n; i++) {
    const v = (weights[i * K + c]! - weights[i * K + r]!) * x[xAt + i]!;
    if (v > 0 && names[i] !== 'bias') terms.push([names[i]!, v, x[xAt + i]!]);
  }
  if (terms.length === 0) return 'bias alone';
  terms.sort((a, b) => b[1] - a[1]);
  return terms
    .slice(0, FAST_REASON_FEATURES)
    // With the line's value: the second layer's `own_body` is log p(body), so a navigation label
    // read `own_body +5.51`, body-ness on its face; `own_body=-4.20 +5.51` says it was its absence.
    .map(([name, v, value]) => `${name}=${Number.isInteger(value) ? value : value.toFixed(2)} +${v.toFixed(2)}`)
    .join(', ');
}

export class FastLabeller {
  private readonly model: FastModel;
  private readonly table: FastWordTable;
  private readonly reasons: boolean;
  private readonly onContext: ((vector: Float64Array) => void) | undefined;
  /** Ring of the non-blank lines in the window: slot = sequence number & mask (a power of two above 2 * FAST_WINDOW + 1). */
  private readonly cap: number;
  private readonly mask: number;
  private readonly features: Float64Array;
  private readonly logits: Float64Array;
  /** log of the first layer's softmax denominator per line: log p = logit - it. */
  private readonly logNorm: Float64Array;
  private readonly probs: Float64Array;
  private readonly words: Float64Array;
  private readonly prose: Uint8Array;
  private readonly finalLogits: Float64Array;
  private readonly labels: Int8Array;
  private readonly ctx = new Float64Array(NC);
  /** With reasons: each window line's second-layer inputs, kept until it is explained. */
  private readonly ctxRing: Float64Array;
  /** Every line pushed and not yet out, in order: its text and its non-blank sequence number (-1: blank). */
  private queue: string[] = [];
  private queueSeq: number[] = [];
  private head = 0;
  /** Non-blank lines pushed, and how many of them have their final label. */
  private seen = 0;
  private done = 0;
  /** Lines out (LabelledLine.index). */
  private index = 0;
  /** Prose lines among the labelled, and the sequence number of the last one (-1: none). */
  private proseSeen = 0;
  private lastProse = -1;
  private ended = false;

  constructor(options: FastLabellerOptions = {}) {
    if (typeof options !== 'object' || options === null) throw invalidArgument('options', 'an object', options, 'FastLabeller');
    this.model = options.model ?? defaultFastModel();
    this.table = options.table ?? defaultFastTable();
    this.reasons = options.reasons ?? true;
    this.onContext = options.onContext;
    let cap = 4;
    while (cap < 2 * FAST_WINDOW + 2) cap *= 2;
    this.cap = cap;
    this.mask = cap - 1;
    this.features = new Float64Array(this.cap * NF);
    this.logits = new Float64Array(this.cap * K);
    this.logNorm = new Float64Array(this.cap);
    this.probs = new Float64Array(this.cap * K);
    this.words = new Float64Array(this.cap);
    this.prose = new Uint8Array(this.cap);
    this.finalLogits = new Float64Array(this.cap * K);
    this.labels = new Int8Array(this.cap);
    this.ctxRing = new Float64Array(this.reasons ? this.cap * NC : 0);
  }

  push(line: string | InputLine, out: LabelledLine[]): void {
    if (this.ended) throw new BoilerstripError('ERR_STREAM_ENDED', 'Labeller.push() after end(): a Labeller labels one document; make a new one for the next');
    if (!Array.isArray(out)) throw invalidArgument('out', 'an array (the labelled lines are appended to it)', out, 'Labeller.push');
    const text = typeof line === 'string' ? line : line.text;
    if (isBlank(text)) {
      this.queue.push(text);
      this.queueSeq.push(-1);
      if (this.queue.length - this.head > FAST_MAX_HELD_LINES) this.finishUpTo(this.seen);
      this.emit(out);
      return;
    }
    const seq = this.seen++;
    const slot = seq & this.mask;
    const fAt = slot * NF;
    this.words[slot] = scanFast(text, this.table, this.features, fAt);
    const lAt = slot * K;
    score(this.model.first, this.features, fAt, NF, this.logits, lAt);
    this.logNorm[slot] = softmax(this.logits, this.probs, lAt);
    this.prose[slot] = this.words[slot]! >= FAST_PROSE_WORDS && this.probs[lAt]! >= FAST_PROSE_BODY_P ? 1 : 0;
    this.queue.push(text);
    this.queueSeq.push(seq);
    if (seq >= FAST_WINDOW) this.finishUpTo(seq - FAST_WINDOW + 1);
    this.emit(out);
  }

  end(out: LabelledLine[]): void {
    if (!Array.isArray(out)) throw invalidArgument('out', 'an array (the labelled lines are appended to it)', out, 'Labeller.end');
    if (this.ended) return;
    this.ended = true;
    this.finishUpTo(this.seen);
    this.emit(out);
  }

  /** Give the non-blank lines before sequence number `upTo` their final label. */
  private finishUpTo(upTo: number): void {
    while (this.done < upTo) this.finish(this.done++);
  }

  private finish(k: number): void {
    const mask = this.mask;
    const x = this.ctx;
    const p = this.probs;
    const slot = k & mask;
    const pAt = slot * K;
    x.fill(0);
    x[CI.bias] = 1;
    const norm = this.logNorm[slot]!;
    for (let c = 0; c < K; c++) x[CI.own_body + c] = Math.max(this.logits[pAt + c]! - norm, FLOOR_LOG_P);
    if (k > 0) {
      const at = ((k - 1) & mask) * K;
      for (let c = 0; c < K; c++) x[CI.prev_body + c] = p[at + c]!;
    }
    if (k + 1 < this.seen) {
      const at = ((k + 1) & mask) * K;
      for (let c = 0; c < K; c++) x[CI.next_body + c] = p[at + c]!;
    }
    let proseBehind = 0;
    let proseAhead = 0;
    let behind = 0;
    let ahead = 0;
    for (let j = Math.max(0, k - FAST_WINDOW); j < k; j++) {
      const s = j & mask;
      if (this.prose[s]) proseBehind = 1;
      if (j < k - 1) {
        behind++;
        for (let c = 0; c < K; c++) x[CI.behind_body + c]! += p[s * K + c]!;
      }
    }
    const last = Math.min(this.seen - 1, k + FAST_WINDOW);
    for (let j = k + 1; j <= last; j++) {
      const s = j & mask;
      if (this.prose[s]) proseAhead = 1;
      if (j > k + 1) {
        ahead++;
        for (let c = 0; c < K; c++) x[CI.ahead_body + c]! += p[s * K + c]!;
      }
    }
    if (behind > 0) for (let c = 0; c < K; c++) x[CI.behind_body + c]! /= behind;
    if (ahead > 0) for (let c = 0; c < K; c++) x[CI.ahead_body + c]! /= ahead;
    x[CI.prose_behind] = proseBehind;
    x[CI.prose_ahead] = proseAhead;
    x[CI.prose_seen] = Math.min(1, Math.log1p(this.proseSeen) / FAST_CONTEXT_SCALES.proseSeen);
    x[CI.since_prose] = this.lastProse < 0 ? 1 : Math.min(1, (k - this.lastProse) / (FAST_CONTEXT_SCALES.sinceProseWindows * FAST_WINDOW));
    x[CI.position] = Math.min(1, Math.log1p(k) / FAST_CONTEXT_SCALES.position);
    x[CI.doc_start] = k < FAST_CONTEXT_SCALES.docStart ? 1 : 0;
    const own = this.prose[slot]!;
    x[CI.own_prose] = own;
    x[CI.short_between_prose] = this.words[slot]! <= FAST_SHORT_WORDS && proseBehind && proseAhead ? 1 : 0;
    if (own) {
      this.proseSeen++;
      this.lastProse = k;
    }
    this.onContext?.(x);
    if (this.reasons) this.ctxRing.set(x, slot * NC);
    score(this.model.context, x, 0, NC, this.finalLogits, pAt);
    this.labels[slot] = argmax(this.finalLogits, pAt);
  }

  /** Send out, in order, every held line whose label is known. */
  private emit(out: LabelledLine[]): void {
    const queue = this.queue;
    const seqs = this.queueSeq;
    let head = this.head;
    while (head < queue.length) {
      const seq = seqs[head]!;
      if (seq >= this.done) break;
      const text = queue[head]!;
      if (seq < 0) {
        const zero: Scores = { body: 0, navigation: 0, advertisement: 0, disclaimer: 0 };
        out.push({ index: this.index++, text, label: 'blank', first: 'blank', reason: this.reasons ? 'blank: whitespace only' : '', scores: zero, final: zero });
      } else {
        const slot = seq & this.mask;
        const at = slot * K;
        const label: ContentLabel = CLASSES[this.labels[slot]!]!;
        const first: ContentLabel = CLASSES[argmax(this.logits, at)]!;
        out.push({
          index: this.index++,
          text,
          label,
          first,
          reason: this.reasons ? this.explain(slot) : '',
          scores: scoresOf(this.logits, at),
          final: scoresOf(this.finalLogits, at),
        });
      }
      head++;
    }
    if (head > 1024 && head * 2 > queue.length) {
      queue.splice(0, head);
      seqs.splice(0, head);
      head = 0;
    }
    this.head = head;
  }

  /** Why: the second layer's terms that put the label over the runner-up, then the first layer's for the first label. */
  private explain(slot: number): string {
    const at = slot * K;
    const c = this.labels[slot]!;
    const r = runnerUp(this.finalLogits, at, c);
    const f = argmax(this.logits, at);
    const rf = runnerUp(this.logits, at, f);
    const context = marginTerms(this.model.context, c, r, this.ctxRing, slot * NC, FAST_CONTEXT);
    const line = marginTerms(this.model.first, f, rf, this.features, slot * NF, FAST_FEATURES);
    return `fast model: ${CLASSES[c]} over ${CLASSES[r]}: ${context}; line alone ${CLASSES[f]} over ${CLASSES[rf]}: ${line}`;
  }
}
