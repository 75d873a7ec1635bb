#!/usr/bin/env node
// Prints the lines htmlToLines finds in HTML pages, one per line: the text a
// scraper would dump, e.g. to build a plain-text corpus from benchmark pages.
//
//   npm run build
//   node scripts/dump-html-lines.mjs [--blank-between] [--charset NAME] page.html[.gz] ...
//
// --blank-between  an empty line between blocks (lines split only by <br> stay together)
// --charset NAME   charset to use unless the page starts with a byte order mark
// --readability    prefix each line with "R\t" or "-\t": inside Readability's article or not
//
// Gzip input is recognised by its magic bytes, whatever the file is called.
// With several files, each file's lines follow the previous file's, separated
// by an empty line when --blank-between is given.
// Reads the compiled library from dist/ (or from $BOILERSTRIP_DIST, a
// directory holding the same layout, for a private build).
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

const usage = 'usage: dump-html-lines.mjs [--blank-between] [--readability] [--charset NAME] FILE...';

let args;
try {
  args = parseArgs({
    allowPositionals: true,
    options: {
      'blank-between': { type: 'boolean', default: false },
      readability: { type: 'boolean', default: false },
      charset: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
} catch (err) {
  console.error(`${err.message}\n${usage}`);
  process.exit(2);
}
if (args.values.help || args.positionals.length === 0) {
  (args.values.help ? console.log : console.error)(usage);
  process.exit(args.values.help ? 0 : 2);
}

const dist = process.env.BOILERSTRIP_DIST
  ? pathToFileURL(resolve(process.env.BOILERSTRIP_DIST) + '/')
  : new URL('../dist/', import.meta.url);
let lib;
try {
  const [lines, charset] = await Promise.all([import(new URL('html/lines.js', dist).href), import(new URL('html/charset.js', dist).href)]);
  lib = { ...lines, ...charset };
} catch (err) {
  console.error(`cannot load the library from ${dist.pathname} (run \`npm run build\` first): ${err.message}`);
  process.exit(1);
}

// `| head` closes the pipe early; that is not an error.
process.stdout.on('error', (err) => {
  if (err.code === 'EPIPE') process.exit(0);
  throw err;
});

const blankBetween = args.values['blank-between'];
let status = 0;
for (const [i, file] of args.positionals.entries()) {
  let bytes;
  try {
    bytes = readFileSync(file);
    if (bytes[0] === 0x1f && bytes[1] === 0x8b) bytes = gunzipSync(bytes);
  } catch (err) {
    console.error(`${file}: ${err.message}`);
    status = 1;
    continue;
  }
  const { text } = lib.decodeHtml(bytes, args.values.charset);
  const blocks = lib.htmlToLineBlocks(text, { readability: args.values.readability });
  const show = (line) =>
    args.values.readability ? `${line.dom.inReadability ? 'R' : '-'}\t${line.text}` : line.text;
  const out = blocks.map((block) => block.map(show).join('\n'));
  if (out.length === 0) continue;
  if (i > 0 && blankBetween) process.stdout.write('\n');
  process.stdout.write(out.join(blankBetween ? '\n\n' : '\n') + '\n');
}
process.exitCode = status;
