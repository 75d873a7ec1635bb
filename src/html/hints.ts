/**
 * Boilerplate hints from attribute names: `class="site-footer"`,
 * `id="mainNav"`, `role="navigation"`, `aria-label="Advertisement"`.
 *
 * The vocabulary is data (data/hints.json): a map from a canonical hint to
 * the raw tokens that mean it. Matching is on whole tokens only, so `ad`
 * matches `ad-slot` and `AdUnit` but never `header`, `download` or `shadow`.
 */
import { readFileSync } from 'node:fs';
import { BoilerstripError } from '../errors.js';

/** A parsed hint vocabulary (see data/hints.json). */
export interface HintVocabulary {
  /** Raw lower-case token -> canonical hint. */
  readonly tokens: ReadonlyMap<string, string>;
  /** Class names starting with one of these are taxonomy (`tag-wework`), not layout, and are ignored. */
  readonly skipClassPrefixes: readonly string[];
  /** Hosts of social networks: a link there that is not a share action leads to a profile. */
  readonly socialHosts: readonly string[];
  /** Lower-case URL parts of share actions (`sharer`, `intent/tweet`, `mailto:?`). */
  readonly shareUrlParts: readonly string[];
}

/** What a link's target says about it: a share action on the page, a social profile, or neither. */
export const LINK_OTHER = 0;
export const LINK_SHARE = 1;
export const LINK_SOCIAL = 2;
export type LinkKind = typeof LINK_OTHER | typeof LINK_SHARE | typeof LINK_SOCIAL;

const HOST = /^(?:https?:)?\/\/([^/?#:]+)/i;

/** Classifies an `href`: share endpoints first (they live on social hosts too), then social hosts. */
export function linkKind(href: string, vocabulary: HintVocabulary = DEFAULT_HINT_VOCABULARY): LinkKind {
  const h = href.trim().toLowerCase();
  if (h.length === 0) return LINK_OTHER;
  for (const part of vocabulary.shareUrlParts) if (h.includes(part)) return LINK_SHARE;
  const host = HOST.exec(h)?.[1];
  if (host === undefined) return LINK_OTHER;
  for (const social of vocabulary.socialHosts) {
    if (host === social || host.endsWith('.' + social)) return LINK_SOCIAL;
  }
  return LINK_OTHER;
}

/**
 * Where the default vocabulary lives. Resolved from this module so it works
 * both from src/ (tests) and dist/ (built package): both sit two levels
 * below the package root, next to data/.
 */
export const DEFAULT_HINTS_FILE = new URL('../../data/hints.json', import.meta.url);

/**
 * Splits an attribute value into lower-case word tokens: on every non-letter
 * and at camelCase humps, keeping acronyms together
 * (`mainNav` -> main, nav; `HTMLWidget` -> html, widget; `ad_300x250` -> ad).
 */
export function splitHintTokens(value: string): string[] {
  const out: string[] = [];
  // An upper-case run not followed by a lower-case letter is an acronym;
  // otherwise one optional capital starts a lower-case word.
  for (const m of value.matchAll(/[A-Z]+(?![a-z])|[A-Z]?[a-z]+/g)) out.push(m[0].toLowerCase());
  return out;
}

/**
 * Canonical hints found in one attribute value, deduplicated, in order of
 * first appearance. A token matches on its own, or joined with the next
 * token so that split compounds (`sign-up`, `side_bar`, `adSlot`) still match.
 */
export function matchHints(value: string, vocabulary: HintVocabulary = DEFAULT_HINT_VOCABULARY): string[] {
  const tokens = splitHintTokens(value);
  const out: string[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    addHint(out, vocabulary.tokens.get(token));
    const next = tokens[i + 1];
    if (next !== undefined) addHint(out, vocabulary.tokens.get(token + next));
  }
  return out;
}

/**
 * Canonical hints of a `class` attribute: like {@link matchHints}, after
 * dropping class names that start with a taxonomy prefix. Each class name is
 * matched on its own so a compound never spans two names.
 */
export function matchClassHints(value: string, vocabulary: HintVocabulary = DEFAULT_HINT_VOCABULARY): string[] {
  const out: string[] = [];
  const names = value.split(/\s+/);
  // Utility-first CSS (QA pass 11): `hidden md:block` shows the element from a breakpoint on.
  const shownLater = names.some((name) => RESPONSIVE_DISPLAY.test(name));
  for (const name of names) {
    if (name.length === 0 || vocabulary.skipClassPrefixes.some((prefix) => name.startsWith(prefix))) continue;
    if (OVERFLOW_UTILITY.test(name) || CSS_IN_JS_HASH.test(name) || (shownLater && name === 'hidden')) continue;
    for (const hint of matchHints(name.replace(CSS_MODULE_HASH, ''), vocabulary)) addHint(out, hint);
  }
  return out;
}

/**
 * Tailwind's overflow clipping (`overflow-hidden`, `overflow-x-hidden`), which hides nothing: a
 * story's table in such a wrapper went to navigation on `hint_hidden` (QA pass 11).
 */
const OVERFLOW_UTILITY = /^overflow(?:-[xy])?-hidden$/;
/** A responsive display utility (`md:block`, `lg:flex`): beside it, `hidden` hides on small screens only. */
const RESPONSIVE_DISPLAY = /^(?:sm|md|lg|xl|2xl):(?:block|flex|inline|inline-block|inline-flex|grid|inline-grid|table|contents|flow-root)$/;
/**
 * The hash a CSS-modules build appends to a class (`[name]_[local]__[hash:base64:5]`): five to eight
 * characters after `__`, a capital or a digit among them (a BEM element after `__` is a word).
 * Read as words, `Paragraph_p__Ad3kq` gave `ad` (QA pass 11: a paragraph became an advertisement).
 */
const CSS_MODULE_HASH = /__(?=[^_]*[A-Z0-9])[A-Za-z0-9-]{5,8}$/;
/** A class that is only a CSS-in-JS hash: Emotion's `css-1ad9xq`, styled-components' `sc-bdVaJa`. */
const CSS_IN_JS_HASH = /^(?:css|sc)-[A-Za-z0-9]+$/;

function addHint(out: string[], hint: string | undefined): void {
  if (hint !== undefined && !out.includes(hint)) out.push(hint);
}

/**
 * Builds a vocabulary from its JSON shape:
 * `{ "skipClassPrefixes": [prefix, ...], "hints": { canonical: [token, ...] } }`.
 * Keys starting with `$` are comments. Tokens must be lower-case ASCII
 * letters, since that is all {@link splitHintTokens} produces; anything else
 * could never match and is reported rather than silently ignored.
 */
export function parseHintVocabulary(data: unknown, file?: string): HintVocabulary {
  const fail = (message: string): never => {
    throw new BoilerstripError('ERR_HINTS', message, { file });
  };
  if (!isObject(data)) return fail('hint vocabulary must be a JSON object');
  const { hints, skipClassPrefixes = [], links = {} } = data;
  if (!isObject(hints)) return fail('`hints` must be an object of canonical hint -> token list');
  if (!Array.isArray(skipClassPrefixes) || !skipClassPrefixes.every((p) => typeof p === 'string' && p.length > 0)) {
    return fail('`skipClassPrefixes` must be an array of non-empty strings');
  }
  const tokens = new Map<string, string>();
  for (const [canonical, list] of Object.entries(hints)) {
    if (canonical.startsWith('$')) continue;
    if (!Array.isArray(list)) return fail(`hint \`${canonical}\` must map to an array of tokens`);
    for (const token of list) {
      if (typeof token !== 'string' || !/^[a-z]+$/.test(token)) {
        return fail(`hint \`${canonical}\`: token ${JSON.stringify(token)} is not lower-case letters`);
      }
      const previous = tokens.get(token);
      if (previous !== undefined && previous !== canonical) {
        return fail(`token \`${token}\` maps to both \`${previous}\` and \`${canonical}\``);
      }
      tokens.set(token, canonical);
    }
  }
  if (!isObject(links)) return fail('`links` must be an object with `socialHosts` and `shareUrlParts` arrays');
  const stringList = (key: string): string[] => {
    const list = links[key] ?? [];
    if (!Array.isArray(list) || !list.every((x) => typeof x === 'string' && x.length > 0)) {
      return fail(`\`links.${key}\` must be an array of non-empty strings`);
    }
    return (list as string[]).map((x) => x.toLowerCase());
  };
  return { tokens, skipClassPrefixes: skipClassPrefixes as string[], socialHosts: stringList('socialHosts'), shareUrlParts: stringList('shareUrlParts') };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** Reads and parses a vocabulary file (default: data/hints.json). */
export function loadHintVocabulary(file: string | URL = DEFAULT_HINTS_FILE): HintVocabulary {
  const shown = typeof file === 'string' ? file : file.pathname;
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(file, 'utf8'));
  } catch (cause) {
    throw new BoilerstripError('ERR_HINTS', `cannot read hint vocabulary: ${(cause as Error).message}`, { file: shown }, { cause });
  }
  return parseHintVocabulary(data, shown);
}

/** The vocabulary from data/hints.json, loaded once at import. */
export const DEFAULT_HINT_VOCABULARY: HintVocabulary = loadHintVocabulary();

/** Every canonical hint the default vocabulary can produce. */
export const CANONICAL_HINTS: readonly string[] = [...new Set(DEFAULT_HINT_VOCABULARY.tokens.values())];
