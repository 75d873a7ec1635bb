#!/usr/bin/env node
// Markdown evaluation: the golden web pages as a scraper that writes Markdown dumps them
// (turndown over the whole page: menus, teasers and footers included), each Markdown line
// labelled from the hand-labelled golden lines of the same page, then labelled by boilerstrip.
//
//   npm run build && node scripts/eval-markdown.mjs [--split tuning|heldout] [--only CASE,...]
//                                                   [--modes text,markdown] [-v] [--write-dir DIR]
//                                                   [--heading-style atx|setext] [--converter turndown|node-html-markdown]
//
// The labels are derived, not hand-written: the golden file's words and the Markdown line's
// words (link and image syntax taken out) are aligned by a word diff (jsdiff), and a Markdown
// line takes the label most of its aligned words carry. A line none of whose words align (an
// image, a bare link, text the golden dump does not hold, such as alt text) is left unscored;
// the coverage is printed, and so is the purity (the share of aligned words that carry the
// line's label: a line whose words come from lines of two labels in the golden file is a
// mixture, and its label says less). Held-out means the pages of golden/splits.json's held-out
// sites, as in `check`.
//
// Modes (labelAs below): `text` labels the Markdown lines as plain text (what boilerstrip did
// with Markdown before it read the syntax); `markdown` reads them as Markdown (`markdown: true`,
// which labels with data/model-markdown.json when it exists); `markdown-text-model` reads them as
// Markdown but labels their visible text with the joint text model (data/model.json), as
// `markdown: true` did before the Markdown model.
import { readFileSync, readdirSync, mkdirSync, writeFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { toMarkdown, deriveLabels } from './markdown-dumps.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const BENCH = path.resolve(ROOT, '..', 'shared', 'data', 'article-extraction-benchmark');
const { values: opts } = parseArgs({
  options: {
    split: { type: 'string' },
    only: { type: 'string' },
    modes: { type: 'string', default: 'text,markdown' },
    'write-dir': { type: 'string' },
    // setext: headings as turndown writes them by default (a line of = or - under the title).
    'heading-style': { type: 'string', default: 'atx' },
    // node-html-markdown: another converter's flavour, which the Markdown model was not fitted on.
    converter: { type: 'string', default: 'turndown' },
    v: { type: 'boolean', default: false },
  },
});
const dist = await import(path.join(ROOT, 'dist', 'index.js'));
const { computeMetrics, formatMetrics } = await import(path.join(ROOT, 'dist', 'check.js'));
const { siteInterval, pairedSiteInterval } = await import(path.join(ROOT, 'dist', 'interval.js'));
const { caseSite } = await import(path.join(ROOT, 'dist', 'check.js'));

const splits = JSON.parse(readFileSync(path.join(ROOT, 'golden', 'splits.json'), 'utf8'));
const heldout = new Set(splits.heldout);
const ids = splits.benchmarkIds;
const only = opts.only ? new Set(opts.only.split(',')) : undefined;
const modes = opts.modes.split(',');

const { MarkdownReader } = await import(path.join(ROOT, 'dist', 'markdown.js'));
const { decodeHtml } = await import(path.join(ROOT, 'dist', 'html', 'charset.js'));
const { htmlModel } = await import(path.join(ROOT, 'dist', 'model.js'));
/**
 * `text`: the lines as plain text. `markdown`: as boilerstrip reads Markdown (`markdown: true`).
 * The other two were measured when the reader was designed, and are kept to measure again after a
 * retrain: the syntax's facts (link share, heading, list, table, image, share and social links)
 * handed to the labeller as DOM facts, with the text model (`markdown+dom`) and with the HTML
 * model (`markdown+html`). Neither model was trained on such lines.
 */
function labelAs(mode, lines) {
  if (mode === 'text') return dist.labelDocument(lines);
  if (mode === 'markdown') return dist.labelDocument(lines, { markdown: true });
  // The visible text with the joint text model: how Markdown was labelled before data/model-markdown.json.
  if (mode === 'markdown-text-model') return dist.labelDocument(lines, { markdown: true, model: dist.defaultModel() });
  const reader = new MarkdownReader();
  const input = lines.map((l) => reader.read(l));
  if (mode === 'markdown+dom') return dist.labelDocument(input);
  if (mode === 'markdown+html') return dist.labelDocument(input, { model: htmlModel() });
  throw new Error(`unknown mode ${mode}; modes: text, markdown, markdown+dom, markdown+html`);
}

const cases = readdirSync(path.join(ROOT, 'golden'))
  .filter((f) => f.endsWith('.tsv'))
  .map((f) => f.slice(0, -4))
  .filter((name) => ids[name] !== undefined && (!only || only.has(name)))
  .filter((name) => !opts.split || (opts.split === 'heldout') === heldout.has(name))
  .sort();

const pairs = Object.fromEntries(modes.map((m) => [m, { tuning: [], heldout: [] }]));
const perSite = Object.fromEntries(modes.map((m) => [m, { tuning: new Map(), heldout: new Map() }]));
let mdTotal = 0;
let mdScored = 0;
let wordsAligned = 0;
let wordsPure = 0;
let mixed = 0;
for (const name of cases) {
  // Decoded in the charset the page declares, as train.mjs --markdown reads it: the two derive the same labels.
  const html = decodeHtml(gunzipSync(readFileSync(path.join(BENCH, 'html', `${ids[name]}.html.gz`)))).text;
  const md = toMarkdown(html, { headingStyle: opts['heading-style'], converter: opts.converter });
  const mdLines = md.split('\n');
  const golden = dist.parseGolden(readFileSync(path.join(ROOT, 'golden', `${name}.tsv`), 'utf8'), `${name}.tsv`);
  const derived = deriveLabels(golden, mdLines);
  if (opts['write-dir']) {
    mkdirSync(opts['write-dir'], { recursive: true });
    writeFileSync(path.join(opts['write-dir'], `${name}.md`), md);
    writeFileSync(path.join(opts['write-dir'], `${name}.tsv`), derived.map((d, i) => `${d.label ?? '-'}\t${mdLines[i]}`).join('\n') + '\n');
  }
  for (const d of derived) {
    if (d.label === 'blank') continue;
    mdTotal += 1;
    if (d.label !== undefined) { mdScored += 1; wordsPure += d.purity; wordsAligned += 1; if (d.purity < 1) mixed += 1; }
  }
  const split = heldout.has(name) ? 'heldout' : 'tuning';
  for (const mode of modes) {
    const labelled = labelAs(mode, mdLines);
    const got = [];
    for (const l of labelled) got[l.index] = l.label;
    const casePairs = [];
    derived.forEach((d, i) => {
      if (d.label === undefined || d.label === 'blank') return;
      casePairs.push({ expected: d.label, got: got[i] });
      if (opts.v && d.label !== got[i]) console.log(`${name}:${i + 1}\t${mode}\texpected ${d.label}\tgot ${got[i]}\t${mdLines[i].slice(0, 120)}`);
    });
    pairs[mode][split].push(...casePairs);
    const sites = perSite[mode][split];
    const site = caseSite(name);
    sites.set(site, [...(sites.get(site) ?? []), ...casePairs]);
  }
}

console.log(`${cases.length} pages as Markdown (${opts.converter}), ${mdTotal} non-blank lines, ${mdScored} scored (${(mdScored / mdTotal).toFixed(3)}; the rest align with no golden word), mean purity ${(wordsPure / wordsAligned).toFixed(4)}, ${mixed} scored lines with words of two labels or more`);
for (const split of ['tuning', 'heldout']) {
  for (const mode of modes) {
    if (pairs[mode][split].length === 0) continue;
    const m = computeMetrics(pairs[mode][split]);
    console.log(formatMetrics(`${split}, mode ${mode}`, m).split('\nconfusion')[0]);
    const iv = siteInterval([...perSite[mode][split]].map(([site, lines]) => ({ site, lines })));
    if (iv) console.log(`95% site interval: macro-F1 ${iv.macroF1[0].toFixed(3)}-${iv.macroF1[1].toFixed(3)}, body F1 ${iv.bodyF1[0].toFixed(3)}-${iv.bodyF1[1].toFixed(3)} (${perSite[mode][split].size} sites)`);
  }
  // Each mode against the first, on the same lines and the same resampled sites (a paired bootstrap).
  const [base, ...others] = modes;
  for (const mode of others) {
    if (pairs[mode][split].length === 0) continue;
    const groups = [...perSite[base][split]].map(([site, a]) => ({ site, a, b: perSite[mode][split].get(site) }));
    const p = pairedSiteInterval(groups);
    if (!p) continue;
    const fmt = (d) => `${d.difference >= 0 ? '+' : ''}${d.difference.toFixed(3)} (95% interval ${d.interval[0].toFixed(3)} to ${d.interval[1].toFixed(3)})`;
    console.log(`${split}: ${mode} minus ${base}, paired over ${p.sites} sites: macro-F1 ${fmt(p.macroF1)}, body F1 ${fmt(p.bodyF1)}`);
  }
}
