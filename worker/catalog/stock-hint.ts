import { and, eq, ne } from 'drizzle-orm';
import type { Db } from '../db/client';
import { inList } from '../db/in-list';
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

/**
 * The same for many SKUs at once (the bulk stock route): at most two statements, one per direction,
 * however many SKUs. Answers whether any hint flipped.
 */
export async function recordStockHints(db: Db, levels: readonly { sku: string; available: number }[]): Promise<boolean> {
  const flip = async (inStock: boolean) => {
    const skus = levels.filter((level) => level.available > 0 === inStock).map((level) => level.sku);
    if (skus.length === 0) return 0;
    const rows = await db
      .update(variants)
      .set({ inStockHint: inStock })
      .where(
        and(
          inList(variants.sku, skus),
          ne(variants.inStockHint, inStock),
        ),
      )
      .returning({ id: variants.id });
    return rows.length;
  };
  const [on, off] = await Promise.all([flip(true), flip(false)]);
  return on + off > 0;
}
