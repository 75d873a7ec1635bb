import { describe, it, expect } from 'vitest';
import { ReaderEnvelope, ENVELOPE_MAX_PENDING, ENVELOPE_MAX_FIELDS, ENVELOPE_MAX_HELD_LINES, type EnvelopeLine } from '../src/envelope.js';

/** Every line of `lines` through a fresh reader, in order, with the reader's decision. */
function read(lines: string[]): EnvelopeLine[] {
  const env = new ReaderEnvelope();
  const out: EnvelopeLine[] = [];
  const drain = () => {
    for (let d = env.take(); d !== undefined; d = env.take()) out.push(d);
  };
  for (const line of lines) {
    env.push(line);
    drain();
  }
  env.end();
  drain();
  return out;
}

const envelopeOf = (lines: string[]) => read(lines).map((d) => d.envelope);

const JINA = [
  'Title: Storm closes the coast road | The Daily Example',
  '',
  'URL Source: https://example.com/news/storm',
  '',
  'Published Time: 2019-11-20T08:00:00Z',
  '',
  'Markdown Content:',
  'Storm closes the coast road',
  '===========================',
  '',
  'The coast road was closed on Tuesday after the storm.',
];

describe('ReaderEnvelope', () => {
  it('takes the header of a Jina Reader response, up to Markdown Content:, as the envelope and the page after it as the page', () => {
    expect(envelopeOf(JINA)).toEqual([true, true, true, true, true, true, true, false, false, false, false]);
  });

  it('gives every line back once, in order, with its text unchanged', () => {
    expect(read(JINA).map((d) => d.line)).toEqual(JINA);
  });

  it('holds the opening Title: line until URL Source: comes, then hands both over', () => {
    const env = new ReaderEnvelope();
    env.push('Title: A page');
    expect(env.take()).toBeUndefined();
    env.push('');
    expect(env.take()).toBeUndefined();
    env.push('URL Source: https://example.com/');
    expect(env.found).toBe(true);
    expect([env.take(), env.take(), env.take(), env.take()]).toEqual([
      { line: 'Title: A page', envelope: true },
      { line: '', envelope: true },
      { line: 'URL Source: https://example.com/', envelope: true },
      undefined,
    ]);
  });

  it('says it has no envelope once a line of the page has opened the document and every line was taken, and not before', () => {
    const env = new ReaderEnvelope();
    expect(env.none).toBe(false);
    env.push('');
    expect(env.none).toBe(false);
    env.push('# A page without an envelope');
    expect(env.none).toBe(false);
    env.take();
    env.take();
    expect(env.none).toBe(true);
    const jina = new ReaderEnvelope();
    for (const line of JINA) jina.push(line);
    while (jina.take() !== undefined);
    expect(jina.none).toBe(false);
  });

  it('leaves an article that opens with "Title:" but has no URL Source: line as the page', () => {
    const lines = ['Title: Notes on the budget', '', 'The budget was passed on Monday.', 'It raises taxes.'];
    expect(envelopeOf(lines)).toEqual([false, false, false, false]);
  });

  it(`gives up waiting for URL Source: after ${ENVELOPE_MAX_PENDING} held lines, and takes none of them for the envelope`, () => {
    const lines = ['Title: A page', ...Array.from({ length: ENVELOPE_MAX_PENDING }, (_, i) => `Line ${i}`), 'URL Source: https://example.com/'];
    expect(envelopeOf(lines)).toEqual(lines.map(() => false));
  });

  it('hands over the held lines as the page when the document ends while they wait', () => {
    expect(read(['Title: Only a title', ''])).toEqual([
      { line: 'Title: Only a title', envelope: false },
      { line: '', envelope: false },
    ]);
  });

  it('takes nothing for the envelope when the document does not open with Title:', () => {
    const lines = ['Some text first', 'Title: x', 'URL Source: https://example.com/', 'Markdown Content:'];
    expect(envelopeOf(lines)).toEqual([false, false, false, false]);
  });

  it('lets blank lines come before the Title: line', () => {
    expect(envelopeOf(['', 'Title: x', 'URL Source: https://example.com/', 'Markdown Content:', 'Text'])).toEqual([false, true, true, true, false]);
  });

  it('ends the header at the first line that is not a Name: value line when Markdown Content: is missing', () => {
    const lines = ['Title: x', 'URL Source: https://example.com/', 'Published Time: today', 'The page starts here, without a marker.', 'Markdown Content:'];
    expect(envelopeOf(lines)).toEqual([true, true, true, false, false]);
  });

  it(`takes at most ${ENVELOPE_MAX_FIELDS} Name: value lines for the header`, () => {
    const fields = Array.from({ length: ENVELOPE_MAX_FIELDS + 3 }, (_, i) => `Field ${String.fromCharCode(65 + i)}: ${i}`);
    const got = envelopeOf(['Title: x', 'URL Source: https://example.com/', ...fields]);
    expect(got.slice(0, 2 + ENVELOPE_MAX_FIELDS).every(Boolean)).toBe(true);
    expect(got.slice(2 + ENVELOPE_MAX_FIELDS).some(Boolean)).toBe(false);
  });

  it('takes the Images: and Links/Buttons: summaries after an envelope’s page for the envelope, up to the next line that is no list item', () => {
    const lines = [...JINA, '', 'Images:', '- ![Image 1: the road](https://example.com/a.jpg)', '', 'Links/Buttons:', '- [Home](https://example.com/)', 'Trailing text'];
    expect(envelopeOf(lines).slice(JINA.length)).toEqual([false, true, true, true, true, true, false]);
  });

  it('reads an "Images:" line inside a fenced code block of the page as the page’s', () => {
    const code = ['```yaml', 'Images:', '- logo.png', '```', 'After the block.', '~~~', 'Links:', '~~~'];
    expect(envelopeOf([...JINA, ...code]).slice(JINA.length)).toEqual(code.map(() => false));
    // After the block, a summary is read again.
    expect(envelopeOf([...JINA, ...code, 'Images:', '- ![Image 1](a.png)']).slice(JINA.length + code.length)).toEqual([true, true]);
  });

  it('takes the summaries for the envelope when a code fence of the page opened before them never closes', () => {
    // A converter's stray fence is no code block (the Markdown reader reads its lines again as
    // text at the document's end): the summaries after it are the reader's, not the page's code.
    const tail = ['```', 'A paragraph after a stray fence.', '', 'Images:', '- ![Image 1: the road](https://example.com/a.jpg)', '', 'Links/Buttons:', '- [Home](https://example.com/)', 'Trailing text'];
    expect(envelopeOf([...JINA, ...tail]).slice(JINA.length)).toEqual([false, false, false, true, true, true, true, true, false]);
    // Closed after them, the same lines were code, the page's.
    const closed = [...tail, '```'];
    expect(envelopeOf([...JINA, ...closed]).slice(JINA.length)).toEqual(closed.map(() => false));
  });

  it(`holds at most ${ENVELOPE_MAX_HELD_LINES} lines after a summary inside an open fence, then takes them for the page's code`, () => {
    const items = Array.from({ length: ENVELOPE_MAX_HELD_LINES + 5 }, (_, i) => `- ![Image ${i + 1}](a${i}.png)`);
    const env = new ReaderEnvelope();
    let pushed = 0;
    let taken = 0;
    let envelope = 0;
    for (const line of [...JINA, '```', 'Images:', ...items]) {
      env.push(line);
      pushed++;
      for (let d = env.take(); d !== undefined; d = env.take()) {
        taken++;
        if (d.envelope) envelope++;
      }
      expect(pushed - taken).toBeLessThanOrEqual(ENVELOPE_MAX_HELD_LINES);
    }
    // The block grew past the bound: code, the page's, as the Markdown reader takes it.
    expect(envelope).toBe(7);
  });

  it('reads an "Images:" line as the page’s when the document had no envelope', () => {
    expect(envelopeOf(['Some text', 'Images:', '- ![a](b)'])).toEqual([false, false, false]);
  });

  it('takes a line given around it (skip) for the page\'s: with text before Title:, no envelope opens; after the header, the page has started', () => {
    const lines = (env: ReaderEnvelope, ls: string[]) => {
      const out: EnvelopeLine[] = [];
      for (const l of ls) {
        env.push(l);
        for (let d = env.take(); d !== undefined; d = env.take()) out.push(d);
      }
      return out.map((d) => d.envelope);
    };
    const before = new ReaderEnvelope();
    before.skip('');
    before.skip('Some text');
    expect(lines(before, ['Title: x', 'URL Source: https://example.com/', 'Markdown Content:'])).toEqual([false, false, false]);
    const blank = new ReaderEnvelope();
    blank.skip('  ');
    expect(lines(blank, ['Title: x', 'URL Source: https://example.com/', 'Markdown Content:'])).toEqual([true, true, true]);
    // Held lines are handed over as the page's when a line comes around them.
    const held = new ReaderEnvelope();
    expect(lines(held, ['Title: x', ''])).toEqual([]);
    held.skip('');
    expect(lines(held, ['URL Source: https://example.com/'])).toEqual([false, false, false]);
    const header = new ReaderEnvelope();
    expect(lines(header, ['Title: x', 'URL Source: https://example.com/'])).toEqual([true, true]);
    header.skip('The page');
    expect(lines(header, ['Published Time: today', 'Links:', '- [a](b)'])).toEqual([false, true, true]);
  });
});
