import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { makeTempDir, removeTempDir, run, stderrLines } from './helpers.js';
import { RepetitionSketch } from '../../src/repetition.js';

let tmp: string;

/** A made-up site: every page opens with the paper's name (template text), then its own story. */
const MASTHEAD = 'The Vallée Courier';
const TOPICS = ['bridge', 'orchard', 'library', 'ferry', 'market', 'school'];

function story(i: number): string[] {
  const t = TOPICS[i]!;
  return [
    `The ${t} committee met on a cold morning and argued for an hour about money, ${i + 2} speakers said.`,
    `Nobody expected the ${t} vote to pass, but it did, and the mayor promised to publish the figures by spring.`,
  ];
}

function html(i: number): string {
  return `<html><head><title>${TOPICS[i]}</title></head><body><p>${MASTHEAD}</p>${story(i).map((p) => `<p>${p}</p>`).join('')}</body></html>`;
}

beforeAll(() => {
  tmp = makeTempDir('profile');
  // JSONL records with the page under "page", a field clean and label read only with --field page.
  const records = TOPICS.map((_, i) => JSON.stringify({ id: i, page: [MASTHEAD, '', story(i)[0], '', story(i)[1]].join('\n') }));
  writeFileSync(path.join(tmp, 'site.jsonl'), records.join('\n') + '\n');
  // The same HTML pages in windows-1252 without a <meta> charset: only --encoding decodes them.
  mkdirSync(path.join(tmp, 'latin'));
  TOPICS.forEach((_, i) => writeFileSync(path.join(tmp, 'latin', `p${i}.html`), Buffer.from(html(i), 'latin1')));
  writeFileSync(path.join(tmp, 'binary.txt'), 'hello\0world\n');
  // And in UTF-16LE with a BOM, which clean turns into UTF-8 before reading.
  mkdirSync(path.join(tmp, 'u16'));
  TOPICS.forEach((_, i) => writeFileSync(path.join(tmp, 'u16', `p${i}.html`), Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(html(i), 'utf16le')])));
});

afterAll(() => removeTempDir(tmp));

/** The label of each page's first line, the masthead, in a `label -o` folder of the HTML pages. */
function mastheadLabels(out: string): string[] {
  return TOPICS.map((_, i) => {
    const [label, text] = readFileSync(path.join(tmp, out, `p${i}.tsv`), 'utf8').split('\n')[0]!.split('\t');
    expect(text).toBe(MASTHEAD);
    return label!;
  });
}

/** The first line of each cleaned record of a JSONL output. */
function firstLines(stdout: string): string[] {
  return stdout.trim().split('\n').map((l) => (JSON.parse(l) as { text: string }).text.split('\n')[0]!);
}

describe.concurrent('boilerstrip profile', { timeout: 60_000 }, () => {
  it('reads JSON records with --field as clean does, so clean --field with that profile drops the line every record shares', async ({ expect }) => {
    const built = await run(['profile', '--field', 'page', 'site.jsonl', '-o', 'field.profile'], { cwd: tmp });
    expect(built.code, built.stderr).toBe(0);
    expect(built.stderr).toContain(`profile of ${TOPICS.length} documents written to field.profile`);
    const plain = await run(['clean', '--field', 'page', 'site.jsonl'], { cwd: tmp });
    const profiled = await run(['clean', '--field', 'page', '--profile', 'field.profile', 'site.jsonl'], { cwd: tmp });
    expect(profiled.code, profiled.stderr).toBe(0);
    expect(firstLines(plain.stdout).every((l) => l === MASTHEAD)).toBe(true);
    expect(firstLines(profiled.stdout).every((l) => l !== MASTHEAD)).toBe(true);
  });

  it('fails, naming the bad records and writing no profile, when its inputs give no document', async ({ expect }) => {
    const r = await run(['profile', 'site.jsonl', '-o', 'none.profile'], { cwd: tmp });
    expect(r.code).toBe(1);
    const lines = stderrLines(r.stderr);
    expect(lines[0]).toMatch(/^boilerstrip: site\.jsonl:1: record has no page: .* \(byte 0, record 0\)$/);
    expect(lines.at(-1)).toBe(`boilerstrip: no documents counted in site.jsonl (${TOPICS.length} bad records: is the page in another field? --field NAME reads it); none.profile not written`);
    expect(existsSync(path.join(tmp, 'none.profile'))).toBe(false);
  });

  it('counts empty stdin as no document, and fails', async ({ expect }) => {
    const r = await run(['profile', '-', '-o', 'empty.profile'], { cwd: tmp, input: '' });
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('boilerstrip: no documents counted in <stdin>; empty.profile not written\n');
    const one = await run(['profile', '-', '-o', 'one.profile'], { cwd: tmp, input: 'a line\n' });
    // QA pass 8: a profile of one document was written without a word that it can mark nothing.
    expect(one.stderr).toBe(
      'boilerstrip: profile of 1 document written to one.profile\nboilerstrip: warning: counts are used from 2 documents on, so a profile of 1 document marks nothing; count several pages of the site\n',
    );
  });

  it('reports a binary file as skipped, as clean does, and counts the others', async ({ expect }) => {
    const r = await run(['profile', 'binary.txt', 'latin', '-o', 'bin.profile'], { cwd: tmp });
    expect(r.code, r.stderr).toBe(0);
    expect(stderrLines(r.stderr)).toEqual([
      'boilerstrip: binary.txt: skipped: binary data (NUL byte in the first block)',
      `boilerstrip: profile of ${TOPICS.length} documents written to bin.profile; 1 file skipped`,
    ]);
  });

  it('decodes HTML with --encoding, so a profile counts the lines the labelling pass reads', async ({ expect }) => {
    const built = await run(['profile', '--encoding', 'windows-1252', 'latin', '-o', 'latin.profile'], { cwd: tmp });
    expect(built.code, built.stderr).toBe(0);
    const r = await run(['label', 'latin', '-o', 'latin-profile', '--encoding', 'windows-1252', '--jobs', '1', '--profile', 'latin.profile'], { cwd: tmp });
    expect(r.code, r.stderr).toBe(0);
    expect(mastheadLabels('latin-profile').every((l) => l !== 'body')).toBe(true);
  });

  it('--cross-doc counts HTML decoded with --encoding too, as it labels it', async ({ expect }) => {
    const r = await run(['label', 'latin', '-o', 'latin-cross', '--encoding', 'windows-1252', '--jobs', '1', '--cross-doc'], { cwd: tmp });
    expect(r.code, r.stderr).toBe(0);
    // Alone, the masthead reads as the story's headline; only counts of the same decoded line say otherwise.
    expect(mastheadLabels('latin-cross').every((l) => l !== 'body')).toBe(true);
  });

  it('counts UTF-16 HTML as clean reads it, with or without --encoding', async ({ expect }) => {
    for (const [name, extra] of [['u16a.profile', []], ['u16b.profile', ['--encoding', 'utf-16le']]] as const) {
      const built = await run(['profile', ...extra, 'u16', '-o', name], { cwd: tmp });
      expect(built.code, built.stderr).toBe(0);
      const sketch = RepetitionSketch.fromBuffer(readFileSync(path.join(tmp, name)));
      expect(sketch.documentFrequency(MASTHEAD)).toBe(TOPICS.length);
    }
  });

  it('counts the inputs that failed in its summary line and names them after it, as clean does; it said only what was written while the run exited 1', async ({ expect }) => {
    const gz = gzipSync(Buffer.from(TOPICS.map((_, i) => story(i).join('\n')).join('\n').repeat(50)));
    writeFileSync(path.join(tmp, 'cut.txt.gz'), gz.subarray(0, Math.floor(gz.length / 2)));
    const r = await run(['profile', 'latin', 'cut.txt.gz', '-o', 'cut.profile'], { cwd: tmp });
    expect(r.code).toBe(1);
    const lines = stderrLines(r.stderr);
    expect(lines[0]).toMatch(/^boilerstrip: cut\.txt\.gz: gzip stream cut off/);
    expect(lines.slice(-2)).toEqual([`boilerstrip: profile of ${TOPICS.length} documents written to cut.profile; 1 file failed`, 'boilerstrip: failed: cut.txt.gz']);
  });

  it('counts nothing of an input that fails partway, so a cut-off copy of a page does not make that page\'s lines count as repeated', async ({ expect }) => {
    mkdirSync(path.join(tmp, 'copies'));
    const page = story(0).join('\n') + '\n';
    writeFileSync(path.join(tmp, 'copies', 'a.txt'), page);
    // The same page again, then enough lines that the cut falls after the page has been read.
    const filler = Array.from({ length: 4000 }, (_, i) => `filler line ${i} ${(i * 7919) % 10007} ${(i * 104729) % 65521}`);
    const gz = gzipSync(Buffer.from(page + filler.join('\n')));
    writeFileSync(path.join(tmp, 'copies', 'b.txt.gz'), gz.subarray(0, Math.floor(gz.length / 2)));
    writeFileSync(path.join(tmp, 'copies', 'c.txt'), story(1).join('\n') + '\n');
    const r = await run(['profile', 'copies', '-o', 'copies.profile'], { cwd: tmp });
    expect(r.code).toBe(1);
    const sketch = RepetitionSketch.fromBuffer(readFileSync(path.join(tmp, 'copies.profile')));
    expect(sketch.documents).toBe(2);
    expect(sketch.documentFrequency(story(0)[0]!)).toBe(1);
    expect(sketch.documentFrequency(story(1)[0]!)).toBe(1);
    expect(sketch.documentFrequency(filler[3]!)).toBe(0);
  });

  it('refuses -o naming a folder, or a file under a file, with one line and exit 2 before counting, instead of an internal error after it', async ({ expect }) => {
    mkdirSync(path.join(tmp, 'a-folder'));
    writeFileSync(path.join(tmp, 'a-file'), 'x\n');
    const folder = await run(['profile', 'latin', '-o', 'a-folder'], { cwd: tmp });
    expect(folder.code).toBe(2);
    expect(stderrLines(folder.stderr)).toEqual(['boilerstrip: -o a-folder is a folder; profile -o takes the name of the profile file to write']);
    const under = await run(['profile', 'latin', '-o', 'a-file/site.profile'], { cwd: tmp });
    expect(under.code).toBe(2);
    expect(stderrLines(under.stderr)).toEqual(['boilerstrip: cannot write the profile a-file/site.profile: a-file is a file']);
  });

  it('refuses -o that names no file (empty, or a folder to be made, ending in /) with one line and exit 2 before counting', async ({ expect }) => {
    // Both were counted, then failed to be written: an internal error with a stack trace (exit 3).
    const slash = await run(['profile', 'latin', '-o', 'new-folder/'], { cwd: tmp });
    expect(slash.code).toBe(2);
    expect(stderrLines(slash.stderr)).toEqual(['boilerstrip: -o new-folder/ names a folder (it ends in /); profile -o takes the name of the profile file to write']);
    expect(existsSync(path.join(tmp, 'new-folder'))).toBe(false);
    const empty = await run(['profile', 'latin', '-o', ''], { cwd: tmp });
    expect(empty.code).toBe(2);
    expect(stderrLines(empty.stderr)).toEqual(['boilerstrip: -o is empty; profile -o takes the name of the profile file to write']);
  });

  it('refuses -o naming one of its inputs, with one line and exit 2 before counting, and leaves the input as it was', async ({ expect }) => {
    mkdirSync(path.join(tmp, 'own'));
    writeFileSync(path.join(tmp, 'own', 'p0.html'), html(0));
    writeFileSync(path.join(tmp, 'own', 'p1.html'), html(1));
    const inFolder = await run(['profile', 'own', '-o', 'own/p1.html'], { cwd: tmp });
    expect(inFolder.code).toBe(2);
    expect(stderrLines(inFolder.stderr)).toEqual(['boilerstrip: -o own/p1.html is one of the inputs (own/p1.html); profile -o takes the name of a new profile file']);
    expect(readFileSync(path.join(tmp, 'own', 'p1.html'), 'utf8')).toBe(html(1));
    const given = await run(['profile', 'own/p0.html', '-o', './own/../own/p0.html'], { cwd: tmp });
    expect(given.code).toBe(2);
    expect(readFileSync(path.join(tmp, 'own', 'p0.html'), 'utf8')).toBe(html(0));
    // An input that is a link: -o naming the file it leads to.
    mkdirSync(path.join(tmp, 'own-picks'));
    symlinkSync(path.join('..', 'own', 'p0.html'), path.join(tmp, 'own-picks', 'p0.html'));
    const linked = await run(['profile', 'own-picks', '-o', 'own/p0.html'], { cwd: tmp });
    expect(linked.code).toBe(2);
    expect(readFileSync(path.join(tmp, 'own', 'p0.html'), 'utf8')).toBe(html(0));
  });

  it('counts an input given twice (as a file and inside its folder) as one document, with a warning', async ({ expect }) => {
    const once = await run(['profile', 'latin', '-o', 'once.profile'], { cwd: tmp });
    const twice = await run(['profile', 'latin', 'latin/p0.html', '-o', 'twice.profile'], { cwd: tmp });
    expect(twice.code).toBe(0);
    expect(stderrLines(twice.stderr)[0]).toBe('boilerstrip: latin/p0.html: warning: given more than once (as latin/p0.html); read once');
    expect(stderrLines(twice.stderr).at(-1)).toBe(stderrLines(once.stderr).at(-1)!.replace('once.profile', 'twice.profile'));
    expect(readFileSync(path.join(tmp, 'twice.profile')).equals(readFileSync(path.join(tmp, 'once.profile')))).toBe(true);
  });

  it('warns when a profile was counted with other read options than the run, naming each, and not when they are the same', async ({ expect }) => {
    const built = await run(['profile', '--field', 'page', '--page-format', 'text', 'site.jsonl', '-o', 'options.profile'], { cwd: tmp });
    expect(built.code, built.stderr).toBe(0);
    const same = await run(['clean', '--field', 'page', '--page-format', 'text', '--profile', 'options.profile', 'site.jsonl'], { cwd: tmp });
    expect(same.code, same.stderr).toBe(0);
    expect(same.stderr).not.toContain('warning');
    const other = await run(['clean', '--field', 'text', '--field', 'page', '--profile', 'options.profile', 'site.jsonl'], { cwd: tmp });
    expect(other.code, other.stderr).toBe(0);
    expect(stderrLines(other.stderr)[0]).toBe(
      'boilerstrip: warning: profile options.profile was counted with other read options than this run: --field page (this run: text, page), --page-format text (this run: auto); lines the profile did not count are not found repeated (build it with the options of this run)',
    );
  });

  it('does not warn of another --site-field, which changes whose counts a line gets, not which lines are counted (QA pass 17)', async ({ expect }) => {
    const built = await run(['profile', '--field', 'page', '--site-field', 'page_address', 'site.jsonl', '-o', 'site-field.profile'], { cwd: tmp });
    expect(built.code, built.stderr).toBe(0);
    for (const extra of [[], ['--no-site-counts'], ['--site-field', 'other']]) {
      const r = await run(['clean', '--field', 'page', ...extra, '--profile', 'site-field.profile', 'site.jsonl'], { cwd: tmp });
      expect(r.code, r.stderr).toBe(0);
      expect(r.stderr, extra.join(' ')).not.toContain('other read options');
    }
  });

  it('warns that a profile of no documents changes nothing when clean is given one', async ({ expect }) => {
    writeFileSync(path.join(tmp, 'zero.profile'), new RepetitionSketch().toBuffer());
    const r = await run(['clean', '--field', 'page', '--profile', 'zero.profile', 'site.jsonl'], { cwd: tmp });
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('boilerstrip: warning: profile zero.profile counts no documents, so it changes nothing');
  });
});

describe('countPage', () => {
  // A text page that sniffs as HTML (it opens with markup): forced to text, its raw lines are counted.
  const PAGE = '<p class="note">Shared footer line of the site</p>\nA line of its own';

  it('counts an empty page as no document, as an empty file is not one', async () => {
    const { countPage } = await import('../../src/cli/profile.js');
    const sketch = new RepetitionSketch();
    countPage(sketch, '');
    countPage(sketch, 'One line');
    expect(sketch.documents).toBe(1);
  });

  it('counts a page as the labelling pass reads it when --page-format forces the format', async () => {
    const { countPage } = await import('../../src/cli/profile.js');
    const asText = new RepetitionSketch();
    countPage(asText, PAGE, 'text');
    expect(asText.documentFrequency('<p class="note">Shared footer line of the site</p>')).toBe(1);
    const sniffed = new RepetitionSketch();
    countPage(sniffed, PAGE);
    expect(sniffed.documentFrequency('<p class="note">Shared footer line of the site</p>')).toBe(0);
    expect(sniffed.documentFrequency('Shared footer line of the site')).toBe(1);
  });

  // The labeller hands a fenced code block's lines to the stages as blank lines, so it never looks
  // them up; counted, a snippet shared by a site's pages added keys the labelling pass never asks
  // for (and collisions in the sketch's table for those it does).
  it('counts no line of a Markdown code block, as the labeller looks none up, in a record page or a .md file', async () => {
    const { countPage } = await import('../../src/cli/profile.js');
    // Pages told apart by a word: lines that differ only in their digits are one line to the counts.
    const page = (i: number) => ['Shared footer line of the site', '', '```bash', 'npm install the-shared-package --save', '```', '', `A line of page ${['one', 'two'][i - 1]} alone`].join('\n');
    const sketch = new RepetitionSketch();
    for (const i of [1, 2]) countPage(sketch, page(i), 'markdown');
    expect(sketch.documentFrequency('Shared footer line of the site')).toBe(2);
    expect(sketch.documentFrequency('npm install the-shared-package --save')).toBe(0);
    const dir = makeTempDir('profile-md');
    try {
      for (const i of [1, 2]) writeFileSync(path.join(dir, `p${i}.md`), page(i));
      const r = await run(['profile', 'p1.md', 'p2.md', '-o', 'md.profile'], { cwd: dir });
      expect(r.code, r.stderr).toBe(0);
      const fromFiles = RepetitionSketch.fromBuffer(readFileSync(path.join(dir, 'md.profile')));
      expect(fromFiles.documentFrequency('Shared footer line of the site')).toBe(2);
      expect(fromFiles.documentFrequency('npm install the-shared-package --save')).toBe(0);
    } finally {
      removeTempDir(dir);
    }
  });

  it('counts a record page that starts with a BOM under its first line as the labeller reads it, BOM left out', async () => {
    const { countPage } = await import('../../src/cli/profile.js');
    for (const format of ['auto', 'text', 'markdown'] as const) {
      const sketch = new RepetitionSketch();
      countPage(sketch, '\uFEFFShared footer line of the site\nA line of its own', format);
      expect(sketch.documentFrequency('Shared footer line of the site')).toBe(1);
    }
  });
});

describe('boilerstrip profile over records and their sites', () => {
  it('says when no record named its address, so the counts are the run\'s only, and counts sites when they do', async () => {
    const dir = makeTempDir('profile-sites');
    try {
      const pages = TOPICS.map((t) => `${MASTHEAD}\nNeighbours argued about the ${t} for an hour at the meeting on Tuesday evening.`);
      writeFileSync(path.join(dir, 'no-url.jsonl'), pages.map((text, i) => JSON.stringify({ page_url: `https://courier.test/${i}`, text })).join('\n') + '\n');
      writeFileSync(path.join(dir, 'url.jsonl'), pages.map((text, i) => JSON.stringify({ url: `https://courier.test/${i}`, text })).join('\n') + '\n');
      const none = await run(['profile', 'no-url.jsonl', '-o', 'a.profile'], { cwd: dir });
      expect(none.code, none.stderr).toBe(0);
      expect(stderrLines(none.stderr)).toContain(
        "boilerstrip: note: no record named its page's address in url, URL, source_url, sourceURL, metadata.sourceURL, metadata.url, link (or an HTML page in its canonical link), so lines are counted across the run only, not per site; --site-field NAME reads another field",
      );
      const named = await run(['profile', 'url.jsonl', '-o', 'b.profile'], { cwd: dir });
      expect(stderrLines(named.stderr)).toEqual([
        'boilerstrip: profile of 6 documents (1 site named by a url or canonical link, 1 of them with 2 or more pages, labelled with their own counts) written to b.profile',
      ]);
      // The same pages again under other addresses (a re-crawl): read, and said to be left out.
      writeFileSync(path.join(dir, 'again.jsonl'), pages.map((text, i) => JSON.stringify({ url: `http://courier.test/${i}?again`, text })).join('\n') + '\n');
      const again = await run(['profile', 'url.jsonl', 'again.jsonl', '-o', 'c.profile'], { cwd: dir });
      expect(stderrLines(again.stderr)[0]).toMatch(/profile of 6 documents .* written to c\.profile; 6 copies of a document counted before left out$/);
    } finally {
      removeTempDir(dir);
    }
  });
});
