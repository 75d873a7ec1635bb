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
 * navigation and 11 body. What gives the box away is its shape: the heading, then within a few
 * lines a sentence about whom it names. A menu's "About us" or "About CNBC" has other links under
 * it, not a paragraph, and stays as the model said.
 *
 * A heading is a line of at most ABOUT_HEADING_MAX_WORDS words and no sentence end that is one of
 * data/about.json's `box` headings ("About the author", "Об авторе", "このブログの管理人"), or its
 * `about` word and a name of at most ABOUT_NAME_MAX_WORDS capitalised words ("About Jane Roe"; not
 * a `notName` word: "About us", "About this article"). Under it, at most ABOUT_MAX_LINES_BEFORE_BIO
 * non-blank lines may be the name or contact details (a capitalised name, a handle, an address, a
 * run-together link row) before the bio: a line that ends a sentence in at least
 * ABOUT_BIO_MIN_WORDS words, or runs to ABOUT_PARAGRAPH_WORDS words. Under a name's heading the bio
 * must name one of the heading's words (so a menu's "About Billboard" is not taken for a box with
 * a footer's sentence five lines below it). The box runs on over ABOUT_MAX_BIO_LINES bio lines in
 * all and then at most ABOUT_MAX_CONTACT_LINES contact lines; those lines become `disclaimer`.
 * The stage holds the lines under a heading until it has decided (at most ABOUT_MAX_HELD lines).
 */
import { readFileSync } from 'node:fs';
import type { Stage } from './stage.js';
import type { LabelledLine } from './types.js';
import { BoilerstripError } from './errors.js';
import { alternation } from './roles.js';
import { MODEL_SAYS } from './rules.js';
import { readNetworkLine } from './social.js';

/** Most words of a box's heading ("About the author", "Über Moritz Bachmann"). @default 6 */
export const ABOUT_HEADING_MAX_WORDS = 6;
/** Longest heading read, in UTF-16 code units: longer lines are not read at all. @default 120 */
export const ABOUT_HEADING_MAX_CHARS = 120;
/** Most words of the name after `about` ("About Jane Q. Roe"). @default 4 */
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
/** Bio lines a box holds (a press release's boilerplate runs to two or three paragraphs). @default 3 */
export const ABOUT_MAX_BIO_LINES = 3;
/** Contact lines after the bio that the box keeps (`@janeroe`, `EmailTwitterPosts`). @default 2 */
export const ABOUT_MAX_CONTACT_LINES = 2;
/** Lines (blank ones too) held under a heading before the box is decided on. @default 64 */
export const ABOUT_MAX_HELD = 64;

/** data/about.json: the headings of a box, per language, merged. */
export const ABOUT_WORDS_FILE = new URL('../data/about.json', import.meta.url);

export interface AboutPatterns {
  /** A whole line that is a box's heading, a colon after it allowed. */
  box: RegExp;
  /** The `about` word and the rest of the line (group 1). */
  about: RegExp;
  /** The words after `about` that name no one (lower case). */
  notName: Set<string>;
}

/** Read and check data/about.json's shape; throws ERR_ABOUT naming the file. */
export function parseAboutWords(data: unknown, file = 'about.json'): AboutPatterns {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) throw new BoilerstripError('ERR_ABOUT', 'the about-box words must be a JSON object of languages', { file });
  const lists = { box: [] as string[], about: [] as string[], notName: [] as string[] };
  for (const [lang, entry] of Object.entries(data)) {
    if (lang.startsWith('_')) continue;
    if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) throw new BoilerstripError('ERR_ABOUT', `"${lang}" must be an object of word lists`, { file });
    for (const kind of ['box', 'about', 'notName'] as const) {
      const list: unknown = (entry as Record<string, unknown>)[kind] ?? [];
      if (!Array.isArray(list) || list.some((w) => typeof w !== 'string' || w.trim() === '')) throw new BoilerstripError('ERR_ABOUT', `"${lang}.${kind}" must be an array of non-empty strings`, { file });
      for (const w of list as string[]) lists[kind].push(w.trim().toLowerCase());
    }
  }
  return {
    box: new RegExp(`^\\s*(?:${alternation(lists.box)})\\s*[:：]?\\s*$`, 'iu'),
    about: new RegExp(`^\\s*(?:${alternation(lists.about)})\\s+(\\S.*?)\\s*[:：]?\\s*$`, 'iu'),
    notName: new Set(lists.notName),
  };
}

const PATTERNS = parseAboutWords(JSON.parse(readFileSync(ABOUT_WORDS_FILE, 'utf8')), ABOUT_WORDS_FILE.pathname);

const SENTENCE_END = /[.!?。！？]["'”’»)\]]*\s*$/u;
const SPACELESS = /[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]/u;
/** A word of a name: a capital first ("Jane", "O'Neil", "McKay"), or a brand's digit or inner capital ("my6sense", "iRobot"). */
const NAME_WORD = /^(?:\p{Lu}[\p{L}\p{M}'’.-]*|[\p{Ll}\p{N}]*(?:\p{N}|\p{Ll}\p{Lu})[\p{L}\p{N}]*)$/u;
/** The little words inside a name ("Ursula von der Leyen", "Luiz Inácio Lula da Silva"). */
const NAME_PARTICLE = /^(?:de|da|do|dos|das|del|della|di|du|la|le|van|von|der|den|ter|bin|al|y|e)$/u;
/** A handle or an e-mail address by itself, perhaps after its label ("Twitter: @janeroe"). */
const CONTACT = /^(?:(?:follow|twitter|x|e-?mail|mail)\s*:?\s*)?(?:@\w+|[^\s@]+@[^\s@]+\.\w+)$/iu;
/** A link row glued into one word by the dump ("EmailTwitterPosts"): case matters, so no `i` flag. */
const GLUED_LINKS = /^\p{Lu}\p{Ll}+(?:\p{Lu}\p{Ll}+){2,}$/u;

function wordsOf(text: string): string[] {
  const t = text.trim();
  return t === '' ? [] : t.split(/\s+/u);
}

/** What a heading names: `undefined` for a box heading ("About the author"), else the name's words; `null` for no heading. */
function readHeading(text: string, patterns: AboutPatterns): string[] | undefined | null {
  // Every line comes here: the anchored patterns fail on most at their first characters, so
  // they go first, and the words are counted only on a line that opens like a heading.
  if (text.length > ABOUT_HEADING_MAX_CHARS) return null;
  const box = patterns.box.test(text);
  const m = box ? null : patterns.about.exec(text);
  if (!box && m === null) return null;
  const words = wordsOf(text);
  if (words.length > ABOUT_HEADING_MAX_WORDS || SENTENCE_END.test(text)) return null;
  if (box) return undefined;
  const name = wordsOf(m![1]!);
  if (name.length > ABOUT_NAME_MAX_WORDS || patterns.notName.has(name[0]!.toLowerCase())) return null;
  if (!NAME_WORD.test(name[0]!) || !name.every((w) => NAME_WORD.test(w) || NAME_PARTICLE.test(w))) return null;
  return name;
}

/** A bio line: a sentence of ABOUT_BIO_MIN_WORDS words, or a paragraph's length. */
function readsAsBio(text: string): boolean {
  const n = wordsOf(text).length;
  // Without spaces a breadcrumb ("ホーム > レシピ > 和食") is as long as a sentence: only a sentence end tells them apart.
  if (SPACELESS.test(text)) return text.trim().length >= ABOUT_PARAGRAPH_CHARS && SENTENCE_END.test(text);
  return n >= ABOUT_PARAGRAPH_WORDS || (n >= ABOUT_BIO_MIN_WORDS && SENTENCE_END.test(text));
}

/** A capitalised name by itself ("Adam Clark Estes"), or a short line of a spaceless script. */
function readsAsName(text: string): boolean {
  const words = wordsOf(text);
  if (words.length === 0 || words.length > ABOUT_NAME_MAX_WORDS || SENTENCE_END.test(text)) return false;
  if (SPACELESS.test(text)) return text.trim().length < ABOUT_PARAGRAPH_CHARS;
  return NAME_WORD.test(words[0]!) && words.every((w) => NAME_WORD.test(w) || NAME_PARTICLE.test(w));
}

/** A handle, an address, a glued link row, or a row of network names (the writer's accounts, which the guide makes part of the box). */
function readsAsContact(text: string): boolean {
  const t = text.trim();
  return CONTACT.test(t) || GLUED_LINKS.test(t) || readNetworkLine(t) !== undefined;
}

/** Whether `text` holds one of the name's words (of three letters or more), in any case. */
function namesAny(text: string, name: readonly string[]): boolean {
  const lower = text.toLowerCase();
  return name.some((w) => {
    const word = w.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');
    return word.length >= 3 && lower.includes(word);
  });
}

/** Where a box under a heading has got to. */
interface Box {
  /** The heading's name, or undefined for a box heading. */
  name: string[] | undefined;
  /** Index in `held` of the last line of the box so far (the heading until a bio comes). */
  end: number;
  /** Name or contact lines read before the bio. */
  before: number;
  bios: number;
  contacts: number;
}

export class AboutBoxStage implements Stage<LabelledLine, LabelledLine> {
  /** The heading and the lines under it, while the box is read. */
  private readonly held: LabelledLine[] = [];
  private box: Box | undefined;

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
      if (this.held.length >= ABOUT_MAX_HELD) this.decide(out);
      return;
    }
    const text = line.text;
    const at = this.held.length - 1;
    if (box.bios === 0) {
      if (readsAsBio(text) && (box.name === undefined || namesAny(text, box.name))) {
        box.bios = 1;
        box.end = at;
      } else if (box.before < ABOUT_MAX_LINES_BEFORE_BIO && (readsAsName(text) || readsAsContact(text))) box.before++;
      else this.decide(out);
    } else if (box.contacts === 0 && box.bios < ABOUT_MAX_BIO_LINES && readsAsBio(text)) {
      box.bios++;
      box.end = at;
    } else if (box.contacts < ABOUT_MAX_CONTACT_LINES && readsAsContact(text)) {
      box.contacts++;
      box.end = at;
    } else this.decide(out);
  }

  flush(out: LabelledLine[]): void {
    if (this.box !== undefined) this.decide(out);
  }

  /** A line outside a box: a heading opens one, any other goes on. */
  private start(line: LabelledLine, out: LabelledLine[]): void {
    const name = line.label === 'blank' ? null : readHeading(line.text, this.patterns);
    if (name === null) {
      out.push(line);
      return;
    }
    this.box = { name, end: 0, before: 0, bios: 0, contacts: 0 };
    this.held.push(line);
  }

  /**
   * The box is read: with a bio, its lines through `end` become disclaimer. The lines after
   * `end` go through start() again, for the line that ended the box may open the next.
   */
  private decide(out: LabelledLine[]): void {
    const box = this.box!;
    this.box = undefined;
    const held = this.held.splice(0);
    const last = box.bios > 0 ? box.end : 0;
    if (box.bios > 0) {
      const why = `about box: ${box.name === undefined ? 'heading' : 'heading naming ' + box.name.join(' ')}, ${box.bios} bio line${box.bios === 1 ? '' : 's'}`;
      for (let i = 0; i <= last; i++) {
        const l = held[i]!;
        if (l.label === 'blank' || l.label === 'disclaimer') continue;
        if (this.reasons) l.reason = 'disclaimer: ' + why + MODEL_SAYS + l.reason;
        l.label = 'disclaimer';
      }
    }
    for (let i = 0; i <= last; i++) out.push(held[i]!);
    for (let i = last + 1; i < held.length; i++) this.push(held[i]!, out);
  }
}
