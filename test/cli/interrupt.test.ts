import { afterAll, beforeAll, describe, it } from 'vitest';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { BIN, PAGE_TXT, makeTempDir, removeTempDir } from './helpers.js';
import { mirrorTemps, newTempSlot, removeSlotTemps, slotPaths, trackStale, trackTemp, untrackStale, untrackTemp } from '../../src/cli/interrupt.js';

/**
 * Bytes of each input. Outputs go to their temporary file once they pass 4 MiB (BUFFERED_OUTPUT_BYTES),
 * so an input must be well past that to be caught with its temporary file open, and still running.
 */
const INPUT_BYTES = 12e6;

let tmp: string;
let input: string;

beforeAll(() => {
  tmp = makeTempDir('interrupt');
  input = path.join(tmp, 'in');
  mkdirSync(input);
  // Two long text files: with --jobs 2 the main thread takes one and the worker thread the other.
  const page = readFileSync(PAGE_TXT, 'utf8');
  const parts: string[] = [];
  for (let i = 0, n = 0; n < INPUT_BYTES; i++) {
    const part = page.replaceAll('Harbor', `Harbor ${i}`) + '\n';
    parts.push(part);
    n += part.length;
  }
  for (const name of ['a.txt', 'b.txt']) writeFileSync(path.join(input, name), parts.join(''));
});

afterAll(() => removeTempDir(tmp));

/** How a child process ended: its exit code, or the signal that ended it. */
interface End {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/**
 * A run ended by a signal dies by it once it has cleaned up (interrupt.ts), and the launcher
 * (bin/boilerstrip.js) then dies by the same signal: a shell reports 128 + its number.
 */
const BY_SIGNAL = (signal: NodeJS.Signals): End => ({ code: null, signal });

function ended(child: ChildProcess): Promise<End> {
  return new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
}

/** Temporary outputs in `dir`, by thread id: 0 is the main thread (output.ts names them `.NAME.PID-THREAD.RANDOM.tmp`). */
function tempOutputs(dir: string): Array<{ name: string; thread: number }> {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  return names.flatMap((name) => {
    const m = /^\.[ab]\.tsv\.\d+-(\d+)\.\w+\.tmp$/.exec(name);
    return m ? [{ name, thread: Number(m[1]) }] : [];
  });
}

/**
 * Start `label` over the two files with --jobs 2 through the launcher, as a user would, wait until
 * both the main thread and the worker have a temporary output open, send `signal` to the launcher
 * (which passes it on), and return the exit code.
 */
async function interrupt(out: string, signal: NodeJS.Signals, extra: string[] = [], env: NodeJS.ProcessEnv = {}): Promise<{ end: End; stderr: string; caught: string[] }> {
  const child = spawn(process.execPath, [BIN, 'label', input, '-o', out, '--jobs', '2', ...extra], { env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (b: Buffer) => (stderr += b.toString('utf8')));
  const exited = ended(child);
  const deadline = Date.now() + 60_000;
  let caught: string[] = [];
  for (;;) {
    const temps = tempOutputs(out);
    if (temps.some((t) => t.thread === 0) && temps.some((t) => t.thread !== 0)) {
      caught = temps.map((t) => t.name);
      break;
    }
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`the run ended or stalled before both threads had a temporary output open: ${stderr}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  child.kill(signal);
  return { end: await exited, stderr, caught };
}

describe('an interrupted run', { timeout: 120_000 }, () => {
  it('removes the temporary outputs of the main thread and of the worker threads on SIGINT, says so, and ends by SIGINT (status 130 in a shell)', async ({ expect }) => {
    const out = path.join(tmp, 'out-int');
    const r = await interrupt(out, 'SIGINT');
    expect(r.caught.length).toBeGreaterThanOrEqual(2);
    expect(r.end, r.stderr).toEqual(BY_SIGNAL('SIGINT'));
    // Said, not left to the exit status alone: a batch stopped in a terminal said nothing.
    expect(r.stderr.trimEnd().split('\n').at(-1)).toBe('boilerstrip: stopped by SIGINT; outputs written before it are whole, and the ones being written were removed, with what an earlier run had written under their names');
    expect(readdirSync(out).filter((n) => n.endsWith('.tmp'))).toEqual([]);
    // A file that was still being written is not there under its real name either.
    expect(readdirSync(out).filter((n) => !n.startsWith('.')).length).toBeLessThan(2);
  });

  it('removes the outputs an earlier run left for the files being written, on the main thread and in a worker', async ({ expect }) => {
    // They no longer match their inputs: a step reading the output folder took them for current
    // after a SIGTERM, as it cannot after a file that fails (QA pass 6; GNU make removes them too).
    const out = path.join(tmp, 'out-stale');
    mkdirSync(out, { recursive: true });
    for (const name of ['a.tsv', 'b.tsv']) writeFileSync(path.join(out, name), 'navigation\tfrom an earlier run\n');
    const r = await interrupt(out, 'SIGINT');
    expect(r.end, r.stderr).toEqual(BY_SIGNAL('SIGINT'));
    expect(readdirSync(out).filter((n) => !n.startsWith('.'))).toEqual([]);
  });

  it('removes them on SIGTERM too, and the --cross-doc counts folder, and ends by SIGTERM (143)', async ({ expect }) => {
    const out = path.join(tmp, 'out-term');
    const tmpdir = path.join(tmp, 'tmpdir');
    mkdirSync(tmpdir);
    const r = await interrupt(out, 'SIGTERM', ['--cross-doc'], { TMPDIR: tmpdir });
    expect(r.end, r.stderr).toEqual(BY_SIGNAL('SIGTERM'));
    expect(readdirSync(out).filter((n) => n.endsWith('.tmp'))).toEqual([]);
    expect(readdirSync(tmpdir)).toEqual([]);
  });
});

describe('an interrupted run with one worker (--jobs 1)', { timeout: 120_000 }, () => {
  it('stops between files on SIGTERM, writes no run report, and ends by SIGTERM, as the pool does', async ({ expect }) => {
    // Many small files, each labelled in a few milliseconds: the serial loop read and wrote them
    // synchronously, one after another, and never let the signal's handler run, so a stopped run
    // went on to the last file, wrote its report and exited 0.
    const many = path.join(tmp, 'many');
    mkdirSync(many);
    const page = readFileSync(PAGE_TXT, 'utf8');
    const files = 3000;
    for (let i = 0; i < files; i++) writeFileSync(path.join(many, `p${i}.txt`), page);
    const out = path.join(tmp, 'out-serial');
    const reportFile = path.join(tmp, 'serial-report.jsonl');
    const child = spawn(process.execPath, [BIN, 'clean', many, '-o', out, '--jobs', '1', '--report', reportFile], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (b: Buffer) => (stderr += b.toString('utf8')));
    const exited = ended(child);
    const deadline = Date.now() + 60_000;
    for (;;) {
      let written = 0;
      try {
        written = readdirSync(out).length;
      } catch {
        // not made yet
      }
      if (written >= 20) break;
      if (child.exitCode !== null || Date.now() > deadline) {
        child.kill('SIGKILL');
        throw new Error(`the run ended or stalled before it had written 20 outputs: ${stderr}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    child.kill('SIGTERM');
    expect(await exited, stderr).toEqual(BY_SIGNAL('SIGTERM'));
    expect(stderr.trimEnd().split('\n').at(-1)).toBe('boilerstrip: stopped by SIGTERM; outputs written before it are whole, and the ones being written were removed, with what an earlier run had written under their names');
    expect(readdirSync(out).filter((n) => n.endsWith('.tmp'))).toEqual([]);
    expect(readdirSync(out).length).toBeLessThan(files);
    expect(() => readFileSync(reportFile)).toThrow();
  });
});

/** CPU seconds a process has used so far (Linux: /proc/PID/stat, in clock ticks of 1/100 s). */
function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /s, '').split(' ');
  // utime and stime are fields 14 and 15 of the line, 12 and 13 after the command's name.
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

describe('an interrupted run on one large page', { timeout: 120_000 }, () => {
  it.skipIf(process.platform !== 'linux')('ends by a SIGINT that came while the page was being labelled, with no output, though the page is read and labelled in one synchronous stretch', async ({ expect }) => {
    // The signal's handler runs only when the event loop polls; a large HTML page on the main
    // thread is parsed, labelled and written without it polling, and the run then kept its output
    // and exited 0, as if no one had pressed Ctrl-C (QA pass 20).
    const dir = path.join(tmp, 'big-page');
    mkdirSync(dir);
    const paragraph = '<p>The harbour board met on Tuesday and agreed, after a long debate, to rebuild the old breakwater before the winter storms.</p>';
    const page = `<!DOCTYPE html><html><head><meta charset="utf-8"><title>Breakwater</title></head><body><article><h1>Breakwater</h1>${paragraph.repeat(200_000)}</article></body></html>`;
    writeFileSync(path.join(dir, 'page.html'), page);
    const out = path.join(tmp, 'out-big-page');
    // The launcher's V8 flags given here, so the CLI runs in this process (no second one) and its CPU time can be read.
    const flags = JSON.parse(/const V8_FLAGS = (\[[^\]]*\])/.exec(readFileSync(BIN, 'utf8'))![1]!.replaceAll("'", '"')) as string[];
    const child = spawn(process.execPath, [...flags, BIN, 'clean', path.join(dir, 'page.html'), '-o', out, '--jobs', '1'], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (b: Buffer) => (stderr += b.toString('utf8')));
    const exited = ended(child);
    // Past start-up and the read, well inside the labelling of the page (which takes seconds).
    const deadline = Date.now() + 60_000;
    while (cpuSeconds(child.pid!) < 1.5) {
      if (child.exitCode !== null || Date.now() > deadline) {
        child.kill('SIGKILL');
        throw new Error(`the run ended or stalled before it had used 1.5 s of CPU time: ${stderr}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    child.kill('SIGINT');
    expect(await exited, stderr).toEqual(BY_SIGNAL('SIGINT'));
    expect(stderr.trimEnd().split('\n').at(-1)).toMatch(/^boilerstrip: stopped by SIGINT;/);
    expect(existsSync(out) ? readdirSync(out).filter((n) => !n.startsWith('.')) : []).toEqual([]);
  });
});

describe('an interrupted run reading a named pipe', { timeout: 60_000 }, () => {
  it.skipIf(process.platform === 'win32')('ends on SIGTERM while its read of the pipe is still waiting for a writer', async ({ expect }) => {
    // `clean <(curl ...)` or a FIFO whose writer has not come: the read waits in libuv's thread
    // pool, and process.exit waited for that thread at the exit, so the run said it had stopped
    // and then lived on until the writer came (or forever).
    const fifo = path.join(tmp, 'pipe.txt');
    execFileSync('mkfifo', [fifo]);
    // A group of its own, so that a run that does not end is killed with the CLI process the launcher started.
    const child = spawn(process.execPath, [BIN, 'clean', fifo], { stdio: ['ignore', 'ignore', 'pipe'], detached: true });
    let stderr = '';
    child.stderr.on('data', (b: Buffer) => (stderr += b.toString('utf8')));
    const exited = ended(child);
    // Long enough for the launcher to start the CLI and the CLI to open the pipe.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    child.kill('SIGTERM');
    const timer = setTimeout(() => process.kill(-child.pid!, 'SIGKILL'), 10_000);
    const end = await exited;
    clearTimeout(timer);
    expect(end, stderr).toEqual(BY_SIGNAL('SIGTERM'));
    expect(stderr.trimEnd().split('\n').at(-1)).toBe('boilerstrip: stopped by SIGTERM; outputs written before it are whole, and the ones being written were removed, with what an earlier run had written under their names');
  });
});

describe("a worker's block of temporary paths", () => {
  it('gives back the paths the worker tracks, and none once they are renamed or removed', ({ expect }) => {
    const slot = newTempSlot();
    mirrorTemps(slot);
    trackTemp('/out/.a.txt.1-1.x.tmp');
    trackTemp('/out/sub/.é.txt.1-1.y.tmp');
    expect(slotPaths(slot)).toEqual(['/out/.a.txt.1-1.x.tmp', '/out/sub/.é.txt.1-1.y.tmp']);
    untrackTemp('/out/.a.txt.1-1.x.tmp');
    expect(slotPaths(slot)).toEqual(['/out/sub/.é.txt.1-1.y.tmp']);
    untrackTemp('/out/sub/.é.txt.1-1.y.tmp');
    expect(slotPaths(slot)).toEqual([]);
  });

  it('removes an earlier output it tracks when it is a file, and leaves a folder of that name alone', ({ expect }) => {
    const dir = path.join(tmp, 'stale-slot');
    mkdirSync(path.join(dir, 'folder.txt'), { recursive: true });
    writeFileSync(path.join(dir, 'folder.txt', 'keep.txt'), 'x');
    writeFileSync(path.join(dir, 'old.txt'), 'x');
    writeFileSync(path.join(dir, 'done.txt'), 'x');
    const slot = newTempSlot();
    mirrorTemps(slot);
    for (const name of ['old.txt', 'folder.txt', 'done.txt']) trackStale(path.join(dir, name));
    untrackStale(path.join(dir, 'done.txt')); // renamed into place: whole, and kept
    removeSlotTemps(slot);
    expect(readdirSync(dir).sort()).toEqual(['done.txt', 'folder.txt']);
    expect(readdirSync(path.join(dir, 'folder.txt'))).toEqual(['keep.txt']);
  });
});
