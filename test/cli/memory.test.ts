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
  /** What the CLI's own process sees: whether `gc` is exposed, and its malloc arena count. */
  function cliProcess(env: NodeJS.ProcessEnv): Array<{ gc: string; arenas: string | null }> {
    const probe = path.join(dir, 'probe.mjs');
    writeFileSync(probe, `process.stderr.write('probe ' + JSON.stringify({ gc: typeof globalThis.gc, arenas: process.env.MALLOC_ARENA_MAX ?? null }) + '\\n');\n`);
    // --import runs the probe in the launcher and again in the process it starts with the flags.
    const r = spawnSync(process.execPath, [BIN, '--version'], { encoding: 'utf8', env: { ...env, NODE_OPTIONS: `--import=${pathToFileURL(probe).href}` }, timeout: 60_000 });
    if (r.status !== 0) throw new Error(`boilerstrip --version failed (${r.status}): ${r.stderr}`);
    return r.stderr
      .split('\n')
      .filter((l) => l.startsWith('probe '))
      .map((l) => JSON.parse(l.slice('probe '.length)) as { gc: string; arenas: string | null });
  }

  it('runs the CLI with gc exposed and two malloc arenas', ({ expect }) => {
    const env = { ...process.env };
    delete env.MALLOC_ARENA_MAX;
    const seen = cliProcess(env);
    expect(seen.at(-1)).toEqual({ gc: 'function', arenas: '2' });
  });

  it('keeps a malloc arena count the user set', ({ expect }) => {
    const seen = cliProcess({ ...process.env, MALLOC_ARENA_MAX: '4' });
    expect(seen.at(-1)).toEqual({ gc: 'function', arenas: '4' });
  });
});
