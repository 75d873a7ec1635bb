import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { BoilerstripError, checkOptionNames, closestName, ERROR_CODES, formatMessage, invalidArgument } from '../src/errors.js';
import { extractHtml } from '../src/document.js';
import { labelDocument } from '../src/pipeline.js';
import { thrown } from './helpers.js';

const KNOWN = ['contextWindow', 'sequenceLag', 'maxSeenLines', 'keep', 'onWarning'];

describe('checkOptionNames', () => {
  it('accepts an options object whose names are all known, and an empty one', () => {
    expect(() => checkOptionNames('f', { contextWindow: 3, keep: ['body'] }, KNOWN)).not.toThrow();
    expect(() => checkOptionNames('f', {}, KNOWN)).not.toThrow();
  });

  it('rejects an unknown name with an invalid-argument error naming the call, the name and the option meant', () => {
    let error: unknown;
    try {
      checkOptionNames('labelDocument', { contxtWindow: 3 }, KNOWN);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(BoilerstripError);
    expect((error as BoilerstripError).code).toBe('ERR_INVALID_ARG');
    expect((error as Error).message).toBe('labelDocument(): unknown option `contxtWindow` in `options` (did you mean `contextWindow`?)');
  });

  it('rejects an unknown name even when its value is undefined', () => {
    expect(() => checkOptionNames('f', { kep: undefined }, KNOWN)).toThrow(/unknown option `kep`.*did you mean `keep`/);
  });

  it('rejects an unknown name a prototype supplies, as the options are read through it, and passes class getters and methods', () => {
    // The calls read `options.contextWindow` through the prototype, but only own keys were checked:
    // a defaults object's typo was ignored in silence.
    expect(() => checkOptionNames('f', Object.create({ contxtWindow: 3 }), KNOWN)).toThrow(/unknown option `contxtWindow`.*did you mean `contextWindow`/);
    class Options {
      keep = ['body'];
      get contextWindow(): number {
        return 3;
      }
      describe(): string {
        return 'options';
      }
    }
    expect(() => checkOptionNames('f', new Options(), KNOWN)).not.toThrow();
    expect(() => checkOptionNames('f', Object.assign(Object.create(null), { keep: ['body'] }), KNOWN)).not.toThrow();
  });

  it('rejects an array as options, naming the call and the argument, so every call that checks its option names refuses one', () => {
    // An array has no names to refuse: `[]` passed as no options at all.
    expect(() => checkOptionNames('f', [], KNOWN)).toThrow('f(): argument `options` must be an object, got an array []');
    expect(() => checkOptionNames('Labeller', ['reasons'], ['reasons'], 'explain')).toThrow('Labeller(): argument `explain` must be an object, got an array ["reasons"]');
    for (const call of [() => extractHtml('<p>A story.</p>', [] as never), () => labelDocument(['a'], [] as never)]) {
      const err = thrown(call);
      expect(err).toBeInstanceOf(BoilerstripError);
      expect(err).toMatchObject({ code: 'ERR_INVALID_ARG' });
      expect((err as Error).message).toMatch(/^(extractHtml|labelDocument)\(\): argument `options` must be an object, got an array \[\]$/);
    }
  });

  it('lists the names the call takes when none is close, and names the argument it was given', () => {
    expect(() => checkOptionNames('Labeller', { colour: 'red' }, ['reasons'], 'explain')).toThrow(
      'Labeller(): unknown option `colour` in `explain`; it takes `reasons`',
    );
  });
});

describe('closestName', () => {
  it('offers the known name a typo, a swapped pair, a case slip or a cut-short name comes from', () => {
    expect(closestName('contxtWindow', KNOWN)).toBe('contextWindow');
    expect(closestName('sequnceLag', KNOWN)).toBe('sequenceLag');
    expect(closestName('seqeunceLag', KNOWN)).toBe('sequenceLag');
    expect(closestName('MaxSeenLines', KNOWN)).toBe('maxSeenLines');
    expect(closestName('onWarn', KNOWN)).toBe('onWarning');
  });

  it('offers nothing for a name unlike every known one', () => {
    expect(closestName('url', KNOWN)).toBeUndefined();
    expect(closestName('readability', KNOWN)).toBeUndefined();
  });
});

describe('invalidArgument', () => {
  it('names the function before the argument when it is given one, and only the argument otherwise', () => {
    expect(invalidArgument('text', 'a string', 5, 'lineFeatures').message).toBe('lineFeatures(): argument `text` must be a string, got number 5');
    expect(invalidArgument('text', 'a string', null).message).toBe('argument `text` must be a string, got null');
  });

  it('shows the value it got when that is a string, number, boolean or array, whose type alone says nothing when the type was right', () => {
    expect(invalidArgument('options.pageFormat', "'auto', 'html' or 'text'", 'xml').message).toBe("argument `options.pageFormat` must be 'auto', 'html' or 'text', got string \"xml\"");
    expect(invalidArgument('options.contextWindow', 'a positive integer up to 4096', 0).message).toBe('argument `options.contextWindow` must be a positive integer up to 4096, got number 0');
    expect(invalidArgument('options.textOnly', 'a boolean', 'yes').message).toBe('argument `options.textOnly` must be a boolean, got string "yes"');
    expect(invalidArgument('options.keep', 'a non-empty array of classes', ['body', 'nav']).message).toBe('argument `options.keep` must be a non-empty array of classes, got an array ["body","nav"]');
    // A page given where an option was meant is not printed whole.
    expect(invalidArgument('options', 'an object', '<html>' + 'x'.repeat(100)).message).toBe(`argument \`options\` must be an object, got string "<html>${'x'.repeat(34)}…"`);
    expect(invalidArgument('options', 'an object', () => 1).message).toBe('argument `options` must be an object, got function');
  });

  it('names bytes as bytes (a Buffer read from a file, given where a string was meant), not as an object, and says how to decode them only where text was meant', () => {
    expect(invalidArgument('source', 'an iterable of chunks', Buffer.from('ab')).message).toBe('argument `source` must be an iterable of chunks, got a Buffer of 2 bytes');
    expect(invalidArgument('text', 'a string', Buffer.from('ab')).message).toBe('argument `text` must be a string, got a Buffer of 2 bytes (decode it first: buf.toString())');
    expect(invalidArgument('text', 'a string', new Uint8Array(3)).message).toBe('argument `text` must be a string, got a Uint8Array of 3 bytes (decode it first: new TextDecoder().decode(bytes))');
    // HTML bytes decoded as UTF-8 garble a windows-1252 page: the hint names the decoder that reads its charset.
    expect(invalidArgument('page', 'a string', Buffer.from('<p>x</p>')).message).toBe(
      'argument `page` must be a string, got a Buffer of 8 bytes (decode it first: decodeHtml(bytes).text for an HTML page, which reads its byte order mark and <meta> charset; buf.toString() for UTF-8 text)',
    );
    expect(invalidArgument('html', 'a string', new Uint8Array(3)).message).toBe(
      'argument `html` must be a string, got a Uint8Array of 3 bytes (decode it first: decodeHtml(bytes).text, which reads its byte order mark and <meta> charset)',
    );
  });
});

describe('error codes', () => {
  it('are exported from the package with what each means, and every one is listed in the README', async () => {
    const pkg = await import('../src/index.js');
    expect(pkg.ERROR_CODES.ERR_INVALID_ARG).toMatch(/misuse/i);
    expect(pkg.ERROR_CODES.ERR_JSON_SYNTAX).toMatch(/JSON/);
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    for (const code of Object.keys(pkg.ERROR_CODES)) expect([code, readme.includes(`\`${code}\``)]).toEqual([code, true]);
  });

  it('are every code the sources throw with, so the list cannot fall behind them', () => {
    const thrown = new Set<string>();
    const walk = (dir: string) => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const file = path.join(dir, entry.name);
        if (entry.isDirectory()) walk(file);
        // errors.ts holds the table itself (and a misspelt code in its comment).
        else if (file.endsWith('.ts') && entry.name !== 'errors.ts') for (const m of readFileSync(file, 'utf8').matchAll(/'(ERR_[A-Z_]+)'/g)) thrown.add(m[1]!);
      }
    };
    walk(fileURLToPath(new URL('../src', import.meta.url)));
    expect([...thrown].sort()).toEqual(Object.keys(ERROR_CODES).sort());
  });

  it('are what the error carries, with its place, and the name stays BoilerstripError', () => {
    const e = new BoilerstripError('ERR_JSON_SYNTAX', 'malformed JSON', { file: 'a.jsonl', line: 2, offset: 9, record: 1 });
    expect(e).toMatchObject({ name: 'BoilerstripError', code: 'ERR_JSON_SYNTAX', file: 'a.jsonl', line: 2, offset: 9, record: 1, message: 'a.jsonl:2: malformed JSON (byte 9, record 1)' });
  });
});

describe('formatMessage', () => {
  it('shows control characters of the input and of a file name as escapes, so a message stays one line and cannot drive the terminal', () => {
    const message = formatMessage('Unexpected token \u0000 in "\u0000\u001b[2Jx\u007f\u009b"', { file: 'a\nb.jsonl', line: 2 });
    expect(message).toBe('a\\u000ab.jsonl:2: Unexpected token \\u0000 in "\\u0000\\u001b[2Jx\\u007f\\u009b"');
  });

  it('leaves tabs and line breaks of the message itself alone, and every printable character', () => {
    expect(formatMessage('one\ttwo\nthree «é» 日本', { file: 'ok.json' })).toBe('ok.json: one\ttwo\nthree «é» 日本');
  });
});
