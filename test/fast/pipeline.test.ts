import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cleanByteBatches, labelByteBatches, labelDocument, Labeller } from '../../src/pipeline.js';
import { labelHtml, processPage } from '../../src/document.js';
import { FastLabeller } from '../../src/fast/labeller.js';
import { defaultModel } from '../../src/model.js';
import type { LabelledLine } from '../../src/types.js';

const SEED = path.join(import.meta.dirname, '..', '..', 'seeds', '001_a28b406b2232a8ca.txt');

async function collect<T>(it: AsyncIterable<T[]>): Promise<T[]> {
  const out: T[] = [];
  for await (const batch of it) out.push(...batch);
  return out;
}

function fastLabels(lines: readonly string[]): LabelledLine[] {
  const labeller = new FastLabeller();
  const out: LabelledLine[] = [];
  for (const l of lines) labeller.push(l, out);
  labeller.end(out);
  return out;
}

describe('the fast option', () => {
  const bytes = readFileSync(SEED);
  const lines = bytes.toString('utf8').replace(/\n$/, '').split('\n');

  it('labels a byte stream as the fast labeller labels its lines, whatever the chunks', async () => {
    const expected = fastLabels(lines).map((l) => l.label);
    const whole = await collect(labelByteBatches([bytes], { fast: true }));
    const odd: Uint8Array[] = [];
    for (let i = 0; i < bytes.length; i += 997) odd.push(bytes.subarray(i, i + 997));
    const chunked = await collect(labelByteBatches(odd, { fast: true }));
    expect(whole.map((l) => l.label)).toEqual(expected);
    expect(chunked.map((l) => l.label)).toEqual(expected);
    expect(whole.map((l) => l.text)).toEqual(lines);
  });

  it('is not the default model: the two disagree on some line of a real page', async () => {
    const fast = await collect(labelByteBatches([bytes], { fast: true, reasons: false }));
    const slow = await collect(labelByteBatches([bytes], { reasons: false }));
    expect(fast.some((l, i) => l.label !== slow[i]!.label || l.final.body !== slow[i]!.final.body)).toBe(true);
    expect(fast[0]!.reason).toBe('');
  });

  it('cleans to the lines the fast labels call body', async () => {
    const kept = fastLabels(lines).filter((l) => l.label === 'body').map((l) => l.text);
    expect(await collect(cleanByteBatches([bytes], { fast: true }))).toEqual(kept);
  });

  it('reaches a Labeller made with it, and labelDocument', () => {
    const labeller = new Labeller({ fast: true });
    const out: LabelledLine[] = [];
    for (const l of lines) labeller.push({ text: l }, out);
    labeller.end(out);
    expect(out.map((l) => l.label)).toEqual(fastLabels(lines).map((l) => l.label));
    expect(labelDocument(lines, { fast: true }).map((l) => l.reason.slice(0, 11))).toContain('fast model:');
  });

  it('keeps what the first layer calls body in a short document that would keep nothing, as the default path does', () => {
    // A one-paragraph record: the second layer, whose neighbours are all padding, made the story a
    // disclaimer, and the record was emptied in silence (fallback.ts).
    const story = 'The city council voted on Tuesday evening to approve a new budget that raises spending on parks and libraries by ten percent, officials said.';
    for (const doc of [[story], ['Home | News | Sport', story, '', 'Copyright 2024 Example Media']]) {
      const alone = fastLabels(doc);
      const at = doc.indexOf(story);
      expect(alone[at]!.first).toBe('body');
      expect(alone.some((l) => l.label === 'body')).toBe(false);
      const labelled = labelDocument(doc, { fast: true });
      expect(labelled[at]!.label).toBe('body');
      expect(labelled[at]!.reason).toMatch(/^body: a short document \(\d+ lines\) with no body line keeps what its first, context-free label calls body/);
      // The other lines keep the fast model's labels.
      expect(labelled.map((l, i) => (i === at ? 'body' : l.label))).toEqual(alone.map((l, i) => (i === at ? 'body' : l.label)));
    }
  });

  it('passes a long document through the fallback unchanged, and holds no more than its blank-line bound', () => {
    const long = fastLabels(lines);
    expect(labelDocument(lines, { fast: true }).map((l) => l.label)).toEqual(long.map((l) => l.label));
    // One short line, then more blank lines than the Labeller holds: lines come out before the end.
    const labeller = new Labeller({ fast: true });
    const out: LabelledLine[] = [];
    labeller.push('Home', out);
    for (let i = 0; i < 5000; i++) labeller.push('', out);
    expect(out.length).toBeGreaterThan(4000);
    labeller.end(out);
    expect(out.length).toBe(5001);
  });

  it('refuses, by name, an option the fast model would ignore', () => {
    expect(() => labelDocument(lines, { fast: true, model: defaultModel() })).toThrow(/`options\.model` cannot be used with `options\.fast`/);
    expect(() => labelDocument(lines, { fast: true, markdown: true })).toThrow(/`options\.markdown` cannot be used/);
    expect(() => labelDocument(lines, { fast: true, contextWindow: 3 })).toThrow(/`options\.contextWindow` cannot be used/);
    expect(() => labelDocument(lines, { fast: 'yes' as unknown as boolean })).toThrow(/options\.fast/);
    // false asks for nothing the fast model leaves out.
    expect(() => labelDocument(lines, { fast: true, rules: false, markdown: false })).not.toThrow();
  });

  it('leaves an HTML page to the HTML model', () => {
    const html = '<html><body><nav><a href="/">Home</a> <a href="/n">News</a></nav><article><h1>A title</h1><p>' + 'A sentence of the story goes on. '.repeat(8) + '</p></article></body></html>';
    expect(labelHtml(html, { fast: true })).toEqual(labelHtml(html));
    expect(processPage(html, { fast: true }).lines).toEqual(processPage(html).lines);
  });

  it('labels a text page given to processPage with the fast model, and a Markdown one with the Markdown model', () => {
    // A final line end ends the last line (labelText does not start an empty one after it).
    const text = lines.join('\n') + '\n';
    expect(processPage(text, { fast: true }).lines.map((l) => l.label)).toEqual(fastLabels(lines).map((l) => l.label));
    const md = '# A title\n\n' + 'A sentence of the story goes on. '.repeat(8) + '\n\n[Home](/) | [News](/n)';
    expect(processPage(md, { fast: true, pageFormat: 'markdown' }).lines).toEqual(processPage(md, { pageFormat: 'markdown' }).lines);
  });
});
