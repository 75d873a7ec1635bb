/**
 * The site an HTML page says it belongs to: the host of its canonical address (`<link
 * rel="canonical">`, else `<meta property="og:url">`), for counting repetition per site
 * (repetition.ts, forSite) when a page comes without a URL of its own (a folder of saved pages,
 * a record with only its HTML). 163 of the 181 benchmark pages name one.
 */
import { siteOfUrl } from '../json/page.js';

/**
 * Characters of a page searched for its canonical address: the head, where both tags belong,
 * sits in the first ~100 KB even of pages that inline their scripts and styles.
 * @default 262144
 */
export const SITE_SEARCH_CHARS = 256 * 1024;

const TAG = /<(link|meta)\b([^>]*)>/gi;
const ATTRIBUTE = /([^\s"'>/=]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))/g;

function attributes(text: string): Map<string, string> {
  const out = new Map<string, string>();
  ATTRIBUTE.lastIndex = 0;
  for (let m = ATTRIBUTE.exec(text); m !== null; m = ATTRIBUTE.exec(text)) {
    const name = m[1]!.toLowerCase();
    if (!out.has(name)) out.set(name, (m[2] ?? m[3] ?? m[4] ?? '').replace(/&amp;/gi, '&').trim());
  }
  return out;
}

/** The page's site (see siteOfUrl), or undefined when its head names no absolute canonical address. */
export function htmlSite(html: string): string | undefined {
  const end = html.search(/<\/head\s*>/i);
  const head = html.slice(0, end < 0 ? SITE_SEARCH_CHARS : Math.min(end, SITE_SEARCH_CHARS));
  let og: string | undefined;
  TAG.lastIndex = 0;
  for (let m = TAG.exec(head); m !== null; m = TAG.exec(head)) {
    const attrs = attributes(m[2]!);
    if (m[1]!.toLowerCase() === 'link') {
      if (!(attrs.get('rel') ?? '').toLowerCase().split(/\s+/).includes('canonical')) continue;
      const site = siteOfUrl(attrs.get('href') ?? '');
      if (site !== undefined) return site;
    } else if (og === undefined && ((attrs.get('property') ?? attrs.get('name')) ?? '').toLowerCase() === 'og:url') {
      og = attrs.get('content');
    }
  }
  return og === undefined ? undefined : siteOfUrl(og);
}
