/**
 * The header of a reader comment or forum post, as a text dump shows it: the commenter's name,
 * often a date, and an attribution verb before a colon ("Priya says:", "Gary M on September 17,
 * 2018 at 8:50 pm said:", "Anna schrieb:"). WordPress themes and most forum software print this
 * line above each comment; in a dump without the DOM it is what tells a thread of long comments
 * from the article above it (the guide labels comments navigation).
 *
 * The verbs are data (data/attribution.json), per language. A line counts only when it is short
 * and the verb closes it before a colon, so "In a statement, the company said:" (a lead-in to a
 * quote) is left alone unless it is as short as a name.
 */
import { readFileSync } from 'node:fs';
import { BoilerstripError } from './errors.js';
import { alternation } from './roles.js';

/** Where the attribution verbs live (works from src/ and dist/). */
export const ATTRIBUTION_FILE = new URL('../data/attribution.json', import.meta.url);

/**
 * Words at most for a line with a date or time to be a comment header ("Gary M on September 17,
 * 2018 at 8:50 pm said:"); longer lines are sentences.
 * @default 14
 */
export const COMMENT_HEADER_MAX_WORDS = 14;
/**
 * Words at most for a line without a date to be a comment header: a name and the verb
 * ("Priya says:", "6ringsandarapist says:", "Gareth O. says:").
 * @default 4
 */
export const COMMENT_HEADER_NAME_WORDS = 4;

/** Builds the header pattern from `{ "<lang>": [verb, ...] }`: a verb closing the line before a colon. */
export function parseAttributionVerbs(data: unknown, file = 'attribution.json'): RegExp {
  if (typeof data !== 'object' || data === null) throw new BoilerstripError('ERR_ATTRIBUTION', 'attribution verbs must be a JSON object', { file });
  const verbs = new Set<string>();
  for (const [lang, list] of Object.entries(data as Record<string, unknown>)) {
    if (lang.startsWith('_')) continue;
    if (!Array.isArray(list) || !list.every((w) => typeof w === 'string' && w.trim().length > 0)) {
      throw new BoilerstripError('ERR_ATTRIBUTION', `"${lang}" must be an array of non-empty strings`, { file });
    }
    for (const w of list as string[]) verbs.add(w.trim().toLowerCase());
  }
  return new RegExp(`(?<![\\p{L}\\p{N}])(?:${alternation(verbs)})\\s*:$`, 'iu');
}

const HEADER_END: RegExp = parseAttributionVerbs(JSON.parse(readFileSync(ATTRIBUTION_FILE, 'utf8')), ATTRIBUTION_FILE.pathname);

/**
 * Whether a trimmed line is a comment header: it ends with an attribution verb and a colon,
 * and is a name (at most COMMENT_HEADER_NAME_WORDS words) or a short line with a date or time.
 */
export function isCommentHeader(trimmed: string, words: number, dated: boolean): boolean {
  if (words === 0 || words > COMMENT_HEADER_MAX_WORDS || trimmed.charCodeAt(trimmed.length - 1) !== 58) return false; // :
  if (words > COMMENT_HEADER_NAME_WORDS && !dated) return false;
  return HEADER_END.test(trimmed);
}
