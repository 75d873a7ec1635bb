import { describe, it, expect } from 'vitest';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import os from 'node:os';
import { findCases, runCase, labelSeed, computeMetrics, belowFloors, formatMetrics, parseGolden, parseThresholds, caseSite, cohenKappa, type Thresholds } from '../src/check.js';
import { labelBytes } from '../src/pipeline.js';
import { BoilerstripError } from '../src/errors.js';
import { thrown } from './helpers.js';

const root = path.resolve(import.meta.dirname, '..');

/** Run `fn` in a fresh temporary folder, removed afterwards whatever happens. */
async function inTempDir(prefix: string, fn: (dir: string) => Promise<void>): Promise<void> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), prefix));
  try {
    await fn(dir);
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}

describe('the golden check over seeds/ and golden/', () => {
  it('labels every seed and stays at or above the floors pinned in golden/thresholds.json', async () => {
    const cases = await findCases(path.join(root, 'seeds'), path.join(root, 'golden'));
    expect(cases.length).toBeGreaterThanOrEqual(5);
    const lines = [];
    for (const c of cases) lines.push(...(await runCase(c.name, c.seed, c.golden)).lines);
    const metrics = computeMetrics(lines);
    const floors = JSON.parse(await fs.readFile(path.join(root, 'golden', 'thresholds.json'), 'utf8')) as Thresholds;
    expect(belowFloors(metrics, floors)).toEqual([]);
  }, 120_000);
});

describe('computeMetrics', () => {
  it('gives per-class precision and recall from expected and got labels, leaving blank lines out', () => {
    const m = computeMetrics([
      { expected: 'body', got: 'body' },
      { expected: 'body', got: 'navigation' },
      { expected: 'navigation', got: 'navigation' },
      { expected: 'blank', got: 'blank' },
    ]);
    expect(m.lines).toBe(3);
    expect(m.perClass.body).toMatchObject({ precision: 1, recall: 0.5, support: 2 });
    expect(m.perClass.navigation).toMatchObject({ precision: 0.5, recall: 1, support: 1 });
    expect(m.perClass.navigation.f1).toBeCloseTo(2 / 3, 10);
    expect(m.confusion.body.navigation).toBe(1);
    expect(m.accuracy).toBeCloseTo(2 / 3, 10);
  });

  it("gives Cohen's kappa of two labellings: agreement beyond what their label shares give by chance", () => {
    const pairs = (n: number, expected: 'body' | 'navigation', got: 'body' | 'navigation') => Array.from({ length: n }, () => ({ expected, got }));
    const m = computeMetrics([...pairs(20, 'body', 'body'), ...pairs(5, 'body', 'navigation'), ...pairs(10, 'navigation', 'body'), ...pairs(15, 'navigation', 'navigation'), { expected: 'blank', got: 'blank' }]);
    // Observed 0.7; by chance (25 x 30 + 25 x 20) / 50^2 = 0.5; kappa (0.7 - 0.5) / (1 - 0.5).
    expect(cohenKappa(m.confusion)).toBeCloseTo(0.4, 10);
    expect(cohenKappa(computeMetrics([...pairs(3, 'body', 'body'), ...pairs(2, 'navigation', 'navigation')]).confusion)).toBe(1);
    // Labels that agree no more than chance: 0.
    expect(cohenKappa(computeMetrics([...pairs(1, 'body', 'body'), ...pairs(1, 'body', 'navigation'), ...pairs(1, 'navigation', 'body'), ...pairs(1, 'navigation', 'navigation')]).confusion)).toBeCloseTo(0, 10);
  });

  it('leaves a class no line holds, golden or got, out of macro-F1, and shows its figures as - (QA pass 16)', () => {
    const pairs = [
      ...Array.from({ length: 12 }, () => ({ expected: 'body' as const, got: 'body' as const })),
      { expected: 'body' as const, got: 'navigation' as const },
      ...Array.from({ length: 6 }, () => ({ expected: 'navigation' as const, got: 'navigation' as const })),
      ...Array.from({ length: 3 }, () => ({ expected: 'disclaimer' as const, got: 'disclaimer' as const })),
    ];
    const m = computeMetrics(pairs);
    expect(m.perClass.advertisement.present).toBe(false);
    expect(m.perClass.disclaimer.present).toBe(true);
    expect(m.macroF1).toBeCloseTo((m.perClass.body.f1 + m.perClass.navigation.f1 + 1) / 3, 10);
    const table = formatMetrics('one case', m);
    expect(table).toMatch(/^advertisement\s+-\s+-\s+-\s+0$/m);
    // A class got but never golden is present, and scores 0: the program made it up.
    const madeUp = computeMetrics([...pairs, { expected: 'body', got: 'advertisement' }]);
    expect(madeUp.perClass.advertisement).toMatchObject({ present: true, precision: 0, f1: 0 });
    // A floor on an absent class is not failed.
    expect(belowFloors(m, { classF1: { advertisement: 0.5 } })).toEqual([]);
  });

  it('reports each figure that falls below its floor', () => {
    const m = computeMetrics([{ expected: 'body', got: 'navigation' }]);
    expect(belowFloors(m, { macroF1: 0.9, bodyF1: 0.5 })).toHaveLength(2);
  });

  it('rejects pairs that are not an iterable of labelled pairs at the call, naming the function and the argument', () => {
    // They failed as 'pairs is not iterable' and "Cannot read properties of undefined (reading 'undefined')".
    expect(() => computeMetrics(5 as never)).toThrow('computeMetrics(): argument `pairs` must be an iterable of { expected, got } labels, got number');
    expect(() => computeMetrics([5] as never)).toThrow(/^computeMetrics\(\): argument `pairs\[\]` must be \{ expected, got \}/);
    expect(() => computeMetrics([{ expected: 'body', got: 'menu' }] as never)).toThrow(/^computeMetrics\(\): argument `pairs\[\]`/);
  });
});

describe('parseThresholds', () => {
  it("reads the floors of golden/thresholds.json, the fast model's under `fast`, and leaves out keys that begin with _", async () => {
    const json = JSON.parse(await fs.readFile(path.join(root, 'golden', 'thresholds.json'), 'utf8')) as unknown;
    const t = parseThresholds(json, 'thresholds.json');
    expect(t.macroF1).toBeGreaterThan(0);
    expect(t.fast?.bodyF1).toBeGreaterThan(0);
    expect(parseThresholds({ _note: 'x', bodyF1: 0.5, classF1: { advertisement: 0.4 } }, 't.json')).toEqual({ bodyF1: 0.5, classF1: { advertisement: 0.4 } });
  });

  it('refuses a file a typo or a wrong type would turn into no floor at all, naming the file and the key', () => {
    // QA pass 8: each of these printed "all figures at or above the floors" and exited 0.
    expect(() => parseThresholds({ bodyf1: 0.99 }, 't.json')).toThrow('t.json: unknown key `bodyf1` (did you mean `bodyF1`?)');
    expect(() => parseThresholds({}, 't.json')).toThrow('t.json: no floor in it: give macroF1, bodyF1 or classF1');
    expect(() => parseThresholds({ macroF1: '0.83' }, 't.json')).toThrow('t.json: `macroF1` must be a number from 0 to 1, got "0.83"');
    expect(() => parseThresholds({ macroF1: 0.8, fast: 5 }, 't.json')).toThrow('t.json: `fast` must be an object of floors, got 5');
    expect(() => parseThresholds({ bodyF1: 1.7 }, 't.json')).toThrow('t.json: `bodyF1` must be a number from 0 to 1, got 1.7');
    expect(() => parseThresholds({ classF1: { ads: 0.5 } }, 't.json')).toThrow('t.json: unknown key `classF1.ads`; it takes body, navigation, advertisement, disclaimer');
    expect(() => parseThresholds({ macroF1: 0.8, fast: { fast: { macroF1: 0.7 } } }, 't.json')).toThrow('t.json: unknown key `fast.fast`');
    expect(() => parseThresholds([0.8], 't.json')).toThrow('t.json: must be an object of floors, got an array');
    const err = thrown(() => parseThresholds({}, 't.json'));
    expect((err as BoilerstripError).code).toBe('ERR_BAD_THRESHOLDS');
  });
});

describe('parseGolden', () => {
  it('keeps everything after the first tab as the line, tabs and spaces included', () => {
    expect(parseGolden('body\ta\tb \nblank\t \n', 'x.tsv')).toEqual([
      { label: 'body', text: 'a\tb ' },
      { label: 'blank', text: ' ' },
    ]);
  });

  it('rejects an unknown label naming the file and row', () => {
    expect(() => parseGolden('body\tok\nmenu\tHome\n', 'g.tsv')).toThrow(/g\.tsv:2/);
  });

  it('rejects blank on a line with a visible character, and a content label on an empty or whitespace-only line, naming the row', () => {
    // golden/README.md: blank depends only on the line's characters; such a row was scored as an ordinary disagreement.
    expect(() => parseGolden('body\tok\nblank\t[Skip to content](#main)\n', 'g.tsv')).toThrow(/g\.tsv:2: .*blank.*visible character/);
    expect(() => parseGolden('body\tok\nbody\t\n', 'g.tsv')).toThrow(/g\.tsv:2: .*body.*empty or whitespace only.*blank/);
    expect(() => parseGolden('navigation\t \u00a0\t\n', 'g.tsv')).toThrow(/g\.tsv:1:/);
    expect(parseGolden('blank\t \u00a0\t\nbody\t\u00a0x\n', 'g.tsv')).toEqual([
      { label: 'blank', text: ' \u00a0\t' },
      { label: 'body', text: '\u00a0x' },
    ]);
  });

  it('names every bad row of a file in one error, up to a few, and offers the label a typo meant', () => {
    // QA pass 8: a file with three label typos took three runs to mend, one message each.
    const err = thrown(() => parseGolden('body\tok\nnavigaton\tHome\nbody\tfine\nadvertisment\tBuy\nmenu\tNews\n', 'g.tsv'));
    expect(err).toBeInstanceOf(BoilerstripError);
    expect((err as BoilerstripError).line).toBe(2);
    const message = (err as Error).message;
    expect(message).toMatch(/^g\.tsv:2: bad golden row: .*got "navigaton\\tHome" \(did you mean `navigation`\?\)/);
    expect(message).toContain('3 bad rows in all; also row 4 (did you mean `advertisement`?), row 5');
  });

  it('reads a golden file that an editor saved with a byte order mark as one without', () => {
    expect(parseGolden('\ufeffnavigation\tHome\nbody\tText.\n', 'g.tsv')).toEqual([
      { label: 'navigation', text: 'Home' },
      { label: 'body', text: 'Text.' },
    ]);
  });

  it('rejects content or a file name that is not a string at the call, naming the function and the argument', () => {
    // It failed as 'content.split is not a function'.
    expect(() => parseGolden(5 as never, 'g.tsv')).toThrow("parseGolden(): argument `content` must be a string (a golden file's text), got number");
    expect(() => parseGolden('body\tok\n', undefined as never)).toThrow(/^parseGolden\(\): argument `file` must be a string/);
  });
});

describe('runCase', () => {
  it('rejects a case name, seed or golden path that is not a string, naming the function and the argument', async () => {
    // Node's error named only its own `path` argument.
    await expect(runCase('x', 5 as never, 'g.tsv')).rejects.toThrow('runCase(): argument `seed` must be a string, got number');
  });

  it('rejects an option name the labeller does not take, before reading any file', async () => {
    await expect(runCase('x', 'no-such-seed.txt', 'no-such-golden.tsv', { contextWindw: 3 } as never)).rejects.toThrow(
      'runCase(): unknown option `contextWindw` in `options` (did you mean `contextWindow`?)',
    );
  });
});

describe('runCase on a golden file of another length than its seed', () => {
  it('names the first row that no longer matches its line, not only the two counts', async () => {
    await inTempDir('bs-runcase-', async (dir) => {
    await fs.writeFile(path.join(dir, 's.txt'), 'Home\nA line of the story.\nAnother line of the story.\n');
    await fs.writeFile(path.join(dir, 'g.tsv'), 'navigation\tHome\nbody\tAnother line of the story.\n');
    await expect(runCase('s', path.join(dir, 's.txt'), path.join(dir, 'g.tsv'))).rejects.toThrow(
      /golden file has 2 rows but the seed gives 3 lines; the first row that differs is row 2: golden "Another line of the story\." vs seed "A line of the story\."/,
    );
    await fs.writeFile(path.join(dir, 'g.tsv'), 'navigation\tHome\nbody\tA line of the story.\n');
    await expect(runCase('s', path.join(dir, 's.txt'), path.join(dir, 'g.tsv'))).rejects.toThrow(/the first row that differs is row 3: the golden file ends before "Another line of the story\."/);
    });
  });
});

describe('runCase on a row whose text is not its line', () => {
  it('shows where the two texts first differ, with invisible characters escaped, however long the line', async () => {
    // QA pass 8: both texts were cut to 50 characters, so a trailing tab showed as two equal strings.
    await inTempDir('bs-runcase-', async (dir) => {
    const long = 'We are delighted to announce that the council has approved the budget for next year.';
    await fs.writeFile(path.join(dir, 's.txt'), `Home\n${long}\n`);
    await fs.writeFile(path.join(dir, 'g.tsv'), `navigation\tHome\nbody\t${long}\t\n`);
    await expect(runCase('s', path.join(dir, 's.txt'), path.join(dir, 'g.tsv'))).rejects.toThrow(
      /g\.tsv:2: row text differs from its seed line from character 85 \(the seed line has 84\): golden "…udget for next year\.\\t" vs seed "…udget for next year\."/,
    );
    await fs.writeFile(path.join(dir, 'g.tsv'), `navigation\tHome\nbody\t${long.replace('council', 'c\u200bouncil')}\n`);
    await expect(runCase('s', path.join(dir, 's.txt'), path.join(dir, 'g.tsv'))).rejects.toThrow(/from character 40 \(the seed line has 84\): golden "… announce that the c\\u200bouncil has approved…" vs seed "… announce that the council has approved …"/);
    });
  });
});

describe('findCases', () => {
  it('refuses two seeds that give one case name, naming both', async () => {
    // QA pass 8: add-case page.html --name c, then page.txt --name c: check read one of them.
    await inTempDir('bs-findcases-', async (dir) => {
    await fs.mkdir(path.join(dir, 'seeds'));
    await fs.mkdir(path.join(dir, 'golden'));
    for (const f of ['seeds/c.html', 'seeds/c.txt', 'golden/c.tsv']) await fs.writeFile(path.join(dir, f), 'x\n');
    await expect(findCases(path.join(dir, 'seeds'), path.join(dir, 'golden'))).rejects.toThrow(/two seeds give the case name c: c\.html and c\.txt/);
    });
  });

  it('refuses a golden file with no seed, as it refuses a seed with no golden file', async () => {
    // QA pass 8: a deleted seed left its case out of the figures with no word.
    await inTempDir('bs-findcases-', async (dir) => {
    await fs.mkdir(path.join(dir, 'seeds'));
    await fs.mkdir(path.join(dir, 'golden/second-reading'), { recursive: true });
    for (const f of ['seeds/a.txt', 'golden/a.tsv', 'golden/b.tsv', 'golden/README.md', 'golden/second-reading/a.tsv']) await fs.writeFile(path.join(dir, f), 'x\n');
    const err = await findCases(path.join(dir, 'seeds'), path.join(dir, 'golden')).then(() => undefined, (e: unknown) => e);
    expect((err as BoilerstripError).code).toBe('ERR_SEED_MISSING');
    expect((err as Error).message).toBe(`${path.join(dir, 'golden', 'b.tsv')}: golden file has no seed (expected ${path.join(dir, 'seeds', 'b')}.txt, .md, .markdown, .html or .htm)`);
    // Named cases are looked up alone.
    expect((await findCases(path.join(dir, 'seeds'), path.join(dir, 'golden'), ['a'])).map((c) => c.name)).toEqual(['a']);
    });
  });
});

describe('labelSeed', () => {
  // add-case makes a case of any page `label` reads, sniffing the format and converting UTF-16;
  // check must read the seed the same way, or the template add-case wrote no longer matches it.
  const envelope = 'Title: A page\n\nURL Source: https://example.com/a\n\nMarkdown Content:\n[Home](https://example.com/) | [News](https://example.com/news)\n\nA long sentence of the story that a reader of the page came to read, with a full stop.\n';
  const labels = async (bytes: Uint8Array, markdown: boolean) => {
    const out: string[] = [];
    for await (const l of labelBytes([bytes], { markdown })) out.push(`${l.label}\t${l.text}`);
    return out;
  };

  it('reads a .txt seed that opens with a reader envelope as Markdown, as label does', async () => {
    await inTempDir('bs-labelseed-', async (dir) => {
    await fs.writeFile(path.join(dir, 'j.txt'), envelope);
    const got = (await labelSeed(path.join(dir, 'j.txt'))).map((l) => `${l.label}\t${l.text}`);
    expect(got).toEqual(await labels(Buffer.from(envelope), true));
    expect(got).not.toEqual(await labels(Buffer.from(envelope), false));
    });
  });

  it('converts a UTF-16 seed (by its byte order mark) to the lines of its UTF-8 text', async () => {
    await inTempDir('bs-labelseed-', async (dir) => {
    const text = 'Home\nÜber uns – die Geschichte einer Straße, die lange vergessen war.\n';
    await fs.writeFile(path.join(dir, 'le.txt'), Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]));
    const be = Buffer.from(text, 'utf16le').swap16();
    await fs.writeFile(path.join(dir, 'be.txt'), Buffer.concat([Buffer.from([0xfe, 0xff]), be]));
    const want = await labels(Buffer.from(text), false);
    for (const f of ['le.txt', 'be.txt']) expect((await labelSeed(path.join(dir, f))).map((l) => `${l.label}\t${l.text}`)).toEqual(want);
    });
  });

  it('refuses a binary seed, naming the file', async () => {
    await inTempDir('bs-labelseed-', async (dir) => {
    await fs.writeFile(path.join(dir, 'b.txt'), Buffer.from([0x41, 0x00, 0x42, 0x0a]));
    await expect(labelSeed(path.join(dir, 'b.txt'))).rejects.toThrow(/b\.txt.*binary/);
    });
  });
});

describe('caseSite', () => {
  it('takes the page id, and the #html suffix of a training case, off a web case and leaves other names whole', () => {
    expect(caseSite('web-example.com-1a2b3c4d')).toBe('web-example.com');
    expect(caseSite('web-example.com-1a2b3c4d#html')).toBe('web-example.com');
    expect(caseSite('000_581ea34bb9ac9e82')).toBe('000_581ea34bb9ac9e82');
    expect(caseSite('fixture-news')).toBe('fixture-news');
  });
});
