/**
 * A box about the writer, the blog or the company ("About the author", the name, a handle, "Jane
 * Roe covers city hall for ..."; "Über Moritz Bachmann" over a paragraph on him; a press
 * release's "About Acme" over the company's boilerplate) is `disclaimer` by the guide
 * (golden/README.md: statements about the author, statements about the publisher), heading,
 * name and bio alike, whatever the model said of each line.
 *
 * Why: line by line the box reads as furniture and prose. Its heading and the name under it are
 * short title-case lines, which the models make navigation; a bio paragraph under a name's heading
 * reads as the story's prose, which they make body. Out of fold on the tuning pages (the
 * `--cv-out` labels through the later stages, scripts/oof-stages.mjs), 19 box lines were left
 * navigation and 11 body. What gives the box away is its shape, and where it stands: the heading,
 * then within a few lines a sentence about whom it names, and after it no more of the story.
 *
 * A heading is a line of at most ABOUT_HEADING_MAX_WORDS words and no sentence end that is one of
 * data/about.json's `box` headings ("About the author", "Об авторе", "このブログの管理人"), or its
 * `about` word, an article at most, and a name of at most ABOUT_NAME_MAX_WORDS capitalised words
 * ("About Jane Roe", "Sobre a Natura", "About Acme Robotics, Inc."; not a `notName` word: "About
 * us", "About this article"). Under it, at most ABOUT_MAX_LINES_BEFORE_BIO non-blank lines may be
 * the name (two to four capitalised words) or contact details (a handle, an address, a
 * run-together link row) before the bio: a line that ends a sentence in at least
 * ABOUT_BIO_MIN_WORDS words, or runs to ABOUT_PARAGRAPH_WORDS words. Under a name's heading the bio
 * must hold a word of the name, whole and as the heading writes it (so a menu's "About Billboard"
 * over a footer's sentence, or "About The Study" over a paragraph on "the study", is no box). The
 * box runs on over ABOUT_MAX_BIO_LINES bio lines in all (a later one the model did not call
 * navigation or advertisement, and no question) and then at most ABOUT_MAX_CONTACT_LINES contact
 * lines. Then the stage reads on, over at most ABOUT_LOOKAHEAD non-blank lines, for the next line
 * of prose: when the model called it body, the story goes on after the box, and the "box" was one
 * of the story's own sections (a voter guide's "About <candidate>", a FAQ's answers, a festival's
 * "Sobre Sevilla"): nothing changes. Otherwise (furniture, or the page's end) the box's lines
 * become `disclaimer`. The stage holds the lines under a heading until it has decided (at most
 * ABOUT_MAX_HELD lines).
 *
 * A box may also have no heading but the writer's name: after the story has begun, a line that is
 * a name by itself (two to four capitalised words) whose every word is in a byline above ("By Meg
 * James" at the top, "Meg James" over "Meg James is a corporate media reporter ..." at the foot)
 * opens a box as "About Meg James" would (session 37: out of fold one line, rightly; no probe
 * page changed but one of probe/unseen36's, rightly, seen after it was built).
 *
 * QA pass 39 (30 pages written to provoke the first version, `probe/about/`) gave the whole-word
 * name match, the articles, the two-word names, the look ahead and the later bio lines' guard:
 * that version took 87 lines wrongly there (a FAQ's, a voter guide's, an obituary's sections, a
 * menu holding "About the Author", a book review's box on the book's author).
 */
import { readFileSync } from 'node:fs';
import type { Stage } from './stage.js';
import type { LabelledLine } from './types.js';
import { mergeWordLists } from './word-lists.js';
import { alternation } from './roles.js';
import { MODEL_SAYS, openingKey, wordKey } from './rules.js';
import { readNetworkLine } from './social.js';
import { isByline } from './roles.js';

/** Most words of a box's heading ("About the author", "Über die Weber Antriebe AG"). @default 6 */
export const ABOUT_HEADING_MAX_WORDS = 6;
/** Longest heading read, in UTF-16 code units: longer lines are not read at all. @default 120 */
export const ABOUT_HEADING_MAX_CHARS = 120;
/** Most words of the name after `about` and its article ("About Jane Q. Roe"). @default 4 */
export const ABOUT_NAME_MAX_WORDS = 4;
/**
 * Non-blank lines between the heading and the bio that may be the name or contact details: the
 * name shown twice and a handle (the tuning pages' boxes have at most three).
 * @default 3
 */
export const ABOUT_MAX_LINES_BEFORE_BIO = 3;
/** Fewest words of a bio that ends a sentence ("Senior editor at Gizmodo."). @default 3 */
export const ABOUT_BIO_MIN_WORDS = 3;
/** Words from which a line is a paragraph even without a sentence end. @default 8 */
export const ABOUT_PARAGRAPH_WORDS = 8;
/** Characters from which a line of a script written without spaces is a paragraph. @default 8 */
export const ABOUT_PARAGRAPH_CHARS = 8;
/** Most characters of a name in a script written without spaces ("ひなた", "王海燕"). @default 4 */
export const ABOUT_SPACELESS_NAME_CHARS = 4;
/** Bio lines a box holds (a press release's boilerplate runs to two or three paragraphs). @default 3 */
export const ABOUT_MAX_BIO_LINES = 3;
/** Contact lines after the bio that the box keeps (`@janeroe`, `EmailTwitterPosts`). @default 2 */
export const ABOUT_MAX_CONTACT_LINES = 2;
/**
 * Non-blank lines after the box read for the next line of prose, whose label says whether the
 * story goes on after the box.
 * @default 6
 */
export const ABOUT_LOOKAHEAD = 6;
/**
 * Capitalised words of the page's byline lines remembered, for a box right under the story that
 * names its writer; past it no more are added, so memory stays flat.
 * @default 200
 */
export const ABOUT_MAX_BYLINE_WORDS = 200;
/** Longest line read as a byline for those words, in UTF-16 code units. @default 160 */
export const ABOUT_BYLINE_MAX_CHARS = 160;
/**
 * Longest line read as the writer's name alone (writerHeading), in UTF-16 code units: a cheap
 * test before the name's words are split, on every line after the story's first paragraph.
 * @default 60
 */
export const ABOUT_WRITER_NAME_MAX_CHARS = 60;
/** Lines (blank ones too) held under a heading before the box is decided on. @default 64 */
export const ABOUT_MAX_HELD = 64;

/** data/about.json: the headings of a box, per language, merged. */
export const ABOUT_WORDS_FILE = new URL('../data/about.json', import.meta.url);

export interface AboutPatterns {
  /** A whole line that is a box's heading, a colon after it allowed. */
  box: RegExp;
  /** The `about` word, an article at most, and the rest of the line (group 1). */
  about: RegExp;
  /** The words after `about` that name no one (lower case). */
  notName: Set<string>;
  /** The keys (wordKey) of the first words of the headings and `about` words: a line whose first word is none of them opens no box. */
  firstWords: Set<number>;
}

/** Read and check data/about.json's shape; throws ERR_ABOUT naming the file. */
export function parseAboutWords(data: unknown, file = 'about.json'): AboutPatterns {
  const lists = mergeWordLists(data, ['box', 'about', 'article', 'notName'] as const, 'ERR_ABOUT', 'the about-box words', file);
  // An article glued to its name by an apostrophe ("l'auteur") has no space after it.
  const article = lists.article.length === 0 ? '' : `(?:(?:${alternation(lists.article)})(?:\\s+|(?<=['’])))?`;
  const firstWords = new Set([...lists.box, ...lists.about].map((p) => wordKey(p.split(/\s+/u)[0]!.replace(/’/g, "'"))));
  return {
    firstWords,
    box: new RegExp(`^\\s*(?:${alternation(lists.box)})\\s*[:：]?\\s*$`, 'iu'),
    about: new RegExp(`^\\s*(?:${alternation(lists.about)})\\s+${article}(\\S.*?)\\s*[:：]?\\s*$`, 'iu'),
    notName: new Set(lists.notName),
  };
}

const PATTERNS = parseAboutWords(JSON.parse(readFileSync(ABOUT_WORDS_FILE, 'utf8')), ABOUT_WORDS_FILE.pathname);

const SENTENCE_END = /[.!?。！？]["'”’»)\]]*\s*$/u;
/** A heading ending in a short abbreviation's dot ("About Acme Robotics, Inc.") ends no sentence. */
const ABBREVIATION_END = /(?:^|[\s.])\p{Lu}[\p{L}.]{0,4}\.\s*$/u;
const COLON_END = /[:：]\s*$/u;
const QUESTION_END = /[?？]["'”’»)\]]*\s*$/u;
const SPACELESS = /[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]/u;
/**
 * A word of a name: a capital first ("Jane", "O'Neil", "McKay", "Robotics,"), or a brand's digit
 * or inner capital among its letters ("my6sense", "iRobot", "9to5Mac"); never digits alone (a date).
 */
const NAME_WORD = /^(?:\p{Lu}[\p{L}\p{M}'’.&-]*,?|(?=[\p{L}\p{N}]*\p{L})[\p{Ll}\p{N}]*(?:\p{N}|\p{Ll}\p{Lu})[\p{L}\p{N}]*,?|&)$/u;
/** The little words inside a name ("Ursula von der Leyen", "Luiz Inácio Lula da Silva"). */
const NAME_PARTICLE = /^(?:de|da|do|dos|das|del|della|di|du|la|le|van|von|der|den|ter|bin|al|y|e)$/u;
/** A handle or an e-mail address by itself, perhaps after its label ("Twitter: @janeroe"). */
const CONTACT = /^(?:(?:follow|twitter|x|e-?mail|mail)\s*:?\s*)?(?:@\w+|[^\s@]+@[^\s@]+\.\w+)$/iu;
/** A link row glued into one word by the dump ("EmailTwitterPosts"): case matters, so no `i` flag. */
const GLUED_LINKS = /^\p{Lu}\p{Ll}+(?:\p{Lu}\p{Ll}+){2,}$/u;
/** A company's legal form or its listing, by which a press release's boilerplate names it ("Acme, Inc.", "(NASDAQ: ACME)"). */
const COMPANY = /(?<![\p{L}])(?:Inc|LLC|Ltd|GmbH|AG|S\.A|SA|plc|PLC|Corp|N\.V|B\.V|SE|S\.p\.A|Oy|AB|ASA)\b\.?|\((?:NYSE|NASDAQ|Nasdaq|LSE|TSX|ASX|ETR|FWB|Euronext)[:\s]/u;
/** A capitalised word of two letters or more (names are remembered and compared by these). */
const CAPITALISED = /(?<![\p{L}\p{N}\p{M}])\p{Lu}[\p{L}\p{M}'’-]+/gu;
/** The first two capitalised words in a row: a person's name opening a bio ("Elena Sorvino grew up ..."). */
const FIRST_PAIR = /(?<![\p{L}\p{N}\p{M}])(\p{Lu}[\p{L}\p{M}'’-]+)\s+(\p{Lu}[\p{L}\p{M}'’-]+)/u;
/** A separator of menu items or a breadcrumb: no name holds one. */
const SEPARATOR = /[>|/»›•·]/u;

function wordsOf(text: string): string[] {
  const t = text.trim();
  return t === '' ? [] : t.split(/\s+/u);
}

/** A heading that names someone or something: the words to find in the bio, and whether case matters there. */
interface Named {
  words: string[];
  anyCase: boolean;
  /** The heading is the name of the page's writer by itself, after the story (no `about` word). */
  writer?: boolean;
}

/** What a heading opens: 'box' for a box heading ("About the author"), a name's words, or `null` for no heading. */
function readHeading(text: string, patterns: AboutPatterns): 'box' | Named | null {
  // Every line comes here: the anchored patterns fail on most at their first characters, so
  // they go first, and the words are counted only on a line that opens like a heading.
  if (text.length > ABOUT_HEADING_MAX_CHARS) return null;
  // One look-up of the first word (rules.ts openingKey, null for a script without spaces, whose
  // headings the patterns read) passes over most lines before either pattern runs.
  const key = openingKey(text);
  if (key !== null && !patterns.firstWords.has(key)) return null;
  const box = patterns.box.test(text);
  const m = box ? null : patterns.about.exec(text);
  if (!box && m === null) return null;
  if (wordsOf(text).length > ABOUT_HEADING_MAX_WORDS || (SENTENCE_END.test(text) && !ABBREVIATION_END.test(text))) return null;
  if (box) return 'box';
  const name = wordsOf(m![1]!);
  if (name.length > ABOUT_NAME_MAX_WORDS || patterns.notName.has(name[0]!.toLowerCase())) return null;
  if (!NAME_WORD.test(name[0]!) || !name.every((w) => NAME_WORD.test(w) || NAME_PARTICLE.test(w))) return null;
  // The words a bio names the heading's subject by: particles and punctuation aside, of three
  // letters or more ("Acme Robotics, Inc." -> Acme, Robotics, Inc).
  const words = name.filter((w) => !NAME_PARTICLE.test(w)).map((w) => w.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, '')).filter((w) => w.length >= 3);
  if (words.length === 0) return null;
  // A heading in capitals ("ABOUT NORTHWIND HEALTH") says nothing of how the bio writes the name.
  return { words, anyCase: m![1]! === m![1]!.toUpperCase() };
}

/** A bio line: a sentence of ABOUT_BIO_MIN_WORDS words, or a paragraph's length. */
function readsAsBio(text: string): boolean {
  // A line that ends in a colon introduces what follows it ("If you have any questions, please e-mail to:").
  if (COLON_END.test(text)) return false;
  // Without spaces a breadcrumb ("ホーム > レシピ > 和食") is as long as a sentence: only a sentence end tells them apart.
  if (SPACELESS.test(text)) return text.trim().length >= ABOUT_PARAGRAPH_CHARS && SENTENCE_END.test(text);
  const n = wordsOf(text).length;
  return n >= ABOUT_PARAGRAPH_WORDS || (n >= ABOUT_BIO_MIN_WORDS && SENTENCE_END.test(text));
}

/**
 * A person's name by itself ("Adam Clark Estes"): two to ABOUT_NAME_MAX_WORDS capitalised words
 * (one is a menu's link: "Events", "Contact"), not opening with a `notName` word ("Our Team"); in
 * a script without spaces, a short line with no separator ("ひなた"; not "ホーム > レシピ").
 */
function readsAsName(text: string, patterns: AboutPatterns): boolean {
  if (SEPARATOR.test(text)) return false;
  if (SPACELESS.test(text)) return text.trim().length <= ABOUT_SPACELESS_NAME_CHARS;
  const words = wordsOf(text);
  if (words.length < 2 || words.length > ABOUT_NAME_MAX_WORDS || SENTENCE_END.test(text)) return false;
  // No word of it names no one: "Contact Me" and "Our Team" are a menu's links.
  if (words.some((w) => patterns.notName.has(w.toLowerCase()))) return false;
  return NAME_WORD.test(words[0]!) && words.every((w) => NAME_WORD.test(w) || NAME_PARTICLE.test(w));
}

/**
 * A handle, an address or a glued link row; under a box heading also a row of network names (the
 * writer's accounts, which the guide makes part of the box), not under a company's name, whose
 * own accounts are a follow-us row (advertisement).
 */
function readsAsContact(text: string, box: boolean): boolean {
  const t = text.trim();
  return CONTACT.test(t) || GLUED_LINKS.test(t) || (box && readNetworkLine(t) !== undefined);
}

const WORD_EDGE = /[\p{L}\p{N}\p{M}]/u;

/** Whether `text` holds one of the heading's words as a whole word (case as `named` says). */
function namesAny(text: string, named: Named): boolean {
  const hay = named.anyCase ? text.toLowerCase() : text;
  for (const w of named.words) {
    const word = named.anyCase ? w.toLowerCase() : w;
    for (let at = hay.indexOf(word); at >= 0; at = hay.indexOf(word, at + 1)) {
      const before = at === 0 ? '' : hay[at - 1]!;
      const after = hay[at + word.length] ?? '';
      if (!WORD_EDGE.test(before) && !WORD_EDGE.test(after)) return true;
    }
  }
  return false;
}

/** Where a box under a heading has got to. */
interface Box {
  /** The heading's name, or 'box' for a box heading. */
  heading: 'box' | Named;
  /** Index in `held` of the last line of the box so far (the heading until a bio comes). */
  end: number;
  /** Name or contact lines read before the bio. */
  before: number;
  bios: number;
  contacts: number;
  /** Non-blank lines read after the box while looking for the next line of prose; -1 while the box is read. */
  after: number;
  /** Whether the nearest non-blank line above the heading was one the model called body: the box would carry on the story. */
  afterStory: boolean;
  /** The first bio line. */
  bio: string;
  /** The first name line read under the heading, or ''. */
  name: string;
  /** A name line read after a bio, whose own bio must come next (several writers under one heading), or ''. */
  next: string;
}

export class AboutBoxStage implements Stage<LabelledLine, LabelledLine> {
  /** The heading and the lines under it, while the box is read. */
  private readonly held: LabelledLine[] = [];
  private box: Box | undefined;
  /** The label of the last non-blank line that went out (or opened a box). */
  private lastLabel: LabelledLine['label'] = 'blank';
  /** Capitalised words of the byline lines so far (lower case): the page's writers. */
  private readonly bylineWords = new Set<string>();
  /** Set once a line the model called body has read as a paragraph: the story has begun. */
  private storyBegun = false;

  /** @param reasons whether lines carry reasons (the Labeller's setting). */
  constructor(
    private readonly reasons = true,
    private readonly patterns: AboutPatterns = PATTERNS,
  ) {}

  /** Never skipped: a heading may come anywhere (the pipeline's `through` asks). */
  get passing(): boolean {
    return false;
  }

  push(line: LabelledLine, out: LabelledLine[]): void {
    const box = this.box;
    if (box === undefined) {
      this.start(line, out);
      return;
    }
    this.held.push(line);
    if (line.label === 'blank') {
      if (this.held.length >= ABOUT_MAX_HELD) this.decide(out, box.bios > 0 && this.standsApart(box));
      return;
    }
    const text = line.text;
    const at = this.held.length - 1;
    if (box.after >= 0) this.lookAhead(box, line, out);
    else if (box.bios === 0) {
      if (readsAsBio(text) && (box.heading === 'box' || namesAny(text, box.heading))) {
        box.bios = 1;
        box.end = at;
        box.bio = text;
      } else if (box.before < ABOUT_MAX_LINES_BEFORE_BIO && readsAsName(text, this.patterns)) {
        box.before++;
        if (box.name === '') box.name = text;
      } else if (box.before < ABOUT_MAX_LINES_BEFORE_BIO && readsAsContact(text, box.heading === 'box')) box.before++;
      else this.decide(out, false);
    } else if (box.next !== '') {
      // A second writer's name came after a bio: their bio must open with the name's first word.
      const first = box.next.trim().split(/\s+/u)[0]!;
      box.next = '';
      if (readsAsBio(text) && text.trimStart().startsWith(first)) {
        box.bios++;
        box.end = at;
      } else {
        box.after = 1;
        this.lookAhead(box, line, out);
      }
    } else if (box.contacts === 0 && box.bios < ABOUT_MAX_BIO_LINES && readsAsBio(text) && line.label !== 'navigation' && line.label !== 'advertisement' && !QUESTION_END.test(text)) {
      box.bios++;
      box.end = at;
    } else if (box.heading === 'box' && box.contacts === 0 && box.bios < ABOUT_MAX_BIO_LINES && readsAsName(text, this.patterns)) {
      // Several writers under one heading ("About the authors"): a name, then their bio.
      box.next = text;
    } else if (box.contacts < ABOUT_MAX_CONTACT_LINES && readsAsContact(text, box.heading === 'box')) {
      box.contacts++;
      box.end = at;
    } else {
      // The box has ended at this line: it is the first one looked at for the story's going on.
      box.after = 0;
      this.lookAhead(box, line, out);
    }
  }

  flush(out: LabelledLine[]): void {
    const box = this.box;
    if (box !== undefined) this.decide(out, box.bios > 0 && this.standsApart(box));
  }

  /** A line after the box: the first line of prose decides (body: the story goes on); past ABOUT_LOOKAHEAD lines, the box stands. */
  private lookAhead(box: Box, line: LabelledLine, out: LabelledLine[]): void {
    if (readsAsBio(line.text)) this.decide(out, line.label !== 'body' && this.standsApart(box));
    else if (++box.after >= ABOUT_LOOKAHEAD) this.decide(out, this.standsApart(box));
  }

  /**
   * Whether the box stands apart from the story: furniture above its heading, or a company's
   * boilerplate under its legal form or listing ("About Acme Robotics, Inc.", "(NASDAQ: ACME)"),
   * which a press release prints right after its last paragraph. A heading right under the
   * story's prose is the story's last section (an event page's "About Berlin", a product page's
   * "About Breville", a book review's "About the author" on the book's author: QA pass 39), and
   * the tuning pages' author boxes all stand under a related list, tags or a share row.
   */
  private standsApart(box: Box): boolean {
    if (!box.afterStory) return true;
    if (box.heading !== 'box' && (COMPANY.test(this.held[0]!.text) || COMPANY.test(box.bio))) return true;
    return this.namesWriter(box);
  }

  /**
   * Whether the box names the page's writer: every capitalised word of the heading's name, or of
   * its name line (else of the first two capitalised words in a row of its bio), is in a byline
   * above ("By Laila Haddad and Tomás Rivera", "Von Moritz Bachmann"). An op-ed's "About the
   * authors" and a blog's "Über <writer>" stand right under the last paragraph; a book review's
   * box on the book's author, or a page's "About Berlin", names someone no byline does.
   */
  private namesWriter(box: Box): boolean {
    const words = box.heading !== 'box' ? box.heading.words : box.name !== '' ? (box.name.match(CAPITALISED) ?? []) : (FIRST_PAIR.exec(box.bio)?.slice(1) ?? []);
    return words.length > 0 && words.every((w) => this.bylineWords.has(w.toLowerCase()));
  }

  /**
   * A headless writer's box: after the story has begun, a line that is a name by itself
   * (readsAsName) whose every capitalised word is in a byline above ("By Meg James" ... "Meg
   * James", then "Meg James is a corporate media reporter ..."). It opens a box as "About Meg
   * James" would, so a bio naming the writer must follow and no story after it.
   */
  private writerHeading(text: string): Named | null {
    if (!this.storyBegun || this.bylineWords.size === 0 || text.length > ABOUT_WRITER_NAME_MAX_CHARS || !readsAsName(text, this.patterns)) return null;
    const words = text.match(CAPITALISED) ?? [];
    if (words.length < 2 || !words.every((w) => this.bylineWords.has(w.toLowerCase()))) return null;
    return { words, anyCase: false, writer: true };
  }

  /** A line out of the stage: a byline's capitalised words are remembered (namesWriter). */
  private remember(line: LabelledLine): void {
    const text = line.text;
    if (line.label === 'body' && !this.storyBegun && readsAsBio(text) && !isByline(text)) this.storyBegun = true;
    if (line.label !== 'body' || text.length > ABOUT_BYLINE_MAX_CHARS || this.bylineWords.size >= ABOUT_MAX_BYLINE_WORDS || !isByline(text)) return;
    for (const w of text.match(CAPITALISED) ?? []) this.bylineWords.add(w.toLowerCase());
  }

  /** A line outside a box: a heading opens one, any other goes on. */
  private start(line: LabelledLine, out: LabelledLine[]): void {
    const heading = line.label === 'blank' ? null : (readHeading(line.text, this.patterns) ?? this.writerHeading(line.text));
    if (heading === null) {
      if (line.label !== 'blank') {
        this.lastLabel = line.label;
        this.remember(line);
      }
      out.push(line);
      return;
    }
    this.box = { heading, end: 0, before: 0, bios: 0, contacts: 0, after: -1, afterStory: this.lastLabel === 'body', bio: '', name: '', next: '' };
    this.lastLabel = line.label;
    this.held.push(line);
  }

  /**
   * The box is read: when `taken`, its lines through `end` become disclaimer. The lines after
   * `end` go through start() again, for a line after the box may open the next.
   */
  private decide(out: LabelledLine[], taken: boolean): void {
    const box = this.box!;
    this.box = undefined;
    const held = this.held.splice(0);
    const last = taken ? box.end : 0;
    if (taken) {
      const opened = box.heading === 'box' ? 'heading' : box.heading.writer === true ? `the byline's writer named alone (${box.heading.words.join(' ')})` : 'heading naming ' + box.heading.words.join(' ');
      const why = `about box: ${opened}, ${box.bios} bio line${box.bios === 1 ? '' : 's'}, no story after it`;
      for (let i = 0; i <= last; i++) {
        const l = held[i]!;
        if (l.label === 'blank' || l.label === 'disclaimer') continue;
        if (this.reasons) l.reason = 'disclaimer: ' + why + MODEL_SAYS + l.reason;
        l.label = 'disclaimer';
      }
    }
    for (let i = 0; i <= last; i++) {
      if (held[i]!.label !== 'blank') this.lastLabel = held[i]!.label;
      out.push(held[i]!);
    }
    for (let i = last + 1; i < held.length; i++) this.push(held[i]!, out);
  }
}
