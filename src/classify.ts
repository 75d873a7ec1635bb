/**
 * Stage 1: a context-free first label per line (jusText's "context-free
 * classification"). Features in, scores per class out; blank lines get the
 * label `blank` and no scores.
 */
import type { ContentLabel, InputLine, Label, Scores } from './types.js';
import { isBlank, lineFeatureVector, type Features } from './features.js';
import { argmax, denseTable, scoreVector, type DenseTable, type Model } from './model.js';
import { CONTEXT_FEATURE_COUNT, FEATURE_COUNT, FEATURE_SCHEMA, fromRecord, type FeatureVector } from './schema.js';
import type { Lexicon } from './lexicon.js';
import type { Stage } from './stage.js';

export interface Scored {
  index: number;
  text: string;
  blank: boolean;
  /** Context-free features, indexed by `F` (see schema.ts; `toRecord` gives names). */
  features: FeatureVector;
  /** First-stage scores (zeros for blank lines). */
  scores: Scores;
  /** Softmax of `scores`, computed once: the context stage reads it for every neighbour. */
  probs: Scores;
  first: Label;
  /** Context features indexed by `C`, set by the context stage (all 0 until then and for blank lines). */
  ctx: FeatureVector;
  /** First-stage scores plus weighted context features, set by the context stage. */
  final: Scores;
}

/** Softmax of class scores. */
export function probabilities(scores: Scores): Scores {
  const max = Math.max(scores.body, scores.navigation, scores.advertisement, scores.disclaimer);
  const b = Math.exp(scores.body - max);
  const n = Math.exp(scores.navigation - max);
  const a = Math.exp(scores.advertisement - max);
  const d = Math.exp(scores.disclaimer - max);
  const sum = b + n + a + d;
  return { body: b / sum, navigation: n / sum, advertisement: a / sum, disclaimer: d / sum };
}

const ZERO: Scores = Object.freeze({ body: 0, navigation: 0, advertisement: 0, disclaimer: 0 });
/**
 * Shared by every blank line, which has no features. Never written: the stages
 * fill only non-blank lines' vectors.
 */
export const NO_FEATURES: FeatureVector = new Float64Array(FEATURE_COUNT);
/** Shared context vector of blank lines (never written, as NO_FEATURES). */
export const NO_CONTEXT: FeatureVector = new Float64Array(CONTEXT_FEATURE_COUNT);

/** First label of a feature record (names, as `lineFeatures` gives) or vector: argmax of its class scores. */
export function firstLabel(features: Features | FeatureVector, model: Model): { label: ContentLabel; scores: Scores } {
  const vector = features instanceof Float64Array ? features : fromRecord(features, FEATURE_SCHEMA);
  const scores = scoreVector(vector, denseTable(model.first, FEATURE_SCHEMA));
  return { label: argmax(scores), scores };
}

export class FirstStage implements Stage<InputLine, Scored> {
  private index = 0;
  private readonly weights: DenseTable;
  constructor(
    model: Model,
    private readonly lexicon: Lexicon,
  ) {
    this.weights = denseTable(model.first, FEATURE_SCHEMA);
  }

  push(line: InputLine, out: Scored[]): void {
    const index = this.index++;
    if (isBlank(line.text)) {
      out.push({ index, text: line.text, blank: true, features: NO_FEATURES, scores: ZERO, probs: ZERO, first: 'blank', ctx: NO_CONTEXT, final: ZERO });
      return;
    }
    const features = lineFeatureVector(line.text, this.lexicon, line.dom);
    const scores = scoreVector(features, this.weights);
    out.push({ index, text: line.text, blank: false, features, scores, probs: probabilities(scores), first: argmax(scores), ctx: NO_CONTEXT, final: scores });
  }

  flush(): void {}
}
