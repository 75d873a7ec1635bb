import { describe, expect, it } from 'vitest';
import { repeatedTopLevelKeys, KEYS_CHECKED_ONE_BY_ONE } from '../../src/json/keys.js';
import { readJsonArray } from '../../src/json/records.js';

const keys = (text: string) => repeatedTopLevelKeys(text, JSON.parse(text) as object);

describe('repeatedTopLevelKeys', () => {
  it('names a key the outermost object gives twice, whose first value JSON.parse dropped', () => {
    expect(keys('{"url":"https://a.example/1","html":"<p>first page</p>","html":"<p>second</p>"}')).toEqual(['html']);
    expect(keys('{ "a" : 1, "b": 2, "a" :3, "b":4, "a": 5 }')).toEqual(['a', 'b']);
  });

  it('finds nothing when the name repeats only in a nested object or inside a string', () => {
    expect(keys('{"html":"<p class=\\"html\\">x</p>","meta":{"html":"y","list":[{"html":1}]}}')).toEqual([]);
    expect(keys('{"text":"she said \\"text\\": yes","title":"text"}')).toEqual([]);
    expect(keys('{"url":"u","html":"h"}')).toEqual([]);
  });
});

describe('repeatedTopLevelKeys on a record with more keys than are looked up one by one', () => {
  // Looked up one by one, each key's search ran over the rest of the record: 100,000 keys took
  // 45 s (QA pass 5). Past KEYS_CHECKED_ONE_BY_ONE keys the record is walked once instead.
  const many = (n: number, repeat: number[]) => '{' + [...Array.from({ length: n }, (_, i) => `"f${i}":${i}`), ...repeat.map((i) => `"f${i}":0`), '"text":"a \\"f1\\": in a string"'].join(',') + '}';

  it('finds the keys given twice, each once, in order, and none when none is', () => {
    const n = KEYS_CHECKED_ONE_BY_ONE * 4;
    expect(keys(many(n, []))).toEqual([]);
    expect(keys(many(n, [7, 3, 7, n - 1]))).toEqual(['f7', 'f3', `f${n - 1}`]);
  });
});

describe('RepeatedKeyTracker, through readJsonArray', () => {
  async function events(text: string) {
    const out = [];
    for await (const ev of readJsonArray((async function* () { yield Buffer.from(text); })())) out.push(ev);
    return out;
  }

  it('marks each record of an array that names a top-level key twice, and only those', async () => {
    const evs = await events('[{"html":"<p>a</p>","html":"<p>b</p>"}, {"html":"<p>c</p>","meta":{"html":1,"html":2}}, 5, {"a":1,"b":2,"a":3,"b":4}]');
    expect(evs.map((e) => (e.kind === 'record' ? e.repeatedKeys : 'error'))).toEqual([['html'], undefined, undefined, ['a', 'b']]);
    expect(evs[0]!.kind === 'record' && evs[0]!.value).toEqual({ html: '<p>b</p>' });
  });

  it('marks a lone object the same way', async () => {
    const evs = await events('{"text":"first","url":"u","text":"second"}');
    expect(evs).toHaveLength(1);
    expect(evs[0]!.kind === 'record' && evs[0]!.repeatedKeys).toEqual(['text']);
  });
});
