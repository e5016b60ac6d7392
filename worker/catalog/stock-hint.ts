import { and, eq, ne } from 'drizzle-orm';
import type { Db } from '../db/client';
import { variants } from '../db/schema';

/**
 * Records what the SKU's counter just answered as the variant's "in stock" hint (docs/browse.md).
 * Writes only on a zero <-> positive flip and reports whether it wrote, so the caller bumps the
 * catalog version (and cached listings refresh their facet) only when the hint changed.
 */
export async function recordStockHint(db: Db, sku: string, available: number): Promise<boolean> {
  const inStock = available > 0;
  const flipped = await db
    .update(variants)
    .set({ inStockHint: inStock })
    .where(and(eq(variants.sku, sku), ne(variants.inStockHint, inStock)))
    .returning({ id: variants.id });
  return flipped.length > 0;
}
