#!/usr/bin/env node
// Out-of-fold labels of the tuning pages through the stages after the sequence model: the headline,
// the teaser lists, the about boxes, the story lists, the rules and the social rows (src/headline.ts,
// teasers.ts, about.ts, lists.ts, rules.ts, social.ts), in the pipeline's order. The --cv-out file of scripts/train.mjs holds each tuning line's label after
// the smoothing layer fitted on the other folds (column 10), from models that never saw the line's site;
// this passes those labels on, so a stage designed on them can be measured without the held-out split.
//
//   npm run build && node scripts/train.mjs --cv 5 --dry --text-only --cv-out /tmp/oof.tsv   # ~5 min
//   node scripts/oof-stages.mjs /tmp/oof.tsv                 # confusion, per-class P / R / F1, macro-F1
//   NOTEASERS=1 NOABOUT=1 NOLISTS=1 NOSOCIAL=1 node scripts/oof-stages.mjs FILE   # without those stages
//   DUMP=1 node scripts/oof-stages.mjs FILE                   # and every line: D, case, line, expected, label, text
//   V='navigation>body' node scripts/oof-stages.mjs FILE      # and the lines left with that error
//
// The short-document fallback is left out: it reads the first stage's labels, which the file does not hold.
import { readFileSync } from 'node:fs';
import { HeadlineStage } from '../dist/headline.js';
import { RuleStage } from '../dist/rules.js';
import { SocialRowStage } from '../dist/social.js';
import { TeaserListStage } from '../dist/teasers.js';
import { AboutBoxStage } from '../dist/about.js';
import { StoryListStage } from '../dist/lists.js';
import { defaultLexicon } from '../dist/lexicon.js';

const file = process.argv[2];
if (file === undefined) {
  console.error('usage: node scripts/oof-stages.mjs <train.mjs --cv-out file>');
  process.exit(2);
}
const lex = defaultLexicon();
const rows = readFileSync(file, 'utf8').split('\n').filter(Boolean).map((r) => r.split('\t'));
const byCase = new Map();
for (const r of rows) {
  if (!byCase.has(r[0])) byCase.set(r[0], []);
  byCase.get(r[0]).push(r);
}
const conf = {};
const left = [];
for (const [name, rs] of byCase) {
  let lines = rs.map((r, i) => ({ index: i, text: r[8], label: r[2] === 'blank' ? 'blank' : r[9], first: r[9], reason: '', scores: undefined, final: undefined, expected: r[2] }));
  const stages = [
    new HeadlineStage(lex, false),
    ...(process.env.NOTEASERS ? [] : [new TeaserListStage(lex, false)]),
    ...(process.env.NOABOUT ? [] : [new AboutBoxStage(false)]),
    ...(process.env.NOLISTS ? [] : [new StoryListStage(lex, false)]),
    new RuleStage(false),
    ...(process.env.NOSOCIAL ? [] : [new SocialRowStage(false)]),
  ];
  // An HTML page's lines (a `#html` case of train.mjs --html) pass the stages the pipeline lets
  // them pass, as a line with DOM facts does there: the headline, teaser and story-list stages.
  if (name.endsWith('#html')) for (const stage of stages) stage.ignore?.();
  for (const stage of stages) {
    const out = [];
    for (const l of lines) stage.push(l, out);
    stage.flush(out);
    lines = out;
  }
  for (const l of lines) {
    if (l.expected === 'blank') continue;
    const k = `${l.expected}>${l.label}`;
    conf[k] = (conf[k] ?? 0) + 1;
    if (l.expected !== l.label) left.push([name, k, l.text]);
    if (process.env.DUMP) console.log(['D', name, l.index, l.expected, l.label, l.text].join('\t'));
  }
}
console.log(Object.entries(conf).sort((a, b) => b[1] - a[1]).map((x) => x.join(' ')).join('\n'));
let sum = 0;
for (const c of ['body', 'navigation', 'advertisement', 'disclaimer']) {
  let tp = 0, fp = 0, fn = 0;
  for (const [k, n] of Object.entries(conf)) {
    const [e, g] = k.split('>');
    if (e === c && g === c) tp += n;
    else if (g === c) fp += n;
    else if (e === c) fn += n;
  }
  const p = tp / (tp + fp), r = tp / (tp + fn), f = (2 * p * r) / (p + r);
  sum += f;
  console.log(c, 'P', p.toFixed(3), 'R', r.toFixed(3), 'F1', f.toFixed(3));
}
console.log('macro-F1', (sum / 4).toFixed(4));
if (process.env.V) for (const [n, k, t] of left) if (k === process.env.V) console.log(n, t.slice(0, 110));
