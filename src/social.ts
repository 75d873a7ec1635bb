/**
 * A row of social network names is either the site's follow-us row (advertisement) or a share bar
 * (navigation), and which one it is shows in the names it holds (golden/README.md, "Social links").
 *
 * Why: a share bar ("Facebook", "Twitter", "Email", one a line, by the story) is navigation and
 * a row of the site's own accounts in the header or footer is a follow-us pitch, and in a text
 * dump the two read alike: bare network names, one a line. The models, which see one line and a
 * few neighbours, mixed them up both ways: out of fold on the tuning pages
 * (scripts/train.mjs --cv 5 --cv-out), 534 advertisement lines were labelled navigation, the
 * largest confusion of any two classes, and follow-us rows were the largest kind among them;
 * share bars were the largest kind of navigation labelled advertisement.
 * What tells the two rows apart is which networks they name. A share bar offers only networks
 * a link can be posted to; YouTube, Instagram, an RSS feed, a podcast or TikTok take no shared
 * link, so a row that names one of them leads to the publisher's own channels. On the tuning
 * pages' out-of-fold labels (prototypes over the --cv-out file; scripts/oof-stages.mjs runs the stage there):
 * - rows of 3 or more names with such a channel among them held 170 advertisement lines, 8
 *   disclaimer (a writer's own accounts in an author box) and 1 navigation; made advertisement,
 *   they changed 75 lines, 70 of them rightly;
 * - rows of 3 or more names without one held 137 navigation lines and 6 advertisement (two
 *   footers' "Facebook Twitter LinkedIn"); made navigation, they changed 59 lines, 57 rightly.
 *
 * A row is a run of lines each made only of network names (data/networks.json), blank lines
 * between them allowed; one line may hold the whole row ("facebook twitter youtube rss feed").
 * Only lines the model called navigation or advertisement are relabelled. One it called
 * disclaimer keeps its label: a writer's accounts in an author box are the author's, not the
 * site's (golden/README.md). One it called body keeps it too: a story may list networks ("The
 * apps teens use most: / YouTube / TikTok / Instagram"), and out of fold on the tuning pages the
 * model called no line of a row body. On an HTML page (readsLinks) share bars are
 * left to the model, which knows where the links point. The stage holds at most the lines of one
 * row, SOCIAL_ROW_MAX_HELD lines and no more, so memory stays bounded; a longer row is decided
 * in parts, each on what the row has shown so far.
 */
import { readFileSync } from 'node:fs';
import type { LabelledLine } from './types.js';
import type { Stage } from './stage.js';
import { MODEL_SAYS } from './rules.js';
import { BoilerstripError } from './errors.js';

/**
 * Fewest network names in a row the stage decides. On the tuning pages' out-of-fold labels, rows
 * of 2 names with a channel among them changed 12 lines more, only 4 of them rightly: two names
 * are as often a writer's links or a "YouTube | Podcast" menu pair.
 * @default 3
 */
export const SOCIAL_ROW_MIN_ITEMS = 3;
/**
 * Lines (blank ones too) of one row held before the stage decides on what it has seen: a row of
 * accounts runs to a dozen lines, and the bound keeps a page of nothing but network names from
 * being held whole.
 * @default 64
 */
export const SOCIAL_ROW_MAX_HELD = 64;
/**
 * Blank lines in a row that a row of names may hold between two names: dumps put one or two
 * between blocks; more, and the names are apart, not a row.
 * @default 3
 */
export const SOCIAL_ROW_MAX_BLANKS = 3;
/**
 * Longest line, in UTF-16 units, read for network names: a row of a dozen names on one line
 * fits; a longer line is prose or a menu, and is not split at all (most lines of a page are
 * longer, so the check costs them a length test).
 * @default 160
 */
export const NETWORK_LINE_MAX_CHARS = 160;

/** The network names of data/networks.json. */
export const NETWORKS_FILE = new URL('../data/networks.json', import.meta.url);

/** The names, lower-case: `follow` names a channel no page is shared to. */
export interface NetworkNames {
  /** Every name, mapped to whether it is a channel (`follow`) rather than a network a page can be shared to. */
  names: ReadonlyMap<string, boolean>;
  /**
   * Whether a line opens with the first word of a name, icon glyphs and bullets before it: the
   * test every line takes before it is split into words. Nearly every line of a page fails it at
   * its first letters; splitting them all cost the pipeline ~20% (labelling the seeds).
   */
  opening: RegExp;
  /** The first letter-or-digit run of every name ("e" of "e-mail"): the test an ASCII line takes instead of `opening`. */
  firstWords: ReadonlySet<string>;
  /** A short line that asks readers to follow the site ("Follow us", "Stay connected"): data/networks.json `followHeadings`. */
  followHeading: RegExp;
}

/** Read and check data/networks.json's shape; throws ERR_NETWORKS naming the file. */
export function parseNetworkNames(data: unknown, file = 'networks.json'): NetworkNames {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) throw new BoilerstripError('ERR_NETWORKS', 'the network names must be a JSON object', { file });
  const names = new Map<string, boolean>();
  for (const kind of ['share', 'follow'] as const) {
    const list = (data as Record<string, unknown>)[kind];
    if (!Array.isArray(list) || list.some((n) => typeof n !== 'string' || n.trim() === '')) {
      throw new BoilerstripError('ERR_NETWORKS', `"${kind}" must be an array of non-empty strings`, { file });
    }
    for (const n of list as string[]) {
      const name = n.trim().toLowerCase().split(/\s+/u).join(' ');
      if (name.split(' ').length > 2) throw new BoilerstripError('ERR_NETWORKS', `"${n}" has more than two words (names are matched a word or two at a time)`, { file });
      names.set(name, kind === 'follow');
    }
  }
  const escape = (t: string): string => t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const firsts = new Set([...names.keys()].map((n) => escape(n.split(' ')[0]!)));
  const opening = new RegExp(`^[^\\p{L}\\p{N}]*(?:${[...firsts].join('|')})(?![\\p{L}\\p{N}])`, 'iu');
  const headings = (data as Record<string, unknown>).followHeadings;
  if (!Array.isArray(headings) || headings.some((n) => typeof n !== 'string' || n.trim() === '')) {
    throw new BoilerstripError('ERR_NETWORKS', '"followHeadings" must be an array of non-empty strings', { file });
  }
  const phrases = (headings as string[]).map((h) => escape(h.trim().toLowerCase()).replace(/\s+/g, '\\s+'));
  // At the start of the line, on a word boundary, icon glyphs and bullets before it.
  const followHeading = new RegExp(`^[^\\p{L}\\p{N}]*(?:${phrases.join('|')})(?![\\p{L}\\p{N}])`, 'iu');
  const firstWords = new Set([...names.keys()].map((n) => /^[a-z0-9]*/.exec(n)![0]).filter((w) => w !== ''));
  return { names, opening, firstWords, followHeading };
}

const NETWORKS: NetworkNames = parseNetworkNames(JSON.parse(readFileSync(NETWORKS_FILE, 'utf8')), NETWORKS_FILE.pathname);

/** The combining dot above that lower-casing "İ" leaves. */
const DOT_ABOVE = /\u0307/g;
/** Characters NFKC folds into a name's letters: full-width forms, mathematical letters (their high surrogate), dotted capital I. */
const COMPATIBILITY = /[\uff01-\uff5e\ud835\u0130]/;

/** A line in the compatibility forms and case folded as the names are written. */
function fold(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(DOT_ABOVE, '');
}
/** Most words of a heading over a follow-us row ("Follow The Telegraph on social media"). @default 8 */
export const FOLLOW_HEADING_MAX_WORDS = 8;

/** Separators between the names of a one-line row: bars, bullets, middle dots, slashes, commas. */
const SEPARATORS = /[|•·/,;]+/u;
/**
 * What is not part of a name at a word's ends: icon-font glyphs (private use area), bullets,
 * brackets and the like. A trailing `+` stays: it is Google+'s.
 */
const WORD_EDGES = /^[^\p{L}\p{N}]+|[^\p{L}\p{N}+]+$/gu;

/** How many names a line is made of and how many of them are channels; undefined when anything else is on it. */
export interface NetworkLine {
  items: number;
  channels: number;
  /** The first channel's name as data/networks.json writes it, for the reason. */
  channel?: string;
}

/**
 * The first run of ASCII letters and digits of a line, lower-cased, when the line is ASCII up to
 * its end; undefined when a character outside ASCII comes first or inside it (an icon glyph, a
 * name in another script), which the `opening` pattern reads instead. The pattern, tried on
 * every line, cost the text path ~2% (scripts/ab-text.mjs).
 */
function asciiFirstWord(text: string): string | undefined {
  let i = 0;
  while (i < text.length && !asciiWordChar(text.charCodeAt(i))) {
    if (text.charCodeAt(i) > 127) return undefined;
    i++;
  }
  let j = i;
  while (j < text.length && asciiWordChar(text.charCodeAt(j))) j++;
  if (j < text.length && text.charCodeAt(j) > 127) return undefined;
  return text.slice(i, j).toLowerCase();
}

/** An ASCII letter or digit. */
function asciiWordChar(c: number): boolean {
  return (c >= 48 && c <= 57) || ((c | 32) >= 97 && (c | 32) <= 122);
}

/**
 * The network names `text` is made of ("Facebook", "RSS Feed", "twitter | instagram",
 * " YouTube"), or undefined when the line holds anything else (or nothing, or is longer than
 * NETWORK_LINE_MAX_CHARS). Names of two words are tried before one ("rss feed", "google plus").
 */
export function readNetworkLine(text: string, networks: NetworkNames = NETWORKS): NetworkLine | undefined {
  if (text.length > NETWORK_LINE_MAX_CHARS) return undefined;
  // Compatibility forms and case, anywhere in the line: "ＹｏｕＴｕｂｅ", "𝕏", and Turkish
  // "İNSTAGRAM", whose lower case keeps a combining dot above. Folded only when the line holds
  // such a character: folding every short line outside ASCII cost pages in other scripts dearly
  // (QA pass 31: both new stages took ~40% more time on Korean, Russian and Chinese pages).
  if (COMPATIBILITY.test(text)) text = fold(text);
  const first = asciiFirstWord(text);
  if (first !== undefined) {
    if (!networks.firstWords.has(first)) return undefined;
  } else if (!networks.opening.test(text)) return undefined;
  let items = 0;
  let channels = 0;
  let channel: string | undefined;
  for (const segment of text.toLowerCase().split(SEPARATORS)) {
    const words: string[] = [];
    for (const w of segment.split(/\s+/u)) {
      const word = w.replace(WORD_EDGES, '');
      if (word !== '') words.push(word);
    }
    for (let i = 0; i < words.length; ) {
      const pair = i + 1 < words.length ? networks.names.get(words[i] + ' ' + words[i + 1]) : undefined;
      const one = pair === undefined ? networks.names.get(words[i]!) : undefined;
      if (pair === undefined && one === undefined) return undefined;
      if (pair ?? one) {
        channels++;
        channel ??= pair === undefined ? words[i]! : words[i] + ' ' + words[i + 1];
      }
      items++;
      i += pair === undefined ? 1 : 2;
    }
  }
  if (items === 0) return undefined;
  return channel === undefined ? { items, channels } : { items, channels, channel };
}

export class SocialRowStage implements Stage<LabelledLine, LabelledLine> {
  /** The row being read: its lines, blank ones between them too, in order. */
  private readonly held: LabelledLine[] = [];
  /** Names and channels in the row before its current part (counted on across a part decided early). */
  private readonly before: Names = names();
  /** Names and channels in the row's current part: the lines since the last blank line in it. */
  private readonly part: Names = names();
  /** Where the current part starts in `held`. */
  private partStart = 0;
  /** A blank line came since the row's last name: the next name starts a part. */
  private blankSince = false;
  /** Blank lines in a row since the row's last name (SOCIAL_ROW_MAX_BLANKS). */
  private blanks = 0;
  /** The last line with text that was not part of a row, and the one above the row being read. */
  private above: string | undefined;
  private heading: string | undefined;
  /** Set by readsLinks(): share bars are left to the model. */
  private links = false;

  /**
   * @param reasons whether lines carry reasons (the Labeller's setting).
   * @param networks the names (data/networks.json's by default).
   */
  constructor(
    private readonly reasons = true,
    private readonly networks: NetworkNames = NETWORKS,
  ) {}

  /**
   * The document's lines carry DOM facts (an HTML page): the model knows where a row's links
   * point (a share action or the site's profile, features.ts `link_social`), which tells a
   * share bar from a row of accounts better than the names do, so rows with no channel are left
   * to it. With the share-bar half on, `check --html` on the tuning pages lost advertisement
   * recall (0.935 -> 0.930): footer rows of "Facebook Twitter LinkedIn" profile links that the
   * model had right. A row that names a channel is still a follow-us row: that half gained there.
   */
  readsLinks(): void {
    this.links = true;
  }

  push(line: LabelledLine, out: LabelledLine[]): void {
    if (line.label === 'blank') {
      if (this.held.length === 0) out.push(line);
      else if (++this.blanks > SOCIAL_ROW_MAX_BLANKS) {
        // Names far apart are no row (QA pass 31: two names, 4,000 blank lines, a third joined them).
        this.flush(out);
        out.push(line);
      } else {
        this.blankSince = true;
        this.hold(line, out);
      }
      return;
    }
    this.blanks = 0;
    const read = readNetworkLine(line.text, this.networks);
    if (read === undefined) {
      this.flush(out);
      out.push(line);
      this.above = line.text;
      return;
    }
    if (this.held.length === 0 && this.before.items === 0 && this.part.items === 0) this.heading = this.above;
    else if (this.blankSince) {
      add(this.before, this.part);
      clear(this.part);
      this.partStart = this.held.length;
    }
    this.blankSince = false;
    this.part.items += read.items;
    this.part.channels += read.channels;
    this.part.channel ??= read.channel;
    if (this.part.items >= SOCIAL_ROW_MIN_ITEMS && this.before.items >= SOCIAL_ROW_MIN_ITEMS && this.partStart > 0) {
      // Two rows with only blank lines between them, each a row by itself (a share bar by the
      // story, then the site's accounts; QA pass 29): the first is decided alone, as if it had ended.
      this.decide(out, this.partStart, this.before);
      clear(this.before);
      this.heading = undefined;
      this.partStart = 0;
    }
    this.hold(line, out);
  }

  /** End of the document (or of what the Labeller holds): the row read so far is decided. */
  flush(out: LabelledLine[]): void {
    // Nearly every line ends no row: nothing to count.
    if (this.held.length === 0 && this.before.items === 0) return;
    this.decide(out, this.held.length, this.total());
    clear(this.before);
    clear(this.part);
    this.partStart = 0;
    this.blankSince = false;
  }

  private total(): Names {
    const t = names();
    add(t, this.before);
    add(t, this.part);
    return t;
  }

  private hold(line: LabelledLine, out: LabelledLine[]): void {
    this.held.push(line);
    if (this.held.length >= SOCIAL_ROW_MAX_HELD) {
      // The row goes on, but what is held is decided now; the counts carry on to the rest of it.
      this.decide(out, this.held.length, this.total());
      add(this.before, this.part);
      clear(this.part);
      this.partStart = 0;
    }
  }

  /** Whether the line above the row asks readers to follow the site: "Follow Us", "Stay connected". */
  private underFollowHeading(): boolean {
    const h = this.heading;
    if (h === undefined || h.length > FOLLOW_HEADING_MAX_WORDS * 20) return false;
    if (h.trim().split(/\s+/u).length > FOLLOW_HEADING_MAX_WORDS) return false;
    return this.networks.followHeading.test(COMPATIBILITY.test(h) ? fold(h) : h);
  }

  /** The first `count` held lines out, a row of `row`'s names: a follow-us row's made advertisement, a share bar's navigation. */
  private decide(out: LabelledLine[], count: number, row: Names): void {
    const held = this.held;
    if (count === 0) return;
    let label: LabelledLine['label'] | undefined;
    let why = '';
    if (row.items >= SOCIAL_ROW_MIN_ITEMS) {
      const n = `${row.items} network names`;
      if (row.channels > 0) {
        label = 'advertisement';
        why = `follow-us row (${n}, "${row.channel}" among them: a channel no page is shared to)`;
      } else if (this.underFollowHeading()) {
        label = 'advertisement';
        why = `follow-us row (${n} under "${this.heading!.trim()}")`;
      } else if (!this.links) {
        label = 'navigation';
        why = `share bar (${n}, none a channel: networks a page is shared to)`;
      }
    }
    for (let i = 0; i < count; i++) {
      const line = held[i]!;
      if (label !== undefined && (line.label === 'navigation' || line.label === 'advertisement') && line.label !== label) {
        if (this.reasons) line.reason = `${label}: rule: ${why}${MODEL_SAYS}${line.reason}`;
        line.label = label;
      }
      out.push(line);
    }
    held.splice(0, count);
  }
}

/** Names counted in (part of) a row. */
interface Names {
  items: number;
  channels: number;
  /** The first channel's name. */
  channel: string | undefined;
}

function names(): Names {
  return { items: 0, channels: 0, channel: undefined };
}

function add(to: Names, from: Names): void {
  to.items += from.items;
  to.channels += from.channels;
  to.channel ??= from.channel;
}

function clear(n: Names): void {
  n.items = 0;
  n.channels = 0;
  n.channel = undefined;
}
