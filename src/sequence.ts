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
import { argmax, denseTable, logSoftmax, runnerUp, vectorContributions, type DenseTable, type Model } from './model.js';
import { CONTEXT_SCHEMA, FEATURE_SCHEMA } from './schema.js';
import type { Stage } from './stage.js';

const K = CLASSES.length;

interface Step {
  item: Contextual;
  /** back[j] = best previous class when this step is class j. */
  back: Int8Array;
}

export class SequenceStage implements Stage<Contextual, LabelledLine> {
  /** Items waiting for their label, blanks included, in input order. */
  private readonly pending: Array<Contextual> = [];
  /** Non-blank steps not yet committed, oldest first. */
  private readonly steps: Step[] = [];
  private delta = new Float64Array(K);
  private started = false;
  private readonly emission = new Array<number>(K).fill(0);
  private readonly nextDelta = new Float64Array(K);
  /** Both weight tables resolved once, for the reasons. */
  private readonly tables: ExplainTables;

  /**
   * @param reasons whether to write each line's `reason`. Explaining costs
   *   about a tenth of the per-line time, so callers that never show reasons
   *   (the clean functions, which yield text) turn it off; lines then carry ''.
   */
  constructor(
    private readonly model: Model,
    private readonly lag: number,
    private readonly reasons = true,
  ) {
    this.tables = explainTables(model);
  }

  push(item: Contextual, out: LabelledLine[]): void {
    this.pending.push(item);
    if (item.blank) {
      if (this.steps.length === 0) this.drain(out, null);
      return;
    }
    logSoftmax(item.final, this.emission);
    const back = new Int8Array(K);
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
        back[j] = arg;
      }
      this.delta.set(this.nextDelta);
    }
    this.steps.push({ item, back });
    if (this.steps.length > this.lag) this.commit(out, 1);
  }

  flush(out: LabelledLine[]): void {
    this.commit(out, this.steps.length);
    this.drain(out, null);
  }

  /** Commit the oldest `count` steps by backtracking from the current best state. */
  private commit(out: LabelledLine[], count: number): void {
    if (this.steps.length === 0) return;
    let state = 0;
    for (let j = 1; j < K; j++) if (this.delta[j]! > this.delta[state]!) state = j;
    const labels = new Array<number>(this.steps.length);
    for (let s = this.steps.length - 1; s >= 0; s--) {
      labels[s] = state;
      state = this.steps[s]!.back[state]!;
    }
    for (let s = 0; s < count; s++) {
      const step = this.steps.shift()!;
      this.drain(out, { item: step.item, label: CLASSES[labels[s]!]! });
    }
  }

  /** Emit pending items up to and including `decided` (blanks before it get `blank`). */
  private drain(out: LabelledLine[], decided: { item: Contextual; label: ContentLabel } | null): void {
    while (this.pending.length > 0) {
      const item = this.pending[0]!;
      if (item.blank) {
        this.pending.shift();
        out.push({ index: item.index, text: item.text, label: 'blank', first: 'blank', reason: 'blank: whitespace only', scores: item.scores });
        continue;
      }
      if (decided === null || item !== decided.item) return;
      this.pending.shift();
      const reason = this.reasons ? explain(item, decided.label, this.tables) : '';
      out.push({ index: item.index, text: item.text, label: decided.label, first: item.first, reason, scores: item.scores });
      return;
    }
  }
}

/** A model's two weight tables resolved against their schemas (see {@link explain}). */
export interface ExplainTables {
  first: DenseTable;
  context: DenseTable;
}

export function explainTables(model: Model): ExplainTables {
  return { first: denseTable(model.first, FEATURE_SCHEMA), context: denseTable(model.context, CONTEXT_SCHEMA) };
}

/**
 * A short reason: which features (or the sequence model) decided the label.
 * `tables` is a model or, on the hot path, its tables resolved once by {@link explainTables}.
 */
export function explain(item: Contextual, label: ContentLabel, tables: Model | ExplainTables): string {
  const t = 'transitions' in tables ? explainTables(tables) : tables;
  const best = argmax(item.final);
  const parts = [
    { features: item.features, table: t.first },
    { features: item.ctx, table: t.context },
  ];
  if (best !== label) {
    const why = vectorContributions(parts, label, best);
    return `${label}: sequence (neighbours) over ${best}${why.length ? '; ' + why.join(', ') : ''}`;
  }
  const other = runnerUp(item.final, label);
  const why = vectorContributions(parts, label, other);
  return `${label} over ${other}: ${why.length ? why.join(', ') : 'prior'}`;
}
