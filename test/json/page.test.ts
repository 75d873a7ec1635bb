import { describe, expect, it } from 'vitest';
import { recordSite, siteOfUrl } from '../../src/json/page.js';
import { BoilerstripError } from '../../src/errors.js';
import { thrown } from '../helpers.js';

describe('recordSite', () => {
  it("takes the host of a record's url, lower-cased and without www., as the page's site", () => {
    expect(recordSite({ url: 'https://WWW.Example.com/news/a?x=1' })).toBe('example.com');
    expect(recordSite({ URL: 'http://www.example.com/' })).toBe('example.com');
    expect(recordSite({ url: 'https://sport.example.com/a' })).toBe('sport.example.com');
  });

  it("reads Firecrawl's metadata.sourceURL, and passes over fields that hold no absolute http(s) URL", () => {
    expect(recordSite({ markdown: '# x', metadata: { sourceURL: 'https://docs.example.org/p' } })).toBe('docs.example.org');
    expect(recordSite({ url: '/relative/path', link: 'https://example.net/x' })).toBe('example.net');
    expect(recordSite({ url: 'ftp://example.com/x' })).toBeUndefined();
    expect(recordSite({ url: 'https://' })).toBeUndefined();
    expect(recordSite({ text: 'no address' })).toBeUndefined();
    expect(recordSite('not a record')).toBeUndefined();
  });

  it('rejects fields that are not an array of field names at the call, naming the argument and the call', () => {
    // 'url' was read one field per character; 5 and [5] failed as bare TypeErrors.
    const record = { url: 'https://example.com/a', u: 'https://wrong.example/' };
    for (const fields of ['url', 5, [5], null]) {
      const err = thrown(() => recordSite(record, fields as never));
      expect(err).toBeInstanceOf(BoilerstripError);
      expect(err).toMatchObject({ code: 'ERR_INVALID_ARG' });
      expect((err as Error).message).toMatch(/^recordSite\(\): argument `fields` must be an array of field names, got /);
    }
    expect(recordSite(record, ['url'])).toBe('example.com');
  });
});

describe('siteOfUrl', () => {
  it('rejects an address that is not a string at the call, naming the argument and the call (QA pass 19: a TypeError about trim)', () => {
    expect(() => siteOfUrl(null as never)).toThrow(/^siteOfUrl\(\): argument `url` must be a string, got null$/);
    expect(() => siteOfUrl(new URL('https://example.com') as never)).toThrow(expect.objectContaining({ code: 'ERR_INVALID_ARG' }));
  });

  it('reads an address with spaces around it, drops a final dot and only a leading www. of a longer name', () => {
    expect(siteOfUrl('  https://www.example.com./a ')).toBe('example.com');
    expect(siteOfUrl('https://www.com/')).toBe('www.com');
    expect(siteOfUrl('https://www2.example.com/')).toBe('www2.example.com');
  });
});
