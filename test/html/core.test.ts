import { describe, expect, it } from 'vitest';
import { CORE_LIST_WEIGHT, CORE_PROSE_MIN_WORDS, findCore, insideOf, markCore, type TreeNode } from '../../src/html/core.js';

const node = (parent: TreeNode | null): TreeNode => ({ parent });
/** A sentence of `words` words (prose for the core once it has CORE_PROSE_MIN_WORDS). */
const prose = (words: number) => `${Array.from({ length: words - 1 }, (_, i) => `word${i}`).join(' ')} end.`;

describe('findCore', () => {
  const body = node(null);

  it('takes the element whose paragraphs hold the most prose', () => {
    const article = node(body);
    const aside = node(body);
    const lines = [
      { text: prose(30), node: node(article) },
      { text: prose(30), node: node(article) },
      { text: prose(20), node: node(aside) },
    ];
    expect(findCore(lines)).toBe(article);
  });

  it('finds no core on a page without a prose line (an index page)', () => {
    expect(findCore([{ text: 'Home', node: node(body) }, { text: prose(CORE_PROSE_MIN_WORDS - 1), node: node(body) }])).toBeNull();
    expect(markCore([{ text: 'Home', node: node(body) }])).toEqual([undefined]);
  });

  it('counts only the characters outside links: a run of linked excerpts weighs less than its length', () => {
    const article = node(body);
    const teasers = node(body);
    const lines = [
      { text: prose(30), node: node(article) },
      { text: prose(25), node: node(teasers), linkDensity: 0.9 },
      { text: prose(25), node: node(teasers), linkDensity: 0.9 },
    ];
    expect(findCore(lines)).toBe(article);
    expect(findCore(lines.map((l) => ({ ...l, linkDensity: 0 })))).toBe(teasers);
  });

  it('weighs list items down, so a list of teaser excerpts does not outweigh a short article', () => {
    const article = node(body);
    const list = node(body);
    const lines = [
      { text: prose(40), node: node(article) },
      { text: prose(15), node: node(list), inList: true },
      { text: prose(15), node: node(list), inList: true },
      { text: prose(15), node: node(list), inList: true },
    ];
    expect(CORE_LIST_WEIGHT).toBeLessThan(1);
    expect(findCore(lines)).toBe(article);
    expect(findCore(lines.map((l) => ({ ...l, inList: false })))).toBe(list);
  });

  it('never takes a thread of reader comments for the article, however long', () => {
    const post = node(body);
    const thread = node(body);
    const lines = [
      { text: prose(20), node: node(post) },
      ...Array.from({ length: 5 }, () => ({ text: prose(40), node: node(thread), inComment: true })),
    ];
    expect(findCore(lines)).toBe(post);
  });
});

describe('insideOf', () => {
  it('answers for every node of a deep chain while reading each parent link a bounded number of times (linear, not lines × depth)', () => {
    // 5,000 nested elements, each holding a line, as in <div><p>...<div><p>... markup.
    let reads = 0;
    const counted = (parent: TreeNode | null): TreeNode => {
      const n = { up: parent } as { up: TreeNode | null; parent: TreeNode | null };
      Object.defineProperty(n, 'parent', { get: () => (reads++, n.up) });
      return n;
    };
    const chain: TreeNode[] = [];
    let parent: TreeNode | null = null;
    for (let i = 0; i < 5000; i++) chain.push((parent = counted(parent)));
    const core = chain[2000]!;
    const inside = insideOf(core);
    const answers = chain.map((n) => inside(n));
    expect(answers.slice(0, 2000).every((a) => !a)).toBe(true);
    expect(answers.slice(2000).every((a) => a)).toBe(true);
    expect(reads).toBeLessThan(2 * chain.length);
    // markCore gives the same answers through it. Prose lines credit their holder's parent (a
    // line's node is its block element) and the two elements above it: the lines of chain[2001]
    // to chain[2010] make chain[2000] to chain[2007] tie for the most, and the first scored wins,
    // so the core is chain[2000], the node asked about above.
    const lines = chain.map((n, i) => ({ text: i > 2000 && i <= 2010 ? prose(40) : 'x', node: n }));
    expect(findCore(lines) === core).toBe(true);
    const marked = markCore(lines);
    // 2,000 lines outside the core and 3,000 inside, each as insideOf answered.
    expect(marked).toEqual(answers);
    expect(marked.filter((m) => m === false)).toHaveLength(2000);
    expect(marked.filter((m) => m === true)).toHaveLength(3000);
  });
});
