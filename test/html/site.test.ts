import { describe, expect, it } from 'vitest';
import { htmlSite, SITE_SEARCH_CHARS } from '../../src/html/site.js';

describe('htmlSite', () => {
  it('rejects a page that is not a string at the call, naming the argument and the call (QA pass 19: a TypeError about slice)', () => {
    expect(() => htmlSite(null as never)).toThrow(/^htmlSite\(\): argument `html` must be a string, got null/);
    expect(() => htmlSite(Buffer.from('<html>') as never)).toThrow(expect.objectContaining({ code: 'ERR_INVALID_ARG' }));
  });

  it("takes the host of a page's canonical link, in any attribute order, lower-cased and without www.", () => {
    expect(htmlSite('<html><head><link rel="canonical" href="https://WWW.Example.com/a/b"></head>')).toBe('example.com');
    expect(htmlSite("<head><link href='https://news.example.org/x?a=1&amp;b=2' data-rh=true rel='alternate canonical'></head>")).toBe('news.example.org');
  });

  it('falls back to og:url, and gives nothing for a relative or missing address', () => {
    expect(htmlSite('<head><meta property="og:url" content="http://blog.example.net/p"><link rel="canonical" href="/p"></head>')).toBe('blog.example.net');
    expect(htmlSite('<head><link rel="canonical" href="/relative"></head><body>text</body>')).toBeUndefined();
    expect(htmlSite('<p>No head at all</p>')).toBeUndefined();
  });

  it('looks in the head only: a canonical link quoted in the body is not the page\'s', () => {
    expect(htmlSite('<head><title>x</title></head><body><link rel="canonical" href="https://other.example/"></body>')).toBeUndefined();
    const late = `<head>${' '.repeat(SITE_SEARCH_CHARS)}<link rel="canonical" href="https://late.example/"></head>`;
    expect(htmlSite(late)).toBeUndefined();
  });
});

describe('htmlSite on heads that mislead (QA pass 14)', () => {
  it('passes over a canonical link in a comment or a script, and reads one with a quoted > before its rel', () => {
    expect(htmlSite('<head><!-- <link rel="canonical" href="https://commented.example/"> --><link rel="canonical" href="https://real.example/a"></head>')).toBe('real.example');
    expect(htmlSite('<head><script>var s = \'<link rel="canonical" href="https://script.example/">\';</script><link rel="canonical" href="https://real.example/"></head>')).toBe('real.example');
    expect(htmlSite('<head><link title="a>b" rel="canonical" href="https://quoted.example/"></head>')).toBe('quoted.example');
  });

  it('stops at the body when the head is never closed, and reads a protocol-relative address', () => {
    expect(htmlSite('<html><title>x</title><body><p><link rel="canonical" href="https://body.example/"></p>')).toBeUndefined();
    expect(htmlSite('<head><link rel="canonical" href="//cdn-less.example/a"></head>')).toBe('cdn-less.example');
  });
});
