import { describe, expect, it } from 'vitest';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { CAPITAL, CASED_LOWER, collapseRuns, firstLetterCase, hashCodeUnits, UNCASED, endsEllipsis, endsSentence, isSpace, lowerUnit, mayBeDate, mayBeUrl, newLineScan, scanLine, scanLineAndWords, startsLower, type WordSink } from '../src/scan.js';
import { seededRandom } from '../src/eval/metric.js';
import { tokenize } from '../src/tokens.js';

/** Lines that exercise the edge cases: non-ASCII case, numbers of other scripts, astral characters, CJK, quotes. */
const LINES = [
  '',
  'a',
  'Home | News | Sport',
  'The council met on Tuesday, and the vote passed.',
  'ÉDITION SPÉCIALE',
  'STRASSE ß',
  'ΣΟΦΙΑ ΚΑΙ ΛΟΓΟΣ',
  'İstanbul',
  'ǅemal ǈ ﬀ ŉ ΐ ᾼ Ⓐ ⓐ',
  '½ cup, ²³, Ⅳ chapter, ٣ digits',
  'fooBar bazQux',
  'naïveÉcole',
  'ｆｕｌｌＷｉｄｔｈ',
  '東京、大阪，名古屋。',
  'Wait... what?”',
  'He said “no.” Then left.',
  'end …',
  'end … ”',
  'end ..)',
  'x.)',
  'a » b › c • d · e',
  'http://example.com/a/b',
  '© 2024 Example (c) Co',
  'mail a@b.com #tag',
  'Label: value',
  'emoji 😀 lineAbcDef',
  '𝟎𝟏 mathematical digits',
  'abc𝐀def',
  'Was it?! Yes.  No!\tMaybe?',
  '\u00a0lead\u2028sep\u3000end\ufeff',
];

const ref = {
  numbers: (s: string) => s.match(/\p{N}/gu)?.length ?? 0,
  asciiDigits: (s: string) => s.match(/\d/g)?.length ?? 0,
  glued: (s: string) => /\p{Ll}{3}\p{Lu}/u.test(s),
  allCaps: (s: string) => s === s.toUpperCase() && s !== s.toLowerCase(),
  commas: (s: string) => [...s].filter((c) => c === ',' || c === '，' || c === '、').length,
};

describe('scanLine', () => {
  const out = newLineScan();

  it('counts numbers and digits, finds glued words and all-capital lines as the regular expressions do', () => {
    for (const s of LINES) {
      const r = scanLine(s, out);
      if (r.astral) continue;
      expect([s, r.numbers, r.asciiDigits, r.glued, r.allCaps, r.commas]).toEqual([s, ref.numbers(s), ref.asciiDigits(s), ref.glued(s), ref.allCaps(s), ref.commas(s)]);
    }
  });

  it('agrees with the regular expressions for every BMP character, after three lower-case letters', () => {
    for (let c = 0; c < 0x10000; c++) {
      if (c >= 0xd800 && c <= 0xdfff) continue;
      const s = 'abc' + String.fromCharCode(c);
      const r = scanLine(s, out);
      if (r.numbers !== ref.numbers(s) || r.glued !== ref.glued(s) || r.allCaps !== ref.allCaps(s) || r.commas !== ref.commas(s)) {
        throw new Error(`scanLine disagrees with the regular expressions at U+${c.toString(16)}`);
      }
      const caps = 'ABC' + String.fromCharCode(c);
      if (scanLine(caps, out).allCaps !== ref.allCaps(caps)) throw new Error(`allCaps disagrees at U+${c.toString(16)}`);
    }
  });

  it('flags a line with characters beyond the BMP as astral, so the caller uses the regular expressions', () => {
    expect(scanLine('emoji 😀 here', out).astral).toBe(true);
    expect(scanLine('abc𝐀def', out).glued).toBe(false);
    expect(scanLine('plain line', out).astral).toBe(false);
  });

  it('flags the characters that guard the costly patterns, and is cleared between lines', () => {
    const r = scanLine('a@b.com #x (c) © | y: z/w', out);
    expect([r.at, r.dot, r.hash, r.paren, r.copyrightSign, r.separatorChar, r.colon, r.slash]).toEqual([true, true, true, true, true, true, true, true]);
    const e = scanLine('nothing special here', out);
    expect([e.at, e.dot, e.hash, e.paren, e.copyrightSign, e.separatorChar, e.colon, e.slash, e.numbers, e.commas]).toEqual([false, false, false, false, false, false, false, false, 0, 0]);
  });

  it('sees every separator character of the SEPARATORS pattern', () => {
    for (const c of '|•·»›>/') expect(scanLine(`a ${c} b`, out).separatorChar).toBe(true);
  });
});

describe('sentence and ellipsis ends', () => {
  const extra = ['Done.', 'Done."', 'Done.” ', 'Done)', 'Really?!', '“Quoted.”', 'A. B. C', 'a.b', '...', 'x..', 'x…', 'x… )', 'x... "', 'x..." ”', '。', '好！」', 'हिंदी वाक्य।', 'ខ្មែរ។', 'ျမန်မာ။', 'ما هذا؟', 'اردو۔', 'Հայերեն։', 'አማርኛ።', 'ध॥'];
  // Sentence ends beside astral characters, other scripts' spaces, closers of every kind and CJK punctuation.
  const counted = ['x.😀 y', '😀. a', 'a.\u00a0b', 'a.\u3000', 'Wow!) next', "a.'\"”’»)] b", 'a.]x b', 'why?\tok', '好。好！ 好？', '好。」好', '.', '!?', 'a.\u2028b', 'एक। दो।', 'មួយ។ ពីរ៕'];

  it('endsSentence gives what /[.!?。！？।॥؟۔։።။។៕]["\'”’»)\\]]*\\s*$/u gives (the full stops of other scripts too)', () => {
    for (const s of [...LINES, ...extra]) expect([s, endsSentence(s)]).toEqual([s, /[.!?。！？।॥؟۔։።။។៕]["'”’»)\]]*\s*$/u.test(s)]);
  });

  it('scanLine counts the matches of /[.!?。！？।॥؟۔։።။។៕]["\'”’»)\\]]*(?:\\s+|$)/gu as sentence ends', () => {
    const out = newLineScan();
    for (const s of [...LINES, ...extra, ...counted]) expect([s, scanLine(s, out).sentenceEnds]).toEqual([s, s.match(/[.!?。！？।॥؟۔։።။។៕]["'”’»)\]]*(?:\s+|$)/gu)?.length ?? 0]);
  });

  it('endsEllipsis gives what /(?:\\.\\.\\.?|…)\\s*["\'”’)]?\\s*$/u gives', () => {
    for (const s of [...LINES, ...extra]) expect([s, endsEllipsis(s)]).toEqual([s, /(?:\.\.\.?|…)\s*["'”’)]?\s*$/u.test(s)]);
  });
});

describe('character helpers', () => {
  it('isSpace is \\s of a Unicode regular expression, for every BMP code unit', () => {
    for (let c = 0; c < 0x10000; c++) if (isSpace(c) !== /\s/u.test(String.fromCharCode(c))) throw new Error(`isSpace disagrees at U+${c.toString(16)}`);
  });

  it('startsLower is "changed by toUpperCase, unchanged by toLowerCase" of the first code unit', () => {
    for (const s of [...LINES, 'ǅx', 'ßx', '😀x', '1a']) {
      const c0 = s.charAt(0);
      expect([s, startsLower(s)]).toEqual([s, c0 !== c0.toUpperCase() && c0 === c0.toLowerCase()]);
    }
  });
});

describe('mayBeDate and mayBeUrl: cheap guards in front of costly patterns', () => {
  // The patterns as features.ts has them.
  const DATE_LIKE =
    /\b\d{1,4}[./-]\d{1,2}[./-]\d{1,4}\b|\b\d{1,2}:\d{2}\b|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+\d{1,2}\b|\b\d{1,2}\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\b|\b\d+\s+(?:min(?:ute)?s?|hours?|days?|weeks?)\s+ago\b/iu;
  const URL_LIKE = /:\/\/|\bwww\.|\.(?:com|org|net|io|co|news|info)\b/iu;
  /** Pieces that make the patterns match, nearly match, or fold into a match (ſ, K). */
  const PIECES = ['12', '5', '2024', ' ', '  ', '\u00a0', '.', '/', '-', ':', ',', 'Jan', 'sept', 'SEPT', 'ſep', 'May', 'march', 'xmay', '_may', 'óMay', 'maſ', 'hours', 'Min', 'days', 'week', 'ago', 'AGO', 'www', 'WWW', 'com', 'Org', 'io', 'news', 'info', 'http', 'x', 'é', 'K', 'the', 'and'];

  it('say "may match" for every string the patterns match (2,000 random strings and the samples)', () => {
    const random = seededRandom(7);
    const samples = ['Jan 5', 'Sept. 12', '5 May 2024', '3 hours ago', '12:30', '2024-01-02', '1/2/3', '1.12.2024', '12/1/24', 'in 2024 the', 'www.example.com', 'see example.org', 'http://x', 'ſep 5', '5 ſep', 'ſeptembre 5', 'éMay 5', 'Déc 5', '_may 5', '5 ſeptember', '3 dayſ ago', '5 Kov'];
    for (let n = 0; n < 2000; n++) {
      let s = '';
      const k = 1 + Math.floor(random() * 6);
      for (let i = 0; i < k; i++) s += PIECES[Math.floor(random() * PIECES.length)];
      samples.push(s);
    }
    for (const s of samples) {
      if (DATE_LIKE.test(s)) expect([s, mayBeDate(s)]).toEqual([s, true]);
      if (URL_LIKE.test(s)) expect([s, mayBeUrl(s)]).toEqual([s, true]);
    }
  });

  it('say "cannot match" for ordinary prose, which is what makes them worth running', () => {
    const prose = 'In 2024, the council spent 3 of its 12 meetings on the bridge. It was over.';
    expect(DATE_LIKE.test(prose)).toBe(false);
    expect(mayBeDate(prose)).toBe(false);
    expect(mayBeUrl(prose)).toBe(false);
    // Decimals, a number before a hyphen or a colon, a year ending a sentence, a number after a word with an accent.
    for (const line of ['It costs $4.3 billion, 12-inch, iOS 13.2, sold 2019.', 'Note 1: see page 12-3.', 'Notícias da Fórmula 1', 'em 2019 após 36 etapas, nas 10 últimas']) {
      expect([line, DATE_LIKE.test(line)]).toEqual([line, false]);
      expect([line, mayBeDate(line)]).toEqual([line, false]);
    }
  });
});

describe('collapseRuns', () => {
  it('replaces number runs by 0 and whitespace runs by one space, as the two regular expressions do', () => {
    const cases = [
      ...LINES,
      ...['price 12.50 on 3 may', 'a  b\tc\u00a0d', ' lead and trail ', '٣٤ and ½', 'no change here', '1', '  ', 'x\u3000\u3000y 2'],
      // Each kind of character the ASCII skip passes over or stops at: punctuation either side of
      // the digits (/ : @ ~), control characters, every ASCII whitespace, other scripts' spaces and numbers.
      ...['two  spaces', 'tab\there', 'plain words only', 'nbsp\u00a0here', 'ideographic\u3000space', '٣', 'x²', 'a/0:9@z~', '\u0001\u0008\u000e\u001f', 'a\u000bb\u000cc\rd\ne', ' ', '\u007f\u0080'],
    ];
    for (const s of cases) {
      if (/[\ud800-\udfff]/.test(s)) {
        expect(collapseRuns(s)).toBeUndefined();
        continue;
      }
      expect([s, collapseRuns(s)]).toEqual([s, s.replace(/\p{N}+/gu, '0').replace(/\s+/g, ' ')]);
    }
  });
});

describe('firstLetterCase', () => {
  it('tells capitals, other cased letters and uncased characters apart, in ASCII and beyond', () => {
    const of = (s: string) => firstLetterCase(s.charCodeAt(0));
    expect([of('A'), of('a'), of('7'), of('É'), of('é'), of('Ж'), of('ж'), of('中')]).toEqual([
      CAPITAL, CASED_LOWER, UNCASED, CAPITAL, CASED_LOWER, CAPITAL, CASED_LOWER, UNCASED,
    ]);
  });
});

describe('lowerUnit', () => {
  it('gives what toLowerCase gives for every BMP code unit, and -1 for the ones it cannot give alone (İ, Σ, surrogates)', ({ expect }) => {
    const unsure: number[] = [];
    for (let c = 0; c < 0x10000; c++) {
      const l = lowerUnit(c);
      if (l < 0) {
        unsure.push(c);
        continue;
      }
      expect([c, String.fromCharCode(l)]).toEqual([c, String.fromCharCode(c).toLowerCase()]);
    }
    expect(unsure).toContain(0x130);
    expect(unsure).toContain(0x3a3);
    expect(unsure).toContain(0xd800);
    expect(unsure.filter((c) => c < 0xd800 || c > 0xdfff)).toEqual([0x130, 0x3a3]);
  });

  it('lower-cases a line unit by unit as toLowerCase lowers it whole, when no unit is -1', ({ expect }) => {
    for (const line of ['ÉDITION SPÉCIALE', 'Straße UND Über', 'Привет, МИР!', 'ΟΔΟΙ και το', 'ǅemal Ǉubljana', 'Ⅻ Ⓐ ＡＢＣ']) {
      const units = [...line].map((ch) => lowerUnit(ch.charCodeAt(0)));
      expect(units.every((u) => u >= 0)).toBe(true);
      expect(String.fromCharCode(...units)).toBe(line.toLowerCase());
    }
  });
});

/** A word sink that keeps the words it is given, lower-cased as the tokenizer lower-cases them. */
class RecordingSink implements WordSink {
  words: string[] = [];
  asciiHashes: Array<[string, number]> = [];
  startLine(): void {
    this.words = [];
    this.asciiHashes = [];
  }
  word(text: string, start: number, end: number, hash: number, ascii: boolean): void {
    const w = text.slice(start, end).toLowerCase();
    this.words.push(w);
    if (ascii) this.asciiHashes.push([w, hash]);
  }
}

function fnv1a(s: string): number {
  let h = 0x811c9dc5 | 0;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h;
}

describe('scanLineAndWords: the character facts and the words in one pass', () => {
  const seedLines = readdirSync(path.join(import.meta.dirname, '..', 'seeds'))
    .filter((f) => f.endsWith('.txt'))
    .flatMap((f) => readFileSync(path.join(import.meta.dirname, '..', 'seeds', f), 'utf8').split('\n'))
    .map((l) => l.trim());
  const lines = [...LINES, "DON'T Stop -- the ’quoted’ AND-more", "'lead and trail' - x", 'İstanbul’da naïve- ve BU', 'ΟΔΟΣ.ΒΑ και ΤΟ', ...seedLines];

  it('gives the facts scanLine gives, on every seed line and on lines of other scripts, CJK, emoji and empty ones', ({ expect }) => {
    const sink = new RecordingSink();
    const alone = newLineScan();
    const fused = newLineScan();
    for (const s of lines) {
      scanLine(s, alone);
      scanLineAndWords(s, fused, sink);
      expect([s, fused]).toEqual([s, alone]);
    }
  });

  it('hands over the words tokenize cuts, with the hash of each ASCII word, or says it could not (CJK, astral)', ({ expect }) => {
    const sink = new RecordingSink();
    const out = newLineScan();
    let handed = 0;
    // Disagreements are collected and compared once: an expect per word of ~20,000 seed lines
    // took ~5 s, past the default timeout on a loaded 2-core machine.
    const wrong: unknown[] = [];
    for (const s of lines) {
      const ok = scanLineAndWords(s, out, sink);
      const tokens = tokenize(s);
      if (ok !== (tokens.cjkChars === 0 && !/[\u{10000}-\u{10ffff}]/u.test(s))) wrong.push({ line: s, ok });
      if (!ok) continue;
      handed++;
      if (sink.words.length !== tokens.words.length || sink.words.some((w, i) => w !== tokens.words[i])) wrong.push({ line: s, words: sink.words, expected: tokens.words });
      for (const [w, h] of sink.asciiHashes) if (h !== fnv1a(w)) wrong.push({ word: w, hash: h });
    }
    expect(wrong).toEqual([]);
    expect(handed).toBeGreaterThan(5000);
  });

  it('hashes every code unit of the line as hashCodeUnits does (the doorkeeper of the memo takes that hash)', ({ expect }) => {
    const out = newLineScan();
    for (const s of lines) {
      scanLine(s, out);
      expect([s, out.textHash]).toEqual([s, hashCodeUnits(s)]);
    }
  });

  it('counts the items separators of a term list: commas and semicolons, Latin and fullwidth, and 、', ({ expect }) => {
    const out = newLineScan();
    for (const s of [...lines, 'a; b；c，d、e,f']) {
      scanLine(s, out);
      expect([s, out.commas + out.semicolons]).toEqual([s, [...s].filter((c) => ',;，、；'.includes(c)).length]);
    }
  });
});
