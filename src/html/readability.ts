/**
 * A second opinion from Mozilla Readability: which lines of the page fall
 * inside the article it extracts. Stored as `dom.inReadability`, one more
 * feature for the labeller, not a verdict.
 *
 * jsdom and Readability are loaded on first use, not at import: jsdom takes
 * a few hundred milliseconds to load, and most callers never ask for this.
 */
import { createRequire } from 'node:module';
import type { InputLine } from '../types.js';
import { BoilerstripError } from '../errors.js';
// See the note in lines.ts: this import cycle is only used inside functions.
import { htmlToLines } from './lines.js';

type JsdomModule = typeof import('jsdom');
type ReadabilityModule = typeof import('@mozilla/readability');

/**
 * Lines at least this long (whitespace removed) that are not a whole block of
 * the article still count as inside it when they occur in the article's text.
 * Shorter ones must match a whole block: "Share" or "Home" occur by chance
 * inside any long article.
 * @default 20
 */
export const MIN_SUBSTRING_MATCH_CHARS = 20;

const require = createRequire(import.meta.url);
let modules: { jsdom: JsdomModule; readability: ReadabilityModule } | undefined;

function load(): { jsdom: JsdomModule; readability: ReadabilityModule } {
  modules ??= {
    jsdom: require('jsdom') as JsdomModule,
    readability: require('@mozilla/readability') as ReadabilityModule,
  };
  return modules;
}

/**
 * Script and style elements with their content. An HTML parser ends them at
 * the first `</script` / `</style`, as this lazy match does. Readability
 * never uses them for the article body, and jsdom spends most of its time on
 * them (CSS parsing): dropping them first makes big pages several times
 * faster to parse.
 */
const SCRIPT_OR_STYLE = /<(script|style)\b[^>]*>[\s\S]*?<\/\1\s*>/gi;

/** What a line is compared on: its text with all whitespace removed. */
function matchKey(text: string): string {
  return text.replace(/\s+/g, '');
}

/**
 * Runs Readability on `html` and sets `dom.inReadability` on every line that
 * has `dom`: true when the line is a block of the extracted article, or a
 * long enough piece of its text ({@link MIN_SUBSTRING_MATCH_CHARS}). When
 * Readability finds no article, every line gets false. Lines are changed in
 * place; the same array is returned.
 *
 * Matching is by block first: the article's HTML goes through the same line
 * splitter as the page, so a page line and an article line agree on
 * whitespace, table rows and `<br>` splits, and a Set lookup decides. Only
 * lines that miss fall back to a substring search in the article text.
 *
 * Synchronous: jsdom parsing and Readability are both synchronous, and no
 * scripts or subresources are loaded. Slow next to {@link htmlToLines}:
 * tens to hundreds of milliseconds per page, over a second on big ones.
 * Errors from jsdom or Readability propagate.
 *
 * @param url document URL for jsdom (Readability resolves links against it)
 */
export function markReadability<T extends InputLine>(html: string, lines: T[], url?: string): T[] {
  const { blocks, text } = readabilityArticle(html, url);
  for (const line of lines) {
    if (line.dom === undefined) continue;
    const key = matchKey(line.text);
    line.dom.inReadability =
      key.length > 0 && (blocks.has(key) || (key.length >= MIN_SUBSTRING_MATCH_CHARS && text.includes(key)));
  }
  return lines;
}

/**
 * The article Readability extracts from `html`, as match keys: the set of its
 * block lines and its whole text, both with whitespace removed. Empty when
 * Readability finds no article.
 */
export function readabilityArticle(html: string, url?: string): { blocks: Set<string>; text: string } {
  // jsdom would throw a bare TypeError deep inside; say which argument is wrong.
  if (url !== undefined && !URL.canParse(url)) {
    throw new BoilerstripError('ERR_INVALID_ARG', `argument \`url\` must be an absolute URL, got ${JSON.stringify(url)}`);
  }
  const { jsdom, readability } = load();
  // A silent console: jsdom otherwise prints every CSS it cannot parse.
  const virtualConsole = new jsdom.VirtualConsole();
  const lean = html.replace(SCRIPT_OR_STYLE, '');
  const dom = new jsdom.JSDOM(lean, url === undefined ? { virtualConsole } : { url, virtualConsole });
  try {
    const article = new readability.Readability(dom.window.document).parse();
    const blocks = new Set<string>();
    if (article?.content) {
      for (const line of htmlToLines(article.content)) blocks.add(matchKey(line.text));
    }
    return { blocks, text: article?.textContent ? matchKey(article.textContent) : '' };
  } finally {
    dom.window.close();
  }
}
