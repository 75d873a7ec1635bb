import { describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { ROOT } from '../cli/helpers.js';

const run = promisify(execFile);
const SCRIPT = path.join(ROOT, 'scripts', 'probe', 'scan-floor.mjs');

describe('scripts/probe/scan-floor.mjs', () => {
  it('times every loop over the same lines of the repeated seeds and compares each with the floor', async () => {
    // The probe reads the fast word table's slots directly: a change to FastWordTable must not leave it measuring nothing.
    const { stdout } = await run(process.execPath, [SCRIPT, '--mb', '0.3'], { cwd: ROOT });
    const lines = stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^[\d.]+ MB, \d+ lines, [\d.]+ bytes a line/);
    const lanes = lines.slice(1).map((l) => /^(.+?)\s+(\d+) ns a line\s+floor \/ this ([\d.]+)$/.exec(l));
    expect(lanes.map((m) => m?.[1])).toEqual(['floor', 'split only', 'class count', 'word loop', 'scanFast']);
    for (const m of lanes) expect(Number(m![2])).toBeGreaterThan(0);
    expect(lanes[0]![3]).toBe('1.00');
  }, 60_000);
});
