#!/usr/bin/env node
// Speed and memory of boilerstrip, each figure next to a baseline measured in the same run.
//
//   npm run bench                          # full run (~15-20 min), writes BENCHMARKS.md and its figures, BENCHMARKS.json
//   npm run bench -- --quick               # small sizes, a smoke run (~2 min), writes .bench/quick/BENCHMARKS.md
//   npm run bench -- --only text,batch     # some modes; the others keep their last figures
//   npm run bench -- --only text --cpu-prof   # also a CPU profile of `label` (top functions printed)
//
// Modes:
//   text   MB/s of labelByteBatches / cleanByteBatches (64 KB chunks from a file) vs a plain
//          decode-and-split loop over the same bytes (the floor)
//   html   pages/s of extractHtml vs Readability.js on jsdom vs defuddle on jsdom, same pages
//   jsonl  records/s and peak RSS of `clean --format jsonl` over >= 1 GB; peak RSS on a 100 MB single line
//   batch  wall time of `clean DIR -o OUT` over 10,000 small files, --jobs 1 vs --jobs 2
//
// Every measurement runs in a fresh child process, pinned to one core with taskset where it is
// available (the batch mode is the exception: it measures using two cores). Runs of the modes
// being compared alternate (floor, label, clean, floor, ...), so a change in the machine's load
// hits both sides. Inputs are generated once under .bench/ (gitignored) and reused.
import { spawn } from 'node:child_process';
import { createReadStream, createWriteStream, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { once } from 'node:events';
import { gunzipSync } from 'node:zlib';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { performance } from 'node:perf_hooks';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const BENCH = path.join(ROOT, '.bench');
const BIN = path.join(ROOT, 'bin', 'boilerstrip.js');
const DATASET = path.resolve(ROOT, '..', 'shared', 'data', 'article-extraction-benchmark');
const MODES = ['text', 'html', 'jsonl', 'batch'];
const MB = 1e6;
const MiB = 1 << 20;

/**
 * Sizes of the full and the quick run. The text corpus is large enough that a run lasts
 * long past JIT warm-up; the JSONL file is large enough that memory would show any growth.
 * @default full: text 200 MiB in 5 windows, 40 HTML pages, JSONL 1 GiB, single line 100 MiB, 10,000 files
 */
const SIZES = {
  full: { textBytes: 200 * MiB, textWindows: 5, htmlPages: 40, jsonlBytes: 1024 * MiB, lineBytes: 100 * MiB, batchFiles: 10_000 },
  quick: { textBytes: 16 * MiB, textWindows: 4, htmlPages: 8, jsonlBytes: 48 * MiB, lineBytes: 10 * MiB, batchFiles: 600 },
};
/**
 * Runs per measurement; figures are medians.
 * @default 3
 */
const DEFAULT_RUNS = 3;
/**
 * Runs of the JSONL lane's two commands (each pass over the 1 GB file takes about a minute).
 * Its peak RSS is judged on the worst of them.
 * @default 3
 */
const DEFAULT_JSONL_RUNS = 3;
/**
 * Wall-clock budget of the text mode, in seconds. A round (floor, label, clean) over the
 * whole corpus is repeated while the next one is expected to fit; the first always runs, and
 * each run gives `textWindows` rates, so the median is over several figures even then.
 * @default 420
 */
const TEXT_BUDGET_SECONDS = 420;
/**
 * Wall-clock budget of the HTML mode, in seconds (defuddle on jsdom is the slow part).
 * @default 300
 */
const HTML_BUDGET_SECONDS = 300;
/**
 * Iterations of the pure-CPU loop that measures the machine's parallel ceiling (about a
 * second on one core of a 2020s server).
 * @default 200000000
 */
const SPIN_ITERATIONS = 200_000_000;
/**
 * Wall-clock budget of the batch mode, in seconds.
 * @default 240
 */
const BATCH_BUDGET_SECONDS = 240;
/**
 * Chunk size fed to the text pipeline, as a file stream delivers it.
 * @default 65536
 */
const CHUNK_BYTES = 1 << 16;
/**
 * Pages of the subset whose extraction is done once, untimed, before timing: the first call
 * pays for module initialisation (lexicons, jsdom's CSS machinery), not per-page work.
 * @default 2
 */
const WARMUP_PAGES = 2;
/**
 * After the first timed pass over the pages (cold: the JIT still compiling), each HTML tool goes
 * on passing over the same pages until this many seconds have gone, at least one more pass: its
 * steady rate, what a long batch of pages sees. Both rates are reported; the target is judged on
 * the steady one, and every tool gets the same treatment.
 * @default 5
 */
const HTML_STEADY_SECONDS = 5;
/**
 * Lines per generated batch file: a short article, like a typical scraped page.
 * @default 40
 */
const BATCH_FILE_LINES = 40;
/** Targets (from the "Speed and scale" issue). */
const TARGETS = { textRatio: 0.25, htmlVsReadability: 10, rssMB: 200, batchSpeedup: 1.7 };

// ---------------------------------------------------------------------------------------------
// Helpers

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length === 0 ? NaN : s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const fmt = (x, digits = 2) => (Number.isFinite(x) ? x.toFixed(digits) : 'n/a');
const log = (m) => process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${m}\n`);
const hasTool = (p) => existsSync(p);
const TASKSET = ['/usr/bin/taskset', '/bin/taskset'].find(hasTool);
const GNU_TIME = ['/usr/bin/time'].find(hasTool);

/** Run a command; resolves with code, stdout, stderr and wall seconds. */
function exec(cmd, args, { cwd = ROOT, env = process.env } = {}) {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(cmd, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    const out = [];
    const err = [];
    child.stdout.on('data', (b) => out.push(b));
    child.stderr.on('data', (b) => err.push(b));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout: Buffer.concat(out).toString(), stderr: Buffer.concat(err).toString(), seconds: (performance.now() - t0) / 1000 }));
  });
}

/** `node args` on one core (taskset) when `pin`, measured by GNU time -v when available. */
async function runNode(args, { pin = true, cpu = 0, rss = false, env } = {}) {
  const node = [process.execPath, ...args];
  const pinned = pin && TASKSET ? [TASKSET, '-c', String(cpu), ...node] : node;
  if (!rss) return exec(pinned[0], pinned.slice(1), { env });
  if (GNU_TIME) {
    const r = await exec(GNU_TIME, ['-v', ...pinned], { env });
    const m = /Maximum resident set size \(kbytes\): (\d+)/.exec(r.stderr);
    const user = /User time \(seconds\): ([\d.]+)/.exec(r.stderr);
    const sys = /System time \(seconds\): ([\d.]+)/.exec(r.stderr);
    const cpuSeconds = user && sys ? Number(user[1]) + Number(sys[1]) : NaN;
    return { ...r, maxRssMB: m ? (Number(m[1]) * 1024) / MB : NaN, cpuSeconds, rssFrom: 'GNU time -v' };
  }
  // No GNU time: the child reports its own peak RSS as it exits.
  const hook = `process.on('exit',()=>require('fs').writeSync(2,'\\nBENCH_MAXRSS_KB '+process.resourceUsage().maxRSS+'\\n'));process.argv.splice(1,1);import(${JSON.stringify(pathToFileURL(args[0]).href)})`;
  const wrapped = [process.execPath, '-e', hook, 'placeholder', ...args];
  const cmd = pin && TASKSET ? [TASKSET, '-c', String(cpu), ...wrapped] : wrapped;
  const r = await exec(cmd[0], cmd.slice(1), { env });
  const m = /BENCH_MAXRSS_KB (\d+)/.exec(r.stderr);
  return { ...r, maxRssMB: m ? (Number(m[1]) * 1024) / MB : NaN, rssFrom: 'process.resourceUsage().maxRSS' };
}

/** Run a measurement of this script in a child process; returns its JSON answer. */
async function child(task, args, opts) {
  const r = await runNode([fileURLToPath(import.meta.url), '--child', task, ...args.map(String)], opts);
  if (r.code !== 0) throw new Error(`child ${task} ${args.join(' ')} failed (${r.code}): ${r.stderr.slice(-2000)}`);
  return JSON.parse(r.stdout.trim().split('\n').pop());
}

/** Write `file` by streaming `produce(write)` into a temporary name, then rename (no half-written corpus is ever reused). */
async function generate(file, produce) {
  mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  const out = createWriteStream(tmp);
  const write = async (s) => {
    if (!out.write(s)) await once(out, 'drain');
  };
  await produce(write);
  out.end();
  await once(out, 'finish');
  renameSync(tmp, file);
}

function seedTexts() {
  const dir = path.join(ROOT, 'seeds');
  return readdirSync(dir)
    .filter((f) => f.endsWith('.txt'))
    .sort()
    .map((f) => {
      const t = readFileSync(path.join(dir, f), 'utf8');
      return t.endsWith('\n') ? t : t + '\n';
    });
}

function benchmarkPages(limit = Infinity) {
  const dir = path.join(DATASET, 'html');
  const truth = JSON.parse(readFileSync(path.join(DATASET, 'ground-truth.json'), 'utf8'));
  return readdirSync(dir)
    .filter((f) => f.endsWith('.html.gz'))
    .sort()
    .slice(0, limit)
    .map((f) => {
      const id = f.replace(/\.html\.gz$/, '');
      return { id, url: truth[id]?.url ?? `https://example.com/${id}`, html: gunzipSync(readFileSync(path.join(dir, f))).toString('utf8') };
    });
}

// ---------------------------------------------------------------------------------------------
// Children: one measurement each, answer as one JSON line on stdout.

async function runChild([task, ...args]) {
  let answer;
  if (task === 'text') answer = await childText(args[0], args[1], Number(args[2]));
  else if (task === 'html') answer = await childHtml(args[0], Number(args[1]));
  else if (task === 'jsonl-floor') answer = await childJsonlFloor(args[0]);
  else if (task === 'spin') answer = await childSpin(Number(args[0]), Number(args[1]));
  else if (task === 'fs') answer = await childFs(Number(args[0]), args[1], args[2]);
  else throw new Error(`unknown child task ${task}`);
  process.stdout.write(JSON.stringify(answer) + '\n');
}

/** One pass over `file` with `mode`; MB/s per window of `windowBytes` and overall. */
async function childText(mode, file, windowBytes) {
  const windows = [];
  let bytes = 0;
  let markBytes = 0;
  let sink = 0; // consumed, so nothing is optimised away
  const t0 = performance.now();
  let markTime = t0;
  async function* chunks() {
    for await (const chunk of createReadStream(file, { highWaterMark: CHUNK_BYTES })) {
      bytes += chunk.length;
      if (bytes - markBytes >= windowBytes) {
        // The rate of the window just consumed (a short remainder at the end is not a window).
        const now = performance.now();
        windows.push((bytes - markBytes) / MB / ((now - markTime) / 1000));
        markTime = now;
        markBytes = bytes;
      }
      yield chunk;
    }
  }
  if (mode === 'floor') {
    // The floor: decode the same bytes as UTF-8 and cut them into line strings.
    const decoder = new TextDecoder('utf-8');
    let carry = '';
    for await (const chunk of chunks()) {
      const text = carry + decoder.decode(chunk, { stream: true });
      let start = 0;
      for (let nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', start)) {
        const line = text.slice(start, nl);
        sink += line.length;
        start = nl + 1;
      }
      carry = text.slice(start);
    }
    sink += (carry + decoder.decode()).length;
  } else {
    const { labelByteBatches, cleanByteBatches } = await import(pathToFileURL(path.join(ROOT, 'dist', 'pipeline.js')).href);
    if (mode === 'label') for await (const batch of labelByteBatches(chunks())) sink += batch.length;
    // What `boilerstrip label` runs without --explain: the same labels, no reason written per line.
    else if (mode === 'label-plain') for await (const batch of labelByteBatches(chunks(), { reasons: false })) sink += batch.length;
    else if (mode === 'clean') for await (const batch of cleanByteBatches(chunks())) sink += batch.length;
    // The fast model (`fast: true`), as `boilerstrip label --fast` and `clean --fast` run it.
    else if (mode === 'fast-label') for await (const batch of labelByteBatches(chunks(), { fast: true, reasons: false })) sink += batch.length;
    else if (mode === 'fast-clean') for await (const batch of cleanByteBatches(chunks(), { fast: true })) sink += batch.length;
    else throw new Error(`unknown text mode ${mode}`);
  }
  const seconds = (performance.now() - t0) / 1000;
  return { mode, bytes, seconds, mbps: bytes / MB / seconds, windows, sink };
}

async function childHtml(tool, count) {
  const pages = benchmarkPages(count);
  let retries = 0;
  let failures = 0;
  let chars = 0;
  let extract;
  if (tool === 'boilerstrip') {
    const { extractHtml } = await import(pathToFileURL(path.join(ROOT, 'dist', 'document.js')).href);
    extract = (p) => extractHtml(p.html, { url: p.url });
  } else {
    const { JSDOM, VirtualConsole } = await import('jsdom');
    const virtualConsole = new VirtualConsole(); // silent: CSS parse errors would flood stderr
    // jsdom 27's CSS parser throws on a few pages' <style> blocks (e.g. `border: inherit`
    // followed by a longhand); such a page is parsed again without them, and counted.
    const parse = (p) => {
      try {
        return new JSDOM(p.html, { url: p.url, virtualConsole });
      } catch {
        retries += 1;
        return new JSDOM(p.html.replace(/<style\b[^>]*>[\s\S]*?<\/style\s*>/gi, ''), { url: p.url, virtualConsole });
      }
    };
    if (tool === 'readability') {
      const { Readability } = await import('@mozilla/readability');
      extract = (p) => {
        const dom = parse(p);
        try {
          return new Readability(dom.window.document).parse()?.textContent ?? '';
        } finally {
          dom.window.close();
        }
      };
    } else if (tool === 'defuddle') {
      const { Defuddle } = await import('defuddle/node');
      extract = async (p) => {
        const dom = parse(p);
        try {
          return (await Defuddle(dom.window.document, p.url, { useAsync: false })).content ?? '';
        } finally {
          dom.window.close();
        }
      };
    } else throw new Error(`unknown html tool ${tool}`);
  }
  const one = async (p) => {
    try {
      chars += String(await extract(p)).length;
    } catch {
      failures += 1;
    }
  };
  for (const p of pages.slice(0, WARMUP_PAGES)) await one(p);
  failures = 0;
  retries = 0;
  const t0 = performance.now();
  for (const p of pages) await one(p);
  const seconds = (performance.now() - t0) / 1000;
  const coldFailures = failures;
  const coldRetries = retries;
  // Steady state: whole passes over the same pages until HTML_STEADY_SECONDS have gone.
  const t1 = performance.now();
  let steadyPages = 0;
  do {
    for (const p of pages) await one(p);
    steadyPages += pages.length;
  } while (performance.now() - t1 < HTML_STEADY_SECONDS * 1000);
  const steadySeconds = (performance.now() - t1) / 1000;
  return {
    tool,
    pages: pages.length,
    seconds,
    pagesPerSecond: pages.length / seconds,
    steadyPages,
    steadySeconds,
    steadyPagesPerSecond: steadyPages / steadySeconds,
    failures: coldFailures,
    styleRetries: coldRetries,
    chars,
  };
}

/**
 * The machine's own parallel ceiling: the same pure-CPU loop in `threads` worker threads at
 * once. With two threads, 2 × t(1) ÷ t(2) is the most any two-worker run can gain here; on a
 * VM whose two vCPUs share a physical core, or while other sessions hold a core, it is well
 * below 2.
 */
async function childSpin(threads, iterations) {
  const { Worker } = await import('node:worker_threads');
  const code = `const { parentPort, workerData } = require('node:worker_threads');
let x = 1;
for (let i = 0; i < workerData; i++) x = (Math.imul(x, 1103515245) + i) | 0;
parentPort.postMessage(x);`;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: threads }, () => new Promise((resolve, reject) => {
      const w = new Worker(code, { eval: true, workerData: iterations });
      w.on('message', resolve);
      w.on('error', reject);
    })),
  );
  return { threads, seconds: (performance.now() - t0) / 1000 };
}

/**
 * The file-system part of a batch without the labelling: every file of `folder` read whole,
 * written to a temporary name in the mirrored folder under `out` and renamed into place (the
 * syscalls `clean DIR -o OUT` makes per file), the files split between `threads` threads.
 */
async function childFs(threads, folder, out) {
  const { Worker } = await import('node:worker_threads');
  const files = [];
  for (const d of readdirSync(folder, { withFileTypes: true })) {
    if (d.isDirectory()) for (const f of readdirSync(path.join(folder, d.name))) files.push(path.join(d.name, f));
  }
  const code = `const { parentPort, workerData: { folder, out, files } } = require('node:worker_threads');
const fs = require('node:fs'); const path = require('node:path');
const made = new Set();
for (const f of files) {
  const bytes = fs.readFileSync(path.join(folder, f));
  const target = path.join(out, f);
  const dir = path.dirname(target);
  if (!made.has(dir)) { fs.mkdirSync(dir, { recursive: true }); made.add(dir); }
  fs.writeFileSync(target + '.tmp', bytes.subarray(0, bytes.length >> 1));
  fs.renameSync(target + '.tmp', target);
}
parentPort.postMessage(files.length);`;
  const share = Math.ceil(files.length / threads);
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: threads }, (_, i) => new Promise((resolve, reject) => {
      const w = new Worker(code, { eval: true, workerData: { folder, out, files: files.slice(i * share, (i + 1) * share) } });
      w.on('message', resolve);
      w.on('error', reject);
    })),
  );
  return { threads, files: files.length, seconds: (performance.now() - t0) / 1000 };
}

/** The floor of the JSONL stage: read the file, cut lines, JSON.parse each record. */
async function childJsonlFloor(file) {
  const t0 = performance.now();
  let records = 0;
  let carry = Buffer.alloc(0);
  let sink = 0;
  for await (const chunk of createReadStream(file, { highWaterMark: CHUNK_BYTES })) {
    let buf = carry.length ? Buffer.concat([carry, chunk]) : chunk;
    let start = 0;
    for (let nl = buf.indexOf(10); nl >= 0; nl = buf.indexOf(10, start)) {
      const rec = JSON.parse(buf.toString('utf8', start, nl));
      sink += rec.html.length;
      records += 1;
      start = nl + 1;
    }
    carry = buf.subarray(start);
  }
  const seconds = (performance.now() - t0) / 1000;
  return { records, seconds, recordsPerSecond: records / seconds, sink };
}

// ---------------------------------------------------------------------------------------------
// Inputs

/**
 * The text corpus: seeds/*.txt repeated to `bytes`. With `unique`, every non-blank line gets a
 * made-up word (letters only, a different one for every line of the file) after its first
 * word, so no line occurs twice: the figure of a corpus whose lines never recur, which a
 * memo of repeated lines cannot flatter.
 */
async function textCorpus(dir, bytes, unique = false) {
  const file = path.join(dir, `text-${Math.round(bytes / MiB)}MiB${unique ? '-unique' : ''}.txt`);
  if (existsSync(file)) return file;
  log(`generating ${path.relative(ROOT, file)} from seeds/*.txt${unique ? ' (every line made unique)' : ''}`);
  const seeds = seedTexts();
  const counter = { next: 0 };
  await generate(file, async (write) => {
    let n = 0;
    while (n < bytes) {
      for (const s of seeds) {
        const text = unique ? uniqueLines(s, counter) : s;
        await write(text);
        n += Buffer.byteLength(text);
      }
    }
  });
  return file;
}

/** A made-up lower-case word for number k: base-26 letters after "zq" (zqa, zqb, ..., zqba, ...). */
function madeUpWord(k) {
  let w = '';
  do {
    w = String.fromCharCode(97 + (k % 26)) + w;
    k = Math.floor(k / 26);
  } while (k > 0);
  return 'zq' + w;
}

/** `text` with a made-up word, a new one per line (`counter.next` counts them), after each line's first word. */
function uniqueLines(text, counter) {
  return text
    .split('\n')
    .map((line) => {
      if (line.trim() === '') return line;
      const word = madeUpWord(counter.next++);
      const sp = line.indexOf(' ', line.search(/\S/));
      return sp < 0 ? `${line} ${word}` : `${line.slice(0, sp)} ${word}${line.slice(sp)}`;
    })
    .join('\n');
}

async function jsonlCorpus(dir, bytes) {
  const file = path.join(dir, 'big.jsonl');
  const stamp = `${file}.bytes`;
  if (existsSync(file) && existsSync(stamp) && Number(readFileSync(stamp, 'utf8')) === bytes) return file;
  log(`generating ${path.relative(ROOT, file)} (${Math.round(bytes / MiB)} MiB of {"url","html"} records from the benchmark pages)`);
  const pages = benchmarkPages();
  let records = 0;
  await generate(file, async (write) => {
    let n = 0;
    for (let round = 0; n < bytes; round++) {
      for (const p of pages) {
        const line = JSON.stringify({ url: `${p.url}${p.url.includes('?') ? '&' : '?'}copy=${round}`, html: p.html }) + '\n';
        await write(line);
        n += Buffer.byteLength(line);
        records += 1;
      }
    }
  });
  writeFileSync(stamp, String(bytes));
  return file;
}

async function singleLine(dir, bytes) {
  const file = path.join(dir, `line-${Math.round(bytes / MiB)}MiB.txt`);
  if (existsSync(file)) return file;
  log(`generating ${path.relative(ROOT, file)} (one line, no newline)`);
  const prose = seedTexts().join(' ').replace(/\s+/g, ' ');
  await generate(file, async (write) => {
    let n = 0;
    while (n < bytes) {
      const part = prose.slice(0, Math.min(prose.length, bytes - n));
      await write(part);
      n += Buffer.byteLength(part);
    }
  });
  return file;
}

async function batchFolder(dir, files) {
  const folder = path.join(dir, `batch-${files}`);
  if (existsSync(path.join(folder, '.complete'))) return folder;
  log(`generating ${path.relative(ROOT, folder)}/ (${files} small text files from seeds/*.txt)`);
  rmSync(folder, { recursive: true, force: true });
  const lines = seedTexts().join('').split('\n');
  for (let i = 0; i < files; i++) {
    const sub = path.join(folder, String(Math.floor(i / 100)).padStart(3, '0'));
    if (i % 100 === 0) mkdirSync(sub, { recursive: true });
    const start = (i * 37) % Math.max(1, lines.length - BATCH_FILE_LINES);
    writeFileSync(path.join(sub, `page-${String(i).padStart(5, '0')}.txt`), lines.slice(start, start + BATCH_FILE_LINES).join('\n') + '\n');
  }
  writeFileSync(path.join(folder, '.complete'), '');
  return folder;
}

// ---------------------------------------------------------------------------------------------
// Modes

/**
 * Run `lanes` (lists of tasks) at the same time, each list in order on its own core: two
 * single-core measurements side by side halve the wall time of the run. With one lane
 * (`--lanes 1`, or a one-core machine) every task runs in turn on `ctx.cpu`.
 */
async function inLanes(ctx, lanes) {
  if (ctx.lanes === 1) {
    const out = [];
    for (const lane of lanes) {
      const results = [];
      for (const task of lane) results.push(await task(ctx.cpu));
      out.push(results);
    }
    return out;
  }
  return Promise.all(
    lanes.map(async (lane, i) => {
      const results = [];
      for (const task of lane) results.push(await task((ctx.cpu + i) % os.availableParallelism()));
      return results;
    }),
  );
}

/** Repeat `round()` up to `ctx.runs` times while another round is expected to end within `budget` seconds. */
async function rounds(ctx, budget, name, round) {
  const t0 = performance.now();
  let last = 0;
  for (let r = 0; r < ctx.runs; r++) {
    const elapsed = (performance.now() - t0) / 1000;
    if (r > 0 && elapsed + last > budget) {
      log(`${name}: stopping after ${r} round(s): another would pass the ${budget} s budget`);
      return r;
    }
    const r0 = performance.now();
    await round(r);
    last = (performance.now() - r0) / 1000;
  }
  return ctx.runs;
}

async function benchText(cfg, ctx) {
  const repeated = await benchTextCorpus(cfg, ctx, await textCorpus(ctx.dataDir, cfg.textBytes));
  const unique = await benchTextCorpus(cfg, ctx, await textCorpus(ctx.dataDir, cfg.textBytes, true));
  return { ...repeated, unique };
}

/** Floor, label and clean rates over one corpus file. */
async function benchTextCorpus(cfg, ctx, file) {
  const window = Math.floor(cfg.textBytes / cfg.textWindows);
  const runs = { floorA: [], label: [], fastLabel: [], floorB: [], clean: [], labelPlain: [], fastClean: [] };
  const task = (mode, key, round) => async (cpu) => {
    const prof = ctx.cpuProf && mode === 'label' && round === 0 ? ['--cpu-prof', '--cpu-prof-dir', path.join(BENCH, 'prof')] : [];
    const r = await runNode([...prof, fileURLToPath(import.meta.url), '--child', 'text', mode, file, window], { cpu });
    if (r.code !== 0) throw new Error(`text ${mode}: ${r.stderr.slice(-2000)}`);
    const res = JSON.parse(r.stdout.trim().split('\n').pop());
    runs[key].push(res);
    log(`text ${mode} ${path.basename(file)} (CPU ${cpu}) round ${round + 1}: ${fmt(res.mbps)} MB/s over ${fmt(res.bytes / MB, 0)} MB (windows ${res.windows.map((w) => fmt(w)).join(', ')})`);
  };
  // Each side has its own floor, measured on its core just before it.
  const n = await rounds(ctx, ctx.textBudget, 'text', (r) =>
    inLanes(ctx, [
      [task('floor', 'floorA', r), task('label', 'label', r), task('fast-label', 'fastLabel', r)],
      [task('floor', 'floorB', r), task('clean', 'clean', r), task('label-plain', 'labelPlain', r), task('fast-clean', 'fastClean', r)],
    ]),
  );
  const fig = (key) => {
    const windows = runs[key].flatMap((r) => r.windows);
    return { mbps: median(windows), overall: median(runs[key].map((r) => r.mbps)), runs: runs[key].length, windows: windows.length };
  };
  const floorA = fig('floorA');
  const floorB = fig('floorB');
  const label = fig('label');
  const clean = fig('clean');
  const labelPlain = fig('labelPlain');
  const fastLabel = fig('fastLabel');
  const fastClean = fig('fastClean');
  return {
    corpus: path.relative(ROOT, file), corpusMB: statSync(file).size / MB, rounds: n, lanes: ctx.lanes, floorA, floorB, label, clean, labelPlain, fastLabel, fastClean,
    labelRatio: label.mbps / floorA.mbps, cleanRatio: clean.mbps / floorB.mbps, labelPlainRatio: labelPlain.mbps / floorB.mbps,
    fastLabelRatio: fastLabel.mbps / floorA.mbps, fastCleanRatio: fastClean.mbps / floorB.mbps,
  };
}

async function benchHtml(cfg, ctx) {
  const total = benchmarkPages().length;
  const res = { boilerstripA: [], readability: [], boilerstripB: [], defuddle: [], all: [] };
  const task = (tool, key, count, round) => async (cpu) => {
    const r = await child('html', [tool, count], { cpu });
    res[key].push(r);
    log(`html ${tool}${count === total ? ` (all ${total} pages)` : ''} (CPU ${cpu}) round ${round + 1}: first pass ${fmt(r.pagesPerSecond)} pages/s, steady ${fmt(r.steadyPagesPerSecond)} pages/s (${r.pages} pages, then ${r.steadyPages} in ${fmt(r.steadySeconds)} s; ${r.failures} failed, ${r.styleRetries} re-parsed without <style>)`);
  };
  const n = await rounds(ctx, ctx.htmlBudget, 'html', (r) =>
    inLanes(ctx, [
      [task('boilerstrip', 'boilerstripA', cfg.htmlPages, r), task('readability', 'readability', cfg.htmlPages, r), task('boilerstrip', 'all', total, r)],
      [task('boilerstrip', 'boilerstripB', cfg.htmlPages, r), task('defuddle', 'defuddle', cfg.htmlPages, r)],
    ]),
  );
  const fig = (key) => ({
    pagesPerSecond: median(res[key].map((r) => r.pagesPerSecond)),
    steadyPagesPerSecond: median(res[key].map((r) => r.steadyPagesPerSecond)),
    failures: Math.max(...res[key].map((r) => r.failures)),
    styleRetries: Math.max(...res[key].map((r) => r.styleRetries)),
  });
  const out = { boilerstripA: fig('boilerstripA'), readability: fig('readability'), boilerstripB: fig('boilerstripB'), defuddle: fig('defuddle'), all: fig('all') };
  return {
    pages: cfg.htmlPages,
    totalPages: total,
    rounds: n,
    lanes: ctx.lanes,
    ...out,
    vsReadability: out.boilerstripA.steadyPagesPerSecond / out.readability.steadyPagesPerSecond,
    vsDefuddle: out.boilerstripB.steadyPagesPerSecond / out.defuddle.steadyPagesPerSecond,
    coldVsReadability: out.boilerstripA.pagesPerSecond / out.readability.pagesPerSecond,
    coldVsDefuddle: out.boilerstripB.pagesPerSecond / out.defuddle.pagesPerSecond,
  };
}

async function benchJsonl(cfg, ctx) {
  const file = await jsonlCorpus(ctx.dataDir, cfg.jsonlBytes);
  const line = await singleLine(ctx.dataDir, cfg.lineBytes);
  const rel = (p) => path.relative(ROOT, p);
  const outDir = path.join(ctx.dataDir, 'out');
  const lineOut = path.join(ctx.dataDir, 'out-line');
  rmSync(outDir, { recursive: true, force: true });
  rmSync(lineOut, { recursive: true, force: true });
  const args = ['clean', '--format', 'jsonl', rel(file), '-o', rel(outDir)];
  const lineArgs = ['clean', rel(line), '-o', rel(lineOut)];
  const bigRuns = [];
  const lineRuns = [];
  let floor;
  let startup;
  // The long runs on one core; the floor, the start-up baseline and the single line on the other.
  // Peak RSS varies between runs of the same input (when V8's collections land during a large
  // page: 180-290 MB on one 272 MB slice before src/cli/memory.ts), so the lane runs each several
  // times and judges the target on the worst run: flat memory has to hold on every run.
  await inLanes(ctx, [
    [
      async (cpu) => {
        for (let r = 0; r < ctx.jsonlRuns; r++) {
          log(`jsonl run ${r + 1}/${ctx.jsonlRuns} (CPU ${cpu}): node bin/boilerstrip.js ${args.join(' ')}`);
          const big = await runNode([BIN, ...args], { cpu, rss: true });
          if (big.code !== 0 || !/records: \d+ ok/.test(big.stderr)) throw new Error(`jsonl run failed (${big.code}): ${big.stderr.slice(-2000)}`);
          log(`jsonl: ${/records: \d+ ok, \d+ bad/.exec(big.stderr)[0]} in ${fmt(big.seconds, 1)} s, peak RSS ${fmt(big.maxRssMB, 0)} MB`);
          bigRuns.push(big);
          rmSync(outDir, { recursive: true, force: true });
        }
      },
    ],
    [
      async (cpu) => {
        startup = await runNode([BIN, '--help'], { cpu, rss: true });
        log(`jsonl: baseline peak RSS (boilerstrip --help) ${fmt(startup.maxRssMB, 0)} MB`);
      },
      async (cpu) => {
        floor = await child('jsonl-floor', [file], { cpu });
        log(`jsonl floor (read + JSON.parse, CPU ${cpu}): ${fmt(floor.recordsPerSecond, 0)} records/s`);
      },
      async (cpu) => {
        for (let r = 0; r < ctx.jsonlRuns; r++) {
          const one = await runNode([BIN, ...lineArgs], { cpu, rss: true });
          if (one.code !== 0) throw new Error(`single-line run failed (${one.code}): ${one.stderr.slice(-2000)}`);
          log(`single line: ${fmt(statSync(line).size / MB, 0)} MB in ${fmt(one.seconds, 1)} s, peak RSS ${fmt(one.maxRssMB, 0)} MB`);
          lineRuns.push(one);
          rmSync(lineOut, { recursive: true, force: true });
        }
      },
    ],
  ]);
  rmSync(outDir, { recursive: true, force: true });
  rmSync(lineOut, { recursive: true, force: true });
  const records = Number(/records: (\d+) ok/.exec(bigRuns[0].stderr)[1]);
  const size = statSync(file).size;
  const seconds = median(bigRuns.map((r) => r.seconds));
  return {
    file: rel(file),
    fileMB: size / MB,
    records,
    lanes: ctx.lanes,
    runs: bigRuns.length,
    seconds,
    recordsPerSecond: records / seconds,
    mbps: size / MB / seconds,
    maxRssMB: Math.max(...bigRuns.map((r) => r.maxRssMB)),
    medianRssMB: median(bigRuns.map((r) => r.maxRssMB)),
    rssRuns: bigRuns.map((r) => r.maxRssMB),
    floorRecordsPerSecond: floor.recordsPerSecond,
    startupRssMB: startup.maxRssMB,
    rssFrom: bigRuns[0].rssFrom,
    command: `node bin/boilerstrip.js ${args.join(' ')}`,
    line: {
      file: rel(line),
      fileMB: statSync(line).size / MB,
      seconds: median(lineRuns.map((r) => r.seconds)),
      maxRssMB: Math.max(...lineRuns.map((r) => r.maxRssMB)),
      rssRuns: lineRuns.map((r) => r.maxRssMB),
      warning: lineRuns[0].stderr.split('\n').find((l) => l.includes('warning')) ?? '',
      command: `node bin/boilerstrip.js ${lineArgs.join(' ')}`,
    },
  };
}

/** The batch runs' environment: NODE_OPTIONS loads the per-thread CPU report (scripts/bench-threads.mjs). */
const THREADS_ENV = { ...process.env, NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --import=${pathToFileURL(path.join(ROOT, 'scripts', 'bench-threads.mjs')).href}`.trim() };

/**
 * The CLI process's thread split from a run's stderr: the launcher and the process it starts both
 * report, and the launcher's own is the one with less CPU.
 */
function threadSplit(stderr) {
  const all = [...stderr.matchAll(/BENCH_THREADS (\{.*\})/g)].map((m) => JSON.parse(m[1]));
  return all.sort((a, b) => b.total - a.total)[0];
}

/** Medians of each part over runs; undefined without reports (not Linux). */
function medianSplit(list) {
  if (list.length === 0) return undefined;
  return Object.fromEntries(['total', 'main', 'workers', 'background'].map((k) => [k, median(list.map((x) => x[k]))]));
}

async function benchBatch(cfg, ctx) {
  const folder = await batchFolder(ctx.dataDir, cfg.batchFiles);
  const rel = path.relative(ROOT, folder);
  const res = { 1: [], 2: [] };
  const cpu = { 1: [], 2: [] };
  /** Per run, how its CPU seconds split between threads (scripts/bench-threads.mjs). */
  const threads = { 1: [], 2: [] };
  const ceiling = [];
  const fsCeiling = [];
  let summary = '';
  const n = await rounds(ctx, BATCH_BUDGET_SECONDS, 'batch', async (round) => {
    const one = await child('spin', [1, SPIN_ITERATIONS], { pin: false });
    const two = await child('spin', [2, SPIN_ITERATIONS], { pin: false });
    ceiling.push((2 * one.seconds) / two.seconds);
    log(`batch: parallel ceiling round ${round + 1}: one thread ${fmt(one.seconds)} s, two threads ${fmt(two.seconds)} s: ${fmt(ceiling.at(-1))}×`);
    for (const jobs of [1, 2]) {
      const out = path.join(ctx.dataDir, `batch-out-j${jobs}`);
      rmSync(out, { recursive: true, force: true });
      // rss: true for GNU time's CPU seconds, which tell how many cores the run actually got.
      const r = await runNode([BIN, 'clean', rel, '-o', path.relative(ROOT, out), '--jobs', String(jobs)], { pin: false, rss: true, env: THREADS_ENV });
      const split = threadSplit(r.stderr);
      if (split) threads[jobs].push(split);
      summary = r.stderr.split('\n').find((l) => /files? cleaned/.test(l)) ?? '';
      if (r.code !== 0 || !summary) throw new Error(`batch --jobs ${jobs} failed (${r.code}): ${r.stderr.slice(-2000)}`);
      res[jobs].push(r.seconds);
      cpu[jobs].push(r.cpuSeconds);
      log(`batch --jobs ${jobs} round ${round + 1}: ${fmt(r.seconds)} s wall, ${fmt(r.cpuSeconds)} s CPU (${summary})`);
    }
    // The same total file work in one thread and in two: how far this machine's file system
    // lets two threads creating and renaming files at once go (fresh folders, removed after).
    // After the pair: removing 20,000 files leaves the kernel work that would slow the next run.
    const fsTimes = {};
    for (const threads of [1, 2]) {
      const out = path.join(ctx.dataDir, `fs-out-${round}-${threads}`);
      fsTimes[threads] = (await child('fs', [threads, folder, out], { pin: false })).seconds;
      rmSync(out, { recursive: true, force: true });
    }
    fsCeiling.push(fsTimes[1] / fsTimes[2]);
    log(`batch: file-system ceiling round ${round + 1}: one thread ${fmt(fsTimes[1])} s, two threads ${fmt(fsTimes[2])} s: ${fmt(fsCeiling.at(-1))}×`);
  });
  for (const jobs of [1, 2]) rmSync(path.join(ctx.dataDir, `batch-out-j${jobs}`), { recursive: true, force: true });
  const one = median(res[1]);
  const two = median(res[2]);
  return { folder: rel, files: cfg.batchFiles, rounds: n, jobs1: one, jobs2: two, cpu1: median(cpu[1]), cpu2: median(cpu[2]), threads1: medianSplit(threads[1]), threads2: medianSplit(threads[2]), ceiling: median(ceiling), fsCeiling: median(fsCeiling), perRound: res[1].map((t, i) => ({ jobs1: t, jobs2: res[2][i], ceiling: ceiling[i], fsCeiling: fsCeiling[i] })), speedup: one / two, summary, command: `node bin/boilerstrip.js clean ${rel} -o OUT --jobs N` };
}

// ---------------------------------------------------------------------------------------------
// Report

function machine() {
  const cpus = os.cpus();
  return {
    cpu: cpus[0]?.model ?? 'unknown',
    cores: os.availableParallelism(),
    memoryGB: os.totalmem() / 1024 ** 3,
    node: process.version,
    platform: `${os.type()} ${os.release()} ${os.arch()}`,
  };
}

async function gitState() {
  const head = await exec('git', ['rev-parse', '--short', 'HEAD']);
  const dirty = await exec('git', ['status', '--porcelain', '--untracked-files=no', '--', 'src']);
  return { commit: head.stdout.trim(), dirtySrc: dirty.stdout.split('\n').filter((l) => l.trim()).map((l) => l.slice(3)) };
}

const pass = (ok) => (ok ? 'met' : '**not met**');

function render(results, quick) {
  const L = [];
  L.push(quick ? '# Benchmarks (quick smoke run: small sizes, not the reference figures)' : '# Benchmarks');
  L.push('');
  L.push('Produced by `scripts/bench.mjs` (`npm run bench`); every figure next to a baseline measured in the same run, on one core');
  L.push('(taskset) unless said otherwise, medians of several runs. Regenerate rather than edit; notes below the marker at the end are kept.');
  L.push('');
  const latest = Object.values(results).map((r) => r.meta).sort((a, b) => (a.date < b.date ? 1 : -1))[0];
  if (latest) {
    const mc = latest.machine;
    L.push(`Machine: ${mc.cpu}, ${mc.cores} cores, ${fmt(mc.memoryGB, 1)} GB memory, Node ${mc.node}, ${mc.platform}.`);
    L.push('A load average above the core count means other work shared the machine during a measurement (it is printed per mode).');
    L.push('');
  }
  const targets = [];
  for (const mode of MODES) {
    const r = results[mode];
    if (!r) continue;
    const m = r.meta;
    L.push(`## ${mode}`);
    L.push('');
    L.push(`Measured ${m.date} (${fmt(m.seconds / 60, 1)} min) with \`${m.command}\`, commit ${m.git.commit}${m.git.dirtySrc.length ? ` plus uncommitted changes in ${m.git.dirtySrc.join(', ')}` : ''};`);
    L.push(`load average (1, 5, 15 min) ${m.loadBefore.map((x) => fmt(x)).join(' ')} before, ${m.loadAfter.map((x) => fmt(x)).join(' ')} after.`);
    L.push('');
    if (mode === 'text') {
      const perWindow = r.corpusMB / (r.label.windows / r.label.runs);
      L.push(`Corpus: \`${r.corpus}\`, ${fmt(r.corpusMB, 0)} MB (seeds/*.txt repeated), read from the file in 64 KB chunks. MB/s is the median of`);
      L.push(`per-window rates (windows of ~${fmt(perWindow, 0)} MB; ${r.label.windows} windows over ${r.rounds} run(s) of each). ${r.lanes === 2 ? 'Two lanes side by side, each on its own core: floor then label then fast label on one, floor then clean then label without reasons then fast clean on the other; each ratio is against the floor of its own core.' : 'One lane: floor, label, floor, clean, label without reasons in turn on one core.'}`);
      L.push('');
      L.push('| figure | MB/s | baseline: floor (UTF-8 decode + cut into line strings), MB/s | ratio | target |');
      L.push('|---|---:|---:|---:|---|');
      L.push(`| label (\`labelByteBatches\`) | ${fmt(r.label.mbps)} | ${fmt(r.floorA.mbps)} | ${fmt(r.labelRatio, 4)} | ≥ ${TARGETS.textRatio}: ${pass(r.labelRatio >= TARGETS.textRatio)} |`);
      L.push(`| clean (\`cleanByteBatches\`) | ${fmt(r.clean.mbps)} | ${fmt(r.floorB.mbps)} | ${fmt(r.cleanRatio, 4)} | ≥ ${TARGETS.textRatio}: ${pass(r.cleanRatio >= TARGETS.textRatio)} |`);
      if (r.labelPlain) L.push(`| label without reasons (\`reasons: false\`, as \`boilerstrip label\` runs without \`--explain\`) | ${fmt(r.labelPlain.mbps)} | ${fmt(r.floorB.mbps)} | ${fmt(r.labelPlainRatio, 4)} | ≥ ${TARGETS.textRatio}: ${pass(r.labelPlainRatio >= TARGETS.textRatio)} |`);
      if (r.fastLabel?.runs) L.push(`| fast label (\`fast: true\`, no reasons, as \`boilerstrip label --fast\`) | ${fmt(r.fastLabel.mbps)} | ${fmt(r.floorA.mbps)} | ${fmt(r.fastLabelRatio, 4)} | ≥ ${TARGETS.textRatio}: ${pass(r.fastLabelRatio >= TARGETS.textRatio)} |`);
      if (r.fastClean?.runs) L.push(`| fast clean (\`fast: true\`, as \`boilerstrip clean --fast\`) | ${fmt(r.fastClean.mbps)} | ${fmt(r.floorB.mbps)} | ${fmt(r.fastCleanRatio, 4)} | ≥ ${TARGETS.textRatio}: ${pass(r.fastCleanRatio >= TARGETS.textRatio)} |`);
      L.push('');
      L.push(`Whole-run rates (bytes ÷ seconds, start-up and warm-up included): label ${fmt(r.label.overall)}, clean ${fmt(r.clean.overall)}, floor ${fmt(r.floorA.overall)} / ${fmt(r.floorB.overall)} MB/s.`);
      targets.push(['text label ≥ 0.25 × floor', fmt(r.labelRatio, 4), r.labelRatio >= TARGETS.textRatio], ['text clean ≥ 0.25 × floor', fmt(r.cleanRatio, 4), r.cleanRatio >= TARGETS.textRatio]);
      if (r.fastLabel?.runs) targets.push(['text label --fast ≥ 0.25 × floor', fmt(r.fastLabelRatio, 4), r.fastLabelRatio >= TARGETS.textRatio], ['text clean --fast ≥ 0.25 × floor', fmt(r.fastCleanRatio, 4), r.fastCleanRatio >= TARGETS.textRatio]);
      const u = r.unique;
      if (u) {
        L.push('');
        L.push(`No repeated lines: \`${u.corpus}\`, ${fmt(u.corpusMB, 0)} MB, the same seeds with a made-up word (a different one on every line) after the first word of each line,`);
        L.push(`so no line recurs and the first stage's memo of repeated text lines never hits. ${u.label.windows} windows over ${u.rounds} run(s) of each.`);
        L.push('');
        L.push('| figure, no repeated lines | MB/s | floor, MB/s | ratio | target |');
        L.push('|---|---:|---:|---:|---|');
        L.push(`| label (\`labelByteBatches\`) | ${fmt(u.label.mbps)} | ${fmt(u.floorA.mbps)} | ${fmt(u.labelRatio, 4)} | ≥ ${TARGETS.textRatio}: ${pass(u.labelRatio >= TARGETS.textRatio)} |`);
        L.push(`| clean (\`cleanByteBatches\`) | ${fmt(u.clean.mbps)} | ${fmt(u.floorB.mbps)} | ${fmt(u.cleanRatio, 4)} | ≥ ${TARGETS.textRatio}: ${pass(u.cleanRatio >= TARGETS.textRatio)} |`);
        if (u.labelPlain) L.push(`| label without reasons | ${fmt(u.labelPlain.mbps)} | ${fmt(u.floorB.mbps)} | ${fmt(u.labelPlainRatio, 4)} | ≥ ${TARGETS.textRatio}: ${pass(u.labelPlainRatio >= TARGETS.textRatio)} |`);
        if (u.fastLabel?.runs) L.push(`| fast label (no reasons) | ${fmt(u.fastLabel.mbps)} | ${fmt(u.floorA.mbps)} | ${fmt(u.fastLabelRatio, 4)} | ≥ ${TARGETS.textRatio}: ${pass(u.fastLabelRatio >= TARGETS.textRatio)} |`);
        if (u.fastClean?.runs) L.push(`| fast clean | ${fmt(u.fastClean.mbps)} | ${fmt(u.floorB.mbps)} | ${fmt(u.fastCleanRatio, 4)} | ≥ ${TARGETS.textRatio}: ${pass(u.fastCleanRatio >= TARGETS.textRatio)} |`);
        targets.push(['text label ≥ 0.25 × floor, no repeated lines', fmt(u.labelRatio, 4), u.labelRatio >= TARGETS.textRatio], ['text clean ≥ 0.25 × floor, no repeated lines', fmt(u.cleanRatio, 4), u.cleanRatio >= TARGETS.textRatio]);
        if (u.fastLabel?.runs) targets.push(['text label --fast ≥ 0.25 × floor, no repeated lines', fmt(u.fastLabelRatio, 4), u.fastLabelRatio >= TARGETS.textRatio], ['text clean --fast ≥ 0.25 × floor, no repeated lines', fmt(u.fastCleanRatio, 4), u.fastCleanRatio >= TARGETS.textRatio]);
      }
    } else if (mode === 'html') {
      L.push(`Pages: the first ${r.pages} (by file name) of the ${r.totalPages} development-set pages, decompressed before timing; only extraction is timed`);
      L.push(`(after ${WARMUP_PAGES} untimed warm-up pages). Readability.js and defuddle run on jsdom, parsing included (they need a DOM); boilerstrip takes the HTML string.`);
      L.push(`Each tool makes a first pass over the pages (cold: its code still being compiled), then passes over them again until ${HTML_STEADY_SECONDS} s have gone, at least once (steady: what a long batch sees).`);
      L.push(`Median pages/s of ${r.rounds} run(s). ${r.lanes === 2 ? 'Two lanes side by side, one core each: boilerstrip then Readability (then boilerstrip on all pages) on one, boilerstrip then defuddle on the other; each ratio is against the boilerstrip run of the same core.' : 'One lane, in turn on one core.'}`);
      L.push('');
      L.push('| figure | steady pages/s | boilerstrip steady, same core | ratio | first pass pages/s | boilerstrip first pass, same core | ratio | failures | pages re-parsed without `<style>` |');
      L.push('|---|---:|---:|---:|---:|---:|---:|---:|---:|');
      const row = (name, it, ours, ratio, coldRatio) =>
        `| ${name} | ${fmt(it.steadyPagesPerSecond)} | ${fmt(ours.steadyPagesPerSecond)} | ${fmt(ratio)} | ${fmt(it.pagesPerSecond)} | ${fmt(ours.pagesPerSecond)} | ${fmt(coldRatio)} | ${it.failures} | ${it.styleRetries} |`;
      L.push(row('Readability.js 0.6 on jsdom 27 (baseline)', r.readability, r.boilerstripA, r.vsReadability, r.coldVsReadability));
      L.push(row('defuddle 0.19 on jsdom 27 (baseline)', r.defuddle, r.boilerstripB, r.vsDefuddle, r.coldVsDefuddle));
      L.push(`| boilerstrip \`extractHtml\`, all ${r.totalPages} pages (reference) | ${fmt(r.all.steadyPagesPerSecond)} | | | ${fmt(r.all.pagesPerSecond)} | | | ${r.all.failures} | |`);
      L.push('');
      L.push(`Target (steady rates): boilerstrip ≥ ${TARGETS.htmlVsReadability}× Readability: ${pass(r.vsReadability >= TARGETS.htmlVsReadability)}. First pass: ${fmt(r.coldVsReadability)}×.`);
      targets.push([`HTML ≥ ${TARGETS.htmlVsReadability}× Readability (steady; first pass ${fmt(r.coldVsReadability)}×)`, `${fmt(r.vsReadability)}×`, r.vsReadability >= TARGETS.htmlVsReadability]);
    } else if (mode === 'jsonl') {
      const runs = r.runs ?? 1;
      L.push(`Input: \`${r.file}\`, ${fmt(r.fileMB, 0)} MB, ${r.records} {"url","html"} records (the benchmark pages, repeated). ${runs} run(s) of each (\`--jsonl-runs\`; a pass takes minutes);${r.lanes === 2 ? ' the floor, the start-up baseline and the single lines ran on the other core meanwhile.' : ''}`);
      L.push(`Peak RSS from ${r.rssFrom}; records/s is the median run's, peak RSS the **worst** run's (the target must hold on every run)${r.rssRuns ? `: JSONL ${r.rssRuns.map((x) => fmt(x, 0)).join(', ')} MB, single line ${r.line.rssRuns.map((x) => fmt(x, 0)).join(', ')} MB` : ''}.`);
      L.push('');
      L.push('| figure | value | baseline | ratio | target |');
      L.push('|---|---:|---:|---:|---|');
      L.push(`| records/s, \`${r.command}\` | ${fmt(r.recordsPerSecond)} (${fmt(r.mbps)} MB/s, ${fmt(r.seconds, 0)} s) | ${fmt(r.floorRecordsPerSecond, 0)} (floor: read + JSON.parse) | ${fmt(r.recordsPerSecond / r.floorRecordsPerSecond, 4)} | – |`);
      L.push(`| peak RSS, same runs (worst) | ${fmt(r.maxRssMB, 0)} MB | ${fmt(r.startupRssMB, 0)} MB (\`boilerstrip --help\`) | ${fmt(r.maxRssMB / TARGETS.rssMB)} of target | < ${TARGETS.rssMB} MB: ${pass(r.maxRssMB < TARGETS.rssMB)} |`);
      L.push(`| peak RSS, \`${r.line.command}\` (${fmt(r.line.fileMB, 0)} MB, one line; ${fmt(r.line.seconds, 1)} s) | ${fmt(r.line.maxRssMB, 0)} MB | ${fmt(r.startupRssMB, 0)} MB | ${fmt(r.line.maxRssMB / TARGETS.rssMB)} of target | < ${TARGETS.rssMB} MB: ${pass(r.line.maxRssMB < TARGETS.rssMB)} |`);
      if (r.line.warning) L.push('', `The single line is cut at the line cap, as documented: \`${r.line.warning.trim()}\`.`);
      targets.push([`peak RSS < ${TARGETS.rssMB} MB, JSONL ${fmt(r.fileMB / 1000, 1)} GB`, `${fmt(r.maxRssMB, 0)} MB`, r.maxRssMB < TARGETS.rssMB]);
      targets.push([`peak RSS < ${TARGETS.rssMB} MB, single line ${fmt(r.line.fileMB, 0)} MB`, `${fmt(r.line.maxRssMB, 0)} MB`, r.line.maxRssMB < TARGETS.rssMB]);
    } else if (mode === 'batch') {
      L.push(`Folder: \`${r.folder}\`, ${r.files} small text files (${BATCH_FILE_LINES} lines of the seeds each). Wall time of the whole command, including Node start-up;`);
      L.push(`not pinned (it measures the use of two cores). Median of ${r.rounds} run(s) of each, alternating.`);
      L.push('');
      L.push('| figure | wall s | baseline (--jobs 1) | speed-up | target |');
      L.push('|---|---:|---:|---:|---|');
      L.push(`| \`--jobs 2\` | ${fmt(r.jobs2)} | ${fmt(r.jobs1)} | ${fmt(r.speedup)}× | ≥ ${TARGETS.batchSpeedup}×: ${pass(r.speedup >= TARGETS.batchSpeedup)} |`);
      L.push(`| files/s | ${fmt(r.files / r.jobs2, 0)} | ${fmt(r.files / r.jobs1, 0)} | | |`);
      if (r.ceiling) L.push(`| machine ceiling: a pure-CPU loop in 2 threads vs 1 (same work per thread) | | | ${fmt(r.ceiling)}× | the pool reached ${fmt((r.speedup / r.ceiling) * 100, 0)}% of it |`);
      if (r.fsCeiling) L.push(`| file-system ceiling: the same reads, writes and renames (no labelling), split between 2 threads vs 1 | | | ${fmt(r.fsCeiling)}× | |`);
      L.push(`| CPU s (user + sys, GNU time) | ${fmt(r.cpu2)} | ${fmt(r.cpu1)} | ${fmt(r.cpu2 / r.cpu1)}× the CPU | |`);
      L.push(`| cores used on average (CPU s ÷ wall s) | ${fmt(r.cpu2 / r.jobs2)} | ${fmt(r.cpu1 / r.jobs1)} | | |`);
      if (r.threads1 && r.threads2) {
        const parts = (t) => `${fmt(t.main)} / ${fmt(t.workers)} / ${fmt(t.background)}`;
        L.push(`| CPU s by thread: main / pool workers / background (V8's GC and compiler threads, libuv; scripts/bench-threads.mjs) | ${parts(r.threads2)} | ${parts(r.threads1)} | | |`);
      }
      L.push('');
      if (r.perRound) L.push('', `Per round (CPU ceiling measured just before each pair, file-system ceiling just after): ${r.perRound.map((p, i) => `${i + 1}: ${fmt(p.jobs1 / p.jobs2)}× with ceiling ${fmt(p.ceiling)}×${p.fsCeiling ? ` (file system ${fmt(p.fsCeiling)}×)` : ''}`).join('; ')}.`, '');
      L.push('With two workers the run can use two cores. The ceiling row says how much two threads of pure computation gained over one at the same time on');
      L.push('this machine: when it is well below 2 (vCPUs sharing a physical core, other sessions holding a core; Linux shares CPU between sessions,');
      L.push('not threads), no pool can reach 1.7× here, and the percentage of the ceiling is the figure that speaks for the pool.');
      if (r.fsCeiling) L.push('The file-system row does the per-file reads, writes and renames alone: near 1× means the kernel serialises them, and that share of a run does not speed up with more workers.');
      if (r.threads1 && r.threads2) {
        const t1 = r.threads1;
        L.push(
          `The by-thread row splits each run's CPU (user + sys from /proc) between the main thread, the pool's workers and the threads the runtime keeps in the background. ` +
            `With \`--jobs 1\` the background threads used ${fmt(t1.background)} s against the main thread's ${fmt(t1.main)} s: that run already keeps the second core ${fmt((t1.background / r.jobs1) * 100, 0)}% busy, ` +
            `so \`--jobs 2\`, which needs that core for a second labeller and has background work of its own, can gain at most about ${fmt(r.ceiling / (r.cpu1 / r.jobs1))}× here (the machine ceiling over the cores \`--jobs 1\` used).`,
        );
      }
      L.push('');
      L.push(`Last summary line: \`${r.summary}\`.`);
      targets.push([`batch --jobs 2 ≥ ${TARGETS.batchSpeedup}× --jobs 1`, `${fmt(r.speedup)}×`, r.speedup >= TARGETS.batchSpeedup]);
    }
    L.push('');
  }
  if (targets.length) {
    L.splice(L.indexOf('## ' + MODES.find((m) => results[m])), 0, '## Targets', '', '| target | figure | |', '|---|---:|---|', ...targets.map(([t, v, ok]) => `| ${t} | ${v} | ${pass(ok)} |`), '');
  }
  return L.join('\n');
}

const NOTES_MARKER = '<!-- notes: everything below is kept when scripts/bench.mjs rewrites this file -->';

// ---------------------------------------------------------------------------------------------

async function main() {
  const argv = process.argv.slice(2);
  const opt = { quick: false, only: MODES, runs: DEFAULT_RUNS, jsonlRuns: DEFAULT_JSONL_RUNS, cpuProf: false, cpu: 0, lanes: Math.min(2, os.availableParallelism()), textBudget: TEXT_BUDGET_SECONDS, htmlBudget: HTML_BUDGET_SECONDS };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--quick') opt.quick = true;
    else if (a === '--cpu-prof') opt.cpuProf = true;
    else if (a === '--render') opt.render = true;
    else if (a === '--only') opt.only = String(argv[++i] ?? '').split(',').filter(Boolean);
    else if (a.startsWith('--only=')) opt.only = a.slice(7).split(',').filter(Boolean);
    else if (a === '--runs') opt.runs = Number(argv[++i]);
    else if (a === '--jsonl-runs') opt.jsonlRuns = Number(argv[++i]);
    else if (a === '--cpu') opt.cpu = Number(argv[++i]);
    else if (a === '--lanes') opt.lanes = Number(argv[++i]);
    else if (a === '--text-budget') opt.textBudget = Number(argv[++i]);
    else if (a === '--html-budget') opt.htmlBudget = Number(argv[++i]);
    else if (a === '--help' || a === '-h') {
      process.stdout.write('usage: node scripts/bench.mjs [--quick] [--render (rewrite the .md from the saved results only)] [--only text,html,jsonl,batch] [--runs N] [--jsonl-runs N] [--lanes 1|2] [--cpu N] [--text-budget S] [--html-budget S] [--cpu-prof]\n');
      return;
    } else throw new Error(`unknown option ${a}`);
  }
  for (const m of opt.only) if (!MODES.includes(m)) throw new Error(`--only: unknown mode ${m} (use ${MODES.join(', ')})`);
  if (!Number.isInteger(opt.runs) || opt.runs < 1) throw new Error('--runs takes a positive integer');
  if (!Number.isInteger(opt.jsonlRuns) || opt.jsonlRuns < 1) throw new Error('--jsonl-runs takes a positive integer');
  if (opt.lanes !== 1 && opt.lanes !== 2) throw new Error('--lanes takes 1 or 2');
  if (!existsSync(path.join(ROOT, 'dist', 'pipeline.js'))) throw new Error('dist/ is missing: run `npm run build` (npm run bench does)');

  const cfg = opt.quick ? SIZES.quick : SIZES.full;
  const dataDir = opt.quick ? path.join(BENCH, 'quick') : BENCH;
  mkdirSync(dataDir, { recursive: true });
  // A full run's figures live beside BENCHMARKS.md, in the repository (BENCHMARKS.json), so that
  // `--only text` in a fresh clone rewrites the text section and keeps the other modes' figures:
  // kept under .bench/ (not committed), a clone without them wrote a BENCHMARKS.md that had lost
  // the other modes (session 35). A quick run keeps its own under .bench/quick/.
  const resultsFile = opt.quick ? path.join(dataDir, 'results.json') : path.join(ROOT, 'BENCHMARKS.json');
  const results = existsSync(resultsFile) ? JSON.parse(readFileSync(resultsFile, 'utf8')) : {};
  const command = `npm run bench${argv.length ? ' -- ' + argv.join(' ') : ''}`;
  const ctx = { ...opt, dataDir };
  log(`${opt.quick ? 'quick' : 'full'} run of ${opt.only.join(', ')}; up to ${opt.runs} runs; ${opt.lanes} lane(s); ${TASKSET ? 'each measurement pinned to one CPU' : 'taskset not found: not pinned'}`);
  const t0 = performance.now();
  if (opt.render) opt.only = [];
  const run = { text: benchText, html: benchHtml, jsonl: benchJsonl, batch: benchBatch };
  for (const mode of MODES.filter((m) => opt.only.includes(m))) {
    const loadBefore = os.loadavg();
    const m0 = performance.now();
    const r = await run[mode](cfg, ctx);
    r.meta = { date: new Date().toISOString().replace(/\.\d+Z$/, 'Z'), machine: machine(), git: await gitState(), loadBefore, loadAfter: os.loadavg(), command, seconds: (performance.now() - m0) / 1000 };
    results[mode] = r;
    writeFileSync(resultsFile, JSON.stringify(results, null, 2) + '\n');
    log(`${mode} done in ${fmt(r.meta.seconds, 0)} s`);
  }
  const target = opt.quick ? path.join(dataDir, 'BENCHMARKS.md') : path.join(ROOT, 'BENCHMARKS.md');
  const previous = existsSync(target) ? readFileSync(target, 'utf8') : '';
  const notes = previous.includes(NOTES_MARKER) ? previous.slice(previous.indexOf(NOTES_MARKER) + NOTES_MARKER.length) : '\n';
  writeFileSync(target, render(results, opt.quick) + '\n' + NOTES_MARKER + notes);
  log(`wrote ${path.relative(ROOT, target)} (total ${fmt((performance.now() - t0) / 60000, 1)} min)`);
  if (opt.cpuProf) printProfile(path.join(BENCH, 'prof'));
}

/** Top functions by self time of the newest CPU profile in `dir`. */
function printProfile(dir, top = 25) {
  if (!existsSync(dir)) return;
  const files = readdirSync(dir).filter((f) => f.endsWith('.cpuprofile')).map((f) => path.join(dir, f));
  if (files.length === 0) return;
  const file = files.sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs)[0];
  const p = JSON.parse(readFileSync(file, 'utf8'));
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const where = (url) => (url.startsWith('file:') ? path.relative(ROOT, fileURLToPath(url)) : url.startsWith('/') ? path.relative(ROOT, url) : url);
  const name = (n) => `${n.callFrame.functionName || '(anonymous)'} ${n.callFrame.url ? `${where(n.callFrame.url)}:${n.callFrame.lineNumber + 1}` : ''}`.trim();
  const self = new Map();
  const incl = new Map();
  let total = 0;
  p.samples.forEach((id, i) => {
    const dt = p.timeDeltas[i] ?? 0;
    total += dt;
    const k = name(byId.get(id));
    self.set(k, (self.get(k) ?? 0) + dt);
    const seen = new Set();
    for (let cur = id; cur !== undefined; cur = parent.get(cur)) {
      const key = name(byId.get(cur));
      if (!seen.has(key)) incl.set(key, (incl.get(key) ?? 0) + dt);
      seen.add(key);
    }
  });
  const show = (title, m) => {
    process.stdout.write(`\n${title} (${path.relative(ROOT, file)})\n`);
    for (const [k, v] of [...m].sort((a, b) => b[1] - a[1]).slice(0, top)) process.stdout.write(`${((v / total) * 100).toFixed(1).padStart(6)}%  ${k}\n`);
  };
  show('self time', self);
  show('inclusive time', incl);
}

if (process.argv[2] === '--child') await runChild(process.argv.slice(3));
else await main();
