import { describe, expect, it } from 'vitest';
import { repeatedTopLevelKeys } from '../../src/json/keys.js';

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
