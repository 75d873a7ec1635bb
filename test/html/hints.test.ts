import { describe, it, expect } from 'vitest';
import {
  CANONICAL_HINTS,
  LINK_OTHER,
  LINK_SHARE,
  LINK_SOCIAL,
  linkKind,
  DEFAULT_HINT_VOCABULARY,
  loadHintVocabulary,
  matchClassHints,
  matchHints,
  parseHintVocabulary,
  splitHintTokens,
} from '../../src/html/hints.js';
import { BoilerstripError } from '../../src/errors.js';

describe('splitHintTokens', () => {
  it('splits on non-letters and camelCase humps and lower-cases', () => {
    expect(splitHintTokens('site-footer__links mainNav')).toEqual(['site', 'footer', 'links', 'main', 'nav']);
    expect(splitHintTokens('HTMLWidget ad_300x250 AdUnit')).toEqual(['html', 'widget', 'ad', 'x', 'ad', 'unit']);
    expect(splitHintTokens('  --42-- ')).toEqual([]);
  });
});

describe('matchHints', () => {
  it('normalises variants to one canonical hint', () => {
    expect(matchHints('ads')).toEqual(['ad']);
    expect(matchHints('advertisement')).toEqual(['ad']);
    expect(matchHints('Advert')).toEqual(['ad']);
    expect(matchHints('sponsored-content')).toEqual(['ad', 'content']);
    expect(matchHints('comments')).toEqual(['comment']);
    expect(matchHints('breadcrumbs')).toEqual(['breadcrumb']);
    expect(matchHints('gdpr-consent')).toEqual(['cookie']);
  });

  it('matches ad only as a whole token, never inside header, download or shadow', () => {
    expect(matchHints('header')).toEqual(['header']);
    expect(matchHints('download')).toEqual([]);
    expect(matchHints('shadow')).toEqual([]);
    expect(matchHints('loaded badge head')).toEqual([]);
    expect(matchHints('ad-slot')).toEqual(['ad']);
    expect(matchHints('topAd')).toEqual(['ad']);
  });

  it('matches compounds split across two tokens', () => {
    expect(matchHints('sign-up-form')).toEqual(['newsletter']);
    expect(matchHints('side_bar')).toEqual(['sidebar']);
    expect(matchHints('bread-crumbs')).toEqual(['breadcrumb']);
  });

  it('reads natural-language aria-labels and roles', () => {
    expect(matchHints('Share on Facebook')).toEqual(['share']);
    expect(matchHints('navigation')).toEqual(['nav']);
    expect(matchHints('contentinfo')).toEqual(['footer']);
  });

  it('deduplicates hints', () => {
    expect(matchHints('nav navbar main-nav menu')).toEqual(['nav']);
  });
});

describe('matchClassHints', () => {
  it('skips taxonomy class names such as WordPress tag-* and category-*', () => {
    expect(matchClassHints('post tag-ad-tech category-cookies')).toEqual(['article']);
  });

  it('does not join compounds across two class names', () => {
    expect(matchClassHints('sign up')).toEqual([]);
    expect(matchClassHints('sign-up')).toEqual(['newsletter']);
  });

  // QA pass 11: a story's table in <div class="overflow-hidden"> went to navigation on hint_hidden,
  // and `Paragraph_p__Ad3kq` made a paragraph an advertisement.
  it('reads no hint into utility classes that hide nothing or into the hash a CSS-in-JS tool adds', () => {
    expect(matchClassHints('overflow-hidden rounded-lg')).toEqual([]);
    expect(matchClassHints('overflow-x-hidden')).toEqual([]);
    // Tailwind's `hidden md:block`: hidden on phones, shown from the md breakpoint on.
    expect(matchClassHints('hidden md:block')).toEqual([]);
    expect(matchClassHints('hidden')).toEqual(['hidden']);
    expect(matchClassHints('visually-hidden')).toEqual(['hidden']);
    // CSS modules (`[name]_[local]__[hash]`), Emotion (`css-<hash>`), styled-components (`sc-<hash>`).
    expect(matchClassHints('Paragraph_p__Ad3kq')).toEqual([]);
    expect(matchClassHints('Card_title__Nav2x')).toEqual([]);
    expect(matchClassHints('css-1ad9xq css-adv3 sc-bdVaJa')).toEqual([]);
    // BEM's block__element is words, not a hash: still read.
    expect(matchClassHints('site-footer__links')).toEqual(['footer']);
    expect(matchClassHints('Sidebar_ad__x9Y2b')).toEqual(['sidebar', 'ad']);
  });
});

describe('hint vocabulary', () => {
  it('loads the default vocabulary from data/hints.json', () => {
    expect(DEFAULT_HINT_VOCABULARY.tokens.get('advertisement')).toBe('ad');
    expect(CANONICAL_HINTS).toContain('copyright');
    expect(CANONICAL_HINTS).toContain('nav');
    expect(loadHintVocabulary().tokens.size).toBe(DEFAULT_HINT_VOCABULARY.tokens.size);
  });

  it('accepts a custom vocabulary', () => {
    const vocab = parseHintVocabulary({ hints: { promo: ['deal', 'deals'] } });
    expect(matchHints('hot-deals', vocab)).toEqual(['promo']);
    expect(matchHints('footer', vocab)).toEqual([]);
  });

  it('rejects malformed vocabularies with a positioned error', () => {
    expect(() => parseHintVocabulary([], 'x.json')).toThrow(BoilerstripError);
    expect(() => parseHintVocabulary({ hints: { nav: 'nav' } })).toThrow(/array of tokens/);
    expect(() => parseHintVocabulary({ hints: { nav: ['Nav-Bar'] } })).toThrow(/lower-case letters/);
    expect(() => parseHintVocabulary({ hints: { a: ['x'], b: ['x'] } })).toThrow(/both/);
    expect(() => loadHintVocabulary('/nonexistent/hints.json')).toThrow(/nonexistent/);
  });
});

describe('linkKind', () => {
  it('tells share actions from social profiles and other links', () => {
    expect(linkKind('https://www.facebook.com/sharer/sharer.php?u=https%3A%2F%2Fexample.test')).toBe(LINK_SHARE);
    expect(linkKind('https://twitter.com/intent/tweet?text=x')).toBe(LINK_SHARE);
    expect(linkKind('mailto:?subject=Look')).toBe(LINK_SHARE);
    expect(linkKind('https://twitter.com/ExampleNews')).toBe(LINK_SOCIAL);
    expect(linkKind('//m.youtube.com/c/Example')).toBe(LINK_SOCIAL);
    expect(linkKind('mailto:editor@example.test')).toBe(LINK_OTHER);
    expect(linkKind('https://notfacebook.com/x')).toBe(LINK_OTHER);
    expect(linkKind('/section/news')).toBe(LINK_OTHER);
  });

  it('rejects a links section that is not a list of strings', () => {
    expect(() => parseHintVocabulary({ hints: {}, links: { socialHosts: 'facebook.com' } })).toThrow(/links\.socialHosts/);
  });
});
