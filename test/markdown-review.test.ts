import { describe, it, expect } from 'vitest';
import { MarkdownReader, readInline } from '../src/markdown.js';

describe('readInline: code spans', () => {
  it('keeps a code span’s content as text, not read as emphasis or a link', () => {
    expect(readInline('Use `a*b*c` here').text).toBe('Use a*b*c here');
    expect(readInline('See `[x](https://example.com)` in the docs').text).toBe('See [x](https://example.com) in the docs');
    expect(readInline('See `[x](https://example.com)` in the docs').linkChars).toBe(0);
    expect(readInline('A span ``with ` inside`` ends').text).toBe('A span with ` inside ends');
  });

  it('leaves a run of backticks with no run of its length after it as text', () => {
    expect(readInline('one ``` then `x` and **bold**').text).toBe('one ``` then x and bold');
  });

  // Speed is measured by `npm run bench`, not by timed tests: a return of the super-linear
  // path shows as this test running into the suite's 60 s limit. Before the fix, each backtick
  // of an unclosed run searched to the line's end for its closer: this 1 MB line took minutes.
  it('reads a 1 MB line of backtick runs of every length up to 1400, none closed', () => {
    const runs: string[] = [];
    for (let n = 1; n <= 1400; n++) runs.push('`'.repeat(n) + ' a');
    const line = runs.join('');
    expect(line.length).toBeGreaterThan(980_000);
    expect(readInline(line).text).toBe(line);
  });
});
