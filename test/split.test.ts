import { describe, expect, it } from 'vitest';
import { DEFAULT_MAX_LINE_BYTES, LineSplitter, firstInvalidUtf8, splitLines, type LinePosition, type SplitWarning, type SplitterOptions } from '../src/split.js';
import { seededRandom as prng } from '../src/eval/metric.js';

const enc = new TextEncoder();
const bytes = (s: string): Uint8Array => enc.encode(s);
const concat = (...parts: Uint8Array[]): Uint8Array => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
};

/** Feed the chunks to a fresh splitter; collect lines and warnings. */
function run(chunks: Uint8Array[], maxLineBytes?: number): { lines: string[]; warnings: SplitWarning[] } {
  const warnings: SplitWarning[] = [];
  const splitter = new LineSplitter({ maxLineBytes, onWarning: (w) => warnings.push(w) });
  const lines: string[] = [];
  for (const c of chunks) splitter.push(c, lines);
  splitter.end(lines);
  return { lines, warnings };
}

const whole = (input: Uint8Array | string, maxLineBytes?: number) =>
  run([typeof input === 'string' ? bytes(input) : input], maxLineBytes);

function oneByteChunks(input: Uint8Array): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (let i = 0; i < input.length; i++) out.push(input.subarray(i, i + 1));
  return out;
}


function randomChunks(input: Uint8Array, seed: number, maxSize = 9): Uint8Array[] {
  const rand = prng(seed);
  const out: Uint8Array[] = [];
  let i = 0;
  while (i < input.length) {
    // Sizes 0..maxSize: empty chunks are legal input too.
    const size = Math.floor(rand() * (maxSize + 1));
    out.push(input.subarray(i, i + size));
    i += size;
  }
  return out;
}

describe('LineSplitter terminators', () => {
  it('splits on \\n', () => {
    expect(whole('alpha\nbeta\ngamma').lines).toEqual(['alpha', 'beta', 'gamma']);
  });

  it('treats \\r\\n as one terminator', () => {
    expect(whole('alpha\r\nbeta\r\ngamma').lines).toEqual(['alpha', 'beta', 'gamma']);
  });

  it('treats a lone \\r as a terminator', () => {
    expect(whole('alpha\rbeta\rgamma').lines).toEqual(['alpha', 'beta', 'gamma']);
  });

  it('counts a \\r at the end of one chunk and a \\n at the start of the next as one terminator', () => {
    const { lines } = run([bytes('alpha\r'), bytes('\nbeta')]);
    expect(lines).toEqual(['alpha', 'beta']);
  });

  it('counts a split \\r\\n as one terminator also when the line before it was carried from an earlier chunk', () => {
    const { lines } = run([bytes('al'), bytes('pha\r'), bytes('\nbe'), bytes('ta\n')]);
    expect(lines).toEqual(['alpha', 'beta']);
  });

  it('keeps a split \\r\\n as one terminator across an empty chunk in between', () => {
    const { lines } = run([bytes('alpha\r'), new Uint8Array(0), bytes('\nbeta')]);
    expect(lines).toEqual(['alpha', 'beta']);
  });

  it('treats \\r followed by a non-\\n in the next chunk as a lone \\r', () => {
    const { lines } = run([bytes('alpha\r'), bytes('beta')]);
    expect(lines).toEqual(['alpha', 'beta']);
  });

  it('does not pair a lone \\r inside a chunk with a \\n at the start of the next chunk', () => {
    // The \r after "b" is the chunk's last terminator but not its last byte: the next \n ends "c".
    expect(run([bytes('a\r\nb\rc'), bytes('\n\nd')]).lines).toEqual(['a', 'b', 'c', '', 'd']);
  });

  it('flushes a final line without a terminator at end()', () => {
    const splitter = new LineSplitter();
    const out: string[] = [];
    splitter.push(bytes('first\nlast words'), out);
    expect(out).toEqual(['first']);
    splitter.end(out);
    expect(out).toEqual(['first', 'last words']);
  });

  it('gives no extra empty line for a trailing terminator', () => {
    expect(whole('one\ntwo\n').lines).toEqual(['one', 'two']);
    expect(whole('one\r\ntwo\r\n').lines).toEqual(['one', 'two']);
    expect(whole('one\rtwo\r').lines).toEqual(['one', 'two']);
  });

  it('keeps empty lines in the middle as ""', () => {
    expect(whole('one\n\n\ntwo\r\n\r\nthree\r\rfour').lines).toEqual(['one', '', '', 'two', '', 'three', '', 'four']);
  });

  it('yields one empty line for an input that is just a terminator, and none for an empty input', () => {
    expect(whole('\n').lines).toEqual(['']);
    expect(whole('').lines).toEqual([]);
  });

  it('counts the emitted lines in lineCount', () => {
    const splitter = new LineSplitter();
    const out: string[] = [];
    splitter.push(bytes('a\nb\r\nc'), out);
    expect(splitter.lineCount).toBe(2);
    splitter.end(out);
    expect(splitter.lineCount).toBe(3);
  });

  it('refuses push() after end()', () => {
    const splitter = new LineSplitter();
    splitter.end([]);
    expect(() => splitter.push(bytes('x'), [])).toThrow(/after end/);
  });

  it('rejects a maxLineBytes that is not a positive integer, naming the option', () => {
    expect(() => new LineSplitter({ maxLineBytes: 0 })).toThrow(/maxLineBytes/);
    expect(() => new LineSplitter({ maxLineBytes: 1.5 })).toThrow(/maxLineBytes/);
  });

  it('says a maxLineBytes given as a string is a string, not the number it reads as', () => {
    // It said "got 4096" for '4096', a value that looks right.
    expect(() => new LineSplitter({ maxLineBytes: '4096' as any })).toThrow(/`maxLineBytes` must be a positive integer, got string '4096'/);
    expect(() => new LineSplitter({ maxLineBytes: 0 })).toThrow(/`maxLineBytes` must be a positive integer, got 0/);
  });
});

describe('LineSplitter byte order mark', () => {
  const BOM = new Uint8Array([0xef, 0xbb, 0xbf]);

  it('strips a UTF-8 BOM at the start', () => {
    expect(whole(concat(BOM, bytes('héllo\nworld'))).lines).toEqual(['héllo', 'world']);
  });

  it('strips a BOM split across 1-byte chunks', () => {
    const input = concat(BOM, bytes('héllo\nworld'));
    expect(run(oneByteChunks(input)).lines).toEqual(['héllo', 'world']);
  });

  it('strips only the first BOM: a second one is text (U+FEFF)', () => {
    expect(whole(concat(BOM, BOM, bytes('x'))).lines).toEqual(['\ufeffx']);
  });

  it('keeps a file that is only the first two BOM bytes as text, whole or byte by byte', () => {
    const input = new Uint8Array([0xef, 0xbb]);
    for (const chunks of [[input], oneByteChunks(input)]) {
      const { lines, warnings } = run(chunks);
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(/^\ufffd+$/);
      expect(warnings.map((w) => w.code)).toEqual(['invalid-utf8']);
    }
  });

  it('keeps text that starts like a BOM but is not one', () => {
    // 0xEF 0xBB 0x80 is a valid 3-byte sequence (U+FEC0), not a BOM.
    const input = concat(new Uint8Array([0xef, 0xbb, 0x80]), bytes('a\nb'));
    expect(whole(input).lines).toEqual(['\ufec0a', 'b']);
    expect(run(oneByteChunks(input)).lines).toEqual(['\ufec0a', 'b']);
  });

  it('keeps a short file that is not a BOM', () => {
    expect(run([bytes('a')]).lines).toEqual(['a']);
    expect(run([bytes('ab')]).lines).toEqual(['ab']);
  });
});

describe('LineSplitter invalid UTF-8', () => {
  it('replaces invalid bytes with U+FFFD and warns with code, 1-based line and the byte offset of the first invalid byte', () => {
    // line 1 "ok" at 0..2, \n at 2; line 2 "fine" at 3, \n at 7; line 3 at 8, its 0xff at 10
    const input = concat(bytes('ok\nfine\nba'), new Uint8Array([0xff]), bytes('d\nend'));
    const { lines, warnings } = whole(input);
    expect(lines).toEqual(['ok', 'fine', 'ba\ufffdd', 'end']);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatchObject({ code: 'invalid-utf8', line: 3, offset: 10 });
    // One position, the file's byte, as every other message gives it (it also said "from its byte 3", counted in the line from 1).
    expect(warnings[0]!.message).toBe('line 3: invalid UTF-8, replaced with U+FFFD (byte 10)');
    expect(warnings[0]!.reason).toBe('invalid UTF-8, replaced with U+FFFD');
  });

  it('finds the first ill-formed sequence the way the WHATWG decoder does (overlongs, surrogates, truncated sequences)', () => {
    const at = (...b: number[]) => firstInvalidUtf8(new Uint8Array(b));
    expect(at(0x61, 0xc3, 0xa9, 0x62)).toBe(4); // "aéb": valid
    expect(at(0x61, 0xc0, 0x80)).toBe(1); // overlong NUL
    expect(at(0x61, 0x62, 0xe0, 0x80, 0x80)).toBe(2); // overlong 3-byte form
    expect(at(0xed, 0xa0, 0x80)).toBe(0); // a UTF-16 surrogate
    expect(at(0xf4, 0x90, 0x80, 0x80)).toBe(0); // past U+10FFFF
    expect(at(0x61, 0xe4, 0xb8)).toBe(1); // cut short
    expect(at(0xf0, 0x9f, 0x98, 0x80, 0x80)).toBe(4); // an emoji, then a stray continuation byte
  });

  it('gives the file offset of the bad byte, the BOM and CRLF terminators counted', () => {
    // The BOM (3 bytes), "a\r\n" (3 bytes), "bb\r\n" (4 bytes): line 3 starts at file byte 10.
    const input = concat(new Uint8Array([0xef, 0xbb, 0xbf]), bytes('a\r\nbb\r\n'), new Uint8Array([0xc3]), bytes('\r\nz'));
    const { lines, warnings } = whole(input);
    expect(lines).toEqual(['a', 'bb', '\ufffd', 'z']);
    expect(input[10]).toBe(0xc3);
    expect(warnings).toEqual([expect.objectContaining({ code: 'invalid-utf8', line: 3, offset: 10 })]);
    // Whatever the chunking: a BOM cut across chunks counts the same.
    expect(run(oneByteChunks(input)).warnings).toEqual(warnings);
  });

  it('reports an invalid last line that has no terminator', () => {
    const input = concat(bytes('one\ntwo\n'), new Uint8Array([0x80, 0x80]));
    const { lines, warnings } = whole(input);
    expect(lines[2]).toMatch(/^\ufffd+$/);
    expect(warnings).toEqual([expect.objectContaining({ code: 'invalid-utf8', line: 3, offset: 8 })]);
  });

  it('does not warn about a multi-byte character split across chunks', () => {
    const input = bytes('中文\n😀');
    const { lines, warnings } = run(oneByteChunks(input));
    expect(lines).toEqual(['中文', '😀']);
    expect(warnings).toEqual([]);
  });
});

describe('LineSplitter line cap', () => {
  it('truncates a line over maxLineBytes at a character boundary and warns; the following lines are intact', () => {
    // "ab中" is 5 bytes; a cap of 4 falls inside 中 (bytes 2..4), so only "ab" is kept.
    const { lines, warnings } = whole('short\nab中cd\nnext line\nlast', 4);
    expect(lines).toEqual(['shor', 'ab', 'next', 'last']);
    expect(warnings.map((w) => [w.code, w.line, w.offset])).toEqual([
      ['line-truncated', 1, 0],
      ['line-truncated', 2, 6],
      ['line-truncated', 3, 14],
    ]);
    expect(warnings[1]!.message).toBe('line 2: line of 7 bytes, over maxLineBytes (4); kept the first 2 (byte 6)');
  });

  it('keeps a line of exactly maxLineBytes without a warning', () => {
    const { lines, warnings } = whole('abcd\nxy', 4);
    expect(lines).toEqual(['abcd', 'xy']);
    expect(warnings).toEqual([]);
  });

  it('truncates a long line that arrives over many chunks, and the lines after it are correct', () => {
    const long = 'x'.repeat(100);
    const input = bytes(`before\n${long}\nafter\r\nend`);
    const { lines, warnings } = run(randomChunks(input, 7, 13), 10);
    expect(lines).toEqual(['before', 'x'.repeat(10), 'after', 'end']);
    expect(warnings).toEqual([expect.objectContaining({ code: 'line-truncated', line: 2, offset: 7 })]);
  });

  it('uses 1 MiB as the default cap', () => {
    expect(DEFAULT_MAX_LINE_BYTES).toBe(1024 * 1024);
  });
});

describe('LineSplitter chunking equivalence', () => {
  // Multi-byte characters (2, 3 and 4 bytes), CRLF, lone CR, blank lines,
  // a BOM and one invalid byte (so the warnings are compared too).
  const text =
    'Café au lait, s’il vous plaît.\r\n' +
    '\r\n' +
    '中文的句子在这里。\r' +
    'Emoji line 😀 with more 😀😀\n' +
    '\n' +
    '\n' +
    'Mixed ending\r\r\n' +
    'é中😀é中😀\r\n' +
    'tail without terminator ü';
  const input = concat(
    new Uint8Array([0xef, 0xbb, 0xbf]),
    bytes(text.slice(0, 40)),
    new Uint8Array([0xfe]),
    bytes(text.slice(40)),
  );
  const reference = whole(input);

  it('has a reference with the expected lines and one warning', () => {
    expect(reference.lines).toHaveLength(10);
    expect(reference.lines[0]).toBe('Café au lait, s’il vous plaît.');
    expect(reference.lines[1]).toBe('');
    expect(reference.lines[6]).toBe('Mixed ending');
    expect(reference.lines[7]).toBe('');
    expect(reference.lines[9]).toBe('tail without terminator ü');
    expect(reference.lines.join('\n')).toContain('\ufffd');
    expect(reference.warnings.map((w) => w.code)).toEqual(['invalid-utf8']);
  });

  it('gives the same lines and warnings one byte at a time', () => {
    expect(run(oneByteChunks(input))).toEqual(reference);
  });

  it('gives the same lines and warnings for 50 seeded random splits', () => {
    for (let seed = 1; seed <= 50; seed++) {
      const result = run(randomChunks(input, seed));
      expect(result, `seed ${seed}`).toEqual(reference);
    }
  });

  it('gives the same lines through splitLines from string and byte chunks', async () => {
    const lines: string[] = [];
    for await (const batch of splitLines(randomChunks(input, 99, 5))) lines.push(...batch);
    expect(lines).toEqual(reference.lines);
    const fromStrings: string[] = [];
    async function* strings() {
      yield 'one\r';
      yield '\ntwo\n';
      yield 'thr';
      yield 'ee';
    }
    for await (const batch of splitLines(strings())) fromStrings.push(...batch);
    expect(fromStrings).toEqual(['one', 'two', 'three']);
  });
});

describe('splitLines arguments', () => {
  it('throws at the call for a source that is not iterable and for bad options, not at the first next()', () => {
    expect(() => splitLines(null as any)).toThrow(/`source` must be an iterable or async iterable of chunks, got null/);
    expect(() => splitLines('text\n' as any)).toThrow(/`source` must be an iterable or async iterable of chunks, got string/);
    expect(() => splitLines(['a\n'], { maxLineBytes: 0 })).toThrow(/`maxLineBytes` must be a positive integer/);
  });

  it('throws at the call for an option name it does not take, naming the option meant, instead of ignoring a typo', () => {
    expect(() => splitLines(['a\n'], { lineBreak: 'lf' } as any)).toThrow('splitLines(): unknown option `lineBreak` in `options` (did you mean `lineBreaks`?)');
    expect(() => new LineSplitter({ longLine: 'skip' } as any)).toThrow(/^LineSplitter\(\): unknown option `longLine`.*did you mean `longLines`/);
  });

  it('LineSplitter rejects a chunk or an output that is not what it appends to, naming the method and the argument', () => {
    // A string chunk failed as 'chunk.subarray is not a function'.
    expect(() => new LineSplitter().push('a\n' as never, [])).toThrow('LineSplitter.push(): argument `chunk` must be a Uint8Array (encode a string first), got string');
    expect(() => new LineSplitter().push(bytes('a\n'), 5 as never)).toThrow(/^LineSplitter\.push\(\): argument `out` must be an array/);
    expect(() => new LineSplitter().push(bytes('a\n'), [], {} as never)).toThrow(/^LineSplitter\.push\(\): argument `positions` must be an array or undefined/);
    expect(() => new LineSplitter().end(null as never)).toThrow(/^LineSplitter\.end\(\): argument `out` must be an array/);
  });
});

describe('splitLines string chunks', () => {
  async function linesOf(source: Iterable<string | Uint8Array>): Promise<string[]> {
    const out: string[] = [];
    for await (const batch of splitLines(source)) out.push(...batch);
    return out;
  }
  const TEXT = 'Caf\u00e9 \u{1F600} smile\r\nA \u{1D11E} clef and \u{1F600}\nend \u{1F600}';

  it('gives the same lines for string chunks cut at every UTF-16 unit, surrogate pairs split included', async () => {
    const whole = await linesOf([TEXT]);
    expect(whole).toEqual(['Caf\u00e9 \u{1F600} smile', 'A \u{1D11E} clef and \u{1F600}', 'end \u{1F600}']);
    for (let cut = 1; cut < TEXT.length; cut++) {
      expect(await linesOf([TEXT.slice(0, cut), TEXT.slice(cut)]), `cut at ${cut}`).toEqual(whole);
    }
    expect(await linesOf([...TEXT].flatMap((ch) => ch.split('')))).toEqual(whole);
  });

  it('joins a pair split between a string chunk and the next one across an empty chunk, and keeps a lone half as U+FFFD', async () => {
    expect(await linesOf(['a \ud83d', '', '\ude00 b'])).toEqual(['a \u{1F600} b']);
    // A half with no partner is not a character: as when encoded alone, it becomes U+FFFD.
    expect(await linesOf(['a \ud83d'])).toEqual(['a \ufffd']);
    expect(await linesOf(['a \ud83d', Buffer.from(' b')])).toEqual(['a \ufffd b']);
  });
});

describe('LineSplitter memory', () => {
  it(
    'handles a 50 MB line without a newline in bounded memory: one capped line and one warning',
    () => {
      const chunk = new Uint8Array(64 * 1024).fill(0x61); // "a"
      const total = 50 * 1024 * 1024;
      const warnings: SplitWarning[] = [];
      const splitter = new LineSplitter({ onWarning: (w) => warnings.push(w) });
      const out: string[] = [];
      const start = process.memoryUsage().rss;
      let peak = start;
      for (let sent = 0; sent < total; sent += chunk.length) {
        splitter.push(chunk, out);
        if ((sent & 0xfffff) === 0) peak = Math.max(peak, process.memoryUsage().rss);
      }
      splitter.end(out);
      peak = Math.max(peak, process.memoryUsage().rss);
      expect(out).toHaveLength(1);
      expect(out[0]!.length).toBe(DEFAULT_MAX_LINE_BYTES);
      expect(warnings).toEqual([expect.objectContaining({ code: 'line-truncated', line: 1, offset: 0 })]);
      expect(warnings[0]!.message).toContain(String(total));
      expect(peak - start).toBeLessThan(100 * 1024 * 1024);
    },
    60_000,
  );
});

describe('LineSplitter work on a chunk longer than maxLineBytes', () => {
  /** Bytes that count how far their indexOf calls read (subarray views count too: they are made by the same class). */
  class CountingBytes extends Uint8Array {
    static read = 0;
    override indexOf(value: number, from = 0): number {
      const at = super.indexOf(value, from);
      CountingBytes.read += (at < 0 ? this.length : at + 1) - from;
      return at;
    }
  }

  /** Bytes read by indexOf to split `text`, given as one chunk, with these options. */
  function bytesRead(text: string, options: SplitterOptions, positions = false): { read: number; lines: string[] } {
    const encoded = bytes(text);
    const chunk = new CountingBytes(encoded.length);
    chunk.set(encoded);
    const splitter = new LineSplitter(options);
    const lines: string[] = [];
    // A first chunk of its own: the BOM check copies the first bytes into a plain array.
    splitter.push(bytes('\n'), lines);
    lines.length = 0;
    CountingBytes.read = 0;
    splitter.push(chunk, lines, positions ? [] : undefined);
    splitter.end(lines);
    return { read: CountingBytes.read, lines };
  }

  // A chunk over the cap (labelBytes([readFileSync(f)]), a stream's end(buffer)) is checked for a
  // line over the cap, line by line; each line's search for a \r read on to the end of the chunk
  // when there was none, so 2 MB of \n-terminated text took 5 s and 40 MB hours.
  const LINE = 'x'.repeat(99) + '\n';
  const LINES = 5000;
  /** Reads of each byte allowed: a few passes over the chunk (the cap check, the positions or the line-by-line decoding), each searching for \n and for \r once. */
  const READS = 8;
  it('finds the line ends of a chunk over the cap with \\n breaks reading each byte a few times, not once for every line before it', () => {
    const { read, lines } = bytesRead(LINE.repeat(LINES), { maxLineBytes: 1000 });
    expect(lines).toHaveLength(LINES);
    expect(read).toBeLessThan(READS * LINE.length * LINES);
  });

  it('does so too when a bad byte sends the chunk line by line through the decoder, and when positions are asked for', () => {
    const { read, lines } = bytesRead(LINE.repeat(LINES), { maxLineBytes: 1000 }, true);
    expect(lines).toHaveLength(LINES);
    expect(read).toBeLessThan(READS * LINE.length * LINES);
    const invalid = new Uint8Array([...bytes(LINE.repeat(LINES)), 0xff, 0x0a]);
    const chunk = new CountingBytes(invalid.length);
    chunk.set(invalid);
    const splitter = new LineSplitter();
    const out: string[] = [];
    splitter.push(bytes('\n'), out);
    CountingBytes.read = 0;
    splitter.push(chunk, out);
    expect(out).toHaveLength(1 + LINES + 1);
    expect(CountingBytes.read).toBeLessThan(READS * invalid.length);
  });

  it("finds the line ends of a chunk over the cap with \\r breaks, and in 'lf' mode, reading each byte a few times", () => {
    const cr = bytesRead(LINE.replace('\n', '\r').repeat(LINES), { maxLineBytes: 1000 });
    expect(cr.lines).toHaveLength(LINES);
    expect(cr.read).toBeLessThan(READS * LINE.length * LINES);
    const lf = bytesRead(LINE.repeat(LINES), { maxLineBytes: 1000, lineBreaks: 'lf' }, true);
    expect(lf.lines).toHaveLength(LINES);
    expect(lf.read).toBeLessThan(READS * LINE.length * LINES);
  });
});

/** Feed the chunks to a splitter with these options; collect lines, their positions and warnings. */
function runWith(chunks: Uint8Array[], options: SplitterOptions) {
  const warnings: SplitWarning[] = [];
  const splitter = new LineSplitter({ ...options, onWarning: (w) => warnings.push(w) });
  const lines: string[] = [];
  const positions: LinePosition[] = [];
  for (const c of chunks) splitter.push(c, lines, positions);
  splitter.end(lines, positions);
  return { lines, positions, warnings, bomLength: splitter.bomLength };
}

/** The same bytes whole, one byte at a time, in 50 seeded random splits and cut at every single byte. */
function chunkings(input: Uint8Array): Array<[string, Uint8Array[]]> {
  const out: Array<[string, Uint8Array[]]> = [['whole', [input]], ['one byte at a time', oneByteChunks(input)]];
  for (let seed = 1; seed <= 50; seed++) out.push([`seed ${seed}`, randomChunks(input, seed)]);
  for (let cut = 1; cut < input.length; cut++) out.push([`cut at ${cut}`, [input.subarray(0, cut), input.subarray(cut)]]);
  return out;
}

describe('LineSplitter positions', () => {
  it('gives each emitted line its number and its byte offset in the input, the BOM counted, and bomLength says the BOM was there', () => {
    const input = concat(new Uint8Array([0xef, 0xbb, 0xbf]), bytes('añ\r\nb\rc\n\nd'));
    const reference = runWith([input], {});
    expect(reference.lines).toEqual(['añ', 'b', 'c', '', 'd']);
    expect(reference.positions).toEqual([
      { line: 1, offset: 3 },
      { line: 2, offset: 8 },
      { line: 3, offset: 10 },
      { line: 4, offset: 12 },
      { line: 5, offset: 13 },
    ]);
    expect(reference.bomLength).toBe(3);
    for (const [name, chunks] of chunkings(input)) expect(runWith(chunks, {}), name).toEqual(reference);
  });

  it('reports a bomLength of 0 when the input has no BOM', () => {
    expect(runWith([bytes('x\ny')], {}).bomLength).toBe(0);
  });
});

describe("LineSplitter lineBreaks: 'lf'", () => {
  const lf: SplitterOptions = { lineBreaks: 'lf' };

  it('ends lines only at \\n, drops a \\r right before it, and keeps a lone \\r as data', () => {
    expect(runWith([bytes('a\r\nb\rc\n\r\rd\r\n\ne')], lf).lines).toEqual(['a', 'b\rc', '\r\rd', '', 'e']);
  });

  it('drops a \\r at the very end of the input as it would drop \\r\\n, and gives one empty line for a lone final \\r', () => {
    expect(runWith([bytes('a\nb\r')], lf).lines).toEqual(['a', 'b']);
    expect(runWith([bytes('a\n\r')], lf).lines).toEqual(['a', '']);
  });

  it('gives the same lines, positions and warnings whole, one byte at a time and in odd chunks (characters and \\r\\n split)', () => {
    const input = concat(
      new Uint8Array([0xef, 0xbb, 0xbf]),
      bytes('Café\r\n中文\rmore 😀\n\n'),
      new Uint8Array([0xfe]),
      bytes('bad byte\r\n\r\r\nlast é'),
    );
    const reference = runWith([input], lf);
    expect(reference.lines).toEqual(['Café', '中文\rmore 😀', '', '\ufffdbad byte', '\r', 'last é']);
    expect(reference.warnings.map((w) => [w.code, w.line])).toEqual([['invalid-utf8', 4]]);
    for (const [name, chunks] of chunkings(input)) expect(runWith(chunks, lf), name).toEqual(reference);
  });

  it('keeps a line of exactly maxLineBytes whose \\r\\n is split across chunks, and truncates one byte more', () => {
    const opts: SplitterOptions = { lineBreaks: 'lf', maxLineBytes: 4 };
    expect(runWith([bytes('abcd\r'), bytes('\nxy')], opts)).toMatchObject({ lines: ['abcd', 'xy'], warnings: [] });
    const over = runWith([bytes('abcde\r'), bytes('\nxy')], opts);
    expect(over.lines).toEqual(['abcd', 'xy']);
    expect(over.warnings).toEqual([expect.objectContaining({ code: 'line-truncated', line: 1, offset: 0, bytes: 5 })]);
  });
});

describe("LineSplitter longLines: 'skip'", () => {
  const skip: SplitterOptions = { longLines: 'skip', maxLineBytes: 8 };

  it('emits nothing for a line over the cap, warns with its number, offset and full length, and keeps the lines after it', () => {
    const { lines, positions, warnings } = runWith([bytes('short\nfar too long a line\r\nok\nalso much too long')], skip);
    expect(lines).toEqual(['short', 'ok']);
    expect(positions).toEqual([
      { line: 1, offset: 0 },
      { line: 3, offset: 27 },
    ]);
    expect(warnings.map((w) => [w.code, w.line, w.offset, w.bytes])).toEqual([
      ['line-skipped', 2, 6, 19],
      ['line-skipped', 4, 30, 18],
    ]);
    expect(warnings[0]!.message).toBe('line 2: line of 19 bytes, over maxLineBytes (8); skipped (byte 6)');
  });

  it('gives the same lines, positions and warnings whole, one byte at a time and in odd chunks', () => {
    const input = bytes('é\r\nover the cap: ü€😀 and more\r\nfits 😀\rlong line without an end é€😀');
    const reference = runWith([input], { ...skip, maxLineBytes: 10 });
    expect(reference.lines).toEqual(['é', 'fits 😀']);
    expect(reference.warnings.map((w) => [w.code, w.line])).toEqual([
      ['line-skipped', 2],
      ['line-skipped', 4],
    ]);
    for (const [name, chunks] of chunkings(input)) expect(runWith(chunks, { ...skip, maxLineBytes: 10 }), name).toEqual(reference);
  });

  it('skips a 5 MB line that arrives in many chunks without a newline: no line, one warning with its length', () => {
    const chunk = new Uint8Array(64 * 1024).fill(0x61);
    const total = 5 * 1024 * 1024;
    const chunks: Uint8Array[] = [bytes('first\n')];
    for (let sent = 0; sent < total; sent += chunk.length) chunks.push(chunk);
    chunks.push(bytes('\nafter'));
    const { lines, warnings } = runWith(chunks, { longLines: 'skip' });
    expect(lines).toEqual(['first', 'after']);
    expect(warnings).toEqual([expect.objectContaining({ code: 'line-skipped', line: 2, offset: 6, bytes: total })]);
  });

  it('rejects lineBreaks and longLines values it does not know, naming the option', () => {
    expect(() => new LineSplitter({ lineBreaks: 'crlf' as never })).toThrow(/lineBreaks/);
    expect(() => new LineSplitter({ longLines: 'wrap' as never })).toThrow(/longLines/);
  });
});
