import { afterAll, beforeAll, describe, it } from 'vitest';
import { execFile } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { BIN, PAGE_HTML, PAGE_TXT, ROOT, makeTempDir, removeTempDir, run } from './helpers.js';
import { reportRow, type ReportRow } from '../../src/cli/report.js';
import { processPage } from '../../src/document.js';

/** `node ARGS` with its own environment; resolves with the exit code whatever it is. */
function runNode(args: string[], opts: { cwd: string; env: NodeJS.ProcessEnv }): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, args, { cwd: opts.cwd, env: opts.env }, (error, _stdout, stderr) => resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stderr }));
  });
}

let tmp: string;
let input: string;

beforeAll(() => {
  tmp = makeTempDir('report');
  input = path.join(tmp, 'in');
  mkdirSync(path.join(input, 'sub'), { recursive: true });
  copyFileSync(PAGE_TXT, path.join(input, 'a.txt'));
  copyFileSync(PAGE_HTML, path.join(input, 'sub', 'b.html'));
  writeFileSync(path.join(input, 'c.jsonl'), '{"text":"Home\\nA line of a story that goes on for a while, as stories do."}\nnot json\n');
  writeFileSync(path.join(input, 'd.txt'), 'a\0b');
});

afterAll(() => removeTempDir(tmp));

const rows = (file: string): ReportRow[] => readFileSync(file, 'utf8').trimEnd().split('\n').map((l) => JSON.parse(l) as ReportRow);

describe('reportRow', () => {
  const inputFile = { path: 'in/sub/page.html', rel: 'sub/page.html' };

  it('names the output a clean or a label run writes under -o, with the extension of the command and format', ({ expect }) => {
    const ok = { file: 'in/sub/page.html', status: 'ok' as const, bytesIn: 10, format: 'html' as const, written: true };
    expect(reportRow(inputFile, ok, 'clean', 'out').output).toBe(path.join('out', 'sub', 'page.txt'));
    expect(reportRow(inputFile, ok, 'label', 'out').output).toBe(path.join('out', 'sub', 'page.tsv'));
    expect(reportRow(inputFile, ok, 'clean', undefined).output).toBe('-');
  });

  it('names no output for an input that failed or was skipped, but does for a JSON/JSONL input cut short, whose records before the cut were written', ({ expect }) => {
    expect(reportRow(inputFile, { file: 'x', status: 'failed', bytesIn: 3, format: 'html', message: 'x: bad' }, 'clean', 'out')).toEqual({ input: 'in/sub/page.html', status: 'failed', format: 'html', bytes: 3, message: 'x: bad' });
    expect(reportRow(inputFile, { file: 'x', status: 'skipped', bytesIn: 0, format: 'binary' }, 'clean', 'out').output).toBeUndefined();
    const cut = { file: 'x', status: 'failed' as const, bytesIn: 9, format: 'jsonl' as const, records: { ok: 0, failed: 1, passed: 0 }, written: true };
    expect(reportRow(inputFile, cut, 'clean', 'out').output).toBe(path.join('out', 'sub', 'page.jsonl'));
  });
});

describe('boilerstrip clean --report', { timeout: 60_000 }, () => {
  it('writes a row per input in input order, the same whatever --jobs is, and one for a path that does not exist', async ({ expect }) => {
    const one = await run(['clean', 'in', 'missing', '-o', 'out1', '--jobs', '1', '--report', 'r1.jsonl'], { cwd: tmp });
    const two = await run(['clean', 'in', 'missing', '-o', 'out2', '--jobs', '2', '--report', 'r2.jsonl'], { cwd: tmp });
    expect(one.code).toBe(2);
    expect(two.code).toBe(2);
    const r1 = rows(path.join(tmp, 'r1.jsonl'));
    const r2 = rows(path.join(tmp, 'r2.jsonl'));
    expect(r1.map((r) => r.input)).toEqual(['missing', path.join('in', 'a.txt'), path.join('in', 'c.jsonl'), path.join('in', 'd.txt'), path.join('in', 'sub', 'b.html')]);
    expect(r2).toEqual(r1.map((r) => (r.output === undefined ? r : { ...r, output: r.output.replace(/^out1/, 'out2') })));
    const [missing, text, jsonl, binary, html] = r1;
    expect(missing).toMatchObject({ status: 'failed', bytes: 0 });
    expect(missing!.message).toContain('missing');
    expect(text).toMatchObject({ status: 'ok', output: path.join('out1', 'a.txt'), format: 'text' });
    expect(jsonl).toMatchObject({ status: 'ok', output: path.join('out1', 'c.jsonl'), format: 'jsonl', records: { ok: 1, failed: 1, passed: 0 } });
    expect(jsonl!.confidence).toBeUndefined();
    expect(binary).toMatchObject({ status: 'skipped', format: 'binary' });
    expect(binary!.output).toBeUndefined();
    expect(html).toMatchObject({ status: 'ok', output: path.join('out1', 'sub', 'b.txt'), format: 'html' });
    expect(readdirSync(tmp).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it("gives a text or HTML document's lines by label, as `label` writes them, and the confidence processPage gives it", async ({ expect }) => {
    for (const page of [PAGE_TXT, PAGE_HTML]) {
      const name = path.basename(page);
      const r = await run(['label', page, '--report', `${name}.report.jsonl`], { cwd: tmp });
      expect(r.code).toBe(0);
      const [row] = rows(path.join(tmp, `${name}.report.jsonl`));
      const counted = { body: 0, navigation: 0, advertisement: 0, disclaimer: 0 } as Record<string, number>;
      for (const line of r.stdout.split('\n')) {
        const label = line.split('\t')[0]!;
        if (label in counted) counted[label]! += 1;
      }
      expect(row!.labels).toEqual(counted);
      expect(counted.body).toBeGreaterThan(0);
      const text = readFileSync(page, 'utf8');
      expect(row!.confidence).toBe(processPage(text, { pageFormat: page.endsWith('.html') ? 'html' : 'text' }).confidence);
      expect(row!.output).toBe('-');
      expect(row!.bytes).toBe(Buffer.byteLength(text));
    }
  });

  it('writes the report, a row per path, when no path given exists', async ({ expect }) => {
    const r = await run(['clean', 'nothing-here', 'nor-here', '-o', 'out4', '--report', 'r4.jsonl'], { cwd: tmp });
    expect(r.code).toBe(2);
    expect(rows(path.join(tmp, 'r4.jsonl')).map((row) => [row.input, row.status])).toEqual([
      ['nothing-here', 'failed'],
      ['nor-here', 'failed'],
    ]);
  });

  it('names the output of a .gz JSONL input cut short, which keeps the records before the cut', async ({ expect }) => {
    const { gzipSync } = await import('node:zlib');
    const records = Array.from({ length: 50 }, (_, i) => JSON.stringify({ text: `Home\nRecord ${i} is a line of a story that goes on for a while, as stories do.` })).join('\n') + '\n';
    const gz = gzipSync(records);
    writeFileSync(path.join(tmp, 'cut.jsonl.gz'), gz.subarray(0, Math.floor(gz.length * 0.6)));
    const r = await run(['clean', 'cut.jsonl.gz', '-o', 'out5', '--report', 'r5.jsonl'], { cwd: tmp });
    expect(r.code).toBe(1);
    const [row] = rows(path.join(tmp, 'r5.jsonl'));
    expect(row).toMatchObject({ status: 'failed', format: 'jsonl', output: path.join('out5', 'cut.jsonl') });
    expect(readFileSync(path.join(tmp, row!.output!), 'utf8').split('\n').filter(Boolean)).toHaveLength(row!.records!.ok);
  });

  it('loads no HTML parser on a text-only run, --report or not: measuring confidence must not cost each thread the HTML modules', async ({ expect }) => {
    // The meter once came from document.js, which brought cheerio into every thread of a text batch (~0.2 s each).
    const log = path.join(tmp, 'modules.log');
    const hooks = path.join(ROOT, 'test', 'fixtures', 'cli', 'record-modules.mjs');
    const r = await runNode(['--import', hooks, BIN, 'clean', path.join('in', 'a.txt'), '--report', 'r-modules.jsonl'], { cwd: tmp, env: { ...process.env, BOILERSTRIP_MODULE_LOG: log } });
    expect(r.code).toBe(0);
    const loaded = readFileSync(log, 'utf8').split('\n').filter(Boolean);
    expect(loaded.some((u) => u.endsWith('/dist/cli/report.js'))).toBe(true);
    expect(loaded.filter((u) => /\/(cheerio|htmlparser2|jsdom)\/|\/dist\/document\.js$|\/dist\/html\/lines\.js$/.test(u))).toEqual([]);
  });

  it('refuses a report path that is one of the inputs, one of the outputs, a folder or in a folder it cannot write in before reading anything, and leaves the input as it was', async ({ expect }) => {
    const before = readFileSync(path.join(input, 'a.txt'));
    const onInput = await run(['clean', 'in', '-o', 'out3', '--report', path.join('in', 'a.txt')], { cwd: tmp });
    expect(onInput.code).toBe(2);
    expect(onInput.stderr).toContain('is one of the inputs');
    expect(readFileSync(path.join(input, 'a.txt'))).toEqual(before);
    // Through a link to the input folder, as outputs are compared.
    symlinkSync('in', path.join(tmp, 'inlink'));
    const throughLink = await run(['clean', 'in', '-o', 'out3', '--report', path.join('inlink', 'a.txt')], { cwd: tmp });
    expect(throughLink.code).toBe(2);
    expect(throughLink.stderr).toContain('is one of the inputs');
    expect(readFileSync(path.join(input, 'a.txt'))).toEqual(before);
    // The output of in/a.txt under -o out3 is out3/a.txt: the report, renamed in after the run, replaced it.
    const onOutput = await run(['clean', 'in', '-o', 'out3', '--report', path.join('out3', 'a.txt')], { cwd: tmp });
    expect(onOutput.code).toBe(2);
    expect(onOutput.stderr).toContain(`--report ${path.join('out3', 'a.txt')} is where the output of ${path.join('in', 'a.txt')} goes`);
    // A folder the run makes for its outputs (out7/sub for in/sub/...), and -o itself: the report
    // was found to be one only when it was renamed into place, after the whole run (EISDIR).
    for (const at of [path.join('out7', 'sub'), 'out7']) {
      const onFolder = await run(['clean', 'in', '-o', 'out7', '--report', at], { cwd: tmp });
      expect(onFolder.code, onFolder.stderr).toBe(2);
      expect(onFolder.stderr).toMatch(new RegExp(`--report ${at.replace(/[\\/.]/g, '\\$&')} is a folder the outputs go in \\(`));
      expect(existsSync(path.join(tmp, 'out7'))).toBe(false);
    }
    expect((await run(['profile', 'in', '-o', 'p.profile'], { cwd: tmp })).code).toBe(1);
    const profile = readFileSync(path.join(tmp, 'p.profile'));
    const onProfile = await run(['clean', 'in', '-o', 'out3', '--profile', 'p.profile', '--report', 'p.profile'], { cwd: tmp });
    expect(onProfile.code).toBe(2);
    expect(onProfile.stderr).toContain('--report p.profile is the --profile it reads');
    expect(readFileSync(path.join(tmp, 'p.profile')).equals(profile)).toBe(true);
    // A folder the report cannot be written in was found only when the run, however long, had ended.
    const underFile = await run(['clean', 'in', '-o', 'out6', '--report', path.join('in', 'a.txt', 'r.jsonl')], { cwd: tmp });
    expect(underFile.code).toBe(2);
    expect(underFile.stderr).toContain(`cannot write --report ${path.join('in', 'a.txt', 'r.jsonl')}: ${path.join('in', 'a.txt')} is a file`);
    expect(readdirSync(tmp)).not.toContain('out6');
    const onFolder = await run(['clean', path.join('in', 'a.txt'), '--report', 'in'], { cwd: tmp });
    expect(onFolder.code).toBe(2);
    expect(onFolder.stderr).toContain('--report in is a folder');
  });
});
