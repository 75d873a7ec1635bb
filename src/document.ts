/**
 * Whole documents held in memory: an HTML page, or the text of a JSON
 * record. Pages are bounded (a crawler record holds one page), so these
 * work on strings; long text streams go through the byte pipeline instead.
 */
import type { DomFeatures, Label, LabelledLine, Scores } from './types.js';
import { RoleTagger } from './roles.js';
import { checkHtmlOptions, htmlToLines, HTML_OPTION_NAMES, type HtmlOptions } from './html/lines.js';
import { labelDocument, keptLines } from './pipeline.js';
import { CLEAN_OPTION_NAMES, LABEL_OPTION_NAMES, pickOptions, resolveKeep, type LabelOptions } from './options.js';
import { checkOptionNames, invalidArgument } from './errors.js';
import { looksLikeHtml } from './sniff.js';
import { htmlModel, readabilityModel } from './model.js';
import { DEFAULT_KEEP } from './clean.js';

export type DocumentOptions = LabelOptions &
  HtmlOptions & {
    /** Classes to keep (not `blank`: blank lines are tidied, one between kept paragraphs). @default ['body'] */
    keep?: readonly Label[];
    /**
     * Keep only the story's running text from the body: drop the headline, byline/date lines
     * and captions (their `role`). For consumers that store the title apart, as Readability does.
     */
    textOnly?: boolean;
    /**
     * What `processPage` takes the page for: `'auto'` sniffs it (see `looksLikeHtml`),
     * `'html'` and `'text'` skip the sniff, for a caller who knows (a crawler's `html` field
     * that starts with a kilobyte of text, an article about HTML that quotes markup).
     * @default 'auto'
     */
    pageFormat?: PageFormat;
  };

/** The names of {@link DocumentOptions}, as the calls that take them check them. */
const DOCUMENT_OPTION_NAMES: readonly string[] = Object.freeze([...LABEL_OPTION_NAMES, ...HTML_OPTION_NAMES, ...CLEAN_OPTION_NAMES, 'pageFormat']);

/** How `processPage` reads a page: sniffed, or as the caller says. */
export type PageFormat = 'auto' | 'html' | 'text';
const PAGE_FORMATS: readonly PageFormat[] = ['auto', 'html', 'text'];

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

/** Label the lines of an HTML page. */
export function labelHtml(html: string, options: DocumentOptions = {}): LabelledLine[] {
  assertDocument('labelHtml', 'html', html, options, DOCUMENT_OPTION_NAMES);
  // Readability's verdict is a feature only the readability model was trained with; other
  // HTML pages get the model trained on HTML lines.
  const model = options.model ?? (options.readability ? readabilityModel() : htmlModel());
  const input = htmlToLines(html, pickOptions(options, HTML_OPTION_NAMES));
  return withRoles(labelDocument(input, { ...pickOptions(options, LABEL_OPTION_NAMES), model }), input);
}

/**
 * Label a text held in memory (split on \n, \r\n or \r). A leading byte-order mark (U+FEFF) is
 * not text and is dropped, and an empty text has no lines: the same lines as the byte path
 * (`labelBytes`) gives for the same text's bytes, with two exceptions. A line is kept whole, where
 * the byte path keeps the first `maxLineBytes` (1 MiB) of a longer one: its cap bounds a stream's
 * memory, and this text is in memory already. A lone surrogate stays as it is, where UTF-8
 * encoding makes it U+FFFD.
 */
export function labelText(text: string, options: LabelOptions = {}): LabelledLine[] {
  assertDocument('labelText', 'text', text, options, LABEL_OPTION_NAMES);
  // A BOM left in place would glue U+FEFF to the first line's first word (a text decoded with
  // `ignoreBOM`, or read as latin1 and fixed up, still carries it).
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (text.length === 0) return [];
  const lines = text.split(/\r\n|\r|\n/);
  // A final terminator ends the last line; it does not start an empty one (as in the byte splitter).
  if (lines.length > 1 && lines[lines.length - 1] === '') lines.pop();
  return withRoles(labelDocument(lines, options));
}

/**
 * The document calls' arguments, checked at the call: a page that is not a string failed deep
 * in the splitter, options that are not an object (or a bad `keep`) were ignored, and so was an
 * option `fn` does not take (`names`).
 */
function assertDocument(fn: string, name: string, value: unknown, options: unknown, names: readonly string[]): void {
  if (typeof value !== 'string') throw invalidArgument(name, 'a string', value);
  if (typeof options !== 'object' || options === null) throw invalidArgument('options', 'an object', options);
  // Names first: labelText's `{ keep: 'body' }` is an option it does not take, not a bad `keep`.
  checkOptionNames(fn, options, names);
  resolveKeep(options);
  // Also when the page turns out to be text (processPage), so a bad option fails every call alike.
  checkHtmlOptions(options);
}

function withRoles(lines: LabelledLine[], input?: ReadonlyArray<{ dom?: DomFeatures }>): LabelledLine[] {
  const tagger = new RoleTagger();
  lines.forEach((line, i) => {
    const role = tagger.push(line, input?.[i]?.dom);
    if (role !== undefined) line.role = role;
  });
  return lines;
}

/** The kept lines of a labelled document, as the options ask (`keep`, `textOnly`). */
export function documentText(lines: readonly LabelledLine[], options: Pick<DocumentOptions, 'keep' | 'textOnly'> = {}): string {
  const chosen = options.textOnly ? lines.filter((l) => l.label !== 'body' || l.role === undefined || l.role === 'text') : lines;
  return keptLines(chosen, options.keep ?? DEFAULT_KEEP).join('\n');
}

/**
 * The clean body of an HTML page, lines joined with "\n". Only text comes out, so no line's
 * reason is written unless the caller asks (`reasons: true`): explaining every label is work
 * nobody would read.
 */
export function extractHtml(html: string, options: DocumentOptions = {}): string {
  assertDocument('extractHtml', 'html', html, options, DOCUMENT_OPTION_NAMES);
  // Picked, not spread: a spread copies own keys only, and an option set on a prototype was lost.
  return documentText(labelHtml(html, { ...pickOptions(options, DOCUMENT_OPTION_NAMES), reasons: options.reasons ?? false }), options);
}

export interface DocumentResult {
  format: 'html' | 'text';
  lines: LabelledLine[];
  /** The kept lines joined with "\n". */
  text: string;
  /** 0..1: how sure the labeller is that the document has an article body and found it. */
  confidence: number;
}

/**
 * Label a page whose format is not known: HTML is sniffed, anything else is text, unless
 * `options.pageFormat` says which it is.
 */
export function processPage(page: string, options: DocumentOptions = {}): DocumentResult {
  assertDocument('processPage', 'page', page, options, DOCUMENT_OPTION_NAMES);
  const forced = options.pageFormat ?? 'auto';
  if (!PAGE_FORMATS.includes(forced)) throw invalidArgument('options.pageFormat', "'auto', 'html' or 'text'", forced);
  const format = forced === 'auto' ? (looksLikeHtml(page) ? 'html' : 'text') : forced;
  // labelText takes the labeller's options only; the rest (`keep`, `textOnly`) apply below.
  const lines = format === 'html' ? labelHtml(page, options) : labelText(page, pickOptions(options, LABEL_OPTION_NAMES));
  return { format, lines, text: documentText(lines, options), confidence: documentConfidence(lines) };
}

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
    const n = countWords(line.text);
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
function countWords(text: string): number {
  return text.match(WORDS)?.length ?? 0;
}
