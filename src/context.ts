/**
 * Stage 2: context features over a bounded window of neighbouring lines
 * (jusText's second, context-sensitive pass, reframed as features with
 * weights instead of fixed rules). It looks `window` non-blank lines ahead
 * and remembers a few facts about what came before: whether the article's
 * prose core has begun, whether an end-of-article marker has passed, and
 * which lines have been seen (to catch a repeated headline).
 *
 * Memory is bounded: the look-ahead queue holds `window` non-blank lines
 * (plus blanks between them) and the seen-set is capped.
 */
import type { ContentLabel, Scores } from './types.js';
import { probabilities, type Scored } from './classify.js';
import { denseTable, scoreVector, type DenseTable, type Model } from './model.js';
import { addTreeScores, boundEnsemble, type BoundEnsemble } from './trees.js';
import { C, CONTEXT_FEATURE_COUNT, CONTEXT_SCHEMA, CROSS_BASE, CROSS_POSITIONS, CROSS_SHAPES, F, type FeatureVector } from './schema.js';

const CROSS_POSITION_SLOTS = CROSS_POSITIONS.map((name) => C[name]);
const CROSS_SHAPE_SLOTS = CROSS_SHAPES.map((name) => F[name]);
import type { RepetitionCounts } from './repetition.js';
import { SeenLines } from './seen.js';
import { BoilerstripError, shownValue } from './errors.js';
import type { Stage } from './stage.js';
import { Queue } from './queue.js';

/** A line after the context stage: `ctx` and `final` are filled in. */
export type Contextual = Scored;

/**
 * Words at most for a line to count as an end-of-article marker ("Related
 * articles", "Leave a reply", "Source link"): a long line that mentions
 * comments is prose, not a marker.
 * @default 8
 */
export const END_MARKER_MAX_WORDS = 8;
/**
 * Share of a batch's documents a line must occur in to count as template
 * text. Only used when the batch has at least MIN_REPEAT_DOCUMENTS documents.
 * @default 0.2
 */
export const REPEAT_DOC_SHARE = 0.2;
/**
 * Documents a batch needs before its counts are used. Two same-site pages are
 * already a batch: a line on both is their template. (Until session 7 this was
 * 5, and a batch of exactly 5 documents marked every line: a line seen only on
 * its own page is a fifth of them. MIN_REPEAT_OCCURRENCES now rules that out.)
 * @default 2
 */
export const MIN_REPEAT_DOCUMENTS = 2;
/**
 * Documents a line must occur in, its own included, to count as repeated at
 * all, whatever the batch size: a line of one page only is not template text.
 * @default 2
 */
export const MIN_REPEAT_OCCURRENCES = 2;

/**
 * Non-blank lines each way averaged for the "near" context features.
 * @default 3
 */
export const NEAR_LINES = 3;

/**
 * Consecutive non-prose lines, after the article's prose has begun, that
 * close the article: past such a gap (share bar, tags, "more stories", a
 * menu), later prose is a teaser excerpt or a comment rather than the story
 * resuming. Captions, pull quotes and an ad slot interrupt a story for one to
 * three lines. The end-of-article position is one of jusText's and
 * boilerpipe's strongest cues (Kohlschütter et al. 2010: text after the main
 * block is rarely content); this finds the end without an end-marker phrase. Checked by the
 * nested 5-fold CV over the tuning sites (session 15, text lines after the smoothing layer,
 * macro-F1 / body F1): 4 gave 0.739 / 0.824 and 7 gave 0.739 / 0.823, against 0.741 / 0.835 at 5.
 * @default 5
 */
export const END_GAP_LINES = 5;

/**
 * Prose lines a run needs before a gap after it counts as the article's end.
 * @default 3
 */
export const END_GAP_MIN_PROSE = 3;

/**
 * Comment headers ("Priya says:", src/comments.ts) that must have passed for the lines after
 * them to be a comment thread without another header in view.
 * @default 2
 */
export const THREAD_MIN_HEADERS = 2;

/** Probability of `body` from first-stage scores (the softmax the first stage already stores as `probs`). */
export function bodyProbability(scores: Scores): number {
  return probabilities(scores).body;
}

function isProse(item: Scored): boolean {
  return item.features[F.prose] === 1 && item.first === 'body';
}

function isLabelLike(item: Scored): boolean {
  return item.features[F.label_like] === 1;
}

/**
 * Syndication-phrase density (lex_syndication) from which a line marks the story's end ("This
 * article first appeared on ..."): the phrase is most of the line, not a word in a paragraph.
 * @default 0.5
 */
export const END_SYNDICATION_DENSITY = 0.5;

function isEndMarker(item: Scored): boolean {
  const f = item.features;
  const short = f[F.w1] === 1 || f[F.w2_4] === 1 || (f[F.w5_11] === 1 && f[F.sent_end] === 0);
  return (short && f[F.lex_end]! > 0) || f[F.lex_syndication]! >= END_SYNDICATION_DENSITY || isListHeading(item);
}

/**
 * A bare heading of a related or most-read list ("Top stories", "Related links:", "More from
 * <section>"): a label-like line (at most LABEL_MAX_WORDS words) that is all related-list
 * wording. After the story's prose, such a list closes the article (golden/README.md, "Links
 * and lists around the story": its teasers are navigation however much they read like news).
 * An inline "Related: <headline>" link between paragraphs is longer, so it does not end the story.
 */
function isListHeading(item: Scored): boolean {
  const f = item.features;
  return f[F.label_like] === 1 && f[F.lex_related]! >= 1;
}

export class ContextStage implements Stage<Scored, Contextual> {
  private readonly queue = new Queue<Scored>();
  private queuedNonBlank = 0;
  private prev: Scored | undefined;
  /** The last NEAR_LINES non-blank lines, oldest first. */
  private readonly recent: Scored[] = [];
  private seenProse = false;
  private endSeen = false;
  /** Non-prose lines since the last prose line, and whether such a gap has closed the article. */
  private gapRun = 0;
  private gapSeen = false;
  /** Comment headers ("Priya says:") passed so far. */
  private commentHeaders = 0;
  /** Prose lines in the current run of prose (runs are split by gaps of END_GAP_LINES). */
  private runProse = 0;
  private nonBlankIndex = 0;
  private readonly seen: SeenLines;
  private readonly repetition: RepetitionCounts | undefined;
  private readonly weights: DenseTable;
  private readonly trees: BoundEnsemble | undefined;
  /** The model's decision offsets (model.ts), added last; undefined when it has none. */
  private readonly offsets: Readonly<Record<ContentLabel, number>> | undefined;
  /** Context vectors handed out in turn when `reuse` > 0 (see the constructor). */
  private readonly ring: Array<FeatureVector | undefined>;
  private ringNext = 0;
  /** Tree leaves per line, cycled alongside `ring` (same slot as the line's context vector). */
  private readonly leafRing: Array<Int32Array | undefined>;
  private leafNext = 0;

  /**
   * @param reuse how many context vectors to cycle through, 0 for a fresh one per line. A
   *   caller that lets go of a line's `ctx` within `reuse` later lines (the Labeller: the
   *   sequence stage explains a line at most `lag` + 1 lines after the smoothing stage, which
   *   holds it SMOOTH_LOOKAHEAD lines when the model smooths) saves an allocation per line;
   *   one that keeps every line (training) must pass 0.
   */
  constructor(
    model: Model,
    private readonly window: number,
    maxSeen: number,
    repetition?: RepetitionCounts,
    reuse = 0,
  ) {
    this.repetition = repetition;
    this.seen = new SeenLines(maxSeen);
    this.weights = denseTable(model.context, CONTEXT_SCHEMA);
    this.trees = model.trees === undefined ? undefined : boundEnsemble(model.trees);
    this.offsets = model.offsets;
    // Made when first used, as the first stage's ring is (classify.ts).
    this.ring = new Array<FeatureVector | undefined>(reuse).fill(undefined);
    this.leafRing = new Array<Int32Array | undefined>(reuse).fill(undefined);
  }

  push(item: Scored, out: Contextual[]): void {
    this.queue.push(item);
    if (!item.blank) this.queuedNonBlank += 1;
    // Decide the front once it has `window` non-blank lines after it.
    while (this.queue.length > 0 && this.queuedNonBlank - (this.queue.at(0)!.blank ? 0 : 1) >= this.window) {
      this.emitFront(out);
    }
  }

  flush(out: Contextual[]): void {
    while (this.queue.length > 0) this.emitFront(out);
  }

  private emitFront(out: Contextual[]): void {
    const item = this.queue.shift()!;
    if (item.blank) {
      out.push(item);
      return;
    }
    this.queuedNonBlank -= 1;
    const ctx = this.contextFeatures(item);
    // Filled in place: no copy of the record per line.
    item.ctx = ctx;
    const s = item.scores;
    item.final = scoreVector(ctx, this.weights, { body: s.body, navigation: s.navigation, advertisement: s.advertisement, disclaimer: s.disclaimer });
    if (this.trees !== undefined) addTreeScores(this.trees, item.features, ctx, item.final, (item.leaves = this.newLeaves(this.trees)));
    const o = this.offsets;
    if (o !== undefined) {
      const f = item.final;
      f.body += o.body;
      f.navigation += o.navigation;
      f.advertisement += o.advertisement;
      f.disclaimer += o.disclaimer;
    }
    out.push(item);
    // Update what comes-before state after labelling this line.
    if (isProse(item)) this.seenProse = true;
    if (this.seenProse && isEndMarker(item)) this.endSeen = true;
    if (item.features[F.comment_header] === 1) this.commentHeaders += 1;
    if (isProse(item)) {
      this.gapRun = 0;
      this.runProse += 1;
    } else if (this.seenProse && ++this.gapRun === END_GAP_LINES) {
      // Only a run of real prose ends an article; a cookie notice or a standfirst before the menu does not.
      if (this.runProse >= END_GAP_MIN_PROSE) this.gapSeen = true;
      this.runProse = 0;
    }
    this.prev = item;
    if (this.recent.length === NEAR_LINES) this.recent.shift();
    this.recent.push(item);
    this.nonBlankIndex += 1;
  }

  /** Position x shape products (schema.ts CROSS_*), set after the position features. */
  private addCrosses(item: Scored, ctx: FeatureVector): void {
    const f = item.features;
    const shapes = CROSS_SHAPE_SLOTS.length;
    for (let p = 0; p < CROSS_POSITION_SLOTS.length; p++) {
      const pv = ctx[CROSS_POSITION_SLOTS[p]!]!;
      if (pv === 0) continue;
      for (let s = 0; s < shapes; s++) {
        const sv = f[CROSS_SHAPE_SLOTS[s]!]!;
        if (sv !== 0) ctx[CROSS_BASE + p * shapes + s] = pv * sv;
      }
    }
  }

  private newVector(): FeatureVector {
    if (this.ring.length === 0) return new Float64Array(CONTEXT_FEATURE_COUNT);
    const v = (this.ring[this.ringNext] ??= new Float64Array(CONTEXT_FEATURE_COUNT));
    this.ringNext = this.ringNext + 1 === this.ring.length ? 0 : this.ringNext + 1;
    return v.fill(0);
  }

  /** The slots for a line's tree leaves, cycled like its context vector (they are let go together). */
  private newLeaves(trees: BoundEnsemble): Int32Array {
    const n = trees.flat.roots.length;
    if (this.leafRing.length === 0) return new Int32Array(n);
    const at = this.leafNext;
    this.leafNext = at + 1 === this.leafRing.length ? 0 : at + 1;
    return (this.leafRing[at] ??= new Int32Array(n));
  }

  private contextFeatures(item: Scored): FeatureVector {
    const ctx = this.newVector();
    // One pass over the look-ahead queue (hot path: no filtered copies per line).
    let next: Scored | undefined;
    let seen = 0;
    let afterBody = 0;
    let proseSoon = false;
    let proseNearAfter = false;
    let proseAhead = false;
    let titles = 0;
    let headerAhead = false;
    // The strongest pitch wording a few lines each way: the form parts, offers and fine print of a
    // sign-up box or paywall (golden/README.md, "Sign-up boxes, ads and appeals") sit next to its
    // pitch line and take its label, though alone they read like menu items or prose. An ad slot's
    // label ("Advertisement", lexicon category `slot`) is an advertisement itself (the guide), but
    // not a pitch its neighbours take the label of: news pages print it between the story's
    // paragraphs, and counted here it made a short story's paragraphs advertisements.
    let ctaNear = 0;
    const queue = this.queue;
    for (let i = 0; i < queue.length; i++) {
      const q = queue.at(i)!;
      if (q.blank) continue;
      next ??= q;
      if (q.features[F.comment_header] === 1) headerAhead = true;
      const prose = isProse(q);
      if (seen < NEAR_LINES) {
        afterBody += q.probs.body;
        if (q.features[F.lex_cta]! > ctaNear) ctaNear = q.features[F.lex_cta]!;
        if (q.features[F.title_like] === 1) titles++;
        if (prose) proseNearAfter = true;
        if (prose && seen < 2) proseSoon = true;
      }
      if (prose) proseAhead = true;
      seen++;
    }
    const prev = this.prev;
    // Only the neighbours' body probability: with all four class probabilities a small corpus
    // taught spurious cross-class rules ("a paragraph before an ad is a disclaimer").
    if (prev) ctx[C.ctx_prev_body] = prev.probs.body;
    if (next) ctx[C.ctx_next_body] = next.probs.body;
    // Mean body probability a few lines each way: a smoother picture than one neighbour.
    const before = this.recent;
    let beforeBody = 0;
    let proseBefore = false;
    for (let i = 0; i < before.length; i++) {
      const q = before[i]!;
      beforeBody += q.probs.body;
      if (isProse(q)) proseBefore = true;
      if (q.features[F.lex_cta]! > ctaNear) ctaNear = q.features[F.lex_cta]!;
    }
    if (ctaNear > 0) ctx[C.ctx_cta_near] = ctaNear;
    if (before.length > 0) ctx[C.ctx_near_body_before] = beforeBody / before.length;
    const nearAfter = Math.min(seen, NEAR_LINES);
    if (nearAfter > 0) ctx[C.ctx_near_body_after] = afterBody / nearAfter;
    if (proseBefore) ctx[C.ctx_prose_near_before] = 1;
    if (proseNearAfter) ctx[C.ctx_prose_near_after] = 1;
    if (item.features[F.title_like] === 1 && ((prev && prev.features[F.title_like] === 1) || (next && next.features[F.title_like] === 1))) ctx[C.ctx_title_run] = 1;
    if (prev && next && isProse(prev) && isProse(next)) ctx[C.ctx_between_prose] = 1;
    if (!this.seenProse && !isProse(item)) {
      ctx[C.ctx_before_core] = 1;
      if (proseSoon) ctx[C.ctx_core_next] = 1;
    }
    if (this.seenProse && !proseAhead && !isProse(item)) ctx[C.ctx_after_core] = 1;
    if (this.seenProse && proseAhead) ctx[C.ctx_inside_core] = 1;
    if (this.endSeen) ctx[C.ctx_after_end] = 1;
    if (this.gapSeen) ctx[C.ctx_after_gap] = 1;
    // In a comment thread: after a comment header, with another one ahead in the window (the
    // first comment), or with two headers up to this line (the rest, the second header itself
    // included). One header alone may be a quote's lead-in.
    const headers = this.commentHeaders + (item.features[F.comment_header] === 1 ? 1 : 0);
    if (headers >= THREAD_MIN_HEADERS || (this.commentHeaders >= 1 && headerAhead)) ctx[C.ctx_in_thread] = 1;
    if (isLabelLike(item)) {
      const n = (prev && isLabelLike(prev) ? 1 : 0) + (next && isLabelLike(next) ? 1 : 0);
      if (n > 0) ctx[C.ctx_short_run] = n / 2;
    }
    if (this.nonBlankIndex === 0) ctx[C.ctx_first_line] = 1;
    // Headline-shaped lines around this one: a run of teaser titles (with or without their
    // excerpts between them) is dense with them; an article has a subhead now and then.
    for (const q of before) if (q.features[F.title_like] === 1) titles++;
    const around = before.length + nearAfter;
    if (around > 0 && titles > 0) ctx[C.ctx_title_density] = titles / around;
    this.addCrosses(item, ctx);
    if (this.seen.testAndAdd(item.text, item.repeatHash)) ctx[C.ctx_repeat] = 1;
    // Not a byline: a site that credits its staff the same way on every page ("By Staff Reporter")
    // repeats it on every page, yet it is each story's own (golden/README.md: body), and as
    // template text it was dropped from every page of a batch (QA pass 21).
    if (this.repetition && this.repetition.documents >= MIN_REPEAT_DOCUMENTS && item.features[F.byline] !== 1) {
      // A caller's own counts: undefined (a Map's get of a line it never saw) is none; any other
      // value that is not a number, such as a string from a store, is refused where a string of no
      // number compared as NaN in silence (QA passes 25 and 28).
      const counted: unknown = this.repetition.documentFrequency(item.text);
      const df = counted === undefined ? 0 : counted;
      if (typeof df !== 'number') throw new BoilerstripError('ERR_INVALID_ARG', `\`options.repetition.documentFrequency\` must return a number (the documents a line is in) or undefined (none), got ${shownValue(df)}`);
      const share = df / this.repetition.documents;
      if (df >= MIN_REPEAT_OCCURRENCES && share >= REPEAT_DOC_SHARE) ctx[C.ctx_cross_doc] = Math.min(1, share);
    }
    return ctx;
  }
}
