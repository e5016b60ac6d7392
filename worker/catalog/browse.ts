import { and, asc, count, countDistinct, desc, eq, exists, gte, inArray, lt, lte, sql, type SQL } from 'drizzle-orm';
import { alias, type SQLiteColumn, type SQLiteTable } from 'drizzle-orm/sqlite-core';
import type { Db } from '../db/client';
import { categories, products, variantOptions, variants } from '../db/schema';
import { productsFts } from '../db/search-index';
import { OPTION_FACETS, type BrowseQuery, type FacetName, type Facets, type OptionFacet } from './browse-query';
import { orderFacetValues } from './facet-order';
import { toFtsQuery } from './search-query';

/**
 * Faceted browse: one page of product docs, the total and every facet's counts, in ONE D1 round trip
 * (`db.batch`). Facets combine as OR within a facet and AND across facets; each facet's counts apply
 * every other facet's filter but not its own, so a shopper sees what ticking another box would give.
 *
 * Variant facets (size, colour, in stock) must hold on one variant together: "size M, in stock" means
 * an M that is in stock, not a product with some M and some other in-stock size.
 */

export interface BrowsePage {
  docs: string[];
  /** Ids of `docs`, for keyset cursors. */
  ids: number[];
  total: number;
  facets: Facets;
  /** Another row follows this page. */
  hasMore: boolean;
}

/** A product's price: its lowest variant price, what listings show as "from". */
const lowestPrice = sql<number>`(select min(${variants.price}) from ${variants} where ${variants.productId} = ${products.id})`;

type Except = FacetName | null;
/** The columns of `variants` (or an alias of it) the facet conditions read. */
type VariantRow = { id: SQLiteColumn; inStockHint: SQLiteColumn };

/** Conditions on one variant row `v`: the option facets and the in-stock hint. */
function variantConds(db: Db, v: VariantRow, query: BrowseQuery, except: Except): SQL[] {
  const conds: SQL[] = [];
  for (const facet of Object.keys(OPTION_FACETS) as OptionFacet[]) {
    const values = query[facet];
    if (facet === except || values.length === 0) continue;
    const o = alias(variantOptions, `o_${facet}`);
    conds.push(
      exists(
        selectOne(db, o, and(eq(o.variantId, v.id), eq(o.name, OPTION_FACETS[facet]), inArray(o.value, values))!),
      ),
    );
  }
  if (query.inStock && except !== 'inStock') conds.push(eq(v.inStockHint, true));
  return conds;
}

const selectOne = (db: Db, table: SQLiteTable, where: SQL) =>
  db.select({ one: sql`1` }).from(table).where(where);

/** Conditions on the product alone: text, category, price. */
function productConds(db: Db, query: BrowseQuery, match: string | null, except: Except): SQL[] {
  const conds: SQL[] = [];
  if (match !== null) {
    conds.push(
      inArray(products.id, db.select({ id: productsFts.rowid }).from(productsFts).where(sql`${productsFts} match ${match}`)),
    );
  }
  if (query.category.length > 0 && except !== 'category') {
    conds.push(
      inArray(
        products.categoryId,
        db.select({ id: categories.id }).from(categories).where(inArray(categories.slug, query.category)),
      ),
    );
  }
  if (query.minPrice !== undefined) conds.push(gte(lowestPrice, query.minPrice));
  if (query.maxPrice !== undefined) conds.push(lte(lowestPrice, query.maxPrice));
  return conds;
}

/** Everything a product must satisfy, its variant facets folded into one `exists` over its variants. */
function matchConds(db: Db, query: BrowseQuery, match: string | null, except: Except): SQL[] {
  const v = alias(variants, 'mv');
  const onVariant = variantConds(db, v, query, except);
  const conds = productConds(db, query, match, except);
  if (onVariant.length > 0) conds.push(exists(selectOne(db, v, and(eq(v.productId, products.id), ...onVariant)!)));
  return conds;
}

function itemsQuery(db: Db, query: BrowseQuery, match: string | null) {
  const where = and(...matchConds(db, query, match, null), query.after !== undefined ? lt(products.id, query.after) : undefined);
  const order: SQL[] =
    query.sort === 'price_asc'
      ? [asc(lowestPrice), desc(products.id)]
      : query.sort === 'price_desc'
        ? [desc(lowestPrice), desc(products.id)]
        : query.sort === 'relevance' && match !== null
          ? [sql`(select bm25(${productsFts}, 10.0, 1.0) from ${productsFts} where ${productsFts} match ${match} and ${productsFts.rowid} = ${products.id})`, desc(products.id)]
          : [desc(products.id)];
  return db
    .select({ id: products.id, doc: products.doc })
    .from(products)
    .where(where)
    .orderBy(...order)
    .limit(query.limit + 1)
    .offset(query.after === undefined ? query.offset : 0);
}

function optionCounts(db: Db, query: BrowseQuery, match: string | null, facet: OptionFacet) {
  const o = alias(variantOptions, 'fo');
  const v = alias(variants, 'fv');
  return db
    .select({ value: o.value, count: countDistinct(o.productId) })
    .from(o)
    .innerJoin(v, eq(v.id, o.variantId))
    .innerJoin(products, eq(products.id, o.productId))
    .where(and(eq(o.name, OPTION_FACETS[facet]), ...variantConds(db, v, query, facet), ...productConds(db, query, match, facet)))
    .groupBy(o.value);
}

function categoryCounts(db: Db, query: BrowseQuery, match: string | null) {
  return db
    .select({ value: categories.slug, count: count() })
    .from(products)
    .innerJoin(categories, eq(categories.id, products.categoryId))
    .where(and(...matchConds(db, query, match, 'category')))
    .groupBy(categories.slug);
}

const totalOf = (db: Db, query: BrowseQuery, match: string | null) =>
  db.select({ value: sql<string>`'1'`, count: count() }).from(products).where(and(...matchConds(db, query, match, null)));

/** The page, total and facets for `query`; an unsearchable `q` (only punctuation) matches nothing. */
export async function browseProducts(db: Db, query: BrowseQuery): Promise<BrowsePage> {
  const searching = query.q !== undefined && query.q.trim() !== '';
  const match = searching ? toFtsQuery(query.q ?? '') : null;
  if (searching && match === null) return { docs: [], ids: [], total: 0, facets: emptyFacets(), hasMore: false };
  const inStockQuery: BrowseQuery = { ...query, inStock: true };
  const [items, total, category, size, colour, inStock] = await db.batch([
    itemsQuery(db, query, match),
    totalOf(db, query, match),
    categoryCounts(db, query, match),
    optionCounts(db, query, match, 'size'),
    optionCounts(db, query, match, 'colour'),
    totalOf(db, inStockQuery, match),
  ]);
  const page = items.slice(0, query.limit);
  return {
    docs: page.flatMap((row) => row.doc ?? []),
    ids: page.map((row) => row.id),
    total: total[0]?.count ?? 0,
    facets: {
      category: orderFacetValues('category', category),
      size: orderFacetValues('size', size),
      colour: orderFacetValues('colour', colour),
      inStock: inStock.map(({ value, count }) => ({ value, count })),
    },
    hasMore: items.length > query.limit,
  };
}

const emptyFacets = (): Facets => ({ category: [], size: [], colour: [], inStock: [{ value: '1', count: 0 }] });
