#!/usr/bin/env node
/**
 * What counting repetition per site adds when one run holds many sites' pages (a crawl, a web
 * archive): every golden text seed is one record of one mixed run, and each case is labelled
 * (1) without counts, (2) with the run's counts alone (every site's pages counted together, as
 * `--cross-doc` did for records before per-site counts) and (3) with its site's counts
 * (RepetitionSketch.forSite: the counts of its site's pages in the run, when it has two or more,
 * which is what records with a url get). Prints macro-F1 and body F1 per split.
 *
 *   npm run build && node scripts/crossdoc-sites.mjs
 */
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { runCase, computeMetrics, caseSite } = await import(path.join(ROOT, 'dist', 'check.js'));
const { RepetitionSketch } = await import(path.join(ROOT, 'dist', 'repetition.js'));
const { countPage } = await import(path.join(ROOT, 'dist', 'cli', 'profile.js'));

const splits = JSON.parse(readFileSync(path.join(ROOT, 'golden', 'splits.json'), 'utf8'));
const heldout = new Set(splits.heldout);
const cases = readdirSync(path.join(ROOT, 'seeds'))
  .filter((f) => f.endsWith('.txt'))
  .map((f) => ({ name: f.replace(/\.txt$/, ''), seed: path.join(ROOT, 'seeds', f), golden: path.join(ROOT, 'golden', f.replace(/\.txt$/, '.tsv')) }));

// One run: every page counted once, with its site (the case name's site stands for its url's host).
const sketch = new RepetitionSketch();
for (const c of cases) countPage(sketch, readFileSync(c.seed, 'utf8'), 'text', caseSite(c.name));
const multi = new Set(cases.map((c) => caseSite(c.name)).filter((s, _, all) => all.filter((x) => x === s).length > 1));

const modes = {
  'no counts': () => undefined,
  'run counts (all sites together)': () => sketch,
  'site counts (forSite)': (c) => sketch.forSite(caseSite(c.name)),
};
const rows = [];
for (const [mode, repetition] of Object.entries(modes)) {
  const pairs = { tuning: [], heldout: [], 'held-out, multi-page sites': [] };
  for (const c of cases) {
    const r = await runCase(c.name, c.seed, c.golden, { repetition: repetition(c) });
    const split = heldout.has(c.name) ? 'heldout' : 'tuning';
    for (const l of r.lines) {
      pairs[split].push(l);
      if (split === 'heldout' && multi.has(caseSite(c.name))) pairs['held-out, multi-page sites'].push(l);
    }
  }
  const cells = Object.entries(pairs).map(([, p]) => {
    const m = computeMetrics(p);
    return `${m.macroF1.toFixed(3)} / ${m.bodyF1.toFixed(3)}`;
  });
  rows.push(`| ${mode} | ${cells.join(' | ')} |`);
}
console.log(`${cases.length} text cases in one run, ${sketch.documents} documents of ${sketch.sites} sites (${multi.size} with two or more pages)\n`);
console.log('| counts | tuning macro / body F1 | held-out | held-out, multi-page sites |');
console.log('|---|---|---|---|');
for (const r of rows) console.log(r);
