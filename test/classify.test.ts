import { describe, expect, it } from 'vitest';
import { FirstStage, FirstStageMemo, firstLabel, type Scored } from '../src/classify.js';
import { CLASSES } from '../src/types.js';
import { argmax, defaultModel, denseTable, logSoftmax, parseModel, readabilityModel, score, scoreVector, type Model } from '../src/model.js';
import { lineFeatures, lineFeatureVector } from '../src/features.js';
import { defaultLexicon } from '../src/lexicon.js';
import { Lexicon } from '../src/lexicon.js';
import { BoilerstripError } from '../src/errors.js';
import { F, FEATURE_SCHEMA, fromRecord, toRecord } from '../src/schema.js';

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
    const f = { bias: 1, prose: 0.5, w1: 1, label_like: 1, lex_cta: 0.5 };
    const { scores, label } = firstLabel(f, tiny);
    expect(scores).toEqual({
      body: 0.5 * 1 + 2 * 0.5 + -1 * 1, // 0.5
      navigation: 3 * 1 + 0.25 * 1, // 3.25
      advertisement: -1 * 1 + 4 * 0.5, // 1
      disclaimer: 0,
    });
    expect(label).toBe('navigation');
  });

  it('gives the same scores for a feature record and the same features as a vector', () => {
    const f = { bias: 1, prose: 0.5, w1: 1, label_like: 1, lex_cta: 0.5, copyright: 1 };
    expect(firstLabel(fromRecord(f), tiny)).toEqual(firstLabel(f, tiny));
  });

  it('rejects a feature record naming a feature outside the schema, naming it', () => {
    expect(() => firstLabel({ bias: 1, unknown_feature: 7 }, tiny)).toThrow(/unknown feature "unknown_feature"/);
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
  it('keeps a model\'s markdown flag and refuses one that is not a boolean, naming it', () => {
    expect(parseModel({ ...tinyRaw(), markdown: true }).markdown).toBe(true);
    expect(parseModel(tinyRaw()).markdown).toBeUndefined();
    expect(() => parseModel({ ...tinyRaw(), markdown: 'yes' })).toThrow(/"markdown" must be true or false/);
  });

  it('rejects a file name that is not a string at the call, naming the function and the argument', () => {
    expect(() => parseModel(tinyRaw(), 5 as never)).toThrow('parseModel(): argument `file` must be a string (its name, for errors), got number');
  });

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

  it('keeps decision offsets, filling a class it does not name with 0', () => {
    const m = parseModel({ ...tinyRaw(), offsets: { navigation: 0.5, advertisement: -0.5 } });
    expect(m.offsets).toEqual({ body: 0, navigation: 0.5, advertisement: -0.5, disclaimer: 0 });
    expect(parseModel(tinyRaw()).offsets).toBeUndefined();
  });

  it('rejects an offset that is not a number or not a class, naming the entry', () => {
    expect(() => parseModel({ ...tinyRaw(), offsets: { navigation: '0.5' } })).toThrow(/"offsets\.navigation" is not a number/);
    expect(() => parseModel({ ...tinyRaw(), offsets: { nav: 0.5 } })).toThrow(/"offsets\.nav" is not a class/);
    expect(() => parseModel({ ...tinyRaw(), offsets: 1 })).toThrow(/"offsets" must be an object/);
  });

  it('rejects transitions that are not a 4x4 array', () => {
    const raw = tinyRaw();
    raw.transitions = [[0, 0, 0, 0]];
    expect(() => parseModel(raw)).toThrow(/transitions/);
  });

  it('rejects a weight for a feature outside the schema, naming the entry', () => {
    const raw = tinyRaw();
    (raw.first.body as Record<string, number>).prose_density = 1;
    expect(() => parseModel(raw)).toThrow(BoilerstripError);
    expect(() => parseModel(raw)).toThrow(/"first\.body\.prose_density" is not a known feature/);
  });

  it('rejects a context weight for a context-free feature: each table has its own schema', () => {
    const raw = tinyRaw();
    (raw.context.navigation as Record<string, number>).w1 = 1;
    expect(() => parseModel(raw)).toThrow(/"context\.navigation\.w1" is not a known context feature/);
  });

  it('names the file in the message', () => {
    expect(() => parseModel(null, 'weights.json')).toThrow(/weights\.json/);
  });

  it('validates the bundled model', () => {
    expect(() => parseModel(JSON.parse(JSON.stringify(model)))).not.toThrow();
  });

  it('validates the Readability model as well', () => {
    expect(() => parseModel(JSON.parse(JSON.stringify(readabilityModel())))).not.toThrow();
  });
});

describe('denseTable and scoreVector', () => {
  it('resolve every named weight to its slot, and leave the other slots 0', () => {
    const t = denseTable(parseModel(tinyRaw()).first, FEATURE_SCHEMA);
    const row = (c: number) => Array.from(t.weights.subarray(c * t.width, (c + 1) * t.width));
    expect(row(0)[F.bias]).toBe(0.5);
    expect(row(0)[F.prose]).toBe(2);
    expect(row(1)[F.label_like]).toBe(0.25);
    expect(row(3)[F.copyright]).toBe(5);
    expect(row(3).filter((w) => w !== 0)).toEqual([5]);
  });

  it('reject a table built in code that names an unknown feature, naming the entry', () => {
    const table = { body: { bias: 1, made_up: 2 }, navigation: {}, advertisement: {}, disclaimer: {} };
    expect(() => denseTable(table, FEATURE_SCHEMA)).toThrow(/"first\.body\.made_up" is not a known feature/);
  });

  it('give exactly the scores of the name-keyed sum on real lines with the bundled model', () => {
    const lexicon = defaultLexicon();
    const t = denseTable(model.first, FEATURE_SCHEMA);
    for (const text of ['Home', 'Subscribe to our newsletter for daily updates', '© 2024 Example Media. All rights reserved.', 'The council met on Tuesday, and the vote, which had been delayed twice, finally passed.']) {
      const vector = lineFeatureVector(text, lexicon);
      expect(scoreVector(vector, t)).toEqual(score(lineFeatures(text, lexicon), model.first));
    }
  });

  it('add to the scores they are given exactly as the name-keyed sum does, the starting values kept bit for bit', () => {
    const lexicon = defaultLexicon();
    const t = denseTable(model.first, FEATURE_SCHEMA);
    const vector = lineFeatureVector('Subscribe to our newsletter for daily updates', lexicon);
    const record = lineFeatures('Subscribe to our newsletter for daily updates', lexicon);
    for (const start of [0, -0, 0.1, -1e-300, 123456.789, 5e-324]) {
      const into = { body: start, navigation: -start, advertisement: start / 3, disclaimer: 1 / 3 };
      const want = score(record, model.first, { ...into });
      const got = scoreVector(vector, t, { ...into });
      for (const c of CLASSES) expect([start, c, Object.is(got[c], want[c])]).toEqual([start, c, true]);
    }
    // With no features at all, the starting values come back unchanged (-0 included).
    const none = scoreVector(new Float64Array(t.width), t, { body: -0, navigation: 5e-324, advertisement: -1.5, disclaimer: 0 });
    expect(Object.is(none.body, -0) && none.navigation === 5e-324 && none.advertisement === -1.5).toBe(true);
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
    expect(toRecord(out[1]!.features)).toEqual({});
    expect(out[2]!.scores.disclaimer).toBe(5);
  });
});

describe('FirstStageMemo', () => {
  const entry = (n: number) => ({ features: new Float64Array(1), repeatHash: undefined, scores: { body: n, navigation: 0, advertisement: 0, disclaimer: 0 }, probs: { body: 1, navigation: 0, advertisement: 0, disclaimer: 0 }, first: 'body' as const });
  /** Offer a line twice: the doorkeeper lets it in on the second offer. */
  const keep = (memo: FirstStageMemo, text: string) => {
    memo.set(text, entry(1));
    memo.set(text, entry(1));
  };

  it('keeps a line only from its second sighting on, so one-off lines (most prose) are never held', () => {
    const memo = new FirstStageMemo(4);
    memo.set('A paragraph that occurs once.', entry(1));
    expect(memo.get('A paragraph that occurs once.')).toBeUndefined();
    memo.set('A paragraph that occurs once.', entry(2));
    expect(memo.get('A paragraph that occurs once.')?.scores.body).toBe(2);
  });

  it('keeps at most two generations of `capacity` lines, dropping the oldest generation', () => {
    const memo = new FirstStageMemo(2);
    for (const t of ['a', 'b', 'c', 'd', 'e']) keep(memo, t);
    expect(memo.size).toBeLessThanOrEqual(4);
    expect(memo.get('a')).toBeUndefined();
    expect(memo.get('e')).toBeDefined();
  });

  it('moves a line found in the older generation forward, so a recurring line stays', () => {
    const memo = new FirstStageMemo(2);
    keep(memo, 'menu');
    keep(memo, 'x1');
    keep(memo, 'x2'); // 'menu' is now in the older generation
    expect(memo.get('menu')).toBeDefined(); // and moves forward
    keep(memo, 'x3');
    keep(memo, 'x4');
    expect(memo.get('menu')).toBeDefined();
    expect(memo.get('x1')).toBeUndefined();
  });
});

describe('FirstStage with repeated lines', () => {
  it('gives a repeated text line the same features and scores as its first occurrence, in its own scores object', () => {
    const stage = new FirstStage(model, defaultLexicon());
    const out: Scored[] = [];
    const lines = ['Share this article', 'The council met on Tuesday and agreed the budget.', 'Share this article', 'Share this article'];
    for (const text of lines) stage.push({ text }, out);
    for (const i of [2, 3]) {
      expect(toRecord(out[i]!.features)).toEqual(toRecord(out[0]!.features));
      expect(out[i]!.scores).toEqual(out[0]!.scores);
      expect(out[i]!.first).toBe(out[0]!.first);
    }
    expect(out[3]!.scores).not.toBe(out[2]!.scores);
    expect(out[2]!.scores).toEqual(firstLabel(lineFeatures('Share this article', defaultLexicon()), model).scores);
  });

  it('never serves scores of other weights: a stage with another model scores the same text afresh', () => {
    const a = new FirstStage(parseModel(tinyRaw()), defaultLexicon());
    const raw = tinyRaw();
    raw.first.navigation.w1 = 30;
    const b = new FirstStage(parseModel(raw), defaultLexicon());
    const outA: Scored[] = [];
    const outB: Scored[] = [];
    a.push({ text: 'Gardening' }, outA);
    b.push({ text: 'Gardening' }, outB);
    expect(outA[0]!.scores.navigation).toBe(3.25);
    expect(outB[0]!.scores.navigation).toBe(30.25);
  });

  it('scores an HTML line from its DOM facts, not from an earlier text line with the same text', () => {
    const stage = new FirstStage(model, defaultLexicon());
    const out: Scored[] = [];
    stage.push({ text: 'Gardening' }, out);
    stage.push({ text: 'Gardening', dom: { tag: 'a', ancestors: ['nav'], hints: ['nav'], linkDensity: 1, inList: true, headingLevel: 0, inTable: false, inFigure: false, inForm: false, inNav: true, inHeader: false, inFooter: false, inAside: false, inArticle: false, inMain: false, depth: 3 } }, out);
    expect(toRecord(out[1]!.features)).toMatchObject({ html: 1, in_nav: 1, hint_nav: 1 });
    expect(toRecord(out[0]!.features).html).toBeUndefined();
  });
});

describe('firstLabel arguments', () => {
  it('rejects features or a model of the wrong kind at the call, naming the function and the argument', () => {
    // They failed as 'Cannot convert undefined or null to object' and "reading 'body'".
    expect(() => firstLabel(null as never, defaultModel())).toThrow(/^firstLabel\(\): argument `features` must be a feature record.*got null/);
    expect(() => firstLabel(new Float64Array(2), defaultModel())).toThrow(/^firstLabel\(\): argument `features`/);
    expect(() => firstLabel({ bias: 1 }, 5 as never)).toThrow('firstLabel(): argument `model` must be a model (parseModel or defaultModel), got number');
    expect(CLASSES).toContain(firstLabel({ bias: 1 }, defaultModel()).label);
  });
});
