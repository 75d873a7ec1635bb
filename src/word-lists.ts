/**
 * The per-language word files of the later stages (data/teasers.json, about.json, lists.json):
 * `{ "<lang>": { "<kind>": ["word", ...] }, "_comment": "..." }`, every language merged into one
 * list per kind. One reader, so each file is checked the same way and a bad one is named.
 */
import { BoilerstripError, type ErrorCode } from './errors.js';

/**
 * Each kind's words, every language merged, lower case and trimmed (a kind a language leaves out
 * is empty). Throws `code` naming `file` and the list that is wrong; `what` names the file's
 * words in the message ("the teaser words").
 */
export function mergeWordLists<K extends string>(data: unknown, kinds: readonly K[], code: ErrorCode, what: string, file: string): Record<K, string[]> {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) throw new BoilerstripError(code, `${what} must be a JSON object of languages`, { file });
  const merged = Object.fromEntries(kinds.map((k) => [k, [] as string[]])) as Record<K, string[]>;
  for (const [lang, entry] of Object.entries(data)) {
    if (lang.startsWith('_')) continue;
    if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) throw new BoilerstripError(code, `"${lang}" must be an object of word lists`, { file });
    for (const kind of kinds) {
      const list: unknown = (entry as Record<string, unknown>)[kind] ?? [];
      if (!Array.isArray(list) || list.some((w) => typeof w !== 'string' || w.trim() === '')) throw new BoilerstripError(code, `"${lang}.${kind}" must be an array of non-empty strings`, { file });
      for (const w of list as string[]) merged[kind].push(w.trim().toLowerCase());
    }
  }
  return merged;
}
