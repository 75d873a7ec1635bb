import { describe, expect, it } from 'vitest';
import { ABOUT_LOOKAHEAD, ABOUT_MAX_HELD, ABOUT_MAX_LINES_BEFORE_BIO, AboutBoxStage, parseAboutWords } from '../src/about.js';
import { BoilerstripError } from '../src/errors.js';
import { labelLines } from '../src/pipeline.js';
import type { Label, LabelledLine } from '../src/types.js';
import { runStage, modelLine } from './helpers.js';

const line = modelLine;

function after(rows: Array<[Label, string]>, stage = new AboutBoxStage(true)): LabelledLine[] {
  return runStage(stage, rows.map(([label, text], i) => line(label, text, i)));
}

const labels = (lines: LabelledLine[]): Label[] => lines.map((l) => l.label);

const STORY = 'The council will vote again in March, after residents asked for more time to read the plan.';
const BIO = 'Jane Roe covers city hall for the Example Times and has written about local politics since 2009.';

describe('AboutBoxStage', () => {
  it('makes an author box under the story\'s furniture disclaimer: its heading, the name, a handle, the bio and the contact row after it, saying why', () => {
    const out = after([
      ['body', STORY],
      ['navigation', 'Tags: council, harbour'],
      ['navigation', 'About the author'],
      ['navigation', 'Jane Roe'],
      ['blank', ''],
      ['advertisement', '@janeroe'],
      ['body', BIO],
      ['navigation', 'EmailTwitterPosts'],
      ['navigation', 'Most Read'],
    ]);
    expect(labels(out)).toEqual(['body', 'navigation', 'disclaimer', 'disclaimer', 'blank', 'disclaimer', 'disclaimer', 'disclaimer', 'navigation']);
    expect(out[3]!.reason).toBe('disclaimer: about box: heading, 1 bio line, no story after it; model: navigation: the model');
    expect(out.map((l) => l.index)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8]);
  });

  it('takes a heading that names someone only when the bio under it names them, as a whole word and as the heading writes it', () => {
    const named = after([
      ['navigation', 'Share this story'],
      ['navigation', 'Über Moritz Bachmann'],
      ['body', 'Als Vertriebsleiter verbindet Moritz Bachmann das Marketing mit den Kunden des Hauses.'],
    ]);
    expect(labels(named)).toEqual(['navigation', 'disclaimer', 'disclaimer']);
    expect(named[1]!.reason).toMatch(/^disclaimer: about box: heading naming Moritz Bachmann, 1 bio line/);
    // A menu's "About Billboard" over a footer's sentence on something else, "About The Study"
    // over a paragraph on "the study", "About Ian Ward" over a line that says "Canadian".
    for (const [heading, text] of [
      ['About Billboard', 'This site is protected by reCAPTCHA and the Google Privacy Policy applies.'],
      ['About The Study', 'The study followed 4,000 adults for ten years and was paid for by the state.'],
      ['About Ian Ward', 'A Canadian firm will run the ferry from next spring, the council said.'],
    ]) {
      expect(labels(after([['navigation', 'Privacy Policy'], ['navigation', heading!], ['disclaimer', text!]])), heading).toEqual(['navigation', 'navigation', 'disclaimer']);
    }
  });

  it('reads an article before the name, and a company\'s legal form after it', () => {
    const out = after([
      ['navigation', 'Kontakt'],
      ['navigation', 'Über die Weber Antriebe AG'],
      ['body', 'Die Weber Antriebe AG mit Sitz in Augsburg baut Antriebe für Förderanlagen.'],
    ]);
    expect(labels(out)).toEqual(['navigation', 'disclaimer', 'disclaimer']);
  });

  it('leaves a menu\'s "About us" and a story\'s "About this article" alone, whatever follows', () => {
    for (const heading of ['About us', 'About Us:', 'About this article', 'Über uns']) {
      const out = after([
        ['navigation', 'Home'],
        ['navigation', heading],
        ['navigation', 'We are a small team of reporters who have covered the city for twenty years.'],
      ]);
      expect(labels(out), heading).toEqual(['navigation', 'navigation', 'navigation']);
    }
  });

  it('leaves a box alone when the story goes on after it: a section of the story (QA pass 39)', () => {
    const out = after([
      ['navigation', 'Share'],
      ['body', 'About Diane Foster'],
      ['body', 'Diane Foster, 67, served two terms on the school board and is a retired nurse.'],
      ['body', 'About Mark Chen'],
      ['body', 'Mark Chen, 45, runs a bakery on Main Street and chairs the business association.'],
    ]);
    expect(labels(out)).toEqual(['navigation', 'body', 'body', 'body', 'body']);
  });

  it('leaves a heading right under the story\'s prose alone, but for a company\'s boilerplate under its legal form', () => {
    const section: Array<[Label, string]> = [
      ['body', STORY],
      ['navigation', 'About Berlin'],
      ['body', "Berlin is one of Europe's largest start-up hubs, with direct flights from 150 cities."],
      ['navigation', 'Privacy Policy'],
    ];
    expect(labels(after(section))).toEqual(['body', 'navigation', 'body', 'navigation']);
    const release: Array<[Label, string]> = [
      ['body', STORY],
      ['navigation', 'About Acme Robotics, Inc.'],
      ['body', 'Acme Robotics, Inc. (NASDAQ: ACME) designs and builds warehouse robots for retailers.'],
      ['navigation', 'Privacy Policy'],
    ];
    expect(labels(after(release))).toEqual(['body', 'disclaimer', 'disclaimer', 'navigation']);
  });

  it('takes a box right under the story\'s prose when it names the writer of a byline above, and not the book\'s author of a review', () => {
    const story: Array<[Label, string]> = [
      ['body', 'By Laila Haddad and Tomás Rivera'],
      ['body', STORY],
      ['navigation', 'About the authors'],
      ['navigation', 'Laila Haddad'],
      ['body', 'Laila Haddad is a transportation engineer and a senior fellow at the Urban Mobility Institute.'],
      // A second writer: a name, then a bio that opens with it, even where the model said navigation.
      ['navigation', 'Tomás Rivera'],
      ['navigation', 'Tomás Rivera is a former deputy commissioner of the Chicago Department of Transportation.'],
      ['navigation', 'More Opinion'],
      ['navigation', 'Privacy Policy'],
    ];
    expect(labels(after(story)).slice(2)).toEqual(['disclaimer', 'disclaimer', 'disclaimer', 'disclaimer', 'disclaimer', 'navigation', 'navigation']);
    const review: Array<[Label, string]> = [
      ['body', 'By Thomas Reilly'],
      ['body', 'Elena Sorvino writes about the sea as if she had drowned in it twice, and her new novel is her best yet.'],
      ['navigation', 'About the author'],
      ['body', 'Elena Sorvino grew up in Portland, Maine, and teaches at Bowdoin College.'],
      ['navigation', 'Privacy Policy'],
    ];
    expect(labels(after(review)).slice(2, 4)).toEqual(['navigation', 'body']);
  });

  it('reads the name of the byline\'s writer alone after the story as a box\'s heading, but not before the story or a name no byline gives', () => {
    const page = (name: string, top: string): Array<[Label, string]> => [
      ['body', top],
      ['body', STORY],
      ['navigation', 'Tags: council, harbour'],
      ['navigation', name],
      ['navigation', `${name} covers city hall for the Example Times and has written about local politics since 2009.`],
      ['navigation', 'Most Read'],
    ];
    const out = after(page('Jane Roe', 'By Jane Roe'));
    expect(labels(out)).toEqual(['body', 'body', 'navigation', 'disclaimer', 'disclaimer', 'navigation']);
    expect(out[3]!.reason).toMatch(/^disclaimer: about box: the byline's writer named alone \(Jane Roe\), 1 bio line/);
    // Someone else's name and bio (a profile's subject, a quoted expert) is no box of the writer's.
    expect(labels(after(page('Jane Roe', 'By Ann Smith'))).slice(3, 5)).toEqual(['navigation', 'navigation']);
    // Before the story's first paragraph the name is the byline's own line.
    const top = after([
      ['body', 'By Jane Roe'],
      ['navigation', 'Jane Roe'],
      ['navigation', BIO],
      ['body', STORY],
    ]);
    expect(labels(top)).toEqual(['body', 'navigation', 'navigation', 'body']);
  });

  it('takes no box when more than a few lines come between the heading and a bio, or a menu link or a date does', () => {
    const names: Array<[Label, string]> = Array.from({ length: ABOUT_MAX_LINES_BEFORE_BIO + 1 }, (_, i) => ['navigation', `Jane Roe ${'X'.repeat(i + 1)}`]);
    const rows: Array<[Label, string]> = [['navigation', 'Tags'], ['navigation', 'About the author'], ...names, ['body', BIO]];
    expect(labels(after(rows))).toEqual(rows.map(([l]) => l));
    for (const between of ['Events', 'Our Team', '12 March 2024']) {
      expect(labels(after([['navigation', 'Tags'], ['navigation', 'About the author'], ['navigation', between], ['body', BIO]])), between).toEqual(['navigation', 'navigation', 'navigation', 'body']);
    }
  });

  it('stands a box when no line of prose comes within ABOUT_LOOKAHEAD lines after it', () => {
    const furniture: Array<[Label, string]> = Array.from({ length: ABOUT_LOOKAHEAD }, (_, i): [Label, string] => ['navigation', `Link ${i}`]);
    const rows: Array<[Label, string]> = [['navigation', 'Tags'], ['navigation', 'About the author'], ['body', BIO], ...furniture, ['body', STORY]];
    expect(labels(after(rows)).slice(1, 3)).toEqual(['disclaimer', 'disclaimer']);
  });

  it('needs a sentence end for a bio in a script without spaces, so a breadcrumb under "プロフィール" is no bio', () => {
    expect(labels(after([['navigation', 'ホーム'], ['navigation', 'プロフィール'], ['navigation', 'ホーム > レシピ > 和食']]))).toEqual(['navigation', 'navigation', 'navigation']);
    expect(labels(after([['navigation', 'ホーム'], ['navigation', 'この記事を書いた人'], ['navigation', 'ひなた'], ['body', '東京在住の管理栄養士。毎日のレシピを発信しています。']]))).toEqual([
      'navigation',
      'disclaimer',
      'disclaimer',
      'disclaimer',
    ]);
  });

  it('reads a blog\'s "About me" over a bio as a box, but not over a menu\'s "Contact Me" and a line that ends in a colon', () => {
    expect(labels(after([['navigation', 'Archives'], ['navigation', 'About Me'], ['body', 'I am a retired engineer who builds vortex cannons in a shed in Ohio.']]))).toEqual(['navigation', 'disclaimer', 'disclaimer']);
    expect(labels(after([['navigation', 'Archives'], ['navigation', 'About Me'], ['navigation', 'Contact Me'], ['navigation', 'If you have any questions, please e-mail to:']]))).toEqual([
      'navigation',
      'navigation',
      'navigation',
      'navigation',
    ]);
  });

  it('reads a line after a box as the heading of the next', () => {
    const out = after([
      ['navigation', 'Deixe suas dúvidas aqui'],
      ['navigation', 'Sobre Carlos Nadalim'],
      ['body', 'Pai de dois filhos, Carlos Nadalim é coordenador pedagógico numa escola de Londrina.'],
      ['navigation', 'Sobre o Blog'],
      ['navigation', 'O blog reúne dicas sobre educação infantil para pais e professores.'],
      ['navigation', 'Saiba mais'],
    ]);
    expect(labels(out)).toEqual(['navigation', 'disclaimer', 'disclaimer', 'disclaimer', 'disclaimer', 'navigation']);
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

  it('reads the box headings of the languages added in session 37 over a bio as a box', () => {
    for (const [heading, bio] of [
      ['Om författaren', 'Anna Lind är reporter på Dalarnas Dagblad och skriver om kommunpolitik.'],
      ['A szerzőről', 'Kovács Anna újságíró, a Völgyi Hírlap helyi rovatának munkatársa.'],
      ['Despre autor', 'Ana Popescu este jurnalistă și scrie despre educație din anul 2015.'],
      ['За автора', 'Мария Иванова е журналист и пише за градската политика от 2012 година.'],
      ['Về tác giả', 'Nguyễn Văn An là phóng viên mảng kinh tế của tờ báo từ năm 2018.'],
      ['Sobre l’autora', 'Marta Puig és periodista i escriu sobre educació des del 2015.'],
      ['O autoru', 'Ivan Horvat je novinar i piše o gradskoj politici od 2012. godine.'],
    ]) {
      expect(labels(after([['navigation', 'Tags'], ['navigation', heading!], ['body', bio!], ['navigation', 'Privacy']])), heading).toEqual(['navigation', 'disclaimer', 'disclaimer', 'navigation']);
    }
  });

  it('matches a box heading whole, with a colon after it, in any case and spacing', () => {
    const p = parseAboutWords({ _note: 'x', en: { box: ['About  the author'], about: ['about'], article: ['the'], notName: ['us'] } });
    expect(p.box.test('ABOUT THE AUTHOR:')).toBe(true);
    expect(p.box.test('About the author of this book')).toBe(false);
    expect(p.about.exec('About the Example Times')?.[1]).toBe('Example Times');
    expect(p.notName.has('us')).toBe(true);
  });
});

describe('the about-box stage in the pipeline', () => {
  it('makes an author box after the story\'s tags disclaimer on a text page, and keeps the story', async () => {
    const page = [
      'Council delays vote on harbour plan',
      'The council said on Monday that the vote on the harbour plan would wait until the spring, after residents asked for more time.',
      'Councillors said the plan would be put to the public again in March, with the new costs set out in full.',
      '',
      'Tags: council, harbour, planning',
      'Share on Facebook',
      'About the author',
      'Jane Roe',
      'Jane Roe covers city hall for the Example Times and has written about local politics since 2009.',
      '',
      'Privacy Policy',
    ];
    const out: LabelledLine[] = [];
    for await (const l of labelLines(page)) out.push(l);
    expect(out.slice(6, 9).map((l) => l.label)).toEqual(['disclaimer', 'disclaimer', 'disclaimer']);
    // The model reads the heading and the bio as a box already; the name between them is the stage's.
    expect(out[7]!.reason).toMatch(/^disclaimer: about box: heading, 1 bio line, no story after it; model: navigation/);
    expect(out[1]!.label).toBe('body');
  });
});
