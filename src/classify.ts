/**
 * Stage 1: a context-free first label per line (jusText's "context-free
 * classification"). Features in, scores per class out; blank lines get the
 * label `blank` and no scores.
 */
import type { ContentLabel, DomFeatures, InputLine, Label, Scores } from './types.js';
import { isBlank, featureVector, type Features } from './features.js';
import { argmax, denseTable, scoreVector, softmaxInto, type DenseTable, type Model } from './model.js';
import { CONTEXT_FEATURE_COUNT, FEATURE_COUNT, FEATURE_SCHEMA, fromRecord, type FeatureVector } from './schema.js';
import type { Lexicon } from './lexicon.js';
import type { Stage } from './stage.js';
import { invalidArgument } from './errors.js';
import { copyString, hashCodeUnits, newLineScan } from './scan.js';

export interface Scored {
  index: number;
  text: string;
  blank: boolean;
  /**
   * Context-free features, indexed by `F` (see schema.ts; `toRecord` gives names). Read-only:
   * lines with the same text may share one vector (see FirstStageMemo).
   */
  features: FeatureVector;
  /** First-stage scores (zeros for blank lines). */
  scores: Scores;
  /** Softmax of `scores`, computed once: the context stage reads it for every neighbour. */
  probs: Scores;
  first: Label;
  /** Context features indexed by `C`, set by the context stage (all 0 until then and for blank lines). */
  ctx: FeatureVector;
  /**
   * First-stage scores plus weighted context features (and the trees), set by the context stage;
   * replaced by the smoothing stage's scores when the model smooths (smooth.ts).
   */
  final: Scores;
  /** The context stage's `final`, kept by the smoothing stage when it replaces it. */
  unsmoothed?: Scores;
  /** The smoothing layer's inputs (SMOOTH_SCHEMA order), kept for the line's reason. */
  smoothInputs?: Float64Array;
  /**
   * The leaf each tree reached when the context stage scored the line (trees.ts), kept so its
   * reason need not walk the trees again. Absent without trees and for blank lines.
   */
  leaves?: Int32Array;
  /**
   * The hash of the line's normalised text (repetition.ts, normalisedHash), which the context
   * stage's repeat test needs: found by the features' character pass, so the context stage
   * need not read the line again. Absent for blank lines and lines with characters that do
   * not lower-case alone (İ, Σ, astral); the context stage computes it then.
   */
  repeatHash?: number;
}

const SOFTMAX = new Float64Array(4);
/** Softmax of class scores. */
export function probabilities(scores: Scores): Scores {
  softmaxInto(scores, SOFTMAX, 0);
  return { body: SOFTMAX[0]!, navigation: SOFTMAX[1]!, advertisement: SOFTMAX[2]!, disclaimer: SOFTMAX[3]! };
}

const ZERO: Scores = Object.freeze({ body: 0, navigation: 0, advertisement: 0, disclaimer: 0 });
/**
 * Shared by every blank line, which has no features. Never written: the stages
 * fill only non-blank lines' vectors.
 */
export const NO_FEATURES: FeatureVector = new Float64Array(FEATURE_COUNT);
/** Shared context vector of blank lines (never written, as NO_FEATURES). */
export const NO_CONTEXT: FeatureVector = new Float64Array(CONTEXT_FEATURE_COUNT);

function copyScores(s: Scores): Scores {
  return { body: s.body, navigation: s.navigation, advertisement: s.advertisement, disclaimer: s.disclaimer };
}

/** First label of a feature record (names, as `lineFeatures` gives) or vector: argmax of its class scores. */
export function firstLabel(features: Features | FeatureVector, model: Model): { label: ContentLabel; scores: Scores } {
  if (typeof features !== 'object' || features === null || Array.isArray(features) || (features instanceof Float64Array && features.length !== FEATURE_COUNT)) {
    throw invalidArgument('features', `a feature record (lineFeatures) or a Float64Array of ${FEATURE_COUNT} slots (lineFeatureVector)`, features, 'firstLabel');
  }
  if (typeof model !== 'object' || model === null || typeof model.first !== 'object' || model.first === null) {
    throw invalidArgument('model', 'a model (parseModel or defaultModel)', model, 'firstLabel');
  }
  const vector = features instanceof Float64Array ? features : fromRecord(features, FEATURE_SCHEMA);
  const scores = scoreVector(vector, denseTable(model.first, FEATURE_SCHEMA));
  return { label: argmax(scores), scores };
}

/**
 * Distinct text lines the first-stage memo keeps per generation (two generations: see
 * FirstStageMemo). Template lines of a site (menus, footers, share buttons) recur on every
 * page; a few thousand covers them. At most about 2 x 2048 x 1.6 KB = 6.5 MB.
 * @default 2048
 */
export const MEMO_LINES = 2048;
/**
 * Longest line, in UTF-16 code units, the memo keeps: template lines are short, long prose
 * lines rarely repeat, and a key costs its length in memory.
 * @default 300
 */
export const MEMO_MAX_CHARS = 300;

/**
 * Slots of the memo's doorkeeper: a table of line-text hashes that lets a line into the memo
 * only on its second sighting. Without it every unique line (most prose) would be kept until
 * evicted, outliving V8's young generation: measured +56 MB peak RSS on the 100 MB memory
 * test. 16384 slots x 4 bytes = 64 KB, allocated once.
 * @default 16384
 */
export const MEMO_DOORKEEPER_SLOTS = 1 << 14;

/** What the first stage computed for a line's text: the same for every line with that text. */
interface Memoised {
  features: FeatureVector;
  repeatHash: number | undefined;
  scores: Scores;
  probs: Scores;
  first: ContentLabel;
}


/**
 * A bounded memo of first-stage results for text lines (no DOM), keyed by the exact line
 * text. A line is stored on its second sighting (a doorkeeper table of hashes remembers the
 * first; a hash collision only stores a line early). Two generations: when the current map
 * is full it becomes the previous one and a new map starts; a hit in the previous map moves
 * the entry forward. So lines that keep recurring stay, and memory stays under two full maps.
 */
export class FirstStageMemo {
  private current = new Map<string, Memoised>();
  private previous = new Map<string, Memoised>();
  private readonly doorkeeper: Uint32Array;

  constructor(
    private readonly capacity = MEMO_LINES,
    doorkeeperSlots = MEMO_DOORKEEPER_SLOTS,
  ) {
    this.doorkeeper = new Uint32Array(doorkeeperSlots);
  }

  get(text: string): Memoised | undefined {
    const hit = this.current.get(text);
    if (hit !== undefined) return hit;
    const old = this.previous.get(text);
    if (old !== undefined) this.store(text, old);
    return old;
  }

  /** Offer a computed result: kept if the text was seen before (see the doorkeeper). */
  set(text: string, value: Memoised): void {
    if (this.admit(text)) this.store(text, value);
  }

  /**
   * The doorkeeper alone: true when a result for `text` should be stored (the text was seen
   * before), false after noting this first sighting. For callers that make the stored value
   * only when it is kept (see FirstStage, whose vectors are reused). `hash`: see below.
   */
  admit(text: string, hash = hashCodeUnits(text)): boolean {
    // Hash 0 marks an empty slot, so it is moved to 1 (a collision at worst).
    // Every code unit is hashed: a hash of the length and the ends alone (tried) let lines of a
    // template that differ only in the middle through on their first sighting, +25 MB peak RSS
    // on the 100 MB memory test. A caller may pass a hash of the text it has already (any hash
    // of every code unit will do: a collision only stores a line early).
    const h = hash >>> 0 || 1;
    const slot = h % this.doorkeeper.length;
    if (this.doorkeeper[slot] !== h) {
      this.doorkeeper[slot] = h;
      return false;
    }
    return true;
  }

  /** Store a result without asking the doorkeeper. */
  store(text: string, value: Memoised): void {
    if (this.current.size >= this.capacity) {
      this.previous = this.current;
      this.current = new Map();
    }
    // A line is usually a slice of the decoded input chunk, and a kept slice keeps the whole
    // chunk alive (64 KB or more per key): store a copy of just the line.
    this.current.set(copyString(text), value);
  }

  get size(): number {
    return this.current.size + this.previous.size;
  }
}

/**
 * The memo shared by the first stages of a process (every document of a batch, so a site's
 * template lines are featurised once), valid for one lexicon and one set of first-stage
 * weights. Weights are compared by value when a stage is made: a model edited between runs
 * (training does this) gets a fresh memo, never stale scores.
 */
let sharedMemo: { lexicon: Lexicon; weights: Float64Array; memo: FirstStageMemo } | undefined;

function memoFor(lexicon: Lexicon, weights: Float64Array): FirstStageMemo {
  const s = sharedMemo;
  if (s !== undefined && s.lexicon === lexicon && sameValues(s.weights, weights)) return s.memo;
  const memo = new FirstStageMemo();
  sharedMemo = { lexicon, weights: Float64Array.from(weights), memo };
  return memo;
}

function sameValues(a: Float64Array, b: Float64Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return false;
  return true;
}

export class FirstStage implements Stage<InputLine, Scored> {
  private index = 0;
  private readonly weights: DenseTable;
  private readonly memo: FirstStageMemo;
  /** Feature vectors handed out in turn when `reuse` > 0 (see the constructor). */
  private readonly ring: Array<FeatureVector | undefined>;
  private ringNext = 0;
  /** The character facts of the line being featurised (its normalised-text hash is kept). */
  private readonly facts = newLineScan();

  /**
   * @param reuse how many feature vectors to cycle through, 0 for a fresh one per line. A
   *   caller that lets go of a line's `features` within `reuse` later lines (the Labeller,
   *   whose later stages read a line's features until it is explained) saves an allocation
   *   per line; one that keeps every line (training) must pass 0. A vector the memo keeps is
   *   a copy, never one of the ring.
   */
  constructor(
    model: Model,
    private readonly lexicon: Lexicon,
    reuse = 0,
  ) {
    this.weights = denseTable(model.first, FEATURE_SCHEMA);
    this.memo = memoFor(lexicon, this.weights.weights);
    // Each vector is made when its slot is first used: a labeller is made per document, and a
    // record of a few lines paid for the whole ring (QA pass 5: 145 us a one-line record).
    this.ring = new Array<FeatureVector | undefined>(reuse).fill(undefined);
  }

  push(line: InputLine, out: Scored[]): void {
    this.pushText(line.text, line.dom, out);
  }

  /** {@link push} of a line given as its text and DOM facts: no InputLine object per plain-text line. */
  pushText(text: string, dom: DomFeatures | undefined, out: Scored[]): void {
    const index = this.index++;
    if (isBlank(text)) {
      // A blank line's scores reach the caller (LabelledLine.scores and .final) like any line's, so
      // it gets an object of its own: the shared frozen ZERO made a caller's write to a line's
      // scores throw a TypeError on blank lines only. `probs` stays internal and shared.
      const zero: Scores = { body: 0, navigation: 0, advertisement: 0, disclaimer: 0 };
      out.push({ index, text, blank: true, features: NO_FEATURES, scores: zero, probs: ZERO, first: 'blank', ctx: NO_CONTEXT, final: zero, repeatHash: undefined });
      return;
    }
    // Text lines only: a DOM line's features depend on its element, not just its text.
    const memoise = dom === undefined && text.length <= MEMO_MAX_CHARS;
    const m = memoise ? this.memo.get(text) : undefined;
    // Scores reach the caller (LabelledLine.scores): each line gets its own object, so scores
    // the memo keeps are copied; scores made for this line alone are handed out as they are.
    let scores: Scores;
    if (m !== undefined) {
      scores = copyScores(m.scores);
      out.push({ index, text, blank: false, features: m.features, scores, probs: m.probs, first: m.first, ctx: NO_CONTEXT, final: scores, repeatHash: m.repeatHash });
      return;
    }
    let features: FeatureVector;
    const facts = this.facts;
    if (this.ring.length > 0) {
      features = featureVector(text, this.lexicon, dom, (this.ring[this.ringNext] ??= new Float64Array(FEATURE_COUNT)), facts);
      this.ringNext = this.ringNext + 1 === this.ring.length ? 0 : this.ringNext + 1;
    } else features = featureVector(text, this.lexicon, dom, undefined, facts);
    const repeatHash = facts.hasNormalisedHash ? facts.normalisedHash : undefined;
    scores = scoreVector(features, this.weights);
    const probs = probabilities(scores);
    const first = argmax(scores);
    // The features' character pass hashed the trimmed line; its length tells apart lines that
    // differ only in their surrounding whitespace. No pass of the doorkeeper's own.
    if (memoise && this.memo.admit(text, facts.textHash ^ text.length)) {
      // A vector of the ring is reused for later lines: the memo keeps a copy.
      this.memo.store(text, { features: this.ring.length > 0 ? Float64Array.from(features) : features, repeatHash, scores, probs, first });
      scores = copyScores(scores);
    }
    out.push({ index, text, blank: false, features, scores, probs, first, ctx: NO_CONTEXT, final: scores, repeatHash });
  }

  flush(): void {}
}
