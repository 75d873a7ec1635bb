/**
 * Every option of the labeller, resolved in one place with `??`.
 */
import { defaultLexicon, Lexicon } from './lexicon.js';
import { defaultModel, markdownModel, type Model } from './model.js';
import { BoilerstripError, checkOptionNames, invalidArgument } from './errors.js';
import { checkRepetitionCounts, type RepetitionCounts } from './repetition.js';
import { CLASSES, type Label } from './types.js';
import { DEFAULT_KEEP } from './clean.js';

/**
 * Non-blank lines the context stage looks ahead (and keeps behind) of the
 * line it labels. Bounded, so memory does not grow with the input.
 * @default 6
 */
export const DEFAULT_CONTEXT_WINDOW = 6;
/**
 * Non-blank lines the sequence model waits before it commits to a label
 * (fixed-lag Viterbi decoding).
 * @default 8
 */
export const DEFAULT_SEQUENCE_LAG = 8;
/**
 * Largest `contextWindow` and `sequenceLag` accepted. The Labeller allocates its feature and
 * context vectors for the window and the lag up front (about 0.9 KB a line), so without a cap a
 * mistyped 1e9 hung the call and then killed the process out of memory; at the caps it holds
 * about 7 MB. The models were fitted with the defaults (6 and 8), far below.
 * @default 4096
 */
export const MAX_CONTEXT_WINDOW = 4096;
/** @default 4096 (see {@link MAX_CONTEXT_WINDOW}) */
export const MAX_SEQUENCE_LAG = 4096;
/**
 * Distinct lines remembered per document to spot a line repeated within it
 * (a headline shown twice). Past this, older lines are forgotten.
 * @default 4096
 */
export const DEFAULT_MAX_SEEN_LINES = 4096;

export interface LabelOptions {
  /** 1 to MAX_CONTEXT_WINDOW. @default DEFAULT_CONTEXT_WINDOW */
  contextWindow?: number;
  /** 1 to MAX_SEQUENCE_LAG. @default DEFAULT_SEQUENCE_LAG */
  sequenceLag?: number;
  /** @default DEFAULT_MAX_SEEN_LINES */
  maxSeenLines?: number;
  /** Phrase lists; defaults to every bundled language. */
  lexicon?: Lexicon;
  /** Weights; defaults to data/model.json. */
  model?: Model;
  /** Cross-document line counts from a batch or a saved profile; absent means none. */
  repetition?: RepetitionCounts;
  /**
   * Fill in each line's `reason`. Explaining costs about a third of `label`'s per-line time on
   * text (BENCHMARKS.md, session 12: 4.6 MB/s with reasons, 6.5 without); callers that never
   * show reasons turn it off and get ''.
   * @default true
   */
  reasons?: boolean;
  /**
   * Apply the rules (src/rules.ts) after the model: a short copyright notice, an affiliate
   * disclosure or a syndication credit becomes `disclaimer`, and a one-line menu ("Home |
   * Politics | Business | Sport") `navigation`, whatever the model said.
   * Off, the labels are the model's alone (to measure the model).
   * @default true
   */
  rules?: boolean;
  /**
   * Read each line given as a string as Markdown (src/markdown.ts): the features see the text a
   * reader sees, without the link, image, emphasis, heading and list syntax, and every line
   * comes out as it went in. For the Markdown dumps of Firecrawl, Jina Reader, crawl4ai or
   * turndown; `{ text, dom }` lines are taken as they are.
   * @default false
   */
  markdown?: boolean;
  /**
   * Label text lines with the fast model (src/fast/): two small softmax layers over one scan of
   * each line, several times the default's speed, for fewer lines right (BENCHMARKS.md and
   * EVALUATION.md give both). It has its own weights and word table, so it takes no `model`,
   * `lexicon`, `repetition`, `markdown`, `rules` or window options. HTML pages are labelled by
   * the HTML model whatever this says: their time goes to parsing them, and that model reads the
   * page's structure, which the fast one does not.
   * @default false
   */
  fast?: boolean;
}

/**
 * The names of {@link LabelOptions}, as every call that takes them checks them (a misspelt
 * `contxtWindow` was ignored in silence). Written as a record over the interface's keys, so an
 * option added to the interface and not here fails to compile.
 */
const LABEL_OPTIONS: { readonly [K in keyof Required<LabelOptions>]: true } = {
  contextWindow: true, sequenceLag: true, maxSeenLines: true, lexicon: true, model: true, repetition: true, reasons: true, rules: true, markdown: true, fast: true,
};
/** The options the fast labeller reads; with `fast: true` the others are refused, named. */
const FAST_OPTION_NAMES: ReadonlySet<string> = new Set(['fast', 'reasons']);
export const LABEL_OPTION_NAMES: readonly string[] = Object.freeze(Object.keys(LABEL_OPTIONS));
/** The names `resolveKeep` reads: the cleaning calls' options beyond {@link LabelOptions}. */
export const CLEAN_OPTION_NAMES: readonly string[] = Object.freeze(['keep', 'textOnly']);

/**
 * The options among `options` that `names` lists: what one call hands on to another that takes
 * fewer (cleanText's `keep` is not the Labeller's), now that every call rejects names it does
 * not take. Each is read as the calls read their options (`options.model`), so one set on a
 * prototype (a defaults object, a class getter) is handed on too: copying own keys only dropped
 * it here while labelDocument, reading the object itself, used it. Undefined ones are left out.
 */
export function pickOptions<T extends object>(options: T, names: readonly string[]): Partial<T> {
  const out: Record<string, unknown> = {};
  for (const name of names) {
    const value = (options as Record<string, unknown>)[name];
    if (value !== undefined) out[name] = value;
  }
  return out as Partial<T>;
}

export interface ResolvedOptions {
  contextWindow: number;
  sequenceLag: number;
  maxSeenLines: number;
  lexicon: Lexicon;
  model: Model;
  repetition: RepetitionCounts | undefined;
  rules: boolean;
  markdown: boolean;
  fast: boolean;
}

export function resolveOptions(options: LabelOptions = {}): ResolvedOptions {
  if (typeof options !== 'object' || options === null) throw invalidArgument('options', 'an object', options);
  checkOptionNames('resolveOptions', options, LABEL_OPTION_NAMES);
  const contextWindow = options.contextWindow ?? DEFAULT_CONTEXT_WINDOW;
  const sequenceLag = options.sequenceLag ?? DEFAULT_SEQUENCE_LAG;
  const maxSeenLines = options.maxSeenLines ?? DEFAULT_MAX_SEEN_LINES;
  positiveInteger('options.contextWindow', contextWindow, MAX_CONTEXT_WINDOW);
  positiveInteger('options.sequenceLag', sequenceLag, MAX_SEQUENCE_LAG);
  positiveInteger('options.maxSeenLines', maxSeenLines);
  // The objects are checked by shape only (a model is validated in full when parsed from JSON,
  // parseModel): enough to name the option instead of failing on a missing field mid-document.
  if (options.model !== undefined && !(hasObjects(options.model, ['first', 'context']) && Array.isArray(options.model.transitions))) {
    throw invalidArgument('options.model', 'a model (parseModel or defaultModel)', options.model);
  }
  // As parseModel: the offsets were chosen on the scores before a smoothing layer, and applied
  // before it they would be silently re-weighed by it.
  if (options.model?.smooth !== undefined && options.model.offsets !== undefined) {
    throw new BoilerstripError('ERR_INVALID_ARG', '`options.model` has both `smooth` and `offsets`; a model has one or the other');
  }
  if (options.lexicon !== undefined && !(options.lexicon instanceof Lexicon)) throw invalidArgument('options.lexicon', 'a Lexicon (defaultLexicon)', options.lexicon);
  const r = options.repetition as Partial<RepetitionCounts> | undefined;
  checkRepetitionCounts(r, 'options.repetition');
  if (r !== undefined && r.scope !== undefined && typeof r.scope !== 'string') throw invalidArgument('options.repetition.scope', 'a string (what the documents counted are)', r.scope);
  if (options.reasons !== undefined && typeof options.reasons !== 'boolean') throw invalidArgument('options.reasons', 'a boolean', options.reasons);
  if (options.rules !== undefined && typeof options.rules !== 'boolean') throw invalidArgument('options.rules', 'a boolean', options.rules);
  if (options.markdown !== undefined && typeof options.markdown !== 'boolean') throw invalidArgument('options.markdown', 'a boolean', options.markdown);
  if (options.fast !== undefined && typeof options.fast !== 'boolean') throw invalidArgument('options.fast', 'a boolean', options.fast);
  if (options.fast === true) {
    // Set and unread, each would have been ignored in silence (`false` asks for nothing the fast path does).
    for (const name of LABEL_OPTION_NAMES) {
      const v = (options as Record<string, unknown>)[name];
      if (!FAST_OPTION_NAMES.has(name) && v !== undefined && v !== false) {
        throw new BoilerstripError('ERR_INVALID_ARG', `\`options.${name}\` cannot be used with \`options.fast\`: the fast model has its own weights, word table and window (src/fast/)`);
      }
    }
  }
  return {
    contextWindow,
    sequenceLag,
    maxSeenLines,
    lexicon: options.lexicon ?? defaultLexicon(),
    // Markdown has a model of its own, fitted on Markdown dumps (data/model-markdown.json).
    model: options.model ?? (options.markdown === true ? markdownModel() : defaultModel()),
    repetition: options.repetition,
    rules: options.rules ?? true,
    markdown: options.markdown ?? false,
    fast: options.fast ?? false,
  };
}

function hasObjects(value: unknown, fields: readonly string[]): boolean {
  if (value === null || typeof value !== 'object') return false;
  const v = value as Record<string, unknown>;
  return fields.every((f) => v[f] !== null && typeof v[f] === 'object');
}

function positiveInteger(name: string, value: unknown, max?: number): void {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || (max !== undefined && value > max)) {
    throw invalidArgument(name, max === undefined ? 'a positive integer' : `a positive integer up to ${max}`, value);
  }
}

/**
 * `keep` and `textOnly` of the cleaning calls, checked at the call: a misspelt class or an empty
 * list would otherwise keep nothing, silently. `blank` is no class to keep either: the cleaner
 * tidies blank lines (one between kept paragraphs) whatever `keep` says, so `['blank']` kept
 * nothing and `['body', 'blank']` gave what `['body']` gives; the CLI's `--keep` rejects it too.
 */
export function resolveKeep(options: { keep?: unknown; textOnly?: unknown } = {}, keepName = 'options.keep'): { keep: readonly Label[]; textOnly: boolean } {
  if (typeof options !== 'object' || options === null) throw invalidArgument('options', 'an object', options);
  const keep = options.keep ?? DEFAULT_KEEP;
  const classes: readonly string[] = CLASSES;
  if (!Array.isArray(keep) || keep.length === 0 || !keep.every((k) => typeof k === 'string' && classes.includes(k))) {
    throw invalidArgument(keepName, `a non-empty array of ${CLASSES.join(', ')} (blank lines are tidied, not kept)`, keep);
  }
  const textOnly = options.textOnly ?? false;
  if (typeof textOnly !== 'boolean') throw invalidArgument('options.textOnly', 'a boolean', textOnly);
  return { keep: keep as Label[], textOnly };
}
