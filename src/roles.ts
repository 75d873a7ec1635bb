/**
 * The part a body line plays in the article: the headline, the standfirst
 * (the summary printed under it), a byline/date line, a caption or credit of
 * the story's pictures, or running text.
 *
 * All four are `body` in the labelling guide, and a search index or a RAG
 * store usually wants the headline. Other consumers want the story's text
 * alone: Readability returns the title and byline in their own fields, and
 * article-extraction benchmarks (the development set's `articleBody`) score
 * the text without them. Roles let a caller keep either.
 *
 * A role is decided from the line's own text and DOM facts plus one fact
 * about the lines before it (has the story's prose begun?), so it streams:
 * O(1) state per document, nothing looked up ahead.
 */
import { readFileSync } from 'node:fs';
import type { DomFeatures, LabelledLine } from './types.js';
import { BoilerstripError } from './errors.js';
import { MARKDOWN_CODE, MARKDOWN_CONTINUES, markdownDom, markdownKind } from './markdown-lines.js';

export const BODY_ROLES = ['headline', 'standfirst', 'byline', 'caption', 'text'] as const;
export type BodyRole = (typeof BODY_ROLES)[number];

/**
 * Words a line needs, with a sentence end, to count as the story's prose:
 * after the first such line no headline is looked for.
 * @default 12
 */
export const ROLE_PROSE_MIN_WORDS = 12;
/**
 * Longest headline in words. Longer lines before the prose are a standfirst.
 * @default 30
 */
export const HEADLINE_MAX_WORDS = 30;
/**
 * Words up to which a first body line ending in a full stop is still the headline in text
 * ("Brexit. Again."; a longer one is the story's first sentence).
 * @default 3
 */
export const HEADLINE_SENTENCE_MAX_WORDS = 3;
/**
 * Fewest words of a standfirst: shorter lines in the header are labels, kickers or bylines.
 * @default 6
 */
export const STANDFIRST_MIN_WORDS = 6;
/**
 * Longest byline/date line in words: "By Jane Roe and John Doe, Reuters, 3 May 2024, 10:04 am ET".
 * @default 16
 */
export const BYLINE_MAX_WORDS = 16;
/**
 * Longest date line that may end like a sentence ("Updated 3 May 2024."); longer ones with a
 * full stop are the story's own sentences that mention a date.
 * @default 6
 */
export const DATE_LINE_SENTENCE_MAX_WORDS = 6;
/**
 * Lines a document's byline zone may have that are bylines only for holding a date ("Nov. 20,
 * 2019", "Updated 1:35 am"). A longer run of dated lines before the story is a schedule or a
 * timeline, which is content.
 * @default 3
 */
export const MAX_DATE_LINES = 3;
/**
 * Longest line that a caption word alone ("Photo:", "Getty Images") marks as a caption.
 * Longer lines that mention a photo agency are usually running text.
 * @default 40
 */
export const CAPTION_MAX_WORDS = 40;

/**
 * Longest line that an agency name alone anywhere in it ("... Reuters") marks as a credit;
 * longer lines that name an agency are reports citing it.
 * @default 12
 */
export const AGENCY_CREDIT_MAX_WORDS = 12;

/** The role vocabulary (data/roles.json), all languages merged into one pattern per kind. */
export const ROLE_WORDS_FILE = new URL('../data/roles.json', import.meta.url);

interface RoleWords {
  byline: RegExp;
  caption: RegExp;
  agency: RegExp;
  agencyAtEnd: RegExp;
  dateline: RegExp;
  /** A date: digits (3/5/2024, 10:04), a month name next to a day number, "2 hours ago". */
  date: RegExp;
}

const NOT_WORD_BEFORE = '(?<![\\p{L}\\p{N}])';
const NOT_WORD_AFTER = '(?![\\p{L}\\p{N}])';

/** A regular-expression alternation of literal words (also used by src/comments.ts). */
export function alternation(words: Iterable<string>): string {
  // Longest first, so "photo credit" wins over "photo"; spaces match any run of whitespace.
  const list = [...new Set(words)].sort((a, b) => b.length - a.length);
  return list.map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/\s+/g, '\\s+')).join('|');
}

/** Builds the patterns from the JSON shape `{ "<lang>": { byline: [...], caption: [...], agency: [...], dateline: [...] } }`. */
export function parseRoleWords(data: unknown, file = 'roles.json'): RoleWords {
  if (typeof data !== 'object' || data === null) throw new BoilerstripError('ERR_ROLES', 'role vocabulary must be a JSON object', { file });
  const kinds = { byline: [] as string[], caption: [] as string[], agency: [] as string[], dateline: [] as string[], months: [] as string[] };
  for (const [lang, entry] of Object.entries(data as Record<string, unknown>)) {
    if (lang.startsWith('_')) continue;
    for (const kind of Object.keys(kinds) as Array<keyof typeof kinds>) {
      const list = (entry as Record<string, unknown> | null)?.[kind];
      if (!Array.isArray(list) || !list.every((w) => typeof w === 'string' && w.trim().length > 0)) {
        throw new BoilerstripError('ERR_ROLES', `"${lang}.${kind}" must be an array of non-empty strings`, { file });
      }
      kinds[kind].push(...(list as string[]).map((w) => w.trim().toLowerCase()));
    }
  }
  const any = (kind: keyof typeof kinds) => `(?:${alternation(kinds[kind])})`;
  return {
    // The byline word only; isByline checks that a capitalised name (or nothing) follows, which
    // needs a case-sensitive \p{Lu}: under the i flag it would match any letter.
    byline: new RegExp(`^${any('byline')}${NOT_WORD_AFTER}`, 'iu'),
    // "Photo: ...", "(Image: ...)", "Foto Reuters", "Image 1 of 23": a caption word opening the line.
    caption: new RegExp(`^[(\\[]?${any('caption')}${NOT_WORD_AFTER}`, 'iu'),
    agency: new RegExp(`${NOT_WORD_BEFORE}${any('agency')}${NOT_WORD_AFTER}`, 'iu'),
    // "... in 1950. (Getty Images)", "... Photograph: X/Getty Images": a credit closing the line.
    agencyAtEnd: new RegExp(`[(/|]\\s*[^()/|]*${NOT_WORD_BEFORE}${any('agency')}${NOT_WORD_AFTER}[^()/|]*\\)?\\s*$`, 'iu'),
    dateline: new RegExp(`^${any('dateline')}${NOT_WORD_AFTER}`, 'iu'),
    date: new RegExp(
      [
        '\\b\\d{1,4}[./-]\\d{1,2}[./-]\\d{1,4}\\b',
        '\\b\\d{1,2}:\\d{2}\\b',
        '\\b(?:19|20)\\d{2}\\b',
        '\\b\\d+\\s+(?:min(?:ute)?s?|hours?|days?)\\s+ago\\b',
        // "Nov. 19", "November 19": a month name (or its abbreviation) before a day number. A day
        // next to a month name may be written in any script's digits ("۱۵ آبان", Persian sites;
        // session 37): \p{Nd}, where the ASCII-only patterns keep \d.
        `${NOT_WORD_BEFORE}${any('months')}\\s+\\p{Nd}{1,2}${NOT_WORD_AFTER}`,
        `${NOT_WORD_BEFORE}(?:${MONTH_ABBREVIATIONS})\\.?\\s+\\d{1,2}${NOT_WORD_AFTER}`,
        // "19 November", "3. Mai", "3 de maio", "20 ноября".
        `${NOT_WORD_BEFORE}\\p{Nd}{1,2}\\.?\\s+(?:de\\s+)?${any('months')}${NOT_WORD_AFTER}`,
        `${NOT_WORD_BEFORE}\\d{1,2}\\.?\\s+(?:${MONTH_ABBREVIATIONS})\\.?${NOT_WORD_AFTER}`,
      ].join('|'),
      'iu',
    ),
  };
}

/** English three-letter month abbreviations ("Nov. 19, 2019"), the form news sites use most. */
const MONTH_ABBREVIATIONS = 'jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec';

const ROLE_WORDS: RoleWords = parseRoleWords(JSON.parse(readFileSync(ROLE_WORDS_FILE, 'utf8')), ROLE_WORDS_FILE.pathname);

const WORD = /[\p{L}\p{N}]+/gu;
const SENTENCE_END = /[.!?。！？]["'”’»)\]]*\s*$/u;
/** A line ending in a short abbreviation ("1:35 a.m.", "Jr.") does not end like a sentence. */
const ABBREVIATION_END = /(?:^|[\s.])\p{L}{1,2}\.\s*$/u;
const NAME_OR_END = /^(?:\s+\p{Lu}|\s*$)/u;

/** "By Jane Roe", "von Anna Schmidt", or a bare "By" the markup left on its own line (data/roles.json's byline words). */
export function isByline(text: string): boolean {
  const m = ROLE_WORDS.byline.exec(text);
  return m !== null && NAME_OR_END.test(text.slice(m[0].length));
}

/**
 * Whether a text line reads as the byline block's: a byline ("By Jane Roe", "von Anna Schmidt"),
 * a dateline word ("Updated ..."), or a date on a line that is not a sentence ("12. März 2025",
 * "20 ноября 2025, 14:05"), in BYLINE_MAX_WORDS words at most; the words are data/roles.json's,
 * in every language it lists.
 */
export function readsAsBylineOrDate(text: string): boolean {
  const words = countWords(text);
  if (words === 0 || words > BYLINE_MAX_WORDS) return false;
  if (isByline(text) || ROLE_WORDS.dateline.test(text)) return true;
  const sentence = SENTENCE_END.test(text);
  return (!sentence || ABBREVIATION_END.test(text) || words <= DATE_LINE_SENTENCE_MAX_WORDS) && ROLE_WORDS.date.test(text);
}

const BYLINE_HINTS: ReadonlySet<string> = new Set(['byline']);
const CAPTION_HINTS: ReadonlySet<string> = new Set(['caption']);
/** Class hints of an article's header block (`article-header`, `entry-header`): the standfirst's place. */
const HEADER_HINTS: ReadonlySet<string> = new Set(['header']);

function countWords(text: string): number {
  let n = 0;
  WORD.lastIndex = 0;
  while (WORD.exec(text) !== null) n++;
  return n;
}

/**
 * Whether a line's words are a caption's or a picture credit's (data/roles.json `caption`,
 * `agency`): "Photo: Jane Roe/Reuters", "(AP Photo/Jane Roe)". `words` is countWords(text).
 */
function captionWords(text: string, words: number): boolean {
  if (words <= CAPTION_MAX_WORDS && (ROLE_WORDS.caption.test(text) || ROLE_WORDS.agencyAtEnd.test(text))) return true;
  return words <= AGENCY_CREDIT_MAX_WORDS && ROLE_WORDS.agency.test(text) && !SENTENCE_END.test(text);
}

/** Whether a line reads as a caption or a picture credit by its words alone (no markup): see RoleTagger. */
export function readsAsCaption(text: string): boolean {
  const t = text.trim();
  return captionWords(t, countWords(t));
}

/** Assigns roles to the body lines of one document, in order. */
export class RoleTagger {
  private proseSeen = false;
  private headlineSeen = false;
  /** A Markdown level-1 heading has been the headline: no later line is. */
  private headingHeadline = false;
  /** Lines made bylines by a date alone so far. */
  private dateLines = 0;
  /** The role of the line pushed last, which a Markdown underline or delimiter row takes. */
  private last: BodyRole | undefined;

  /** The role of `line` (undefined unless it is labelled `body`); `dom` when the line came from HTML. */
  push(line: LabelledLine, dom?: DomFeatures): BodyRole | undefined {
    // A Markdown line's facts from its syntax, when it was read with them (markdown-lines.ts).
    const role = this.roleOf(line, dom ?? markdownDom(line));
    this.last = role;
    return role;
  }

  private roleOf(line: LabelledLine, dom: DomFeatures | undefined): BodyRole | undefined {
    if (line.label !== 'body') return undefined;
    // Markdown (markdown-lines.ts): a code block's lines are the story's as the block goes, not a
    // headline, byline or caption whatever they hold, and textOnly drops none of them (a dropped
    // fence left the rest of the page in code); the stages read them as blank, so they move
    // nothing here. A setext underline or a delimiter row goes with the line above, its title or
    // header row: kept without it (textOnly drops a headline), it was a stray line of `=` in the
    // cleaned page, or made a heading of the kept line before it.
    const kind = markdownKind(line);
    if (kind === MARKDOWN_CODE) return 'text';
    if (kind === MARKDOWN_CONTINUES && this.last !== undefined) return this.last;
    // A Markdown line's role is its visible text's: `By [Jane Smith](…)` is a byline.
    const text = (line.visibleText ?? line.text).trim();
    // A Markdown page's level-1 heading before the prose is its headline, as an HTML page's h1 is:
    // the syntax says so, where the first body line is only a guess (a breadcrumb the model kept
    // as body took it, and the H1 became text).
    if (!this.proseSeen && !this.headingHeadline && isMarkdownH1(line)) {
      this.headlineSeen = true;
      this.headingHeadline = true;
      return 'headline';
    }
    const words = countWords(text);
    const sentence = SENTENCE_END.test(text);
    const role = this.decide(text, words, sentence, dom);
    if (role === 'headline') this.headlineSeen = true;
    // The story starts with running text in the article core: a heading-sized standfirst or a
    // teaser outside the core is not the story yet, and a byline may still follow it.
    const inStory = dom === undefined || (dom.headingLevel === 0 && dom.inCore !== false);
    if (role === 'text' && words >= ROLE_PROSE_MIN_WORDS && sentence && inStory) this.proseSeen = true;
    return role;
  }

  private decide(text: string, words: number, sentence: boolean, dom: DomFeatures | undefined): BodyRole {
    if (dom !== undefined && ((dom.inFigure && !isFigureContent(dom)) || dom.hints.some((h) => CAPTION_HINTS.has(h)) || dom.tag === 'figcaption')) return 'caption';
    if (captionWords(text, words)) return 'caption';
    if (!this.proseSeen) {
      if (!this.headlineSeen && words > 0 && words <= HEADLINE_MAX_WORDS) {
        // HTML: the h1 is the headline, or a heading that is most of the page's <title> (a theme
        // whose h1 is the site's name; QA pass 16). Text: the first body line that does not read as a sentence.
        if (dom !== undefined ? dom.titleHeading ?? dom.headingLevel === 1 : !sentence || words <= HEADLINE_SENTENCE_MAX_WORDS) return 'headline';
      }
      // HTML: a sentence under the headline but still in the page's header or in a subheading,
      // before the story's prose, is the standfirst (dek). schema.org's articleBody, which
      // article-extraction benchmarks score, leaves it out with the headline.
      if (
        this.headlineSeen &&
        dom !== undefined &&
        words >= STANDFIRST_MIN_WORDS &&
        (dom.inHeader || dom.headingLevel >= 2 || dom.hints.some((h) => HEADER_HINTS.has(h))) &&
        !isByline(text) &&
        !ROLE_WORDS.date.test(text)
      ) {
        return 'standfirst';
      }
      if (words <= BYLINE_MAX_WORDS && (isByline(text) || ROLE_WORDS.dateline.test(text) || (dom !== undefined && dom.hints.some((h) => BYLINE_HINTS.has(h))))) {
        return 'byline';
      }
      // A date makes a date line only when the line is not a sentence: "The fair opens on
      // 19 November." is the story's first paragraph.
      if (
        this.dateLines < MAX_DATE_LINES &&
        words <= BYLINE_MAX_WORDS &&
        (!sentence || ABBREVIATION_END.test(text) || words <= DATE_LINE_SENTENCE_MAX_WORDS) &&
        ROLE_WORDS.date.test(text)
      ) {
        this.dateLines++;
        return 'byline';
      }
      // The byline often sits in the markup's byline box as separate short pieces: name, role, date.
      if (dom !== undefined && words <= BYLINE_MAX_WORDS && (dom.tag === 'time' || dom.ancestors.includes('time') || dom.ancestors.includes('address'))) return 'byline';
    }
    return 'text';
  }
}

/** Elements whose lines inside a `<figure>` are what the figure shows, not its caption. */
const FIGURE_CONTENT_TAGS: ReadonlySet<string> = new Set(['table', 'tr', 'td', 'th', 'blockquote', 'pre', 'code', 'ul', 'ol', 'dl', 'li']);

/**
 * Whether a line inside a `<figure>` is the figure's content (a table, a quote, code, a list)
 * rather than its caption: the nearest of its element and ancestors up to the figure decides
 * (a `<figcaption>` first is a caption). WordPress wraps tables, pull quotes and embeds in
 * `<figure>`, and HTML's own pattern for a quote with attribution is `<figure><blockquote>`;
 * every such line was a caption, and --text-only dropped the story's table (QA pass 11).
 */
function isFigureContent(dom: DomFeatures): boolean {
  if (dom.tag === 'figcaption') return false;
  if (FIGURE_CONTENT_TAGS.has(dom.tag)) return true;
  for (const tag of dom.ancestors) {
    if (tag === 'figcaption' || tag === 'figure') return false;
    if (FIGURE_CONTENT_TAGS.has(tag)) return true;
  }
  return false;
}

/** An ATX level-1 heading (`# Title`) of a line read as Markdown. */
const MARKDOWN_H1 = /^ {0,3}#(?:[ \t]|$)/;

function isMarkdownH1(line: LabelledLine): boolean {
  // ATX (`# Title`), or setext (`Title` over `===`), which only the reader's facts know.
  return line.visibleText !== undefined && (MARKDOWN_H1.test(line.text) || markdownDom(line)?.headingLevel === 1);
}

/**
 * The title of a labelled document whose body lines have their roles: the text of a Markdown
 * level-1 heading that is a headline, else of the first headline; undefined when none is.
 */
export function headlineText(lines: Iterable<LabelledLine>): string | undefined {
  let first: string | undefined;
  for (const l of lines) {
    if (l.label !== 'body' || l.role !== 'headline') continue;
    const text = (l.visibleText ?? l.text).trim();
    if (isMarkdownH1(l)) return text;
    first ??= text;
  }
  return first;
}

/** Roles of a whole labelled document; `doms[i]` is line i's DOM facts when it came from HTML. */
export function assignRoles(lines: readonly LabelledLine[], doms?: ReadonlyArray<DomFeatures | undefined>): Array<BodyRole | undefined> {
  const tagger = new RoleTagger();
  return lines.map((line, i) => tagger.push(line, doms?.[i]));
}
