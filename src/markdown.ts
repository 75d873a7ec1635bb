/**
 * Markdown lines: what a reader sees on each line, and what its syntax says about the block.
 *
 * Scrapers that feed language models and search write pages as Markdown (Firecrawl, Jina
 * Reader, crawl4ai, html2text, turndown): menus become lists of links, the headline an ATX
 * heading, images `![alt](src)`. Read as plain text, the syntax hides the line from the features
 * (`# Headline` does not read as a headline, `*   [Tech](https://…)` as a one-word label), and the
 * strongest signal the dump kept, which words are links, goes unused. Boilerpipe's text-density
 * and link-density features (Kohlschütter et al., "Boilerplate Detection using Shallow Text
 * Features", WSDM 2010) are the classic case for it.
 *
 * So each line becomes an InputLine whose text is the visible text (link and emphasis syntax
 * taken out, images dropped, backslash escapes undone) with the DOM facts the syntax gives:
 * heading level, list item, table row, code block, image, the share of its text inside links,
 * and whether a link points to a share action or a social profile (`data/hints.json`). The
 * labeller's output carries the line as it came (`labelMarkdown` puts it back).
 *
 * The reader works a line at a time; the state it carries is an open code fence and the kind of
 * the line before, so it streams. A setext heading (turndown's default style: the title, then a
 * line of `=` or `-`) is known only at its underline, a line later: `read` takes the next line
 * when the caller has it (the Labeller holds each Markdown line until the next comes), and the
 * underline takes the title's label ({@link MarkdownReader.continues}). Read as a paragraph, the
 * title cost 0.007 body F1 on the golden tuning pages' setext dumps against ATX; read as a heading,
 * nothing. Raw HTML inside a line (CommonMark 6.6: crawlers leave tables, `<br>` and anchors they
 * could not convert) reads as the page shows it: tags gone, an anchor's text as link text,
 * character references decoded (CommonMark 6.2). Not read: reference-link definitions' targets,
 * and a comment or tag that spans lines, whose lines stay text.
 */
import type { DomFeatures, InputLine } from './types.js';
import { decodeHTML } from 'entities';
import { LINK_OTHER, LINK_SHARE, LINK_SOCIAL, linkKind } from './html/hints.js';

/** A setext heading's underline (CommonMark 4.3): under a paragraph line, it makes that line a heading. */
const SETEXT_UNDERLINE = /^ {0,3}(?:=+|-+)[ \t]*\r?$/;

/** The heading level a setext underline gives the paragraph line above it: 1 for `=`, 2 for `-`, 0 if `line` is none. */
export function setextLevel(line: string): number {
  if (!SETEXT_UNDERLINE.test(line)) return 0;
  return line.trimStart()[0] === '=' ? 1 : 2;
}
/** A thematic break: three or more of one of `-`, `*`, `_`, spaces allowed between. */
const THEMATIC_BREAK = /^ {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$/;
/** An ATX heading's opening hashes (CommonMark: 1-6, then a space or the end). */
const ATX_HEADING = /^ {0,3}(#{1,6})(?:[ \t]+|$)/;
/** A list item's marker: a bullet or an ordinal, then a space; any indentation (nested lists). */
const LIST_MARKER = /^[ \t]*(?:[*+-]|\d{1,9}[.)])[ \t]+(?:\[[ xX]\][ \t]+)?/;
/** Block-quote markers, nested or not. */
const QUOTE_MARKERS = /^(?: {0,3}>[ \t]?)+/;
/** A code fence: three or more backticks or tildes. */
const FENCE = /^ {0,3}(`{3,}|~{3,})/;
/** A closing fence, at any indentation. */
const CLOSING_FENCE = /^[ \t]*(`{3,}|~{3,})/;
/**
 * An HTML block a reader never sees (CommonMark 4.6, types 1 and 2): a comment, a script or a
 * style sheet, which a converter leaves in (an ad tag's `<!-- googletag.display(...) -->`, a
 * tracking script). Left open on its line, its lines up to the end marker are the block.
 */
const HIDDEN_HTML_OPEN = /^ {0,3}<(!--|script|style)(?=[\s>]|$|(?<=!--))/i;
/** A table's delimiter row: `| --- | :-: |`. */
const TABLE_DELIMITER = /^ {0,3}\|?(?:[ \t]*:?-+:?[ \t]*\|)+(?:[ \t]*:?-+:?[ \t]*)?$/;
/** A table row: a line that starts and ends with a pipe. */
const TABLE_ROW = /^ {0,3}\|.*\|[ \t]*$/;
/** A pipe between table cells (not an escaped one). */
const CELL_PIPE = /(?<!\\)\|/g;
/** The same, to test a line for one (no `g` flag: no lastIndex to reset). */
const CELL_PIPE_ONE = /(?<!\\)\|/;
/**
 * Lines after the one that opens a link whose text runs on (a Firecrawl card: image, title, read
 * time) that continue it: past them a bracket left open is taken for a stray one.
 * @default 8
 */
export const MARKDOWN_LINK_MAX_LINES = 8;

/** A reference-link definition: `[label]: https://…`; not a footnote's (`[^1]: text`), which is text (QA pass 9). */
const LINK_DEFINITION = /^ {0,3}\[(?!\^)[^\]]+\]:[ \t]*\S/;

/**
 * A heading's text without its closing sequence: spaces or tabs, hashes, then spaces or tabs to
 * the end (`# Title ##`); hashes with no space before them are text (`# Learn C#`). Read back from
 * the end once: the pattern /[ \t]+#+[ \t]*$/ was tried from every space and read each run of
 * spaces to its end, quadratic (a heading holding 1 MB of spaces took minutes).
 */
function withoutClosingHashes(s: string): string {
  const blank = (at: number) => s[at] === ' ' || s[at] === '\t';
  let end = s.length;
  while (end > 0 && blank(end - 1)) end--;
  let hashes = end;
  while (hashes > 0 && s[hashes - 1] === '#') hashes--;
  if (hashes === end || hashes === 0 || !blank(hashes - 1)) return s;
  let start = hashes;
  while (start > 0 && blank(start - 1)) start--;
  return s.slice(0, start);
}

/** Markdown's facts about a line that has no DOM: a flat page, no classes, no landmarks. */
function domFacts(tag: string): DomFeatures {
  return {
    tag,
    ancestors: [],
    hints: [],
    linkDensity: 0,
    inList: false,
    headingLevel: 0,
    inTable: false,
    inFigure: false,
    inForm: false,
    inNav: false,
    inHeader: false,
    inFooter: false,
    inAside: false,
    inArticle: false,
    inMain: false,
    depth: 1,
  };
}

/** What the inline reading found: the visible text and how much of it is inside links. */
export interface Inline {
  text: string;
  /** Characters of link text, whitespace not counted. */
  linkChars: number;
  images: number;
  /** Bit set of the link kinds among the line's targets (1 << LINK_SHARE, 1 << LINK_SOCIAL). */
  linkKinds: number;
}

/**
 * Characters a backslash escape or a code span protects from being read as syntax. They are
 * swapped for private-use stand-ins (PROTECT_BASE + the character's code) while the syntax is
 * read, and back at the end. A line that holds such stand-ins already keeps its escapes as text.
 */
const PROTECT_BASE = 0xe000;
const STAND_INS = /[\ue000-\ue07f]/;
const STAND_IN_ALL = /[\ue000-\ue07f]/g;
const SYNTAX_CHARS = /[[\]()*_~<>!`\\&]/g;
const ESCAPE = /\\([!-/:-@[-`{-~])/g;
/** An image: `![alt](src "title")`; the target may hold one level of balanced parentheses. */
const IMAGE = /!\[[^\][]*\]\((?:[^()\s]|\([^()\s]*\))*(?:\s+(?:"[^"]*"|'[^']*'))?\s*\)/g;
/**
 * A link's text: anything but brackets, or a pair of brackets with none inside (CommonMark allows
 * balanced brackets in link text: `[the [new] bridge](…)`, a footnote mark in a link). The two
 * alternatives start with different characters, so the pattern cannot backtrack between them.
 */
const LINK_TEXT = String.raw`((?:[^\][]|\[[^\][]*\])*)`;
/** An inline link: `[text](href "title")`, or `[text](<href>)`. */
const LINK = new RegExp(String.raw`\[${LINK_TEXT}\]\((?:<([^<>]*)>|((?:[^()\s]|\([^()\s]*\))*))(?:\s+(?:"[^"]*"|'[^']*'))?\s*\)`, 'g');
/** A reference link, full or collapsed: `[text][ref]`, `[text][]`. */
const REFERENCE_LINK = new RegExp(String.raw`\[(?=[^\]])${LINK_TEXT}\]\[[^\][]*\]`, 'g');
/** An autolink: `<https://…>`, `<mailto:…>`. */
const AUTOLINK = /<((?:https?:\/\/|mailto:)[^\s<>]*)>/gi;
/** Emphasis delimiters: runs of `*` or `_`, and `~~` (strikethrough). */
const EMPHASIS = /\*+|_+|~~+/g;
const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;
const NOT_SPACE = /\S/g;
const WHITESPACE = /\s+/g;
/**
 * A raw HTML anchor with a target (CommonMark 6.6 raw HTML): its text may hold other tags
 * (`<b>`), not another anchor. Each part is a negated class or alternatives that start with
 * different characters, and none reaches past the next `<a`, so a line is read in linear time.
 */
const RAW_ANCHOR = /<a\s[^<>]*?\bhref\s*=\s*(?:"([^"<>]*)"|'([^'<>]*)'|([^\s"'<>]+))[^<>]*>((?:[^<]|<(?!\/?a[\s>])[^<>]*>)*)<\/a\s*>/gi;
/** A raw HTML open or closing tag (CommonMark 6.6): a letter after `<`, then attributes. */
const RAW_TAG = /<(\/?)([A-Za-z][A-Za-z0-9-]*)(?:\s[^<>]*)?\/?>/g;
/**
 * The elements of HTML (the WHATWG living standard's list, with the obsolete `center`, `font`
 * and `tt` that old pages still carry). Only their tags are read as raw HTML: a title in angle
 * brackets, as Korean and Japanese text quote a work (`<The Palace: Tale of Jang Noksu>`), has
 * the shape of a tag with attributes, and CommonMark would hide it, but a dump of a page means it
 * as text (the golden pages' turndown dumps hold ten such lines; read as tags, they lost titles).
 */
const HTML_ELEMENTS = new Set(
  ('a abbr address area article aside audio b base bdi bdo blockquote body br button canvas caption center cite code col colgroup ' +
    'data datalist dd del details dfn dialog div dl dt em embed fieldset figcaption figure font footer form h1 h2 h3 h4 h5 h6 head ' +
    'header hgroup hr html i iframe img input ins kbd label legend li link main map mark menu meta meter nav noscript object ol ' +
    'optgroup option output p picture pre progress q rp rt ruby s samp script search section select slot small source span strong ' +
    'style sub summary sup svg table tbody td template textarea tfoot th thead time title tr track tt u ul var video wbr').split(' '),
);
/** Tags that sit inside a run of text: gone without a trace (`<b>new</b>s`); the rest part words. */
const INLINE_TAGS = new Set(['a', 'abbr', 'b', 'bdi', 'bdo', 'cite', 'code', 'data', 'del', 'dfn', 'em', 'i', 'ins', 'kbd', 'mark', 'q', 's', 'samp', 'small', 'span', 'strong', 'sub', 'sup', 'time', 'u', 'var']);
/** A character reference (CommonMark 6.2): named, decimal or hexadecimal. */
const CHARACTER_REFERENCE = /&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});/g;
/** A character without which a line holds no inline syntax: links and images start with `[`. */
const INLINE_SYNTAX = /[[*_~`\\<&]/;

/** `s` without its HTML comments that open and close on it; an unclosed one stays text. One scan. */
function withoutComments(s: string): string {
  let at = s.indexOf('<!--');
  if (at === -1) return s;
  let out = '';
  let from = 0;
  while (at !== -1) {
    const end = s.indexOf('-->', at + 4);
    if (end === -1) break;
    out += s.slice(from, at) + ' ';
    from = end + 3;
    at = s.indexOf('<!--', from);
  }
  return out + s.slice(from);
}

function protect(text: string): string {
  return text.replace(SYNTAX_CHARS, (c) => String.fromCharCode(PROTECT_BASE + c.charCodeAt(0)));
}

/**
 * Code spans (CommonMark 6.1): a run of backticks opens one and the next run of the same length
 * closes it; a run with no such closer is text. Each span's content is protected from being read
 * as syntax. The runs are found once and each is paired with the next of its length from a table
 * built right to left, so a line is read in linear time: a regular expression that searched for
 * each opener's closer read to the line's end from every backtick of a run left unclosed
 * (quadratic and worse), and started a span inside a longer run (`` ``` then `x` `` lost its spaces).
 */
function protectCodeSpans(s: string): string {
  let i = s.indexOf('`');
  if (i === -1) return s;
  const starts: number[] = [];
  const lengths: number[] = [];
  while (i !== -1) {
    let j = i + 1;
    while (s.charCodeAt(j) === 0x60) j++;
    starts.push(i);
    lengths.push(j - i);
    i = s.indexOf('`', j);
  }
  const next = new Int32Array(starts.length);
  const later = new Map<number, number>();
  for (let r = starts.length - 1; r >= 0; r--) {
    next[r] = later.get(lengths[r]!) ?? -1;
    later.set(lengths[r]!, r);
  }
  let out = '';
  let at = 0;
  for (let r = 0; r < starts.length; r++) {
    const close = next[r]!;
    if (close === -1) continue;
    const length = lengths[r]!;
    out += s.slice(at, starts[r]) + protect(s.slice(starts[r]! + length, starts[close]).trim());
    at = starts[close]! + length;
    r = close;
  }
  return at === 0 ? s : out + s.slice(at);
}

function visibleChars(text: string): number {
  return text.match(NOT_SPACE)?.length ?? 0;
}

/**
 * The visible text of a line's inline Markdown. Links keep their text (and count it as link
 * text), images are dropped (their alt text is not shown on the page), code spans keep their
 * content, emphasis markers go, and a backslash escape is its character. Each step is one
 * pass: a scan (code spans), or a regular expression whose pattern cannot backtrack far (negated
 * classes, alternatives that start with different characters), so a line of any length is read
 * in linear time. A link's text may hold one pair of brackets (`[see [1]](…)`), not pairs inside pairs.
 */
export function readInline(line: string): Inline {
  // Most prose lines hold no inline syntax at all: one scan says so.
  if (!INLINE_SYNTAX.test(line)) return { text: line.replace(WHITESPACE, ' ').trim(), linkChars: 0, images: 0, linkKinds: 0 };
  let s = line;
  const guarded = !STAND_INS.test(s);
  if (guarded) {
    s = s.replace(ESCAPE, (_, c: string) => String.fromCharCode(PROTECT_BASE + c.charCodeAt(0)));
    s = protectCodeSpans(s);
  }
  let images = 0;
  s = s.replace(IMAGE, () => {
    images += 1;
    return ' ';
  });
  let linkChars = 0;
  let linkKinds = 0;
  const addLink = (text: string, href: string | undefined): string => {
    linkChars += visibleChars(text.replace(EMPHASIS, ''));
    if (href !== undefined && href !== '') {
      const kind = linkKind(href);
      if (kind !== LINK_OTHER) linkKinds |= 1 << kind;
    }
    return text;
  };
  s = s.replace(LINK, (_, text: string, angled: string | undefined, plain: string | undefined) => addLink(text, angled ?? plain));
  s = s.replace(REFERENCE_LINK, (_, text: string) => addLink(text, undefined));
  s = s.replace(AUTOLINK, (_, href: string) => addLink(href, href));
  if (s.includes('<')) {
    s = withoutComments(s);
    s = s.replace(RAW_ANCHOR, (_, dq: string | undefined, sq: string | undefined, bare: string | undefined, text: string) =>
      addLink(text.replace(RAW_TAG, tagGap), dq ?? sq ?? bare),
    );
    s = s.replace(RAW_TAG, tagGap);
  }
  s = s.replace(EMPHASIS, (run: string, at: number, all: string) => (isEmphasis(run, all[at - 1], all[at + run.length]) ? '' : run));
  // After the tags: a reference to `<` is text, never a tag.
  if (s.includes('&')) s = s.replace(CHARACTER_REFERENCE, (ref) => decodeHTML(ref));
  if (guarded) s = s.replace(STAND_IN_ALL, (c) => String.fromCharCode(c.charCodeAt(0) - PROTECT_BASE));
  return { text: s.replace(WHITESPACE, ' ').trim(), linkChars, images, linkKinds };
}

/** What a raw HTML tag leaves in the text: nothing for an inline tag, a space for one that parts blocks or lines, itself for no element's tag. */
function tagGap(tag: string, _slash: string, name: string): string {
  const element = name.toLowerCase();
  if (!HTML_ELEMENTS.has(element)) return tag;
  return INLINE_TAGS.has(element) ? '' : ' ';
}

/**
 * Whether a run of `*`, `_` or `~` opens or closes emphasis (CommonMark's flanking rule,
 * simplified): not with a space on both sides ("2 * 3"), and for `_` not inside a word
 * (`snake_case`), where CommonMark reads it as text too.
 */
function isEmphasis(run: string, before: string | undefined, after: string | undefined): boolean {
  const spaceBefore = before === undefined || /\s/.test(before);
  const spaceAfter = after === undefined || /\s/.test(after);
  if (spaceBefore && spaceAfter) return false;
  if (run[0] === '_' && before !== undefined && after !== undefined && LETTER_OR_DIGIT.test(before) && LETTER_OR_DIGIT.test(after)) return false;
  return true;
}

/** What a line is as a block: its tag and heading level, and its inline reading (none for a line of syntax alone). */
interface Block {
  tag: string;
  headingLevel: number;
  inline?: Inline;
  definition?: boolean;
}

/**
 * Reads a Markdown document line by line. Keep one per document: an open code fence and the kind
 * of the line before are carried from a line to the next.
 */
export class MarkdownReader {
  /** The open fence's marker (```` ``` ```` or `~~~`, its length), or undefined outside a code block. */
  private fence: string | undefined;
  /**
   * Of an open HTML block (HIDDEN_HTML_OPEN) read as a fence: what closes it, lower case (`-->`,
   * `</script>`, `</style>`); undefined for a code fence.
   */
  private htmlEnd: string | undefined;
  /** The line read last belongs to such an HTML block, its opening and closing lines included. */
  private hiddenLine = false;
  /** The tag of the line read last ('def' for a link definition), undefined after a blank line. */
  private previous: string | undefined;
  private continuing = false;
  /**
   * A list item has been read and no paragraph, heading or table at the margin since: a fence
   * indented four spaces or more is then the item's code (converters indent it so), not text.
   */
  private inListItem = false;
  /** A table's delimiter row has been read, and every line since holds a cell pipe: a row without outer pipes is the table's. */
  private inTable = false;
  /** The line read last holds a cell pipe: it may be the header of a table without outer pipes. */
  private lastHadPipe = false;
  /** Link brackets opened and not closed by the lines read since the one that opened them (followLink). */
  private linkDepth = 0;
  /** Lines read since a link opened and did not close on its line. */
  private linkLines = 0;

  /**
   * Whether the line read last is syntax that belongs to the line before it, and so takes that
   * line's label: a setext heading's underline (a run of `=` or `-` right under a paragraph
   * line, CommonMark 4.3) or a table's delimiter row under its header row. Labelled apart, such a
   * line could be dropped from a cleaned page while its heading or table stayed (12% of the
   * underlines of the golden pages' setext dumps were), and the heading or table fell apart.
   */
  get continues(): boolean {
    return this.continuing;
  }

  /** Whether the line read last belongs to a fenced code block, its fences included. */
  get inCode(): boolean {
    return this.previous === 'pre';
  }

  /** Whether a code fence is open: the next line is read as code unless it closes it. */
  get fenceOpen(): boolean {
    return this.fence !== undefined;
  }

  /**
   * Whether the line read last belongs to an HTML comment, script or style block over several
   * lines (it is also `inCode`, and held as a fence is): nothing a reader sees, so the labeller
   * makes it navigation (QA pass 16: a comment's ad tag, a script and a style sheet were body).
   */
  get inHiddenBlock(): boolean {
    return this.hiddenLine;
  }

  /**
   * Take the open fence for a line of text: it never closed, so it was a converter's stray
   * fence, not code (the Labeller reads the lines after it again). The line before the next is
   * then a paragraph line.
   */
  dropFence(): void {
    this.fence = undefined;
    this.htmlEnd = undefined;
    this.previous = 'p';
  }

  /**
   * The line for the labeller: its visible text and the facts its syntax gives.
   * @param next the line after it, when known: a setext underline there makes a paragraph line a heading
   */
  read(line: string, next?: string): InputLine {
    const b = this.block(line);
    if (b === undefined) return { text: line };
    // A paragraph line with a setext underline after it is a heading (CommonMark 4.3), `=` level 1.
    if (b.tag === 'p' && b.definition !== true && next !== undefined) {
      const level = setextLevel(next);
      if (level > 0) {
        b.tag = `h${level}`;
        b.headingLevel = level;
      }
    }
    const dom = domFacts(b.tag);
    dom.headingLevel = b.headingLevel;
    dom.inList = b.tag === 'li';
    dom.inTable = b.tag === 'td';
    const inline = b.inline;
    if (inline === undefined) {
      // Syntax alone: a definition is a link; the rest (fences, code, breaks, delimiter rows) are what their tag says.
      if (b.definition) dom.linkDensity = 1;
      return { text: line, dom };
    }
    if ((inline.linkKinds & (1 << LINK_SHARE)) !== 0) dom.shareLink = true;
    if ((inline.linkKinds & (1 << LINK_SOCIAL)) !== 0) dom.socialLink = true;
    const visible = inline.text.replace(/\s+/g, '').length;
    if (visible === 0) {
      // Nothing a reader sees: an image, a linked image, an empty link. The line as it came is
      // what the features can read (its URL), and it is a figure or a link.
      // A line that is only a tag (`<table>`) or an entity (`&nbsp;`) holds no link (QA pass 9:
      // read as all link, a data table in raw HTML went to navigation but its `</table>`).
      if (inline.images > 0) dom.inFigure = true;
      else if (inline.linkKinds !== 0 || inline.linkChars > 0 || line.includes('](')) dom.linkDensity = 1;
      return { text: line, dom };
    }
    dom.linkDensity = Math.min(1, inline.linkChars / visible);
    if (inline.images > 0 && dom.linkDensity === 0 && visible < 3) dom.inFigure = true;
    return { text: inline.text, dom };
  }

  /**
   * The text the labeller reads for a line: what {@link read} gives as `text`, without building
   * the facts (the labeller does not use them yet; README, "Markdown dumps").
   */
  text(line: string): string {
    const inline = this.block(line)?.inline;
    return inline === undefined || inline.text === '' ? line : inline.text;
  }

  /** The block a line is: its tag and level, and its inline reading (none for a line of syntax alone); undefined for a blank line. */
  private block(line: string): Block | undefined {
    // A CRLF file split on LF alone (`lineBreaks: 'lf'`) leaves a carriage return on each line;
    // CommonMark ends a line at either, so the syntax is read without it.
    if (line.charCodeAt(line.length - 1) === 13) line = line.slice(0, -1);
    const after = this.previous;
    this.continuing = false;
    const inLink = this.linkDepth > 0;
    const b = this.readBlock(line, after);
    this.previous = b === undefined ? undefined : b.definition === true ? 'def' : b.tag;
    this.followLink(line, b, inLink);
    return b;
  }

  /**
   * A link whose text runs over several lines (Firecrawl writes a card as `[![](img)\`, its
   * title, `4 min read](url)`): its later lines continue the line that opened it, so the card is
   * kept or dropped whole. Labelled apart, a cleaned page held half a card's link syntax (QA pass
   * 9). A blank line ends it, as it ends a paragraph; so does MARKDOWN_LINK_MAX_LINES lines.
   */
  private followLink(line: string, b: Block | undefined, inLink: boolean): void {
    if (b === undefined || b.tag === 'pre') {
      this.linkDepth = 0;
      return;
    }
    if (inLink) {
      this.continuing = true;
      if (++this.linkLines >= MARKDOWN_LINK_MAX_LINES) {
        this.linkDepth = 0;
        return;
      }
    }
    if (line.includes('[') || line.includes(']')) {
      let depth = this.linkDepth;
      for (let i = 0; i < line.length; i++) {
        const c = line.charCodeAt(i);
        if (c === 92) i++; // a backslash escapes the next character
        else if (c === 91) depth++;
        else if (c === 93 && depth > 0) depth--;
      }
      if (depth > 0 && this.linkDepth === 0) this.linkLines = 0;
      this.linkDepth = depth;
    }
  }

  /** The block a line is, given the tag of the line before it (`after`). */
  private readBlock(line: string, after: string | undefined): Block | undefined {
    this.hiddenLine = false;
    if (this.htmlEnd !== undefined) {
      this.hiddenLine = true;
      if (line.toLowerCase().includes(this.htmlEnd)) {
        this.fence = undefined;
        this.htmlEnd = undefined;
      }
      return { tag: 'pre', headingLevel: 0 };
    }
    if (this.fence !== undefined) {
      // Closed at any indentation: inside a list item CommonMark counts it from the item's content
      // column, which this reader does not follow, and a close missed turns the rest of the page
      // into code. Inside a block quote, after its markers.
      const inner = line.includes('>') ? line.replace(QUOTE_MARKERS, '') : line;
      const m = CLOSING_FENCE.exec(inner);
      if (m && m[1]![0] === this.fence[0] && m[1]!.length >= this.fence.length && inner.slice(m[0].length).trim() === '') this.fence = undefined;
      return { tag: 'pre', headingLevel: 0 };
    }
    if (line.trim() === '') {
      this.inTable = false;
      this.lastHadPipe = false;
      return undefined;
    }
    // An HTML comment, script or style left open on its line: a block up to its end marker. (One
    // closed on its line is inline markup, read as the line's visible text is.)
    if (line.includes('<')) {
      const html = HIDDEN_HTML_OPEN.exec(line);
      if (html !== null) {
        const end = html[1] === '!--' ? '-->' : `</${html[1]!.toLowerCase()}>`;
        if (!line.slice(html[0].length).toLowerCase().includes(end)) {
          this.fence = end;
          this.htmlEnd = end;
          this.hiddenLine = true;
          return { tag: 'pre', headingLevel: 0 };
        }
      }
    }
    let opening = line;
    let fence = FENCE.exec(line);
    // A list item can open with a fence ("- ```js"): the block is the item's code; so can a
    // block quote ("> ```sh"); and under a list item a fence is indented four spaces or more (QA
    // pass 9: read as text, its closing fence was left alone in the output, an open fence). (Looked
    // for only on a line that holds a fence's characters: this runs on every line.)
    if (fence === null && (line.includes('```') || line.includes('~~~'))) {
      const marker = LIST_MARKER.exec(line);
      if (marker !== null) opening = line.slice(marker[0].length);
      else if (QUOTE_MARKERS.test(line)) opening = line.replace(QUOTE_MARKERS, '');
      else if (this.inListItem) opening = line.trimStart();
      fence = FENCE.exec(opening);
    }
    // A backtick fence's info string holds no backtick (CommonMark 4.5): "```a``` b" is a code span.
    if (fence && !(fence[1]![0] === '`' && opening.includes('`', fence[0].length))) {
      this.fence = fence[1];
      return { tag: 'pre', headingLevel: 0 };
    }
    // Lines that are syntax alone keep their text: a separator reads as one.
    if (after === 'p' && SETEXT_UNDERLINE.test(line)) {
      this.continuing = true;
      return { tag: 'hr', headingLevel: 0 };
    }
    if (THEMATIC_BREAK.test(line)) return { tag: 'hr', headingLevel: 0 };
    const hasPipe = line.includes('|') && CELL_PIPE_ONE.test(line);
    const headerAbove = this.lastHadPipe;
    this.lastHadPipe = hasPipe;
    if (TABLE_DELIMITER.test(line) && line.includes('-')) {
      // Under its header row, with outer pipes (a `td` row) or without (a line holding a cell pipe).
      this.continuing = after === 'td' || (after === 'p' && headerAbove);
      this.inTable = true;
      return { tag: 'td', headingLevel: 0 };
    }
    // A row of a table without outer pipes (`theme | no`), under its delimiter row: it goes with
    // the table, as a row with them does; without, the table could be cut in two (QA pass 9).
    if (this.inTable && hasPipe && !TABLE_ROW.test(line)) {
      this.continuing = true;
      return { tag: 'td', headingLevel: 0, inline: readInline(line.trim().replace(/^\|/, '').replace(/\|$/, '').replace(CELL_PIPE, ' ')) };
    }
    if (!hasPipe) this.inTable = false;
    if (LINK_DEFINITION.test(line)) return { tag: 'p', headingLevel: 0, definition: true };

    let rest = line;
    let tag = 'p';
    let headingLevel = 0;
    const quote = QUOTE_MARKERS.exec(rest);
    if (quote) {
      rest = rest.slice(quote[0].length);
      tag = 'blockquote';
    }
    const heading = ATX_HEADING.exec(rest);
    const item = heading ? null : LIST_MARKER.exec(rest);
    if (heading) {
      headingLevel = heading[1]!.length;
      tag = `h${headingLevel}`;
      rest = withoutClosingHashes(rest.slice(heading[0].length));
    } else if (item && !THEMATIC_BREAK.test(rest)) {
      tag = 'li';
      rest = rest.slice(item[0].length);
    }
    if (tag === 'li') this.inListItem = true;
    // A block at the margin ends the list (an indented line is still the item's).
    else if (line.charCodeAt(0) !== 32 && line.charCodeAt(0) !== 9) this.inListItem = false;
    if (tag !== 'li' && heading === null && TABLE_ROW.test(rest)) {
      tag = 'td';
      // A row under a table row: the table goes one way, as its delimiter row does.
      this.continuing = after === 'td' && quote === null;
      rest = rest.trim().slice(1, -1).replace(CELL_PIPE, ' ');
    }
    return { tag, headingLevel, inline: readInline(rest) };
  }
}
