/**
 * Context-free features of one line, as plain data: a sparse record of
 * named numbers, mostly in 0..1. Nothing here looks at other lines; the
 * context stage adds those. Each feature describes a kind of line (short
 * title-case label, link list, call to action, legal vocabulary...), never
 * the text of a particular page.
 */
import type { DomFeatures } from './types.js';
import { LEXICON_CATEGORIES, Lexicon } from './lexicon.js';
import { invalidArgument } from './errors.js';
import { wordStats } from './language.js';
import { isCommentHeader } from './comments.js';
import { tokenize, type Tokens } from './tokens.js';
import { newWordScan } from './words.js';
import { F, FEATURE_COUNT, toRecord, type FeatureVector } from './schema.js';
import { endsEllipsis, endsSentence, isSpace, mayBeDate, mayBeUrl, newLineScan, scanLineAndWords, startsLower, type LineScan } from './scan.js';

/** The character scan of the line being featurised (one at a time: features are synchronous). */
const SCAN = newLineScan();
/** Lexicon hits of the line being featurised, per category (reused, as SCAN). */
const LEX_COUNTS = new Int32Array(LEXICON_CATEGORIES.length);
/** Words of the line being featurised, from the lexicon's word table (reused, as SCAN). */
const WORDS = newWordScan(LEXICON_CATEGORIES.length);

export { F, FEATURE_NAMES, FEATURE_COUNT, type FeatureName, type FeatureVector } from './schema.js';

/** Named feature values as plain data (tests, explanations, training); absent means 0. */
export type Features = Record<string, number>;

/**
 * Word count at which a line starts to read as prose rather than a label.
 * @default 12
 */
export const PROSE_MIN_WORDS = 12;
/**
 * Word count up to which a line reads as a label (menu item, section word, button).
 * @default 4
 */
export const LABEL_MAX_WORDS = 4;
/**
 * Share of capitalised words above which a short line is "title case".
 * @default 0.7
 */
export const TITLE_CASE_MIN = 0.7;
/**
 * Most words a "title case" line has: a menu item, a section name or a short teaser title.
 * @default 8
 */
export const TITLE_CASE_MAX_WORDS = 8;
/**
 * Stopword share from which a line of PROSE_MIN_WORDS words or more is prose. Running text sits
 * far above it (a third or more of its words, jusText's stopword density: Pomikálek 2011); a
 * list of names or terms of that length far below.
 * @default 0.2
 */
export const PROSE_MIN_STOP_DENSITY = 0.2;
/**
 * Fewest and most words of a headline-shaped line (`title_like`): several capitalised words,
 * fewer than a paragraph's.
 * @default 4
 */
export const TITLE_LIKE_MIN_WORDS = 4;
/** @default 16 */
export const TITLE_LIKE_MAX_WORDS = 16;
/**
 * Share of capitalised words from which such a line is headline-shaped: below TITLE_CASE_MIN,
 * for sentence-case headlines capitalise their names too ("Zach Parise heating up, scores twice
 * as Wild beat Sabres 4-1").
 * @default 0.6
 */
export const TITLE_LIKE_MIN_CAPITALISED = 0.6;
/**
 * Menu separators (bars, bullets, chevrons between words) from which a line counts as items
 * run together (`separators`); one is a headline's "Politics | Rail strike".
 * @default 2
 */
export const SEPARATORS_MIN = 2;
/**
 * Counts at which `sentences`, `commas` and `separators` reach 1: past them, a line is a
 * paragraph or a menu however many more it has, and the features stay in 0-1 as the others do.
 * @default 5
 */
export const SENTENCES_SATURATION = 5;
/** @default 5 */
export const COMMAS_SATURATION = 5;
/** @default 6 */
export const SEPARATORS_SATURATION = 6;
/**
 * `len_log` is log2(1 + characters) over this: 1 at 1,023 characters, so that a paragraph's
 * length weighs about as much as one of the 0/1 features.
 * @default 10
 */
export const LEN_LOG_SCALE = 10;
/**
 * Words a lexicon phrase counts for in its category's density (phrases x this / words, at most
 * 1): a phrase fills a line of up to this many words, and weighs less on a longer one (on a
 * paragraph one "share" is just a word).
 * @default 4
 */
export const LEX_PHRASE_WORDS = 4;

/**
 * Items (between commas or semicolons) from which a line of short items is a term list:
 * tags, keywords, a topic cloud ("stock car 2018, stock car brasil, ...").
 * @default 6
 */
export const KEYWORD_MIN_ITEMS = 6;
/**
 * Longest average item, in words, of such a term list; prose clauses are longer.
 * @default 3
 */
export const KEYWORD_MAX_ITEM_WORDS = 3;
/**
 * Words from which an unpunctuated line with almost no stopwords is a term list
 * ("adote um amigo agua alerta ambiente ..."): a run of terms, not a sentence.
 * @default 15
 */
export const KEYWORD_MIN_WORDS = 15;
/**
 * Stopword density below which such a long unpunctuated line is a term list. Running text
 * in a language with a stopword list sits far above it (a third or more of its words).
 * @default 0.08
 */
export const KEYWORD_MAX_STOP_DENSITY = 0.08;
/**
 * Words from which a line that counts "1 ... 2 ... 3 ..." is a ranked list glued into one
 * line (a "most read" widget) rather than a sentence that happens to start with a number.
 * @default 12
 */
export const NUMBERED_RUN_MIN_WORDS = 12;
/**
 * Words from which a link alone in its paragraph reads as a headline (an inline teaser:
 * "Read more: ...", "Related: ...") rather than a link word or a bare URL.
 * @default 4
 */
export const TEASER_MIN_WORDS = 4;
/**
 * Pitch or legal phrases at which `lex_cta_n` / `lex_legal_n` reach 1. The lexicon densities
 * (phrases per word) fade on long lines, so a cookie banner or a paywall pitch written as a
 * 60-word paragraph scores like a story paragraph that says "privacy" once; two phrases of one
 * kind in one line mark it whatever its length. Chosen over 3 by leave-one-site-out (macro-F1
 * 0.740 -> 0.743) and on the dev pages' text dumps (F1 0.870 -> 0.875).
 * @default 2
 */
export const LEX_COUNT_SATURATION = 2;
const LEX_CTA = LEXICON_CATEGORIES.indexOf('cta');
const LEX_LEGAL = LEXICON_CATEGORIES.indexOf('legal');
/**
 * Link density from which a line is all link.
 * @default 0.8
 */
export const ALL_LINK_DENSITY = 0.8;

/** Word-count buckets: one-hot, so a linear model can weigh each range. */
const WORD_BUCKETS: Array<[index: number, max: number]> = [
  [F.w1, 1],
  [F.w2_4, 4],
  [F.w5_11, 11],
  [F.w12_29, 29],
  [F.w30p, Infinity],
];

/*
 * Sentence ends, sentence splits and a trailing ellipsis are found by scan.ts (endsSentence,
 * scanLine's sentenceEnds, endsEllipsis), which gives what these patterns gave:
 *   /[.!?。！？]["'”’»)\]]*\s*$/u, /[.!?。！？]["'”’»)\]]*(?:\s+|$)/gu, /(?:\.\.\.?|…)\s*["'”’)]?\s*$/u
 */
/**
 * Words glued without a space at a lower-to-upper case change ("HomeLatest", "Student-AthleteA
 * 24-year-old"): a teaser card or menu whose title, excerpt or items were separate elements,
 * joined by the text dump. Three lower-case letters first, so names like McDonald or YouTube do not count.
 */
const GLUED = /\p{Ll}{3}\p{Lu}/u;
const URL_LIKE = /:\/\/|\bwww\.|\.(?:com|org|net|io|co|news|info)\b/iu;
const EMAIL = /\b[^\s@]+@[^\s@]+\.[a-z]{2,}\b/iu;
const COPYRIGHT = /©|\(c\)\s*\d{4}|\bcopyright\b/iu;
const YEAR = /\b(?:19|20)\d{2}\b/u;
/** Separators that join menu items and breadcrumbs on one line. */
const SEPARATORS = /\s[|•·»›>\/]\s|\s[|•·»›]|[|•·»›]\s/gu;
const LABEL_COLON = /^[\p{L}\s]{2,30}:\s/u;
const DIGITS = /\p{N}/gu;
const DIGIT = /\p{N}/u;
const LEADING_SPACE = /^[ \t\u00a0]+\S/u;
/** A date or time: numeric dates, clock times, English month names, "N hours ago". */
const DATE_LIKE = /\b\d{1,4}[./-]\d{1,2}[./-]\d{1,4}\b|\b\d{1,2}:\d{2}\b|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+\d{1,2}\b|\b\d{1,2}\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\b|\b\d+\s+(?:min(?:ute)?s?|hours?|days?|weeks?)\s+ago\b/iu;
/** A byline: "By Name" in a few languages (by, von, par, por, di, door, av). */
const BYLINE = /^(?:[Bb]y|[Vv]on|[Pp]ar|[Pp]or|[Dd]i|[Dd]oor|[Aa]v|[Dd]e)\s+\p{Lu}/u;
const PRICE = /[$€£¥₹]\s?\d|\d\s?(?:€|eur|usd|руб)/iu;
const HANDLE = /(?:^|\s)[@#][\p{L}\p{N}_]{2,}/u;
/** First characters of a quoted line: " “ ” « „ ' ‘ ’ 「 『 (all in the BMP, so a code unit compare is exact). */
/** A list glued into one line that counts 1, 2, 3 as words of their own, in order. */
const NUMBERED_RUN = /^(?:1\.?\s)(?:.*\s)?2\.?\s(?:.*\s)?3\.?\s/u;
const QUOTE_START_CHARS = new Set([...'"“”«„\'‘’「『'].map((c) => c.charCodeAt(0)));
const PAREN_WRAPPED = /^[(\[].*[)\]]$/u;

/** Features of the DOM context, when the line came from HTML. */
const HINT_NAMES: Record<string, string> = {
  nav: 'hint_nav', menu: 'hint_nav', breadcrumb: 'hint_nav', pagination: 'hint_nav', tags: 'hint_nav', header: 'hint_nav', sidebar: 'hint_nav', widget: 'hint_nav',
  footer: 'hint_footer',
  comment: 'hint_comment',
  share: 'hint_share', social: 'hint_social',
  related: 'hint_related', recommended: 'hint_related', teaser: 'hint_related',
  ad: 'hint_ad', sponsor: 'hint_ad', promo: 'hint_ad', banner: 'hint_ad',
  newsletter: 'hint_cta', subscribe: 'hint_cta', signup: 'hint_cta', popup: 'hint_cta', modal: 'hint_cta', paywall: 'hint_cta',
  // The guide: a search prompt is navigation; a paywall prompt sells (advertisement).
  search: 'hint_nav',
  hidden: 'hint_hidden',
  cookie: 'hint_legal', consent: 'hint_legal', gdpr: 'hint_legal', copyright: 'hint_legal', legal: 'hint_legal',
  byline: 'hint_byline', author: 'hint_byline', bio: 'hint_bio',
  article: 'hint_content', content: 'hint_content', story: 'hint_content', post: 'hint_content', body: 'hint_content', entry: 'hint_content', main: 'hint_content',
  caption: 'hint_caption',
};
/** Hint -> index of its feature in the vector. */
const HINT_FEATURES = new Map<string, number>(Object.entries(HINT_NAMES).map(([hint, name]) => [hint, F[name as keyof typeof F]]));

/** Whether a line is empty or whitespace only (`text.trim() === ''`, without making the trimmed string). */
export function isBlank(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (!isSpace(text.charCodeAt(i))) return false;
  return true;
}

/**
 * Features of a line as a name -> value record (plain data for tests,
 * explanations and training). `lexicon` is passed in (not imported) so callers
 * and tests choose the languages.
 */
export function lineFeatures(text: string, lexicon: Lexicon, dom?: DomFeatures): Features {
  checkLine('lineFeatures', text, lexicon, dom);
  return toRecord(featureVector(text, lexicon, dom));
}

/**
 * Features of a line as a dense vector indexed by {@link F}. Writes into `out` when given (it is
 * cleared first), and the line's character facts into `facts` when given (scan.ts; read them
 * before featurising the next line).
 */
export function lineFeatureVector(text: string, lexicon: Lexicon, dom?: DomFeatures, out?: FeatureVector, facts: LineScan = SCAN): FeatureVector {
  checkLine('lineFeatureVector', text, lexicon, dom);
  if (out !== undefined && !(out instanceof Float64Array && out.length === FEATURE_COUNT)) {
    throw invalidArgument('out', `a Float64Array of ${FEATURE_COUNT} (FEATURE_COUNT) slots`, out, 'lineFeatureVector');
  }
  return featureVector(text, lexicon, dom, out, facts);
}

/**
 * True for DOM facts of the shape the featuriser reads (as htmlToLines gives them). Shallow: a
 * wrong shape failed in the featuriser (`{}`: 'dom.hints is not iterable') or, with a number
 * missing, scored NaN in silence.
 */
export function isDomFeatures(dom: unknown): dom is DomFeatures {
  if (typeof dom !== 'object' || dom === null) return false;
  const d = dom as Partial<DomFeatures>;
  return Array.isArray(d.hints) && Array.isArray(d.ancestors) && typeof d.linkDensity === 'number' && typeof d.headingLevel === 'number';
}

/** The public featurisers' arguments, checked: a number as `text` failed as 'text.trim is not a function'. */
function checkLine(fn: string, text: unknown, lexicon: unknown, dom: unknown): void {
  if (typeof text !== 'string') throw invalidArgument('text', 'a string', text, fn);
  if (!(lexicon instanceof Lexicon)) throw invalidArgument('lexicon', 'a Lexicon (defaultLexicon)', lexicon, fn);
  if (dom !== undefined && !isDomFeatures(dom)) throw invalidArgument('dom', 'DOM facts ({ tag, ancestors, hints, linkDensity, headingLevel, ... }, as htmlToLines gives)', dom, fn);
}

/**
 * {@link lineFeatureVector} without the argument checks: the labelling path, whose lines the
 * Labeller has checked already, calls it once a line.
 */
export function featureVector(text: string, lexicon: Lexicon, dom?: DomFeatures, out?: FeatureVector, facts: LineScan = SCAN): FeatureVector {
  const f = out ?? new Float64Array(FEATURE_COUNT);
  if (out) f.fill(0);
  f[F.bias] = 1;
  const trimmed = text.trim();
  // One pass over the characters answers the cheap questions, says which patterns can match,
  // and, for most lines, hands each word to the lexicon's word table (src/words.ts), which looks
  // it up from the char codes. Lines with CJK or astral characters take the string path for
  // their words, whose results the table path matches exactly.
  const table = lexicon.wordTable();
  const scan = facts;
  let tokens: Tokens | undefined;
  let words: number;
  let stopDensity: number;
  let capitalised: number;
  if (scanLineAndWords(trimmed, scan, table)) {
    table.finishLine(WORDS);
    words = WORDS.words;
    stopDensity = words > 0 ? Math.min(1, WORDS.bestStopHits / words) : 0;
    capitalised = WORDS.cased > 0 ? WORDS.capitalised / WORDS.cased : 0;
  } else {
    tokens = tokenize(trimmed);
    const stats = wordStats(trimmed, tokens);
    words = stats.words;
    stopDensity = stats.stopDensity;
    capitalised = stats.capitalised;
  }
  for (let b = 0; b < WORD_BUCKETS.length; b++) {
    const bucket = WORD_BUCKETS[b]!;
    if (words <= bucket[1]) {
      f[bucket[0]] = 1;
      break;
    }
  }
  f[F.len_log] = Math.log2(1 + trimmed.length) / LEN_LOG_SCALE;
  if (stopDensity > 0) f[F.stop_density] = stopDensity;
  // Stopword density means little on very short lines ("of the" is not prose).
  if (words >= PROSE_MIN_WORDS && stopDensity >= PROSE_MIN_STOP_DENSITY) f[F.prose] = 1;
  const last = trimmed.length > 0 ? trimmed.charCodeAt(trimmed.length - 1) : -1;
  const first = trimmed.length > 0 ? trimmed.charCodeAt(0) : -1;
  if (endsSentence(trimmed)) f[F.sent_end] = 1;
  const sentences = scan.sentenceEnds;
  if (sentences > 1) f[F.sentences] = Math.min(sentences, SENTENCES_SATURATION) / SENTENCES_SATURATION;
  const commas = scan.commas;
  if (commas > 0) f[F.commas] = Math.min(commas, COMMAS_SATURATION) / COMMAS_SATURATION;
  if (words > 0 && words <= TITLE_CASE_MAX_WORDS && capitalised >= TITLE_CASE_MIN && f[F.sent_end] === 0) f[F.title_case] = 1;
  if (words <= LABEL_MAX_WORDS && f[F.sent_end] === 0) f[F.label_like] = 1;
  if (last === 63) f[F.question] = 1; // ?
  if (endsEllipsis(trimmed)) f[F.ellipsis_end] = 1;
  // Text dumps only: with the DOM at hand, link density and containers tell teaser cards apart.
  // (Lines with characters beyond the BMP take the regular expressions: the scan counts code units.)
  if (!dom && (scan.astral ? GLUED.test(trimmed) : scan.glued)) f[F.glued] = 1;
  const hasDigit = scan.astral ? DIGIT.test(trimmed) : scan.numbers > 0;
  // The scan's character flags first: most lines contain none of these, and the full patterns are costly.
  if ((scan.dot || scan.slash) && mayBeUrl(trimmed) && URL_LIKE.test(trimmed)) f[F.url] = 1;
  if (scan.at && EMAIL.test(trimmed)) f[F.email] = 1;
  // The word in either case ("Copyright", "COPYRIGHT 2020 ACME"); COPYRIGHT itself is case-insensitive.
  if ((scan.copyrightSign || scan.paren || trimmed.includes('opyright') || trimmed.includes('OPYRIGHT')) && COPYRIGHT.test(trimmed)) f[F.copyright] = 1;
  // YEAR needs four ASCII digits; DATE_LIKE and PRICE need one (\d is ASCII-only, even with the u flag).
  if (scan.asciiDigits >= 4 && YEAR.test(trimmed)) f[F.year] = 1;
  const seps = scan.separatorChar ? (trimmed.match(SEPARATORS)?.length ?? 0) : 0;
  if (seps >= SEPARATORS_MIN) f[F.separators] = Math.min(seps, SEPARATORS_SATURATION) / SEPARATORS_SATURATION;
  if (scan.colon && LABEL_COLON.test(trimmed)) f[F.label_colon] = 1;
  const digits = hasDigit ? (scan.astral ? (trimmed.match(DIGITS)?.length ?? 0) : scan.numbers) : 0;
  if (digits > 0) f[F.digit_ratio] = digits / trimmed.length;
  const lead = text.length > 0 ? text.charCodeAt(0) : -1;
  if ((lead === 32 || lead === 9 || lead === 0xa0) && LEADING_SPACE.test(text)) f[F.indent] = 1;
  if (trimmed.length > 0 && (scan.astral ? trimmed === trimmed.toUpperCase() && trimmed !== trimmed.toLowerCase() : scan.allCaps)) f[F.all_caps] = 1;
  // Headline-shaped: several capitalised words and no sentence end (headlines, teaser titles).
  if (words >= TITLE_LIKE_MIN_WORDS && words <= TITLE_LIKE_MAX_WORDS && capitalised >= TITLE_LIKE_MIN_CAPITALISED && f[F.sent_end] === 0) f[F.title_like] = 1;
  if (scan.asciiDigits > 0 && mayBeDate(trimmed) && DATE_LIKE.test(trimmed)) f[F.date_like] = 1;
  // BYLINE's words all start with one of b v p d a, in either case ("By Jane Roe", "by Jane Roe");
  // the name after it must be capitalised, so the pattern stays case-sensitive.
  const lowerFirst = first | 0x20;
  if ((lowerFirst === 98 || lowerFirst === 118 || lowerFirst === 112 || lowerFirst === 100 || lowerFirst === 97) && BYLINE.test(trimmed)) f[F.byline] = 1;
  if (scan.asciiDigits > 0 && PRICE.test(trimmed)) f[F.price] = 1;
  if ((scan.at || scan.hash) && HANDLE.test(trimmed)) f[F.handle] = 1;
  // Most lines start with an ASCII letter: only " and ' of the quote marks are ASCII.
  if (first < 128 ? first === 34 || first === 39 : QUOTE_START_CHARS.has(first)) f[F.quote_start] = 1;
  // PAREN_WRAPPED still decides ("." stops at line separators), once both ends fit.
  if ((first === 40 || first === 91) && (last === 41 || last === 93) && PAREN_WRAPPED.test(trimmed)) f[F.paren_wrapped] = 1;
  if (last === 58) f[F.ends_colon] = 1; // :
  if (startsLower(trimmed)) f[F.starts_lower] = 1;
  if (last === 58 && isCommentHeader(trimmed, words, f[F.date_like] === 1)) f[F.comment_header] = 1;
  if (isKeywordList(words, stopDensity, commas, scan.semicolons, sentences, f[F.sent_end] === 1)) f[F.keyword_list] = 1;
  if (words >= NUMBERED_RUN_MIN_WORDS && first === 49 && NUMBERED_RUN.test(trimmed)) f[F.numbered_run] = 1; // 1

  const lex = tokens === undefined ? WORDS.lex : lexicon.countTokens(tokens.words, tokens.cjkChars > 0 ? trimmed.toLowerCase() : undefined, LEX_COUNTS);
  for (let c = 0; c < LEXICON_CATEGORIES.length; c++) {
    const n = lex[c]!;
    if (n === 0) continue;
    // A phrase weighs more on a short line: on a long paragraph one "share" is just a word.
    const density = Math.min(1, (n * LEX_PHRASE_WORDS) / Math.max(words, LEX_PHRASE_WORDS));
    f[F.lex_cta + c] = density;
  }
  if (lex[LEX_CTA]! > 0) f[F.lex_cta_n] = Math.min(1, lex[LEX_CTA]! / LEX_COUNT_SATURATION);
  if (lex[LEX_LEGAL]! > 0) f[F.lex_legal_n] = Math.min(1, lex[LEX_LEGAL]! / LEX_COUNT_SATURATION);
  if (dom) {
    addDomFeatures(f, dom);
    // Interactions a linear model cannot form itself: prose is body inside the article core,
    // but a teaser excerpt or a reader's comment outside it (or in a comment thread) is not,
    // however much it reads like an article.
    // A headline-shaped link standing alone between the article's paragraphs ("Read more: ...",
    // "Related: ...", "<headline> [VIDEO]"): an inline teaser. On the development set (154 pages,
    // held-out sites excluded) 1,658 of 9,981 characters of such lines are article text, mostly
    // product links in deals posts; table cells and headings are left out.
    if (
      dom.inCore === true && dom.linkDensity >= ALL_LINK_DENSITY && words >= TEASER_MIN_WORDS && f[F.sent_end] === 0 && f[F.url] === 0 &&
      !dom.inTable && dom.headingLevel === 0
    ) f[F.link_teaser] = 1;
    if (words >= PROSE_MIN_WORDS) {
      if (dom.inCore === false) f[F.prose_out_core] = 1;
      if (f[F.hint_comment] === 1) f[F.prose_in_comment] = 1;
      // A byline box holds a name and a date; a paragraph in it is the author's bio (the guide's
      // disclaimer). Development set: 0 of 14,326 characters of such lines are article text.
      if (f[F.hint_byline] === 1) f[F.prose_in_byline] = 1;
    }
  }
  return f;
}

/**
 * A line of terms rather than text: many short comma-separated items, or a long run of words
 * with no punctuation and almost no stopwords. Tag clouds and keyword lines are navigation in
 * the guide; jusText's stopword density (Pomikálek 2011) is what tells them from prose.
 */
function isKeywordList(words: number, stopDensity: number, commas: number, semicolons: number, sentences: number, sentEnd: boolean): boolean {
  if (sentEnd || sentences > 0) return false;
  // Items are separated by commas (Latin, fullwidth, the ideographic 、) and semicolons (Latin,
  // fullwidth), counted by the character scan.
  const items = commas + semicolons + 1;
  if (items >= KEYWORD_MIN_ITEMS && words / items <= KEYWORD_MAX_ITEM_WORDS) return true;
  return words >= KEYWORD_MIN_WORDS && commas === 0 && stopDensity < KEYWORD_MAX_STOP_DENSITY;
}

function addDomFeatures(f: FeatureVector, dom: DomFeatures): void {
  f[F.html] = 1;
  if (dom.linkDensity > 0) f[F.link_density] = dom.linkDensity;
  if (dom.linkDensity >= ALL_LINK_DENSITY) f[F.all_link] = 1;
  if (dom.headingLevel === 1) f[F.h1] = 1;
  else if (dom.headingLevel > 1) f[F.heading] = 1;
  if (dom.inList) f[F.in_list] = 1;
  if (dom.inTable) f[F.in_table] = 1;
  if (dom.inFigure) f[F.in_figure] = 1;
  if (dom.inForm) f[F.in_form] = 1;
  if (dom.inNav) f[F.in_nav] = 1;
  if (dom.inHeader) f[F.in_header] = 1;
  if (dom.inFooter) f[F.in_footer] = 1;
  if (dom.inAside) f[F.in_aside] = 1;
  if (dom.inArticle || dom.inMain) f[F.in_article] = 1;
  for (const hint of dom.hints) {
    const at = HINT_FEATURES.get(hint);
    if (at !== undefined) f[at] = 1;
  }
  if (dom.inCore === true) f[F.core_in] = 1;
  else if (dom.inCore === false) f[F.core_out] = 1;
  if (dom.inReadability === true) f[F.readability_in] = 1;
  else if (dom.inReadability === false) f[F.readability_out] = 1;
  // A share bar (navigation) and a follow-us row (advertisement) read alike; their links do not.
  if (dom.shareLink === true) f[F.link_share] = 1;
  if (dom.socialLink === true) f[F.link_social] = 1;
  // Only outside the core: inside it, repeated cards are mostly the story's own items (a listicle,
  // a deals roundup); outside it they are teasers (article-extraction-benchmark: 84 of 108,678
  // characters of out-of-core card lines are article text, against 47,383 of 57,206 inside).
  if (dom.inCardList === true && dom.inCore !== true) f[F.card_list] = 1;
}
