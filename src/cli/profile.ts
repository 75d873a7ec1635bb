/**
 * `boilerstrip profile`: the first pass of two over a batch. Counts, per
 * normalised line, how many documents contain it, in a fixed-size sketch,
 * and saves it for `--profile` in the second pass (or on other machines:
 * the profile is a plain file, so shards of a distributed job share it).
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { MAX_SITE_PAIR_SLOTS, MIN_SITE_DOCUMENTS, RepetitionSketch } from '../repetition.js';
import { MIN_REPEAT_DOCUMENTS } from '../context.js';
import { countedWith } from './crossdoc.js';
import { splitLines } from '../split.js';
import { decodeHtml } from '../html/charset.js';
import { pickPage, DEFAULT_PAGE_FIELDS } from '../json/records.js';
import { DEFAULT_SITE_FIELDS } from '../json/page.js';
import { recordSource } from './records.js';
import { recordSite } from '../json/page.js';
import { htmlSite } from '../html/site.js';
import { recordPosition } from '../json/events.js';
import { MarkdownReader } from '../markdown.js';
import { looksLikeHtml, type InputFormat } from '../sniff.js';
import type { PageFormat } from '../document.js';
import { htmlToLines } from '../html/lines.js';
import { expandInputs, openInput, readAll, withoutRepeats, type InputFile } from './inputs.js';
import { entryPaths, inputEntries, outputFolderProblem } from './output.js';
import { MAX_HTML_BYTES, flagsNotForWarc } from './process.js';
import { formatMessage, oneLine } from '../errors.js';
import { trackTemp, untrackTemp } from './interrupt.js';

/**
 * A Markdown line as the labeller looks it up: its visible text; a fenced code block's line is
 * handed to the stages as a blank line (Labeller.push) and never looked up, so it is counted as
 * one (not at all), not as keys the labelling pass never asks for.
 */
function markdownKey(reader: MarkdownReader, line: string): string {
  const text = reader.text(line);
  return reader.inCode ? '' : text;
}

/**
 * Count one page (HTML or text) into the sketch as one document, read as the labelling pass
 * reads it (`processPage`): `pageFormat` forces the format, `'auto'` sniffs it. `site` (a record's,
 * recordSite) counts it among that site's documents too.
 */
export function countPage(sketch: RepetitionSketch, page: string, pageFormat: PageFormat = 'auto', site?: string, sites = true): void {
  const html = pageFormat === 'auto' ? looksLikeHtml(page) : pageFormat === 'html';
  // An HTML page without a record's url names its site in its canonical address.
  if (!sites) site = undefined;
  else site ??= html ? htmlSite(page) : undefined;
  // An empty page has no lines (labelText('') gives none) and is no document, as an empty file
  // is not: counted, it would make every line's share of the documents look smaller.
  const lines = html ? htmlToLines(page).map((l) => l.text) : page === '' ? [] : page.split(/\r\n|\r|\n/);
  if (lines.length === 0) return;
  // The labeller looks a Markdown line up by its visible text (the Labeller's `markdown`).
  if (pageFormat === 'markdown') {
    const reader = new MarkdownReader();
    for (let i = 0; i < lines.length; i++) lines[i] = markdownKey(reader, lines[i]!);
  }
  for (const l of lines) sketch.addLine(l);
  sketch.endDocument(site);
}

/**
 * The site of a record's page: the record's url (recordSite), else, for an HTML page, its
 * canonical address (htmlSite): where the labelling pass looks, as countPage counted it.
 */
export function pageSite(record: unknown, page: string, pageFormat: PageFormat, siteFields?: readonly string[]): string | undefined {
  const site = recordSite(record, siteFields);
  if (site !== undefined) return site;
  return (pageFormat === 'auto' ? looksLikeHtml(page) : pageFormat === 'html') ? htmlSite(page) : undefined;
}

/** Said when records were counted and none named its site. */
export function noSites(fields: readonly string[] = DEFAULT_SITE_FIELDS): string {
  return `note: no record named its page's address in ${fields.join(', ')} (or an HTML page in its canonical link), so lines are counted across the run only, not per site; --site-field NAME reads another field`;
}

/** Said when the per-site table filled up while counting (profile, --cross-doc's first pass). */
export const SITE_TABLE_FULL = `note: the counts per site filled their table (${MAX_SITE_PAIR_SLOTS} slots): the sites counted in part are labelled with the run's counts, where a line repeated on a site's pages may go unmarked; profile the sites apart to count them all`;

/** How the inputs are read: as `--format`, `--field`, `--records` and `--encoding` make `clean` and `label` read them. */
export interface ProfileReadOptions {
  /** @default DEFAULT_PAGE_FIELDS */
  fields?: readonly string[];
  /** The records are the elements of the array at this dotted path in each JSON/JSONL document (`--records`). */
  records?: string;
  /** @default by extension, then by content */
  format?: InputFormat;
  /** Charset of HTML pages, over their <meta> (not over a BOM). */
  encoding?: string;
  /** What the page inside each JSON/JSONL record is (`--page-format`). @default 'auto' */
  pageFormat?: PageFormat;
  /** Where a record's address is, for its site (`--site-field`). @default DEFAULT_SITE_FIELDS */
  siteFields?: readonly string[];
  /** Count lines per site as well as across the run; false (`--no-site-counts`) counts across the run only. @default true */
  siteCounts?: boolean;
  /**
   * Prints a skipped binary file and each bad record, with the messages `clean` prints. The
   * `--cross-doc` pass leaves it out: its labelling pass reports the same inputs again.
   */
  report?: (message: string) => void;
}

/**
 * `boilerstrip profile`. Exits 1 when an input failed or had bad records (as `clean` does), and
 * when nothing was counted: a profile of no documents would change nothing, silently, in every
 * run given it, so it is not written. Exits 2, before reading any input, when `out` is a folder
 * (or empty, or ends in a path separator), names one of the inputs, or its folder cannot be
 * made or written in.
 */
export async function buildProfile(args: string[], out: string, read: Omit<ProfileReadOptions, 'report'> = {}): Promise<number> {
  const report = (m: string) => process.stderr.write(`boilerstrip: ${oneLine(m)}\n`);
  // Before the counting pass, which can take hours: a place the profile cannot be written was
  // found only once it was done, and then as an internal error with a stack trace.
  if ((await fs.stat(out).catch(() => undefined))?.isDirectory()) {
    report(`-o ${out} is a folder; profile -o takes the name of the profile file to write`);
    return 2;
  }
  // Names that cannot be a file: they were counted, then failed to be written (exit 3).
  if (out === '') {
    report('-o is empty; profile -o takes the name of the profile file to write');
    return 2;
  }
  if (out.endsWith('/') || out.endsWith(path.sep)) {
    report(`-o ${out} names a folder (it ends in ${out.at(-1)}); profile -o takes the name of the profile file to write`);
    return 2;
  }
  const problem = await outputFolderProblem(path.dirname(out));
  if (problem !== undefined) {
    report(`cannot write the profile ${out}: ${problem}`);
    return 2;
  }
  const inputs = withoutRepeats(await expandInputs(args), report);
  // The profile is renamed over whatever -o names: one of the inputs was replaced by it.
  const entry = entryPaths();
  const overwritten = inputs.find((i) => i.path !== '-' && inputEntries(entry, i.path, i.link).includes(entry(out)));
  if (overwritten !== undefined) {
    report(`-o ${out} is one of the inputs (${overwritten.path}); profile -o takes the name of a new profile file`);
    return 2;
  }
  const result = await profileInputs(inputs, { ...read, report });
  const { sketch, failed } = result;
  if (sketch.documents === 0) {
    const why = result.badRecords > 0 ? ` (${result.badRecords} bad record${result.badRecords === 1 ? '' : 's'}: is the page in another field? --field NAME reads it)` : '';
    report(`no documents counted in ${args.map((a) => (a === '-' ? '<stdin>' : a)).join(', ')}${why}; ${out} not written`);
    return 1;
  }
  sketch.countedWith = countedWith(read);
  await writeProfile(sketch, out);
  const sites =
    sketch.sites > 0
      ? ` (${sketch.sites} site${sketch.sites === 1 ? '' : 's'} named by a url or canonical link, ${sketch.sitesCounted} of them with ${MIN_SITE_DOCUMENTS} or more pages, labelled with their own counts)`
      : '';
  let line = `profile of ${sketch.documents} document${sketch.documents === 1 ? '' : 's'}${sites} written to ${out}`;
  // Said: 2,000 records read and "profile of 182 documents" would look like records lost.
  if (sketch.copies > 0) line += `; ${sketch.copies} cop${sketch.copies === 1 ? 'y' : 'ies'} of a document counted before left out`;
  if (result.skipped > 0) line += `; ${result.skipped} file${result.skipped === 1 ? '' : 's'} skipped`;
  if (result.badRecords > 0) line += `; ${result.badRecords} bad record${result.badRecords === 1 ? '' : 's'} not counted`;
  // As clean ends its run: the failures that make it exit 1 are said on its last lines, not only above.
  if (failed > 0) line += `; ${failed} file${failed === 1 ? '' : 's'} failed`;
  report(line);
  // Written all the same, as asked, but counts are used from MIN_REPEAT_DOCUMENTS documents on
  // (context.ts), as --cross-doc says of a batch of one (QA pass 8: written without a word).
  if (sketch.documents < MIN_REPEAT_DOCUMENTS) {
    report(`warning: counts are used from ${MIN_REPEAT_DOCUMENTS} documents on, so a profile of ${sketch.documents} document marks nothing; count several pages of the site`);
  }
  if (sketch.sitePairsFull) report(SITE_TABLE_FULL);
  // Said, not left to be found out: records whose address is under another name are counted across the run only.
  if (result.records > 0 && sketch.sites === 0 && read.siteCounts !== false) report(noSites(read.siteFields));
  for (const file of result.failedFiles) report(`failed: ${file}`);
  return failed > 0 || result.badRecords > 0 ? 1 : 0;
}

/** Write a profile atomically (temporary name, then rename). */
export async function writeProfile(sketch: RepetitionSketch, out: string): Promise<void> {
  await fs.mkdir(path.dirname(path.resolve(out)), { recursive: true });
  const tmp = `${out}.${process.pid}.tmp`;
  trackTemp(tmp); // an interrupted run removes it (interrupt.ts)
  try {
    await fs.writeFile(tmp, sketch.toBuffer());
    await fs.rename(tmp, out);
  } catch (e) {
    await fs.rm(tmp, { force: true });
    throw e;
  } finally {
    untrackTemp(tmp);
  }
}

/**
 * First pass: count every input's lines into a fresh sketch, each text file, HTML page or JSON
 * record one document. Unreadable inputs are reported and counted in `failed`; binary files
 * (`skipped`) and bad records (`badRecords`) are left out, and reported through `report`.
 */
export async function profileInputs(
  inputs: readonly InputFile[],
  { fields = DEFAULT_PAGE_FIELDS, records, format, encoding, pageFormat, siteFields, siteCounts = true, report }: ProfileReadOptions = {},
): Promise<{ sketch: RepetitionSketch; failed: number; failedFiles: string[]; skipped: number; badRecords: number; records: number }> {
  const sketch = new RepetitionSketch();
  let failed = 0;
  const failedFiles: string[] = [];
  let skipped = 0;
  let badRecords = 0;
  /** Record pages counted (JSON, JSONL, web archives), to say when none of them named its site. */
  let recordPages = 0;
  for (const input of inputs) {
    const file = input.path === '-' ? '<stdin>' : input.path;
    try {
      if (input.error !== undefined) throw new Error(input.error);
      // As processFile reads it: UTF-16 (a BOM, or --encoding utf-16*) is turned into UTF-8 here,
      // and the bytes are then decoded as that.
      const opened = await openInput(input, format, encoding);
      const charset = opened.utf16 !== undefined || opened.legacy !== undefined ? 'utf-8' : encoding;
      if (opened.format === 'binary') {
        skipped += 1;
        report?.(`${file}: skipped: binary data (NUL byte in the first block)`);
        continue;
      }
      if (opened.format === 'text' || opened.format === 'markdown') {
        // An empty input (empty stdin, an empty file) has no lines, and is no document: counted,
        // it would make every line's share of the documents look smaller.
        let lines = 0;
        const reader = opened.format === 'markdown' ? new MarkdownReader() : undefined;
        for await (const batch of splitLines(opened.bytes)) {
          for (const l of batch) sketch.addLine(reader === undefined ? l : markdownKey(reader, l));
          lines += batch.length;
        }
        if (lines > 0) sketch.endDocument();
      } else if (opened.format === 'html') {
        // An HTML file is labelled as HTML whatever a sniff of its text would say: counted so too.
        countPage(sketch, decodeHtml(await readAll(opened.bytes, MAX_HTML_BYTES, file), charset).text, 'html', undefined, siteCounts);
      } else {
        // As clean says it (process.ts): a web archive's page is where its record type puts it.
        const ignored = opened.format === 'warc' ? flagsNotForWarc(file, [fields !== DEFAULT_PAGE_FIELDS ? '--field' : '', records !== undefined ? '--records' : '', siteFields !== undefined ? '--site-field' : '']) : undefined;
        if (ignored !== undefined) report?.(ignored);
        const source = recordSource(opened.bytes, opened.format, { file, records, fields, pageFormat, encoding });
        for await (const ev of source.events) {
          if (ev.kind === 'error') {
            badRecords += 1;
            report?.(ev.error.message);
            continue;
          }
          const picked = pickPage(ev.value, source.fields);
          if ('page' in picked) {
            countPage(sketch, picked.page, source.pageFormatOf(ev, picked.field), recordSite(ev.value, opened.format === 'warc' ? undefined : siteFields), siteCounts);
            recordPages += 1;
          } else {
            badRecords += 1;
            report?.(formatMessage(picked.error, recordPosition(file, ev)));
          }
        }
      }
    } catch (e) {
      // What a text input read before it failed is no document (clean fails that file too).
      sketch.discardDocument();
      failed += 1;
      failedFiles.push(file);
      const message = (e as Error).message;
      // Through `report`, as the bad records are: --cross-doc's first pass leaves it out, and its
      // labelling pass reports the file's failure; written here as well, it was said twice (QA pass 17).
      report?.(message.startsWith(file) ? message : `${file}: ${message}`);
    }
  }
  return { sketch, failed, failedFiles, skipped, badRecords, records: recordPages };
}
