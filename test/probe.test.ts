import { describe, expect, it } from 'vitest';
import path from 'node:path';
import { findCases, runCase } from '../src/check.js';

const probe = path.resolve(import.meta.dirname, '..', 'probe', 'genres');

// probe/genres/README.md: measured, never tuned on, so no floor here; only that `check` can read it.
describe('the genre probe', () => {
  it('has a golden file for every page that follows its seed row for row, so check can measure it', async () => {
    const cases = await findCases(path.join(probe, 'seeds'), path.join(probe, 'golden'));
    expect(cases.map((c) => c.name)).toHaveLength(12);
    for (const c of cases) {
      const result = await runCase(c.name, c.seed, c.golden);
      expect(result.lines.length, c.name).toBeGreaterThan(30);
    }
  }, 60_000);
});
