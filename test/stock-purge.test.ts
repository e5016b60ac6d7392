import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { CloudflareTagPurge, stockCacheTag, stockPurger } from '../worker/cache/stock-purge';

/** The production adapter for sold-out pages, against the emulator's copy of Cloudflare's purge API. */
const purges = async (zone: string) =>
  ((await (await fetch(`${env.STRIPE_API_BASE}/_purges?zone=${zone}`)).json()) as { items: { tags: string[] }[] }).items;

describe('CloudflareTagPurge', () => {
  it('purges the stock tag of each SKU, at most 30 tags a request', async () => {
    const zone = `zone${Date.now()}`;
    const skus = Array.from({ length: 31 }, (_, i) => `SKU-${i}`);
    await new CloudflareTagPurge(zone, 'token', `${env.STRIPE_API_BASE}/client/v4`).purgeSkus(skus);
    const done = await purges(zone);
    expect(done.map((p) => p.tags.length)).toEqual([30, 1]);
    expect(done.flatMap((p) => p.tags)).toEqual(skus.map(stockCacheTag));
    expect(stockCacheTag('ABC-12')).toBe('stock-abc-12');
  });

  it('throws when the API refuses (the feed logs it; the generation still applies)', async () => {
    await expect(new CloudflareTagPurge('zone', '', `${env.STRIPE_API_BASE}/client/v4`).purgeSkus(['A'])).rejects.toThrow(/403/);
  });

  it('is only chosen with a zone and a token; otherwise purging does nothing', async () => {
    expect(stockPurger(env)).not.toBeInstanceOf(CloudflareTagPurge);
    const configured = { ...env, CACHE_PURGE_ZONE_ID: 'z1', CACHE_PURGE_API_TOKEN: 't', CACHE_PURGE_API_BASE: env.STRIPE_API_BASE } as Env;
    const purger = stockPurger(configured);
    expect(purger).toBeInstanceOf(CloudflareTagPurge);
    await purger.purgeSkus(['XYZ-1']);
    expect((await purges('z1')).at(-1)?.tags).toEqual(['stock-xyz-1']);
  });
});
