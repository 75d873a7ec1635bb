import { describe, expect, it } from 'vitest';
import { probabilities, type Scored } from '../src/classify.js';
import { bodyProbability, ContextStage, END_GAP_LINES, END_GAP_MIN_PROSE, MIN_REPEAT_DOCUMENTS, type Contextual } from '../src/context.js';
import { parseModel, type Model } from '../src/model.js';
import type { Features } from '../src/features.js';
import { C, CONTEXT_SCHEMA, F, FEATURE_SCHEMA, fromRecord, toRecord } from '../src/schema.js';
import type { Label, Scores } from '../src/types.js';
import type { RepetitionCounts } from '../src/repetition.js';
import { BoilerstripError } from '../src/errors.js';
import { labelDocument } from '../src/pipeline.js';
import { thrown } from './helpers.js';

const ZERO: Scores = { body: 0, navigation: 0, advertisement: 0, disclaimer: 0 };

/** A model whose only context weight is ctx_between_prose -> body (first-stage tables unused here). */
function model(context: Record<string, number> = { ctx_between_prose: 2 }): Model {
  const empty = { body: {}, navigation: {}, advertisement: {}, disclaimer: {} };
  return parseModel({
    source: 'test',
    first: empty,
    context: { ...empty, body: context },
    transitions: [
      [0, 0, 0, 0],
      [0, 0, 0, 0],
      [0, 0, 0, 0],
      [0, 0, 0, 0],
    ],
  });
}

/** Builds hand-made Scored records with consecutive indexes. */
class Doc {
  private index = 0;
  private make(text: string, features: Features, first: Label, scores: Scores): Scored {
    const blank = first === 'blank';
    const ctx = new Float64Array(CONTEXT_SCHEMA.names.length);
    return { index: this.index++, text, blank, features: fromRecord(features, FEATURE_SCHEMA), scores, probs: blank ? ZERO : probabilities(scores), first, ctx, final: scores };
  }
  prose(text = 'A long sentence of article prose goes here.'): Scored {
    return this.make(text, { bias: 1, prose: 1, w12_29: 1, sent_end: 1, stop_density: 0.5 }, 'body', { ...ZERO, body: 4 });
  }
  short(text = 'Gardening'): Scored {
    return this.make(text, { bias: 1, w1: 1, label_like: 1, title_case: 1 }, 'navigation', { ...ZERO, navigation: 3 });
  }
  header(text = 'Priya says:'): Scored {
    return this.make(text, { bias: 1, w2_4: 1, label_like: 1, ends_colon: 1, comment_header: 1 }, 'navigation', { ...ZERO, navigation: 2 });
  }
  end(text = 'Leave a comment'): Scored {
    return this.make(text, { bias: 1, w2_4: 1, label_like: 1, lex_comment: 1, lex_end: 1 }, 'navigation', { ...ZERO, navigation: 2 });
  }
  blank(): Scored {
    return this.make('', {}, 'blank', ZERO);
  }
  title(text = 'Council Approves New Bridge Over River'): Scored {
    return this.make(text, { bias: 1, w5_11: 1, title_case: 1, title_like: 1 }, 'body', { ...ZERO, body: 1 });
  }
}

/** A stage output with its context features as a name -> value record, so expectations read by name. */
type Row = Omit<Contextual, 'ctx'> & { ctx: Features };

function runStage(items: Scored[], window = 3, m: Model = model(), maxSeen = 100, repetition?: RepetitionCounts): Row[] {
  const stage = new ContextStage(m, window, maxSeen, repetition);
  const out: Contextual[] = [];
  for (const item of items) stage.push(item, out);
  stage.flush(out);
  return out.map((o) => ({ ...o, ctx: toRecord(o.ctx, CONTEXT_SCHEMA) }));
}

describe('ContextStage features', () => {
  it('gives a short line between two prose lines ctx_between_prose, and the prose lines not', () => {
    const d = new Doc();
    const out = runStage([d.prose(), d.short('Photo Gallery'), d.prose()]);
    expect(out.map((o) => o.ctx.ctx_between_prose)).toEqual([undefined, 1, undefined]);
  });

  it('looks past blank lines for the neighbours', () => {
    const d = new Doc();
    const out = runStage([d.prose(), d.blank(), d.short('Photo Gallery'), d.blank(), d.prose()]);
    expect(out[2]!.ctx.ctx_between_prose).toBe(1);
  });

  it('does not count a prose-featured line as prose when its first label is not body', () => {
    const d = new Doc();
    const fake = d.prose();
    fake.first = 'advertisement';
    const out = runStage([fake, d.short(), d.prose()]);
    expect(out[1]!.ctx.ctx_between_prose).toBeUndefined();
  });

  it('adds the weighted context features to the first-stage scores', () => {
    const d = new Doc();
    const out = runStage([d.prose(), d.short('Photo Gallery'), d.prose()]);
    expect(out[1]!.final).toEqual({ ...ZERO, navigation: 3, body: 2 });
    expect(out[1]!.scores).toEqual({ ...ZERO, navigation: 3 }); // untouched
    expect(out[0]!.final).toEqual(out[0]!.scores);
  });

  it('gives a line identical to an earlier one ctx_repeat (case, spacing and digits normalised)', () => {
    const d = new Doc();
    const out = runStage([d.short('Top 10 Stories'), d.prose(), d.short('Top 10 Stories'), d.short('top  25 stories '), d.short('Other')]);
    expect(out.map((o) => o.ctx.ctx_repeat)).toEqual([undefined, undefined, 1, 1, undefined]);
  });

  it('forgets seen lines once maxSeen distinct lines have been stored', () => {
    const d = new Doc();
    const items = [d.short('alpha'), d.short('beta'), d.short('gamma'), d.short('alpha')];
    expect(runStage(items, 3, model(), 100)[3]!.ctx.ctx_repeat).toBe(1);
    const e = new Doc();
    const again = [e.short('alpha'), e.short('beta'), e.short('gamma'), e.short('alpha')];
    expect(runStage(again, 3, model(), 2)[3]!.ctx.ctx_repeat).toBeUndefined();
  });

  it('gives lines after an end marker that follows prose ctx_after_end, but not the marker itself', () => {
    const d = new Doc();
    const out = runStage([d.prose(), d.prose(), d.end(), d.short('Gardening'), d.prose()]);
    expect(out.map((o) => o.ctx.ctx_after_end)).toEqual([undefined, undefined, undefined, 1, 1]);
  });

  it('takes a bare related-list heading after prose as the end of the article', () => {
    const d = new Doc();
    const heading = d.short('Top stories');
    heading.features[F.lex_related] = 1;
    const inline = d.title('Related: Council Approves New Bridge Over River');
    inline.features[F.lex_related] = 0.5;
    expect(runStage([d.prose(), d.prose(), heading, d.title(), d.prose()]).map((o) => o.ctx.ctx_after_end)).toEqual([undefined, undefined, undefined, 1, 1]);
    expect(runStage([d.prose(), d.prose(), inline, d.prose()]).some((o) => o.ctx.ctx_after_end)).toBe(false);
  });

  it('ignores an end marker that comes before any prose', () => {
    const d = new Doc();
    const out = runStage([d.end(), d.short(), d.prose(), d.short()]);
    expect(out.some((o) => o.ctx.ctx_after_end)).toBe(false);
  });

  it('ignores a long line with end-marker wording', () => {
    const d = new Doc();
    const long = d.prose('Readers who leave a comment will be quoted in the next issue of our magazine.');
    long.features[F.lex_end] = 0.3;
    const out = runStage([d.prose(), long, d.short()]);
    expect(out[2]!.ctx.ctx_after_end).toBeUndefined();
  });

  it('gives non-prose lines before any prose ctx_before_core, and ctx_core_next when prose is one or two lines ahead', () => {
    const d = new Doc();
    const out = runStage([d.short('a'), d.short('b'), d.short('c'), d.prose(), d.short('d')], 4);
    expect(out.map((o) => o.ctx.ctx_before_core)).toEqual([1, 1, 1, undefined, undefined]);
    expect(out.map((o) => o.ctx.ctx_core_next)).toEqual([undefined, 1, 1, undefined, undefined]);
  });

  it('gives non-prose lines after the prose core ctx_after_core when no prose is ahead in the window', () => {
    const d = new Doc();
    const out = runStage([d.prose(), d.short('x'), d.prose(), d.short('y'), d.short('z')], 2);
    expect(out.map((o) => o.ctx.ctx_after_core)).toEqual([undefined, undefined, undefined, 1, 1]);
  });

  it('crosses the position with the line shape: a headline-shaped line after the core', () => {
    const d = new Doc();
    const out = runStage([d.prose(), d.prose(), d.short('x'), d.title('One Teaser Title Goes Here'), d.short('y')], 2);
    expect(out[3]!.ctx.ctx_after_core).toBe(1);
    expect(out[3]!.ctx.x_ctx_after_core__title_like).toBe(1);
    expect(out[3]!.ctx.x_ctx_after_core__label_like).toBeUndefined();
    expect(out[2]!.ctx.x_ctx_after_core__label_like).toBe(1);
    const inside = runStage([d.prose(), d.prose(), d.prose()], 2);
    // The middle line: prose seen before it and prose ahead of it.
    expect(inside.map((o) => o.ctx.x_ctx_inside_core__prose)).toEqual([undefined, 1, undefined]);
  });

  it('crosses the position with pitch and bio wording: an author-bio sentence after the story', () => {
    const d = new Doc();
    const bio = d.prose('Jane Roe is a contributor who writes about city hall and lives in the valley.');
    bio.features[F.lex_bio] = 0.5;
    bio.first = 'disclaimer';
    const out = runStage([d.prose(), d.prose(), d.short('x'), bio, d.short('y')], 2);
    expect(out[3]!.ctx.x_ctx_after_core__lex_bio).toBe(0.5);
    expect(out[3]!.ctx.x_ctx_after_core__lex_cta).toBeUndefined();
  });

  it('passes the strongest pitch wording among the near lines as ctx_cta_near, not that of the line itself', () => {
    const d = new Doc();
    const pitch = d.short('Subscribe');
    pitch.features[F.lex_cta] = 1;
    const out = runStage([d.short('Print Only'), pitch, d.short('Website access'), d.prose(), d.prose(), d.prose(), d.prose(), d.short('Home')], 6);
    expect(out.map((o) => o.ctx.ctx_cta_near)).toEqual([1, undefined, 1, 1, 1, undefined, undefined, undefined]);
  });

  it('measures how dense headline-shaped lines are around a line', () => {
    const d = new Doc();
    const out = runStage([d.title('A Teaser Title One Here'), d.prose(), d.title('A Teaser Title Two Here'), d.prose(), d.title('A Teaser Title Three Here')], 6);
    // Around the middle title: 2 lines before (1 title), 2 after (1 title).
    expect(out[2]!.ctx.ctx_title_density).toBe(0.5);
    const plain = runStage([d.prose(), d.prose(), d.prose()], 6);
    expect(plain.map((o) => o.ctx.ctx_title_density)).toEqual([undefined, undefined, undefined]);
  });

  it('marks runs of short label-like lines and the first non-blank line', () => {
    const d = new Doc();
    const out = runStage([d.blank(), d.short('a'), d.short('b'), d.prose(), d.short('c')]);
    expect(out.map((o) => o.ctx.ctx_short_run)).toEqual([undefined, 0.5, 0.5, undefined, undefined]);
    expect(out.map((o) => o.ctx.ctx_first_line)).toEqual([undefined, 1, undefined, undefined, undefined]);
  });

  it('passes the body probability of the neighbours', () => {
    const d = new Doc();
    const items = [d.prose(), d.short(), d.prose()];
    const out = runStage(items);
    expect(out[1]!.ctx.ctx_prev_body).toBeCloseTo(bodyProbability(items[0]!.scores), 12);
    expect(out[1]!.ctx.ctx_next_body).toBeCloseTo(bodyProbability(items[2]!.scores), 12);
    expect(out[0]!.ctx.ctx_prev_body).toBeUndefined();
    expect(out[2]!.ctx.ctx_next_body).toBeUndefined();
  });

  it('uses cross-document counts only with enough documents', () => {
    const counts = (documents: number): RepetitionCounts => ({
      documents,
      documentFrequency: (line) => (line === 'Join our mailing list today' ? documents / 2 : 0),
    });
    const d = new Doc();
    const items = [d.short('Join our mailing list today'), d.prose()];
    const out = runStage(items, 3, model(), 100, counts(10));
    expect(out[0]!.ctx.ctx_cross_doc).toBe(0.5);
    expect(out[1]!.ctx.ctx_cross_doc).toBeUndefined();
    const few = runStage(items, 3, model(), 100, counts(MIN_REPEAT_DOCUMENTS - 1));
    expect(few[0]!.ctx.ctx_cross_doc).toBeUndefined();
  });

  it('does not take a byline for template text, though a site prints the same one on every page (QA pass 21)', () => {
    // "By Staff Reporter" on all of a site's pages is each story's byline, which the guide makes
    // body: counted as repeated, it was dropped from every page of the batch.
    const every: RepetitionCounts = { documents: 10, documentFrequency: () => 10 };
    const d = new Doc();
    const byline = d.short('By Staff Reporter');
    byline.features[F.byline] = 1;
    const out = runStage([byline, d.short('Join our mailing list today'), d.prose()], 3, model(), 100, every);
    expect(out.map((o) => o.ctx.ctx_cross_doc)).toEqual([undefined, 1, 1]);
  });

  it('rejects counts whose documentFrequency returns no number, naming it, instead of reading the line as never repeated, and reads undefined as none', () => {
    // 'x' / 10 is NaN, and every comparison with NaN is false: the counts were ignored in silence.
    const d = new Doc();
    for (const value of ['x', '45', null]) {
      const counts = { documents: 5, documentFrequency: () => value } as unknown as RepetitionCounts;
      const err = thrown(() => runStage([d.short('Join our mailing list today'), d.prose()], 3, model(), 100, counts));
      expect(err).toBeInstanceOf(BoilerstripError);
      expect(err).toMatchObject({ code: 'ERR_INVALID_ARG' });
      expect((err as Error).message).toMatch(/^`options\.repetition\.documentFrequency` must return a number \(the documents a line is in\) or undefined \(none\), got /);
    }
    // A Map's get of a line it never counted: none, as 0 is.
    const unseen = { documents: 5, documentFrequency: () => undefined } as unknown as RepetitionCounts;
    const zero: RepetitionCounts = { documents: 5, documentFrequency: () => 0 };
    const labels = (counts: RepetitionCounts) => runStage([d.short('Join our mailing list today'), d.prose()], 3, model(), 100, counts).map((c) => c.ctx[C.ctx_cross_doc]);
    expect(labels(unseen)).toEqual(labels(zero));
    const fromCall = thrown(() => labelDocument(['Join our mailing list today', 'A paragraph of the story itself, long enough.'], { repetition: { documents: 5, documentFrequency: () => 'x' as never } }));
    expect((fromCall as Error).message).toBe('`options.repetition.documentFrequency` must return a number (the documents a line is in) or undefined (none), got string "x"');
  });

  it('never counts a line seen in its own document only as repeated, even where one document is a fifth of the batch', () => {
    const own = (documents: number): RepetitionCounts => ({ documents, documentFrequency: () => 1 });
    const d = new Doc();
    const items = [d.short('Join our mailing list today'), d.prose()];
    for (const documents of [2, 3, 5]) {
      const out = runStage(items, 3, model(), 100, own(documents));
      expect(out.map((o) => o.ctx.ctx_cross_doc)).toEqual([undefined, undefined]);
    }
    const pair = runStage(items, 3, model(), 100, { documents: 2, documentFrequency: () => 2 });
    expect(pair[0]!.ctx.ctx_cross_doc).toBe(1);
  });

  it('gives blank lines no context features and their own scores as final', () => {
    const d = new Doc();
    const out = runStage([d.prose(), d.blank(), d.prose()]);
    expect(out[1]!.ctx).toEqual({});
    expect(out[1]!.final).toEqual(ZERO);
  });
});

describe('ContextStage streaming', () => {
  it('emits items in input order, blanks included', () => {
    const d = new Doc();
    const items = [d.blank(), d.short(), d.blank(), d.blank(), d.prose(), d.end(), d.blank(), d.short(), d.prose(), d.blank()];
    const out = runStage(items, 2);
    expect(out.map((o) => o.index)).toEqual(items.map((i) => i.index));
    expect(out.map((o) => o.blank)).toEqual(items.map((i) => i.blank));
  });

  it('holds `window` non-blank items and emits the first when one more arrives', () => {
    const window = 4;
    const d = new Doc();
    const stage = new ContextStage(model(), window, 100);
    const out: Contextual[] = [];
    for (let i = 0; i < window; i++) stage.push(d.short(`item ${i}`), out);
    expect(out).toHaveLength(0);
    stage.push(d.short('one more'), out);
    expect(out.map((o) => o.index)).toEqual([0]);
    stage.flush(out);
    expect(out.map((o) => o.index)).toEqual([0, 1, 2, 3, 4]);
  });

  it('never holds more than `window` non-blank items, however long the input', () => {
    const window = 3;
    const d = new Doc();
    const stage = new ContextStage(model(), window, 100);
    const out: Contextual[] = [];
    let pushedNonBlank = 0;
    for (let i = 0; i < 200; i++) {
      const item = i % 3 === 0 ? d.blank() : i % 5 === 0 ? d.prose() : d.short(`line ${i}`);
      if (!item.blank) pushedNonBlank++;
      stage.push(item, out);
      const emittedNonBlank = out.filter((o) => !o.blank).length;
      expect(pushedNonBlank - emittedNonBlank).toBeLessThanOrEqual(window);
    }
  });
});

describe('the end of the article found by a gap after its prose', () => {
  it('sets ctx_after_gap on lines after END_GAP_LINES non-prose lines that follow a run of prose', () => {
    const d = new Doc();
    const items = [...Array.from({ length: END_GAP_MIN_PROSE }, () => d.prose())];
    for (let i = 0; i < END_GAP_LINES; i++) items.push(d.short(`Menu ${i}`));
    items.push(d.prose('A teaser excerpt that reads like a sentence of prose.'));
    const out = runStage(items, 3);
    const gap = out.map((o) => o.ctx.ctx_after_gap);
    // Nothing up to and including the line that completes the gap; everything after it.
    expect(gap.slice(0, END_GAP_MIN_PROSE + END_GAP_LINES)).toEqual(new Array(END_GAP_MIN_PROSE + END_GAP_LINES).fill(undefined));
    expect(gap.at(-1)).toBe(1);
  });

  it('does not end the article at a short interruption such as a caption and an ad slot', () => {
    const d = new Doc();
    const items = [d.prose(), d.prose(), d.prose()];
    for (let i = 0; i < END_GAP_LINES - 1; i++) items.push(d.short(`Ad ${i}`));
    items.push(d.prose(), d.prose());
    expect(runStage(items, 3).some((o) => o.ctx.ctx_after_gap === 1)).toBe(false);
  });

  it('does not take a gap after a little prose before the article (a cookie notice) as the end', () => {
    const d = new Doc();
    const items = [d.prose('We use cookies to improve your experience on this site.')];
    for (let i = 0; i < END_GAP_LINES + 2; i++) items.push(d.short(`Menu ${i}`));
    items.push(d.prose(), d.prose(), d.prose());
    expect(runStage(items, 3).some((o) => o.ctx.ctx_after_gap === 1)).toBe(false);
  });
});

describe('a thread of reader comments found by their headers', () => {
  it('sets ctx_in_thread after a comment header when another one lies ahead, and on everything after two', () => {
    const d = new Doc();
    const items = [d.prose(), d.prose(), d.header(), d.prose('Great piece, thanks.'), d.header('Gary M on 17 September 2018 at 8:50 pm said:'), d.prose(), d.prose(), d.prose()];
    const thread = runStage(items, 3).map((o) => o.ctx.ctx_in_thread);
    expect(thread).toEqual([undefined, undefined, undefined, 1, 1, 1, 1, 1]);
  });

  it('leaves a lone header-shaped line and the prose after it alone: one lead-in to a quote is not a thread', () => {
    const d = new Doc();
    const items = [d.prose(), d.header('The mayor said:'), d.prose(), d.prose(), d.prose(), d.prose()];
    expect(runStage(items, 3).some((o) => o.ctx.ctx_in_thread === 1)).toBe(false);
  });
});
