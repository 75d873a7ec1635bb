// Learn data/model-fast.json (the `fast: true` model, src/fast/) from the golden text cases of the
// tuning split. The held-out split (golden/splits.json) is never fitted on; it is only reported.
// Usage: node scripts/train-fast.mjs [--dry] [--cv K] [--l2 X] [--epochs N]
//   --dry   print figures, do not write data/model-fast.json
//   --out FILE  write the model to FILE instead (test/scripts/train-fast.test.ts checks it equals the shipped one)
//   --cv K  also report K-fold cross-validation over whole tuning sites (both layers refitted per fold)
//   --l2 X, --epochs N  the softmax fits' penalty and gradient steps (src/train.ts fitSoftmax)
// The second layer learns from first-layer probabilities made out of fold (each site's lines scored
// by a first layer fitted without that site's fold), as stacking wants: in-fold probabilities are
// surer than the ones the layer meets on new pages.
import { readFileSync, writeFileSync, readdirSync, renameSync } from 'node:fs';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { fitSoftmax } from '../dist/train.js';
import { parseGolden, computeMetrics, formatMetrics, caseSite } from '../dist/check.js';
import { FAST_FEATURES, scanFast, defaultFastTable } from '../dist/fast/scan.js';
import { FAST_CONTEXT, parseFastModel } from '../dist/fast/model.js';
import { FastLabeller } from '../dist/fast/labeller.js';
import { CLASSES } from '../dist/types.js';

const root = path.resolve(import.meta.dirname, '..');
const args = process.argv.slice(2);
const FLAGS = { '--dry': false, '--cv': true, '--l2': true, '--epochs': true, '--out': true };
for (let i = 0; i < args.length; i++) {
  if (!(args[i] in FLAGS)) {
    console.error(`train-fast.mjs: unknown argument "${args[i]}" (nothing was trained or written; the file's header lists the flags)`);
    process.exit(2);
  }
  if (FLAGS[args[i]]) i++;
}
const value = (flag, fallback) => {
  const i = args.indexOf(flag);
  return i < 0 ? fallback : Number(args[i + 1]);
};
const fit = { l2: value('--l2', 0.002), epochs: value('--epochs', 400) };
const FOLD_SEED = 'fast';

const heldout = new Set(JSON.parse(readFileSync(path.join(root, 'golden', 'splits.json'), 'utf8')).heldout);

function loadCases() {
  const cases = [];
  for (const f of readdirSync(path.join(root, 'seeds')).sort()) {
    if (!f.endsWith('.txt')) continue;
    const name = f.replace(/\.txt$/, '');
    let golden;
    try {
      golden = parseGolden(readFileSync(path.join(root, 'golden', name + '.tsv'), 'utf8'), name);
    } catch {
      continue; // not labelled
    }
    cases.push({ name, site: caseSite(name), lines: golden.map((g) => g.text), labels: golden.map((g) => g.label) });
  }
  return cases;
}

const table = defaultFastTable();
const ZERO = Object.fromEntries(CLASSES.map((c) => [c, {}]));

/** First-layer examples: each non-blank line's own scan. */
function firstExamples(cases) {
  const out = [];
  const v = new Float64Array(FAST_FEATURES.length);
  for (const c of cases) {
    c.lines.forEach((text, i) => {
      if (c.labels[i] === 'blank') return;
      scanFast(text, table, v);
      out.push({ features: named(v, FAST_FEATURES), label: c.labels[i] });
    });
  }
  return out;
}

function named(v, names) {
  const o = {};
  for (let i = 0; i < names.length; i++) if (v[i] !== 0) o[names[i]] = v[i];
  return o;
}

/** Second-layer examples of `cases`, their first-layer probabilities from `first`. */
function contextExamples(cases, first) {
  const model = parseFastModel({ source: 'first layer', first, context: ZERO });
  const out = [];
  for (const c of cases) {
    const vectors = [];
    const labeller = new FastLabeller({ model, table, reasons: false, onContext: (x) => vectors.push(named(x, FAST_CONTEXT)) });
    const sink = [];
    for (const text of c.lines) labeller.push(text, sink);
    labeller.end(sink);
    const labels = c.labels.filter((_, i) => sink[i].label !== 'blank');
    if (labels.length !== vectors.length) throw new Error(`${c.name}: ${vectors.length} context vectors for ${labels.length} lines`);
    vectors.forEach((features, i) => out.push({ features, label: labels[i] }));
  }
  return out;
}

function foldOf(site, k) {
  return createHash('sha1').update(FOLD_SEED + site).digest().readUInt32BE(0) % k;
}

/** Both layers, the second on out-of-fold first-layer probabilities (5 folds by site). */
function train(cases) {
  const first = fitSoftmax(firstExamples(cases), fit);
  const folds = 5;
  const ctx = [];
  for (let f = 0; f < folds; f++) {
    const inFold = cases.filter((c) => foldOf(c.site, folds) === f);
    if (inFold.length === 0) continue;
    const firstOut = fitSoftmax(firstExamples(cases.filter((c) => foldOf(c.site, folds) !== f)), fit);
    ctx.push(...contextExamples(inFold, firstOut));
  }
  const context = fitSoftmax(ctx, fit);
  return { source: 'scripts/train-fast.mjs', first, context };
}

function evaluate(cases, data) {
  const model = parseFastModel(data);
  const pairs = [];
  for (const c of cases) {
    const labeller = new FastLabeller({ model, table, reasons: false });
    const out = [];
    for (const text of c.lines) labeller.push(text, out);
    labeller.end(out);
    out.forEach((l, i) => pairs.push({ expected: c.labels[i], got: l.label }));
  }
  return computeMetrics(pairs);
}

const all = loadCases();
const tuning = all.filter((c) => !heldout.has(c.name));
const held = all.filter((c) => heldout.has(c.name));
console.log(`${tuning.length} tuning text cases (${new Set(tuning.map((c) => c.site)).size} sites), ${held.length} held-out text cases; l2 ${fit.l2}, epochs ${fit.epochs}`);

const cvK = value('--cv', 0);
if (cvK > 1) {
  const pairs = [];
  for (let f = 0; f < cvK; f++) {
    const test = tuning.filter((c) => foldOf('cv' + c.site, cvK) === f);
    const rest = tuning.filter((c) => foldOf('cv' + c.site, cvK) !== f);
    if (test.length === 0) continue;
    const m = evaluate(test, train(rest));
    for (const e of CLASSES.concat(['blank'])) for (const g of CLASSES.concat(['blank'])) for (let n = 0; n < m.confusion[e][g]; n++) pairs.push({ expected: e, got: g });
  }
  console.log(formatMetrics(`${cvK}-fold CV over tuning sites`, computeMetrics(pairs)));
}

const t0 = Date.now();
const data = train(tuning);
console.log(`fitted in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
console.log(formatMetrics('tuning (fitted on)', evaluate(tuning, data)));
console.log(formatMetrics('held-out (never fitted on)', evaluate(held, data)));
if (!args.includes('--dry')) {
  const out = args.indexOf('--out');
  const file = out >= 0 ? path.resolve(args[out + 1]) : path.join(root, 'data', 'model-fast.json');
  writeFileSync(file + '.tmp', JSON.stringify(data, null, 1) + '\n');
  renameSync(file + '.tmp', file);
  console.log(`wrote ${path.relative(root, file)}`);
}
