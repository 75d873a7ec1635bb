/**
 * Shared data shapes. Everything that flows between stages is plain data so
 * each stage can be tested on hand-built records (the jusText lesson:
 * features are data, the classifier is a function over them).
 */

/** The four content classes, in a fixed order used for score vectors and reports. */
export const CLASSES = ['body', 'navigation', 'advertisement', 'disclaimer'] as const;
export type ContentLabel = (typeof CLASSES)[number];
/** A line's label: one of the four classes, or `blank` for whitespace-only lines. */
export type Label = ContentLabel | 'blank';
export const LABELS: readonly Label[] = [...CLASSES, 'blank'];

/** One score per class; higher is more likely. Not normalised. */
export type Scores = Record<ContentLabel, number>;

/**
 * Structural facts about a line that came from an HTML page. Absent for
 * plain-text input. Produced by the HTML stage, consumed by the features stage.
 */
export interface DomFeatures {
  /** Tag name of the block element the line came from, lower case (`p`, `li`, `h2`, `td`, ...). */
  tag: string;
  /** Ancestor tag names, nearest first, at most a bounded number. */
  ancestors: string[];
  /**
   * Normalised boilerplate hint tokens found in the class, id, role and
   * aria-label attributes of the element and its ancestors, e.g. `nav`,
   * `footer`, `comment`, `share`, `related`, `ad`, `newsletter`, `cookie`,
   * `copyright`, `byline`, `article`, `content`. Deduplicated.
   */
  hints: string[];
  /** Characters inside `<a>` divided by all characters of the line, 0..1. */
  linkDensity: number;
  inList: boolean;
  /** 1..6 when inside `<h1>`..`<h6>`, else 0. */
  headingLevel: number;
  inTable: boolean;
  inFigure: boolean;
  inForm: boolean;
  /** Semantic landmarks: inside `<nav>`, `<header>`, `<footer>`, `<aside>`, `<article>`, `<main>`. */
  inNav: boolean;
  inHeader: boolean;
  inFooter: boolean;
  inAside: boolean;
  inArticle: boolean;
  inMain: boolean;
  /** Element depth in the DOM. */
  depth: number;
  /** Some of the line's text is a link to a share action (`sharer.php`, `intent/tweet`, `mailto:?subject`). */
  shareLink?: boolean;
  /** Some of the line's text is a link to a social-network profile (not a share action). */
  socialLink?: boolean;
  /** Inside / outside the page's article core (the element holding the densest prose); undefined when the page has no prose. */
  inCore?: boolean;
  /**
   * A heading (h1-h3) that is most of the page's `<title>` ("Port strike enters its third week"
   * in "Port strike enters its third week | Saltmere News"): the headline of a page whose h1 is
   * the site's name or that has none (roles.ts); false for the page's other headings when one is,
   * undefined when none is (or the line is no heading). Not a feature of the models.
   */
  titleHeading?: boolean;
  /** Inside one of several sibling elements of one template, each a few lines with a link or heading (html/cards.ts). */
  inCardList?: boolean;
  /** True/false when Readability ran and the line falls inside/outside its article; undefined when it did not run. */
  inReadability?: boolean;
}

/** A line handed to the labeller: its text, and DOM facts when it came from HTML. */
export interface InputLine {
  text: string;
  dom?: DomFeatures;
}

/** A labelled line as the API yields it. */
export interface LabelledLine {
  /**
   * 0-based position of the line among the lines labelled. It is the input line's, less one,
   * except after a line the byte calls skipped (`longLines: 'skip'`): a skipped line is not
   * labelled, so it has no index, and the `line-skipped` warning gives its input line number.
   */
  index: number;
  text: string;
  /** Final label after the context pass. */
  label: Label;
  /** Context-free first label (before smoothing). */
  first: Label;
  /** Why: the rule or the strongest features that decided the label. */
  reason: string;
  /** Per-class scores of the first pass. */
  scores: Scores;
  /**
   * Per-class scores the label was decided from: the first pass's, plus the context weights and
   * the trees, then the smoothing layer when the model has one (the sequence model may still
   * pick another class). Blank lines carry the first pass's.
   */
  final: Scores;
  /**
   * When the model smooths (smooth.ts): the scores before its smoothing layer (first pass,
   * context weights and trees), from which `final` was re-scored with the neighbours'.
   */
  unsmoothed?: Scores;
  /**
   * With the `markdown` option: the text the labeller read for the line, its syntax taken out
   * (links as their text, no images or emphasis markers; see markdown.ts), where `text` is the line
   * as it came. Roles and confidence are read from it, as from the same text given as plain text.
   */
  visibleText?: string;
  /** For body lines of whole documents (HTML pages, JSON records): headline, standfirst, byline, caption or text (see roles.ts). */
  role?: 'headline' | 'standfirst' | 'byline' | 'caption' | 'text';
}
