import { describe, it } from 'vitest';
import {
  addTreeScores,
  bindEnsemble,
  compactEnsemble,
  explainLeaves,
  FIXED_STEPS,
  explainTrees,
  fitTrees,
  gatherInputs,
  leafFlat,
  parseEnsemble,
  predictTree,
  type Tree,
  type TreeEnsemble,
  type TreeExample,
} from '../src/trees.js';
import { defaultModel, parseModel, type Model } from '../src/model.js';
import { labelDocument } from '../src/pipeline.js';
import { CLASSES } from '../src/types.js';
import { C, CONTEXT_FEATURE_COUNT, FEATURE_COUNT, F } from '../src/schema.js';
import { seededRandom } from '../src/eval/metric.js';

const fail = (what: string) => new Error(what);

/** A stump on input 0 at 0.5: left adds -1, right adds +2. */
function stump(feature = 0): Tree {
  return { feature: [feature, -1, -1], value: [0.5, -1, 2], left: [1, -1, -1], right: [2, -1, -1], mean: [0, -1, 2] };
}

/** A leaf that adds nothing (for the classes a test does not care about). */
const nothing = (): Tree => ({ feature: [-1], value: [0], left: [-1], right: [-1], mean: [0] });

/**
 * Two binary inputs whose class is their exclusive or: body when exactly one is set, navigation
 * otherwise. No sum of one weight per input can separate these; two levels of questions can.
 */
function xorExamples(n: number): TreeExample[] {
  const random = seededRandom(7);
  return Array.from({ length: n }, () => {
    const a = random() < 0.5 ? 1 : 0;
    const b = random() < 0.5 ? 1 : 0;
    return { x: Float64Array.of(a, b, random()), y: a !== b ? 0 : 1, weight: 1, offset: new Float64Array(4) };
  });
}

function predict(e: TreeEnsemble, x: Float64Array): number[] {
  const s = [0, 0, 0, 0];
  e.trees.forEach((t, i) => (s[i % 4]! += predictTree(t, x)));
  return s;
}

describe('predictTree', () => {
  it('goes left when the input is at or below the threshold and right above it', ({ expect }) => {
    expect(predictTree(stump(), [0.5])).toBe(-1);
    expect(predictTree(stump(), [0.2])).toBe(-1);
    expect(predictTree(stump(), [0.51])).toBe(2);
  });
});

describe('fitTrees', () => {
  it('learns an interaction of two inputs that a linear model cannot express (exclusive or)', ({ expect }) => {
    const examples = xorExamples(400);
    const e = fitTrees(['a', 'b', 'noise'], examples, { rounds: 30, depth: 2, minLeaf: 10 });
    for (const [a, b, cls] of [[0, 0, 1], [1, 1, 1], [1, 0, 0], [0, 1, 0]] as const) {
      const s = predict(e, Float64Array.of(a, b, 0.5));
      expect(s.indexOf(Math.max(...s))).toBe(cls);
    }
  });

  it('starts from the examples offsets: with the offsets already right, the trees add under a third of what they add from zero', ({ expect }) => {
    const plain = xorExamples(400);
    const right = plain.map((e) => ({ ...e, offset: Float64Array.from(CLASSES, (_, c) => (c === e.y ? 6 : 0)) }));
    const size = (e: TreeEnsemble) => plain.slice(0, 20).reduce((s, ex) => s + predict(e, ex.x).reduce((a, v) => a + Math.abs(v), 0), 0);
    const fromZero = size(fitTrees(['a', 'b', 'noise'], plain, { rounds: 10, depth: 2, minLeaf: 10 }));
    const fromRight = size(fitTrees(['a', 'b', 'noise'], right, { rounds: 10, depth: 2, minLeaf: 10 }));
    expect(fromRight).toBeLessThan(fromZero / 3);
  });

  it('never makes a leaf with fewer training lines than minLeaf', ({ expect }) => {
    // One odd example among 99: a leaf of its own would need minLeaf 1.
    const examples = Array.from({ length: 100 }, (_, i) => ({ x: Float64Array.of(i), y: i === 42 ? 2 : 0, weight: 1, offset: new Float64Array(4) }));
    const e = fitTrees(['i'], examples, { rounds: 5, depth: 4, minLeaf: 30 });
    for (const t of e.trees) {
      const counts = new Map<number, number>();
      for (const ex of examples) {
        let node = 0;
        while (t.feature[node]! >= 0) node = ex.x[t.feature[node]!]! <= t.value[node]! ? t.left[node]! : t.right[node]!;
        counts.set(node, (counts.get(node) ?? 0) + 1);
      }
      for (const n of counts.values()) expect(n).toBeGreaterThanOrEqual(30);
    }
  });

  it('is deterministic: the same examples give the same trees', ({ expect }) => {
    const a = fitTrees(['a', 'b', 'noise'], xorExamples(200), { rounds: 5, depth: 3, minLeaf: 5 });
    const b = fitTrees(['a', 'b', 'noise'], xorExamples(200), { rounds: 5, depth: 3, minLeaf: 5 });
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
  });
});

describe('fitTrees with subsample', () => {
  /** The exclusive-or examples spread over `groups` sites, each site's lines together. */
  const grouped = (n: number, groups: number) => xorExamples(n).map((e, i) => ({ ...e, group: Math.floor((i * groups) / n) }));

  it('fits the same trees at subsample 1 as without the option, so the shipped training is unchanged', ({ expect }) => {
    const a = fitTrees(['a', 'b', 'noise'], grouped(200, 10), { rounds: 5, depth: 3, minLeaf: 5 });
    const b = fitTrees(['a', 'b', 'noise'], grouped(200, 10), { rounds: 5, depth: 3, minLeaf: 5, subsample: 1 });
    expect(JSON.stringify(b)).toBe(JSON.stringify(a));
  });

  it('takes at least one group each round: lines of a single site still train every tree', ({ expect }) => {
    const all = fitTrees(['a', 'b', 'noise'], grouped(200, 1), { rounds: 5, depth: 3, minLeaf: 5 });
    const sampled = fitTrees(['a', 'b', 'noise'], grouped(200, 1), { rounds: 5, depth: 3, minLeaf: 5, subsample: 0.01 });
    expect(JSON.stringify(sampled)).toBe(JSON.stringify(all));
  });

  it('draws sites afresh each round with a fixed seed: the fit differs from the full one, repeats exactly, and still learns the pattern', ({ expect }) => {
    // Site 0's lines contradict the rest (every label flipped): rounds that leave it out fit the
    // others' exclusive or alone, and rounds that take it fit it as one site among ten or so.
    const examples = grouped(400, 20).map((e) => (e.group === 0 ? { ...e, y: 1 - e.y } : e));
    const e = fitTrees(['a', 'b', 'noise'], examples, { rounds: 30, depth: 2, minLeaf: 5, subsample: 0.5 });
    for (const [a, b, cls] of [[0, 0, 1], [1, 1, 1], [1, 0, 0], [0, 1, 0]] as const) {
      const s = predict(e, Float64Array.of(a, b, 0.5));
      expect(s.indexOf(Math.max(...s))).toBe(cls);
    }
    const again = fitTrees(['a', 'b', 'noise'], examples, { rounds: 30, depth: 2, minLeaf: 5, subsample: 0.5 });
    expect(JSON.stringify(again)).toBe(JSON.stringify(e));
    const full = fitTrees(['a', 'b', 'noise'], examples, { rounds: 30, depth: 2, minLeaf: 5 });
    expect(JSON.stringify(e)).not.toBe(JSON.stringify(full));
  });
});

describe('compactEnsemble', () => {
  it('keeps only the inputs the trees test and gives the same scores (to rounding)', ({ expect }) => {
    const examples = xorExamples(300);
    const full = fitTrees(['a', 'b', 'noise'], examples, { rounds: 10, depth: 2, minLeaf: 20 });
    const small = compactEnsemble(full);
    expect(small.inputs.length).toBeLessThanOrEqual(3);
    expect(small.inputs).toContain('a');
    expect(small.inputs).toContain('b');
    for (const ex of examples.slice(0, 50)) {
      const x = Float64Array.from(small.inputs, (name) => ex.x[['a', 'b', 'noise'].indexOf(name)]!);
      const got = predict(small, x);
      predict(full, ex.x).forEach((v, c) => expect(got[c]).toBeCloseTo(v, 3));
    }
  });
});

describe('explainTrees', () => {
  it('credits each step down a tree to the feature it tested, so the credits add up to the margin less the roots', ({ expect }) => {
    const e = fitTrees(['a', 'b', 'noise'], xorExamples(300), { rounds: 8, depth: 3, minLeaf: 10 });
    const bound = bindEnsemble({ ...e, inputs: ['prose', 'ctx_repeat', 'len_log'] });
    const x = Float64Array.of(1, 0, 0.3);
    const total = explainTrees(bound, x, 0, 1);
    const s = predict(e, x);
    expect(total).toBeCloseTo(s[0]! - s[1]!, 12);
    let roots = 0;
    e.trees.forEach((t, i) => (roots += i % 4 === 0 ? t.mean[0]! : i % 4 === 1 ? -t.mean[0]! : 0));
    expect(bound.credits.reduce((a, b) => a + b, 0) + roots).toBeCloseTo(total, 9);
    // The noise input never separates the classes: the exclusive-or's two inputs carry the credit.
    expect(Math.abs(bound.credits[0]!) + Math.abs(bound.credits[1]!)).toBeGreaterThan(Math.abs(bound.credits[2]!));
  });
});

describe('fitTrees with column subsampling', () => {
  it('fits the same trees twice from the same data, each splitting only on the inputs it was dealt', ({ expect }) => {
    const examples = xorExamples(300);
    const a = fitTrees(['a', 'b', 'noise'], examples, { rounds: 6, depth: 2, minLeaf: 10, colsample: 0.5 });
    const b = fitTrees(['a', 'b', 'noise'], examples, { rounds: 6, depth: 2, minLeaf: 10, colsample: 0.5 });
    expect(b).toEqual(a);
    // Without subsampling every tree of the exclusive-or splits on a or b; dealt half the inputs,
    // some trees are left without either and split on noise, or not at all.
    const full = fitTrees(['a', 'b', 'noise'], examples, { rounds: 6, depth: 2, minLeaf: 10 });
    const usesAorB = (e: TreeEnsemble) => e.trees.filter((t) => t.feature.some((f) => f === 0 || f === 1)).length;
    expect(usesAorB(a)).toBeLessThan(usesAorB(full));
  });
});

describe('addTreeScores', () => {
  it('adds what walking each fitted tree gives, for trees shallower than, as deep as and deeper than the fixed-step walk', ({ expect }) => {
    const random = seededRandom(11);
    const examples: TreeExample[] = Array.from({ length: 400 }, () => {
      const x = Float64Array.of(random(), random(), random());
      return { x, y: (x[0]! > 0.5 ? 1 : 0) + (x[1]! > 0.3 ? 2 : 0), weight: 1, offset: new Float64Array(4) };
    });
    for (const depth of [2, FIXED_STEPS, FIXED_STEPS + 2]) {
      const e = fitTrees(['a', 'b', 'c'], examples, { rounds: 6, depth, minLeaf: 2 });
      const bound = bindEnsemble({ ...e, inputs: ['prose', 'ctx_repeat', 'len_log'] });
      if (depth > FIXED_STEPS) expect(bound.flat.depth).toBeGreaterThan(FIXED_STEPS);
      expect(bound.flat.complete === undefined).toBe(depth > FIXED_STEPS);
      const features = new Float64Array(FEATURE_COUNT);
      const ctx = new Float64Array(CONTEXT_FEATURE_COUNT);
      for (const ex of examples.slice(0, 40)) {
        features[F.prose] = ex.x[0]!;
        ctx[C.ctx_repeat] = ex.x[1]!;
        features[F.len_log] = ex.x[2]!;
        const leaves = new Int32Array(e.trees.length);
        const s = addTreeScores(bound, features, ctx, { body: 0, navigation: 0, advertisement: 0, disclaimer: 0 }, leaves);
        const want = predict(e, ex.x);
        CLASSES.forEach((c, i) => expect(s[c]).toBeCloseTo(want[i]!, 12));
        // The complete trees' walk reaches the leaves a walk of the flat layout reaches.
        const x = gatherInputs(bound, features, ctx);
        for (let t = 0; t < e.trees.length; t++) expect(leaves[t]).toBe(leafFlat(bound.flat, t, x));
      }
    }
  });
});

describe('explainLeaves', () => {
  it('gives the same credits, bit for bit, over the fixed-length paths as over the paths as they are', ({ expect }) => {
    const model = defaultModel();
    const bound = bindEnsemble(model.trees!);
    expect(bound.fixedPaths).toBeDefined();
    const plain = { ...bound, fixedPaths: undefined, credits: new Float64Array(bound.credits.length) };
    const random = seededRandom(5);
    const features = new Float64Array(FEATURE_COUNT);
    const ctx = new Float64Array(CONTEXT_FEATURE_COUNT);
    for (let line = 0; line < 50; line++) {
      for (let i = 0; i < FEATURE_COUNT; i++) features[i] = random() < 0.3 ? random() * 3 : 0;
      for (let i = 0; i < CONTEXT_FEATURE_COUNT; i++) ctx[i] = random() < 0.3 ? random() : 0;
      const leaves = new Int32Array(bound.flat.roots.length);
      addTreeScores(bound, features, ctx, { body: 0, navigation: 0, advertisement: 0, disclaimer: 0 }, leaves);
      for (const [wi, oi] of [[0, 1], [1, 0], [2, 3], [3, 0], [1, 2]] as const) {
        expect(explainLeaves(bound, leaves, wi, oi)).toBe(explainLeaves(plain, leaves, wi, oi));
        expect(Array.from(bound.credits)).toEqual(Array.from(plain.credits));
      }
    }
  });

  it('gives the same move and credits from the leaves scoring kept as a walk down the trees', ({ expect }) => {
    const e = fitTrees(['a', 'b', 'noise'], xorExamples(300), { rounds: 8, depth: 3, minLeaf: 10 });
    const bound = bindEnsemble({ ...e, inputs: ['prose', 'ctx_repeat', 'len_log'] });
    const features = new Float64Array(FEATURE_COUNT);
    const ctx = new Float64Array(CONTEXT_FEATURE_COUNT);
    for (const [a, b, c] of [[1, 0, 0.3], [0, 1, 0.9], [1, 1, 0.1], [0, 0, 0.5]] as const) {
      features[F.prose] = a;
      ctx[C.ctx_repeat] = b;
      features[F.len_log] = c;
      const leaves = new Int32Array(e.trees.length);
      addTreeScores(bound, features, ctx, { body: 0, navigation: 0, advertisement: 0, disclaimer: 0 }, leaves);
      for (const [wi, oi] of [[0, 1], [2, 3], [1, 0]] as const) {
        const total = explainLeaves(bound, leaves, wi, oi);
        // Saabas by hand, on the trees as fitted (not the flattened copy): walk down, credit each step.
        const x = [a, b, c];
        const want = [0, 0, 0];
        let move = 0;
        e.trees.forEach((t, i) => {
          const sign = i % 4 === wi ? 1 : i % 4 === oi ? -1 : 0;
          if (sign === 0) return;
          let node = 0;
          while (t.feature[node]! >= 0) {
            const next = x[t.feature[node]!]! <= t.value[node]! ? t.left[node]! : t.right[node]!;
            want[t.feature[node]!]! += sign * (t.mean[next]! - t.mean[node]!);
            node = next;
          }
          move += sign * t.value[node]!;
        });
        expect(total).toBeCloseTo(move, 12);
        want.forEach((v, i) => expect(bound.credits[i]).toBeCloseTo(v, 12));
      }
    }
  });
});

describe('parseEnsemble', () => {
  const good = (): TreeEnsemble => ({ inputs: ['prose'], trees: [stump(), nothing(), nothing(), nothing()] });

  it('accepts a well-formed ensemble', ({ expect }) => {
    expect(parseEnsemble(good(), fail).trees).toHaveLength(4);
  });

  it('rejects a number of trees that is not one per class per round, naming the field', ({ expect }) => {
    expect(() => parseEnsemble({ ...good(), trees: [stump()] }, fail)).toThrow('"trees.trees"');
  });

  it('rejects a node whose child points back up the tree (a loop), naming the tree', ({ expect }) => {
    const e = good();
    e.trees[0]!.left[0] = 0;
    expect(() => parseEnsemble(e, fail)).toThrow('"trees.trees[0]" node 0 has a bad child');
  });

  it('rejects a feature index outside the inputs', ({ expect }) => {
    const e = good();
    e.trees[0]!.feature[0] = 3;
    expect(() => parseEnsemble(e, fail)).toThrow('"trees.trees[0].feature[0]" is out of range');
  });

  it('is checked by parseModel, which also rejects an input name outside the schemas', ({ expect }) => {
    const raw = JSON.parse(JSON.stringify(defaultModel()));
    raw.trees = { inputs: ['no_such_feature'], trees: [stump(), nothing(), nothing(), nothing()] };
    expect(() => parseModel(raw)).toThrow('tree input "no_such_feature" is not a known feature');
  });
});

describe('trees in the pipeline', () => {
  /** A tree on input 0: `v` for a line whose value is above 0.5, nothing otherwise. */
  const push = (v: number): Tree => ({ feature: [0, -1, -1], value: [0.5, 0, v], left: [1, -1, -1], right: [2, -1, -1], mean: [0, 0, v] });
  /** The shipped model with these trees alone: without its decision offsets and its smoothing layer, the trees' own move. */
  const withTrees = (trees: { inputs: string[]; trees: Tree[] }): Model => {
    const raw = JSON.parse(JSON.stringify(defaultModel()));
    raw.trees = trees;
    delete raw.offsets;
    delete raw.smooth;
    return parseModel(raw);
  };
  const doc = [
    'The council voted on Tuesday to extend the opening hours of the library, a decision that residents had asked for over many months.',
    'Members said the longer hours would cost little, because volunteers from the reading club have offered to staff the evening desk.',
    'The new hours begin next month and will be reviewed at the end of the year, when the council sets its budget for the next one.',
  ].map((text) => ({ text }));

  it('add their values to the final scores: a tree on `prose` can turn a prose line into navigation', ({ expect }) => {
    const model = withTrees({ inputs: ['prose'], trees: [push(-50), push(50), nothing(), nothing()] });
    expect(labelDocument(doc).map((l) => l.label).slice(0, 2)).toEqual(['body', 'body']);
    // Longer than a short document (fallback.ts), which would give the lines their first, context-free label back.
    const lines = labelDocument(Array.from({ length: 6 }, () => doc).flat(), { model });
    expect(lines.map((l) => l.label)).toEqual(Array(18).fill('navigation'));
    // Over the runner-up (not body, which the trees pushed down): the navigation tree's +50 alone.
    expect(lines[0]!.reason).toMatch(/; trees \+50\.00: prose=1 \+50\.00$/);
  });

  it('name, in a reason, the features behind the trees\' push with the value the line has, the push against the label included', ({ expect }) => {
    // QA pass 8: a push against the label listed only the features that pushed for it, and a
    // feature a line did not have (w2_4 on a one-word line) read as one it had.
    // On input 1 (`url`): -0.25 for a line without a URL.
    const absent: Tree = { feature: [1, -1, -1], value: [0.5, -0.25, 0], left: [1, -1, -1], right: [2, -1, -1], mean: [0, -0.25, 0] };
    const model = withTrees({ inputs: ['prose', 'url'], trees: [push(-0.5), nothing(), nothing(), nothing(), absent, nothing(), nothing(), nothing()] });
    const lines = labelDocument(Array.from({ length: 6 }, () => doc).flat(), { model });
    expect(lines[0]!.label).toBe('body');
    expect(lines[0]!.reason).toMatch(/; trees -0\.75: prose=1 -0\.50, url=0 -0\.25$/);
  });

  it('read both of a line\'s vectors through the bound slots', ({ expect }) => {
    const bound = bindEnsemble({ inputs: ['prose', 'ctx_repeat'], trees: [stump(0), stump(1), nothing(), nothing()] });
    const features = new Float64Array(FEATURE_COUNT);
    const ctx = new Float64Array(CONTEXT_FEATURE_COUNT);
    features[F.prose] = 1;
    const s = addTreeScores(bound, features, ctx, { body: 0, navigation: 0, advertisement: 0, disclaimer: 0 });
    expect(s).toEqual({ body: 2, navigation: -1, advertisement: 0, disclaimer: 0 });
  });

  it('ship with the default model, and every input they read is a known feature', ({ expect }) => {
    const trees = defaultModel().trees;
    expect(trees).toBeDefined();
    expect(() => bindEnsemble(trees!)).not.toThrow();
  });
});
