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
 * The reader works a line at a time; the only state it carries is an open code fence, so it
 * streams. Not read: setext headings (the underline is a line of its own; turndown, Firecrawl
 * and Jina write ATX), reference-link definitions' targets, and raw HTML inside the Markdown,
 * which stays text.
 */
import type { DomFeatures, InputLine } from './types.js';
import { LINK_OTHER, LINK_SHARE, LINK_SOCIAL, linkKind } from './html/hints.js';

/** A thematic break: three or more of one of `-`, `*`, `_`, spaces allowed between. */
const THEMATIC_BREAK = /^ {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$/;
/** An ATX heading's opening hashes (CommonMark: 1-6, then a space or the end). */
const ATX_HEADING = /^ {0,3}(#{1,6})(?:[ \t]+|$)/;
/** A closing sequence of hashes after a heading's text. */
const ATX_CLOSING = /[ \t]+#+[ \t]*$/;
/** A list item's marker: a bullet or an ordinal, then a space; any indentation (nested lists). */
const LIST_MARKER = /^[ \t]*(?:[*+-]|\d{1,9}[.)])[ \t]+(?:\[[ xX]\][ \t]+)?/;
/** Block-quote markers, nested or not. */
const QUOTE_MARKERS = /^(?: {0,3}>[ \t]?)+/;
/** A code fence: three or more backticks or tildes. */
const FENCE = /^ {0,3}(`{3,}|~{3,})/;
/** A table's delimiter row: `| --- | :-: |`. */
const TABLE_DELIMITER = /^ {0,3}\|?(?:[ \t]*:?-+:?[ \t]*\|)+(?:[ \t]*:?-+:?[ \t]*)?$/;
/** A reference-link definition: `[label]: https://…`. */
const LINK_DEFINITION = /^ {0,3}\[[^\]]+\]:[ \t]*\S/;
/** ASCII punctuation a backslash escapes (CommonMark 2.4). */
const ESCAPABLE = /[!-/:-@[-`{-~]/;

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

/** What the inline scan found: the visible text and how much of it is inside links. */
interface Inline {
  text: string;
  linkChars: number;
  images: number;
  linkKinds: number;
}

/**
 * The visible text of a line's inline Markdown. Links keep their text (and count it as link
 * text), images are dropped (their alt text is not shown on the page), code spans keep their
 * content, emphasis markers go, and a backslash escape is its character.
 */
export function readInline(s: string): Inline {
  const out: string[] = [];
  let linkChars = 0;
  let images = 0;
  let linkKinds = 0;
  /** Open link brackets: where each one's text starts in `out` (joined length) and whether it is an image. */
  const open: Array<{ at: number; image: boolean }> = [];
  let length = 0;
  const push = (t: string): void => {
    out.push(t);
    length += t.length;
  };
  let i = 0;
  while (i < s.length) {
    const c = s[i]!;
    if (c === '\\' && i + 1 < s.length && ESCAPABLE.test(s[i + 1]!)) {
      push(s[i + 1]!);
      i += 2;
    } else if (c === '`') {
      let n = 1;
      while (s[i + n] === '`') n++;
      const fence = '`'.repeat(n);
      const end = s.indexOf(fence, i + n);
      if (end < 0) {
        push(fence);
        i += n;
      } else {
        push(s.slice(i + n, end).trim());
        i = end + n;
      }
    } else if (c === '!' && s[i + 1] === '[') {
      open.push({ at: length, image: true });
      i += 2;
    } else if (c === '[') {
      open.push({ at: length, image: false });
      i += 1;
    } else if (c === ']' && open.length > 0) {
      const bracket = open.pop()!;
      const target = linkTarget(s, i + 1);
      if (target === undefined) {
        // Not a link after all: the brackets were text.
        spliceText(out, bracket.at, bracket.image ? '![' : '[');
        length += bracket.image ? 2 : 1;
        push(']');
        i += 1;
        continue;
      }
      if (bracket.image) {
        images += 1;
        truncate(out, bracket.at);
        length = bracket.at;
      } else {
        linkChars += visibleLength(out, bracket.at);
        if (target.href !== undefined) {
          const kind = linkKind(target.href);
          if (kind !== LINK_OTHER) linkKinds |= 1 << kind;
        }
      }
      i = target.end;
    } else if (c === '<' && /^<(?:https?:\/\/|mailto:)[^\s<>]*>/i.test(s.slice(i, i + 2048))) {
      const end = s.indexOf('>', i);
      const href = s.slice(i + 1, end);
      push(href);
      linkChars += href.length;
      const kind = linkKind(href);
      if (kind !== LINK_OTHER) linkKinds |= 1 << kind;
      i = end + 1;
    } else if ((c === '*' || c === '_' || c === '~') && isEmphasisRun(s, i)) {
      while (s[i] === c) i++;
    } else {
      push(c);
      i += 1;
    }
  }
  // Brackets never closed were text.
  for (let k = open.length - 1; k >= 0; k--) spliceText(out, open[k]!.at, open[k]!.image ? '![' : '[');
  return { text: out.join('').replace(/\s+/g, ' ').trim(), linkChars, images, linkKinds };
}

/** A link's target after `]`: `(href "title")`, `[ref]` or `[]`; undefined when none follows. */
function linkTarget(s: string, at: number): { href?: string; end: number } | undefined {
  if (s[at] === '(') {
    // Balanced parentheses: URLs hold them (Wikipedia's `_(disambiguation)`).
    let depth = 0;
    for (let j = at; j < s.length; j++) {
      const c = s[j];
      if (c === '\\') j++;
      else if (c === '(') depth++;
      else if (c === ')' && --depth === 0) {
        const inside = s.slice(at + 1, j).trim();
        const href = inside.startsWith('<') ? inside.slice(1, inside.indexOf('>') < 0 ? undefined : inside.indexOf('>')) : inside.split(/\s+/)[0];
        return { href, end: j + 1 };
      }
    }
    return undefined;
  }
  if (s[at] === '[') {
    const close = s.indexOf(']', at + 1);
    return close < 0 ? undefined : { end: close + 1 };
  }
  return undefined;
}

/**
 * A run of `*`, `_` or `~` that opens or closes emphasis (CommonMark's flanking rule, simplified):
 * a space on one side and not the other, or between letters for `*` (`**bold**word`). An
 * underscore inside a word (`snake_case`) is text, as is a lone `*` between spaces ("2 * 3").
 */
function isEmphasisRun(s: string, i: number): boolean {
  const c = s[i]!;
  let j = i;
  while (s[j] === c) j++;
  if (c === '~' && j - i < 2) return false;
  const before = i > 0 ? s[i - 1]! : ' ';
  const after = j < s.length ? s[j]! : ' ';
  const spaceBefore = /\s/.test(before);
  const spaceAfter = /\s/.test(after);
  if (spaceBefore && spaceAfter) return false;
  if (c === '_' && /[\p{L}\p{N}]/u.test(before) && /[\p{L}\p{N}]/u.test(after)) return false;
  return true;
}

function truncate(out: string[], at: number): void {
  let length = 0;
  for (let k = 0; k < out.length; k++) {
    if (length + out[k]!.length > at) {
      out[k] = out[k]!.slice(0, at - length);
      out.length = k + 1;
      return;
    }
    length += out[k]!.length;
  }
}

function visibleLength(out: string[], at: number): number {
  let length = 0;
  let n = 0;
  for (const t of out) {
    if (length >= at) n += t.replace(/\s+/g, '').length;
    else if (length + t.length > at) n += t.slice(at - length).replace(/\s+/g, '').length;
    length += t.length;
  }
  return n;
}

function spliceText(out: string[], at: number, text: string): void {
  let length = 0;
  for (let k = 0; k < out.length; k++) {
    if (length + out[k]!.length >= at) {
      out[k] = out[k]!.slice(0, at - length) + text + out[k]!.slice(at - length);
      return;
    }
    length += out[k]!.length;
  }
  out.push(text);
}

/**
 * Reads a Markdown document line by line. Keep one per document: an open code fence is the
 * only state carried from a line to the next.
 */
export class MarkdownReader {
  /** The open fence's marker (```` ``` ```` or `~~~`, its length), or undefined outside a code block. */
  private fence: string | undefined;

  /** The line for the labeller: its visible text and the facts its syntax gives. */
  read(line: string): InputLine {
    if (this.fence !== undefined) {
      const m = FENCE.exec(line);
      if (m && m[1]![0] === this.fence[0] && m[1]!.length >= this.fence.length && line.slice(m[0].length).trim() === '') this.fence = undefined;
      return { text: line, dom: domFacts('pre') };
    }
    if (line.trim() === '') return { text: line };
    const fence = FENCE.exec(line);
    if (fence) {
      this.fence = fence[1];
      return { text: line, dom: domFacts('pre') };
    }
    // Lines that are syntax alone keep their text: a separator reads as one.
    if (THEMATIC_BREAK.test(line)) return { text: line, dom: domFacts('hr') };
    if (TABLE_DELIMITER.test(line) && line.includes('-')) return { text: line, dom: { ...domFacts('td'), inTable: true } };
    if (LINK_DEFINITION.test(line)) return { text: line, dom: { ...domFacts('p'), linkDensity: 1 } };

    let rest = line;
    let tag = 'p';
    let headingLevel = 0;
    let inList = false;
    let inTable = false;
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
      rest = rest.slice(heading[0].length).replace(ATX_CLOSING, '');
    } else if (item && !THEMATIC_BREAK.test(rest)) {
      inList = true;
      tag = 'li';
      rest = rest.slice(item[0].length);
    } else if (/^ {0,3}\|.*\|[ \t]*$/.test(rest)) {
      inTable = true;
      tag = 'td';
      rest = rest.trim().slice(1, -1).replace(/(?<!\\)\|/g, ' ');
    }
    const inline = readInline(rest);
    const dom = domFacts(tag);
    dom.headingLevel = headingLevel;
    dom.inList = inList;
    dom.inTable = inTable;
    if ((inline.linkKinds & (1 << LINK_SHARE)) !== 0) dom.shareLink = true;
    if ((inline.linkKinds & (1 << LINK_SOCIAL)) !== 0) dom.socialLink = true;
    const visible = inline.text.replace(/\s+/g, '').length;
    if (visible === 0) {
      // Nothing a reader sees: an image, a linked image, an empty link. The line as it came is
      // what the features can read (its URL), and it is a figure or a link.
      if (inline.images > 0) dom.inFigure = true;
      else dom.linkDensity = 1;
      return { text: line, dom };
    }
    dom.linkDensity = Math.min(1, inline.linkChars / visible);
    if (inline.images > 0 && dom.linkDensity === 0 && visible < 3) dom.inFigure = true;
    return { text: inline.text, dom };
  }
}
