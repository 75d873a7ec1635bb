import { describe, expect, it } from 'vitest';
import { C, CONTEXT_FEATURE_NAMES, CONTEXT_SCHEMA, F, FEATURE_COUNT, FEATURE_NAMES, FEATURE_SCHEMA, fromRecord, toRecord } from '../src/schema.js';
import { LEXICON_CATEGORIES } from '../src/lexicon.js';

describe('feature schemas', () => {
  it('give every name a distinct index equal to its position', () => {
    expect(new Set(FEATURE_NAMES).size).toBe(FEATURE_NAMES.length);
    expect(new Set(CONTEXT_FEATURE_NAMES).size).toBe(CONTEXT_FEATURE_NAMES.length);
    FEATURE_NAMES.forEach((n, i) => expect(F[n]).toBe(i));
    CONTEXT_FEATURE_NAMES.forEach((n, i) => expect(C[n]).toBe(i));
    expect(FEATURE_COUNT).toBe(FEATURE_NAMES.length);
  });

  it('lay out the lexicon features in LEXICON_CATEGORIES order, so lex_cta + c is category c', () => {
    LEXICON_CATEGORIES.forEach((cat, c) => expect(FEATURE_NAMES[F.lex_cta + c]).toBe(`lex_${cat}`));
  });

  it('keep context-free and context names apart', () => {
    for (const n of CONTEXT_FEATURE_NAMES) expect(FEATURE_SCHEMA.index.has(n)).toBe(false);
  });
});

describe('toRecord and fromRecord', () => {
  it('round-trip the non-zero features by name', () => {
    const record = { bias: 1, w2_4: 1, stop_density: 0.25, lex_ui: 0.5, hint_nav: 1 };
    const v = fromRecord(record);
    expect(v).toHaveLength(FEATURE_COUNT);
    expect(v[F.stop_density]).toBe(0.25);
    expect(v[F.prose]).toBe(0);
    expect(toRecord(v)).toEqual(record);
  });

  it('leave zero-valued features out of the record, as absent', () => {
    expect(toRecord(fromRecord({ bias: 1, prose: 0 }))).toEqual({ bias: 1 });
  });

  it('list a record in schema order', () => {
    expect(Object.keys(toRecord(fromRecord({ lex_end: 1, bias: 1, w1: 1 })))).toEqual(['bias', 'w1', 'lex_end']);
  });

  it('reject a vector, record or schema of the wrong kind at the call, naming the function and the argument', () => {
    // toRecord(5) gave {} and fromRecord(5) a vector of zeros, in silence.
    expect(() => toRecord(5 as never)).toThrow(/^toRecord\(\): argument `vector` must be a Float64Array of \d+ slots \(one per feature\), got number/);
    expect(() => toRecord(new Float64Array(3))).toThrow(/^toRecord\(\): argument `vector`/);
    expect(() => fromRecord(5 as never)).toThrow('fromRecord(): argument `record` must be a record of feature name -> number, got number');
    expect(() => fromRecord(null as never)).toThrow(/^fromRecord\(\): argument `record`.*got null/);
    expect(() => fromRecord({ bias: '1' } as never)).toThrow('fromRecord(): argument `record.bias` must be a number, got string');
    expect(() => fromRecord({ bias: 1 }, {} as never)).toThrow(/^fromRecord\(\): argument `s` must be a schema/);
    expect(toRecord(fromRecord({ ctx_repeat: 1 }, CONTEXT_SCHEMA), CONTEXT_SCHEMA)).toEqual({ ctx_repeat: 1 });
  });

  it('work with the context schema', () => {
    const v = fromRecord({ ctx_repeat: 1, ctx_prev_body: 0.75 }, CONTEXT_SCHEMA);
    expect(v[C.ctx_repeat]).toBe(1);
    expect(toRecord(v, CONTEXT_SCHEMA)).toEqual({ ctx_prev_body: 0.75, ctx_repeat: 1 });
  });

  it('reject a name outside the schema, naming it', () => {
    expect(() => fromRecord({ bias: 1, prose_score: 2 })).toThrow(/unknown feature "prose_score"/);
    expect(() => fromRecord({ w1: 1 }, CONTEXT_SCHEMA)).toThrow(/unknown context feature "w1"/);
  });
});

describe("the README's table of names (Reading --explain)", () => {
  it('names every feature and context feature an explanation can show, so the table cannot fall behind the schema', async () => {
    const { readFileSync } = await import('node:fs');
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    const section = readme.slice(readme.indexOf('### Reading `--explain`'), readme.indexOf('## Accuracy, and how it is measured'));
    const named = new Set([...section.matchAll(/`([a-z0-9_*]+)`/g)].map((m) => m[1]!));
    const covered = (name: string) =>
      named.has(name) || (name.endsWith('_n') && named.has(name.slice(0, -2))) || [...named].some((n) => n.endsWith('*') && name.startsWith(n.slice(0, -1)));
    const missing = [...FEATURE_NAMES, ...CONTEXT_FEATURE_NAMES].filter((n) => n !== 'bias' && !covered(n));
    expect(missing).toEqual([]);
  });
});
