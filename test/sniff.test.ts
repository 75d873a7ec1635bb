import { describe, expect, it } from 'vitest';
import { FORMAT_SNIFF_BYTES, HTML_NOISE_MAX_CHARS, HTML_SNIFF_CHARS, formatFromName, looksLikeHtml, nameMisleads, sniffFormat } from '../src/sniff.js';

const bytes = (s: string): Uint8Array => Buffer.from(s, 'utf8');

describe('looksLikeHtml', () => {
  it('recognises full documents by their doctype or document elements', () => {
    expect(looksLikeHtml('<!DOCTYPE html><html><head><title>t</title></head></html>')).toBe(true);
    expect(looksLikeHtml('\n\n   <html lang="en">')).toBe(true);
    expect(looksLikeHtml('<body>')).toBe(true);
    expect(looksLikeHtml('<?xml version="1.0"?>\n<!-- saved by wget -->\n<html xmlns="http://www.w3.org/1999/xhtml">')).toBe(true);
  });

  it('recognises fragments that start with a tag or contain two tags', () => {
    expect(looksLikeHtml('<div class="post">Hello')).toBe(true);
    expect(looksLikeHtml('<p>One paragraph only')).toBe(true);
    expect(looksLikeHtml('Intro text <br>\nmore <b>bold</b>')).toBe(true);
  });

  it('leaves plain text alone, including text that mentions a tag once or uses angle brackets', () => {
    expect(looksLikeHtml('Breaking news: markets rise.\n\nMore text follows.')).toBe(false);
    expect(looksLikeHtml('In HTML, the <p> element is a paragraph.')).toBe(false);
    expect(looksLikeHtml('if a < b and b > c then a <3 c')).toBe(false);
    expect(looksLikeHtml('<<< Back to index')).toBe(false);
    expect(looksLikeHtml('')).toBe(false);
  });

  it('takes a page that is only an <xmp>, <plaintext> or <listing> block for HTML, as the HTML reader reads them as <pre>', () => {
    // Taken for text, a record's code dump kept its tags as text and a NUL in it reached the
    // output, while the same page in an .html file was read as HTML.
    expect(looksLikeHtml('<xmp>let x = 1;\n  if (a < b) y();</xmp>')).toBe(true);
    expect(looksLikeHtml('<plaintext>Plain text from here to the end')).toBe(true);
    expect(looksLikeHtml('<LISTING>10 PRINT "HI"</LISTING>')).toBe(true);
    expect(looksLikeHtml('In old HTML, the <xmp> element showed markup as text.')).toBe(false);
  });

  it('skips a leading comment banner longer than its window before looking, and takes a page still inside a comment far in for HTML', () => {
    const banner = '<!--\n' + ' * Theme build 4.2.1, licensed under the MIT licence; see LICENSE.txt for details.\n'.repeat(30) + '-->\n';
    expect(banner.length).toBeGreaterThan(2 * HTML_SNIFF_CHARS);
    expect(looksLikeHtml(banner + '<div class="post"><p>The council met on Tuesday.</p></div>')).toBe(true);
    expect(looksLikeHtml(banner + '<!-- second -->\n<!DOCTYPE html>\n<title>x</title>')).toBe(true);
    expect(looksLikeHtml('<?xml version="1.0"?>' + banner + '<p>Hello')).toBe(true);
    expect(looksLikeHtml('<!--' + 'x'.repeat(HTML_NOISE_MAX_CHARS + 10))).toBe(true);
    // A banner over plain text is not markup enough on its own.
    expect(looksLikeHtml(banner + 'Breaking news: markets rise.\n\nMore text follows.')).toBe(false);
  });

  it('leaves prose that mentions tags as text: bare tags in running text are not markup', () => {
    const prose =
      'A web page is built from elements. In HTML, a <p> element holds a paragraph of text, and a <div> element groups other elements so a style sheet can place them. ' +
      'Browsers have read these two elements the same way for thirty years, which is why tutorials still start with them, and why so many pages are made of little else. '.repeat(5);
    expect(looksLikeHtml(prose)).toBe(false);
    expect(looksLikeHtml('Use <em> for stress and <strong> for importance; both are inline, like <span>, and none of them starts a line.')).toBe(false);
  });

  it('takes a page that starts with text for HTML when markup is a real share of it', () => {
    expect(looksLikeHtml('Para one.<br /><br />Para two.')).toBe(true);
    expect(looksLikeHtml('Read <a href="/x">this</a> and <em>that</em> first.')).toBe(true);
  });

  it('takes long paragraphs joined by <br><br> or </p><p> for HTML, though the tags are a small share of the text', () => {
    const para = 'The harbour board met on Monday and agreed, after a long and sometimes bitter debate, to rebuild the old pier before the summer season. '.repeat(4);
    expect(looksLikeHtml(`${para}<br><br>${para}<br><br>${para}`)).toBe(true);
    expect(looksLikeHtml(`${para}</p><p>${para}</p><p>${para}`)).toBe(true);
  });

  it('leaves a page of text lines as text when only a few of its lines hold tags (a post that quotes a code sample)', () => {
    // A developer post quoting `<div><p>Hi</p></div>` was read as HTML: its lines merged into
    // one, the snippet lost, exit 0 (QA pass 6).
    const post = [
      'Home',
      'News',
      'How to center a div with flexbox, explained step by step for readers new to CSS.',
      'Wrap the text in <div><p>Hi</p></div> and set display to flex on the outer element.',
      'Then set align-items and justify-content to center, and the child sits in the middle.',
      '© 2024 Example Blog',
    ].join('\n');
    expect(looksLikeHtml(post)).toBe(false);
    // Markup on most of its lines is still HTML, with lines between the tags or without.
    expect(looksLikeHtml('Intro to the story, in a sentence.\n<p>The first paragraph of it.</p>\n<p>The second paragraph of it.</p>')).toBe(true);
    expect(looksLikeHtml('Para one.<br /><br />Para two.\nPara three.<br />')).toBe(true);
  });

  it('leaves a page of text lines that opens with a line of markup as text (a README that opens with a centred logo)', () => {
    // QA pass 9: read as HTML, the whole page became one line, labelled disclaimer, exit 0.
    const readme = [
      '<p align="center"><img src="logo.png" width="120"></p>',
      '',
      '# Streaming JSON in Node.js',
      '',
      'Most tutorials load the whole file with JSON.parse, which is fine until the file is larger than memory.',
      '',
      '## The naive version',
      '',
      'Here is what most people write first, and why it breaks on a file of a few gigabytes.',
    ].join('\n');
    expect(looksLikeHtml(readme)).toBe(false);
    expect(sniffFormat(bytes(readme))).toBe('text');
    // A fragment with markup on most of its lines, or on one line, is still HTML.
    expect(looksLikeHtml('<div class="post">\n<h1>Title</h1>\n<p>One paragraph.</p>\n<p>Another one.</p>\n</div>')).toBe(true);
    expect(looksLikeHtml('<div class="post"><h1>Title</h1><p>One paragraph.</p></div>')).toBe(true);
    expect(looksLikeHtml('<article>\n<p>Text of it.</p>\n</article>')).toBe(true);
    // A block of raw or preformatted lines first: a code dump, a fragment's script.
    expect(looksLikeHtml('<pre>\nlet a = 1;\nlet b = 2;\nlet c = 3;\nlet d = 4;\n</pre>')).toBe(true);
    expect(looksLikeHtml('<script>\nvar a = 1;\nvar b = 2;\nvar c = 3;\n</script>\n<div>Story</div>')).toBe(true);
  });

  it('reads a page of many blank lines, then text, as text: whitespace does not count as leading noise', () => {
    expect(looksLikeHtml('\n'.repeat(HTML_NOISE_MAX_CHARS + 10) + 'Just a plain line of text.')).toBe(false);
  });

  it('only looks at the first kilobyte', () => {
    expect(looksLikeHtml('word '.repeat(300) + '<div><p>late</p></div>')).toBe(false);
    expect(looksLikeHtml(' '.repeat(5000) + '<html>')).toBe(true); // leading whitespace is skipped first
  });
});

describe('sniffFormat', () => {
  it('decides by extension first, ignoring case, directories and a trailing .gz', () => {
    const html = bytes('<html>');
    expect(sniffFormat(html, 'a.txt')).toBe('text');
    expect(sniffFormat(bytes('plain'), 'dir.v2/Page.HTML')).toBe('html');
    expect(sniffFormat(bytes('x'), 'page.htm')).toBe('html');
    expect(sniffFormat(html, 'crawl.json')).toBe('json');
    expect(sniffFormat(html, 'crawl.jsonl.gz')).toBe('jsonl');
    expect(sniffFormat(html, 'crawl.NDJSON')).toBe('jsonl');
    expect(formatFromName('archive.tar.gz')).toBeUndefined();
    expect(formatFromName('README')).toBeUndefined();
  });

  it('reads a file named as JSON Lines as JSON when it opens with an array or a value over several lines (QA pass 15)', () => {
    expect(sniffFormat(bytes('[\n  {"text": "a"},\n  {"text": "b"}\n]\n'), 'crawl.jsonl')).toBe('json');
    expect(sniffFormat(bytes('[{"text": "a"}, {"text": "b"}]'), 'crawl.jsonl')).toBe('json');
    expect(sniffFormat(bytes('{\n  "text": "a"\n}\n{\n  "text": "b"\n}\n'), 'crawl.ndjson.gz')).toBe('json');
    // JSON Lines, and what is no JSON at all, stay as the name says (the reader reports a bad line).
    expect(sniffFormat(bytes('{"text": "a"}\n{"text": "b"}\n'), 'crawl.jsonl')).toBe('jsonl');
    expect(sniffFormat(bytes('{"text": "a"}'), 'crawl.jsonl')).toBe('jsonl');
    expect(sniffFormat(bytes('{"text": oops}\n{"text": "b"}\n'), 'crawl.jsonl')).toBe('jsonl');
    // A first line broken inside (a raw tab in a string, QA pass 17), not unfinished: JSON Lines with a bad record.
    expect(sniffFormat(bytes('{"text":"a\tb"}\n'), 'crawl.jsonl')).toBe('jsonl');
    expect(sniffFormat(bytes('{"text": "a",\n "id": 1}\n'), 'crawl.jsonl')).toBe('json');
    expect(sniffFormat(bytes('not json\n'), 'crawl.jsonl')).toBe('jsonl');
  });

  it('takes .warc and .wet names, and content that opens with a WARC version line, for a web archive, NUL bytes and all', () => {
    expect(sniffFormat(bytes('x'), 'CC-MAIN-20240101-00000.warc.wet.gz')).toBe('warc');
    expect(sniffFormat(bytes('x'), 'crawl.WARC')).toBe('warc');
    const archive = bytes('WARC/1.1\r\nWARC-Type: response\r\nContent-Length: 4\r\n\r\n\u0000\u0001\u0000\u0002\r\n\r\n');
    expect(sniffFormat(archive)).toBe('warc');
    expect(sniffFormat(archive, 'dump')).toBe('warc');
    // A line that only mentions the format is not its version line.
    expect(sniffFormat(bytes('WARC/1.0 is the format Common Crawl uses.\n'))).toBe('text');
  });

  it('calls content with a NUL byte in the first block binary', () => {
    expect(sniffFormat(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]))).toBe('binary');
    expect(sniffFormat(bytes('text\u0000more'), 'page.bin')).toBe('binary');
    const lateNul = new Uint8Array(FORMAT_SNIFF_BYTES + 10).fill(0x61);
    lateNul[FORMAT_SNIFF_BYTES + 5] = 0;
    expect(sniffFormat(lateNul)).toBe('text');
  });

  it('calls JSON Lines with a NUL inside a later record JSON Lines (that record is the bad one), but a brace before binary data binary', () => {
    expect(sniffFormat(bytes('{"id": 1, "text": "A page."}\n{"id": 2, "text": "A pa\u0000ge."}\n'))).toBe('jsonl');
    expect(sniffFormat(bytes('{"id": 1, "te\u0000xt": "A page."}\n'))).toBe('binary');
    expect(sniffFormat(bytes('{\u0000\u0001\u0002binary'))).toBe('binary');
    expect(sniffFormat(bytes('[{"id": 1}, {"id": \u0000'))).toBe('binary');
  });

  it('tells a JSON array or pretty-printed object from JSON Lines', () => {
    expect(sniffFormat(bytes('[{"html":"<p>a</p>"},\n{"html":"<p>b</p>"}]'))).toBe('json');
    expect(sniffFormat(bytes('\uFEFF[\n  {"url": "u"}\n]\n'))).toBe('json');
    expect(sniffFormat(bytes('{\n  "html": "<p>a</p>"\n}\n'))).toBe('json');
    expect(sniffFormat(bytes('[1,2]\n'))).toBe('json');
    expect(sniffFormat(bytes('{"html":"<p>a</p>"}\n{"html":"<p>b</p>"}\n'))).toBe('jsonl');
    expect(sniffFormat(bytes('[1,2]\n[3,4]\n'))).toBe('jsonl');
    expect(sniffFormat(bytes('{"html":"<p>a</p>"}'))).toBe('jsonl');
    expect(sniffFormat(bytes(`{"html":"${'x'.repeat(10_000)}"}\n{"html":"y"}\n`))).toBe('jsonl');
  });

  it('does not take text that merely starts with a bracket for JSON', () => {
    expect(sniffFormat(bytes('[ Skip to content ]\nHome | News'))).toBe('text');
    expect(sniffFormat(bytes('[1] Introduction\nThis paper...'))).toBe('text');
    expect(sniffFormat(bytes('{{ template }}'))).toBe('text');
  });

  it('takes a page in a reader\'s envelope (Jina Reader: Title:, then URL Source:) for Markdown, unless its name says a format other than text', () => {
    const jina = 'Title: Storm closes the coast road\n\nURL Source: https://example.com/storm\n\nMarkdown Content:\nStorm\n=====\n';
    expect(sniffFormat(bytes(jina))).toBe('markdown');
    expect(sniffFormat(bytes(jina.replace(/\n/g, '\r\n')), 'page')).toBe('markdown');
    // A .txt file is what `curl https://r.jina.ai/URL > page.txt` saves: its envelope says Markdown too.
    expect(sniffFormat(bytes(jina), 'page.txt')).toBe('markdown');
    expect(sniffFormat(bytes(jina), 'page.txt.gz')).toBe('markdown');
    expect(sniffFormat(bytes('Title: Notes\n\nThe budget passed.\n'), 'page.txt')).toBe('text');
    expect(sniffFormat(bytes(jina), 'page.html')).toBe('html');
    expect(sniffFormat(bytes(jina), 'page.jsonl')).toBe('jsonl');
    // "Title:" alone, or a URL Source: line far below it, is an article's own text.
    expect(sniffFormat(bytes('Title: Notes on the budget\n\nThe budget passed.\n'))).toBe('text');
    expect(sniffFormat(bytes(`Title: x\n${'line\n'.repeat(10)}URL Source: https://example.com/\n`))).toBe('text');
    // As the labeller reads an envelope: blank lines may come first, but Title: opens its line.
    expect(sniffFormat(bytes('\n\r\n  \nTitle: x\n\nURL Source: https://example.com/\n'))).toBe('markdown');
    expect(sniffFormat(bytes('   Title: x\n\nURL Source: https://example.com/\n'))).toBe('text');
  });

  it('falls back to the HTML sniff for everything else', () => {
    expect(sniffFormat(bytes('<!doctype html>\n<title>x</title>'), 'page')).toBe('html');
    expect(sniffFormat(bytes('Just an article.\nWith two lines.'))).toBe('text');
    expect(sniffFormat(new Uint8Array())).toBe('text');
  });
});

describe('nameMisleads', () => {
  const bytes = (s: string) => Buffer.from(s);

  it('says a .txt file that opens as an HTML page is read as text, tags and all, and how to read it as HTML (QA pass 20)', () => {
    for (const page of ['<!DOCTYPE html>\n<html><body><p>Story.</p></body></html>', '\uFEFF  <html lang="en">\n<head>', '<!-- saved -->\n<body>\n<p>Story.</p>']) {
      expect(nameMisleads(bytes(page), 'page.txt')).toBe('looks like an HTML page, but its name says text: read as text, tags and all (--format html reads it as HTML)');
    }
    expect(nameMisleads(bytes('<!DOCTYPE html><html></html>'), 'PAGE.TXT.gz')).toBeDefined();
  });

  it('says a .html file with no markup in its first block is read as HTML, its lines run together, and how to read it as lines', () => {
    expect(nameMisleads(bytes('Home\nNews\nThe council met on Tuesday.\n'), 'dump.html')).toBe('holds no HTML markup, but its name says HTML: read as HTML, its lines run together as a browser runs them (--format text reads one block a line)');
    expect(nameMisleads(bytes('Home\nNews\n'), 'dump.htm')).toBeDefined();
  });

  it('says nothing when the name and the bytes agree, or the bytes are too few to tell', () => {
    expect(nameMisleads(bytes('A story that mentions <html> in passing.\nMore text.'), 'notes.txt')).toBeUndefined();
    expect(nameMisleads(bytes('<p>A fragment.</p>'), 'frag.html')).toBeUndefined();
    expect(nameMisleads(bytes('One line of text'), 'one.html')).toBeUndefined();
    expect(nameMisleads(bytes(''), 'empty.html')).toBeUndefined();
    expect(nameMisleads(bytes('<html><body></body></html>'), 'page.html')).toBeUndefined();
    expect(nameMisleads(bytes('<html><body></body></html>'), 'page.md')).toBeUndefined();
  });
});

