import { createExecutionContext, env, waitOnExecutionContext } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import worker from '../worker/index';
import { eventually, skuPool } from './checkout-helpers';
import { admin, ORIGIN } from './helpers';

/**
 * The uncached product page costs one D1 round trip, stock bands and drops included (bench:pages checks
 * the same under load): counted on the D1 binding itself, every `batch` and every statement run alone.
 */

let take: Awaited<ReturnType<typeof skuPool>>;
beforeAll(async () => {
  take = await skuPool(6);
});

function countingDb() {
  const trips: string[] = [];
  const wrapStatement = (stmt: D1PreparedStatement, sql: string): D1PreparedStatement =>
    new Proxy(stmt, {
      get(target, prop) {
        const value = Reflect.get(target, prop) as unknown;
        if (prop === 'bind') return (...args: unknown[]) => wrapStatement(target.bind(...args), sql);
        if (prop === 'first' || prop === 'all' || prop === 'run' || prop === 'raw')
          return (...args: unknown[]) => {
            trips.push(sql);
            return (value as (...a: unknown[]) => unknown).apply(target, args);
          };
        return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
      },
    });
  const db = new Proxy(env.DB, {
    get(target, prop) {
      if (prop === 'prepare') return (sql: string) => wrapStatement(target.prepare(sql), sql);
      if (prop === 'batch')
        return (stmts: D1PreparedStatement[]) => {
          trips.push(`batch of ${stmts.length}`);
          return target.batch(stmts);
        };
      const value = Reflect.get(target, prop) as unknown;
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
  return { db, trips };
}

/** The counters' namespace, counting the SKUs asked. */
function countingInventory() {
  const asked: string[] = [];
  const ns = new Proxy(env.INVENTORY, {
    get(target, prop) {
      if (prop === 'getByName') return (name: string) => (asked.push(name), target.getByName(name));
      const value = Reflect.get(target, prop) as unknown;
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
  return { ns, asked };
}

async function pageTrips(slug: string, inventory = env.INVENTORY) {
  const { db, trips } = countingDb();
  const ctx = createExecutionContext();
  const res = await worker.fetch(new Request(`${ORIGIN}/products/${slug}`) as Request<unknown, IncomingRequestCfProperties>, { ...env, DB: db, INVENTORY: inventory, EDGE_CACHE: 'off' } as Env, ctx);
  const html = await res.text();
  await waitOnExecutionContext(ctx);
  expect(res.status).toBe(200);
  return { trips, html };
}

const slugOf = async (sku: string) =>
  (await env.DB.prepare('select p.slug from products p join variants v on v.product_id = p.id where v.sku = ?').bind(sku).first<{ slug: string }>())!.slug;

const bandsOf = (html: string) =>
  (JSON.parse(/<script type="application\/json" id="product-data">([^<]*)<\/script>/.exec(html)![1]!) as { variants: { sku: string; band: string }[] }).variants;

describe('uncached product page: one D1 round trip', () => {
  it('a product of no drop, first seen by this isolate', async () => {
    const { sku } = await take(20);
    const slug = await slugOf(sku);
    for (let i = 0; i < 3; i++) {
      const { trips, html } = await pageTrips(slug);
      expect(trips).toHaveLength(1);
      expect(trips[0]).toMatch(/^batch of/);
      expect(bandsOf(html).find((v) => v.sku === sku)?.band).toBe('in');
    }
  });

  it('a product with a drop SKU: its drop banner and its sharded stock band from the same one trip', async () => {
    const { sku } = await take(3);
    const startsAt = new Date(Date.now() + 3_600_000).toISOString();
    const body = { skus: [sku], startsAt, admitPerMinute: 600, perCustomerLimit: 1, turnstile: false };
    expect((await admin('PUT', '/drops/trips-drop', body)).status).toBe(200);
    // Now sharded: the stock goes to its shards.
    expect((await admin('PUT', `/stock/${sku}`, { onHand: 3 })).status).toBe(200);
    const slug = await slugOf(sku);
    const { trips, html } = await pageTrips(slug);
    expect(trips).toHaveLength(1);
    expect(html).toContain(`data-countdown="${startsAt}"`);
    expect(html).toContain('href="/drops/trips-drop"');
    // The band agrees with the stock API, which reads the layout from D1 itself.
    const api = (await (await worker.fetch(new Request(`${ORIGIN}/api/stock?skus=${sku}`) as Request<unknown, IncomingRequestCfProperties>, env, createExecutionContext())).json()) as { items: { available: number }[] };
    expect(api.items[0]!.available).toBe(3);
    expect(bandsOf(html).find((v) => v.sku === sku)?.band).toBe('low');
  });
});

const recordedBand = (sku: string) =>
  env.DB.prepare('select stock_band as band, stock_hint_version as version from variants where sku = ?').bind(sku).first<{ band: string | null; version: number }>();

/** Stocks every variant of the SKU's product (20 each) and waits until D1 has all their bands. */
async function stockedProduct(sku: string) {
  const slug = await slugOf(sku);
  const { results } = await env.DB.prepare('select v.sku from variants v join products p on p.id = v.product_id where p.slug = ?').bind(slug).all<{ sku: string }>();
  const skus = results.map((r) => r.sku);
  expect((await admin('PUT', '/stock', { items: skus.map((s) => ({ sku: s, onHand: 20 })) })).status).toBe(200);
  for (const s of skus) await eventually(async () => expect(await recordedBand(s)).toMatchObject({ band: 'in' }));
  return slug;
}

describe('uncached product page: bands from D1, a counter asked only where D1 is behind', () => {
  it('renders from the bands D1 recorded, asking no counter; a band change reaches D1 and the page', async () => {
    const { sku } = await take(20);
    // Each stock write woke its SKU's feed, whose first band went through the hint queue to D1.
    const slug = await stockedProduct(sku);
    const quiet = countingInventory();
    const { trips, html } = await pageTrips(slug, quiet.ns);
    expect(bandsOf(html).find((v) => v.sku === sku)?.band).toBe('in');
    expect(trips).toHaveLength(1);
    expect(quiet.asked).toEqual([]);

    // 20 -> 0: sold out. The feed bumps the generation and queues the band; the page says so.
    expect((await admin('PUT', `/stock/${sku}`, { onHand: 0 })).status).toBe(200);
    await eventually(async () => expect(await recordedBand(sku)).toMatchObject({ band: 'out' }));
    await eventually(async () => {
      const after = countingInventory();
      const { html } = await pageTrips(slug, after.ns);
      expect(bandsOf(html).find((v) => v.sku === sku)?.band).toBe('out');
      expect(after.asked).toEqual([]);
    });
  });

  it('a SKU whose recorded band is older than its generation, or missing, is asked of its counter', async () => {
    const { sku } = await take(20);
    const slug = await stockedProduct(sku);
    // 20 -> 3 units (low), and the hint queue not yet delivered: D1 still says "in" at the old version.
    const { version } = (await recordedBand(sku))!;
    expect((await admin('PUT', `/stock/${sku}`, { onHand: 3 })).status).toBe(200);
    await eventually(async () => expect(await recordedBand(sku)).toMatchObject({ band: 'low' }));
    await env.DB.prepare('update variants set stock_band = ?, stock_hint_version = ? where sku = ?').bind('in', version, sku).run();
    await eventually(async () => {
      const lagging = countingInventory();
      const { html } = await pageTrips(slug, lagging.ns);
      expect(bandsOf(html).find((v) => v.sku === sku)?.band).toBe('low');
      expect(lagging.asked).toEqual([sku]);
    });

    // No band recorded at all (a message of the old shape cleared it): asked as well.
    await env.DB.prepare('update variants set stock_band = null, stock_hint_version = ? where sku = ?').bind(version + 100, sku).run();
    const missing = countingInventory();
    expect(bandsOf((await pageTrips(slug, missing.ns)).html).find((v) => v.sku === sku)?.band).toBe('low');
    expect(missing.asked).toEqual([sku]);
  });
});
