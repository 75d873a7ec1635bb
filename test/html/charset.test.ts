import { describe, it, expect } from 'vitest';
import { decodeHtml, isKnownEncoding, metaCharset, META_SNIFF_BYTES, streamDecoder } from '../../src/html/charset.js';

const ascii = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, 'latin1'));
const concat = (...parts: Uint8Array[]): Uint8Array => new Uint8Array(Buffer.concat(parts));

describe('decodeHtml', () => {
  it('defaults to UTF-8 when nothing declares a charset', () => {
    const bytes = new Uint8Array(Buffer.from('<p>Grüße — “quoted”</p>', 'utf8'));
    expect(decodeHtml(bytes)).toEqual({ text: '<p>Grüße — “quoted”</p>', encoding: 'utf-8' });
  });

  it('uses a UTF-8 byte order mark and strips it from the text', () => {
    const bytes = concat(new Uint8Array([0xef, 0xbb, 0xbf]), new Uint8Array(Buffer.from('<p>é</p>', 'utf8')));
    expect(decodeHtml(bytes)).toEqual({ text: '<p>é</p>', encoding: 'utf-8' });
  });

  it('uses a UTF-16 byte order mark over an override and a meta tag', () => {
    const bytes = concat(new Uint8Array([0xff, 0xfe]), new Uint8Array(Buffer.from('<meta charset="windows-1252"><p>ü</p>', 'utf16le')));
    const out = decodeHtml(bytes, 'iso-8859-2');
    expect(out.encoding).toBe('utf-16le');
    expect(out.text).toBe('<meta charset="windows-1252"><p>ü</p>');
  });

  it('reads gb2312 and gbk as the gb18030 decoder, as the Encoding Standard and browsers do: its four-byte characters too (QA pass 15)', () => {
    // 😀 is 0x9439FC36 and 𠀀 0x95328236 in gb18030 (iconv -t gb18030); 市 is 0xCAD0 (two bytes, in gb2312 too).
    for (const label of ['gb2312', 'gbk', 'GB2312']) {
      const bytes = concat(ascii(`<meta charset="${label}"><p>`), new Uint8Array([0xca, 0xd0, 0x94, 0x39, 0xfc, 0x36, 0x95, 0x32, 0x82, 0x36]), ascii('</p>'));
      const out = decodeHtml(bytes);
      expect(out.text, label).toContain('<p>市😀𠀀</p>');
      expect(out.invalidAsNamed, label).toBeUndefined();
      expect(out.encoding, label).toBe('gb18030');
    }
    expect(streamDecoder('gbk')(new Uint8Array([0x94, 0x39, 0xfc, 0x36]), false)).toBe('😀');
  });

  it('reads a page that is not UTF-8 and has no <meta> by the charset its XML declaration names (QA pass 15)', () => {
    const bytes = concat(ascii('<?xml version="1.0" encoding="windows-1251"?>\n<html><body><p>'), new Uint8Array([0xcc, 0xee, 0xf1, 0xea, 0xe2, 0xe0]), ascii('</p></body></html>'));
    const out = decodeHtml(bytes);
    expect(out.text).toContain('<p>Москва</p>');
    expect(out.encoding).toBe('windows-1251');
    expect(out.invalid).toBeUndefined();
    // Valid UTF-8 is read as UTF-8 whatever the declaration says, as browsers read text/html.
    const utf8 = concat(ascii('<?xml version="1.0" encoding="windows-1251"?><p>'), new Uint8Array(Buffer.from('Москва')), ascii('</p>'));
    expect(decodeHtml(utf8)).toMatchObject({ encoding: 'utf-8' });
  });

  it('decodes windows-1252 bytes declared by <meta charset>', () => {
    // 0x93/0x94 are curly quotes and 0x80 is the euro sign in windows-1252.
    const bytes = concat(ascii('<html><head><meta charset="windows-1252"></head><body><p>'), new Uint8Array([0x93, 0x80, 0x35, 0xe9, 0x94]), ascii('</p>'));
    const out = decodeHtml(bytes);
    expect(out.encoding).toBe('windows-1252');
    expect(out.text).toContain('<p>“€5é”</p>');
  });

  it('maps every windows-1252 byte 0x80-0x9F to its character, not a C1 control', () => {
    const high = new Uint8Array(32).map((_, i) => 0x80 + i);
    const { text } = decodeHtml(high, 'windows-1252');
    expect(text).toHaveLength(32);
    expect(text[0x12]).toBe('\u2019'); // 0x92 right single quote
    expect(text[0x16]).toBe('\u2013'); // 0x96 en dash
    expect(text[0x1f]).toBe('\u0178'); // 0x9f Y with diaeresis
    expect(text[0x01]).toBe('\u0081'); // unassigned: stays a C1 control
    expect(decodeHtml(new Uint8Array([0x41, 0xa0, 0xff]), 'latin1').text).toBe('A\u00a0\u00ff');
  });

  it('reads the charset from a http-equiv content attribute', () => {
    const bytes = concat(ascii('<META HTTP-EQUIV="Content-Type" CONTENT="text/html; charset=ISO-8859-1"><p>'), new Uint8Array([0xe9]));
    const out = decodeHtml(bytes);
    expect(out.encoding).toBe('windows-1252'); // the WHATWG name for latin1 labels
    expect(out.text.endsWith('<p>é')).toBe(true);
  });

  it('lets an override win over the meta tag', () => {
    const bytes = concat(ascii('<meta charset="utf-8"><p>'), new Uint8Array([0xe9]));
    expect(decodeHtml(bytes, 'windows-1252').text).toBe('<meta charset="utf-8"><p>é');
  });

  it('falls back to UTF-8 for an unknown charset name without throwing', () => {
    const bytes = concat(ascii('<meta charset="x-no-such-charset"><p>'), new Uint8Array(Buffer.from('é', 'utf8')));
    expect(() => decodeHtml(bytes, 'also-bogus')).not.toThrow();
    expect(decodeHtml(bytes, 'also-bogus')).toEqual({ text: '<meta charset="x-no-such-charset"><p>é', encoding: 'utf-8' });
  });

  it('replaces invalid byte sequences instead of throwing, and says so when nothing named the charset', () => {
    const bad = new Uint8Array([0x3c, 0x70, 0x3e, 0xff, 0xfe, 0xc3]);
    expect(decodeHtml(bad)).toEqual({ text: '<p>\ufffd\ufffd\ufffd', encoding: 'utf-8', invalid: true });
    expect(decodeHtml(bad, 'utf-8').invalid).toBeUndefined();
    expect(decodeHtml(concat(ascii('<meta charset="utf-8">'), bad)).invalid).toBeUndefined();
    expect(decodeHtml(ascii('<p>plain ASCII</p>')).invalid).toBeUndefined();
  });

  it('says which source named a charset the bytes are not valid in, with the first bad byte for UTF-8, and reads them all the same', () => {
    const bad = concat(ascii('<p>Caf'), new Uint8Array([0xe9]), ascii(' ok</p>'));
    const meta = concat(ascii('<meta charset="utf-8">'), bad);
    expect(decodeHtml(meta)).toEqual({ text: '<meta charset="utf-8"><p>Caf\ufffd ok</p>', encoding: 'utf-8', invalidAsNamed: { by: 'meta', offset: 22 + 6 } });
    expect(decodeHtml(bad, 'utf-8')).toEqual({ text: '<p>Caf\ufffd ok</p>', encoding: 'utf-8', invalidAsNamed: { by: 'override', offset: 6 } });
    // The BOM's bytes count in the offset.
    expect(decodeHtml(concat(new Uint8Array([0xef, 0xbb, 0xbf]), bad)).invalidAsNamed).toEqual({ by: 'bom', offset: 9 });
    // Other decoders do not say where: the warning names no byte.
    const sjis = decodeHtml(concat(ascii('<meta charset="shift_jis"><p>'), new Uint8Array([0x82, 0xa0, 0x20, 0x82])));
    expect(sjis.text.endsWith('<p>\u3042 \ufffd')).toBe(true);
    expect(sjis.invalidAsNamed).toEqual({ by: 'meta' });
    // Valid bytes, and a page named by nothing (`invalid` covers it), carry no such note.
    expect(decodeHtml(concat(ascii('<meta charset="utf-8">'), new Uint8Array(Buffer.from('<p>é</p>')))).invalidAsNamed).toBeUndefined();
    expect(decodeHtml(bad).invalidAsNamed).toBeUndefined();
  });

  it('knows the WHATWG charset names and labels, and no others', () => {
    for (const name of ['utf-8', 'latin1', 'windows-1251', 'shift_jis', 'GBK']) expect(isKnownEncoding(name)).toBe(true);
    for (const name of ['bogus', 'utf-9', '']) expect(isKnownEncoding(name)).toBe(false);
  });

  it('uses a <meta> charset declared after the first bytes when the page is not valid UTF-8', () => {
    // A legacy-encoded page whose head starts with a long inline script: browsers find the meta
    // while parsing and re-decode; a UTF-8 reading would turn every accented letter into U+FFFD.
    const head = ascii('<html><head><script>' + 'var x = 1;'.repeat(META_SNIFF_BYTES / 10) + '</script><meta charset="windows-1252"></head><body><p>Caf');
    const out = decodeHtml(concat(head, new Uint8Array([0xe9, 0x20, 0x93, 0x41, 0x94]), ascii('</p>')));
    expect(out.encoding).toBe('windows-1252');
    expect(out.invalid).toBeUndefined();
    expect(out.text.endsWith('<p>Café “A”</p>')).toBe(true);
    // Valid UTF-8 stays UTF-8: only a page that cannot be UTF-8 is read by a late declaration.
    const utf8 = concat(head, new Uint8Array(Buffer.from('é</p>', 'utf8')));
    expect(decodeHtml(utf8)).toMatchObject({ encoding: 'utf-8' });
    expect(decodeHtml(utf8).text.endsWith('<p>Café</p>')).toBe(true);
  });

  it('names the charset a <meta> declared when no decoder knows it and the page is not valid UTF-8', () => {
    // x-user-defined is a WHATWG label that Node's TextDecoder lacks: the page did declare a charset.
    const bytes = concat(ascii('<meta charset="x-user-defined"><p>'), new Uint8Array([0xe9]));
    expect(decodeHtml(bytes)).toMatchObject({ encoding: 'utf-8', invalid: true, unknownCharset: 'x-user-defined' });
    expect(decodeHtml(concat(ascii('<p>'), new Uint8Array([0xe9]))).unknownCharset).toBeUndefined();
  });

  it('reads a page as UTF-8 when its <meta> names a legacy charset but its bytes are UTF-8 with non-ASCII text', () => {
    // A scraped page saved without its HTTP header (which said UTF-8, and wins in a browser) and
    // a CMS that writes a wrong <meta>: read as windows-1252, every accented letter was mojibake.
    const page = new Uint8Array(Buffer.from('<meta charset="iso-8859-1"><p>Café owners — “quoted”</p>', 'utf8'));
    expect(decodeHtml(page)).toEqual({ text: '<meta charset="iso-8859-1"><p>Café owners — “quoted”</p>', encoding: 'utf-8' });
    // Real windows-1252 bytes are not valid UTF-8 and keep the declared charset; so does ASCII.
    expect(decodeHtml(concat(ascii('<meta charset="iso-8859-1"><p>Caf'), new Uint8Array([0xe9]))).encoding).toBe('windows-1252');
    expect(decodeHtml(ascii('<meta charset="iso-8859-1"><p>plain</p>')).encoding).toBe('windows-1252');
    // An override (the HTTP header) is not second-guessed.
    expect(decodeHtml(page, 'windows-1252').encoding).toBe('windows-1252');
  });

  it('treats a UTF-16 meta declaration in ASCII bytes as UTF-8', () => {
    expect(decodeHtml(ascii('<meta charset="utf-16"><p>x</p>')).encoding).toBe('utf-8');
  });
});

describe('metaCharset', () => {
  it('only looks at the first bytes of the page', () => {
    const late = ascii(' '.repeat(META_SNIFF_BYTES) + '<meta charset="windows-1252">');
    expect(metaCharset(late)).toBeUndefined();
    expect(metaCharset(ascii('<head><meta name="x" content="y"><meta charset=koi8-r>'))).toBe('koi8-r');
  });

  it('reads a charset only from a charset attribute or a Content-Type pragma, as browsers do', () => {
    // A description that mentions "charset=" declares nothing; the page's own meta comes after it.
    expect(metaCharset(ascii('<meta name="description" content="How to set charset=utf-8 in PHP"><meta charset="windows-1251">'))).toBe('windows-1251');
    expect(metaCharset(ascii('<meta property="og:title" content="charset=utf-8 explained">'))).toBeUndefined();
    expect(metaCharset(ascii('<meta content="text/html; charset=gbk" http-equiv="Content-Type">'))).toBe('gbk');
    expect(metaCharset(ascii("<meta http-equiv='content-type' content='text/html;charset=\"big5\"'>"))).toBe('big5');
  });

  it('skips a meta naming a charset no decoder knows and reads the next one, as browsers do', () => {
    const bytes = concat(ascii('<meta charset="x-no-such-charset"><meta http-equiv="Content-Type" content="text/html; charset=windows-1252"><p>'), new Uint8Array([0xe9]));
    expect(metaCharset(bytes)).toBe('windows-1252');
    expect(decodeHtml(bytes)).toMatchObject({ encoding: 'windows-1252' });
    expect(decodeHtml(bytes).text.endsWith('<p>é')).toBe(true);
  });

  it('ignores a meta tag inside a comment', () => {
    expect(metaCharset(ascii('<!-- <meta charset="windows-1252"> --><meta charset="utf-8">'))).toBe('utf-8');
  });

  it('works on a view into a larger buffer', () => {
    const buf = ascii('xxxx<meta charset="gbk">');
    expect(metaCharset(buf.subarray(4))).toBe('gbk');
  });
});

describe('decodeHtml from the package', () => {
  it('is exported, so a library user decodes HTML bytes as the CLI does, by the page\'s <meta> charset', async () => {
    const { decodeHtml: exported } = await import('../../src/index.js');
    const page = Buffer.from('<html><head><meta charset="windows-1252"></head><body><p>Caf\xe9 de la F\xeate</p></body></html>', 'latin1');
    expect(exported(page).text).toContain('Café de la Fête');
    expect(exported(page).encoding).toBe('windows-1252');
  });

  it('rejects what is not bytes, and an encoding that is not a string, at the call, naming the argument', async () => {
    const { decodeHtml: exported } = await import('../../src/index.js');
    expect(() => exported('<p>x</p>' as never)).toThrow('decodeHtml(): argument `bytes` must be a Uint8Array (a Buffer), got string "<p>x</p>"');
    expect(() => exported(Buffer.from('x'), 5 as never)).toThrow('decodeHtml(): argument `encoding` must be a charset name (a string), got number 5');
  });
});
