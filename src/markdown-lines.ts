/**
 * Markdown lines the labeller did not label from their own text (Labeller.restore), for what reads
 * labelled lines later: a fenced code block's lines, which the stages saw as blank and which take
 * the label of the text before the block, and a setext underline or a table's delimiter row, which
 * takes the label of the line above, and the lines of a reader's envelope around the page
 * (`Title:`, `URL Source:`, envelope.ts), which the stages saw as blank too. Roles (roles.ts) and confidence (confidence.ts) read the text
 * of a line; these lines' text says nothing of their role, and a code line's scores are a blank
 * line's. Kept beside the lines rather than on them: a field would be public API, written out by
 * callers that serialise lines. A module of its own, so confidence.ts loads nothing more.
 */
import type { DomFeatures, LabelledLine } from './types.js';

/** A setext underline or a table delimiter row: it takes the label of the line above (MarkdownReader.continues). */
export const MARKDOWN_CONTINUES = 1;
/** A line of a fenced code block, fences included: it takes the label of the text before the block. */
export const MARKDOWN_CODE = 2;
/** A line of a reader's envelope around the page (envelope.ts): `navigation`, never read by the stages. */
export const MARKDOWN_ENVELOPE = 3;
/** A line of an HTML comment, script or style block over several lines (MarkdownReader.inHiddenBlock): `navigation`, never read by the stages. */
export const MARKDOWN_HIDDEN = 4;

/** The labelled lines that are MARKDOWN_CONTINUES, MARKDOWN_CODE or MARKDOWN_ENVELOPE, set as they come out of the labeller. */
export const markdownKinds = new WeakMap<LabelledLine, number>();

/** What a labelled line is to its neighbours (MARKDOWN_CONTINUES, MARKDOWN_CODE, MARKDOWN_ENVELOPE), or undefined for a line labelled on its own. */
export function markdownKind(line: LabelledLine): number | undefined {
  // Lines not read as Markdown have no visibleText: no lookup for them.
  return line.visibleText === undefined ? undefined : markdownKinds.get(line);
}

/**
 * The facts a Markdown line's syntax gave the labeller (MarkdownReader.read: heading level, list
 * item, table cell, image), kept for roles: a setext `===` heading is the headline as a `#` one
 * is, and an image line is a figure (QA pass 9: --text-only kept images and captions, and a
 * setext headline stayed in the text while its kicker was taken for it).
 */
export const markdownFacts = new WeakMap<LabelledLine, DomFeatures>();

/** The facts of a line read as Markdown, or undefined (not Markdown, or read without facts). */
export function markdownDom(line: LabelledLine): DomFeatures | undefined {
  return line.visibleText === undefined ? undefined : markdownFacts.get(line);
}
