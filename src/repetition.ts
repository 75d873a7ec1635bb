/**
 * Cross-document repetition: a line that recurs across many documents of a
 * batch is template text (menus, footers, newsletter boxes), whatever it
 * says. CCNet (Wenzek et al., 2020) drops such lines by hashing normalised
 * lines across shards. Here the counts become a feature, not a filter.
 *
 * Memory is bounded: a count-min sketch of fixed size, whatever the number
 * of lines.
 */
import { BoilerstripError, invalidArgument } from './errors.js';

/** Bytes given as a saved profile that are not one (RepetitionSketch.fromBuffer). */
export const ERR_BAD_PROFILE = 'ERR_BAD_PROFILE';
import { collapseRuns, FNV_OFFSET, FNV_PRIME, hashCodeUnits, isNumberUnit, isSpace, lowerUnit } from './scan.js';

/**
 * Width of each row of the count-min sketch. 2^20 counters x 4 rows x 4 bytes = 16 MiB.
 * @default 1048576
 */
export const SKETCH_WIDTH = 1 << 20;
/** @default 4 */
export const SKETCH_DEPTH = 4;
/**
 * Lines shorter than this (after normalising) are not counted: "Share" or
 * "Politics" recur everywhere and are judged by their own features.
 * @default 12
 */
export const MIN_REPEAT_CHARS = 12;

export interface RepetitionCounts {
  /** Documents seen. */
  readonly documents: number;
  /** In how many documents the line occurs (an estimate, never below the truth). */
  documentFrequency(line: string): number;
}

const DIGIT = /\p{N}/u;
const DIGITS = /\p{N}+/gu;
/** Whitespace that is not a single plain space. */
const ODD_SPACE = /\s\s|[^\S ]/u;
const SPACES = /\s+/g;

/**
 * Lower case, digit runs as 0, whitespace runs as one space, trimmed. Hot path: one character
 * pass (scan.ts, collapseRuns) rewrites the line, or gives it back as it is when it has no
 * number and no odd spacing (most lines); only lines with characters beyond the BMP take the
 * regular expressions (the pass reads code units).
 */
export function normaliseLine(line: string): string {
  const s = line.trim().toLowerCase();
  const fast = collapseRuns(s);
  if (fast !== undefined) return fast;
  let r = s;
  if (DIGIT.test(r)) r = r.replace(DIGITS, '0');
  if (ODD_SPACE.test(r)) r = r.replace(SPACES, ' ');
  return r;
}


/**
 * The code units of `normaliseLine(line)` written into `out` (grown when too short) without
 * making that string: leading and trailing whitespace dropped, a whitespace run as one space,
 * a run of \p{N} as 0, each code unit lower-cased (numbers recognised after lower-casing, as
 * normaliseLine does). Returns how many, and leaves their FNV-1a hash in `out.hash`; or -1 at
 * a character whose lower case is not one code unit on its own (İ, Σ, those beyond the BMP:
 * scan.ts, lowerUnit), where the caller uses normaliseLine's string.
 */
function normaliseInto(line: string, out: UnitBuffer): number {
  const n = line.length;
  if (out.units.length < n) out.units = new Uint16Array(n * 2);
  const units = out.units;
  let h = FNV_OFFSET;
  let length = 0;
  let i = 0;
  while (i < n && isSpace(line.charCodeAt(i))) i++;
  let space = false;
  let digits = false;
  for (; i < n; i++) {
    let c = line.charCodeAt(i);
    let number: boolean;
    if (c < 128) {
      if (c === 32 || (c >= 9 && c <= 13)) {
        // Written only when a character follows it: trailing whitespace is trimmed.
        space = true;
        digits = false;
        continue;
      }
      number = c >= 48 && c <= 57;
      if (c >= 65 && c <= 90) c += 32;
    } else {
      if (isSpace(c)) {
        space = true;
        digits = false;
        continue;
      }
      c = lowerUnit(c);
      if (c < 0) return -1;
      number = isNumberUnit(c);
    }
    if (space) {
      units[length++] = 32;
      h = Math.imul(h ^ 32, FNV_PRIME);
      space = false;
    }
    if (number) {
      if (digits) continue;
      digits = true;
      c = 48;
    } else digits = false;
    units[length++] = c;
    h = Math.imul(h ^ c, FNV_PRIME);
  }
  out.hash = h;
  return length;
}

/** A reused buffer of normalised code units and their hash (see normaliseInto). */
interface UnitBuffer {
  units: Uint16Array;
  hash: number;
}

const BUFFER_A: UnitBuffer = { units: new Uint16Array(256), hash: 0 };
const BUFFER_B: UnitBuffer = { units: new Uint16Array(256), hash: 0 };

/**
 * `hashCodeUnits(normaliseLine(line))`, without making the normalised string when every
 * character lower-cases on its own (otherwise it hashes normaliseLine's string).
 */
export function normalisedHash(line: string): number {
  return normaliseInto(line, BUFFER_A) < 0 ? hashCodeUnits(normaliseLine(line)) : BUFFER_A.hash;
}

/** `normaliseLine(a) === normaliseLine(b)`, without making either string when it can. */
export function sameNormalised(a: string, b: string): boolean {
  // A line seen again is most often the same text.
  if (a === b) return true;
  const na = normaliseInto(a, BUFFER_A);
  const nb = na < 0 ? -1 : normaliseInto(b, BUFFER_B);
  if (na < 0 || nb < 0) return normaliseLine(a) === normaliseLine(b);
  if (na !== nb) return false;
  const x = BUFFER_A.units;
  const y = BUFFER_B.units;
  for (let i = 0; i < na; i++) if (x[i] !== y[i]) return false;
  return true;
}

/** 32-bit FNV-1a with a seed; cheap, good enough spread for a sketch. */
function hash(s: string, seed: number): number {
  let h = (0x811c9dc5 ^ seed) >>> 0;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/** Read options of a saved profile (RepetitionSketch.countedWith): option name to value. */
export type CountedWith = Readonly<Record<string, string | readonly string[]>>;

/** The first bytes of a profile that keeps its read options. */
const PROFILE_MAGIC = 'BSR2';
/** The first four bytes of the first format, read as a little-endian number ("PRSB" as bytes). */
const FIRST_PROFILE_MAGIC = 0x42535250;
/** Magic, width, depth, documents, length of the read options. */
const PROFILE_HEADER_BYTES = 20;

function isCountedWith(value: unknown): value is CountedWith {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  return Object.values(value).every((v) => typeof v === 'string' || (Array.isArray(v) && v.every((x) => typeof x === 'string')));
}

export class RepetitionSketch implements RepetitionCounts {
  private readonly width: number;
  private readonly depth: number;
  private readonly table: Uint32Array;
  private docs = 0;
  private current = new Set<string>();

  constructor(width = SKETCH_WIDTH, depth = SKETCH_DEPTH) {
    // Checked: a fractional width gave fractional table indexes, whose counts went to properties
    // beside the typed array in silence; a negative one, a RangeError about the array's length.
    if (!Number.isInteger(width) || width < 1) throw invalidArgument('width', 'a positive integer', width);
    if (!Number.isInteger(depth) || depth < 1) throw invalidArgument('depth', 'a positive integer', depth);
    this.width = width;
    this.depth = depth;
    this.table = new Uint32Array(width * depth);
  }

  get documents(): number {
    return this.docs;
  }

  /** Count a line of the current document (each distinct line once per document). */
  addLine(line: string): void {
    if (typeof line !== 'string') throw invalidArgument('line', 'a string', line, 'RepetitionSketch.addLine');
    const key = normaliseLine(line);
    if (key.length < MIN_REPEAT_CHARS || this.current.has(key)) return;
    this.current.add(key);
    for (let d = 0; d < this.depth; d++) this.table[d * this.width + (hash(key, d) % this.width)]! += 1;
  }

  /** Close the current document. */
  endDocument(): void {
    this.docs += 1;
    this.current = new Set();
  }

  /**
   * Take back the current document's counts and start the next one afresh: for an input that
   * fails partway (a cut-off .gz), which the labelling pass fails too. Left in, its lines counted
   * as a document's while the documents did not count it, and the next document's lines that it
   * shared were not counted (a cut-off copy of a page made that page's story look repeated).
   */
  discardDocument(): void {
    for (const key of this.current) for (let d = 0; d < this.depth; d++) this.table[d * this.width + (hash(key, d) % this.width)]! -= 1;
    this.current = new Set();
  }

  documentFrequency(line: string): number {
    if (typeof line !== 'string') throw invalidArgument('line', 'a string', line, 'RepetitionSketch.documentFrequency');
    const key = normaliseLine(line);
    if (key.length < MIN_REPEAT_CHARS) return 0;
    let min = Infinity;
    for (let d = 0; d < this.depth; d++) min = Math.min(min, this.table[d * this.width + (hash(key, d) % this.width)]!);
    return min;
  }

  /**
   * How the lines counted were read, as the options that decide it are named (the CLI's
   * `--field`, `--records`, `--page-format`, ...), kept in the saved profile so a run that reads
   * its inputs otherwise can say so: a profile counted over one field's pages and used on
   * another's finds no line repeated, and changes nothing in silence. The sketch itself never
   * reads it. Undefined for a profile saved before it was kept.
   */
  countedWith?: CountedWith;

  /**
   * Serialise for `boilerstrip profile`. The second format (PROFILE_MAGIC): "BSR2", width, depth,
   * documents, the byte length of `countedWith` as JSON, that JSON padded with spaces to a
   * multiple of 4 bytes (so the table that follows stays aligned), then the counters.
   */
  toBuffer(): Buffer {
    const options = this.countedWith ?? {};
    if (!isCountedWith(options)) throw invalidArgument('countedWith', 'an object whose values are strings or arrays of strings', options, 'RepetitionSketch.toBuffer');
    const json = Buffer.from(JSON.stringify(options), 'utf8');
    const padded = Buffer.alloc((json.length + 3) & ~3, 0x20);
    json.copy(padded);
    const header = Buffer.alloc(PROFILE_HEADER_BYTES);
    header.write(PROFILE_MAGIC, 0, 'latin1');
    header.writeUInt32LE(this.width, 4);
    header.writeUInt32LE(this.depth, 8);
    header.writeUInt32LE(this.docs, 12);
    header.writeUInt32LE(json.length, 16);
    return Buffer.concat([header, padded, Buffer.from(this.table.buffer, this.table.byteOffset, this.table.byteLength)]);
  }

  static fromBuffer(buf: Buffer): RepetitionSketch {
    // A number or a string failed as 'buf.readUInt32LE is not a function'.
    if (!Buffer.isBuffer(buf)) throw invalidArgument('buf', 'a Buffer (a profile as toBuffer wrote it)', buf, 'RepetitionSketch.fromBuffer');
    // Bad bytes, not a bad call: a BoilerstripError of their own, which the CLI names the file of.
    // The first format (sessions before read options were kept) is read as it was: no options.
    const current = buf.length >= PROFILE_HEADER_BYTES && buf.toString('latin1', 0, 4) === PROFILE_MAGIC;
    if (!current && (buf.length < 16 || buf.readUInt32LE(0) !== FIRST_PROFILE_MAGIC)) throw new BoilerstripError(ERR_BAD_PROFILE, 'not a boilerstrip repetition profile');
    const width = buf.readUInt32LE(4);
    const depth = buf.readUInt32LE(8);
    if (width === 0 || depth === 0) throw new BoilerstripError(ERR_BAD_PROFILE, `repetition profile has no counters (width ${width}, depth ${depth})`);
    const jsonBytes = current ? buf.readUInt32LE(16) : 0;
    const tableAt = current ? PROFILE_HEADER_BYTES + ((jsonBytes + 3) & ~3) : 16;
    if (buf.length !== tableAt + width * depth * 4) throw new BoilerstripError(ERR_BAD_PROFILE, 'repetition profile is truncated');
    const s = new RepetitionSketch(width, depth);
    s.docs = buf.readUInt32LE(12);
    if (current) {
      let options: unknown;
      try {
        options = JSON.parse(buf.toString('utf8', PROFILE_HEADER_BYTES, PROFILE_HEADER_BYTES + jsonBytes));
      } catch {
        options = undefined;
      }
      if (!isCountedWith(options)) throw new BoilerstripError(ERR_BAD_PROFILE, "repetition profile's read options are not valid");
      s.countedWith = options;
    }
    s.table.set(new Uint32Array(buf.buffer.slice(buf.byteOffset + tableAt, buf.byteOffset + buf.length)));
    return s;
  }
}
