import * as z from 'zod';
import { INVENTORY_LIMITS } from '../../durable-objects/inventory-counter';
import type { Db } from '../db/client';
import { inList } from '../db/in-list';
import { variants } from '../db/schema';
import { ApiError } from '../http/errors';
import { recordStockHints } from '../catalog/stock-hint';
import { bumpCatalogVersion } from '../catalog/version';
import { skuSchema } from './schemas';
import { stockLayout, stockOf } from '../inventory/stock-layout';

/**
 * Admin stock counts. Stock on hand lives in each SKU's counter (never in D1); the SKU must exist in
 * the catalog, and a bulk write checks every SKU before it touches any counter.
 */

/** Well within Workers' per-request subrequest limit (each SKU is one counter call). */
export const MAX_BULK_STOCK_ITEMS = 500;

const onHand = z.number().int('a whole number').min(0).max(INVENTORY_LIMITS.onHandMax);

export const stockInputSchema = z.object({ onHand }).strict();

export const bulkStockInputSchema = z
  .object({
    items: z
      .array(z.object({ sku: skuSchema, onHand }).strict())
      .min(1)
      .max(MAX_BULK_STOCK_ITEMS)
      .refine((items) => new Set(items.map((item) => item.sku)).size === items.length, 'each SKU at most once'),
  })
  .strict();
export type BulkStockInput = z.infer<typeof bulkStockInputSchema>;

export interface StockLevel {
  sku: string;
  onHand: number;
  available: number;
}

/** Refuses with 404 naming every SKU the catalog does not have; one D1 query however many SKUs. */
export async function requireKnownSkus(db: Db, skus: readonly string[]): Promise<void> {
  const rows = await db
    .select({ sku: variants.sku })
    .from(variants)
    .where(inList(variants.sku, skus));
  const known = new Set(rows.map((row) => row.sku));
  const unknown = skus.filter((sku) => !known.has(sku));
  if (unknown.length === 1) throw new ApiError('not_found', 'No variant with that SKU', { skus: unknown });
  if (unknown.length > 1) throw new ApiError('not_found', `No variant with ${unknown.length} of these SKUs`, { skus: unknown });
}

/**
 * Sets each SKU's shelf count in its counter, all counters at once, then records the listings' "in
 * stock" hints (docs/browse.md): a hint that flipped bumps the catalog version once, for the batch.
 */
export async function setStock(env: Env, db: Db, items: readonly { sku: string; onHand: number }[]): Promise<StockLevel[]> {
  await requireKnownSkus(
    db,
    items.map((item) => item.sku),
  );
  const layout = await stockLayout(
    env,
    items.map((item) => item.sku),
    { fresh: true },
  );
  const levels = await Promise.all(
    items.map(async ({ sku, onHand }) => {
      const result = await stockOf(env, layout, sku).setOnHand(onHand);
      return { sku, onHand: result.onHand, available: result.available };
    }),
  );
  if (await recordStockHints(db, levels)) await bumpCatalogVersion(env.CONFIG);
  return levels;
}
