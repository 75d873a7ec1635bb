// Builds the text-line corpus for the golden files from the article-extraction-benchmark:
// one page per site, dumped to lines the way scrapers dump whole pages (half with a blank
// line between blocks, half without). Writes seeds/web-<site>-<id>.txt; never touches golden/.
// Usage: npm run build && node scripts/make-corpus.mjs [--count 46] [--max-lines 160] [--new N] [--other-pages] [--dry]
// Session 5 raised --max-lines to 240 to reach sites whose every page dumps to more than 160
// lines (57 of the benchmark's 126 sites); sites already in seeds/ keep their page.
import { readFileSync, writeFileSync, existsSync, readdirSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { htmlToLineBlocks } from '../dist/html/lines.js';
import { decodeHtml } from '../dist/html/charset.js';

const root = path.resolve(import.meta.dirname, '..');
const bench = path.resolve(root, '../shared/data/article-extraction-benchmark');
const args = process.argv.slice(2);
const countAt = args.indexOf('--count');
const count = countAt >= 0 ? Number(args[countAt + 1]) : 46;
const dry = args.includes('--dry');
const newAt = args.indexOf('--new');
// --new N: write at most N seeds that are not in seeds/ yet (the next sites in the fixed order).
let newLeft = newAt >= 0 ? Number(args[newAt + 1]) : Infinity;
const MIN_LINES = 25; // shorter dumps are stubs with little to label
// --other-pages: also the benchmark's other pages of every chosen site (session 7), so sites
// with several pages give same-site batches; each goes to its site's split.
const otherPages = args.includes('--other-pages');
const maxAt = args.indexOf('--max-lines');
// Longer dumps are mostly giant menus and cost hours of hand-labelling each; 160 until session 4.
const MAX_LINES = maxAt >= 0 ? Number(args[maxAt + 1]) : 160;

const truth = JSON.parse(readFileSync(path.join(bench, 'ground-truth.json'), 'utf8'));
const bySite = new Map();
for (const [id, { url }] of Object.entries(truth)) {
  const site = new URL(url).hostname.replace(/^www\./, '');
  if (!bySite.has(site)) bySite.set(site, []);
  bySite.get(site).push(id);
}
const chosen = [];
const others = [];
const seedFiles = readdirSync(path.join(root, 'seeds'));
// Sites in a fixed pseudo-random order (by hash of the name), so the pick is not all a-l.
const order = (s) => createHash('sha1').update(s).digest('hex');
for (const site of [...bySite.keys()].sort((a, b) => (order(a) < order(b) ? -1 : 1))) {
  // A site already in seeds/ keeps its page: raising --max-lines must not pick a second page
  // (an earlier id under the new cap) for a site that is labelled already.
  const prefix = `web-${site.replace(/[^a-z0-9.]+/gi, '_')}-`;
  const seeded = seedFiles.find((f) => f.startsWith(prefix) && f.endsWith('.txt'));
  const ids = bySite.get(site).sort();
  const kept = seeded && ids.filter((id) => id.startsWith(seeded.slice(prefix.length, -4)));
  for (const id of kept && kept.length ? kept : ids) {
    const html = decodeHtml(gunzipSync(readFileSync(path.join(bench, 'html', `${id}.html.gz`)))).text;
    const blocks = htmlToLineBlocks(html);
    const n = blocks.reduce((s, b) => s + b.length, 0);
    if (!(kept && kept.length) && (n < MIN_LINES || n > MAX_LINES)) continue;
    chosen.push({ site, id, blocks, n });
    break; // one page per site
  }
  if (chosen.length >= count) break;
  if (otherPages && chosen.at(-1)?.site === site) {
    for (const id of ids) {
      if (id === chosen.at(-1).id) continue;
      const blocks = htmlToLineBlocks(decodeHtml(gunzipSync(readFileSync(path.join(bench, 'html', `${id}.html.gz`)))).text);
      const n = blocks.reduce((s, b) => s + b.length, 0);
      if (n >= MIN_LINES && n <= MAX_LINES) others.push({ site, id, blocks, n });
    }
  }
}
// The other pages come after the first pages, so they never shift which of those has blanks.
chosen.push(...others);
chosen.forEach((c, i) => {
  const blankBetween = i % 2 === 0;
  const lines = blankBetween ? c.blocks.flatMap((b, j) => (j === 0 ? [] : ['']).concat(b.map((l) => l.text))) : c.blocks.flat().map((l) => l.text);
  const name = `web-${c.site.replace(/[^a-z0-9.]+/gi, '_')}-${c.id.slice(0, 8)}`;
  const file = path.join(root, 'seeds', `${name}.txt`);
  const fresh = !existsSync(file);
  if (fresh && newLeft <= 0) return;
  console.log(`${name}\t${c.id}\t${lines.length} lines\t${blankBetween ? 'blank-between' : 'no-blanks'}${fresh ? '\tnew' : ''}`);
  if (fresh) newLeft--;
  if (!dry && fresh) writeFileSync(file, lines.join('\n') + '\n');
});
