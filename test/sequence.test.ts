import { describe, expect, it } from 'vitest';
import type { Contextual } from '../src/context.js';
import { explain, SequenceStage } from '../src/sequence.js';
import { argmax, logSoftmax, parseModel, type Model } from '../src/model.js';
import { CLASSES, type ContentLabel, type LabelledLine } from '../src/types.js';
import { seededRandom as prng } from '../src/eval/metric.js';
import { CONTEXT_SCHEMA, fromRecord } from '../src/schema.js';
import { blankLine, runStage, scoredLine, ZERO } from './helpers.js';


/** A model with the given off-diagonal transition score (0 on the diagonal). */
function model(switchScore: number): Model {
  const t = CLASSES.map((_, i) => CLASSES.map((__, j) => (i === j ? 0 : switchScore)));
  return parseModel({
    source: 'test',
    first: { body: { w12_29: 1 }, navigation: { w1: 1 }, advertisement: {}, disclaimer: {} },
    context: { body: {}, navigation: { ctx_short_run: 1 }, advertisement: {}, disclaimer: {} },
    transitions: t,
  });
}

const item = scoredLine;
const blank = blankLine;

/** The lines through a sequence stage of the model with the given lag. */
function decode(items: Contextual[], m: Model, lag = 3): LabelledLine[] {
  return runStage(new SequenceStage(m, lag), items);
}


describe('SequenceStage decoding', () => {
  it('relabels a single weak outlier between confident neighbours to their class, saying "sequence"', () => {
    const nav = () => item({ navigation: 8 });
    const outlier = item({ body: 1, navigation: 0.4 });
    const out = decode([nav(), nav(), outlier, nav(), nav()], model(-10));
    expect(out.map((o) => o.label)).toEqual(['navigation', 'navigation', 'navigation', 'navigation', 'navigation']);
    const o = out[2]!;
    expect(o.first).toBe('body');
    expect(o.reason).toMatch(/sequence/);
    expect(o.reason).toMatch(/^navigation: .*over body/);
  });

  it('keeps an outlier its own class when switching classes is cheap', () => {
    const nav = () => item({ navigation: 8 });
    const out = decode([nav(), nav(), item({ body: 1, navigation: 0.4 }), nav(), nav()], model(-0.1));
    expect(out[2]!.label).toBe('body');
    expect(out[2]!.reason).not.toMatch(/sequence/);
  });

  it('gives every line its own argmax when transitions are all zero', () => {
    const rand = prng(42);
    const items: Contextual[] = [];
    for (let i = 0; i < 60; i++) {
      items.push(
        item({
          body: Math.round(rand() * 1000) / 100,
          navigation: Math.round(rand() * 1000) / 100 + 0.001,
          advertisement: Math.round(rand() * 1000) / 100 + 0.002,
          disclaimer: Math.round(rand() * 1000) / 100 + 0.003,
        }),
      );
    }
    const out = decode(items, model(0), 4);
    const expected = items.map((i) => argmax(i.final));
    expect(new Set(expected).size).toBeGreaterThan(1); // the check means something
    expect(out.map((o) => o.label)).toEqual(expected);
  });

  it('reports the first-stage scores and first label, not the context scores', () => {
    const it0 = item({ body: 3 });
    it0.final = { ...ZERO, body: 5, navigation: 1 };
    const [o] = decode([it0], model(-1));
    expect(o!.scores).toEqual({ ...ZERO, body: 3 });
    expect(o!.first).toBe('body');
    expect(o!.label).toBe('body');
  });

  it('explains a label by its strongest features over the runner-up', () => {
    const m = model(-1);
    const x = item({ body: 2, navigation: 1 }, { bias: 1, w12_29: 1 });
    expect(explain(x, 'body', m)).toBe('body over navigation: w12_29 +1.00');
    const y = item({ navigation: 2 }, { bias: 1 });
    y.ctx = fromRecord({ ctx_short_run: 0.5 }, CONTEXT_SCHEMA);
    expect(explain(y, 'navigation', m)).toBe('navigation over body: ctx_short_run +0.50');
    const z = item({ disclaimer: 1 }, { bias: 1 });
    expect(explain(z, 'disclaimer', m)).toMatch(/^disclaimer over \w+: prior$/);
  });
});

describe('SequenceStage streaming', () => {
  it('keeps input order and labels blank lines blank', () => {
    const items = [blank(), item({ body: 2 }), blank(), blank(), item({ navigation: 2 }), blank(), item({ disclaimer: 3 }), blank()];
    const out = decode(items, model(-1), 2);
    expect(out.map((o) => o.index)).toEqual(items.map((i) => i.index));
    expect(out.map((o) => o.label)).toEqual(['blank', 'body', 'blank', 'blank', 'navigation', 'blank', 'disclaimer', 'blank']);
    expect(out[0]!.reason).toMatch(/blank/);
    expect(out[0]!.first).toBe('blank');
  });

  it('emits nothing after `lag` non-blank items and the first one after lag + 1', () => {
    for (const lag of [1, 3, 8]) {
      const stage = new SequenceStage(model(-1), lag);
      const out: LabelledLine[] = [];
      const items: Contextual[] = [];
      for (let i = 0; i < lag; i++) {
        items.push(item({ body: 1 }));
        stage.push(items[i]!, out);
      }
      expect(out, `lag ${lag}`).toHaveLength(0);
      items.push(item({ body: 1 }));
      stage.push(items[lag]!, out);
      expect(out.map((o) => o.index), `lag ${lag}`).toEqual([items[0]!.index]);
      stage.flush(out);
      expect(out.map((o) => o.index)).toEqual(items.map((i) => i.index));
    }
  });

  it('emits a leading blank line at once, and blanks between pending lines only with them', () => {
    const stage = new SequenceStage(model(-1), 2);
    const out: LabelledLine[] = [];
    const b0 = blank();
    stage.push(b0, out);
    expect(out.map((o) => o.index)).toEqual([b0.index]);
    const a = item({ body: 1 });
    const b1 = blank();
    const c = item({ body: 1 });
    const d = item({ body: 1 });
    stage.push(a, out);
    stage.push(b1, out);
    stage.push(c, out);
    expect(out).toHaveLength(1);
    stage.push(d, out); // a is committed; b1 waits for c
    expect(out.map((o) => o.index)).toEqual([b0.index, a.index]);
    stage.flush(out);
    expect(out.map((o) => o.index)).toEqual([b0.index, a.index, b1.index, c.index, d.index]);
  });

  it('equals exact Viterbi (computed here by brute force) when the lag covers the whole input', () => {
    const rand = prng(7);
    const items: Contextual[] = [];
    for (let i = 0; i < 8; i++) {
      const c = CLASSES[Math.floor(rand() * 4)] as ContentLabel;
      items.push(item({ [c]: 0.5 + rand() * 2, body: rand() }));
    }
    const m = model(-1.5);
    // Brute force: score every one of the 4^8 label paths.
    const em = items.map((i) => logSoftmax(i.final, []));
    let best = -Infinity;
    let bestPath: number[] = [];
    const path = new Array<number>(items.length).fill(0);
    for (let code = 0; code < 4 ** items.length; code++) {
      let x = code;
      for (let s = items.length - 1; s >= 0; s--) {
        path[s] = x % 4;
        x = Math.floor(x / 4);
      }
      let total = em[0]![path[0]!]!;
      for (let s = 1; s < items.length; s++) total += m.transitions[path[s - 1]!]![path[s]!]! + em[s]![path[s]!]!;
      if (total > best + 1e-12) {
        best = total;
        bestPath = [...path];
      }
    }
    const expected = bestPath.map((k) => CLASSES[k]);
    expect(new Set(expected).size).toBeGreaterThan(1);
    expect(decode(items, m, items.length).map((o) => o.label)).toEqual(expected);
    expect(decode(items, m, 100).map((o) => o.label)).toEqual(expected);
    // A short lag commits early but still labels every line once, in order.
    expect(decode(items, m, 1).map((o) => o.index)).toEqual(items.map((i) => i.index));
  });
});
