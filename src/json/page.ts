/**
 * Finding the page in a crawler record. Crawlers disagree on the field name
 * (Common Crawl extracts say `html` or `content`, scrapers `raw_html`,
 * `body` or `text`), so the caller gives a preference list.
 */
import { invalidArgument } from '../errors.js';
import type { PageFormat } from '../document.js';
import { dottedPath, recordsPathKeys } from './path.js';
import { JsonNumber } from './numbers.js';

/**
 * Fields tried, in order, when looking for the page in a record. HTML-ish
 * names come before text-ish ones because HTML keeps the structure the
 * labeller uses; `markdown` (Firecrawl's and crawl4ai's records) next, as its syntax
 * keeps some of it; `body` comes last because some crawlers use it for an HTTP
 * response body that may be anything.
 * @default ['html', 'markdown', 'content', 'text', 'raw_html', 'body']
 */
export const DEFAULT_PAGE_FIELDS: readonly string[] = Object.freeze(['html', 'markdown', 'content', 'text', 'raw_html', 'body']);

/**
 * How a record's page is read: as `pageFormat` says, and, where it leaves the format to the sniff
 * (`'auto'`, the default), a field whose name has `markdown` as a word as Markdown. The sniff tells HTML from text
 * only; a crawler that names the field has said what it holds.
 */
/** A field name that says its value is Markdown: `markdown`, or `markdown` as a word of it (`fit_markdown`, `markdown_v2`). */
const MARKDOWN_FIELD = /(?:^|[_-])markdown(?:$|[_-])/i;

export function recordPageFormat(field: string, pageFormat: PageFormat | undefined): PageFormat {
  const format = pageFormat ?? 'auto';
  // `data.markdown` (a dotted path, see pickPage) names a Markdown field as `markdown` does.
  // So does a name that says Markdown: crawl4ai's `fit_markdown`, `markdown.raw_markdown` (QA pass 9).
  return format === 'auto' && MARKDOWN_FIELD.test(field.slice(field.lastIndexOf('.') + 1)) ? 'markdown' : format;
}

/**
 * A field's value in a record: the key as it is spelt, or else, for a dotted name, the path it
 * spells through nested objects (`data.markdown`: Firecrawl's and Jina Reader's responses hold the
 * page under `data`). Own properties of plain objects only; undefined where the path stops.
 */
function fieldValue(record: Record<string, unknown>, field: string): unknown {
  if (Object.hasOwn(record, field)) return record[field];
  if (!field.includes('.')) return undefined;
  const keys = recordsPathKeys(field);
  if (keys === undefined) return undefined;
  let value: unknown = record;
  for (const part of keys) {
    if (!isPlainObject(value) || !Object.hasOwn(value, part)) return undefined;
    value = value[part];
  }
  return value;
}

/**
 * When a record has none of `fields`, where its page may be instead, for the message: one of its
 * objects has one of them as a string (one level down, the first such in the record's key order),
 * so a dotted name reaches it; or one of its arrays holds such objects (a crawl's response:
 * Firecrawl's `{ "data": [ { "markdown": ... }, ... ] }`), records that a records path
 * (`--records data`, the readers' `records` option) reads as such.
 */
function nestedHint(record: Record<string, unknown>, fields: readonly string[]): string | undefined {
  const pageOf = (value: unknown): string | undefined => {
    if (!isPlainObject(value)) return undefined;
    // A field named for Markdown too: crawl4ai writes `markdown: { raw_markdown, fit_markdown }`,
    // where the whole page is the first (QA pass 9: the message said only "holds an object").
    return (
      fields.find((field) => Object.hasOwn(value, field) && typeof value[field] === 'string') ??
      Object.keys(value).find((key) => MARKDOWN_FIELD.test(key) && typeof value[key] === 'string' && value[key] !== '')
    );
  };
  for (const [key, value] of Object.entries(record)) {
    const field = pageOf(value);
    if (field !== undefined) {
      const name = dottedPath([key, field]);
      return `its page may be "${name}": --field ${SHELL_PLAIN_NAME.test(name) ? name : shellQuote(name)}`;
    }
    if (Array.isArray(value) && pageOf(value[0]) !== undefined) {
      // An empty key is one a records path cannot name: jq only.
      if (key === '') return `its ${JSON.stringify(key)} holds records with pages: give them one record each, as JSONL (jq -c ${shellQuote(`.[${JSON.stringify(key)}][]`)}) or a JSON array`;
      // Quoted for the shell, and for jq, when the key is more than a plain name.
      const plain = SHELL_PLAIN_KEY.test(key);
      const filter = plain ? `.${key}[]` : `.[${JSON.stringify(key)}][]`;
      return `its "${key}" holds records with pages: --records ${plain ? key : shellQuote(dottedPath([key]))} reads each as a record (or jq -c ${shellQuote(filter)} writes them as JSONL)`;
    }
  }
  return undefined;
}

/** A key a shell passes as it is and jq reads after a dot: letters, digits and `_`, not first a digit. */
const SHELL_PLAIN_KEY = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** A dotted name a shell passes as it is. */
const SHELL_PLAIN_NAME = /^[A-Za-z0-9_.-]+$/;

/** `text` in single quotes for a POSIX shell, a quote in it written as `'\''`. */
function shellQuote(text: string): string {
  return `'${text.replace(/'/g, "'\\''")}'`;
}

/** Nothing but whitespace. */
const BLANK = /^\s*$/u;

/** True for `{...}` values as JSON.parse makes them (not arrays, dates, class instances such as a JsonNumber). */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/**
 * The page of a record: the first of `fields` that the record has as a
 * string. A string with something besides whitespace wins over an earlier
 * empty or blank one (a crawler that writes `"html": ""`, or `"   "` or a lone
 * newline for a failed fetch, next to a filled `"text"` has the page in `text`;
 * QA pass 15 found a blank `html` taking the record's page); when every
 * candidate is empty or blank, the first of them is returned as it is, since an
 * empty page is still a page. Fields that hold something other than a string are
 * skipped. Returns `{error}` for a value that is not an object or that has
 * none of the fields; throws only if `fields` is not an array of strings.
 * `pageFormat` is how the CLI reads the page (recordPageFormat): `'markdown'` for a field named
 * `markdown`, `'auto'` (the sniff) for any other; pass it to processPage to clean a record as
 * `boilerstrip clean` does.
 */
export function pickPage(
  value: unknown,
  fields: readonly string[] = DEFAULT_PAGE_FIELDS,
): { field: string; page: string; pageFormat: PageFormat } | { error: string } {
  if (!Array.isArray(fields) || fields.length === 0 || !fields.every((f) => typeof f === 'string')) {
    throw invalidArgument('fields', 'a non-empty array of field names', fields);
  }
  if (!isPlainObject(value)) return { error: 'record is not an object' };
  let firstBlank: { field: string; page: string } | undefined;
  for (const field of fields) {
    const page = fieldValue(value, field);
    if (typeof page !== 'string') continue;
    if (page.length > 0 && !BLANK.test(page)) return { field, page, pageFormat: recordPageFormat(field, undefined) };
    firstBlank ??= { field, page };
  }
  if (firstBlank !== undefined) return { ...firstBlank, pageFormat: recordPageFormat(firstBlank.field, undefined) };
  const nested = nestedHint(value, fields);
  const hint = nested === undefined ? '' : ` (${nested})`;
  // What a field the record has holds instead: a crawler that wrote `"html": null` for a failed
  // fetch, or nested the page one level down, reads that from the message.
  const held = fields.flatMap((f) => {
    const kind = valueKind(fieldValue(value, f));
    return kind === undefined ? [] : [[f, kind] as const];
  });
  if (fields.length === 1) {
    const what = held.length === 0 ? 'is missing' : `holds ${held[0]![1]}, not a string`;
    return { error: `record has no page: its field "${fields[0]}" ${what}${hint}` };
  }
  const notes: string[] = [];
  if (held.length > 0) notes.push(held.map(([f, kind], i) => `"${f}" ${i === 0 ? 'holds ' : ''}${kind}`).join(', '));
  if (nested !== undefined) notes.push(nested);
  const why = notes.length === 0 ? '' : ` (${notes.join('; ')})`;
  return { error: `record has no page: none of the fields ${fields.map((f) => `"${f}"`).join(', ')} is a string${why}` };
}

/** What a field's value is, as a message names it; undefined for a field the record does not have. */
function valueKind(value: unknown): string | undefined {
  if (value === undefined) return undefined;
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  // A number too long for a double is read as a JsonNumber (numbers.ts).
  if (value instanceof JsonNumber || typeof value === 'number') return 'a number';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

/**
 * Fields tried, in order, for the address of a record's page, which names its site for
 * cross-document counts (recordSite): crawlers' `url`, Firecrawl's `metadata.sourceURL`.
 * @default ['url', 'URL', 'source_url', 'sourceURL', 'metadata.sourceURL', 'metadata.url', 'link']
 */
export const DEFAULT_SITE_FIELDS: readonly string[] = Object.freeze(['url', 'URL', 'source_url', 'sourceURL', 'metadata.sourceURL', 'metadata.url', 'link']);

/**
 * The site of a record's page: the host of the first of `fields` that holds an absolute http(s)
 * URL, lower-cased, without a leading `www.` (`www.example.com` and `example.com` serve one
 * site's template). Undefined when no field holds one. Subdomains stay apart (`news.` and
 * `sport.` of one paper often have templates of their own); telling a registrable domain would
 * need the public suffix list. Throws only if `fields` is not an array of strings.
 */
export function recordSite(value: unknown, fields: readonly string[] = DEFAULT_SITE_FIELDS): string | undefined {
  // A string was read one field per character ('url': u, r, l), a number failed as "fields is not
  // iterable" and a number in the list as "field.includes is not a function".
  if (!Array.isArray(fields) || !fields.every((f) => typeof f === 'string')) throw invalidArgument('fields', 'an array of field names', fields, 'recordSite');
  if (!isPlainObject(value)) return undefined;
  for (const field of fields) {
    const url = fieldValue(value, field);
    const site = typeof url === 'string' ? siteOfUrl(url) : undefined;
    if (site !== undefined) return site;
  }
  return undefined;
}

/** The site of an absolute http(s) URL: its host, lower-cased, without a leading `www.`; undefined for anything else. */
export function siteOfUrl(url: string): string | undefined {
  if (typeof url !== 'string') throw invalidArgument('url', 'a string', url, 'siteOfUrl');
  const trimmed = url.trim();
  if (!/^https?:\/\//i.test(trimmed)) return undefined;
  try {
    // A fully qualified name's final dot names the same host.
    const host = new URL(trimmed).hostname.toLowerCase().replace(/\.$/, '');
    // `www.com` is a host, not `com`.
    return host === '' ? undefined : host.split('.').length > 2 ? host.replace(/^www\./, '') : host;
  } catch {
    return undefined;
  }
}
