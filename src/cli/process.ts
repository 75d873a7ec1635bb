/**
 * One input file through `clean` or `label`, whatever its format. Text
 * streams line by line; an HTML page is parsed whole; JSON and JSONL stream
 * record by record, each record's page handled as a whole document.
 */
import type { ContentLabel, Label, LabelledLine } from '../types.js';
// Not from document.js, which would load the HTML parser into a text-only batch's every thread.
import { ConfidenceMeter } from '../confidence.js';
import { formatFromName, type InputFormat } from '../sniff.js';
import type { PageFormat } from '../document.js';
import { labelByteBatches } from '../pipeline.js';
import { CleanStage } from '../clean.js';
import type { RepetitionCounts } from '../repetition.js';
import type { SplitWarning } from '../split.js';
import { ERR_GZIP_CORRUPT, ERR_GZIP_TRUNCATED, openInput, type InputFile } from './inputs.js';
import path from 'node:path';
import { BoilerstripError, formatMessage } from '../errors.js';
import type { WarmUpWindow } from './crossdoc.js';
import type { Sink } from './output.js';
import { relieveHeap } from './memory.js';

/**
 * Largest HTML page parsed, in bytes. Pages are parsed whole; past this a
 * "page" is not an article a person would read.
 * @default 67108864 (64 MiB)
 */
export const MAX_HTML_BYTES = 64 << 20;

export interface RunOptions {
  command: 'clean' | 'label';
  keep: readonly Label[];
  /** `clean`: keep the story's running text only (no headline, byline or captions). */
  textOnly?: boolean;
  explain: boolean;
  /** JSON output of `clean`: include per-line labels. */
  labels: boolean;
  format?: InputFormat;
  /** JSON/JSONL: what each record's page is taken for (`--page-format`); default: sniffed per record. */
  pageFormat?: PageFormat;
  fields: readonly string[];
  /** JSON/JSONL: the fields a record's address is read from, for its site (`--site-field`); default DEFAULT_SITE_FIELDS. */
  siteFields?: readonly string[];
  /** Label with the counts of a page's site where the run has them; false (`--no-site-counts`) with the run's alone. @default true */
  siteCounts?: boolean;
  /** JSON/JSONL: the records are the elements of the array at this dotted path in each document (`--records`, `ReadOptions.records`). */
  records?: string;
  encoding?: string;
  readability: boolean;
  /**
   * Apply the rules (src/rules.ts) after the model; false (`--no-rules`) gives the
   * model's labels alone. Passed on as `LabelOptions.rules`, which resolves the default.
   * @default true
   */
  rules?: boolean;
  /**
   * `--fast`: text lines (text files and the text of JSON records) are labelled by the fast model
   * (LabelOptions.fast); Markdown and HTML keep their models. The CLI refuses it with the options
   * the fast model does not read (`--no-rules`, `--cross-doc`, `--profile`).
   */
  fast?: boolean;
  repetition?: RepetitionCounts;
  /**
   * `--cross-doc` on stdin, which cannot be read twice: JSON/JSONL records are
   * counted into a fresh sketch through this warm-up window (src/cli/crossdoc.ts)
   * and labelled with it; `repetition` is then not used.
   */
  warmUp?: WarmUpWindow;
  /**
   * JSON/JSONL: write a record that cannot be cleaned (malformed, no page field, a page that is
   * not a string) to the output in its place, with an `error` field, so output records stay one
   * per input record; such records then do not fail the run (they are in the output, and on stderr).
   */
  passBadRecords?: boolean;
  /** JSON/JSONL: put before the names of the fields boilerstrip writes (`text`, `confidence`, ...). @default '' */
  outputPrefix?: string;
  /**
   * The flags given that only records use (`--records`, `--field`, `--page-format`, `--labels`,
   * `--pass-bad-records`, `--output-prefix`), named in a warning on a text, Markdown or HTML input.
   */
  recordFlags?: readonly string[];
  /**
   * Count each text or HTML document's lines by label and measure its confidence, for `--report`
   * (the JSON/JSONL paths give confidence per record in their output). Off by default: the text
   * path would count every line's words a second time for nobody.
   */
  stats?: boolean;
}

/** What `stats` gives for a text or HTML document: lines by label (blank lines left out) and its confidence. */
export interface DocumentStats {
  labels: Record<ContentLabel, number>;
  /** 0..1, as `processPage` gives it (src/document.ts). */
  confidence: number;
}

/** Counts lines by label and feeds the confidence meter, one labelled line at a time. */
export class StatsMeter {
  private readonly counts: Record<ContentLabel, number> = { body: 0, navigation: 0, advertisement: 0, disclaimer: 0 };
  private readonly meter = new ConfidenceMeter();
  add(line: LabelledLine): void {
    if (line.label === 'blank') return;
    this.counts[line.label] += 1;
    this.meter.add(line);
  }
  get value(): DocumentStats {
    return { labels: { ...this.counts }, confidence: this.meter.value };
  }
}

export interface FileResult {
  file: string;
  status: 'ok' | 'skipped' | 'failed';
  message?: string;
  bytesIn: number;
  /** JSON/JSONL: records cleaned, records that could not be, and how many of those were written through (--pass-bad-records). */
  records?: { ok: number; failed: number; passed: number };
  /** The format the input was read as (by extension, content or --format), once it was opened. */
  format?: InputFormat;
  /** Text and HTML inputs under `RunOptions.stats`: lines by label and the document's confidence. */
  stats?: DocumentStats;
  /** The output was committed (renamed into place, or written out to stdout): also true of a JSON/JSONL input cut short, whose records before the cut are kept. */
  written?: boolean;
}

/**
 * Which extension an output gets, by command and input format. A `.txt` input read as Markdown
 * (a reader's envelope opens it: sniffFormat) keeps `.txt`: the name it came with says what the
 * user keeps it as, and the clash check (outputExtensions in main.ts) knows outputs from names.
 * @param inputName the input's path, when it has one
 */
export function outputExtension(command: RunOptions['command'], format: InputFormat, inputName?: string): string {
  if (format === 'json' || format === 'jsonl' || format === 'warc') return '.jsonl';
  if (command === 'label') return '.tsv';
  // Cleaned Markdown is still Markdown: the kept lines go out as they came, syntax and all.
  return format === 'markdown' && (inputName === undefined || formatFromName(inputName) !== 'text') ? '.md' : '.txt';
}

export type SinkFactory = (format: InputFormat) => Promise<Sink>;

/**
 * A progress callback for {@link processFile}'s `onBytes` that passes the bytes read so far on
 * to `report` at most once every `ms` milliseconds: a file is read in 64 KiB chunks, and a
 * progress bar or a message per chunk would cost more than it shows.
 */
export function everyMs(ms: number, report: (bytesSoFar: number) => void): (bytesSoFar: number) => void {
  let last = performance.now();
  return (bytes) => {
    const now = performance.now();
    if (now - last < ms) return;
    last = now;
    report(bytes);
  };
}

/** The warning for `--field` / `--records` given for a web archive, whose records its reader makes; undefined when neither was given. */
export function flagsNotForWarc(file: string, given: readonly string[]): string | undefined {
  const names = given.filter((f) => f === '--field' || f === '--records' || f === '--site-field');
  if (names.length === 0) return undefined;
  return `${file}: warning: ${names.join(' and ')} ${names.length === 1 ? 'does' : 'do'} not apply to a web archive: each page is read from the record that holds it (a WET conversion, an HTTP response, a resource)`;
}

/**
 * What of a file that failed part-way was written: "the 3 records read before the cut are
 * written", and the bad ones written through (--pass-bad-records), which are in the output too.
 */
function keptBefore(records: FileResult['records'], before: string): string {
  const kept = records?.ok ?? 0;
  const through = records?.passed ?? 0;
  const also = through > 0 ? `, with ${through} bad one${through === 1 ? '' : 's'} written through` : '';
  return `the ${kept} record${kept === 1 ? '' : 's'} read before ${before} ${kept === 1 ? 'is' : 'are'} written${also}`;
}

export async function processFile(
  input: InputFile,
  makeSink: SinkFactory,
  opts: RunOptions,
  report: (message: string) => void,
  onBytes?: (bytesSoFar: number) => void,
): Promise<FileResult> {
  const file = input.path === '-' ? '<stdin>' : input.path;
  /**
   * A file that fails before it is read (a broken link, a small .gz whose data is corrupt, which
   * is undone whole when opened): the output an earlier run wrote for it no longer matches it
   * and is removed, as for a file that fails part-way (QA pass 15: it was kept). Its place is
   * the one its name's format gives (or --format's); an input whose name gives none has none.
   */
  const failedBeforeReading = async (message: string, format?: InputFormat): Promise<FileResult> => {
    const named = opts.format ?? (input.path === '-' ? undefined : formatFromName(input.path));
    const stale = named === undefined ? undefined : await (await makeSink(named)).abort();
    return { file, status: 'failed', message: stale === undefined ? message : `${message}; ${stale}`, bytesIn: 0, ...(format !== undefined && { format }) };
  };
  if (input.error !== undefined) return failedBeforeReading(`${file}: ${input.error}`);
  let opened;
  try {
    opened = await openInput(input, opts.format, opts.encoding);
  } catch (e) {
    const message = (e as Error).message;
    // The opener's own errors (gzip) already name the file.
    return failedBeforeReading(message.startsWith(file) ? message : `${file}: cannot read: ${message}`);
  }
  if (opened.compressed !== undefined) {
    // Not "binary": the user gave a compressed file (a .warc.zst) and needs to know what to do.
    const tool = opened.compressed;
    return failedBeforeReading(`${file}: compressed with ${tool}, which this program does not undo: decompress it first (${tool} -dc ${input.path === '-' ? 'FILE' : path.basename(input.path)} | boilerstrip clean -), or recompress it with gzip`, 'binary');
  }
  if (opened.format === 'binary') {
    // A binary file among a folder's pages is passed over; binary data piped in is all there
    // is, and it is not in the output: a failure, not a skip with exit 0.
    if (input.path === '-') return { file, status: 'failed', message: `${file}: binary data (NUL byte in the first block): not read`, bytesIn: 0, format: 'binary' };
    // Skipped, it has no output: one an earlier run wrote for it, when it was text, is removed (QA pass 17).
    const { message, format } = await failedBeforeReading(`${file}: skipped: binary data (NUL byte in the first block)`, 'binary');
    return { file, status: 'skipped', message, bytesIn: 0, format };
  }
  if (opts.format === undefined && input.path !== '-' && opened.format === 'json' && formatFromName(input.path) === 'jsonl') {
    report(`${file}: warning: not JSON Lines: it opens with an array, or with a value over several lines (pretty-printed), so it is read as JSON`);
  }
  if (opened.nameMisleads !== undefined) report(`${file}: warning: ${opened.nameMisleads}`);
  let bytesIn = 0;
  // A .gz cut short ends a JSON/JSONL input where the cut is: the records before it are whole
  // and each is a line of its own in the output, so they are kept (see the README); a text or
  // HTML document cut short is not labelled at all. A .gz whose data is corrupt is not kept:
  // inflate can turn damaged bytes into plausible text before it notices (64 bytes of 0xff in
  // the middle of a JSONL stream gave record 193 twice, both valid JSON, ahead of the data
  // error), so the records read before the error cannot be trusted as the cut's can.
  // (Session 16, measured by hand; the stream's CRC, which would say, comes only at its end.)
  const keepBeforeCut = opened.format === 'json' || opened.format === 'jsonl' || opened.format === 'warc';
  // A web archive's records are gzip members each checked by its own CRC, and a record comes out
  // only once its whole block has arrived: damage shows as a bad record or a stop, so the records
  // before corrupt data are kept as those before a cut are (QA pass 13: all were thrown away).
  const keepBeforeCorrupt = opened.format === 'warc';
  let cut: BoilerstripError | undefined;
  const counted = (async function* () {
    try {
      for await (const chunk of opened.bytes) {
        bytesIn += chunk.length;
        onBytes?.(opened.rawRead());
        yield chunk;
      }
    } catch (e) {
      if (!keepBeforeCut || !(e instanceof BoilerstripError) || !(e.code === ERR_GZIP_TRUNCATED || (keepBeforeCorrupt && e.code === ERR_GZIP_CORRUPT))) throw e;
      cut = e;
    }
  })();
  // UTF-16 and legacy-charset input comes as UTF-8 (openInput converted it): --encoding no longer applies to its bytes.
  const runOpts: RunOptions = opened.utf16 !== undefined || opened.legacy !== undefined ? { ...opts, encoding: 'utf-8' } : opts;
  let sink: Sink | undefined;
  try {
    if (opts.warmUp && (opened.format === 'text' || opened.format === 'markdown' || opened.format === 'html')) {
      report(`${file}: --cross-doc counts lines across JSON/JSONL records; a ${opened.format} stream is one document, so the counts cannot apply to it`);
    }
    const recordFlags = opts.recordFlags ?? [];
    if (recordFlags.length > 0 && (opened.format === 'text' || opened.format === 'markdown' || opened.format === 'html')) {
      // Said, not silently dropped: a user who gave such a flag expected records from this input.
      const names = recordFlags.length === 1 ? recordFlags[0]! : `${recordFlags.slice(0, -1).join(', ')} and ${recordFlags.at(-1)!}`;
      const they = recordFlags.length === 1 ? ['is', 'it does'] : ['are', 'they do'];
      report(`${file}: warning: ${names} ${they[0]} for JSON/JSONL records; a ${opened.format} file is one document, so ${they[1]} not apply`);
    }
    // A web archive's records are made by its reader: the page is where the record type puts it.
    const ignored = opened.format === 'warc' ? flagsNotForWarc(file, recordFlags) : undefined;
    if (ignored !== undefined) report(ignored);
    sink = await makeSink(opened.format);
    let records: FileResult['records'];
    const meter = opts.stats && (opened.format === 'text' || opened.format === 'markdown' || opened.format === 'html') ? new StatsMeter() : undefined;
    if (opened.format === 'text' || opened.format === 'markdown') await runText(counted, sink, runOpts, file, report, meter, opened.format === 'markdown');
    else if (opened.format === 'html') await (await pages()).runHtml(counted, sink, runOpts, file, report, meter);
    let stopped: string | undefined;
    if (opened.format === 'json' || opened.format === 'jsonl' || opened.format === 'warc') {
      const r = await (await pages()).runRecords(counted, opened.format, sink, runOpts, file, report, () => bytesIn);
      records = { ok: r.ok, failed: r.failed, passed: r.passed };
      stopped = r.stopped;
    }
    if ((cut !== undefined || stopped !== undefined) && (records?.ok ?? 0) + (records?.passed ?? 0) === 0) {
      // Cut or stopped before its first record ended: an empty output would read as a file that
      // held no records, and the one an earlier run wrote no longer matches (QA pass 17).
      const stale = await sink.abort();
      const why = cut?.message ?? stopped!;
      const before = cut === undefined ? 'it' : cut.code === ERR_GZIP_CORRUPT ? 'the damaged data' : 'the cut';
      return { file, status: 'failed', message: `${why}; no record was read before ${before}, so no output is written${stale === undefined ? '' : `; ${stale}`}`, bytesIn, records, format: opened.format };
    }
    await sink.commit();
    const badUtf16 = opened.invalidUtf16At?.();
    if (badUtf16 !== undefined) report(`${file}: warning: not valid UTF-16: an unpaired surrogate became U+FFFD (byte ${badUtf16}, counted in the UTF-16 input)`);
    const oddUtf16 = opened.oddUtf16ByteAt?.();
    const badLegacy = opened.invalidLegacyAt?.();
    if (badLegacy !== undefined) report(`${file}: warning: not valid ${opened.legacy}, the charset --encoding names: bytes it does not have became U+FFFD (${badLegacy.exact ? '' : 'at or after '}byte ${badLegacy.byte}, counted in the ${opened.legacy} input)`);
    if (oddUtf16 !== undefined) report(`${file}: warning: not valid UTF-16: it ends with half a code unit, which became U+FFFD (byte ${oddUtf16}, counted in the UTF-16 input)`);
    if (cut !== undefined) {
      return { file, status: 'failed', message: `${cut.message}; ${keptBefore(records, cut.code === ERR_GZIP_CORRUPT ? 'the damaged data' : 'the cut')}`, bytesIn, records, format: opened.format, written: true };
    }
    if (stopped !== undefined) {
      // The reader stopped before the end (a JSON document cut off): the file failed, as a .gz
      // cut short does, and the records before the stop are written (QA pass 15: it was "ok"
      // in --report and "cleaned" in the summary while the rest was never read).
      return { file, status: 'failed', message: `${stopped}; ${keptBefore(records, 'it')}`, bytesIn, records, format: opened.format, written: true };
    }
    const stats = meter?.value;
    return { file, status: 'ok', bytesIn, records, format: opened.format, written: true, ...(stats !== undefined && { stats }) };
  } catch (e) {
    const stale = await sink?.abort();
    const err = e as Error;
    const msg = (err.message.startsWith(file) ? err.message : `${file}: ${err.message}`) + (stale === undefined ? '' : `; ${stale}`);
    return { file, status: 'failed', message: msg, bytesIn, format: opened.format };
  }
}

/**
 * {@link processFile} for one file of a batch, on any thread: processFile reports its own
 * failures, so anything thrown past it is a bug, and it should fail this one file, not the
 * thread and the files after it (a batch goes on past a bad file).
 */
export async function processBatchFile(...args: Parameters<typeof processFile>): Promise<FileResult> {
  try {
    return await processFile(...args);
  } catch (e) {
    const input = args[0];
    return { file: input.path, status: 'failed', message: `${input.path}: ${(e as Error).message}`, bytesIn: 0 };
  } finally {
    // Between files, as between records (memory.ts): a large HTML file must not leave the heap's
    // next collection set far above what the files after it need.
    relieveHeap();
  }
}

/**
 * The HTML and JSON paths (src/cli/pages.ts), loaded on the first such file: they bring in
 * the HTML parser and the JSON streamer, ~0.2 s of module loading that a thread of a batch of
 * text files (each batch worker loads its own modules) would pay for nothing.
 */
function pages(): Promise<typeof import('./pages.js')> {
  return import('./pages.js');
}

/** A labelled line as a `label` output row. */
export function row(line: LabelledLine, explain: boolean): string {
  return explain ? `${line.label}\t${line.text}\t${line.reason}\n` : `${line.label}\t${line.text}\n`;
}

async function runText(bytes: AsyncIterable<Uint8Array>, sink: Sink, opts: RunOptions, file: string, report: (m: string) => void, meter: StatsMeter | undefined, markdown: boolean): Promise<void> {
  const onWarning = (w: SplitWarning) => report(formatMessage(`warning: ${w.reason}`, { file, line: w.line, offset: w.offset }));
  const clean = new CleanStage(opts.keep, opts.textOnly);
  const kept: string[] = [];
  // Reasons are only written with --explain: building them costs about a third of the time.
  // --fast is for plain text: a Markdown file keeps the Markdown model, which reads its syntax.
  const labelOptions = opts.fast && !markdown ? { onWarning, reasons: opts.explain, fast: true } : { onWarning, repetition: opts.repetition, reasons: opts.explain, rules: opts.rules, markdown };
  for await (const batch of labelByteBatches(bytes, labelOptions)) {
    let text = '';
    if (meter) for (const line of batch) meter.add(line);
    if (opts.command === 'label') {
      for (const line of batch) text += row(line, opts.explain);
    } else {
      for (const line of batch) clean.push(line, kept);
      for (const k of kept) text += k + '\n';
      kept.length = 0;
    }
    if (text) await sink.write(text);
  }
}
