import { describe, it, expect } from 'vitest';
import { RoleTagger, assignRoles, headlineText, parseRoleWords, readsAsBylineOrDate } from '../src/roles.js';
import type { DomFeatures, LabelledLine } from '../src/types.js';
import { documentText, labelHtml } from '../src/document.js';
import { htmlToLines } from '../src/html/lines.js';

const ZERO = { body: 0, navigation: 0, advertisement: 0, disclaimer: 0 };
const body = (text: string): LabelledLine => ({ index: 0, text, label: 'body', first: 'body', reason: '', scores: ZERO, final: ZERO });
const nav = (text: string): LabelledLine => ({ ...body(text), label: 'navigation', first: 'navigation' });
const dom = (over: Partial<DomFeatures>): DomFeatures => ({
  tag: 'p', ancestors: [], hints: [], linkDensity: 0, inList: false, headingLevel: 0, inTable: false, inFigure: false, inForm: false,
  inNav: false, inHeader: false, inFooter: false, inAside: false, inArticle: false, inMain: false, depth: 3, ...over,
});
const PROSE = 'The council voted on Tuesday to approve the new bridge after a long and heated debate.';

describe('RoleTagger on text lines', () => {
  it('calls the first body line a headline, a by-line a byline, and prose text', () => {
    const roles = assignRoles([nav('Home'), body('Council approves new bridge'), body('By Jane Roe | 3 May 2024'), body(PROSE), body(PROSE)]);
    expect(roles).toEqual([undefined, 'headline', 'byline', 'text', 'text']);
  });

  it('does not look for a headline or byline once the prose has begun', () => {
    const roles = assignRoles([body(PROSE), body('What happens next'), body('Updated 3 May 2024')]);
    expect(roles).toEqual(['text', 'text', 'text']);
  });

  it('treats a standfirst sentence before the prose as text, not a headline', () => {
    const roles = assignRoles([body('Council approves new bridge'), body('The vote ends ten years of argument.'), body(PROSE)]);
    expect(roles).toEqual(['headline', 'text', 'text']);
  });

  it('finds captions and picture credits anywhere in the story', () => {
    const roles = assignRoles([body(PROSE), body('Photo: Damian Dovarganes, AP'), body('Image 1 of 23'), body('The old bridge in 1950. (Getty Images)')]);
    expect(roles).toEqual(['text', 'caption', 'caption', 'caption']);
  });
});

describe('readsAsBylineOrDate', () => {
  it('takes bylines, dateline words and dates of several languages on lines that are not sentences', () => {
    for (const text of ['By Ana Ruiz', 'von Anna Schmidt', 'Updated 3 hours ago', '12. März 2025', '20 ноября 2025, 14:05', 'Nov 18', '2025-04-18 09:32']) {
      expect(readsAsBylineOrDate(text), text).toBe(true);
    }
  });

  it('takes the dates and datelines of the languages added in session 37, in the forms their sites print', () => {
    // Without the year, which alone reads as a date in any language: the month's name must do it.
    // A day in Persian digits next to a month's name, as Iranian sites print it.
    for (const text of ['12. tammikuuta', '15 ianuarie', '3. března', '5. januára', 'március 5.', '5 Μαΐου', '12 януари', '4. marts', 'Päivitetty 3. maaliskuuta', 'Actualizat 2 martie', 'Aktualizováno 3. dubna', '۱۵ آبان', "3 d'abril", '12. siječnja', '5. januarja', 'sausio 12', '15 जनवरी']) {
      expect(readsAsBylineOrDate(text), text).toBe(true);
    }
  });

  it('refuses a sentence with a date in it, a long line, a byline word before a lower-case word, and a line of no words', () => {
    for (const text of [
      'The fair opens on 19 November in the old market hall.',
      'By the time the council met on 12 March 2025, the harbour board had already published its survey of the coast road.',
      'by and large',
      '—',
    ]) {
      expect(readsAsBylineOrDate(text), text).toBe(false);
    }
  });
});

describe('RoleTagger on HTML lines', () => {
  it('takes the h1 as the headline and figure text as captions', () => {
    const tagger = new RoleTagger();
    expect(tagger.push(body('Section intro words'), dom({ headingLevel: 2 }))).toBe('text');
    expect(tagger.push(body('Council approves new bridge'), dom({ headingLevel: 1, tag: 'h1' }))).toBe('headline');
    expect(tagger.push(body('Jane Roe'), dom({ hints: ['byline'] }))).toBe('byline');
    expect(tagger.push(body('Nov. 19, 2019 8:03 am ET'), dom({ tag: 'time' }))).toBe('byline');
    expect(tagger.push(body(PROSE), dom({}))).toBe('text');
    expect(tagger.push(body('The mayor at the opening.'), dom({ inFigure: true }))).toBe('caption');
  });

  it('gives no role to lines that are not body', () => {
    expect(new RoleTagger().push(nav('Council approves new bridge'), dom({ headingLevel: 1 }))).toBeUndefined();
  });
});

describe('documentText with textOnly', () => {
  it('keeps the running text and drops headline, byline and captions', () => {
    const html = `<html><body><nav><a href="/">Home</a></nav><article><h1>Council approves new bridge</h1>
      <p class="byline">By Jane Roe</p><p>${PROSE}</p><figure><img src="a.jpg"><figcaption>The old bridge.</figcaption></figure>
      <p>${PROSE.replace('Tuesday', 'Monday')}</p></article></body></html>`;
    const lines = labelHtml(html);
    expect(lines.find((l) => l.text === 'Council approves new bridge')?.role).toBe('headline');
    const all = documentText(lines);
    const text = documentText(lines, { textOnly: true });
    expect(all).toContain('Council approves new bridge');
    expect(text).not.toContain('Council approves new bridge');
    expect(text).not.toContain('By Jane Roe');
    expect(text).not.toContain('The old bridge.');
    expect(text).toContain(PROSE);
  });

  it("takes for the headline a heading that is most of the page's <title>, where the h1 is the site's name (QA pass 16)", () => {
    const html = `<html><head><title>Council approves new bridge | Example News</title></head><body>
      <header><h1 class="site-title"><a href="/">Example News</a></h1></header>
      <article><h2 class="entry-title">Council approves new bridge</h2><p>${PROSE}</p><p>${PROSE.replace('Tuesday', 'Monday')}</p></article></body></html>`;
    const lines = labelHtml(html);
    expect(lines.find((l) => l.text === 'Council approves new bridge')?.role).toBe('headline');
    expect(documentText(lines, { textOnly: true })).not.toContain('Council approves new bridge');
    // The site's name is a small share of the title: not the headline by the title.
    const pieces = htmlToLines(html);
    expect(pieces.find((l) => l.text === 'Example News')?.dom?.titleHeading).toBe(false);
    expect(pieces.find((l) => l.text === 'Council approves new bridge')?.dom?.titleHeading).toBe(true);
    // A subhead after the prose that the title happens to hold stays text.
    const tagger = new RoleTagger();
    tagger.push(body(PROSE), dom({}));
    expect(tagger.push(body('Council approves new bridge'), dom({ headingLevel: 2, titleHeading: true }))).toBe('text');
  });

  it('drops the standfirst under textOnly and keeps it otherwise', () => {
    const dek = 'The vote ends a decade of argument over the crossing.';
    const html = `<html><body><article><header><h1>Council approves new bridge</h1><p>${dek}</p></header>
      <p>${PROSE}</p><p>${PROSE.replace('Tuesday', 'Monday')}</p></article></body></html>`;
    const lines = labelHtml(html);
    expect(lines.find((l) => l.text === dek)?.role).toBe('standfirst');
    expect(documentText(lines)).toContain(dek);
    expect(documentText(lines, { textOnly: true })).not.toContain(dek);
  });
});

// With the markdown option a fenced code block takes the label of the text before it and a setext
// underline or a table's delimiter row the label of the line above (Labeller.restore); their roles
// were read from their own text: a code line '# Photo: Getty Images' was a caption and an opening
// fence that opened the story ('```bash') the headline, both dropped by textOnly (an unclosed fence
// in the cleaned page), and an underline was text, kept by textOnly under no heading (its title
// was the headline).
describe('RoleTagger on Markdown lines', () => {
  const code = ['```bash', '# Photo: Getty Images', 'Updated March 3, 2024', 'npm install budget-tool', '```'];
  const page = ['Council approves the new bridge', '===============================', '', PROSE, '', ...code, '', PROSE.replace('Tuesday', 'Monday'), '', '| Year | Cost |', '| --- | --- |', '| 2025 | 14 |'];

  it('gives a code block\'s body lines the role text, and a setext underline or a delimiter row the role of the line above', async () => {
    const { labelDocument } = await import('../src/pipeline.js');
    for (const doc of [page, code.concat('', PROSE, '', PROSE), ['| Year | Cost |', '| --- | --- |', '| 2025 | 14 |', '', PROSE]]) {
      const lines = labelDocument(doc, { markdown: true });
      const roles = assignRoles(lines);
      doc.forEach((text, i) => {
        if (!lines[i]!.reason.includes('markdown: ')) return;
        if (lines[i]!.reason.includes('code block')) expect([i, roles[i]]).toEqual([i, lines[i]!.label === 'body' ? 'text' : undefined]);
        else expect([i, roles[i]]).toEqual([i, roles[i - 1]]);
      });
    }
    const lines = labelDocument(page, { markdown: true });
    expect(lines.slice(0, 2).map((l) => l.label)).toEqual(['body', 'body']);
    expect(assignRoles(lines).slice(0, 2)).toEqual(['headline', 'headline']);
  });

  it('keeps a code block whole and drops a setext heading whole under textOnly', async () => {
    const { cleanText } = await import('../src/pipeline.js');
    const { processPage } = await import('../src/document.js');
    for (const doc of [page, code.concat('', PROSE, '', PROSE)]) {
      const kept: string[] = [];
      for await (const l of cleanText(doc, { markdown: true, textOnly: true })) kept.push(l);
      expect(kept.join('\n')).toContain(code.join('\n'));
      expect(kept).not.toContain(page[1]);
      expect(processPage(doc.join('\n'), { markdown: true, textOnly: true }).text).toBe(kept.join('\n'));
    }
  });
});

// QA pass 11: WordPress wraps tables, pull quotes and code in <figure>, and every line in a figure
// was a caption, so --text-only dropped the story's table and quote whole.
describe('roles inside a <figure>', () => {
  it('makes the figcaption and a credit the captions, and a table, quote or code in the figure the story\'s text', () => {
    const html = `<html><body><article><h1>Town votes to rebuild seawall</h1><p>${PROSE}</p><p>${PROSE.replace('Tuesday', 'Monday')}</p>
      <figure class="wp-block-table"><table><tr><th>Year</th><th>Cost</th></tr><tr><td>2024</td><td>$12 million</td></tr></table></figure>
      <figure><blockquote><p>We have patched this wall for forty years and the patches wash out.</p></blockquote><figcaption>Ruth Abernathy</figcaption></figure>
      <figure><img src="wall.jpg" alt=""><figcaption>The old wall in 1950. Photo: City archive</figcaption></figure>
      <figure><pre><code>npm install seawall</code></pre></figure><p>${PROSE.replace('Tuesday', 'Friday')}</p></article></body></html>`;
    const lines = labelHtml(html);
    const roleOf = (text: string) => lines.find((l) => l.text.startsWith(text))?.role;
    expect(roleOf('Year')).toBe('text');
    expect(roleOf('2024')).toBe('text');
    expect(roleOf('We have patched')).toBe('text');
    expect(roleOf('npm install')).toBe('text');
    expect(roleOf('Ruth Abernathy')).toBe('caption');
    expect(roleOf('The old wall')).toBe('caption');
  });
});

// QA pass 9: the roles of Markdown lines were read from their text alone, so a setext `===`
// headline was not the headline (its kicker took the title) and an image line was text.
describe('roles from the Markdown syntax', () => {
  it('takes a setext level-1 heading before the prose for the headline over a kicker above it, and an image line for a caption', async () => {
    const { processPage } = await import('../src/document.js');
    const page = ['Easy bakes', '', 'Lemon Drizzle Cake', '==================', '', '![A sliced lemon loaf](https://cdn.example/loaf.jpg)', '', PROSE, '', PROSE.replace('Tuesday', 'Monday')].join('\n');
    const r = processPage(page, { pageFormat: 'markdown', textOnly: true });
    expect(headlineText(r.lines)).toBe('Lemon Drizzle Cake');
    expect(r.text).not.toContain('Lemon Drizzle Cake');
    expect(r.text).not.toContain('==');
    expect(r.text).not.toContain('![A sliced lemon loaf]');
    expect(r.text).toContain(PROSE);
  });
});

// A QA pass (session 21): a breadcrumb the model kept as body, above the page's `# H1`, took the
// headline (and a JSONL record's title), and the H1 itself became text.
describe('the headline of a Markdown page', () => {
  const md = (text: string, visibleText: string): LabelledLine => ({ ...body(text), visibleText });
  const crumb = md('[Home](/) > [World](/world)', 'Home > World');
  const h1 = md('# Council approves new bridge', 'Council approves new bridge');

  it('is its level-1 heading before the prose, even when a body line above took the first guess', () => {
    expect(assignRoles([crumb, h1, md(PROSE, PROSE)])).toEqual(['headline', 'headline', 'text']);
    // A level-2 heading is no such fact, and after the prose an H1 is the story's.
    expect(assignRoles([crumb, md('## Council approves new bridge', 'Council approves new bridge'), md(PROSE, PROSE)])).toEqual(['headline', 'text', 'text']);
    expect(assignRoles([crumb, md(PROSE, PROSE), h1])).toEqual(['headline', 'text', 'text']);
  });

  it('gives the title from the level-1 heading when there is one, else from the first headline', () => {
    const lines = [crumb, h1, md(PROSE, PROSE)];
    const roles = assignRoles(lines);
    expect(headlineText(lines.map((l, i) => ({ ...l, role: roles[i] })))).toBe('Council approves new bridge');
    expect(headlineText([{ ...body('Council approves new bridge'), role: 'headline' }, { ...body(PROSE), role: 'text' }])).toBe('Council approves new bridge');
    expect(headlineText([{ ...body(PROSE), role: 'text' }])).toBeUndefined();
  });
});

describe('RoleTagger: where the story starts', () => {
  it('still finds the byline after a standfirst set as a heading', () => {
    const tagger = new RoleTagger();
    tagger.push(body('Council approves new bridge'), dom({ headingLevel: 1 }));
    expect(tagger.push(body(PROSE), dom({ headingLevel: 2 }))).toBe('standfirst');
    expect(tagger.push(body('Jane Roe'), dom({ hints: ['byline'] }))).toBe('byline');
  });

  it('calls a sentence in the header under the headline the standfirst, and the same sentence in the story text', () => {
    const tagger = new RoleTagger();
    tagger.push(body('Council approves new bridge'), dom({ headingLevel: 1, inHeader: true }));
    expect(tagger.push(body('The vote ends a decade of argument over the crossing.'), dom({ inHeader: true }))).toBe('standfirst');
    expect(tagger.push(body(PROSE), dom({}))).toBe('text');
    expect(tagger.push(body('A second sentence set as a subhead later on.'), dom({ headingLevel: 2 }))).toBe('text');
  });

  it('finds the standfirst in a block classed as the article header too', () => {
    const tagger = new RoleTagger();
    tagger.push(body('Council approves new bridge'), dom({ headingLevel: 1 }));
    expect(tagger.push(body('The vote ends a decade of argument over the crossing.'), dom({ hints: ['header'] }))).toBe('standfirst');
  });

  it('looks for a standfirst only under a headline, and not in short header lines or dated lines', () => {
    expect(new RoleTagger().push(body('The vote ends a decade of argument over the crossing.'), dom({ inHeader: true }))).toBe('text');
    const tagger = new RoleTagger();
    tagger.push(body('Council approves new bridge'), dom({ headingLevel: 1, inHeader: true }));
    expect(tagger.push(body('City news'), dom({ inHeader: true }))).toBe('text');
    expect(tagger.push(body('Updated on Tuesday 19 November 2019 at noon'), dom({ inHeader: true }))).toBe('byline');
  });
});

describe('role vocabulary (data/roles.json)', () => {
  it('knows captions and credits in other languages', () => {
    expect(assignRoles([body(PROSE), body('Foto: dpa'), body('Фото: личный архив'), body('Fonte: Agência Brasil')])).toEqual(['text', 'caption', 'caption', 'caption']);
  });

  it('needs a capitalised name after a byline word, in any language', () => {
    expect(assignRoles([body('Headline here'), body('von Anna Schmidt'), body('By the way, this is a sentence.')])).toEqual(['headline', 'byline', 'text']);
  });

  it('does not take a long report citing an agency for a credit', () => {
    expect(assignRoles([body(PROSE), body('Reuters reported on Tuesday that the company lost money in the quarter.')])).toEqual(['text', 'text']);
  });

  it('rejects a malformed vocabulary, naming the entry', () => {
    expect(() => parseRoleWords({ en: { byline: ['by'], caption: 'photo', agency: [], dateline: [] } })).toThrow(/"en\.caption"/);
  });
});

describe('dates in bylines', () => {
  it('takes a month name next to a day number, in several languages, for a date line', () => {
    for (const date of ['19 novembre 2019', '3. Mai 2024', '20 ноября', 'Nov. 19 at noon', '3 de maio de 2024']) {
      expect(assignRoles([body('Headline here'), body(date), body(PROSE)])).toEqual(['headline', 'byline', 'text']);
    }
  });

  it('does not take a month name alone for a date', () => {
    expect(assignRoles([body('Headline here'), body('Mars and May'), body(PROSE)])).toEqual(['headline', 'text', 'text']);
  });
});

describe('dates in the story', () => {
  it('keeps a short opening sentence that mentions a date as text', () => {
    expect(assignRoles([body('Headline here'), body('The fair opens on 19 November in the old town hall.'), body(PROSE)])).toEqual(['headline', 'text', 'text']);
  });
});

describe('date lines versus dated content', () => {
  it('takes a time ending in a.m. for a date line, not a sentence', () => {
    expect(assignRoles([body('Headline here'), body('Nov. 20, 2019 Updated: Nov. 20, 2019 1:35 a.m.'), body(PROSE)])).toEqual(['headline', 'byline', 'text']);
  });

  it('stops after a few dated lines: a schedule before the story is content', () => {
    const schedule = ['Round 1: 10 March – Interlagos', 'Round 2: 8 April – Curitiba', 'Round 3: 22 April – Velopark', 'Round 4: 6 May – Londrina', 'Round 5: 20 May – Santa Cruz'];
    expect(assignRoles([body('Headline here'), ...schedule.map(body)])).toEqual(['headline', 'byline', 'byline', 'byline', 'text', 'text']);
  });
});
