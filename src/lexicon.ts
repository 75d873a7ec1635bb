/**
 * Per-class phrase lists, kept as data files per language
 * (`data/lexicon/<lang>.json`), compiled once into a single regular
 * expression so each line is scanned in one pass whatever the number of
 * phrases (rather than one regex per entry).
 */
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** Lexicon categories; each becomes a `lex_<category>` feature. */
export const LEXICON_CATEGORIES = ['cta', 'legal', 'syndication', 'bio', 'ui', 'comment', 'related', 'end'] as const;
export type LexiconCategory = (typeof LEXICON_CATEGORIES)[number];

export type LexiconData = Partial<Record<LexiconCategory, string[]>>;

/** Where the per-language lexicon files live (works from src/ and dist/). */
export const LEXICON_DIR = fileURLToPath(new URL('../data/lexicon/', import.meta.url));

export interface LexiconMatch {
  /** Hits per category, in LEXICON_CATEGORIES order. */
  counts: number[];
  /** The phrases that matched, lower case, in order (for explanations). */
  phrases: string[];
}

export class Lexicon {
  readonly languages: readonly string[];
  private readonly pattern: RegExp | null;
  /** phrase -> bit set of category indexes */
  private readonly categories = new Map<string, number>();

  constructor(data: Record<string, LexiconData>) {
    this.languages = Object.keys(data);
    for (const lang of this.languages) {
      const lists = data[lang]!;
      LEXICON_CATEGORIES.forEach((cat, bit) => {
        for (const raw of lists[cat] ?? []) {
          const phrase = normalise(raw);
          if (phrase) this.categories.set(phrase, (this.categories.get(phrase) ?? 0) | (1 << bit));
        }
      });
    }
    // Longest first, so "leave a reply" wins over "reply" at the same position.
    const phrases = [...this.categories.keys()].sort((a, b) => b.length - a.length);
    this.pattern = phrases.length
      ? new RegExp(`(?<![\\p{L}\\p{N}])(?:${phrases.map(escapeRegExp).join('|')})(?![\\p{L}\\p{N}])`, 'gu')
      : null;
  }

  /** Scan a line once; `lower` must already be lower-cased. */
  match(lower: string): LexiconMatch {
    const counts = new Array<number>(LEXICON_CATEGORIES.length).fill(0);
    const phrases: string[] = [];
    if (this.pattern === null) return { counts, phrases };
    this.pattern.lastIndex = 0;
    for (let m = this.pattern.exec(lower); m !== null; m = this.pattern.exec(lower)) {
      const bits = this.categories.get(m[0]) ?? 0;
      for (let c = 0; c < counts.length; c++) if (bits & (1 << c)) counts[c]! += 1;
      phrases.push(m[0]);
    }
    return { counts, phrases };
  }
}

function normalise(phrase: string): string {
  return phrase.toLowerCase().replace(/\s+/g, ' ').trim();
}

function escapeRegExp(s: string): string {
  // Spaces in a phrase match any run of whitespace.
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/ /g, '\\s+');
}

/** Read the lexicon files of the given languages (all files in LEXICON_DIR by default). */
export function loadLexiconData(languages?: readonly string[], dir = LEXICON_DIR): Record<string, LexiconData> {
  const langs = languages ?? readdirSync(dir).filter((f) => f.endsWith('.json')).map((f) => f.slice(0, -5));
  const out: Record<string, LexiconData> = {};
  for (const lang of langs) {
    out[lang] = JSON.parse(readFileSync(new URL(`${lang}.json`, `file://${dir.endsWith('/') ? dir : dir + '/'}`), 'utf8')) as LexiconData;
  }
  return out;
}

let shared: Lexicon | undefined;
/** The lexicon of every bundled language, built once per process. */
export function defaultLexicon(): Lexicon {
  shared ??= new Lexicon(loadLexiconData());
  return shared;
}
