/**
 * Card lists: runs of sibling elements built from one template, each holding
 * a few lines with a link or a heading — related-story teasers, "more from"
 * rails, comment threads, product tiles. A page's article is one long
 * container of paragraphs; its boilerplate is very often many small
 * containers stamped from the same markup. That regularity is a property of
 * the page's structure, not of any site's class names, so it carries over to
 * sites the model has never seen (the same observation underlies the
 * "record" detection of wrapper-induction work such as MDR, Liu et al.,
 * KDD 2003: data records are repeated sibling subtrees).
 *
 * Two elements share a template when they have the same parent, the same tag
 * and the same class attribute once digits are dropped (`post-17`,
 * `post-18`). Paragraphs and single-line list items never qualify: a card
 * must hold at least {@link CARD_MIN_LINES} lines, one of them a link or a
 * heading. Elements on the article core's own chain never count, so a page
 * laid out as three big columns does not make its story a card.
 */

/** What the card pass needs of an element: its parent, tag and class attribute. */
export interface CardNode {
  parent: CardNode | null;
  tag: string;
  /** The raw class attribute, if any. */
  cls?: string | undefined;
}

const DIGITS = /\d+/g;

/**
 * Tag plus digit-free class list: elements with equal signatures under one parent are siblings
 * of one template. Computed here, for the few elements that hold lines, rather than in the DOM
 * walk for every element of the page.
 */
function signature(n: CardNode): string {
  return n.cls === undefined ? n.tag : n.tag + '.' + n.cls.replace(DIGITS, '').trim();
}

export interface CardLine<N extends CardNode> {
  /** The block element the line came from. */
  node: N;
  /** The line is mostly link text, or a heading: the part of a card that points somewhere. */
  pointer: boolean;
}

/**
 * Sibling elements of one template needed for a card list.
 * @default 3
 */
export const MIN_CARDS = 3;
/**
 * Lines an element needs to count as a card (a title alone is a menu item, not a card).
 * @default 2
 */
export const CARD_MIN_LINES = 2;
/**
 * Lines an element may hold and still count as a card; a bigger one is a
 * section of the page, not a teaser.
 * @default 8
 */
export const CARD_MAX_LINES = 8;
/**
 * How far above a line's block element a card is looked for. Teaser markup
 * nests a few wrappers deep (card > body > header > h3).
 * @default 6
 */
export const CARD_MAX_LEVELS = 6;

interface Tally {
  lines: number;
  pointer: boolean;
}

/**
 * For each line, whether it sits inside a card of a card list (see the module
 * comment). `core` is the article core element, or null when there is none.
 */
export function markCards<N extends CardNode>(lines: ReadonlyArray<CardLine<N>>, core: CardNode | null): boolean[] {
  const onCoreChain = new Set<CardNode>();
  for (let n = core; n !== null; n = n.parent) onCoreChain.add(n);
  // Lines and pointer lines under each element, up to CARD_MAX_LEVELS above each block.
  const tally = new Map<CardNode, Tally>();
  for (const line of lines) {
    let n: CardNode | null = line.node;
    for (let level = 0; n !== null && n.parent !== null && level <= CARD_MAX_LEVELS; level++, n = n.parent) {
      let t = tally.get(n);
      if (t === undefined) {
        t = { lines: 0, pointer: false };
        tally.set(n, t);
      }
      t.lines += 1;
      if (line.pointer) t.pointer = true;
    }
  }
  // Qualifying cards grouped by (parent, template).
  const groups = new Map<CardNode, Map<string, number>>();
  const sigs = new Map<CardNode, string>();
  const sigOf = (n: CardNode): string => {
    let sig = sigs.get(n);
    if (sig === undefined) {
      sig = signature(n);
      sigs.set(n, sig);
    }
    return sig;
  };
  const isCard = (n: CardNode, t: Tally): boolean =>
    t.pointer && t.lines >= CARD_MIN_LINES && t.lines <= CARD_MAX_LINES && !onCoreChain.has(n);
  for (const [n, t] of tally) {
    if (!isCard(n, t)) continue;
    let bySig = groups.get(n.parent!);
    if (bySig === undefined) {
      bySig = new Map();
      groups.set(n.parent!, bySig);
    }
    const sig = sigOf(n);
    bySig.set(sig, (bySig.get(sig) ?? 0) + 1);
  }
  const inList = (n: CardNode): boolean => {
    const t = tally.get(n);
    return t !== undefined && isCard(n, t) && (groups.get(n.parent!)?.get(sigOf(n)) ?? 0) >= MIN_CARDS;
  };
  return lines.map((line) => {
    let n: CardNode | null = line.node;
    for (let level = 0; n !== null && n.parent !== null && level <= CARD_MAX_LEVELS; level++, n = n.parent) {
      if (inList(n)) return true;
    }
    return false;
  });
}
