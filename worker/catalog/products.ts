import { and, asc, desc, eq, inArray, lt, sql, type Placeholder, type SQL } from 'drizzle-orm';
import type { Db } from '../db/client';
import { products, productImages, variants } from '../db/schema';
import { productsFts } from '../db/search-index';
import { encodeCursor, type Cursor } from './cursor';
import { toFtsQuery } from './search-query';
import type { Product, ProductPage } from './types';

/**
 * Catalog reads. Each function costs exactly one D1 round trip: a Drizzle relational query compiles
 * to one SQL statement with JSON sub-selects, and search is one `db.batch`.
 */

// Only the columns a Product needs: every extra column is JSON that D1 builds and we parse.
const productColumns = { id: true, slug: true, title: true, description: true, featured: true, updatedAt: true } as const;
const withRelations = {
  category: { columns: { slug: true, name: true, description: true } as const },
  variants: {
    columns: { sku: true, title: true, options: true, price: true, currency: true } as const,
    orderBy: [asc(variants.position), asc(variants.id)],
  },
  images: {
    columns: { key: true, alt: true, width: true, height: true } as const,
    orderBy: [asc(productImages.position), asc(productImages.id)],
  },
};

/**
 * Drizzle rebuilds a relational query's SQL on every call; building each query shape once per handle
 * (values as placeholders) took a fifth of an uncached product page's JavaScript (bench/RESULTS.md).
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
    db.query.products
      .findFirst({ columns: productColumns, where: eq(products.slug, sql.placeholder('slug')), with: withRelations })
      .prepare(),
  );

type ProductRow = NonNullable<Awaited<ReturnType<ReturnType<typeof bySlug>['execute']>>>;

export function toProduct(row: ProductRow): Product {
  const prices = row.variants.map((v) => v.price);
  const currency = row.variants[0]?.currency ?? 'usd';
  return {
    id: row.id,
    slug: row.slug,
    title: row.title,
    description: row.description,
    category: row.category,
    featured: row.featured,
    price: { amount: prices.length ? Math.min(...prices) : 0, currency },
    images: row.images,
    variants: row.variants.map((v) => ({
      sku: v.sku,
      title: v.title,
      options: v.options,
      price: { amount: v.price, currency: v.currency },
    })),
    updatedAt: new Date(row.updatedAt).toISOString(),
  };
}

export async function findProductBySlug(db: Db, slug: string): Promise<Product | null> {
  const row = await bySlug(db).execute({ slug });
  return row ? toProduct(row) : null;
}

export interface ListOptions {
  limit: number;
  /** API walks pass the cursor; HTML pages pass a plain offset (`?page=`). */
  cursor?: Cursor | undefined;
  offset?: number | undefined;
  category?: string | undefined;
  q?: string | undefined;
}

const offsetOf = (opts: ListOptions) =>
  opts.cursor && 'offset' in opts.cursor ? opts.cursor.offset : (opts.offset ?? 0);

// Plain SQL names inside the sub-select: relational queries re-alias every column reference in
// `where` to the root table, which would turn `categories.id` into `products.id`.
const inCategory = (slug: string | Placeholder, alias?: string): SQL =>
  sql`${alias ? sql.raw(`${alias}.category_id`) : products.categoryId} = (select cat.id from categories cat where cat.slug = ${slug})`;

const browse = (db: Db, keyset: boolean, category: boolean) =>
  preparedOnce(db, `browse:${keyset}:${category}`, () =>
    db.query.products
      .findMany({
        columns: productColumns,
        where: and(
          keyset ? lt(products.id, sql.placeholder('after')) : undefined,
          category ? inCategory(sql.placeholder('category')) : undefined,
        ),
        orderBy: desc(products.id),
        limit: sql.placeholder('limit'),
        offset: sql.placeholder('offset'),
        with: withRelations,
      })
      .prepare(),
  );

/** Newest first, keyset on id; or, with `q`, bm25-ranked with the title weighted 10x the description. */
export async function listProducts(db: Db, opts: ListOptions): Promise<ProductPage> {
  if (opts.q !== undefined && opts.q.trim() !== '') return searchProducts(db, opts);
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
    items: page.map(toProduct),
    nextCursor: rows.length > opts.limit && last ? encodeCursor({ v: 1, after: last.id }) : null,
  };
}

async function searchProducts(db: Db, opts: ListOptions): Promise<ProductPage> {
  const match = toFtsQuery(opts.q ?? '');
  if (!match) return { items: [], nextCursor: null };
  const offset = offsetOf(opts);
  const ranked = db
    .select({ rowid: productsFts.rowid })
    .from(productsFts)
    .where(
      and(
        sql`${productsFts} match ${match}`,
        opts.category
          ? sql`${productsFts.rowid} in (select p.id from products p where ${inCategory(opts.category, 'p')})`
          : undefined,
      ),
    )
    .orderBy(sql`bm25(${productsFts}, 10.0, 1.0)`, asc(productsFts.rowid))
    .limit(opts.limit + 1)
    .offset(offset);
  // The same ranked id list twice in one round trip: once for the order, once to load the rows.
  const [hits, rows] = await db.batch([
    ranked,
    db.query.products.findMany({ columns: productColumns, where: inArray(products.id, ranked), with: withRelations }),
  ]);
  const byId = new Map(rows.map((row) => [row.id, row]));
  const ordered = hits.flatMap(({ rowid }) => byId.get(rowid) ?? []);
  const more = hits.length > opts.limit;
  return {
    items: ordered.slice(0, opts.limit).map(toProduct),
    nextCursor: more ? encodeCursor({ v: 1, offset: offset + opts.limit }) : null,
  };
}

const featured = (db: Db) =>
  preparedOnce(db, 'featured', () =>
    db.query.products
      .findMany({
        columns: productColumns,
        where: eq(products.featured, true),
        orderBy: asc(products.id),
        limit: sql.placeholder('limit'),
        with: withRelations,
      })
      .prepare(),
  );

export async function listFeatured(db: Db, limit = 8): Promise<Product[]> {
  return (await featured(db).execute({ limit })).map(toProduct);
}
