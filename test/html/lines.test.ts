import { describe, it, expect } from 'vitest';
import { thrown } from '../helpers.js';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { CELL_SEPARATOR, MAX_ANCESTORS, MAX_FRAMES_NAMED, MAX_HTML_DEPTH, MAX_HTML_LINES, MAX_HTML_TAGS, htmlToLineBlocks, htmlToLines } from '../../src/html/lines.js';
import { BoilerstripError } from '../../src/errors.js';
import { extractHtml, processPage } from '../../src/document.js';
import { decodeHtml } from '../../src/html/charset.js';

const texts = (html: string): string[] => htmlToLines(html).map((l) => l.text);
const line = (html: string, text: string) => {
  const found = htmlToLines(html).find((l) => l.text === text);
  if (found?.dom === undefined) throw new Error(`no line ${JSON.stringify(text)}`);
  return found.dom;
};

describe('htmlToLines: blocks and inline text', () => {
  it('puts each block element on its own line', () => {
    expect(texts('<h1>Title</h1><p>First.</p><p>Second.</p><ul><li>one</li><li>two</li></ul>')).toEqual([
      'Title', 'First.', 'Second.', 'one', 'two',
    ]);
  });

  it('joins inline elements into the surrounding text with collapsed whitespace', () => {
    expect(texts('<p>  A <a href="#">link</a>,\n\t<em>emphasis</em>   and <code>x()</code><small>!</small>  </p>')).toEqual([
      'A link, emphasis and x()!',
    ]);
  });

  it('does not invent spaces between adjacent inline elements', () => {
    expect(texts('<p><span>foo</span><b>bar</b> <i>baz</i></p>')).toEqual(['foobar baz']);
  });

  it('makes the inline runs between child blocks their own lines', () => {
    const html = '<div>Before <b>bold</b><p>Inside</p>between<div>nested</div>after</div>';
    expect(texts(html)).toEqual(['Before bold', 'Inside', 'between', 'nested', 'after']);
    expect(line(html, 'between').tag).toBe('div');
    expect(line(html, 'Inside').tag).toBe('p');
  });

  it('splits a <br> inside a paragraph into two lines', () => {
    expect(texts('<p>line one<br>line two<br/>  <br>line three</p>')).toEqual(['line one', 'line two', 'line three']);
  });

  it('breaks lines at a block nested inside an inline element', () => {
    expect(texts('<a href="/x"><div>Card title</div><div>Card text</div></a>')).toEqual(['Card title', 'Card text']);
  });

  it('decodes entities and treats &nbsp; as a space', () => {
    expect(texts('<p>Tom &amp; Jerry&nbsp;&nbsp;&lt;3 &#8212; &eacute;t&eacute;</p>')).toEqual(['Tom & Jerry <3 — été']);
  });

  it('never emits empty lines or lines with tabs, newlines or carriage returns', () => {
    const lines = texts('<div>\n\t </div><p>a\tb\r\nc</p><pre>x\ty\r\nz</pre><p> </p><p>&#8203;</p>');
    expect(lines).toEqual(['a b c', 'x       y', 'z']); // a tab in <pre> is spaces to the next tab stop
    for (const t of lines) expect(t).not.toMatch(/[\n\r\t]/);
  });

  it('treats control characters such as NEL as whitespace (NUL is dropped: see the robustness tests)', () => {
    expect(texts('<p>a\u0001b\u0085c\u2028d\u000be</p>')).toEqual(['a b c d e']);
  });

  it('splits <pre> text at newlines, keeping each line\'s indentation', () => {
    expect(texts('<pre>\nconst a = 1;\n  return a;\n</pre>')).toEqual(['const a = 1;', '  return a;']);
  });

  it('keeps the line structure of a <pre> code block: indentation, inner spaces, tabs as spaces, blank lines as block groups', () => {
    const html =
      '<p>Intro:</p><pre><code>\nfunction f(a) {\n\tif (a) {\n    return  <b>a</b>;   \n  }\n\n\n  // done\n}\n</code></pre><p>After.</p>';
    expect(texts(html)).toEqual(['Intro:', 'function f(a) {', '        if (a) {', '    return  a;', '  }', '  // done', '}', 'After.']);
    expect(htmlToLineBlocks(html).map((g) => g.map((l) => l.text))).toEqual([
      ['Intro:'],
      ['function f(a) {', '        if (a) {', '    return  a;', '  }'],
      ['  // done', '}'],
      ['After.'],
    ]);
    expect(line(html, '    return  a;').tag).toBe('pre');
    // Indentation made of several text nodes and inline elements, and a tab after text.
    expect(texts('<pre>  <span class="k">def</span> f():\n      <a href="/x">pass</a>\nab\tc\u2028d</pre>')).toEqual(['  def f():', '      pass', 'ab      c d']);
  });

  it('treats custom elements as inline', () => {
    expect(texts('<p>Hello <my-widget>world</my-widget></p>')).toEqual(['Hello world']);
  });

  it('groups lines by block for dumps, keeping <br> splits together', () => {
    const blocks = htmlToLineBlocks('<p>a<br>b</p><p>c</p><div>d<br><br>e</div>');
    expect(blocks.map((b) => b.map((l) => l.text))).toEqual([['a', 'b'], ['c'], ['d'], ['e']]);
  });
});

describe('htmlToLines: dropped content', () => {
  it('reads a page whose only text is its <noscript> fallback from that fallback, and drops <noscript> otherwise', () => {
    const fallback = '<noscript><h1>Harbour opens</h1><p>The pier is to be rebuilt.</p></noscript>';
    expect(htmlToLines(`<body><script>render()</script>${fallback}</body>`).map((l) => l.text)).toEqual(['Harbour opens', 'The pier is to be rebuilt.']);
    expect(htmlToLines(`<body>${fallback}<p>Text of the page itself.</p></body>`).map((l) => l.text)).toEqual(['Text of the page itself.']);
  });

  it('drops script, style, noscript, template, SVG drawing text, head, iframe, canvas and select options', () => {
    const html = `<html><head><title>Page title</title><style>p{}</style></head><body>
      <script>var x = "<p>no</p>";</script><noscript>Enable JS</noscript><template><p>tpl</p></template>
      <svg><text>svg text</text></svg><iframe>frame</iframe><canvas>canvas</canvas>
      <form><select><option>Pick one</option></select><label>Name</label></form><p>Visible</p></body></html>`;
    expect(texts(html)).toEqual(['Name', 'Visible']);
  });

  it('drops elements marked hidden, aria-hidden="true" or display:none', () => {
    const html = `<p hidden>a</p><div aria-hidden="true">b</div><div aria-hidden="false">c</div>
      <p style="color: red; DISPLAY : none">d</p><p>e<span style="display:none"> secret</span></p>`;
    expect(texts(html)).toEqual(['c', 'e']);
  });

  it('keeps a drop cap hidden from screen readers, whose word goes on after it, and reads the copy for them when there is one (QA pass 16)', () => {
    expect(texts('<p><span aria-hidden="true" class="dropcap">T</span>he union says the dispute is about pay.</p>')).toEqual(['The union says the dispute is about pay.']);
    expect(texts('<p><span aria-hidden="true">T</span><span class="sr-only">T</span>he union says so.</p>')).toEqual(['The union says so.']);
    // Other hidden bits stay dropped: an icon, a word before a space.
    expect(texts('<p><span aria-hidden="true">★</span> Rated five stars</p><h2><span aria-hidden="true">Breaking</span> Port strike ends</h2>')).toEqual(['Rated five stars', 'Port strike ends']);
  });

  it("drops what an AMP component shows when it fails to load, and keeps its placeholder (QA pass 16)", () => {
    const html = '<p>First paragraph of the story.</p><amp-ad width="300" height="250"><div placeholder>Advertisement</div><div fallback>Ad failed to load</div></amp-ad><p>Second paragraph.</p><div fallback>Not an AMP fallback</div>';
    expect(texts(html)).toEqual(['First paragraph of the story.', 'Advertisement', 'Second paragraph.', 'Not an AMP fallback']);
  });

  it('reads a page that a browser snapshot took with its story under aria-hidden (a modal open over the app root), a React streamed segment and a declarative shadow root (QA pass 11)', () => {
    const story = '<article><h1>Town votes to rebuild seawall</h1><p>The vote was 7 to 2.</p></article>';
    // react-modal and MUI set aria-hidden on the app root while a cookie modal is open: the whole story was dropped.
    expect(texts(`<div id="__next" aria-hidden="true">${story}</div><div role="dialog"><p>We use cookies.</p></div>`)).toEqual(['Town votes to rebuild seawall', 'The vote was 7 to 2.', 'We use cookies.']);
    // An icon or a duplicate under aria-hidden is still dropped.
    expect(texts(`<p>Share <span aria-hidden="true">→</span></p><div aria-hidden="true"><p>A copy for the carousel.</p></div>`)).toEqual(['Share']);
    // React 18 streams a Suspense boundary's content into <div hidden id="S:0">, which a script moves into place.
    expect(texts(`<main><template id="B:0"></template><p>Loading…</p></main><div hidden id="S:0">${story}</div><script>$RC("B:0","S:0")</script>`)).toEqual(['Loading…', 'Town votes to rebuild seawall', 'The vote was 7 to 2.']);
    expect(texts(`<div hidden id="menu">${story}</div>`)).toEqual([]);
    // A declarative shadow root (<template shadowrootmode>) is rendered; any other <template> is not.
    expect(texts(`<article-body><template shadowrootmode="open">${story}</template></article-body><template><p>Not rendered.</p></template>`)).toEqual(['Town votes to rebuild seawall', 'The vote was 7 to 2.']);
  });

  it('reads hidden="until-found" content, which find-in-page and fragment links reveal, and takes a custom element\'s name for a hint as a class is (QA pass 11)', () => {
    expect(texts('<div hidden="until-found"><p>The bill passed the Senate 24 to 15.</p></div><div hidden><p>Gone.</p></div>')).toEqual(['The bill passed the Senate 24 to 15.']);
    // (Its `fallback` is dropped since QA pass 16; its placeholder is read, with the hint.)
    expect(line('<amp-ad width="300" height="250"><div placeholder>Sorry, no ad is available right now.</div></amp-ad>', 'Sorry, no ad is available right now.').hints).toContain('ad');
    expect(line('<my-paywall><p>Subscribe to keep reading.</p></my-paywall>', 'Subscribe to keep reading.').hints.length).toBeGreaterThan(0);
    // A standard element's name is not read as a hint (its tag says what it is), nor is a custom one's outside it.
    expect(line('<amp-ad><p>x</p></amp-ad><aside><p>Plain text.</p></aside>', 'Plain text.').hints).toEqual([]);
  });

  it('drops a closed <dialog>, which is not rendered until a script opens it, and reads an open one', () => {
    // The closed newsletter modal's text became lines of the page.
    const html = `<dialog class="newsletter"><p>Get our daily briefing</p><button>Sign up</button></dialog>
      <dialog open><p>Your session is about to expire.</p></dialog><p>The story.</p>`;
    expect(texts(html)).toEqual(['Your session is about to expire.', 'The story.']);
  });
});

describe('htmlToLines: pages built by script', () => {
  const STORY = 'The harbour board agreed on Tuesday to rebuild the old breakwater before the winter storms. '.repeat(8).trim();
  const warned = (html: string): string[] => {
    const warnings: string[] = [];
    htmlToLines(html, { onWarning: (m) => warnings.push(m) });
    return warnings;
  };
  const ldJson = (value: unknown) => `<script type="application/ld+json">${JSON.stringify(value)}</script>`;

  it('warns when the article is in the JSON-LD articleBody and not in the markup, giving both sizes', () => {
    // An app shell scraped without running its scripts gave no lines and no word of why (QA pass 20).
    const html = `<html><head>${ldJson({ '@context': 'https://schema.org', '@graph': [{ '@type': 'WebSite' }, { '@type': 'NewsArticle', articleBody: STORY }] })}</head><body><div id="root"><a href="/">Home</a></div></body></html>`;
    expect(warned(html)).toEqual([
      `its markup holds 4 characters of text, and its JSON-LD an articleBody of ${STORY.length} (a page built by script, a paywall's teaser, or one page of several), which is not read as the page; read the JSON-LD, or fetch the page rendered (a headless browser)`,
    ]);
  });

  it('warns when a Next.js page shows almost no text and its data script holds it', () => {
    const data = JSON.stringify({ props: { pageProps: { story: { body: STORY.repeat(8) } } } });
    const html = `<html><body><div id="__next"></div><script id="__NEXT_DATA__" type="application/json">${data}</script></body></html>`;
    expect(warned(html)).toEqual([
      `a page built by script: its markup holds 0 characters of text, and a script's data (__NEXT_DATA__) ${data.length}, which is not read as the page; fetch the page rendered (a headless browser)`,
    ]);
  });

  it('reads a JSON-LD block holding a huge array without overflowing the stack (QA pass 23: the page failed)', () => {
    const html = `<html><head>${ldJson({ '@type': 'NewsArticle', articleBody: STORY, mentions: Array.from({ length: 200_000 }, (_, i) => i) })}</head><body><p>${STORY}</p></body></html>`;
    expect(warned(html)).toEqual([]);
  });

  it('says nothing of a server-rendered page whose few lines are all it shows and whose data script holds only its own props (QA pass 23: a gallery warned)', () => {
    const props = JSON.stringify({ props: { pageProps: { gallery: Array.from({ length: 30 }, (_, i) => ({ src: `/img/${i}.jpg`, alt: `Harbour photo ${i}` })) } } });
    expect(props.length).toBeGreaterThan(1000);
    expect(warned(`<html><body><div id="__next"><h1>Harbour in pictures</h1></div><script id="__NEXT_DATA__" type="application/json">${props}</script></body></html>`)).toEqual([]);
  });

  it('says nothing when the article is in the markup as well as in its JSON-LD, or the data script is small', () => {
    expect(warned(`<html><head>${ldJson({ '@type': 'NewsArticle', articleBody: STORY })}</head><body><article><p>${STORY}</p></article></body></html>`)).toEqual([]);
    expect(warned(`<html><head>${ldJson({ '@type': 'NewsArticle', articleBody: 'Short.' })}</head><body></body></html>`)).toEqual([]);
    expect(warned(`<html><head>${ldJson('not an object')}<script type="application/ld+json">{broken</script></head><body></body></html>`)).toEqual([]);
    expect(warned(`<html><body><div id="__next"></div><script id="__NEXT_DATA__" type="application/json">{"props":{}}</script></body></html>`)).toEqual([]);
  });
});

describe('htmlToLines: frameset pages', () => {
  const FRAMESET = '<html><head><title>Harbour Press</title></head><frameset cols="20%,80%"><frame src="menu.html"><frame src="story.html"></frameset></html>';

  it('warns that a frameset page\'s text is in its frames\' pages, naming them, when it gives no lines', () => {
    // It gave no lines and no word of why, as if the page were empty.
    const warnings: string[] = [];
    expect(htmlToLines(FRAMESET, { onWarning: (m) => warnings.push(m) })).toEqual([]);
    expect(warnings).toEqual([
      "a frameset page: its text is in the pages of its frames (menu.html, story.html), which are not part of this input, so it gives no lines; clean the frames' pages instead",
    ]);
  });

  it('warns too when the frameset page\'s only lines are its own <noframes> fallback, and names at most MAX_FRAMES_NAMED frames', () => {
    const frames = Array.from({ length: MAX_FRAMES_NAMED + 2 }, (_, i) => `<frame src="f${i}.html">`).join('');
    const warnings: string[] = [];
    const html = `<frameset rows="50%,50%">${frames}<noframes><p>This site uses frames.</p></noframes></frameset>`;
    expect(texts(html)).toEqual(['This site uses frames.']);
    htmlToLines(html, { onWarning: (m) => warnings.push(m) });
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain(`(f0.html, f1.html, f2.html, f3.html, and 2 more)`);
    expect(warnings[0]).toContain('its one line is only what it holds itself (such as a <noframes> fallback)');
  });

  it('says nothing about a stray frameset that a browser ignores because the body has begun, and still warns when one replaces an empty body', () => {
    // The stray frameset after the body's text made the page "a frameset page" whose text was elsewhere.
    const warned = (html: string): string[] => {
      const warnings: string[] = [];
      htmlToLines(html, { onWarning: (m) => warnings.push(m) });
      return warnings;
    };
    const stray = '<html><body><p>Real text.</p></body><frameset><frame src="a.html"></frameset></html>';
    expect(texts(stray)).toEqual(['Real text.']);
    expect(warned(stray)).toEqual([]);
    expect(warned('<p>Real text.</p><frameset><frame src="a.html"></frameset>')).toEqual([]);
    // An explicit <body> tag starts the body even with nothing in it.
    expect(warned('<html><body></body><frameset><frame src="a.html"></frameset></html>')).toEqual([]);
    // Whitespace and an empty paragraph do not: the frameset still replaces the body.
    expect(warned('<html><head></head>\n  <p></p><frameset><frame src="a.html"></frameset></html>')).toHaveLength(1);
  });

  it('says nothing about a page without a frameset, and passes warnings on from the document calls', () => {
    const warnings: string[] = [];
    htmlToLines('<body><p>The story.</p></body>', { onWarning: (m) => warnings.push(m) });
    expect(warnings).toEqual([]);
    expect(processPage(FRAMESET, { onWarning: (m) => warnings.push(m) }).lines).toEqual([]);
    expect(extractHtml(FRAMESET, { onWarning: (m) => warnings.push(m) })).toBe('');
    expect(warnings).toHaveLength(2);
    expect(() => htmlToLines(FRAMESET, { onWarning: 'log' as never })).toThrow(/`options\.onWarning` must be a function, got string/);
  });

  it('reads the HTML in an SVG foreignObject, which is rendered, as a block of its own, and still drops the drawing\'s own text', () => {
    // It was dropped with the rest of the <svg>.
    const html = `<p>Before <svg viewBox="0 0 10 10"><text>axis label</text><desc>a chart</desc><g><foreignObject width="10" height="10">
      <div>The river rose <b>two metres</b> overnight.</div><p>Second</p></foreignObject></g><text>legend</text></svg> after</p>`;
    expect(texts(html)).toEqual(['Before', 'The river rose two metres overnight.', 'Second', 'after']);
    const inside = line(html, 'Second');
    expect(inside.ancestors.slice(0, 3)).toEqual(['foreignobject', 'g', 'svg']);
    // A hidden drawing stays unread, foreignObject and all; a drawing inside a foreignObject is drawing again.
    expect(texts('<svg aria-hidden="true"><foreignObject><p>icon</p></foreignObject></svg><p>Text</p>')).toEqual(['Text']);
    expect(texts('<svg><foreignObject><p>Outer <svg><text>inner</text></svg></p></foreignObject></svg>')).toEqual(['Outer']);
  });

  it('does not read a foreignObject the drawing never renders where it stands: in <defs>, <symbol>, <clipPath> or <mask>, or under display="none" or visibility="hidden"', () => {
    // Read since foreignObjects are, though a browser shows none of them there (all were dropped with the <svg> before).
    const html = `<svg><defs><foreignObject><p>in defs</p></foreignObject></defs><symbol id="s"><foreignObject><p>in a symbol</p></foreignObject></symbol>
      <clipPath id="c"><foreignObject><p>in a clip path</p></foreignObject></clipPath><mask id="m"><foreignObject><p>in a mask</p></foreignObject></mask>
      <g display="none"><foreignObject><p>hidden series</p></foreignObject></g><foreignObject visibility=" Hidden "><p>hidden tooltip</p></foreignObject>
      <foreignObject><p>Shown label</p></foreignObject></svg><svg display="none"><foreignObject><p>hidden drawing</p></foreignObject></svg><p>Body</p>`;
    expect(texts(html)).toEqual(['Shown label', 'Body']);
  });

  it('reads an <object>\'s fallback content, what a reader gets when the embedded object is lost, but not its params', () => {
    const html = '<p>See the map:</p><object data="map.swf" type="application/x-shockwave-flash"><param name="movie" value="map.swf"><p>The route runs from the harbour to the old mill.</p></object>';
    expect(texts(html)).toEqual(['See the map:', 'The route runs from the harbour to the old mill.']);
  });

  it('drops <noembed>, which browsers never show, also inside an <object> whose fallback is read', () => {
    // The classic Flash embed: once <object> fallbacks were read, its <noembed> line came with them.
    const html = '<p>Video:</p><object data="clip.swf" type="application/x-shockwave-flash"><param name="movie" value="clip.swf"><embed src="clip.swf"><noembed>Install Flash Player to watch this video.</noembed><p>A video of the harbour.</p></object><p>End.</p><noembed>No plug-in.</noembed>';
    expect(texts(html)).toEqual(['Video:', 'A video of the harbour.', 'End.']);
  });

  it('drops the fallback text of <meter> and <progress>, which browsers draw as a gauge and never show', () => {
    // The meter's text was kept, glued into the line: "Rating 4 out of 5 stars".
    expect(texts('<p>Rating <meter value="4" max="5">4 out of 5</meter> stars</p><p>Upload <progress value="70" max="100">70%</progress></p>')).toEqual(['Rating stars', 'Upload']);
  });
});

describe('htmlToLines: tables', () => {
  it('emits one line per table row with cells joined by the separator', () => {
    const html = '<table><thead><tr><th>Name</th><th>Age</th></tr></thead><tbody><tr><td>Ann</td><td>31</td></tr><tr><td>Bob</td><td></td><td>x</td></tr></tbody></table>';
    expect(CELL_SEPARATOR).toBe(' | ');
    expect(texts(html)).toEqual(['Name | Age', 'Ann | 31', 'Bob | x']);
    const dom = line(html, 'Ann | 31');
    expect(dom.tag).toBe('tr');
    expect(dom.inTable).toBe(true);
  });

  it('keeps a single-cell line tagged as the cell', () => {
    expect(line('<table><tr><td>Only cell</td></tr></table>', 'Only cell').tag).toBe('td');
  });

  it('gives blocks inside a layout-table cell their own lines', () => {
    expect(texts('<table><tr><td><p>Para one</p><p>Para two</p></td><td>Side</td></tr></table>')).toEqual([
      'Para one', 'Para two', 'Side',
    ]);
  });

  it('does not glue the last line of a <br>-broken layout cell to the next cell of its row', () => {
    // An old table layout: a menu column and the story column, each broken into lines by <br>.
    // The menu's last link was joined to the headline ("Contact | Mill reopens") and the story's
    // last paragraph to the ad column's label ("... school. | Sponsored").
    const html = '<table><tr><td><a href="/">Home</a><br><a href="/contact">Contact</a></td>' +
      '<td><b>Mill reopens</b><br><br>First paragraph of the story.<br><br>Last paragraph of the story.</td>' +
      '<td>Sponsored<br><a href="http://ads.example/">Buy tractors</a></td></tr></table>';
    expect(texts(html)).toEqual(['Home', 'Contact', 'Mill reopens', 'First paragraph of the story.', 'Last paragraph of the story.', 'Sponsored', 'Buy tractors']);
    // A row of one-line cells is still one line.
    expect(texts('<table><tr><td>Ann</td><td>31</td></tr></table>')).toEqual(['Ann | 31']);
  });
});

describe('htmlToLines: ruby annotations', () => {
  it('keeps the base text of ruby and leaves out its annotations and fallback parentheses', () => {
    // Furigana sit above the characters they gloss; read inline they were interleaved with the
    // base text ("漢(かん)字(じ)"), garbling every annotated word of a Japanese page.
    expect(texts('<p><ruby>漢<rp>(</rp><rt>かん</rt><rp>)</rp>字<rp>(</rp><rt>じ</rt><rp>)</rp></ruby>を学ぶ。</p>')).toEqual(['漢字を学ぶ。']);
  });
});

describe('htmlToLines: layout cells with blocks', () => {
  it('does not glue the inline text after a block in a layout cell to the next cell of its row', () => {
    expect(texts('<table><tr><td><div>Menu</div><a href="/contact">Contact</a></td><td>Mill reopens</td></tr></table>')).toEqual(['Menu', 'Contact', 'Mill reopens']);
  });
});

describe('htmlToLines: DOM features', () => {
  it('lists ancestor tags nearest first, capped', () => {
    const dom = line('<html><body><main><article><section><p>Text</p></section></article></main></body></html>', 'Text');
    expect(dom.tag).toBe('p');
    expect(dom.ancestors).toEqual(['section', 'article', 'main', 'body', 'html']);
    expect(dom.depth).toBe(6);
    const deep = '<div>'.repeat(30) + '<p>Deep</p>' + '</div>'.repeat(30);
    expect(line(deep, 'Deep').ancestors).toHaveLength(MAX_ANCESTORS);
  });

  it('computes link density over the collapsed line text', () => {
    expect(line('<p><a href="#">Home</a></p>', 'Home').linkDensity).toBe(1);
    expect(line('<p>No links here</p>', 'No links here').linkDensity).toBe(0);
    const dom = line('<p>Read <a href="#">more</a></p>', 'Read more');
    expect(dom.linkDensity).toBeCloseTo(5 / 9, 5);
  });

  it('counts text in blocks wrapped by a link as linked', () => {
    expect(line('<a href="/s"><h3>Story</h3></a>', 'Story').linkDensity).toBe(1);
  });

  it('sets landmark flags from semantic tags', () => {
    const html = `<header><p>H</p></header><nav><ul><li>N</li></ul></nav><main><article><h2>T</h2>
      <figure><figcaption>F</figcaption></figure></article></main><aside><p>S</p></aside>
      <form><p>Q</p></form><footer><p>C</p></footer>`;
    expect(line(html, 'H')).toMatchObject({ inHeader: true, inNav: false, inMain: false });
    expect(line(html, 'N')).toMatchObject({ inNav: true, inList: true, tag: 'li' });
    expect(line(html, 'T')).toMatchObject({ inMain: true, inArticle: true, headingLevel: 2 });
    expect(line(html, 'F')).toMatchObject({ inFigure: true, inArticle: true, headingLevel: 0 });
    expect(line(html, 'S')).toMatchObject({ inAside: true, inMain: false });
    expect(line(html, 'Q')).toMatchObject({ inForm: true });
    expect(line(html, 'C')).toMatchObject({ inFooter: true, inHeader: false });
  });

  it('sets landmark flags from ARIA roles', () => {
    const html = '<div role="navigation"><p>N</p></div><div role="contentinfo"><p>C</p></div><div role="main"><p>M</p></div>';
    expect(line(html, 'N').inNav).toBe(true);
    expect(line(html, 'C').inFooter).toBe(true);
    expect(line(html, 'M').inMain).toBe(true);
  });

  it('collects normalised hints from the element and its ancestors', () => {
    const html = `<div id="sidebarRight"><div class="widget related-posts"><ul class="list">
      <li><a href="#">Other story</a></li></ul></div></div><div class="ad-slot adsbygoogle"><p>Buy now</p></div>
      <div class="site-header download-shadow"><p>Top</p></div><div aria-label="Share this article"><p>Tweet</p></div>`;
    expect(line(html, 'Other story').hints.sort()).toEqual(['related', 'sidebar', 'widget']);
    expect(line(html, 'Buy now').hints).toEqual(['ad']);
    expect(line(html, 'Top').hints).toEqual(['header']);
    expect(line(html, 'Tweet').hints.sort()).toEqual(['article', 'share']);
  });

  it('ignores hints on <html> and <body> and taxonomy class names', () => {
    const html = '<body class="single-post"><article class="post tag-ad-tech category-cookies"><p>Text</p></article></body>';
    expect(line(html, 'Text').hints).toEqual(['article']);
  });

  it('gives every line its own feature arrays', () => {
    const [a, b] = htmlToLines('<p class="byline">a<br>b</p>');
    a!.dom!.hints.push('changed');
    expect(b!.dom!.hints).toEqual(['byline']);
  });

  it('leaves inReadability undefined when Readability is not asked for', () => {
    expect(line('<p>Text</p>', 'Text').inReadability).toBeUndefined();
  });
});

describe('htmlToLines: robustness', () => {
  it('does not throw on a malformed page with unclosed and stray tags', () => {
    const html = '<html><body><div class="a"><p>One<p>Two<li>Three</div></span><table><td>Four<tr>Five</b><p>Six';
    expect(() => htmlToLines(html)).not.toThrow();
    expect(texts(html)).toEqual(['One', 'Two', 'Three', 'Four', 'Five', 'Six']);
  });

  it('rejects input that is not a string', () => {
    expect(() => htmlToLines(undefined as unknown as string)).toThrow(/`html` must be a string/);
  });

  it('rejects an option name it does not take, naming the option meant, instead of ignoring a typo', () => {
    expect(() => htmlToLines('<p>x</p>', { readabilty: true } as never)).toThrow('htmlToLines(): unknown option `readabilty` in `options` (did you mean `readability`?)');
    expect(() => htmlToLineBlocks('<p>x</p>', { keep: ['body'] } as never)).toThrow(/^htmlToLineBlocks\(\): unknown option `keep` in `options`; it takes `readability`, `url`, `hintVocabulary`/);
  });

  it('drops a NUL in text, as an HTML parser does, instead of reading it as a space, in <pre> too', () => {
    // "re\u0000open" was "re open": a browser shows "reopen".
    expect(texts('<p>The pier will re\u0000open in May.</p><pre>let x\u0000 = 1;\n\u0000  y</pre>')).toEqual(['The pier will reopen in May.', 'let x = 1;', '  y']);
  });

  it('handles empty input, plain text and very deep nesting', () => {
    expect(htmlToLines('')).toEqual([]);
    expect(texts('just text')).toEqual(['just text']);
    expect(line('just text', 'just text').tag).toBe('body');
    // As deep as a page may nest (MAX_HTML_DEPTH), deeper than a recursive walk could go on Node's default stack.
    const deep = '<span>'.repeat(MAX_HTML_DEPTH) + 'deep' + '</span>'.repeat(MAX_HTML_DEPTH);
    expect(texts(deep)).toEqual(['deep']);
  });
});

const BENCHMARK_DIR = fileURLToPath(new URL('../../../shared/data/article-extraction-benchmark/html/', import.meta.url));
const benchmarkFile = existsSync(BENCHMARK_DIR)
  ? readdirSync(BENCHMARK_DIR).filter((f) => f.endsWith('.html.gz')).sort()[0]
  : undefined;

/** What every page's lines are: text on one line, trimmed, a link density in 0..1, and no script or CSS. */
function expectCleanLines(lines: ReturnType<typeof htmlToLines>): void {
  for (const l of lines) {
    expect(l.text.length).toBeGreaterThan(0);
    expect(l.text).not.toMatch(/[\n\r\t]/);
    expect(l.text).toBe(l.text.trim());
    expect(l.dom!.linkDensity).toBeGreaterThanOrEqual(0);
    expect(l.dom!.linkDensity).toBeLessThanOrEqual(1);
  }
  expect(lines.some((l) => /function\s*\(|\{\s*[a-z-]+\s*:/.test(l.text))).toBe(false);
}

describe('htmlToLines: whole pages', () => {
  it('turns a made-up news page into clean lines, its script and style left out and its blocks placed', () => {
    const html = readFileSync(fileURLToPath(new URL('../fixtures/html/news-page.html', import.meta.url)), 'utf8');
    const lines = htmlToLines(html);
    expectCleanLines(lines);
    const all = lines.map((l) => l.text).join('\n');
    // Scripts and styles in the head and in the body: none of their code is text.
    for (const code of ['dataLayer', 'adQueue', 'track(', 'display: flex', 'min-height', 'position: fixed', 'doctype']) expect(all).not.toContain(code);
    expect(lines[0]!.text).toBe('The Saltmere Gazette');
    expect(lines.at(-1)!.text).toBe('We use cookies to improve your experience. Accept');
    const dom = (text: string) => line(html, text);
    expect(dom('Saltmere ferry gets a third daily crossing').headingLevel).toBe(1);
    expect(dom('Home').inNav).toBe(true);
    expect(dom('Home').linkDensity).toBe(1);
    expect(dom('The Penhallow ferry leaving Saltmere quay in February.').inFigure).toBe(true);
    expect(dom('© 2031 Saltmere Gazette Ltd. All rights reserved.').inFooter).toBe(true);
    // The story's five paragraphs are the article core, the menu and the footer are not.
    const paragraphs = lines.filter((l) => l.dom!.tag === 'p' && l.dom!.inArticle && l.text.length > 150);
    expect(paragraphs).toHaveLength(5);
    for (const p of paragraphs) expect(p.dom!.inCore).toBe(true);
    expect(dom('Home').inCore).toBe(false);
    expect(dom('© 2031 Saltmere Gazette Ltd. All rights reserved.').inCore).toBe(false);
  });

  // Runs where ../shared holds the article-extraction benchmark's pages (skipped elsewhere).
  // Its speed is measured by `npm run bench` (scripts/bench.mjs, html), not here.
  it.skipIf(benchmarkFile === undefined)('turns a benchmark news page into clean lines, the same ones on a second call', () => {
    const bytes = gunzipSync(readFileSync(BENCHMARK_DIR + benchmarkFile));
    const { text } = decodeHtml(bytes);
    const lines = htmlToLines(text);
    expect(lines.length).toBeGreaterThan(20);
    expectCleanLines(lines);
    // Nothing is carried from one call to the next.
    expect(htmlToLines(text)).toEqual(lines);
  });
});

describe('htmlToLines: hints on the article core and its wrappers', () => {
  const para = (n: number) => `<p>Paragraph ${n} of the story runs long enough, with many plain words, to count as prose here.</p>`;
  const story = [1, 2, 3, 4].map(para).join('');

  it('drops a boilerplate class on an element that holds the whole article', () => {
    const html = `<body><div class="article modal-enabled"><h1>Title</h1>${story}</div><div class="sidebar"><p>Side</p></div></body>`;
    const dom = line(html, 'Paragraph 2 of the story runs long enough, with many plain words, to count as prose here.');
    expect(dom.inCore).toBe(true);
    expect(dom.hints).not.toContain('popup');
    expect(dom.hints).toContain('article');
  });

  it('keeps the hints of regions beside the core, even under the same wrapper', () => {
    const html = `<body><div class="page modal-enabled"><div class="story">${story}</div><div class="sidebar"><p>Side</p></div></div></body>`;
    expect(line(html, 'Side').hints).toContain('sidebar');
    expect(line(html, 'Side').hints).not.toContain('popup');
  });

  it('drops a page-wide form or table around the story but keeps lists inside it', () => {
    const html = `<body><form id="aspnetForm"><table><tr><td><div>${story}<ul><li>Point one</li></ul></div></td></tr></table></form></body>`;
    const p = line(html, 'Paragraph 1 of the story runs long enough, with many plain words, to count as prose here.');
    expect(p.inForm).toBe(false);
    expect(p.inTable).toBe(false);
    expect(line(html, 'Point one').inList).toBe(true);
  });

  it('keeps a comment hint on the core, since a long thread can outweigh a short article', () => {
    const html = `<body><p>Short story.</p><div class="comments">${story}</div></body>`;
    const dom = line(html, 'Paragraph 3 of the story runs long enough, with many plain words, to count as prose here.');
    expect(dom.hints).toContain('comment');
  });

  it("drops a comment hint from a wrapper that holds the article's headline (a page that has comments, not a thread)", () => {
    // `<article class="post has-comments">` holding the story made every line navigation, and
    // clean printed nothing. A thread that outweighs its article holds no <h1>; the article does.
    for (const attr of ['class="post has-comments"', 'id="comments-wrapper"', 'class="comments-open"']) {
      const html = `<body><main><article ${attr}><h1>Council approves budget</h1>${story}</article></main></body>`;
      expect(line(html, 'Paragraph 2 of the story runs long enough, with many plain words, to count as prose here.').hints).not.toContain('comment');
      expect(line(html, 'Council approves budget').hints).not.toContain('comment');
    }
    // Beside the core, a thread keeps its hint.
    const beside = `<body><article><h1>Council approves budget</h1>${story}</article><div class="comments"><p>First!</p></div></body>`;
    expect(line(beside, 'First!').hints).toContain('comment');
  });
});

describe('htmlToLines: a page of more lines than it holds at once', () => {
  /** The message of the ERR_TOO_LARGE BoilerstripError that reading `html` throws. */
  const tooLarge = (html: string): string => {
    const err = thrown(() => htmlToLines(html));
    expect(err).toBeInstanceOf(BoilerstripError);
    expect((err as BoilerstripError).code).toBe('ERR_TOO_LARGE');
    return (err as Error).message;
  };

  it(`refuses a page past ${MAX_HTML_LINES} lines with ERR_TOO_LARGE, saying what to do, and takes one of exactly that many`, () => {
    // Every line's DOM facts are held at once: a 48 MB page of <br> lines ran V8 out of heap,
    // a crash with no message (QA pass 5; the 181 benchmark pages give 518 lines at most).
    const page = (n: number) => `<body><p>${'a<br>'.repeat(n)}</p></body>`;
    expect(htmlToLines(page(MAX_HTML_LINES))).toHaveLength(MAX_HTML_LINES);
    expect(tooLarge(page(MAX_HTML_LINES + 1))).toContain(`more than ${MAX_HTML_LINES} lines`);
  });

  it(`refuses a page of more than ${MAX_HTML_TAGS} tags before parsing it, with ERR_TOO_LARGE`, () => {
    // Parsed, such a page ran V8 out of heap before its lines were counted.
    expect(() => htmlToLines(`<body>${'<b>'.repeat(MAX_HTML_TAGS)}x</body>`)).toThrow(/more than 1000000 tags \(MAX_HTML_TAGS\)/);
    expect(htmlToLines(`<body><p>${'<b></b>'.repeat(1000)}x</p></body>`).map((l) => l.text)).toEqual(['x']);
  });

  it(`refuses a page nesting elements more than ${MAX_HTML_DEPTH} deep with ERR_TOO_LARGE, naming where, and reads one exactly that deep`, () => {
    // htmlparser2 keeps its open elements in an array it grows with unshift: a 1.2 MB page of
    // 100,000 nested <div>s took 6.7 s to clean, and 300,000 took 75 s (session 28).
    const page = (depth: number) => `<html><body>${'<div>'.repeat(depth - 3)}<p>Deep text.</p>${'</div>'.repeat(depth - 3)}</body></html>`;
    expect(htmlToLines(page(MAX_HTML_DEPTH)).map((l) => l.text)).toEqual(['Deep text.']);
    const at = 12 + 5 * (MAX_HTML_DEPTH - 2);
    expect(tooLarge(page(MAX_HTML_DEPTH + 1))).toContain(`more than ${MAX_HTML_DEPTH} deep (MAX_HTML_DEPTH), at character ${at}`);
    // Siblings do not add depth, however many.
    expect(htmlToLines(`<body>${'<div><span>a</span></div>'.repeat(2 * MAX_HTML_DEPTH)}</body>`)).toHaveLength(2 * MAX_HTML_DEPTH);
  });
});

describe('htmlToLines: where links point', () => {
  const html = `<body><div class="bar"><a href="https://www.facebook.com/sharer/sharer.php?u=x">Facebook</a> <a href="https://twitter.com/intent/tweet?url=x">Twitter</a></div>
    <div><a href="https://www.facebook.com/ExampleNews">Facebook</a></div><div><a href="/news">News</a></div></body>`;
  const lines = htmlToLines(html);

  it('marks a line of share actions as shareLink, not socialLink', () => {
    expect(lines[0]!.dom.shareLink).toBe(true);
    expect(lines[0]!.dom.socialLink).toBeUndefined();
  });

  it('marks a link to a social profile as socialLink', () => {
    expect(lines[1]!.dom.socialLink).toBe(true);
    expect(lines[1]!.dom.shareLink).toBeUndefined();
  });

  it('marks neither on an ordinary link', () => {
    expect(lines[2]!.dom.shareLink ?? false).toBe(false);
    expect(lines[2]!.dom.socialLink ?? false).toBe(false);
  });
});
