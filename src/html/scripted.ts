/**
 * Pages built by script: an app shell (Next.js, Nuxt, a React root) scraped without running its
 * scripts has its article in a script's data, not in its markup, and gives next to no lines. The
 * lines are what a reader of the markup sees, so the data is not read as the page; a warning says
 * why the page came out empty (QA pass 20: it gave no lines and no word, as if it were empty).
 * Schema.org's `articleBody` (https://schema.org/articleBody) in JSON-LD tells for sure that the
 * article is elsewhere; a framework's data script (`__NEXT_DATA__`, `__NUXT_DATA__`) says so when the
 * markup shows almost nothing.
 */

/** The parts of an htmlparser2 node this file reads. */
export interface ScriptNode {
  name?: string;
  attribs?: Record<string, string | undefined>;
  children?: ScriptNode[];
  data?: string;
}

/**
 * Characters an `articleBody` must hold for a page whose markup shows less than
 * {@link SCRIPTED_MARKUP_SHARE} of it to be warned about.
 * @default 200
 */
export const SCRIPTED_MIN_ARTICLE_CHARS = 200;

/**
 * The share of the `articleBody`'s characters below which the markup's text does not hold the
 * article: a page that prints its article holds at least all of it, with its menus around it.
 * @default 0.5
 */
export const SCRIPTED_MARKUP_SHARE = 0.5;

/**
 * Characters of text in the markup below which a page with a large framework data script is
 * taken for an app shell (a page that prints its article holds far more).
 * @default 200
 */
export const SCRIPTED_MAX_MARKUP_CHARS = 200;

/**
 * Characters a framework data script must hold to be warned about: a server-rendered page's own
 * props (a gallery's image list, a video's caption: 1-2 KB) are not an article (QA pass 23: such
 * pages warned), while a script-built article's data is its whole text and more.
 * @default 4000
 */
export const SCRIPTED_MIN_DATA_CHARS = 4000;

/** The `id`s of framework data scripts that hold a script-built page's content. */
const DATA_SCRIPT_IDS = new Set(['__NEXT_DATA__', '__NUXT_DATA__']);

/**
 * The warning for a page whose article is in a script's data rather than in its markup, given
 * the characters of text its lines hold; undefined for any other page. Cheap on most pages: the
 * DOM is walked only when the page's source names `articleBody` or a data script.
 */
export function scriptedPageWarning(html: string, root: ScriptNode, markupChars: number): string | undefined {
  const ld = html.includes('articleBody');
  const framework = markupChars < SCRIPTED_MAX_MARKUP_CHARS && (html.includes('__NEXT_DATA__') || html.includes('__NUXT_DATA__'));
  if (!ld && !framework) return undefined;
  let article = 0;
  let data: { id: string; chars: number } | undefined;
  for (const script of scripts(root)) {
    const type = (script.attribs?.type ?? '').trim().toLowerCase();
    const text = (script.children ?? []).map((c) => c.data ?? '').join('');
    if (ld && type === 'application/ld+json') article = Math.max(article, longestArticleBody(text));
    const id = script.attribs?.id;
    if (framework && id !== undefined && DATA_SCRIPT_IDS.has(id) && text.length >= SCRIPTED_MIN_DATA_CHARS) data ??= { id, chars: text.length };
  }
  const ends = 'which is not read as the page; fetch the page rendered (a headless browser)';
  if (article >= SCRIPTED_MIN_ARTICLE_CHARS && markupChars < SCRIPTED_MARKUP_SHARE * article) {
    // Not always a script's page: a paywall's teaser, or one page of an article split over several,
    // names the whole article there too (QA pass 23); the JSON-LD holds it all the same.
    return `its markup holds ${markupChars} characters of text, and its JSON-LD an articleBody of ${article} (a page built by script, a paywall's teaser, or one page of several), which is not read as the page; read the JSON-LD, or fetch the page rendered (a headless browser)`;
  }
  if (data !== undefined) return `a page built by script: its markup holds ${markupChars} characters of text, and a script's data (${data.id}) ${data.chars}, ${ends}`;
  return undefined;
}

/** The page's `<script>` elements, in document order. */
function* scripts(root: ScriptNode): Generator<ScriptNode> {
  const stack: ScriptNode[] = [root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node.name === 'script') {
      yield node;
      continue;
    }
    const children = node.children;
    if (children !== undefined) for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]!);
  }
}

/** Characters of the longest string `articleBody` in a JSON-LD block (0 when it holds none, or is not JSON). */
function longestArticleBody(text: string): number {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return 0;
  }
  let longest = 0;
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const v = stack.pop();
    // One at a time: spread into push, an array of 130,000 elements overflowed the stack (QA pass 23).
    if (Array.isArray(v)) for (const inner of v) stack.push(inner);
    else if (v !== null && typeof v === 'object') {
      for (const [key, inner] of Object.entries(v)) {
        if (key === 'articleBody' && typeof inner === 'string') longest = Math.max(longest, inner.trim().length);
        else stack.push(inner);
      }
    }
  }
  return longest;
}
