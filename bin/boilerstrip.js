#!/usr/bin/env -S MALLOC_ARENA_MAX=2 node --max-semi-space-size=8 --heap-growing-percent=150 --expose-gc
// Thin launcher: the CLI is compiled from src/cli to dist/cli (npm install runs the build).
//
// V8 flags, for flat memory on long streams:
// --max-semi-space-size=8: V8 sizes the young generation by allocation rate, up to 16 MB per
//   semi-space by default; the per-line pipeline allocates fast, so RSS rose to ~146 MB on a
//   100 MB stream with ~10 MB actually retained. At 8 MB: ~118 MB peak, and faster (3.4 vs 2.2 MB/s).
// --heap-growing-percent=150: after a full GC V8 lets the old space grow to a multiple of what
//   survived, a multiple it picks itself; on HTML records ~15 MB survive and the heap grew to
//   ~115 MB before the next collection. Capping the factor at 2.5 took peak RSS on 800 JSONL
//   records (146 MB) from 152-174 MB to 137-139 MB at the same CPU time (17.0 vs 17.4 s, pinned;
//   a factor of 1.5 cost 25% more). It bounds growth, not size: a huge page gets the heap it needs.
// --expose-gc: between records and between files the CLI collects once the heap in use has passed
//   96 MiB (src/cli/memory.ts): a collection that lands while a large page is labelled sets the
//   next one far up, and one run in five of 1,500 JSONL records peaked at 270-286 MB RSS.
// MALLOC_ARENA_MAX=2: glibc gives each thread that allocates (V8's GC and compiler threads) an
//   arena of its own, ~20 MB of RSS that stays; two arenas took the peak on those records from
//   187-203 MB to 167-179 MB (4 runs each) at the same CPU time. A value of the user's own is kept
//   when the launcher runs itself again (below); the shebang sets it.
//
// The shebang passes the flags when the file is executed (npx, a PATH install); run as
// `node bin/boilerstrip.js` (or through a Windows shim) they are missing, and V8 reads them only
// at start-up, so the launcher then runs itself once more with them.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const V8_FLAGS = ['--max-semi-space-size=8', '--heap-growing-percent=150', '--expose-gc'];

if (V8_FLAGS.every((flag) => process.execArgv.includes(flag))) {
  const { main } = await import('../dist/cli/main.js');
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (error) => {
      process.stderr.write(`boilerstrip: internal error: ${error?.stack ?? error}\n`);
      process.exitCode = 3;
    },
  );
} else {
  const env = { ...process.env, MALLOC_ARENA_MAX: process.env.MALLOC_ARENA_MAX ?? '2' };
  const child = spawn(process.execPath, [...process.execArgv, ...V8_FLAGS, fileURLToPath(import.meta.url), ...process.argv.slice(2)], { stdio: 'inherit', env });
  // The child shares the terminal's process group, so Ctrl-C reaches it directly; a signal sent
  // to this process alone (kill PID) is passed on.
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => {
    if (signal !== null) {
      process.removeAllListeners(signal);
      process.kill(process.pid, signal);
    } else process.exitCode = code ?? 1;
  });
  child.on('error', (error) => {
    process.stderr.write(`boilerstrip: cannot start ${process.execPath}: ${error.message}\n`);
    process.exitCode = 3;
  });
}
