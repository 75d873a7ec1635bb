// Short documents cut from the golden text pages: what a crawler hands over when a page holds
// little more than its article (a brief with a menu line above it and a copyright line below).
// Whole-page figures (`check`) never see such documents, and the context, tree and smoothing
// stages learned from whole pages.
//
// Usage: npm run build && node scripts/eval-short.mjs [--split tuning|heldout] [--dist DIR]
//   --dist DIR  label with another build (a copy of dist/ from an earlier commit), to compare
//
// Two families, from each text page of the split (the seeds and the benchmark dumps):
//   briefs   each of up to BRIEFS_PER_PAGE prose body lines (8 words or more), alone, with the
//            page's first furniture line above it, its last one below it, or both; and two
//            consecutive prose body lines between both. Scored: the share of their body lines
//            that come out body, and line-level macro-F1 over all their lines.
//   no body  runs of 2, 4, 8 and 12 consecutive furniture lines (the page's first and last such
//            runs): a short document that holds no article. Scored: the lines that come out body.
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const args = process.argv.slice(2);
const valueOf = (flag, fallback) => (args.includes(flag) ? args[args.indexOf(flag) + 1] : fallback);
const split = valueOf('--split', 'tuning');
if (split !== 'tuning' && split !== 'heldout') throw new Error(`--split takes tuning or heldout, got ${split}`);
const dist = path.resolve(valueOf('--dist', path.join(root, 'dist')));
const { labelDocument } = await import(path.join(dist, 'index.js'));
const { parseGolden, computeMetrics } = await import(path.join(dist, 'check.js'));

/** Prose body lines per page made into briefs, spread over the page's body. */
const BRIEFS_PER_PAGE = 5;
const MIN_WORDS = 8;

const heldout = new Set(JSON.parse(readFileSync(path.join(root, 'golden/splits.json'), 'utf8')).heldout ?? []);
const briefs = [];
const noBody = [];
for (const f of readdirSync(path.join(root, 'seeds')).sort()) {
  if (!f.endsWith('.txt')) continue;
  const name = f.replace(/\.txt$/, '');
  if (heldout.has(name) !== (split === 'heldout')) continue;
  let golden;
  try {
    golden = parseGolden(readFileSync(path.join(root, 'golden', name + '.tsv'), 'utf8'), name);
  } catch {
    continue;
  }
  const rows = golden.filter((g) => g.label !== 'blank');
  const furniture = rows.filter((g) => g.label !== 'body');
  const prose = rows.map((g, i) => ({ ...g, i })).filter((g) => g.label === 'body' && g.text.split(/\s+/).length >= MIN_WORDS);
  const pick = prose.filter((_, k) => prose.length <= BRIEFS_PER_PAGE || k % Math.ceil(prose.length / BRIEFS_PER_PAGE) === 0).slice(0, BRIEFS_PER_PAGE);
  const pre = furniture[0];
  const post = furniture.at(-1);
  for (const p of pick) {
    briefs.push([p]);
    if (pre) briefs.push([pre, p]);
    if (post) briefs.push([p, post]);
    if (pre && post) briefs.push([pre, p, post]);
    const next = rows[p.i + 1];
    if (pre && post && next?.label === 'body' && next.text.split(/\s+/).length >= MIN_WORDS) briefs.push([pre, p, next, post]);
  }
  // Runs of furniture in a row, from the page's start and end.
  const runs = [];
  let run = [];
  for (const g of rows) {
    if (g.label === 'body') {
      if (run.length > 0) runs.push(run);
      run = [];
    } else run.push(g);
  }
  if (run.length > 0) runs.push(run);
  for (const k of [2, 4, 8, 12]) {
    const first = runs.find((r) => r.length >= k);
    const last = runs.findLast((r) => r.length >= k);
    if (first) noBody.push(first.slice(0, k));
    if (last && last !== first) noBody.push(last.slice(-k));
  }
}

const label = (doc) => labelDocument(doc.map((g) => g.text));
const pairs = [];
let bodyLines = 0;
let bodyKept = 0;
let emptied = 0;
for (const doc of briefs) {
  const out = label(doc);
  let kept = 0;
  doc.forEach((g, i) => {
    pairs.push({ expected: g.label, got: out[i].label });
    if (g.label === 'body') {
      bodyLines++;
      if (out[i].label === 'body') bodyKept++, kept++;
    }
  });
  if (kept === 0) emptied++;
}
let furnitureLines = 0;
let falseBody = 0;
let docsWithBody = 0;
for (const doc of noBody) {
  const out = label(doc);
  furnitureLines += doc.length;
  const n = out.filter((l) => l.label === 'body').length;
  falseBody += n;
  if (n > 0) docsWithBody++;
}
const m = computeMetrics(pairs);
console.log(`${split} split, ${dist}`);
console.log(`briefs: ${briefs.length} documents, ${bodyLines} body lines: ${(bodyKept / bodyLines).toFixed(3)} kept as body; ${emptied} documents (${((100 * emptied) / briefs.length).toFixed(1)}%) kept no body line; macro-F1 ${m.macroF1.toFixed(3)}, body F1 ${m.bodyF1.toFixed(3)}`);
console.log(`no body: ${noBody.length} documents, ${furnitureLines} lines: ${falseBody} labelled body (${((100 * falseBody) / furnitureLines).toFixed(1)}%), in ${docsWithBody} documents (${((100 * docsWithBody) / noBody.length).toFixed(1)}%)`);
