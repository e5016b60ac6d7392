import { createExecutionContext, env, waitOnExecutionContext } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { STOCK_GENERATION_RECHECK_MS, stockGenerationKey } from '../worker/cache/stock-generation';
import { CATALOG_VERSION_KEY } from '../worker/catalog/version';
import type { SeedCatalog } from '../scripts/seed/generate';
import { checkedOut, eventually, shopperWith } from './checkout-helpers';
import { ORIGIN, get, seedCatalog } from './helpers';

/**
 * "Instant sold-out pages" (docs/drops.md): a product page's cached copy shows each variant's stock
 * band, and stops being served within about a second of a band change in this location.
 */
// The stated bound, plus room for the feed's background publish and a busy 2-core machine.
const BOUND_MS = STOCK_GENERATION_RECHECK_MS + 1_500;

let catalog: SeedCatalog;
let nextProduct = 0;

async function stockedProduct(onHand: number) {
  const product = catalog.products[nextProduct++]!;
  for (const v of product.variants) await env.INVENTORY.getByName(v.sku).setOnHand(onHand);
  // Each feed has heard its counter (the first word sets its band).
  for (const v of product.variants) await eventually(async () => expect((await env.STOCK_FEED.getByName(v.sku).current()).available).toBe(onHand));
  // ...and its first in-stock hint has reached D1 (a flip there would bump the catalog version).
  for (const v of product.variants) {
    await eventually(async () => {
      const row = await env.DB.prepare('select stock_hint_version as version from variants where sku = ?').bind(v.sku).first<{ version: number }>();
      expect(row!.version).toBeGreaterThan(0);
    });
  }
  return { slug: product.slug, sku: product.variants[0]!.sku };
}

const stockText = (html: string) => /<p class="stock"[^>]*>([^<]*)<\/p>/.exec(html)?.[1]?.trim();

/** Reads the page until it says `text`; answers how long that took and the answer's X-Cache. */
async function untilPageSays(slug: string, text: string) {
  const started = Date.now();
  for (;;) {
    const res = await get(`/products/${slug}`);
    expect(res.status).toBe(200);
    const html = await res.text();
    if (stockText(html) === text) return { ms: Date.now() - started, cache: res.headers.get('x-cache'), html };
    if (Date.now() - started > 10_000) throw new Error(`page still says “${stockText(html)}”, not “${text}”`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

beforeAll(async () => {
  catalog = await seedCatalog(6);
});

describe('product pages follow stock bands', () => {
  it('a checkout through the real reserve path takes the cached page out of service: low, sold out, back in stock', async () => {
    const { slug, sku } = await stockedProduct(6);
    const first = await get(`/products/${slug}`);
    expect(stockText(await first.text())).toBe('In stock');
    const cached = await get(`/products/${slug}`);
    expect(cached.headers.get('x-cache')).toBe('HIT');
    await cached.text();
    const version = await env.CONFIG.get(CATALOG_VERSION_KEY);

    // 6 -> 5: in stock -> low. No hint flips, so the catalog version stays: only the generation acts.
    const one = await checkedOut(await shopperWith([sku, 1]), 'one@example.com');
    const low = await untilPageSays(slug, 'Only a few left');
    expect(low.ms).toBeLessThan(BOUND_MS);
    expect(low.cache).toBe('MISS');
    expect(await env.CONFIG.get(CATALOG_VERSION_KEY)).toBe(version);
    expect((await get(`/products/${slug}`)).headers.get('x-cache')).toBe('HIT');

    // 5 -> 0: sold out; the cached copy must not say otherwise, and the button is off without JS.
    const rest = await checkedOut(await shopperWith([sku, 5]), 'rest@example.com');
    const out = await untilPageSays(slug, 'Sold out');
    expect(out.ms).toBeLessThan(BOUND_MS);
    expect(out.html).toMatch(/<button class="button" type="submit" disabled/);

    // Both holds given back (what the saga does when payment fails): in stock again.
    await env.INVENTORY.getByName(sku).release(one.orderId);
    await env.INVENTORY.getByName(sku).release(rest.orderId);
    const back = await untilPageSays(slug, 'In stock');
    expect(back.ms).toBeLessThan(BOUND_MS);
  });

  it('a generation another isolate wrote straight into the Cache API stops every tier within the recheck interval', async () => {
    const { slug, sku } = await stockedProduct(20);
    await (await get(`/products/${slug}`)).text();
    const hit = await get(`/products/${slug}`);
    expect(hit.headers.get('x-cache')).toBe('HIT');
    await hit.text();
    // Not through the module (which would also update this isolate's memory): as the feed of
    // another isolate does, the entry alone.
    await caches.default.put(stockGenerationKey(sku), new Response('424242', { headers: { 'cache-control': 'max-age=600' } }));
    const started = Date.now();
    let answer: string | null = 'HIT';
    while (answer === 'HIT') {
      const res = await get(`/products/${slug}`);
      await res.text();
      answer = res.headers.get('x-cache');
      if (Date.now() - started > 10_000) break;
    }
    expect(answer).toBe('MISS');
    expect(Date.now() - started).toBeLessThan(BOUND_MS);
  });

  it('puts each variant’s band in the cached HTML, never a count that the next reservation makes wrong', async () => {
    const { slug } = await stockedProduct(3);
    const res = await get(`/products/${slug}`);
    const html = await res.text();
    expect(stockText(html)).toBe('Only a few left');
    expect(html).not.toMatch(/3 left/);
    const data = JSON.parse(/<script type="application\/json" id="product-data">([^<]*)<\/script>/.exec(html)![1]!) as { variants: { band: string }[] };
    expect(data.variants.every((v) => v.band === 'low')).toBe(true);
    expect(res.headers.get('cache-control')).toMatch(/s-maxage=/);
  });
});

describe('with the production tag purge on', () => {
  it('a copy held in isolate memory stops within the recheck interval once a purge empties its Cache API entry', async () => {
    const { default: worker } = await import('../worker/index');
    const purgeEnv = { ...env, CACHE_PURGE_ZONE_ID: 'zone-gap', CACHE_PURGE_API_TOKEN: 'token', CACHE_PURGE_API_BASE: env.STRIPE_API_BASE } as Env;
    const fetchPage = async (slug: string) => {
      const ctx = createExecutionContext();
      const res = await worker.fetch(new Request(`${ORIGIN}/products/${slug}`) as Request<unknown, IncomingRequestCfProperties>, purgeEnv, ctx);
      await res.text();
      await waitOnExecutionContext(ctx);
      return res.headers.get('x-cache');
    };
    const { slug } = await stockedProduct(30);
    await fetchPage(slug);
    expect(await fetchPage(slug)).toBe('HIT');
    // What Cloudflare's purge of the copy's tag does to this location's Cache API.
    const version = (await env.CONFIG.get(CATALOG_VERSION_KEY)) ?? '0';
    expect(await caches.default.delete(`${ORIGIN}/__edge-cache/${version}/-/products/${slug}?`)).toBe(true);
    const started = Date.now();
    let answer: string | null = 'HIT';
    const seen: [number, string | null][] = [];
    while (answer === 'HIT' && Date.now() - started < 10_000) {
      answer = await fetchPage(slug);
      seen.push([Date.now() - started, answer]);
    }
    expect(answer).toBe('MISS');
    expect(Date.now() - started, JSON.stringify(seen.slice(-5))).toBeLessThan(BOUND_MS);
  });
});
