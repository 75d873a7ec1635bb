/**
 * HTML page -> the lines a text scraper would dump, each with the DOM facts
 * the labeller uses (tag, ancestors, hint tokens, link density, landmarks).
 *
 * One pass over the parsed tree, in document order, without recursion (deeply
 * nested junk markup must not overflow the stack). Everything a line needs
 * about its ancestors is carried down in a per-element frame, so no line ever
 * re-walks the tree above it.
 *
 * Line model:
 * - Each block element (p, div, li, h1..h6, section, ...) ends the current
 *   line when it opens and when it closes, so its own text is a line and the
 *   inline runs around its child blocks become lines of their own.
 * - Inline elements (a, span, em, ...), and unknown or custom elements, join
 *   into the surrounding text. Whitespace collapses to one space; `&nbsp;`
 *   counts as whitespace; zero-width spaces, soft hyphens and NUL are removed.
 * - `<br>` ends the line inside its block; inside `<pre>` so does a newline.
 * - Inside `<pre>` (and `listing`, `xmp`, `plaintext`) whitespace is kept: each
 *   line of the block is a line, its indentation and inner runs of spaces
 *   intact, tabs expanded to {@link PRE_TAB_WIDTH} columns. A blank line there
 *   is not a line (no line is ever empty) but starts a new block group, as a
 *   double `<br>` does, so {@link htmlToLineBlocks} keeps the code's paragraphs.
 * - Tables give one line per `<tr>`: the non-empty cells joined with
 *   {@link CELL_SEPARATOR}. A cell that holds blocks of its own (layout
 *   tables) yields those blocks' lines instead, and once a `<br>` or a block
 *   has broken a line inside one of a row's cells, the row's later cells
 *   start lines of their own.
 */
// htmlparser2 and its DOM handler, as cheerio/slim builds its tree, without cheerio's query layer,
// which nothing here uses (20 ms less to load), and with a handler of ours that bounds the depth.
import { Parser } from 'htmlparser2';
import { DomHandler } from 'domhandler';
import { createRequire } from 'node:module';
import type { DomFeatures, InputLine } from '../types.js';
import { BoilerstripError, checkOptionNames, invalidArgument } from '../errors.js';
import { DEFAULT_HINT_VOCABULARY, LINK_OTHER, LINK_SHARE, LINK_SOCIAL, linkKind, matchClassHints, matchHints, type HintVocabulary, type LinkKind } from './hints.js';
// readability.ts imports htmlToLines back; the cycle is safe because each
// side only calls the other inside functions, never at module evaluation.
import { markReadability } from './readability.js';
import { findCore, insideOf, onChainOf } from './core.js';
import { markCards } from './cards.js';
import { scriptedPageWarning } from './scripted.js';

export interface HtmlOptions {
  /**
   * Also run Mozilla Readability (on jsdom) and set `dom.inReadability` on
   * every line. Costs a second, much slower parse. Default false, which
   * leaves `inReadability` undefined. A page Readability cannot read gets
   * `false` on every line (as when it finds no article) and a warning.
   */
  readability?: boolean;
  /** Page URL, given to jsdom as the document URL for Readability. */
  url?: string;
  /** Hint vocabulary to match attributes against (default: data/hints.json). */
  hintVocabulary?: HintVocabulary;
  /**
   * Called with a message when the page's lines are not what a reader of it sees: a frameset
   * page, whose text is in the pages of its frames. Without it, such notes are dropped.
   */
  onWarning?: (message: string) => void;
}

/** The names of {@link HtmlOptions}; a record over its keys, so one added there and not here fails to compile. */
const HTML_OPTIONS: { readonly [K in keyof Required<HtmlOptions>]: true } = { readability: true, url: true, hintVocabulary: true, onWarning: true };
export const HTML_OPTION_NAMES: readonly string[] = Object.freeze(Object.keys(HTML_OPTIONS));

/**
 * How many ancestor tags a line keeps, nearest first. Deeper context rarely
 * helps a classifier and long arrays cost memory on every line.
 * @default 12
 */
export const MAX_ANCESTORS = 12;

/**
 * Joins the cells of one table row. Tab-free so a line stays a line in TSV
 * and plain-text dumps; the pipe reads as a column rule to a human.
 * @default ' | '
 */
export const CELL_SEPARATOR = ' | ';

/**
 * Tab stops inside `<pre>`, in columns: a tab becomes the spaces to the next
 * one, as a browser renders it (CSS `tab-size` defaults to 8). Lines stay
 * tab-free, so they stay one field in TSV output.
 * @default 8
 */
export const PRE_TAB_WIDTH = 8;

/**
 * Tag given to text that sits outside every element (after `</html>`, or a
 * fragment with no wrapper). A browser would put such text in the body.
 * @default 'body'
 */
export const ROOT_TAG = 'body';

/**
 * Elements whose whole subtree a reader never sees as text: code, styling,
 * metadata, embedded media and widgets, form option lists. `<noscript>` is
 * read after all when a page has no other text (see `extract`). Ruby annotations (`rt`) and
 * their fallback parentheses (`rp`) are dropped too: they gloss the base text from above, and
 * read inline they were interleaved with it ("漢(かん)字(じ)" for 漢字). So is the fallback text
 * of `<meter>` and `<progress>`, which browsers draw as a gauge and never show, and
 * `<noembed>`, which browsers parse as raw text and never render (the Flash-era embed put one
 * inside its `<object>`, beside the `<embed>`).
 *
 * Not dropped: `<object>`, whose content is its fallback, shown when the embedded object
 * cannot be rendered; in a scraped page the object is lost, so the fallback is what a reader
 * gets. `<svg>` is read only inside its `<foreignObject>`s (see `SVG_TAG`).
 * @default script, style, noscript, template, head, title, iframe, canvas, select, option, optgroup, datalist, textarea, video, audio, embed, noembed, rt, rp, meter, progress
 */
export const DROPPED_TAGS: ReadonlySet<string> = new Set([
  'script', 'style', 'noscript', 'template', 'head', 'title', 'iframe', 'canvas',
  'select', 'option', 'optgroup', 'datalist', 'textarea', 'video', 'audio', 'embed', 'noembed',
  'rt', 'rp', 'meter', 'progress',
]);

/**
 * An SVG drawing's text (`<text>`, `<desc>`, labels of a chart) is part of the picture, not of
 * the page's text, and is not read; HTML set in it by a `<foreignObject>` (the parser gives the
 * name in lower case) is laid out and rendered as HTML, so it is read, each as a block.
 */
const SVG_TAG = 'svg';
const FOREIGN_OBJECT_TAG = 'foreignobject';
/**
 * SVG elements whose content is never rendered where it stands (definitions a `<use>` or a
 * reference draws elsewhere, clip paths and masks): a foreignObject in one is not read.
 */
const SVG_UNRENDERED: ReadonlySet<string> = new Set(['defs', 'symbol', 'clippath', 'mask']);
/** An SVG presentation attribute that hides as the `style` values in HIDDEN_STYLE do. */
function svgHides(attribs: Record<string, string | undefined>): boolean {
  return attribs.display?.trim().toLowerCase() === 'none' || attribs.visibility?.trim().toLowerCase() === 'hidden';
}

/**
 * Elements that start a new line (CSS `display: block`, list-item or table
 * parts in a default stylesheet). Anything else, including custom elements,
 * is treated as inline.
 * @default address, article, aside, blockquote, body, caption, center, dd, details, dialog, dir, div, dl, dt, fieldset, figcaption, figure, footer, form, frameset, h1-h6, header, hgroup, hr, html, legend, li, listing, main, menu, nav, ol, p, plaintext, pre, search, section, summary, table, tbody, td, tfoot, th, thead, tr, ul, xmp
 */
export const BLOCK_TAGS: ReadonlySet<string> = new Set([
  'address', 'article', 'aside', 'blockquote', 'body', 'caption', 'center', 'dd', 'details', 'dialog',
  'dir', 'div', 'dl', 'dt', 'fieldset', 'figcaption', 'figure', 'footer', 'form', 'frameset',
  'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'header', 'hgroup', 'hr', 'html', 'legend', 'li', 'listing',
  'main', 'menu', 'nav', 'ol', 'p', 'plaintext', 'pre', 'search', 'section', 'summary', 'table',
  'tbody', 'td', 'tfoot', 'th', 'thead', 'tr', 'ul', 'xmp',
]);

/** Inline `style` values that hide an element. */
const HIDDEN_STYLE = /display\s*:\s*none|visibility\s*:\s*hidden/i;
/**
 * Characters removed from text: invisible ones that would otherwise glue to or split words, and
 * NUL. An HTML parser drops a NUL in text (the HTML standard's "in body" insertion mode ignores
 * it), so a browser shows "a\u0000b" as "ab"; read as whitespace it became "a b", a space the
 * page never showed.
 */
const INVISIBLE = /[\u0000\u200b\u00ad\ufeff]/g;
const HAS_INVISIBLE = /[\u0000\u200b\u00ad\ufeff]/;
/**
 * `\s` covers tab, CR, LF, NBSP and the Unicode spaces and line separators;
 * the other C0 and C1 control characters (NEL, ...) are not text and count as
 * whitespace too, so no line can hide a line break from a downstream splitter.
 * (NUL never gets here: INVISIBLE removes it.)
 */
const WHITESPACE = /[\s\u0000-\u001f\u007f-\u009f]+/g;
const NEWLINE = /\r\n?|\n/;
/**
 * Whitespace other than space, tab and line breaks, and control characters, inside `<pre>`:
 * each becomes one space (a NEL or U+2028 must not hide a line break from a downstream splitter).
 */
const PRE_OTHER_BLANKS = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]/g;

// Landmark and context flags, inherited as a bit set.
const F_LIST = 1;
const F_TABLE = 2;
const F_FIGURE = 4;
const F_FORM = 8;
const F_NAV = 16;
const F_HEADER = 32;
const F_FOOTER = 64;
const F_ASIDE = 128;
const F_ARTICLE = 256;
const F_MAIN = 512;

const TAG_FLAGS: ReadonlyMap<string, number> = new Map([
  ['ul', F_LIST], ['ol', F_LIST], ['li', F_LIST], ['dl', F_LIST], ['dt', F_LIST], ['dd', F_LIST], ['menu', F_LIST],
  ['table', F_TABLE], ['figure', F_FIGURE], ['form', F_FORM],
  ['nav', F_NAV], ['header', F_HEADER], ['footer', F_FOOTER], ['aside', F_ASIDE],
  ['article', F_ARTICLE], ['main', F_MAIN],
]);

/**
 * ARIA roles that declare the same landmarks without the semantic tag
 * (`<div role="navigation">`), so they set the same flags.
 */
const ROLE_FLAGS: ReadonlyMap<string, number> = new Map([
  ['navigation', F_NAV], ['banner', F_HEADER], ['contentinfo', F_FOOTER], ['complementary', F_ASIDE],
  ['article', F_ARTICLE], ['main', F_MAIN], ['list', F_LIST], ['listitem', F_LIST],
  ['table', F_TABLE], ['grid', F_TABLE], ['figure', F_FIGURE], ['form', F_FORM], ['search', F_FORM],
]);

const HEADING_LEVEL: ReadonlyMap<string, number> = new Map([
  ['h1', 1], ['h2', 2], ['h3', 3], ['h4', 4], ['h5', 5], ['h6', 6],
]);

/** The attributes that name an element's purpose. */
const HINT_ATTRIBUTES = ['class', 'id', 'role', 'aria-label'] as const;

/**
 * The few fields of a domhandler node this module reads. Structural, so the
 * walk does not depend on domhandler's class hierarchy or enum types.
 */
interface DomNode {
  type: string;
  name?: string;
  attribs?: Record<string, string | undefined>;
  children?: DomNode[];
  data?: string;
  parent: DomNode | null;
  next: DomNode | null;
}

const KIND_INLINE = 0;
const KIND_BLOCK = 1;
/** A td/th inside a tr: joins its row's line instead of breaking it. */
const KIND_CELL = 2;

/** What an open element passes down to its descendants. */
interface Frame {
  tag: string;
  kind: number;
  parent: Frame | null;
  /** Nearest block or cell frame, this one included. */
  block: Frame;
  /** For a cell, its row; lines mixing several cells belong to the row. */
  row: Frame | null;
  /** Canonical hints of this element and its ancestors; shared with the parent when nothing new. */
  hints: readonly string[];
  /** Canonical hints from this element's own attributes (for the core-chain pass). */
  ownHints: readonly string[];
  flags: number;
  /** Flags this element's own tag and role set. */
  ownFlags: number;
  heading: number;
  depth: number;
  inLink: boolean;
  /** What the nearest enclosing link points to (hints.ts linkKind). */
  link: LinkKind;
  inPre: boolean;
  /** Inside an `<svg>` and not inside a `<foreignObject>` in it: text is drawing, not read (SVG_TAG). */
  inSvg: boolean;
  /** Ancestor tags, nearest first, computed once when the first line needs them. */
  ancestors: string[] | null;
  /** The raw class attribute, for the card pass (cards.ts), which derives the template signature from it. */
  cls: string | undefined;
  /** For a row: a `<br>` (or a newline in `<pre>`) has broken a line inside one of its cells. */
  broken?: boolean;
}

/** A line from HTML: an {@link InputLine} whose `dom` is always present. */
export type HtmlLine = InputLine & { dom: DomFeatures };

/** One line as the walk produces it, with the block group it belongs to. */
interface RawLine {
  line: HtmlLine;
  group: number;
  /** The block the line came from, for the article-core pass. */
  node: Frame;
}

/**
 * Lines of a page, each with its DOM features. See the module comment for
 * how blocks, inline runs, `<br>` and tables become lines.
 */
export function htmlToLines(html: string, options: HtmlOptions = {}): HtmlLine[] {
  return extract(html, options, 'htmlToLines').map((raw) => raw.line);
}

/**
 * The same lines as {@link htmlToLines}, grouped by block: lines split only
 * by `<br>` (or newlines in `<pre>`) share a group; a block boundary or a
 * double `<br>` starts a new one. For dumps that want paragraphs separated.
 */
export function htmlToLineBlocks(html: string, options: HtmlOptions = {}): HtmlLine[][] {
  const groups: HtmlLine[][] = [];
  let last = -1;
  for (const raw of extract(html, options, 'htmlToLineBlocks')) {
    if (raw.group !== last) {
      groups.push([]);
      last = raw.group;
    }
    groups[groups.length - 1]!.push(raw.line);
  }
  return groups;
}

/**
 * The HTML options, checked at the call: `readability: 'false'` (a string from a config file or an
 * environment variable) is truthy and ran Readability, and a hint vocabulary of the wrong shape
 * failed deep in the walk, as a TypeError, on the page's first attribute.
 */
export function checkHtmlOptions(options: HtmlOptions): void {
  if (typeof options !== 'object' || options === null) throw invalidArgument('options', 'an object', options);
  if (options.readability !== undefined && typeof options.readability !== 'boolean') throw invalidArgument('options.readability', 'a boolean', options.readability);
  if (options.url !== undefined && typeof options.url !== 'string') throw invalidArgument('options.url', 'a string', options.url);
  // Checked with the option's other faults, under the caller's name for it (readabilityArticle
  // checks its own positional `url` too, for its direct callers); with or without Readability,
  // which alone reads it: a bad url passed without it only showed up once Readability was asked.
  if (options.url !== undefined && !URL.canParse(options.url)) throw invalidArgument('options.url', 'an absolute URL', options.url);
  if (options.onWarning !== undefined && typeof options.onWarning !== 'function') throw invalidArgument('options.onWarning', 'a function', options.onWarning);
  const v = options.hintVocabulary as Partial<HintVocabulary> | undefined;
  if (v !== undefined && (v === null || typeof v !== 'object' || typeof (v.tokens as { get?: unknown } | undefined)?.get !== 'function' || !Array.isArray(v.skipClassPrefixes) || !Array.isArray(v.socialHosts) || !Array.isArray(v.shareUrlParts))) {
    throw invalidArgument('options.hintVocabulary', 'a hint vocabulary ({ tokens: a map, skipClassPrefixes, socialHosts, shareUrlParts })', v);
  }
}

function extract(html: string, options: HtmlOptions, fn: string): RawLine[] {
  if (typeof html !== 'string') throw invalidArgument('html', 'a string', html);
  checkHtmlOptions(options);
  checkOptionNames(fn, options, HTML_OPTION_NAMES);
  refuseTooManyTags(html);
  const root = parse(html);
  const vocabulary = options.hintVocabulary ?? DEFAULT_HINT_VOCABULARY;
  let frames: PageFrames = { frameset: false, sources: [] };
  let lines = walk(root, vocabulary, frames);
  // A page whose only text is its <noscript> fallback (a script-built page, scraped without
  // running it) would give nothing at all: its fallback is then read as the page.
  if (lines.length === 0) lines = walk(root, vocabulary, (frames = { frameset: false, sources: [] }), true);
  // A frameset page's text is in other pages, its frames': without a word it gave no lines at
  // all, as if the page were empty, and the caller could not tell why. A <frameset> tag alone
  // does not make one: see framesetReplacesBody.
  if (frames.frameset && options.onWarning !== undefined && framesetReplacesBody(html)) options.onWarning(framesetWarning(frames.sources, lines.length));
  if (options.onWarning !== undefined) {
    let chars = 0;
    for (const raw of lines) chars += raw.line.text.trim().length;
    const scripted = scriptedPageWarning(html, root, chars);
    if (scripted !== undefined) options.onWarning(scripted);
  }
  const headlined = headlinedCommentFrames(lines);
  if (headlined.size > 0) dropHeadlinedCommentHints(lines, headlined);
  const core = findCore(lines.map((raw) => ({ text: raw.line.text, node: raw.node, linkDensity: raw.line.dom.linkDensity, inList: raw.line.dom.inList, inComment: raw.line.dom.hints.includes('comment') }))) as Frame | null;
  if (core !== null) {
    const inside = insideOf(core);
    for (const raw of lines) raw.line.dom.inCore = inside(raw.node);
    dropPageLevelHints(lines, core, headlined);
  }
  const cards = markCards(
    lines.map((raw) => ({ node: raw.node, pointer: raw.line.dom.linkDensity >= CARD_POINTER_LINK_DENSITY || raw.line.dom.headingLevel > 0 })),
    core,
  );
  cards.forEach((inCard, i) => {
    if (inCard) lines[i]!.line.dom.inCardList = true;
  });
  if (options.readability) markReadabilityOrNot(html, lines.map((raw) => raw.line), options);
  markTitleHeadings(root, lines);
  return lines;
}

/**
 * Share of the page's `<title>` a heading must cover to be its headline there: the site's name
 * that the title also holds ("| Saltmere News") is a small share of it.
 * @default 0.4
 */
export const TITLE_HEADING_SHARE = 0.4;

/** Lower case, runs of space as one, trimmed: how a heading and the title are compared. */
function titleKey(text: string): string {
  return text.replace(/\s+/g, ' ').trim().toLowerCase();
}

/** Marks the headings (h1-h3) that are most of the page's <title> (DomFeatures.titleHeading). */
function markTitleHeadings(root: DomNode, lines: RawLine[]): void {
  const title = titleKey(pageTitle(root) ?? '');
  if (title.length === 0) return;
  const headings = lines.filter((raw) => raw.line.dom.headingLevel >= 1 && raw.line.dom.headingLevel <= 3);
  let found = false;
  for (const raw of headings) {
    const heading = titleKey(raw.line.text);
    if (heading.length > 0 && heading.length >= TITLE_HEADING_SHARE * title.length && title.includes(heading)) {
      raw.line.dom.titleHeading = true;
      found = true;
    }
  }
  // With one found, the other headings are not the page's headline, an h1 (the site's name) included.
  if (found) for (const raw of headings) raw.line.dom.titleHeading ??= false;
}

/** The text of the page's first <title> (in its <head>, or anywhere a broken page put it). */
function pageTitle(root: DomNode): string | undefined {
  const stack: DomNode[] = [root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node.name === 'title') return (node.children ?? []).map((c) => c.data ?? '').join('');
    // A <title> inside an <svg> names the drawing, not the page.
    if (node.name === 'svg' || node.children === undefined) continue;
    for (let i = node.children.length - 1; i >= 0; i--) stack.push(node.children[i]!);
  }
  return undefined;
}

/**
 * Deepest element nesting of a text line at which Readability is still run. Readability on
 * jsdom slows down steeply with depth: on a page of one paragraph inside N nested `<div>`s it
 * took 1.0 s at N = 200, 2.0 s at 300, 6.5 s at 500 and 37 s at 1,000, and at 5,000 it ran 6 s
 * and then overflowed the stack, which failed the page. The 181 pages of the
 * article-extraction benchmark nest their text 15 deep at the median and 50 at most.
 * @default 256
 */
export const READABILITY_MAX_DEPTH = 256;

/**
 * Readability's verdict on every line, or, when it cannot give one, `false` on every line (as on
 * a page where it finds no article) and a warning: Readability is an extra signal, and a page it
 * cannot read is labelled without it rather than failed. A bad `url` is the caller's mistake
 * and still throws.
 */
function markReadabilityOrNot(html: string, lines: HtmlLine[], options: HtmlOptions): void {
  const withoutIt = (why: string) => {
    for (const line of lines) line.dom.inReadability = false;
    options.onWarning?.(`Readability ${why}; labelled without its signal, as a page where it found no article`);
  };
  const deepest = lines.reduce((m, l) => Math.max(m, l.dom.depth), 0);
  if (deepest > READABILITY_MAX_DEPTH) return withoutIt(`was not run: the page nests its text ${deepest} elements deep (more than ${READABILITY_MAX_DEPTH}, READABILITY_MAX_DEPTH), where it takes minutes or overflows the stack`);
  try {
    markReadability(html, lines, options.url);
  } catch (e) {
    if (e instanceof BoilerstripError) throw e;
    withoutIt(`could not read this page (${(e as Error).message})`);
  }
}

const NO_HINTS: readonly string[] = Object.freeze([]);

/** What the walk saw of a frameset: whether the page has one, and its frames' `src`s. */
interface PageFrames {
  frameset: boolean;
  sources: string[];
}

/**
 * Frame sources a frameset warning names; past this many it says how many more there are.
 * @default 4
 */
export const MAX_FRAMES_NAMED = 4;

type Parse5Module = typeof import('parse5');
const require = createRequire(import.meta.url);
let parse5: Parse5Module | undefined;

/**
 * Whether the page's `<frameset>` takes the place of its body, as it does in a browser. Not every
 * one does: the HTML standard's tree construction ignores a `<frameset>` once the body has begun
 * (an explicit `<body>` tag, text, or an image, a table, ... clears its "frameset-ok" flag), so a
 * page with a stray frameset after its text is an ordinary page, and warning that its text was
 * elsewhere was wrong. htmlparser2 keeps every tag where it stands and has no such flag; parse5
 * builds the tree as the standard says, so it is asked, loaded and run only for the rare page
 * whose walk met a `<frameset>`.
 */
function framesetReplacesBody(html: string): boolean {
  parse5 ??= require('parse5') as Parse5Module;
  const root = parse5.parse(html).childNodes.find((node) => node.nodeName === 'html');
  return root !== undefined && 'childNodes' in root && root.childNodes.some((node) => node.nodeName === 'frameset');
}

/** The warning for a frameset page that gave `lineCount` lines of its own. */
function framesetWarning(sources: readonly string[], lineCount: number): string {
  const named = sources.slice(0, MAX_FRAMES_NAMED).join(', ') + (sources.length > MAX_FRAMES_NAMED ? `, and ${sources.length - MAX_FRAMES_NAMED} more` : '');
  const where = `its text is in the pages of its frames${named === '' ? '' : ` (${named})`}, which are not part of this input`;
  return lineCount === 0
    ? `a frameset page: ${where}, so it gives no lines; clean the frames' pages instead`
    : `a frameset page: ${where}; ${lineCount === 1 ? 'its one line is' : `its ${lineCount} lines are`} only what it holds itself (such as a <noframes> fallback)`;
}

/**
 * Link density at which a line counts as the link of a card (its title or "read more").
 * @default 0.5
 */
export const CARD_POINTER_LINK_DENSITY = 0.5;

/**
 * Flags that an element holding the whole article cannot mean for the lines inside it: ASP.NET
 * pages wrap everything in one `<form>`, old layouts put the story in a table cell, some themes
 * put it in an `<aside>` or a list item. Article and main stay: they are what the core is.
 */
const PAGE_LEVEL_FLAGS = F_LIST | F_TABLE | F_FIGURE | F_FORM | F_NAV | F_HEADER | F_FOOTER | F_ASIDE;

/**
 * Hints kept on the core's chain. Container words (`article`, `content`) describe the core
 * truthfully. `comment` stays because a long comment thread can outweigh a short article and
 * become the core itself; dropping its hint would pass the comments off as the story. (One on an
 * element that holds an `<h1>` is gone before this: headlinedCommentFrames.)
 */
const KEPT_ON_CORE_CHAIN: ReadonlySet<string> = new Set(['article', 'content', 'comment']);

/**
 * Elements with a comment hint of their own that hold a line of an `<h1>`: a thread holds no
 * headline, so such an element is a page or post that has comments (`has-comments`,
 * `comments-open`), not a comment region. Empty, and cheap, on pages with no such element.
 */
function headlinedCommentFrames(lines: readonly RawLine[]): ReadonlySet<Frame> {
  const out = new Set<Frame>();
  for (const raw of lines) {
    if (raw.line.dom.headingLevel !== 1 || !raw.line.dom.hints.includes('comment')) continue;
    for (let f: Frame | null = raw.node; f !== null; f = f.parent) if (f.ownHints.includes('comment')) out.add(f);
  }
  return out;
}

/**
 * Drop the comment hint that only `headlined` elements give: every line inside one of them was
 * a comment to the core finder (which passes over comments) and to the model, and a story
 * wrapped in `<article class="post has-comments">` came out all navigation (found by a QA pass).
 * A line keeps the hint when an element around it that is not in `headlined` gives it too.
 */
function dropHeadlinedCommentHints(lines: readonly RawLine[], headlined: ReadonlySet<Frame>): void {
  // Per element: whether an element from it up gives the hint and is not headlined; memoised,
  // since climbing from every line costs lines x depth on deep markup (see insideOf).
  const realComment = onChainOf<Frame>((f) => f.ownHints.includes('comment') && !headlined.has(f));
  for (const raw of lines) {
    const dom = raw.line.dom;
    if (dom.hints.includes('comment') && !realComment(raw.node)) dom.hints = dom.hints.filter((h) => h !== 'comment');
  }
}

/**
 * A class or landmark on the article core or one of its ancestors describes the page, not a
 * region of it: `<div class="article modal-enabled">` holding the whole story is not a modal,
 * and `<body class="has-sidebar">`-style wrappers are not sidebars. Such hints and flags would
 * otherwise tag every line of the story as boilerplate. They are dropped from every line here,
 * after the core is known; hints of elements below the core, or beside it, are untouched.
 */
function dropPageLevelHints(lines: RawLine[], core: Frame, headlined: ReadonlySet<Frame>): void {
  const chain = new Set<Frame>();
  let affected = false;
  for (let f: Frame | null = core; f !== null; f = f.parent) {
    chain.add(f);
    if ((f.ownFlags & PAGE_LEVEL_FLAGS) !== 0 || f.ownHints.some((h) => !KEPT_ON_CORE_CHAIN.has(h))) affected = true;
  }
  if (!affected) return;
  const resolved = new Map<Frame, { hints: readonly string[]; flags: number }>();
  const resolve = (frame: Frame): { hints: readonly string[]; flags: number } => {
    // Iterative: collect the unresolved frames up to the root, then fill them in top-down.
    const pending: Frame[] = [];
    let f: Frame | null = frame;
    while (f !== null && !resolved.has(f)) {
      pending.push(f);
      f = f.parent;
    }
    let above = f === null ? { hints: NO_HINTS, flags: 0 } : resolved.get(f)!;
    for (let i = pending.length - 1; i >= 0; i--) {
      const p = pending[i]!;
      const onChain = chain.has(p);
      let hints = above.hints;
      for (const h of p.ownHints) {
        if ((onChain && !KEPT_ON_CORE_CHAIN.has(h)) || (h === 'comment' && headlined.has(p)) || hints.includes(h)) continue;
        if (hints === above.hints) hints = hints.slice();
        (hints as string[]).push(h);
      }
      above = { hints, flags: above.flags | (onChain ? p.ownFlags & ~PAGE_LEVEL_FLAGS : p.ownFlags) };
      resolved.set(p, above);
    }
    return above;
  };
  for (const raw of lines) {
    const { hints, flags } = resolve(raw.node);
    const dom = raw.line.dom;
    dom.hints = hints.slice();
    dom.inList = (flags & F_LIST) !== 0;
    dom.inTable = (flags & F_TABLE) !== 0;
    dom.inFigure = (flags & F_FIGURE) !== 0;
    dom.inForm = (flags & F_FORM) !== 0;
    dom.inNav = (flags & F_NAV) !== 0;
    dom.inHeader = (flags & F_HEADER) !== 0;
    dom.inFooter = (flags & F_FOOTER) !== 0;
    dom.inAside = (flags & F_ASIDE) !== 0;
  }
}

/**
 * Elements a page may nest inside one another. htmlparser2 keeps its open elements in an array
 * it grows with `unshift` and shrinks with `shift`, each a copy of the array once it is large: a
 * 1.2 MB page of 100,000 nested `<div>`s took 6.7 s to clean and 300,000 took 75 s (session 28;
 * fb55/htmlparser2 pull request 2481 proposes push/pop). Measured on the parser alone, a page of
 * a million tags under 8,192 open elements parsed in about 1 s, as flat ones do, and under 16,384
 * in 11.5 s. Browsers stop nesting at 512 (Blink's and WebKit's parser depth limit); the 181
 * benchmark pages nest 51 deep at most. Past this the page is refused (ERR_TOO_LARGE) as it is
 * parsed.
 * @default 8192
 */
export const MAX_HTML_DEPTH = 8192;

/** htmlparser2's DOM handler, refusing an element opened deeper than MAX_HTML_DEPTH. */
class DepthBoundHandler extends DomHandler {
  /** The parser feeding this handler, for the position of the element refused. */
  private source: Parser | null = null;

  override onparserinit(parser: Parser): void {
    super.onparserinit(parser);
    this.source = parser;
  }

  override onopentag(name: string, attribs: { [key: string]: string }): void {
    // The stack holds the document itself under the open elements.
    if (this.tagStack.length > MAX_HTML_DEPTH) {
      throw new BoilerstripError('ERR_TOO_LARGE', `the page nests elements more than ${MAX_HTML_DEPTH} deep (MAX_HTML_DEPTH), at character ${this.source?.startIndex ?? '?'} (<${name}>): the parser slows to minutes on such nesting, and browsers stop at 512; convert it to text, one block per line, and clean that`);
    }
    super.onopentag(name, attribs);
  }
}

/**
 * htmlparser2 rather than parse5: about five times faster on real pages, which matters on this
 * hot path. It is lenient rather than spec-exact on broken markup, which is fine for dumping
 * text. The options are those cheerio passes it for `{ xml: { xmlMode: false, decodeEntities: true } }`.
 */
function parse(html: string): DomNode {
  const handler = new DepthBoundHandler(undefined, { xmlMode: false });
  new Parser(handler, { xmlMode: false, decodeEntities: true }).end(html);
  return handler.root as unknown as DomNode;
}

/**
 * Lines an HTML page may give. A page is labelled whole, with every line's DOM facts held at
 * once (about 1.3 KB a line): a 48 MB page of `<br>`-separated lines ran V8 out of heap, a crash
 * with no message (QA pass 5), while the 181 benchmark pages give 518 lines at most. Past this
 * the page is refused (ERR_TOO_LARGE) as it is read, before the rest of it is held.
 * @default 250000
 */
export const MAX_HTML_LINES = 250_000;

/**
 * `<` characters an HTML page may hold (an upper bound on its tags) before it is parsed. The
 * parsed tree costs a few hundred bytes an element: a 48 MB page of `a<br>` (9.6 million
 * elements) ran V8 out of heap while parsing, before MAX_HTML_LINES could say anything (QA pass
 * 5). The 181 benchmark pages hold 3,229 at most.
 * @default 1000000
 */
export const MAX_HTML_TAGS = 1_000_000;

/** Refuse a page with more than MAX_HTML_TAGS `<`: counted natively, before the parse. */
function refuseTooManyTags(html: string): void {
  let n = 0;
  for (let i = html.indexOf('<'); i >= 0; i = html.indexOf('<', i + 1)) {
    if (++n > MAX_HTML_TAGS) {
      throw new BoilerstripError('ERR_TOO_LARGE', `the page holds more than ${MAX_HTML_TAGS} tags (MAX_HTML_TAGS), more than an HTML page is parsed with: the whole tree is held at once; convert it to text, one block per line, and clean that, which streams`);
    }
  }
}

/** A `<template>` that is a declarative shadow root (`shadowrootmode`, or Chrome's first `shadowroot`): a browser renders its content. */
function isShadowRoot(attribs: Readonly<Record<string, string | undefined>>): boolean {
  return attribs.shadowrootmode !== undefined || attribs.shadowroot !== undefined;
}

/**
 * React 18's streamed server rendering sends a Suspense boundary's content late, in `<div hidden
 * id="S:0">`, and a script moves it over the fallback: the content is the page's (QA pass 11: a
 * Next.js page came out as "Loading…", its story skipped as hidden).
 */
const STREAMED_SEGMENT_ID = /^S:[0-9a-z]+$/i;

function isStreamedSegment(attribs: Readonly<Record<string, string | undefined>>): boolean {
  return attribs.id !== undefined && STREAMED_SEGMENT_ID.test(attribs.id);
}

/** Tags that make an element the page's story rather than an icon or a carousel's copy. */
const STORY_TAGS: ReadonlySet<string> = new Set(['h1', 'article', 'main']);

/**
 * Whether an element holds the page's story (an `<h1>`, `<article>` or `<main>`): `aria-hidden` on
 * such an element is a modal's doing (react-modal, MUI set it on the app root while a dialog is
 * open, which is when a browser saved the page), not a hidden region (QA pass 11: the story was
 * dropped and the cookie dialog kept). Searched only under elements with `aria-hidden`, once each.
 */
function holdsStory(el: DomNode): boolean {
  const stack: DomNode[] = [...(el.children ?? [])];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node.name !== undefined && STORY_TAGS.has(node.name)) return true;
    if (node.children !== undefined) for (const child of node.children) stack.push(child);
  }
  return false;
}

/** One or two letters, alone. */
const DROP_CAP_TEXT = /^\s*\p{L}{1,2}\s*$/u;
/** Text that carries on a word: a lower-case letter first. */
const WORD_GOES_ON = /^\p{Ll}/u;

/**
 * A drop cap hidden from screen readers: one or two letters in an element of their own, the
 * rest of their word straight after it (`<span aria-hidden="true">T</span>he union says`). It is
 * shown, and dropped with the rest of `aria-hidden` the paragraph lost its first letter (QA pass
 * 16). One with a copy for screen readers after it (`<span class="sr-only">T</span>he`) is not
 * followed by the word, so it is dropped and the copy read.
 */
function isDropCap(el: DomNode): boolean {
  const only = el.children?.length === 1 ? el.children[0]! : undefined;
  if (only?.type !== 'text' || !DROP_CAP_TEXT.test(only.data ?? '')) return false;
  const next = el.next;
  return next?.type === 'text' && WORD_GOES_ON.test(next.data ?? '');
}

function walk(root: DomNode, vocabulary: HintVocabulary, frames: PageFrames, keepNoscript = false): RawLine[] {
  const out: RawLine[] = [];
  /** Per-call cache: pages repeat the same class strings many times. */
  const hintCache = new Map<string, string[]>();

  const rootFrame: Frame = {
    tag: ROOT_TAG, kind: KIND_BLOCK, parent: null, block: null as unknown as Frame, row: null,
    hints: [], ownHints: [], flags: 0, ownFlags: 0, heading: 0, depth: 0, inLink: false, link: LINK_OTHER, inPre: false, inSvg: false, ancestors: [], cls: undefined,
  };
  rootFrame.block = rootFrame;
  let top = rootFrame;

  // The line being built.
  let text = '';
  let linkChars = 0;
  /** Link kinds seen in the line being built, as a bit set of 1 << LinkKind. */
  let linkKinds = 0;
  let pendingSpace = false;
  let owner: Frame = rootFrame;
  /** Block or cell frame of the last text appended, to spot cell changes. */
  let lastBlock: Frame | null = null;
  let group = 0;
  let groupPending = false;
  /** The line being built holds `<pre>` text, whose spaces are kept: only its end is trimmed. */
  let preLine = false;

  function flush(): void {
    if (preLine) {
      text = text.trimEnd();
      preLine = false;
      // Link characters past the end are gone with it.
      if (linkChars > text.length) linkChars = text.length;
    }
    if (text.length > 0) {
      if (groupPending) {
        group++;
        groupPending = false;
      }
      if (out.length === MAX_HTML_LINES) {
        throw new BoilerstripError('ERR_TOO_LARGE', `the page gives more than ${MAX_HTML_LINES} lines (MAX_HTML_LINES), more than an HTML page is labelled with: its lines are held at once with their DOM facts; convert it to text, one block per line, and clean that, which streams`);
      }
      const dom = features(owner, text.length, linkChars);
      if ((linkKinds & (1 << LINK_SHARE)) !== 0) dom.shareLink = true;
      if ((linkKinds & (1 << LINK_SOCIAL)) !== 0) dom.socialLink = true;
      out.push({ line: { text, dom }, group, node: owner });
    }
    text = '';
    linkChars = 0;
    linkKinds = 0;
    pendingSpace = false;
    lastBlock = null;
  }

  /** Ends the line and marks that the next one starts a new block group. */
  function blockBoundary(): void {
    flush();
    groupPending = true;
  }

  function appendPiece(s: string): void {
    // s is already whitespace-collapsed: at most one space at either end.
    if (s.length === 0) return;
    let start = 0;
    let end = s.length;
    if (s.charCodeAt(0) === 32) {
      pendingSpace = true;
      start = 1;
    }
    const trailing = end > start && s.charCodeAt(end - 1) === 32;
    if (trailing) end--;
    if (end <= start) return;
    const core = start === 0 && end === s.length ? s : s.slice(start, end);
    const block = top.block;
    let added: string;
    if (text.length !== 0 && block !== lastBlock && lastBlock !== null && (block.row ?? lastBlock.row)?.broken === true) {
      // A row whose cells are broken into lines by <br> is a layout row (a menu column beside the
      // story column), not a record: joining a cell's last line to the next cell's first glued the
      // menu's last link to the headline and an ad column's label to the story's last paragraph.
      flush();
    }
    if (text.length === 0) {
      owner = block;
      added = core;
    } else {
      let sep = pendingSpace ? ' ' : '';
      if (block !== lastBlock && lastBlock !== null) {
        // Only cells change without a flush: a new cell in the same row.
        sep = CELL_SEPARATOR;
        owner = block.row ?? lastBlock.row ?? block;
      }
      added = sep + core;
    }
    text += added;
    if (top.inLink) linkChars += added.length;
    if (top.link !== LINK_OTHER) linkKinds |= 1 << top.link;
    pendingSpace = trailing;
    lastBlock = block;
  }

  function appendText(raw: string): void {
    if (top.inSvg) return;
    let s = raw;
    if (HAS_INVISIBLE.test(s)) s = s.replace(INVISIBLE, '');
    if (top.inPre) {
      const parts = s.split(NEWLINE);
      for (let i = 0; i < parts.length; i++) {
        if (i > 0) preBreak();
        appendPre(parts[i]!);
      }
      return;
    }
    appendPiece(s.replace(WHITESPACE, ' '));
  }

  /** A line break inside a table cell: its row is a layout row from now on (see appendPiece). */
  function markRowBroken(): void {
    const row = top.block.row;
    if (row !== null) row.broken = true;
  }

  /** A newline inside `<pre>`: ends the line; a blank one starts a new block group instead. */
  function preBreak(): void {
    markRowBroken();
    if (text.trim().length > 0) {
      flush();
      return;
    }
    text = '';
    linkChars = 0;
    linkKinds = 0;
    preLine = false;
    lastBlock = null;
    groupPending = true;
  }

  /** Text of one line of `<pre>`, whitespace kept (tabs expanded from the line's current column). */
  function appendPre(raw: string): void {
    let s = raw.replace(PRE_OTHER_BLANKS, ' ');
    if (s.includes('\t')) {
      let col = text.length;
      let out = '';
      for (const ch of s) {
        if (ch === '\t') {
          const n = PRE_TAB_WIDTH - (col % PRE_TAB_WIDTH);
          out += ' '.repeat(n);
          col += n;
        } else {
          out += ch;
          col += ch.length;
        }
      }
      s = out;
    }
    if (s.length === 0) return;
    if (text.length === 0) owner = top.block;
    text += s;
    if (top.inLink) linkChars += s.length;
    if (top.link !== LINK_OTHER) linkKinds |= 1 << top.link;
    pendingSpace = false;
    lastBlock = top.block;
    preLine = true;
  }

  function features(frame: Frame, length: number, links: number): DomFeatures {
    const f = frame.flags;
    return {
      tag: frame.tag,
      ancestors: ancestorsOf(frame).slice(),
      hints: frame.hints.slice(),
      linkDensity: length > 0 ? Math.min(1, links / length) : 0,
      inList: (f & F_LIST) !== 0,
      headingLevel: frame.heading,
      inTable: (f & F_TABLE) !== 0,
      inFigure: (f & F_FIGURE) !== 0,
      inForm: (f & F_FORM) !== 0,
      inNav: (f & F_NAV) !== 0,
      inHeader: (f & F_HEADER) !== 0,
      inFooter: (f & F_FOOTER) !== 0,
      inAside: (f & F_ASIDE) !== 0,
      inArticle: (f & F_ARTICLE) !== 0,
      inMain: (f & F_MAIN) !== 0,
      depth: frame.depth,
    };
  }

  function hintsOf(value: string, isClass: boolean): string[] {
    // Class and other attributes are matched differently; keep their cache
    // entries apart (a space cannot start a class list after trimming).
    const key = isClass ? value : ' ' + value;
    let hints = hintCache.get(key);
    if (hints === undefined) {
      hints = isClass ? matchClassHints(value, vocabulary) : matchHints(value, vocabulary);
      hintCache.set(key, hints);
    }
    return hints;
  }

  /** Opens an element: decides whether to descend and pushes its frame. */
  function enter(el: DomNode): boolean {
    const tag = el.name ?? '';
    const attribs = el.attribs ?? {};
    // A declarative shadow root (<template shadowrootmode="open">) is rendered in place; other templates are not.
    if (DROPPED_TAGS.has(tag) && !(keepNoscript && tag === 'noscript') && !(tag === 'template' && isShadowRoot(attribs))) return false;
    if (tag === 'frameset') frames.frameset = true;
    else if (tag === 'frame' && attribs.src !== undefined && attribs.src.trim() !== '') frames.sources.push(attribs.src.trim());
    // `hidden="until-found"` is collapsed text that find-in-page and a fragment link reveal: readable.
    if (attribs.hidden !== undefined && attribs.hidden !== 'until-found' && !isStreamedSegment(attribs)) return false;
    if (attribs['aria-hidden'] === 'true' && !holdsStory(el) && !isDropCap(el)) return false;
    // What an AMP component shows when it fails to load (`<amp-ad><div fallback>Ad failed to
    // load</div>`): never the page's content, and read as a line between the story's paragraphs
    // it was kept as body (QA pass 16). Its `placeholder`, shown while it loads, stays.
    if (attribs.fallback !== undefined && top.tag.startsWith('amp-')) return false;
    // A <dialog> without `open` is not rendered until a script opens it (a cookie banner, a
    // newsletter modal): hidden content, as `hidden` is.
    if (tag === 'dialog' && attribs.open === undefined) return false;
    const style = attribs.style;
    if (style !== undefined && HIDDEN_STYLE.test(style)) return false;
    const inSvg = top.inSvg;
    if ((inSvg || tag === SVG_TAG) && (SVG_UNRENDERED.has(tag) || svgHides(attribs))) return false;
    if (tag === 'br' && !inSvg) {
      markRowBroken();
      // A <br> on an empty line is the second of a pair: a paragraph break.
      if (text.length === 0) groupPending = true;
      flush();
      return false;
    }

    // Inside a drawing no element breaks a line, but a foreignObject's HTML is a block of its own.
    let kind = inSvg ? (tag === FOREIGN_OBJECT_TAG ? KIND_BLOCK : KIND_INLINE) : BLOCK_TAGS.has(tag) ? KIND_BLOCK : KIND_INLINE;
    if ((tag === 'td' || tag === 'th') && top.block.tag === 'tr' && !inSvg) kind = KIND_CELL;
    if (kind === KIND_BLOCK) {
      // A block inside a cell makes its row a layout row too: the inline text after the block
      // ("Contact" after a menu <div>) must not be joined to the next cell's first line.
      markRowBroken();
      blockBoundary();
    }
    // Childless elements cannot contribute text; a block one has already
    // broken the line, which is all it does (an empty div between two runs).
    if (el.children === undefined || el.children.length === 0) return false;

    const parent = top;
    let hints = parent.hints;
    let ownHints: string[] | undefined;
    let ownFlags = TAG_FLAGS.get(tag) ?? 0;
    // <html> and <body> attributes describe the page (WordPress: "single-post
    // postid-42"), not a region of it; they would tag every line alike.
    const addHints = (value: string, isClass: boolean): void => {
      for (const hint of hintsOf(value, isClass)) {
        ownHints ??= [];
        if (!ownHints.includes(hint)) ownHints.push(hint);
        if (hints.includes(hint)) continue;
        if (hints === parent.hints) hints = hints.slice();
        (hints as string[]).push(hint);
      }
    };
    for (const name of tag === 'html' || tag === 'body' ? [] : HINT_ATTRIBUTES) {
      const value = attribs[name];
      if (value === undefined || value.length === 0) continue;
      addHints(value.trim(), name === 'class');
    }
    // A custom element's name (it holds a hyphen) is its author's word for it, as a class is:
    // `<amp-ad>`, `<my-paywall>`, `<amp-social-share>` (QA pass 11: AMP's ad fallback text was body).
    if (tag.includes('-')) addHints(tag, true);
    const role = attribs.role;
    if (role !== undefined) {
      // role may list fallbacks: "navigation menu".
      for (const r of role.toLowerCase().split(WHITESPACE)) ownFlags |= ROLE_FLAGS.get(r) ?? 0;
    }
    const flags = parent.flags | ownFlags;
    const frame: Frame = {
      tag,
      kind,
      parent,
      block: null as unknown as Frame,
      row: kind === KIND_CELL ? parent.block : null,
      hints,
      ownHints: ownHints ?? NO_HINTS,
      flags,
      ownFlags,
      heading: HEADING_LEVEL.get(tag) ?? parent.heading,
      depth: parent.depth + 1,
      inLink: parent.inLink || tag === 'a',
      link: tag === 'a' && attribs.href !== undefined ? linkKind(attribs.href, vocabulary) : parent.link,
      inPre: parent.inPre || tag === 'pre' || tag === 'listing' || tag === 'xmp' || tag === 'plaintext',
      inSvg: tag === SVG_TAG || (inSvg && tag !== FOREIGN_OBJECT_TAG),
      ancestors: null,
      cls: attribs.class,
    };
    frame.block = kind === KIND_INLINE ? parent.block : frame;
    top = frame;
    return true;
  }

  /** Closes an element that {@link enter} opened. */
  function exit(): void {
    if (top.kind === KIND_BLOCK) blockBoundary();
    top = top.parent ?? rootFrame;
  }

  // Iterative pre-order walk over the parent/next links domhandler keeps.
  let node: DomNode | null = root.children?.[0] ?? null;
  while (node !== null) {
    let descend = false;
    if (node.type === 'text') {
      appendText(node.data ?? '');
    } else if (node.type === 'tag' || node.type === 'script' || node.type === 'style') {
      descend = enter(node);
    }
    // Comments, doctype, processing instructions and CDATA carry no text.
    if (descend) {
      node = node.children![0]!;
      continue;
    }
    // Climb until a sibling is found, closing each element left behind.
    while (node !== null && node.next === null) {
      node = node.parent;
      if (node === null || node === root) {
        node = null;
        break;
      }
      exit();
    }
    if (node !== null) node = node.next;
  }
  flush();
  return out;
}

/** Ancestor tags of a frame, nearest first, cached on the frame. */
function ancestorsOf(frame: Frame): string[] {
  if (frame.ancestors === null) {
    const list: string[] = [];
    for (let p = frame.parent; p !== null && p.parent !== null && list.length < MAX_ANCESTORS; p = p.parent) {
      list.push(p.tag);
    }
    frame.ancestors = list;
  }
  return frame.ancestors;
}
