import { eq, inArray, sql } from 'drizzle-orm';
import type { Money } from '../catalog/types';
import type { Db } from '../db/client';
import { categories, products, variants } from '../db/schema';

/** What a cart line shows and is priced with of its SKU, as D1 has it now. */
export interface SkuListing {
  productSlug: string;
  title: string;
  variantTitle: string;
  categorySlug: string;
  unitPrice: Money;
  weightGrams: number;
}

/**
 * Current price, titles, category and weight of each SKU that still exists, in one D1 query,
 * unexecuted (for a batch). At most 100 SKUs (a cart's line limit), which is also D1's limit on
 * bound parameters.
 */
export const skuListingsQuery = (db: Db, skus: readonly string[]) =>
  db
    .select({
      sku: variants.sku,
      // Aliased: inside a D1 batch rows come back as objects keyed by column name, so two `title`s
      // (or `slug`s) of joined tables would overwrite each other.
      variantTitle: sql<string>`${variants.title}`.as('variant_title'),
      amount: variants.price,
      currency: variants.currency,
      weightGrams: variants.weightGrams,
      productSlug: sql<string>`${products.slug}`.as('product_slug'),
      title: sql<string>`${products.title}`.as('product_title'),
      categorySlug: sql<string>`${categories.slug}`.as('category_slug'),
    })
    .from(variants)
    .innerJoin(products, eq(products.id, variants.productId))
    .innerJoin(categories, eq(categories.id, products.categoryId))
    .where(inArray(variants.sku, skus.length > 0 ? [...skus] : ['']));

type ListingRow = Awaited<ReturnType<typeof skuListingsQuery>>[number];

export const listingsFrom = (rows: ListingRow[]): Map<string, SkuListing> =>
  new Map(
    rows.map((r) => [
      r.sku,
      {
        productSlug: r.productSlug,
        title: r.title,
        variantTitle: r.variantTitle,
        categorySlug: r.categorySlug,
        unitPrice: { amount: r.amount, currency: r.currency },
        weightGrams: r.weightGrams,
      },
    ]),
  );

export async function listSkus(db: Db, skus: readonly string[]): Promise<Map<string, SkuListing>> {
  if (skus.length === 0) return new Map();
  return listingsFrom(await skuListingsQuery(db, skus));
}
