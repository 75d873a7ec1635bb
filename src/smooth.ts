/**
 * Stage 2b: smoothing over neighbours, after the trees. The context stage sees its neighbours
 * only through the first stage's scores, which are rough; once every line has its final scores,
 * a line inside a recipe's step list or a comment thread has much better evidence around it than
 * it had then. This stage re-scores each line from its own final probabilities and the mean
 * probabilities of the 1, 2, 4, 8 and 16 non-blank lines before and after it (SMOOTH_WINDOWS),
 * with the linear weights of `model.smooth`.
 *
 * It is jusText's second step (Pomikálek 2011, ch. 3: a context-free class per paragraph, then
 * a pass that revises short and doubtful paragraphs from their neighbours), with the neighbour
 * rule learned instead of hand-set: `npm run train` fits the layer on the out-of-fold scores of
 * its cross-validation, so it learns how far to trust neighbours the model has not seen, and
 * keeps it only when the nested cross-validation says it pays (scripts/train.mjs).
 *
 * A model without `smooth` passes lines through untouched. With it, a line waits until
 * SMOOTH_LOOKAHEAD more non-blank lines have come (or the document ends), so memory stays bounded.
 */
import { CLASSES, type Scores } from './types.js';
import type { Contextual } from './context.js';
import { denseTable, scoreVector, softmaxInto, type DenseTable, type Model } from './model.js';
import { F, SMOOTH_SCHEMA, SMOOTH_WINDOWS } from './schema.js';
import type { Stage } from './stage.js';
import { Queue } from './queue.js';

const K = CLASSES.length;
/** Non-blank lines a line waits for before it is smoothed: the widest window. */
export const SMOOTH_LOOKAHEAD: number = SMOOTH_WINDOWS[SMOOTH_WINDOWS.length - 1]!;
/** What a missing neighbour counts as (before the first line, after the last): no class preferred. */
export const NO_NEIGHBOUR = 1 / K;
const OWN = SMOOTH_SCHEMA.index.get('own_body')!;
const LEN = SMOOTH_SCHEMA.index.get('len_log')!;
/** Slot of the first window's `before` block; each window has K `before` then K `after` slots. */
const WINDOW_BASE = SMOOTH_SCHEMA.index.get(`before${SMOOTH_WINDOWS[0]}_body`)!;

/**
 * The smoothing inputs (SMOOTH_SCHEMA order) of line `at` in a run of non-blank lines whose
 * probabilities are in `probs`, K per line (CLASSES order), line `i` at `(i - base) * K`. Only
 * lines `start` to `end - 1` exist (the document's ends); a window reaching past them counts
 * each missing line as NO_NEIGHBOUR. (Averaging only the lines it has let the 16-line window of
 * a three-line record be two lines, as loud as in a long page: a masthead that a batch's counts
 * marked as template was smoothed back into body by the two paragraphs under it. Padded, the
 * nested CV of `npm run train` scored text lines 0.722 / 0.836 macro / body F1, against 0.725 /
 * 0.836 averaged.)
 */
export function smoothInputs(probs: Float64Array, base: number, start: number, end: number, at: number, lenLog: number, out: Float64Array): Float64Array {
  // Every slot is written below, so the vector is not cleared first.
  out[0] = 1; // bias
  const own = (at - base) * K;
  for (let k = 0; k < K; k++) out[OWN + k] = probs[own + k]!;
  out[LEN] = lenLog;
  for (let side = 0; side < 2; side++) {
    const step = side === 0 ? -1 : 1;
    let b = 0;
    let n = 0;
    let a = 0;
    let d = 0;
    let have = 0;
    let w = 0;
    for (let dist = 1; dist <= SMOOTH_LOOKAHEAD; dist++) {
      const i = at + step * dist;
      if (i >= start && i < end) {
        const p = (i - base) * K;
        b += probs[p]!;
        n += probs[p + 1]!;
        a += probs[p + 2]!;
        d += probs[p + 3]!;
        have++;
      }
      if (dist === SMOOTH_WINDOWS[w]) {
        const slot = WINDOW_BASE + w * 2 * K + side * K;
        const missing = (dist - have) * NO_NEIGHBOUR;
        out[slot] = (b + missing) / dist;
        out[slot + 1] = (n + missing) / dist;
        out[slot + 2] = (a + missing) / dist;
        out[slot + 3] = (d + missing) / dist;
        w++;
      }
    }
  }
  return out;
}

/** Lines of probabilities a SmoothStage holds: a line, the lookahead after it and the lookbehind before it. */
const SMOOTH_CAPACITY = 2 * SMOOTH_LOOKAHEAD + 2;
/** A SmoothStage's tables before its first line: empty, never written to. */
const NONE = new Float64Array(0);

/**
 * Smoothed scores of a whole document's non-blank lines at once (training and its evaluation):
 * `probs` as for {@link smoothInputs} from line 0, `lenLog` per line. The stage gives the same.
 */
export function smoothDocument(table: DenseTable, probs: Float64Array, lenLog: ArrayLike<number>): Scores[] {
  const n = lenLog.length;
  const x = new Float64Array(SMOOTH_SCHEMA.names.length);
  const out: Scores[] = [];
  for (let i = 0; i < n; i++) out.push(scoreVector(smoothInputs(probs, 0, 0, n, i, lenLog[i]!, x), table));
  return out;
}

export class SmoothStage implements Stage<Contextual, Contextual> {
  private readonly table: DenseTable | undefined;
  /** Items not yet passed on, blanks included, in input order. */
  private readonly pending = new Queue<Contextual>();
  /** Probabilities of the non-blank lines from `base` on, K each; lines before `next - SMOOTH_LOOKAHEAD` are dropped. */
  private probs: Float64Array;
  private lens: Float64Array;
  private base = 0;
  /** Non-blank lines pushed, and the index of the next one to pass on. */
  private total = 0;
  private next = 0;
  /** Input vectors handed out in turn (kept on the line for its reason), one scratch vector without reasons, none for a fresh one per line. */
  private readonly ring: Array<Float64Array | undefined>;
  private ringNext = 0;
  private readonly keepInputs: boolean;

  /**
   * @param reuse how many input vectors to cycle through, 0 for a fresh one per line. A line
   *   keeps its inputs (`smoothInputs`) for its reason, read when the sequence stage explains
   *   it; a caller must let go of a line within `reuse` later smoothed lines (the Labeller
   *   sizes it for the lines the end of a document hands over at once).
   * @param reasons whether lines keep their inputs at all: off, one scratch vector serves
   *   every line (the clean functions write no reasons).
   */
  constructor(model: Model, reuse = 0, reasons = true) {
    this.table = model.smooth === undefined ? undefined : denseTable(model.smooth, SMOOTH_SCHEMA, 'smooth');
    // Made with the first line that has text, as the rings are (classify.ts): a labeller is made per document.
    this.probs = NONE;
    this.lens = NONE;
    this.keepInputs = reasons;
    // Made when first used, as the first stage's ring is (classify.ts).
    this.ring = new Array<Float64Array | undefined>(reasons ? reuse : 1).fill(undefined);
  }

  push(item: Contextual, out: Contextual[]): void {
    if (this.table === undefined) {
      out.push(item);
      return;
    }
    this.pending.push(item);
    if (item.blank) {
      if (this.total === this.next) this.passBlanks(out);
      return;
    }
    if (this.lens.length === 0) {
      this.probs = new Float64Array(SMOOTH_CAPACITY * K);
      this.lens = new Float64Array(SMOOTH_CAPACITY);
    }
    if (this.total - this.base === this.lens.length) this.compact();
    const slot = this.total - this.base;
    softmaxInto(item.final, this.probs, slot * K);
    this.lens[slot] = item.features[F.len_log]!;
    this.total++;
    if (this.total - this.next > SMOOTH_LOOKAHEAD) this.passNext(out);
  }

  flush(out: Contextual[]): void {
    while (this.next < this.total) this.passNext(out);
    this.passBlanks(out);
  }

  private passBlanks(out: Contextual[]): void {
    const pending = this.pending;
    while (pending.length > 0 && pending.at(0)!.blank) out.push(pending.shift()!);
  }

  /** Smooth and pass on the oldest waiting non-blank line (and the blanks before it). */
  private passNext(out: Contextual[]): void {
    this.passBlanks(out);
    const item = this.pending.shift()!;
    const at = this.next++;
    const ring = this.ring;
    let x: Float64Array;
    if (ring.length === 0) x = new Float64Array(SMOOTH_SCHEMA.names.length);
    else {
      x = ring[this.ringNext] ??= new Float64Array(SMOOTH_SCHEMA.names.length);
      this.ringNext = (this.ringNext + 1) % ring.length;
    }
    smoothInputs(this.probs, this.base, Math.max(this.base, at - SMOOTH_LOOKAHEAD), this.total, at, this.lens[at - this.base]!, x);
    item.unsmoothed = item.final;
    item.final = scoreVector(x, this.table!);
    if (this.keepInputs) item.smoothInputs = x;
    out.push(item);
  }

  /** Drop the lines no window can reach any more (before `next - SMOOTH_LOOKAHEAD`). */
  private compact(): void {
    const keepFrom = Math.max(this.base, this.next - SMOOTH_LOOKAHEAD);
    const drop = keepFrom - this.base;
    if (drop === 0) {
      // Cannot happen: at most SMOOTH_LOOKAHEAD lines wait and SMOOTH_LOOKAHEAD behind them are kept.
      throw new Error('smoothing buffer full');
    }
    this.probs.copyWithin(0, drop * K, (this.total - this.base) * K);
    this.lens.copyWithin(0, drop, this.total - this.base);
    this.base = keepFrom;
  }
}
