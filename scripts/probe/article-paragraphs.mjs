#!/usr/bin/env node
// Does the HTML model keep the paragraphs of an <article> on pages of plain markup, unlike the
// benchmark's? Session 31, after QA pass 20 found the last paragraph of such a page labelled an
// advertisement. The pages in made-up-html/ were written by the QA passes 18 and 20 (made up, no
// real site's text); they are not golden files and are never trained on. Counted: every line of
// a <p> with 8 or more words inside an <article> and not in a <footer> or <aside>, and whether
// labelHtml calls it body. Lines it does not (comments, an affiliate note, rightly) are listed.
// Usage: npm run build && node scripts/probe/article-paragraphs.mjs [DIST_DIR (default dist)]
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const root = path.resolve(import.meta.dirname, '../..');
const dist = path.resolve(process.argv[2] ?? path.join(root, 'dist'));
const { htmlToLines } = await import(pathToFileURL(path.join(dist, 'html/lines.js')).href);
const { labelHtml } = await import(pathToFileURL(path.join(dist, 'document.js')).href);
const pages = path.join(import.meta.dirname, 'made-up-html');
let total = 0;
let kept = 0;
for (const file of readdirSync(pages).filter((f) => f.endsWith('.html')).sort()) {
  const html = readFileSync(path.join(pages, file), 'utf8');
  const lines = htmlToLines(html);
  const labelled = labelHtml(html);
  const lost = [];
  lines.forEach((line, i) => {
    const d = line.dom;
    if (!(d.inArticle && d.tag === 'p' && !d.inFooter && !d.inAside && line.text.split(/\s+/).length >= 8)) return;
    total += 1;
    if (labelled[i].label === 'body') kept += 1;
    else lost.push(`${labelled[i].label}: ${line.text.slice(0, 60)}`);
  });
  for (const l of lost) console.log(`${file}\t${l}`);
}
console.log(`${kept} of ${total} article paragraphs labelled body`);
