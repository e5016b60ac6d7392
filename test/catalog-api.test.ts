import { beforeAll, describe, expect, it } from 'vitest';
import type { SeedCatalog } from '../scripts/seed/generate';
import type { Product } from '../worker/catalog/types';
import { ADMIN_TOKEN, admin, expectError, get, getProduct, listPage, newProduct, seedCatalog } from './helpers';

let catalog: SeedCatalog;
beforeAll(async () => {
  catalog = await seedCatalog(60);
});

describe('GET /api/products', () => {
  it('answers the contract shape, newest first, 24 by default', async () => {
    const { status, body } = await listPage('');
    expect(status).toBe(200);
    expect(body.items).toHaveLength(24);
    expect(body.nextCursor).toEqual(expect.any(String));
    const ids = body.items.map((p) => p.id);
    expect(ids).toEqual([...ids].sort((a, b) => b - a));
    const first = body.items[0]!;
    expect(first.variants.length).toBeGreaterThan(0);
    for (const v of first.variants) {
      expect(Number.isInteger(v.price.amount)).toBe(true);
      expect(v.price.currency).toBe('usd');
    }
    expect(first.price.amount).toBe(Math.min(...first.variants.map((v) => v.price.amount)));
  });

  it('walks the whole catalog with no duplicates or gaps while a product is inserted mid-walk', async () => {
    const seen: number[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const { status, body } = await listPage(`?limit=7${cursor ? `&cursor=${cursor}` : ''}`);
      expect(status).toBe(200);
      seen.push(...body.items.map((p) => p.id));
      cursor = body.nextCursor;
      pages += 1;
      if (pages === 3) {
        const res = await admin('POST', '/products', newProduct('mid-walk-insert'));
        expect(res.status).toBe(201);
      }
    } while (cursor);
    const original = catalog.products.map((p) => p.id);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.filter((id) => original.includes(id)).sort((a, b) => a - b)).toEqual(original);
  });

  it('filters by category', async () => {
    const { body } = await listPage('?category=hoodies&limit=100');
    const expected = catalog.products.filter((p) => p.categorySlug === 'hoodies').map((p) => p.slug);
    expect(expected.length).toBeGreaterThan(0);
    expect(body.items.map((p) => p.slug).filter((s) => expected.includes(s)).sort()).toEqual([...expected].sort());
    expect(body.items.every((p) => p.category.slug === 'hoodies')).toBe(true);
  });

  it('gives a next cursor exactly when something follows the page, also inside a category and after a cursor', async () => {
    const all = (await listPage('?category=hoodies&limit=100')).body.items;
    const n = all.length;
    expect(n).toBeGreaterThan(2);
    expect((await listPage(`?category=hoodies&limit=${n}`)).body.nextCursor).toBeNull();
    const first = (await listPage(`?category=hoodies&limit=${n - 2}`)).body;
    expect(first.items.map((p) => p.id)).toEqual(all.slice(0, n - 2).map((p) => p.id));
    expect(first.nextCursor).toEqual(expect.any(String));
    // After the cursor exactly two remain: a page of two ends the walk, a page of one does not.
    const rest = (await listPage(`?category=hoodies&limit=2&cursor=${first.nextCursor}`)).body;
    expect(rest.items.map((p) => p.id)).toEqual(all.slice(n - 2).map((p) => p.id));
    expect(rest.nextCursor).toBeNull();
    const one = (await listPage(`?category=hoodies&limit=1&cursor=${first.nextCursor}`)).body;
    expect(one.items.map((p) => p.id)).toEqual([all[n - 2]!.id]);
    expect(one.nextCursor).toEqual(expect.any(String));
  });

  it('answers an empty page for an unknown category', async () => {
    const { status, body } = await listPage('?category=no-such-category');
    expect(status).toBe(200);
    expect(body).toMatchObject({ items: [], nextCursor: null, total: 0 });
  });

  it.each([
    ['-1'],
    ['0'],
    ['101'],
    ['1e9'],
    ['99999999999999999999'],
    ['abc'],
    ['1.5'],
    [''],
  ])('rejects limit=%s with 400 invalid_request', async (limit) => {
    const body = await expectError(await get(`/api/products?limit=${limit}`), 400, 'invalid_request');
    expect(body.error.issues).toEqual(expect.arrayContaining([expect.objectContaining({ path: 'limit' })]));
  });

  it.each([['garbage'], ['%00%00'], [btoa('{"v":1,"after":-5}')], [btoa('{"v":2,"after":5}')], ['x'.repeat(500)]])(
    'rejects a cursor it did not issue (%s)',
    async (cursor) => {
      await expectError(await get(`/api/products?cursor=${encodeURIComponent(cursor)}`), 400, 'invalid_request');
    },
  );

  it('rejects unknown query parameters and malformed categories', async () => {
    await expectError(await get('/api/products?sort=price'), 400, 'invalid_request');
    await expectError(await get('/api/products?category=Robert%27);DROP'), 400, 'invalid_request');
    await expectError(await get('/api/products?category=a%00b'), 400, 'invalid_request');
  });
});

describe('GET /api/products/:slug', () => {
  it('answers the product with its variants', async () => {
    const seeded = catalog.products[5]!;
    const { status, body } = await getProduct(seeded.slug);
    expect(status).toBe(200);
    expect(body).toMatchObject<Partial<Product>>({ id: seeded.id, slug: seeded.slug, title: seeded.title });
    expect(body.variants.map((v) => v.sku)).toEqual(seeded.variants.map((v) => v.sku));
    expect(body.variants.map((v) => v.price.amount)).toEqual(seeded.variants.map((v) => v.price));
    expect(body.images.map((i) => i.key)).toEqual(seeded.images.map((i) => i.key));
  });

  it('answers 404 not_found for a well-formed unknown slug', async () => {
    await expectError(await get('/api/products/no-such-product'), 404, 'not_found');
  });

  it.each([['a'.repeat(5000)], ['UPPER'], ['a%00b'], ['..%2F..%2Fetc'], ['semi%3Bcolon'], ['%F0%9F%92%A5']])(
    'rejects the malformed slug %s with 400',
    async (slug) => {
      await expectError(await get(`/api/products/${slug}`), 400, 'invalid_request');
    },
  );

  it('answers JSON 404 for unknown API routes and 405-free methods', async () => {
    await expectError(await get('/api/nothing-here'), 404, 'not_found');
  });
});

describe('methods', () => {
  it.each([
    ['POST', '/api/products', 'GET, HEAD'],
    ['DELETE', '/api/products/some-slug', 'GET, HEAD'],
    ['PUT', '/products/some-slug', 'GET, HEAD'],
    ['GET', '/admin/api/products/12', 'DELETE, PUT'],
  ])('answers %s %s with 405 and Allow: %s', async (method, path, allow) => {
    const res = await get(path, { method, headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
    expect(res.headers.get('allow')).toBe(allow);
    await expectError(res, 405, 'method_not_allowed');
  });

  it('answers HEAD like GET, without a body', async () => {
    const res = await get('/api/products?limit=1', { method: 'HEAD' });
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('');
  });
});
