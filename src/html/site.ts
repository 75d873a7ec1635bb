/**
 * The site an HTML page says it belongs to: the host of its canonical address (`<link
 * rel="canonical">`, else `<meta property="og:url">`), for counting repetition per site
 * (repetition.ts, forSite) when a page comes without a URL of its own (a folder of saved pages,
 * a record with only its HTML). 163 of the 181 benchmark pages name one.
 */
import { siteOfUrl } from '../json/page.js';
import { invalidArgument } from '../errors.js';

/**
 * Characters of a page searched for its canonical address: the head, where both tags belong,
 * sits in the first ~100 KB even of pages that inline their scripts and styles.
 * @default 262144
 */
export const SITE_SEARCH_CHARS = 256 * 1024;

/** A link or meta tag; a quoted attribute value may hold a `>`. */
const TAG = /<(link|meta)\b((?:[^>"']|"[^"]*"|'[^']*')*)>/gi;
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

/** Comments, and scripts, styles and templates with their contents: a tag quoted in them is not the page's. */
const NOT_TAGS = /<!--[\s\S]*?(?:-->|$)|<(script|style|template|noscript)\b[\s\S]*?(?:<\/\1\s*>|$)/gi;

/** An address as a canonical link may give it: protocol-relative (`//example.com/a`) read as https. */
function absolute(href: string): string {
  return href.startsWith('//') ? `https:${href}` : href;
}

/**
 * The page's site (see siteOfUrl), or undefined when its head names no absolute canonical address.
 * Only the head is read (up to `</head>`, else up to `<body`, at most SITE_SEARCH_CHARS), without
 * its comments and scripts (QA pass 14: a commented-out link, or one in a script's string, won).
 * A syndicated copy whose canonical link names the original's site is counted with that site.
 */
export function htmlSite(html: string): string | undefined {
  if (typeof html !== 'string') throw invalidArgument('html', 'a string', html, 'htmlSite');
  const window = html.slice(0, SITE_SEARCH_CHARS);
  const cleaned = window.replace(NOT_TAGS, ' ');
  let end = cleaned.search(/<\/head\s*>/i);
  if (end < 0) end = cleaned.search(/<body[\s>]/i);
  const head = end < 0 ? cleaned : cleaned.slice(0, end);
  let og: string | undefined;
  TAG.lastIndex = 0;
  for (let m = TAG.exec(head); m !== null; m = TAG.exec(head)) {
    const attrs = attributes(m[2]!);
    if (m[1]!.toLowerCase() === 'link') {
      if (!(attrs.get('rel') ?? '').toLowerCase().split(/\s+/).includes('canonical')) continue;
      const site = siteOfUrl(absolute(attrs.get('href') ?? ''));
      if (site !== undefined) return site;
    } else if (og === undefined && ((attrs.get('property') ?? attrs.get('name')) ?? '').toLowerCase() === 'og:url') {
      og = attrs.get('content');
    }
  }
  return og === undefined ? undefined : siteOfUrl(absolute(og));
}
