/**
 * One input file through `clean` or `label`, whatever its format. Text
 * streams line by line; an HTML page is parsed whole; JSON and JSONL stream
 * record by record, each record's page handled as a whole document.
 */
import type { Label, LabelledLine } from '../types.js';
import type { InputFormat } from '../sniff.js';
import { labelByteBatches } from '../pipeline.js';
import { CleanStage } from '../clean.js';
import { labelHtml, processPage } from '../document.js';
import { decodeHtml } from '../html/charset.js';
import { readJsonArray, readJsonl, pickPage, toJsonlLine, type RecordEvent } from '../json/records.js';
import { RepetitionSketch, type RepetitionCounts } from '../repetition.js';
import type { SplitWarning } from '../split.js';
import { openInput, readAll, type InputFile } from './inputs.js';
import { countPage, warmUp, type WarmUpWindow } from './crossdoc.js';
import type { Sink } from './output.js';

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
  fields: readonly string[];
  encoding?: string;
  readability: boolean;
  repetition?: RepetitionCounts;
  /**
   * `--cross-doc` on stdin, which cannot be read twice: JSON/JSONL records are
   * counted into a fresh sketch through this warm-up window (src/cli/crossdoc.ts)
   * and labelled with it; `repetition` is then not used.
   */
  warmUp?: WarmUpWindow;
}

export interface FileResult {
  file: string;
  status: 'ok' | 'skipped' | 'failed';
  message?: string;
  bytesIn: number;
  records?: { ok: number; failed: number };
}

/** Which extension an output gets, by command and input format. */
export function outputExtension(command: RunOptions['command'], format: InputFormat): string {
  if (format === 'json' || format === 'jsonl') return '.jsonl';
  return command === 'label' ? '.tsv' : '.txt';
}

export type SinkFactory = (format: InputFormat) => Promise<Sink>;

export async function processFile(
  input: InputFile,
  makeSink: SinkFactory,
  opts: RunOptions,
  report: (message: string) => void,
): Promise<FileResult> {
  const file = input.path === '-' ? '<stdin>' : input.path;
  let opened;
  try {
    opened = await openInput(input, opts.format);
  } catch (e) {
    return { file, status: 'failed', message: `${file}: cannot read: ${(e as Error).message}`, bytesIn: 0 };
  }
  if (opened.format === 'binary') {
    return { file, status: 'skipped', message: `${file}: skipped: binary data (NUL byte in the first block)`, bytesIn: 0 };
  }
  let bytesIn = 0;
  const counted = (async function* () {
    for await (const chunk of opened.bytes) {
      bytesIn += chunk.length;
      yield chunk;
    }
  })();
  let sink: Sink | undefined;
  try {
    if (opts.warmUp && (opened.format === 'text' || opened.format === 'html')) {
      report(`${file}: --cross-doc counts lines across JSON/JSONL records; a ${opened.format} stream is one document, so the counts cannot apply to it`);
    }
    sink = await makeSink(opened.format);
    let records: FileResult['records'];
    if (opened.format === 'text') await runText(counted, sink, opts, file, report);
    else if (opened.format === 'html') await runHtml(counted, sink, opts, file);
    else records = await runRecords(counted, opened.format, sink, opts, file, report, () => bytesIn);
    await sink.commit();
    return { file, status: 'ok', bytesIn, records };
  } catch (e) {
    await sink?.abort();
    const err = e as Error;
    const msg = err.message.startsWith(file) ? err.message : `${file}: ${err.message}`;
    return { file, status: 'failed', message: msg, bytesIn };
  }
}

function row(line: LabelledLine, explain: boolean): string {
  return explain ? `${line.label}\t${line.text}\t${line.reason}\n` : `${line.label}\t${line.text}\n`;
}

async function runText(bytes: AsyncIterable<Uint8Array>, sink: Sink, opts: RunOptions, file: string, report: (m: string) => void): Promise<void> {
  const onWarning = (w: SplitWarning) => report(`${file}:${w.line}: warning: ${w.message} (byte ${w.offset})`);
  const clean = new CleanStage(opts.keep, opts.textOnly);
  const kept: string[] = [];
  // Reasons are only written with --explain: building them costs about a tenth of the time.
  for await (const batch of labelByteBatches(bytes, { onWarning, repetition: opts.repetition, reasons: opts.explain })) {
    let text = '';
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

async function runHtml(bytes: AsyncIterable<Uint8Array>, sink: Sink, opts: RunOptions, file: string): Promise<void> {
  const raw = await readAll(bytes, MAX_HTML_BYTES, file);
  const { text: html } = decodeHtml(raw, opts.encoding);
  const lines = labelHtml(html, { readability: opts.readability, repetition: opts.repetition, reasons: opts.explain });
  let out = '';
  if (opts.command === 'label') for (const line of lines) out += row(line, opts.explain);
  else {
    const clean = new CleanStage(opts.keep, opts.textOnly);
    const kept: string[] = [];
    for (const line of lines) clean.push(line, kept);
    for (const k of kept) out += k + '\n';
  }
  await sink.write(out);
}

async function runRecords(
  bytes: AsyncIterable<Uint8Array>,
  format: 'json' | 'jsonl',
  sink: Sink,
  opts: RunOptions,
  file: string,
  report: (m: string) => void,
  bytesRead: () => number,
): Promise<{ ok: number; failed: number }> {
  let events = format === 'jsonl' ? readJsonl(bytes, { file }) : readJsonArray(bytes, { file });
  let repetition = opts.repetition;
  if (opts.warmUp) {
    // Each record's page is counted as it arrives (as the first pass over a file would count it),
    // before that record, or the window it is part of, is labelled.
    const sketch = new RepetitionSketch();
    repetition = sketch;
    const count = (ev: RecordEvent): boolean => {
      if (ev.kind !== 'record') return false;
      const picked = pickPage(ev.value, opts.fields);
      if (!('page' in picked)) return false;
      countPage(sketch, picked.page);
      return true;
    };
    events = warmUp(events, count, opts.warmUp, bytesRead);
  }
  let ok = 0;
  let failed = 0;
  for await (const ev of events) {
    if (ev.kind === 'error') {
      failed += 1;
      report(`${ev.error.message}`);
      continue;
    }
    const picked = pickPage(ev.value, opts.fields);
    if ('error' in picked) {
      failed += 1;
      report(`${file}: record ${ev.index}${ev.line !== undefined ? ` (line ${ev.line})` : ''}: ${picked.error}`);
      continue;
    }
    const result = processPage(picked.page, { keep: opts.keep, textOnly: opts.textOnly, readability: opts.readability, repetition, reasons: opts.explain });
    const record = { ...(ev.value as Record<string, unknown>) };
    record.text = result.text;
    if (opts.textOnly) {
      // The headline, standfirst and byline left out of `text` are not lost: they get fields of their own.
      const headline = result.lines.find((l) => l.role === 'headline');
      const standfirst = result.lines.filter((l) => l.role === 'standfirst').map((l) => l.text.trim());
      const byline = result.lines.filter((l) => l.role === 'byline').map((l) => l.text.trim());
      if (headline !== undefined) record.title = headline.text.trim();
      if (standfirst.length > 0) record.standfirst = standfirst.join('\n');
      if (byline.length > 0) record.byline = byline.join(' ');
    }
    record.confidence = result.confidence;
    if (opts.labels || opts.command === 'label') {
      record.labels = result.lines.map((l) => {
        const entry: Record<string, string> = { label: l.label, text: l.text };
        if (l.role !== undefined) entry.role = l.role;
        if (opts.explain) entry.reason = l.reason;
        return entry;
      });
    }
    await sink.write(toJsonlLine(record));
    ok += 1;
  }
  return { ok, failed };
}

