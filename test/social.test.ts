import { describe, expect, it } from 'vitest';
import { SOCIAL_ROW_MAX_BLANKS, SOCIAL_ROW_MAX_HELD, SOCIAL_ROW_MIN_ITEMS, SocialRowStage, parseNetworkNames, readNetworkLine } from '../src/social.js';
import { labelLines } from '../src/pipeline.js';
import { labelHtml } from '../src/document.js';
import { BoilerstripError } from '../src/errors.js';
import type { Label, LabelledLine } from '../src/types.js';
import { runStage, thrown, modelLine } from './helpers.js';

const line = modelLine;

function after(rows: Array<[Label, string]>, reasons = true): LabelledLine[] {
  return runStage(new SocialRowStage(reasons), rows.map(([label, text], i) => line(label, text, i)));
}

const labels = (lines: LabelledLine[]): Label[] => lines.map((l) => l.label);

describe('readNetworkLine', () => {
  it('reads a bare name, a name in any case with an icon glyph or bullet around it, and names of two words', () => {
    expect(readNetworkLine('Facebook')).toEqual({ items: 1, channels: 0 });
    expect(readNetworkLine('  YOUTUBE ')).toEqual({ items: 1, channels: 1, channel: 'youtube' });
    expect(readNetworkLine('\uf16d Instagram')).toEqual({ items: 1, channels: 1, channel: 'instagram' });
    expect(readNetworkLine('• RSS Feed')).toEqual({ items: 1, channels: 1, channel: 'rss feed' });
    expect(readNetworkLine('Google+')).toEqual({ items: 1, channels: 0 });
    expect(readNetworkLine('Google Plus')).toEqual({ items: 1, channels: 0 });
    expect(readNetworkLine('Apple Podcasts')).toEqual({ items: 1, channels: 1, channel: 'apple podcasts' });
  });

  it('reads a whole row on one line, with or without separators', () => {
    expect(readNetworkLine('facebook twitter youtube rss feed')).toEqual({ items: 4, channels: 2, channel: 'youtube' });
    expect(readNetworkLine('Facebook | Twitter | Instagram')).toEqual({ items: 3, channels: 1, channel: 'instagram' });
    expect(readNetworkLine('Facebook-f Linkedin-in Twitter')).toEqual({ items: 3, channels: 0 });
  });

  it('reads names in compatibility forms and Turkish capitals (QA pass 29): full-width letters, a mathematical X, a dotted capital I', () => {
    expect(readNetworkLine('ＹｏｕＴｕｂｅ')).toEqual({ items: 1, channels: 1, channel: 'youtube' });
    expect(readNetworkLine('𝕏')).toEqual({ items: 1, channels: 0 });
    expect(readNetworkLine('İNSTAGRAM')).toEqual({ items: 1, channels: 1, channel: 'instagram' });
  });

  it('refuses a line with anything but names on it: a share button, a pitch, a sentence naming a network', () => {
    for (const text of ['Share on Facebook', 'Follow us on Instagram', 'Watch the video on YouTube.', 'Print', '', '   ', 'YouTube star signs record deal']) {
      expect(readNetworkLine(text), text).toBeUndefined();
    }
  });

  it('does not read a line longer than a row of names could be', () => {
    expect(readNetworkLine(Array.from({ length: 40 }, () => 'youtube').join(' '))).toBeUndefined();
  });
});

describe('SocialRowStage', () => {
  it('makes a row of network names with a channel among them advertisement, blank lines between them too, saying why', () => {
    const out = after([
      ['body', 'The last paragraph of the story.'],
      ['navigation', 'Facebook'],
      ['blank', ''],
      ['navigation', 'Twitter'],
      ['blank', ''],
      ['navigation', 'YouTube'],
      ['navigation', 'About us'],
    ]);
    expect(labels(out)).toEqual(['body', 'advertisement', 'blank', 'advertisement', 'blank', 'advertisement', 'navigation']);
    expect(out[1]!.reason).toBe('advertisement: rule: follow-us row (3 network names, "youtube" among them: a channel no page is shared to); model: navigation: the model');
    expect(out.map((l) => l.index)).toEqual([0, 1, 2, 3, 4, 5, 6]);
  });

  it('makes a share bar navigation: a row of networks a page can be shared to, and nothing else, saying why', () => {
    const rows: Array<[Label, string]> = ['Facebook', 'Twitter', 'Email', 'LinkedIn', 'Reddit', 'WhatsApp'].map((t) => ['advertisement', t]);
    const out = after(rows);
    expect(labels(out)).toEqual(rows.map(() => 'navigation'));
    expect(out[0]!.reason).toBe('navigation: rule: share bar (6 network names, none a channel: networks a page is shared to); model: advertisement: the model');
  });

  it('leaves share bars to the model on an HTML page, which knows where the links point, but still finds a follow-us row there', () => {
    const stage = new SocialRowStage(true);
    stage.readsLinks();
    const rows: Array<[Label, string]> = [['advertisement', 'Facebook'], ['advertisement', 'Twitter'], ['advertisement', 'LinkedIn'], ['body', 'A paragraph.'], ['navigation', 'Facebook'], ['navigation', 'Twitter'], ['navigation', 'YouTube']];
    expect(labels(runStage(stage, rows.map(([label, text], i) => line(label, text, i))))).toEqual(['advertisement', 'advertisement', 'advertisement', 'body', 'advertisement', 'advertisement', 'advertisement']);
  });

  it('makes a row with no channel advertisement when the line above it asks readers to follow the site, in any of several languages', () => {
    for (const heading of ['Follow Us', 'Follow The Telegraph', 'Stay connected:', 'Síguenos', 'Folgen Sie uns']) {
      const out = after([['navigation', heading], ['navigation', 'Facebook'], ['blank', ''], ['navigation', 'Twitter'], ['navigation', 'LinkedIn']]);
      expect(labels(out), heading).toEqual(['navigation', 'advertisement', 'blank', 'advertisement', 'advertisement']);
      expect(out[1]!.reason).toBe(`advertisement: rule: follow-us row (3 network names under "${heading}"); model: navigation: the model`);
    }
    // Not a heading that shares, nor a long line that only starts like one.
    expect(labels(after([['navigation', 'Share this story'], ['advertisement', 'Facebook'], ['advertisement', 'Twitter'], ['advertisement', 'Email']]))).toEqual(['navigation', 'navigation', 'navigation', 'navigation']);
    expect(labels(after([['body', 'Follow the council meeting live as members debate the harbour plan and then vote on it tonight'], ['advertisement', 'Facebook'], ['advertisement', 'Twitter'], ['advertisement', 'Email']]))).toEqual(['body', 'navigation', 'navigation', 'navigation']);
  });

  it(`leaves a row of fewer than ${SOCIAL_ROW_MIN_ITEMS} names alone, with a channel or without`, () => {
    expect(labels(after([['navigation', 'YouTube'], ['navigation', 'Podcast'], ['body', 'A paragraph.']]))).toEqual(['navigation', 'navigation', 'body']);
    expect(labels(after([['advertisement', 'Facebook'], ['advertisement', 'Twitter'], ['body', 'A paragraph.']]))).toEqual(['advertisement', 'advertisement', 'body']);
  });

  it('counts the names of a one-line row', () => {
    expect(labels(after([['navigation', 'facebook twitter youtube rss feed']]))).toEqual(['advertisement']);
  });

  it('keeps disclaimer lines (a writer\'s own accounts in an author box) and leaves the reason of a line already advertisement', () => {
    const out = after([['disclaimer', 'Twitter'], ['disclaimer', 'Instagram'], ['advertisement', 'Facebook'], ['navigation', 'YouTube']]);
    expect(labels(out)).toEqual(['disclaimer', 'disclaimer', 'advertisement', 'advertisement']);
    expect(out[2]!.reason).toBe('advertisement: the model');
    expect(labels(after([['disclaimer', 'Facebook'], ['disclaimer', 'Twitter'], ['disclaimer', 'Email']]))).toEqual(['disclaimer', 'disclaimer', 'disclaimer']);
  });

  it('keeps a line the model called body: a story\'s own list of networks', () => {
    const out = after([['body', 'The apps teens use most:'], ['body', 'YouTube'], ['body', 'TikTok'], ['body', 'Instagram'], ['navigation', 'Snapchat']]);
    expect(labels(out)).toEqual(['body', 'body', 'body', 'body', 'advertisement']);
  });

  it('writes no reason when lines carry none', () => {
    const out = after([['navigation', 'Facebook'], ['navigation', 'Instagram'], ['navigation', 'TikTok']], false);
    expect(labels(out)).toEqual(['advertisement', 'advertisement', 'advertisement']);
    expect(out[0]!.reason).toBe('navigation: the model');
  });

  it(`holds no more than ${SOCIAL_ROW_MAX_HELD} lines of a row, and decides the rest on the row's counts so far`, () => {
    const stage = new SocialRowStage(false);
    const out: LabelledLine[] = [];
    for (let i = 0; i < SOCIAL_ROW_MAX_HELD * 3; i++) {
      stage.push(line('navigation', i % 2 === 0 ? 'Facebook' : 'YouTube', i), out);
      expect(i + 1 - out.length).toBeLessThan(SOCIAL_ROW_MAX_HELD);
    }
    stage.flush(out);
    expect(out).toHaveLength(SOCIAL_ROW_MAX_HELD * 3);
    expect(new Set(labels(out))).toEqual(new Set(['advertisement']));
  });
});

describe('parseNetworkNames', () => {
  it('refuses a list that is not an array of names, naming the file and the list', () => {
    const e = thrown(() => parseNetworkNames({ share: ['facebook'], follow: 'youtube' }, 'my-networks.json'));
    expect(e).toBeInstanceOf(BoilerstripError);
    expect((e as BoilerstripError).code).toBe('ERR_NETWORKS');
    expect((e as BoilerstripError).message).toMatch(/"follow" must be an array/);
    expect((e as BoilerstripError).file).toBe('my-networks.json');
    expect(() => parseNetworkNames({ share: ['a b c'], follow: [] })).toThrow(/more than two words/);
    expect(() => parseNetworkNames([])).toThrow(/JSON object/);
  });
});

describe('the social-row rule in the pipeline', () => {
  it('labels a footer\'s row of the site\'s accounts advertisement where the model said navigation, and leaves the share bar by the story', async () => {
    const page = [
      'Council delays vote on harbour plan',
      'The council voted on Tuesday to put off a decision on the harbour plan until the spring, after residents asked for more time.',
      'Councillors said the plan would be put to the public again in March, with the new costs set out in full for the first time.',
      'Share',
      'Facebook',
      'Twitter',
      'Email',
      'More from Local News',
      'Bus lane plan goes to consultation',
      'School to reopen after flood repairs',
      'About Us',
      'Contact',
      'Careers',
      'Facebook',
      'Twitter',
      'Instagram',
      'YouTube',
      'Terms of Use',
    ];
    const label = async (rules: boolean): Promise<LabelledLine[]> => {
      const out: LabelledLine[] = [];
      for await (const l of labelLines(page, { rules })) out.push(l);
      return out;
    };
    const on = await label(true);
    const off = await label(false);
    expect(labels(off).slice(13, 17)).toEqual(['navigation', 'navigation', 'navigation', 'navigation']);
    expect(labels(on).slice(13, 17)).toEqual(['advertisement', 'advertisement', 'advertisement', 'advertisement']);
    expect(on[16]!.reason).toMatch(/^advertisement: rule: follow-us row \(4 network names, "instagram" among them/);
    expect(labels(on).slice(4, 7)).toEqual(labels(off).slice(4, 7));
    expect(labels(on).slice(4, 7)).not.toContain('advertisement');
    expect(on[17]!.label).toBe(off[17]!.label);
  });
});

describe('the social-row rule on an HTML page', () => {
  it('leaves a footer\'s profile links to the HTML model, which reads where they point, where a text dump\'s row would be a share bar', () => {
    const html = `<html><head><title>Council delays vote</title></head><body>
<article><h1>Council delays vote on harbour plan</h1><p>The council voted on Tuesday to put off a decision on the harbour plan until the spring, after residents asked for more time to read the plans.</p>
<p>Councillors said the plan would be put to the public again in March, with the new costs set out in full for the first time since the scheme was announced.</p></article>
<footer><ul class="social"><li><a href="https://www.facebook.com/examplenews">Facebook</a></li><li><a href="https://twitter.com/examplenews">Twitter</a></li><li><a href="https://www.linkedin.com/company/examplenews">LinkedIn</a></li></ul></footer></body></html>`;
    const row = labelHtml(html).filter((l) => ['Facebook', 'Twitter', 'LinkedIn'].includes(l.text));
    expect(row.map((l) => l.label)).toEqual(['advertisement', 'advertisement', 'advertisement']);
    for (const l of row) expect(l.reason).not.toMatch(/share bar/);
  });
});

describe('SocialRowStage, rows with blank lines between them', () => {
  it('decides a share bar and a follow-us row apart when only blank lines part them and each is a row by itself (QA pass 29)', () => {
    const out = runStage(new SocialRowStage(true), [
      line('advertisement', 'Facebook', 0),
      line('advertisement', 'X', 1),
      line('advertisement', 'Pinterest', 2),
      line('advertisement', 'Email', 3),
      line('blank', '', 4),
      line('navigation', 'Instagram', 5),
      line('navigation', 'YouTube', 6),
      line('navigation', 'Pinterest', 7),
      line('navigation', 'RSS', 8),
    ]);
    expect(out.map((l) => l.label)).toEqual(['navigation', 'navigation', 'navigation', 'navigation', 'blank', 'advertisement', 'advertisement', 'advertisement', 'advertisement']);
    expect(out[0]!.reason).toMatch(/^navigation: rule: share bar \(4 network names/);
    expect(out[5]!.reason).toMatch(/^advertisement: rule: follow-us row \(4 network names, "instagram" among them/);
    expect(out.map((l) => l.index)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8]);
  });

  it('keeps one name a block, blank lines between, as one row', () => {
    const rows: LabelledLine[] = [];
    ['Facebook', 'Twitter', 'YouTube'].forEach((t, i) => rows.push(line('navigation', t, 2 * i), line('blank', '', 2 * i + 1)));
    expect(runStage(new SocialRowStage(false), rows).map((l) => l.label)).toEqual(['advertisement', 'blank', 'advertisement', 'blank', 'advertisement', 'blank']);
  });
});

describe('SocialRowStage, what QA pass 31 found untested', () => {
  it(`ends a row after ${SOCIAL_ROW_MAX_BLANKS} blank lines in a row: names far apart are no row`, () => {
    const rows = [line('navigation', 'Facebook', 0), line('navigation', 'Twitter', 1)];
    for (let i = 0; i <= SOCIAL_ROW_MAX_BLANKS; i++) rows.push(line('blank', '', rows.length));
    rows.push(line('navigation', 'YouTube', rows.length));
    const out = runStage(new SocialRowStage(false), rows);
    expect(out.filter((l) => l.label !== 'blank').map((l) => l.label)).toEqual(['navigation', 'navigation', 'navigation']);
    expect(out.map((l) => l.index)).toEqual(rows.map((l) => l.index));
  });

  it(`carries a row's counts past the ${SOCIAL_ROW_MAX_HELD} lines it holds: names after the channel's part are the same row's`, () => {
    const rows = [line('navigation', 'YouTube', 0)];
    for (let i = 1; i < SOCIAL_ROW_MAX_HELD * 2; i++) rows.push(line('navigation', 'Facebook', i));
    expect(new Set(runStage(new SocialRowStage(false), rows).map((l) => l.label))).toEqual(new Set(['advertisement']));
  });

  it('reads a follow heading in Turkish capitals, and gives the row after a split no heading of its own', () => {
    const turkish = runStage(new SocialRowStage(false), [line('navigation', 'BİZİ TAKİP EDİN'), line('navigation', 'Facebook'), line('navigation', 'Twitter'), line('navigation', 'LinkedIn')]);
    expect(turkish.map((l) => l.label)).toEqual(['navigation', 'advertisement', 'advertisement', 'advertisement']);
    const split = runStage(new SocialRowStage(false), [
      line('navigation', 'Follow us'),
      ...['Facebook', 'Twitter', 'LinkedIn'].map((t) => line('navigation', t)),
      line('blank', ''),
      ...['Facebook', 'Twitter', 'Email'].map((t) => line('advertisement', t)),
    ]);
    expect(split.map((l) => l.label)).toEqual(['navigation', 'advertisement', 'advertisement', 'advertisement', 'blank', 'navigation', 'navigation', 'navigation']);
  });

  it('keeps every line of a document that ends in the middle of a row', async () => {
    const page = ['The council voted on Tuesday to put off a decision on the harbour plan until the spring, after residents asked for more time.', 'Facebook', 'Twitter'];
    const out: LabelledLine[] = [];
    for await (const l of labelLines(page)) out.push(l);
    expect(out.map((l) => l.text)).toEqual(page);
  });
});
