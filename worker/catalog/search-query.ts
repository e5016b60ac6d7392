/**
 * Turns shopper text into an FTS5 query that can only ever mean "all these words, as prefixes".
 * Shopper text never reaches FTS5 syntax raw: only letter/digit runs survive, each becomes a quoted
 * prefix phrase, so quotes, `NEAR(`, `*`, `OR`, column filters and SQL fragments are inert.
 * Returns null when nothing searchable is left.
 *
 * @example
 * toFtsQuery('hoo "NEAR(x') // => '"hoo"* "near"* "x"*'
 */
export function toFtsQuery(text: string, maxTerms = 8): string | null {
  const terms = text
    .normalize('NFKC')
    .toLowerCase()
    .match(/[\p{L}\p{N}]+/gu);
  if (!terms) return null;
  const unique = [...new Set(terms.map((term) => term.slice(0, 40)))].slice(0, maxTerms);
  return unique.map((term) => `"${term}"*`).join(' ');
}
