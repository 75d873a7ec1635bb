import { afterAll, beforeAll, describe, it } from 'vitest';
import { spawn } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { BIN, PAGE_TXT, makeTempDir, removeTempDir } from './helpers.js';
import { mirrorTemps, newTempSlot, slotPaths, trackTemp, untrackTemp } from '../../src/cli/interrupt.js';

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
async function interrupt(out: string, signal: NodeJS.Signals, extra: string[] = [], env: NodeJS.ProcessEnv = {}): Promise<{ code: number | null; stderr: string; caught: string[] }> {
  const child = spawn(process.execPath, [BIN, 'label', input, '-o', out, '--jobs', '2', ...extra], { env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (b: Buffer) => (stderr += b.toString('utf8')));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
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
  return { code: await exited, stderr, caught };
}

describe('an interrupted run', { timeout: 120_000 }, () => {
  it('removes the temporary outputs of the main thread and of the worker threads on SIGINT, says so, and exits 130', async ({ expect }) => {
    const out = path.join(tmp, 'out-int');
    const r = await interrupt(out, 'SIGINT');
    expect(r.caught.length).toBeGreaterThanOrEqual(2);
    expect(r.code, r.stderr).toBe(130);
    // Said, not left to the exit status alone: a batch stopped in a terminal said nothing.
    expect(r.stderr.trimEnd().split('\n').at(-1)).toBe('boilerstrip: stopped by SIGINT; outputs written before it are whole, and the ones being written were removed');
    expect(readdirSync(out).filter((n) => n.endsWith('.tmp'))).toEqual([]);
    // A file that was still being written is not there under its real name either.
    expect(readdirSync(out).filter((n) => !n.startsWith('.')).length).toBeLessThan(2);
  });

  it('removes them on SIGTERM too, and the --cross-doc counts folder, and exits 143', async ({ expect }) => {
    const out = path.join(tmp, 'out-term');
    const tmpdir = path.join(tmp, 'tmpdir');
    mkdirSync(tmpdir);
    const r = await interrupt(out, 'SIGTERM', ['--cross-doc'], { TMPDIR: tmpdir });
    expect(r.code, r.stderr).toBe(143);
    expect(readdirSync(out).filter((n) => n.endsWith('.tmp'))).toEqual([]);
    expect(readdirSync(tmpdir)).toEqual([]);
  });
});

describe('an interrupted run with one worker (--jobs 1)', { timeout: 120_000 }, () => {
  it('stops between files on SIGTERM, writes no run report, and exits 143, as the pool does', async ({ expect }) => {
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
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
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
    const code = await exited;
    expect(code, stderr).toBe(143);
    expect(stderr.trimEnd().split('\n').at(-1)).toBe('boilerstrip: stopped by SIGTERM; outputs written before it are whole, and the ones being written were removed');
    expect(readdirSync(out).filter((n) => n.endsWith('.tmp'))).toEqual([]);
    expect(readdirSync(out).length).toBeLessThan(files);
    expect(() => readFileSync(reportFile)).toThrow();
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
});
