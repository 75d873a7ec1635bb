/**
 * The HTML and JSON/JSONL paths of `clean` and `label` on one input
 * (see processFile in src/cli/process.ts, which loads this module only when
 * an input is HTML or JSON: the HTML parser and the JSON streamer cost a
 * text-only run ~0.2 s of loading per thread).
 */
import { CleanStage } from '../clean.js';
import { labelHtml, processPage } from '../document.js';
import { decodeHtml } from '../html/charset.js';
import { pickPage, toJsonlLine, type RecordEvent } from '../json/records.js';
import { isPlainObject, recordSite } from '../json/page.js';
import { recordPosition } from '../json/events.js';
import { headlineText } from '../roles.js';
import { RepetitionSketch, countsForSite } from '../repetition.js';
import { htmlSite } from '../html/site.js';
import { readAll } from './inputs.js';
import { warmUp } from './crossdoc.js';
import { countPage, pageSite } from './profile.js';
import type { Sink } from './output.js';
import { MAX_HTML_BYTES, row, type RunOptions, type StatsMeter } from './process.js';
import { relieveHeap } from './memory.js';
import { formatMessage, type Position } from '../errors.js';
import type { WarcPageCounts, WarcPageEvent } from '../warc/pages.js';
import { recordSource } from './records.js';

/** A record whose output JSON.stringify cannot make (runRecords): it cannot be written through either. */
/**
 * Repeated keys named in a record's warning; the rest are counted. 50,000 of them made one
 * warning line of 489 KB.
 * @default 10
 */
export const REPEATED_KEYS_NAMED = 10;

/** `"a", "b" and 3 more keys`: the first REPEATED_KEYS_NAMED keys, quoted, then a count of the others. */
function namedKeys(keys: readonly string[]): string {
  const shown = keys.slice(0, REPEATED_KEYS_NAMED).map((k) => JSON.stringify(k)).join(', ');
  const rest = keys.length - REPEATED_KEYS_NAMED;
  return rest > 0 ? `${shown} and ${rest} more key${rest === 1 ? '' : 's'}` : shown;
}

class UnwritableRecord extends Error {}

/**
 * Kinds of records named in a web archive's summary of the records that hold no page; the rest are counted.
 * @default 6
 */
export const PASSED_OVER_KINDS_NAMED = 6;

/** `2040 WARC records hold no page, passed over: request 1000, metadata 1000, response 404 30, ...`, most frequent first. */
export function passedOverSummary(counts: WarcPageCounts): string {
  const total = [...counts.values()].reduce((a, b) => a + b, 0);
  const kinds = [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  const named = kinds.slice(0, PASSED_OVER_KINDS_NAMED).map(([kind, n]) => `${kind} ${n}`);
  const rest = kinds.length - PASSED_OVER_KINDS_NAMED;
  if (rest > 0) named.push(`${rest} more kind${rest === 1 ? '' : 's'}`);
  return `${total} WARC record${total === 1 ? '' : 's'} hold${total === 1 ? 's' : ''} no page, passed over (${named.join(', ')})`;
}

export async function runHtml(bytes: AsyncIterable<Uint8Array>, sink: Sink, opts: RunOptions, file: string, report: (m: string) => void, meter?: StatsMeter): Promise<void> {
  const raw = await readAll(bytes, MAX_HTML_BYTES, file);
  const { text: html, encoding, invalid, unknownCharset, invalidAsNamed } = decodeHtml(raw, opts.encoding);
  // A <meta> naming a charset no decoder knows is not "no charset declared": say which it named.
  if (invalid && unknownCharset !== undefined) report(`${file}: warning: not valid UTF-8, and its <meta> names a charset this program cannot decode ('${unknownCharset}'): invalid bytes became U+FFFD; give the page's charset with --encoding NAME`);
  else if (invalid) report(`${file}: warning: not valid UTF-8 and no charset declared (no BOM, no <meta>, no --encoding): invalid bytes became U+FFFD; give the page's charset with --encoding NAME`);
  else if (invalidAsNamed !== undefined) {
    const { by, offset } = invalidAsNamed;
    const what = by === 'bom' ? 'its byte order mark' : by === 'meta' ? 'its <meta>' : '--encoding';
    const where = offset === undefined ? '' : ` (byte ${offset})`;
    // Given --encoding, the user chose it: the hint would only repeat it back.
    report(`${file}: warning: not valid ${encoding}, the charset ${what} names: invalid bytes became U+FFFD${where}${by === 'override' ? '' : "; give the page's charset with --encoding NAME"}`);
  }
  // A page names its site in its canonical address: counted and labelled with that site's counts.
  const lines = labelHtml(html, { readability: opts.readability, repetition: countsForSite(opts.repetition, () => htmlSite(html)), reasons: opts.explain, rules: opts.rules, onWarning: (m) => report(`${file}: warning: ${m}`) });
  if (meter) for (const line of lines) meter.add(line);
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

export async function runRecords(
  bytes: AsyncIterable<Uint8Array>,
  format: 'json' | 'jsonl' | 'warc',
  sink: Sink,
  opts: RunOptions,
  file: string,
  report: (m: string) => void,
  bytesRead: () => number,
): Promise<{ ok: number; failed: number; passed: number; stopped?: string }> {
  const { records } = opts;
  const passedOver: WarcPageCounts = new Map();
  const source = recordSource(bytes, format, { file, records, fields: opts.fields, pageFormat: opts.pageFormat, encoding: opts.encoding, onWarning: report, passedOver });
  let events = source.events;
  const { fields, pageFormatOf } = source;
  // A web archive's records are the reader's, their address under `url`.
  const siteFields = format === 'warc' ? undefined : opts.siteFields;
  let repetition = opts.repetition;
  if (opts.warmUp) {
    // Each record's page is counted as it arrives (as the first pass over a file would count it),
    // before that record, or the window it is part of, is labelled.
    const sketch = new RepetitionSketch();
    repetition = sketch;
    const count = (ev: RecordEvent): boolean => {
      if (ev.kind !== 'record') return false;
      const picked = pickPage(ev.value, fields);
      if (!('page' in picked)) return false;
      countPage(sketch, picked.page, pageFormatOf(ev, picked.field), recordSite(ev.value, siteFields), opts.siteCounts !== false);
      return true;
    };
    events = warmUp(events, count, opts.warmUp, bytesRead);
  }
  let ok = 0;
  let failed = 0;
  let passed = 0;
  /** The error that stopped the reader (a JSON document cut off, a web archive ending inside a record): the file's failure, said by processFile. */
  let stopped: string | undefined;
  const prefix = opts.outputPrefix ?? '';
  /** Output fields already warned about in this file (a warning per record would bury the rest). */
  const warned = new Set<string>();
  /**
   * Set one of the fields boilerstrip writes. A record's own field of that name is replaced:
   * said once per file, with the way out (`--output-prefix`), rather than lost in silence.
   */
  const put = (record: Record<string, unknown>, name: string, value: unknown, where: Position, hint = '', page?: string): void => {
    const key = prefix + name;
    // The page's own field, cleaned in place, is what was asked for: no warning.
    if (record[key] !== undefined && key !== page && !warned.has(key)) {
      warned.add(key);
      report(formatMessage(`warning: its own "${key}" field is replaced by boilerstrip's (so are those of later records)${hint}; --output-prefix P writes boilerstrip's fields as P${name}, ...`, where));
    }
    record[key] = value;
  };
  /**
   * `--pass-bad-records`: a record that cannot be cleaned is written in its place, with the
   * reason; a JSONL line that is not JSON keeps its text under `raw`, and a value that is not
   * an object (a big number too: it is held as a JsonNumber) goes under `record`.
   */
  const passBad = async (value: unknown, message: string, where: Position, raw?: string): Promise<void> => {
    const record: Record<string, unknown> =
      raw !== undefined ? { [prefix + 'raw']: raw } : isPlainObject(value) ? { ...value } : value === undefined ? {} : { [prefix + 'record']: value };
    put(record, 'error', message, where);
    let line: string;
    try {
      line = toJsonlLine(record);
    } catch (e) {
      // The record itself cannot be written as JSON (nested past the stack): its row says so and
      // holds the error alone, so the rows stay one to a record (QA pass 22: the throw failed the
      // whole input there, the records after it unread).
      line = toJsonlLine({ [prefix + 'error']: `${message}; the record itself is not written back: it cannot be written as JSON (${stringifyFailure(e)})` });
    }
    await sink.write(line);
    passed += 1;
  };
  /** A record's place: its file, line, byte and index, for messages. */
  const placeOf = (ev: { index: number; line?: number; offset?: number }): Position => recordPosition(file, ev);
  /** A record's output line: its page cleaned, boilerstrip's fields set. Throws for a record that cannot be cleaned or written. */
  const cleanRecord = (ev: RecordEvent & { kind: 'record' }, picked: { page: string; field: string }): string => {
    const result = processPage(picked.page, {
      keep: opts.keep,
      textOnly: opts.textOnly,
      readability: opts.readability,
      // The counts of the record's site when the run has several of its pages; else the run's.
      repetition: countsForSite(repetition, () => pageSite(ev.value, picked.page, pageFormatOf(ev, picked.field), siteFields)),
      reasons: opts.explain,
      // --fast: the rules are not the fast model's (a text page takes it; an HTML one its HTML model).
      rules: opts.fast ? undefined : opts.rules,
      fast: opts.fast || undefined,
      pageFormat: pageFormatOf(ev, picked.field),
      onWarning: (m) => report(formatMessage(`warning: ${m}`, placeOf(ev))),
    });
    const record = { ...(ev.value as Record<string, unknown>) };
    // A web archive's page field is the reader's holder for the page, not a field of the user's to
    // keep beside boilerstrip's: with --output-prefix it carried the raw page into every output record.
    if (format === 'warc') delete record[picked.field];
    put(record, 'text', result.text, placeOf(ev), ` by the clean body of "${picked.field}"; --field ${prefix}text reads it instead`, picked.field);
    if (opts.textOnly) {
      // The parts left out of `text` are not lost: they get fields of their own. A field the
      // record already has is the crawler's and stays; the part is then left out (with a warning).
      const title = headlineText(result.lines);
      const parts: Record<string, string[]> = { title: title === undefined ? [] : [title], standfirst: [], byline: [], captions: [] };
      for (const l of result.lines) {
        if (l.label !== 'body') continue;
        // Fields beside the body are plain text: a Markdown page's title is its heading's text, not `# ...`.
        const text = (l.visibleText ?? l.text).trim();
        if (l.role === 'standfirst') parts.standfirst!.push(text);
        else if (l.role === 'byline') parts.byline!.push(text);
        else if (l.role === 'caption') parts.captions!.push(text);
      }
      for (const [name, values] of Object.entries(parts)) {
        if (values.length === 0) continue;
        const key = prefix + name;
        // null or blank is a crawler's empty field (a title selector that found nothing): filled.
        // Kept, the part was in neither that field nor `text`.
        const own = record[key];
        if (own !== undefined && own !== null && !(typeof own === 'string' && own.trim() === '')) {
          if (!warned.has(key)) {
            warned.add(key);
            report(formatMessage(`warning: it has a "${key}" field of its own, kept; the ${name} --text-only found is not written (said once for this file: the same holds for later records that have one)`, placeOf(ev)));
          }
          continue;
        }
        record[key] = values.join(name === 'byline' ? ' ' : '\n');
      }
    }
    put(record, 'confidence', result.confidence, placeOf(ev));
    if (opts.labels || opts.command === 'label') {
      put(record, 'labels', result.lines.map((l) => {
        const entry: Record<string, string> = { label: l.label, text: l.text };
        if (l.role !== undefined) entry.role = l.role;
        if (opts.explain) entry.reason = l.reason;
        return entry;
      }), placeOf(ev));
    }
    try {
      return toJsonlLine(record);
    } catch (e) {
      throw new UnwritableRecord(`cannot be written back as JSON (${stringifyFailure(e)})`);
    }
  };
  for await (const ev of events) {
    if (ev.kind === 'error') {
      failed += 1;
      const message = ev.final ? `${ev.error.message}; the rest of the input was not read` : ev.error.message;
      if (ev.final) stopped = message;
      else report(message);
      // Records after a stop were never read, so not written: the file fails (processFile), written through or not.
      if (opts.passBadRecords) await passBad(ev.fields, message, placeOf(ev), ev.raw);
      continue;
    }
    if (ev.invalidUtf8At !== undefined) report(formatMessage('warning: invalid UTF-8, replaced with U+FFFD', { ...placeOf(ev), offset: ev.invalidUtf8At }));
    for (const note of (ev as Partial<WarcPageEvent>).notes ?? []) report(formatMessage(`warning: ${note}`, placeOf(ev)));
    if (ev.repeatedKeys !== undefined) report(formatMessage(`warning: it names ${namedKeys(ev.repeatedKeys)} more than once; only the last value of each is read (and written)`, placeOf(ev)));
    const picked = pickPage(ev.value, fields);
    if ('error' in picked) {
      failed += 1;
      const message = formatMessage(picked.error, placeOf(ev));
      report(message);
      if (opts.passBadRecords) await passBad(ev.value, message, placeOf(ev));
      continue;
    }
    // One record's failure is that record's: reported with its place, and the records after it
    // are still read (a field nested 100,000 deep parses, but JSON.stringify overflows the stack
    // writing it back, and that failed the whole file, later records too). A failing output
    // stream still fails the file: the write is outside.
    let out: string;
    try {
      out = cleanRecord(ev, picked);
    } catch (e) {
      failed += 1;
      const message = formatMessage((e as Error).message, placeOf(ev));
      report(message);
      // Written through with its error, as other bad records are, unless the record itself is
      // what cannot be written: then the error record carries its place only.
      if (opts.passBadRecords) await passBad(e instanceof UnwritableRecord ? undefined : ev.value, message, placeOf(ev));
      continue;
    }
    await sink.write(out);
    ok += 1;
    relieveHeap();
  }
  if (passedOver.size > 0) report(`${file}: ${passedOverSummary(passedOver)}`);
  return { ok, failed, passed, ...(stopped !== undefined && { stopped }) };
}

/**
 * What JSON.stringify said when toJsonlLine failed on a record: toJsonlLine's own error names the
 * library call, which means nothing to a CLI user; a stack overflow is a field nested too deep.
 */
function stringifyFailure(e: unknown): string {
  const cause = (e as Error).cause instanceof Error ? ((e as Error).cause as Error) : (e as Error);
  return `${cause.message}${cause instanceof RangeError ? ': a field is nested too deep' : ''}`;
}
