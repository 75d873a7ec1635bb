/**
 * `boilerstrip profile`: the first pass of two over a batch. Counts, per
 * normalised line, how many documents contain it, in a fixed-size sketch,
 * and saves it for `--profile` in the second pass (or on other machines:
 * the profile is a plain file, so shards of a distributed job share it).
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { RepetitionSketch } from '../repetition.js';
import { splitLines } from '../split.js';
import { decodeHtml } from '../html/charset.js';
import { readJsonArray, readJsonl, pickPage, DEFAULT_PAGE_FIELDS } from '../json/records.js';
import { looksLikeHtml, type InputFormat } from '../sniff.js';
import { htmlToLines } from '../html/lines.js';
import { expandInputs, openInput, readAll, type InputFile } from './inputs.js';
import { MAX_HTML_BYTES } from './process.js';
import { trackTemp, untrackTemp } from './interrupt.js';

/** Count one page (HTML or text) into the sketch as one document. */
export function countPage(sketch: RepetitionSketch, page: string): void {
  const lines = looksLikeHtml(page) ? htmlToLines(page).map((l) => l.text) : page.split(/\r\n|\r|\n/);
  for (const l of lines) sketch.addLine(l);
  sketch.endDocument();
}

export async function buildProfile(args: string[], out: string): Promise<number> {
  const { sketch, failed } = await profileInputs(await expandInputs(args));
  await writeProfile(sketch, out);
  process.stderr.write(`boilerstrip: profile of ${sketch.documents} documents written to ${out}\n`);
  return failed > 0 ? 1 : 0;
}

/** Write a profile atomically (temporary name, then rename). */
export async function writeProfile(sketch: RepetitionSketch, out: string): Promise<void> {
  await fs.mkdir(path.dirname(path.resolve(out)), { recursive: true });
  const tmp = `${out}.${process.pid}.tmp`;
  trackTemp(tmp); // an interrupted run removes it (interrupt.ts)
  try {
    await fs.writeFile(tmp, sketch.toBuffer());
    await fs.rename(tmp, out);
  } catch (e) {
    await fs.rm(tmp, { force: true });
    throw e;
  } finally {
    untrackTemp(tmp);
  }
}

/**
 * First pass: count every input's lines into a fresh sketch. Unreadable inputs are reported and counted.
 * `fields` and `format` read the inputs as `--field` and `--format` make the labelling pass read them.
 */
export async function profileInputs(
  inputs: readonly InputFile[],
  { fields = DEFAULT_PAGE_FIELDS, format }: { fields?: readonly string[]; format?: InputFormat } = {},
): Promise<{ sketch: RepetitionSketch; failed: number }> {
  const sketch = new RepetitionSketch();
  let failed = 0;
  for (const input of inputs) {
    try {
      const opened = await openInput(input, format);
      if (opened.format === 'binary') continue;
      if (opened.format === 'text') {
        for await (const batch of splitLines(opened.bytes)) for (const l of batch) sketch.addLine(l);
        sketch.endDocument();
      } else if (opened.format === 'html') {
        countPage(sketch, decodeHtml(await readAll(opened.bytes, MAX_HTML_BYTES, input.path)).text);
      } else {
        const events = opened.format === 'jsonl' ? readJsonl(opened.bytes, { file: input.path }) : readJsonArray(opened.bytes, { file: input.path });
        for await (const ev of events) {
          if (ev.kind !== 'record') continue;
          const picked = pickPage(ev.value, fields);
          if ('page' in picked) countPage(sketch, picked.page);
        }
      }
    } catch (e) {
      failed += 1;
      process.stderr.write(`boilerstrip: ${input.path}: ${(e as Error).message}\n`);
    }
  }
  return { sketch, failed };
}
