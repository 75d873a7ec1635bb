/**
 * A document's confidence that its body was found (README "Confidence"), from its labelled
 * lines. Kept apart from document.ts, which loads the HTML parser: the CLI's text path measures
 * documents for `--report` and must not pay ~0.2 s of module loading per thread for that.
 */
import type { LabelledLine, Scores } from './types.js';
import { invalidArgument } from './errors.js';
import { countWords, hasCjk, hasSpaceless } from './tokens.js';
import { MARKDOWN_CODE, MARKDOWN_ENVELOPE, MARKDOWN_HIDDEN, markdownKind } from './markdown-lines.js';

/**
 * Words of body prose at which the size part of a document's confidence nears 1 (1 - 1/e at
 * this many words): index pages and error pages have little. Chosen with the rest of the
 * confidence (see {@link ConfidenceMeter}) on out-of-fold labels of the tuning pages; 120 made
 * the size part matter on pages that were already long enough.
 * @default 40
 */
export const CONFIDENT_BODY_WORDS = 40;
/**
 * Body lines of prose (long lines of running text) an article needs before
 * its confidence is not halved: one long line may be a lone teaser.
 * @default 2
 */
export const MIN_PROSE_LINES = 2;
/** Words at which a body line counts as prose for confidence. @default 12 */
export const CONFIDENCE_PROSE_WORDS = 12;
/**
 * A line whose probability of being body lies between this and 1 minus this is a doubtful
 * one for confidence: the model could as well have decided the other way.
 * @default 0.2
 */
export const DOUBTFUL_BODY_PROBABILITY = 0.2;

/**
 * Confidence that a document's body was found: grows with the words of
 * body prose, halved when fewer than MIN_PROSE_LINES body lines are prose
 * (an index page, a gallery, a paywall stub).
 */
export function documentConfidence(lines: Iterable<LabelledLine>): number {
  // Named here: a non-iterable failed as 'not iterable', and a string (iterable, of characters)
  // or a line without text as a TypeError inside the meter.
  if (lines === null || typeof lines !== 'object' || typeof lines[Symbol.iterator] !== 'function') throw invalidArgument('lines', 'an iterable of labelled lines', lines);
  const meter = new ConfidenceMeter();
  for (const line of lines) {
    if (line === null || typeof line !== 'object' || typeof line.text !== 'string' || line.final === null || typeof line.final !== 'object') {
      throw invalidArgument('lines[]', 'a labelled line ({ text, label, final })', line);
    }
    meter.add(line);
  }
  return meter.value;
}

/**
 * Streaming form of documentConfidence for the CLI's line-by-line path. A document's confidence
 * that its body was found is the product of three parts, each 0..1:
 *
 * - size: `1 - exp(-bodyWords / CONFIDENT_BODY_WORDS)`, halved under MIN_PROSE_LINES lines of
 *   prose: low when no prose core was found (index pages, error pages);
 * - sureness of what was kept: the body lines' mean probability of being body (softmax of their
 *   final scores), weighted by words;
 * - few close calls: one less the share of the document's words in lines whose body
 *   probability is doubtful (DOUBTFUL_BODY_PROBABILITY).
 *
 * Measured on the tuning pages' out-of-fold labels (5-fold CV by site, text lines; 125 pages):
 * Spearman correlation with each page's body F1 0.70, against 0.14 for size alone (what this
 * was before); the pages in the lowest fifth of confidence had body F1 0.57 against 0.88 for
 * the rest. So a pipeline that routes its least confident pages elsewhere now routes the
 * badly cleaned ones.
 */
export class ConfidenceMeter {
  private words = 0;
  private prose = 0;
  /** Over body lines: sum of words x probability of body. */
  private sure = 0;
  /** Over all non-blank lines: words, and words in doubtful lines. */
  private allWords = 0;
  private doubtfulWords = 0;
  add(line: LabelledLine): void {
    if (line.label === 'blank') return;
    // A Markdown code block's line (markdown-lines.ts) was read by the stages as a blank line and
    // carries a blank line's scores (body probability 0.25), not a judgement of its words; code is
    // not prose either. Counted, every word of code was a doubtful body word. A reader's envelope
    // (Title:, URL Source:) is no part of the page at all.
    const kind = markdownKind(line);
    if (kind === MARKDOWN_CODE || kind === MARKDOWN_ENVELOPE || kind === MARKDOWN_HIDDEN) return;
    // A Markdown line's words are its visible text's: a link's URL is no body words.
    const n = lineWords(line.visibleText ?? line.text);
    // The scores before the smoothing layer, when there is one: this meter's form and constants
    // were chosen on them, and the layer's probabilities (fitted unweighted on out-of-fold
    // scores) sit nearer the middle, so clear story lines would count as close calls (a clean
    // four-paragraph story, test/fixtures/cli/page.txt, fell from 0.60 to 0.47).
    const p = bodyProbability(line.unsmoothed ?? line.final);
    this.allWords += n;
    if (p > DOUBTFUL_BODY_PROBABILITY && p < 1 - DOUBTFUL_BODY_PROBABILITY) this.doubtfulWords += n;
    if (line.label !== 'body') return;
    this.words += n;
    this.sure += n * p;
    if (n >= CONFIDENCE_PROSE_WORDS) this.prose += 1;
  }
  get value(): number {
    if (this.words === 0) return 0;
    const size = 1 - Math.exp(-this.words / CONFIDENT_BODY_WORDS);
    const sure = this.sure / this.words;
    const calm = 1 - this.doubtfulWords / this.allWords;
    const c = (this.prose >= MIN_PROSE_LINES ? size : size / 2) * sure * calm;
    return Math.round(c * 1000) / 1000;
  }
}

/** Softmax probability of body from a line's per-class scores. */
function bodyProbability(s: Scores): number {
  const m = Math.max(s.body, s.navigation, s.advertisement, s.disclaimer);
  const b = Math.exp(s.body - m);
  return b / (b + Math.exp(s.navigation - m) + Math.exp(s.advertisement - m) + Math.exp(s.disclaimer - m));
}

const WORDS = /[\p{L}\p{N}]+/gu;
/**
 * Words of a line: runs of letters and digits, and in Chinese and Japanese, which put no spaces
 * between words, as the rules count them (tokens.ts countWords: CJK_CHARS_PER_WORD characters to a word). Counted as runs,
 * a Japanese paragraph was a word or three, and an article in it scored as a short page (0.13
 * where its German version scored 0.86).
 */
function lineWords(text: string): number {
  return hasCjk(text) || hasSpaceless(text) ? countWords(text) : (text.match(WORDS)?.length ?? 0);
}
