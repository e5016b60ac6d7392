import { eq, inArray } from 'drizzle-orm';
import type { Money } from '../catalog/types';
import type { Db } from '../db/client';
import { products, variants } from '../db/schema';

/** What a cart line shows of its SKU, as D1 has it now. */
export interface SkuListing {
  productSlug: string;
  title: string;
  variantTitle: string;
  unitPrice: Money;
}

/**
 * Current price, titles and product slug of each SKU that still exists, in one D1 query. At most 100
 * SKUs (a cart's line limit), which is also D1's limit on bound parameters.
 */
export async function listSkus(db: Db, skus: readonly string[]): Promise<Map<string, SkuListing>> {
  if (skus.length === 0) return new Map();
  const rows = await db
    .select({
      sku: variants.sku,
      variantTitle: variants.title,
      amount: variants.price,
      currency: variants.currency,
      productSlug: products.slug,
      title: products.title,
    })
    .from(variants)
    .innerJoin(products, eq(products.id, variants.productId))
    .where(inArray(variants.sku, [...skus]));
  return new Map(
    rows.map((r) => [
      r.sku,
      {
        productSlug: r.productSlug,
        title: r.title,
        variantTitle: r.variantTitle,
        unitPrice: { amount: r.amount, currency: r.currency },
      },
    ]),
  );
}
