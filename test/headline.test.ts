import { describe, expect, it } from 'vitest';
import { FEATURE_COUNT, lineFeatureVector } from '../src/features.js';
import { HEADLINE_LOOKBACK, HEADLINE_MAX_SEARCH_LINES, HeadlineStage, headlineShaped } from '../src/headline.js';
import { defaultLexicon } from '../src/lexicon.js';
import { labelLines } from '../src/pipeline.js';
import { labelHtml } from '../src/document.js';
import type { Label, LabelledLine } from '../src/types.js';
import { runStage, modelLine } from './helpers.js';

const lexicon = defaultLexicon();

const line = modelLine;

/** The labels of `lines` after the stage (with reasons). */
function labelsAfter(lines: LabelledLine[]): Label[] {
  return runStage(new HeadlineStage(lexicon, true), lines).map((l) => l.label);
}

const PARAGRAPH = 'The council voted on Tuesday to put off a decision on the harbour plan until the spring, after residents asked for more time.';

function shaped(text: string): boolean {
  return headlineShaped(text, lineFeatureVector(text, lexicon, undefined, new Float64Array(FEATURE_COUNT)));
}

describe('headlineShaped', () => {
  it('takes a sentence-case or title-case headline of five words and more, and one ending in a question mark', () => {
    expect(shaped('Council delays vote on harbour plan')).toBe(true);
    expect(shaped('Google Bets on the Future With Launch of Stadia Game Streaming Service')).toBe(true);
    expect(shaped('Is Football Violence a Crime?')).toBe(true);
  });

  it('takes a headline with one of the lexicons\' words in it, where the word is not most of the line (QA pass 26)', () => {
    expect(shaped('Regional lender shares slide after shock profit warning')).toBe(true);
    expect(shaped('Home prices rise for sixth month in a row')).toBe(true);
    expect(shaped('Bridge repairs to close main road for six weeks')).toBe(true);
  });

  it('refuses section labels, bylines, dates, share buttons, a sentence and menus', () => {
    for (const text of [
      'Local News',
      'Sharing is caring!',
      'By Ana Ruiz and Tom Field',
      'Published 12 March 2025, 10:42',
      'Share this story on Facebook',
      'Sign up for our morning newsletter today',
      'Home | News | Sport | Weather | Travel',
      'The council voted on Tuesday to put off a decision.',
      'all the news from the harbour today',
    ]) {
      expect(shaped(text), text).toBe(false);
    }
  });
});

describe('HeadlineStage', () => {
  it('makes the nearest headline-shaped line above the first paragraph body, past the byline block, saying why', () => {
    const lines = [
      line('navigation', 'News'),
      line('navigation', 'Council delays vote on harbour plan'),
      line('blank', ''),
      line('body', 'By Ana Ruiz'),
      line('navigation', '12 March 2025'),
      line('navigation', 'Share this story'),
      line('body', PARAGRAPH),
    ];
    const out = runStage(new HeadlineStage(lexicon, true), lines);
    expect(out.map((l) => l.label)).toEqual(['navigation', 'body', 'blank', 'body', 'body', 'navigation', 'body']);
    expect(out[1]!.reason).toMatch(/^body: headline: .* 4 lines above the story's first paragraph; model: navigation: the model$/);
    expect(out[5]!.reason).toBe('navigation: the model');
  });

  it('makes the byline and the date between the headline and the first paragraph body, not the share buttons or a pitch', () => {
    const lines = [
      line('body', 'Council delays vote on harbour plan'),
      line('navigation', 'By Ana Ruiz'),
      line('navigation', 'Share this story'),
      line('navigation', '12 March 2025, 10:42'),
      line('advertisement', 'Subscribe by 12 March for half price'),
      line('body', PARAGRAPH),
    ];
    const out = runStage(new HeadlineStage(lexicon, true), lines);
    expect(out.map((l) => l.label)).toEqual(['body', 'body', 'navigation', 'body', 'advertisement', 'body']);
    expect(out[1]!.reason).toBe("body: headline: a byline or date between the headline and the story's first paragraph; model: navigation: the model");
    expect(out[3]!.reason).toMatch(/^body: headline: a byline or date between/);
  });

  it('reads bylines and dates in the languages of data/roles.json, not only English', () => {
    const lines = [
      line('navigation', 'Fähre nach Nordenham fällt wochenlang aus'),
      line('navigation', 'Von Anna Schmidt'),
      line('navigation', '12. März 2025'),
      line('navigation', 'Teilen'),
      line('body', 'Die Fähre zwischen Blexen und Bremerhaven fährt wegen Bauarbeiten am Anleger bis Ende April nicht, teilte die Reederei am Montag mit.'),
    ];
    expect(labelsAfter(lines)).toEqual(['body', 'body', 'body', 'navigation', 'body']);
  });

  it('leaves a byline or date above the headline as the model said', () => {
    const lines = [line('navigation', '12 March 2025'), line('navigation', 'Council delays vote on harbour plan'), line('body', PARAGRAPH)];
    expect(labelsAfter(lines)).toEqual(['navigation', 'body', 'body']);
  });

  it('changes nothing when the nearest headline-shaped line is body already, though another stands above it', () => {
    const lines = [
      line('navigation', 'Rail drivers vote to strike over pay'),
      line('body', 'Council delays vote on harbour plan'),
      line('body', 'By Ana Ruiz'),
      line('body', PARAGRAPH),
    ];
    const out = runStage(new HeadlineStage(lexicon, true), lines);
    expect(out.map((l) => l.label)).toEqual(['navigation', 'body', 'body', 'body']);
  });

  it('stops at a body line of another shape, so a teaser above a headline the shape test refuses stays navigation (QA pass 26)', () => {
    const lines = [
      line('navigation', 'Why the price of cocoa keeps going up'),
      line('body', 'Storm Elin: flights cancelled as winds reach 90mph'),
      line('navigation', 'Share'),
      line('body', PARAGRAPH),
    ];
    expect(labelsAfter(lines)).toEqual(['navigation', 'body', 'navigation', 'body']);
  });

  it('passes a body byline, a date and a short body line (a photo credit) on its way up', () => {
    const lines = [
      line('navigation', 'Council delays vote on harbour plan'),
      line('body', 'By Ana Ruiz, 12 March 2025'),
      line('body', 'Photo: Tom Field'),
      line('body', PARAGRAPH),
    ];
    expect(labelsAfter(lines)).toEqual(['body', 'body', 'body', 'body']);
  });

  it(`gives up after ${HEADLINE_MAX_SEARCH_LINES} non-blank lines with no paragraph, and lets every line pass`, () => {
    const stage = new HeadlineStage(lexicon, true);
    const out: LabelledLine[] = [];
    for (let i = 0; i < HEADLINE_MAX_SEARCH_LINES; i++) stage.push(line('navigation', 'Menu'), out);
    expect(stage.passing).toBe(false);
    stage.push(line('navigation', 'Council delays vote on harbour plan'), out);
    expect(stage.passing).toBe(true);
    stage.push(line('body', PARAGRAPH), out);
    expect(out).toHaveLength(HEADLINE_MAX_SEARCH_LINES + 2);
    expect(out.at(-2)!.label).toBe('navigation');
  });

  it(`looks no further than ${HEADLINE_LOOKBACK} non-blank lines above the first paragraph`, () => {
    const far = [line('navigation', 'Council delays vote on harbour plan'), ...Array.from({ length: HEADLINE_LOOKBACK }, () => line('navigation', 'Menu')), line('body', PARAGRAPH)];
    expect(runStage(new HeadlineStage(lexicon, true), far)[0]!.label).toBe('navigation');
    const near = far.slice(0, 1).concat(far.slice(2));
    expect(runStage(new HeadlineStage(lexicon, true), near)[0]!.label).toBe('body');
  });

  it('leaves headline-shaped lines after the first paragraph alone, and a paragraph the model did not call body starts nothing', () => {
    const lines = [
      line('navigation', PARAGRAPH),
      line('navigation', 'Council delays vote on harbour plan'),
      line('body', PARAGRAPH),
      line('navigation', 'Rail drivers vote to strike over pay'),
      line('body', PARAGRAPH),
    ];
    const out = runStage(new HeadlineStage(lexicon, true), lines);
    expect(out.map((l) => l.label)).toEqual(['navigation', 'body', 'body', 'navigation', 'body']);
  });

  it(`holds at most ${HEADLINE_LOOKBACK} non-blank lines while no paragraph has come, and passes every line once one has`, () => {
    const stage = new HeadlineStage(lexicon, true);
    const out: LabelledLine[] = [];
    for (let i = 0; i < HEADLINE_LOOKBACK + 5; i++) stage.push(line('navigation', 'Menu'), out);
    expect(out).toHaveLength(5);
    stage.push(line('body', PARAGRAPH), out);
    expect(out).toHaveLength(HEADLINE_LOOKBACK + 6);
    expect(stage.passing).toBe(true);
    stage.push(line('navigation', 'Menu'), out);
    expect(out).toHaveLength(HEADLINE_LOOKBACK + 7);
  });

  it('lets the lines of a page with DOM facts pass unchanged once told to ignore them', () => {
    const stage = new HeadlineStage(lexicon, true);
    const out: LabelledLine[] = [];
    stage.push(line('navigation', 'Council delays vote on harbour plan'), out);
    stage.ignore();
    stage.push(line('body', PARAGRAPH), out);
    expect(out.map((l) => l.label)).toEqual(['navigation', 'body']);
    expect(stage.passing).toBe(true);
  });

  it('writes no reason when reasons are off', () => {
    const out = runStage(new HeadlineStage(lexicon, false), [line('navigation', 'Council delays vote on harbour plan'), line('body', PARAGRAPH)]);
    expect(out[0]!.label).toBe('body');
    expect(out[0]!.reason).toBe('navigation: the model');
  });
});

/** QA pass 24's shape (made-up page): section links, the headline, a byline, a date, then the story. */
const HARBOUR_PAGE = [
      'Home', 'News', 'Sport', 'Business', 'Weather', 'Local', 'Search',
      'Council delays vote on harbour plan',
      'By Ana Ruiz',
      '12 March 2025',
      'Share', 'Facebook', 'Twitter',
      PARAGRAPH,
      'Residents said the plan would double the traffic on the coast road, and the harbour board agreed to publish its survey first.',
      'The vote is now expected in April, when the board will present a revised version of the plan to the full council.',
      'Related stories', 'Rail drivers vote to strike over pay', 'Storm leaves hundreds of homes without power',
      '© 2025 Example Media',
];

describe('the headline in the pipeline', () => {
  it('keeps a sentence-case headline above a separate byline and date line, which the models alone called navigation', async () => {
    const out: LabelledLine[] = [];
    for await (const l of labelLines(HARBOUR_PAGE)) out.push(l);
    const headline = out.find((l) => l.text === 'Council delays vote on harbour plan')!;
    expect(headline.label).toBe('body');
    expect(headline.reason).toMatch(/^body: headline: /);
    expect(out.find((l) => l.text === 'By Ana Ruiz')!.label).toBe('body');
    expect(out.find((l) => l.text === '12 March 2025')!.label).toBe('body');
    expect(out.find((l) => l.text === 'Rail drivers vote to strike over pay')!.label).toBe('navigation');
  });

  it('leaves the lines of an HTML page to the HTML model: a teaser link above the article stays navigation', () => {
    // Without the stage set aside for DOM lines, "Storm leaves ..." (a most-read link, the nearest
    // headline-shaped line above the article's first paragraph) became body.
    const html = `<html><body><nav><a href="/">Home</a> <a href="/news">News</a></nav><aside><h3>Most read</h3><ul><li><a href="/a">Rail drivers vote to strike over pay</a></li><li><a href="/b">Storm leaves hundreds of homes without power</a></li></ul></aside><main><article><p>${PARAGRAPH}</p><p>${HARBOUR_PAGE[14]}</p><p>${HARBOUR_PAGE[15]}</p></article></main><footer>© 2025 Example Media</footer></body></html>`;
    const out = labelHtml(html, { reasons: true });
    expect(out.find((l) => l.text === PARAGRAPH)!.label).toBe('body');
    expect(out.find((l) => l.text === 'Storm leaves hundreds of homes without power')!.label).toBe('navigation');
    expect(out.filter((l) => l.reason.startsWith('body: headline:'))).toEqual([]);
  });
});
