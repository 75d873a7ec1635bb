/**
 * A synchronous pipeline stage: push one item, get zero or more out; flush
 * at the end. Stages are stateful but bounded. They are driven by the
 * pipeline (the one place that knows their order) from an async source, so
 * the per-line cost is a function call, not a promise per stage.
 */
export interface Stage<I, O> {
  push(item: I, out: O[]): void;
  flush(out: O[]): void;
}
