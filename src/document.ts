/**
 * Whole documents held in memory: an HTML page, or the text of a JSON
 * record. Pages are bounded (a crawler record holds one page), so these
 * work on strings; long text streams go through the byte pipeline instead.
 */
import type { DomFeatures, Label, LabelledLine } from './types.js';
import { RoleTagger } from './roles.js';
import { checkHtmlOptions, htmlToLines, HTML_OPTION_NAMES, type HtmlOptions } from './html/lines.js';
import { labelDocument, keptLines } from './pipeline.js';
import { CLEAN_OPTION_NAMES, LABEL_OPTION_NAMES, pickOptions, resolveKeep, type LabelOptions } from './options.js';
import { checkOptionNames, invalidArgument } from './errors.js';
import { FORMAT_SNIFF_BYTES, looksLikeHtml, opensWithEnvelope } from './sniff.js';
import { htmlModel, readabilityModel } from './model.js';
import { DEFAULT_KEEP } from './clean.js';
import { documentConfidence } from './confidence.js';

// The confidence meter lives in its own module, so that the CLI's text path can measure a
// document without loading this one's HTML parser; re-exported here, where it was first.
export { CONFIDENT_BODY_WORDS, CONFIDENCE_PROSE_WORDS, ConfidenceMeter, DOUBTFUL_BODY_PROBABILITY, MIN_PROSE_LINES, documentConfidence } from './confidence.js';

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
     * What `processPage` takes the page for: `'auto'` sniffs it (see `looksLikeHtml`) for HTML
     * or text (Markdown with `markdown: true`); `'html'`, `'text'` and `'markdown'` skip the
     * sniff, for a caller who knows (a crawler's `html` field that starts with a kilobyte of text,
     * an article about HTML that quotes markup, a scraper's `markdown` field). Given one of them,
     * it decides alone: `markdown` is read only with `'auto'` (an options object shared by records
     * of several formats may carry both), and the result's `format` says how the page was read.
     * @default 'auto'
     */
    pageFormat?: PageFormat;
  };

/** What {@link labelHtml} takes: the labeller's options and the HTML reader's. */
export type HtmlLabelOptions = LabelOptions & HtmlOptions;

/** The names of {@link HtmlLabelOptions}: labelHtml neither cleans (`keep`, `textOnly`) nor sniffs (`pageFormat`). */
const HTML_LABEL_OPTION_NAMES: readonly string[] = Object.freeze([...LABEL_OPTION_NAMES, ...HTML_OPTION_NAMES]);

/** The names of {@link DocumentOptions}, as the calls that take them check them. */
const DOCUMENT_OPTION_NAMES: readonly string[] = Object.freeze([...HTML_LABEL_OPTION_NAMES, ...CLEAN_OPTION_NAMES, 'pageFormat']);

/** How `processPage` reads a page: sniffed, or as the caller says. */
export type PageFormat = 'auto' | 'html' | 'text' | 'markdown';
const PAGE_FORMATS: readonly PageFormat[] = ['auto', 'html', 'text', 'markdown'];


/** Label the lines of an HTML page. */
export function labelHtml(html: string, options: HtmlLabelOptions = {}): LabelledLine[] {
  assertDocument('labelHtml', 'html', html, options, HTML_LABEL_OPTION_NAMES);
  return htmlLines(html, options);
}

/** labelHtml's work, its options checked by the caller (extractHtml and processPage pass theirs on). */
function htmlLines(html: string, options: HtmlLabelOptions): LabelledLine[] {
  // Readability's verdict is a feature only the readability model was trained with; other
  // HTML pages get the model trained on HTML lines.
  const model = options.model ?? (options.readability ? readabilityModel() : htmlModel());
  const input = htmlToLines(html, pickOptions(options, HTML_OPTION_NAMES));
  // `fast` is for text lines (options.ts): a page is labelled by its HTML model either way.
  return withRoles(labelDocument(input, { ...pickOptions(options, LABEL_OPTION_NAMES), fast: undefined, model }), input);
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
  // Taken (DocumentOptions holds it) but never read: `'text'` came out as HTML without a word (QA pass 19).
  if (options.pageFormat !== undefined && options.pageFormat !== 'html') {
    throw invalidArgument('options.pageFormat', "'html' or left out (extractHtml reads HTML; processPage reads text and Markdown too)", options.pageFormat, 'extractHtml');
  }
  // Picked, not spread: a spread copies own keys only, and an option set on a prototype was lost.
  return documentText(htmlLines(html, { ...pickOptions(options, HTML_LABEL_OPTION_NAMES), reasons: options.reasons ?? false }), options);
}

export interface DocumentResult {
  format: 'html' | 'text' | 'markdown';
  lines: LabelledLine[];
  /** The kept lines joined with "\n". */
  text: string;
  /** 0..1: how sure the labeller is that the document has an article body and found it. */
  confidence: number;
}

/**
 * Label a page whose format is not known: HTML is sniffed, anything else is text (Markdown with
 * `options.markdown`), unless `options.pageFormat` says which it is.
 */
export function processPage(page: string, options: DocumentOptions = {}): DocumentResult {
  assertDocument('processPage', 'page', page, options, DOCUMENT_OPTION_NAMES);
  const forced = options.pageFormat ?? 'auto';
  if (!PAGE_FORMATS.includes(forced)) throw invalidArgument('options.pageFormat', "'auto', 'html', 'text' or 'markdown'", forced);
  // `markdown: true` makes a page that is not HTML Markdown, as `pageFormat: 'markdown'` does;
  // `pageFormat: 'text'` reads it as plain text. Either way `format` says how it was read.
  // A page in a reader's envelope is Markdown, as a .txt file of it is (sniffFormat).
  const format = forced === 'auto' ? (looksLikeHtml(page) ? 'html' : options.markdown === true || opensWithEnvelope(page.slice(0, FORMAT_SNIFF_BYTES)) ? 'markdown' : 'text') : forced;
  // labelText takes the labeller's options only; the rest (`keep`, `textOnly`) apply below.
  const labelOptions = pickOptions(options, LABEL_OPTION_NAMES);
  const lines = format === 'html' ? htmlLines(page, pickOptions(options, HTML_LABEL_OPTION_NAMES)) : labelText(page, format === 'markdown' ? { ...labelOptions, markdown: true, fast: undefined } : { ...labelOptions, markdown: false });
  return { format, lines, text: documentText(lines, options), confidence: documentConfidence(lines) };
}
