/**
 * htmlToLines when Readability itself fails on a page (src/html/lines.ts, markReadabilityOrNot).
 * A file of its own: the failure is made by replacing the Readability module, which vitest does
 * for the whole file.
 */
import { describe, it, vi } from 'vitest';
import { BoilerstripError } from '../../src/errors.js';

const failure = vi.hoisted(() => ({ error: new RangeError('Maximum call stack size exceeded') as Error }));
vi.mock('../../src/html/readability.js', () => ({
  markReadability: () => {
    throw failure.error;
  },
}));

const { htmlToLines } = await import('../../src/html/lines.js');

const PAGE = '<html><body><nav><a href="/">Home</a></nav><p>A paragraph of the story, long enough to be one.</p></body></html>';

describe('htmlToLines with Readability failing', () => {
  it('labels the page without its signal, every line false, and says why in a warning', ({ expect }) => {
    failure.error = new RangeError('Maximum call stack size exceeded');
    const warnings: string[] = [];
    const lines = htmlToLines(PAGE, { readability: true, onWarning: (m) => warnings.push(m) });
    expect(lines.map((l) => l.text)).toEqual(['Home', 'A paragraph of the story, long enough to be one.']);
    expect(lines.map((l) => l.dom!.inReadability)).toEqual([false, false]);
    expect(warnings).toEqual(['Readability could not read this page (Maximum call stack size exceeded); labelled without its signal, as a page where it found no article']);
  });

  it("still throws the caller's own mistake (a bad url), which is not the page's fault", ({ expect }) => {
    failure.error = new BoilerstripError('ERR_INVALID_ARG', 'argument `url` must be an absolute URL, got "x"');
    // A url that parses, so the call reaches Readability (htmlToLines names one that does not first).
    expect(() => htmlToLines(PAGE, { readability: true, url: 'https://example.com/' })).toThrow(/`url` must be an absolute URL/);
  });
});
