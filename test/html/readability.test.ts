import { describe, it, expect } from 'vitest';
import { htmlToLines, READABILITY_MAX_DEPTH } from '../../src/html/lines.js';
import { markReadability, readabilityArticle } from '../../src/html/readability.js';

const paragraph = (n: number): string =>
  `<p>Paragraph ${n} of the story, which keeps going for a while so that Readability has enough text to score, ` +
  `with commas, clauses, and the sort of detail a reporter would add, including a quote from someone involved.</p>`;

const PAGE = `<!doctype html><html><head><title>A story</title><script>var tracking = 1;</script></head><body>
<header class="site-header"><nav><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li></ul></nav></header>
<main><article><h1>A story about things</h1>
${[1, 2, 3, 4, 5, 6].map(paragraph).join('\n')}
<table><tr><td>Year</td><td>Value</td></tr><tr><td>2020</td><td>42</td></tr></table>
</article>
<aside class="related"><h2>Related</h2><ul><li><a href="/a">Another unrelated headline for the sidebar</a></li></ul></aside></main>
<footer><p>© 2024 Example Media. All rights reserved.</p></footer></body></html>`;

describe('markReadability', () => {
  it('marks article lines true and navigation, sidebar and footer lines false', () => {
    const lines = htmlToLines(PAGE, { readability: true, url: 'https://example.com/story' });
    const mark = (text: string) => lines.find((l) => l.text === text)?.dom?.inReadability;
    expect(mark(paragraph(1).replace(/<\/?p>/g, ''))).toBe(true);
    expect(mark(paragraph(6).replace(/<\/?p>/g, ''))).toBe(true);
    expect(mark('2020 | 42')).toBe(true);
    expect(mark('Home')).toBe(false);
    expect(mark('Another unrelated headline for the sidebar')).toBe(false);
    expect(mark('© 2024 Example Media. All rights reserved.')).toBe(false);
    for (const l of lines) expect(typeof l.dom?.inReadability).toBe('boolean');
  });

  it('marks lines in place and returns the same array', () => {
    const lines = htmlToLines(PAGE);
    expect(markReadability(PAGE, lines)).toBe(lines);
    expect(lines.some((l) => l.dom?.inReadability === true)).toBe(true);
  });

  it('marks every line false when Readability finds no article', () => {
    const html = '<html><body></body></html>';
    expect(readabilityArticle(html).blocks.size).toBe(0);
    const lines = [{ text: 'Home', dom: htmlToLines('<p>Home</p>')[0]!.dom! }];
    markReadability(html, lines);
    expect(lines[0]!.dom.inReadability).toBe(false);
  });

  it('is not run on a page nested deeper than READABILITY_MAX_DEPTH: every line false, with a warning', () => {
    // Readability takes seconds at a few hundred levels and minutes at a thousand; the walk does not care.
    const depth = READABILITY_MAX_DEPTH + 10;
    const deep = `<html><body>${'<div>'.repeat(depth)}${paragraph(1)}${'</div>'.repeat(depth)}</body></html>`;
    const warnings: string[] = [];
    const started = performance.now();
    const lines = htmlToLines(deep, { readability: true, onWarning: (m) => warnings.push(m) });
    expect(lines.map((l) => l.text)).toEqual([paragraph(1).replace(/<\/?p>/g, '')]);
    expect(lines[0]!.dom!.inReadability).toBe(false);
    expect(warnings).toEqual([expect.stringMatching(/^Readability was not run: the page nests its text \d+ elements deep \(more than 256, READABILITY_MAX_DEPTH\)/)]);
    expect(performance.now() - started).toBeLessThan(10_000);
  });

  it('is run on a page nested as deep as real pages get (the benchmark pages: 50 at most)', () => {
    const shell = (inner: string) => `<html><body>${'<div>'.repeat(60)}${inner}${'</div>'.repeat(60)}</body></html>`;
    const warnings: string[] = [];
    const lines = htmlToLines(shell(`<article>${[1, 2, 3, 4, 5, 6].map(paragraph).join('')}</article>`), { readability: true, onWarning: (m) => warnings.push(m) });
    expect(warnings).toEqual([]);
    expect(lines.every((l) => l.dom!.inReadability === true)).toBe(true);
  });

  it('names the url argument when it is not an absolute URL', () => {
    // As a url of the wrong type is named: `options.url`, the caller's option (it said `url`).
    expect(() => htmlToLines(PAGE, { readability: true, url: 'not a url' })).toThrow('argument `options.url` must be an absolute URL, got string "not a url"');
    // Without Readability too: a bad url is the caller's mistake whether or not this call reads it (QA pass 3).
    expect(() => htmlToLines(PAGE, { url: 'not a url' })).toThrow('argument `options.url` must be an absolute URL, got string "not a url"');
    expect(htmlToLines(PAGE, { url: 'https://example.com/a' }).length).toBeGreaterThan(0);
  });

  it('leaves lines without DOM features alone', () => {
    const lines: { text: string; dom?: undefined }[] = [{ text: 'plain' }];
    markReadability(PAGE, lines);
    expect(lines[0]).toEqual({ text: 'plain' });
  });
});
