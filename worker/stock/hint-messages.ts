import { and, eq, lt, ne } from 'drizzle-orm';
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

/**
 * Applies one hint, in one batch: the row takes the hint only if `version` is newer than the one it
 * has. Answers whether the hint's value flipped (only then do cached listings need a new catalog
 * version; a newer version with the same value is recorded and changes nothing a shopper sees).
 */
export async function applyStockHint(env: Env, hint: StockHintMessage): Promise<boolean> {
  const db = database(env.DB);
  const newer = and(eq(variants.sku, hint.sku), lt(variants.stockHintVersion, hint.version));
  const [flipped] = await db.batch([
    db
      .update(variants)
      .set({ inStockHint: hint.inStock, stockHintVersion: hint.version })
      .where(and(newer, ne(variants.inStockHint, hint.inStock)))
      .returning({ id: variants.id }),
    db.update(variants).set({ stockHintVersion: hint.version }).where(newer),
  ]);
  return flipped.length > 0;
}

/**
 * The queue's consumer. A malformed message is dropped (logged): retrying cannot fix it. A hint that
 * flipped bumps the catalog version once per batch, so cached listings (and their facet counts)
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
