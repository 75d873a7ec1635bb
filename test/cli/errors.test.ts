import { afterAll, beforeAll, describe, it } from 'vitest';
import { chmodSync, closeSync, copyFileSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { gzipSync } from 'node:zlib';
import path from 'node:path';
import { BIN, IS_ROOT, PAGE_TXT, TXT, listFiles, makeTempDir, removeTempDir, run, splitLines, stderrLines } from './helpers.js';

let tmp: string;

/** Many lines of made-up prose from a fixed word list (deterministic), big enough to be written in several chunks. */
function longText(lines: number): string {
  const words = 'river stone lantern market quiet harbor morning teacher garden window bridge letter winter summer village engine paper forest candle journey'.split(' ');
  let x = 7;
  let out = '';
  for (let i = 0; i < lines; i++) {
    const picked: string[] = [];
    for (let j = 0; j < 30; j++) {
      x = (x * 1103515245 + 12345) % 2147483648;
      picked.push(words[x % words.length]!);
    }
    out += `The ${picked.join(' ')}.\n`;
  }
  return out;
}

function folderWithPages(name: string, pages: string[]): string {
  const dir = path.join(tmp, name);
  mkdirSync(dir, { recursive: true });
  for (const p of pages) copyFileSync(PAGE_TXT, path.join(dir, p));
  return dir;
}

beforeAll(() => {
  tmp = makeTempDir('errors');
  copyFileSync(PAGE_TXT, path.join(tmp, 'article.txt'));
});

afterAll(() => removeTempDir(tmp));

describe.concurrent('boilerstrip usage errors', { timeout: 60_000 }, () => {
  it('refuses a folder on stdin (- < DIR) with one usage line and exit 2, where Node read it as an empty stream and the run passed', async ({ expect }) => {
    const dir = openSync(tmp, 'r');
    try {
      for (const args of [['clean', '--format', 'jsonl', '-'], ['label', '-'], ['profile', '-', '-o', 'stdin.profile']]) {
        const r = spawnSync(process.execPath, [BIN, ...args], { cwd: tmp, stdio: [dir, 'pipe', 'pipe'], encoding: 'utf8' });
        expect([args[0], r.status]).toEqual([args[0], 2]);
        expect(r.stderr).toBe('boilerstrip: - (stdin) is a folder; give the folder as an argument to read its files\n');
      }
    } finally {
      closeSync(dir);
    }
  });

  it.skipIf(!existsSync('/dev/full'))('exits 1 with one line naming stdout and the error code when stdout cannot be written (a full disk), not a stack trace', async ({ expect }) => {
    for (const args of [['clean', 'article.txt'], ['label', 'article.txt']]) {
      const full = openSync('/dev/full', 'w');
      try {
        const r = spawnSync(process.execPath, [BIN, ...args], { cwd: tmp, stdio: ['ignore', full, 'pipe'], encoding: 'utf8' });
        expect(r.status).toBe(1);
        expect(r.stderr).toBe('boilerstrip: cannot write to stdout: ENOSPC (no space left on device)\n');
      } finally {
        closeSync(full);
      }
    }
  });

  it('stops and exits 0 without a word when the reader of stdout goes away (label big.txt | head)', async ({ expect }) => {
    const big = path.join(tmp, 'big-epipe.txt');
    writeFileSync(big, longText(20_000));
    const { spawn } = await import('node:child_process');
    const child = spawn(process.execPath, [BIN, 'label', big], { cwd: tmp, stdio: ['ignore', 'pipe', 'pipe'] });
    let read = 0;
    let stderr = '';
    child.stderr.on('data', (b: Buffer) => (stderr += b));
    // Like `head -c 100`: take the first chunk, then close the pipe.
    child.stdout.once('data', (b: Buffer) => {
      read += b.length;
      child.stdout.destroy();
    });
    const code = await new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)));
    expect(code).toBe(0);
    expect(stderr).toBe('');
    expect(read).toBeGreaterThan(0);
  });

  it('exits 2 with exactly one error line naming a path that does not exist', async ({ expect }) => {
    const r = await run(['clean', 'no-such-page.txt'], { cwd: tmp });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    const err = stderrLines(r.stderr);
    expect(err).toHaveLength(1);
    expect(err[0]).toContain('no-such-page.txt');
  });

  it('exits 2 with one error line naming the folders given when they hold no input file', async ({ expect }) => {
    mkdirSync(path.join(tmp, 'empty-a'));
    mkdirSync(path.join(tmp, 'notes-only'));
    writeFileSync(path.join(tmp, 'notes-only', 'README.rst'), 'Not an input\n============\n');
    const r = await run(['clean', 'empty-a', 'notes-only', '-o', 'empty-out'], { cwd: tmp });
    expect(r.code).toBe(2);
    expect(stderrLines(r.stderr)).toEqual(['boilerstrip: no input files found in empty-a, notes-only (folders are searched for .txt, .md, .markdown, .html, .htm, .json, .jsonl, .ndjson, .warc, .wet, optionally .gz)']);
  });

  it('exits 2 when stdin (-) is given twice, before reading it', async ({ expect }) => {
    const r = await run(['clean', '-', '-', '-o', 'twice'], { cwd: tmp, input: 'a line\n' });
    expect(r.code).toBe(2);
    expect(stderrLines(r.stderr)).toEqual(['boilerstrip: - (stdin) can be read once only; it is given more than once']);
  });

  it('exits 2 naming an unknown flag', async ({ expect }) => {
    const r = await run(['clean', '--no-such-flag', 'article.txt'], { cwd: tmp });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('--no-such-flag');
  });

  it('exits 2 naming --keep when it is given a class that does not exist', async ({ expect }) => {
    const r = await run(['clean', '--keep', 'nonsense', 'article.txt'], { cwd: tmp });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    const err = stderrLines(r.stderr);
    expect(err).toHaveLength(1);
    expect(err[0]).toContain('--keep');
    expect(err[0]).toContain('nonsense');
  });
});

// QA (session 22): a raw NUL in one JSONL record near the start of a stream made the whole input
// "binary": every record skipped, exit 0, even under --pass-bad-records; later in the stream the
// same NUL was one bad record.
describe.concurrent('boilerstrip on records with a NUL byte', { timeout: 60_000 }, () => {
  const record = (i: number) => JSON.stringify({ id: i, text: `Line ${i} of the page.\nThe story of record ${i} is told here in a sentence or two, long enough to read as prose.` });
  const lines = [record(0), record(1).replace('record 1', 'record\u00001'), record(2)];
  const input = lines.join('\n') + '\n';
  const nulAt = Buffer.from(input).indexOf(0);
  const line2 = Buffer.byteLength(lines[0]! + '\n');

  it('reports the record holding a NUL as one bad record, by line and byte, and cleans the others, from stdin or a .jsonl file', async ({ expect }) => {
    expect(nulAt).toBeLessThan(4096);
    writeFileSync(path.join(tmp, 'nul-early.jsonl'), input);
    for (const args of [['-'], ['--format', 'jsonl', '-'], ['nul-early.jsonl']]) {
      const r = await run(['clean', ...args], { cwd: tmp, input });
      expect(r.code, args.join(' ')).toBe(1);
      const out = splitLines(r.stdout).map((l) => JSON.parse(l) as { id: number });
      expect(out.map((o) => o.id)).toEqual([0, 2]);
      expect(stderrLines(r.stderr).some((l) => new RegExp(`:2: malformed JSON: .*\\(byte ${line2}, record 1\\)$`).test(l)), r.stderr).toBe(true);
    }
    const through = await run(['clean', '--pass-bad-records', '-'], { cwd: tmp, input });
    expect(through.code).toBe(0);
    expect(splitLines(through.stdout)).toHaveLength(3);
  });

  it('fails, rather than skips, binary data on stdin: nothing of it is in the output', async ({ expect }) => {
    const r = await run(['clean', '-'], { cwd: tmp, input: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]) });
    expect(r.code).toBe(1);
    expect(stderrLines(r.stderr)).toContain('boilerstrip: <stdin>: binary data (NUL byte in the first block): not read');
    expect(stderrLines(r.stderr)).toContain('boilerstrip: 0 files cleaned, 0 skipped, 1 failed');
  });
});

describe.concurrent('boilerstrip bad input in a batch', { timeout: 60_000 }, () => {
  it('skips and reports a binary file, cleans the other two, and leaves no temporary files behind', async ({ expect }) => {
    const dir = folderWithPages('binary', ['one.txt', 'two.txt']);
    writeFileSync(path.join(dir, 'blob.txt'), Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x00, 0x00, 0x08, 0x00, 0xff, 0x00, 0x41, 0x0a]));
    const r = await run(['clean', 'binary', '-o', 'binary-out'], { cwd: tmp });
    expect(r.code).toBe(0);
    const err = stderrLines(r.stderr);
    expect(err).toContain('boilerstrip: 2 files cleaned, 1 skipped, 0 failed');
    const skipped = err.filter((l) => l.includes('blob.txt'));
    expect(skipped).toHaveLength(1);
    expect(skipped[0]).toMatch(/skipped/);
    const out = path.join(tmp, 'binary-out');
    expect(listFiles(out)).toEqual(['one.txt', 'two.txt']);
    for (const f of ['one.txt', 'two.txt']) {
      const lines = splitLines(readFileSync(path.join(out, f), 'utf8'));
      for (const p of TXT.paragraphs) expect(lines).toContain(p);
    }
  });

  it('reports a file that cannot be read to the end (a truncated .gz) as failed, still writes the others, counts it and exits 1, leaving no partial output', async ({ expect }) => {
    const dir = folderWithPages('truncated', ['first.txt', 'second.txt']);
    const gz = gzipSync(Buffer.from(longText(3000)));
    writeFileSync(path.join(dir, 'cut.txt.gz'), gz.subarray(0, Math.floor(gz.length * 0.75)));
    const r = await run(['clean', 'truncated', '-o', 'truncated-out'], { cwd: tmp });
    expect(r.code).toBe(1);
    const err = stderrLines(r.stderr);
    expect(err).toContain('boilerstrip: 2 files cleaned, 0 skipped, 1 failed');
    expect(err).toContain(`boilerstrip: failed: ${path.join('truncated', 'cut.txt.gz')}`);
    expect(err.some((l) => l.includes('cut.txt.gz') && !l.includes('failed:'))).toBe(true);
    const out = path.join(tmp, 'truncated-out');
    expect(existsSync(path.join(out, 'cut.txt'))).toBe(false);
    expect(listFiles(out)).toEqual(['first.txt', 'second.txt']);
    for (const f of ['first.txt', 'second.txt']) {
      const lines = splitLines(readFileSync(path.join(out, f), 'utf8'));
      for (const p of TXT.paragraphs) expect(lines).toContain(p);
    }
  });

  it('prints a file name holding a line break escaped in every message, so each message is one line of stderr (QA pass 23)', async ({ expect }) => {
    const dir = path.join(tmp, 'nl-names');
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, 'bad\nname.json'), '{"url": "u", "html": ');
    const r = await run(['clean', 'nl-names', path.join('nl-names', 'bad\nname.json'), '-o', 'nl-out'], { cwd: tmp });
    expect(r.code).toBe(1);
    const lines = r.stderr.trimEnd().split('\n');
    for (const line of lines) expect(line).toMatch(/^boilerstrip: /);
    expect(lines).toContain(`boilerstrip: failed: ${path.join('nl-names', 'bad\\u000aname.json')}`);
    expect(lines.some((l) => l.includes('given more than once'))).toBe(true);
  });

  it('says a truncated .gz is a gzip stream cut off at a compressed byte, and keeps the JSONL records read before the cut, exiting 1', async ({ expect }) => {
    const dir = path.join(tmp, 'cut-jsonl');
    mkdirSync(dir, { recursive: true });
    // Numbered records of varied words, so the gzip stream is long and the cut falls among them.
    const body = longText(400).split('\n').filter((l) => l !== '');
    const records = body.map((text, i) => JSON.stringify({ id: i, text }) + '\n');
    const gz = gzipSync(Buffer.from(records.join('')));
    const cutAt = Math.floor(gz.length / 2);
    writeFileSync(path.join(dir, 'crawl.jsonl.gz'), gz.subarray(0, cutAt));
    const r = await run(['clean', 'cut-jsonl', '-o', 'cut-jsonl-out'], { cwd: tmp });
    expect(r.code).toBe(1);
    const file = path.join('cut-jsonl', 'crawl.jsonl.gz');
    const err = stderrLines(r.stderr);
    const gzipLine = err.find((l) => l.includes('gzip'));
    expect(gzipLine).toMatch(new RegExp(`^boilerstrip: ${file.replace(/[.]/g, '\\.')}: gzip stream cut off: the compressed data ends at byte ${cutAt} of the file, before the end of the gzip stream \\(zlib: unexpected end of file\\); the (\\d+) records read before the cut are written$`));
    const kept = Number(/the (\d+) records read/.exec(gzipLine!)![1]);
    expect(kept).toBeGreaterThan(10);
    expect(kept).toBeLessThan(records.length);
    // The output holds exactly those records, whole, in order.
    const out = readFileSync(path.join(tmp, 'cut-jsonl-out', 'crawl.jsonl'), 'utf8');
    const ids = splitLines(out).map((l) => (JSON.parse(l) as { id: number }).id);
    expect(ids).toEqual([...Array(kept).keys()]);
    // The record cut in half is reported as bad, and the summary counts both.
    expect(err.some((l) => l.includes(`record ${kept}`) && l.includes('cut off?'))).toBe(true);
    expect(err).toContain(`boilerstrip: 0 files cleaned, 0 skipped, 1 failed; records: ${kept} ok, 1 bad`);
    expect(err).toContain(`boilerstrip: failed: ${file}`);
  });

  it('writes no output, and removes an earlier run\'s, for a .json.gz cut inside its first record, saying nothing was read before the cut', async ({ expect }) => {
    const dir = path.join(tmp, 'cut-first');
    mkdirSync(dir, { recursive: true });
    // One long first record of varied words: the cut falls inside it, after the array's `[`.
    const gz = gzipSync(Buffer.from(JSON.stringify([{ id: 0, text: longText(400) }, { id: 1, text: 'second' }])));
    writeFileSync(path.join(dir, 'crawl.json.gz'), gz.subarray(0, Math.floor(gz.length / 2)));
    const out = path.join(tmp, 'cut-first-out');
    mkdirSync(out, { recursive: true });
    writeFileSync(path.join(out, 'crawl.jsonl'), '{"id":0,"text":"from an earlier run"}\n');
    const r = await run(['clean', 'cut-first', '-o', 'cut-first-out'], { cwd: tmp });
    expect(r.code).toBe(1);
    const gzipLine = stderrLines(r.stderr).find((l) => l.includes('gzip'))!;
    expect(gzipLine).toMatch(/gzip stream cut off: .*; no record was read before the cut, so no output is written; the output an earlier run wrote for it, .*crawl\.jsonl, was removed$/);
    expect(listFiles(out)).toEqual([]);
  });

  it('counts the bad records written through in the message about a cut .gz under --pass-bad-records', async ({ expect }) => {
    const dir = path.join(tmp, 'cut-pass');
    mkdirSync(dir, { recursive: true });
    const body = longText(400).split('\n').filter((l) => l !== '');
    const gz = gzipSync(Buffer.from(body.map((text, i) => JSON.stringify({ id: i, text }) + '\n').join('')));
    writeFileSync(path.join(dir, 'crawl.jsonl.gz'), gz.subarray(0, Math.floor(gz.length / 2)));
    const r = await run(['clean', '--pass-bad-records', 'cut-pass', '-o', 'cut-pass-out'], { cwd: tmp });
    expect(r.code).toBe(1);
    const gzipLine = stderrLines(r.stderr).find((l) => l.includes('gzip'))!;
    const kept = Number(/the (\d+) records read/.exec(gzipLine)![1]);
    expect(gzipLine).toMatch(/are written, with 1 bad one written through$/);
    expect(splitLines(readFileSync(path.join(tmp, 'cut-pass-out', 'crawl.jsonl'), 'utf8'))).toHaveLength(kept + 1);
  });

  it('removes the output an earlier run wrote for an input that now fails, saying so, for --jobs 1 and 2', async ({ expect }) => {
    // A downstream step reading the output folder took the old file for the input's current output.
    for (const jobs of ['1', '2']) {
      const dir = path.join(tmp, `stale-in-${jobs}`);
      const out = `stale-out-${jobs}`;
      mkdirSync(dir, { recursive: true });
      const gz = gzipSync(Buffer.from(longText(400)));
      writeFileSync(path.join(dir, 'p.txt.gz'), gz);
      writeFileSync(path.join(dir, 'q.txt'), readFileSync(PAGE_TXT));
      expect((await run(['clean', `stale-in-${jobs}`, '-o', out, '--jobs', jobs], { cwd: tmp })).code).toBe(0);
      expect(existsSync(path.join(tmp, out, 'p.txt'))).toBe(true);
      writeFileSync(path.join(dir, 'p.txt.gz'), gz.subarray(0, Math.floor(gz.length / 2)));
      const r = await run(['clean', `stale-in-${jobs}`, '-o', out, '--jobs', jobs], { cwd: tmp });
      expect(r.code).toBe(1);
      expect(existsSync(path.join(tmp, out, 'p.txt'))).toBe(false);
      expect(existsSync(path.join(tmp, out, 'q.txt'))).toBe(true);
      expect(stderrLines(r.stderr).some((l) => l.includes(`p.txt.gz`) && l.endsWith(`; the output an earlier run wrote for it, ${path.join(out, 'p.txt')}, was removed`))).toBe(true);
    }
  });

  it('removes it too for an input that fails as it is opened: a small .gz whose data is corrupt, a broken link (QA pass 15)', async ({ expect }) => {
    for (const jobs of ['1', '2']) {
      const dir = path.join(tmp, `stale-open-${jobs}`);
      const out = `stale-open-out-${jobs}`;
      mkdirSync(dir, { recursive: true });
      const gz = gzipSync(Buffer.from(longText(40)));
      writeFileSync(path.join(dir, 'p.txt.gz'), gz);
      writeFileSync(path.join(dir, 'q.txt'), readFileSync(PAGE_TXT));
      writeFileSync(path.join(dir, 'target.txt'), readFileSync(PAGE_TXT));
      symlinkSync('target.txt', path.join(dir, 'r.txt'));
      expect((await run(['clean', `stale-open-${jobs}`, '-o', out, '--jobs', jobs], { cwd: tmp })).code).toBe(0);
      expect(['p.txt', 'q.txt', 'r.txt'].map((f) => existsSync(path.join(tmp, out, f)))).toEqual([true, true, true]);
      // Damage right after the gzip header: inflate fails on the first block it reads.
      const bad = Buffer.from(gz);
      for (let i = 10; i < 20; i++) bad[i] = 0xff;
      writeFileSync(path.join(dir, 'p.txt.gz'), bad);
      rmSync(path.join(dir, 'target.txt'));
      const r = await run(['clean', `stale-open-${jobs}`, '-o', out, '--jobs', jobs], { cwd: tmp });
      expect(r.code).toBe(1);
      expect(['p.txt', 'q.txt', 'r.txt'].map((f) => existsSync(path.join(tmp, out, f)))).toEqual([false, true, false]);
      const lines = stderrLines(r.stderr);
      expect(lines.some((l) => l.includes('p.txt.gz') && l.includes('gzip data corrupt') && l.endsWith(`; the output an earlier run wrote for it, ${path.join(out, 'p.txt')}, was removed`)), r.stderr).toBe(true);
      expect(lines.some((l) => l.includes('r.txt') && l.endsWith(`; the output an earlier run wrote for it, ${path.join(out, 'r.txt')}, was removed`)), r.stderr).toBe(true);
    }
  });

  it('removes the output an earlier run wrote for an input that is now binary, which is skipped (QA pass 17)', async ({ expect }) => {
    const dir = path.join(tmp, 'stale-binary');
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, 'a.txt'), readFileSync(PAGE_TXT));
    writeFileSync(path.join(dir, 'b.txt'), readFileSync(PAGE_TXT));
    expect((await run(['clean', 'stale-binary', '-o', 'stale-binary-out'], { cwd: tmp })).code).toBe(0);
    writeFileSync(path.join(dir, 'a.txt'), Buffer.from('x\0y'));
    const r = await run(['clean', 'stale-binary', '-o', 'stale-binary-out'], { cwd: tmp });
    expect(r.code).toBe(0);
    expect(listFiles(path.join(tmp, 'stale-binary-out'))).toEqual(['b.txt']);
    expect(stderrLines(r.stderr)).toContain(`boilerstrip: ${path.join('stale-binary', 'a.txt')}: skipped: binary data (NUL byte in the first block); the output an earlier run wrote for it, ${path.join('stale-binary-out', 'a.txt')}, was removed`);
  });

  it('makes no output folder for an input that fails before it writes', async ({ expect }) => {
    const dir = path.join(tmp, 'no-folder', 'sub');
    mkdirSync(dir, { recursive: true });
    const bad = Buffer.from(gzipSync(Buffer.from(longText(40))));
    for (let i = 10; i < 20; i++) bad[i] = 0xff;
    writeFileSync(path.join(dir, 'p.txt.gz'), bad);
    const r = await run(['clean', 'no-folder', '-o', 'no-folder-out', '--jobs', '1'], { cwd: tmp });
    expect(r.code).toBe(1);
    expect(existsSync(path.join(tmp, 'no-folder-out', 'sub'))).toBe(false);
  });

  it('warns, with the byte, about an unpaired surrogate in UTF-16 input, which became U+FFFD', async ({ expect }) => {
    const bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('Hello ', 'utf16le'), Buffer.from([0x00, 0xd8]), Buffer.from('a line of text.\n', 'utf16le')]);
    writeFileSync(path.join(tmp, 'u16-lone.txt'), bytes);
    const r = await run(['label', 'u16-lone.txt'], { cwd: tmp });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Hello \ufffda line of text.');
    expect(stderrLines(r.stderr)).toContain('boilerstrip: u16-lone.txt: warning: not valid UTF-16: an unpaired surrogate became U+FFFD (byte 14, counted in the UTF-16 input)');
  });

  it('warns, with the byte, about UTF-16 input that ends with half a code unit (a cut-off file), which became U+FFFD', async ({ expect }) => {
    const bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('Hello, a line of text.\n', 'utf16le'), Buffer.from([0x41])]);
    writeFileSync(path.join(tmp, 'u16-odd.txt'), bytes);
    const r = await run(['label', 'u16-odd.txt'], { cwd: tmp });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('\ufffd');
    expect(stderrLines(r.stderr)).toContain(`boilerstrip: u16-odd.txt: warning: not valid UTF-16: it ends with half a code unit, which became U+FFFD (byte ${bytes.length - 1}, counted in the UTF-16 input)`);
  });

  it('cleans UTF-16 HTML with a BOM (and UTF-16 named by --encoding) instead of skipping it as binary', async ({ expect }) => {
    const html = `<!doctype html><html><head><meta charset="utf-16"></head><body><nav><a href="/">Home</a></nav><article><h1>Café owners celebrate</h1><p>${TXT.paragraphs[0]}</p><p>${TXT.paragraphs[1]}</p></article></body></html>`;
    writeFileSync(path.join(tmp, 'u16le.html'), Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(html, 'utf16le')]));
    writeFileSync(path.join(tmp, 'u16be.html'), Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(html, 'utf16le').swap16()]));
    writeFileSync(path.join(tmp, 'u16.html'), Buffer.from(html, 'utf16le'));
    writeFileSync(path.join(tmp, 'u8.html'), html);
    const [le, be, named, plain] = await Promise.all([
      run(['clean', 'u16le.html'], { cwd: tmp }),
      run(['clean', 'u16be.html'], { cwd: tmp }),
      run(['clean', '--encoding', 'utf-16le', 'u16.html'], { cwd: tmp }),
      run(['clean', 'u8.html'], { cwd: tmp }),
    ]);
    expect(plain.code).toBe(0);
    expect(splitLines(plain.stdout)).toContain(TXT.paragraphs[0]);
    for (const r of [le, be, named]) {
      expect(r.code).toBe(0);
      expect(r.stdout).toBe(plain.stdout);
      expect(stderrLines(r.stderr)).toEqual(['boilerstrip: 1 file cleaned, 0 skipped, 0 failed']);
    }
  });

  it.skipIf(IS_ROOT)('reports a file without read permission as failed, still writes the others and exits 1', async ({ expect }) => {
    const dir = folderWithPages('locked', ['a.txt', 'c.txt']);
    copyFileSync(PAGE_TXT, path.join(dir, 'b.txt'));
    chmodSync(path.join(dir, 'b.txt'), 0o000);
    try {
      const r = await run(['clean', 'locked', '-o', 'locked-out'], { cwd: tmp });
      expect(r.code).toBe(1);
      const err = stderrLines(r.stderr);
      expect(err).toContain('boilerstrip: 2 files cleaned, 0 skipped, 1 failed');
      expect(err.some((l) => l.includes(path.join('locked', 'b.txt')) && l.includes('cannot read'))).toBe(true);
      expect(listFiles(path.join(tmp, 'locked-out'))).toEqual(['a.txt', 'c.txt']);
    } finally {
      chmodSync(path.join(dir, 'b.txt'), 0o644);
    }
  });

  it('still writes the output of a text input with invalid UTF-8, and warns naming the file and the line', async ({ expect }) => {
    const para = 'The bakery on the corner of the market square has sold the same rye loaf every morning for fifty years, and the queue still reaches the fountain.';
    const bytes = Buffer.concat([
      Buffer.from('Home\nNews\n'),
      Buffer.from(`${para}\n`),
      Buffer.from('The new owner, who moved here from the coast, says the recipe in the caf'),
      Buffer.from([0xe9]), // Latin-1 é, not UTF-8
      Buffer.from(' kitchen notebook will never change, because the town would not forgive her if it did.\n'),
    ]);
    writeFileSync(path.join(tmp, 'latin1.txt'), bytes);
    const r = await run(['clean', 'latin1.txt'], { cwd: tmp });
    expect(r.code).toBe(0);
    const lines = splitLines(r.stdout);
    expect(lines).toContain(para);
    expect(r.stdout).toContain('caf\uFFFD kitchen notebook');
    const warnings = stderrLines(r.stderr).filter((l) => l.includes('warning'));
    expect(warnings).toHaveLength(1);
    // The line and the file's byte once each: it said "line 4 has invalid UTF-8 from its byte B; replaced with U+FFFD (byte F)", B counted in the line from 1.
    expect(warnings[0]).toBe(`boilerstrip: latin1.txt:4: warning: invalid UTF-8, replaced with U+FFFD (byte ${bytes.indexOf(0xe9)})`);
    expect(stderrLines(r.stderr)).toContain('boilerstrip: 1 file cleaned, 0 skipped, 0 failed');
  });

  it('gives the file offset of an invalid byte in a text input with a UTF-8 BOM, the BOM counted, as the JSONL path does', async ({ expect }) => {
    const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('Home\nNews\nThe caf'), Buffer.from([0xe9]), Buffer.from(' opens at nine.\n')]);
    const bad = bytes.indexOf(0xe9);
    expect(bad).toBe(20);
    writeFileSync(path.join(tmp, 'bom-latin1.txt'), bytes);
    const r = await run(['clean', 'bom-latin1.txt'], { cwd: tmp });
    expect(r.code).toBe(0);
    const warnings = stderrLines(r.stderr).filter((l) => l.includes('warning'));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(new RegExp(`bom-latin1\\.txt:3: warning: .*UTF-8.*\\(byte ${bad}\\)$`));
    // The same record in a JSONL file: the same file offset.
    const jsonl = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('{"text":"x"}\n{"text":"The caf'), Buffer.from([0xe9]), Buffer.from(' opens."}\n')]);
    writeFileSync(path.join(tmp, 'bom-latin1.jsonl'), jsonl);
    const j = await run(['clean', 'bom-latin1.jsonl'], { cwd: tmp });
    expect(stderrLines(j.stderr).find((l) => l.includes('warning'))).toContain(`(byte ${jsonl.indexOf(0xe9)}, record 1)`);
  });
});
