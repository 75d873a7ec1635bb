import { describe, it } from 'vitest';
import { defaultModel, denseTable, freezeModel, htmlModel, parseModel, type Model } from '../src/model.js';
import { F, FEATURE_SCHEMA } from '../src/schema.js';

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
