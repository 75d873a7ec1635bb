#!/usr/bin/env node
/**
 * A/B of the text path of two builds: ns per line of `labelByteBatches` (with reasons), `cleanByteBatches`
 * and `labelByteBatches(…, { reasons: false })` over the same bytes held in memory (64 KB chunks).
 *
 *   taskset -c 1 node scripts/ab-text.mjs <distA> <distB> [--mb 3] [--runs 7] [--corpus FILE] [--offset MB] [--modes label,clean,plain]
 *
 * Each dist folder must sit where it finds its `../data` and `node_modules` (a clone's `dist/`, or a copy with
 * `data` and `node_modules` linked beside it). Every run is a process of its own, builds alternating: loaded into one
 * process, the build loaded second ran 6-9% slower than the same build loaded first (session 15). A run makes one
 * untimed pass and two timed ones and reports the faster. Prints a Markdown table of min / median ns per line.
 */
import { execFileSync } from 'node:child_process';
import { closeSync, openSync, readSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const CHUNK = 65536;

/** One timed run in this process: `--one <dist> <mode> <mb> <corpus> <offsetMB>`. */
async function one([dist, mode, mb, corpus, offset]) {
  const fd = openSync(corpus, 'r');
  const buf = Buffer.alloc(Number(mb) * 1e6);
  const got = readSync(fd, buf, 0, buf.length, Number(offset) * 1e6);
  closeSync(fd);
  // Whole lines only: from after the first line end (the offset may fall inside a line) to the last.
  const bytes = buf.subarray(Number(offset) > 0 ? buf.indexOf(10) + 1 : 0, buf.subarray(0, got).lastIndexOf(10) + 1);
  let lines = 0;
  for (let i = 0; i < bytes.length; i++) if (bytes[i] === 10) lines++;
  const chunks = [];
  for (let i = 0; i < bytes.length; i += CHUNK) chunks.push(bytes.subarray(i, Math.min(i + CHUNK, bytes.length)));
  const p = await import(pathToFileURL(path.resolve(dist, 'pipeline.js')).href);
  const run = async () => {
    let sink = 0;
    const t = process.hrtime.bigint();
    if (mode === 'label') for await (const b of p.labelByteBatches(chunks)) sink += b.length;
    else if (mode === 'plain') for await (const b of p.labelByteBatches(chunks, { reasons: false })) sink += b.length;
    else if (mode === 'clean') for await (const b of p.cleanByteBatches(chunks)) sink += b.length;
    else throw new Error(`unknown mode ${mode}`);
    if (sink === 0) throw new Error('no output');
    return Number(process.hrtime.bigint() - t) / lines;
  };
  await run();
  const a = await run();
  const b = await run();
  console.log(Math.min(a, b));
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const n = s.length;
  return n % 2 ? s[(n - 1) / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
}

async function main(argv) {
  if (argv[0] === '--one') return one(argv.slice(1));
  const opts = { mb: '3', runs: '7', corpus: path.join(ROOT, '.bench', 'text-200MiB-unique.txt'), offset: '0', modes: 'label,clean,plain' };
  const dists = [];
  for (let i = 0; i < argv.length; i++) {
    if (argv[i].startsWith('--')) opts[argv[i].slice(2)] = argv[++i];
    else dists.push(argv[i]);
  }
  if (dists.length !== 2) throw new Error('usage: node scripts/ab-text.mjs <distA> <distB> [--mb 3] [--runs 7] [--corpus FILE] [--offset MB] [--modes label,clean,plain]');
  const runs = Number(opts.runs);
  const modes = opts.modes.split(',');
  const res = Object.fromEntries(modes.map((m) => [m, [[], []]]));
  const self = fileURLToPath(import.meta.url);
  for (let r = 0; r < runs; r++) {
    for (const m of modes) {
      for (const i of r % 2 === 0 ? [0, 1] : [1, 0]) {
        const out = execFileSync(process.execPath, [self, '--one', dists[i], m, opts.mb, opts.corpus, opts.offset], { encoding: 'utf8' });
        res[m][i].push(Number(out.trim()));
      }
    }
  }
  console.log(`${path.basename(opts.corpus)}, ${opts.mb} MB from ${opts.offset} MB, ${runs} runs of each build (a process per run)`);
  console.log('| figure | A min / median ns | B min / median ns | × min / median | runs B faster |');
  console.log('|---|---:|---:|---:|---:|');
  for (const m of modes) {
    const [a, b] = res[m];
    const wins = a.filter((x, i) => b[i] < x).length;
    const f = (x) => x.toFixed(0);
    console.log(`| ${m} | ${f(Math.min(...a))} / ${f(median(a))} | ${f(Math.min(...b))} / ${f(median(b))} | ${(Math.min(...a) / Math.min(...b)).toFixed(2)} / ${(median(a) / median(b)).toFixed(2)} | ${wins} of ${runs} |`);
  }
}

await main(process.argv.slice(2));
