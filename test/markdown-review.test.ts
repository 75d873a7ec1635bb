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

describe('MarkdownReader: ATX headings', () => {
  it('drops a closing run of hashes after a space, and keeps hashes that end a word', () => {
    const read = (line: string) => new MarkdownReader().read(line).text;
    expect(read('# Title #')).toBe('Title');
    expect(read('## Title ##   ')).toBe('Title');
    expect(read('### Learn C#')).toBe('Learn C#');
    expect(read('# Tabs\t#\t')).toBe('Tabs');
  });

  // As above: no timing, but the quadratic path runs into the suite's limit. Before the fix the
  // closing-hashes pattern was tried from every space of the run and read the run to its end.
  it('reads a heading with a 1 MB run of spaces inside it', () => {
    const line = '# a' + ' '.repeat(1 << 20) + 'x';
    expect(new MarkdownReader().read(line).text).toBe('a x');
  });
});

describe('MarkdownReader: code fences', () => {
  // CommonMark 4.5: a backtick fence's info string holds no backtick, so "```a``` b" is a
  // paragraph with a code span. Read as a fence, it left every later line unread as Markdown
  // (links kept their URLs) until some line of three backticks closed it.
  it('reads a line that opens with three backticks and holds another backtick as inline code, not as a fence', () => {
    const reader = new MarkdownReader();
    expect(reader.read('```npm install``` is all it takes').text).toBe('npm install is all it takes');
    expect(reader.read('* [Home](https://example.com/)').text).toBe('Home');
  });

  it('still opens a fence with an info string, and a tilde fence whose info string holds backticks', () => {
    const reader = new MarkdownReader();
    expect(reader.read('```js').dom?.tag).toBe('pre');
    expect(reader.read('* [Home](https://example.com/)').text).toBe('* [Home](https://example.com/)');
    expect(reader.read('```').dom?.tag).toBe('pre');
    expect(reader.read('~~~ `weird` info').dom?.tag).toBe('pre');
    expect(reader.read('[a](b)').text).toBe('[a](b)');
    expect(reader.read('~~~').dom?.tag).toBe('pre');
    expect(reader.read('[a](b)').text).toBe('a');
  });
});
