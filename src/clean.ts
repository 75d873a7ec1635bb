/**
 * The kept lines of a labelled document, with blank lines tidied: a single
 * blank line stands between kept paragraphs where the input had one or
 * more blanks (or dropped lines with blanks around them); leading, trailing
 * and repeated blanks are dropped.
 */
import type { Label, LabelledLine } from './types.js';
import type { Stage } from './stage.js';
import { RoleTagger } from './roles.js';

export const DEFAULT_KEEP: readonly Label[] = ['body'];

export class CleanStage implements Stage<LabelledLine, string> {
  private keptAny = false;
  private blankPending = false;
  private readonly keep: ReadonlySet<Label>;

  /** Present with textOnly: gives roles to lines that come without one (plain-text streams). */
  private readonly roles: RoleTagger | undefined;

  /**
   * @param textOnly drop body lines whose role is not `text` (headline, byline, captions): the
   *   story's running text alone. Lines that carry a `role` (documents labelled with their DOM)
   *   keep it; others get one here, from their text.
   */
  constructor(
    keep: Iterable<Label> = DEFAULT_KEEP,
    private readonly textOnly = false,
  ) {
    this.keep = new Set(keep);
    this.roles = textOnly ? new RoleTagger() : undefined;
  }

  push(line: LabelledLine, out: string[]): void {
    if (line.label === 'blank') {
      if (this.keptAny) this.blankPending = true;
      return;
    }
    if (this.roles !== undefined && line.role === undefined) {
      const role = this.roles.push(line);
      if (role !== undefined) line.role = role;
    }
    if (!this.keep.has(line.label)) return;
    if (this.textOnly && line.role !== undefined && line.role !== 'text') return;
    if (this.blankPending) out.push('');
    this.blankPending = false;
    this.keptAny = true;
    out.push(line.text);
  }

  flush(): void {}
}
