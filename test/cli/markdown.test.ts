import { afterAll, beforeAll, describe, it } from 'vitest';
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { PAGE_HTML, PAGE_TXT, TXT, listFiles, makeTempDir, removeTempDir, run, stderrLines } from './helpers.js';

let tmp: string;

/** The made-up text page as a scraper's Markdown: the menu a list of links, the headline a heading. */
function pageMarkdown(): string {
  const menu = TXT.menu.filter((l) => l.trim() !== '').map((l) => `* [${l}](https://example.test/${encodeURIComponent(l)})`);
  return [...menu, '', `# ${TXT.headline}`, '', ...TXT.paragraphs.flatMap((p) => [p, '']), TXT.newsletter, '', TXT.copyright, ''].join('\n');
}

beforeAll(() => {
  tmp = makeTempDir('markdown');
});

afterAll(() => removeTempDir(tmp));

describe.concurrent('boilerstrip clean on Markdown files', { timeout: 60_000 }, () => {
  // page.md is cleaned to page.md and page.txt to page.txt, but the clash check took every
  // extension an output can have for each input, and failed page.txt as overwriting page.md's.
  it('cleans page.md and page.txt of one folder to page.md and page.txt, with no clash', async ({ expect }) => {
    mkdirSync(path.join(tmp, 'both'));
    writeFileSync(path.join(tmp, 'both', 'page.md'), pageMarkdown());
    copyFileSync(PAGE_TXT, path.join(tmp, 'both', 'page.txt'));
    copyFileSync(PAGE_HTML, path.join(tmp, 'both', 'other.html'));
    writeFileSync(path.join(tmp, 'both', 'other.md'), pageMarkdown());
    const r = await run(['clean', 'both', '-o', 'both-out', '--jobs', '1'], { cwd: tmp });
    expect(stderrLines(r.stderr)).toEqual(['boilerstrip: 4 files cleaned, 0 skipped, 0 failed']);
    expect(r.code).toBe(0);
    expect(listFiles(path.join(tmp, 'both-out'))).toEqual(['other.md', 'other.txt', 'page.md', 'page.txt']);
    expect(readFileSync(path.join(tmp, 'both-out', 'page.md'), 'utf8')).toContain(TXT.paragraphs[0]!);
    // label writes .tsv for both: that is a clash.
    const label = await run(['label', 'both', '-o', 'both-tsv', '--jobs', '1'], { cwd: tmp });
    expect(label.code).toBe(1);
    expect(label.stderr).toContain('(same name, other extension); rename one of them');
    // Into the input folder: page.html's output page.txt overwrites no input, page.md's output would.
    mkdirSync(path.join(tmp, 'inplace'));
    copyFileSync(PAGE_HTML, path.join(tmp, 'inplace', 'story.html'));
    writeFileSync(path.join(tmp, 'inplace', 'story.md'), pageMarkdown());
    const inplace = await run(['clean', 'inplace', '-o', 'inplace', '--jobs', '1'], { cwd: tmp });
    expect(inplace.code).toBe(1);
    expect(stderrLines(inplace.stderr)).toContain(`boilerstrip: ${path.join('inplace', 'story.md')}: its output would overwrite the input ${path.join('inplace', 'story.md')}; choose another -o folder`);
    expect(stderrLines(inplace.stderr)).not.toContain(`boilerstrip: failed: ${path.join('inplace', 'story.html')}`);
    expect(existsSync(path.join(tmp, 'inplace', 'story.txt'))).toBe(true);
  });

  // `curl https://r.jina.ai/URL > page.txt` saves Jina Reader's text response: Markdown in its envelope.
  it('reads a .txt file that opens with a reader\'s envelope as Markdown, and writes its output under the .txt name it came with', async ({ expect }) => {
    mkdirSync(path.join(tmp, 'jina'));
    const page = `Title: ${TXT.headline}\n\nURL Source: https://example.test/story\n\nMarkdown Content:\n${pageMarkdown()}`;
    writeFileSync(path.join(tmp, 'jina', 'story.txt'), page);
    writeFileSync(path.join(tmp, 'jina', 'story.md'), pageMarkdown());
    const r = await run(['clean', 'jina', '-o', 'jina-out', '--jobs', '1'], { cwd: tmp });
    expect(stderrLines(r.stderr)).toEqual(['boilerstrip: 2 files cleaned, 0 skipped, 0 failed']);
    expect(listFiles(path.join(tmp, 'jina-out'))).toEqual(['story.md', 'story.txt']);
    const cleaned = readFileSync(path.join(tmp, 'jina-out', 'story.txt'), 'utf8');
    // Read as Markdown: the envelope is navigation, the headline keeps its syntax, the menu of links goes.
    expect(cleaned).not.toContain('URL Source:');
    expect(cleaned).toContain(`# ${TXT.headline}`);
    expect(cleaned).toContain(TXT.paragraphs[0]!);
    expect(cleaned).not.toContain('](https://example.test/');
    const label = await run(['label', path.join('jina', 'story.txt'), '--explain'], { cwd: tmp });
    expect(label.stdout.split('\n')[0]).toMatch(/^navigation\tTitle: .*\tnavigation: .*envelope/);
    // --format text still reads it as text.
    const asText = await run(['label', path.join('jina', 'story.txt'), '--format', 'text'], { cwd: tmp });
    expect(asText.stdout.split('\n').filter((l) => l.includes('](https://example.test/')).length).toBeGreaterThan(0);
    expect(asText.stdout).not.toMatch(/envelope/);
  });
});

describe.concurrent('help and messages name the Markdown files taken', { timeout: 60_000 }, () => {
  it('says clean takes Markdown, add-case a .md file, and clean --report counts a Markdown document’s lines', async ({ expect }) => {
    const addCase = await run(['add-case', '--help'], { cwd: tmp });
    expect(addCase.stdout).toMatch(/input\s+a \.txt, \.md, \.markdown, \.html or\s+\.htm file/);
    const clean = await run(['clean', '--help'], { cwd: tmp });
    expect(clean.stdout.replace(/\s+/g, ' ')).toContain('for text, Markdown and HTML lines by label and confidence');
    expect(clean.stdout.replace(/\s+/g, ' ')).toContain('keep the body of each input (text, Markdown, HTML, JSON, JSONL, or a WARC/WET web archive, optionally .gz)');
    const main = await run(['--help'], { cwd: tmp });
    expect(main.stdout.replace(/\s+/g, ' ')).toContain('keep the body of each input (text, Markdown, HTML, JSON, JSONL, or a WARC/WET web archive, optionally .gz)');
  });
});

describe.concurrent('boilerstrip on Markdown files and records', { timeout: 60_000 }, () => {
  it('gives the same outputs with --jobs 2 as with --jobs 1, a .md.gz cleaned to .md, and a record’s markdown field read as the .md file is', async ({ expect }) => {
    const dir = path.join(tmp, 'jobs');
    mkdirSync(dir);
    const md = pageMarkdown();
    for (let i = 0; i < 4; i++) writeFileSync(path.join(dir, `p${i}.md`), md.replace('Harbor', `Harbor ${i}`));
    writeFileSync(path.join(dir, 'z.md.gz'), gzipSync(md));
    writeFileSync(path.join(dir, 'records.jsonl'), JSON.stringify({ url: 'u', markdown: md }) + '\n');
    const one = await run(['clean', 'jobs', '-o', 'jobs-1', '--jobs', '1'], { cwd: tmp });
    const two = await run(['clean', 'jobs', '-o', 'jobs-2', '--jobs', '2'], { cwd: tmp });
    expect(one.code).toBe(0);
    expect(two.stderr).toBe(one.stderr);
    const files = listFiles(path.join(tmp, 'jobs-1'));
    expect(files).toEqual(['p0.md', 'p1.md', 'p2.md', 'p3.md', 'records.jsonl', 'z.md']);
    expect(listFiles(path.join(tmp, 'jobs-2'))).toEqual(files);
    for (const f of files) expect(readFileSync(path.join(tmp, 'jobs-2', f), 'utf8')).toBe(readFileSync(path.join(tmp, 'jobs-1', f), 'utf8'));
    const record = JSON.parse(readFileSync(path.join(tmp, 'jobs-1', 'records.jsonl'), 'utf8')) as { text: string };
    expect(record.text + '\n').toBe(readFileSync(path.join(tmp, 'jobs-1', 'z.md'), 'utf8'));
    expect(record.text).toContain(TXT.paragraphs[0]!);
  });

  // The title, standfirst, byline and captions fields are metadata beside the body, not Markdown:
  // the title came out as "# <headline>", the syntax and all.
  it('writes a Markdown record\u2019s --text-only title as the text a reader sees, and keeps the syntax in its text', async ({ expect }) => {
    const dir = path.join(tmp, 'title');
    mkdirSync(dir);
    writeFileSync(path.join(dir, 'records.jsonl'), JSON.stringify({ url: 'u', markdown: pageMarkdown() }) + '\n');
    const r = await run(['clean', '--text-only', 'title/records.jsonl'], { cwd: tmp });
    expect(r.code).toBe(0);
    const record = JSON.parse(r.stdout) as { text: string; title?: string };
    expect(record.title).toBe(TXT.headline);
    expect(record.text).toContain(TXT.paragraphs[0]!);
  });
});
