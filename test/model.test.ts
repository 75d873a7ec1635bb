import { describe, it } from 'vitest';
import { defaultModel, denseTable, freezeModel, htmlModel, parseModel, vectorContributions, type Model } from '../src/model.js';
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
