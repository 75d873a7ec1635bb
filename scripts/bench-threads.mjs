// Loaded with `node --import` by the batch lane of scripts/bench.mjs (through NODE_OPTIONS, so in
// the launcher and in the CLI process it starts): as the process exits, writes to stderr how its
// CPU seconds split between its threads, read from /proc (Linux only; elsewhere it writes nothing).
//
// - main: the thread that started the process;
// - workers: the batch pool's worker threads, which have exited by then, so their time is the
//   process's total less what the live threads hold;
// - background: the other live threads, V8's platform threads (concurrent and parallel garbage
//   collection, the optimising compiler's background jobs) and libuv's thread pool.
//
// Why: `--jobs 1` keeps a second core partly busy with V8's background threads, which leaves
// less for `--jobs 2` to gain; this says how much.
import { readFileSync, readdirSync } from 'node:fs';
import { isMainThread } from 'node:worker_threads';

/** Clock ticks per second of /proc's CPU times (USER_HZ, 100 on Linux). */
const TICKS = 100;

/** User + system CPU seconds from a /proc stat line (fields 14 and 15, after the command's parentheses). */
function cpuOf(stat) {
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / TICKS;
}

if (isMainThread && process.platform === 'linux') {
  process.on('exit', () => {
    try {
      const total = cpuOf(readFileSync('/proc/self/stat', 'utf8'));
      let main = 0;
      let background = 0;
      for (const tid of readdirSync('/proc/self/task')) {
        const cpu = cpuOf(readFileSync(`/proc/self/task/${tid}/stat`, 'utf8'));
        if (Number(tid) === process.pid) main = cpu;
        else background += cpu;
      }
      const workers = Math.max(0, total - main - background);
      process.stderr.write(`\nBENCH_THREADS ${JSON.stringify({ total, main, workers, background })}\n`);
    } catch {
      // A /proc that cannot be read: no figures, the run itself is unaffected.
    }
  });
}
