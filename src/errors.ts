/**
 * Errors that carry where they happened (vfile's lesson): the file, the
 * 1-based line and the 0-based byte offset, when known.
 */
export interface Position {
  file?: string;
  line?: number;
  offset?: number;
  /** Index of a record in a JSON/JSONL input. */
  record?: number;
}

export class BoilerstripError extends Error {
  readonly code: string;
  readonly file?: string;
  readonly line?: number;
  readonly offset?: number;
  readonly record?: number;

  constructor(code: string, message: string, position: Position = {}, options?: { cause?: unknown }) {
    super(formatMessage(message, position), options);
    this.name = 'BoilerstripError';
    this.code = code;
    this.file = position.file;
    this.line = position.line;
    this.offset = position.offset;
    this.record = position.record;
  }
}

/** `file:line: message (byte N, record R)` with whatever parts are known. */
export function formatMessage(message: string, p: Position): string {
  const where = [p.file, p.line !== undefined ? String(p.line) : undefined].filter(Boolean).join(':');
  const extra: string[] = [];
  if (p.offset !== undefined) extra.push(`byte ${p.offset}`);
  if (p.record !== undefined) extra.push(`record ${p.record}`);
  return `${where ? where + ': ' : ''}${message}${extra.length ? ` (${extra.join(', ')})` : ''}`;
}

/** Misuse of the API: thrown at the boundary, naming the argument. */
export function invalidArgument(name: string, expected: string, got: unknown): BoilerstripError {
  const shown = got === null ? 'null' : Array.isArray(got) ? 'an array' : typeof got;
  return new BoilerstripError('ERR_INVALID_ARG', `argument \`${name}\` must be ${expected}, got ${shown}`);
}
