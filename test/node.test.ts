import { describe, expect, it } from 'vitest';
import { Duplex, PassThrough, Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createCleanStream, createLabelStream } from '../src/node.js';
import { cleanText } from '../src/pipeline.js';
import type { LabelledLine } from '../src/types.js';

const PARAGRAPHS = [
  'The harbour authority said on Monday that the old ferry pier would close for repairs in March, after divers found that several of its wooden piles had rotted.',
  'Ferries will use a temporary landing stage on the north quay while the work goes on, and the timetable will stay the same for the whole of the spring.',
  'Local traders said they were relieved that the service would keep running, because the summer season depends on visitors who arrive by boat.',
];
const PAGE = ['Home', 'News', 'Sport', '', ...PARAGRAPHS, '', 'Sign up for our newsletter', '© 2031 Harbour Press. All rights reserved.'].join('\n') + '\n';

/** The page's bytes in chunks of 7, so lines and UTF-8 characters are cut across chunks. */
function chunks(text: string): Readable {
  const bytes = Buffer.from(text);
  const parts: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += 7) parts.push(bytes.subarray(i, i + 7));
  return Readable.from(parts);
}

describe('createCleanStream', () => {
  it('turns piped bytes into the same kept lines as cleanText over the whole page', async () => {
    let out = '';
    await pipeline(chunks(PAGE), createCleanStream(), async (source: AsyncIterable<Buffer | string>) => {
      for await (const part of source) out += part.toString();
    });
    const expected: string[] = [];
    for await (const line of cleanText(PAGE.trimEnd().split('\n'))) expected.push(line);
    expect(out.trimEnd().split('\n')).toEqual(expected);
    for (const p of PARAGRAPHS) expect(out).toContain(p);
    expect(out).not.toContain('Sign up');
  });

  it('throws at the call on bad options instead of failing the stream later', () => {
    expect(() => createCleanStream(42 as any)).toThrow(/`options` must be an object/);
    expect(() => createCleanStream({ keep: ['bogus' as any] })).toThrow(/`options\.keep`/);
  });

  it('throws at the call on an option name it does not take, naming the option meant, instead of ignoring a typo', () => {
    // `kep` was ignored and the stream kept the default classes.
    expect(() => createCleanStream({ kep: ['body', 'disclaimer'] } as any)).toThrow('createCleanStream(): unknown option `kep` in `options` (did you mean `keep`?)');
    expect(() => createLabelStream({ keep: ['body'] } as any)).toThrow(/^createLabelStream\(\): unknown option `keep`/);
    expect(() => createLabelStream({ contextWindow: 3, maxLineBytes: 1 << 16, lineBreaks: 'lf', longLines: 'skip', onWarning: () => {}, reasons: false })).not.toThrow();
    expect(() => createCleanStream({ contextWindow: 3, maxLineBytes: 1 << 16, keep: ['body'], textOnly: true })).not.toThrow();
  });
});

describe('createLabelStream', () => {
  it('checks and uses options set on a prototype, as labelDocument does', () => {
    // The stream handed the labeller only the caller's own keys: an inherited bad value passed.
    expect(() => createLabelStream(Object.create({ sequenceLag: -1 }))).toThrow(/options\.sequenceLag/);
    expect(() => createCleanStream(Object.create({ contextWindow: -1 }))).toThrow(/options\.contextWindow/);
  });

  it('gives one labelled line per input line, in order, with a reason each', async () => {
    const got: LabelledLine[] = [];
    await pipeline(chunks(PAGE), createLabelStream() as Duplex, async (source: AsyncIterable<LabelledLine>) => {
      for await (const line of source) got.push(line);
    });
    expect(got.map((l) => l.text)).toEqual(PAGE.trimEnd().split('\n'));
    for (const p of PARAGRAPHS) expect(got.find((l) => l.text === p)?.label).toBe('body');
    expect(got.every((l) => l.label === 'blank' || l.reason.length > 0)).toBe(true);
  });

  it('throws at the call on bad options', () => {
    expect(() => createLabelStream({ contextWindow: 0 })).toThrow(/`options\.contextWindow`/);
  });

  it('throws at the call on bad splitter options too, which its splitter would only see once bytes flow', () => {
    expect(() => createLabelStream({ maxLineBytes: 0 })).toThrow(/`maxLineBytes` must be a positive integer/);
    expect(() => createLabelStream({ onWarning: 5 as any })).toThrow(/`onWarning` must be a function/);
    expect(() => createCleanStream({ lineBreaks: 'crlf' as any })).toThrow(/`lineBreaks` must be 'any' or 'lf'/);
  });

  it('reads a string written with a bytes encoding (hex, base64) as the bytes it encodes, and one written as text as its text', async () => {
    // The encoding was ignored: write('SG9tZQo=', 'base64') labelled the line "SG9tZQo=".
    const stream = createLabelStream();
    const got: string[] = [];
    stream.on('data', (line: LabelledLine) => got.push(line.text));
    stream.write(Buffer.from('Home\n').toString('base64'), 'base64');
    stream.write(Buffer.from('News\n').toString('hex'), 'hex');
    stream.write(Buffer.from('Café\n').toString('base64url'), 'base64url');
    stream.write('Sport\n', 'utf8');
    stream.write('Été\n', 'latin1');
    stream.end('Über uns\n');
    await new Promise((resolve) => stream.on('end', resolve));
    expect(got).toEqual(['Home', 'News', 'Café', 'Sport', 'Été', 'Über uns']);
  });
});

describe('destroying the stream adapters', () => {
  /** Resolves when `stream` emits 'close', or rejects after `ms`: a hang fails the test instead of the run. */
  function closed(stream: NodeJS.EventEmitter, ms = 2000): Promise<void> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no 'close' within ${ms} ms`)), ms);
      stream.once('close', () => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  for (const [name, make] of [
    ['createCleanStream', () => createCleanStream()],
    ['createLabelStream', () => createLabelStream()],
  ] as const) {
    it(`${name} closes when destroyed while it waits for more input`, async () => {
      const stream = make();
      stream.on('error', () => {});
      stream.resume();
      // A few lines, fewer than the context window holds back: nothing comes out yet, and the
      // stream waits for the next chunk, which never comes (a stalled socket).
      stream.write(Buffer.from('Home\nNews\n' + PARAGRAPHS[0] + '\n'));
      await new Promise((r) => setTimeout(r, 50));
      stream.destroy();
      await closed(stream);
      expect(stream.destroyed).toBe(true);
    });

    it(`${name} lets pipeline() settle when its signal aborts while the source has stalled`, async () => {
      const stalled = new PassThrough();
      stalled.write('Home\n');
      const ac = new AbortController();
      const run = pipeline(stalled, make(), new Writable({ objectMode: true, write: (_c, _e, cb) => cb() }), { signal: ac.signal });
      setTimeout(() => ac.abort(), 50);
      const settled = await Promise.race([
        run.then(() => 'resolved', (e: Error) => e.name),
        new Promise((r) => setTimeout(() => r('hung'), 2000)),
      ]);
      expect(settled).toBe('AbortError');
      expect(stalled.destroyed).toBe(true);
    });
  }

  it('still errors with the chunk named when a write is neither bytes nor text', async () => {
    const stream = createLabelStream();
    const failed = new Promise<Error>((resolve) => stream.once('error', resolve));
    stream.resume();
    stream.write(Buffer.from('Home\n'));
    stream.write({ not: 'bytes' });
    expect((await failed).message).toMatch(/`chunk` must be a Uint8Array or a string, got .* \(write 2\)$/);
  });
});

describe('backpressure', () => {
  it('stops reading an endless source while nobody reads the clean text', async () => {
    let pulled = 0;
    const endless = new Readable({
      read() {
        pulled += 1;
        this.push(Buffer.from(('Home\n' + PARAGRAPHS.join('\n') + '\n').repeat(20)));
      },
    });
    const stream = createCleanStream();
    endless.pipe(stream);
    await new Promise((r) => setTimeout(r, 500));
    // The readable side fills, then the writable side, then pipe() pauses the source: a few
    // dozen chunks at most, not the thousands an unbounded buffer would take in half a second.
    expect(pulled).toBeLessThan(100);
    endless.destroy();
    stream.destroy();
  });
});

describe('one very large write', () => {
  // About 4 MB in a single write, as a caller holding a whole file in memory writes it.
  const big = Buffer.from(('Home\n' + PARAGRAPHS.join('\n') + '\n').repeat(8000));
  const lineCount = 4 * 8000;

  it('holds a bounded number of labelled lines while nobody reads, then gives every line, in order', async () => {
    const stream = createLabelStream({ reasons: false });
    stream.write(big);
    stream.end();
    await new Promise((r) => setTimeout(r, 200));
    // Labelled all at once, the write's 32,000 lines waited in the readable buffer together.
    expect(stream.readableLength).toBeLessThan(lineCount / 10);
    const got: LabelledLine[] = [];
    for await (const line of stream) got.push(line as LabelledLine);
    expect(got).toHaveLength(lineCount);
    expect(got.map((l) => l.index)).toEqual(got.map((_, i) => i));
  });

  it('holds a bounded amount of clean text while nobody reads, then gives the same text as small writes', async () => {
    const stream = createCleanStream();
    stream.write(big);
    stream.end();
    await new Promise((r) => setTimeout(r, 200));
    // The kept text comes a slice of the write at a time, not as one string of all of it (3.4 MB).
    expect(stream.readableLength).toBeLessThan(4);
    const head = stream.read() as string;
    expect(head.length).toBeLessThan(big.length / 20);
    let whole = head;
    for await (const part of stream) whole += part;
    let small = '';
    for await (const part of chunks(big.toString()).pipe(createCleanStream())) small += part;
    expect(whole).toBe(small);
  });
});

describe('string chunks', () => {
  it('gives the same labelled lines when a written string chunk ends in half of a surrogate pair', async () => {
    const text = 'Home\n' + PARAGRAPHS[0] + ' \u{1F600}\n' + PARAGRAPHS[1] + '\n';
    const cut = text.indexOf('\u{1F600}') + 1;
    const run = async (parts: string[]): Promise<string[]> => {
      const got: string[] = [];
      await pipeline(Readable.from(parts), createLabelStream() as Duplex, async (source: AsyncIterable<LabelledLine>) => {
        for await (const line of source) got.push(line.text);
      });
      return got;
    };
    expect(await run([text.slice(0, cut), text.slice(cut)])).toEqual(await run([text]));
  });
});

describe('a written chunk of the wrong kind', () => {
  it('fails the stream naming the write and its place among the writes, not a `source` the caller never gave', async () => {
    const stream = createLabelStream();
    const failed = new Promise<Error>((resolve) => stream.on('error', resolve));
    stream.resume();
    stream.write('Home\n');
    stream.write(42 as never);
    expect((await failed).message).toBe('createLabelStream().write(): argument `chunk` must be a Uint8Array or a string, got number 42 (write 2)');
  });
});
