import type { FacetCount, FacetName } from './browse-query';

/** Sizes as a shopper reads them: smallest first, letters (XS…XXL, S/M) before numbers. */
const LETTER_SIZES = ['XXS', 'XS', 'S', 'S/M', 'M', 'L', 'L/XL', 'XL', 'XXL', 'XXXL'];

function sizeRank(value: string): [number, number, string] {
  const letter = LETTER_SIZES.indexOf(value.toUpperCase());
  if (letter >= 0) return [0, letter, value];
  const n = Number.parseFloat(value);
  return Number.isFinite(n) ? [1, n, value] : [2, 0, value];
}

function bySize(a: FacetCount, b: FacetCount): number {
  const [ga, na, va] = sizeRank(a.value);
  const [gb, nb, vb] = sizeRank(b.value);
  return ga - gb || na - nb || va.localeCompare(vb);
}

/** Facet values in display order (sizes by size, the rest alphabetically), as plain `{ value, count }`. */
export function orderFacetValues(facet: FacetName, rows: FacetCount[]): FacetCount[] {
  const plain = rows.map(({ value, count }) => ({ value, count }));
  return plain.sort(facet === 'size' ? bySize : (a, b) => a.value.localeCompare(b.value));
}
