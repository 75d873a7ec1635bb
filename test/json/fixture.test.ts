/**
 * A small crawl file through the library: readJsonl finds the records,
 * pickPage the page in each, processPage the clean text. One line in the
 * middle is a truncated object; it must cost that record only.
 */
import { describe, expect, it } from 'vitest';
import { createReadStream } from 'node:fs';
import path from 'node:path';
import { BoilerstripError } from '../../src/errors.js';
import { ERR_JSON_SYNTAX, pickPage, readJsonl } from '../../src/json/records.js';
import { processPage, type DocumentResult } from '../../src/document.js';
import { collect } from './helpers.js';

const FILE = path.resolve(import.meta.dirname, '../fixtures/crawl-with-bad-record.jsonl');

interface Cleaned {
  url: unknown;
  field: string;
  result: DocumentResult;
}

async function readFixture() {
  const events = await collect(readJsonl(createReadStream(FILE), { file: 'crawl-with-bad-record.jsonl' }));
  const cleaned: Cleaned[] = [];
  for (const e of events) {
    if (e.kind !== 'record') continue;
    const picked = pickPage(e.value);
    if ('error' in picked) throw new Error(`record ${e.index}: ${picked.error}`);
    cleaned.push({ url: (e.value as { url?: unknown }).url, field: picked.field, result: processPage(picked.page) });
  }
  return { events, cleaned };
}

/** Lines of the crawl pages' menus, footers and share bars: none may be kept. */
const FURNITURE = [
  'Home', 'Weather', 'Horoscopes', 'Puzzles', 'Contact',
  'World', 'Science', 'Technology', 'Share this story',
  'Club', 'Fixtures', 'Results', 'Gallery',
];

describe('crawl-with-bad-record.jsonl through readJsonl, pickPage and processPage', () => {
  it('yields three records and one error event, in file order', async () => {
    const { events } = await readFixture();
    expect(events.map((e) => e.kind)).toEqual(['record', 'record', 'error', 'record']);
    expect(events.map((e) => e.index)).toEqual([0, 1, 2, 3]);
    expect(events.map((e) => e.line)).toEqual([1, 2, 3, 4]);
  });

  it('reports the truncated object as a syntax error naming its line, file and record', async () => {
    const { events } = await readFixture();
    const errors = events.filter((e) => e.kind === 'error');
    expect(errors).toHaveLength(1);
    const bad = errors[0]!;
    if (bad.kind !== 'error') throw new Error('unreachable');
    expect(bad.line).toBe(3);
    expect(bad.error).toBeInstanceOf(BoilerstripError);
    expect(bad.error.code).toBe(ERR_JSON_SYNTAX);
    expect(bad.error).toMatchObject({ file: 'crawl-with-bad-record.jsonl', line: 3, record: 2 });
    expect(bad.error.message).toMatch(/^crawl-with-bad-record\.jsonl:3: malformed JSON: /);
  });

  it('takes the page from html in the HTML records and from text in the plain-text record', async () => {
    const { cleaned } = await readFixture();
    expect(cleaned.map((c) => [c.url, c.field, c.result.format])).toEqual([
      ['https://news.example.org/2031/06/riverside-library-reopens', 'html', 'html'],
      ['https://daily.example.net/science/church-roof-beetles', 'text', 'text'],
      ['https://fellrunners.example.com/news/beacon-race-fifty', 'html', 'html'],
    ]);
  });

  it('keeps the article sentences of every good record', async () => {
    const { cleaned } = await readFixture();
    const [library, beetles, race] = cleaned.map((c) => c.result.text);
    expect(library).toContain('Riverside library reopens after flood repairs');
    expect(library).toContain('The Riverside branch library opened its doors again on Monday morning');
    expect(library).toContain('Volunteers spent the weekend carrying boxes of donated books');
    expect(library).toContain('the new floor has been raised by forty centimetres');
    expect(beetles).toContain('Tiny beetles found living in old church roof');
    expect(beetles).toContain('Surveyors repairing the roof of a village church were surprised');
    expect(beetles).toContain('The insects feed on fungus that grows in very old, slowly decaying timber');
    expect(beetles).toContain('The repair work has been paused while ecologists work out');
    expect(race).toContain('Hill runners mark fifty years of the Beacon Race');
    expect(race).toContain('More than three hundred runners lined up in the market square');
    expect(race).toContain('The winner, a nineteen-year-old student running her first senior race');
    expect(race).toContain('Several of the runners from the very first race in 1981');
    for (const c of cleaned) expect(c.result.confidence).toBeGreaterThan(0.5);
  });

  it('drops the menu words, share bar and copyright lines', async () => {
    const { cleaned } = await readFixture();
    for (const c of cleaned) {
      const kept = c.result.text.split('\n');
      for (const word of FURNITURE) expect(kept, `${String(c.url)} keeps "${word}"`).not.toContain(word);
      expect(c.result.text).not.toMatch(/Horoscopes|Puzzles|Fixtures|Gallery|Share this story/);
      expect(c.result.text).not.toContain('©');
      expect(c.result.text).not.toContain('cut off');
    }
  });
});
