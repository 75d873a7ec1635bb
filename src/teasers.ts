/**
 * A list heading after the story ("Most Read", "More:", "Next Post", "Related stories") and the
 * teaser headlines under it are navigation, whatever the model said of them.
 *
 * Why: a teaser is a headline, and once the story has begun the models read a headline-shaped
 * line near body lines as the story's own: out of fold on the tuning pages (scripts/train.mjs
 * --cv 5 --cv-out, then the later stages), navigation called body was the largest error against
 * body precision (397 lines), and related and most-read lists were a large kind among them. The
 * guide makes them navigation (golden/README.md: related and most-read lists and their teasers).
 * What gives such a list away is its heading: a short line with a phrase of the lexicon's
 * `related`, `ui` or `end` categories (data/lexicon/), followed by lines shaped like headlines.
 *
 * The stage waits for the story's first paragraph (a body line of prose ending a sentence, as
 * headline.ts reads it). After it, a heading is a line of at most TEASER_HEADING_MAX_WORDS words,
 * no sentence end, holding such a phrase. Under it, over at most TEASER_LIST_MAX_LINES non-blank
 * lines, navigation lines are passed over, and body lines are taken while each is a teaser
 * (TEASER_MIN_WORDS to TEASER_MAX_WORDS words, no sentence end but `?` or `!`, no date, byline,
 * separators, price, trailing colon, caption words or list bullet) or an all-caps kicker of at
 * most KICKER_MAX_WORDS words. The run ends at any other line, an advertisement or a
 * disclaimer; a line taken right above a byline or date line that is not itself teaser-shaped,
 * or right above a paragraph, is given back (it is a second story's headline, or the story's own
 * subhead). A teaser opens with no number (an ingredient, a step), and a heading has no colon
 * with words after it ("Related post: <title>" is an inline teaser, not a list's heading). The
 * lines taken, and the heading if it was body, become navigation.
 *
 * Designed on the out-of-fold labels of the tuning pages (a study over the --cv-out file, QA
 * helper, session 33): without the last three guards it changed 75 lines on 18 pages, all of them
 * navigation by the guide, and took no body line; with the golden labels in place of the model's
 * (a perfect model) it changed none. The guards came from the first version's failures on pages
 * it was not designed on (a recipe's ingredients under its "Print" button, a subhead under an
 * inline "Related post: ..." line, a live blog's entry headline under "Share this update"); out of
 * fold they cost 7 lines (68 changed, all right): the subhead guard's, teasers each followed by a
 * one-paragraph summary. Variants measured there: headings holding only `related` or `end` phrases, 25 lines (so
 * `ui` headings, "Most Read", "Next Post", "More:", are most of its worth); a run that ends in a
 * paragraph left alone, 43 (sidebars between paragraphs are lists too); teaser and summary
 * pairs, 5 lines more, left out because a story's subheads over short paragraphs are shaped so.
 * The bullet guard changed nothing there; it keeps a story's bulleted list under a subhead such
 * as "What happens next" from being taken. Lines of scripts written without spaces are one word
 * each here, so they are never teasers. Lines with DOM facts (an HTML page) pass: see ignore().
 * Session 34 let HTML pages through for a while: out of fold on the tuning pages as HTML it
 * changed 15 lines, all rightly (one site's list inside its article markup), but on QA pass 32's
 * 22 HTML pages it changed 75 lines and none rightly, 71 story lines taken ("More ways to save",
 * "Most read books of 2023", a how-to's steps): an `<li>` gives its line no bullet or number, so
 * the guards for a story's own list never apply there, and a run stepped over a related list the
 * HTML model had already made navigation into the story's next section.
 */
import { F, FEATURE_COUNT, featureVector } from './features.js';
import { LEXICON_CATEGORIES, type Lexicon } from './lexicon.js';
import { tokenize } from './tokens.js';
import type { LabelledLine } from './types.js';
import type { Stage } from './stage.js';
import { MODEL_SAYS } from './rules.js';
import { readsAsBylineOrDate, readsAsCaption } from './roles.js';
import { HEADLINE_MAX_SEARCH_LINES } from './headline.js';
import { readFileSync } from 'node:fs';
import { mergeWordLists } from './word-lists.js';

/**
 * Most words of a list heading ("Most Read", "More Great Stories", "Our Latest News"). Out of
 * fold, 4 words found 70 of the 75 lines, 8 words 80 (the same precision); 6 keeps a heading a label.
 * @default 6
 */
export const TEASER_HEADING_MAX_WORDS = 6;
/**
 * Non-blank lines under a heading read for its teasers (navigation lines among them): a
 * most-read list of ten with a kicker each. Out of fold 10 lines found 61 of the 75 lines.
 * @default 20
 */
export const TEASER_LIST_MAX_LINES = 20;
/** Fewest words of a teaser headline: two words are a section's name. @default 3 */
export const TEASER_MIN_WORDS = 3;
/** Most words of a teaser headline; a longer line is a summary or a paragraph. @default 25 */
export const TEASER_MAX_WORDS = 25;
/** Most words of an all-caps kicker over a teaser ("BLACK DEATH FEARS"). @default 6 */
export const KICKER_MAX_WORDS = 6;
/**
 * Lines (blank ones too) held in one run before it is decided on what it holds: the run reads at
 * most TEASER_LIST_MAX_LINES non-blank lines, and this bounds the blank lines between them.
 * @default 256
 */
export const TEASER_MAX_HELD = 256;

/** Lexicon categories whose phrases make a short line a list's heading. */
const HEADING_FEATURES = [F.lex_related, F.lex_ui, F.lex_end];
/** The same categories, as indexes of LEXICON_CATEGORIES. */
const HEADING_CATEGORIES = (['related', 'ui', 'end'] as const).map((c) => LEXICON_CATEGORIES.indexOf(c));
/** Shapes no teaser headline has. */
const NOT_TEASER_FEATURES = [F.date_like, F.byline, F.separators, F.price, F.ends_colon];
/** A question or exclamation mark ends a headline as well as a sentence. */
const MARK_END = /[?!？！]["'”’»)]*\s*$/u;
/** A list item's bullet or number: a story's own list, which such a heading may head too. */
const BULLET = /^\s*(?:[•●▪◦‣∙·*\-–—]\s|\d{1,2}[.)]\s)/u;
/** A line that opens with a number or a fraction: an ingredient, a step, a spec ("8-9 ripe pears, cored"). */
const NUMBER_FIRST = /^\s*[\p{Nd}½¼¾⅓⅔⅛]/u;
/** A colon with words after it: a "Label: title" line. */
const INNER_COLON = /[:：]\s*\S/u;

/** Words as the later stages count them (teaser lists, story lists): runs of non-space characters, counted without making strings. */
export function words(text: string): number {
  let n = 0;
  let inWord = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const space = c === 32 || c === 9 || c === 160 || c === 0x3000 || (c >= 0x2000 && c <= 0x200a);
    if (!space && !inWord) n++;
    inWord = !space;
  }
  return n;
}

/** data/teasers.json: the words around a list heading's phrase, all languages merged. */
export const TEASER_WORDS_FILE = new URL('../data/teasers.json', import.meta.url);

export interface TeaserWords {
  leading: Set<string>;
  trailing: Set<string>;
  notAlone: Set<string>;
}

/** Read and check data/teasers.json's shape; throws ERR_TEASERS naming the file. */
export function parseTeaserWords(data: unknown, file = 'teasers.json'): TeaserWords {
  const lists = mergeWordLists(data, ['leading', 'trailing', 'notAlone'] as const, 'ERR_TEASERS', 'the teaser words', file);
  const set = (list: string[]) => new Set(list.map((w) => w.replace(/\s+/g, ' ')));
  return { leading: set(lists.leading), trailing: set(lists.trailing), notAlone: set(lists.notAlone) };
}

const TEASER_WORDS = parseTeaserWords(JSON.parse(readFileSync(TEASER_WORDS_FILE, 'utf8')), TEASER_WORDS_FILE.pathname);

/** A lexicon's related, UI and end phrases, as the heading test reads them. */
interface HeadingVocabulary {
  /** Every word of the phrases, and every letter-or-digit run inside a word (mayHoldPhrase). */
  words: Set<string>;
  /** The phrases that may open a heading (not data/teasers.json's notAlone), by their first code unit. */
  phrases: Map<number, string[]>;
}

/** Per lexicon, built on first use: a Labeller is made per document, a lexicon once. */
const HEADING_VOCABULARY = new WeakMap<Lexicon, HeadingVocabulary>();

function headingVocabulary(lexicon: Lexicon): HeadingVocabulary {
  let v = HEADING_VOCABULARY.get(lexicon);
  if (v === undefined) {
    v = { words: new Set(), phrases: new Map() };
    let bits = 0;
    for (const c of HEADING_CATEGORIES) bits |= 1 << c;
    for (const [phrase, b] of lexicon.phrases()) {
      if ((b & bits) === 0) continue;
      for (const word of phrase.split(' ')) {
        v.words.add(word);
        for (const part of word.split(/[^\p{L}\p{N}\p{M}]+/u)) if (part !== '') v.words.add(part);
      }
      if (TEASER_WORDS.notAlone.has(phrase)) continue;
      const first = phrase.charCodeAt(0);
      const group = v.phrases.get(first);
      if (group === undefined) v.phrases.set(first, [phrase]);
      else group.push(phrase);
    }
    HEADING_VOCABULARY.set(lexicon, v);
  }
  return v;
}

/** Opening quotes and brackets before a heading's first word. */
const OPENING_MARKS = /^[\s"'‘’“”«»(\[]+/u;
/** A letter or digit: a phrase must end where a word does. */
const WORD_CHAR = /[\p{L}\p{N}]/u;
/** A character of a script written without spaces: its phrases end anywhere. */
const SPACELESS = /[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]/u;

/** Whether `lower` starts with one of `phrases`, on a word boundary. */
function startsWithPhrase(lower: string, phrases: Map<number, string[]>): boolean {
  const t = lower.replace(OPENING_MARKS, '').replace(/\s+/g, ' ');
  for (const p of phrases.get(t.charCodeAt(0)) ?? []) {
    if (!t.startsWith(p)) continue;
    if (t.length === p.length || !WORD_CHAR.test(t[p.length]!) || SPACELESS.test(p)) return true;
  }
  return false;
}

/**
 * Whether a lower-case heading is a list's heading by its words: it opens with one of the phrases
 * ("Most Read", "More:", "Related stories"), perhaps after a word of data/teasers.json's
 * `leading` ("Our Latest News"), or ends with one of its `trailing` ("... More"). A phrase
 * inside a title ("Coming Home", "The winners in every category") is a story's subhead or
 * title: QA pass 30 found the stage taking a poem's lines, an award list and a story's list
 * under such lines (15 body lines of 18 changed on its 32 pages); this test keeps all 68 lines
 * the stage changes out of fold on the tuning pages.
 */
function opensWithPhrase(lower: string, phrases: Map<number, string[]>): boolean {
  if (startsWithPhrase(lower, phrases)) return true;
  const words = lower.trim().split(/\s+/u);
  if (words.length > 1 && TEASER_WORDS.leading.has(words[0]!) && startsWithPhrase(words.slice(1).join(' '), phrases)) return true;
  const last = words[words.length - 1]!.replace(/[:.]+$/u, '');
  return words.length > 1 && TEASER_WORDS.trailing.has(last);
}

/**
 * Whether a lower-case line may hold one of the phrases: false when none of its words (runs of
 * letters and digits; outside ASCII, runs of characters that are not spaces or punctuation) is a
 * word of them, or when it holds characters of a script written without spaces (Chinese,
 * Japanese): such a script's teasers are one word each by the stage's count, never taken, so
 * a heading over them would take nothing. QA pass 31 found the first version, which sent every
 * line outside ASCII to the full phrase scan, cost pages in other scripts ~15% of their time.
 */
function mayHoldPhrase(lower: string, words: Set<string>): boolean {
  let start = -1;
  for (let i = 0; i <= lower.length; i++) {
    const c = i < lower.length ? lower.charCodeAt(i) : 32;
    let word: boolean;
    if (c < 128) word = (c >= 97 && c <= 122) || (c >= 48 && c <= 57);
    else if ((c >= 0x3040 && c <= 0x30ff) || (c >= 0x3400 && c <= 0x9fff) || (c >= 0xf900 && c <= 0xfaff)) return false;
    else word = !((c >= 0x80 && c <= 0xbf) || (c >= 0x2000 && c <= 0x206f) || (c >= 0x3000 && c <= 0x303f) || (c >= 0xff00 && c <= 0xff0f) || c === 0xd7 || c === 0xf7);
    if (word) {
      if (start < 0) start = i;
    } else if (start >= 0) {
      if (words.has(lower.slice(start, i))) return true;
      start = -1;
    }
  }
  return false;
}

export class TeaserListStage implements Stage<LabelledLine, LabelledLine> {
  /** The run being read: the heading first, then the lines under it, blank ones too. */
  private readonly held: LabelledLine[] = [];
  /** The lines of `held` taken as teasers. */
  private readonly taken = new Set<LabelledLine>();
  /** Non-blank lines read under the heading. */
  private read = 0;
  /** The last non-blank line held, and whether it was taken (a byline under it gives it back). */
  private lastTaken: LabelledLine | undefined;
  /** Set once the story's first paragraph has passed: headings are looked for from then on. */
  private storyStarted = false;
  /** Set by ignore(), or when no paragraph came in HEADLINE_MAX_SEARCH_LINES lines: every line passes. */
  private passes = false;
  private searched = 0;
  private readonly vector = new Float64Array(FEATURE_COUNT);
  private readonly counts = new Int32Array(LEXICON_CATEGORIES.length);

  constructor(
    private readonly lexicon: Lexicon,
    private readonly reasons: boolean,
  ) {}

  /** Whether every line now passes unchanged (the caller may then hand lines on without the stage). */
  get passing(): boolean {
    return this.passes && this.held.length === 0;
  }

  /**
   * The document's lines carry DOM facts (an HTML page): the stage lets every line pass. The
   * HTML model sees the list's markup (`<aside>`, link density, the article core's end).
   */
  ignore(): void {
    this.passes = true;
  }

  push(line: LabelledLine, out: LabelledLine[]): void {
    if (this.passing) {
      out.push(line);
      return;
    }
    if (line.label === 'blank') {
      if (this.held.length === 0) out.push(line);
      else this.hold(line, out);
      return;
    }
    if (!this.storyStarted) {
      out.push(line);
      if (line.label === 'body') {
        const f = this.features(line);
        if (f[F.prose] === 1 && f[F.sent_end] === 1) this.storyStarted = true;
      }
      if (++this.searched >= HEADLINE_MAX_SEARCH_LINES && !this.storyStarted) this.passes = true;
      return;
    }
    if (this.held.length > 0 && this.extend(line, out)) return;
    // No run, or the line ended one: it may head the next.
    if (!this.passes && this.heading(line)) {
      this.held.push(line);
      this.read = 0;
      this.lastTaken = undefined;
    } else out.push(line);
  }

  flush(out: LabelledLine[]): void {
    this.decide(out);
  }

  /** Read `line` as part of the run held; false when it ends the run (which is then decided). */
  private extend(line: LabelledLine, out: LabelledLine[]): boolean {
    if (++this.read > TEASER_LIST_MAX_LINES) {
      this.decide(out);
      return false;
    }
    if (line.label === 'navigation') {
      this.lastTaken = undefined;
      this.hold(line, out);
      return true;
    }
    if (line.label !== 'body') {
      this.decide(out);
      return false;
    }
    const text = this.textOf(line);
    // A line too long to be a teaser ends the run, unread, unless it may give the last one back
    // (a paragraph under a subhead): most body lines after a story are its paragraphs.
    if (this.lastTaken === undefined && words(text) > TEASER_MAX_WORDS) {
      this.decide(out);
      return false;
    }
    const f = this.features(line);
    const teaser = this.teaser(text, f);
    if (!teaser && this.lastTaken !== undefined && (readsAsBylineOrDate(text) || (f[F.prose] === 1 && f[F.sent_end] === 1))) {
      // The line taken above it heads a story or a section of its own: a headline over its byline,
      // or a subhead over its paragraph. A teaser is followed by the next teaser, or ends a list.
      this.taken.delete(this.lastTaken);
      this.decide(out);
      return false;
    }
    if (!teaser && !(f[F.all_caps] === 1 && words(text) <= KICKER_MAX_WORDS && f[F.sent_end] === 0)) {
      this.decide(out);
      return false;
    }
    // A teaser that is a heading too ("More Great Stories" under "Read more") heads the lines under it.
    if (this.heading(line)) this.read = 0;
    this.taken.add(line);
    this.lastTaken = line;
    this.hold(line, out);
    return true;
  }

  private hold(line: LabelledLine, out: LabelledLine[]): void {
    this.held.push(line);
    if (this.held.length >= TEASER_MAX_HELD) this.decide(out);
  }

  /** Whether a line heads a list: a few words, no sentence end, a related, UI or end-of-story phrase. */
  private heading(line: LabelledLine): boolean {
    const text = this.textOf(line);
    if (text.length > TEASER_HEADING_MAX_WORDS * 40 || words(text) > TEASER_HEADING_MAX_WORDS) return false;
    // "Related post: Pickled Sprouts Recipe" is an inline teaser, not a heading ("More:" is one).
    if (INNER_COLON.test(text)) return false;
    // The phrases first, by themselves: most short lines after a story (menus, footers) have
    // none, and the whole feature vector for each of them cost the pipeline ~10% on the seeds.
    // Before them, an ASCII line's words against the words of the phrases: the phrase scan
    // (~1.5 µs a line) for every short line cost the text path ~8% (scripts/ab-text.mjs).
    // Then where the phrase stands (it opens the line, or a leading or trailing word frames it),
    // which needs no tokens, before the lexicon's count: in a page's short lines after the story
    // a phrase's word is common ("more", "news", "top"), and the count (tokens, a phrase scan)
    // for each of them was ~3% of the text path (session 35, a profile of the bench corpus).
    const lower = text.toLowerCase();
    const vocabulary = headingVocabulary(this.lexicon);
    if (!mayHoldPhrase(lower, vocabulary.words)) return false;
    if (!opensWithPhrase(lower, vocabulary.phrases)) return false;
    const counts = this.lexicon.countTokens(tokenize(text).words, lower, this.counts);
    if (!HEADING_CATEGORIES.some((c) => counts[c]! > 0)) return false;
    const f = this.features(line);
    if (f[F.sent_end] === 1) return false;
    return HEADING_FEATURES.some((i) => f[i]! > 0);
  }

  /** Whether a body line is shaped like a teaser's headline (see the module comment). */
  private teaser(text: string, f: Float64Array): boolean {
    const n = words(text);
    if (n < TEASER_MIN_WORDS || n > TEASER_MAX_WORDS) return false;
    if (f[F.sent_end] === 1 && !MARK_END.test(text)) return false;
    for (const i of NOT_TEASER_FEATURES) if (f[i]! > 0) return false;
    return !BULLET.test(text) && !NUMBER_FIRST.test(text) && !readsAsCaption(text);
  }

  /** The run out: its teasers, and its heading if body, made navigation when it took any. */
  private decide(out: LabelledLine[]): void {
    const held = this.held;
    if (held.length === 0) return;
    const heading = held[0]!;
    if (this.taken.size > 0) {
      const why = `teasers: under the list heading "${heading.text.trim()}" after the story's first paragraph`;
      for (const line of held) {
        if (!this.taken.has(line) && !(line === heading && line.label === 'body')) continue;
        if (this.reasons) line.reason = `navigation: ${line === heading ? why.replace('teasers: under', 'teasers: it is') : why}${MODEL_SAYS}${line.reason}`;
        line.label = 'navigation';
      }
    }
    for (let i = 0; i < held.length; i++) out.push(held[i]!);
    held.length = 0;
    this.taken.clear();
    this.lastTaken = undefined;
    this.read = 0;
  }

  private textOf(line: LabelledLine): string {
    return line.visibleText ?? line.text;
  }

  private features(line: LabelledLine): Float64Array {
    return featureVector(this.textOf(line), this.lexicon, undefined, this.vector);
  }
}
