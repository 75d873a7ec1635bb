#!/usr/bin/env node
// Would the share of a line's words already seen in the story tell teasers from story lines?
// Session 30 looked before building a context feature. Among the lines the shipped model labels
// body on the TUNING pages (in-sample labels of `check -v --json`), each line's content words
// (4-20 letters or digits, not a stopword of any language, not all digits) are looked up in the
// words of the prose lines before it (12+ words ending a sentence), until a gap of 5 non-prose
// lines after 3 prose lines closes the story; printed by golden label, in buckets of that share
// ("na": the story had under 25 words yet, or the line fewer content words than asked).
// Usage: npm run build && node scripts/probe/topic-overlap.mjs [MIN_CONTENT_WORDS (default 2)]
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { stopwordVocabulary } from '../../dist/language.js';

const root = path.resolve(import.meta.dirname, '../..');
const minWords = Number(process.argv[2] ?? 2);
const stop = stopwordVocabulary().words;
const check = JSON.parse(execFileSync(process.execPath, [path.join(root, 'bin/boilerstrip.js'), 'check', '-v', '--json'], { cwd: root, maxBuffer: 1 << 30, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }));
const words = (t) => (t.toLowerCase().match(/[\p{L}\p{N}]{4,20}/gu) ?? []).filter((w) => !stop.has(w) && !/^\d+$/.test(w));
const isProse = (t) => t.split(/\s+/).length >= 12 && /[.!?"”’)]$/.test(t.trim());
const BUCKETS = ['na', '<.1', '<.2', '<.35', '<.5', '>=.5'];
const bucket = (ov) => (ov < 0 ? 'na' : ov < 0.1 ? '<.1' : ov < 0.2 ? '<.2' : ov < 0.35 ? '<.35' : ov < 0.5 ? '<.5' : '>=.5');
const table = {};
for (const c of check.cases) {
  if (c.heldout) continue; // the held-out split is never looked at for a feature's design
  const vocab = new Set();
  let gap = 0;
  let prose = 0;
  let closed = false;
  for (const r of c.rows) {
    if (r.expected === 'blank') continue;
    const w = words(r.text);
    const ov = vocab.size >= 25 && w.length >= minWords ? w.filter((x) => vocab.has(x)).length / w.length : -1;
    if (r.got === 'body') {
      const row = (table[r.expected] ??= Object.fromEntries(BUCKETS.map((b) => [b, 0])));
      row[bucket(ov)] += 1;
    }
    if (isProse(r.text) && !closed) {
      for (const x of w) vocab.add(x);
      gap = 0;
      prose += 1;
    } else if (!isProse(r.text) && prose > 0 && ++gap === 5) {
      if (prose >= 3) closed = true;
      prose = 0;
    }
  }
}
console.log(`tuning pages, lines labelled body, by golden label and share of words seen in the story (lines of ${minWords}+ content words)`);
for (const [label, row] of Object.entries(table)) console.log(label.padEnd(14), BUCKETS.map((b) => `${b}:${row[b]}`).join('  '));
