import { describe, it } from 'vitest';
import { claimNext } from '../../src/cli/claim.js';

function table(size: number): { owners: Int32Array; next: Int32Array } {
  return { owners: new Int32Array(new SharedArrayBuffer(4 * size)), next: new Int32Array(new SharedArrayBuffer(4)) };
}

describe('claimNext', () => {
  it('hands out every task once, in order, whichever worker asks, then -1', ({ expect }) => {
    const { owners, next } = table(5);
    const got = [claimNext(owners, next, 1), claimNext(owners, next, 2), claimNext(owners, next, 1), claimNext(owners, next, 2), claimNext(owners, next, 2)];
    expect(got).toEqual([0, 1, 2, 3, 4]);
    expect([...owners]).toEqual([1, 2, 1, 2, 2]);
    expect(claimNext(owners, next, 1)).toBe(-1);
  });

  it('skips tasks that already have an owner, such as those given to a replacement worker', ({ expect }) => {
    const { owners, next } = table(4);
    owners[0] = 3;
    owners[2] = 3;
    expect(claimNext(owners, next, 1)).toBe(1);
    expect(claimNext(owners, next, 1)).toBe(3);
    expect(claimNext(owners, next, 1)).toBe(-1);
  });

  it('still finds a free task when the shared hint lags behind', ({ expect }) => {
    const { owners, next } = table(3);
    owners[0] = 1;
    owners[1] = 2;
    next[0] = 0;
    expect(claimNext(owners, next, 1)).toBe(2);
  });
});
