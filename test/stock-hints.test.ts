import { createExecutionContext, createMessageBatch, env, getQueueResult, runDurableObjectAlarm } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import worker from '../worker/index';
import { CATALOG_VERSION_KEY } from '../worker/catalog/version';
import type { SeedCatalog } from '../scripts/seed/generate';
import { checkedOut, eventually, shopperWith } from './checkout-helpers';
import { seedCatalog } from './helpers';

/**
 * The listings' in-stock hint and the product page's recorded band (issue 13): written through when
 * checkout sells out, a hold expires or an admin count moves the band.
 */
const hintOf = (sku: string) =>
  env.DB.prepare('select in_stock_hint as inStock, stock_band as band, stock_hint_version as version from variants where sku = ?')
    .bind(sku)
    .first<{ inStock: number; band: string | null; version: number }>();

let catalog: SeedCatalog;
let next = 0;
const takeSku = () => catalog.products[next++]!.variants[0]!.sku;

beforeAll(async () => {
  catalog = await seedCatalog(6);
});

describe('variants.in_stock_hint write-through', () => {
  it('goes false when checkout sells the last unit and true when the hold expires, bumping the catalog version', async () => {
    const sku = takeSku();
    const counter = env.INVENTORY.getByName(sku);
    await counter.setOnHand(2);
    await eventually(async () => expect(await hintOf(sku)).toMatchObject({ inStock: 1, band: 'low' }));
    const before = await env.CONFIG.get(CATALOG_VERSION_KEY);

    await checkedOut(await shopperWith([sku, 2]), 'last@example.com');
    const soldOut = await eventually(async () => {
      const hint = await hintOf(sku);
      expect(hint).toMatchObject({ inStock: 0, band: 'out' });
      return hint!;
    });
    expect(soldOut.version).toBeGreaterThan(0);
    expect(await env.CONFIG.get(CATALOG_VERSION_KEY)).not.toBe(before);

    // A hold that expires (no payment came): the counter's alarm sweeps it, the hint comes back.
    // 3 on the shelf, 2 still held by the checkout: 1 to sell.
    await counter.setOnHand(3);
    await eventually(async () => expect(await hintOf(sku)).toMatchObject({ inStock: 1, band: 'low' }));
    const hold = await counter.reserve('ord_hint_expiring', 1, 3_000);
    if (!hold.ok) throw new Error('the last unit should be free');
    const { expiresAt } = hold;
    await eventually(async () => expect(await hintOf(sku)).toMatchObject({ inStock: 0 }));
    // The counter's alarm fires at the hold's expiry on its own; running it again changes nothing.
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, expiresAt - Date.now() + 50)));
    await runDurableObjectAlarm(counter);
    expect((await counter.ledger(1))[0]).toMatchObject({ reason: 'expire', reservationId: 'ord_hint_expiring' });
    const back = await eventually(async () => {
      const hint = await hintOf(sku);
      expect(hint).toMatchObject({ inStock: 1, band: 'low' });
      return hint!;
    });
    expect(back.version).toBeGreaterThan(soldOut.version);
  });

  it('applies each version once and never lets an older message overwrite a newer one (duplicates, reordering)', async () => {
    const sku = takeSku();
    const message = (id: string, inStock: boolean, version: number, band = inStock ? 'in' : 'out') => ({
      id,
      timestamp: new Date(),
      attempts: 1,
      body: { sku, inStock, band, version },
    });
    const base = (await hintOf(sku))!.version;
    // Newest first, then the older ones and a duplicate of the newest, in one batch and in a later one.
    const batch = createMessageBatch('edgefront-stock-hints', [
      message('h3', false, base + 30),
      message('h1', true, base + 10),
      message('h3-again', false, base + 30),
      message('h2-low', true, base + 25, 'low'),
    ]);
    const ctx = createExecutionContext();
    await worker.queue(batch, env);
    const result = await getQueueResult(batch, ctx);
    expect(result.explicitAcks.sort()).toEqual(['h1', 'h2-low', 'h3', 'h3-again']);
    expect(await hintOf(sku)).toEqual({ inStock: 0, band: 'out', version: base + 30 });

    const late = createMessageBatch('edgefront-stock-hints', [
      message('h2', true, base + 20),
      { ...message('bad', true, 1), body: { sku, inStock: 'yes' } },
      { ...message('bad-band', true, base + 40), body: { sku, inStock: true, band: 'plenty', version: base + 40 } },
    ]);
    const lateCtx = createExecutionContext();
    await worker.queue(late, env);
    expect((await getQueueResult(late, lateCtx)).explicitAcks.sort()).toEqual(['bad', 'bad-band', 'h2']);
    expect(await hintOf(sku)).toEqual({ inStock: 0, band: 'out', version: base + 30 });

    // A message queued before bands were recorded (no `band`) moves the hint and clears the band:
    // the product page then asks the counter (test/product-page-trips.test.ts).
    const legacy = createMessageBatch('edgefront-stock-hints', [{ ...message('old-shape', true, base + 50), body: { sku, inStock: true, version: base + 50 } }]);
    const legacyCtx = createExecutionContext();
    await worker.queue(legacy, env);
    expect((await getQueueResult(legacy, legacyCtx)).explicitAcks).toEqual(['old-shape']);
    expect(await hintOf(sku)).toEqual({ inStock: 1, band: null, version: base + 50 });
  });

  it('purges the stock tag of each SKU whose row took a hint, after D1 has it (production config), and only those', async () => {
    const sku = takeSku();
    const zone = `hints${Date.now()}`;
    const purgeEnv = { ...env, CACHE_PURGE_ZONE_ID: zone, CACHE_PURGE_API_TOKEN: 'token', CACHE_PURGE_API_BASE: env.STRIPE_API_BASE } as Env;
    const base = (await hintOf(sku))!.version;
    const body = (inStock: boolean, band: string, version: number) => ({ sku, inStock, band, version });
    const batch = createMessageBatch('edgefront-stock-hints', [
      { id: 'p1', timestamp: new Date(), attempts: 1, body: body(true, 'low', base + 5) },
      // A SKU no row has: nothing taken, nothing to purge for it.
      { id: 'p0', timestamp: new Date(), attempts: 1, body: { ...body(true, 'in', base + 1), sku: 'NO-SUCH-SKU' } },
    ]);
    const ctx = createExecutionContext();
    await worker.queue(batch, purgeEnv);
    await getQueueResult(batch, ctx);
    expect(await hintOf(sku)).toMatchObject({ band: 'low', version: base + 5 });
    const purged = ((await (await fetch(`${env.STRIPE_API_BASE}/_purges?zone=${zone}`)).json()) as { items: { tags: string[] }[] }).items;
    expect(purged.flatMap((p) => p.tags)).toEqual([`stock-${sku.toLowerCase()}`]);
  });
});
