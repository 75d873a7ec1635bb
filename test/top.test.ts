import { describe, expect, it } from 'vitest';
import { TopList } from '../src/top.js';
import { seededRandom as prng } from '../src/eval/metric.js';

function held(top: TopList): Array<[number, number]> {
  return Array.from({ length: top.count }, (_, k) => [top.value(k), top.index(k)]);
}

describe('TopList', () => {
  it('keeps the largest values offered, largest first', () => {
    const top = new TopList(2);
    [0.3, 0.9, 0.1, 0.5].forEach((v, i) => top.offer(v, i));
    expect(held(top)).toEqual([[0.9, 1], [0.5, 3]]);
  });

  it('keeps the one offered first on a tie, as a scan for the largest below the last did', () => {
    const top = new TopList(2);
    [0.5, 0.7, 0.5, 0.7].forEach((v, i) => top.offer(v, i));
    expect(held(top)).toEqual([[0.7, 1], [0.7, 3]]);
    const three = new TopList(3);
    [0.5, 0.7, 0.5, 0.7].forEach((v, i) => three.offer(v, i));
    expect(held(three)).toEqual([[0.7, 1], [0.7, 3], [0.5, 0]]);
  });

  it('holds fewer than its capacity when fewer were offered, and nothing after clear()', () => {
    const top = new TopList(3);
    top.offer(1, 7);
    expect(held(top)).toEqual([[1, 7]]);
    top.clear();
    expect(top.count).toBe(0);
    top.offer(2, 1);
    expect(held(top)).toEqual([[2, 1]]);
  });

  it('agrees with sorting by value then index on random scans', () => {
    const r = prng(7);
    for (let run = 0; run < 200; run++) {
      const n = 1 + Math.floor(r() * 30);
      const values = Array.from({ length: n }, () => Math.round(r() * 10) / 10);
      const cap = 1 + Math.floor(r() * 4);
      const top = new TopList(cap);
      values.forEach((v, i) => top.offer(v, i));
      const expected = values.map((v, i) => [v, i] as [number, number]).sort((a, b) => b[0] - a[0] || a[1] - b[1]).slice(0, cap);
      expect(held(top)).toEqual(expected);
    }
  });
});
