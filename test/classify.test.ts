import { describe, expect, it } from 'vitest';
import { FirstStage, firstLabel, type Scored } from '../src/classify.js';
import { argmax, defaultModel, logSoftmax, parseModel, score, type Model } from '../src/model.js';
import { Lexicon } from '../src/lexicon.js';
import { BoilerstripError } from '../src/errors.js';

const model = defaultModel();

/** A tiny model with round weights, so expected sums can be worked out by hand. */
function tinyRaw() {
  return {
    source: 'test',
    first: {
      body: { bias: 0.5, prose: 2, w1: -1 },
      navigation: { w1: 3, label_like: 0.25 },
      advertisement: { bias: -1, lex_cta: 4 },
      disclaimer: { copyright: 5 },
    },
    context: { body: {}, navigation: {}, advertisement: {}, disclaimer: {} },
    transitions: [
      [0, 0, 0, 0],
      [0, 0, 0, 0],
      [0, 0, 0, 0],
      [0, 0, 0, 0],
    ],
  };
}

describe('firstLabel with the default model', () => {
  it('labels a prose feature record body', () => {
    expect(firstLabel({ bias: 1, prose: 1, stop_density: 0.5, sent_end: 1, w30p: 1 }, model).label).toBe('body');
  });

  it('labels a one-word title-case UI label navigation', () => {
    expect(firstLabel({ bias: 1, w1: 1, label_like: 1, title_case: 1, lex_ui: 1 }, model).label).toBe('navigation');
  });

  it('labels a short call to action advertisement', () => {
    expect(firstLabel({ bias: 1, w2_4: 1, lex_cta: 1 }, model).label).toBe('advertisement');
  });

  it('labels a copyright line with legal wording disclaimer', () => {
    expect(firstLabel({ bias: 1, copyright: 1, lex_legal: 1 }, model).label).toBe('disclaimer');
  });

  it('returns the scores it chose from, with the label as their argmax', () => {
    const { label, scores } = firstLabel({ bias: 1, w2_4: 1, lex_cta: 1 }, model);
    expect(Object.keys(scores).sort()).toEqual(['advertisement', 'body', 'disclaimer', 'navigation']);
    for (const c of ['body', 'navigation', 'disclaimer'] as const) expect(scores.advertisement).toBeGreaterThan(scores[c]);
    expect(argmax(scores)).toBe(label);
  });
});

describe('scores of a hand-made model', () => {
  const tiny = parseModel(tinyRaw());

  it('are the exact weighted sums of the features', () => {
    const f = { bias: 1, prose: 0.5, w1: 1, label_like: 1, lex_cta: 0.5, unknown_feature: 7 };
    const { scores, label } = firstLabel(f, tiny);
    expect(scores).toEqual({
      body: 0.5 * 1 + 2 * 0.5 + -1 * 1, // 0.5
      navigation: 3 * 1 + 0.25 * 1, // 3.25
      advertisement: -1 * 1 + 4 * 0.5, // 1
      disclaimer: 0,
    });
    expect(label).toBe('navigation');
  });

  it('scores an empty record as all zeros and breaks the tie towards body', () => {
    const { scores, label } = firstLabel({}, tiny);
    expect(scores).toEqual({ body: 0, navigation: 0, advertisement: 0, disclaimer: 0 });
    expect(label).toBe('body');
  });

  it('adds to existing scores when score() is given an accumulator', () => {
    const into = { body: 10, navigation: 0, advertisement: 0, disclaimer: 1 };
    score({ copyright: 1 }, tiny.first, into);
    expect(into).toEqual({ body: 10, navigation: 0, advertisement: 0, disclaimer: 6 });
  });

  it('turns scores into log-probabilities that sum to one', () => {
    const out = logSoftmax({ body: 1, navigation: 2, advertisement: 3, disclaimer: 4 }, []);
    expect(out.reduce((s, v) => s + Math.exp(v), 0)).toBeCloseTo(1, 12);
    expect(out[3]! - out[0]!).toBeCloseTo(3, 12);
  });
});

describe('parseModel', () => {
  it('accepts a complete model and keeps its source', () => {
    const m: Model = parseModel(tinyRaw());
    expect(m.source).toBe('test');
    expect(m.transitions).toHaveLength(4);
  });

  it('rejects a model with a missing class, naming the entry', () => {
    const raw = tinyRaw() as { first: Record<string, unknown> };
    delete raw.first.disclaimer;
    expect(() => parseModel(raw)).toThrow(BoilerstripError);
    expect(() => parseModel(raw)).toThrow(/first\.disclaimer/);
  });

  it('rejects a model with a missing context table, naming it', () => {
    const raw = tinyRaw() as { context?: unknown };
    delete raw.context;
    expect(() => parseModel(raw)).toThrow(/"context"/);
  });

  it('rejects a non-number weight, naming the entry', () => {
    const raw = tinyRaw();
    (raw.first.navigation as Record<string, unknown>).w1 = '3';
    expect(() => parseModel(raw)).toThrow(/first\.navigation\.w1.*not a number/);
    (raw.first.navigation as Record<string, unknown>).w1 = Number.NaN;
    expect(() => parseModel(raw)).toThrow(/first\.navigation\.w1/);
  });

  it('rejects transitions that are not a 4x4 array', () => {
    const raw = tinyRaw();
    raw.transitions = [[0, 0, 0, 0]];
    expect(() => parseModel(raw)).toThrow(/transitions/);
  });

  it('names the file in the message', () => {
    expect(() => parseModel(null, 'weights.json')).toThrow(/weights\.json/);
  });

  it('validates the bundled model', () => {
    expect(() => parseModel(JSON.parse(JSON.stringify(model)))).not.toThrow();
  });
});

describe('FirstStage', () => {
  it('numbers lines, gives blank lines the label blank with zero scores, and scores the rest', () => {
    const stage = new FirstStage(parseModel(tinyRaw()), new Lexicon({}));
    const out: Scored[] = [];
    stage.push({ text: 'Gardening' }, out);
    stage.push({ text: '   ' }, out);
    stage.push({ text: '© Example Media' }, out);
    expect(out.map((s) => [s.index, s.blank, s.first])).toEqual([
      [0, false, 'navigation'],
      [1, true, 'blank'],
      [2, false, 'disclaimer'],
    ]);
    expect(out[1]!.scores).toEqual({ body: 0, navigation: 0, advertisement: 0, disclaimer: 0 });
    expect(out[1]!.features).toEqual({});
    expect(out[2]!.scores.disclaimer).toBe(5);
  });
});
