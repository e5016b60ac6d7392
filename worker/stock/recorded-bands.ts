import { eq, sql, type Placeholder } from 'drizzle-orm';
import type { Db } from '../db/client';
import { products, variants } from '../db/schema';
import type { StockBand } from './bands';

/**
 * The stock bands D1 has recorded for a product's SKUs (`variants.stock_band`, written through the
 * stock feed's hint queue, hint-messages.ts), so an uncached product page needs no call to each
 * variant's counter: one more statement in the page's one D1 batch.
 *
 * A recorded band is used only while it is at least as new as the SKU's page generation in this
 * location (stock-generation.ts): the feed bumps that generation to its own version at every band
 * change, before the queued band reaches D1. A row behind the generation, or with no band yet, is
 * asked of the counter, as every SKU was before. A band change this location has not seen yet leaves
 * the copy disagreeing with the generation once it has (at most STOCK_GENERATION_RECHECK_MS), the
 * same rule that keeps any cached copy in service. Where the feed does not run (other locations in
 * production) the generation reads "0" and the band is as fresh as the queue consumer, which purges
 * the SKU's pages by tag after it writes the band, so a copy rendered from the older band goes too.
 */
export function recordedBandsQuery(db: Db, slug: string | Placeholder) {
  return db
    .select({ sku: variants.sku, band: variants.stockBand, version: variants.stockHintVersion })
    .from(variants)
    .where(eq(variants.productId, sql`(${db.select({ id: products.id }).from(products).where(eq(products.slug, slug))})`));
}

export type RecordedBandRow = Awaited<ReturnType<typeof recordedBandsQuery>>[number];

/** For each SKU, the recorded band if it is at least as new as `gens[i]`; undefined where the counter must be asked. */
export function usableBands(skus: readonly string[], gens: readonly string[], rows: readonly RecordedBandRow[]): (StockBand | undefined)[] {
  const bySku = new Map(rows.map((row) => [row.sku, row]));
  return skus.map((sku, i) => {
    const row = bySku.get(sku);
    const gen = Number(gens[i]);
    return row?.band && Number.isFinite(gen) && row.version >= gen ? row.band : undefined;
  });
}
