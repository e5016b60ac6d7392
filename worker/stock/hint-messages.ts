import { and, eq, lt } from 'drizzle-orm';
import * as z from 'zod';
import { bumpCatalogVersion } from '../catalog/version';
import { database } from '../db/client';
import { variants } from '../db/schema';

/**
 * The listings' "in stock" hint (`variants.in_stock_hint`, the browse facet), written through from
 * the SKU's stock feed whenever its total crosses zero: a checkout selling the last unit, a hold
 * expiring, an admin count. `version` is the feed's own sequence, so applying a message is idempotent
 * (the same version again changes nothing) and order-safe (an older version never overwrites a newer).
 */
export const stockHintMessageSchema = z
  .object({ sku: z.string().min(1).max(64), inStock: z.boolean(), version: z.number().int().min(1) })
  .strict();
export type StockHintMessage = z.infer<typeof stockHintMessageSchema>;

/** Applies one hint; answers whether it changed the row (a newer version than D1 had). */
export async function applyStockHint(env: Env, hint: StockHintMessage): Promise<boolean> {
  const rows = await database(env.DB)
    .update(variants)
    .set({ inStockHint: hint.inStock, stockHintVersion: hint.version })
    .where(and(eq(variants.sku, hint.sku), lt(variants.stockHintVersion, hint.version)))
    .returning({ id: variants.id });
  return rows.length > 0;
}

/**
 * The queue's consumer. A malformed message is dropped (logged): retrying cannot fix it. A hint that
 * changed D1 bumps the catalog version once per batch, so cached listings (and their facet counts)
 * are rendered again.
 */
export async function consumeStockHints(env: Env, batch: MessageBatch<unknown>): Promise<void> {
  let changed = false;
  for (const msg of batch.messages) {
    const parsed = stockHintMessageSchema.safeParse(msg.body);
    if (!parsed.success) {
      console.warn(JSON.stringify({ msg: 'malformed stock hint dropped', id: msg.id }));
      msg.ack();
      continue;
    }
    try {
      if (await applyStockHint(env, parsed.data)) changed = true;
      msg.ack();
    } catch (err) {
      console.warn(JSON.stringify({ msg: 'stock hint failed', id: msg.id, attempts: msg.attempts, error: String(err).slice(0, 300) }));
      msg.retry({ delaySeconds: Math.min(60, 2 ** msg.attempts) });
    }
  }
  if (changed) await bumpCatalogVersion(env.CONFIG);
}
