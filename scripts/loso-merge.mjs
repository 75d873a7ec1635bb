// Merge the --loso-out files of `node scripts/train.mjs --loso --loso-shard K/N --loso-out FILE`
// and print leave-one-site-out figures: as labelled, and with decision offsets (model.ts) chosen
// for each site on the other sites' out-of-site scores only (train.ts chooseOffsets).
// Usage: node scripts/loso-merge.mjs FILE...
import { readFileSync } from 'node:fs';
import { chooseOffsets, labelWithOffsets } from '../dist/train.js';
import { computeMetrics, formatMetrics } from '../dist/check.js';

const files = process.argv.slice(2);
if (files.length === 0) throw new Error('usage: node scripts/loso-merge.mjs FILE...');
const rows = files.flatMap((f) =>
  readFileSync(f, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l, i) => {
      try {
        return JSON.parse(l);
      } catch (e) {
        throw new Error(`${f}:${i + 1}: ${e.message}`);
      }
    }),
);
const sites = [...new Set(rows.map((r) => r.site))];
const bySite = new Map(sites.map((s) => [s, rows.filter((r) => r.site === s)]));
const plain = { all: [], text: [] };
const shifted = { all: [], text: [] };
for (const site of sites) {
  const offsets = chooseOffsets(rows.filter((r) => r.site !== site));
  for (const r of bySite.get(site)) {
    const text = !r.case.endsWith('#html');
    for (const [into, got] of [[plain, r.got], [shifted, labelWithOffsets(r.scores, offsets)]]) {
      into.all.push({ expected: r.expected, got });
      if (text) into.text.push({ expected: r.expected, got });
    }
  }
}
const title = `leave-one-site-out over ${sites.length} tuning sites`;
console.log(formatMetrics(`${title}, all lines`, computeMetrics(plain.all)));
console.log('\n' + formatMetrics(`${title}, text lines`, computeMetrics(plain.text)));
console.log('\n' + formatMetrics(`${title}, with decision offsets chosen on the other sites, all lines`, computeMetrics(shifted.all)));
console.log('\n' + formatMetrics(`${title}, with decision offsets chosen on the other sites, text lines`, computeMetrics(shifted.text)));
