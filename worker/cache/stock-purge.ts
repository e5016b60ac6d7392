/**
 * Taking cached product pages out of service when a SKU's band changes, beyond this location.
 *
 * The per-SKU generation (stock-generation.ts) is the path that always runs and works offline, but it
 * lives in the Cache API of the location where the SKU's feed runs. In production, where pages are
 * cached in every location, `CloudflareTagPurge` also purges the Cache-Tag every stored product page
 * copy carries (`stock-<sku>`, edge-cache.ts) through the zone purge API, which Cloudflare propagates
 * to every location (in well under a second with instant purge). It is enabled by setting
 * `CACHE_PURGE_ZONE_ID` (var) and `CACHE_PURGE_API_TOKEN` (secret, a token with Cache Purge).
 */
export interface StockPagePurger {
  purgeSkus(skus: readonly string[]): Promise<void>;
}

/** Cache tags are case-insensitive and may not contain spaces or commas; SKUs are `[A-Z0-9-]`. */
export const stockCacheTag = (sku: string) => `stock-${sku.toLowerCase()}`;

const noPurge: StockPagePurger = { purgeSkus: async () => undefined };

export class CloudflareTagPurge implements StockPagePurger {
  constructor(
    private readonly zoneId: string,
    private readonly token: string,
    private readonly apiBase = 'https://api.cloudflare.com/client/v4',
  ) {}

  async purgeSkus(skus: readonly string[]): Promise<void> {
    const tags = skus.map(stockCacheTag);
    // Cloudflare takes at most 30 tags per purge request.
    for (let i = 0; i < tags.length; i += 30) {
      const res = await fetch(`${this.apiBase}/zones/${encodeURIComponent(this.zoneId)}/purge_cache`, {
        method: 'POST',
        headers: { authorization: `Bearer ${this.token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ tags: tags.slice(i, i + 30) }),
        signal: AbortSignal.timeout(5_000),
      });
      if (!res.ok) throw new Error(`cache purge answered ${res.status}`);
      await res.body?.cancel();
    }
  }
}

const tokenOf = (env: Env) => (env as { CACHE_PURGE_API_TOKEN?: string }).CACHE_PURGE_API_TOKEN;

/**
 * True when band changes purge by tag everywhere: then a copy held in isolate memory must also be
 * re-confirmed in the Cache API (which the purge empties) at the generations' interval (edge-cache.ts).
 */
export const tagPurgeOn = (env: Env) => Boolean(env.CACHE_PURGE_ZONE_ID && tokenOf(env));

export function stockPurger(env: Env): StockPagePurger {
  const zone = env.CACHE_PURGE_ZONE_ID;
  const token = tokenOf(env);
  // CACHE_PURGE_API_BASE: empty is api.cloudflare.com; the dev emulator serves `<base>/client/v4`.
  return zone && token ? new CloudflareTagPurge(zone, token, env.CACHE_PURGE_API_BASE ? `${env.CACHE_PURGE_API_BASE}/client/v4` : undefined) : noPurge;
}
