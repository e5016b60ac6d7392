import QuickLRU from 'quick-lru';
import { catalogVersion } from '../catalog/version';
import { database } from '../db/client';
import { listSkus, type SkuListing } from './sku-query';

/**
 * SKU listings (price, titles, slug) for cart answers, remembered per isolate under the catalog
 * version: every catalog write bumps the version, which empties this cache, so a cart shows a price
 * change exactly as soon as the cached pages do (docs/caching.md). A cart answer is a display; the
 * checkout saga prices every order from D1 directly, never from here.
 */
const MAX_SKUS = 5_000;
const cache = new QuickLRU<string, SkuListing | null>({ maxSize: MAX_SKUS });
let cachedVersion: string | undefined;

export async function cartListings(
  env: Env,
  ctx: Pick<ExecutionContext, 'waitUntil'>,
  skus: readonly string[],
): Promise<Map<string, SkuListing>> {
  const version = await catalogVersion(env.CONFIG, ctx);
  if (version !== cachedVersion) {
    cache.clear();
    cachedVersion = version;
  }
  const missing = skus.filter((sku) => !cache.has(sku));
  if (missing.length > 0) {
    const fresh = await listSkus(database(env.DB), missing);
    // Unknown SKUs are remembered too (as null): a new product bumps the version anyway.
    for (const sku of missing) cache.set(sku, fresh.get(sku) ?? null);
  }
  const out = new Map<string, SkuListing>();
  for (const sku of skus) {
    const listing = cache.get(sku);
    if (listing) out.set(sku, listing);
  }
  return out;
}
