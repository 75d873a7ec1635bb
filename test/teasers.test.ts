import { describe, expect, it } from 'vitest';
import { TEASER_LIST_MAX_LINES, TEASER_MAX_HELD, TeaserListStage, parseTeaserWords } from '../src/teasers.js';
import { BoilerstripError } from '../src/errors.js';
import { HEADLINE_MAX_SEARCH_LINES } from '../src/headline.js';
import { defaultLexicon } from '../src/lexicon.js';
import { labelLines } from '../src/pipeline.js';
import { defaultModel, type Model } from '../src/model.js';
import { labelHtml } from '../src/document.js';
import type { Label, LabelledLine } from '../src/types.js';
import { runStage, modelLine } from './helpers.js';

const lexicon = defaultLexicon();

const line = modelLine;

function after(rows: Array<[Label, string]>, stage = new TeaserListStage(lexicon, true)): LabelledLine[] {
  return runStage(stage, rows.map(([label, text], i) => line(label, text, i)));
}

const labels = (lines: LabelledLine[]): Label[] => lines.map((l) => l.label);

const PARAGRAPH = 'The council voted on Tuesday to put off a decision on the harbour plan until the spring, after residents asked for more time.';
const SECOND = 'Councillors said the plan would be put to the public again in March, with the new costs set out in full.';

describe('TeaserListStage', () => {
  it('makes a list heading after the story and the teaser headlines under it navigation, passing navigation lines, saying why', () => {
    const out = after([
      ['body', 'Council delays vote on harbour plan'],
      ['body', PARAGRAPH],
      ['body', 'Most Read'],
      ['body', 'Bus lane plan goes out to consultation'],
      ['navigation', '2 hours ago'],
      ['blank', ''],
      ['body', 'School to reopen after flood repairs are finished'],
      ['body', 'STORM WATCH'],
      ['body', 'Why the ferry timetable keeps changing?'],
      ['navigation', 'Terms of Use'],
    ]);
    expect(labels(out)).toEqual(['body', 'body', 'navigation', 'navigation', 'navigation', 'blank', 'navigation', 'navigation', 'navigation', 'navigation']);
    expect(out[3]!.reason).toBe('navigation: teasers: under the list heading "Most Read" after the story\'s first paragraph; model: body: the model');
    expect(out[2]!.reason).toMatch(/^navigation: teasers: it is the list heading "Most Read"/);
    expect(out.map((l) => l.index)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it('looks for no heading before the story\'s first paragraph', () => {
    const rows: Array<[Label, string]> = [['body', 'Read more'], ['body', 'Council delays vote on harbour plan'], ['body', PARAGRAPH]];
    expect(labels(after(rows))).toEqual(['body', 'body', 'body']);
  });

  it('stops at a paragraph, and gives back a line right above it: the story\'s own subhead under a heading-like line', () => {
    const out = after([
      ['body', PARAGRAPH],
      ['body', 'What happens next'],
      ['body', 'Residents get their say on the plan'],
      ['body', SECOND],
    ]);
    expect(labels(out)).toEqual(['body', 'body', 'body', 'body']);
  });

  it('gives back a teaser right above a byline: a second story\'s headline', () => {
    const out = after([
      ['body', PARAGRAPH],
      ['navigation', 'More stories'],
      ['body', 'Bus lane plan goes out to consultation'],
      ['body', 'Harbour plan vote delayed again by council'],
      ['body', 'By Jane Roe'],
      ['body', SECOND],
    ]);
    expect(labels(out)).toEqual(['body', 'navigation', 'navigation', 'body', 'body', 'body']);
  });

  it('takes no bulleted item, no line opening with a number, no caption, and no line with a date or price', () => {
    for (const item of ['- Submit the form by Friday', '8-9 ripe pears, cored and peeled', 'Photo: Jane Roe/Reuters', 'Published 12 March 2025', 'Tickets from $25 at the door']) {
      const out = after([['body', PARAGRAPH], ['navigation', 'Read more'], ['body', item]]);
      expect(out[2]!.label, item).toBe('body');
    }
  });

  it('reads a heading only when it opens with the phrase, after a word such as "Our", or ends with "More" (QA pass 30)', () => {
    const teasers: Array<[Label, string]> = [['body', 'Bus lane plan goes out to consultation'], ['body', 'School to reopen after flood repairs are finished']];
    for (const heading of ['Most Read', 'More:', 'Our Latest News', 'Impeachment Inquiry More', 'Related stories']) {
      expect(labels(after([['body', PARAGRAPH], ['navigation', heading], ...teasers])), heading).toEqual(['body', 'navigation', 'navigation', 'navigation']);
    }
    // A phrase inside a title, or an ordinary word that is a phrase alone, heads no list: a poem, an award list, a story's list.
    for (const heading of ['Coming Home', 'The winners in every category', "What's in the deal", 'Home', 'Close', 'Latest developments', 'Next steps', 'Previous attempts']) {
      expect(labels(after([['body', PARAGRAPH], ['body', heading], ...teasers])), heading).toEqual(['body', 'body', 'body', 'body']);
    }
  });

  it('relabels a heading only when it was body: one the model called an advertisement or a disclaimer keeps its label', () => {
    for (const label of ['advertisement', 'disclaimer'] as const) {
      const out = after([['body', PARAGRAPH], [label, 'Most Read'], ['body', 'Bus lane plan goes out to consultation'], ['body', 'School to reopen after flood repairs are finished']]);
      expect(labels(out)).toEqual(['body', label, 'navigation', 'navigation']);
    }
  });

  it('reads no "Label: title" line as a heading: it is an inline teaser', () => {
    const out = after([['body', PARAGRAPH], ['navigation', 'Related post: Pickled Sprouts Recipe'], ['body', 'WHAT YOU NEED TO MAKE JAM'], ['body', 'Harbour plan vote delayed again by council']]);
    expect(labels(out)).toEqual(['body', 'navigation', 'body', 'body']);
  });

  it('ends a run at an advertisement or a disclaimer, and after TEASER_LIST_MAX_LINES lines under its heading', () => {
    expect(labels(after([['body', PARAGRAPH], ['navigation', 'Most Read'], ['advertisement', 'Sponsored'], ['body', 'Bus lane plan goes out to consultation']]))).toEqual(['body', 'navigation', 'advertisement', 'body']);
    const rows: Array<[Label, string]> = [['body', PARAGRAPH], ['navigation', 'Most Read']];
    for (let i = 0; i < TEASER_LIST_MAX_LINES; i++) rows.push(['navigation', `Section ${i}`]);
    rows.push(['body', 'Bus lane plan goes out to consultation']);
    expect(after(rows).at(-1)!.label).toBe('body');
    rows.splice(rows.length - 2, 1);
    expect(after(rows).at(-1)!.label).toBe('navigation');
  });

  it(`holds no more than ${TEASER_MAX_HELD} lines, blank ones too`, () => {
    const stage = new TeaserListStage(lexicon, false);
    const out: LabelledLine[] = [];
    stage.push(line('body', PARAGRAPH, 0), out);
    stage.push(line('navigation', 'Most Read', 1), out);
    for (let i = 0; i < TEASER_MAX_HELD * 2; i++) {
      stage.push(line('blank', '', i + 2), out);
      expect(i + 3 - out.length).toBeLessThanOrEqual(TEASER_MAX_HELD);
    }
    stage.flush(out);
    expect(out).toHaveLength(TEASER_MAX_HELD * 2 + 2);
  });

  it(`lets every line pass after ${HEADLINE_MAX_SEARCH_LINES} lines with no paragraph, and when told the lines carry DOM facts`, () => {
    const rows: Array<[Label, string]> = [];
    for (let i = 0; i < HEADLINE_MAX_SEARCH_LINES; i++) rows.push(['body', 'Short line']);
    rows.push(['body', PARAGRAPH], ['body', 'Most Read'], ['body', 'Bus lane plan goes out to consultation']);
    expect(labels(after(rows)).slice(-2)).toEqual(['body', 'body']);
    const stage = new TeaserListStage(lexicon, true);
    stage.ignore();
    expect(stage.passing).toBe(true);
    expect(labels(after([['body', PARAGRAPH], ['body', 'Most Read'], ['body', 'Bus lane plan goes out to consultation']], stage))).toEqual(['body', 'body', 'body']);
  });
});

describe('parseTeaserWords', () => {
  it('refuses lists that are not arrays of words, naming the file, the language and the list', () => {
    expect(() => parseTeaserWords({ en: { leading: 'our' } }, 'my-teasers.json')).toThrow(BoilerstripError);
    expect(() => parseTeaserWords({ en: { leading: 'our' } }, 'my-teasers.json')).toThrow(/"en\.leading" must be an array/);
    expect(() => parseTeaserWords([])).toThrow(/JSON object/);
    expect([...parseTeaserWords({ _note: 'x', en: { notAlone: ['Join  Us'] } }).notAlone]).toEqual(['join us']);
  });
});

describe('the teaser stage in the pipeline', () => {
  const page = [
    'Council delays vote on harbour plan',
    'By Jane Roe',
    PARAGRAPH,
    SECOND,
    'Most Read',
    'Bus lane plan goes out to consultation',
    'School to reopen after flood repairs are finished',
    'Why the ferry timetable keeps changing?',
    'About Us',
  ];

  it('labels a most-read list after the story navigation where the model kept it, with a model that keeps every line', async () => {
    // The shipped model's offsets with body far ahead: every line comes to the stage as body.
    const model: Model = { ...defaultModel(), smooth: undefined, offsets: { body: 1000, navigation: 0, advertisement: 0, disclaimer: 0 } };
    const out: LabelledLine[] = [];
    for await (const l of labelLines(page, { model })) out.push(l);
    expect(labels(out)).toEqual(['body', 'body', 'body', 'body', 'navigation', 'navigation', 'navigation', 'navigation', 'body']);
    expect(out[5]!.reason).toMatch(/^navigation: teasers: under the list heading "Most Read"/);
  });

  it('leaves an HTML page\'s lines to the HTML model', () => {
    const html = `<html><body><article><h1>Council delays vote on harbour plan</h1><p>${PARAGRAPH}</p><p>${SECOND}</p>
<p>Most Read</p><p>Bus lane plan goes out to consultation</p><p>School to reopen after flood repairs are finished</p></article></body></html>`;
    for (const l of labelHtml(html)) expect(l.reason).not.toMatch(/teasers:/);
  });
});
