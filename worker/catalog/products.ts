import { and, asc, desc, eq, lt, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../db/client';
import { products } from '../db/schema';
import { productsFts } from '../db/search-index';
import { encodeCursor, type Cursor } from './cursor';
import { toFtsQuery } from './search-query';
import type { Product, ProductPage } from './types';

/**
 * Catalog reads: one D1 statement each, reading `products.doc`, the product's shopper JSON kept
 * current by triggers (migrations/0003_product_docs.sql). The API passes the JSON text through
 * untouched; pages parse it.
 */

/**
 * Drizzle rebuilds a query's SQL on every call; each shape is built once per handle with its values
 * as placeholders (bench/RESULTS.md).
 */
const shapes = new WeakMap<Db, Map<string, unknown>>();
function preparedOnce<T>(db: Db, shape: string, build: () => T): T {
  let byShape = shapes.get(db);
  if (!byShape) shapes.set(db, (byShape = new Map()));
  if (!byShape.has(shape)) byShape.set(shape, build());
  return byShape.get(shape) as T;
}

const bySlug = (db: Db) =>
  preparedOnce(db, 'slug', () =>
    db.select({ doc: products.doc }).from(products).where(eq(products.slug, sql.placeholder('slug'))).prepare(),
  );

/** The product's JSON text, exactly as `GET /api/products/:slug` answers it, or null. */
export async function findProductDoc(db: Db, slug: string): Promise<string | null> {
  const [row] = await bySlug(db).execute({ slug });
  return row?.doc ?? null;
}

export async function findProductBySlug(db: Db, slug: string): Promise<Product | null> {
  const doc = await findProductDoc(db, slug);
  return doc === null ? null : (JSON.parse(doc) as Product);
}

export interface ListOptions {
  limit: number;
  /** API walks pass the cursor; HTML pages pass a plain offset (`?page=`). */
  cursor?: Cursor | undefined;
  offset?: number | undefined;
  category?: string | undefined;
  q?: string | undefined;
}

/** A page of products as JSON texts, plus the cursor of the next page. */
export interface DocPage {
  docs: string[];
  nextCursor: string | null;
}

const offsetOf = (opts: ListOptions) =>
  opts.cursor && 'offset' in opts.cursor ? opts.cursor.offset : (opts.offset ?? 0);

const inCategory = (slug: unknown): SQL =>
  sql`${products.categoryId} = (select cat.id from categories cat where cat.slug = ${slug})`;

const browse = (db: Db, keyset: boolean, category: boolean) =>
  preparedOnce(db, `browse:${keyset}:${category}`, () =>
    db
      .select({ id: products.id, doc: products.doc })
      .from(products)
      .where(
        and(
          keyset ? lt(products.id, sql.placeholder('after')) : undefined,
          category ? inCategory(sql.placeholder('category')) : undefined,
        ),
      )
      .orderBy(desc(products.id))
      .limit(sql.placeholder('limit'))
      .offset(sql.placeholder('offset'))
      .prepare(),
  );

/** Newest first, keyset on id; or, with `q`, bm25-ranked with the title weighted 10x the description. */
export async function listProductDocs(db: Db, opts: ListOptions): Promise<DocPage> {
  if (opts.q !== undefined && opts.q.trim() !== '') return searchProductDocs(db, opts);
  const after = opts.cursor && 'after' in opts.cursor ? opts.cursor.after : undefined;
  const rows = await browse(db, after !== undefined, opts.category !== undefined).execute({
    after,
    category: opts.category,
    limit: opts.limit + 1,
    offset: after === undefined ? offsetOf(opts) : 0,
  });
  const page = rows.slice(0, opts.limit);
  const last = page.at(-1);
  return {
    docs: page.flatMap((row) => row.doc ?? []),
    nextCursor: rows.length > opts.limit && last ? encodeCursor({ v: 1, after: last.id }) : null,
  };
}

async function searchProductDocs(db: Db, opts: ListOptions): Promise<DocPage> {
  const match = toFtsQuery(opts.q ?? '');
  if (!match) return { docs: [], nextCursor: null };
  const offset = offsetOf(opts);
  const rows = await db
    .select({ doc: products.doc })
    .from(productsFts)
    .innerJoin(products, eq(products.id, productsFts.rowid))
    .where(and(sql`${productsFts} match ${match}`, opts.category ? inCategory(opts.category) : undefined))
    .orderBy(sql`bm25(${productsFts}, 10.0, 1.0)`, asc(productsFts.rowid))
    .limit(opts.limit + 1)
    .offset(offset);
  return {
    docs: rows.slice(0, opts.limit).flatMap((row) => row.doc ?? []),
    nextCursor: rows.length > opts.limit ? encodeCursor({ v: 1, offset: offset + opts.limit }) : null,
  };
}

/** The contract's `{ items, nextCursor }`, assembled from the stored JSON without re-serialising it. */
export const docPageJson = (page: DocPage) =>
  `{"items":[${page.docs.join(',')}],"nextCursor":${page.nextCursor === null ? 'null' : JSON.stringify(page.nextCursor)}}`;

export async function listProducts(db: Db, opts: ListOptions): Promise<ProductPage> {
  const page = await listProductDocs(db, opts);
  return { items: page.docs.map((doc) => JSON.parse(doc) as Product), nextCursor: page.nextCursor };
}

const featured = (db: Db) =>
  preparedOnce(db, 'featured', () =>
    db
      .select({ doc: products.doc })
      .from(products)
      .where(eq(products.featured, true))
      .orderBy(asc(products.id))
      .limit(sql.placeholder('limit'))
      .prepare(),
  );

export async function listFeatured(db: Db, limit = 8): Promise<Product[]> {
  const rows = await featured(db).execute({ limit });
  return rows.flatMap((row) => (row.doc ? [JSON.parse(row.doc) as Product] : []));
}
