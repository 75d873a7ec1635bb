/**
 * The golden check: label each seed and compare with its hand-labelled
 * golden file, row by row. Figures are per class (precision, recall, F1),
 * macro-F1 over the four classes, body-vs-rest F1, and a confusion matrix.
 * Blank lines are labelled by rule and left out of the figures.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { CLASSES, LABELS, type ContentLabel, type Label, type LabelledLine } from './types.js';
import { BoilerstripError, checkOptionNames, closestName, invalidArgument } from './errors.js';
import { labelBytes } from './pipeline.js';
import { isBlank } from './features.js';
import { labelHtml } from './document.js';
import { decodeHtml, utf16Encoding } from './html/charset.js';
import { FORMAT_SNIFF_BYTES, sniffFormat } from './sniff.js';
import { LABEL_OPTION_NAMES, type LabelOptions } from './options.js';

export interface GoldenRow {
  label: Label;
  text: string;
}

const LABEL_SET = new Set<string>(LABELS);

/**
 * Bad rows of one golden file named in its error after the first: a file with three label typos
 * took three runs to mend, one message each (QA pass 8).
 * @default 5
 */
export const GOLDEN_ERRORS_NAMED = 5;

/**
 * Parse a golden .tsv: `<label>\t<line>` per row; the line is everything after the first tab. A
 * byte order mark an editor put at the start is not part of the first row. A file with bad rows
 * throws one ERR_GOLDEN at the first, which also names up to GOLDEN_ERRORS_NAMED more.
 */
export function parseGolden(content: string, file: string): GoldenRow[] {
  // A number failed as 'content.split is not a function'.
  if (typeof content !== 'string') throw invalidArgument('content', "a string (a golden file's text)", content, 'parseGolden');
  if (typeof file !== 'string') throw invalidArgument('file', 'a string (its name, for errors)', file, 'parseGolden');
  const rows = (content.charCodeAt(0) === 0xfeff ? content.slice(1) : content).split('\n');
  if (rows[rows.length - 1] === '') rows.pop();
  const bad: Array<{ line: number; why: string; hint: string }> = [];
  const out = rows.map((row, i) => {
    const tab = row.indexOf('\t');
    const label = tab < 0 ? row : row.slice(0, tab);
    const text = row.slice(tab + 1);
    if (tab < 0 || !LABEL_SET.has(label)) {
      const near = tab < 0 ? undefined : closestName(label, LABELS);
      const hint = near !== undefined ? ` (did you mean \`${near}\`?)` : '';
      bad.push({ line: i + 1, why: `expected "<label>\\t<line>" with label one of ${LABELS.join('|')}, got ${visible(row.slice(0, 40))}${hint}`, hint });
    } else if ((label === 'blank') !== isBlank(text)) {
      // golden/README.md: `blank` depends only on the line's characters, as the labeller's does (isBlank).
      const why = label === 'blank' ? 'blank on a line with a visible character' : `${label} on a line that is empty or whitespace only, which is blank`;
      bad.push({ line: i + 1, why: `${why}, got ${visible(row.slice(0, 40))}`, hint: '' });
    }
    return { label: label as Label, text };
  });
  if (bad.length > 0) {
    const [first, ...rest] = bad;
    const more = rest.length === 0 ? '' : `; ${bad.length} bad rows in all; also ${rest.slice(0, GOLDEN_ERRORS_NAMED).map((b) => `row ${b.line}${b.hint}`).join(', ')}${rest.length > GOLDEN_ERRORS_NAMED ? ` and ${rest.length - GOLDEN_ERRORS_NAMED} more` : ''}`;
    throw new BoilerstripError('ERR_GOLDEN', `bad golden row: ${first!.why}${more}`, { file, line: first!.line });
  }
  return out;
}

/**
 * A string as JSON writes it, with the invisible characters JSON leaves as they are (byte order
 * mark, zero-width and directional marks, soft hyphen) escaped too: a golden row that began with
 * a BOM printed as a row that began with its label.
 */
export function visible(text: string): string {
  return JSON.stringify(text).replace(/[\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/**
 * Characters shown each side of the first difference between a golden row and its line: the
 * texts cut at 50 characters hid a difference at the end (a trailing tab) (QA pass 8).
 * @default 20
 */
export const DIFFERENCE_CONTEXT = 20;

/** Where two texts first differ: `from character N (the seed line has M): golden "…x…" vs seed "…y…"`. */
export function describeDifference(golden: string, seed: string): string {
  let at = 0;
  while (at < golden.length && at < seed.length && golden[at] === seed[at]) at++;
  const cut = (t: string) => {
    const from = Math.max(0, at - DIFFERENCE_CONTEXT);
    const to = Math.min(t.length, at + DIFFERENCE_CONTEXT);
    return visible(t.slice(from, to)).replace(/^"/, from > 0 ? '"…' : '"').replace(/"$/, to < t.length ? '…"' : '"');
  };
  return `from character ${at + 1} (the seed line has ${seed.length}): golden ${cut(golden)} vs seed ${cut(seed)}`;
}

export interface LineResult {
  line: number;
  text: string;
  expected: Label;
  got: Label;
  first: Label;
  reason: string;
}

export interface CaseResult {
  name: string;
  seed: string;
  golden: string;
  lines: LineResult[];
}

/**
 * The site of a golden case: its name without the trailing page id (`web-example.com-1a2b3c4d`
 * -> `web-example.com`), so `check --cross-doc` can batch a site's pages and the site intervals
 * resample whole sites. Cases without such an id are their own site. A training case's `#html`
 * suffix (the same page as HTML, scripts/train.mjs) is the same site.
 */
export function caseSite(name: string): string {
  return name.replace(/#html$/, '').replace(/-[0-9a-f]{8}$/, '');
}

/** Seed files the check reads. */
export const SEED_EXTENSIONS = ['.txt', '.md', '.markdown', '.html', '.htm'];

/**
 * Label a seed the way `label` reads the same file (src/cli/inputs.ts openInput): gzip undone by
 * its magic bytes, UTF-16 converted by its byte order mark, and the format sniffed, so a `.txt`
 * page in a reader's envelope is Markdown. By its extension alone, a case `add-case` made from
 * such a page (it reads inputs as `label` does) no longer matched its own template.
 */
export async function labelSeed(seed: string, options: LabelOptions = {}): Promise<LabelledLine[]> {
  let bytes: Uint8Array = await fs.readFile(seed);
  if (bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b) bytes = gunzipSync(bytes);
  const utf16 = utf16Encoding(bytes);
  // The BOM is dropped with the conversion, as openInput's does.
  if (utf16 !== undefined) bytes = Buffer.from(new TextDecoder(utf16).decode(bytes), 'utf8');
  const block = bytes.subarray(0, FORMAT_SNIFF_BYTES);
  const format = sniffFormat(block, seed.replace(/\.gz$/i, ''));
  if (format === 'binary' || block.includes(0)) throw new BoilerstripError('ERR_GOLDEN', 'the seed is binary data (NUL byte in the first block): not read', { file: seed });
  if (format === 'html') return labelHtml(decodeHtml(bytes).text, options);
  if (format !== 'text' && format !== 'markdown') throw new BoilerstripError('ERR_GOLDEN', `a seed is one page of text, Markdown or HTML, and this one reads as ${format}`, { file: seed });
  const out: LabelledLine[] = [];
  const markdown = format === 'markdown';
  // Markdown keeps its model under --fast, as `clean --fast page.md` does (process.ts): given both,
  // the library refused, and `check --fast` failed on any corpus holding a Markdown case (QA pass 16).
  const { fast: _fast, ...rest } = options;
  for await (const l of labelBytes([bytes], markdown ? { ...rest, markdown } : options)) out.push(l);
  return out;
}

/**
 * Run a text case on the HTML page it was dumped from (the web-* seeds are text dumps of
 * benchmark pages): the page's lines, labelled with their DOM features, are compared with the
 * golden file's non-blank rows, which they match one for one. Throws ERR_GOLDEN_MISMATCH when the
 * page no longer gives the same lines (the HTML-to-lines code changed since the dump).
 */
export async function runHtmlCase(name: string, page: string, golden: string, options: LabelOptions = {}): Promise<CaseResult> {
  const rows = parseGolden(await fs.readFile(golden, 'utf8'), golden)
    .map((row, i) => ({ ...row, line: i + 1 }))
    .filter((row) => row.label !== 'blank');
  let labelled: LabelledLine[];
  try {
    labelled = await labelSeed(page, options);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'EACCES' || code === 'EISDIR') {
      throw new BoilerstripError('ERR_GOLDEN_MISMATCH', `cannot read the benchmark page of case ${name} (${code})`, { file: page });
    }
    throw e;
  }
  if (rows.length !== labelled.length || rows.some((r, i) => r.text !== labelled[i]!.text)) {
    const at = rows.findIndex((r, i) => r.text !== labelled[i]?.text);
    throw new BoilerstripError('ERR_GOLDEN_MISMATCH', `the page's lines no longer match the golden rows (first difference at golden row ${rows[at]?.line ?? rows.length + 1})`, { file: page });
  }
  const lines = labelled.map((l, i) => ({ line: rows[i]!.line, text: l.text, expected: rows[i]!.label, got: l.label, first: l.first, reason: l.reason }));
  return { name, seed: page, golden, lines };
}

/** Run one case; throws ERR_GOLDEN_MISMATCH when the golden file does not match its seed row for row. */
export async function runCase(name: string, seed: string, golden: string, options: LabelOptions = {}): Promise<CaseResult> {
  // Node's own error named its `path` argument, not which of these was wrong.
  for (const [arg, value] of [['name', name], ['seed', seed], ['golden', golden]] as const) {
    if (typeof value !== 'string') throw invalidArgument(arg, 'a string', value, 'runCase');
  }
  // The labeller's options only: a splitter option would be taken for a .txt seed and refused for an .html one.
  if (typeof options !== 'object' || options === null) throw invalidArgument('options', 'an object', options);
  checkOptionNames('runCase', options, LABEL_OPTION_NAMES);
  const rows = parseGolden(await fs.readFile(golden, 'utf8'), golden);
  const labelled = await labelSeed(seed, options);
  if (rows.length !== labelled.length) {
    // Where a row was dropped or added, not only the counts: the first row whose text is not its line's.
    const at = labelled.findIndex((l, i) => rows[i]?.text !== l.text);
    const first = at === -1 ? labelled.length : at;
    const shown = (t: string) => visible(t.slice(0, 50));
    const where =
      first >= rows.length ? `the golden file ends before ${shown(labelled[first]!.text)}` : first >= labelled.length ? `the seed ends before ${shown(rows[first]!.text)}` : `golden ${shown(rows[first]!.text)} vs seed ${shown(labelled[first]!.text)}`;
    throw new BoilerstripError('ERR_GOLDEN_MISMATCH', `golden file has ${rows.length} rows but the seed gives ${labelled.length} lines; the first row that differs is row ${first + 1}: ${where}`, { file: golden });
  }
  const lines: LineResult[] = labelled.map((l, i) => {
    const row = rows[i]!;
    if (row.text !== l.text) {
      throw new BoilerstripError('ERR_GOLDEN_MISMATCH', `row text differs from its seed line ${describeDifference(row.text, l.text)}`, { file: golden, line: i + 1 });
    }
    return { line: i + 1, text: l.text, expected: row.label, got: l.label, first: l.first, reason: l.reason };
  });
  return { name, seed, golden, lines };
}

/** Find the cases: every seed in `seedsDir` with its golden file; a seed without one throws ERR_GOLDEN_MISSING. */
export async function findCases(seedsDir: string, goldenDir: string, only?: readonly string[]): Promise<Array<{ name: string; seed: string; golden: string }>> {
  let entries: string[];
  try {
    entries = await fs.readdir(seedsDir);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new BoilerstripError('ERR_NO_CASE', `cannot read the seeds folder (${code ?? (e as Error).message}); run check in the repository, or give --seeds DIR and --golden DIR`, { file: seedsDir });
  }
  const names = entries.filter((f) => SEED_EXTENSIONS.some((e) => f.toLowerCase().endsWith(e))).sort();
  const seedOf = new Map<string, string>();
  for (const f of names) {
    const name = f.replace(/\.[^.]+$/, '');
    const other = seedOf.get(name);
    // One golden file cannot be two seeds' (add-case page.html --name c, then page.txt --name c).
    if (other !== undefined) throw new BoilerstripError('ERR_NO_CASE', `two seeds give the case name ${name}: ${other} and ${f}; a case is one seed and its golden file, so rename or remove one`, { file: seedsDir });
    seedOf.set(name, f);
  }
  if (!only || only.length === 0) await refuseGoldenWithoutSeed(goldenDir, seedsDir, seedOf);
  const cases = [];
  for (const f of names) {
    const name = f.replace(/\.[^.]+$/, '');
    if (only && only.length > 0 && !only.includes(name) && !only.includes(f)) continue;
    const golden = path.join(goldenDir, `${name}.tsv`);
    try {
      await fs.access(golden);
    } catch {
      // A wrong --golden read as "seed has no golden file" for the first seed (QA pass 8).
      if (!(await fs.stat(goldenDir).then((st) => st.isDirectory(), () => false))) {
        throw new BoilerstripError('ERR_NO_CASE', `${goldenDir} is not a folder: --golden names the folder of the golden .tsv files`);
      }
      throw new BoilerstripError('ERR_GOLDEN_MISSING', `seed has no golden file (expected ${golden})`, { file: path.join(seedsDir, f) });
    }
    cases.push({ name, seed: path.join(seedsDir, f), golden });
  }
  if (only) for (const o of only) if (!cases.some((c) => c.name === o || path.basename(c.seed) === o)) throw new BoilerstripError('ERR_NO_CASE', `no seed named ${o}`, { file: seedsDir });
  return cases;
}

/**
 * A golden file whose seed is gone is an error, as a seed without its golden file is: a deleted
 * seed left its case out of the figures with no word (QA pass 8). Only `<name>.tsv` files directly
 * in the golden folder are cases (not `second-reading/`).
 */
async function refuseGoldenWithoutSeed(goldenDir: string, seedsDir: string, seedOf: ReadonlyMap<string, string>): Promise<void> {
  let golden: string[];
  try {
    golden = await fs.readdir(goldenDir);
  } catch {
    return; // each seed then reports its own missing golden file
  }
  for (const f of golden.sort()) {
    if (!f.endsWith('.tsv')) continue;
    const name = f.slice(0, -'.tsv'.length);
    if (seedOf.has(name)) continue;
    const extensions = SEED_EXTENSIONS.slice(0, -1).join(', ') + ' or ' + SEED_EXTENSIONS[SEED_EXTENSIONS.length - 1];
    throw new BoilerstripError('ERR_SEED_MISSING', `golden file has no seed (expected ${path.join(seedsDir, name)}${extensions})`, { file: path.join(goldenDir, f) });
  }
}

export interface ClassFigures {
  precision: number;
  recall: number;
  f1: number;
  /** Golden lines of this class. */
  support: number;
  /**
   * Lines labelled this class, golden or by the program: false when there are none either way,
   * and then the class's figures (1, as nothing was got wrong) are shown as `-` and left out of
   * macro-F1.
   */
  present: boolean;
}

export interface Metrics {
  lines: number;
  perClass: Record<ContentLabel, ClassFigures>;
  macroF1: number;
  /** Body against the other three classes together. */
  bodyF1: number;
  accuracy: number;
  /** confusion[expected][got] */
  confusion: Record<Label, Record<Label, number>>;
}

function f1(p: number, r: number): number {
  return p + r > 0 ? (2 * p * r) / (p + r) : 0;
}

/**
 * Figures from (expected, got) pairs. Blank lines (expected blank) are left
 * out: they are labelled by rule, and counting them would inflate accuracy.
 * A class with no golden lines and no predictions scores 1 (nothing to get wrong).
 */
export function computeMetrics(pairs: Iterable<{ expected: Label; got: Label }>): Metrics {
  if (typeof pairs !== 'object' || pairs === null || typeof (pairs as Partial<Iterable<unknown>>)[Symbol.iterator] !== 'function') {
    throw invalidArgument('pairs', 'an iterable of { expected, got } labels', pairs, 'computeMetrics');
  }
  const confusion = emptyConfusion();
  for (const pair of pairs) {
    // A pair without labels failed as "Cannot read properties of undefined (reading 'undefined')".
    if (typeof pair !== 'object' || pair === null || !LABEL_SET.has(pair.expected) || !LABEL_SET.has(pair.got)) {
      throw invalidArgument('pairs[]', `{ expected, got }, each one of ${LABELS.join(', ')}`, pair, 'computeMetrics');
    }
    const { expected, got } = pair;
    confusion[expected][got] += 1;
  }
  return metricsFromConfusion(confusion);
}

/** A confusion matrix of every label against every label, all zero. */
export function emptyConfusion(): Record<Label, Record<Label, number>> {
  return Object.fromEntries(LABELS.map((e) => [e, Object.fromEntries(LABELS.map((g) => [g, 0]))])) as Record<Label, Record<Label, number>>;
}

/**
 * Figures from a confusion matrix (`confusion[expected][got]`), as `computeMetrics` gives them;
 * the row of expected blank lines is left out. Lets a caller add up the matrices of pages or
 * sites and score the sum without going over the lines again (the site resampling of interval.ts).
 */
export function metricsFromConfusion(confusion: Record<Label, Record<Label, number>>): Metrics {
  let n = 0;
  let correct = 0;
  for (const c of CLASSES) {
    for (const g of LABELS) n += confusion[c][g];
    correct += confusion[c][c];
  }
  const perClass = {} as Record<ContentLabel, ClassFigures>;
  for (const c of CLASSES) {
    const tp = confusion[c][c];
    const predicted = LABELS.reduce((s, e) => s + (e === 'blank' ? 0 : confusion[e][c]), 0);
    const actual = LABELS.reduce((s, g) => s + confusion[c][g], 0);
    const precision = predicted > 0 ? tp / predicted : actual === 0 ? 1 : 0;
    const recall = actual > 0 ? tp / actual : predicted === 0 ? 1 : 0;
    perClass[c] = { precision, recall, f1: f1(precision, recall), support: actual, present: actual > 0 || predicted > 0 };
  }
  // Over the classes the lines hold: one with no line either way has nothing to score, and its
  // 1.0 lifted the figure of a case or a small set without it (QA pass 16: 0.953 for a page with
  // no advertisement, of F1s 0.923, 0.889 and 1.0). The corpus and its splits hold every class.
  const present = CLASSES.filter((c) => perClass[c].present);
  const macroF1 = present.length === 0 ? 1 : present.reduce((s, c) => s + perClass[c].f1, 0) / present.length;
  const b = perClass.body;
  return { lines: n, perClass, macroF1, bodyF1: b.f1, accuracy: n > 0 ? correct / n : 1, confusion };
}

/**
 * Cohen's kappa of two labellings from their confusion matrix (`confusion[first][second]`, as
 * computeMetrics gives it), over the lines the first calls a content class: the share they agree
 * on beyond the share two labellings with the same label frequencies would agree on by chance
 * (Cohen, "A coefficient of agreement for nominal scales", 1960). 1 is full agreement, 0 chance.
 * Used to say how far two people reading the guide agree (scripts/agreement.mjs), which bounds
 * what any labeller can be shown to reach.
 */
export function cohenKappa(confusion: Record<Label, Record<Label, number>>): number {
  let n = 0;
  let agreed = 0;
  const rows = new Map<Label, number>();
  const columns = new Map<Label, number>();
  for (const c of CLASSES) {
    for (const g of LABELS) {
      const k = confusion[c][g];
      n += k;
      rows.set(c, (rows.get(c) ?? 0) + k);
      columns.set(g, (columns.get(g) ?? 0) + k);
    }
    agreed += confusion[c][c];
  }
  if (n === 0) return 1;
  let chance = 0;
  for (const c of CLASSES) chance += ((rows.get(c) ?? 0) / n) * ((columns.get(c) ?? 0) / n);
  return chance === 1 ? 1 : (agreed / n - chance) / (1 - chance);
}

export interface Thresholds {
  macroF1?: number;
  bodyF1?: number;
  classF1?: Partial<Record<ContentLabel, number>>;
}

/** golden/thresholds.json: the default model's floors, and the fast model's under `fast`. */
export interface ThresholdsFile extends Thresholds {
  fast?: Thresholds;
}

const FLOOR_KEYS = ['macroF1', 'bodyF1', 'classF1'] as const;

/**
 * Check the floors of a thresholds file (its parsed JSON) and return them. A typo (`bodyf1`), a
 * floor written as a string, one above 1 or a file of no floors throws ERR_BAD_THRESHOLDS naming
 * the key: each printed "all figures at or above the floors" with exit 0, a regression gate that
 * gated nothing (QA pass 8). Keys that begin with `_` are comments.
 */
export function parseThresholds(json: unknown, file: string): ThresholdsFile {
  const fail = (what: string): never => {
    throw new BoilerstripError('ERR_BAD_THRESHOLDS', what, { file });
  };
  const kind = (v: unknown) => (Array.isArray(v) ? 'an array' : JSON.stringify(v) ?? String(v));
  const floor = (key: string, v: unknown): number =>
    typeof v === 'number' && v >= 0 && v <= 1 ? v : fail(`\`${key}\` must be a number from 0 to 1, got ${kind(v)}`);
  const level = (obj: unknown, prefix: string, allowFast: boolean): ThresholdsFile => {
    if (typeof obj !== 'object' || obj === null || Array.isArray(obj)) return fail(prefix === '' ? `must be an object of floors, got ${kind(obj)}` : `\`${prefix.slice(0, -1)}\` must be an object of floors, got ${kind(obj)}`);
    const known: string[] = allowFast ? [...FLOOR_KEYS, 'fast'] : [...FLOOR_KEYS];
    const out: ThresholdsFile = {};
    for (const [key, value] of Object.entries(obj)) {
      if (key.startsWith('_')) continue;
      if (!known.includes(key)) {
        const near = closestName(key, known);
        fail(`unknown key \`${prefix}${key}\`${near !== undefined ? ` (did you mean \`${prefix}${near}\`?)` : `; it takes ${known.join(', ')} and comments under keys that begin with _`}`);
      }
      if (key === 'macroF1' || key === 'bodyF1') out[key] = floor(prefix + key, value);
      else if (key === 'fast') out.fast = level(value, 'fast.', false);
      else {
        if (typeof value !== 'object' || value === null || Array.isArray(value)) fail(`\`${prefix}classF1\` must be an object of class floors, got ${kind(value)}`);
        const classes: Partial<Record<ContentLabel, number>> = {};
        for (const [c, v] of Object.entries(value as object)) {
          if (!(CLASSES as readonly string[]).includes(c)) fail(`unknown key \`${prefix}classF1.${c}\`; it takes ${CLASSES.join(', ')}`);
          classes[c as ContentLabel] = floor(`${prefix}classF1.${c}`, v);
        }
        out.classF1 = classes;
      }
    }
    if (out.macroF1 === undefined && out.bodyF1 === undefined && Object.keys(out.classF1 ?? {}).length === 0) {
      fail(`no floor in ${prefix === '' ? 'it' : `\`${prefix.slice(0, -1)}\``}: give macroF1, bodyF1 or classF1`);
    }
    return out;
  };
  return level(json, '', true);
}

/** Figures below their floors, as readable lines; empty when all pass. */
export function belowFloors(m: Metrics, t: Thresholds): string[] {
  const out: string[] = [];
  if (t.macroF1 !== undefined && m.macroF1 < t.macroF1) out.push(`macro-F1 ${m.macroF1.toFixed(3)} < floor ${t.macroF1}`);
  if (t.bodyF1 !== undefined && m.bodyF1 < t.bodyF1) out.push(`body F1 ${m.bodyF1.toFixed(3)} < floor ${t.bodyF1}`);
  for (const c of CLASSES) {
    const floor = t.classF1?.[c];
    if (floor !== undefined && m.perClass[c].present && m.perClass[c].f1 < floor) out.push(`${c} F1 ${m.perClass[c].f1.toFixed(3)} < floor ${floor}`);
  }
  return out;
}

/** Render figures as a table (plain text). */
export function formatMetrics(title: string, m: Metrics): string {
  const pct = (x: number) => x.toFixed(3);
  const lines = [`== ${title}: ${m.lines} labelled lines (blank lines excluded)`, 'class           precision  recall  f1     support'];
  for (const c of CLASSES) {
    const f = m.perClass[c];
    const shown = (x: number) => (f.present ? pct(x) : '-');
    lines.push(`${c.padEnd(15)} ${shown(f.precision).padStart(9)}  ${shown(f.recall).padStart(6)}  ${shown(f.f1).padStart(5)}  ${String(f.support).padStart(7)}`);
  }
  lines.push(`macro-F1 ${pct(m.macroF1)}   body-vs-rest F1 ${pct(m.bodyF1)}   accuracy ${pct(m.accuracy)}`);
  const short: Record<Label, string> = { body: 'body', navigation: 'nav', advertisement: 'ad', disclaimer: 'discl', blank: 'blank' };
  lines.push('confusion (rows: expected, columns: got)');
  lines.push('          ' + LABELS.map((l) => short[l].padStart(6)).join(''));
  for (const e of LABELS) lines.push(short[e].padEnd(10) + LABELS.map((g) => String(m.confusion[e][g]).padStart(6)).join(''));
  return lines.join('\n');
}
