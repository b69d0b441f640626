/** The escape character used with every LIKE pattern built here (`… LIKE :q ESCAPE '\'`). */
export const LIKE_ESCAPE = '\\';

/**
 * A lower-case "contains" pattern for `LOWER(column) LIKE :pattern ESCAPE '\'`, with the
 * caller's `%`, `_` and `\` taken literally. Works the same on SQLite and PostgreSQL.
 */
export function containsPattern(text: string): string {
  return `%${text.toLowerCase().replace(/[\\%_]/g, (c) => LIKE_ESCAPE + c)}%`;
}
