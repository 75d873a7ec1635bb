#!/usr/bin/env node
// The rules (src/rules.ts) measured on the TUNING golden lines only: for each kind of rule, how
// many lines it fires on and their golden labels, so a rule is kept only when at least 95% of the
// lines it fires on have the label it gives (its precision: `disclaimer`, `navigation` for the
// one-line menu and the inline link, RULE_LABELS; `advertisement` for the ad slot and the follow-us row, `navigation` for the share bar). Held-out cases
// (golden/splits.json) are never read: the rules are designed on these lines, and held-out lines
// are what `boilerstrip check` reports them on afterwards.
//
//   npm run build && node scripts/rules-table.mjs            # the table
//   node scripts/rules-table.mjs --lines                     # and every line a rule fires on
//   node scripts/rules-table.mjs --model                     # and what each rule changes on the model's labels
//
// A kind is kept when at least PRECISION_BAR of the lines it fires on have the label it gives and it
// fires on at least MIN_FIRES lines. Kinds marked "candidate" were measured and are not in
// src/rules.ts; the verdict says why. Kinds marked "loose" are the rules' own phrases without the
// rules' conditions, for comparison.
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { matchRule, RULE_KINDS, RULE_LABELS, RULE_TAKES } from '../dist/rules.js';
import { labelSeed, parseGolden } from '../dist/check.js';
import { SocialRowStage } from '../dist/social.js';

const root = path.resolve(import.meta.dirname, '..');
const args = new Set(process.argv.slice(2));
const PRECISION_BAR = 0.95;
// Fewest tuning lines a rule must fire on, fixed before the rules were measured: one or two lines
// are no evidence of a precision, and a rule that fires on fewer matters little.
const MIN_FIRES = 3;

// Patterns measured and left out of src/rules.ts; each needs the line to open with it and, where
// it has a colon, at least three words after it (a bare menu link is navigation).
const CANDIDATES = {
  'candidate: disclaimer heading ("Disclaimer: ...")': /^[\s\p{P}]*(?:disclaimers?|disclosures?|(?:legal|financial|investment|affiliate|advertiser|editorial|ftc|full) (?:disclaimer|disclosure)|haftungsausschluss|aviso legal|avertissement|дисклеймер|免責事項|免责声明)\s*[:：]\s*\S+(?:\s+\S+){2,}/iu,
  'candidate: correction / editor\'s note': /^[\s\p{P}]*(?:correction|corrections|clarification|editor['’]?s['’]? note|note from the editor)\b[^:]{0,40}:\s*\S+(?:\s+\S+){2,}/iu,
  'candidate: update note ("Update: ...")': /^[\s\p{P}]*update\b[^:]{0,40}:\s*\S+(?:\s+\S+){2,}/iu,
  'candidate: "Provided by ..." (short line)': /^[\s\p{P}]*provided by\s+\S+(?:\s+\S+){0,7}\s*$/iu,
  'candidate: "Via <name>" (short line)': /^[\s\p{P}]*via\s+\S+(?:\s+\S+){0,3}\s*$/iu,
};

// The rules' own phrases without their conditions (length, voice, a year, where the phrase stands):
// what each condition buys in precision.
const words = JSON.parse(readFileSync(path.join(root, 'data/rules.json'), 'utf8'));
const list = (...kinds) => Object.entries(words).filter(([k]) => !k.startsWith('_')).flatMap(([, v]) => kinds.flatMap((kind) => v[kind] ?? []));
const any = (...kinds) => new RegExp(`(?<![\\p{L}\\p{N}])(?:${list(...kinds).map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/ /g, '\\s+')).join('|')})(?![\\p{L}\\p{N}])`, 'iu');
const LOOSE = {
  'loose: affiliate phrase anywhere': any('affiliate', 'earning'),
  'loose: syndication phrase anywhere': any('syndication'),
  'loose: © or copyright, and a year': { test: (t) => /©|ⓒ|(?<![\p{L}])copyright(?![\p{L}])/iu.test(t) && /(?<!\d)(?:19|20)\d\d(?!\d)/.test(t) },
};

const splits = JSON.parse(readFileSync(path.join(root, 'golden/splits.json'), 'utf8'));
const heldout = new Set(splits.heldout);
const seeds = readdirSync(path.join(root, 'seeds'));
const cases = readdirSync(path.join(root, 'golden'))
  .filter((f) => f.endsWith('.tsv'))
  .map((f) => f.slice(0, -4))
  .filter((name) => !heldout.has(name));

const CLASSES = ['body', 'navigation', 'advertisement', 'disclaimer'];
const table = new Map();
const row = (kind) => {
  if (!table.has(kind)) table.set(kind, { fires: 0, by: Object.fromEntries(CLASSES.map((c) => [c, 0])), fixed: 0, broken: 0, same: 0, lines: [] });
  return table.get(kind);
};
// The social rows (src/social.ts) read runs of lines, not one line: each page's lines go through
// the stage, and the lines it relabels are its fires, the follow-us row's (advertisement) and the
// share bar's (navigation) apart.
const FOLLOW = 'social: follow-us row (src/social.ts)';
const SHARE = 'social: share bar (src/social.ts)';
const SOCIAL_LABELS = { [FOLLOW]: 'advertisement', [SHARE]: 'navigation' };
function socialFires(rows) {
  const fires = new Map();
  // As navigation, the lines a follow-us row takes; as advertisement, those a share bar takes.
  for (const [as, kind] of [['navigation', FOLLOW], ['advertisement', SHARE]]) {
    const out = [];
    const stage = new SocialRowStage(false);
    for (const [i, r] of rows.entries()) stage.push({ index: i, text: r.text, label: r.label === 'blank' ? 'blank' : as, first: as, reason: '', scores: undefined, final: undefined }, out);
    stage.flush(out);
    for (const l of out) if (l.label !== 'blank' && l.label !== as) fires.set(l.index, kind);
  }
  return fires;
}
for (const kind of [...RULE_KINDS, FOLLOW, SHARE, ...Object.keys(CANDIDATES), ...Object.keys(LOOSE)]) row(kind);
const labelOf = (kind) => SOCIAL_LABELS[kind] ?? RULE_LABELS[kind];
const ruled = (kind) => kind in SOCIAL_LABELS || RULE_KINDS.includes(kind);

let total = 0;
for (const name of cases) {
  const rows = parseGolden(readFileSync(path.join(root, 'golden', name + '.tsv'), 'utf8'), name);
  let model;
  if (args.has('--model')) {
    const seed = seeds.find((f) => f.startsWith(name + '.'));
    model = (await labelSeed(path.join(root, 'seeds', seed), { rules: false })).map((l) => l.label);
  }
  const social = socialFires(rows);
  rows.forEach((r, i) => {
    if (r.label === 'blank') return;
    total += 1;
    const hits = [];
    const rule = matchRule(r.text);
    // The labels of the model's a rule overrides (RULE_TAKES, or the match's own): on another, the rule changes nothing.
    if (rule !== undefined) hits.push([rule.kind, rule.reason, rule.takes ?? RULE_TAKES[rule.kind]]);
    if (social.has(i)) hits.push([social.get(i), '']);
    for (const [kind, re] of [...Object.entries(CANDIDATES), ...Object.entries(LOOSE)]) if (re.test(r.text)) hits.push([kind, '']);
    for (const [kind, reason, takes] of hits) {
      const t = row(kind);
      t.fires += 1;
      t.by[r.label] += 1;
      if (model !== undefined && ruled(kind)) {
        const before = model[i] === r.label;
        // The social rows leave a line the model called disclaimer (a writer's accounts) or body as it is.
        const kept = kind in SOCIAL_LABELS ? model[i] === 'disclaimer' || model[i] === 'body' : takes !== undefined && !takes.has(model[i]);
        const after = kept ? before : r.label === labelOf(kind);
        if (!before && after) t.fixed += 1;
        else if (before && !after) t.broken += 1;
        else t.same += 1;
      }
      t.lines.push(`  ${r.label.padEnd(13)} ${name}:${i + 1}  ${r.text.slice(0, 110)}${reason ? `  | ${reason}` : ''}`);
    }
  });
}

const pad = (s, n) => String(s).padStart(n);
console.log(`tuning split: ${cases.length} cases, ${total} labelled lines (held-out cases never read)\n`);
const W = 52;
console.log(`${'rule'.padEnd(W)} ${pad('fires', 5)} ${pad('body', 5)} ${pad('nav', 5)} ${pad('ad', 5)} ${pad('discl', 5)} ${pad('precision', 9)}${args.has('--model') ? '  model wrong->right, right->wrong, unchanged' : ''}  verdict`);
for (const [kind, t] of table) {
  // A rule's precision is the share of its lines whose golden label is the one it gives (the candidates and loose patterns: disclaimer).
  const p = t.fires === 0 ? NaN : t.by[labelOf(kind) ?? 'disclaimer'] / t.fires;
  const verdict = kind.startsWith('loose') ? '(for comparison)' : t.fires === 0 ? 'never fires: no evidence' : p < PRECISION_BAR ? 'precision too low' : t.fires < MIN_FIRES ? `precision passes, fewer than ${MIN_FIRES} lines` : 'kept';
  const model = args.has('--model') && ruled(kind) ? `  ${pad(t.fixed, 18)}, ${pad(t.broken, 12)}, ${pad(t.same, 9)}` : args.has('--model') ? ' '.repeat(45) : '';
  console.log(`${kind.padEnd(W)} ${pad(t.fires, 5)} ${pad(t.by.body, 5)} ${pad(t.by.navigation, 5)} ${pad(t.by.advertisement, 5)} ${pad(t.by.disclaimer, 5)} ${pad(Number.isNaN(p) ? '-' : p.toFixed(3), 9)}${model}  ${verdict}`);
}
if (args.has('--lines')) {
  for (const [kind, t] of table) {
    if (t.lines.length === 0) continue;
    console.log(`\n${kind}:`);
    for (const l of t.lines) console.log(l);
  }
}
