import { describe, expect, it } from 'vitest';
import { ABOUT_MAX_HELD, ABOUT_MAX_LINES_BEFORE_BIO, AboutBoxStage, parseAboutWords } from '../src/about.js';
import { BoilerstripError } from '../src/errors.js';
import { labelLines } from '../src/pipeline.js';
import type { Label, LabelledLine } from '../src/types.js';
import { ZERO, runStage } from './helpers.js';

/** A line as the stage before it hands it on. */
function line(label: Label, text: string, index = 0): LabelledLine {
  return { index, text, label, first: label, reason: `${label}: the model`, scores: ZERO, final: ZERO };
}

function after(rows: Array<[Label, string]>, stage = new AboutBoxStage(true)): LabelledLine[] {
  return runStage(stage, rows.map(([label, text], i) => line(label, text, i)));
}

const labels = (lines: LabelledLine[]): Label[] => lines.map((l) => l.label);

const BIO = 'Jane Roe covers city hall for the Example Times and has written about local politics since 2009.';

describe('AboutBoxStage', () => {
  it('makes an author box disclaimer: its heading, the name, a handle, the bio and the contact row after it, saying why', () => {
    const out = after([
      ['body', 'The council will vote again in March.'],
      ['navigation', 'About the author'],
      ['navigation', 'Jane Roe'],
      ['blank', ''],
      ['advertisement', '@janeroe'],
      ['body', BIO],
      ['navigation', 'EmailTwitterPosts'],
      ['navigation', 'Most Read'],
    ]);
    expect(labels(out)).toEqual(['body', 'disclaimer', 'disclaimer', 'blank', 'disclaimer', 'disclaimer', 'disclaimer', 'navigation']);
    expect(out[2]!.reason).toBe('disclaimer: about box: heading, 1 bio line; model: navigation: the model');
    expect(out.map((l) => l.index)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
  });

  it('takes a heading that names someone only when the bio under it names them too', () => {
    const named = after([
      ['navigation', 'Über Moritz Bachmann'],
      ['body', 'Als Vertriebsleiter verbindet Moritz Bachmann das Marketing mit den Kunden des Hauses.'],
    ]);
    expect(labels(named)).toEqual(['disclaimer', 'disclaimer']);
    expect(named[0]!.reason).toMatch(/^disclaimer: about box: heading naming Moritz Bachmann, 1 bio line/);
    // A menu's "About Billboard" over a footer's sentence on something else is no box.
    const menu = after([
      ['navigation', 'About Billboard'],
      ['disclaimer', 'This site is protected by reCAPTCHA and the Google Privacy Policy applies.'],
    ]);
    expect(labels(menu)).toEqual(['navigation', 'disclaimer']);
  });

  it('leaves a menu\'s "About us" and a story\'s "About this article" alone, whatever follows', () => {
    for (const heading of ['About us', 'About Us:', 'About this article', 'Über uns']) {
      const out = after([
        ['navigation', heading],
        ['body', 'We are a small team of reporters who have covered the city for twenty years.'],
      ]);
      expect(labels(out), heading).toEqual(['navigation', 'body']);
    }
  });

  it('takes no box when more than a few lines come between the heading and a bio, or a menu link does', () => {
    const names: Array<[Label, string]> = Array.from({ length: ABOUT_MAX_LINES_BEFORE_BIO + 1 }, (_, i) => ['navigation', `Jane Roe ${'X'.repeat(i + 1)}`]);
    expect(labels(after([['navigation', 'About the author'], ...names, ['body', BIO]]))).toEqual(Array(names.length + 2).fill('navigation').fill('body', -1));
    expect(labels(after([['navigation', 'About the author'], ['navigation', 'Terms of use and privacy'], ['body', BIO]]))).toEqual(['navigation', 'navigation', 'body']);
  });

  it('needs a sentence end for a bio in a script without spaces, so a breadcrumb under "プロフィール" is no bio', () => {
    expect(labels(after([['navigation', 'プロフィール'], ['navigation', 'ホーム > レシピ > 和食']]))).toEqual(['navigation', 'navigation']);
    expect(labels(after([['navigation', 'この記事を書いた人'], ['navigation', 'ひなた'], ['body', '東京在住の管理栄養士。毎日のレシピを発信しています。']]))).toEqual([
      'disclaimer',
      'disclaimer',
      'disclaimer',
    ]);
  });

  it('reads a line that ends a box as the heading of the next', () => {
    const out = after([
      ['navigation', 'Sobre Carlos Nadalim'],
      ['body', 'Pai de dois filhos, Carlos Nadalim é coordenador pedagógico numa escola de Londrina.'],
      ['navigation', 'Sobre o Blog'],
      ['navigation', 'O blog reúne dicas sobre educação infantil para pais e professores.'],
      ['navigation', 'Saiba mais'],
    ]);
    expect(labels(out)).toEqual(['disclaimer', 'disclaimer', 'disclaimer', 'disclaimer', 'navigation']);
  });

  it('lets go of the lines under a heading after ABOUT_MAX_HELD lines, unchanged when no bio came', () => {
    const rows: Array<[Label, string]> = [['navigation', 'About the author'], ...Array.from({ length: ABOUT_MAX_HELD + 5 }, (): [Label, string] => ['blank', ''])];
    const stage = new AboutBoxStage(true);
    const out: LabelledLine[] = [];
    rows.forEach(([label, text], i) => stage.push(line(label, text, i), out));
    expect(out.length).toBeGreaterThanOrEqual(ABOUT_MAX_HELD);
    expect(out[0]!.label).toBe('navigation');
  });

  it('keeps lines without reasons when the Labeller gives none', () => {
    const stage = new AboutBoxStage(false);
    const out = runStage(stage, [{ ...line('navigation', 'About the author', 0), reason: '' }, { ...line('body', BIO, 1), reason: '' }]);
    expect(out.map((l) => [l.label, l.reason])).toEqual([['disclaimer', ''], ['disclaimer', '']]);
  });
});

describe('parseAboutWords', () => {
  it('names the file and the list that is wrong', () => {
    expect(() => parseAboutWords({ en: { box: 'about the author' } }, 'my-about.json')).toThrow(BoilerstripError);
    expect(() => parseAboutWords({ en: { box: 'about the author' } }, 'my-about.json')).toThrow(/my-about\.json.*"en\.box" must be an array/);
    expect(() => parseAboutWords([])).toThrow(/JSON object/);
  });

  it('matches a box heading whole, with a colon after it, in any case and spacing', () => {
    const p = parseAboutWords({ _note: 'x', en: { box: ['About  the author'], about: ['about'], notName: ['us'] } });
    expect(p.box.test('ABOUT THE AUTHOR:')).toBe(true);
    expect(p.box.test('About the author of this book')).toBe(false);
    expect(p.notName.has('us')).toBe(true);
  });
});

describe('the about-box stage in the pipeline', () => {
  it('makes a press release\'s "About <company>" boilerplate disclaimer on a text page', async () => {
    const page = [
      'Acme Robotics opens a plant in Leeds',
      'The company said on Monday that the plant would employ 300 people by the end of next year, most of them engineers.',
      'Production is due to start in the spring, once the building work is finished and the lines are in place.',
      '',
      'About Acme Robotics',
      'Acme Robotics designs and builds warehouse robots for retailers in Europe and North America.',
      '',
      'Privacy Policy',
    ];
    const out: LabelledLine[] = [];
    for await (const l of labelLines(page)) out.push(l);
    expect(out[4]!.label).toBe('disclaimer');
    expect(out[5]!.label).toBe('disclaimer');
    expect(out[5]!.reason).toMatch(/^disclaimer: about box: heading naming Acme Robotics/);
    expect(out[1]!.label).toBe('body');
  });
});
