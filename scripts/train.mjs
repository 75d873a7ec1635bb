// Learn data/model.json from the golden corpus, on the tuning split only (golden/splits.json
// names the held-out cases, which are never used here except to be reported at the end).
// Usage: node scripts/train.mjs [--dry] [--loso] [--cv K] [--html] [--readability] [--markdown [--markdown-text]] [--no-trees] [--epochs N] [--rounds N] [--depth N] [--min-leaf N] [--tree-lr X] [--tree-l2 X] [--colsample X] [--subsample X]
//   --dry   print figures, do not write data/model.json
//   --loso  also report leave-one-site-out figures on the tuning split (slow: one fit per site);
//           --loso-shard K/N and --loso-out FILE split the fits over processes (scripts/loso-merge.mjs)
//   --markdown  train on the golden web pages dumped to Markdown (scripts/markdown-dumps.mjs: turndown over
//           the whole page, labels derived from the golden lines by a word diff) and write data/model-markdown.json,
//           the model for Markdown input: each line's visible text, with the facts its syntax gives (link share,
//           heading, list, table, image) as DOM facts (MarkdownReader.read)
//   --markdown-text  with --markdown: the visible text alone, without the syntax's facts (to measure what they add)
//   --markdown-docs W  the joint model also learns from each page's Markdown dump as visible text, each weighing W
//   --with-text, --with-html  with --markdown: the text dumps, or the HTML pages, of the same tuning pages train the Markdown model too
//   --cv K  also report K-fold cross-validation over whole tuning sites, with and without the trees,
//           and choose the model's decision offsets (model.ts) on the out-of-fold scores
//   --train-share F  with --cv: a learning curve; every fit (and the smoothing layer's) learns from the same share F of
//           the tuning sites only, a fixed hashed order, and each fold is still scored on all its pages;
//           --share-seed S draws another such order (default 0)
//   --site-balance  a site's pages count 1/(its page count) each in training
//   --no-article-docs  train on whole pages only, without each page's article-only documents (articleOnlyCases)
//   --article-weight W  how much each article-only document counts against a page (default 1)
//   --cross-doc-cases W  also train on the pages of multi-page sites labelled with their site's line counts, each weighing W (crossDocCases)
//   --hintless-docs W  also train on each HTML page with its class/id hints removed, each weighing W; the CV then also
//           reports the test folds' HTML pages with their hints removed
//   --cropped-docs W  also train on each page cropped to a short whole page (a few lines around its body), each weighing W
//           (session 13: W = 1 took the CV's cropped text pages from 0.565 / 0.857 to 0.591 / 0.865 macro / body F1, but
//           whole text pages from 0.741 / 0.835 to 0.740 / 0.825 and held-out text from 0.763 / 0.852 to 0.756 / 0.847; not
//           used). The CV reports the test folds' cropped text pages either way.
//   --smooth-cropped-weight W  the cropped text pages join the smoothing layer's fit too, each weighing W (default 0;
//           session 13: W = 1 took cropped pages after the layer from 0.584 / 0.870 to 0.574 / 0.873, whole text pages from
//           0.741 / 0.835 to 0.740 / 0.831, held-out text from 0.763 / 0.852 to 0.761 / 0.847; not used)
//   --no-trees  the linear model alone (no boosted trees on top, see src/trees.ts)
//   --epochs N  gradient steps of the first-stage and context fits
//   --smooth-l2 X, --smooth-class-weight P, --smooth-article-weight W  the smoothing layer's fit: its L2 penalty,
//           class weights (frequency to the power -P), and how much article-only documents count in it (default 0.3)
//   --probe-docs W  also train on the made-up pages of the probe folders already used for design (TRAINING_PROBES;
//           never probe/unseen36), each weighing W, in every fit and every CV fold;
//           they are never scored by the CV, which still reports the tuning sites' folds alone (session 37, text lines
//           out of fold after the later stages, macro / body F1: without 0.8112 / 0.869; W 0.2 0.8108 / 0.856; W 0.5
//           0.8061 / 0.853; W 1 0.8028 / 0.845; not used: EVALUATION.md "Session 37")
//   --cv-out FILE  with --cv: write every tuning line's out-of-fold label to FILE (TSV: case, line,
//           expected, got, the four final scores, text, and the label and four scores after a smoothing
//           layer fitted on the other folds), so errors can be studied without looking at the held-out split
import { readFileSync, writeFileSync, readdirSync, renameSync } from 'node:fs';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { gunzipSync } from 'node:zlib';
import { trainModel, fitModelTrees, fitTransitions, stageOutputs, chooseOffsets, labelWithOffsets, fitSmoothing, documentProbs, CONTEXT_L2 } from '../dist/train.js';
import { smoothDocument } from '../dist/smooth.js';
import { denseTable, argmax } from '../dist/model.js';
import { SMOOTH_SCHEMA, F } from '../dist/schema.js';
import { parseGolden, computeMetrics, formatMetrics, caseSite } from '../dist/check.js';
import { pairedSiteInterval } from '../dist/interval.js';
import { labelDocument } from '../dist/pipeline.js';
import { htmlToLines } from '../dist/html/lines.js';
import { decodeHtml } from '../dist/html/charset.js';
import { defaultModel, htmlModel, readabilityModel } from '../dist/model.js';
import { CLASSES } from '../dist/types.js';
import { RepetitionSketch } from '../dist/repetition.js';
import { MarkdownReader } from '../dist/markdown.js';
import { toMarkdown, deriveLabels, fillUnlabelled } from './markdown-dumps.mjs';

const root = path.resolve(import.meta.dirname, '..');
const args = process.argv.slice(2);
// Flags this script knows, with whether each takes a value. Anything else stops it before any
// fit: a mistyped or unknown flag (`--help`, `--dryrun`) used to be ignored, and the run went on to
// overwrite the model files.
const FLAGS = {
  '--dry': false, '--loso': false, '--html': false, '--markdown': false, '--markdown-text': false, '--with-text': false, '--with-html': false, '--markdown-docs': true, '--readability': false, '--no-trees': false, '--site-balance': false,
  '--no-article-docs': false, '--text-only': false, '--cv': true, '--cv-out': true, '--loso-shard': true, '--loso-out': true,
  '--article-weight': true, '--cross-doc-cases': true, '--hintless-docs': true, '--cropped-docs': true, '--l2': true, '--context-l2': true,
  '--epochs': true, '--rounds': true, '--depth': true, '--min-leaf': true, '--tree-lr': true, '--tree-l2': true,
  '--colsample': true, '--subsample': true, '--smooth-l2': true, '--smooth-class-weight': true, '--smooth-article-weight': true, '--smooth-cropped-weight': true,
  '--train-share': true, '--share-seed': true, '--probe-docs': true,
};
if (args.includes('--help') || args.includes('-h')) {
  // The usage is this file's header comment.
  const lines = readFileSync(new URL(import.meta.url), 'utf8').split('\n');
  console.log(lines.slice(0, lines.findIndex((l) => !l.startsWith('//'))).map((l) => l.slice(3)).join('\n'));
  process.exit(0);
}
for (let i = 0; i < args.length; i++) {
  if (!(args[i] in FLAGS)) {
    console.error(`train.mjs: unknown argument "${args[i]}" (nothing was trained or written; --help lists the flags)`);
    process.exit(2);
  }
  if (FLAGS[args[i]]) {
    if (args[i + 1] === undefined) {
      console.error(`train.mjs: ${args[i]} needs a value`);
      process.exit(2);
    }
    i++;
  }
}
const dry = args.includes('--dry');
const loso = args.includes('--loso');
const shard = args.includes('--loso-shard') ? String(args[args.indexOf('--loso-shard') + 1]).split('/').map(Number) : [1, 1];
if (!(shard.length === 2 && shard.every(Number.isInteger) && shard[0] >= 1 && shard[0] <= shard[1])) throw new Error('--loso-shard needs K/N with 1 <= K <= N');
/** The value after a flag that takes a file name, or undefined without the flag; a missing value is an error naming the flag. */
function fileArg(flag) {
  const at = args.indexOf(flag);
  if (at < 0) return undefined;
  const v = args[at + 1];
  if (v === undefined || v.startsWith('--')) throw new Error(`${flag} needs a file name`);
  return v;
}
const losoOut = fileArg('--loso-out');
const cvOut = fileArg('--cv-out');
// --cv K: K-fold cross-validation over whole tuning sites (sites in a fixed hashed order, every
// K-th to a fold), refitting the linear model and its trees per fold. Cheaper than --loso (K fits
// instead of one per site); it is how the tree settings were chosen (session 6).
const cvFolds = args.includes('--cv') ? Number(args[args.indexOf('--cv') + 1]) : 0;
if (args.includes('--cv') && !(Number.isInteger(cvFolds) && cvFolds >= 2)) throw new Error(`--cv needs a whole number of folds >= 2, got "${args[args.indexOf('--cv') + 1]}"`);
const l2At = args.indexOf('--l2');
const fit = l2At >= 0 ? { l2: Number(args[l2At + 1]) } : {};
const cl2At = args.indexOf('--context-l2');
// The context stage has few, strongly correlated features (neighbour probabilities): a small
// corpus teaches it spurious rules ("prose before an ad is a disclaimer"), so it gets more L2.
// Expert priors (data/priors.json): the L2 penalty pulls weights towards them, not towards 0.
const priors = JSON.parse(readFileSync(path.join(root, 'data/priors.json'), 'utf8'));
fit.prior = priors.first;
// --epochs N: gradient steps of the first-stage and context fits (train.ts DEFAULT_EPOCHS otherwise).
if (args.includes('--epochs')) fit.epochs = Number(args[args.indexOf('--epochs') + 1]);
// --smooth-l2 X: L2 penalty of the smoothing layer's fit (on standardised inputs; train.ts DEFAULT_L2 otherwise).
// Nested CV, text lines (session 12, article-only documents at weight 1): 0.002 0.744 / 0.831, 0.02 0.740 / 0.826, 0.2 0.710 / 0.805.
const smoothFit = args.includes('--smooth-l2') ? { l2: Number(args[args.indexOf('--smooth-l2') + 1]) } : {};
// --smooth-class-weight P: class weights (frequency to the power -P) in the smoothing layer's fit (none otherwise).
// Nested CV, text lines (session 12): P 0.5 0.715 / 0.832, 0.25 0.741 / 0.836, none 0.748 / 0.838.
if (args.includes('--smooth-class-weight')) smoothFit.classWeightPower = Number(args[args.indexOf('--smooth-class-weight') + 1]);
// --smooth-article-weight W: how much the article-only documents count in the smoothing layer's
// fit, times their weight. Nested 5-fold CV (session 12), text lines, macro-F1 / body F1, and the
// share of article-only lines kept (0.915 before the layer): W 1 0.744 / 0.831, 0.940; 0.3
// 0.748 / 0.838, 0.930; 0.1 0.749 / 0.840, 0.925; none 0.751 / 0.841, but a three-paragraph
// page between a menu and a footer then lost its paragraphs. 0.3 by default.
const smoothArticleWeight = args.includes('--smooth-article-weight') ? Number(args[args.indexOf('--smooth-article-weight') + 1]) : 0.3;
// --smooth-cropped-weight W: the fold's text pages cropped to short whole pages (croppedCase) join
// the smoothing layer's fit, each weighing W (0: they are only reported).
const smoothCroppedWeight = args.includes('--smooth-cropped-weight') ? Number(args[args.indexOf('--smooth-cropped-weight') + 1]) : 0;
if (!(smoothCroppedWeight >= 0)) throw new Error('--smooth-cropped-weight needs a number, 0 or more');
const contextFit = { ...fit, l2: cl2At >= 0 ? Number(args[cl2At + 1]) : CONTEXT_L2, prior: priors.context };
const withTrees = !args.includes('--no-trees');
const numberArg = (flag) => (args.includes(flag) ? Number(args[args.indexOf(flag) + 1]) : undefined);
const treeOptions = { rounds: numberArg('--rounds'), depth: numberArg('--depth'), minLeaf: numberArg('--min-leaf'), learningRate: numberArg('--tree-lr'), l2: numberArg('--tree-l2'), colsample: numberArg('--colsample'), subsample: numberArg('--subsample') };
/** The linear model, then (unless --no-trees) boosted trees fitted on the same cases on top of it. */
function fitAll(cases, scale) {
  const { model } = trainModel(cases, scale, fit, undefined, contextFit);
  if (withTrees) model.trees = fitModelTrees(cases, model, treeOptions);
  return model;
}
/**
 * Least gain in macro-F1 plus body F1 (nested CV, all lines) for a model to keep its decision
 * offsets or its smoothing layer: below it the difference is fold-to-fold noise, and the model
 * without them is the simpler one.
 */
const OFFSET_MIN_GAIN = 0.005;
// --train-share F (with --cv): a learning curve. Each fold's fit, and the smoothing layer's, learn
// from the same share F of the tuning sites only (a fixed hashed order), while every fold is still
// scored on all its pages: how the out-of-fold figures move with the number of labelled sites says
// whether labelling more sites would pay.
const trainShare = args.includes('--train-share') ? Number(args[args.indexOf('--train-share') + 1]) : 1;
if (!(trainShare > 0 && trainShare <= 1)) throw new Error('--train-share needs a share above 0, at most 1');
const shareSeed = args.includes('--share-seed') ? args[args.indexOf('--share-seed') + 1] : '0';
const heldout = new Set(JSON.parse(readFileSync(path.join(root, 'golden/splits.json'), 'utf8')).heldout ?? []);

const bench = path.resolve(root, '../shared/data/article-extraction-benchmark');
const benchIds = JSON.parse(readFileSync(path.join(root, 'golden/splits.json'), 'utf8')).benchmarkIds ?? {};
const withHtml = !args.includes('--text-only');
// --readability: HTML cases carry Readability's verdict, and the result goes to data/model-readability.json
// (used when a caller asks for readability), so the default model never depends on it.
const withReadability = args.includes('--readability');
// --html: train on the HTML versions of the pages only and write data/model-html.json, the model
// for HTML input (DOM features). Without it, text and HTML cases train the joint data/model.json.
const htmlOnly = args.includes('--html');
// --markdown: train on the Markdown dumps of the pages only and write data/model-markdown.json.
const markdownOnly = args.includes('--markdown');
const markdownFacts = !args.includes('--markdown-text');
if (htmlOnly && markdownOnly) throw new Error('--html and --markdown each train a model of their own; give one');
/** One format's model (HTML or Markdown) rather than the joint text model. */
const singleFormat = htmlOnly || markdownOnly;
/** A case of the text dumps (the joint model's own input), not of an HTML page or a Markdown dump. */
const isText = (c) => !c.name.includes('#html') && !c.name.includes('#md');

/**
 * The same golden case as an HTML page: the web-* seeds are text dumps of benchmark pages,
 * so the page's lines (with DOM features) align with the golden file's non-blank rows.
 * Returns undefined when the page is not available or the lines no longer align.
 */
function htmlCase(c) {
  const id = benchIds[c.name];
  if (!id || !withHtml) return undefined;
  let html;
  try {
    html = decodeHtml(gunzipSync(readFileSync(path.join(bench, 'html', `${id}.html.gz`)))).text;
  } catch {
    return undefined;
  }
  const lines = htmlToLines(html, { readability: withReadability });
  const rows = c.lines.map((l, i) => ({ text: l.text, label: c.labels[i] })).filter((r) => r.label !== 'blank');
  if (rows.length !== lines.length || rows.some((r, i) => r.text !== lines[i].text)) {
    console.log(`  ${c.name}: HTML lines no longer align with the golden rows; text only`);
    return undefined;
  }
  return { name: c.name + '#html', site: c.site, lines, labels: rows.map((r) => r.label) };
}

/**
 * The same golden case as a Markdown dump of its page (scripts/markdown-dumps.mjs): each line read
 * by MarkdownReader, labelled from the golden lines through a word diff. A line the diff leaves
 * unlabelled takes its labelled neighbours' label when they agree, and is left out when they do not
 * (fillUnlabelled). Undefined when the page is not available.
 */
function markdownCase(c, facts = markdownFacts) {
  const id = benchIds[c.name];
  if (!id) return undefined;
  let html;
  try {
    html = decodeHtml(gunzipSync(readFileSync(path.join(bench, 'html', `${id}.html.gz`)))).text;
  } catch {
    return undefined;
  }
  const mdLines = toMarkdown(html).split('\n');
  const derived = deriveLabels(c.lines.map((l, i) => ({ text: l.text, label: c.labels[i] })), mdLines);
  const labels = fillUnlabelled(derived);
  const reader = new MarkdownReader();
  const lines = [];
  const kept = [];
  // Whether each kept line's label came from the alignment itself (scripts/eval-markdown.mjs
  // scores only these), not from its neighbours.
  const aligned = [];
  mdLines.forEach((line, i) => {
    // Every line is read, kept or not: an open code fence is the reader's state.
    const read = facts ? reader.read(line) : { text: reader.text(line) };
    if (labels[i] === undefined) return;
    lines.push(read);
    kept.push(labels[i]);
    aligned.push(derived[i].label !== undefined);
  });
  return { name: c.name + '#md', site: c.site, lines, labels: kept, aligned };
}

/** A Markdown case as the labeller read Markdown before data/model-markdown.json: each line's visible text alone. */
const visibleOnly = (c) => ({ ...c, lines: c.lines.map((l) => ({ text: l.text })) });

function loadCases() {
  const cases = [];
  for (const f of readdirSync(path.join(root, 'seeds')).sort()) {
    const name = f.replace(/\.[^.]+$/, '');
    let golden;
    try {
      golden = parseGolden(readFileSync(path.join(root, 'golden', name + '.tsv'), 'utf8'), name);
    } catch {
      continue; // not labelled (yet)
    }
    const raw = readFileSync(path.join(root, 'seeds', f));
    const lines = /\.html?$/.test(f) ? htmlToLines(decodeHtml(raw).text) : golden.map((g) => ({ text: g.text }));
    cases.push({ name, site: name.replace(/-[0-9a-f]{8}$/, ''), lines, labels: golden.map((g) => g.label) });
  }
  return cases;
}

/** "kept 0.950 of N body lines": the share of an article-only document's lines labelled body. */
function articleKept(pairs) {
  const kept = pairs.filter((p) => p.got === 'body').length;
  return `kept ${(kept / pairs.length).toFixed(3)} of ${pairs.length} body lines as body`;
}

function evaluate(cases, model) {
  const pairs = [];
  for (const c of cases) labelDocument(c.lines, { model }).forEach((l, i) => pairs.push({ expected: c.labels[i], got: l.label }));
  return computeMetrics(pairs);
}

/**
 * The article alone, as a crawler that already extracted it (or a short record) hands it over:
 * a golden text case's body lines with nothing around them, all body. Whole-page dumps always
 * end in a footer, so a model fitted on them alone learned that a page's last prose line, with
 * nothing after it, is a disclaimer, and cut the last paragraph off such documents (and a lone
 * paragraph altogether). Two shapes per page: the whole body, and its longest line alone.
 */
function articleOnlyCases(c) {
  const body = c.lines.filter((_, i) => c.labels[i] === 'body');
  if (body.length === 0) return [];
  const longest = body.reduce((a, b) => (b.text.length > a.text.length ? b : a));
  const make = (suffix, lines) => ({ name: c.name + suffix, site: c.site, lines, labels: lines.map(() => 'body'), weight: articleWeight });
  return [make('#article', body), make('#paragraph', [longest])];
}

const textCases = loadCases();
const withArticleDocs = !args.includes('--no-article-docs');
// --article-weight W: how much each article-only document counts against a page (1 by default).
// Measured by 5-fold CV over the tuning sites (all lines / text lines, macro-F1 / body F1, share of
// article-only lines kept): 1 gave 0.773 / 0.875, 0.724 / 0.810, 0.915; 0.5 0.770 / 0.873, -, 0.902;
// 2 0.770 / 0.873, 0.722 / 0.810, 0.925 (session 10). 1 is the best whole-page CV keeping 0.90.
const articleWeight = args.includes('--article-weight') ? Number(args[args.indexOf('--article-weight') + 1]) : 1;
if (!(articleWeight > 0)) throw new Error('--article-weight needs a number above 0');
// With --markdown, the HTML pages too, for the CV's baseline (the joint model as `npm run train` fits it).
const baselineHtml = markdownOnly ? textCases.map(htmlCase).filter(Boolean) : [];
// --with-html: with --markdown, the HTML pages train the Markdown model too (their DOM facts are richer than the syntax's).
const withHtmlToo = markdownOnly && args.includes('--with-html');
const all = [...textCases, ...textCases.map(markdownOnly ? markdownCase : htmlCase).filter(Boolean), ...(withHtmlToo ? baselineHtml : [])];
const base = (c) => c.name.replace(/#.*$/, '');
// --with-text: with --markdown, the text dumps of the same pages train the Markdown model too.
const withText = args.includes('--with-text');
const formatOk = (c) => (htmlOnly ? c.name.endsWith('#html') : markdownOnly ? c.name.endsWith('#md') || (withText && isText(c)) || (withHtmlToo && c.name.endsWith('#html')) : true);
const tune = all.filter((c) => !heldout.has(base(c)) && formatOk(c));
const articleDocs = all.filter(formatOk).flatMap(articleOnlyCases);
/**
 * --cross-doc-cases: each page of a site with several golden pages once more, labelled with the
 * line counts of its site's pages in that format (one batch, as `check --cross-doc` makes it), so
 * the fit learns what a line repeated across a batch means (ctx_cross_doc) next to everything
 * else, instead of the feature keeping its prior alone. Sites are whole in every fold, so a
 * page's counts never come from a page of another fold.
 */
function crossDocCases(cases) {
  const bySite = new Map();
  for (const c of cases) {
    const key = c.site + (c.name.match(/#(html|md)$/)?.[0] ?? '');
    bySite.set(key, [...(bySite.get(key) ?? []), c]);
  }
  const out = [];
  for (const pages of bySite.values()) {
    if (pages.length < 2) continue;
    const sketch = new RepetitionSketch();
    for (const c of pages) {
      for (const l of c.lines) sketch.addLine(l.text);
      sketch.endDocument();
    }
    for (const c of pages) out.push({ ...c, name: c.name + '#crossdoc', repetition: sketch, weight: crossDocWeight });
  }
  return out;
}
const crossDocWeight = args.includes('--cross-doc-cases') ? Number(args[args.indexOf('--cross-doc-cases') + 1]) : 0;
const crossDocs = crossDocWeight > 0 ? crossDocCases(all.filter(formatOk)) : [];
/** An HTML case with every line's class/id hints removed: the same page with plain markup. */
const hintless = (c) => ({ ...c, name: c.name + '#nohints', lines: c.lines.map((l) => (l.dom ? { ...l, dom: { ...l.dom, hints: [] } } : l)) });
// --hintless-docs W: also train on each HTML page with its class/id hints removed, weighing W.
// Nearly every training page carries class hints, so a page with plain markup lost body lines
// (its last paragraph read as a bio, its byline as furniture). 5-fold CV over the tuning sites,
// HTML model, macro-F1 / body F1 on the pages as they are, then on the same pages hint-less
// (session 12): without 0.826 / 0.946, 0.765 / 0.916; W 0.15 0.826 / 0.947, 0.783 / 0.926;
// 0.3 0.828 / 0.949, 0.776 / 0.921; 0.5 0.827 / 0.947, 0.776 / 0.920; 1 0.821 / 0.945,
// 0.782 / 0.914 (session 11). Readability model, without and with 0.3: 0.826 / 0.946 and
// 0.824 / 0.948; hint-less 0.761 / 0.924 and 0.781 / 0.934. `npm run train` uses 0.3 for
// both HTML models: the best on the pages as they are, and better than none on hint-less pages.
const hintlessWeight = args.includes('--hintless-docs') ? Number(args[args.indexOf('--hintless-docs') + 1]) : 0;
const hintlessDocs = hintlessWeight > 0 ? all.filter((c) => c.name.endsWith('#html')).map((c) => ({ ...hintless(c), weight: hintlessWeight })) : [];
/**
 * --cropped-docs W: each page once more, cropped to a short whole page: the lines from the
 * CROP_BEFORE-th non-blank line before its first body line to the CROP_AFTER-th after its last,
 * labels as the golden file gives them, each weighing W. Whole pages are long, and the
 * article-only documents have nothing around the story, so no training document showed a short
 * page whose last paragraph is followed by a pitch and a copyright line; retrained models kept
 * flipping that paragraph to a disclaimer (session 13).
 */
const croppedWeight = args.includes('--cropped-docs') ? Number(args[args.indexOf('--cropped-docs') + 1]) : 0;
if (!(croppedWeight >= 0)) throw new Error('--cropped-docs needs a number, 0 or more');
const CROP_BEFORE = 3;
const CROP_AFTER = 2;
function croppedCase(c) {
  const isBody = (i) => c.labels[i] === 'body';
  const first = c.labels.findIndex((_, i) => isBody(i));
  if (first < 0) return [];
  let last = c.labels.length - 1;
  while (!isBody(last)) last--;
  let from = first;
  for (let seen = 0; from > 0 && seen < CROP_BEFORE; ) if (c.labels[--from] !== 'blank') seen++;
  let to = last;
  for (let seen = 0; to < c.labels.length - 1 && seen < CROP_AFTER; ) if (c.labels[++to] !== 'blank') seen++;
  if (from === 0 && to === c.labels.length - 1) return [];
  return [{ name: c.name + '#cropped', site: c.site, lines: c.lines.slice(from, to + 1), labels: c.labels.slice(from, to + 1), weight: croppedWeight }];
}
const croppedDocs = croppedWeight > 0 ? all.filter(formatOk).flatMap(croppedCase) : [];
/**
 * --markdown-docs W: the joint model also learns from each page's Markdown dump read as its visible
 * text (no syntax facts), each weighing W: the same pages cut into lines another way (images and
 * bare links as lines of their own, menus one item a line). Session 18, 5-fold CV over the tuning
 * sites, text lines after the smoothing layer (nested), macro-F1 / body F1: without 0.741 / 0.835,
 * W 1 0.736 / 0.832; not used.
 */
const markdownDocsWeight = args.includes('--markdown-docs') ? Number(args[args.indexOf('--markdown-docs') + 1]) : 0;
if (!(markdownDocsWeight >= 0)) throw new Error('--markdown-docs needs a number, 0 or more');
const markdownDocs = markdownDocsWeight > 0 && !singleFormat
  ? textCases.map((c) => markdownCase(c, false)).filter(Boolean).map((c) => ({ ...c, name: c.name.replace(/#md$/, '#mdtext'), weight: markdownDocsWeight }))
  : [];
/**
 * --probe-docs W: the probe folders' made-up pages (probe/<set>/seeds and golden, written by helper
 * sessions to break one stage or another, labelled by golden/README.md before any run) as more
 * training pages, each weighing W. Each page is a site of its own ("probe:<set>/<name>"), so no
 * CV fold ever scores one; they join every fold's fit. A folder whose README says its pages are
 * measured only (probe/unseen36) is never read here: it stays a measure of sites nobody designed on.
 */
const probeWeight = args.includes('--probe-docs') ? Number(args[args.indexOf('--probe-docs') + 1]) : 0;
if (!(probeWeight >= 0)) throw new Error('--probe-docs needs a number, 0 or more');
/**
 * The probe folders whose pages may train: each was used to design guards already, and its README
 * says it is no longer unseen. probe/unseen36 is not here and must never be: it measures sites
 * nobody designed on.
 */
const TRAINING_PROBES = ['about', 'genres', 'lists', 'mixed', 'rules36', 'social', 'teasers'];
function probeCases() {
  const out = [];
  for (const set of TRAINING_PROBES) {
    const dir = path.join(root, 'probe', set);
    for (const f of readdirSync(path.join(dir, 'seeds')).sort()) {
      if (!f.endsWith('.txt')) continue;
      const name = f.replace(/\.txt$/, '');
      const golden = parseGolden(readFileSync(path.join(dir, 'golden', name + '.tsv'), 'utf8'), name);
      out.push({ name: `probe:${set}/${name}`, site: `probe:${set}/${name}`, lines: golden.map((g) => ({ text: g.text })), labels: golden.map((g) => g.label), weight: probeWeight });
    }
  }
  return out;
}
const probeDocs = probeWeight > 0 && !singleFormat ? probeCases() : [];
if (probeDocs.length > 0) console.log(`probe pages: ${probeDocs.length}, each weighing ${probeWeight}`);
// --site-balance: each page of a site with n golden pages (in one format) counts 1/n.
if (args.includes('--site-balance')) {
  const pages = new Map();
  const key = (c) => c.site + (c.name.match(/#(html|md)$/)?.[0] ?? '');
  for (const c of tune) pages.set(key(c), (pages.get(key(c)) ?? 0) + 1);
  for (const c of tune) c.weight = 1 / pages.get(key(c));
}
// The cases a fit learns from: the tuning pages of the sites `keep` admits, and (unless
// --no-article-docs) their article-only documents.
const trainingCases = (keep = () => true) => [
  ...tune.filter(keep),
  ...(withArticleDocs ? articleDocs.filter((c) => !heldout.has(base(c)) && keep(c)) : []),
  ...crossDocs.filter((c) => !heldout.has(base(c)) && keep(c)),
  ...hintlessDocs.filter((c) => !heldout.has(base(c)) && keep(c)),
  ...croppedDocs.filter((c) => !heldout.has(base(c)) && keep(c)),
  ...markdownDocs.filter((c) => !heldout.has(base(c)) && keep(c)),
  // Never in a test fold (their sites are no tuning site's), so in every fold's fit.
  ...probeDocs,
];
const tuneArticle = articleDocs.filter((c) => !heldout.has(base(c)));
const heldArticle = articleDocs.filter((c) => heldout.has(base(c)));
const held = all.filter((c) => heldout.has(base(c)));
const heldText = held.filter(isText);
const heldMarkdown = held.filter((c) => c.name.endsWith('#md'));
const heldHtml = held.filter((c) => c.name.endsWith('#html'));
console.log(`cases: ${textCases.length} labelled pages (${all.length - textCases.length} also as ${markdownOnly ? 'Markdown dumps' : 'HTML'}); training on ${tune.length}, held out ${held.length}`);

// Pick the transition scale on the tuning split. The scale only weighs the transitions, so the
// linear model is fitted once and each scale gets its own transitions over the same weights.
let best;
const fitted = trainModel(trainingCases(), 0, fit, undefined, contextFit);
for (const scale of [0, 0.5, 1, 1.5]) {
  const model = { ...fitted.model, transitions: fitTransitions(fitted.sequences, scale) };
  const m = evaluate(tune, model);
  console.log(`scale ${scale}: tuning macro-F1 ${m.macroF1.toFixed(3)} body F1 ${m.bodyF1.toFixed(3)}`);
  if (!best || m.macroF1 > best.m.macroF1) best = { scale, model, m };
}
// Features the corpus never shows (ctx_cross_doc) keep their prior outright: trainModel fills them in.
const date = new Date().toISOString().slice(0, 10);
best.model.source = `npm run train on ${date}: ${tune.length} tuning cases (held-out excluded)${withArticleDocs ? ` and their ${tuneArticle.length} article-only documents` : ''}, transition scale ${best.scale}; L2 towards the priors of data/priors.json`;
// The labeller hands a model with this flag the Markdown syntax's facts (Model.markdown).
if (markdownOnly && markdownFacts) best.model.markdown = true;
const linearOnly = { ...best.model };
if (withTrees) {
  best.model.trees = fitModelTrees(trainingCases(), best.model, treeOptions);
  best.model.source += `; ${best.model.trees.trees.length / 4} rounds of boosted trees over ${best.model.trees.inputs.length} features`;
  best.m = evaluate(tune, best.model);
}

if (loso) {
  // --loso-shard K/N: only every N-th site from the K-th, so N processes can share the fits;
  // --loso-out FILE: each line's out-of-site label and final scores (JSONL), merged by
  // scripts/loso-merge.mjs, which also reports decision offsets chosen on the other sites.
  const sites = [...new Set(tune.map((c) => c.site))].filter((_, i) => i % shard[1] === shard[0] - 1);
  const pairs = [];
  const rows = [];
  for (const site of sites) {
    const model = fitAll(trainingCases((c) => c.site !== site), best.scale);
    for (const c of tune.filter((c) => c.site === site)) {
      const outs = stageOutputs(c, model);
      labelDocument(c.lines, { model }).forEach((l, i) => {
        pairs.push({ expected: c.labels[i], got: l.label });
        if (c.labels[i] !== 'blank' && !outs[i].blank) rows.push(JSON.stringify({ site, case: c.name, expected: c.labels[i], got: l.label, scores: CLASSES.map((k) => Number(outs[i].final[k].toFixed(3))) }));
      });
    }
    console.log(`  left out ${site}`);
  }
  if (losoOut) {
    writeFileSync(losoOut + '.tmp', rows.join('\n') + '\n');
    renameSync(losoOut + '.tmp', losoOut);
  }
  const part = shard[1] > 1 ? `, shard ${shard[0]}/${shard[1]}` : '';
  console.log('\n' + formatMetrics(`leave-one-site-out on the tuning split (${sites.length} sites${part})`, computeMetrics(pairs)));
}
if (cvFolds) {
  const order = (s) => createHash('sha1').update(s).digest('hex');
  const sites = [...new Set(tune.map((c) => c.site))].sort((a, b) => (order(a) < order(b) ? -1 : 1));
  const pairs = { markdown: [], markdownBaseline: [], markdownBaselineAligned: [], markdownAligned: [], all: [], text: [], linear: [], linearText: [], article: [], crossPlain: [], crossBatched: [], hintless: [], cropped: [] };
  // Out-of-fold final scores of every non-blank line, by fold: the decision offsets are chosen on them.
  const scored = Array.from({ length: cvFolds }, () => []);
  // The same scores by document, with each line's length, for the smoothing layer (smooth.ts).
  const oofDocs = Array.from({ length: cvFolds }, () => []);
  const outRows = cvOut !== undefined ? [] : undefined;
  const shareOrder = (s) => createHash('sha1').update(`${s}#share${shareSeed === '0' ? '' : shareSeed}`).digest('hex');
  const learnFrom = new Set([...sites].sort((a, b) => (shareOrder(a) < shareOrder(b) ? -1 : 1)).slice(0, Math.round(trainShare * sites.length)));
  if (trainShare < 1) console.log(`learning curve: each fit learns from ${learnFrom.size} of the ${sites.length} tuning sites (--train-share ${trainShare}), less its test fold's`);
  for (let k = 0; k < cvFolds; k++) {
    const test = new Set(sites.filter((_, i) => i % cvFolds === k));
    const model = fitAll(trainingCases((c) => !test.has(c.site) && learnFrom.has(c.site)), best.scale);
    if (markdownOnly) {
      // The baseline the Markdown model has to beat, as Markdown input was labelled before it: the
      // joint model (text dumps and HTML pages, and their article-only documents, as `npm run train`
      // fits data/model.json) fitted on the fold's sites, over each Markdown line's visible text.
      const jointTrain = [...all.filter(isText), ...baselineHtml].filter((c) => !heldout.has(base(c)) && !test.has(c.site));
      const jointModel = fitAll([...jointTrain, ...(withArticleDocs ? jointTrain.flatMap(articleOnlyCases) : [])], best.scale);
      for (const c of tune.filter((c) => test.has(c.site) && c.name.endsWith('#md'))) {
        labelDocument(visibleOnly(c).lines, { model: jointModel }).forEach((l, i) => {
          pairs.markdownBaseline.push({ expected: c.labels[i], got: l.label });
          if (c.aligned[i]) pairs.markdownBaselineAligned.push({ expected: c.labels[i], got: l.label });
        });
      }
    }
    const variants = withTrees ? [[model, 'all', 'text'], [{ ...model, trees: undefined }, 'linear', 'linearText']] : [[model, 'all', 'text']];
    for (const c of tuneArticle.filter((c) => test.has(c.site))) labelDocument(c.lines, { model }).forEach((l, i) => pairs.article.push({ expected: c.labels[i], got: l.label }));
    // The fold's text pages cropped to short whole pages (see --cropped-docs), labelled without a smoothing layer here.
    const foldCropped = tune.filter((c) => test.has(c.site) && isText(c)).flatMap(croppedCase);
    for (const c of foldCropped) labelDocument(c.lines, { model }).forEach((l, i) => pairs.cropped.push({ expected: c.labels[i], got: l.label }));
    // The fold's HTML pages with their class hints removed (a plain-markup page).
    for (const c of tune.filter((c) => test.has(c.site) && c.name.endsWith('#html'))) labelDocument(hintless(c).lines, { model }).forEach((l, i) => pairs.hintless.push({ expected: c.labels[i], got: l.label }));
    // The pages of multi-page sites, each alone and with its site's counts (as check --cross-doc).
    for (const c of crossDocCases(tune.filter((c) => test.has(c.site) && isText(c)))) {
      labelDocument(c.lines, { model }).forEach((l, i) => pairs.crossPlain.push({ expected: c.labels[i], got: l.label }));
      labelDocument(c.lines, { model, repetition: c.repetition }).forEach((l, i) => pairs.crossBatched.push({ expected: c.labels[i], got: l.label }));
    }
    for (const c of tune.filter((c) => test.has(c.site))) {
      // Final per-class scores (context and trees) of each line, for the out-of-fold file.
      const outs = stageOutputs(c, model);
      outs.forEach((o, i) => {
        if (!o.blank && c.labels[i] !== 'blank') scored[k].push({ expected: c.labels[i], scores: CLASSES.map((q) => o.final[q]), text: isText(c) });
      });
      const lines = outs.filter((o) => !o.blank);
      oofDocs[k].push({ name: c.name, site: c.site, scores: lines.map((o) => ({ ...o.final })), lenLog: lines.map((o) => o.features[F.len_log]), labels: outs.flatMap((o, i) => (o.blank ? [] : [c.labels[i]])), text: isText(c) });
      const finals = outRows ? outs.map((o) => CLASSES.map((q) => (o.blank ? 0 : o.final[q]).toFixed(3)).join('\t')) : [];
      for (const [m, all, text] of variants) {
        labelDocument(c.lines, { model: m }).forEach((l, i) => {
          const pair = { expected: c.labels[i], got: l.label };
          pairs[all].push(pair);
          if (isText(c)) pairs[text].push(pair);
          if (m === model && c.aligned !== undefined) pairs.markdown.push(pair);
          if (m === model && c.aligned?.[i]) pairs.markdownAligned.push(pair);
          if (outRows && m === model) outRows.push({ blank: outs[i].blank, cells: [c.name, i + 1, pair.expected, pair.got, finals[i], c.lines[i].text.replace(/[\t\n]/g, ' ')] });
        });
      }
    }
    // The fold's article-only documents, for the smoothing layer too: fitted on whole pages alone,
    // whose windows run past the document's end only at the footer, it learned that a line near
    // an end is a disclaimer, and turned a short record's paragraphs into one (session 12).
    for (const c of tuneArticle.filter((c) => test.has(c.site))) {
      const lines = stageOutputs(c, model).filter((o) => !o.blank);
      oofDocs[k].push({ name: c.name, site: c.site, scores: lines.map((o) => ({ ...o.final })), lenLog: lines.map((o) => o.features[F.len_log]), labels: lines.map(() => 'body'), text: isText(c), article: true, weight: c.weight * smoothArticleWeight });
    }
    // The fold's text pages cropped to short whole pages: reported before and after the layer,
    // and in its fit with --smooth-cropped-weight.
    for (const c of foldCropped) {
      const outs = stageOutputs(c, model);
      oofDocs[k].push({ name: c.name, site: c.site, scores: outs.filter((o) => !o.blank).map((o) => ({ ...o.final })), lenLog: outs.filter((o) => !o.blank).map((o) => o.features[F.len_log]), labels: outs.flatMap((o, i) => (o.blank ? [] : [c.labels[i]])), text: true, cropped: true, weight: smoothCroppedWeight });
    }
    console.log(`  fold ${k + 1}/${cvFolds}: ${test.size} sites`);
  }
  const title = `${cvFolds}-fold cross-validation over whole tuning sites (${sites.length})`;
  // Nested: each fold's lines decided with offsets chosen on the other folds' lines only.
  const nested = { all: [], text: [] };
  for (let k = 0; k < cvFolds; k++) {
    const o = chooseOffsets(scored.filter((_, j) => j !== k).flat());
    for (const line of scored[k]) {
      const pair = { expected: line.expected, got: labelWithOffsets(line.scores, o) };
      nested.all.push(pair);
      if (line.text) nested.text.push(pair);
    }
  }
  // The smoothing layer, nested the same way: fitted on the other folds' out-of-fold scores,
  // applied to this fold's. Kept, fitted on all of them, when it pays beyond noise (as offsets).
  const gain = (m) => m.macroF1 + m.bodyF1;
  const smoothPairs = { before: [], after: [], beforeText: [], afterText: [], articleBefore: [], articleAfter: [], croppedAfter: [] };
  const inSmoothingFit = (d) => !d.cropped || smoothCroppedWeight > 0;
  const smoothBySite = new Map();
  for (let k = 0; k < cvFolds; k++) {
    const table = denseTable(fitSmoothing(oofDocs.filter((_, j) => j !== k).flat().filter((d) => inSmoothingFit(d) && learnFrom.has(d.site)), smoothFit), SMOOTH_SCHEMA, 'smooth');
    for (const d of oofDocs[k]) {
      const smoothed = smoothDocument(table, documentProbs(d.scores), d.lenLog);
      d.smoothed = smoothed.map(argmax);
      d.smoothedScores = smoothed;
      d.labels.forEach((expected, i) => {
        if (expected === 'blank') return;
        const before = { expected, got: argmax(d.scores[i]) };
        const after = { expected, got: argmax(smoothed[i]) };
        if (d.cropped) {
          smoothPairs.croppedAfter.push(after);
          return;
        }
        if (d.article) {
          smoothPairs.articleBefore.push(before);
          smoothPairs.articleAfter.push(after);
          return;
        }
        smoothPairs.before.push(before);
        smoothPairs.after.push(after);
        if (d.text) smoothPairs.beforeText.push(before);
        if (d.text) smoothPairs.afterText.push(after);
        // By site, the lines the decision is judged on, for the paired interval printed with it.
        if (d.text !== singleFormat) {
          const site = caseSite(d.name.replace(/#.*$/, '')); // '#html', '#md' and the like off
          if (!smoothBySite.has(site)) smoothBySite.set(site, { site, a: [], b: [] });
          smoothBySite.get(site).a.push(before);
          smoothBySite.get(site).b.push(after);
        }
      });
    }
  }
  // Judged on the lines the model labels in use: the joint model labels text (HTML input has its
  // own models), so its HTML lines' figure says nothing about it. (Judged on all lines, session
  // 11's first run moved macro-F1 + body F1 by +0.003: -0.008 + 0.011, the loss on HTML lines.)
  const inUse = singleFormat ? ['after', 'before'] : ['afterText', 'beforeText'];
  if (outRows) {
    // Last columns: the label after a smoothing layer fitted on the other folds (nested), and its
    // four scores; '' on blank lines.
    const smoothedOf = new Map(oofDocs.flat().map((d) => [d.name, d]));
    const seen = new Map();
    for (const { blank, cells } of outRows) {
      const at = seen.get(cells[0]) ?? 0;
      if (!blank) seen.set(cells[0], at + 1);
      const d = smoothedOf.get(cells[0]);
      cells.push(blank ? '' : d.smoothed[at], ...CLASSES.map((q) => (blank ? '' : d.smoothedScores[at][q].toFixed(3))));
    }
    writeFileSync(cvOut + '.tmp', outRows.map((r) => r.cells.join('\t')).join('\n') + '\n');
    renameSync(cvOut + '.tmp', cvOut);
    console.log(`wrote ${outRows.length} out-of-fold labels to ${cvOut}`);
  }
  const smoothGain = gain(computeMetrics(smoothPairs[inUse[0]])) - gain(computeMetrics(smoothPairs[inUse[1]]));
  if (smoothGain >= OFFSET_MIN_GAIN) {
    best.model.smooth = fitSmoothing(oofDocs.flat().filter(inSmoothingFit), smoothFit);
    best.model.source += `; a smoothing layer fitted on the out-of-fold scores of ${cvFolds}-fold CV`;
  }
  console.log('\n' + formatMetrics(`${title}, no smoothing layer (out-of-fold scores), all lines`, computeMetrics(smoothPairs.before)));
  console.log('\n' + formatMetrics(`${title}, smoothing layer fitted on the other folds, all lines`, computeMetrics(smoothPairs.after)));
  if (smoothPairs.articleAfter.length) {
    const kept = (pairs) => pairs.filter((p) => p.got === 'body').length / pairs.length;
    console.log(`\n${title}, article-only documents: ${kept(smoothPairs.articleBefore).toFixed(3)} of ${smoothPairs.articleBefore.length} body lines kept before the smoothing layer, ${kept(smoothPairs.articleAfter).toFixed(3)} after it (nested)`);
  }
  if (smoothPairs.croppedAfter.length) console.log('\n' + formatMetrics(`${title}, text pages cropped to short whole pages, smoothing layer fitted on the other folds`, computeMetrics(smoothPairs.croppedAfter)));
  if (smoothPairs.afterText.length) {
    console.log('\n' + formatMetrics(`${title}, no smoothing layer, text lines`, computeMetrics(smoothPairs.beforeText)));
    console.log('\n' + formatMetrics(`${title}, smoothing layer fitted on the other folds, text lines`, computeMetrics(smoothPairs.afterText)));
  }
  console.log(
    best.model.smooth
      ? `\nsmoothing layer kept: nested CV macro-F1 + body F1 ${smoothGain >= 0 ? '+' : ''}${smoothGain.toFixed(3)} on ${htmlOnly ? 'HTML' : markdownOnly ? 'Markdown' : 'text'} lines`
      : `\nno smoothing layer: nested CV moved macro-F1 + body F1 by ${smoothGain >= 0 ? '+' : ''}${smoothGain.toFixed(3)} on ${htmlOnly ? 'HTML' : markdownOnly ? 'Markdown' : 'text'} lines, under ${OFFSET_MIN_GAIN}`,
  );
  // How sure that move is: the same lines before and after the layer, whole sites resampled
  // (src/interval.ts). Printed only; the rule above decides, as it did before this was measured.
  const paired = pairedSiteInterval(smoothBySite.values());
  if (paired !== undefined) {
    const f = (x) => (x >= 0 ? '+' : '') + x.toFixed(3);
    const show = (m) => `${f(m.difference)} (${Math.round(paired.level * 100)}% interval ${f(m.interval[0])} to ${f(m.interval[1])})`;
    console.log(`  paired over ${paired.sites} sites: macro-F1 ${show(paired.macroF1)}, body F1 ${show(paired.bodyF1)}`);
  }
  // Offsets: kept only when the nested figure shows they pay beyond noise (macro-F1 + body F1, all
  // lines), and never with a smoothing layer (they were chosen on the scores before it).
  const offsetGain = gain(computeMetrics(nested.all)) - gain(computeMetrics(pairs.all));
  const offsets = chooseOffsets(scored.flat());
  if (offsetGain >= OFFSET_MIN_GAIN && best.model.smooth === undefined) {
    best.model.offsets = offsets;
    best.model.source += `; decision offsets ${JSON.stringify(offsets)} chosen on the out-of-fold scores of ${cvFolds}-fold CV`;
  }
  console.log('\n' + formatMetrics(`${title}, all lines`, computeMetrics(pairs.all)));
  const hasText = pairs.text.length > 0; // none when training the HTML model
  if (hasText) console.log('\n' + formatMetrics(`${title}, text lines`, computeMetrics(pairs.text)));
  if (pairs.markdownBaseline.length) {
    console.log('\n' + formatMetrics(`${title}, Markdown lines as visible text, labelled by the joint model fitted on the fold's text and HTML pages (the baseline)`, computeMetrics(pairs.markdownBaseline)));
    console.log('\n' + formatMetrics(`${title}, Markdown lines, before the smoothing layer`, computeMetrics(pairs.markdown)));
    console.log('\n' + formatMetrics(`${title}, Markdown lines the alignment labelled itself (as eval-markdown.mjs scores), before the smoothing layer`, computeMetrics(pairs.markdownAligned)));
    console.log('\n' + formatMetrics(`${title}, the same lines, the baseline`, computeMetrics(pairs.markdownBaselineAligned)));
  }
  if (withTrees) console.log('\n' + formatMetrics(`${title}, the linear model alone, all lines`, computeMetrics(pairs.linear)));
  if (withTrees && hasText) console.log('\n' + formatMetrics(`${title}, the linear model alone, text lines`, computeMetrics(pairs.linearText)));
  console.log('\n' + formatMetrics(`${title}, with decision offsets chosen on the other folds, all lines`, computeMetrics(nested.all)));
  if (pairs.crossPlain.length) {
    console.log('\n' + formatMetrics(`${title}, text pages of multi-page sites, each alone`, computeMetrics(pairs.crossPlain)));
    console.log('\n' + formatMetrics(`${title}, the same pages with their site's line counts (--cross-doc)`, computeMetrics(pairs.crossBatched)));
  }
  if (pairs.hintless.length) console.log('\n' + formatMetrics(`${title}, HTML pages with their class/id hints removed`, computeMetrics(pairs.hintless)));
  if (pairs.cropped.length) console.log('\n' + formatMetrics(`${title}, text pages cropped to short whole pages (${CROP_BEFORE} lines before the body, ${CROP_AFTER} after), before the smoothing layer`, computeMetrics(pairs.cropped)));
  if (pairs.article.length) console.log(`\n${title}, article-only documents (the body lines of each page alone, and its longest one alone): ${articleKept(pairs.article)}`);
  if (hasText) console.log('\n' + formatMetrics(`${title}, with decision offsets chosen on the other folds, text lines`, computeMetrics(nested.text)));
  console.log(
    best.model.offsets
      ? `\ndecision offsets for the model, chosen on all out-of-fold scores: ${JSON.stringify(offsets)} (nested CV: macro-F1 + body F1 ${offsetGain >= 0 ? '+' : ''}${offsetGain.toFixed(3)})`
      : best.model.smooth
        ? `\nno decision offsets: the model has a smoothing layer (offsets chosen on the other folds would have moved macro-F1 + body F1 by ${offsetGain >= 0 ? '+' : ''}${offsetGain.toFixed(3)} before it)`
        : `\nno decision offsets: chosen on the other folds they moved macro-F1 + body F1 by ${offsetGain >= 0 ? '+' : ''}${offsetGain.toFixed(3)}, under ${OFFSET_MIN_GAIN} (would have been ${JSON.stringify(offsets)})`,
  );
  best.m = evaluate(tune, best.model);
} else {
  console.log('\nno --cv: the model gets no decision offsets (they are chosen on out-of-fold scores only)');
}
console.log('\n' + formatMetrics('learned model, tuning split (in-sample)', best.m));
if (held.length > 0) {
  // The HTML model never sees text lines in use, so its text figure would say nothing.
  if (!singleFormat) console.log('\n' + formatMetrics('learned model, HELD-OUT split, text lines', evaluate(heldText, best.model)));
  if (!singleFormat && withTrees) console.log('\n' + formatMetrics('the same without its trees, HELD-OUT split, text lines', evaluate(heldText, linearOnly)));
  if (heldHtml.length) console.log('\n' + formatMetrics('learned model, HELD-OUT split, same pages as HTML (DOM features)', evaluate(heldHtml, best.model)));
  if (heldHtml.length && withTrees) console.log('\n' + formatMetrics('the same without its trees, HELD-OUT split, HTML', evaluate(heldHtml, linearOnly)));
  // Plain markup: the held-out pages with every line's class/id hints removed (reported only, as the rest of the held-out split).
  if (heldHtml.length) console.log('\n' + formatMetrics('learned model, HELD-OUT split, HTML pages with their class/id hints removed', evaluate(heldHtml.map(hintless), best.model)));
  if (heldMarkdown.length) {
    console.log('\n' + formatMetrics('learned model, HELD-OUT split, same pages as Markdown dumps', evaluate(heldMarkdown, best.model)));
    if (withTrees) console.log('\n' + formatMetrics('the same without its trees, HELD-OUT split, Markdown', evaluate(heldMarkdown, linearOnly)));
    // What Markdown input had before this model: the joint text model over each line's visible text.
    console.log('\n' + formatMetrics('current data/model.json, HELD-OUT split, the same Markdown lines as visible text', evaluate(heldMarkdown.map(visibleOnly), defaultModel())));
  }
  if (htmlOnly) console.log('\n' + formatMetrics(`current data/${withReadability ? 'model-readability' : 'model-html'}.json, HELD-OUT split, HTML`, evaluate(heldHtml, withReadability ? readabilityModel() : htmlModel())));
  else if (!markdownOnly) console.log('\n' + formatMetrics('current data/model.json, HELD-OUT split, text lines', evaluate(heldText, defaultModel())));
  const kept = (model) => articleKept(heldArticle.flatMap((c) => labelDocument(c.lines, { model }).map((l, i) => ({ expected: c.labels[i], got: l.label }))));
  console.log(`\nHELD-OUT article-only documents: learned model ${kept(best.model)}; current model file ${kept(withReadability ? readabilityModel() : htmlOnly ? htmlModel() : defaultModel())}`);
}
if (!dry) {
  const file = path.join(root, withReadability ? 'data/model-readability.json' : htmlOnly ? 'data/model-html.json' : markdownOnly ? 'data/model-markdown.json' : 'data/model.json');
  writeFileSync(file + '.tmp', JSON.stringify(best.model, null, 1) + '\n');
  renameSync(file + '.tmp', file);
  console.log(`\nwrote ${file}`);
}
