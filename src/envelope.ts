/**
 * A reader's envelope around a Markdown page: the lines a "URL to Markdown" service writes about
 * the page, which are not the page. Jina Reader (r.jina.ai), much used to feed LLMs and RAG
 * stores, writes its text responses as
 *
 *     Title: <the page's title>
 *
 *     URL Source: <the page's URL>
 *
 *     Published Time: <...>          (optional lines of the same `Name: value` shape)
 *
 *     Markdown Content:
 *     <the page, as Markdown>
 *
 *     Images:                        (optional summaries after the page, with options that ask for them)
 *     - ![Image 1: ...](...)
 *     Links/Buttons:
 *     - [...](...)
 *
 * (the layout of jina-ai/reader's formatted snapshot, read in its public source). Read as page text,
 * `Title:` is a repeated headline, the URL a bare link, and the summaries a link list as long as
 * the page's links; the labeller gives these lines `navigation` with a reason naming the envelope,
 * and the stages never see them (a blank line in their place), so the page is labelled as it would
 * be without them.
 *
 * The envelope is only taken as one when it opens the document with `Title:` and a `URL Source:`
 * line follows within {@link ENVELOPE_MAX_PENDING} lines: an article that opens "Title: ..." alone
 * is left as it is. Until that is known, the lines wait here.
 */

/**
 * Lines held at the start of a document that opens with `Title:` while waiting for `URL Source:`.
 * Jina puts one blank line between the two; a title that wraps onto a second line, or a few more
 * blank lines, still fit.
 * @default 6
 */
export const ENVELOPE_MAX_PENDING = 6;

/**
 * Lines held from a summary header (`Images:`) that comes while a code fence of the page is open,
 * until the fence closes (they were code) or the document ends with it open (the fence was a
 * converter's stray one, as the Markdown reader then takes it, and the summaries are the
 * reader's). Past this many, they are taken for code, as the labeller takes a held code block
 * past MAX_HELD_FENCE_LINES (pipeline.ts), so memory stays bounded.
 * @default 1000
 */
export const ENVELOPE_MAX_HELD_LINES = 1000;

/**
 * Lines of `Name: value` metadata after `URL Source:` taken as the envelope's before the page must
 * start (with `Markdown Content:` or with any other line). Jina writes two to four (`Published
 * Time:`, `Warning:`, `Description:`, ...); the bound keeps a page of `Name: value` lines whose
 * `Markdown Content:` marker is missing from being eaten whole.
 * @default 12
 */
export const ENVELOPE_MAX_FIELDS = 12;

/** The opening line: the page's title. */
const TITLE = /^Title: /;
/** The line that makes the opening an envelope. */
const URL_SOURCE = /^URL Source: \S/;
/** A metadata line of the header: a capitalised name of a few words, a colon, a value. */
const FIELD = /^[A-Z][A-Za-z]*(?: [A-Za-z]+){0,3}: \S/;
/** The line after which the page starts. */
const CONTENT = /^Markdown Content:\s*$/;
/** The headers of the summaries the reader appends after the page. */
const SUMMARY = /^(?:Images|Links\/Buttons|Buttons|Links):\s*$/;
/** A code fence (CommonMark 4.5): three or more backticks or tildes, indented by three spaces at most. */
const FENCE = /^ {0,3}(`{3,}|~{3,})/;
/** A summary's item: a list item (`- ![Image 1: ...](...)`, `- [text](url)`). */
const SUMMARY_ITEM = /^\s*[-*] /;

/** Where the reader is in the document. */
const enum State {
  /** No line with text yet. */
  Start,
  /** The document opened with `Title:`; waiting for `URL Source:`. */
  Pending,
  /** In the header, after `URL Source:`. */
  Header,
  /** In the page, after an envelope's header. */
  Page,
  /** In a summary after the page. */
  Summary,
  /** No envelope: every line from here is the page's. */
  None,
}

/** A line and whether it is the envelope's. */
export interface EnvelopeLine {
  line: string;
  envelope: boolean;
}

/**
 * Tells the lines of a reader's envelope from the page's, one line at a time, in order. `push` a
 * line, then `take` the lines decided so far (usually the one just pushed; none while the opening
 * `Title:` waits for `URL Source:`); `end` decides what still waits (as the page's).
 */
export class ReaderEnvelope {
  private state = State.Start;
  private readonly pending: string[] = [];
  private readonly decided: EnvelopeLine[] = [];
  private head = 0;
  private fields = 0;
  /** In the page: the open code fence's run, or undefined outside a code block. */
  private fence: string | undefined;
  /** Lines from a summary header inside an open fence on, undecided until the fence closes or the document ends. */
  private readonly held: string[] = [];

  /**
   * The document has no envelope, and every line pushed has been taken: a line from now on would
   * come straight back as the page's, so the caller may pass it by without pushing it.
   */
  get none(): boolean {
    return this.state === State.None && this.head >= this.decided.length;
  }

  /** Whether the document opened with an envelope (known once its `URL Source:` line came). */
  get found(): boolean {
    return this.state === State.Header || this.state === State.Page || this.state === State.Summary;
  }

  push(line: string): void {
    const blank = line.trim() === '';
    switch (this.state) {
      case State.Start:
        if (blank) return this.emit(line, false);
        if (TITLE.test(line)) {
          this.state = State.Pending;
          this.pending.push(line);
          return;
        }
        this.state = State.None;
        return this.emit(line, false);
      case State.Pending:
        if (URL_SOURCE.test(line)) {
          this.state = State.Header;
          for (const held of this.pending) this.emit(held, true);
          this.pending.length = 0;
          return this.emit(line, true);
        }
        this.pending.push(line);
        if (this.pending.length > ENVELOPE_MAX_PENDING) this.release();
        return;
      case State.Header:
        if (blank) return this.emit(line, true);
        if (CONTENT.test(line)) {
          this.state = State.Page;
          return this.emit(line, true);
        }
        if (FIELD.test(line) && ++this.fields <= ENVELOPE_MAX_FIELDS) return this.emit(line, true);
        // No marker: the page started without one.
        this.state = State.Page;
        return this.emit(line, false);
      case State.Page: {
        if (this.held.length > 0) return this.hold(line);
        // A fence opens or closes a code block (CommonMark 4.5: the closing fence uses the
        // opening's character, at least as many); "Images:" inside one is the page's code.
        if (this.fenceLine(line)) return this.emit(line, false);
        if (SUMMARY.test(line)) {
          // Inside a fence: code if the fence closes, the reader's summary if it never does.
          if (this.fence !== undefined) return this.hold(line);
          this.state = State.Summary;
          return this.emit(line, true);
        }
        return this.emit(line, false);
      }
      case State.Summary:
        if (blank || SUMMARY_ITEM.test(line) || SUMMARY.test(line)) return this.emit(line, true);
        this.state = State.Page;
        return this.emit(line, false);
      case State.None:
        return this.emit(line, false);
    }
  }

  /** The next decided line, in order; undefined when none is ready. */
  take(): EnvelopeLine | undefined {
    if (this.head >= this.decided.length) {
      if (this.head > 0) {
        this.decided.length = 0;
        this.head = 0;
      }
      return undefined;
    }
    return this.decided[this.head++];
  }

  /**
   * A line of the document that does not go through here (the labeller's line given as an object,
   * with DOM facts), in its place among the pushed ones: it is the page's. Lines still waiting
   * for `URL Source:` are the page's too; one with text before `Title:` means the document did
   * not open with an envelope, and one with text in the header means the page has started.
   */
  skip(line: string): void {
    // Held lines come before it: they are the page's (its code), so the lines keep their order.
    if (this.held.length > 0) {
      for (const h of this.held) this.emit(h, false);
      this.held.length = 0;
    }
    if (this.state === State.Pending) this.release();
    else if (line.trim() === '') return;
    else if (this.state === State.Start) this.state = State.None;
    else if (this.state === State.Header || this.state === State.Summary) this.state = State.Page;
  }

  /**
   * At the document's end: lines still waiting for `URL Source:` are the page's. Lines held from
   * a summary inside a fence that never closed are read again with no fence open.
   */
  end(): void {
    if (this.state === State.Pending) this.release();
    // Read again, a line of them may open another fence that never closes either.
    while (this.held.length > 0) {
      const held = this.held.splice(0);
      this.fence = undefined;
      for (const line of held) this.push(line);
    }
  }

  /** Whether `line` is a code fence, opening or closing one (then the fence state is updated). */
  private fenceLine(line: string): boolean {
    const fence = FENCE.exec(line);
    if (fence === null) return false;
    const run = fence[1]!;
    if (this.fence === undefined) this.fence = run;
    else if (run[0] === this.fence[0] && run.length >= this.fence.length && line.trim() === run) this.fence = undefined;
    return true;
  }

  /** A line after a summary header inside an open fence: held until the fence closes, or past the bound. */
  private hold(line: string): void {
    this.held.push(line);
    if (this.fenceLine(line) && this.fence !== undefined) return;
    if (this.fence === undefined || this.held.length > ENVELOPE_MAX_HELD_LINES) {
      // Closed, or held past the bound: the lines were code, the page's.
      for (const h of this.held) this.emit(h, false);
      this.held.length = 0;
    }
  }

  /** The opening was no envelope: the held lines are the page's, and so is everything after. */
  private release(): void {
    this.state = State.None;
    for (const held of this.pending) this.emit(held, false);
    this.pending.length = 0;
  }

  private emit(line: string, envelope: boolean): void {
    this.decided.push({ line, envelope });
  }
}
