#!/usr/bin/env node
// How close can a line scan come to the floor (decode + cut into line strings)? Session 25 asked
// whether the fast model could reach issue 5's text target (0.25 of the floor) by scanning bytes
// instead of strings, or in WebAssembly. This times, in one process, ns a line over the same bytes:
//   floor         64 KB chunks decoded (Buffer.toString) and split at \n, as scripts/bench.mjs's floor
//   split only    the bytes cut at \n with indexOf, nothing decoded
//   class count   every byte's class counted from a 256-entry table, no branch but the line end
//   word loop     the fast scan's inner loop over the bytes: classes, FNV-1a of each word, one probe
//                 of the fast word table per word (and per pair after a word that starts one)
//   word loop, wasm  the same loop in AssemblyScript (scripts/probe/word-loop.as.ts), with --wasm FILE
//   scanFast      the fast model's whole scan (src/fast/scan.ts) over the split line strings
// Usage: npm run build && taskset -c 1 node scripts/probe/scan-floor.mjs [FILE] [--mb 12] [--wasm .bench/word-loop.wasm]
import { readdirSync, readFileSync } from 'node:fs';
import { defaultFastTable, scanFast } from '../../dist/fast/scan.js';

const args = process.argv.slice(2);
const opt = (name, dflt) => (args.includes(name) ? args[args.indexOf(name) + 1] : dflt);
const file = args[0] && !args[0].startsWith('--') ? args[0] : null;
const mb = Number(opt('--mb', 12));
const wasmFile = opt('--wasm', null);

/** The seeds repeated, when no file is given (what the bench's text corpus is made of). */
function corpus() {
  if (file) return readFileSync(file).subarray(0, mb * 1e6);
  const dir = new URL('../../seeds/', import.meta.url);
  const texts = readdirSync(dir).filter((f) => f.endsWith('.txt')).sort().map((f) => {
    const s = readFileSync(new URL(f, dir), 'utf8');
    return s.endsWith('\n') ? s : s + '\n';
  });
  const parts = [];
  let n = 0;
  while (n < mb * 1e6) for (const t of texts) { parts.push(t); n += Buffer.byteLength(t); }
  return Buffer.from(parts.join(''));
}

const bytes = corpus();
const buf = bytes.subarray(0, bytes.lastIndexOf(10) + 1);
const lines = buf.toString('utf8').split('\n');
const N = lines.length - 1;
const table = defaultFastTable();
const slots = table.slots;
const mask = table.mask;

const CLS = new Uint8Array(256);
for (let c = 128; c < 256; c++) CLS[c] = 1;
for (let c = 97; c <= 122; c++) CLS[c] = 1;
for (let c = 65; c <= 90; c++) CLS[c] = 2;
for (let c = 48; c <= 57; c++) CLS[c] = 4;
CLS[32] = 8;
CLS[9] = 8;
const counts = new Int32Array(16);
const outJ = new Int32Array(4 * (N + 1));

function floor() {
  let k = 0;
  for (let o = 0; o < buf.length; o += 65536) k += buf.subarray(o, o + 65536).toString('utf8').split('\n').length;
  return k;
}
function splitOnly() {
  let i = 0;
  let k = 0;
  while (i < buf.length) {
    const j = buf.indexOf(10, i);
    i = j < 0 ? buf.length : j + 1;
    k++;
  }
  return k;
}
function classCount() {
  const B = buf;
  const len = B.length;
  let i = 0;
  let k = 0;
  while (i < len) {
    for (;;) {
      const d = B[i];
      if (d === 10 || i >= len) break;
      counts[CLS[d]]++;
      i++;
    }
    i++;
    k++;
  }
  return k;
}
function get(h) {
  for (let s = h & mask; ; s = (s + 1) & mask) {
    const v = slots[2 * s + 1];
    if (v === 0 || slots[2 * s] === h) return v;
  }
}
function wordLoop() {
  const B = buf;
  const len = B.length;
  let i = 0;
  let lines = 0;
  while (i < len) {
    let words = 0, stops = 0, letters = 0, other = 0, prev = 0, prevPairs = false;
    while (i < len) {
      let c = B[i];
      if (c === 10) {
        i++;
        break;
      }
      let cls = CLS[c];
      if ((cls & 7) !== 0) {
        let h = 0x811c9dc5 | 0;
        let hp = prevPairs ? Math.imul(prev ^ 32, 0x01000193) : 0;
        for (;;) {
          if (cls === 4) other++;
          else {
            letters++;
            if (cls === 2) {
              other++;
              c += 32;
            }
          }
          h = Math.imul(h ^ c, 0x01000193);
          if (prevPairs) hp = Math.imul(hp ^ c, 0x01000193);
          i++;
          if (i >= len) break;
          c = B[i];
          cls = CLS[c];
          if ((cls & 7) === 0) break;
        }
        words++;
        const own = get(h);
        let bits = own & 0x3fffffff;
        if (prevPairs) bits |= get(hp) & 0x3ffffffe;
        stops += bits & 1;
        prev = h;
        prevPairs = (own & 0x40000000) !== 0;
        continue;
      }
      i++;
    }
    outJ[lines * 4] = words;
    outJ[lines * 4 + 1] = stops;
    outJ[lines * 4 + 2] = letters;
    outJ[lines * 4 + 3] = other;
    lines++;
  }
  return lines;
}
const features = new Float64Array(64);
function scanStrings() {
  let w = 0;
  for (let k = 0; k < N; k++) w += scanFast(lines[k], table, features, 0);
  return w;
}

const lanes = [['floor', floor], ['split only', splitOnly], ['class count', classCount], ['word loop', wordLoop], ['scanFast', scanStrings]];
if (wasmFile) {
  const { instance } = await WebAssembly.instantiate(readFileSync(wasmFile), { env: { abort() {} } });
  const ex = instance.exports;
  const T = 4096;
  const O = T + slots.byteLength;
  const B = O + 16 * (N + 1);
  const need = B + buf.length;
  if (ex.memory.buffer.byteLength < need) ex.memory.grow(Math.ceil((need - ex.memory.buffer.byteLength) / 65536));
  ex.init();
  new Int32Array(ex.memory.buffer, T, slots.length).set(slots);
  new Uint8Array(ex.memory.buffer, B, buf.length).set(buf);
  lanes.splice(4, 0, ['word loop, wasm', () => ex.scan(B, buf.length, T, mask, O)]);
  // The two loops must agree, or the comparison means nothing.
  wordLoop();
  ex.scan(B, buf.length, T, mask, O);
  const w = new Int32Array(ex.memory.buffer, O, 4 * N);
  for (let k = 0; k < 4 * N; k++) if (w[k] !== outJ[k]) throw new Error(`wasm and JS word loops differ at line ${k >> 2}`);
}

const ROUNDS = 5;
const times = new Map(lanes.map(([name]) => [name, []]));
for (let r = 0; r < ROUNDS; r++) {
  for (const [name, f] of lanes) {
    const t = process.hrtime.bigint();
    f();
    times.get(name).push(Number(process.hrtime.bigint() - t) / N);
  }
}
const median = (a) => a.slice().sort((x, y) => x - y)[a.length >> 1];
console.log(`${(buf.length / 1e6).toFixed(1)} MB, ${N} lines, ${(buf.length / N).toFixed(1)} bytes a line; median of ${ROUNDS} rounds (the first is warm-up too)`);
const base = median(times.get('floor'));
for (const [name] of lanes) {
  const m = median(times.get(name));
  console.log(`${name.padEnd(16)} ${m.toFixed(0).padStart(5)} ns a line   floor / this ${(base / m).toFixed(2)}`);
}
