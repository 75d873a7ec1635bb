/**
 * Outputs are written to a temporary name beside the target and renamed
 * when complete, so an interrupted run never leaves a half-written file
 * under the real name. Writes respect back-pressure (memory stays flat).
 */
import { createWriteStream, promises as fs, type WriteStream } from 'node:fs';
import path from 'node:path';
import { once } from 'node:events';
import type { Writable } from 'node:stream';

export interface Sink {
  write(text: string): Promise<void> | void;
  /** Commit: rename into place (files) or nothing (stdout). */
  commit(): Promise<void>;
  /** Abandon: remove the temporary file. */
  abort(): Promise<void>;
}

async function writeWithBackpressure(stream: Writable, text: string): Promise<void> {
  if (!stream.write(text)) await once(stream, 'drain');
}

export async function fileSink(target: string): Promise<Sink> {
  await fs.mkdir(path.dirname(target), { recursive: true });
  const tmp = path.join(path.dirname(target), `.${path.basename(target)}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`);
  const stream: WriteStream = createWriteStream(tmp);
  await once(stream, 'open');
  let pendingError: Error | undefined;
  stream.on('error', (e) => (pendingError = e));
  return {
    write: (text) => {
      if (pendingError) throw pendingError;
      return writeWithBackpressure(stream, text);
    },
    async commit() {
      stream.end();
      await once(stream, 'finish');
      if (pendingError) throw pendingError;
      await fs.rename(tmp, target);
    },
    async abort() {
      stream.destroy();
      await fs.rm(tmp, { force: true });
    },
  };
}

export function stdoutSink(): Sink {
  return {
    write: (text) => writeWithBackpressure(process.stdout, text),
    async commit() {},
    async abort() {},
  };
}

/** Output path for an input: DIR/<rel with its extension replaced>. */
export function outputPath(dir: string, rel: string, ext: string): string {
  const base = rel.replace(/\.gz$/i, '').replace(/\.(txt|html?|jsonl|ndjson|json)$/i, '');
  return path.join(dir, base + ext);
}
