import { asc, eq, sql } from 'drizzle-orm';
import type { Db } from '../db/client';
import { products } from '../db/schema';
import type { Product } from './types';

/**
 * Product reads (listings are in browse.ts): one D1 statement each, reading `products.doc`, the
 * product's shopper JSON kept current by triggers (migrations/0003_product_docs.sql). The API passes the JSON text through
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
