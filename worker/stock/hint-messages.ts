import { and, eq, lt, ne } from 'drizzle-orm';
import * as z from 'zod';
import { stockPurger } from '../cache/stock-purge';
import { bumpCatalogVersion } from '../catalog/version';
import { database } from '../db/client';
import { variants } from '../db/schema';
import { STOCK_BANDS } from './bands';

/**
 * What D1 keeps of a SKU's stock, written through from the SKU's stock feed whenever its band changes
 * (in stock / low / sold out: a checkout selling the last units, a hold expiring, an admin count):
 * the listings' "in stock" hint (`variants.in_stock_hint`, the browse facet) and the band the product
 * page renders (`variants.stock_band`). `version` is the feed's own sequence, so applying a message is
 * idempotent (the same version again changes nothing) and order-safe (an older version never
 * overwrites a newer). `band` is absent only in messages queued before it existed: such a message
 * clears the recorded band (the band moved, to what it does not say), so the page asks the counter.
 */
export const stockHintMessageSchema = z
  .object({
    sku: z.string().min(1).max(64),
    inStock: z.boolean(),
    band: z.enum(STOCK_BANDS).optional(),
    version: z.number().int().min(1),
  })
  .strict();
export type StockHintMessage = z.infer<typeof stockHintMessageSchema>;

/** What applying a hint changed: `flipped`, the in-stock hint changed; `applied`, the row took it. */
export interface HintOutcome {
  flipped: boolean;
  applied: boolean;
}

/**
 * Applies one hint, in one batch: the row takes the hint only if `version` is newer than the one it
 * has. `flipped`: the in-stock value changed (only then do cached listings need a new catalog
 * version; a newer version with the same value changes nothing a listing shows).
 */
export async function applyStockHint(env: Env, hint: StockHintMessage): Promise<HintOutcome> {
  const db = database(env.DB);
  const newer = and(eq(variants.sku, hint.sku), lt(variants.stockHintVersion, hint.version));
  const band = { stockBand: hint.band ?? null };
  const [flipped, rest] = await db.batch([
    db
      .update(variants)
      .set({ inStockHint: hint.inStock, stockHintVersion: hint.version, ...band })
      .where(and(newer, ne(variants.inStockHint, hint.inStock)))
      .returning({ id: variants.id }),
    db
      .update(variants)
      .set({ stockHintVersion: hint.version, ...band })
      .where(newer)
      .returning({ id: variants.id }),
  ]);
  return { flipped: flipped.length > 0, applied: flipped.length + rest.length > 0 };
}

/**
 * The queue's consumer. A malformed message is dropped (logged): retrying cannot fix it. A hint that
 * flipped bumps the catalog version once per batch, so cached listings (and their facet counts)
 * are rendered again. The SKUs whose row took a hint are purged by tag afterwards (production only,
 * stock-purge.ts): a copy rendered elsewhere from the band D1 had until now goes out of service.
 */
export async function consumeStockHints(env: Env, batch: MessageBatch<unknown>): Promise<void> {
  let changed = false;
  const banded: string[] = [];
  for (const msg of batch.messages) {
    const parsed = stockHintMessageSchema.safeParse(msg.body);
    if (!parsed.success) {
      console.warn(JSON.stringify({ msg: 'malformed stock hint dropped', id: msg.id }));
      msg.ack();
      continue;
    }
    try {
      const outcome = await applyStockHint(env, parsed.data);
      if (outcome.flipped) changed = true;
      if (outcome.applied) banded.push(parsed.data.sku);
      msg.ack();
    } catch (err) {
      console.warn(JSON.stringify({ msg: 'stock hint failed', id: msg.id, attempts: msg.attempts, error: String(err).slice(0, 300) }));
      msg.retry({ delaySeconds: Math.min(60, 2 ** msg.attempts) });
    }
  }
  if (changed) await bumpCatalogVersion(env.CONFIG);
  if (banded.length > 0) {
    await stockPurger(env)
      .purgeSkus(banded)
      .catch((err: unknown) => console.error(JSON.stringify({ msg: 'stock page purge after band write failed', skus: banded.length, error: String(err).slice(0, 200) })));
  }
}
