import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, it } from 'vitest';
import { relieveHeap } from '../../src/cli/memory.js';
import { BIN, ROOT } from './helpers.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'boilerstrip-memory-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Run `code` (an ES module) in a fresh Node with `flags`; its stdout. */
function node(flags: string[], code: string, env: NodeJS.ProcessEnv = process.env): string {
  const file = path.join(dir, `script-${Math.random().toString(36).slice(2)}.mjs`);
  writeFileSync(file, code);
  const r = spawnSync(process.execPath, [...flags, file], { encoding: 'utf8', env, timeout: 60_000 });
  if (r.status !== 0) throw new Error(`child failed (${r.status}): ${r.stderr}`);
  return r.stdout.trim();
}

const memoryModule = pathToFileURL(path.join(ROOT, 'dist', 'cli', 'memory.js')).href;

describe('relieveHeap', () => {
  it('does nothing in a process started without --expose-gc, as a library caller is', ({ expect }) => {
    expect(typeof (globalThis as { gc?: unknown }).gc).toBe('undefined');
    expect(relieveHeap(0)).toBe(false);
  });

  it('collects once the heap in use has passed the limit, and not below it', ({ expect }) => {
    const out = node(
      ['--expose-gc'],
      `import { relieveHeap } from ${JSON.stringify(memoryModule)};
       import { getHeapStatistics } from 'node:v8';
       const used = () => getHeapStatistics().used_heap_size;
       gc();
       const below = relieveHeap(used() + (64 << 20));
       // ~40 MB held long enough to reach the old space, then let go: garbage a young-space
       // collection does not take.
       let held = [];
       for (let i = 0; i < 400; i++) held.push(new Array(12500).fill(i));
       held = null;
       const before = used();
       const above = relieveHeap(16 << 20);
       console.log(JSON.stringify({ below, above, before, after: used() }));`,
    );
    const r = JSON.parse(out) as { below: boolean; above: boolean; before: number; after: number };
    expect(r.below).toBe(false);
    expect(r.above).toBe(true);
    expect(r.after).toBeLessThan(r.before / 2);
  });
});

describe('the launcher (bin/boilerstrip.js)', () => {
  it('runs the CLI with gc exposed and two V8 background threads, whether or not node was given them', ({ expect }) => {
    const probe = path.join(dir, 'probe.mjs');
    writeFileSync(probe, `process.stderr.write('probe ' + JSON.stringify({ gc: typeof globalThis.gc, flags: process.execArgv.filter((a) => a.startsWith('--v8-pool-size') || a === '--expose-gc') }) + '\\n');\n`);
    // --import runs the probe in the launcher and again in the process it starts with its flags.
    const r = spawnSync(process.execPath, [BIN, '--version'], { encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: `--import=${pathToFileURL(probe).href}` }, timeout: 60_000 });
    if (r.status !== 0) throw new Error(`boilerstrip --version failed (${r.status}): ${r.stderr}`);
    const seen = r.stderr
      .split('\n')
      .filter((l) => l.startsWith('probe '))
      .map((l) => JSON.parse(l.slice('probe '.length)) as { gc: string; flags: string[] });
    expect(seen.at(-1)).toEqual({ gc: 'function', flags: ['--expose-gc', '--v8-pool-size=2'] });
  });
});
