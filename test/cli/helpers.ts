/**
 * Shared helpers for the end-to-end CLI tests: spawn the real binary
 * (bin/boilerstrip.js, which imports dist/) in a throw-away folder.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const ROOT = path.resolve(import.meta.dirname, '..', '..');
export const BIN = path.join(ROOT, 'bin', 'boilerstrip.js');
export const FIXTURES = path.join(ROOT, 'test', 'fixtures', 'cli');
export const SEEDS = path.join(ROOT, 'seeds');
export const GOLDEN = path.join(ROOT, 'golden');

/** The five labels a line can get. */
export const LABELS = ['body', 'navigation', 'advertisement', 'disclaimer', 'blank'] as const;

export interface RunResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  cwd: string;
  /** Bytes or text written to the child's stdin (stdin is closed either way). */
  input?: string | Buffer;
  /** Kill the child after this many milliseconds (a hang fails the test, it does not stall the suite). */
  timeoutMs?: number;
}

/** Run `node bin/boilerstrip.js ...args` and collect its exit code, stdout and stderr. */
export function run(args: readonly string[], opts: RunOptions): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd: opts.cwd,
      env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 30_000);
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') });
    });
    child.stdin.on('error', () => {}); // the child may exit before reading all of stdin
    child.stdin.end(opts.input ?? '');
  });
}

/** A fresh temporary folder under the OS temp dir. */
export function makeTempDir(prefix: string): string {
  return mkdtempSync(path.join(os.tmpdir(), `boilerstrip-cli-${prefix}-`));
}

export function removeTempDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

/** Lines of a text as a line splitter sees them (`\n`, `\r\n`, lone `\r`); no phantom line after a final break. */
export function splitLines(text: string): string[] {
  if (text === '') return [];
  const lines = text.split(/\r\n|\n|\r/);
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/** Non-empty lines of stderr. */
export function stderrLines(stderr: string): string[] {
  return stderr.split('\n').filter((l) => l.trim() !== '');
}

/** Every file under `dir`, as paths relative to it with `/` separators, sorted. */
export function listFiles(dir: string): string[] {
  const found: string[] = [];
  const walk = (rel: string) => {
    for (const name of readdirSync(path.join(dir, rel))) {
      const child = rel ? `${rel}/${name}` : name;
      if (statSync(path.join(dir, child)).isDirectory()) walk(child);
      else found.push(child);
    }
  };
  walk('');
  return found.sort();
}

/** Whether this process runs as root, where file permissions do not block reads. */
export const IS_ROOT = typeof process.getuid === 'function' && process.getuid() === 0;

/** The made-up plain-text page in test/fixtures/cli/page.txt, split into its parts. */
export const PAGE_TXT = path.join(FIXTURES, 'page.txt');
/** The made-up HTML page in test/fixtures/cli/page.html. */
export const PAGE_HTML = path.join(FIXTURES, 'page.html');

function txtParts() {
  const lines = splitLines(readFileSync(PAGE_TXT, 'utf8'));
  const paragraphs = lines.filter((l) => l.length > 120);
  const headline = lines.find((l) => l.startsWith('Harbor Town'))!;
  const newsletter = lines.find((l) => l.startsWith('Subscribe'))!;
  const copyright = lines.find((l) => l.startsWith('©'))!;
  const menu = lines.slice(0, lines.indexOf(headline));
  return { lines, menu, headline, paragraphs, newsletter, copyright };
}

function htmlParts() {
  const html = readFileSync(PAGE_HTML, 'utf8');
  const inner = (re: RegExp) => [...html.matchAll(re)].map((m) => m[1]!);
  const paragraphs = inner(/<p>([^<]{120,})<\/p>/g);
  const menu = inner(/<li><a href="[^"]*">([^<]+)<\/a><\/li>/g);
  const headline = inner(/<h1>([^<]+)<\/h1>/g)[0]!;
  const copyright = inner(/<footer><p>([^<]+)<\/p><\/footer>/g)[0]!;
  return { html, menu, headline, paragraphs, copyright };
}

export const TXT = txtParts();
export const HTML = htmlParts();

/**
 * A made-up page for `--no-rules`, as text and as HTML: its copyright line sits between two
 * paragraphs of the story, where the model alone calls it body (a test checks that this still
 * holds) and the disclaimer rules (src/rules.ts) make it disclaimer. The text version has no
 * blank line around the copyright line, or the model already calls it disclaimer.
 */
function ruledPage() {
  const copyright = '© 2024 Example Media. All rights reserved.';
  const headline = 'Ferry Timetable Changes Announced for Spring';
  const paragraphs = [
    'The harbour master said on Tuesday that the new ferry timetable would begin in the spring, once repairs to the eastern pier had been finished and inspected by engineers from the county.',
    'Residents who cross to the mainland every day for work welcomed the news, although several asked at the meeting why the first crossing of the morning had been moved forty minutes later.',
    'The ferry company said the change would let the crews rest between shifts, and promised that a second boat would run at busy times during the summer months when visitors arrive.',
  ] as const;
  const menu = ['Home', 'News', 'Sport', 'Weather'];
  const text = [...menu, '', headline, '', paragraphs[0], copyright, paragraphs[1], '', paragraphs[2]].join('\n') + '\n';
  const html =
    `<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><title>${headline}</title></head><body>\n` +
    `<nav><ul>${menu.map((m) => `<li><a href="/${m.toLowerCase()}">${m}</a></li>`).join('')}</ul></nav>\n` +
    `<main><article>\n<h1>${headline}</h1>\n<p>${paragraphs[0]}</p>\n<p>${copyright}</p>\n<p>${paragraphs[1]}</p>\n<p>${paragraphs[2]}</p>\n</article></main>\n</body></html>\n`;
  /** The lines of the HTML version, as the HTML splitter gives them (no blank lines). */
  const htmlLines = [...menu, headline, paragraphs[0], copyright, paragraphs[1], paragraphs[2]];
  return { copyright, text, html, htmlLines };
}

export const RULED = ruledPage();

/** The start of the reason of a line the copyright rule made disclaimer. */
export const COPYRIGHT_RULE_REASON = 'disclaimer: rule: copyright notice (';
