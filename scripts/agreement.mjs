#!/usr/bin/env node
// How far two people who read golden/README.md agree: a second, blind labelling of some golden
// pages (golden/second-reading/<case>.tsv, written by a second labeller who saw neither the
// golden file nor the program's labels) against the golden file, and boilerstrip's labels against
// each of the two. What two readers of the guide agree on bounds what a labeller can be shown to
// reach on these pages: a line they label differently counts against any program in `check`.
//
//   npm run build && node scripts/agreement.mjs [--dir DIR] [-v]
//     --dir DIR  the second labelling's folder (default golden/second-reading)
//     -v         every line the two readers label differently, with the program's label
//
// Each comparison prints the figures `check` prints (the first of the pair as reference), and
// Cohen's kappa. The files must hold the golden file's lines, in order.
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const args = process.argv.slice(2);
const dirAt = args.indexOf('--dir');
const dir = path.resolve(dirAt === -1 ? path.join(root, 'golden', 'second-reading') : args[dirAt + 1]);
const verbose = args.includes('-v');
const { parseGolden, computeMetrics, formatMetrics, cohenKappa, labelSeed } = await import(path.join(root, 'dist', 'check.js'));

const cases = readdirSync(dir).filter((f) => f.endsWith('.tsv')).sort();
if (cases.length === 0) throw new Error(`${dir}: no .tsv files`);
const pairs = { 'second reader against golden': [], 'boilerstrip against golden': [], 'boilerstrip against the second reader': [] };
const disagreements = [];
for (const file of cases) {
  const name = file.slice(0, -'.tsv'.length);
  const goldenFile = path.join(root, 'golden', file);
  const secondFile = path.join(dir, file);
  const golden = parseGolden(readFileSync(goldenFile, 'utf8'), goldenFile);
  const second = parseGolden(readFileSync(secondFile, 'utf8'), secondFile);
  if (second.length !== golden.length) throw new Error(`${secondFile}: ${second.length} rows, but ${goldenFile} has ${golden.length}`);
  const got = await labelSeed(path.join(root, 'seeds', `${name}.txt`));
  if (got.length !== golden.length) throw new Error(`seeds/${name}.txt: ${got.length} lines labelled, but ${goldenFile} has ${golden.length} rows`);
  for (let i = 0; i < golden.length; i++) {
    const g = golden[i];
    const s = second[i];
    if (s.text !== g.text) throw new Error(`${secondFile}:${i + 1}: the line differs from ${goldenFile}:${i + 1}`);
    const b = got[i].label;
    pairs['second reader against golden'].push({ expected: g.label, got: s.label });
    pairs['boilerstrip against golden'].push({ expected: g.label, got: b });
    // The second reader as reference: its blank rows are the golden file's (the same lines).
    pairs['boilerstrip against the second reader'].push({ expected: s.label, got: b });
    if (g.label !== s.label) disagreements.push(`${name}:${i + 1}\tgolden ${g.label}\tsecond ${s.label}\tboilerstrip ${b}\t${g.text.slice(0, 100)}`);
  }
}
console.log(`${cases.length} pages: ${cases.map((f) => f.slice(0, -4)).join(', ')}\n`);
for (const [title, list] of Object.entries(pairs)) {
  const m = computeMetrics(list);
  console.log(formatMetrics(title, m));
  console.log(`Cohen's kappa ${cohenKappa(m.confusion).toFixed(3)}\n`);
}
console.log(`${disagreements.length} lines the two readers label differently${verbose ? ':' : ' (-v lists them)'}`);
if (verbose) for (const d of disagreements) console.log(d);
