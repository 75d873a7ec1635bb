import { afterAll, beforeAll, describe, it } from 'vitest';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { PAGE_HTML, PAGE_TXT, RULED, makeTempDir, removeTempDir, run, splitLines } from './helpers.js';
import { labelText } from '../../src/document.js';

let tmp: string;

beforeAll(() => {
  tmp = makeTempDir('add-case');
  copyFileSync(PAGE_TXT, path.join(tmp, 'page.txt'));
  writeFileSync(path.join(tmp, 'ruled.txt'), RULED.text);
});

afterAll(() => removeTempDir(tmp));

describe.concurrent('boilerstrip add-case', { timeout: 60_000 }, () => {
  it('copies the input into seeds/ unchanged and writes a template with one row per line for a person to correct', async ({ expect }) => {
    const r = await run(['add-case', 'page.txt', '--name', 'new-case', '--seeds', 's1', '--golden', 'g1'], { cwd: tmp });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('a TEMPLATE');
    expect(readFileSync(path.join(tmp, 's1', 'new-case.txt'))).toEqual(readFileSync(PAGE_TXT));
    const rows = splitLines(readFileSync(path.join(tmp, 'g1', 'new-case.tsv'), 'utf8'));
    expect(rows).toHaveLength(splitLines(readFileSync(PAGE_TXT, 'utf8')).length);
  });

  it('suggests a check command that finds the new case, naming --seeds and --golden when they are not the defaults', async ({ expect }) => {
    // It printed `boilerstrip check NAME --verbose` whatever the folders, and that command then
    // looked in seeds/ and said "no seed named NAME".
    const r = await run(['add-case', 'page.txt', '--name', 'hinted', '--seeds', 's8', '--golden', 'g8'], { cwd: tmp });
    expect(r.code).toBe(0);
    const hint = splitLines(r.stdout).find((l) => l.startsWith('Then: boilerstrip '));
    expect(hint).toBe('Then: boilerstrip check hinted --verbose --seeds s8 --golden g8');
    const check = await run(hint!.slice('Then: boilerstrip '.length).split(' '), { cwd: tmp });
    expect(check.stderr).not.toContain('no seed named');
    expect(check.stdout).toContain('hinted: ');
    const plain = await run(['add-case', 'page.txt', '--name', 'plain-hint'], { cwd: tmp });
    expect(plain.code).toBe(0);
    expect(splitLines(plain.stdout)).toContain('Then: boilerstrip check plain-hint --verbose');
  });

  it('refuses a name that already has a case, and leaves the first one alone', async ({ expect }) => {
    const first = await run(['add-case', 'page.txt', '--name', 'twice', '--seeds', 's2', '--golden', 'g2'], { cwd: tmp });
    expect(first.code).toBe(0);
    const second = await run(['add-case', 'page.txt', '--name', 'twice', '--seeds', 's2', '--golden', 'g2'], { cwd: tmp });
    expect(second.code).toBe(2);
    expect(second.stderr).toContain('already exists; choose another --name');
    expect(readFileSync(path.join(tmp, 's2', 'twice.txt'))).toEqual(readFileSync(PAGE_TXT));
    expect(existsSync(path.join(tmp, 'g2', 'twice.tsv'))).toBe(true);
  });

  it('adds nothing when the input cannot be labelled (binary data), naming the file given, so check still runs', async ({ expect }) => {
    writeFileSync(path.join(tmp, 'x.txt'), 'hello\0world\n');
    const r = await run(['add-case', 'x.txt', '--name', 'bincase', '--seeds', 's4', '--golden', 'g4'], { cwd: tmp });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('boilerstrip: x.txt: skipped: binary data (NUL byte in the first block); no case added\n');
    expect(existsSync(path.join(tmp, 's4')) ? readdirSync(path.join(tmp, 's4')) : []).toEqual([]);
    expect(existsSync(path.join(tmp, 'g4')) ? readdirSync(path.join(tmp, 'g4')) : []).toEqual([]);
    const check = await run(['check', '--seeds', 's4', '--golden', 'g4'], { cwd: tmp });
    expect(check.stderr).toContain('nothing to check'); // not a seed without its golden file
  });

  it('prints the warnings reading the input gives, naming the file, as clean and label do', async ({ expect }) => {
    // They were dropped: the frameset page became an empty template without a word.
    writeFileSync(path.join(tmp, 'frames.html'), '<html><head><title>Harbour Press</title></head><frameset cols="20%,80%"><frame src="menu.html"><frame src="story.html"></frameset></html>');
    writeFileSync(path.join(tmp, 'latin1.html'), Buffer.from('<p>Caf\xe9 au lait is served on the pier every morning in May.</p>', 'latin1'));
    for (const name of ['frames', 'latin1']) {
      const r = await run(['add-case', `${name}.html`, '--seeds', 's5', '--golden', 'g5'], { cwd: tmp });
      const label = await run(['label', `${name}.html`], { cwd: tmp });
      expect(r.code).toBe(0);
      const warnings = splitLines(label.stderr).filter((l) => l.includes(': warning: '));
      expect(warnings).toHaveLength(1);
      expect(warnings[0]).toMatch(new RegExp(`^boilerstrip: ${name}\\.html: warning: `));
      expect(splitLines(r.stderr)).toEqual(warnings);
      expect(existsSync(path.join(tmp, 'g5', `${name}.tsv`))).toBe(true);
    }
  });

  it('refuses a folder, which it cannot make one case of, writing nothing', async ({ expect }) => {
    // It took the folder's first file and dropped the rest without a word; an empty folder crashed it.
    mkdirSync(path.join(tmp, 'two', 'inner'), { recursive: true });
    mkdirSync(path.join(tmp, 'none'));
    copyFileSync(PAGE_TXT, path.join(tmp, 'two', 'a.txt'));
    copyFileSync(PAGE_TXT, path.join(tmp, 'two', 'inner', 'b.txt'));
    for (const folder of ['two', 'none']) {
      const r = await run(['add-case', folder, '--seeds', 's6', '--golden', 'g6'], { cwd: tmp });
      expect(r.code).toBe(2);
      expect(r.stderr).toBe(`boilerstrip: add-case takes one file, and ${folder} is a folder; add its files one at a time\n`);
    }
    expect(existsSync(path.join(tmp, 's6'))).toBe(false);
    expect(existsSync(path.join(tmp, 'g6'))).toBe(false);
  });

  it('lists in its help every extension it takes, and takes a .htm and a .markdown file as it takes .html and .md', async ({ expect }) => {
    const help = await run(['add-case', '--help'], { cwd: tmp });
    expect(help.stdout.replace(/\s+/g, ' ')).toContain('a .txt, .md, .markdown, .html or .htm file');
    writeFileSync(path.join(tmp, 'page-x.htm'), readFileSync(PAGE_HTML));
    writeFileSync(path.join(tmp, 'page-y.markdown'), '# A headline\n\nA paragraph of the story, long enough to read as prose.\n');
    for (const [file, seed] of [['page-x.htm', 'page-x.htm'], ['page-y.markdown', 'page-y.markdown']]) {
      const r = await run(['add-case', file!, '--seeds', 's-ext', '--golden', 'g-ext'], { cwd: tmp });
      expect(r.code, r.stderr).toBe(0);
      expect(existsSync(path.join(tmp, 's-ext', seed!))).toBe(true);
    }
  });

  it('makes a case that check reads as it wrote it, for a .txt page in a reader envelope and a UTF-16 .txt page', async ({ expect }) => {
    // check read a .txt seed by its extension alone: it took the envelope page as plain text and
    // the UTF-16 page unconverted, so the fresh template disagreed or did not match at all.
    writeFileSync(path.join(tmp, 'jina.txt'), 'Title: X\n\nURL Source: https://e.com/x\n\nMarkdown Content:\n[Home](https://e.com/) | [News](https://e.com/n)\n\nA long sentence of the story that a reader came to read, with a full stop.\n');
    writeFileSync(path.join(tmp, 'wide.txt'), Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('Home\nA long sentence of the story that a reader came to read.\n', 'utf16le')]));
    for (const name of ['jina', 'wide']) {
      const added = await run(['add-case', `${name}.txt`, '--seeds', 's-read', '--golden', 'g-read'], { cwd: tmp });
      expect(added.code, added.stderr).toBe(0);
      const check = await run(['check', name, '--seeds', 's-read', '--golden', 'g-read'], { cwd: tmp });
      expect(check.code, check.stderr).toBe(0);
      expect(check.stdout).toContain(`every row of ${name} agrees with the program's label`);
    }
  });

  it('refuses stdin (-) with one usage line and exit 2, writing nothing, not an internal error', async ({ expect }) => {
    // The folder check looked up '-' on disk: ENOENT, a stack trace and exit 3.
    const r = await run(['add-case', '-', '--seeds', 's7', '--golden', 'g7'], { cwd: tmp, input: 'A line of a page.\n' });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('boilerstrip: add-case takes a .txt, .md, .markdown, .html or .htm file, got -\n');
    expect(existsSync(path.join(tmp, 's7'))).toBe(false);
    expect(existsSync(path.join(tmp, 'g7'))).toBe(false);
  });

  it('refuses a name with a seed extension, and a name another seed already has in another format, writing nothing (QA pass 8)', async ({ expect }) => {
    // `--name foo.txt` wrote seeds/foo.txt.txt; a .txt case named like an .html seed whose golden
    // file was gone made two seeds of one case name, which check then refuses.
    const ext = await run(['add-case', 'page.txt', '--name', 'foo.txt', '--seeds', 's10', '--golden', 'g10'], { cwd: tmp });
    expect(ext.code).toBe(2);
    expect(ext.stderr).toBe('boilerstrip: --name is the case name without an extension: foo, not foo.txt\n');
    mkdirSync(path.join(tmp, 's10'), { recursive: true });
    writeFileSync(path.join(tmp, 's10', 'c.html'), '<p>x</p>');
    const other = await run(['add-case', 'page.txt', '--name', 'c', '--seeds', 's10', '--golden', 'g10'], { cwd: tmp });
    expect(other.code).toBe(2);
    expect(other.stderr).toContain(`${path.join('s10', 'c.html')} already exists; choose another --name`);
    expect(readdirSync(path.join(tmp, 's10'))).toEqual(['c.html']);
  });

  it('says how to make a case of a .gz page or a JSON record, which it does not take', async ({ expect }) => {
    writeFileSync(path.join(tmp, 'page.html.gz'), '');
    writeFileSync(path.join(tmp, 'rec.json'), '{"html": "<p>x</p>"}');
    const gz = await run(['add-case', 'page.html.gz', '--seeds', 's11', '--golden', 'g11'], { cwd: tmp });
    expect(gz.code).toBe(2);
    expect(gz.stderr).toContain('decompress it first (gunzip -k page.html.gz) and add the page');
    const json = await run(['add-case', 'rec.json', '--seeds', 's11', '--golden', 'g11'], { cwd: tmp });
    expect(json.code).toBe(2);
    expect(json.stderr).toContain("write the record's page to a file first");
  });

  it('refuses a name that would write outside seeds/ and golden/, writing nothing', async ({ expect }) => {
    for (const name of ['../evil', 'a/b', '.hidden', '']) {
      const r = await run(['add-case', 'page.txt', '--name', name, '--seeds', 's3', '--golden', 'g3'], { cwd: tmp });
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(`invalid case name "${name}"`);
    }
    expect(existsSync(path.join(tmp, 'evil.txt'))).toBe(false);
    expect(existsSync(path.join(tmp, 's3'))).toBe(false);
  });

  it('names a case from a file whose extension is in upper case without it, and refuses a name that check would read as an option (QA pass 16)', async ({ expect }) => {
    copyFileSync(PAGE_HTML, path.join(tmp, 'UPPER.HTML'));
    const r = await run(['add-case', 'UPPER.HTML', '--seeds', 's-upper', '--golden', 'g-upper'], { cwd: tmp });
    expect(r.code, r.stderr).toBe(0);
    expect(readdirSync(path.join(tmp, 's-upper'))).toEqual(['UPPER.html']);
    expect(readdirSync(path.join(tmp, 'g-upper'))).toEqual(['UPPER.tsv']);
    const check = await run(['check', 'UPPER', '--seeds', 's-upper', '--golden', 'g-upper'], { cwd: tmp });
    expect(check.stderr).not.toContain('unknown case');
    copyFileSync(PAGE_TXT, path.join(tmp, '-dash.txt'));
    const dash = await run(['add-case', '--seeds', 's-dash', '--golden', 'g-dash', '--', '-dash.txt'], { cwd: tmp });
    expect(dash.code).toBe(2);
    expect(dash.stderr).toContain(`invalid case name "-dash"`);
    expect(existsSync(path.join(tmp, 's-dash'))).toBe(false);
  });

  it("writes a template of the model's guesses alone with --no-rules, and of the rules' disclaimer without", async ({ expect }) => {
    const alone = labelText(RULED.text, { rules: false });
    expect(alone.find((l) => l.text === RULED.copyright)!.label).not.toBe('disclaimer');
    const [off, on] = await Promise.all([
      run(['add-case', 'ruled.txt', '--no-rules', '--seeds', 's-off', '--golden', 'g-off'], { cwd: tmp }),
      run(['add-case', 'ruled.txt', '--seeds', 's-on', '--golden', 'g-on'], { cwd: tmp }),
    ]);
    expect(off.code).toBe(0);
    expect(on.code).toBe(0);
    expect(readFileSync(path.join(tmp, 'g-off', 'ruled.tsv'), 'utf8')).toBe(alone.map((l) => `${l.label}\t${l.text}\n`).join(''));
    expect(splitLines(readFileSync(path.join(tmp, 'g-on', 'ruled.tsv'), 'utf8'))).toContain(`disclaimer\t${RULED.copyright}`);
  });
});
