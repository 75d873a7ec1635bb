// Types of the functions test/scripts/markdown-dumps.test.ts imports from markdown-dumps.mjs (a
// plain script), so the tests type-check (tsconfig.test.json) as src/ does.
export interface DerivedLabel {
  /** The label most of the line's aligned words carry; 'blank' for a blank line; undefined when none aligned. */
  label: string | undefined;
  /** Share of the line's aligned words that carry the label. */
  purity: number;
}
export function toMarkdown(html: string, options?: { headingStyle?: 'atx' | 'setext'; converter?: 'turndown' | 'node-html-markdown' }): string;
export function deriveLabels(golden: ReadonlyArray<{ label: string; text: string }>, mdLines: readonly string[]): DerivedLabel[];
export function fillUnlabelled(derived: readonly DerivedLabel[]): Array<string | undefined>;
