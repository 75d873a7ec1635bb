#!/usr/bin/env node
// Is B better than A, beyond which sites happened to be in the folds? Reads two out-of-fold
// files written by `node scripts/train.mjs --dry --cv 5 --cv-out FILE` (the same tuning lines,
// labelled by two versions of the model) and prints B's figure minus A's, with a 95% interval
// from resampling whole sites, both sides scored on each resample's sites (a paired bootstrap,
// src/interval.ts). A change whose interval holds zero is not shown to help.
//
//   npm run build && node scripts/compare-oof.mjs A.tsv B.tsv [--lines text|html|all] [--a-label after|before] [--b-label after|before]
//
//   --lines      which lines: text (the default: the lines the joint model labels in use), html, or all
//   --a-label, --b-label  which label of a file: `after` (the default) is the label after the smoothing layer
//                fitted on the other folds (the nested figure the README's tables quote), `before` the
//                label before it; `--a-label before` with A = B measures what the smoothing layer adds.
//
// Run `npm run build` first: it reads dist/.
import { readFileSync } from 'node:fs';
import { pairedSiteInterval } from '../dist/interval.js';
import { caseSite } from '../dist/check.js';

const args = process.argv.slice(2);
const files = [];
const flags = { '--lines': 'text', '--a-label': 'after', '--b-label': 'after' };
const choices = { '--lines': ['text', 'html', 'all'], '--a-label': ['after', 'before'], '--b-label': ['after', 'before'] };
for (let i = 0; i < args.length; i++) {
  const a = args[i];
  if (a in flags) {
    const v = args[++i];
    if (!choices[a].includes(v)) usage(`${a} takes ${choices[a].join(' | ')}, got ${v ?? 'nothing'}`);
    flags[a] = v;
  } else if (a.startsWith('--')) usage(`unknown option ${a}`);
  else files.push(a);
}
if (files.length !== 2) usage('give two out-of-fold files, A then B');

function usage(message) {
  process.stderr.write(`compare-oof: ${message}\nusage: node scripts/compare-oof.mjs A.tsv B.tsv [--lines text|html|all] [--a-label after|before] [--b-label after|before]\n`);
  process.exit(2);
}

/** Columns of a --cv-out row (scripts/train.mjs): case, line, expected, got before the layer, 4 scores, text, got after it, 4 scores. */
const COLUMN = { case: 0, line: 1, expected: 2, before: 3, after: 9 };

/** The file's labelled lines by `case:line`, the blank ones left out. */
function read(file, which) {
  const rows = new Map();
  readFileSync(file, 'utf8').split('\n').forEach((row, i) => {
    if (row === '') return;
    const cells = row.split('\t');
    if (cells.length < 14) throw new Error(`${file}:${i + 1}: not a --cv-out row (${cells.length} columns, 14 expected)`);
    if (cells[COLUMN.expected] === 'blank') return;
    const html = cells[COLUMN.case].endsWith('#html');
    if ((flags['--lines'] === 'text' && html) || (flags['--lines'] === 'html' && !html)) return;
    const key = `${cells[COLUMN.case]}:${cells[COLUMN.line]}`;
    // A line twice (two files concatenated) would be scored once, silently.
    if (rows.has(key)) usage(`${file}:${i + 1}: ${key} appears twice; a --cv-out file holds each line once`);
    rows.set(key, { name: cells[COLUMN.case], expected: cells[COLUMN.expected], got: cells[COLUMN[which]] });
  });
  return rows;
}

const a = read(files[0], flags['--a-label']);
const b = read(files[1], flags['--b-label']);
if (a.size !== b.size || [...a.keys()].some((k) => !b.has(k))) {
  process.stderr.write(`compare-oof: the files hold different lines (${a.size} and ${b.size}): they must come from the same golden files and --cv folds\n`);
  process.exit(2);
}
const groups = new Map();
for (const [key, ra] of a) {
  const rb = b.get(key);
  if (ra.expected !== rb.expected) {
    process.stderr.write(`compare-oof: ${key} is ${ra.expected} in ${files[0]} and ${rb.expected} in ${files[1]}: the golden files changed between the runs\n`);
    process.exit(2);
  }
  const s = caseSite(ra.name);
  if (!groups.has(s)) groups.set(s, { site: s, a: [], b: [] });
  groups.get(s).a.push(ra);
  groups.get(s).b.push(rb);
}
const p = pairedSiteInterval(groups.values());
if (p === undefined) usage('fewer than two sites: nothing to resample');
const f = (x) => (x >= 0 ? '+' : '') + x.toFixed(3);
console.log(`${a.size} ${flags['--lines']} lines of ${p.sites} sites; A = ${files[0]} (${flags['--a-label']} the smoothing layer), B = ${files[1]} (${flags['--b-label']} it)`);
for (const [name, m] of [['macro-F1', p.macroF1], ['body-vs-rest F1', p.bodyF1]]) {
  console.log(`${name.padEnd(16)} B - A ${f(m.difference)}   ${Math.round(p.level * 100)}% interval ${f(m.interval[0])} to ${f(m.interval[1])}   B higher in ${(m.bBetter * 100).toFixed(1)}% of ${p.resamples} site resamples`);
}
