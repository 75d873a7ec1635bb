import { describe, expect, it } from 'vitest';
import { CleanStage, DEFAULT_KEEP } from '../src/clean.js';
import { keptLines } from '../src/pipeline.js';
import type { Label, LabelledLine } from '../src/types.js';

const ZERO = { body: 0, navigation: 0, advertisement: 0, disclaimer: 0 };

/** Lines from `[label, text]` pairs; '' with label blank for blank lines. */
function doc(...rows: Array<[Label, string]>): LabelledLine[] {
  return rows.map(([label, text], index) => ({ index, text, label, first: label, reason: 'test', scores: ZERO, final: ZERO }));
}

function clean(lines: LabelledLine[], keep?: Label[]): string[] {
  const stage = new CleanStage(keep);
  const out: string[] = [];
  for (const l of lines) stage.push(l, out);
  stage.flush();
  return out;
}

describe('CleanStage', () => {
  it('keeps body lines only by default', () => {
    expect(DEFAULT_KEEP).toEqual(['body']);
    const lines = doc(['navigation', 'Home'], ['body', 'First paragraph.'], ['advertisement', 'Buy now'], ['disclaimer', '© 2031 Someone']);
    expect(clean(lines)).toEqual(['First paragraph.']);
  });

  it('drops leading and trailing blank lines', () => {
    const lines = doc(['blank', ''], ['blank', '  '], ['body', 'Only paragraph.'], ['blank', ''], ['blank', '']);
    expect(clean(lines)).toEqual(['Only paragraph.']);
  });

  it('collapses repeated blank lines between kept paragraphs into one empty line', () => {
    const lines = doc(['body', 'One.'], ['blank', ''], ['blank', '\t'], ['blank', ''], ['body', 'Two.']);
    expect(clean(lines)).toEqual(['One.', '', 'Two.']);
  });

  it('keeps a single blank between kept paragraphs also when dropped lines stood between the blanks', () => {
    const lines = doc(['body', 'One.'], ['blank', ''], ['navigation', 'Share'], ['blank', ''], ['body', 'Two.']);
    expect(clean(lines)).toEqual(['One.', '', 'Two.']);
  });

  it('adds no blank between adjacent kept lines, even when a dropped line stood between them without blanks', () => {
    const lines = doc(['body', 'One.'], ['advertisement', 'Sponsored'], ['body', 'Two.']);
    expect(clean(lines)).toEqual(['One.', 'Two.']);
  });

  it('drops blanks that stand before the first kept line, even after dropped lines', () => {
    const lines = doc(['navigation', 'Menu'], ['blank', ''], ['navigation', 'World'], ['blank', ''], ['body', 'Start.']);
    expect(clean(lines)).toEqual(['Start.']);
  });

  it('keeps the text of kept lines exactly, whitespace included', () => {
    const lines = doc(['body', '  indented line  ']);
    expect(clean(lines)).toEqual(['  indented line  ']);
  });

  it('keeps extra classes given in `keep`', () => {
    const lines = doc(
      ['navigation', 'Home'],
      ['body', 'Paragraph.'],
      ['blank', ''],
      ['disclaimer', 'Views are the writer’s own.'],
      ['advertisement', 'Try it free'],
    );
    expect(clean(lines, ['body', 'disclaimer'])).toEqual(['Paragraph.', '', 'Views are the writer’s own.']);
    expect(clean(lines, ['navigation', 'advertisement'])).toEqual(['Home', '', 'Try it free']);
  });

  it('keeps nothing with an empty `keep`', () => {
    expect(clean(doc(['body', 'x'], ['blank', ''], ['body', 'y']), [])).toEqual([]);
  });

  it('gives the same result through keptLines', () => {
    const lines = doc(['blank', ''], ['body', 'One.'], ['blank', ''], ['disclaimer', 'Legal'], ['blank', ''], ['body', 'Two.'], ['blank', '']);
    expect(keptLines(lines)).toEqual(['One.', '', 'Two.']);
    expect(keptLines(lines, ['disclaimer'])).toEqual(['Legal']);
  });
});

describe('CleanStage with textOnly', () => {
  const PROSE = 'The council voted on Tuesday to approve the new bridge after a long and heated debate.';

  it('gives roles to plain-text lines and keeps only the running text', () => {
    const stage = new CleanStage(DEFAULT_KEEP, true);
    const out: string[] = [];
    for (const line of doc(['navigation', 'Home'], ['body', 'Council approves new bridge'], ['body', 'By Jane Roe | 3 May 2024'], ['body', PROSE], ['disclaimer', '© 2031 Example'])) stage.push(line, out);
    expect(out).toEqual([PROSE]);
  });

  it('keeps a role already set on a line (a document labelled with its DOM)', () => {
    const stage = new CleanStage(DEFAULT_KEEP, true);
    const out: string[] = [];
    const [headline, text] = doc(['body', 'A line the DOM calls text'], ['body', PROSE]);
    headline!.role = 'text';
    text!.role = 'caption';
    stage.push(headline!, out);
    stage.push(text!, out);
    expect(out).toEqual(['A line the DOM calls text']);
  });

  it('changes nothing without textOnly', () => {
    expect(keptLines(doc(['body', 'Council approves new bridge'], ['body', PROSE]))).toEqual(['Council approves new bridge', PROSE]);
  });
});
