import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'vitest';
import { SeenLines } from '../src/seen.js';
import { normalisedHash, normaliseLine, sameNormalised } from '../src/repetition.js';
import { hashCodeUnits, newLineScan, scanLine } from '../src/scan.js';

const SEEDS = path.join(import.meta.dirname, '..', 'seeds');

function seedLines(): string[] {
  const lines: string[] = [];
  for (const f of readdirSync(SEEDS).filter((f) => f.endsWith('.txt'))) lines.push(...readFileSync(path.join(SEEDS, f), 'utf8').split('\n'));
  return lines;
}

/** Lines that normalise in every way: case, digit runs, odd spaces, other scripts, CJK, emoji. */
const ODD_LINES = [
  '',
  '   ',
  '\t',
  'Share',
  'SHARE  ',
  '  share\t',
  'Updated 12:45, 3  May\t2024',
  'updated 9:07, 1 may 1999',
  'a 1 2 b',
  'a 0 0 b',
  'ÉDITION  SPÉCIALE',
  'édition spéciale',
  '٣٤ وثلاثون',
  'Cost ½ of 1,000',
  'a\u00a0b\u3000c',
  ' \u00a0lead and trail\u3000',
  'Emoji 😀 and 𝟏𝟐 digits',
  'ΣΟΦΙΑ 2',
  'σοφια 7',
  '東京 2020 オリンピック',
  'İstanbul',
  'x\ty\n',
  'x\r\ny',
];

/** The set the context stage used before: normalised strings, forgotten all at once when full. */
function referenceAnswers(lines: string[], capacity: number): boolean[] {
  let seen = new Set<string>();
  return lines.map((line) => {
    const key = normaliseLine(line);
    if (seen.has(key)) return true;
    if (seen.size >= capacity) seen = new Set();
    seen.add(key);
    return false;
  });
}

describe('normalisedHash', () => {
  it('is the hash of normaliseLine on every seed line and on lines of other scripts, odd spaces and astral characters', ({ expect }) => {
    for (const line of [...ODD_LINES, ...seedLines()]) expect([line, normalisedHash(line)]).toEqual([line, hashCodeUnits(normaliseLine(line))]);
  });
});

describe('the character pass finds normalisedHash too', () => {
  it('gives normalisedHash on every seed line and odd line, and none for lines with İ, Σ or astral characters', ({ expect }) => {
    const out = newLineScan();
    let hashed = 0;
    for (const line of [...ODD_LINES, ...seedLines(), 'İstanbul', 'ΟΔΟΣ', 'emoji 😀']) {
      scanLine(line, out);
      const alone = /[İΣ\u{10000}-\u{10ffff}]/u.test(line);
      expect([line, out.hasNormalisedHash]).toEqual([line, !alone]);
      if (!out.hasNormalisedHash) continue;
      hashed++;
      expect([line, out.normalisedHash]).toEqual([line, normalisedHash(line)]);
    }
    expect(hashed).toBeGreaterThan(5000);
  });
});

describe('sameNormalised', () => {
  it('says whether normaliseLine gives the same text, on seed lines, their variants and lines of other scripts', ({ expect }) => {
    const lines = [...ODD_LINES, ...seedLines().slice(0, 3000)];
    const variants = (l: string) => [l, l.toUpperCase(), ` ${l}\t`, l.replace(/\d/g, '7'), l.replace(/ /g, '  '), l.slice(0, -1), l + '1', l + ' '];
    for (let i = 0; i < lines.length; i++) {
      const a = lines[i]!;
      for (const b of [...variants(a), lines[i + 1] ?? '', ...ODD_LINES]) expect([a, b, sameNormalised(a, b)]).toEqual([a, b, normaliseLine(a) === normaliseLine(b)]);
    }
  });
});

describe('SeenLines', () => {
  it('answers as a Set of normalised lines would, for several capacities (forgetting and growing included)', ({ expect }) => {
    const lines = [...ODD_LINES, ...seedLines(), ...ODD_LINES];
    for (const capacity of [1, 2, 7, 100, 4096, 1 << 20]) {
      const seen = new SeenLines(capacity);
      const got = lines.map((line) => seen.testAndAdd(line));
      expect(got, `capacity ${capacity}`).toEqual(referenceAnswers(lines, capacity));
    }
  });

  it('tells lines apart whose hashes collide, by their text', ({ expect }) => {
    // Two lower-case words with the same 32-bit FNV-1a hash (found by a search over random words).
    const pair = ['dsmmekes', 'vamkpxtr'];
    expect(normalisedHash(pair[0]!)).toBe(normalisedHash(pair[1]!));
    const seen = new SeenLines(10);
    expect(seen.testAndAdd(pair[0]!)).toBe(false);
    expect(seen.testAndAdd(pair[1]!)).toBe(false);
    expect(seen.testAndAdd('VAMKPXTR')).toBe(true);
    expect(seen.testAndAdd(' Dsmmekes ')).toBe(true);
    expect(seen.size).toBe(2);
  });
});
