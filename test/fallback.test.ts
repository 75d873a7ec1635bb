import { describe, expect, it } from 'vitest';
import { SHORT_DOCUMENT_LINES, ShortDocumentStage } from '../src/fallback.js';
import { labelDocument } from '../src/pipeline.js';
import type { Label, LabelledLine } from '../src/types.js';
import { ZERO, runStage } from './helpers.js';

/** A line as the sequence stage hands it on: its final label, and the first stage's. */
function line(label: Label, first: Label, text = `a ${label} line`): LabelledLine {
  return { index: 0, text, label, first, reason: `${label}: the model`, scores: ZERO, final: ZERO };
}

describe('ShortDocumentStage', () => {
  it('gives a short document with no body line the label body on the lines its first stage called body, saying why, and leaves the others', () => {
    const lines = [line('navigation', 'navigation'), line('disclaimer', 'body'), line('blank', 'blank'), line('disclaimer', 'navigation')];
    const out = runStage(new ShortDocumentStage(true), lines);
    expect(out.map((l) => l.label)).toEqual(['navigation', 'body', 'blank', 'disclaimer']);
    expect(out[1]!.reason).toBe('body: a short document (3 lines) with no body line keeps what its first, context-free label calls body; model: disclaimer: the model');
    expect(out[0]!.reason).toBe('navigation: the model');
  });

  it('leaves a document with a body line as it is, and passes every line on as soon as the body line comes', () => {
    const stage = new ShortDocumentStage(true);
    const out: LabelledLine[] = [];
    stage.push(line('disclaimer', 'body'), out);
    expect(out).toEqual([]);
    stage.push(line('body', 'body'), out);
    expect(out.map((l) => l.label)).toEqual(['disclaimer', 'body']);
    stage.push(line('navigation', 'body'), out);
    stage.flush(out);
    expect(out.map((l) => l.label)).toEqual(['disclaimer', 'body', 'navigation']);
  });

  it(`leaves a document of more than ${SHORT_DOCUMENT_LINES} non-blank lines as it is, holding no more than that many lines`, () => {
    const stage = new ShortDocumentStage(true);
    const out: LabelledLine[] = [];
    for (let i = 0; i < SHORT_DOCUMENT_LINES; i++) stage.push(line('navigation', 'body'), out);
    expect(out).toHaveLength(0);
    stage.push(line('navigation', 'body'), out);
    expect(out).toHaveLength(SHORT_DOCUMENT_LINES + 1);
    stage.push(line('navigation', 'body'), out);
    stage.flush(out);
    expect(out.every((l) => l.label === 'navigation')).toBe(true);
  });

  it('writes no reason without reasons, and does nothing to a document of blank lines', () => {
    const out = runStage(new ShortDocumentStage(false), [{ ...line('advertisement', 'body'), reason: '' }]);
    expect(out.map((l) => [l.label, l.reason])).toEqual([['body', '']]);
    expect(runStage(new ShortDocumentStage(true), [line('blank', 'blank')]).map((l) => l.label)).toEqual(['blank']);
  });
});

describe('short documents through the pipeline', () => {
  const paragraph = 'Police said the driver of the truck was taken to hospital with minor injuries.';
  it('keeps the only paragraph of a brief with a menu line above it, a share line below it, or a copyright line after it', () => {
    // Each of these lost its paragraph (disclaimer or navigation) and a JSONL record of it came
    // out empty: the neighbours' reading, learned on whole pages, overturned the line's own.
    for (const doc of [[paragraph, '© 2024 City Herald'], ['Menu', paragraph, 'Share this article'], ['Home', 'The museum will reopen next month after a two-year renovation of its main gallery, the city said on Monday.']]) {
      const out = labelDocument(doc);
      expect(out.filter((l) => l.label === 'body').map((l) => l.text), doc.join(' / ')).toEqual([doc.find((t) => t.split(' ').length > 8)]);
    }
  });

  it('keeps the paragraph without the disclaimer rules too, and passes a long document\'s lines on in order either way', () => {
    const doc = ['Menu', paragraph, 'Share this article'];
    expect(labelDocument(doc, { rules: false }).map((l) => l.label)).toEqual(labelDocument(doc).map((l) => l.label));
    const long = Array.from({ length: 8 }, (_, i) => ['Home', `Story ${i}: ${paragraph}`, '© 2024 City Herald']).flat();
    for (const rules of [true, false]) expect(labelDocument(long, { rules }).map((l) => l.text)).toEqual(long);
  });

  it('keeps a short document of menu items and a copyright line without a body line', () => {
    const out = labelDocument(['Home', 'News', 'Top stories', 'Man arrested after chase', 'Council votes on budget', '© 2024 City Herald']);
    expect(out.filter((l) => l.label === 'body')).toEqual([]);
  });
});
