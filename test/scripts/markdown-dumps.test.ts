import { describe, expect, it } from 'vitest';
// A plain .mjs script (scripts/ hold the training and evaluation tools), imported as it runs.
import { deriveLabels, fillUnlabelled } from '../../scripts/markdown-dumps.mjs';

type Derived = { label: string | undefined; purity: number };

describe('deriveLabels', () => {
  it('gives each Markdown line the label of the golden words it aligns with, links read as their text', () => {
    const golden = [
      { text: 'Home News', label: 'navigation' },
      { text: '', label: 'blank' },
      { text: 'The council approved the bridge.', label: 'body' },
    ];
    const md = ['*   [Home](https://x.test/)', '*   [News](https://x.test/news)', '', 'The council approved the **bridge**.'];
    expect(deriveLabels(golden, md).map((d: Derived) => d.label)).toEqual(['navigation', 'navigation', 'blank', 'body']);
  });

  it('leaves a line no golden word aligns with unlabelled, and says how pure a mixed line is', () => {
    const golden = [
      { text: 'Share this', label: 'navigation' },
      { text: 'A long story about the river.', label: 'body' },
    ];
    const md = ['![](https://x.test/logo.png)', 'Share this A long story about the river.'];
    const [image, mixed] = deriveLabels(golden, md) as Derived[];
    expect(image!.label).toBeUndefined();
    expect(mixed!.label).toBe('body');
    expect(mixed!.purity).toBeCloseTo(6 / 8);
  });
});

describe('fillUnlabelled', () => {
  const d = (...labels: Array<string | undefined>): Derived[] => labels.map((label) => ({ label, purity: 1 }));

  it('gives an unlabelled line its neighbours\' label when the nearest before and after agree, blank lines skipped', () => {
    expect(fillUnlabelled(d('body', 'blank', undefined, 'blank', 'body'))).toEqual(['body', 'blank', 'body', 'blank', 'body']);
  });

  it('leaves it unlabelled when they disagree, and lets the one neighbour decide at a page\'s edge', () => {
    expect(fillUnlabelled(d('navigation', undefined, 'body'))).toEqual(['navigation', undefined, 'body']);
    expect(fillUnlabelled(d(undefined, 'navigation', undefined, undefined))).toEqual(['navigation', 'navigation', 'navigation', 'navigation']);
    expect(fillUnlabelled(d(undefined, 'blank'))).toEqual([undefined, 'blank']);
  });
});
