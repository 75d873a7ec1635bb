/**
 * The short-document fallback: a document of a few lines that comes out with no body line at
 * all keeps the lines its first, context-free label calls body.
 *
 * Why: the context, tree and smoothing stages learned from whole pages, where a lone prose line
 * among page furniture is a footer's sentence or a teaser far more often than a story. A short
 * record (a news brief with a menu line above it and a copyright line below: what crawlers hand
 * over when a page holds little more than its article) gives them the same picture, and its only
 * paragraph came out as a disclaimer or as navigation: the record was emptied in silence. In a
 * document no longer than the smoothing windows, every window runs past an end, and the
 * neighbours' evidence is weakest where it overturned the line's own. Extractors meet the same
 * failure with a fallback when their output comes back empty (trafilatura falls back to a
 * baseline extraction of the page's paragraphs; Readability retries with its filters relaxed);
 * this one trusts the first stage's own reading of each line, and only in short documents that
 * would otherwise keep nothing.
 *
 * A document longer than that, or one with a body line, passes through unchanged; the stage
 * holds at most SHORT_DOCUMENT_LINES non-blank lines (and the blank lines between them, which
 * the Labeller releases in runs of MAX_HELD_BLANK_LINES).
 */
import type { LabelledLine } from './types.js';
import type { Stage } from './stage.js';
import { MODEL_SAYS } from './rules.js';

/**
 * Non-blank lines a document may have for the fallback to apply: the smoothing layer's longest
 * window (SMOOTH_LOOKAHEAD), so that in every document it applies to, each line's windows run
 * past the document's ends.
 * @default 16
 */
export const SHORT_DOCUMENT_LINES = 16;

export class ShortDocumentStage implements Stage<LabelledLine, LabelledLine> {
  private readonly held: LabelledLine[] = [];
  private nonBlank = 0;
  /** Set once the document is known to need no fallback (a body line, or too long): lines pass. */
  private released = false;

  /** Whether every line now passes unchanged (the caller may then hand lines on without the stage). */
  get passing(): boolean {
    return this.released;
  }

  constructor(private readonly reasons: boolean) {}

  push(line: LabelledLine, out: LabelledLine[]): void {
    if (this.released) {
      out.push(line);
      return;
    }
    this.held.push(line);
    if (line.label === 'blank') return;
    this.nonBlank++;
    if (line.label === 'body' || this.nonBlank > SHORT_DOCUMENT_LINES) this.pass(out);
  }

  /** The end of the document (or of what the Labeller holds): decide the held lines. */
  flush(out: LabelledLine[]): void {
    if (this.released) return;
    for (const line of this.held) {
      if (line.label === 'blank' || line.first !== 'body') continue;
      if (this.reasons) line.reason = `body: a short document (${this.nonBlank} lines) with no body line keeps what its first, context-free label calls body${MODEL_SAYS}${line.reason}`;
      line.label = 'body';
    }
    this.pass(out);
  }

  private pass(out: LabelledLine[]): void {
    for (const line of this.held) out.push(line);
    this.held.length = 0;
    this.released = true;
  }
}
