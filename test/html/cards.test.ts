import { describe, it, expect } from 'vitest';
import { CARD_MAX_LINES, MIN_CARDS, markCards, type CardNode } from '../../src/html/cards.js';
import { htmlToLines } from '../../src/html/lines.js';
import { lineFeatureVector } from '../../src/features.js';
import { F } from '../../src/schema.js';
import { defaultLexicon } from '../../src/lexicon.js';

/** An element from a signature written as `tag.class`. */
const node = (sig: string, parent: CardNode | null): CardNode => {
  const [tag, cls] = sig.split('.');
  return { tag: tag!, cls, parent };
};

/** `count` sibling cards of one template under `parent`, each with a link title and `lines - 1` more lines. */
function cards(parent: CardNode, count: number, lines = 2, sig = 'div.card') {
  const out: Array<{ node: CardNode; pointer: boolean }> = [];
  for (let i = 0; i < count; i++) {
    const card = node(sig, parent);
    out.push({ node: node('h3', card), pointer: true });
    for (let j = 1; j < lines; j++) out.push({ node: node('p', card), pointer: false });
  }
  return out;
}

describe('markCards', () => {
  const root = node('body', null);

  it('marks every line of three or more sibling cards of one template', () => {
    const rail = node('section', root);
    expect(markCards(cards(rail, MIN_CARDS), null)).toEqual(new Array(MIN_CARDS * 2).fill(true));
  });

  it('leaves two cards alone: two of a kind are not yet a list', () => {
    const rail = node('section', root);
    expect(markCards(cards(rail, MIN_CARDS - 1), null).some(Boolean)).toBe(false);
  });

  it('does not count one-line siblings such as paragraphs or menu items as cards', () => {
    const rail = node('section', root);
    expect(markCards(cards(rail, 6, 1), null).some(Boolean)).toBe(false);
  });

  it('does not count siblings without a link or heading', () => {
    const section = node('div', root);
    const lines = cards(section, 4).map((l) => ({ ...l, pointer: false }));
    expect(markCards(lines, null).some(Boolean)).toBe(false);
  });

  it('does not count siblings too big to be teasers', () => {
    const section = node('div', root);
    expect(markCards(cards(section, 4, CARD_MAX_LINES + 1), null).some(Boolean)).toBe(false);
  });

  it('takes classes that differ only in digits (post-17, post-18) for one template', () => {
    const rail = node('section', root);
    const lines = [1, 2, 3].flatMap((i) => cards(rail, 1, 2, `div.post post-${i}`));
    expect(markCards(lines, null).every(Boolean)).toBe(true);
  });

  it('treats siblings of different templates apart', () => {
    const rail = node('section', root);
    const mixed = [...cards(rail, 2, 2, 'div.a'), ...cards(rail, 2, 2, 'div.b')];
    expect(markCards(mixed, null).some(Boolean)).toBe(false);
  });

  it('never makes the article core, or an element holding it, a card', () => {
    const page = node('main', root);
    const lines = cards(page, 3);
    const core = lines[0]!.node.parent!; // the first card holds the story
    const marked = markCards(lines, core);
    expect(marked.slice(0, 2)).toEqual([false, false]);
    // Two cards are left beside it: not enough for a list.
    expect(marked.slice(2).some(Boolean)).toBe(false);
  });
});

describe('card lists in HTML pages', () => {
  const story = '<article><h1>Bridge opens</h1>' + '<p>The new bridge over the river opened to traffic on Monday morning after three years of work.</p>'.repeat(4) + '</article>';
  const teaser = (n: number) => `<div class="teaser teaser-${n}"><h3><a href="/s/${n}">Other story ${n}</a></h3><p>A summary of the other story number ${n}, which is shorter.</p></div>`;
  const page = `<body>${story}<section class="more">${[1, 2, 3, 4].map(teaser).join('')}</section></body>`;

  it('marks teaser cards outside the article and gives them the card_list feature', () => {
    const lines = htmlToLines(page);
    const summary = lines.find((l) => l.text.startsWith('A summary of the other story number 2'))!;
    expect(summary.dom.inCardList).toBe(true);
    expect(lineFeatureVector(summary.text, defaultLexicon(), summary.dom)[F.card_list]).toBe(1);
    const paragraph = lines.find((l) => l.text.startsWith('The new bridge'))!;
    expect(paragraph.dom.inCardList).toBeUndefined();
  });

  it('gives no card_list feature to repeated items inside the article core (a listicle)', () => {
    const item = (n: number) => `<div class="item"><h2><a href="/p/${n}">Place ${n}</a></h2><p>Place number ${n} is worth a visit for its long history and its quiet streets by the sea.</p><p>It has ${n} museums, each of them open every day of the week except Monday.</p></div>`;
    const lines = htmlToLines(`<body><article><h1>Ten places</h1>${[1, 2, 3, 4, 5].map(item).join('')}</article></body>`);
    const p = lines.find((l) => l.text.startsWith('Place number 3'))!;
    expect(p.dom.inCore).toBe(true);
    expect(lineFeatureVector(p.text, defaultLexicon(), p.dom)[F.card_list]).toBe(0);
  });
});
