import { InvalidInputError } from '../common/domain-error';
import { containsPattern } from '../common/sql-like';

/** Letters that carry no combining mark to strip, spelled as people type them without it. */
const PLAIN_LETTERS: Record<string, string> = { ß: 'ss', æ: 'ae', œ: 'oe', ø: 'o', đ: 'd', ð: 'd', ł: 'l', ı: 'i', þ: 'th' };
const APOSTROPHES = /[\u2018\u2019\u02bc\u0060\u00b4]/g;

/**
 * Text as search compares it: typographic apostrophes made plain, lower-cased,
 * compatibility-decomposed (NFKD), combining marks (accents, the Gaelic grave) removed and
 * spaces collapsed.
 * "Òran MacÌomhair", "oran macìomhair" and "ORAN MACIOMHAIR" all give "oran maciomhair". Done
 * here rather than in SQL because SQLite's lower() and LIKE fold ASCII letters only.
 */
export function foldForSearch(text: string): string {
  return text
    .replace(APOSTROPHES, "'")
    .toLowerCase()
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .replace(/[ßæœøđðłıþ]/g, (letter) => PLAIN_LETTERS[letter])
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * What `person.searchText` holds: the folded name, a line break, the folded e-mail address.
 * Folding turns every line break into a space, so the one left marks where the name ends.
 * Null for an erased person, who can no longer be found.
 */
export function personSearchText(person: { name: string | null; email: string | null }): string | null {
  if (person.name === null && person.email === null) return null;
  return `${foldForSearch(person.name ?? '')}\n${foldForSearch(person.email ?? '')}`;
}

/** `searchText LIKE … ESCAPE '\'` patterns for a folded search term. */
export function searchTextPatterns(term: string): { anywhere: string; inName: string } {
  const anywhere = containsPattern(term);
  return { anywhere, inName: `${anywhere}\n%` };
}

/** The folded form of a `q` parameter: 400 when fewer than 2 characters are left to search for. */
export function searchTermOf(q: string): string {
  const term = foldForSearch(q);
  if (term.length < 2) {
    throw new InvalidInputError('The search is too short.', [{ field: 'q', message: 'q must hold at least 2 letters or digits' }]);
  }
  return term;
}
