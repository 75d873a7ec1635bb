/**
 * The part a body line plays in the article: the headline, a byline/date
 * line, a caption or credit of the story's pictures, or running text.
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
import type { DomFeatures, LabelledLine } from './types.js';

export const BODY_ROLES = ['headline', 'byline', 'caption', 'text'] as const;
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
 * Longest byline/date line in words: "By Jane Roe and John Doe, Reuters, 3 May 2024, 10:04 am ET".
 * @default 16
 */
export const BYLINE_MAX_WORDS = 16;
/**
 * Longest line that a caption word alone ("Photo:", "Getty Images") marks as a caption.
 * Longer lines that mention a photo agency are usually running text.
 * @default 40
 */
export const CAPTION_MAX_WORDS = 40;

const WORD = /[\p{L}\p{N}]+/gu;
const SENTENCE_END = /[.!?。！？]["'”’»)\]]*\s*$/u;
/** "By Name" in a few languages, or a bare "By" left on its own line by the markup. */
const BYLINE_START = /^(?:by|von|par|por|di|door|av|de|från|przez)(?:\s+\p{Lu}|\s*$)/iu;
const DATE = /\b\d{1,4}[./-]\d{1,2}[./-]\d{1,4}\b|\b\d{1,2}:\d{2}\b|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d{1,2}\b|\b\d{1,2}\.?\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b|\b(?:19|20)\d{2}\b|\b\d+\s+(?:min(?:ute)?s?|hours?|days?)\s+ago\b|(?:published|updated|posted)\b/iu;
/** Caption and credit vocabulary: a credit line names the picture's source. */
const CAPTION_WORDS = /^(?:photo|image|picture|credit|caption|foto|bild|imagen|source)s?\b|\b(?:photo|image|picture)s?\s*(?:credit|courtesy|by)\b|\bgetty\s*images\b|\bshutterstock\b|\b(?:ap|afp|reuters|epa)\s*(?:photo|images)\b|^\(?(?:image|photo|credit)s?\s*:|^image\s+\d+\s+of\s+\/?\s*\d+/iu;
const BYLINE_HINTS: ReadonlySet<string> = new Set(['byline']);
const CAPTION_HINTS: ReadonlySet<string> = new Set(['caption']);

function countWords(text: string): number {
  let n = 0;
  WORD.lastIndex = 0;
  while (WORD.exec(text) !== null) n++;
  return n;
}

/** Assigns roles to the body lines of one document, in order. */
export class RoleTagger {
  private proseSeen = false;
  private headlineSeen = false;

  /** The role of `line` (undefined unless it is labelled `body`); `dom` when the line came from HTML. */
  push(line: LabelledLine, dom?: DomFeatures): BodyRole | undefined {
    if (line.label !== 'body') return undefined;
    const text = line.text.trim();
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
    if (dom !== undefined && (dom.inFigure || dom.hints.some((h) => CAPTION_HINTS.has(h)) || dom.tag === 'figcaption')) return 'caption';
    if (words <= CAPTION_MAX_WORDS && CAPTION_WORDS.test(text)) return 'caption';
    if (!this.proseSeen) {
      if (!this.headlineSeen && words > 0 && words <= HEADLINE_MAX_WORDS) {
        // HTML: the h1 is the headline. Text: the first body line that does not read as a sentence.
        if (dom !== undefined ? dom.headingLevel === 1 : !sentence || words <= 3) return 'headline';
      }
      if (words <= BYLINE_MAX_WORDS && (BYLINE_START.test(text) || DATE.test(text) || (dom !== undefined && dom.hints.some((h) => BYLINE_HINTS.has(h))))) {
        return 'byline';
      }
      // The byline often sits in the markup's byline box as separate short pieces: name, role, date.
      if (dom !== undefined && words <= BYLINE_MAX_WORDS && (dom.tag === 'time' || dom.ancestors.includes('time') || dom.ancestors.includes('address'))) return 'byline';
    }
    return 'text';
  }
}

/** Roles of a whole labelled document; `doms[i]` is line i's DOM facts when it came from HTML. */
export function assignRoles(lines: readonly LabelledLine[], doms?: ReadonlyArray<DomFeatures | undefined>): Array<BodyRole | undefined> {
  const tagger = new RoleTagger();
  return lines.map((line, i) => tagger.push(line, doms?.[i]));
}
