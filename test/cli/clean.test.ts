import { afterAll, beforeAll, describe, it } from 'vitest';
import { chmodSync, copyFileSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import path from 'node:path';
import { BIN, HTML, IS_ROOT, PAGE_HTML, PAGE_TXT, RULED, TXT, listFiles, makeTempDir, removeTempDir, run, splitLines, stderrLines } from './helpers.js';
import { execFileSync, spawn } from 'node:child_process';
import { labelHtml, labelText } from '../../src/document.js';

let tmp: string;

beforeAll(() => {
  tmp = makeTempDir('clean');
  copyFileSync(PAGE_TXT, path.join(tmp, 'article.txt'));
  copyFileSync(PAGE_HTML, path.join(tmp, 'festival.html'));
  writeFileSync(path.join(tmp, 'ruled.txt'), RULED.text);
  writeFileSync(path.join(tmp, 'ruled.html'), RULED.html);
});

afterAll(() => removeTempDir(tmp));

const SUMMARY_ONE = 'boilerstrip: 1 file cleaned, 0 skipped, 0 failed';

describe.concurrent('boilerstrip clean', { timeout: 60_000 }, () => {
  it('warns when a file\'s name and its bytes disagree on text against HTML, reads it by its name, and says nothing under --format (QA pass 20)', async ({ expect }) => {
    writeFileSync(path.join(tmp, 'saved-page.txt'), readFileSync(PAGE_HTML));
    writeFileSync(path.join(tmp, 'dump.html'), readFileSync(PAGE_TXT));
    const asText = await run(['label', 'saved-page.txt'], { cwd: tmp });
    expect(stderrLines(asText.stderr)).toContain('boilerstrip: saved-page.txt: warning: looks like an HTML page, but its name says text: read as text, tags and all (--format html reads it as HTML)');
    expect(splitLines(asText.stdout)).toHaveLength(splitLines(readFileSync(PAGE_HTML, 'utf8')).length);
    const asHtml = await run(['label', 'dump.html'], { cwd: tmp });
    expect(stderrLines(asHtml.stderr)).toContain('boilerstrip: dump.html: warning: holds no HTML markup, but its name says HTML: read as HTML, its lines run together as a browser runs them (--format text reads one block a line)');
    const forced = await run(['label', '--format', 'text', 'dump.html'], { cwd: tmp });
    expect(forced.stderr).not.toContain('warning');
    expect(splitLines(forced.stdout)).toHaveLength(splitLines(readFileSync(PAGE_TXT, 'utf8')).length);
  });

  it('warns about an empty file named .gz, which holds not even a gzip header, and reads it as an empty input (QA pass 20)', async ({ expect }) => {
    writeFileSync(path.join(tmp, 'failed-download.jsonl.gz'), '');
    const r = await run(['clean', 'failed-download.jsonl.gz'], { cwd: tmp });
    expect(r.code).toBe(0);
    expect(stderrLines(r.stderr)).toEqual([
      'boilerstrip: failed-download.jsonl.gz: warning: is empty, though its name says gzip (a download that failed?): read as an empty input',
      'boilerstrip: 1 file cleaned, 0 skipped, 0 failed',
    ]);
  });

  it('writes the body of a single .txt input to stdout, without its menu, newsletter or copyright lines', async ({ expect }) => {
    const r = await run(['clean', 'article.txt'], { cwd: tmp });
    expect(r.code).toBe(0);
    const lines = splitLines(r.stdout);
    expect(lines).toContain(TXT.headline);
    for (const p of TXT.paragraphs) expect(lines).toContain(p);
    for (const word of TXT.menu) expect(lines).not.toContain(word);
    expect(r.stdout).not.toContain(TXT.newsletter);
    expect(r.stdout).not.toContain(TXT.copyright);
    expect(r.stdout.endsWith('\n')).toBe(true);
    expect(r.stderr.trim()).toBe(SUMMARY_ONE);
  });

  it('mirrors the relative paths of a folder with nested sub-folders under -o, and leaves out files that are not inputs, naming them in a note', async ({ expect }) => {
    const src = path.join(tmp, 'scraped');
    mkdirSync(path.join(src, 'a', 'b'), { recursive: true });
    mkdirSync(path.join(src, 'c'), { recursive: true });
    copyFileSync(PAGE_TXT, path.join(src, 'a', 'b', 'page.txt'));
    copyFileSync(PAGE_TXT, path.join(src, 'top.txt'));
    copyFileSync(PAGE_HTML, path.join(src, 'c', 'story.html'));
    writeFileSync(path.join(src, 'a', 'notes.rst'), 'Not an input\n============\n');
    copyFileSync(PAGE_TXT, path.join(src, 'c', 'saved-without-extension'));
    // A hidden file (.DS_Store, .gitignore) is no page anyone meant to give.
    writeFileSync(path.join(src, '.DS_Store'), 'x');

    const r = await run(['clean', 'scraped', '-o', 'out'], { cwd: tmp });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    // Left out in silence, a page saved without an extension was missing from the outputs with "0 skipped".
    expect(stderrLines(r.stderr)).toEqual([
      `boilerstrip: note: 2 files in the folders given have no extension boilerstrip reads (.txt, .md, .markdown, .html, .htm, .json, .jsonl, .ndjson, .warc, .wet, optionally .gz) and were left out: ${path.join('scraped', 'a', 'notes.rst')}, ${path.join('scraped', 'c', 'saved-without-extension')}; give such a file by name to read it`,
      'boilerstrip: 3 files cleaned, 0 skipped, 0 failed',
    ]);
    const out = path.join(tmp, 'out');
    expect(listFiles(out)).toEqual(['a/b/page.txt', 'c/story.txt', 'top.txt']);

    const nested = splitLines(readFileSync(path.join(out, 'a', 'b', 'page.txt'), 'utf8'));
    for (const p of TXT.paragraphs) expect(nested).toContain(p);
    expect(nested).not.toContain(TXT.copyright);
    expect(readFileSync(path.join(out, 'top.txt'), 'utf8')).toBe(readFileSync(path.join(out, 'a', 'b', 'page.txt'), 'utf8'));
    const story = splitLines(readFileSync(path.join(out, 'c', 'story.txt'), 'utf8'));
    for (const p of HTML.paragraphs) expect(story).toContain(p);
  });

  it.skipIf(process.platform === 'win32')('leaves out a named pipe in a folder, even with an input extension, and names it in a note instead of dropping it in silence', async ({ expect }) => {
    // Read in a batch, a FIFO waits for a writer that may never come; not read, it was in no count.
    const src = path.join(tmp, 'with-fifo');
    mkdirSync(src);
    copyFileSync(PAGE_TXT, path.join(src, 'a.txt'));
    execFileSync('mkfifo', [path.join(src, 'pipe.txt')]);
    const r = await run(['clean', 'with-fifo', '-o', 'out-fifo'], { cwd: tmp });
    expect(r.code).toBe(0);
    expect(stderrLines(r.stderr)).toEqual([
      `boilerstrip: note: 1 entry in the folders given is not a regular file (a named pipe, socket or device) and was left out: ${path.join('with-fifo', 'pipe.txt')}; give it by name to read it`,
      'boilerstrip: 1 file cleaned, 0 skipped, 0 failed',
    ]);
    expect(listFiles(path.join(tmp, 'out-fifo'))).toEqual(['a.txt']);
  });

  it('reads stdin when the input is -', async ({ expect }) => {
    const r = await run(['clean', '-'], { cwd: tmp, input: readFileSync(PAGE_TXT) });
    expect(r.code).toBe(0);
    const lines = splitLines(r.stdout);
    for (const p of TXT.paragraphs) expect(lines).toContain(p);
    for (const word of TXT.menu) expect(lines).not.toContain(word);
    expect(r.stdout).not.toContain(TXT.copyright);
    expect(r.stderr.trim()).toBe(SUMMARY_ONE);
  });

  it('also keeps the copyright line with --keep body,disclaimer', async ({ expect }) => {
    const r = await run(['clean', '--keep', 'body,disclaimer', 'article.txt'], { cwd: tmp });
    expect(r.code).toBe(0);
    const lines = splitLines(r.stdout);
    expect(lines).toContain(TXT.copyright);
    for (const p of TXT.paragraphs) expect(lines).toContain(p);
    expect(lines).not.toContain(TXT.newsletter);
    for (const word of TXT.menu) expect(lines).not.toContain(word);
    expect(r.stderr.trim()).toBe(SUMMARY_ONE);
  });

  it('decompresses a .txt.gz input and cleans it like the plain file', async ({ expect }) => {
    writeFileSync(path.join(tmp, 'zipped.txt.gz'), gzipSync(readFileSync(PAGE_TXT)));
    const [gz, plain] = await Promise.all([run(['clean', 'zipped.txt.gz'], { cwd: tmp }), run(['clean', 'article.txt'], { cwd: tmp })]);
    expect(gz.code).toBe(0);
    expect(gz.stdout).toBe(plain.stdout);
    for (const p of TXT.paragraphs) expect(splitLines(gz.stdout)).toContain(p);
    expect(gz.stderr.trim()).toBe(SUMMARY_ONE);
  });

  it('cleans an HTML page: its <nav> menu is dropped and its <p> paragraphs are kept', async ({ expect }) => {
    const r = await run(['clean', 'festival.html'], { cwd: tmp });
    expect(r.code).toBe(0);
    const lines = splitLines(r.stdout);
    expect(lines).toContain(HTML.headline);
    for (const p of HTML.paragraphs) expect(lines).toContain(p);
    for (const word of HTML.menu) expect(lines).not.toContain(word);
    expect(r.stdout).not.toContain('<');
    expect(r.stdout).not.toContain(HTML.copyright);
    expect(r.stderr.trim()).toBe(SUMMARY_ONE);
  });

  it('refuses to write an output over its own input (-o the input folder), leaves the input as it was and exits 1', async ({ expect }) => {
    const src = path.join(tmp, 'inplace');
    mkdirSync(src, { recursive: true });
    copyFileSync(PAGE_TXT, path.join(src, 'page.txt'));
    const r = await run(['clean', 'inplace', '-o', 'inplace'], { cwd: tmp });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('boilerstrip: inplace/page.txt: its output would overwrite the input inplace/page.txt; choose another -o folder');
    expect(r.stderr).toContain('0 files cleaned, 0 skipped, 1 failed');
    expect(readFileSync(path.join(src, 'page.txt'), 'utf8')).toBe(readFileSync(PAGE_TXT, 'utf8'));
  });

  it('refuses to write an output over its own input when -o or the input reaches the input folder through a link, or the input is a link to the file the output would replace, and leaves the input as it was', async ({ expect }) => {
    const src = path.join(tmp, 'linked');
    mkdirSync(src, { recursive: true });
    copyFileSync(PAGE_TXT, path.join(src, 'page.txt'));
    symlinkSync('linked', path.join(tmp, 'linked-alias'));
    // A folder of links to the real files, a common way to pick a batch, cleaned into the real files' folder.
    mkdirSync(path.join(tmp, 'picks'));
    symlinkSync(path.join('..', 'linked', 'page.txt'), path.join(tmp, 'picks', 'page.txt'));
    for (const args of [['linked', '-o', 'linked-alias'], ['linked-alias', '-o', 'linked'], ['linked/page.txt', '-o', 'linked-alias/'], ['picks', '-o', 'linked']]) {
      const r = await run(['clean', ...args], { cwd: tmp });
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/: its output would overwrite the input .*page\.txt; choose another -o folder/);
      expect(r.stderr).toContain('0 files cleaned, 0 skipped, 1 failed');
      expect(readFileSync(path.join(src, 'page.txt'), 'utf8')).toBe(readFileSync(PAGE_TXT, 'utf8'));
    }
  });

  it('cleans an input given twice (by the same path, by another path, or as a file of a folder also given) once, with a warning, instead of failing it', async ({ expect }) => {
    const src = path.join(tmp, 'twice');
    mkdirSync(src, { recursive: true });
    copyFileSync(PAGE_TXT, path.join(src, 'page.txt'));
    for (const [i, args] of [['twice/page.txt', 'twice/page.txt'], ['twice/page.txt', './twice/page.txt'], ['twice', 'twice/page.txt']].entries()) {
      const out = `twice-out${i}`;
      const r = await run(['clean', ...args, '-o', out], { cwd: tmp });
      expect(r.code).toBe(0);
      expect(stderrLines(r.stderr)).toEqual([`boilerstrip: ${args[1]}: warning: given more than once (as twice/page.txt); read once`, SUMMARY_ONE]);
      expect(listFiles(path.join(tmp, out))).toEqual(['page.txt']);
    }
    // On stdout too: one input, though named twice.
    const r = await run(['clean', 'twice/page.txt', 'twice/page.txt'], { cwd: tmp });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe((await run(['clean', 'twice/page.txt'], { cwd: tmp })).stdout);
  });

  it('does not read the outputs of an earlier run when the output folder lies inside the input folder', async ({ expect }) => {
    const src = path.join(tmp, 'withinside');
    mkdirSync(src, { recursive: true });
    copyFileSync(PAGE_TXT, path.join(src, 'page.txt'));
    const first = await run(['clean', 'withinside', '-o', 'withinside/out'], { cwd: tmp });
    const second = await run(['clean', 'withinside', '-o', 'withinside/out'], { cwd: tmp });
    expect(first.code).toBe(0);
    expect(first.stderr.trim()).toBe(SUMMARY_ONE);
    expect(second.code).toBe(0);
    // Said, not done in silence: a file of the user's own in that folder is not read either (QA pass 5).
    expect(stderrLines(second.stderr)).toEqual([
      `boilerstrip: note: ${path.join('withinside', 'out')}, the output folder (-o), lies inside an input folder and was not read, so a run does not read outputs back; give it by name to read its files`,
      SUMMARY_ONE,
    ]);
    expect(listFiles(path.join(src, 'out'))).toEqual(['page.txt']);
  });

  it('warns when an HTML page names no charset and is not valid UTF-8, and rejects an --encoding it does not know', async ({ expect }) => {
    const story = readFileSync(PAGE_HTML, 'utf8');
    // The page's first paragraph, with a latin-1 byte (é) in front and no charset anywhere.
    const at = story.indexOf(HTML.paragraphs[0]!);
    const page = Buffer.concat([Buffer.from(story.slice(0, at).replace(/<meta[^>]*charset[^>]*>/gi, '')), Buffer.from('Caf'), Buffer.from([0xe9]), Buffer.from(' owners said so. '), Buffer.from(story.slice(at))]);
    writeFileSync(path.join(tmp, 'latin1.html'), page);
    const r = await run(['clean', 'latin1.html'], { cwd: tmp });
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('latin1.html: warning: not valid UTF-8 and no charset declared');
    const named = await run(['clean', '--encoding', 'windows-1252', 'latin1.html'], { cwd: tmp });
    expect(named.stderr).not.toContain('warning');
    expect(named.stdout).toContain('Café owners');
    const bogus = await run(['clean', '--encoding', 'bogus', 'latin1.html'], { cwd: tmp });
    expect(bogus.code).toBe(2);
    expect(bogus.stderr).toContain("option '--encoding' got unknown encoding 'bogus'");
  });

  it('says which charset an HTML page declared when it cannot be decoded, instead of saying none was declared', async ({ expect }) => {
    writeFileSync(path.join(tmp, 'unknown-charset.html'), Buffer.concat([Buffer.from('<html><head><meta charset="x-user-defined"></head><body><p>Caf'), Buffer.from([0xe9]), Buffer.from(' owners said so.</p></body></html>')]));
    const r = await run(['clean', 'unknown-charset.html'], { cwd: tmp });
    expect(r.code).toBe(0);
    expect(r.stderr).not.toContain('no charset declared');
    expect(r.stderr).toContain("unknown-charset.html: warning: not valid UTF-8, and its <meta> names a charset this program cannot decode ('x-user-defined')");
  });

  it('warns, with the byte, when an HTML page is not valid in the charset its <meta> or --encoding names, instead of replacing the bytes in silence', async ({ expect }) => {
    const page = Buffer.concat([Buffer.from('<html><head><meta charset="utf-8"></head><body><p>Caf'), Buffer.from([0xe9]), Buffer.from(' owners said so.</p></body></html>')]);
    writeFileSync(path.join(tmp, 'lying-meta.html'), page);
    const r = await run(['clean', 'lying-meta.html'], { cwd: tmp });
    expect(r.code).toBe(0);
    expect(stderrLines(r.stderr)[0]).toBe(`boilerstrip: lying-meta.html: warning: not valid utf-8, the charset its <meta> names: invalid bytes became U+FFFD (byte ${page.indexOf(0xe9)}); give the page's charset with --encoding NAME`);
    const named = await run(['clean', '--encoding', 'utf-8', 'lying-meta.html'], { cwd: tmp });
    expect(stderrLines(named.stderr)[0]).toBe(`boilerstrip: lying-meta.html: warning: not valid utf-8, the charset --encoding names: invalid bytes became U+FFFD (byte ${page.indexOf(0xe9)})`);
    const right = await run(['clean', '--encoding', 'windows-1252', 'lying-meta.html'], { cwd: tmp });
    expect(right.stderr).not.toContain('warning');
  });

  it('reads a text file in the charset --encoding names, and warns when its bytes are not valid in it', async ({ expect }) => {
    const story = readFileSync(PAGE_TXT, 'utf8');
    // The story with one latin-1 é: read as UTF-8 it became U+FFFD though --encoding named the charset.
    const at = story.indexOf(TXT.paragraphs[0]!);
    writeFileSync(path.join(tmp, 'latin1.txt'), Buffer.concat([Buffer.from(story.slice(0, at)), Buffer.from('Caf'), Buffer.from([0xe9]), Buffer.from(' owners said so. '), Buffer.from(story.slice(at))]));
    const named = await run(['label', '--encoding', 'windows-1252', 'latin1.txt'], { cwd: tmp });
    expect(named.code).toBe(0);
    expect(named.stderr).not.toContain('warning');
    expect(named.stdout).toContain('Café owners');
    const unnamed = await run(['label', 'latin1.txt'], { cwd: tmp });
    expect(unnamed.stderr).toContain('invalid UTF-8');
    writeFileSync(path.join(tmp, 'bad-sjis.txt'), Buffer.concat([Buffer.from(story), Buffer.from([0x41, 0xff, 0x42, 0x0a])]));
    const bad = await run(['label', '--encoding', 'shift_jis', 'bad-sjis.txt'], { cwd: tmp });
    expect(bad.code).toBe(0);
    // The story decodes as Shift_JIS a byte a character (its © is two half-width katakana): the bound is the bad byte itself.
    expect(bad.stderr).toContain(`bad-sjis.txt: warning: not valid shift_jis, the charset --encoding names: bytes it does not have became U+FFFD (at or after byte ${Buffer.byteLength(story) + 1}, counted in the shift_jis input)`);
  });

  it('reads a UTF-8 BOM as UTF-8 over --encoding when a pipe hands it over in two reads', async ({ expect }) => {
    // The BOM was looked for in the first two bytes only: EF BB, then BF later, was no BOM, and
    // the UTF-8 text was converted from latin-1 ("CafÃ©").
    const child = spawn(process.execPath, [BIN, 'label', '--encoding', 'latin1', '-'], { cwd: tmp, stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    const closed = new Promise<number | null>((resolve) => child.on('close', resolve));
    child.stdin.write(Buffer.from([0xef, 0xbb]));
    await new Promise((resolve) => setTimeout(resolve, 300));
    child.stdin.end(Buffer.concat([Buffer.from([0xbf]), Buffer.from('Café owners said the square was busier than ever this spring.\n')]));
    expect(await closed).toBe(0);
    expect(Buffer.concat(out).toString('utf8')).toContain('\tCafé owners said');
  });

  it('warns that a frameset page has no lines of its own, naming its frames, in a file and in a JSONL record', async ({ expect }) => {
    // Its output was empty, with nothing on stderr to say why.
    const page = '<html><head><title>Harbour Press</title></head><frameset cols="20%,80%"><frame src="menu.html"><frame src="story.html"></frameset></html>';
    writeFileSync(path.join(tmp, 'frames.html'), page);
    const r = await run(['clean', 'frames.html'], { cwd: tmp });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    expect(stderrLines(r.stderr)).toContain(
      "boilerstrip: frames.html: warning: a frameset page: its text is in the pages of its frames (menu.html, story.html), which are not part of this input, so it gives no lines; clean the frames' pages instead",
    );
    const records = await run(['clean', '--format', 'jsonl', '-'], { cwd: tmp, input: JSON.stringify({ url: 'https://example.test/', html: page }) + '\n' });
    expect(records.code).toBe(0);
    expect(stderrLines(records.stderr)).toContain(
      "boilerstrip: <stdin>:1: warning: a frameset page: its text is in the pages of its frames (menu.html, story.html), which are not part of this input, so it gives no lines; clean the frames' pages instead (byte 0, record 0)",
    );
  });

  it('refuses an empty -o, which read as no -o (stdout), before reading any input', async ({ expect }) => {
    const r = await run(['clean', 'article.txt', '-o', ''], { cwd: tmp });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(stderrLines(r.stderr)).toEqual(['boilerstrip: -o is empty; -o takes a folder name']);
  });

  it('fails the second of two inputs whose outputs would have one name, saying why: another extension, or one relative path under two inputs given', async ({ expect }) => {
    mkdirSync(path.join(tmp, 'clash', 'a'), { recursive: true });
    mkdirSync(path.join(tmp, 'clash', 'b'), { recursive: true });
    copyFileSync(PAGE_TXT, path.join(tmp, 'clash', 'a', 'story.txt'));
    copyFileSync(PAGE_HTML, path.join(tmp, 'clash', 'a', 'story.html'));
    copyFileSync(PAGE_TXT, path.join(tmp, 'clash', 'b', 'story.txt'));
    const ext = await run(['clean', path.join('clash', 'a'), '-o', 'clash-out1', '--jobs', '1'], { cwd: tmp });
    expect(ext.code).toBe(1);
    expect(ext.stderr).toContain(`${path.join('clash', 'a', 'story.txt')}: its output would overwrite the output of ${path.join('clash', 'a', 'story.html')} (same name, other extension); rename one of them`);
    const rel = await run(['clean', path.join('clash', 'a', 'story.txt'), path.join('clash', 'b', 'story.txt'), '-o', 'clash-out2', '--jobs', '1'], { cwd: tmp });
    expect(rel.code).toBe(1);
    expect(rel.stderr).toContain(`${path.join('clash', 'b', 'story.txt')}: its output would overwrite the output of ${path.join('clash', 'a', 'story.txt')} (same path story.txt under two of the inputs given); rename one of them`);
    expect(readFileSync(path.join(tmp, 'clash-out2', 'story.txt'), 'utf8')).toContain(TXT.paragraphs[0]!);
  });

  it('refuses -o naming a file, once, before reading any input', async ({ expect }) => {
    writeFileSync(path.join(tmp, 'not-a-folder'), 'x\n');
    const r = await run(['clean', 'article.txt', 'festival.html', '-o', 'not-a-folder'], { cwd: tmp });
    expect(r.code).toBe(2);
    expect(stderrLines(r.stderr)).toEqual(['boilerstrip: -o not-a-folder is a file; -o takes a folder (it is made if missing)']);
  });

  it('refuses an -o folder that cannot be made under a file, once, before reading any input, instead of failing every input on it', async ({ expect }) => {
    writeFileSync(path.join(tmp, 'a-file'), 'x\n');
    const r = await run(['clean', 'article.txt', 'festival.html', '-o', 'a-file/out'], { cwd: tmp });
    expect(r.code).toBe(2);
    expect(stderrLines(r.stderr)).toEqual(['boilerstrip: cannot write under -o a-file/out: a-file is a file']);
  });

  it('refuses an -o folder under a broken link (a link to a disk that is not mounted), once, before reading any input', async ({ expect }) => {
    symlinkSync(path.join(tmp, 'unmounted', 'disk'), path.join(tmp, 'gone'));
    for (const out of ['gone', 'gone/out']) {
      const r = await run(['clean', 'article.txt', 'festival.html', '-o', out], { cwd: tmp });
      expect(r.code).toBe(2);
      expect(stderrLines(r.stderr)).toEqual([`boilerstrip: cannot write under -o ${out}: gone is a broken link`]);
    }
  });

  it.skipIf(IS_ROOT)('refuses an -o folder it has no permission to write in, once, before reading any input', async ({ expect }) => {
    mkdirSync(path.join(tmp, 'closed'));
    chmodSync(path.join(tmp, 'closed'), 0o555);
    try {
      const r = await run(['clean', 'article.txt', 'festival.html', '-o', 'closed/out'], { cwd: tmp });
      expect(r.code).toBe(2);
      expect(stderrLines(r.stderr)).toEqual(['boilerstrip: cannot write under -o closed/out: closed is not writable (EACCES)']);
    } finally {
      chmodSync(path.join(tmp, 'closed'), 0o755);
    }
  });
});

describe.concurrent('boilerstrip clean --readability', { timeout: 60_000 }, () => {
  it('says once that --readability did not apply to the text files of a run, which give it no DOM, and cleans them as without the flag', async ({ expect }) => {
    const [withFlag, without] = await Promise.all([run(['clean', '--readability', PAGE_TXT], { cwd: tmp }), run(['clean', PAGE_TXT], { cwd: tmp })]);
    expect(withFlag.code).toBe(0);
    expect(withFlag.stdout).toBe(without.stdout);
    expect(stderrLines(withFlag.stderr)).toContain('boilerstrip: note: --readability reads HTML pages only; the text or Markdown file was labelled without it (lines of text give it no DOM to read)');
    // A folder of them: one note for the run, counting them, whichever thread cleaned each.
    const dir = path.join(tmp, 'readability-texts');
    mkdirSync(dir, { recursive: true });
    for (const name of ['a.txt', 'b.txt', 'c.md']) copyFileSync(PAGE_TXT, path.join(dir, name));
    copyFileSync(PAGE_HTML, path.join(dir, 'd.html'));
    const folder = await run(['clean', '--readability', '--jobs', '2', dir, '-o', path.join(tmp, 'readability-out')], { cwd: tmp });
    expect(folder.code).toBe(0);
    expect(stderrLines(folder.stderr).filter((l) => l.includes('--readability'))).toEqual(['boilerstrip: note: --readability reads HTML pages only; 3 text or Markdown files were labelled without it (lines of text give it no DOM to read)']);
    // An HTML page takes it without a word.
    const html = await run(['clean', '--readability', PAGE_HTML], { cwd: tmp });
    expect(html.code).toBe(0);
    expect(html.stderr).not.toContain('warning');
  });
});

describe.concurrent('boilerstrip clean --no-rules', { timeout: 60_000 }, () => {
  for (const [file, alone] of [
    ['ruled.txt', labelText(RULED.text, { rules: false })],
    ['ruled.html', labelHtml(RULED.html, { rules: false })],
  ] as const) {
    it(`keeps the copyright line of ${file} that the model alone calls body with --no-rules, and drops it as disclaimer without`, async ({ expect }) => {
      expect(alone.find((l) => l.text === RULED.copyright)!.label).toBe('body');
      const [off, on] = await Promise.all([run(['clean', '--no-rules', file], { cwd: tmp }), run(['clean', file], { cwd: tmp })]);
      expect(off.code).toBe(0);
      expect(on.code).toBe(0);
      const kept = splitLines(off.stdout);
      expect(kept).toContain(RULED.copyright);
      // Every other line is kept or dropped as without the flag.
      expect(kept.filter((l) => l !== RULED.copyright)).toEqual(splitLines(on.stdout));
      expect(on.stdout).not.toContain(RULED.copyright);
    });
  }
});
