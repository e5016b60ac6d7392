import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import type { SeedCatalog } from '../scripts/seed/generate';
import { seedCatalog } from './helpers';
import { Shopper } from './shopper';

let catalog: SeedCatalog;

beforeAll(async () => {
  catalog = await seedCatalog(20);
});

const countOf = async (s: Shopper) => {
  const res = await s.fetch('GET', '/api/cart/count');
  expect(res.status).toBe(200);
  expect(res.headers.get('cache-control')).toBe('no-store');
  return ((await res.json()) as { itemCount: number }).itemCount;
};

describe('GET /api/cart/count (the header island)', () => {
  it('answers 0 without a cart, and the sum of quantities with one, never cached', async () => {
    expect(await countOf(new Shopper())).toBe(0);
    const [a, b] = catalog.products.slice(0, 2).map((p) => p.variants[0]!.sku);
    await Promise.all([a!, b!].map((sku) => env.INVENTORY.getByName(sku).setOnHand(20)));
    const shopper = new Shopper();
    await shopper.added(a!, 2);
    await shopper.added(b!, 3);
    expect(await countOf(shopper)).toBe(5);
  });
});

describe('cached pages and the cart', () => {
  it('serve byte-identical listing and product HTML to two shoppers with different carts', async () => {
    const product = catalog.products[5]!;
    const sku = product.variants[0]!.sku;
    await env.INVENTORY.getByName(sku).setOnHand(50);
    const one = new Shopper();
    const many = new Shopper();
    await one.added(sku, 1);
    await many.added(sku, 7);
    for (const path of ['/products', `/products/${product.slug}`, '/']) {
      const first = await one.fetch('GET', path);
      const second = await many.fetch('GET', path);
      expect(first.status, path).toBe(200);
      expect(second.headers.get('x-cache'), path).toMatch(/HIT|STALE/);
      const [a, b] = [await first.text(), await second.text()];
      expect(a, path).toBe(b);
      expect(a, path).toContain('data-cart-count');
      expect(a, path).not.toMatch(/data-cart-count[^>]*>\s*[1-9]/);
      // No cart is made by reading a page (the only cookie a first page may set is the visitor id).
      expect(first.headers.get('set-cookie') ?? '', path).not.toMatch(/(^|[,;]\s*)cart=/);
    }
    // And the island tells them apart.
    expect([await countOf(one), await countOf(many)]).toEqual([1, 7]);
  });
});
