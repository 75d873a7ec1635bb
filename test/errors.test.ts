import { describe, expect, it } from 'vitest';
import { BoilerstripError, checkOptionNames, closestName, invalidArgument } from '../src/errors.js';

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
    expect(invalidArgument('page', 'a string', Buffer.from('<p>x</p>')).message).toBe('argument `page` must be a string, got a Buffer of 8 bytes (decode it first: buf.toString())');
    expect(invalidArgument('page', 'a string', new Uint8Array(3)).message).toBe('argument `page` must be a string, got a Uint8Array of 3 bytes (decode it first: new TextDecoder().decode(bytes))');
  });
});
