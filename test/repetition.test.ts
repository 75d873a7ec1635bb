import { describe, expect, it } from 'vitest';
import { countsForSite, MAX_SITE_PAIR_SLOTS, MAX_SKETCH_COUNTERS, normaliseLine, RepetitionSketch, runCountsOnly } from '../src/repetition.js';
import { BoilerstripError } from '../src/errors.js';
import { thrown } from './helpers.js';

/** The definition normaliseLine implements, with the regular expressions spelled out. */
const reference = (line: string) =>
  line
    .trim()
    .toLowerCase()
    .replace(/\p{N}+/gu, '0')
    .replace(/\s+/g, ' ');

describe('normaliseLine', () => {
  it('lower-cases, turns number runs into 0 and whitespace runs into one space, and trims', () => {
    expect(normaliseLine('  Updated 12:45, 3  May\t2024 ')).toBe('updated 0:0, 0 may 0');
  });

  it('gives what the regular-expression definition gives, also for other scripts, odd spaces and astral characters', () => {
    const lines = ['Plain words only', 'ÉDITION  SPÉCIALE', '٣٤ وثلاثون', 'Cost ½ of 1,000', 'a\u00a0b\u3000c', 'Emoji 😀 and 𝟏𝟐 digits', 'ΣΟΦΙΑ 2', 'x\ty\n'];
    for (const line of lines) expect([line, normaliseLine(line)]).toEqual([line, reference(line)]);
  });
});

describe('RepetitionSketch', () => {
  it('counts a line once per document, whatever its digits or spacing', () => {
    const sketch = new RepetitionSketch(1 << 10, 2);
    sketch.addLine('Subscribe to our newsletter 2024');
    sketch.addLine('subscribe to our   newsletter 2025');
    sketch.endDocument();
    sketch.addLine('Subscribe to our newsletter 7');
    sketch.addLine('A story of the second document');
    sketch.endDocument();
    expect(sketch.documents).toBe(2);
    expect(sketch.documentFrequency('SUBSCRIBE to our newsletter 1')).toBe(2);
  });

  it('takes back the counts of a document that is discarded before it ends, and starts the next one afresh', () => {
    const sketch = new RepetitionSketch(1 << 10, 2);
    sketch.addLine('Subscribe to our newsletter');
    sketch.endDocument();
    sketch.addLine('Subscribe to our newsletter');
    sketch.addLine('The first half of a story whose file was cut off');
    sketch.discardDocument();
    sketch.addLine('The first half of a story whose file was cut off');
    sketch.endDocument();
    expect(sketch.documents).toBe(2);
    expect(sketch.documentFrequency('Subscribe to our newsletter')).toBe(1);
    expect(sketch.documentFrequency('The first half of a story whose file was cut off')).toBe(1);
  });
});

describe('RepetitionSketch saved', () => {
  it('keeps the counts and the read options it was counted with through toBuffer and fromBuffer', () => {
    const sketch = new RepetitionSketch(1024, 2);
    sketch.addLine('Subscribe to our newsletter today');
    sketch.endDocument();
    sketch.countedWith = { '--field': ['page', 'html'], '--records': 'data' };
    const back = RepetitionSketch.fromBuffer(sketch.toBuffer());
    expect(back.documents).toBe(1);
    expect(back.documentFrequency('Subscribe to our newsletter today')).toBe(1);
    expect(back.countedWith).toEqual({ '--field': ['page', 'html'], '--records': 'data' });
  });

  it('reads a profile saved before read options were kept, with its counts and no read options', () => {
    // The first format: "BSRP" as a little-endian number, width, depth, documents, then the table.
    const header = Buffer.alloc(16);
    header.writeUInt32LE(0x42535250, 0);
    header.writeUInt32LE(4, 4);
    header.writeUInt32LE(1, 8);
    header.writeUInt32LE(3, 12);
    const table = Buffer.alloc(16);
    for (let i = 0; i < 4; i++) table.writeUInt32LE(3, i * 4);
    const old = RepetitionSketch.fromBuffer(Buffer.concat([header, table]));
    expect(old.documents).toBe(3);
    expect(old.documentFrequency('any line that is long enough')).toBe(3);
    expect(old.countedWith).toBeUndefined();
  });

  it('rejects read options that are not an object of strings and lists of strings, at the call and in saved bytes', () => {
    const sketch = new RepetitionSketch(1024, 2);
    sketch.countedWith = { '--field': 5 } as never;
    expect(() => sketch.toBuffer()).toThrow(/`countedWith` must be an object whose values are strings or arrays of strings/);
    sketch.countedWith = { '--records': 'data' };
    const saved = sketch.toBuffer();
    const at = saved.indexOf('"data"');
    saved.write('[', at, 'latin1');
    expect(() => RepetitionSketch.fromBuffer(saved)).toThrow(expect.objectContaining({ code: 'ERR_BAD_PROFILE', message: "repetition profile's read options are not valid" }));
  });
});

describe('RepetitionSketch arguments', () => {
  it('rejects a width or depth that is not a positive integer at the call, naming it', () => {
    // 1.5 made fractional table indexes: counts went to properties beside the table, in silence.
    expect(() => new RepetitionSketch(1.5)).toThrow(/`width` must be a positive integer, got number/);
    expect(() => new RepetitionSketch(-1)).toThrow(/`width` must be a positive integer/);
    expect(() => new RepetitionSketch(1024, 0)).toThrow(/`depth` must be a positive integer/);
    expect(new RepetitionSketch(1024, 2).documents).toBe(0);
  });

  it('rejects a width, depth or per-site table too large at the call, naming it and the range it takes, instead of a bare RangeError', () => {
    // 2 ** 40 failed as "RangeError: Invalid typed array length"; 2 ** 32 slots passed the power-of-two test.
    const cases: Array<[() => unknown, string]> = [
      [() => new RepetitionSketch(2 ** 40), `RepetitionSketch(): argument \`width\` must be a positive integer up to ${MAX_SKETCH_COUNTERS} (MAX_SKETCH_COUNTERS), got number ${2 ** 40}`],
      [() => new RepetitionSketch(2 ** 20, 2 ** 10), `RepetitionSketch(): argument \`depth\` must be a positive integer up to 512 (width x depth at most ${MAX_SKETCH_COUNTERS}, MAX_SKETCH_COUNTERS), got number 1024`],
      [() => new RepetitionSketch(1024, 2, 2 ** 32), `RepetitionSketch(): argument \`sitePairSlots\` must be a power of two from 4096 to ${MAX_SITE_PAIR_SLOTS} (MAX_SITE_PAIR_SLOTS), got number ${2 ** 32}`],
    ];
    for (const [call, message] of cases) {
      const err = thrown(call);
      expect(err).toBeInstanceOf(BoilerstripError);
      expect(err).toMatchObject({ code: 'ERR_INVALID_ARG', message });
    }
    expect(() => new RepetitionSketch(1024, 2, 3 * 2 ** 32)).toThrow(/`sitePairSlots` must be a power of two from 4096/);
    expect(() => new RepetitionSketch(MAX_SKETCH_COUNTERS + 1)).toThrow(/`width` must be a positive integer up to/);
    expect(() => new RepetitionSketch(2 ** 20, 513)).toThrow(/`depth` must be a positive integer up to 512/);
  });

  it('rejects a line or a saved profile of the wrong kind at the call, naming the method and the argument', () => {
    const sketch = new RepetitionSketch(1024, 2);
    // They failed as 'line.trim is not a function' and 'buf.readUInt32LE is not a function'.
    expect(() => sketch.addLine(5 as never)).toThrow('RepetitionSketch.addLine(): argument `line` must be a string, got number');
    expect(() => sketch.documentFrequency(null as never)).toThrow(/^RepetitionSketch\.documentFrequency\(\): argument `line` must be a string, got null/);
    expect(() => RepetitionSketch.fromBuffer(5 as never)).toThrow(/^RepetitionSketch\.fromBuffer\(\): argument `buf` must be a Buffer/);
    expect(RepetitionSketch.fromBuffer(sketch.toBuffer()).documents).toBe(0);
  });

  it('rejects bytes that are not a whole profile with a BoilerstripError saying so, a header of no counters too', () => {
    const whole = new RepetitionSketch(1024, 2).toBuffer();
    const empty = Buffer.from(whole.subarray(0, 20));
    empty.writeUInt32LE(0, 4);
    empty.writeUInt32LE(0, 8);
    // A header of 0 x 0 counters failed as "argument `width` must be a positive integer", a
    // misuse of the constructor, and the other two as plain Errors without a code.
    for (const [buf, message] of [
      [Buffer.from('not a profile at all'), 'not a boilerstrip repetition profile'],
      [whole.subarray(0, whole.length - 4), 'repetition profile is truncated'],
      [empty, 'repetition profile has no counters (width 0, depth 0)'],
    ] as const) {
      expect(() => RepetitionSketch.fromBuffer(buf)).toThrow(expect.objectContaining({ name: 'BoilerstripError', code: 'ERR_BAD_PROFILE', message }));
    }
  });
});

describe('RepetitionSketch per site', () => {
  /** Count documents of [site, lines] into a sketch. */
  function counted(docs: Array<[string | undefined, string[]]>, sketch = new RepetitionSketch(1 << 10, 2)): RepetitionSketch {
    for (const [site, lines] of docs) {
      for (const l of lines) sketch.addLine(l);
      sketch.endDocument(site);
    }
    return sketch;
  }
  const MENU_A = 'Gazette home page and sections';
  const MENU_B = 'Herald front page and sections';

  it("gives a page its site's own counts once the run holds two of the site's pages, exactly", () => {
    const docs: Array<[string, string[]]> = [
      ['gazette.test', [MENU_A, 'A story only the first gazette page has']],
      ['gazette.test', [MENU_A, 'A story only the second gazette page has']],
      ...Array.from({ length: 10 }, (_, i): [string, string[]] => ['herald.test', [MENU_B, `Herald story number ${'x'.repeat(i)} alone`]]),
    ];
    const sketch = counted(docs);
    expect(sketch.sites).toBe(2);
    // Across the run, the gazette's menu is on 2 of 12 pages: under the 20% a line needs.
    expect([sketch.documentFrequency(MENU_A), sketch.documents]).toEqual([2, 12]);
    const gazette = sketch.forSite('gazette.test');
    expect([gazette.documentFrequency(MENU_A), gazette.documents, gazette.scope]).toEqual([2, 2, 'the 2 documents of gazette.test']);
    expect(gazette.documentFrequency('A story only the first gazette page has')).toBe(1);
    // Another site's menu is not counted on this one.
    expect(gazette.documentFrequency(MENU_B)).toBe(0);
    expect(sketch.forSite('herald.test').documents).toBe(10);
  });

  it("uses the run's counts for a page without a site, and for a site of one page", () => {
    const sketch = counted([
      ['gazette.test', [MENU_A]],
      [undefined, [MENU_A]],
    ]);
    expect(sketch.forSite(undefined)).toBe(sketch);
    expect(sketch.forSite('gazette.test')).toBe(sketch);
    expect(sketch.forSite('never.seen')).toBe(sketch);
  });

  it('keeps exact counts as the table grows past its first size', () => {
    const lines = Array.from({ length: 5000 }, (_, i) => `distinct line number ${String.fromCharCode(97 + (i % 26))}${i.toString(36)}x`);
    const sketch = counted([
      ['a.test', lines],
      ['a.test', [...lines.slice(0, 2500), 'A line of the second page alone']],
    ]);
    const a = sketch.forSite('a.test');
    expect(lines.slice(0, 3).map((l) => a.documentFrequency(l))).toEqual([2, 2, 2]);
    expect(lines.slice(4997).map((l) => a.documentFrequency(l))).toEqual([1, 1, 1]);
    expect(sketch.sitePairsFull).toBe(false);
  });

  it('keeps the counts per site through a saved profile, and writes a profile without sites as before', () => {
    const plain = counted([[undefined, [MENU_A]]]);
    expect(plain.toBuffer().toString('latin1', 0, 4)).toBe('BSR2');
    const sketch = counted([
      ['gazette.test', [MENU_A]],
      ['gazette.test', [MENU_A, 'Only on the second page of the gazette']],
    ]);
    const buf = sketch.toBuffer();
    expect(buf.toString('latin1', 0, 4)).toBe('BSR3');
    const back = RepetitionSketch.fromBuffer(buf).forSite('gazette.test');
    expect([back.documents, back.documentFrequency(MENU_A), back.documentFrequency('Only on the second page of the gazette')]).toEqual([2, 2, 1]);
    expect(() => RepetitionSketch.fromBuffer(buf.subarray(0, buf.length - 4))).toThrow(/counts per site are truncated or not valid/);
  });

  it('rejects a site that is not a function, and counts that are not counts, at the call (QA pass 19: a string site failed later, inside labelling)', () => {
    const sketch = counted([['gazette.test', [MENU_A]]]);
    expect(() => countsForSite(sketch, 'gazette.test' as never)).toThrow(/^countsForSite\(\): argument `site` must be a function giving the page's site/);
    expect(() => countsForSite('x' as never, () => 'a')).toThrow(/^countsForSite\(\): argument `counts` must be/);
    expect(() => runCountsOnly('x' as never)).toThrow(/^runCountsOnly\(\): argument `counts` must be/);
    expect(countsForSite(undefined, () => 'a')).toBeUndefined();
  });

  it("gives the run's counts alone through runCountsOnly, whatever site a page names (--no-site-counts)", () => {
    const sketch = counted([
      ['gazette.test', [MENU_A, 'The first gazette story of the run']],
      ['gazette.test', [MENU_A, 'The second gazette story of the run']],
      ...Array.from({ length: 8 }, (_, i): [string, string[]] => ['herald.test', [MENU_B, `Herald story number ${'y'.repeat(i)} alone`]]),
    ]);
    expect(countsForSite(sketch, () => 'gazette.test')!.documents).toBe(2);
    const run = runCountsOnly(sketch)!;
    const page = countsForSite(run, () => 'gazette.test')!;
    expect([page.documents, page.documentFrequency(MENU_A), page.scope]).toEqual([10, 2, undefined]);
    // Counts with no sites, or none at all, come back as they are.
    const plain = counted([[undefined, [MENU_A]]]);
    expect(runCountsOnly(plain)).toBe(plain);
    expect(runCountsOnly(undefined)).toBeUndefined();
  });

  it('rejects a site that is not a string at the call, naming it', () => {
    expect(() => new RepetitionSketch(64, 1).endDocument(3 as never)).toThrow(/RepetitionSketch.endDocument\(\): argument `site` must be a string/);
  });
});

describe('RepetitionSketch and copies of a document (QA pass 14)', () => {
  const story = ['A story line that only this page holds, word for word', 'A second line of that one story, its own as well'];
  const menu = 'Home page of the paper and its sections';

  it('does not count again a copy of a document it has counted, by the run or by the site', () => {
    const sketch = new RepetitionSketch(1 << 10, 2);
    for (const copy of [0, 1]) {
      for (const l of [menu, ...story, copy === 1 ? 'Updated 3 May' : 'Updated 2 May']) sketch.addLine(l);
      sketch.endDocument('paper.test');
    }
    expect(sketch.documents).toBe(1);
    expect(sketch.documentFrequency(story[0]!)).toBe(1);
    // One page of the site counted: it is labelled with the run's counts.
    expect(sketch.forSite('paper.test')).toBe(sketch);
  });

  it('finds a copy however full the per-site table is, and a run that counted no site does not call that table full (QA pass 17)', () => {
    const copyOf = (sketch: RepetitionSketch, lines: string[], site?: string) => {
      for (const l of lines) sketch.addLine(l);
      sketch.endDocument(site);
    };
    // Letters only: digits read as 0 when lines are compared, and would make the documents copies.
    const word = (i: number) => i.toString(26).split('').map((c) => String.fromCharCode(97 + parseInt(c, 26))).join('');
    const doc = (i: number) => [`A line that only document ${word(i)} holds`];
    // No sites: 3,000 documents, more than the smallest per-site table holds, then a copy.
    const plain = new RepetitionSketch(1 << 10, 2, 4096);
    for (let i = 0; i < 3000; i++) copyOf(plain, doc(i));
    copyOf(plain, doc(2999));
    expect([plain.documents, plain.copies, plain.sitePairsFull]).toEqual([3000, 1, false]);
    // Sites that fill that table: a copy after it is still found.
    const sited = new RepetitionSketch(1 << 10, 2, 4096);
    const extra = (i: number) => ['one', 'two', 'three'].map((k) => `the ${k} line of page ${word(i)}`);
    for (let i = 0; i < 3000; i++) copyOf(sited, [...doc(i), ...extra(i)], `site-${word(i % 40)}.test`);
    expect(sited.sitePairsFull).toBe(true);
    copyOf(sited, [...doc(5), ...extra(5)], `site-${word(5)}.test`);
    expect(sited.copies).toBe(1);
  });

  it("counts a page whose every line its site had already only across the run, not for its site again", () => {
    const sketch = new RepetitionSketch(1 << 10, 2);
    const page = (lines: string[]) => {
      for (const l of lines) sketch.addLine(l);
      sketch.endDocument('paper.test');
    };
    page([menu, story[0]!]);
    page([menu, story[1]!]);
    page([menu]);
    expect(sketch.documents).toBe(3);
    const site = sketch.forSite('paper.test');
    expect([site.documents, site.documentFrequency(menu)]).toEqual([2, 2]);
  });

  it("labels a site with the run's counts once the per-site table had no room for its lines", () => {
    const sketch = new RepetitionSketch(1 << 10, 2, 4096);
    // 4096 slots take 2867 pairs (70%): the first site's 2840 lines and two fingerprints fit; the
    // late site's second page does not.
    const words = (i: number) => String(i).replace(/\d/g, (d) => 'abcdefghij'[+d]!);
    const filler = Array.from({ length: 2840 }, (_, i) => `filler line ${words(i)} of the first site`);
    for (const half of [filler.slice(0, 1420), filler.slice(1420)]) {
      for (const l of half) sketch.addLine(l);
      sketch.endDocument('first.test');
    }
    for (const page of ['one', 'two']) {
      for (const l of [menu, ...Array.from({ length: 19 }, (_, i) => `story line ${words(i)} of page ${page} of the late site`)]) sketch.addLine(l);
      sketch.endDocument('late.test');
    }
    expect(sketch.sitePairsFull).toBe(true);
    expect(sketch.forSite('late.test')).toBe(sketch);
    expect(sketch.forSite('first.test')).not.toBe(sketch);
    // Kept through a saved profile.
    expect(RepetitionSketch.fromBuffer(sketch.toBuffer()).forSite('late.test')).toMatchObject({ documents: 4 });
  });

  it('says a profile with bytes after its counts is not whole, rather than truncated', () => {
    const buf = Buffer.concat([new RepetitionSketch(64, 1).toBuffer(), Buffer.alloc(4)]);
    expect(() => RepetitionSketch.fromBuffer(buf)).toThrow('repetition profile has 4 bytes after its counts: not a whole profile');
  });

  it('refuses a saved per-site table with no free slot, where a lookup would never end', () => {
    const sketch = new RepetitionSketch(64, 1);
    for (const s of ['a', 'b']) {
      sketch.addLine(`${menu} ${s === 'a' ? 'alpha' : 'beta'}`);
      sketch.endDocument('x.test');
    }
    const buf = Buffer.from(sketch.toBuffer());
    // The pair table is the last 12 bytes a slot: fill every key.
    const slots = 4096;
    const keysAt = buf.length - slots * 12;
    for (let i = 0; i < slots * 2; i++) if (buf.readUInt32LE(keysAt + 4 * i) === 0) buf.writeUInt32LE(1, keysAt + 4 * i);
    expect(() => RepetitionSketch.fromBuffer(buf)).toThrow(/counts per site are truncated or not valid/);
  });
});
