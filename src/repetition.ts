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
 * Counters of a sketch at most (width x depth; 4 bytes each: 2 GiB), 512 times the default. A
 * profile (toBuffer) is one Buffer, which holds 4 GiB at most in Node 20
 * (buffer.constants.MAX_LENGTH); past 2^32 counters the table itself failed as a bare RangeError.
 * @default 536870912
 */
export const MAX_SKETCH_COUNTERS = 2 ** 29;
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
  /**
   * What the documents counted are, as a repeated line's reason names them (`the 3 documents of
   * example.com`, for a site's counts); `the documents` when absent.
   */
  readonly scope?: string;
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

/**
 * Slots of the per-site table at most (each 12 bytes: 24 MiB). A (site, line) pair is counted
 * exactly, not in the sketch: a site of two or three pages needs exact counts, where the sketch's
 * overestimates (a few counts a cell once millions of lines are in) would make a line seen once
 * look repeated. Past 70% of the slots no new pair is added: lines first seen after that are not
 * counted per site, which can only leave a repeated line unmarked, never mark one that is not.
 * @default 2097152
 */
export const MAX_SITE_PAIR_SLOTS = 1 << 21;
/** Share of the per-site table's slots filled before it grows (or, at its largest, stops taking new pairs). @default 0.7 */
export const SITE_PAIR_LOAD = 0.7;
/**
 * Sites counted apart at most; the documents of sites past this are counted across the run only.
 * @default 262144
 */
export const MAX_SITES = 1 << 18;
/**
 * Documents of a site from which its own counts are used (as MIN_REPEAT_DOCUMENTS in context.ts
 * for a run): with fewer, the run's counts stand for it.
 * @default 2
 */
export const MIN_SITE_DOCUMENTS = 2;
const FIRST_SITE_PAIR_SLOTS = 1 << 12;
/**
 * Slots at most of the table of counted documents' fingerprints (12 bytes each, 12 MiB; filled to
 * 70%, about 730,000 documents), which finds copies of a document: apart from the per-site table,
 * whose filling up stopped copies being found and made a run that counted no site say its
 * per-site table was full (QA pass 17). Past it, later copies are counted as documents.
 * @default 1048576
 */
export const MAX_FINGERPRINT_SLOTS = 1 << 20;

/**
 * Exact counts of (site, line) pairs in an open-addressing table of two 32-bit hashes per pair
 * (a false match needs both to collide: about one pair in 2^64) and a count.
 */
class SitePairs {
  keys: Uint32Array;
  counts: Uint32Array;
  size = 0;
  /** A new pair found no room (MAX_SITE_PAIR_SLOTS). */
  full = false;

  constructor(
    slots = FIRST_SITE_PAIR_SLOTS,
    /** Slots at most (a power of two). */
    private readonly maxSlots = MAX_SITE_PAIR_SLOTS,
  ) {
    this.keys = new Uint32Array(slots * 2);
    this.counts = new Uint32Array(slots);
  }

  /** The slot of pair (a, b), or of the empty slot where it would go. `b` is never 0: an empty slot's. */
  private slot(a: number, b: number): number {
    const mask = this.counts.length - 1;
    let i = (a ^ (b >>> 7)) & mask;
    for (;;) {
      const kb = this.keys[2 * i + 1]!;
      if (kb === 0 || (kb === b && this.keys[2 * i] === a)) return i;
      i = (i + 1) & mask;
    }
  }

  /** Count pair (a, b) `by` more; false when it is new and the table has no room for it. */
  add(a: number, b: number, by: number): boolean {
    let i = this.slot(a, b);
    if (this.keys[2 * i + 1] === 0) {
      if (this.size + 1 > this.counts.length * SITE_PAIR_LOAD) {
        if (this.counts.length >= this.maxSlots) {
          this.full = true;
          return false;
        }
        this.grow();
        i = this.slot(a, b);
      }
      this.keys[2 * i] = a;
      this.keys[2 * i + 1] = b;
      this.size += 1;
    }
    this.counts[i] = this.counts[i]! + by;
    return true;
  }

  get(a: number, b: number): number {
    const i = this.slot(a, b);
    return this.keys[2 * i + 1] === 0 ? 0 : this.counts[i]!;
  }

  private grow(): void {
    const { keys, counts } = this;
    this.keys = new Uint32Array(keys.length * 2);
    this.counts = new Uint32Array(counts.length * 2);
    for (let j = 0; j < counts.length; j++) {
      if (keys[2 * j + 1] === 0) continue;
      const i = this.slot(keys[2 * j]!, keys[2 * j + 1]!);
      this.keys[2 * i] = keys[2 * j]!;
      this.keys[2 * i + 1] = keys[2 * j + 1]!;
      this.counts[i] = counts[j]!;
    }
  }
}

/** The pair hashes of a normalised line on a site (by its number). */
function pairHashes(key: string, site: number): [number, number] {
  const s = site + 1;
  return [(hash(key, 0x2545) ^ Math.imul(s, 0x9e3779b1)) >>> 0, ((hash(key, 0x68e3) + Math.imul(s, 0x85ebca6b)) | 1) >>> 0];
}

/**
 * Counts given to the calls below are counts or nothing: anything else was handed back as it was
 * and failed later, inside labelling (QA pass 19). The shape options.repetition asks for.
 */
export function checkRepetitionCounts(counts: unknown, name: string, fn?: string): void {
  const c = counts as Partial<RepetitionCounts> | undefined;
  if (c !== undefined && (c === null || typeof c !== 'object' || typeof c.documentFrequency !== 'function' || typeof c.documents !== 'number')) {
    throw invalidArgument(name, 'repetition counts ({ documents, documentFrequency(line) }: a RepetitionSketch or a loaded profile)', counts, fn);
  }
}

/**
 * The counts a page of `site()` is labelled with: its site's (RepetitionSketch.forSite) when
 * `counts` is a sketch that kept counts per site, else `counts` as given (a caller's own counts).
 */
export function countsForSite(counts: RepetitionCounts | undefined, site: () => string | undefined): RepetitionCounts | undefined {
  checkRepetitionCounts(counts, 'counts', 'countsForSite');
  if (typeof site !== 'function') throw invalidArgument('site', "a function giving the page's site (called only when the counts keep sites)", site, 'countsForSite');
  // The site is found only where it can matter: reading an HTML page's head costs ~0.5 ms.
  return counts instanceof RepetitionSketch && counts.sites > 0 ? counts.forSite(site()) : counts;
}

/**
 * The run's counts alone, without the counts per site a sketch keeps (`--no-site-counts`): for
 * sites that share one template (a network of local stations, a publisher's regional editions),
 * whose menu is better counted across all of them than on each one's few pages.
 */
export function runCountsOnly(counts: RepetitionCounts | undefined): RepetitionCounts | undefined {
  checkRepetitionCounts(counts, 'counts', 'runCountsOnly');
  if (!(counts instanceof RepetitionSketch) || counts.sites === 0) return counts;
  const sketch = counts;
  return {
    get documents() {
      return sketch.documents;
    },
    documentFrequency: (line: string) => sketch.documentFrequency(line),
  };
}

/** Read options of a saved profile (RepetitionSketch.countedWith): option name to value. */
export type CountedWith = Readonly<Record<string, string | readonly string[]>>;

/** The first bytes of a profile that keeps its read options. */
const PROFILE_MAGIC = 'BSR2';
/** The same, followed by the counts per site (a profile of records that named their pages' sites). */
const SITE_PROFILE_MAGIC = 'BSR3';
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
  /** Sites by name, their numbers, and each one's documents. */
  private readonly siteIds = new Map<string, number>();
  private siteDocs: number[] = [];
  private pairs: SitePairs;
  /** Fingerprints of the documents counted (firstCopy): not kept in a saved profile. */
  private readonly fingerprints = new SitePairs(FIRST_SITE_PAIR_SLOTS, MAX_FINGERPRINT_SLOTS);
  /** Documents not counted because they were copies of one counted before. */
  private copyCount = 0;
  /** Sites some of whose lines found the per-site table full: labelled with the run's counts. */
  private readonly incomplete = new Set<number>();

  /**
   * @param width counters of each row; width x depth at most {@link MAX_SKETCH_COUNTERS}
   * @param sitePairSlots slots of the per-site table at most, a power of two from 4096 to
   *   {@link MAX_SITE_PAIR_SLOTS} (12 bytes each): a smaller one bounds memory, at the cost of
   *   sites counted in part (labelled with the run's counts).
   */
  constructor(width = SKETCH_WIDTH, depth = SKETCH_DEPTH, sitePairSlots = MAX_SITE_PAIR_SLOTS) {
    // Checked: a fractional width gave fractional table indexes, whose counts went to properties
    // beside the typed array in silence; a negative one, a RangeError about the array's length.
    // Too large, the table failed as a bare RangeError ("Invalid typed array length").
    if (!Number.isInteger(width) || width < 1) throw invalidArgument('width', 'a positive integer', width, 'RepetitionSketch');
    if (width > MAX_SKETCH_COUNTERS) throw invalidArgument('width', `a positive integer up to ${MAX_SKETCH_COUNTERS} (MAX_SKETCH_COUNTERS)`, width, 'RepetitionSketch');
    if (!Number.isInteger(depth) || depth < 1) throw invalidArgument('depth', 'a positive integer', depth, 'RepetitionSketch');
    if (width * depth > MAX_SKETCH_COUNTERS) {
      throw invalidArgument('depth', `a positive integer up to ${Math.floor(MAX_SKETCH_COUNTERS / width)} (width x depth at most ${MAX_SKETCH_COUNTERS}, MAX_SKETCH_COUNTERS)`, depth, 'RepetitionSketch');
    }
    // At most MAX_SITE_PAIR_SLOTS, which is also what keeps the bitwise test exact (2 ** 32 and
    // 3 * 2 ** 32 passed it as powers of two).
    if (!Number.isInteger(sitePairSlots) || sitePairSlots < FIRST_SITE_PAIR_SLOTS || sitePairSlots > MAX_SITE_PAIR_SLOTS || (sitePairSlots & (sitePairSlots - 1)) !== 0) {
      throw invalidArgument('sitePairSlots', `a power of two from ${FIRST_SITE_PAIR_SLOTS} to ${MAX_SITE_PAIR_SLOTS} (MAX_SITE_PAIR_SLOTS)`, sitePairSlots, 'RepetitionSketch');
    }
    this.width = width;
    this.depth = depth;
    this.table = new Uint32Array(width * depth);
    this.pairs = new SitePairs(FIRST_SITE_PAIR_SLOTS, sitePairSlots);
  }

  get documents(): number {
    return this.docs;
  }

  /** Count a line of the current document (each distinct line once per document). */
  addLine(line: string): void {
    if (typeof line !== 'string') throw invalidArgument('line', 'a string', line, 'RepetitionSketch.addLine');
    const key = normaliseLine(line);
    // Counted when the document ends: a copy of a document counted before is then not counted.
    if (key.length >= MIN_REPEAT_CHARS) this.current.add(key);
  }

  /**
   * Close the current document. With `site` (a host name, see recordSite), its lines are also
   * counted among that site's documents, which {@link forSite} then gives: in a run of many
   * sites' pages, a site's menu is on every page of that site but a small share of the run's.
   */
  endDocument(site?: string): void {
    if (site !== undefined && typeof site !== 'string') throw invalidArgument('site', 'a string (a host name) or undefined', site, 'RepetitionSketch.endDocument');
    const keys = this.current;
    this.current = new Set();
    // A copy of a document already counted (a re-crawl, the http and https copies of a page) is
    // not counted again: counted, its every line was "repeated", and a run or a site of the page
    // and its copy lost the page's body (QA pass 14). Known by the document's lines as a set.
    if (keys.size > 0 && !this.firstCopy(keys)) {
      this.copyCount += 1;
      return;
    }
    for (const key of keys) for (let d = 0; d < this.depth; d++) this.table[d * this.width + (hash(key, d) % this.width)]! += 1;
    this.docs += 1;
    if (site !== undefined && site !== '') this.countForSite(site, keys);
  }

  /** Whether a document of these lines is counted for the first time (its fingerprint is kept in a table of its own). */
  private firstCopy(keys: Set<string>): boolean {
    let a = 0;
    let b = 0;
    // Order-free: a sum and an exclusive or of the lines' hashes, and how many there are.
    for (const key of keys) {
      a = (a + hash(key, 0x3c6e)) >>> 0;
      b = (b ^ hash(key, 0x1b87)) >>> 0;
    }
    const [x, y] = pairHashes(`\u0000${a}:${b}:${keys.size}`, -1);
    if (this.fingerprints.get(x, y) > 0) return false;
    this.fingerprints.add(x, y, 1);
    return true;
  }

  /**
   * A document's lines counted under its site: not when every one of them was counted on the site
   * already (a copy that differs only in lines too short to count, or a page of the template
   * alone, adds nothing but a document); and a site some of whose lines found the table full is
   * marked, so that it is labelled with the run's counts rather than with partial ones.
   */
  private countForSite(site: string, keys: Set<string>): void {
    let id = this.siteIds.get(site);
    if (id === undefined) {
      if (this.siteIds.size >= MAX_SITES) return;
      id = this.siteIds.size;
      this.siteIds.set(site, id);
      this.siteDocs.push(0);
    }
    const hashes = [...keys].map((key) => pairHashes(key, id));
    if (this.siteDocs[id]! > 0 && hashes.every(([a, b]) => this.pairs.get(a, b) > 0)) return;
    this.siteDocs[id] = this.siteDocs[id]! + 1;
    for (const [a, b] of hashes) if (!this.pairs.add(a, b, 1)) this.incomplete.add(id);
  }

  /** Documents left out as copies of a document counted before (not kept in a saved profile). */
  get copies(): number {
    return this.copyCount;
  }

  /** Sites counted apart (documents closed with a site). */
  get sites(): number {
    return this.siteIds.size;
  }

  /** Sites whose own counts label their pages: {@link MIN_SITE_DOCUMENTS} or more documents, counted whole. */
  get sitesCounted(): number {
    let n = 0;
    this.siteDocs.forEach((docs, id) => {
      if (docs >= MIN_SITE_DOCUMENTS && !this.incomplete.has(id)) n += 1;
    });
    return n;
  }

  /** Whether the per-site table filled up, so lines seen after that are counted across the run only. */
  get sitePairsFull(): boolean {
    return this.pairs.full;
  }

  /**
   * The counts a page of `site` is labelled with: its site's, when the run counted at least
   * {@link MIN_SITE_DOCUMENTS} documents of that site, else the run's (this sketch).
   */
  forSite(site: string | undefined): RepetitionCounts {
    if (site === undefined) return this;
    const id = this.siteIds.get(site);
    if (id === undefined || this.siteDocs[id]! < MIN_SITE_DOCUMENTS || this.incomplete.has(id)) return this;
    const documents = this.siteDocs[id]!;
    return {
      documents,
      scope: `the ${documents} documents of ${site}`,
      documentFrequency: (line: string) => {
        const key = normaliseLine(line);
        if (key.length < MIN_REPEAT_CHARS) return 0;
        const [a, b] = pairHashes(key, id);
        return this.pairs.get(a, b);
      },
    };
  }

  /**
   * Take back the current document's counts and start the next one afresh: for an input that
   * fails partway (a cut-off .gz), which the labelling pass fails too. Left in, its lines counted
   * as a document's while the documents did not count it, and the next document's lines that it
   * shared were not counted (a cut-off copy of a page made that page's story look repeated).
   */
  discardDocument(): void {
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
    header.write(this.siteIds.size > 0 ? SITE_PROFILE_MAGIC : PROFILE_MAGIC, 0, 'latin1');
    header.writeUInt32LE(this.width, 4);
    header.writeUInt32LE(this.depth, 8);
    header.writeUInt32LE(this.docs, 12);
    header.writeUInt32LE(json.length, 16);
    const parts = [header, padded, Buffer.from(this.table.buffer, this.table.byteOffset, this.table.byteLength)];
    if (this.siteIds.size > 0) parts.push(...this.siteSection());
    return Buffer.concat(parts);
  }

  /**
   * The per-site counts, after the table (SITE_PROFILE_MAGIC): the byte length of the site names
   * as a JSON array, that JSON padded with spaces to a multiple of 4 bytes, each site's documents,
   * then the pair table's slot count, its pairs in use, its keys and its counts.
   */
  private siteSection(): Buffer[] {
    const names = Buffer.from(JSON.stringify([...this.siteIds.keys()]), 'utf8');
    const padded = Buffer.alloc((names.length + 3) & ~3, 0x20);
    names.copy(padded);
    const head = Buffer.alloc(4);
    head.writeUInt32LE(names.length, 0);
    // A site counted in part (the table was full) has the top bit of its count set.
    const docs = Uint32Array.from(this.siteDocs, (n, id) => (this.incomplete.has(id) ? (n | 0x80000000) >>> 0 : n));
    const table = Buffer.alloc(8);
    table.writeUInt32LE(this.pairs.counts.length, 0);
    table.writeUInt32LE(this.pairs.size, 4);
    const bytes = (a: Uint32Array) => Buffer.from(a.buffer, a.byteOffset, a.byteLength);
    return [head, padded, bytes(docs), table, bytes(this.pairs.keys), bytes(this.pairs.counts)];
  }

  /** Reads a site section written by siteSection from `at`; false when it is not whole. */
  private readSiteSection(buf: Buffer, at: number): boolean {
    const u32 = (i: number) => (i + 4 <= buf.length ? buf.readUInt32LE(i) : -1);
    const nameBytes = u32(at);
    if (nameBytes < 0) return false;
    let names: unknown;
    try {
      names = JSON.parse(buf.toString('utf8', at + 4, at + 4 + nameBytes));
    } catch {
      return false;
    }
    if (!Array.isArray(names) || !names.every((n) => typeof n === 'string')) return false;
    let i = at + 4 + ((nameBytes + 3) & ~3);
    const copy = (count: number): Uint32Array | undefined => {
      if (i + count * 4 > buf.length) return undefined;
      const a = new Uint32Array(buf.buffer.slice(buf.byteOffset + i, buf.byteOffset + i + count * 4));
      i += count * 4;
      return a;
    };
    const docs = copy(names.length);
    const slots = u32(i);
    const size = u32(i + 4);
    i += 8;
    // A power of two, as the table's probing masks with it.
    if (docs === undefined || slots <= 0 || (slots & (slots - 1)) !== 0 || size < 0 || size > slots) return false;
    const keys = copy(slots * 2);
    const counts = copy(slots);
    if (keys === undefined || counts === undefined || i !== buf.length) return false;
    // As many pairs in use as it says, and a free slot left: a lookup probes until it meets one,
    // so a table without any (damaged bytes) would make it loop for ever (QA pass 14).
    let used = 0;
    for (let j = 1; j < keys.length; j += 2) if (keys[j] !== 0) used += 1;
    if (used !== size || used >= slots) return false;
    names.forEach((n: string, id) => this.siteIds.set(n, id));
    this.siteDocs = Array.from(docs, (n, id) => {
      if (n & 0x80000000) this.incomplete.add(id);
      return n & 0x7fffffff;
    });
    this.pairs = new SitePairs(slots);
    this.pairs.keys = keys;
    this.pairs.counts = counts;
    this.pairs.size = size;
    this.pairs.full = size + 1 > slots * SITE_PAIR_LOAD && slots >= MAX_SITE_PAIR_SLOTS;
    return true;
  }

  static fromBuffer(buf: Buffer): RepetitionSketch {
    // A number or a string failed as 'buf.readUInt32LE is not a function'.
    if (!Buffer.isBuffer(buf)) throw invalidArgument('buf', 'a Buffer (a profile as toBuffer wrote it)', buf, 'RepetitionSketch.fromBuffer');
    // Bad bytes, not a bad call: a BoilerstripError of their own, which the CLI names the file of.
    // The first format (sessions before read options were kept) is read as it was: no options.
    const magic = buf.length >= PROFILE_HEADER_BYTES ? buf.toString('latin1', 0, 4) : '';
    const sited = magic === SITE_PROFILE_MAGIC;
    const current = magic === PROFILE_MAGIC || sited;
    if (!current && (buf.length < 16 || buf.readUInt32LE(0) !== FIRST_PROFILE_MAGIC)) throw new BoilerstripError(ERR_BAD_PROFILE, 'not a boilerstrip repetition profile');
    const width = buf.readUInt32LE(4);
    const depth = buf.readUInt32LE(8);
    if (width === 0 || depth === 0) throw new BoilerstripError(ERR_BAD_PROFILE, `repetition profile has no counters (width ${width}, depth ${depth})`);
    if (width * depth > MAX_SKETCH_COUNTERS) throw new BoilerstripError(ERR_BAD_PROFILE, `repetition profile has more counters than a sketch holds (width ${width}, depth ${depth})`);
    const jsonBytes = current ? buf.readUInt32LE(16) : 0;
    const tableAt = current ? PROFILE_HEADER_BYTES + ((jsonBytes + 3) & ~3) : 16;
    const tableEnd = tableAt + width * depth * 4;
    if (buf.length < tableEnd) throw new BoilerstripError(ERR_BAD_PROFILE, 'repetition profile is truncated');
    if (!sited && buf.length !== tableEnd) throw new BoilerstripError(ERR_BAD_PROFILE, `repetition profile has ${buf.length - tableEnd} bytes after its counts: not a whole profile`);
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
    s.table.set(new Uint32Array(buf.buffer.slice(buf.byteOffset + tableAt, buf.byteOffset + tableEnd)));
    if (sited && !s.readSiteSection(buf, tableEnd)) throw new BoilerstripError(ERR_BAD_PROFILE, "repetition profile's counts per site are truncated or not valid");
    return s;
  }
}
