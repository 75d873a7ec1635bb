/**
 * Hand-built lines as the stages after the context stage see them (`Contextual`): the smoothing
 * and sequence tests build their inputs from final scores alone, not from text.
 */
import type { Contextual } from '../src/context.js';
import { NO_CONTEXT, NO_FEATURES, probabilities } from '../src/classify.js';
import { argmax } from '../src/model.js';
import { CONTEXT_SCHEMA, FEATURE_SCHEMA, fromRecord } from '../src/schema.js';
import type { Label, LabelledLine, Scores } from '../src/types.js';
import type { Stage } from '../src/stage.js';

export const ZERO: Scores = { body: 0, navigation: 0, advertisement: 0, disclaimer: 0 };

/** A line as the labelling stages hand it to the later ones (headline, teasers, about boxes, rules, social rows): the model's label and reason. */
export function modelLine(label: Label, text: string, index = 0): LabelledLine {
  return { index, text, label, first: label, reason: `${label}: the model`, scores: ZERO, final: ZERO };
}

let nextIndex = 0;

/** A non-blank line whose scores (and final scores) are `final`, other classes 0, with the given first-stage features. */
export function scoredLine(final: Partial<Scores>, features: Record<string, number> = { bias: 1 }): Contextual {
  const scores = { ...ZERO, ...final };
  return {
    index: nextIndex++,
    text: `line ${nextIndex}`,
    blank: false,
    features: fromRecord(features, FEATURE_SCHEMA),
    scores,
    probs: probabilities(scores),
    first: argmax(scores),
    ctx: new Float64Array(CONTEXT_SCHEMA.names.length),
    final: { ...scores },
  };
}

/** A blank line, as the first stage hands it on. */
export function blankLine(): Contextual {
  return { index: nextIndex++, text: '', blank: true, features: NO_FEATURES, scores: ZERO, probs: ZERO, first: 'blank', ctx: NO_CONTEXT, final: ZERO };
}

/** Every item through a stage, then its flush: all it gave, in order. */
export function runStage<I, O>(stage: Stage<I, O>, items: Iterable<I>): O[] {
  const out: O[] = [];
  for (const item of items) stage.push(item, out);
  stage.flush(out);
  return out;
}

/** What `fn` throws (undefined when it returns): for tests that look at an error's fields, not only its message. */
export function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (e) {
    return e;
  }
  return undefined;
}
