// The golden web pages as a scraper that writes Markdown dumps them, with each Markdown line's
// label derived from the page's hand-labelled golden lines. Used by scripts/eval-markdown.mjs
// (to measure) and scripts/train.mjs --markdown (to fit data/model-markdown.json).
import TurndownService from 'turndown';
import { NodeHtmlMarkdown } from 'node-html-markdown';
import { diffArrays } from 'diff';

/** The elements no converter writes out: they are not the page's text. */
const DROPPED = ['script', 'style', 'noscript', 'template'];

/**
 * A scraper's Markdown of a whole page, scripts and styles dropped. `headingStyle` 'atx' (`# Title`)
 * is what Firecrawl and crawl4ai write; turndown's own default, and so any tool that keeps it, is
 * 'setext' (the title, then a line of `=` or `-`). `converter`: 'turndown' (what the Markdown model
 * was fitted on), or 'node-html-markdown', another converter whose Markdown the model never saw
 * (its own escaping, spacing, list markers and link handling), to measure the model on a flavour
 * it was not fitted on.
 */
export function toMarkdown(html, { headingStyle = 'atx', converter = 'turndown' } = {}) {
  if (converter === 'node-html-markdown') return NodeHtmlMarkdown.translate(html, { ignore: DROPPED, codeBlockStyle: 'fenced' });
  if (converter !== 'turndown') throw new Error(`unknown converter "${converter}" (turndown or node-html-markdown)`);
  const td = new TurndownService({ headingStyle, codeBlockStyle: 'fenced', bulletListMarker: '*' });
  td.remove(DROPPED);
  return td.turndown(html);
}

/** Words of a line, lower case; in Markdown, images dropped and links read as their text. */
function words(text, markdown) {
  let s = text;
  if (markdown) s = s.replace(/!\[[^\]]*\]\([^)]*\)/g, ' ').replace(/\]\([^)]*\)/g, ' ');
  return s.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
}

/**
 * Each Markdown line's derived label and purity. The golden file's words and the Markdown line's
 * words (link and image syntax taken out) are aligned by a word diff (jsdiff), and a Markdown line
 * takes the label most of its aligned words carry. A blank line is 'blank'; a line none of whose
 * words align (an image, a bare link, alt text the golden dump does not hold) gets no label
 * (undefined). Purity is the share of the line's aligned words that carry its label.
 */
export function deriveLabels(golden, mdLines) {
  const gw = [];
  const gl = [];
  for (const row of golden) {
    if (row.label === 'blank') continue;
    for (const w of words(row.text, false)) { gw.push(w); gl.push(row.label); }
  }
  const mw = [];
  const ml = [];
  mdLines.forEach((line, i) => { for (const w of words(line, true)) { mw.push(w); ml.push(i); } });
  const votes = mdLines.map(() => ({}));
  let gi = 0;
  let mi = 0;
  for (const part of diffArrays(gw, mw)) {
    if (part.added) { mi += part.count; continue; }
    if (part.removed) { gi += part.count; continue; }
    for (let k = 0; k < part.count; k++) {
      const v = votes[ml[mi + k]];
      v[gl[gi + k]] = (v[gl[gi + k]] ?? 0) + 1;
    }
    gi += part.count;
    mi += part.count;
  }
  return mdLines.map((line, i) => {
    if (line.trim() === '') return { label: 'blank', purity: 1 };
    const v = votes[i];
    let best;
    let n = 0;
    for (const [label, c] of Object.entries(v)) { n += c; if (best === undefined || c > v[best]) best = label; }
    return best === undefined ? { label: undefined, purity: 0 } : { label: best, purity: v[best] / n };
  });
}

/**
 * Labels for training: a line the alignment left without a label (an image, a bare link) takes
 * the label of the labelled lines around it when the nearest one before and the nearest one after
 * agree (an image between two paragraphs of the story is the story's; an icon in a menu is the
 * menu's), and stays undefined otherwise, for the caller to leave out. At a page's edge the one
 * neighbour there is decides.
 */
export function fillUnlabelled(derived) {
  const labels = derived.map((d) => d.label);
  const known = (l) => l !== undefined && l !== 'blank';
  const before = [];
  let last;
  for (let i = 0; i < labels.length; i++) {
    before.push(last);
    if (known(labels[i])) last = labels[i];
  }
  let next;
  const out = labels.slice();
  for (let i = labels.length - 1; i >= 0; i--) {
    if (labels[i] === undefined) {
      const a = before[i];
      if (a === undefined || next === undefined || a === next) out[i] = a ?? next;
    }
    if (known(labels[i])) next = labels[i];
  }
  return out;
}
