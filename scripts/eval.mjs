#!/usr/bin/env node
// Evaluation harness: runs article extractors over the article-extraction-benchmark
// development set and scores them with the benchmark's shingle metric
// (src/eval/metric.ts, compiled to dist/ by `npm run build`).
//
//   npm run eval -- [DIR] [--only boilerstrip,readability,defuddle] [--limit N]
//                   [--ids-file FILE] [--cross-doc] [--worst N] [--write | --out FILE]
//                   [--bootstrap N] [--seed N]
//
// --write regenerates EVALUATION.md down to NOTES_MARKER; what follows the
// marker (hand-written notes and extra measurements) is kept as it is.
//
// Timing: one core, pages one after another. Reading and gunzipping the files
// happen before any timing; the timed part is everything from the HTML string
// to the predicted text, HTML parsing included. Both wall-clock time
// (pages/s) and the process's CPU time (pages/CPU-s) are reported. Each extractor first runs
// once, untimed, on the first page, so that lazy module initialisation is not
// billed to whichever page comes first. Scoring is not timed.

import { readFileSync, writeFileSync, existsSync, mkdirSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import path from 'node:path';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const DEFAULT_DIR = path.resolve(REPO_ROOT, '..', 'shared', 'data', 'article-extraction-benchmark');
const DEFAULT_OUT = path.join(REPO_ROOT, 'EVALUATION.md');
const EXTRACTOR_NAMES = ['boilerstrip', 'boilerstrip:text', 'boilerstrip:dump', 'boilerstrip:dump-fast', 'boilerstrip+readability', 'readability', 'defuddle'];
/** Line of EVALUATION.md after which --write keeps the file's text instead of regenerating it. */
const NOTES_MARKER = '<!-- notes: everything below this line is kept when `npm run eval -- --write` regenerates the file -->';

/** Published scores from the benchmark README: not measured here. */
const PUBLISHED = [
  ['trafilatura 2.0.0', 0.958, 0.938, 0.978],
  ['Readability.js 0.6.0 (Mozilla)', 0.947, 0.914, 0.982],
  ['readability-lxml 0.8.4.1', 0.922, 0.913, 0.931],
  ['goose3 3.1.20', 0.896, 0.94, 0.856],
  ['boilerpipe (Java, ArticleExtractor)', 0.86, 0.85, 0.87],
  ['jusText 3.0.2', 0.804, 0.858, 0.756],
  ['all visible text of the page', 0.665, '~0.50', 0.994],
  ['commercial AutoExtract (2019)', 0.97, 0.984, 0.956],
];

const USAGE = `Usage: npm run eval -- [DIR] [options]

DIR                 benchmark directory with html/<id>.html.gz and ground-truth.json
                    (default: ../shared/data/article-extraction-benchmark from the repo root)
--only LIST         comma-separated extractors to run (default: all; boilerstrip:dump labels the
                    page dumped to text lines, without the DOM, as the text pipeline sees it; boilerstrip:dump-fast the same with the fast model):
                    ${EXTRACTOR_NAMES.join(', ')}
--limit N           only the first N pages (ids in sorted order)
--ids-file FILE     only the ids listed in FILE, one per line (blank lines and # comments ignored)
--split NAME        only the pages of one split (golden/splits.json): heldout (every page from a
                    held-out golden site), tuning (the labelled pages trained on), unlabelled
                    (never labelled, not from a held-out site), dev (tuning + unlabelled: what
                    may be studied). Without it every run also prints F1 per split.
--cross-doc         boilerstrip with cross-document repetition, as \`boilerstrip clean --cross-doc\`:
                    first count the lines of every selected page into one repetition sketch
                    (untimed; its time is printed apart), then label each page with it
--worst N           print the N pages with the lowest per-page F1 (boilerstrip, or every
                    extractor run when boilerstrip is not among them)
--write             write the report to EVALUATION.md at the repo root
--out FILE          write the report to FILE (implies --write)
--save-predictions DIR
                    also write DIR/<extractor>.json = { "<id>": { "articleBody": "..." } },
                    the benchmark's own prediction format
--bootstrap N       bootstrap resamples for the standard deviations (default 1000)
--seed N            bootstrap seed (default 1)
-h, --help          this text

Run \`npm run build\` first: the metric and boilerstrip are loaded from dist/.`;

function fail(message) {
  console.error(`eval: ${message}`);
  process.exit(1);
}

function positiveInt(value, flag) {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) fail(`${flag} expects a non-negative integer, got "${value}"`);
  return n;
}

function parseCli(argv) {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        only: { type: 'string' },
        limit: { type: 'string' },
        'ids-file': { type: 'string' },
        split: { type: 'string' },
        'cross-doc': { type: 'boolean', default: false },
        worst: { type: 'string' },
        write: { type: 'boolean', default: false },
        out: { type: 'string' },
        'save-predictions': { type: 'string' },
        bootstrap: { type: 'string' },
        seed: { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (error) {
    fail(`${error.message}\n\n${USAGE}`);
  }
  const { values, positionals } = parsed;
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  if (positionals.length > 1) fail(`expected at most one directory, got ${positionals.join(' ')}`);
  if (values.split !== undefined && !SPLIT_NAMES.includes(values.split)) fail(`unknown split "${values.split}"; known: ${SPLIT_NAMES.join(', ')}`);
  const only = values.only
    ? values.only.split(',').map((s) => s.trim()).filter(Boolean)
    : EXTRACTOR_NAMES;
  for (const name of only) {
    if (!EXTRACTOR_NAMES.includes(name)) fail(`unknown extractor "${name}"; known: ${EXTRACTOR_NAMES.join(', ')}`);
  }
  const out = values.out !== undefined ? path.resolve(values.out) : values.write ? DEFAULT_OUT : undefined;
  return {
    dir: positionals[0] ? path.resolve(positionals[0]) : DEFAULT_DIR,
    only,
    limit: positiveInt(values.limit, '--limit'),
    idsFile: values['ids-file'],
    split: values.split,
    crossDoc: values['cross-doc'],
    worst: positiveInt(values.worst, '--worst') ?? 0,
    out,
    savePredictions: values['save-predictions'] ? path.resolve(values['save-predictions']) : undefined,
    bootstrap: positiveInt(values.bootstrap, '--bootstrap'),
    seed: positiveInt(values.seed, '--seed'),
  };
}

const SPLIT_NAMES = ['heldout', 'tuning', 'unlabelled', 'dev'];
const SPLIT_LABELS = {
  tuning: 'tuning (labelled, trained on)',
  unlabelled: 'never labelled (studied for rules)',
  heldout: 'held-out sites (never trained on)',
  unstudied: '... of which never studied at all',
};

/**
 * The split of each benchmark page, from golden/splits.json: a page whose host is the host of a
 * held-out golden case is held out with it (whole sites, as golden/README.md asks), so that
 * other pages of that site are never studied either; the labelled pages of the other sites are
 * the tuning split; the rest were never labelled. Returns id -> 'heldout' | 'tuning' | 'unlabelled'.
 */
function benchmarkSplits(truth) {
  const splits = JSON.parse(readFileSync(path.join(REPO_ROOT, 'golden', 'splits.json'), 'utf8'));
  const held = new Set(splits.heldout);
  const hostOf = (id) => {
    try {
      return new URL(truth[id]?.url ?? '').hostname.replace(/^www\./, '');
    } catch {
      return '';
    }
  };
  const heldHosts = new Set();
  const studiedHosts = new Set();
  const studied = new Set(splits.studiedBeforeHeldOut ?? []);
  const tuning = new Set();
  for (const [name, id] of Object.entries(splits.benchmarkIds ?? {})) {
    if (held.has(name)) heldHosts.add(hostOf(id));
    else tuning.add(id);
    if (studied.has(name)) studiedHosts.add(hostOf(id));
  }
  heldHosts.delete('');
  const map = new Map(Object.keys(truth).map((id) => [id, heldHosts.has(hostOf(id)) ? 'heldout' : tuning.has(id) ? 'tuning' : 'unlabelled']));
  /** Held-out pages whose site's pages were never studied before it was held out (see splits.json). */
  map.unstudied = new Set([...map.keys()].filter((id) => map.get(id) === 'heldout' && !studiedHosts.has(hostOf(id))));
  return map;
}

/** Loads ids, truths, urls and decompressed HTML; none of this is timed. */
function loadPages(dir, { idsFile, limit, split }) {
  const truthPath = path.join(dir, 'ground-truth.json');
  if (!existsSync(truthPath)) fail(`no ground-truth.json in ${dir}`);
  const truth = JSON.parse(readFileSync(truthPath, 'utf8'));
  let ids = Object.keys(truth).sort();
  if (idsFile) {
    const wanted = readFileSync(idsFile, 'utf8')
      .split(/\r?\n/)
      .map((line) => line.replace(/#.*/, '').trim())
      .filter(Boolean);
    const unknown = wanted.filter((id) => !(id in truth));
    if (unknown.length > 0) fail(`${unknown.length} id(s) of ${idsFile} are not in the ground truth, e.g. ${unknown[0]}`);
    const set = new Set(wanted);
    ids = ids.filter((id) => set.has(id));
  }
  const splitOf = benchmarkSplits(truth);
  if (split !== undefined) ids = ids.filter((id) => (split === 'dev' ? splitOf.get(id) !== 'heldout' : splitOf.get(id) === split));
  if (limit !== undefined) ids = ids.slice(0, limit);
  if (ids.length === 0) fail('no pages selected');
  return ids.map((id) => {
    const file = path.join(dir, 'html', `${id}.html.gz`);
    if (!existsSync(file)) fail(`missing page ${file}`);
    return {
      id,
      url: truth[id].url ?? '',
      truth: truth[id].articleBody ?? '',
      split: splitOf.get(id),
      unstudied: splitOf.unstudied.has(id),
      html: gunzipSync(readFileSync(file)).toString('utf8'),
    };
  });
}

/** A URL jsdom accepts, or undefined (jsdom then uses about:blank). */
function documentUrl(url) {
  try {
    return new URL(url).href;
  } catch {
    return undefined;
  }
}

const STYLE_BLOCK_RE = /<style\b[^>]*>[\s\S]*?<\/style\s*>/gi;

/**
 * `new JSDOM(html, { url })`, working around crashes of jsdom 27.3's CSS
 * parsing of `<style>` blocks, which abort the whole page: cssstyle 5.3 throws
 * "Cannot create property 'border-width' on string 'inherit'" on
 * `border: inherit` followed by a border longhand (jsdom issue 4112, fixed
 * upstream later), and css-tree throws on some malformed values. Only when
 * the first parse throws, the page is parsed again without its `<style>`
 * blocks (both attempts are timed). Style sheets carry no article text; the
 * retries are counted and reported.
 */
function parseDom(JSDOM, html, url, virtualConsole, stats) {
  const options = { url: documentUrl(url), virtualConsole };
  try {
    return new JSDOM(html, options);
  } catch {
    stats.styleRetries++;
    return new JSDOM(html.replace(STYLE_BLOCK_RE, ''), options);
  }
}

const BLOCK_TAGS = new Set([
  'address', 'article', 'aside', 'blockquote', 'br', 'caption', 'dd', 'details', 'div', 'dl', 'dt',
  'figcaption', 'figure', 'footer', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'header', 'hr', 'li', 'main',
  'nav', 'ol', 'p', 'pre', 'section', 'summary', 'table', 'td', 'th', 'tr', 'ul',
]);

/**
 * Text of an HTML fragment with a newline at each block boundary. Plain
 * `textContent` glues the last word of one paragraph to the first word of the
 * next when the HTML has no whitespace between the tags, which merges two
 * tokens into one; browsers' `innerText` would not, and neither does this.
 */
function blockText(node, parts) {
  for (let child = node.firstChild; child; child = child.nextSibling) {
    if (child.nodeType === 3) {
      parts.push(child.data);
    } else if (child.nodeType === 1) {
      const tag = child.localName;
      if (tag === 'script' || tag === 'style' || tag === 'template') continue;
      const block = BLOCK_TAGS.has(tag);
      if (block) parts.push('\n');
      blockText(child, parts);
      if (block) parts.push('\n');
    }
  }
  return parts;
}

/**
 * Builds the runnable extractors. Each has `extract(html, url) -> string | Promise<string>`.
 * Returns `{ name, extract }` or `{ name, skip: reason }`.
 */
async function loadExtractors(names, pages, { crossDoc }) {
  const out = [];
  const needsJsdom = names.some((n) => n === 'readability' || n === 'defuddle');
  let JSDOM;
  let virtualConsole;
  if (needsJsdom) {
    const jsdom = await import('jsdom');
    JSDOM = jsdom.JSDOM;
    // Silent console: CSS parse errors and the like would otherwise flood the output.
    virtualConsole = new jsdom.VirtualConsole();
  }
  let boilerstrip;
  let dump;
  let repetition;
  if (names.some((n) => n.startsWith('boilerstrip'))) {
    const entry = path.join(REPO_ROOT, 'dist', 'index.js');
    try {
      const mod = await import(new URL('../dist/index.js', import.meta.url).href);
      if (typeof mod.extractHtml === 'function') boilerstrip = mod.extractHtml;
      else boilerstrip = `${entry} has no extractHtml export (yet)`;
      if (names.includes('boilerstrip:dump') || names.includes('boilerstrip:dump-fast')) dump = await textDumpExtractor(mod);
      if (crossDoc && typeof boilerstrip === 'function') repetition = await crossDocProfile(mod, pages);
    } catch (error) {
      boilerstrip = `cannot import ${entry}: ${String(error?.message ?? error).split('\n')[0]}`;
    }
  }

  for (const name of names) {
    if (name === 'boilerstrip:dump') {
      if (typeof boilerstrip !== 'function') out.push({ name, skip: String(boilerstrip) });
      else out.push({ name, extract: (html) => dump(html, repetition?.sketch), crossDoc: repetition });
    } else if (name === 'boilerstrip:dump-fast') {
      // The same dumps labelled by the fast model (`fast: true`), which takes no repetition counts.
      if (typeof boilerstrip !== 'function') out.push({ name, skip: String(boilerstrip) });
      else out.push({ name, extract: (html) => dump(html, undefined, true) });
    } else if (name === 'boilerstrip' || name === 'boilerstrip:text' || name === 'boilerstrip+readability') {
      if (typeof boilerstrip !== 'function') {
        out.push({ name, skip: `${boilerstrip}; run \`npm run build\` once extractHtml exists` });
        continue;
      }
      const extractHtml = boilerstrip;
      const readability = name === 'boilerstrip+readability';
      // boilerstrip:text keeps the story's running text only (textOnly: no headline, byline or
      // captions), the part that Readability's textContent and the benchmark's articleBody hold.
      const textOnly = name === 'boilerstrip:text';
      out.push({ name, extract: (html, url) => extractHtml(html, { url, readability, textOnly, repetition: repetition?.sketch }), crossDoc: repetition });
    } else if (name === 'readability') {
      const { Readability } = await import('@mozilla/readability');
      const stats = { styleRetries: 0 };
      out.push({
        name,
        stats,
        // As in the benchmark's own Readability.js run: the article's textContent,
        // parsing forced even when isProbablyReaderable would say no.
        extract: (html, url) => {
          const dom = parseDom(JSDOM, html, url, virtualConsole, stats);
          try {
            return new Readability(dom.window.document).parse()?.textContent ?? '';
          } finally {
            dom.window.close();
          }
        },
      });
    } else if (name === 'defuddle') {
      const { Defuddle } = await import('defuddle/node');
      const stats = { styleRetries: 0 };
      out.push({
        name,
        stats,
        // Defuddle returns the article as cleaned HTML (`content`); its text is taken
        // block-aware (see blockText) from a jsdom fragment, which is part of the timing.
        // useAsync: false keeps it off the network (no third-party API fallbacks).
        extract: async (html, url) => {
          const dom = parseDom(JSDOM, html, url, virtualConsole, stats);
          try {
            const result = await Defuddle(dom.window.document, documentUrl(url), { useAsync: false });
            return blockText(JSDOM.fragment(result.content ?? ''), []).join('');
          } finally {
            dom.window.close();
          }
        },
      });
    }
  }
  return out;
}

/**
 * boilerstrip:dump: the text pipeline, as a user with text dumps runs it. The page is first
 * dumped to lines the way scrapers dump whole pages and the golden corpus was made
 * (scripts/make-corpus.mjs: one line per block, a blank line between blocks), then labelled
 * from the text alone (no DOM, the text model), keeping the story's text as --text-only does.
 * The dump is timed with it, so its pages/s is not the text pipeline's speed.
 */
async function textDumpExtractor(mod) {
  const { htmlToLineBlocks } = await import(new URL('../dist/html/lines.js', import.meta.url).href);
  const { documentText } = await import(new URL('../dist/document.js', import.meta.url).href);
  return (html, repetition, fast) => {
    const text = htmlToLineBlocks(html)
      .map((block) => block.map((line) => line.text).join('\n'))
      .join('\n\n');
    return documentText(mod.labelText(text, fast ? { fast: true } : { repetition }), { textOnly: true });
  };
}

/**
 * The first pass of \`boilerstrip clean --cross-doc\` over the selected pages: each page's
 * lines are counted into one sketch with the CLI's own counting (dist/cli/profile.js). The
 * CLI decodes a file's bytes by its charset first; here every page is the same UTF-8 string
 * the extractor is given. Returns the sketch and the seconds the pass took.
 */
async function crossDocProfile(mod, pages) {
  const { countPage } = await import(new URL('../dist/cli/profile.js', import.meta.url).href);
  const start = performance.now();
  const sketch = new mod.RepetitionSketch();
  for (const page of pages) countPage(sketch, page.html);
  return { sketch, seconds: (performance.now() - start) / 1000 };
}

const CONSOLE_METHODS = ['log', 'info', 'warn', 'error', 'debug', 'trace'];

/**
 * Runs `fn` with the console methods replaced by a counter: Defuddle, for one,
 * logs a stack trace for every page with malformed schema.org JSON, and the
 * printing would otherwise flood the output and be billed to its timing.
 */
async function withQuietConsole(fn) {
  const saved = CONSOLE_METHODS.map((m) => console[m]);
  let messages = 0;
  for (const m of CONSOLE_METHODS) console[m] = () => void messages++;
  try {
    return { value: await fn(), messages };
  } finally {
    CONSOLE_METHODS.forEach((m, i) => {
      console[m] = saved[i];
    });
  }
}

/** Runs one extractor over all pages, sequentially; returns texts, seconds and failures. */
async function runExtractor(extractor, pages) {
  const { value, messages } = await withQuietConsole(() => runPages(extractor, pages));
  return { ...value, consoleMessages: messages };
}

async function runPages(extractor, pages) {
  const call = async (page) => {
    let result = extractor.extract(page.html, page.url);
    if (result && typeof result.then === 'function') result = await result;
    return typeof result === 'string' ? result : String(result ?? '');
  };
  // Untimed warm-up on the first page.
  try {
    await call(pages[0]);
  } catch {
    // Reported below, when the page is run for real.
  }
  const texts = [];
  const failures = [];
  let seconds = 0;
  let cpuMicros = 0;
  for (const page of pages) {
    let text = '';
    const start = performance.now();
    const cpuStart = process.cpuUsage();
    try {
      text = await call(page);
    } catch (error) {
      failures.push({ id: page.id, message: String(error?.message ?? error).split('\n')[0] });
    }
    const cpu = process.cpuUsage(cpuStart);
    seconds += (performance.now() - start) / 1000;
    cpuMicros += cpu.user + cpu.system;
    texts.push(text);
  }
  return { texts, seconds, cpuSeconds: cpuMicros / 1e6, failures };
}

const fmt = (x) => (Number.isFinite(x) ? x.toFixed(3) : 'n/a');
const withStd = (x, std) => `${fmt(x)} ± ${fmt(std)}`;
const rate = (x) => (Number.isFinite(x) ? x.toFixed(1) : 'n/a');

function textTable(header, rows) {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
  const line = (cells) => cells.map((c, i) => String(c).padEnd(widths[i])).join('  ').trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

function markdownTable(header, rows) {
  return [
    `| ${header.join(' | ')} |`,
    `|${header.map(() => '---').join('|')}|`,
    ...rows.map((r) => `| ${r.join(' | ')} |`),
  ].join('\n');
}

/** Text after NOTES_MARKER in the report file being replaced ('' when there is none). */
function keptNotes(file) {
  if (!existsSync(file)) return '';
  const old = readFileSync(file, 'utf8');
  const at = old.indexOf(NOTES_MARKER);
  return at < 0 ? '' : old.slice(at + NOTES_MARKER.length).replace(/^\n/, '');
}

function shellQuote(arg) {
  return /^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}

async function main() {
  const opts = parseCli(process.argv.slice(2));
  let metric;
  try {
    metric = await import(new URL('../dist/eval/metric.js', import.meta.url).href);
  } catch (error) {
    fail(`cannot load dist/eval/metric.js (${String(error?.message ?? error).split('\n')[0]}); run \`npm run build\` first`);
  }
  const { scorePage, aggregate, DEFAULT_BOOTSTRAP, DEFAULT_SEED } = metric;
  const bootstrap = opts.bootstrap ?? DEFAULT_BOOTSTRAP;
  const seed = opts.seed ?? DEFAULT_SEED;

  const pages = loadPages(opts.dir, opts);
  console.log(`${pages.length} pages from ${path.relative(process.cwd(), opts.dir) || '.'}`);

  const extractors = await loadExtractors(opts.only, pages, opts);
  const results = [];
  const notes = [];
  const profiled = extractors.find((e) => e.crossDoc)?.crossDoc;
  if (profiled) {
    const note = `--cross-doc: boilerstrip labelled with a repetition sketch of all ${profiled.sketch.documents} selected pages, built first in ${profiled.seconds.toFixed(1)} s (not in pages/s)`;
    console.log(`note: ${note}`);
    notes.push(note);
  }
  for (const extractor of extractors) {
    if (extractor.skip) {
      const note = `${extractor.name}: skipped — ${extractor.skip}`;
      console.log(`note: ${note}`);
      notes.push(note);
      continue;
    }
    process.stderr.write(`running ${extractor.name} ...`);
    const { texts, seconds, cpuSeconds, failures, consoleMessages } = await runExtractor(extractor, pages);
    process.stderr.write(` ${seconds.toFixed(1)} s\n`);
    if (consoleMessages > 0) {
      console.log(`note: ${extractor.name} wrote ${consoleMessages} console message(s) during the run; they were silenced`);
    }
    const scores = pages.map((page, i) => scorePage(texts[i], page.truth));
    const metrics = aggregate(scores, { bootstrap, seed });
    if (extractor.stats?.styleRetries > 0) {
      // The warm-up page is parsed once more than the others.
      const note = `${extractor.name}: jsdom's CSS parser crashed on ${extractor.stats.styleRetries} parse(s), warm-up included; those pages were parsed again without their <style> blocks`;
      console.log(`note: ${note}`);
      notes.push(note);
    }
    if (failures.length > 0) {
      const note = `${extractor.name}: ${failures.length} page(s) threw and count as empty predictions, e.g. ${failures[0].id}: ${failures[0].message}`;
      console.log(`note: ${note}`);
      notes.push(note);
    }
    if (opts.savePredictions) {
      mkdirSync(opts.savePredictions, { recursive: true });
      const predictions = Object.fromEntries(pages.map((page, i) => [page.id, { articleBody: texts[i] }]));
      writeFileSync(path.join(opts.savePredictions, `${extractor.name}.json`), `${JSON.stringify(predictions, null, 1)}\n`);
    }
    results.push({
      name: extractor.name,
      metrics,
      seconds,
      pagesPerSecond: pages.length / seconds,
      cpuPagesPerSecond: pages.length / cpuSeconds,
      scores,
      failures,
    });
  }

  const header = ['extractor', 'F1', 'P', 'R', 'accuracy', 'pages/s', 'pages/CPU-s'];
  const rows = results.map((r) => [
    r.name,
    withStd(r.metrics.f1, r.metrics.f1Std),
    withStd(r.metrics.precision, r.metrics.pStd),
    withStd(r.metrics.recall, r.metrics.rStd),
    withStd(r.metrics.accuracy, r.metrics.accuracyStd),
    rate(r.pagesPerSecond),
    rate(r.cpuPagesPerSecond),
  ]);
  const publishedHeader = ['tool (published, not measured here)', 'F1', 'P', 'R'];
  const publishedRows = PUBLISHED.map(([tool, f1, p, r]) => [tool, ...[f1, p, r].map((x) => (typeof x === 'number' ? x.toFixed(3) : x))]);

  console.log('');
  console.log(`Measured on ${pages.length} pages (± = bootstrap std dev, ${bootstrap} resamples, seed ${seed}):`);
  console.log(textTable(header, rows));
  console.log('');
  console.log('Published scores from the benchmark README (published, not measured here):');
  console.log(textTable(publishedHeader, publishedRows));

  // The same per-page scores, averaged over each split present (no extra run).
  const splitHeader = ['split', 'pages', ...results.map((r) => `${r.name} F1 (P / R)`)];
  const splitRows = [];
  for (const split of ['tuning', 'unlabelled', 'heldout', 'unstudied']) {
    const at = pages.map((p, i) => (split === 'unstudied' ? p.unstudied : p.split === split) ? i : -1).filter((i) => i >= 0);
    if (at.length === 0) continue;
    splitRows.push([
      SPLIT_LABELS[split],
      String(at.length),
      ...results.map((r) => {
        const m = aggregate(at.map((i) => r.scores[i]), { bootstrap: 0, seed });
        return `${fmt(m.f1)} (${fmt(m.precision)} / ${fmt(m.recall)})`;
      }),
    ]);
  }
  if (splitRows.length > 1) {
    console.log('\nBy split (golden/splits.json; held out = every page of a held-out golden site):');
    console.log(textTable(splitHeader, splitRows));
  }

  const byName = new Map(results.map((r) => [r.name, r]));
  const ratioLines = [];
  for (const name of ['boilerstrip', 'boilerstrip:text', 'boilerstrip+readability']) {
    const ours = byName.get(name);
    const theirs = byName.get('readability');
    if (ours && theirs) {
      ratioLines.push(
        `${name} pages/s ÷ Readability pages/s: ${(ours.pagesPerSecond / theirs.pagesPerSecond).toFixed(2)} ` +
          `(by CPU time: ${(ours.cpuPagesPerSecond / theirs.cpuPagesPerSecond).toFixed(2)})`,
      );
    }
  }
  if (ratioLines.length > 0) console.log(`\n${ratioLines.join('\n')}`);

  if (opts.worst > 0) {
    const boilerstripRuns = results.filter((r) => r.name.startsWith('boilerstrip'));
    const targets = boilerstripRuns.length > 0 ? boilerstripRuns : results;
    for (const r of targets) {
      const ranked = r.scores
        .map((s, i) => ({ ...s, id: pages[i].id, url: pages[i].url }))
        .sort((a, b) => a.f1 - b.f1 || a.id.localeCompare(b.id))
        .slice(0, opts.worst);
      console.log(`\nWorst ${ranked.length} pages for ${r.name} (per-page F1):`);
      console.log(
        textTable(
          ['id', 'F1', 'P', 'R', 'url'],
          ranked.map((s) => [s.id, fmt(s.f1), s.precision === null ? '-' : fmt(s.precision), s.recall === null ? '-' : fmt(s.recall), s.url]),
        ),
      );
    }
  }

  if (opts.out) {
    const cpus = os.cpus();
    const command = ['node', 'scripts/eval.mjs', ...process.argv.slice(2)].map(shellQuote).join(' ');
    const ratio = ratioLines.length > 0
      ? ratioLines.map((l) => `- ${l}`).join('\n')
      : '- boilerstrip pages/s ÷ Readability pages/s: n/a (not both measured in this run)';
    const md = `# Evaluation on the article-extraction-benchmark development set

Regenerated by \`npm run eval -- --write\` down to the notes marker; the notes below it are kept.

- Date: ${new Date().toISOString()}
- Machine: ${cpus[0]?.model ?? 'unknown CPU'}, ${cpus.length} cores, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB RAM, ${os.type()} ${os.release()}, Node ${process.version}
- Command: \`${command}\`
- Pages: ${pages.length}

## Measured

F1, precision (P) and recall (R) are the benchmark's shingle metric (token 4-grams, per-page
normalised, see src/eval/metric.ts); accuracy is the share of pages whose token sequence equals the
truth's. ± is the bootstrap standard deviation over ${bootstrap} resamples of the pages (seed ${seed}).
Speed: one process, pages in sequence, HTML parsing included, file reading and gunzip excluded,
after one untimed warm-up page. pages/s divides by wall-clock time; pages/CPU-s by the process's
user + system CPU time (garbage-collector threads included), which other load on the machine
disturbs less. Compare speeds only within one run.

${markdownTable(header, rows)}

${ratio}
${splitRows.length > 1 ? `\nBy split (golden/splits.json; the same per-page scores averaged over each group). Held out: every page
whose site is a held-out golden case's site, never trained on; some of those sites' pages were studied as
HTML dev pages before the sites were held out (golden/splits.json, studiedBeforeHeldOut), so the next row
keeps only the held-out pages that were never studied at all. Never labelled: not trained
on, but their false positives were studied to design rules and features, so they are not a held-out
measure in the strict sense.\n\n${markdownTable(splitHeader, splitRows)}\n` : ''}${notes.length > 0 ? `\nNotes:\n${notes.map((n) => `- ${n}`).join('\n')}\n` : ''}
How each extractor's text is produced: boilerstrip returns text; Readability.js runs on jsdom and
its \`textContent\` is used (as in the benchmark's own run); Defuddle runs on jsdom with
\`useAsync: false\`, and its HTML \`content\` is turned into text with a newline at each block
element boundary.

## Published (not measured here)

From the benchmark README, for reference.

${markdownTable(publishedHeader, publishedRows)}
`;
    writeFileSync(opts.out, `${md}\n${NOTES_MARKER}\n${keptNotes(opts.out)}`);
    console.log(`\nwrote ${path.relative(process.cwd(), opts.out) || opts.out}`);
  }
}

await main();
