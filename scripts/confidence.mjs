#!/usr/bin/env node
// How well a document's confidence (src/document.ts, ConfidenceMeter) predicts how well its
// body was found: per golden case, body-vs-rest F1 of the shipped labels and the confidence,
// then per split the Spearman correlation and the body F1 of the least confident fifth against
// the rest. Text cases from seeds/; with --html also the web-* cases from their benchmark pages.
//
//   node scripts/confidence.mjs [--html] [--benchmark DIR]
//
// The tuning split is in-sample for the model (it was trained on those pages); the held-out
// split is what the figure means. Needs `npm run build` first.
import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { findCases, labelSeed, parseGolden } = await import(path.join(ROOT, 'dist', 'check.js'));
const { documentConfidence } = await import(path.join(ROOT, 'dist', 'document.js'));
const { spearman } = await import(path.join(ROOT, 'dist', 'eval', 'rank.js'));
const args = process.argv.slice(2);
const html = args.includes('--html');
const bench = args.includes('--benchmark') ? args[args.indexOf('--benchmark') + 1] : path.join(ROOT, '..', 'shared', 'data', 'article-extraction-benchmark');
const splits = JSON.parse(await fs.readFile(path.join(ROOT, 'golden', 'splits.json'), 'utf8'));
const heldOut = new Set(splits.heldout);

function bodyF1(pairs) {
  let tp = 0, fp = 0, fn = 0;
  for (const { expected, got } of pairs) {
    if (expected === 'blank') continue;
    if (got === 'body' && expected === 'body') tp++;
    else if (got === 'body') fp++;
    else if (expected === 'body') fn++;
  }
  return tp + fp + fn === 0 ? 1 : (2 * tp) / (2 * tp + fp + fn);
}

const results = { text: [], html: [] };
for (const c of await findCases(path.join(ROOT, 'seeds'), path.join(ROOT, 'golden'))) {
  const rows = parseGolden(await fs.readFile(c.golden, 'utf8'), c.golden);
  const split = heldOut.has(c.name) ? 'held-out' : 'tuning';
  const lines = await labelSeed(c.seed);
  results.text.push({ split, f1: bodyF1(lines.map((l, i) => ({ expected: rows[i].label, got: l.label }))), confidence: documentConfidence(lines) });
  const id = splits.benchmarkIds?.[c.name];
  if (html && id !== undefined) {
    const labelled = await labelSeed(path.join(bench, 'html', `${id}.html.gz`));
    const kept = rows.filter((r) => r.label !== 'blank');
    if (kept.length !== labelled.length) continue; // check --html reports such a case
    results.html.push({ split, f1: bodyF1(labelled.map((l, i) => ({ expected: kept[i].label, got: l.label }))), confidence: documentConfidence(labelled) });
  }
}

for (const [mode, rs] of Object.entries(results)) {
  for (const split of ['tuning', 'held-out']) {
    const r = rs.filter((x) => x.split === split);
    if (r.length < 5) continue;
    const order = [...r].sort((a, b) => a.confidence - b.confidence);
    const k = Math.floor(r.length / 5);
    const mean = (xs) => xs.reduce((s, x) => s + x.f1, 0) / xs.length;
    console.log(
      `${mode} ${split} (${r.length} cases): Spearman(confidence, body F1) ${spearman(r.map((x) => x.confidence), r.map((x) => x.f1)).toFixed(3)}; ` +
        `body F1 of the least confident fifth ${mean(order.slice(0, k)).toFixed(3)}, of the rest ${mean(order.slice(k)).toFixed(3)}`,
    );
  }
}
