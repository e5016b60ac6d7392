import { env } from 'cloudflare:test';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { SeedCatalog } from '../scripts/seed/generate';
import { admin, get, getProduct, newProduct, seedCatalog } from './helpers';

let catalog: SeedCatalog;
beforeAll(async () => {
  catalog = await seedCatalog(30);
});
afterEach(() => {
  vi.useRealTimers();
});

const xcache = async (path: string) => {
  const res = await get(path);
  await res.arrayBuffer();
  return res.headers.get('x-cache');
};

/** Lets the clock of this isolate (tests and worker share it) jump ahead, as if minutes passed. */
const advanceClock = (seconds: number) => {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(Date.now() + seconds * 1000);
};

describe('edge cache', () => {
  it.each([['/products/{slug}'], ['/api/products/{slug}'], ['/api/products?limit=5'], ['/products?category=hoodies'], ['/'], ['/sitemap.xml']])(
    '%s: MISS, then HIT, then MISS after a catalog write',
    async (template) => {
      const path = template.replace('{slug}', catalog.products[3]!.slug);
      expect(await xcache(path)).toBe('MISS');
      expect(await xcache(path)).toBe('HIT');
      const write = await admin('POST', '/products', newProduct(`bump-${crypto.randomUUID().slice(0, 8)}`));
      expect(write.status).toBe(201);
      expect(await xcache(path)).toBe('MISS');
      expect(await xcache(path)).toBe('HIT');
    },
  );

  it('shows an edit on the very next request', async () => {
    const { body: product } = await getProduct(catalog.products[4]!.slug);
    const page = `/products/${product.slug}`;
    await xcache(page);
    expect(await xcache(page)).toBe('HIT');
    const res = await admin('PUT', `/products/${product.id}`, { ...product, title: 'Freshly Renamed Parka' });
    expect(res.status).toBe(200);
    const html = await (await get(page)).text();
    expect(html).toContain('Freshly Renamed Parka');
  });

  it('answers with s-maxage and stale-while-revalidate, and keys on the parameters the route reads', async () => {
    const res = await get('/api/products?limit=3');
    expect(res.headers.get('cache-control')).toMatch(/s-maxage=\d+/);
    expect(res.headers.get('cache-control')).toMatch(/stale-while-revalidate=\d+/);
    expect(res.headers.get('cache-control')).toMatch(/stale-if-error=\d+/);
    expect((await res.json<{ items: unknown[] }>()).items).toHaveLength(3);
    const other = await get('/api/products?limit=4');
    expect((await other.json<{ items: unknown[] }>()).items).toHaveLength(4);
  });

  it('gives every answer its own request id, even from the cache', async () => {
    const path = `/products/${catalog.products[6]!.slug}`;
    const ids = new Set<string | null>();
    for (let i = 0; i < 3; i += 1) ids.add((await get(path)).headers.get('x-request-id'));
    expect(ids.size).toBe(3);
  });

  it('serves a stale copy and refreshes it in the background once it is past fresh', async () => {
    const path = `/products/${catalog.products[7]!.slug}`;
    await xcache(path);
    expect(await xcache(path)).toBe('HIT');
    advanceClock(Number(env.CACHE_FRESH_SECONDS) + 5);
    expect(await xcache(path)).toBe('STALE');
    let status: string | null = 'STALE';
    for (let i = 0; i < 50 && status !== 'HIT'; i += 1) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      status = await xcache(path);
    }
    expect(status).toBe('HIT');
  });

  it('serves the stale copy when D1 fails, and recovers after', async () => {
    const path = `/products/${catalog.products[8]!.slug}`;
    const fresh = await get(path);
    const body = await fresh.text();
    expect(fresh.status).toBe(200);
    advanceClock(Number(env.CACHE_FRESH_SECONDS) + Number(env.CACHE_SWR_SECONDS) + 60);
    await env.DB.exec('ALTER TABLE products RENAME TO products_unavailable');
    try {
      const stale = await get(path);
      expect(stale.status).toBe(200);
      expect(stale.headers.get('x-cache')).toBe('STALE');
      expect(await stale.text()).toBe(body);
      const uncached = await get('/api/products/no-such-slug-anywhere');
      expect(uncached.status).toBe(503);
      expect(uncached.headers.get('retry-after')).toBe('5');
      expect(await uncached.json()).toEqual({ error: { code: 'unavailable', message: expect.any(String) } });
    } finally {
      await env.DB.exec('ALTER TABLE products_unavailable RENAME TO products');
    }
    expect(await xcache(path)).toBe('MISS');
  });
});
