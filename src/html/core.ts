/**
 * The article core of an HTML page: the element whose descendants hold the
 * densest mass of prose. Each prose line (long, ending like a sentence)
 * credits its characters to the element that holds it, half to that
 * element's parent and a third to the grandparent — the content-score
 * spreading of Arc90's Readability, reduced to its core idea. The element
 * with the highest score is the core; each line is then inside or outside it.
 * Comments, teaser excerpts and bios are prose too, but each sits in its own
 * small container, so they rarely outweigh the article's run of paragraphs.
 */

/** Anything with a parent chain: the HTML walk's element frames. */
export interface TreeNode {
  parent: TreeNode | null;
}

export interface CoreLine<N extends TreeNode> {
  text: string;
  /** The block element the line came from. */
  node: N;
  /** Share of the line's characters inside links, 0..1 (absent: 0). */
  linkDensity?: number;
  /** The line is a list item. */
  inList?: boolean;
  /** The line sits in a reader-comment container (class/id hint `comment`): never the article. */
  inComment?: boolean;
}

/**
 * Words a line needs to count as prose for the core.
 * @default 10
 */
export const CORE_PROSE_MIN_WORDS = 10;
/**
 * Share of a prose line's characters credited to the holder, its parent and grandparent.
 * @default [1, 0.5, 0.33]
 */
export const CORE_SPREAD = [1, 0.5, 0.33] as const;

/**
 * Weight of a list item's prose in the core score.
 * @default 0.5
 */
export const CORE_LIST_WEIGHT = 0.5;

const SENTENCE_END = /[.!?。！？…]["'”’»)\]]*$/u;

function isProse(text: string): boolean {
  const t = text.trim();
  if (!SENTENCE_END.test(t)) return false;
  let words = 1;
  for (let i = 0; i < t.length; i++) if (t.charCodeAt(i) === 32) words++;
  // Space-less scripts: count characters instead (about two per word).
  if (words < CORE_PROSE_MIN_WORDS && /[\u3040-\u30ff\u4e00-\u9fff]/u.test(t)) words = t.length / 2;
  return words >= CORE_PROSE_MIN_WORDS;
}

/**
 * For each line, whether it lies inside the page's article core; all
 * undefined when the page has no prose line (an index or gallery page).
 */
export function markCore<N extends TreeNode>(lines: ReadonlyArray<CoreLine<N>>): Array<boolean | undefined> {
  const core = findCore(lines);
  if (core === null) return lines.map(() => undefined);
  const inside = insideOf(core);
  return lines.map((line) => inside(line.node));
}

/**
 * A test for "this node lies inside `core` (or is it)", memoised per node: each node's chain
 * is climbed once for all the calls. Climbing to the root for every line cost lines × depth,
 * quadratic on deeply nested markup (20,000 nested paragraphs, each a line: 2 s of the 3 s
 * their lines took).
 */
export function insideOf(core: TreeNode): (node: TreeNode) => boolean {
  return onChainOf((n) => n === core);
}

/**
 * A test for "this node, or an element above it, passes `test`", memoised per node as
 * {@link insideOf} is: each node's chain is climbed once for all the calls.
 */
export function onChainOf<N extends TreeNode>(test: (node: N) => boolean): (node: N) => boolean {
  const known = new Map<N, boolean>();
  const path: N[] = [];
  return (node) => {
    let n: N | null = node;
    let answer: boolean | undefined;
    while (n !== null && (answer = known.get(n)) === undefined) {
      if (test(n)) {
        answer = true;
        break;
      }
      path.push(n);
      n = n.parent as N | null;
    }
    answer ??= false;
    for (const p of path) known.set(p, answer);
    path.length = 0;
    return answer;
  };
}

/** The article core element: the node with the highest spread prose score, or null when no line is prose. */
export function findCore<N extends TreeNode>(lines: ReadonlyArray<CoreLine<N>>): TreeNode | null {
  const score = new Map<TreeNode, number>();
  for (const line of lines) {
    // Readability weighs down candidates classed "comment"; a thread of long comments under a
    // short post would otherwise be taken for the article.
    if (line.inComment === true || !isProse(line.text)) continue;
    let node: TreeNode | null = line.node.parent;
    // Link text is not the page's own prose (Readability scales a candidate by 1 - link
    // density), and list items are more often teasers than paragraphs (Readability starts
    // li, ul and ol below zero): a list of teaser excerpts must not outweigh a short article.
    const chars = line.text.length * (1 - (line.linkDensity ?? 0)) * (line.inList ? CORE_LIST_WEIGHT : 1);
    for (let k = 0; k < CORE_SPREAD.length && node !== null; k++, node = node.parent) {
      score.set(node, (score.get(node) ?? 0) + chars * CORE_SPREAD[k]!);
    }
  }
  let core: TreeNode | null = null;
  let best = 0;
  for (const [node, s] of score) {
    if (s > best) {
      best = s;
      core = node;
    }
  }
  return core;
}
