import { describe, expect, it } from 'vitest';
import { toFtsQuery } from './search-query';

describe('toFtsQuery', () => {
  it('turns words into quoted prefix terms', () => {
    expect(toFtsQuery('Hoo fleece')).toBe('"hoo"* "fleece"*');
  });

  it('leaves no FTS5 or SQL syntax behind', () => {
    expect(toFtsQuery('NEAR(a, 2) OR "x" * title:y -z')).toBe('"near"* "a"* "2"* "or"* "x"* "title"* "y"* "z"*');
    expect(toFtsQuery("'); DROP TABLE products; --")).toBe('"drop"* "table"* "products"*');
  });

  it('answers null when nothing searchable is left', () => {
    expect(toFtsQuery('"*^()-')).toBeNull();
    expect(toFtsQuery('')).toBeNull();
  });

  it('bounds the number and length of terms and drops repeats', () => {
    expect(toFtsQuery('a a a b c d e f g h i j k')).toBe('"a"* "b"* "c"* "d"* "e"* "f"* "g"* "h"*');
    expect(toFtsQuery('x'.repeat(100))).toBe(`"${'x'.repeat(40)}"*`);
  });

  it('keeps letters of any script and folds compatibility forms', () => {
    expect(toFtsQuery('Ｔシャツ café')).toBe('"tシャツ"* "café"*');
  });
});
