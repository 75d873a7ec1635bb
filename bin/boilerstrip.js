#!/usr/bin/env -S node --max-semi-space-size=8 --heap-growing-percent=150 --expose-gc --v8-pool-size=2
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
// --v8-pool-size=2: V8's background threads (concurrent GC, compiler jobs), 4 by default. Each
//   thread that allocates gets a glibc malloc arena of its own, which keeps its freed memory:
//   with 2, the same 1,500 JSONL records peaked at 172-184 MB against 187-203 MB with 4, at the
//   same CPU time, and a 2-thread batch ran as fast. (Capping the arenas instead, MALLOC_ARENA_MAX=2,
//   saved as much on JSONL but made the threads of a batch queue for malloc's locks: --jobs 2
//   on 10,000 files went from 3.9 to 5.7 s.)
//
// The shebang passes the flags when the file is executed (npx, a PATH install); run as
// `node bin/boilerstrip.js` (or through a Windows shim) they are missing, and V8 reads them only
// at start-up, so the launcher then runs itself once more with them.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const V8_FLAGS = ['--max-semi-space-size=8', '--heap-growing-percent=150', '--expose-gc', '--v8-pool-size=2'];

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
  const child = spawn(process.execPath, [...process.execArgv, ...V8_FLAGS, fileURLToPath(import.meta.url), ...process.argv.slice(2)], { stdio: 'inherit' });
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
