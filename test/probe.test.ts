import { describe, expect, it } from 'vitest';
import path from 'node:path';
import { findCases, runCase } from '../src/check.js';

// probe/*/README.md: measured, not tuned on (probe/social's, probe/about's, probe/rules36's and probe/lists' READMEs say what was designed on them), so no floor here; only that `check` can read them.
describe.each([
  ['genres', 12, 30],
  ['mixed', 30, 30],
  ['social', 32, 10],
  ['teasers', 32, 10],
  ['about', 30, 10],
  ['rules36', 24, 20],
  ['unseen36', 30, 8],
  ['lists', 26, 10],
  ['langs37', 24, 30],
  ['langs37b', 10, 30],
])('the %s probe', (name, pages, lines) => {
  const probe = path.resolve(import.meta.dirname, '..', 'probe', name);
  it(`has a golden file for each of its ${pages} pages that follows its seed row for row, so check can measure it`, async () => {
    const cases = await findCases(path.join(probe, 'seeds'), path.join(probe, 'golden'));
    expect(cases.map((c) => c.name)).toHaveLength(pages);
    for (const c of cases) {
      const result = await runCase(c.name, c.seed, c.golden);
      expect(result.lines.length, c.name).toBeGreaterThan(lines);
    }
  }, 60_000);
});
