import QuickLRU from 'quick-lru';
import type { StockBand } from './bands';

/**
 * The band each SKU's counter last told this isolate, with the SKU's page generation read *before*
 * that counter read (worker/cache/stock-generation.ts). While the SKU's generation still reads the
 * same (checked at most STOCK_GENERATION_RECHECK_MS ago), no band change has been published since the
 * counter answered: the same rule that keeps a cached product page in service, so a page rendered from
 * remembered bands is exactly as fresh as a cached copy would be. Any band change bumps the generation
 * and the next render asks the counter again.
 */
const memo = new QuickLRU<string, { gen: string; band: StockBand }>({ maxSize: 20_000 });

/** The remembered band of each SKU whose generation is still `gens[i]`; undefined where the counter must be asked. */
export function rememberedBands(skus: readonly string[], gens: readonly string[]): (StockBand | undefined)[] {
  return skus.map((sku, i) => {
    const known = memo.get(sku);
    return known && known.gen === gens[i] ? known.band : undefined;
  });
}

/** Remembers what a counter said, read after the SKU's generation `gen` was. */
export function rememberBand(sku: string, gen: string, band: StockBand): void {
  memo.set(sku, { gen, band });
}
