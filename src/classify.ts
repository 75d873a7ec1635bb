/**
 * Stage 1: a context-free first label per line (jusText's "context-free
 * classification"). Features in, scores per class out; blank lines get the
 * label `blank` and no scores.
 */
import type { ContentLabel, InputLine, Label, Scores } from './types.js';
import { isBlank, lineFeatures, type Features } from './features.js';
import { argmax, score, type Model } from './model.js';
import type { Lexicon } from './lexicon.js';
import type { Stage } from './stage.js';

export interface Scored {
  index: number;
  text: string;
  blank: boolean;
  features: Features;
  /** First-stage scores (zeros for blank lines). */
  scores: Scores;
  /** Softmax of `scores`, computed once: the context stage reads it for every neighbour. */
  probs: Scores;
  first: Label;
  /** Context features, set by the context stage (empty until then and for blank lines). */
  ctx: Features;
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

/** First label of a feature record: argmax of its class scores. */
export function firstLabel(features: Features, model: Model): { label: ContentLabel; scores: Scores } {
  const scores = score(features, model.first);
  return { label: argmax(scores), scores };
}

export class FirstStage implements Stage<InputLine, Scored> {
  private index = 0;
  constructor(
    private readonly model: Model,
    private readonly lexicon: Lexicon,
  ) {}

  push(line: InputLine, out: Scored[]): void {
    const index = this.index++;
    if (isBlank(line.text)) {
      out.push({ index, text: line.text, blank: true, features: {}, scores: ZERO, probs: ZERO, first: 'blank', ctx: {}, final: ZERO });
      return;
    }
    const features = lineFeatures(line.text, this.lexicon, line.dom);
    const { label, scores } = firstLabel(features, this.model);
    out.push({ index, text: line.text, blank: false, features, scores, probs: probabilities(scores), first: label, ctx: {}, final: scores });
  }

  flush(): void {}
}
