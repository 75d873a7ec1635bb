import { describe, expect, it } from 'vitest';
import { InvalidUtf8Scanner } from '../../src/json/utf8.js';

function scanned(bytes: Buffer, size: number, from = 0, to = Infinity): number | undefined {
  const s = new InvalidUtf8Scanner();
  for (let i = 0; i < bytes.length; i += size) s.scan(bytes.subarray(i, i + size), i);
  s.end();
  return s.firstIn(from, to);
}

describe('InvalidUtf8Scanner', () => {
  it('finds the first ill-formed sequence in a range whatever the chunking, with characters cut between chunks read whole', () => {
    const bytes = Buffer.concat([Buffer.from('€ ok 𝄞 '), Buffer.from([0xc3, 0x28]), Buffer.from(' é '), Buffer.from([0xff])]);
    const first = bytes.indexOf(0xc3);
    for (const size of [1, 2, 3, 5, bytes.length]) {
      expect(scanned(bytes, size)).toBe(first);
      expect(scanned(bytes, size, first + 1)).toBe(bytes.length - 1);
      expect(scanned(bytes, size, 0, first)).toBeUndefined();
    }
  });

  it('finds a character cut off by the end of the input', () => {
    const bytes = Buffer.from([0x61, 0xe2, 0x82]);
    for (const size of [1, 2, 3]) expect(scanned(bytes, size)).toBe(1);
  });
});
