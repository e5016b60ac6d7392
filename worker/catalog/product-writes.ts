import { eq, sql, type SQL } from 'drizzle-orm';
import type { BatchItem } from 'drizzle-orm/batch';
import type { Db } from '../db/client';
import { categories, productImages, products, variants } from '../db/schema';
import { ApiError, invalidRequest } from '../http/errors';
import type { ProductInput } from './product-input';
import { findProductBySlug } from './products';
import type { Product } from './types';

/** What a variant row keeps of its stock across an edit that rewrites the product's variants. */
type StockHintRow = Pick<typeof variants.$inferSelect, 'inStockHint' | 'stockBand' | 'stockHintVersion'>;

/**
 * Admin catalog writes. Each write is one `db.batch` (D1 runs a batch as one transaction), so a
 * product never exists without its variants and a failed write leaves nothing behind.
 */

// D1 binds at most 100 parameters per statement.
const MAX_PARAMS = 100;
const chunk = <T>(rows: T[], columns: number): T[][] => {
  const size = Math.floor(MAX_PARAMS / columns);
  return Array.from({ length: Math.ceil(rows.length / size) }, (_, i) => rows.slice(i * size, (i + 1) * size));
};

/**
 * `hints`: the stock hints of the variants being replaced, by SKU, so an edit keeps what the counters
 * last reported (stock-hint.ts, hint-messages.ts) instead of marking every variant out of stock and
 * forgetting its band.
 */
function childRows(
  db: Db,
  productId: number | SQL,
  input: ProductInput,
  hints = new Map<string, StockHintRow>(),
): BatchItem<'sqlite'>[] {
  const variantRows = input.variants.map((v, position) => ({
    ...(hints.get(v.sku) ?? { inStockHint: false, stockBand: null, stockHintVersion: 0 }),
    productId,
    sku: v.sku,
    title: v.title,
    options: v.options,
    price: v.price.amount,
    currency: v.price.currency,
    position,
  }));
  const imageRows = input.images.map((image, position) => ({ productId, ...image, position }));
  return [
    ...chunk(variantRows, 8).map((rows) => db.insert(variants).values(rows)),
    ...chunk(imageRows, 6).map((rows) => db.insert(productImages).values(rows)),
  ];
}

async function categoryId(db: Db, slug: string): Promise<number> {
  const found = await db.select({ id: categories.id }).from(categories).where(eq(categories.slug, slug)).get();
  if (!found) throw invalidRequest('Unknown category', [{ path: 'category', message: 'no such category' }]);
  return found.id;
}

/** A unique-constraint failure is the client's conflict (a taken slug or SKU), not our 500. */
async function runBatch(db: Db, statements: BatchItem<'sqlite'>[]): Promise<void> {
  try {
    await db.batch(statements as [BatchItem<'sqlite'>, ...BatchItem<'sqlite'>[]]);
  } catch (err) {
    const match = /UNIQUE constraint failed: (\w+)\.(\w+)/.exec(String((err as Error)?.message ?? err));
    if (match) throw new ApiError('conflict', `That ${match[2]} is already used by another product`);
    throw err;
  }
}

async function load(db: Db, slug: string): Promise<Product> {
  const product = await findProductBySlug(db, slug);
  if (!product) throw new ApiError('not_found', 'No product with that id');
  return product;
}

export async function createProduct(db: Db, input: ProductInput): Promise<Product> {
  const category = await categoryId(db, input.category);
  const id = sql`(select ${products.id} from ${products} where ${products.slug} = ${input.slug})`;
  await runBatch(db, [
    db.insert(products).values({
      slug: input.slug,
      title: input.title,
      description: input.description,
      categoryId: category,
      featured: input.featured,
    }),
    ...childRows(db, id, input),
  ]);
  return load(db, input.slug);
}

export async function updateProduct(db: Db, id: number, input: ProductInput): Promise<Product> {
  const [existing, category, hints] = await Promise.all([
    db.select({ id: products.id }).from(products).where(eq(products.id, id)).get(),
    categoryId(db, input.category),
    db.select({ sku: variants.sku, inStockHint: variants.inStockHint, stockBand: variants.stockBand, stockHintVersion: variants.stockHintVersion }).from(variants).where(eq(variants.productId, id)),
  ]);
  if (!existing) throw new ApiError('not_found', 'No product with that id');
  await runBatch(db, [
    db
      .update(products)
      .set({
        slug: input.slug,
        title: input.title,
        description: input.description,
        categoryId: category,
        featured: input.featured,
        updatedAt: sql`(unixepoch('subsec') * 1000)`,
      })
      .where(eq(products.id, id)),
    db.delete(variants).where(eq(variants.productId, id)),
    db.delete(productImages).where(eq(productImages.productId, id)),
    ...childRows(db, id, input, new Map(hints.map((h) => [h.sku, h]))),
  ]);
  return load(db, input.slug);
}

export async function deleteProduct(db: Db, id: number): Promise<void> {
  const deleted = await db.delete(products).where(eq(products.id, id)).returning({ id: products.id });
  if (deleted.length === 0) throw new ApiError('not_found', 'No product with that id');
}
