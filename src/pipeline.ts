/**
 * The pipeline: the one place that knows the order of the stages.
 *
 *   bytes -> split -> first label -> context -> smoothing -> sequence -> headline -> short-document fallback
 *     -> teaser lists -> rules -> social rows -> (clean)
 *
 * Every stage is bounded, so memory stays flat however long the input.
 */
import { LABELS, type DomFeatures, type InputLine, type Label, type LabelledLine } from './types.js';
import { FirstStage, type Scored } from './classify.js';
import { ContextStage, NEAR_LINES, type Contextual } from './context.js';
import { SequenceStage } from './sequence.js';
import { isDomFeatures } from './features.js';
import { SmoothStage, SMOOTH_LOOKAHEAD } from './smooth.js';
import { MODEL_SAYS, RuleStage } from './rules.js';
import { SocialRowStage } from './social.js';
import { ShortDocumentStage } from './fallback.js';
import { HeadlineStage } from './headline.js';
import { TeaserListStage } from './teasers.js';
import { AboutBoxStage } from './about.js';
import { StoryListStage } from './lists.js';
import { CleanStage, DEFAULT_KEEP } from './clean.js';
import { CLEAN_OPTION_NAMES, LABEL_OPTION_NAMES, pickOptions, resolveKeep, resolveOptions, type LabelOptions } from './options.js';
import { checkSplitterOptions, split, SPLITTER_OPTION_NAMES, type SplitterOptions } from './split.js';
import { BoilerstripError, checkOptionNames, invalidArgument } from './errors.js';
import { MarkdownReader } from './markdown.js';
import { Queue } from './queue.js';
import { MARKDOWN_CODE, MARKDOWN_CONTINUES, MARKDOWN_ENVELOPE, MARKDOWN_HIDDEN, markdownFacts, markdownKinds } from './markdown-lines.js';
import { ReaderEnvelope } from './envelope.js';
import { FastLabeller } from './fast/labeller.js';

/**
 * Blank lines in a row after which the stages let go of every line they hold. A line waits for
 * the next non-blank lines (its context, smoothing and sequence look-ahead), and the blank lines
 * behind it wait with it: one line followed by a gigabyte of empty lines was held whole. After
 * this many, the waiting lines are decided on what came before the run (nothing past a run that
 * long is their context) and memory stays bounded.
 * @default 4096
 */
export const MAX_HELD_BLANK_LINES = 4096;

/** What a Markdown line is to its neighbours (Labeller.restore): a line labelled on its own. */
const MARKDOWN_OWN = 0;
/** What a line that continues the line above is, for its reason: a table's row or delimiter row, or a heading's underline. */
function continuedWhat(text: string): string {
  if (/^[ \t]*(?:=+|-+)[ \t]*$/.test(text)) return 'the underline of the heading';
  if (!text.includes('|')) return 'a line of the link that runs on from the line';
  return /^[\s|:-]*$/.test(text) ? 'the delimiter row of the table row' : 'a row of the table';
}

/** The reason of a line of a reader's envelope (envelope.ts). */
/** An inline link or image link in Markdown: `[text](url)`, `![alt](src)`, `[![alt](src)](url)`. */
const MARKDOWN_LINK = /!?\[((?:[^[\]]|\[[^\]]*\])*)\]\([^)]*\)/g;
/** A letter: a link with one in its text is a link a reader reads (not an icon's). */
const LETTER = /\p{L}/u;
/** What may stand between the links of a line of links: space, separators, a list marker before them. */
const BETWEEN_LINKS = /^(?:\s*(?:[*+-]|\d{1,9}[.)])\s)?[\s|•·»›/,–—-]*$/u;
/**
 * Links with text at which a Markdown line of links and nothing else is not the story: on the
 * Markdown dumps of the tuning pages (scripts/eval-markdown.mjs --split tuning --write-dir), such
 * lines of 3 or more links were 53 navigation, 15 advertisement (follow-us and social links) and
 * no body of 68 labelled; with 2, some are a story's two links side by side.
 * @default 3
 */
export const MARKDOWN_LINKS_NOT_BODY = 3;

/**
 * A Markdown line of MARKDOWN_LINKS_NOT_BODY or more links with text and nothing else (a site's
 * menu written on one line, `[Home](/) | [World](/world) | [Business](/business)`) is no body:
 * made navigation when the model kept it (QA pass 16: such a menu above the headline was body,
 * and its plain-text copy navigation). Other labels stay the model's: it tells a follow-us row
 * (advertisement) from a menu better than a count of links does.
 */
function linksOnlyNotBody(line: LabelledLine, reasons: boolean): void {
  if (line.label !== 'body' || !line.text.includes('](')) return;
  let links = 0;
  for (const m of line.text.matchAll(MARKDOWN_LINK)) if (!m[0].startsWith('!') && LETTER.test(m[1]!)) links++;
  if (links < MARKDOWN_LINKS_NOT_BODY || !BETWEEN_LINKS.test(line.text.replace(MARKDOWN_LINK, ' '))) return;
  if (reasons) line.reason = `navigation: markdown: a line of ${links} links and nothing else${MODEL_SAYS}${line.reason}`;
  line.label = 'navigation';
}

/** A link reference or footnote definition opening a Markdown line: `[label]: …`, `[^1]: …`. */
const MARKDOWN_DEFINITION = /^ {0,3}\[(\^?[^\]]+)\]:/;
/** A use of a reference: `[text][label]`, `[label][]`, a footnote `[^1]`, or a shortcut `[label]` (not a link `[text](url)`). */
const MARKDOWN_REFERENCE = /\[([^\]]+)\]\[([^\]]*)\]|\[\^([^\]]+)\]|\[([^\]^][^\]]*)\](?![(:\[])/g;
/**
 * Reference labels a document's body lines may note, at most: memory stays bounded on a page of
 * endless brackets; a definition of a label past them is labelled as the model said.
 * @default 4096
 */
export const MAX_MARKDOWN_REFERENCES = 4096;

/** A reference label as CommonMark matches it: case and runs of space do not count. */
function normaliseReference(label: string): string {
  return label.trim().replace(/\s+/g, ' ').toLowerCase();
}

const HIDDEN_BLOCK_REASON = 'navigation: markdown: an HTML comment, script or style block, which a reader does not see';
const ENVELOPE_REASON = "navigation: markdown: a reader's envelope (Title:, URL Source:, its summaries), not the page";

/** What the Labeller's second argument takes. */
const EXPLAIN_OPTION_NAMES: readonly string[] = Object.freeze(['reasons']);
/** The names the text calls take: the labeller's, and, for the cleaning calls, `keep` and `textOnly`. */
const CLEAN_TEXT_OPTION_NAMES: readonly string[] = Object.freeze([...LABEL_OPTION_NAMES, ...CLEAN_OPTION_NAMES]);
/** The byte calls' names: the labeller's and the splitter's, and, for cleanByteBatches, `keep` and `textOnly`. */
export const LABEL_BYTES_OPTION_NAMES: readonly string[] = Object.freeze([...LABEL_OPTION_NAMES, ...SPLITTER_OPTION_NAMES]);
export const CLEAN_BYTES_OPTION_NAMES: readonly string[] = Object.freeze([...LABEL_BYTES_OPTION_NAMES, ...CLEAN_OPTION_NAMES]);

/**
 * Lines of a Markdown code block held until its fence closes, to tell a block from a stray fence
 * that never closes (which took the rest of the page for code: the story went with the menu above
 * it). A block longer than this is taken for code when it passes the bound, closed or not.
 * @default 1000
 */
export const MAX_HELD_FENCE_LINES = 1000;
/**
 * Characters of a held code block past which it is taken for code, as past MAX_HELD_FENCE_LINES.
 * @default 4194304
 */
export const MAX_HELD_FENCE_CHARS = 4 * 1024 * 1024;

/** A synchronous labeller for one document: push lines, get labelled lines. */
export class Labeller {
  // The stages are not made with `fast` (the fast labeller takes every line, then the fallback),
  // hence `!`: making them cost ~50 µs a Labeller, a labeller per JSON record, for nothing.
  private readonly first!: FirstStage;
  private readonly context!: ContextStage;
  private readonly smooth!: SmoothStage;
  private readonly sequence!: SequenceStage;
  /** The headline-shaped line just above the story's first paragraph is body (headline.ts). */
  private readonly headline!: HeadlineStage;
  /** A short document that would keep nothing keeps what the first stage calls body (fallback.ts). */
  private readonly fallback!: ShortDocumentStage;
  /** A list heading after the story and the teasers under it are navigation (teasers.ts); not with `fast`. */
  private readonly teasers: TeaserListStage | undefined;
  /** A box about the writer or the company under its heading is disclaimer (about.ts); not with `fast`. */
  private readonly about: AboutBoxStage | undefined;
  /** A list item of the story between its paragraphs is body (lists.ts); text dumps only, not with `fast`. */
  private readonly lists: StoryListStage | undefined;
  /** The rules (disclaimers, one-line menus, the ad slot's label): they override a label from the line's own text (rules.ts); undefined when turned off. */
  private readonly rules: RuleStage | undefined;
  /** With the rules: a row of network names is a follow-us row or a share bar (social.ts). */
  private readonly social: SocialRowStage | undefined;
  private readonly a: Scored[] = [];
  private readonly b: Contextual[] = [];
  private readonly c: Contextual[] = [];
  /** The sequence stage's labelled lines on their way to the fallback. */
  private readonly d: LabelledLine[] = [];
  /** The fallback's lines on their way to the rules, while it holds the document's opening. */
  private readonly e: LabelledLine[] = [];
  /** The headline stage's lines on their way to the fallback, while it holds the lines above the story. */
  private readonly h: LabelledLine[] = [];
  /** The teaser stage's lines on their way to the rules, while it holds a list. */
  private readonly t: LabelledLine[] = [];
  /** The about-box stage's lines on their way to the rules, while it holds a box. */
  private readonly u: LabelledLine[] = [];
  /** The story-list stage's lines on their way to the rules, while it holds a list. */
  private readonly v: LabelledLine[] = [];
  /** The rules' lines on their way to the social-row rule. */
  private readonly r: LabelledLine[] = [];
  /**
   * Set by end(). The stages keep a document's state (line numbers, lines seen, the sequence's
   * history), so a Labeller reused for a second document numbered its lines on from the first
   * one's and took the first one's lines for repeats: push() after end() throws instead.
   */
  private ended = false;
  /** Blank lines in a row just pushed (see MAX_HELD_BLANK_LINES). */
  private blankRun = 0;
  /** With `markdown`: the reader, and the lines as they came, in order, until each comes out. */
  private readonly markdown: MarkdownReader | undefined;
  /** With `markdown`: whether the model was fitted on the syntax's facts, so they are handed to it. */
  private readonly markdownFacts: boolean;
  private readonly sources: Queue<string> | undefined;
  /** With `markdown`: for each line in `sources`, what it is to the lines around it (MARKDOWN_OWN and the rest). */
  private readonly kinds: Queue<number> | undefined;
  /** With Markdown facts: each line's facts (undefined for lines read without), beside `kinds`. */
  private readonly facts: Queue<DomFeatures | undefined> | undefined;
  /** With `markdown`: the line that came out last, whose label a MARKDOWN_CONTINUES line takes. */
  private lastOut: LabelledLine | undefined;
  /** With `markdown`: the last line with text that came out outside a code block, whose label a code block takes. */
  private lastText: LabelledLine | undefined;
  /** With `markdown`: the labels of link references and footnotes the body lines use (referencedLabels), for their definitions. */
  private referenced: Set<string> | undefined;
  /** With `markdown`: the line pushed last, not yet read: it waits for the next (pushMarkdown). */
  private heldMarkdown: string | undefined;
  /** With `markdown`: whether `heldMarkdown` is a line of a reader's envelope (envelope.ts). */
  private heldEnvelope = false;
  /**
   * With `markdown`: the lines from a code fence that has not closed yet, its opening line first,
   * held until it closes (they are code) or the document ends (it never closed: a stray fence,
   * and they are read again as the page they are), or until they pass MAX_HELD_FENCE_LINES or
   * MAX_HELD_FENCE_CHARS (a block that long is code), so memory stays bounded.
   */
  private fenceHeld: Array<{ line: string; next: string | undefined; envelope: boolean }> | undefined;
  private fenceChars = 0;
  /**
   * The held block is an HTML comment, script or style (MarkdownReader.inHiddenBlock), not code:
   * closed, its lines are navigation; past the bounds it is taken for a stray opener and its
   * lines are read again as text, as a fence that never closes is, for its lines are dropped
   * rather than kept as code's are, and a stray `<!--` must not drop the rest of a page.
   */
  private fenceHidden = false;
  /** With `markdown`: tells a reader's envelope around the page (Jina Reader's `Title:`, `URL Source:`) from the page. */
  private readonly envelope: ReaderEnvelope | undefined;
  private readonly reasons: boolean;
  /** Whether a line has been pushed (the first may open with a byte order mark). */
  private started = false;
  /** With `fast`: the fast model's labeller (src/fast/), which takes every line instead of the stages. */
  private readonly fast: FastLabeller | undefined;

  /**
   * @param reasons fill in each line's `reason` (default). Off, lines carry ''
   *   and labelling runs about 1.4 times as fast on text (BENCHMARKS.md): for callers that keep only text.
   */
  constructor(options: LabelOptions = {}, explain: { reasons?: boolean } = {}) {
    // Options first: read in the parameter list, `options.reasons` of a null `options` threw a
    // TypeError before resolveOptions could name the argument.
    if (typeof options === 'object' && options !== null) checkOptionNames('Labeller', options, LABEL_OPTION_NAMES);
    if (typeof explain !== 'object' || explain === null) throw invalidArgument('explain', 'an object', explain);
    checkOptionNames('Labeller', explain, EXPLAIN_OPTION_NAMES, 'explain');
    const o = resolveOptions(options);
    const reasons = explain.reasons ?? options.reasons ?? true;
    this.reasons = reasons;
    this.markdownFacts = false;
    if (o.fast) {
      this.fast = new FastLabeller({ reasons });
      // The fast model's second layer, like the default path's neighbour stages, read a lone
      // story among padding as furniture and emptied one-paragraph records: the same fallback.
      this.headline = new HeadlineStage(o.lexicon, reasons);
      this.fallback = new ShortDocumentStage(reasons);
      return;
    }
    // A line's features are read until the sequence stage explains it: while it waits in the
    // context window, as one of the NEAR_LINES lines behind the one labelled, and during the
    // sequence lag; so that many vectors, and spares, can be cycled instead of allocated per line.
    // The smoothing stage holds a line for SMOOTH_LOOKAHEAD more non-blank lines when the model smooths.
    const smoothLag = o.model.smooth === undefined ? 0 : SMOOTH_LOOKAHEAD;
    this.first = new FirstStage(o.model, o.lexicon, o.contextWindow + smoothLag + o.sequenceLag + NEAR_LINES + 3);
    // A line's context vector is read when the sequence stage explains it: at most smoothLag +
    // sequenceLag non-blank lines later, or, at the end, after the context stage has flushed its
    // whole window; so that many vectors, and spares, can be cycled instead of allocated per line.
    this.context = new ContextStage(o.model, o.contextWindow, o.maxSeenLines, o.repetition, smoothLag + o.sequenceLag + o.contextWindow + 2);
    // A line's smoothing inputs are read when the sequence stage explains it: at most sequenceLag
    // non-blank lines later, or, at the end, after the context stage has flushed its whole window
    // and the smoothing stage all it held, every one of them smoothed before any is explained.
    this.smooth = new SmoothStage(o.model, o.sequenceLag + smoothLag + o.contextWindow + 2, reasons);
    this.sequence = new SequenceStage(o.model, o.sequenceLag, reasons, o.repetition?.scope);
    this.headline = new HeadlineStage(o.lexicon, reasons);
    this.fallback = new ShortDocumentStage(reasons);
    this.teasers = new TeaserListStage(o.lexicon, reasons);
    this.about = new AboutBoxStage(reasons);
    this.lists = new StoryListStage(o.lexicon, reasons);
    this.rules = o.rules ? new RuleStage(reasons) : undefined;
    this.social = o.rules ? new SocialRowStage(reasons) : undefined;
    if (o.markdown && o.model.markdown === true) this.markdownFacts = true;
    if (o.markdown) {
      this.markdown = new MarkdownReader();
      this.envelope = new ReaderEnvelope();
      this.sources = new Queue<string>();
      this.kinds = new Queue<number>();
      // Only when the facts are read at all: otherwise every line would queue an undefined.
      if (this.markdownFacts) this.facts = new Queue<DomFeatures | undefined>();
    }
  }

  push(line: string | InputLine, out: LabelledLine[]): void {
    if (this.ended) throw new BoilerstripError('ERR_STREAM_ENDED', 'Labeller.push() after end(): a Labeller labels one document; make a new one for the next');
    // Checked on every push, not only when a line comes out: a wrong `out` failed lines later, as
    // 'out.push is not a function', once the window let the first line go.
    if (!Array.isArray(out)) throw invalidArgument('out', 'an array (the labelled lines are appended to it)', out, 'Labeller.push');
    const a = this.a;
    const before = out.length;
    if (!this.started) {
      this.started = true;
      // A byte order mark opening the document is no text: labelText and the byte splitter drop
      // it, and lines split from readFileSync(file, 'utf8') still carry it ('\uFEFF# Title' is no heading).
      if (typeof line === 'string') {
        if (line.charCodeAt(0) === 0xfeff) line = line.slice(1);
      } else if (typeof line === 'object' && line !== null && typeof line.text === 'string' && line.text.charCodeAt(0) === 0xfeff) {
        line = { ...line, text: line.text.slice(1) };
      }
    }
    if (this.fast !== undefined) {
      let text: string;
      if (typeof line === 'string') text = line;
      else if (typeof line === 'object' && line !== null && typeof line.text === 'string') {
        // Checked as on the default path, though the fast model reads the text alone.
        checkDom(line.dom, 'line.dom');
        if (line.dom != null) this.headline.ignore();
        text = line.text;
      } else throw invalidArgument('line', 'a string or { text: string }', line);
      if (this.headline.passing && this.fallback.passing) {
        this.fast.push(text, out);
        return;
      }
      this.fast.push(text, this.d);
      this.blankRun = text.trim() === '' ? this.blankRun + 1 : 0;
      this.toRules(out, this.blankRun > 0 && this.blankRun % MAX_HELD_BLANK_LINES === 0);
      return;
    }
    if (typeof line === 'string') {
      if (this.envelope !== undefined) {
        // Most pages have no envelope: once that is known, lines skip it.
        if (this.envelope.none) this.holdMarkdown(line, false);
        else {
          // The envelope may hold the opening lines until it knows whether they are one.
          this.envelope.push(line);
          this.takeEnvelope();
        }
      } else this.first.pushText(line, undefined, a);
    }
    // Named here, not as a TypeError from the featuriser (labelDocument and direct callers).
    else if (typeof line === 'object' && line !== null && typeof line.text === 'string') {
      const dom = line.dom;
      // DOM facts of the wrong shape failed in the featuriser ({}: 'dom.hints is not iterable'),
      // or, with a number missing, scored NaN in silence. A shallow check; null means none.
      checkDom(dom, 'line.dom');
      // A page's lines (HTML): its model reads the headline and a teaser list from the markup
      // (headline.ts, teasers.ts), and where a row's links point (social.ts).
      if (dom != null) {
        this.headline.ignore();
        this.teasers?.ignore();
        this.lists?.ignore();
        this.social?.readsLinks();
      }
      // Markdown lines held for the next go first: the lines keep their order. The line is the
      // page's: after it, Title: no longer opens the document.
      this.envelope?.skip(line.text);
      this.takeEnvelope();
      this.flushMarkdown();
      this.sources?.push(line.text);
      this.kinds?.push(MARKDOWN_OWN);
      this.facts?.push(undefined);
      this.first.pushText(line.text, dom ?? undefined, a);
    } else throw invalidArgument('line', 'a string or { text: string }', line);
    this.advance(out);
    this.restore(out, before);
  }

  /** Hand what the first stage gave on through the other stages, one line at a time. */
  private advance(out: LabelledLine[]): void {
    const a = this.a;
    for (let i = 0; i < a.length; i++) {
      const s = a[i]!;
      this.blankRun = s.blank ? this.blankRun + 1 : 0;
      this.context.push(s, this.b);
      this.pass(out);
      if (this.blankRun > 0 && this.blankRun % MAX_HELD_BLANK_LINES === 0) this.release(out);
    }
    empty(a);
  }

  /** The lines the envelope has decided, in order, to the Markdown reading. */
  private takeEnvelope(): void {
    const envelope = this.envelope;
    if (envelope === undefined) return;
    for (let d = envelope.take(); d !== undefined; d = envelope.take()) this.holdMarkdown(d.line, d.envelope);
  }

  /**
   * A Markdown line (`envelope`: a reader's envelope's) waits for the next: a setext underline
   * makes the line above a heading. The one it replaces goes to the first stage.
   */
  private holdMarkdown(line: string, envelope: boolean): void {
    this.sources!.push(line);
    const held = this.heldMarkdown;
    const heldEnvelope = this.heldEnvelope;
    this.heldMarkdown = line;
    this.heldEnvelope = envelope;
    if (held !== undefined) this.pushMarkdown(held, line, heldEnvelope);
  }

  /**
   * A Markdown line to the first stage, `next` the line after it (undefined at the end or before
   * a line given as an object); `envelope`: the line is a reader's envelope's, not the page's.
   * The syntax's facts (link share, heading level) go to a model fitted on them (Model.markdown,
   * data/model-markdown.json); any other model gets the visible text alone: the text and HTML
   * models measured worse with the facts than without (scripts/eval-markdown.mjs).
   */
  private pushMarkdown(line: string, next: string | undefined, envelope: boolean): void {
    const held = this.fenceHeld;
    if (held !== undefined) {
      held.push({ line, next, envelope });
      this.fenceChars += line.length;
      if (!envelope) this.markdown!.text(line);
      // Closed: the held lines were code. Past the bounds: a block that long is code too (an
      // HTML block that long is a stray opener: read again as text).
      if (!this.markdown!.fenceOpen) this.releaseFence(true);
      else if (held.length > MAX_HELD_FENCE_LINES || this.fenceChars > MAX_HELD_FENCE_CHARS) this.releaseFence(!this.fenceHidden);
      return;
    }
    if (!envelope && !this.markdown!.fenceOpen) {
      const reader = this.markdown!;
      const read = this.markdownFacts ? reader.read(line, next) : undefined;
      if (reader.fenceOpen) {
        // A fence opens: hold its lines until it is known to close.
        this.fenceHeld = [{ line, next, envelope }];
        this.fenceChars = line.length;
        this.fenceHidden = reader.inHiddenBlock;
        return;
      }
      this.pushRead(line, read, reader);
      return;
    }
    this.pushOne(line, next, envelope);
  }

  /**
   * The held fence's lines to the first stage: as code (`closed`: the fence closed, or the block
   * grew past the bounds), or, when the document ended with the fence open, the opening line as
   * text and the rest read again as Markdown.
   */
  private releaseFence(closed: boolean): void {
    const held = this.fenceHeld!;
    this.fenceHeld = undefined;
    this.fenceChars = 0;
    if (closed) {
      for (const h of held) {
        if (h.envelope) this.pushOne(h.line, h.next, true);
        else this.pushCode(h.line, this.fenceHidden);
      }
      return;
    }
    const reader = this.markdown!;
    reader.dropFence();
    const [opening, ...rest] = held;
    this.first.pushText(opening!.line.trim(), undefined, this.a);
    this.kinds!.push(MARKDOWN_OWN);
    this.facts?.push(undefined);
    for (const h of rest) this.pushMarkdown(h.line, h.next, h.envelope);
  }

  /** A line of a code block (`hidden`: of an HTML comment, script or style block): the stages see a blank line. */
  private pushCode(line: string, hidden = false): void {
    // Code is not prose, and its lines read to the features as a run of short non-prose
    // lines: the article's end. The stages see a blank line (so the paragraph after a code
    // block is still inside the story), and restore() gives the block the label of the text
    // that introduces it.
    this.first.pushText('', undefined, this.a);
    this.kinds!.push(line.trim() === '' ? MARKDOWN_OWN : hidden ? MARKDOWN_HIDDEN : MARKDOWN_CODE);
    this.facts?.push(undefined);
  }

  /** A line read already (`read`: its facts, when the model takes them) to the first stage. */
  private pushRead(line: string, read: InputLine | undefined, reader: MarkdownReader): void {
    const text = read === undefined ? reader.text(line) : read.text;
    this.first.pushText(text, read?.dom, this.a);
    this.kinds!.push(reader.continues ? MARKDOWN_CONTINUES : MARKDOWN_OWN);
    this.facts?.push(read?.dom);
  }

  /** A line to the first stage as before fences were held: an envelope's line, or one read inside an open fence. */
  private pushOne(line: string, next: string | undefined, envelope: boolean): void {
    if (envelope) {
      // Not the page: the stages see a blank line, so the page is labelled as it would be
      // without the envelope, and restore() makes the line navigation.
      this.first.pushText('', undefined, this.a);
      this.kinds!.push(line.trim() === '' ? MARKDOWN_OWN : MARKDOWN_ENVELOPE);
      this.facts?.push(undefined);
      return;
    }
    const reader = this.markdown!;
    const read = this.markdownFacts ? reader.read(line, next) : undefined;
    if (reader.inCode) this.pushCode(line, reader.inHiddenBlock);
    else this.pushRead(line, read, reader);
  }

  /** The Markdown line held for the next, to the first stage with no next line. */
  private flushMarkdown(atEnd = false): void {
    const held = this.heldMarkdown;
    if (held !== undefined) {
      this.heldMarkdown = undefined;
      this.pushMarkdown(held, undefined, this.heldEnvelope);
    }
    // A fence still open: at the end it never closed; before a line given as an object, its
    // lines go as code, so the lines keep their order. Read again, the lines after a stray fence
    // may open another that never closes.
    while (this.fenceHeld !== undefined) this.releaseFence(!atEnd);
  }

  /**
   * With `markdown`, the lines that came out since `from` get their text back as it came; the text
   * they were labelled by stays as `visibleText`, for what reads them later (roles, confidence).
   */
  private restore(out: LabelledLine[], from: number): void {
    const sources = this.sources;
    if (sources === undefined) return;
    for (let i = from; i < out.length; i++) {
      const line = out[i]!;
      line.visibleText = line.text;
      line.text = sources.shift()!;
      const kind = this.kinds!.shift()!;
      const facts = this.facts?.shift();
      if (facts !== undefined) markdownFacts.set(line, facts);
      // Roles and confidence are not read from such a line's own text (markdown-lines.ts).
      if (kind !== MARKDOWN_OWN) markdownKinds.set(line, kind);
      if (kind === MARKDOWN_ENVELOPE) {
        line.label = 'navigation';
        line.first = 'navigation';
        line.visibleText = line.text;
        // Without reasons, '' as on any line with text: the stages gave a blank line's reason.
        line.reason = this.reasons ? ENVELOPE_REASON : '';
      } else if (kind === MARKDOWN_HIDDEN) {
        line.label = 'navigation';
        line.first = 'navigation';
        line.visibleText = '';
        line.reason = this.reasons ? HIDDEN_BLOCK_REASON : '';
      } else if (kind === MARKDOWN_CODE) {
        // The text before the block says what it is part of; a document that opens with code is
        // kept (nothing says it is furniture, and dropping it would lose it silently).
        const before = this.lastText;
        line.label = before?.label ?? 'body';
        line.first = line.label;
        line.visibleText = line.text;
        line.reason = this.reasons ? `${line.label}: markdown: a code block goes with the text before it (${before === undefined ? 'none: the document opens with it' : `line ${before.index + 1}`})` : '';
      } else {
        // A setext underline, or a table's delimiter row or data row, goes where the line above
        // it goes: kept or dropped apart, a cleaned page would hold an underline with no heading,
        // a heading turned into a paragraph, or a table's header with no rows under it
        // (MarkdownReader.continues). It follows that line directly; a table, row by row, goes
        // with its first row.
        const above = this.lastOut;
        if (kind === MARKDOWN_CONTINUES && above !== undefined && above.label !== 'blank' && line.label !== above.label) {
          if (this.reasons) line.reason = `${above.label}: markdown: ${continuedWhat(line.text)} above${MODEL_SAYS}${line.reason}`;
          line.label = above.label;
        }
        if (kind === MARKDOWN_OWN) linksOnlyNotBody(line, this.reasons);
        if (line.label !== 'blank') this.lastText = line;
        this.keepDefinition(line);
      }
      this.lastOut = line;
    }
  }

  /**
   * A Markdown body line's link references and footnotes are noted; a definition of one of them
   * (`[4]: https://…`, `[^1]: A note.`), found after it as converters write them, goes with the
   * body: dropped as a line of links, it left the kept lines' `[harbour authority][4]` pointing
   * nowhere, and a footnote's text out of the story (QA pass 16). A definition before its first
   * use is labelled as the model said.
   */
  private keepDefinition(line: LabelledLine): void {
    const def = MARKDOWN_DEFINITION.exec(line.text);
    if (def !== null) {
      const label = normaliseReference(def[1]!);
      if (line.label !== 'body' && this.referenced?.has(label)) {
        if (this.reasons) line.reason = `body: markdown: the definition of ${label.startsWith('^') ? 'a footnote' : 'a link reference'} a body line above uses${MODEL_SAYS}${line.reason}`;
        line.label = 'body';
      }
      return;
    }
    if (line.label !== 'body' || !line.text.includes('[')) return;
    const referenced = (this.referenced ??= new Set());
    for (const m of line.text.matchAll(MARKDOWN_REFERENCE)) {
      if (referenced.size >= MAX_MARKDOWN_REFERENCES) return;
      // [text][label]; [label][] (collapsed: the text is the label); [^note]; [label] (shortcut).
      referenced.add(normaliseReference(m[3] !== undefined ? `^${m[3]}` : m[4] !== undefined ? m[4] : m[2] || m[1]!));
    }
  }

  /** End the document: the lines still held come out. A second call does nothing. */
  end(out: LabelledLine[]): void {
    if (!Array.isArray(out)) throw invalidArgument('out', 'an array (the labelled lines are appended to it)', out, 'Labeller.end');
    if (this.ended) return;
    this.ended = true;
    if (this.fast !== undefined) {
      if (this.headline.passing && this.fallback.passing) this.fast.end(out);
      else {
        this.fast.end(this.d);
        this.toRules(out, true);
      }
      return;
    }
    const before = out.length;
    this.envelope?.end();
    this.takeEnvelope();
    this.flushMarkdown(true);
    this.advance(out);
    this.release(out);
    this.restore(out, before);
  }

  /**
   * Decide and pass on every line the stages hold, as at the end of the document; lines pushed
   * later carry on with the stages' state (what came before them), but nothing held waits for them.
   */
  private release(out: LabelledLine[]): void {
    this.context.flush(this.b);
    this.pass(out);
    this.smooth.flush(this.c);
    this.pass(out);
    this.sequence.flush(this.d);
    this.toRules(out, true);
  }

  /** Hand what the context stage gave on through smoothing to the sequence stage, and its labels on. */
  private pass(out: LabelledLine[]): void {
    const b = this.b;
    const c = this.c;
    for (let i = 0; i < b.length; i++) this.smooth.push(b[i]!, c);
    empty(b);
    for (let i = 0; i < c.length; i++) this.sequence.push(c[i]!, this.d);
    empty(c);
    this.toRules(out, false);
  }

  /**
   * The sequence stage's (or the fast labeller's) labels through the headline stage and the fallback (`flush`: deciding all they hold) and the
   * rules. Once they let every line pass (most of a document), lines go straight on:
   * the hop through it cost the text path ~2.5% (scripts/ab-text.mjs, clean).
   */
  private toRules(out: LabelledLine[], flush: boolean): void {
    let lines = through(this.fallback, through(this.headline, this.d, this.h, flush), this.e, flush);
    if (this.teasers !== undefined) lines = through(this.teasers, lines, this.t, flush);
    if (this.about !== undefined) lines = through(this.about, lines, this.u, flush);
    if (this.lists !== undefined) lines = through(this.lists, lines, this.v, flush);
    if (this.rules !== undefined) {
      applyRules(this.rules, this.social!, lines, this.r, out, flush);
      if (flush) this.social!.flush(out);
    } else {
      for (let i = 0; i < lines.length; i++) out.push(lines[i]!);
      empty(lines);
    }
  }
}

/**
 * `lines` through a stage that holds a document's opening (headline, fallback) into `spare`,
 * emptying `lines` (`flush`: the stage decides all it holds); the array the lines are in after it.
 * A stage that lets every line pass is skipped, and the lines stay where they were.
 */
function through(stage: HeadlineStage | ShortDocumentStage | TeaserListStage | AboutBoxStage | StoryListStage, lines: LabelledLine[], spare: LabelledLine[], flush: boolean): LabelledLine[] {
  if (stage.passing) return lines;
  for (let i = 0; i < lines.length; i++) stage.push(lines[i]!, spare);
  empty(lines);
  if (flush) stage.flush(spare);
  return spare;
}

/** The sequence stage's labelled lines through the rules and the social-row rule into `out`, emptying `lines` (and `spare`, the hand-over between the two); `flush`: the rule stage lets go of all it holds. */
function applyRules(rules: RuleStage, social: SocialRowStage, lines: LabelledLine[], spare: LabelledLine[], out: LabelledLine[], flush: boolean): void {
  for (let i = 0; i < lines.length; i++) rules.push(lines[i]!, spare);
  empty(lines);
  // The rule stage holds the lines after a cookie banner's button until it has read them (rules.ts).
  if (flush) rules.flush(spare);
  for (let i = 0; i < spare.length; i++) social.push(spare[i]!, out);
  empty(spare);
}

/**
 * Remove every item of a reused array, keeping its storage. `xs.length = 0` makes V8 give the
 * storage up, so the next push allocates it again: for the Labeller's two hand-over arrays that
 * was ~140 bytes a line (V8's sampling heap profiler over 10 MB of text); they hold an item or two.
 */
function empty(xs: unknown[]): void {
  while (xs.length > 0) xs.pop();
}

type LineSource = AsyncIterable<string | InputLine> | Iterable<string | InputLine>;

function assertIterable(name: string, value: unknown, what = 'an iterable or async iterable of lines', bytesTakenBy?: string): void {
  const ok =
    value !== null &&
    (typeof value === 'object' || typeof value === 'function') &&
    (typeof (value as AsyncIterable<unknown>)[Symbol.asyncIterator] === 'function' ||
      typeof (value as Iterable<unknown>)[Symbol.iterator] === 'function');
  if (!ok || typeof value === 'string') throw invalidArgument(name, what, value);
  // Bytes iterate as numbers: each failed later as `lines[0]`, "got number 72", with no word of bytes (QA pass 19).
  if (bytesTakenBy !== undefined && value instanceof Uint8Array) {
    const e = invalidArgument(name, what, value);
    throw new BoilerstripError(e.code, `${e.message} (bytes: ${bytesTakenBy} take them)`);
  }
}

/**
 * Whether a line given to labelLines or cleanText holds a line break: a chunk of text, not a
 * line, which would be labelled whole (QA pass 19: a file stream read as text gave chunks of
 * many lines, and a 67-line menu came out as one body "line"). A carriage return is not looked
 * for: `split('\n')` of CRLF text leaves one at each line's end.
 */
function holdsLineBreak(text: string): boolean {
  return text.indexOf('\n') >= 0;
}

function lineBreakError(index: number, text: string): BoilerstripError {
  return invalidArgument(`lines[${index}]`, 'one line, with no line break (\\n); for text of many lines, labelText, labelBytes or createLabelStream split it', text);
}

/**
 * A line given to labelLines, cleanText or labelDocument, checked where its place is known (the
 * labeller could only say `line.dom`): a string or `{ text, dom }`, and one line. The bad line is
 * named by its place, as a bad chunk is (`source[3]`): in a long stream, `lines[]` did not say
 * which one it was.
 */
function checkLine(line: unknown, index: number): void {
  if (typeof line === 'string') {
    if (holdsLineBreak(line)) throw lineBreakError(index, line);
    return;
  }
  const record = line as Partial<InputLine> | null;
  if (typeof record !== 'object' || record === null || typeof record.text !== 'string') throw invalidArgument(`lines[${index}]`, 'a string or { text: string }', line);
  checkDom(record.dom, `lines[${index}].dom`);
  if (holdsLineBreak(record.text)) throw lineBreakError(index, record.text);
}

/** For the synchronous calls: an async iterable would fail as "not iterable" in their loop. */
function assertSyncIterable(name: string, value: unknown, what: string): void {
  const ok = value !== null && typeof value === 'object' && typeof (value as Iterable<unknown>)[Symbol.iterator] === 'function';
  if (!ok) throw invalidArgument(name, what, value);
}

/**
 * Label every line of one document.
 * @param lines strings (one block per line) or `{ text, dom }` records.
 */
export function labelLines(lines: LineSource, options: LabelOptions = {}): AsyncGenerator<LabelledLine> {
  assertIterable('lines', lines, undefined, 'labelBytes or createLabelStream');
  if (typeof options === 'object' && options !== null) checkOptionNames('labelLines', options, LABEL_OPTION_NAMES);
  // The caller's `reasons` option is honoured (default on): forcing it on here made
  // `reasons: false` do nothing, contrary to its TSDoc, and cost the explaining time it saves.
  return labelLinesWith(lines, new Labeller(options));
}

/**
 * DOM facts of the wrong shape failed in the featuriser ({}: 'dom.hints is not iterable'), or,
 * with a number missing, scored NaN in silence. A shallow check; null or none means no facts.
 */
function checkDom(dom: unknown, name: string): void {
  if (dom !== undefined && dom !== null && !isDomFeatures(dom)) {
    throw invalidArgument(name, 'DOM facts ({ tag, ancestors, hints, linkDensity, headingLevel, ... }, as htmlToLines gives)', dom);
  }
}

async function* labelLinesWith(lines: LineSource, labeller: Labeller): AsyncGenerator<LabelledLine> {
  const out: LabelledLine[] = [];
  let index = 0;
  for await (const line of lines) {
    checkLine(line, index);
    index++;
    labeller.push(line, out);
    if (out.length > 0) {
      yield* out;
      out.length = 0;
    }
  }
  labeller.end(out);
  yield* out;
}

export interface CleanOptions extends LabelOptions {
  /** Classes to keep (not `blank`: blank lines are tidied, one between kept paragraphs). @default ['body'] */
  keep?: readonly Label[];
  /** Keep only the story's running text from the body: no headline, byline/date lines or captions (roles.ts). @default false */
  textOnly?: boolean;
}

/** The kept lines of one document (body by default), blank lines tidied. */
export function cleanText(lines: LineSource, options: CleanOptions = {}): AsyncGenerator<string> {
  // Checked here, at the call, not when the generator first runs.
  const { keep, textOnly } = resolveKeep(options);
  checkOptionNames('cleanText', options, CLEAN_TEXT_OPTION_NAMES);
  assertIterable('lines', lines, undefined, 'createCleanStream or cleanByteBatches');
  // Reasons are never seen here: only the kept text leaves this function.
  return cleanLinesWith(labelLinesWith(lines, new Labeller(pickOptions(options, LABEL_OPTION_NAMES), { reasons: false })), new CleanStage(keep, textOnly));
}

async function* cleanLinesWith(labelled: AsyncIterable<LabelledLine>, clean: CleanStage): AsyncGenerator<string> {
  const out: string[] = [];
  for await (const line of labelled) {
    clean.push(line, out);
    if (out.length > 0) {
      yield* out;
      out.length = 0;
    }
  }
}

/**
 * Label a byte stream of text (one block per line), in batches: one array
 * per input chunk, so the per-line cost stays a function call.
 */
export function labelByteBatches(
  source: AsyncIterable<Uint8Array | string> | Iterable<Uint8Array | string>,
  options: LabelOptions & SplitterOptions = {},
): AsyncGenerator<LabelledLine[]> {
  return labelByteBatchesChecked(source, options, 'labelByteBatches');
}

/**
 * Bytes of a source chunk that labelBytes splits and labels at once. Batches follow the chunks,
 * so a chunk of a whole file (labelBytes([readFileSync(f)])) had all its lines labelled before
 * the first was yielded: a 40 MB chunk grew the heap by 179 MB, ~4.5 times the chunk. Cut into
 * pieces of this size, a chunk holds a piece's lines at a time (64 KiB, a file stream's chunk).
 * @default 65536
 */
export const MAX_PIECE_BYTES = 1 << 16;

function labelByteBatchesChecked(
  source: AsyncIterable<Uint8Array | string> | Iterable<Uint8Array | string>,
  options: LabelOptions & SplitterOptions,
  fn: string,
  pieceBytes = Infinity,
): AsyncGenerator<LabelledLine[]> {
  assertByteSource(source);
  checkSplitterOptions(options);
  checkOptionNames(fn, options, LABEL_BYTES_OPTION_NAMES);
  return labelByteBatchesWith(source, pickOptions(options, SPLITTER_OPTION_NAMES), new Labeller(pickOptions(options, LABEL_OPTION_NAMES), { reasons: options.reasons ?? true }), pieceBytes);
}

/**
 * A byte source is an iterable of chunks. A Buffer is iterable too, of numbers, and would fail
 * deep in the splitter: it is named here instead; and a string, which the line calls take as a
 * line, is named as a chunk that wants an array (the message said "of lines" for byte calls).
 */
function assertByteSource(source: unknown): void {
  if (source instanceof Uint8Array) throw invalidArgument('source', 'an iterable of chunks (wrap a single Buffer in an array)', source);
  if (typeof source === 'string') throw invalidArgument('source', 'an iterable of chunks (wrap a single string in an array)', source);
  assertIterable('source', source, 'an iterable or async iterable of chunks (Uint8Array or string)');
}

async function* labelByteBatchesWith(
  source: AsyncIterable<Uint8Array | string> | Iterable<Uint8Array | string>,
  options: SplitterOptions,
  labeller: Labeller,
  pieceBytes = Infinity,
): AsyncGenerator<LabelledLine[]> {
  // The source and options were checked by the caller, at its call.
  for await (const batch of split(source, options, pieceBytes)) {
    const out: LabelledLine[] = [];
    for (const line of batch) labeller.push(line, out);
    if (out.length > 0) yield out;
  }
  const out: LabelledLine[] = [];
  labeller.end(out);
  if (out.length > 0) yield out;
}

/** Label a byte stream of text, line by line (a large chunk a piece at a time, MAX_PIECE_BYTES). */
export function labelBytes(
  source: AsyncIterable<Uint8Array | string> | Iterable<Uint8Array | string>,
  options: LabelOptions & SplitterOptions = {},
): AsyncGenerator<LabelledLine> {
  return flatten(labelByteBatchesChecked(source, options, 'labelBytes', MAX_PIECE_BYTES));
}

async function* flatten<T>(batches: AsyncIterable<T[]>): AsyncGenerator<T> {
  for await (const batch of batches) yield* batch;
}

/** Clean a byte stream of text: kept lines in batches. */
export function cleanByteBatches(
  source: AsyncIterable<Uint8Array | string> | Iterable<Uint8Array | string>,
  options: CleanOptions & SplitterOptions = {},
): AsyncGenerator<string[]> {
  const { keep, textOnly } = resolveKeep(options);
  assertByteSource(source);
  checkSplitterOptions(options);
  checkOptionNames('cleanByteBatches', options, CLEAN_BYTES_OPTION_NAMES);
  // As in cleanText: only kept text leaves, so no reasons are written.
  return cleanBatchesWith(
    labelByteBatchesWith(source, pickOptions(options, SPLITTER_OPTION_NAMES), new Labeller(pickOptions(options, LABEL_OPTION_NAMES), { reasons: false })),
    new CleanStage(keep, textOnly),
  );
}

async function* cleanBatchesWith(batches: AsyncIterable<LabelledLine[]>, clean: CleanStage): AsyncGenerator<string[]> {
  for await (const batch of batches) {
    const out: string[] = [];
    for (const line of batch) clean.push(line, out);
    if (out.length > 0) yield out;
  }
}

/** Label a whole document held in memory (an HTML page's lines, a JSON record's text). */
export function labelDocument(lines: Iterable<string | InputLine>, options: LabelOptions = {}): LabelledLine[] {
  // A string is iterable too, of characters: each would have been labelled as a line.
  assertSyncIterable('lines', lines, 'an iterable of lines (labelLines takes async ones)');
  if (typeof options === 'object' && options !== null) checkOptionNames('labelDocument', options, LABEL_OPTION_NAMES);
  const labeller = new Labeller(options);
  const out: LabelledLine[] = [];
  let index = 0;
  for (const line of lines) {
    // The line's type is Labeller.push's to check (it names `line`); one line is checked here.
    const text = typeof line === 'string' ? line : (line as Partial<InputLine> | null)?.text;
    if (typeof text === 'string' && holdsLineBreak(text)) throw lineBreakError(index, text);
    index++;
    labeller.push(line, out);
  }
  labeller.end(out);
  return out;
}

/** Kept lines of an already labelled document. */
export function keptLines(labelled: Iterable<LabelledLine>, keep: readonly Label[] = DEFAULT_KEEP): string[] {
  // A string (iterable, of characters) gave [] in silence.
  assertSyncIterable('labelled', labelled, 'an iterable of labelled lines');
  // keptLines takes `keep` itself, not in an options object: named so.
  const clean = new CleanStage(resolveKeep({ keep }, 'keep').keep);
  const out: string[] = [];
  for (const line of labelled) {
    // null failed as a TypeError inside the stage, and a line without text as an undefined among the strings.
    if (line === null || typeof line !== 'object' || typeof line.text !== 'string' || !(LABELS as readonly unknown[]).includes(line.label)) {
      throw invalidArgument('labelled[]', 'a labelled line ({ text, label })', line);
    }
    clean.push(line, out);
  }
  return out;
}
