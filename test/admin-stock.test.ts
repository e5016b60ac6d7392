import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import type { SeedCatalog } from '../scripts/seed/generate';
import { admin, expectError, get, ORIGIN, seedCatalog } from './helpers';
import { SELF } from 'cloudflare:test';
import { MAX_BULK_STOCK_ITEMS } from '../worker/cart/stock-writes';
import { stockLayout } from '../worker/inventory/stock-layout';

let catalog: SeedCatalog;
beforeAll(async () => {
  // 40 products: more SKUs (~136) than D1's 100 bound parameters a statement, for the bulk write.
  catalog = await seedCatalog(40);
});

describe('PUT /admin/api/stock/:sku', () => {
  it('sets stock on hand in the SKU counter, which /api/stock then reports', async () => {
    const sku = catalog.products[0]!.variants[0]!.sku;
    const res = await admin('PUT', `/stock/${sku}`, { onHand: 17 });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ sku, onHand: 17, available: 17 });
    expect(await env.INVENTORY.getByName(sku).available()).toBe(17);
    const stock = await (await get(`/api/stock?skus=${sku}`)).json();
    expect(stock).toEqual({ items: [{ sku, available: 17 }] });
  });

  it('rejects bad input, unknown SKUs and missing auth, writing nothing', async () => {
    const sku = catalog.products[1]!.variants[0]!.sku;
    for (const body of [{ onHand: -1 }, { onHand: 1.5 }, { onHand: '3' }, {}, { onHand: 1, extra: 1 }, [1]]) {
      await expectError(await admin('PUT', `/stock/${sku}`, body), 400, 'invalid_request');
    }
    await expectError(await admin('PUT', '/stock/lower-case', { onHand: 1 }), 400, 'invalid_request');
    await expectError(await admin('PUT', '/stock/NO-SUCH-SKU', { onHand: 1 }), 404, 'not_found');
    const anonymous = await SELF.fetch(`${ORIGIN}/admin/api/stock/${sku}`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ onHand: 5 }),
    });
    await expectError(anonymous, 401, 'unauthorized');
    expect(await env.INVENTORY.getByName(sku).available()).toBe(0);
  });
});

describe('GET /admin/api/stock/:sku', () => {
  it('answers the counter’s snapshot to the admin only', async () => {
    const sku = (await env.DB.prepare('select sku from variants limit 1').first<{ sku: string }>())!.sku;
    await admin('PUT', `/stock/${sku}`, { onHand: 7 });
    await env.INVENTORY.getByName(sku).reserve('ord_snapshot_test', 2, 60_000);
    const res = await admin('GET', `/stock/${sku}`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ sku, onHand: 7, reserved: 2, available: 5, committed: 0 });
    await expectError(await get(`/admin/api/stock/${sku}`), 401, 'unauthorized');
  });
});

describe('PUT /admin/api/stock (many SKUs in one call)', () => {
  it('sets every SKU’s counter and answers each level, past 100 SKUs (D1’s bound-parameter limit)', async () => {
    // Not the SKU the snapshot test above holds 2 units of (the first row of variants).
    const held = (await env.DB.prepare('select sku from variants limit 1').first<{ sku: string }>())!.sku;
    const skus = catalog.products
      .slice(5)
      .flatMap((product) => product.variants.map((variant) => variant.sku))
      .filter((sku) => sku !== held);
    expect(skus.length).toBeGreaterThan(100);
    const items = skus.map((sku, i) => ({ sku, onHand: 3 + i }));
    const res = await admin('PUT', '/stock', { items });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ items: items.map(({ sku, onHand }) => ({ sku, onHand, available: onHand })) });
    // /api/stock reads at most 100 SKUs a request: the first 100.
    const first = items.slice(0, 100);
    const stock = (await (await get(`/api/stock?skus=${first.map((i) => i.sku).join(',')}`)).json()) as { items: { sku: string; available: number }[] };
    expect(stock.items).toEqual(first.map(({ sku, onHand }) => ({ sku, available: onHand })));
  });

  it('rejects bad bodies and unknown SKUs before writing any counter', async () => {
    const [first, second] = catalog.products[4]!.variants.map((variant) => variant.sku);
    const before = await env.INVENTORY.getByName(first!).available();
    const tooMany = Array.from({ length: 501 }, (_, i) => ({ sku: `SKU-${i}`, onHand: 1 }));
    for (const body of [
      {},
      { items: [] },
      { items: tooMany },
      { items: [{ sku: first, onHand: -1 }] },
      { items: [{ sku: first, onHand: 1, price: 5 }] },
      { items: [{ sku: 'lower-case', onHand: 1 }] },
      { items: [{ sku: first, onHand: 1 }, { sku: first, onHand: 2 }] },
      { items: [{ sku: first, onHand: 1 }], extra: true },
    ]) {
      await expectError(await admin('PUT', '/stock', body), 400, 'invalid_request');
    }
    const unknown = await expectError(
      await admin('PUT', '/stock', { items: [{ sku: first, onHand: 90 }, { sku: 'NO-SUCH-SKU', onHand: 1 }, { sku: second ?? 'NOPE-2', onHand: 1 }] }),
      404,
      'not_found',
    );
    expect((unknown.error as { skus?: string[] }).skus).toContain('NO-SUCH-SKU');
    expect(await env.INVENTORY.getByName(first!).available()).toBe(before);
    const anonymous = await SELF.fetch(`${ORIGIN}/admin/api/stock`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ items: [{ sku: first, onHand: 5 }] }),
    });
    await expectError(anonymous, 401, 'unauthorized');
  });
});

describe('a bulk write of more SKUs than D1 binds parameters', () => {
  it('reads where 500 SKUs’ stock lives in one statement (D1 allows 100 bound parameters)', async () => {
    const sku = catalog.products[0]!.variants[0]!.sku;
    const skus = [sku, ...Array.from({ length: MAX_BULK_STOCK_ITEMS - 1 }, (_, i) => `BULK-LAYOUT-${i}`)];
    const layout = await stockLayout(env, skus, { fresh: true });
    expect(layout.size).toBe(MAX_BULK_STOCK_ITEMS);
    expect([...layout.values()].every((shards) => shards === 1)).toBe(true);
  });
});
