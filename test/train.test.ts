import { describe, it } from 'vitest';
import { chooseOffsets, labelWithOffsets, OFFSET_GRID, trainModel, type ScoredLine } from '../src/train.js';
import { labelDocument } from '../src/pipeline.js';
import { defaultModel, parseModel, type Model } from '../src/model.js';
import { CLASSES, type ContentLabel, type Label } from '../src/types.js';

/** `n` lines of class `expected`, each scored [body, navigation, advertisement, disclaimer]. */
function lines(n: number, expected: ContentLabel, scores: number[]): ScoredLine[] {
  return Array.from({ length: n }, () => ({ expected, scores }));
}

describe('chooseOffsets', () => {
  it('chooses no offsets when the scores already decide every line right', ({ expect }) => {
    const data = [...lines(5, 'body', [2, 0, 0, 0]), ...lines(5, 'navigation', [0, 2, 0, 0]), ...lines(3, 'advertisement', [0, 0, 2, 0]), ...lines(2, 'disclaimer', [0, 0, 0, 2])];
    expect(chooseOffsets(data)).toEqual({ body: 0, navigation: 0, advertisement: 0, disclaimer: 0 });
  });

  it('moves the boundary back when advertisement wins lines that are navigation by a small margin', ({ expect }) => {
    // The pull of class weights: navigation lines score a little higher as advertisement.
    const data = [...lines(20, 'navigation', [0, 1, 1.3, 0]), ...lines(5, 'advertisement', [0, 0, 2, 0]), ...lines(5, 'body', [2, 0, 0, 0]), ...lines(2, 'disclaimer', [0, 0, 0, 2])];
    const offsets = chooseOffsets(data);
    expect(offsets.body).toBe(0);
    expect(offsets.navigation - offsets.advertisement).toBeGreaterThan(0.3);
    for (const line of data) expect(labelWithOffsets(line.scores, offsets)).toBe(line.expected);
  });

  it('only returns points of the grid', ({ expect }) => {
    const data = [...lines(3, 'body', [0.2, 0.1, 0.4, 0]), ...lines(3, 'disclaimer', [0, 0, 0.5, 0.3])];
    const offsets = chooseOffsets(data);
    for (const c of CLASSES) expect(OFFSET_GRID.includes(offsets[c]) || (c === 'body' && offsets[c] === 0)).toBe(true);
  });
});

describe('decision offsets in a model', () => {
  const text = ['Home', 'News', 'A storm moved across the region on Tuesday, closing schools and roads for most of the day.', 'Subscribe to our newsletter'];

  it('are added to every line\u2019s final scores, so a large enough one decides the label and is named in the reason', ({ expect }) => {
    const shipped = defaultModel();
    // Without the smoothing layer: a model has offsets or smoothing, not both (offsets are chosen on the scores before it).
    const pushed: Model = parseModel({ ...JSON.parse(JSON.stringify(shipped)), smooth: undefined, offsets: { body: 0, navigation: 0, advertisement: 0, disclaimer: 100 } });
    // Longer than a short document (fallback.ts), which would give the story line its first, context-free label back.
    const page = Array.from({ length: 5 }, () => text).flat();
    // The model's labels alone: the rules override some lines whatever the offsets ("Subscribe to our newsletter" is a pitch).
    const before = labelDocument(page, { model: shipped, rules: false });
    const after = labelDocument(page, { model: pushed, rules: false });
    expect(before.some((l) => l.label !== 'disclaimer')).toBe(true);
    for (const l of after) {
      expect(l.label).toBe('disclaimer');
      expect(l.reason).toMatch(/; offsets \+100\.00/);
    }
  });
});

describe('trainModel', () => {
  it('gives a feature no training line shows its prior weight, in the first and the context stage', ({ expect }) => {
    const lines = ['Home', 'World', 'The river rose two metres overnight, and the town council opened the school hall to families from the lower streets.', 'Subscribe now'];
    const labels: Label[] = ['navigation', 'navigation', 'body', 'advertisement'];
    const cases = [{ name: 'tiny', lines: lines.map((text) => ({ text })), labels }];
    const prior = { navigation: { comment_header: 2.5 }, body: { comment_header: -2.5 } };
    const contextPrior = { body: { ctx_cross_doc: -3 } };
    const { model } = trainModel(cases, 0, { prior, epochs: 20 }, 'test', { prior: contextPrior, epochs: 20 });
    expect(model.first.navigation.comment_header).toBe(2.5);
    expect(model.first.body.comment_header).toBe(-2.5);
    expect(model.context.body.ctx_cross_doc).toBe(-3);
    // A feature the lines do show is fitted, not copied: the bias moves from its prior of 0.
    expect(model.first.navigation.bias).not.toBe(0);
  });
});
