import { describe, it } from 'vitest';
import { argmax, defaultModel, denseTable, FAST_FIXED_MAX, freezeModel, htmlModel, logSoftmax, parseModel, runnerUp, toFixed2, vectorContributions, type Model } from '../src/model.js';
import { CLASSES, type ContentLabel, type Scores } from '../src/types.js';
import { seededRandom } from '../src/eval/metric.js';
import { F, FEATURE_SCHEMA, fromRecord } from '../src/schema.js';

/** A deep copy of the shipped model, not frozen. */
function editableCopy(): Model {
  return parseModel(JSON.parse(JSON.stringify(defaultModel())));
}

describe('denseTable', () => {
  it('returns the same resolved table on every call for a frozen model', ({ expect }) => {
    const model = defaultModel();
    expect(Object.isFrozen(model.first.body)).toBe(true);
    expect(denseTable(model.first, FEATURE_SCHEMA)).toBe(denseTable(model.first, FEATURE_SCHEMA));
    expect(Object.isFrozen(htmlModel().context)).toBe(true);
  });

  it('resolves a table that can still change again on every call, so an edit is seen', ({ expect }) => {
    const model = editableCopy();
    const before = denseTable(model.first, FEATURE_SCHEMA);
    model.first.body.bias = (model.first.body.bias ?? 0) + 1;
    const after = denseTable(model.first, FEATURE_SCHEMA);
    expect(after).not.toBe(before);
    expect(after.weights[F.bias]).toBe(before.weights[F.bias]! + 1);
  });

  it('gives a frozen copy the same weights as the table it was frozen from', ({ expect }) => {
    const model = editableCopy();
    const open = denseTable(model.first, FEATURE_SCHEMA);
    const frozen = denseTable(freezeModel(model).first, FEATURE_SCHEMA);
    expect([...frozen.weights]).toEqual([...open.weights]);
  });
});

describe('freezeModel', () => {
  it('makes the tables and transitions read-only', ({ expect }) => {
    const model = freezeModel(editableCopy());
    expect(() => {
      (model.first.body as Record<string, number>).bias = 5;
    }).toThrow(TypeError);
    expect(() => {
      model.transitions[0]![0] = 1;
    }).toThrow(TypeError);
  });
});

describe('vectorContributions', () => {
  it('names the three strongest features over 0.05, strongest first, the earlier one first on a tie, never the bias', ({ expect }) => {
    const table = denseTable({ body: { bias: 9, w1: 0.5, prose: 0.3, commas: 0.3, url: 0.04, year: 2 }, navigation: {}, advertisement: {}, disclaimer: {} }, FEATURE_SCHEMA);
    const features = fromRecord({ bias: 1, w1: 1, prose: 1, commas: 1, url: 1, year: 0.1 }, FEATURE_SCHEMA);
    const names = [...FEATURE_SCHEMA.names];
    const tie = names.indexOf('prose') < names.indexOf('commas') ? ['prose', 'commas'] : ['commas', 'prose'];
    expect(vectorContributions([{ features, table }], 'body', 'navigation')).toEqual(['w1 +0.50', `${tie[0]} +0.30`, `${tie[1]} +0.30`]);
    expect(vectorContributions([{ features, table }], 'body', 'navigation', 1)).toEqual(['w1 +0.50']);
    expect(vectorContributions([{ features, table }], 'navigation', 'body')).toEqual([]);
  });
});

describe('toFixed2', () => {
  /** The doubles `steps` units in the last place either side of `x` (x itself included). */
  function neighbours(x: number, steps: number): number[] {
    const f = new Float64Array([x]);
    const bits = new BigInt64Array(f.buffer);
    const base = bits[0]!;
    const out: number[] = [];
    for (let d = -steps; d <= steps; d++) {
      bits[0] = base + BigInt(d);
      out.push(f[0]!);
    }
    return out;
  }

  it('writes what Number#toFixed(2) writes on values whose decimal half-way point is not what it looks like', ({ expect }) => {
    // 1.005 is stored just below 1.005, 0.125 exactly: toFixed rounds them 1.00 and 0.13.
    const tricky = [0, -0, 0.005, 0.015, 0.045, 0.055, 0.125, 0.145, 1.005, 1.255, 2.675, 5e-324, 0.05, 0.3, 1, 99.995, FAST_FIXED_MAX];
    for (const x of tricky) expect([x, toFixed2(x)]).toEqual([x, x.toFixed(2)]);
  });

  it('writes what Number#toFixed(2) writes beside every half-hundredth, to the last bit', ({ expect }) => {
    const bad: number[] = [];
    for (let k = 0; k < 20000; k++) for (const x of neighbours((k + 0.5) / 100, 3)) if (toFixed2(x) !== x.toFixed(2)) bad.push(x);
    expect(bad).toEqual([]);
  });

  it('writes what Number#toFixed(2) writes on random values of every size it formats itself', ({ expect }) => {
    const random = seededRandom(7);
    const bad: number[] = [];
    for (let i = 0; i < 100000; i++) {
      const x = random() * 10 ** Math.floor(random() * 17 - 4);
      if (toFixed2(x) !== x.toFixed(2)) bad.push(x);
    }
    expect(bad).toEqual([]);
  });

  it('leaves negative, huge and non-finite values to Number#toFixed', ({ expect }) => {
    for (const x of [-1.5, -0.125, FAST_FIXED_MAX * 10, 1e21, Number.NaN, Number.POSITIVE_INFINITY]) expect(toFixed2(x)).toBe(x.toFixed(2));
  });
});

describe('argmax, runnerUp and logSoftmax, written out per class', () => {
  // The loops over CLASSES they replace, as they were.
  function loopArgmax(scores: Scores): ContentLabel {
    let best: ContentLabel = 'body';
    for (const c of CLASSES) if (scores[c] > scores[best]) best = c;
    return best;
  }
  function loopRunnerUp(scores: Scores, winner: ContentLabel): ContentLabel {
    let best: ContentLabel | undefined;
    for (const c of CLASSES) if (c !== winner && (best === undefined || scores[c] > scores[best])) best = c;
    return best!;
  }
  function loopLogSoftmax(scores: Scores): number[] {
    let max = -Infinity;
    for (const c of CLASSES) if (scores[c] > max) max = scores[c];
    let sum = 0;
    for (const c of CLASSES) sum += Math.exp(scores[c] - max);
    const lse = max + Math.log(sum);
    return CLASSES.map((c) => scores[c] - lse);
  }

  it('give what the loops over CLASSES give, ties, infinities and NaN included', ({ expect }) => {
    const random = seededRandom(11);
    const values = [0, -0, 1, -1, 2.5, -Infinity, Infinity, Number.NaN, 1e300, -1e300];
    const cases: Scores[] = [];
    for (let i = 0; i < 3000; i++) {
      // Half from a few values (ties, specials), half random.
      const pick = () => (i % 2 === 0 ? values[Math.floor(random() * values.length)]! : (random() - 0.5) * 20);
      cases.push({ body: pick(), navigation: pick(), advertisement: pick(), disclaimer: pick() });
    }
    for (const s of cases) {
      expect([s, argmax(s)]).toEqual([s, loopArgmax(s)]);
      for (const w of CLASSES) expect([s, w, runnerUp(s, w)]).toEqual([s, w, loopRunnerUp(s, w)]);
      // Object.is: the same bits, -0 and NaN included.
      const got = logSoftmax(s, []);
      const want = loopLogSoftmax(s);
      for (let k = 0; k < CLASSES.length; k++) expect([s, k, Object.is(got[k], want[k])]).toEqual([s, k, true]);
    }
  });
});
