import { describe, expect, it } from 'vitest';
import { MARKDOWN_LINK_MAX_LINES, MarkdownReader, readInline } from '../src/markdown.js';
import { labelBytes, labelDocument } from '../src/pipeline.js';
import { resolveOptions } from '../src/options.js';
import { processPage } from '../src/document.js';
import { recordPageFormat } from '../src/json/page.js';
import { defaultModel, freezeModel, markdownModel, parseModel } from '../src/model.js';
import type { InputLine } from '../src/types.js';

function readAll(lines: string[]) {
  const reader = new MarkdownReader();
  return lines.map((l) => reader.read(l));
}

describe('readInline', () => {
  it('reads a link as its text and counts that text as link text', () => {
    const r = readInline('Read [the full report](https://example.com/report) here');
    expect(r.text).toBe('Read the full report here');
    expect(r.linkChars).toBe('thefullreport'.length);
  });

  it('drops images, alt text included, and counts them', () => {
    const r = readInline('![A chart of prices](https://example.com/c.png "Prices") Prices rose');
    expect(r.text).toBe('Prices rose');
    expect(r.images).toBe(1);
  });

  it('reads a linked image as an image inside an empty link', () => {
    const r = readInline('[![](https://example.com/logo.png)](https://example.com/)');
    expect(r.text).toBe('');
    expect(r.images).toBe(1);
    expect(r.linkChars).toBe(0);
  });

  it('takes emphasis markers out but leaves an underscore inside a word and a lone star between spaces', () => {
    expect(readInline('**Bold** and _italic_ and ~~gone~~').text).toBe('Bold and italic and gone');
    expect(readInline('snake_case_name costs 2 * 3').text).toBe('snake_case_name costs 2 * 3');
  });

  it('undoes backslash escapes, and an escaped bracket is no link', () => {
    expect(readInline('1\\. Not a list \\*really\\*').text).toBe('1. Not a list *really*');
    expect(readInline('\\[not a link\\](x)').text).toBe('[not a link](x)');
  });

  it('keeps a code span\'s content as it is, syntax and all', () => {
    expect(readInline('Run `[a](b) **c**` now').text).toBe('Run [a](b) **c** now');
  });

  it('reads a target holding parentheses, an angle-bracket target and a title', () => {
    expect(readInline('[Mercury](https://en.wikipedia.org/wiki/Mercury_(planet)) is small').text).toBe('Mercury is small');
    expect(readInline('[x](<https://a.example/b c> "t")').text).toBe('x');
  });

  it('reads reference links and autolinks as link text', () => {
    const r = readInline('See [the docs][1] or <https://example.com/help>');
    expect(r.text).toBe('See the docs or https://example.com/help');
    expect(r.linkChars).toBe('thedocs'.length + 'https://example.com/help'.length);
  });

  it('marks links to a share action and to a social profile', () => {
    const share = readInline('[Share](https://www.facebook.com/sharer/sharer.php?u=x)');
    const follow = readInline('[Follow us](https://twitter.com/example)');
    expect(share.linkKinds).not.toBe(0);
    expect(follow.linkKinds).not.toBe(0);
    expect(share.linkKinds).not.toBe(follow.linkKinds);
    expect(readInline('[Home](https://example.com/)').linkKinds).toBe(0);
  });

  it('reads a link whose text holds a pair of brackets as one link, as CommonMark does', () => {
    // Firecrawl and Jina keep such text as it was ("[the [new] bridge](…)", a footnote mark in a
    // link); read as no link, the line kept its URL as words and no link share.
    const r = readInline('See [the [new] bridge](https://example.com/a) and [ref [1]][r] today');
    expect(r.text).toBe('See the [new] bridge and ref [1] today');
    expect(r.linkChars).toBe('the[new]bridge'.length + 'ref[1]'.length);
    // Brackets that do not pair are still no link, and a bracket left open does not swallow the line.
    expect(readInline('[a [b](https://example.com/) c').text).toBe('[a b c');
  });

  it('reads 1 MiB lines of bracket pairs that never become a link in linear time', () => {
    // As below: no timing, but a pattern that backtracked over the pairs would run into the suite's limit.
    const pairs = '[a [b] '.repeat(1 << 17);
    expect(readInline(pairs).text).toBe(pairs.trim());
    const close = '[x] ]'.repeat(1 << 18);
    expect(readInline(close).text).toBe(close);
  });

  it('reads raw HTML in a line as the page shows it: tags gone, an anchor as a link, entities as their characters', () => {
    const menu = readInline('<div class="nav"><a href="/">Home</a> | <a href=\'/news\'>News</a></div>');
    expect(menu.text).toBe('Home | News');
    expect(menu.linkChars).toBe(8);
    const share = readInline('<a class="btn" href="https://www.facebook.com/sharer/sharer.php?u=x" target="_blank">Share</a>');
    expect(share).toMatchObject({ text: 'Share', linkChars: 5 });
    expect(share.linkKinds).toBe(readInline('[Share](https://www.facebook.com/sharer/sharer.php?u=x)').linkKinds);
    // Inline tags join their words; block tags and <br> part them.
    expect(readInline('<p>The <b>new</b> bridge<br>opens</p><p>today</p>').text).toBe('The new bridge opens today');
    expect(readInline('<td>Votes for</td><td>12</td>').text).toBe('Votes for 12');
    expect(readInline('Tom &amp; Jerry&nbsp;&copy; 2024 &#8211; &#x27;ok&#x27; &bogus;').text).toBe("Tom & Jerry © 2024 – 'ok' &bogus;");
    expect(readInline('Before <!-- a comment --> after <img src="x.png" alt="chart"/>').text).toBe('Before after');
  });

  it('leaves what is no HTML tag as text: comparisons, autolinks, escaped and coded tags', () => {
    expect(readInline('if a < b and c > d').text).toBe('if a < b and c > d');
    expect(readInline('x <3 y, <-- and <>').text).toBe('x <3 y, <-- and <>');
    // A title in angle brackets, as Korean and Japanese text quote works, reads like a tag with attributes: no HTML element, so text.
    expect(readInline('They watched <The Palace: Tale of Jang Noksu> twice').text).toBe('They watched <The Palace: Tale of Jang Noksu> twice');
    expect(readInline('<Kim Jiyoung, Born 1982> and <Diva>').text).toBe('<Kim Jiyoung, Born 1982> and <Diva>');
    expect(readInline('<https://example.com/a>').text).toBe('https://example.com/a');
    expect(readInline('Write \\<div> or `<div>` to open one').text).toBe('Write <div> or <div> to open one');
  });

  it('reads 1 MiB lines of unclosed tags and anchors in linear time', () => {
    const anchors = '<a href="x" '.repeat(1 << 16);
    expect(readInline(anchors).text.length).toBeGreaterThan(0);
    const opens = '<a'.repeat(1 << 19);
    expect(readInline(opens).text).toBe(opens);
  });

  it('leaves brackets that are no link as text', () => {
    expect(readInline('[Photo: Reuters] and [sic]').text).toBe('[Photo: Reuters] and [sic]');
  });

  it('reads 1 MiB lines of unclosed brackets and of backslashes as text', () => {
    // Each pass is one linear regular-expression pass (the character scan it replaced was
    // quadratic on such lines); a 1 MiB line is the splitter's cap.
    const brackets = '['.repeat(1 << 20);
    expect(readInline(brackets).text).toBe(brackets);
    expect(readInline('\\'.repeat(1 << 20)).text).toBe('\\'.repeat(1 << 19));
    expect(readInline('``a'.repeat(1 << 18)).text.length).toBeGreaterThan(0);
  });
});

describe('MarkdownReader', () => {
  it('reads ATX headings with their level, closing hashes dropped', () => {
    const [h1, h3] = readAll(['# The headline #', '### A subhead']);
    expect(h1!.text).toBe('The headline');
    expect(h1!.dom!.headingLevel).toBe(1);
    expect(h3!.dom!.headingLevel).toBe(3);
  });

  it('reads list items, nested, ordered and task items, without their markers', () => {
    const lines = readAll(['*   [Tech](https://bgr.com/tech/)', '    - nested', '2. second', '- [x] done']);
    expect(lines.map((l) => l.text)).toEqual(['Tech', 'nested', 'second', 'done']);
    expect(lines.every((l) => l.dom!.inList)).toBe(true);
    expect(lines[0]!.dom!.linkDensity).toBe(1);
  });

  it('reads block quotes and table rows, and keeps a table\'s delimiter row and a thematic break as they are', () => {
    const [quote, row, delimiter, hr] = readAll(['> She said **no**.', '| Team | Points |', '| --- | :-: |', '* * *']);
    expect(quote!.text).toBe('She said no.');
    expect(row!.text).toBe('Team Points');
    expect(row!.dom!.inTable).toBe(true);
    expect(delimiter!.text).toBe('| --- | :-: |');
    expect(hr!.text).toBe('* * *');
    expect(hr!.dom!.tag).toBe('hr');
  });

  it('keeps lines inside a code fence as they are, until the fence closes', () => {
    const lines = readAll(['```js', '# not a heading', '[not](a link)', '```', '# a heading']);
    expect(lines.slice(0, 4).map((l) => l.text)).toEqual(['```js', '# not a heading', '[not](a link)', '```']);
    expect(lines[1]!.dom!.tag).toBe('pre');
    expect(lines[4]!.text).toBe('a heading');
  });

  it('does not close a backtick fence with a tilde fence or a shorter one', () => {
    const lines = readAll(['````', '~~~', '```', '# still code', '````', '# heading']);
    expect(lines[3]!.text).toBe('# still code');
    expect(lines[5]!.text).toBe('heading');
  });

  it('gives a line with nothing a reader sees (an image, a linked image) its own text to read', () => {
    const [image, linked] = readAll(['![](https://example.com/pixel.gif)', '[![](https://example.com/logo.png)](https://example.com/)']);
    expect(image!.text).toBe('![](https://example.com/pixel.gif)');
    expect(image!.dom!.inFigure).toBe(true);
    expect(linked!.dom!.inFigure).toBe(true);
  });

  it('gives the labeller the same text through text() as read() gives, line for line', () => {
    const lines = ['```', '# code', '```', '# Head', '* [a](b)', '![](x.png)', '[1]: https://x', '| a | b |', '|---|---|', '---', 'plain  text', '', '> q'];
    const a = new MarkdownReader();
    const b = new MarkdownReader();
    expect(lines.map((l) => a.text(l))).toEqual(lines.map((l) => b.read(l).text));
  });

  it('reads a line ending in a carriage return (a CRLF file split on LF alone) as the same line without it', () => {
    const lines = ['```', '# code', '```', '# Head #', '---', '| a | b |', '|---|---|', '* [a](b)', 'plain text'];
    const facts = (l: { dom?: { tag: string; headingLevel: number; inTable: boolean; inList: boolean } }) =>
      l.dom && { tag: l.dom.tag, headingLevel: l.dom.headingLevel, inTable: l.dom.inTable, inList: l.dom.inList };
    expect(readAll(lines.map((l) => l + '\r')).map(facts)).toEqual(readAll(lines).map(facts));
  });

  it('says a setext underline under a paragraph line, and a table row or delimiter row under a table row, continue the line above, and nothing else does', () => {
    const reader = new MarkdownReader();
    const lines = ['Title', '=====', '', '---', 'Text', '---', '# Head', '===', '* item', '---', '| a | b |', '|---|---|', '| 1 | 2 |', '', '|---|---|', '| 3 | 4 |', '[x]: https://x.test', '==='];
    const continues = lines.map((l) => {
      reader.text(l);
      return reader.continues;
    });
    expect(lines.filter((_, i) => continues[i])).toEqual(['=====', '---', '|---|---|', '| 1 | 2 |', '| 3 | 4 |']);
    expect(continues.indexOf(true)).toBe(1);
    expect(continues[5]).toBe(true);
    expect(continues[11]).toBe(true);
    expect(continues[12]).toBe(true);
  });

  it('reads a paragraph line as a heading when the line after it is a setext underline, and nothing else', () => {
    const read = (line: string, next?: string, before: string[] = []) => {
      const reader = new MarkdownReader();
      for (const l of before) reader.read(l);
      return reader.read(line, next).dom;
    };
    expect(read('The headline', '=====')).toMatchObject({ tag: 'h1', headingLevel: 1 });
    expect(read('A subhead', '  ---  \r')).toMatchObject({ tag: 'h2', headingLevel: 2 });
    expect(read('A paragraph', 'More text')).toMatchObject({ tag: 'p', headingLevel: 0 });
    expect(read('A paragraph')).toMatchObject({ tag: 'p', headingLevel: 0 });
    expect(read('* a list item', '---')).toMatchObject({ tag: 'li', headingLevel: 0 });
    expect(read('# already a heading', '===')).toMatchObject({ headingLevel: 1 });
    expect(read('code', '===', ['```'])).toMatchObject({ tag: 'pre', headingLevel: 0 });
  });

  it('opens a fence on a list item\'s line and closes it however far the closing fence is indented', () => {
    const reader = new MarkdownReader();
    const lines = ['1. Install it:', '- ```bash', '  npm install boilerstrip', '  ```', 'After the list.', '```', 'code', '      ```', '# A heading'];
    expect(lines.map((l) => (reader.text(l), reader.inCode))).toEqual([false, true, true, true, false, true, true, true, false]);
    expect(reader.read('# Still a heading').dom!.headingLevel).toBe(1);
    // "- ```a``` b" is a code span in a list item, not a fence.
    const spans = new MarkdownReader();
    spans.text('- ```a``` b');
    expect(spans.inCode).toBe(false);
  });

  it('opens a fence indented under a list item, past a blank line, and one inside a block quote, and closes each (QA pass 9)', () => {
    // Converters indent a list item's code four spaces; read as prose, its closing fence was left
    // in the output alone, an open fence that turned the rest of the page into code.
    const reader = new MarkdownReader();
    const lines = ['1. Stop the service:', '', '    ```', '    sudo systemctl stop exampled', '    ```', '', '2. Start it again.', '> ```sh', '> make', '> ```', 'After.'];
    expect(lines.map((l) => (reader.text(l), reader.inCode))).toEqual([false, false, true, true, true, false, false, true, true, true, false]);
    // Outside a list, four spaces of indentation is not a fence's.
    const plain = new MarkdownReader();
    for (const l of ['A paragraph.', '', '    ```', 'Text']) plain.text(l);
    expect(plain.inCode).toBe(false);
  });

  it('reads a table without outer pipes as a table: its rows under the delimiter continue the table, as the delimiter continues its header (QA pass 9)', () => {
    const reader = new MarkdownReader();
    const lines = ['Option | Required', '--- | ---', 'theme | no', 'retries | no', '', 'Was this page helpful?', 'a | b'];
    const facts = lines.map((l) => {
      const line = reader.read(l);
      return [reader.continues, line.dom?.inTable ?? false];
    });
    expect(facts).toEqual([[false, false], [true, true], [true, true], [true, true], [false, false], [false, false], [false, false]]);
  });

  it('reads a footnote definition as a line of text, not a link definition, and a line that is only a tag as no link (QA pass 9)', () => {
    const [footnote, definition, tag, entity] = readAll(['[^1]: Browsers also treat the back/forward cache differently.', '[rfc]: https://www.rfc-editor.org/rfc/rfc9111', '<table>', '&nbsp;']);
    expect(footnote!.dom!.linkDensity).toBe(0);
    expect(footnote!.text).toContain('Browsers also treat');
    expect(definition!.dom!.linkDensity).toBe(1);
    expect(tag!.dom!.linkDensity).toBe(0);
    expect(entity!.dom!.linkDensity).toBe(0);
    // An empty link is still one.
    expect(readAll(['[](https://example.com/)'])[0]!.dom!.linkDensity).toBe(1);
  });

  it('says the lines of a link that spans lines (a Firecrawl card) continue the line that opened it (QA pass 9)', () => {
    // Labelled apart, a cleaned page kept `[![](…/ship.jpg)\\` of one card and `6 min read](…)` of another.
    const reader = new MarkdownReader();
    const lines = ['[![](https://news.example/img/ship.jpg)\\', '\\', '**Ports brace for the storm** \\', '\\', '4 min read](https://news.example/ports)', 'A paragraph after it.', 'An [open bracket', '', 'is closed by a blank line.'];
    const continues = lines.map((l) => (reader.text(l), reader.continues));
    expect(continues).toEqual([false, true, true, true, true, false, false, false, false]);
    // Not past MARKDOWN_LINK_MAX_LINES lines: a stray bracket does not take the page with it.
    const stray = new MarkdownReader();
    const many = ['A [stray bracket in prose', ...Array.from({ length: MARKDOWN_LINK_MAX_LINES + 3 }, (_, i) => `line ${i}`)];
    const flags = many.map((l) => (stray.text(l), stray.continues));
    expect(flags.filter(Boolean)).toHaveLength(MARKDOWN_LINK_MAX_LINES);
  });

  it('says which lines belong to a fenced code block, its fences included', () => {
    const reader = new MarkdownReader();
    const lines = ['Intro:', '```', 'code', '', '```', 'After'];
    expect(lines.map((l) => (reader.text(l), reader.inCode))).toEqual([false, true, true, true, true, false]);
  });

  it('leaves a blank line blank and without facts', () => {
    expect(readAll(['   '])[0]).toEqual({ text: '   ' });
  });
});

/** A short Markdown page: a menu of links, the story, a newsletter pitch, a footer. */
const PAGE = [
  '*   [Home](https://example.com/)',
  '*   [World](https://example.com/world/)',
  '*   [Business](https://example.com/business/)',
  '*   [Sport](https://example.com/sport/)',
  '',
  '# Council approves the new river bridge after a decade of delays',
  '',
  'The city council voted on Tuesday to approve the long-delayed river bridge, ending a dispute that began when the first design was rejected in 2014.',
  '',
  'Officials said construction would begin next spring and take about three years, with the old ferry running until the bridge opens to traffic.',
  '',
  'Residents who spoke at the meeting were mostly in favour, though several asked the council to protect the wetlands on the northern bank.',
  '',
  '[Sign up for our newsletter](https://example.com/newsletter) to get the news first',
  '',
  '© 2024 Example Media. All rights reserved.',
];

describe('the markdown option', () => {
  it('gives every line back as it came, in order, whatever the features saw', () => {
    const labelled = labelDocument(PAGE, { markdown: true });
    expect(labelled.map((l) => l.text)).toEqual(PAGE);
    expect(labelled.map((l) => l.index)).toEqual(PAGE.map((_, i) => i));
  });

  it('reads the headline and the story as body and the menu as navigation', () => {
    const labels = labelDocument(PAGE, { markdown: true }).map((l) => l.label);
    expect(labels.slice(0, 4)).toEqual(['navigation', 'navigation', 'navigation', 'navigation']);
    expect([labels[5], labels[7], labels[9], labels[11]]).toEqual(['body', 'body', 'body', 'body']);
    expect(labels[15]).toBe('disclaimer');
  });

  it('labels with a model not fitted on Markdown as the text a reader sees, given as plain lines', () => {
    const reader = new MarkdownReader();
    const visible = PAGE.map((l) => reader.read(l).text);
    const labels = (lines: readonly (string | InputLine)[], options = {}) => labelDocument(lines, options).map((l) => [l.label, l.reason]);
    expect(labels(PAGE, { markdown: true, model: defaultModel() })).toEqual(labels(visible));
  });

  it('hands a model fitted on Markdown the syntax\'s facts, as MarkdownReader.read gives them', () => {
    const model = freezeModel({ ...parseModel(JSON.parse(JSON.stringify(defaultModel()))), markdown: true });
    const labels = (lines: readonly (string | InputLine)[], options = {}) => labelDocument(lines, options).map((l) => [l.label, l.reason]);
    const read = readAll(PAGE);
    expect(labels(PAGE, { markdown: true, model })).toEqual(labels(read, { model }));
    // The facts change what the model sees: the menu's link share, the headline's level.
    expect(labels(read, { model })).not.toEqual(labels(read.map((l) => ({ text: l.text })), { model }));
  });

  it('gives a setext underline and a table\'s delimiter row the label of the line above, saying why, whatever the model said', () => {
    // A model that calls every one-word line an advertisement: the underlines and the delimiter row, not their titles.
    const raw = JSON.parse(JSON.stringify(defaultModel()));
    raw.first.advertisement.w1 = 100;
    const model = parseModel(raw);
    const page = ['Council approves the new river bridge after years of delay', '=============', '', PAGE[7]!, '', 'What the new bridge will cost the city', '--------------', '', PAGE[9]!, '', '| Year | Cost in millions |', '| --- | --- |', '| 2025 | 14 |', '| Total | |'];
    const labelled = labelDocument(page, { markdown: true, model });
    for (const i of [1, 6, 11]) {
      expect(labelled[i]!.first).toBe('advertisement');
      expect(labelled[i]!.label).toBe(labelled[i - 1]!.label);
      expect(labelled[i]!.label).not.toBe('advertisement');
      expect(labelled[i]!.reason).toMatch(/^(body|navigation|disclaimer): markdown: the (underline of the heading|delimiter row of the table row) above; model: advertisement/);
    }
    // A table's rows go with its header row: kept or dropped apart, a cleaned page held a header with no rows (QA pass 3).
    expect(labelled[12]!.label).toBe(labelled[10]!.label);
    expect(labelled[13]!.first).toBe('advertisement');
    expect(labelled[13]!.label).toBe(labelled[10]!.label);
    expect(labelled[13]!.reason).toMatch(/^(body|navigation|disclaimer): markdown: a row of the table above; model: advertisement/);
    // Any other one-word line keeps the model's label.
    expect(labelDocument(['Home', '', PAGE[7]!], { markdown: true, model })[0]!.label).toBe('advertisement');
    // Without reasons, the label follows all the same.
    expect(labelDocument(page, { markdown: true, model, reasons: false }).map((l) => l.label)).toEqual(labelled.map((l) => l.label));
  });

  it('makes an HTML comment, script or style block over several lines navigation, inside the story too, and keeps the story around it (QA pass 16)', () => {
    const blocks = [
      ['<!--', '  ad slot: top-of-article', "  googletag.cmd.push(function() { googletag.display('div-gpt-ad-1'); });", '-->'],
      ['<script type="text/javascript">', 'window.dataLayer = window.dataLayer || [];', '</script>'],
      ['<STYLE>', '.article-body p { margin: 0 0 1em; }', '</STYLE>'],
    ];
    for (const block of blocks) {
      const page = [...PAGE.slice(0, 10), '', ...block, '', ...PAGE.slice(10)];
      const labelled = labelDocument(page, { markdown: true });
      for (let i = 11; i < 11 + block.length; i++) {
        expect(labelled[i]!.label, block[0]).toBe('navigation');
        expect(labelled[i]!.reason).toBe('navigation: markdown: an HTML comment, script or style block, which a reader does not see');
      }
      // The story around it is labelled as without it.
      const without = labelDocument([...PAGE.slice(0, 10), '', ...PAGE.slice(10)], { markdown: true }).map((l) => l.label);
      expect([...labelled.slice(0, 11), ...labelled.slice(12 + block.length)].map((l) => l.label), block[0]).toEqual(without);
      expect(labelled.map((l) => l.text)).toEqual(page);
    }
    // Closed on its line, a comment is inline markup, read as before; a stray opener that never
    // closes is text, and the page after it is read as the page.
    const stray = labelDocument([...PAGE.slice(0, 10), '', '<!-- a converter left this open', '', ...PAGE.slice(10)], { markdown: true });
    expect(stray.filter((l) => l.reason.includes('HTML comment'))).toEqual([]);
    // Read as a line of text (the model's label), and the lines after it each by the model too.
    expect(stray[11]!.reason).toMatch(/^body over /);
    expect(stray.slice(12).filter((l) => l.text !== '').every((l) => !l.reason.startsWith('navigation: markdown'))).toBe(true);
  });

  it('keeps the definitions of the link references and footnotes the body uses, and leaves those of the menu to the model (QA pass 16)', () => {
    const page = [
      '[Home][1] | [World][2] | [Business][3]',
      '',
      '# Port strike enters its third week',
      '',
      'Dock workers at the [Port of Saltmere][4] have now been on strike for three weeks, and the backlog of ships waiting offshore has reached forty, according to a [statement][harbour authority].[^note]',
      '',
      'The union says its members will not return until the operator withdraws plans to automate two of the four cranes, which it says would cost 300 jobs.',
      '',
      'Talks brokered by the regional government broke down on Friday, and no new date has been set for the parties to meet again.',
      '',
      '[1]: https://news.example/',
      '[2]: https://news.example/world',
      '[3]: https://news.example/business',
      '[4]: https://en.example.org/wiki/Port_of_Saltmere',
      '[Harbour  Authority]: https://harbour.example/statement',
      '[^note]: Counted by the harbour authority on Monday morning.',
      '[unused]: https://example.test/unused',
    ];
    const labelled = labelDocument(page, { markdown: true });
    const byText = (t: string) => labelled.find((l) => l.text.startsWith(t))!;
    for (const def of ['[4]:', '[Harbour  Authority]:', '[^note]:']) {
      expect(byText(def).label, def).toBe('body');
      expect(byText(def).reason, def).toMatch(/^body: markdown: the definition of a (link reference|footnote) a body line above uses; model: /);
    }
    expect(byText('[^note]:').reason).toContain('a footnote');
    // The menu's definitions, and one nothing uses, are the model's.
    for (const def of ['[1]:', '[2]:', '[3]:', '[unused]:']) expect(byText(def).reason, def).not.toContain('definition of');
    expect(labelled.map((l) => l.text)).toEqual(page);
  });

  it('makes a line of three or more links and nothing else navigation where the model kept it, and leaves two links and links in prose alone (QA pass 16)', () => {
    // QA pass 16's page: the model kept its menu, above the headline, as body.
    const story = [
      '# Port strike enters its third week',
      '',
      'By Lena Ortiz, March 3, 2031',
      '',
      'Dock workers at the Port of Saltmere have now been on strike for three weeks, and the backlog of container ships waiting offshore has reached forty, according to the harbour authority.',
      '',
      '<table>',
      '  <tr><th>Week</th><th>Ships waiting</th></tr>',
      '  <tr><td>1</td><td>12</td></tr>',
      '  <tr><td>3</td><td>40</td></tr>',
      '</table>',
      '',
      'The union says, in a [statement](https://union.example/s), that its members will not return until the [operator](https://op.example) and the [harbour authority](https://harbour.example) talk.',
      '',
      'Talks brokered by the regional government broke down on Friday, and no new date has been set for the parties to meet again.',
      '',
      '© 2031 Saltmere News. All rights reserved.',
    ];
    const prose = story.findIndex((l) => l.startsWith('The union says')) + 2;
    for (const line of ['[Home](https://news.ex/) | [World](https://news.ex/world) | [Business](https://news.ex/business)', '[Home](https://news.ex/) [World](https://news.ex/world) [Business](https://news.ex/business) [Sport](https://news.ex/sport)']) {
      const labelled = labelDocument([line, '', ...story], { markdown: true });
      expect(labelled[0]!.label, line).toBe('navigation');
      // The first the model kept as body; the second it already made navigation.
      if (line.includes(' | ')) expect(labelled[0]!.reason, line).toMatch(/^navigation: markdown: a line of 3 links and nothing else; model: body over /);
      // The paragraph with three links in its prose stays body.
      expect(labelled[prose]!.label).toBe('body');
    }
    expect(labelDocument(['[Home](https://news.ex/) | [World](https://news.ex/world)', '', ...story], { markdown: true })[0]!.reason).not.toContain('links and nothing else');
  });

  it('labels a fenced code block as the text that introduces it, and keeps the paragraph after it in the story', () => {
    const code = ['```js', "import { createReadStream } from 'node:fs';", '', 'for await (const line of lines) {', '  handle(JSON.parse(line));', '}', '```'];
    const after = 'This keeps memory flat because only one line is held at a time, and the readline module carries the lines split across reads.';
    const page = [...PAGE.slice(0, 10), '', ...code, '', after, '', ...PAGE.slice(13)];
    const labelled = labelDocument(page, { markdown: true });
    const at = 11;
    expect(labelled[9]!.label).toBe('body');
    for (let i = at; i < at + code.length; i++) {
      if (code[i - at] === '') expect(labelled[i]!.label).toBe('blank');
      else {
        expect(labelled[i]!.label).toBe('body');
        expect(labelled[i]!.reason).toBe('body: markdown: a code block goes with the text before it (line 10)');
      }
    }
    expect(labelled[at + code.length + 1]!.label).toBe('body');
    expect(labelled.map((l) => l.text)).toEqual(page);
    // Code after the menu goes with the menu; code that opens the document is kept.
    const menuCode = labelDocument([...PAGE.slice(0, 4), ...code], { markdown: true });
    expect(menuCode.slice(4).filter((l) => l.text !== '').map((l) => l.label)).toEqual(Array(6).fill('navigation'));
    const first = labelDocument(code, { markdown: true });
    expect(first.filter((l) => l.text !== '').every((l) => l.label === 'body' && l.reason.includes('none: the document opens with it'))).toBe(true);
    expect(labelDocument(page, { markdown: true, reasons: false }).map((l) => l.label)).toEqual(labelled.map((l) => l.label));
  });

  // A converter's stray fence took the rest of the page for code: the story went with the menu
  // above it, or the footer with the story, and nothing said so.
  it('reads the lines after a fence that never closes as the page they are, not as code', () => {
    const plain = labelDocument(PAGE, { markdown: true }).map((l) => l.label);
    const stray = labelDocument([...PAGE.slice(0, 5), '```', ...PAGE.slice(5)], { markdown: true });
    expect(stray.map((l) => l.label)).toEqual([...plain.slice(0, 5), stray[5]!.label, ...plain.slice(5)]);
    expect(stray.map((l) => l.text)).toEqual([...PAGE.slice(0, 5), '```', ...PAGE.slice(5)]);
    expect(stray[5]!.reason).not.toMatch(/code block/);
    // Left open inside the story: the pitch and the footer are furniture again.
    const open = labelDocument([...PAGE.slice(0, 12), '```python', 'print(cost(42))', '', ...PAGE.slice(12)], { markdown: true });
    expect(open.at(-1)!.label).toBe('disclaimer');
    expect(open.filter((l) => /code block/.test(l.reason))).toEqual([]);
    // A fence that closes, however long its block, is code as before.
    const long = Array.from({ length: 300 }, (_, i) => `x${i} = ${i}`);
    const closed = labelDocument([...PAGE.slice(0, 12), '```', ...long, '```', ...PAGE.slice(12)], { markdown: true });
    expect(closed.slice(12, 12 + 302).every((l) => l.label === 'body' && /code block/.test(l.reason))).toBe(true);
    expect(closed.at(-1)!.label).toBe('disclaimer');
  });

  it('leaves the reason of a code block\'s line empty with reasons: false, as for any other line with text', () => {
    const page = [...PAGE.slice(0, 10), '', '```js', 'handle(JSON.parse(line));', '```', '', ...PAGE.slice(13)];
    const plain = labelDocument(page, { markdown: true, reasons: false });
    expect(plain[12]!.label).toBe('body');
    expect(plain.filter((l) => l.label !== 'blank').map((l) => l.reason)).toEqual(page.filter((t) => t !== '').map(() => ''));
  });

  it('hands the model a setext title as a heading, streamed a line at a time as whole', async () => {
    // A model fitted on Markdown that calls every level-1 heading an advertisement.
    const raw = JSON.parse(JSON.stringify(defaultModel()));
    raw.first.advertisement.h1 = 100;
    const model = freezeModel({ ...parseModel(raw), markdown: true });
    const page = ['Council approves the new river bridge', '=====================================', '', PAGE[7]!];
    const labelled = labelDocument(page, { markdown: true, model });
    expect(labelled[0]!.first).toBe('advertisement');
    expect(labelled[1]!.label).toBe(labelled[0]!.label);
    // Without the underline the same line is no heading.
    expect(labelDocument([page[0]!, '', PAGE[7]!], { markdown: true, model })[0]!.first).not.toBe('advertisement');
    const bytes = new TextEncoder().encode(page.join('\n') + '\n');
    const streamed = [];
    for await (const l of labelBytes((function* () { for (let i = 0; i < bytes.length; i++) yield bytes.subarray(i, i + 1); })(), { markdown: true, model })) streamed.push([l.label, l.first, l.text]);
    expect(streamed).toEqual(labelled.map((l) => [l.label, l.first, l.text]));
  });

  it('labels a Jina Reader envelope navigation, saying why, and labels the page inside it as it would be without it', async () => {
    const header = ['Title: Council approves the new river bridge | Example News', '', 'URL Source: https://example.com/news/bridge', '', 'Published Time: 2024-03-05T08:00:00Z', '', 'Markdown Content:'];
    const summary = ['', 'Links/Buttons:', '- [Home](https://example.com/)', '- [World](https://example.com/world/)'];
    const page = [...header, ...PAGE, ...summary];
    const labelled = labelDocument(page, { markdown: true });
    expect(labelled.map((l) => l.text)).toEqual(page);
    for (const i of [0, 2, 4, 6, header.length + PAGE.length + 1, page.length - 2, page.length - 1]) {
      expect(labelled[i]!.label).toBe('navigation');
      expect(labelled[i]!.first).toBe('navigation');
      expect(labelled[i]!.reason).toBe('navigation: markdown: a reader\'s envelope (Title:, URL Source:, its summaries), not the page');
    }
    // The stages saw blank lines in the envelope's place: the page's labels are those of the page
    // after as many blank lines, and before as many at its end.
    const blanks = labelDocument([...header.map(() => ''), ...PAGE, ...summary.map(() => '')], { markdown: true });
    expect(labelled.slice(header.length, header.length + PAGE.length).map((l) => [l.label, l.reason])).toEqual(
      blanks.slice(header.length, header.length + PAGE.length).map((l) => [l.label, l.reason]),
    );
    // Streamed a byte at a time, the same.
    const bytes = new TextEncoder().encode(page.join('\n') + '\n');
    const streamed = [];
    for await (const l of labelBytes((function* () { for (let i = 0; i < bytes.length; i++) yield bytes.subarray(i, i + 1); })(), { markdown: true })) streamed.push([l.label, l.text]);
    expect(streamed).toEqual(labelled.map((l) => [l.label, l.text]));
    // As plain text, the envelope is not read: it is Markdown's.
    expect(labelDocument(page)[2]!.reason).not.toContain('envelope');
  });

  it("labels the envelope's summaries navigation after a code fence of the page that never closes", () => {
    // A converter's stray fence: its lines are read again as text, and the summaries after it
    // are the reader's. They came out as body while the envelope took them for the page's code.
    const header = ['Title: Council approves the new river bridge | Example News', '', 'URL Source: https://example.com/news/bridge', '', 'Markdown Content:'];
    const summary = ['', 'Images:', '- ![Image 1: the bridge](https://example.com/bridge.jpg)', '- ![Image 2: the river](https://example.com/river.jpg)'];
    const page = [...header, ...PAGE.slice(0, 4), '```', ...PAGE.slice(4), ...summary];
    const labelled = labelDocument(page, { markdown: true });
    for (const l of labelled.slice(page.length - 3)) expect([l.label, l.reason]).toEqual(['navigation', "navigation: markdown: a reader's envelope (Title:, URL Source:, its summaries), not the page"]);
  });

  it('leaves the reason of an envelope line empty with reasons: false, as for any other line with text', () => {
    // The stages saw a blank line in its place and gave a blank line's fixed reason, which the
    // line kept once it was made navigation: "blank: whitespace only" on a line with text.
    const page = ['Title: Council approves the new river bridge', '', 'URL Source: https://example.com/news/bridge', '', 'Markdown Content:', ...PAGE];
    const plain = labelDocument(page, { markdown: true, reasons: false });
    for (const i of [0, 2, 4]) expect(plain[i]!.label).toBe('navigation');
    expect(plain.filter((l) => l.label !== 'blank').map((l) => l.reason)).toEqual(page.filter((t) => t !== '').map(() => ''));
  });

  it('takes no envelope after a line with text given as an object: Title: no longer opens the document', () => {
    const lines: Array<string | InputLine> = [{ text: PAGE[7]! }, 'Title: A note on the bridge', 'URL Source: https://example.com/news/bridge', 'Markdown Content:', PAGE[9]!];
    const labelled = labelDocument(lines, { markdown: true });
    expect(labelled.map((l) => l.text)).toEqual(lines.map((l) => (typeof l === 'string' ? l : l.text)));
    expect(labelled.some((l) => l.reason.includes('envelope'))).toBe(false);
    // A blank one does not open the document, as a blank string line does not.
    const afterBlank = labelDocument([{ text: '' }, ...lines.slice(1)], { markdown: true });
    expect(afterBlank.slice(1, 4).map((l) => l.label)).toEqual(['navigation', 'navigation', 'navigation']);
  });

  it('reads a page that opens with "Title:" and has no URL Source: line as it is', () => {
    const page = ['Title: Council approves the new river bridge', '', ...PAGE.slice(5)];
    const labelled = labelDocument(page, { markdown: true });
    expect(labelled.some((l) => l.reason.includes('envelope'))).toBe(false);
    expect(labelled.map((l) => l.text)).toEqual(page);
  });

  it('labels with data/model-markdown.json by default, a model fitted on the syntax\'s facts', () => {
    expect(markdownModel().markdown).toBe(true);
    expect(markdownModel()).not.toBe(defaultModel());
    expect(labelDocument(PAGE, { markdown: true }).map((l) => l.reason)).toEqual(labelDocument(readAll(PAGE), { model: markdownModel() }).map((l) => l.reason));
  });

  it('gives the same lines from bytes fed whole and a byte at a time', async () => {
    const bytes = new TextEncoder().encode(PAGE.join('\r\n') + '\n');
    const whole = [];
    for await (const l of labelBytes([bytes], { markdown: true })) whole.push([l.label, l.text]);
    const single = [];
    for await (const l of labelBytes((function* () { for (let i = 0; i < bytes.length; i++) yield bytes.subarray(i, i + 1); })(), { markdown: true })) single.push([l.label, l.text]);
    expect(single).toEqual(whole);
    expect(whole.map(([, t]) => t)).toEqual(PAGE);
  });

  it('is refused when it is not a boolean, naming the option', () => {
    expect(() => resolveOptions({ markdown: 'yes' as unknown as boolean })).toThrow(/options\.markdown/);
  });

  it('is what processPage uses for pageFormat markdown, and what a record\'s markdown field gets', () => {
    const result = processPage(PAGE.join('\n'), { pageFormat: 'markdown' });
    expect(result.format).toBe('markdown');
    expect(result.text).toContain('# Council approves');
    expect(result.text).not.toContain('[Home]');
    expect(recordPageFormat('markdown', undefined)).toBe('markdown');
    expect(recordPageFormat('markdown', 'auto')).toBe('markdown');
    expect(recordPageFormat('markdown', 'text')).toBe('text');
    expect(recordPageFormat('html', undefined)).toBe('auto');
  });
});
