/**
 * The record events of a JSON, JSON Lines or web-archive input, and the format each record's page
 * is read in: one place for `clean`/`label` (pages.ts) and the profile pass (profile.ts), so both
 * read a file's records alike.
 */
import type { PageFormat } from '../document.js';
import { readJsonArray, readJsonl, type RecordEvent } from '../json/records.js';
import { recordPageFormat } from '../json/page.js';
import { readWarc, WARC_PAGE_FIELD, type WarcPageCounts, type WarcPageEvent } from '../warc/pages.js';

export interface RecordSourceOptions {
  file: string;
  /** --records PATH (JSON/JSONL only). */
  records?: string;
  /** --field names (JSON/JSONL only: a web archive's page is in the record its reader makes). */
  fields: readonly string[];
  /** --page-format: 'auto' or absent lets a web-archive record's own type decide. */
  pageFormat?: PageFormat;
  /** --encoding: a web archive's HTML pages that name no charset. */
  encoding?: string;
  onWarning?: (message: string) => void;
  /** Web archives: filled with the records that hold no page, by kind. */
  passedOver?: WarcPageCounts;
}

export interface RecordSource {
  events: AsyncIterable<RecordEvent>;
  /** The fields a record's page is looked for in. */
  fields: readonly string[];
  /** How the page of `ev`, found in `field`, is read. */
  pageFormatOf: (ev: RecordEvent, field: string) => PageFormat;
}

export function recordSource(bytes: AsyncIterable<Uint8Array>, format: 'json' | 'jsonl' | 'warc', o: RecordSourceOptions): RecordSource {
  if (format === 'warc') {
    return {
      events: readWarc(bytes, { file: o.file, encoding: o.encoding, passedOver: o.passedOver }),
      fields: [WARC_PAGE_FIELD],
      // The record says what its page is (a WET conversion is text, an HTTP response HTML); --page-format overrides it.
      pageFormatOf: (ev) => ((o.pageFormat ?? 'auto') === 'auto' ? ((ev as WarcPageEvent).pageFormat ?? 'auto') : o.pageFormat!),
    };
  }
  return {
    events: format === 'jsonl' ? readJsonl(bytes, { file: o.file, records: o.records }) : readJsonArray(bytes, { file: o.file, onWarning: o.onWarning, records: o.records }),
    fields: o.fields,
    pageFormatOf: (_ev, field) => recordPageFormat(field, o.pageFormat),
  };
}
