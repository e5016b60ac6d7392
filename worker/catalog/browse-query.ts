import * as z from 'zod';
import { slugSchema } from './slug';

/**
 * The browse parameters shared by `GET /api/products` and `GET /products`: sort, facets, price range.
 * Facet values repeat (`size=M&size=L`), are ORed within a facet and ANDed across facets; they are
 * normalised (deduplicated, sorted) here so equal filters give equal cache keys.
 */

export const SORTS = ['relevance', 'price_asc', 'price_desc', 'newest'] as const;
export type Sort = (typeof SORTS)[number];

/** Facets over variant options: the public name and the option key it reads in `variants.options`. */
export const OPTION_FACETS = { size: 'size', colour: 'color' } as const;
export type OptionFacet = keyof typeof OPTION_FACETS;

export const FACET_NAMES = ['category', 'size', 'colour', 'inStock'] as const;
export type FacetName = (typeof FACET_NAMES)[number];

export interface FacetCount {
  value: string;
  count: number;
}
export type Facets = Record<FacetName, FacetCount[]>;

/** At most this many values per facet; D1 binds at most 100 parameters per statement. */
export const MAX_FACET_VALUES = 20;
/** Prices are integer minor units (cents), like every amount in the API. */
export const MAX_PRICE = 100_000_000;

/** Option values as the catalog spells them ("M", "S/M", "Heather Grey"); no quotes, operators or controls. */
export const facetValueSchema = z
  .string()
  .max(40)
  .regex(/^[\p{L}\p{N}][\p{L}\p{N} ./&+-]*$/u, 'letters, digits, spaces and . / & + -');

const repeatable = <T extends z.ZodType<string>>(item: T) =>
  z
    .union([item, z.array(item).max(MAX_FACET_VALUES, `at most ${MAX_FACET_VALUES} values`)])
    .optional()
    .transform((value) => [...new Set(value === undefined ? [] : Array.isArray(value) ? value : [value])].sort());

/** An empty form field (a blank price box) means "no bound". */
const price = z
  .string()
  .regex(/^(\d{1,9})?$/, 'a whole number of minor units (cents), 0 or more')
  .transform((raw) => (raw === '' ? undefined : Number(raw)))
  .pipe(z.number().int().min(0).max(MAX_PRICE).optional())
  .optional();

export const browseFields = {
  q: z.string().max(200).optional(),
  sort: z.enum(SORTS).default('relevance'),
  category: repeatable(slugSchema),
  size: repeatable(facetValueSchema),
  colour: repeatable(facetValueSchema),
  minPrice: price,
  maxPrice: price,
  inStock: z
    .enum(['1', ''])
    .optional()
    .transform((raw) => raw === '1'),
};

export interface BrowseFilters {
  q?: string | undefined;
  sort: Sort;
  category: string[];
  size: string[];
  colour: string[];
  minPrice?: number | undefined;
  maxPrice?: number | undefined;
  inStock: boolean;
}

export interface BrowseQuery extends BrowseFilters {
  limit: number;
  offset: number;
  /** Keyset: only ids below this (newest-first walks). */
  after?: number | undefined;
}

/** Refinement shared by both schemas: a range that is empty by construction is a mistake, not a search. */
export const priceRangeIsOrdered = (value: { minPrice?: number | undefined; maxPrice?: number | undefined }) =>
  value.minPrice === undefined || value.maxPrice === undefined || value.minPrice <= value.maxPrice;

export const priceRangeIssue = { message: 'minPrice must not exceed maxPrice', path: ['minPrice'] };

/** Walks sorted by id can use keyset cursors; others page by offset. */
export const usesKeyset = (filters: Pick<BrowseFilters, 'sort' | 'q'>) =>
  filters.sort === 'newest' || (filters.sort === 'relevance' && !filters.q?.trim());

/**
 * The filters as a canonical query string: fixed parameter order, defaults and empty values left out.
 * Pages use it for their links, canonical URL and edge-cache key.
 */
export function browseSearchParams(filters: Partial<BrowseFilters>, page = 1): URLSearchParams {
  const search = new URLSearchParams();
  const q = filters.q?.trim();
  if (q) search.set('q', q);
  for (const name of ['category', 'size', 'colour'] as const) {
    for (const value of [...new Set(filters[name] ?? [])].sort()) search.append(name, value);
  }
  if (filters.minPrice !== undefined) search.set('minPrice', String(filters.minPrice));
  if (filters.maxPrice !== undefined) search.set('maxPrice', String(filters.maxPrice));
  if (filters.inStock) search.set('inStock', '1');
  if (filters.sort && filters.sort !== 'relevance') search.set('sort', filters.sort);
  if (page > 1) search.set('page', String(page));
  return search;
}
