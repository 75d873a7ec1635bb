/**
 * `--report FILE`: what happened to every input of a `clean` or `label` run, one JSON line per
 * input in the order the inputs were given (whatever `--jobs` is), so a pipeline can audit a
 * batch and route its doubtful pages without reading stderr: which files were written where,
 * which were skipped or failed and why, how each document's lines were labelled and how sure
 * the run is that it found a body (`confidence`, as JSON/JSONL records carry it per record).
 * The file is written under a temporary name and renamed when complete, as outputs are.
 */
import type { InputFile } from './inputs.js';
import { outputPath, syncFileSink } from './output.js';
import { outputExtension, type FileResult, type RunOptions } from './process.js';

/** One row of the report. Fields that do not apply to an input are left out, not null. */
export interface ReportRow {
  /** The input path as given or found (`-` for stdin). */
  input: string;
  status: FileResult['status'];
  /** Where the output went: a path under -o, or `-` for stdout; absent when nothing was written. */
  output?: string;
  /** The format the input was read as. */
  format?: string;
  /** Bytes read, after decompression, and for UTF-16 or `--encoding` input after its conversion to UTF-8 (as the offsets of its warnings count). */
  bytes: number;
  /** Text and HTML: non-blank lines by label. */
  labels?: Record<string, number>;
  /** Text and HTML: 0..1, that a body was found (README "Confidence"). */
  confidence?: number;
  /** JSON/JSONL: records cleaned, records that could not be, and of those written through. */
  records?: { ok: number; failed: number; passed: number };
  /** Why it failed or was skipped, or what went wrong on the way. */
  message?: string;
}

/** The report row of one input and its result; `out` is the -o folder, if any. */
export function reportRow(input: InputFile, result: FileResult, command: RunOptions['command'], out: string | undefined): ReportRow {
  // A failed text or HTML input has no output (its temporary file is removed); a JSON/JSONL one
  // cut short keeps the records before the cut (processFile says which were written).
  const row: ReportRow = {
    input: input.path,
    status: result.status,
    ...(result.written === true && result.format !== undefined && { output: out === undefined ? '-' : outputPath(out, input.rel, outputExtension(command, result.format, input.rel)) }),
    ...(result.format !== undefined && { format: result.format }),
    bytes: result.bytesIn,
  };
  if (result.stats !== undefined) {
    row.labels = result.stats.labels;
    row.confidence = result.stats.confidence;
  }
  if (result.records !== undefined) row.records = result.records;
  if (result.message !== undefined) row.message = result.message;
  return row;
}

/**
 * Write the report: a row per path given that does not exist, then a row per input, in `inputs` order. `results` may come in another order
 * (the output clashes found before the run come first); they are matched by input path, and an
 * input with no result (the run stopped first) is not written.
 */
export async function writeReport(
  file: string,
  inputs: readonly InputFile[],
  results: readonly FileResult[],
  command: RunOptions['command'],
  out: string | undefined,
  missing: ReadonlyArray<{ path: string; message: string }> = [],
): Promise<void> {
  const byFile = new Map<string, FileResult>();
  for (const r of results) byFile.set(r.file, r);
  const sink = syncFileSink(file);
  try {
    // Paths given that do not exist: the run reported them and exits 2; the report names them too.
    for (const m of missing) sink.write(JSON.stringify({ input: m.path, status: 'failed', bytes: 0, message: m.message } satisfies ReportRow) + '\n');
    for (const input of inputs) {
      // processFile names stdin `<stdin>` in its messages and results.
      const result = byFile.get(input.path) ?? (input.path === '-' ? byFile.get('<stdin>') : undefined);
      if (result !== undefined) sink.write(JSON.stringify(reportRow(input, result, command, out)) + '\n');
    }
    await sink.commit();
  } catch (e) {
    await sink.abort();
    throw e;
  }
}
