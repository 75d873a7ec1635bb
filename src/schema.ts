/**
 * The feature schemas: every feature the first stage and the context stage
 * can produce, in a fixed order, so that a line's features are a dense
 * Float64Array (one slot per name) and scoring is a dense dot product.
 *
 * Names stay the interface: data/model.json is keyed by name, explanations
 * print names, training reads name -> value records. The helpers here turn a
 * vector into such a record and back; a name outside the schema is an error,
 * never silently a zero.
 *
 * The order is the order in which the feature code sets the features, which
 * keeps every sum over a line's features (scores, training) adding the same
 * terms in the same order as the name-keyed records it replaced.
 */
import { CLASSES, type ContentLabel } from './types.js';
import { invalidArgument } from './errors.js';

/** Context-free features of one line (src/features.ts), in the order they are computed. */
export const FEATURE_NAMES = [
  'bias',
  'w1',
  'w2_4',
  'w5_11',
  'w12_29',
  'w30p',
  'len_log',
  'stop_density',
  'prose',
  'sent_end',
  'sentences',
  'commas',
  'title_case',
  'label_like',
  'question',
  'ellipsis_end',
  'glued',
  'url',
  'email',
  'copyright',
  'year',
  'separators',
  'label_colon',
  'digit_ratio',
  'indent',
  'all_caps',
  'title_like',
  'date_like',
  'byline',
  'price',
  'handle',
  'quote_start',
  'paren_wrapped',
  'ends_colon',
  'starts_lower',
  // One per lexicon category, in LEXICON_CATEGORIES order.
  'lex_cta',
  'lex_legal',
  'lex_syndication',
  'lex_bio',
  'lex_ui',
  'lex_comment',
  'lex_related',
  'lex_end',
  'lex_social',
  'lex_slot',
  // DOM features (HTML lines only).
  'html',
  'link_density',
  'all_link',
  'h1',
  'heading',
  'in_list',
  'in_table',
  'in_figure',
  'in_form',
  'in_nav',
  'in_header',
  'in_footer',
  'in_aside',
  'in_article',
  'hint_nav',
  'hint_footer',
  'hint_comment',
  'hint_share',
  'hint_related',
  'hint_ad',
  'hint_cta',
  'hint_legal',
  'hint_byline',
  'hint_bio',
  'hint_content',
  'hint_caption',
  'core_in',
  'core_out',
  'readability_in',
  'readability_out',
  'prose_out_core',
  'prose_in_comment',
  // Added after the dense schema: follow-us containers apart from share bars, and where links point.
  'hint_social',
  'link_share',
  'link_social',
  // Teaser cards: repeated sibling elements of one template (html/cards.ts).
  'card_list',
  // Elements hidden by a class (class="hidden", "sr-only"): off screen for readers.
  'hint_hidden',
  // Term lists and glued ranked lists (tag clouds, keyword lines, "most read" widgets), and a
  // headline-shaped link standing alone between the article's paragraphs (an inline teaser).
  'keyword_list',
  'numbered_run',
  'link_teaser',
  // Prose inside a byline/author box: the author's bio, not the story.
  'prose_in_byline',
  // "Priya says:", "Gary M on 17 September 2018 at 8:50 pm said:": a reader comment's header (src/comments.ts).
  'comment_header',
  // Lexicon hits counted, not divided by the line's length (see LEX_COUNT_SATURATION).
  'lex_cta_n',
  'lex_legal_n',
] as const;

export type FeatureName = (typeof FEATURE_NAMES)[number];

/** Context features (src/context.ts), in the order they are computed. */
export const CONTEXT_FEATURE_NAMES = [
  'ctx_prev_body',
  'ctx_next_body',
  'ctx_near_body_before',
  'ctx_near_body_after',
  'ctx_prose_near_before',
  'ctx_prose_near_after',
  'ctx_title_run',
  'ctx_between_prose',
  'ctx_before_core',
  'ctx_core_next',
  'ctx_after_core',
  'ctx_inside_core',
  'ctx_after_end',
  'ctx_short_run',
  'ctx_first_line',
  'ctx_repeat',
  'ctx_cross_doc',
  'ctx_title_density',
  'ctx_after_gap',
  'ctx_in_thread',
  'ctx_cta_near',
] as const;

/**
 * Position context crossed with line shape: a linear model cannot form "a headline-shaped line
 * after the article" (a related-story teaser) from the two features apart, and in a text dump
 * that pairing is most of what tells a teaser from a subhead. Each cross is the product of a
 * position feature and a line feature, named `x_<position>__<shape>`. `lex_cta` and `lex_bio`:
 * a pitch inside the story can be the story's own (a promotional post, golden/README.md "Story
 * content") but is a sign-up box or a donation appeal around it; bio wording after the story is
 * an author box (disclaimer), inside it a sentence about someone in the news.
 */
export const CROSS_POSITIONS = ['ctx_before_core', 'ctx_inside_core', 'ctx_after_core', 'ctx_after_end', 'ctx_after_gap'] as const;
export const CROSS_SHAPES = ['prose', 'title_like', 'label_like', 'sent_end', 'ellipsis_end', 'glued', 'date_like', 'all_link', 'core_out', 'lex_social', 'lex_cta', 'lex_bio'] as const;
type CrossName = `x_${(typeof CROSS_POSITIONS)[number]}__${(typeof CROSS_SHAPES)[number]}`;
const CROSS_NAMES = CROSS_POSITIONS.flatMap((p) => CROSS_SHAPES.map((s) => `x_${p}__${s}` as CrossName));
/** Index of the first cross in a context vector; cross (p, s) sits at CROSS_BASE + p * CROSS_SHAPES.length + s. */
export const CROSS_BASE = CONTEXT_FEATURE_NAMES.length;

export type ContextFeatureName = (typeof CONTEXT_FEATURE_NAMES)[number] | CrossName;
const ALL_CONTEXT_NAMES: readonly ContextFeatureName[] = [...CONTEXT_FEATURE_NAMES, ...CROSS_NAMES];

/** An ordered list of feature names and the index of each. */
export interface Schema<N extends string = string> {
  /** What the features are, for error messages ("feature", "context feature"). */
  readonly kind: string;
  readonly names: readonly N[];
  readonly index: ReadonlyMap<string, number>;
}

function schema<N extends string>(kind: string, names: readonly N[]): Schema<N> {
  return { kind, names, index: new Map(names.map((n, i) => [n, i])) };
}

export const FEATURE_SCHEMA: Schema<FeatureName> = schema('feature', FEATURE_NAMES);
export const CONTEXT_SCHEMA: Schema<ContextFeatureName> = schema('context feature', ALL_CONTEXT_NAMES);

/**
 * Neighbour windows of the smoothing stage (smooth.ts), in non-blank lines each way: the mean class
 * probabilities of the 1, 2, 4, 8 and 16 lines before a line and after it. Doubling widths let a
 * linear layer weigh near neighbours apart from the run they sit in.
 * @default [1, 2, 4, 8, 16]
 */
export const SMOOTH_WINDOWS = [1, 2, 4, 8, 16] as const;
type SmoothWindowName = `${'before' | 'after'}${(typeof SMOOTH_WINDOWS)[number]}_${ContentLabel}`;
export type SmoothFeatureName = 'bias' | 'len_log' | `own_${ContentLabel}` | SmoothWindowName;
/**
 * Inputs of the smoothing layer, in vector order: a constant, the line's own probabilities after
 * the trees, for each window the mean probabilities before then after, and the line's length.
 */
export const SMOOTH_FEATURE_NAMES: readonly SmoothFeatureName[] = [
  'bias',
  ...CLASSES.map((c) => `own_${c}` as const),
  ...SMOOTH_WINDOWS.flatMap((w) => (['before', 'after'] as const).flatMap((side) => CLASSES.map((c) => `${side}${w}_${c}` as const))),
  'len_log',
];
export const SMOOTH_SCHEMA: Schema<SmoothFeatureName> = schema('smoothing input', SMOOTH_FEATURE_NAMES);

function indexes<N extends string>(names: readonly N[]): Readonly<Record<N, number>> {
  return Object.freeze(Object.fromEntries(names.map((n, i) => [n, i])) as Record<N, number>);
}

/** Index of each context-free feature in a feature vector: `vector[F.prose]`. */
export const F = indexes(FEATURE_NAMES);
/** Index of each context feature in a context vector: `vector[C.ctx_repeat]`. */
export const C = indexes(ALL_CONTEXT_NAMES);

export const FEATURE_COUNT = FEATURE_NAMES.length;
export const CONTEXT_FEATURE_COUNT = ALL_CONTEXT_NAMES.length;

/** Dense feature values, one slot per name of a schema; 0 means absent. */
export type FeatureVector = Float64Array;

/** The non-zero entries of a vector as a name -> value record, in schema order. */
export function toRecord(vector: FeatureVector, s: Schema = FEATURE_SCHEMA): Record<string, number> {
  checkSchema('toRecord', s);
  // A number gave {} and a short array a record of undefined values, in silence.
  if (!(vector instanceof Float64Array) || vector.length !== s.names.length) {
    throw invalidArgument('vector', `a Float64Array of ${s.names.length} slots (one per ${s.kind})`, vector, 'toRecord');
  }
  const out: Record<string, number> = {};
  for (let i = 0; i < s.names.length; i++) {
    const v = vector[i]!;
    if (v !== 0) out[s.names[i]!] = v;
  }
  return out;
}

/**
 * A vector from a name -> value record. A name outside the schema throws,
 * naming it: a misspelt feature must not quietly score as 0.
 */
export function fromRecord(record: Readonly<Record<string, number>>, s: Schema = FEATURE_SCHEMA): FeatureVector {
  checkSchema('fromRecord', s);
  // A number gave a vector of zeros in silence, and null failed as 'Cannot convert undefined or null to object'.
  if (typeof record !== 'object' || record === null || Array.isArray(record)) throw invalidArgument('record', `a record of ${s.kind} name -> number`, record, 'fromRecord');
  const out = new Float64Array(s.names.length);
  for (const [name, v] of Object.entries(record)) {
    const i = s.index.get(name);
    if (i === undefined) throw new Error(`unknown ${s.kind} "${name}"`);
    // A string value was stored as NaN, which then scored every class NaN.
    if (typeof v !== 'number') throw invalidArgument(`record.${name}`, 'a number', v, 'fromRecord');
    out[i] = v;
  }
  return out;
}

function checkSchema(fn: string, s: unknown): asserts s is Schema {
  const ok = typeof s === 'object' && s !== null && Array.isArray((s as Schema).names) && (s as Schema).index instanceof Map;
  if (!ok) throw invalidArgument('s', 'a schema (FEATURE_SCHEMA, CONTEXT_SCHEMA)', s, fn);
}
