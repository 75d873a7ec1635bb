import { describe, expect, it } from 'vitest';
import { Queue } from '../src/queue.js';
import { seededRandom as prng } from '../src/eval/metric.js';

describe('Queue', () => {
  it('gives items back first in, first out, and undefined when empty', () => {
    const q = new Queue<number>();
    expect(q.shift()).toBeUndefined();
    q.push(1);
    q.push(2);
    expect(q.length).toBe(2);
    expect(q.at(0)).toBe(1);
    expect(q.at(1)).toBe(2);
    expect(q.at(2)).toBeUndefined();
    expect(q.shift()).toBe(1);
    expect(q.at(0)).toBe(2);
    expect(q.shift()).toBe(2);
    expect(q.length).toBe(0);
    expect(q.shift()).toBeUndefined();
  });

  it('behaves as an array with push and shift over long random runs, across its compactions', () => {
    const r = prng(9);
    const q = new Queue<number>();
    const ref: number[] = [];
    let next = 0;
    for (let step = 0; step < 50_000; step++) {
      // Long pushes then long drains, so the store grows past the compaction size and shrinks.
      const phase = Math.floor(step / 5000) % 2 === 0 ? 0.7 : 0.3;
      if (r() < phase) {
        q.push(next);
        ref.push(next++);
      } else {
        expect(q.shift()).toBe(ref.shift());
      }
      expect(q.length).toBe(ref.length);
      if (ref.length > 0) expect(q.at(ref.length - 1)).toBe(ref[ref.length - 1]);
    }
  });
});
