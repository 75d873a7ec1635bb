import { afterAll, beforeAll, describe, it, type ExpectStatic } from 'vitest';
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { COPYRIGHT_RULE_REASON, LABELS, PAGE_HTML, PAGE_TXT, RULED, TXT, listFiles, makeTempDir, removeTempDir, run, splitLines } from './helpers.js';
import { labelLines } from '../../src/pipeline.js';
import { labelHtml } from '../../src/document.js';
import type { LabelledLine } from '../../src/types.js';

let tmp: string;

/** A page with awkward line breaks: CRLF, a lone CR, whitespace-only lines and no final newline. */
const AWKWARD = [
  'Home',
  'Archive',
  '',
  'The harbour master said the new ferry timetable would start in spring, once the repairs to the eastern pier were finished and inspected.',
  '   ',
  'Residents who travel to the mainland every day welcomed the news, although some asked why the early morning crossing had been moved.',
  '© 2031 Example Media. All rights reserved.',
];
const AWKWARD_TEXT = `${AWKWARD[0]}\r${AWKWARD[1]}\r\n${AWKWARD[2]}\n${AWKWARD[3]}\r\n${AWKWARD[4]}\n${AWKWARD[5]}\n${AWKWARD[6]}`;

beforeAll(() => {
  tmp = makeTempDir('label');
  copyFileSync(PAGE_TXT, path.join(tmp, 'article.txt'));
  copyFileSync(PAGE_HTML, path.join(tmp, 'festival.html'));
  writeFileSync(path.join(tmp, 'awkward.txt'), AWKWARD_TEXT);
  writeFileSync(path.join(tmp, 'ruled.txt'), RULED.text);
  writeFileSync(path.join(tmp, 'ruled.html'), RULED.html);
});

afterAll(() => removeTempDir(tmp));

/** `label<TAB>line` rows: the label is before the first tab, the line everything after it. */
function parseRows(stdout: string): Array<{ label: string; text: string }> {
  return splitLines(stdout).map((row) => {
    const tab = row.indexOf('\t');
    return { label: row.slice(0, tab), text: row.slice(tab + 1) };
  });
}

describe.concurrent('boilerstrip label', { timeout: 60_000 }, () => {
  it('writes exactly one label<TAB>line row per input line, with the line unchanged in the second column', async ({ expect }) => {
    const r = await run(['label', 'article.txt'], { cwd: tmp });
    expect(r.code).toBe(0);
    const rows = parseRows(r.stdout);
    expect(rows.map((row) => row.text)).toEqual(TXT.lines);
    for (const row of rows) expect(LABELS).toContain(row.label);
    for (const row of rows) if (row.text.trim() === '') expect(row.label).toBe('blank');
    for (const p of TXT.paragraphs) expect(rows.find((row) => row.text === p)?.label).toBe('body');
    expect(rows.find((row) => row.text === TXT.copyright)?.label).toBe('disclaimer');
    expect(r.stderr.trim()).toBe('boilerstrip: 1 file labelled, 0 skipped, 0 failed');
  });

  it('keeps one row per line whatever the line breaks (CRLF, lone CR, whitespace-only lines, no final newline)', async ({ expect }) => {
    const r = await run(['label', 'awkward.txt'], { cwd: tmp });
    expect(r.code).toBe(0);
    const rows = parseRows(r.stdout);
    expect(rows.map((row) => row.text)).toEqual(AWKWARD);
    expect(rows[2]!.label).toBe('blank');
    expect(rows[4]!.label).toBe('blank');
    for (const row of rows) expect(LABELS).toContain(row.label);
  });

  it('adds a third column saying why with --explain, on every row', async ({ expect }) => {
    const r = await run(['label', '--explain', 'article.txt'], { cwd: tmp });
    expect(r.code).toBe(0);
    const rows = splitLines(r.stdout).map((row) => row.split('\t'));
    expect(rows).toHaveLength(TXT.lines.length);
    rows.forEach((cols, i) => {
      expect(cols).toHaveLength(3);
      expect(LABELS).toContain(cols[0]);
      expect(cols[1]).toBe(TXT.lines[i]);
      expect(cols[2]!.trim()).not.toBe('');
    });
  });

  it('keeps --explain rows readable when a line holds tabs: the label before the first tab, the reason after the last', async ({ expect }) => {
    const lines = ['Price\tSize\tColour', ...TXT.lines.filter((l) => l !== ''), '© 2031 Example Media.\tAll rights reserved.'];
    writeFileSync(path.join(tmp, 'tabs.txt'), lines.join('\n') + '\n');
    const r = await run(['label', '--explain', 'tabs.txt'], { cwd: tmp });
    expect(r.code).toBe(0);
    const rows = splitLines(r.stdout);
    expect(rows).toHaveLength(lines.length);
    rows.forEach((row, i) => {
      const first = row.indexOf('\t');
      const last = row.lastIndexOf('\t');
      expect(LABELS).toContain(row.slice(0, first));
      expect(row.slice(first + 1, last)).toBe(lines[i]);
      expect(row.slice(last + 1).trim()).not.toBe('');
    });
  });

  it('writes DIR/<name>.tsv for each input with -o DIR, the same rows as on stdout', async ({ expect }) => {
    const [batch, single] = await Promise.all([
      run(['label', 'article.txt', 'festival.html', '-o', 'tsv'], { cwd: tmp }),
      run(['label', 'article.txt'], { cwd: tmp }),
    ]);
    expect(batch.code).toBe(0);
    expect(batch.stdout).toBe('');
    expect(batch.stderr.trim()).toBe('boilerstrip: 2 files labelled, 0 skipped, 0 failed');
    expect(listFiles(path.join(tmp, 'tsv'))).toEqual(['article.tsv', 'festival.tsv']);
    expect(readFileSync(path.join(tmp, 'tsv', 'article.tsv'), 'utf8')).toBe(single.stdout);
    const html = parseRows(readFileSync(path.join(tmp, 'tsv', 'festival.tsv'), 'utf8'));
    expect(html.length).toBeGreaterThan(0);
    for (const row of html) expect(LABELS).toContain(row.label);
  });
});

/** `label --explain` rows as label, line and reason. */
function explainedRows(stdout: string): Array<{ label: string; text: string; reason: string }> {
  return splitLines(stdout).map((row) => {
    const [label, text, reason] = row.split('\t');
    return { label: label!, text: text!, reason: reason! };
  });
}

/** Rows as the library labels the same lines. */
function libraryRows(lines: readonly LabelledLine[]): Array<{ label: string; text: string; reason: string }> {
  return lines.map((l) => ({ label: l.label, text: l.text, reason: l.reason }));
}

/**
 * `label --explain` on `file` with and without --no-rules: with it, every row and reason is the
 * library's with `rules: false` (`alone`) and none names a rule; without it, the copyright line
 * is disclaimer by the rule, its reason ending in the model's own (`model`'s).
 */
async function expectFlagHonoured(file: string, alone: LabelledLine[], model: LabelledLine, expect: ExpectStatic): Promise<void> {
  const [off, on] = await Promise.all([run(['label', '--explain', '--no-rules', file], { cwd: tmp }), run(['label', '--explain', file], { cwd: tmp })]);
  expect(off.code).toBe(0);
  expect(explainedRows(off.stdout)).toEqual(libraryRows(alone));
  expect(off.stdout).not.toContain('rule:');

  expect(on.code).toBe(0);
  const ruled = explainedRows(on.stdout).find((row) => row.text === RULED.copyright)!;
  expect(ruled.label).toBe('disclaimer');
  expect(ruled.reason.startsWith(COPYRIGHT_RULE_REASON)).toBe(true);
  // The rule keeps the model's own reason after it.
  expect(ruled.reason.endsWith(`; model: ${model.reason}`)).toBe(true);
}

describe.concurrent('boilerstrip label --no-rules', { timeout: 60_000 }, () => {
  it("labels a text file as the model alone does with --no-rules: every row and reason is labelLines(lines, { rules: false })'s, and the copyright line between two paragraphs keeps the model's label", async ({ expect }) => {
    const alone: LabelledLine[] = [];
    for await (const l of labelLines(splitLines(RULED.text), { rules: false })) alone.push(l);
    const model = alone.find((l) => l.text === RULED.copyright)!;
    // What makes the page a test of the flag: the model alone does not call the line disclaimer.
    expect(model.label).not.toBe('disclaimer');

    await expectFlagHonoured('ruled.txt', alone, model, expect);
  });

  it("labels an HTML file as the model alone does with --no-rules: every row and reason is labelHtml(html, { rules: false })'s", async ({ expect }) => {
    const alone = labelHtml(RULED.html, { rules: false });
    expect(alone.map((l) => l.text)).toEqual(RULED.htmlLines);
    const model = alone.find((l) => l.text === RULED.copyright)!;
    expect(model.label).not.toBe('disclaimer');

    await expectFlagHonoured('ruled.html', alone, model, expect);
  });
});
