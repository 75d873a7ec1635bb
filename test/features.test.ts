import { describe, expect, it } from 'vitest';
import { isBlank, lineFeatures, lineFeatureVector, LEX_COUNT_SATURATION, PROSE_MIN_WORDS } from '../src/features.js';
import { F, toRecord } from '../src/schema.js';
import { wordStats } from '../src/language.js';
import { defaultLexicon, Lexicon } from '../src/lexicon.js';
import type { DomFeatures } from '../src/types.js';

const lexicon = defaultLexicon();
const features = (text: string, dom?: DomFeatures) => lineFeatures(text, lexicon, dom);

const PROSE =
  'The committee spent most of the afternoon arguing about whether the new footbridge should be finished before the autumn rains reach the valley.';

function dom(overrides: Partial<DomFeatures> = {}): DomFeatures {
  return {
    tag: 'p',
    ancestors: ['div', 'body'],
    hints: [],
    linkDensity: 0,
    inList: false,
    headingLevel: 0,
    inTable: false,
    inFigure: false,
    inForm: false,
    inNav: false,
    inHeader: false,
    inFooter: false,
    inAside: false,
    inArticle: false,
    inMain: false,
    depth: 4,
    ...overrides,
  };
}

describe('lineFeatures: shape of the line', () => {
  it('gives a long prose sentence prose, sent_end and a stop density above 0.3', () => {
    const f = features(PROSE);
    expect(f.prose).toBe(1);
    expect(f.sent_end).toBe(1);
    expect(f.stop_density).toBeGreaterThan(0.3);
    expect(f.label_like).toBeUndefined();
    expect(f.title_case).toBeUndefined();
  });

  it('puts exactly one word-count bucket on every line', () => {
    const buckets = ['w1', 'w2_4', 'w5_11', 'w12_29', 'w30p'];
    const cases: Array<[string, string]> = [
      ['Gardening', 'w1'],
      ['Weekend Travel Ideas', 'w2_4'],
      ['A short caption about the harbour at dawn', 'w5_11'],
      [PROSE, 'w12_29'],
      [`${PROSE} ${PROSE}`, 'w30p'],
    ];
    for (const [text, bucket] of cases) {
      const f = features(text);
      expect(buckets.filter((b) => f[b] === 1), text).toEqual([bucket]);
    }
  });

  it('always sets the bias feature', () => {
    expect(features('x').bias).toBe(1);
    expect(features(PROSE).bias).toBe(1);
  });

  it('gives a one-word title-case label w1, label_like and title_case', () => {
    const f = features('Gardening');
    expect(f).toMatchObject({ w1: 1, label_like: 1, title_case: 1 });
    expect(f.prose).toBeUndefined();
    expect(f.sent_end).toBeUndefined();
  });

  it('does not call a short line with a sentence end label_like or title_case', () => {
    const f = features('Rain Stopped.');
    expect(f.sent_end).toBe(1);
    expect(f.label_like).toBeUndefined();
    expect(f.title_case).toBeUndefined();
  });

  it('needs PROSE_MIN_WORDS words for prose, however many stopwords', () => {
    const short = 'It was in the end of the day';
    expect(wordStats(short).words).toBeLessThan(PROSE_MIN_WORDS);
    expect(wordStats(short).stopDensity).toBeGreaterThan(0.2);
    expect(features(short).prose).toBeUndefined();
  });

  it('gives a line with " | " separators the separators feature', () => {
    const f = features('Home | Local | Weather | Gardening | Recipes');
    expect(f.separators).toBeGreaterThan(0);
    expect(features(PROSE).separators).toBeUndefined();
  });

  it('gives a copyright line copyright and year', () => {
    const f = features('© 2031 Example Media Group');
    expect(f.copyright).toBe(1);
    expect(f.year).toBe(1);
    expect(features('Copyright Lantern Press').copyright).toBe(1);
    expect(features(PROSE).copyright).toBeUndefined();
  });

  it('marks questions, trailing ellipses, URLs, e-mail addresses and all-caps lines', () => {
    expect(features('Where did the summer go?').question).toBe(1);
    expect(features('The mayor said the plan would…').ellipsis_end).toBe(1);
    expect(features('Visit www.example-site.com for details').url).toBe(1);
    expect(features('Write to desk@example.org').email).toBe(1);
    expect(features('BREAKING NEWS').all_caps).toBe(1);
    expect(features('Breaking news').all_caps).toBeUndefined();
  });

  it('marks indentation from the untrimmed text', () => {
    expect(features('    indented code sample').indent).toBe(1);
    expect(features('not indented').indent).toBeUndefined();
  });
});

describe('lineFeatures: lexicon categories', () => {
  it('gives a bare network name lex_social and not lex_ui: where it stands decides share or follow', () => {
    const f = features('Facebook');
    expect(f.lex_social).toBeGreaterThan(0);
    expect(f.lex_ui).toBeUndefined();
  });

  it('fires lex_cta for a subscribe pitch', () => {
    expect(features('Subscribe today and get our weekly garden digest').lex_cta).toBeGreaterThan(0);
  });

  it('fires lex_legal for a privacy notice', () => {
    expect(features('Please review our privacy policy before continuing').lex_legal).toBeGreaterThan(0);
  });

  it('fires lex_syndication for "originally published on"', () => {
    expect(features('This piece was originally published on Harbour Notes').lex_syndication).toBeGreaterThan(0);
  });

  it('fires lex_comment (and lex_end) for "Leave a comment"', () => {
    const f = features('Leave a comment');
    expect(f.lex_comment).toBeGreaterThan(0);
    expect(f.lex_end).toBeGreaterThan(0);
  });

  it('weighs a phrase more on a short line than inside a long paragraph', () => {
    const short = features('Share this').lex_ui!;
    const long = features(`${PROSE} Share this with a friend who walks there every morning before work.`).lex_ui!;
    expect(short).toBe(1);
    expect(long).toBeGreaterThan(0);
    expect(long).toBeLessThan(short);
  });

  it('counts legal phrases apart from the length, so a long cookie notice is as legal as a short one', () => {
    const notice =
      'We use cookies and similar tracking technologies to improve your experience on our site and to show you relevant content. ' +
      'To find out more, read our cookie policy and our privacy policy, which explain how we use your data.';
    const f = features(notice);
    expect(f.lex_legal!).toBeLessThan(0.5); // the density fades on a long line
    expect(f.lex_legal_n).toBe(1); // LEX_COUNT_SATURATION phrases or more
    expect(features('Read our privacy policy').lex_legal_n).toBeCloseTo(1 / LEX_COUNT_SATURATION);
    expect(features(PROSE).lex_legal_n).toBeUndefined();
  });

  it('fires no lexicon features with an empty lexicon', () => {
    const f = lineFeatures('Subscribe to our newsletter', new Lexicon({}));
    expect(Object.keys(f).filter((k) => k.startsWith('lex_'))).toEqual([]);
  });

  it('matches phrases of a hand-made lexicon on whole words only', () => {
    const lex = new Lexicon({ xx: { cta: ['zap deal'], ui: ['menu'] } });
    expect(lineFeatures('Grab the zap deal now', lex).lex_cta).toBeGreaterThan(0);
    expect(lineFeatures('Grab the zappy deal now', lex).lex_cta).toBeUndefined();
    expect(lineFeatures('The menus were long', lex).lex_ui).toBeUndefined();
    expect(lineFeatures('The menu was long', lex).lex_ui).toBeGreaterThan(0);
  });
});

describe('lineFeatures and wordStats across languages', () => {
  const european: Array<[string, string]> = [
    ['deu', 'Die Gemeinde hat in der vergangenen Woche beschlossen, dass die alte Brücke über den Fluss im nächsten Jahr erneuert werden soll.'],
    ['spa', 'El ayuntamiento decidió la semana pasada que el viejo puente sobre el río será renovado durante el próximo año por una empresa local.'],
    ['fra', 'La mairie a décidé la semaine dernière que le vieux pont sur la rivière serait rénové au cours de la prochaine année par une entreprise locale.'],
    ['rus', 'Городской совет на прошлой неделе решил, что старый мост через реку будет отремонтирован в следующем году местной компанией.'],
  ];

  for (const [lang, text] of european) {
    it(`gives ${lang} prose a stop density above 0.2 and recognises the language`, () => {
      const stats = wordStats(text);
      expect(stats.stopDensity).toBeGreaterThan(0.2);
      expect(stats.language).toBe(lang);
      const f = features(text);
      expect(f.stop_density).toBeGreaterThan(0.2);
      expect(f.prose).toBe(1);
    });
  }

  const cjk: Array<[string, string]> = [
    ['zho', '市政府上周决定，这座横跨河流的旧桥将在明年由一家本地公司进行翻修，工程预计需要八个月。'],
    ['jpn', '市役所は先週、川にかかる古い橋を来年に地元の会社が改修することを決めました。工事には八か月ほどかかる見込みです。'],
  ];

  for (const [lang, text] of cjk) {
    it(`counts ${lang} prose (written without spaces) as more than 5 words with a stop density above 0`, () => {
      const stats = wordStats(text);
      expect(stats.words).toBeGreaterThan(5);
      expect(stats.stopDensity).toBeGreaterThan(0);
      const f = features(text);
      expect(f.stop_density).toBeGreaterThan(0);
      expect(f.sent_end).toBe(1);
    });
  }

  // Thai spaces phrases, not words: before session 30 each phrase counted as a word, so a
  // paragraph of three phrases was a short label, and a Thai page lost its whole body (QA pass 15).
  const THAI = 'นายกเทศมนตรีกล่าวว่า งานซ่อมแซมจะเริ่มในฤดูใบไม้ผลิหน้า และใช้เวลาประมาณสิบแปดเดือน ด้วยงบประมาณราวหนึ่งล้านสองแสนปอนด์ ซึ่งส่วนหนึ่งมาจากเงินบริจาค';
  it('counts Thai prose by its letters, finds its stopwords inside its phrases, and makes it prose', () => {
    const stats = wordStats(THAI);
    expect(stats.words).toBeGreaterThan(20);
    expect(stats.stopDensity).toBeGreaterThan(0.2);
    expect(stats.language).toBe('tha');
    const f = features(THAI);
    expect(f.prose).toBe(1);
    expect(f.label_like ?? 0).toBe(0);
    // A Thai menu item stays a short label: หน้าแรก (home page, หน้า + แรก) is 6 letters, 2 words.
    expect(wordStats('หน้าแรก').words).toBe(2);
    expect(features('หน้าแรก').label_like).toBe(1);
  });

  it('ends a sentence at the Khmer, Devanagari and Myanmar full stops, so a long paragraph is not a keyword list', () => {
    const khmer = 'ក្រុមប្រឹក្សាក្រុងបានបោះឆ្នោតកាលពីថ្ងៃអង្គារ ដើម្បីជួសជុលអាងហែលទឹកសមុទ្រនៅឆ្នេរខាងជើង ដោយបញ្ចប់ការជជែកវែកញែកអស់រយៈពេលដប់ឆ្នាំ។';
    const f = features(khmer);
    expect(f.sent_end).toBe(1);
    expect(f.keyword_list ?? 0).toBe(0);
    expect(wordStats(khmer).words).toBeGreaterThan(20);
    expect(features('नगर परिषद ने मंगलवार को पुल की मरम्मत का फैसला किया।').sent_end).toBe(1);
  });

  it('gives a menu of nouns no stop density and full capitalisation', () => {
    const stats = wordStats('Gardening Recipes Weather Travel');
    expect(stats.stopDensity).toBe(0);
    expect(stats.capitalised).toBe(1);
    expect(stats.language).toBe('');
  });

  it('gives an empty line zero words', () => {
    expect(wordStats('')).toMatchObject({ words: 0, stopDensity: 0, capitalised: 0 });
  });
});

describe('lineFeatures: DOM features', () => {
  it('adds html, and in_nav when inNav is true', () => {
    const f = features('Gardening', dom({ inNav: true }));
    expect(f.html).toBe(1);
    expect(f.in_nav).toBe(1);
    expect(features('Gardening', dom()).in_nav).toBeUndefined();
    expect(features('Gardening').html).toBeUndefined();
  });

  it('maps the hint "comment" to hint_comment and ignores unknown hints', () => {
    const f = features('Nice piece, thanks', dom({ hints: ['comment', 'zzz-unknown'] }));
    expect(f.hint_comment).toBe(1);
    expect(Object.keys(f).filter((k) => k.startsWith('hint_'))).toEqual(['hint_comment']);
  });

  it('maps hidden elements to hint_hidden, a search box to hint_nav and a paywall to hint_cta, as the guide labels them', () => {
    expect(features('Related: more stories', dom({ hints: ['hidden'] })).hint_hidden).toBe(1);
    expect(features('Search this site', dom({ hints: ['search'] })).hint_nav).toBe(1);
    expect(features('Subscribe to keep reading', dom({ hints: ['paywall'] })).hint_cta).toBe(1);
  });

  it('keeps share bars and follow-us rows apart, by container and by link target', () => {
    expect(features('Facebook', dom({ hints: ['share'] })).hint_share).toBe(1);
    expect(features('Facebook', dom({ hints: ['social'] })).hint_social).toBe(1);
    expect(features('Facebook', dom({ hints: ['social'] })).hint_share).toBeUndefined();
    expect(features('Facebook', dom({ shareLink: true })).link_share).toBe(1);
    expect(features('Facebook', dom({ socialLink: true })).link_social).toBe(1);
    expect(features('Facebook', dom()).link_social).toBeUndefined();
  });

  it('gives a line that is almost all link all_link and its link density', () => {
    const f = features('More from the archive', dom({ linkDensity: 0.9 }));
    expect(f.all_link).toBe(1);
    expect(f.link_density).toBe(0.9);
    expect(features('More from the archive', dom({ linkDensity: 0.5 })).all_link).toBeUndefined();
  });

  it('maps headings, landmarks and Readability', () => {
    expect(features('Title', dom({ headingLevel: 1 })).h1).toBe(1);
    expect(features('Subtitle', dom({ headingLevel: 3 })).heading).toBe(1);
    expect(features('x', dom({ inMain: true })).in_article).toBe(1);
    expect(features('x', dom({ inFooter: true })).in_footer).toBe(1);
    expect(features('x', dom({ inReadability: true })).readability_in).toBe(1);
    expect(features('x', dom({ inReadability: false })).readability_out).toBe(1);
    const none = features('x', dom());
    expect(none.readability_in).toBeUndefined();
    expect(none.readability_out).toBeUndefined();
  });
});

describe('isBlank', () => {
  it('is true for whitespace-only text and false otherwise', () => {
    expect(isBlank('')).toBe(true);
    expect(isBlank(' \t\u00a0 ')).toBe(true);
    expect(isBlank(' . ')).toBe(false);
  });

  it('says what trim says, for every BMP code unit alone and between spaces', () => {
    for (let c = 0; c < 0x10000; c++) {
      const ch = String.fromCharCode(c);
      for (const text of [ch, ` ${ch}\t`]) if (isBlank(text) !== (text.trim() === '')) throw new Error(`isBlank disagrees with trim at U+${c.toString(16)}`);
    }
  });
});

describe('lineFeatureVector: the dense form used when labelling', () => {
  /**
   * Lines and their features as the name-keyed implementation computed them before features
   * became dense vectors (captured from it, exact values): the vector must hold the same numbers.
   */
  const EXPECTED: Array<[string, Record<string, number>]> = [
    ['Gardening', { bias: 1, w1: 1, len_log: 0.3321928094887362, title_case: 1, label_like: 1 }],
    ['Home | News | Sport | Weather', { bias: 1, w2_4: 1, len_log: 0.49068905956085185, title_case: 1, label_like: 1, separators: 0.5, title_like: 1, lex_ui: 1 }],
    [
      '© 2024 Example Media. All rights reserved.',
      // lex_legal_n since session 5: lexicon hits counted as well as divided by the length.
      { bias: 1, w5_11: 1, len_log: 0.5426264754702098, stop_density: 0.16666666666666666, sent_end: 1, sentences: 0.4, copyright: 1, year: 1, digit_ratio: 0.09523809523809523, lex_legal: 0.6666666666666666, lex_legal_n: 1 / 2 },
    ],
    [
      'Posted 3 hours ago by @editor #news',
      { bias: 1, w5_11: 1, len_log: 0.5169925001442313, stop_density: 0.14285714285714285, digit_ratio: 0.02857142857142857, date_like: 1, handle: 1, lex_bio: 0.5714285714285714 },
    ],
    [
      'Subscribe to our newsletter: $4.99 a month',
      { bias: 1, w5_11: 1, len_log: 0.5426264754702098, stop_density: 0.375, label_colon: 1, digit_ratio: 0.07142857142857142, price: 1, lex_cta: 1, lex_cta_n: 1 },
    ],
    ['ÉDITION SPÉCIALE – Mélenchon répond aux questions', { bias: 1, w5_11: 1, len_log: 0.5643856189774724, stop_density: 0.16666666666666666 }],
    ['東京都は今日、新しい計画を発表しました。', { bias: 1, w5_11: 1, len_log: 0.4392317422778761, stop_density: 0.3888888888888889, sent_end: 1, commas: 0.2 }],
    ['  (Photo: Reuters)', { bias: 1, w2_4: 1, len_log: 0.4087462841250339, title_case: 1, label_like: 1, indent: 1, paren_wrapped: 1 }],
    [
      'By Jane Doe, "The ReportersHome" ... Read more...',
      // byline: 1 since the byline check accepts a capital "By" (it was never set on one before).
      { bias: 1, w5_11: 1, len_log: 0.5643856189774724, stop_density: 0.42857142857142855, sent_end: 1, sentences: 0.4, commas: 0.2, ellipsis_end: 1, glued: 1, lex_ui: 0.5714285714285714, byline: 1 },
    ],
  ];

  it('holds, slot by slot, the values the name-keyed features had', () => {
    for (const [text, expected] of EXPECTED) expect(toRecord(lineFeatureVector(text, lexicon))).toEqual(expected);
  });

  it('gives the same values through lineFeatures, the record form, and adds to them what DOM facts say', () => {
    // lineFeatures is the record of the same featurisation (toRecord of its vector), so comparing
    // the two forms compared a function with itself: both are held to the values stated here.
    const d = dom({ hints: ['comment', 'share', 'nav'], linkDensity: 0.85, inCore: false, inList: true });
    // What these facts add to a line of fewer than PROSE_MIN_WORDS words (every line above),
    // whatever its text; and `glued` is read on text only (markup keeps a page's links apart), so
    // the line that had it loses it.
    const fromDom = { html: 1, link_density: 0.85, all_link: 1, in_list: 1, hint_comment: 1, hint_share: 1, hint_nav: 1, core_out: 1 };
    const onPage = ({ glued: _glued, ...rest }: Record<string, number>) => ({ ...rest, ...fromDom });
    expect(EXPECTED.filter(([, e]) => e.glued === 1)).toHaveLength(1);
    for (const [text, expected] of EXPECTED) {
      expect(features(text), text).toEqual(expected);
      expect(features(text, d), text).toEqual(onPage(expected));
      expect(toRecord(lineFeatureVector(text, lexicon, d)), text).toEqual(onPage(expected));
    }
    // A prose line outside the core, in a comment box, gets the two interactions as well.
    expect(features(PROSE, d)).toMatchObject({ ...fromDom, prose: 1, prose_out_core: 1, prose_in_comment: 1 });
  });

  it('clears a reused vector before writing the next line', () => {
    const v = lineFeatureVector(PROSE, lexicon);
    expect(v[F.prose]).toBe(1);
    const again = lineFeatureVector('Gardening', lexicon, undefined, v);
    expect(again).toBe(v);
    expect(toRecord(again)).toEqual(EXPECTED[0]![1]);
  });
});

describe('lineFeatures: lists glued into a line and inline teasers', () => {
  it('gives keyword_list to a line of short comma-separated terms, and not to a sentence with commas', () => {
    expect(features('football, cup final, transfer news, premier league, match report, injuries, fixtures').keyword_list).toBe(1);
    expect(features('She bought apples, pears, plums, figs, grapes, cherries and a loaf of bread for the trip.').keyword_list).toBeUndefined();
  });

  it('gives keyword_list to a long unpunctuated run of words with almost no stopwords (a tag cloud)', () => {
    const cloud = 'adoption animals water alert environment friendship service shooter wellness library hiking campaign training festival theatre';
    expect(features(cloud).keyword_list).toBe(1);
    // The same length of running text without punctuation has its stopwords.
    expect(features('the council said that it would look again at the plan for the road and the bridge near the school').keyword_list).toBeUndefined();
  });

  it('gives numbered_run to a ranked list glued into one line, not to a sentence that opens with a number', () => {
    expect(features('1 Storm closes the coast road for a week 2 Mayor resigns after budget row 3 Zoo welcomes twin pandas').numbered_run).toBe(1);
    expect(features('1 in 3 adults say they sleep fewer than 2 hours more at weekends than on weekdays').numbered_run).toBeUndefined();
  });

  it('gives link_teaser to a headline-shaped link alone in a paragraph of the article core', () => {
    const teaser = 'Read more: Storm closes the coast road for a week';
    expect(features(teaser, dom({ inCore: true, linkDensity: 1 })).link_teaser).toBe(1);
    // Not outside the core (card_list and link density cover that), not a sentence, not a bare URL, not a table cell.
    expect(features(teaser, dom({ inCore: false, linkDensity: 1 })).link_teaser).toBeUndefined();
    expect(features('Read the full report on the council website.', dom({ inCore: true, linkDensity: 1 })).link_teaser).toBeUndefined();
    expect(features('https://example.com/news/storm-closes-coast-road', dom({ inCore: true, linkDensity: 1 })).link_teaser).toBeUndefined();
    expect(features(teaser, dom({ inCore: true, linkDensity: 1, inTable: true })).link_teaser).toBeUndefined();
    expect(features(teaser, dom({ inCore: true, linkDensity: 0.3 })).link_teaser).toBeUndefined();
  });
});

describe('lineFeatures: author boxes', () => {
  it('gives prose_in_byline to a paragraph inside a byline box (a bio), not to the byline itself', () => {
    const box = dom({ hints: ['byline'] });
    expect(features('Regan is a coastal native who now lives inland with her husband, two sons and two cats.', box).prose_in_byline).toBe(1);
    expect(features('By Regan Smith, November 19, 2019', box).prose_in_byline).toBeUndefined();
    expect(features(PROSE, dom()).prose_in_byline).toBeUndefined();
  });
});

describe('lineFeatures: copyright', () => {
  it('gives copyright to the notice however it is cased or written', () => {
    expect(features('Copyright 2020 Acme Media').copyright).toBe(1);
    expect(features('COPYRIGHT 2020 ACME MEDIA. ALL RIGHTS RESERVED').copyright).toBe(1);
    expect(features('© 2020 Acme Media').copyright).toBe(1);
    expect(features('(c) 2020 Acme Media').copyright).toBe(1);
    expect(features('The copyrighted material was removed').copyright).toBeUndefined();
  });
});

describe('lineFeatures: bylines', () => {
  it('gives byline to "By Name" and "by Name" in the languages it knows, but not to "by" before a lower-case word', () => {
    expect(features('By Jane Roe').byline).toBe(1);
    expect(features('by Jane Roe').byline).toBe(1);
    expect(features('Von Anna Schmidt').byline).toBe(1);
    expect(features('Por María López').byline).toBe(1);
    expect(features('By the river the council met').byline).toBeUndefined();
    expect(features('Deals of the week').byline).toBeUndefined();
  });
});

describe('lineFeatures and lineFeatureVector arguments', () => {
  it('reject a text, lexicon, DOM facts or output vector of the wrong kind at the call, naming the function and the argument', () => {
    const lexicon = defaultLexicon();
    // They failed as 'text.trim is not a function', 'lexicon.wordTable is not a function', 'dom.hints is not iterable'.
    expect(() => lineFeatures(5 as never, lexicon)).toThrow('lineFeatures(): argument `text` must be a string, got number');
    expect(() => lineFeatures('Home', {} as never)).toThrow(/^lineFeatures\(\): argument `lexicon` must be a Lexicon/);
    expect(() => lineFeatures('Home', lexicon, {} as never)).toThrow(/^lineFeatures\(\): argument `dom` must be DOM facts/);
    expect(() => lineFeatureVector(null as never, lexicon)).toThrow(/^lineFeatureVector\(\): argument `text` must be a string, got null/);
    expect(() => lineFeatureVector('Home', lexicon, undefined, new Float64Array(3))).toThrow(/^lineFeatureVector\(\): argument `out` must be a Float64Array/);
    expect(lineFeatures('Home', lexicon).bias).toBe(1);
  });
});
