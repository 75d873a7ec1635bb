/**
 * The story's own structured lines (a recipe's "250 g red lentils, rinsed", a spec's "Weight:
 * 890 g", a job ad's "• Strong SQL and working knowledge of Python", a plan's "Eat every 2–3
 * hours") are `body` by the guide (golden/README.md: lists and tables of the story), but the
 * models read them as a menu's items: short, no sentence end, in a run of lines of one shape.
 *
 * Why: out of fold on the tuning pages such lines were the largest kind of body lines lost
 * (body labelled navigation, 492 lines; a meal plan, spec lists, a race calendar), and the genre
 * probe and the unseen probe lose the same kind most (ingredients, specs, steps, a route card).
 * A menu's items have no quantities, no "key: value" pairs and no list bullets, and they stand
 * before the story or after it; these lines stand between its paragraphs.
 *
 * Text dumps only (an HTML page's model reads list markup), and not with `fast`. A line the model
 * called navigation is taken for body when:
 * - the story has begun: a body line of prose (at least STORY_LIST_PROSE_WORDS words ending a
 *   sentence) came before it;
 * - it is shaped as a list item: a bullet or a number opens it ("• ...", "1. ..."), or a short
 *   key and a colon open it before a value in lower case, digits or a price ("Weight: 890 g",
 *   "Price: £249"), or a quantity is on it, a number or fraction sign right before a lower-case
 *   word or `%` ("250 g", "2–3 hours", "½ tsp"), with a lower-case word of three letters or more,
 *   or a short line opens with a number, not a year, and a word ("4 Eier", "2 TL Zimt"); at most
 *   STORY_LIST_MAX_WORDS words;
 * - no furniture is on it: no phrase of the lexicon's UI, related, end, social, call-to-action,
 *   slot, comment or legal categories, no link, handle, copyright, date, byline or separators
 *   ("Posts: 57 · Joined: Jan 2025" is a forum's member line), no counter (data/lists.json:
 *   "Rating: 9 Votes", "4.4 out of 5 · based on 186 reviews", "4 diggs"), no widget's name
 *   opening it ("Quick poll: ...", "Live: ...", "Events near you") and no live score;
 * - a body line (or a line this stage has just taken) is within STORY_LIST_NEAR_LINES non-blank
 *   lines of it, with no line of navigation with furniture on it in between ("Most read"), so a
 *   list is taken from its story's side inwards;
 * - and the story goes on: a body line of prose comes within STORY_LIST_LOOKAHEAD non-blank lines
 *   after the last such line. The stage holds the lines from the first such line until then (at
 *   most STORY_LIST_MAX_HELD lines), and lets them go unchanged if no prose comes.
 *
 * Measured, designed on the out-of-fold labels of the tuning pages and on the genre, teaser and
 * mixed probes (which are therefore no longer unseen for this stage): out of fold it takes 63
 * lines, all rightly once counters are left out (most on one page, a meal plan); on the genre,
 * teaser and mixed probes 30 lines, all rightly. QA pass 41 (26 pages written to break it,
 * `probe/lists/`) found 17 of its 77 firings wrong, sidebars and boxes between the story's
 * paragraphs: a most-read list's numbered items reached from the story's own list across its
 * "Most read" heading (now a line with furniture on it breaks the reach), an events sidebar, a
 * poll, live scores (now widgets' names and live scores are furniture), a membership box's
 * bullets (left: 10 of 80 wrong). On the held-out pages it
 * takes 9 lines, 5 rightly (a recipe's ingredients): the others are teasers with a number in
 * their title ("Hong Kong protests: 800 students under siege ..."), read after the stage was
 * built and left as they are, for the held-out pages choose nothing.
 */
import type { Stage } from './stage.js';
import type { LabelledLine } from './types.js';
import { F, FEATURE_COUNT, featureVector, type FeatureVector } from './features.js';
import type { Lexicon } from './lexicon.js';
import { MODEL_SAYS } from './rules.js';
import { alternation } from './roles.js';
import { mergeWordLists } from './word-lists.js';
import { readFileSync } from 'node:fs';
import { words as countWords } from './teasers.js';

/** Non-blank lines between a taken line and the nearest body line (or taken line). @default 2 */
export const STORY_LIST_NEAR_LINES = 2;
/** Non-blank lines after the last candidate within which the story's prose must come back. @default 40 */
export const STORY_LIST_LOOKAHEAD = 40;
/** Most words of a list item; a longer line is a paragraph or a teaser's summary. @default 25 */
export const STORY_LIST_MAX_WORDS = 25;
/** Fewest words of a line of the story's prose (ending a sentence). @default 12 */
export const STORY_LIST_PROSE_WORDS = 12;
/** Lines (blank ones too) held while the stage waits for the story's prose to come back. @default 256 */
export const STORY_LIST_MAX_HELD = 256;

/** data/lists.json: the nouns of engagement and rating counters, per language, merged. */
export const LIST_WORDS_FILE = new URL('../data/lists.json', import.meta.url);

export interface ListWords {
  /** A counter: a number, then one of the `counters` nouns ("9 Votes", "186 reviews"). */
  counter: RegExp;
  /** A widget's line: one of the `widgets` names opens it before a colon, or is the whole line ("Quick poll: ...", "Live: ...", "Events near you"). */
  widget: RegExp;
}

/** Read and check data/lists.json. Throws ERR_LISTS naming the file. */
export function parseListWords(data: unknown, file = 'lists.json'): ListWords {
  const lists = mergeWordLists(data, ['counters', 'widgets'] as const, 'ERR_LISTS', 'the story-list words', file);
  const none = '(?!)';
  return {
    // A number (perhaps "1.2K"; in any script's digits, "۲۴ رای"), then the noun as a whole word.
    counter: new RegExp(`\\p{Nd}[\\p{Nd}.,]*\\s?[km]?\\s*(?:${lists.counters.length > 0 ? alternation(lists.counters) : none})(?![\\p{L}\\p{N}])`, 'iu'),
    // The name, then a colon or the line's end: "Live music every Friday" is a programme's line.
    widget: new RegExp(`^[\\s\\p{P}\\p{S}]*(?:${lists.widgets.length > 0 ? alternation(lists.widgets) : none})\\s*(?:[:：]|$)`, 'iu'),
  };
}

const LIST_WORDS = parseListWords(JSON.parse(readFileSync(LIST_WORDS_FILE, 'utf8')), LIST_WORDS_FILE.pathname);
/** A match's score and its clock: a live score ("Leeds 1-0 Hull, 67 mins", "Oviedo 1-0 Huesca (72 min)"). */
const LIVE_SCORE = /\d{1,2}\s?[-–]\s?\d{1,2}(?!\d).*\d{1,3}\s?(?:mins?|['’])(?![\p{L}])/u;

/** A separator between the items of a row ("Posts: 57 · Joined: Jan 2025", "Home | News"): a metadata row or a menu. */
const ROW_SEPARATOR = /\s[·|•¦]\s/u;
/** A list item's bullet or number. */
const LIST_MARK = /^\s*(?:[•●▪◦‣∙·*\-–—]\s|\d{1,2}[.)]\s|\(\d{1,2}\)\s)/u;
/** A short key and a colon before a value in lower case, digits or a price ("Weight: 890 g", "Price: £249"). */
const KEY_VALUE = /^[^:]{2,30}:\s*[\p{Ll}\p{N}\p{Sc}½¼¾]/u;
/** A quantity: a number (or a fraction sign) right before a lower-case word or a percent sign ("250 g", "2–3 hours", "½ tsp"). */
const QUANTITY = /[\d½¼¾⅓⅔⅛][\d.,/–-]*\s?(?:%|\p{Ll})/u;
/** A short line that opens with a number (not a year: "2019 NFL Playoff Picture" is a title) and a word: a count of things in a language that capitalises nouns ("4 Eier", "2 TL Zimt"). */
const COUNT_FIRST = /^\s*(?!(?:19|20)\d\d\b)[\d½¼¾⅓⅔⅛][\d.,/–-]*\s*\p{L}/u;
/** Most words of such a line: a longer one that opens with a number is a teaser's title ("5 ways to ..."). @default 4 */
export const STORY_LIST_COUNT_MAX_WORDS = 4;
/** A lower-case word of three letters or more. */
const LOWER_WORD = /(?:^|\s)\p{Ll}{3,}/u;
const SENTENCE_END = /[.!?。！？]["'”’»)\]]*\s*$/u;
/** What a line is to the nearness test: the story's (body), furniture that breaks a run ("Most read"), or neither. */
const BODY = 1;
const FURNITURE_LINE = 2;
const OTHER = 0;
/** Features no list item of a story has: the furniture's vocabulary and shapes. */
const FURNITURE = [F.lex_ui, F.lex_related, F.lex_end, F.lex_social, F.lex_cta, F.lex_slot, F.lex_comment, F.lex_legal, F.url, F.handle, F.copyright, F.date_like, F.byline, F.separators];

/** The shape that makes a line a list item, or undefined. */
export function listShape(text: string): 'list item' | 'key: value' | 'quantity' | undefined {
  // Most navigation lines have none of the shapes: the patterns first, the words counted after.
  const shape = LIST_MARK.test(text) ? 'list item' : KEY_VALUE.test(text) ? 'key: value' : QUANTITY.test(text) && LOWER_WORD.test(text) ? 'quantity' : COUNT_FIRST.test(text) ? 'count' : undefined;
  if (shape === undefined) return undefined;
  const words = countWords(text);
  if (shape === 'count' && words > STORY_LIST_COUNT_MAX_WORDS) return undefined;
  return words === 0 || words > STORY_LIST_MAX_WORDS ? undefined : shape === 'count' ? 'quantity' : shape;
}

function readsAsProse(text: string): boolean {
  return SENTENCE_END.test(text) && countWords(text) >= STORY_LIST_PROSE_WORDS;
}

/** Whether a BODY line is within STORY_LIST_NEAR_LINES of `k` going `step` (-1 up, 1 down), with no FURNITURE_LINE before it. */
function reaches(kinds: readonly number[], k: number, step: number): boolean {
  for (let d = 1; d <= STORY_LIST_NEAR_LINES; d++) {
    const kind = kinds[k + step * d];
    if (kind === BODY) return true;
    if (kind === undefined || kind === FURNITURE_LINE) return false;
  }
  return false;
}

export class StoryListStage implements Stage<LabelledLine, LabelledLine> {
  /** Whether the story's first line of prose has passed. */
  private started = false;
  /** Set by ignore(): a page with DOM facts, whose model reads list markup. */
  private ignored = false;
  /** The last STORY_LIST_NEAR_LINES non-blank lines out, newest last (read when a block is decided). */
  private readonly recent: LabelledLine[] = [];
  /** Lines held from the first candidate on, for each its shape (undefined for a line that is none), and whether furniture words are on it. */
  private readonly held: LabelledLine[] = [];
  private readonly shapes: Array<ReturnType<typeof listShape>> = [];
  /** Non-blank lines since the last candidate. */
  private since = 0;
  private readonly vector: FeatureVector;

  /** @param reasons whether lines carry reasons (the Labeller's setting). */
  constructor(
    private readonly lexicon: Lexicon,
    private readonly reasons = true,
  ) {
    this.vector = new Float64Array(FEATURE_COUNT);
  }

  /** Lines of an HTML page pass: its model reads the list markup. */
  ignore(): void {
    this.ignored = true;
  }

  /** Whether every line passes (the pipeline's `through` skips the stage then). */
  get passing(): boolean {
    return this.ignored && this.held.length === 0;
  }

  push(line: LabelledLine, out: LabelledLine[]): void {
    if (this.ignored) {
      if (this.held.length > 0) this.release(out, false);
      out.push(line);
      return;
    }
    const shape = line.label === 'blank' ? undefined : this.candidate(line);
    if (this.held.length === 0) {
      if (shape === undefined) {
        this.pass(line, out);
        return;
      }
      this.since = 0;
    } else if (line.label !== 'blank') {
      if (shape !== undefined) this.since = 0;
      else if (line.label === 'body' && readsAsProse(line.text)) {
        this.held.push(line);
        this.shapes.push(undefined);
        this.release(out, true);
        return;
      } else if (++this.since >= STORY_LIST_LOOKAHEAD) {
        this.held.push(line);
        this.shapes.push(undefined);
        this.release(out, false);
        return;
      }
    }
    this.held.push(line);
    this.shapes.push(shape);
    if (this.held.length >= STORY_LIST_MAX_HELD) this.release(out, false);
  }

  flush(out: LabelledLine[]): void {
    this.release(out, false);
  }

  /** A line the stage may take: navigation, after the story has begun, shaped as a list item, with no furniture on it. */
  private candidate(line: LabelledLine): ReturnType<typeof listShape> {
    if (!this.started || line.label !== 'navigation') return undefined;
    const shape = listShape(line.text);
    if (shape === undefined) return undefined;
    return this.furnished(line.text) ? undefined : shape;
  }

  /** Whether furniture is on a line: a counter, a row's separators, or one of the FURNITURE features. */
  private furnished(text: string): boolean {
    if (LIST_WORDS.counter.test(text) || LIST_WORDS.widget.test(text) || ROW_SEPARATOR.test(text) || LIVE_SCORE.test(text)) return true;
    const f = featureVector(text, this.lexicon, undefined, this.vector);
    for (const i of FURNITURE) if (f[i]! > 0) return true;
    return false;
  }

  /** What a line is to the nearness test: BODY, a FURNITURE_LINE of navigation ("Most read"), or OTHER. */
  private kindOf(line: LabelledLine): number {
    if (line.label === 'body') return BODY;
    return line.label === 'navigation' && this.furnished(line.text) ? FURNITURE_LINE : OTHER;
  }

  /** A line out: it tells whether the story has begun and what the lines near the next ones were. */
  private pass(line: LabelledLine, out: LabelledLine[]): void {
    if (line.label !== 'blank') {
      if (line.label === 'body' && !this.started && readsAsProse(line.text)) this.started = true;
      this.recent.push(line);
      if (this.recent.length > STORY_LIST_NEAR_LINES) this.recent.shift();
    }
    out.push(line);
  }

  /**
   * Let the held lines go: when the story's prose came back (`take`), each candidate with a body
   * line (or a line just taken) within STORY_LIST_NEAR_LINES non-blank lines becomes body, from
   * the first on, so a list is taken from the story's side inwards. A line of navigation with
   * furniture on it ("Most read", "Meistgelesen") between them breaks the reach: a most-read
   * list's numbered items under the story's own list are the sidebar's (QA pass 41).
   */
  private release(out: LabelledLine[], take: boolean): void {
    const held = this.held.splice(0);
    const shapes = this.shapes.splice(0);
    if (take) {
      // The non-blank lines of the block, with the lines before it for the nearness test.
      const before = this.recent.length;
      const kinds: number[] = this.recent.map((l) => this.kindOf(l));
      const at: number[] = [];
      for (let i = 0; i < held.length; i++) {
        if (held[i]!.label === 'blank') continue;
        at.push(i);
        kinds.push(shapes[i] === undefined ? this.kindOf(held[i]!) : OTHER);
      }
      for (let j = 0; j < at.length; j++) {
        const shape = shapes[at[j]!];
        if (shape === undefined) continue;
        const k = before + j;
        if (!reaches(kinds, k, -1) && !reaches(kinds, k, 1)) continue;
        kinds[k] = BODY;
        const l = held[at[j]!]!;
        if (this.reasons) l.reason = `body: story list: a ${shape} line between the story's paragraphs${MODEL_SAYS}${l.reason}`;
        l.label = 'body';
      }
    }
    for (const l of held) this.pass(l, out);
  }
}
