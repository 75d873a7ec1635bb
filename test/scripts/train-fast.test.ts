import { describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { ROOT } from '../cli/helpers.js';

const run = promisify(execFile);

// Shipped models are what training gives back: a lexicon change that moved the fast model's
// features left data/model-fast.json stale, and `npm run train:fast` rewrote it (QA pass 12).
describe('scripts/train-fast.mjs', () => {
  it('gives back the shipped data/model-fast.json, byte for byte, from the golden files and the lexicon as they are', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'bs-train-fast-'));
    try {
      const out = path.join(dir, 'model-fast.json');
      await run(process.execPath, [path.join(ROOT, 'scripts', 'train-fast.mjs'), '--out', out], { cwd: ROOT });
      expect(readFileSync(out, 'utf8') === readFileSync(path.join(ROOT, 'data', 'model-fast.json'), 'utf8')).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
