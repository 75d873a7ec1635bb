import { describe, expect, it } from 'vitest';
import { STORY_LIST_LOOKAHEAD, STORY_LIST_MAX_HELD, StoryListStage, listShape, parseListWords } from '../src/lists.js';
import { BoilerstripError } from '../src/errors.js';
import { defaultLexicon } from '../src/lexicon.js';
import { labelLines } from '../src/pipeline.js';
import type { Label, LabelledLine } from '../src/types.js';
import { runStage, modelLine } from './helpers.js';

const lexicon = defaultLexicon();
const line = modelLine;
const labels = (lines: LabelledLine[]): Label[] => lines.map((l) => l.label);

function after(rows: Array<[Label, string]>, stage = new StoryListStage(lexicon, true)): LabelledLine[] {
  return runStage(stage, rows.map(([label, text], i) => line(label, text, i)));
}

const INTRO = 'The soup takes forty minutes from start to finish and keeps for three days in the fridge.';
const METHOD = 'Rinse the lentils, then cook them with the onion until they fall apart and the soup thickens.';

describe('listShape', () => {
  it('reads a bullet or number, a short key before a value, or a quantity with a lower-case word, as a list item', () => {
    expect(listShape('• Strong SQL and working knowledge of Python')).toBe('list item');
    expect(listShape('2) Preheat the oven')).toBe('list item');
    expect(listShape('Weight: 890 g')).toBe('key: value');
    expect(listShape('250 g red lentils, rinsed')).toBe('quantity');
    expect(listShape('Eat every 2–3 hours')).toBe('quantity');
    // A price after the key, a fraction sign, a count in a language that capitalises nouns (QA pass 41).
    expect(listShape('Price: £249')).toBe('key: value');
    expect(listShape('½ tsp chilli flakes')).toBe('quantity');
    expect(listShape('4 Eier')).toBe('quantity');
    expect(listShape('2 TL Zimt')).toBe('quantity');
  });

  it('reads a menu item, a section name and a long line as no list item', () => {
    for (const text of ['Home', 'Weight Loss Tips', '2019 NFL Playoff Picture', '5 Ways To Save On Energy Bills', 'Results: Live', 'one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen twenty 21 cups of flour here now']) {
      expect(listShape(text), text).toBeUndefined();
    }
  });
});

describe('StoryListStage', () => {
  it('takes a list between the story\'s paragraphs that the model called navigation, from the story\'s side inwards, saying why', () => {
    const out = after([
      ['navigation', 'Recipes'],
      ['body', INTRO],
      ['navigation', '250 g red lentils, rinsed'],
      ['blank', ''],
      ['navigation', '1 onion, chopped'],
      ['navigation', '2 tbsp olive oil'],
      ['navigation', '1 litre vegetable stock'],
      ['body', METHOD],
    ]);
    expect(labels(out)).toEqual(['navigation', 'body', 'body', 'blank', 'body', 'body', 'body', 'body']);
    expect(out[2]!.reason).toBe("body: story list: a quantity line between the story's paragraphs; model: navigation: the model");
    expect(out.map((l) => l.index)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
  });

  it('takes nothing before the story has begun, or when its prose does not come back', () => {
    expect(labels(after([['navigation', '250 g red lentils'], ['body', INTRO]]))).toEqual(['navigation', 'body']);
    const tail: Array<[Label, string]> = Array.from({ length: STORY_LIST_LOOKAHEAD }, (_, i): [Label, string] => ['navigation', `Footer link ${i}`]);
    const out = after([['body', INTRO], ['navigation', '250 g red lentils'], ...tail, ['body', METHOD]]);
    expect(out[1]!.label).toBe('navigation');
  });

  it('leaves furniture alone: counters, a forum\'s member line, a related link, a line far from the story', () => {
    for (const text of ['Rating: 9 Votes', '4.4 out of 5 · based on 186 reviews', 'Posts: 57 · Joined: Jan 2025', 'Read more: 5 ways to cook lentils', '12 comments', 'Quick poll: how much do you sleep?', 'Oviedo 1-0 Huesca (72 min)']) {
      expect(labels(after([['body', INTRO], ['navigation', text], ['body', METHOD]])), text).toEqual(['body', 'navigation', 'body']);
    }
    const far = after([['body', INTRO], ['navigation', 'Recipes'], ['navigation', 'Soups'], ['navigation', 'Stews'], ['navigation', '250 g red lentils'], ['body', METHOD]]);
    expect(far[4]!.label).toBe('body');
    const farther = after([['body', INTRO], ['navigation', 'Recipes'], ['navigation', 'Soups'], ['navigation', '250 g red lentils'], ['navigation', 'Stews'], ['navigation', 'Bakes'], ['body', METHOD]]);
    expect(farther[3]!.label).toBe('navigation');
  });

  it('reads the counters of the other lexicon languages, after digits of any script, as furniture (session 37)', () => {
    // A poll's option with its vote count, a review count and a view count, where data/lists.json had no words of the language.
    for (const text of ['Да, конечно — 24 голоса', '4,5 z 5 · 186 opinii', '1 200 katselukertaa', 'Igen, naponta: 24 szavazat', '۲۴ رای', '3 hlasy']) {
      expect(labels(after([['body', INTRO], ['navigation', text], ['body', METHOD]])), text).toEqual(['body', 'navigation', 'body']);
    }
  });

  it('does not reach across a line of furniture: a most-read list\'s items under the story\'s own list stay the sidebar\'s (QA pass 41)', () => {
    const out = after([
      ['body', INTRO],
      ['navigation', '250 g red lentils, rinsed'],
      ['navigation', 'Most read'],
      ['navigation', '1. council approves 200 new homes'],
      ['navigation', 'Weather'],
      ['navigation', 'Sport'],
      ['body', METHOD],
    ]);
    expect(labels(out)).toEqual(['body', 'body', 'navigation', 'navigation', 'navigation', 'navigation', 'body']);
  });

  it('lets every line of an HTML page pass once told to ignore, and lets held lines go unchanged after STORY_LIST_MAX_HELD lines', () => {
    const stage = new StoryListStage(lexicon, true);
    stage.ignore();
    expect(stage.passing).toBe(true);
    expect(labels(after([['body', INTRO], ['navigation', '250 g red lentils'], ['body', METHOD]], stage))).toEqual(['body', 'navigation', 'body']);
    const blanks: Array<[Label, string]> = Array.from({ length: STORY_LIST_MAX_HELD + 5 }, (): [Label, string] => ['blank', '']);
    const out = after([['body', INTRO], ['navigation', '250 g red lentils'], ...blanks, ['body', METHOD]]);
    expect(out[1]!.label).toBe('navigation');
    expect(out).toHaveLength(blanks.length + 3);
  });
});

describe('parseListWords', () => {
  it('names the file and the list that is wrong, and matches a counter after its number only', () => {
    expect(() => parseListWords({ en: { counters: 'votes' } }, 'my-lists.json')).toThrow(BoilerstripError);
    expect(() => parseListWords({ en: { counters: 'votes' } }, 'my-lists.json')).toThrow(/my-lists\.json.*"en\.counters" must be an array/);
    const { counter, widget } = parseListWords({ _note: 'x', en: { counters: ['votes', 'min read'], widgets: ['quick poll', 'live'] } });
    expect(widget.test('Quick poll: how much do you sleep?')).toBe(true);
    expect(widget.test('Live: Leeds 1-0 Hull')).toBe(true);
    expect(widget.test('Liverpool 2-1 Everton')).toBe(false);
    expect(widget.test('Live music every Friday from 8pm')).toBe(false);
    expect(counter.test('Rating: 9 Votes')).toBe(true);
    expect(counter.test('1.2K votes')).toBe(true);
    expect(counter.test('5 min read')).toBe(true);
    expect(counter.test('votes were counted on 9 May')).toBe(false);
    expect(counter.test('9 voters')).toBe(false);
  });
});

describe('the story-list stage in the pipeline', () => {
  it('keeps a recipe\'s ingredients between its paragraphs on a text page', async () => {
    const page = [
      'Home', 'Recipes', 'Soups', '',
      'Red lentil soup',
      INTRO,
      'Ingredients',
      '250 g red lentils, rinsed',
      '1 onion, finely chopped',
      '2 tbsp olive oil',
      '1 litre vegetable stock',
      'Method',
      METHOD,
      'Serve it with bread and a spoon of yogurt, and keep what is left in a closed jar in the fridge.',
      '', 'Privacy Policy', 'Terms of Use',
    ];
    const out: LabelledLine[] = [];
    for await (const l of labelLines(page)) out.push(l);
    const ingredients = out.slice(7, 11);
    expect(ingredients.map((l) => l.label)).toEqual(['body', 'body', 'body', 'body']);
    expect(out[15]!.label).toBe('navigation');
  });
});
