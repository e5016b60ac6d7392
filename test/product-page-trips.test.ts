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

describe('uncached product page: the counters are asked only when a band may have changed', () => {
  it('a second render under the same generations asks no counter; a band change makes it ask and show it', async () => {
    const { sku } = await take(20);
    const slug = await slugOf(sku);
    const first = countingInventory();
    expect(bandsOf((await pageTrips(slug, first.ns)).html).find((v) => v.sku === sku)?.band).toBe('in');
    expect(first.asked).toContain(sku);
    // The first word of a counter wakes its feed, whose first band write is a generation: let it land.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    await pageTrips(slug);
    await new Promise((resolve) => setTimeout(resolve, 1_200));
    await pageTrips(slug);
    const again = countingInventory();
    expect(bandsOf((await pageTrips(slug, again.ns)).html).find((v) => v.sku === sku)?.band).toBe('in');
    expect(again.asked).toEqual([]);
    // 20 -> 2 units: the band goes to low, its feed bumps the generation, the page asks and says so.
    expect((await admin('PUT', `/stock/${sku}`, { onHand: 2 })).status).toBe(200);
    await eventually(async () => {
      const after = countingInventory();
      const { html } = await pageTrips(slug, after.ns);
      expect(bandsOf(html).find((v) => v.sku === sku)?.band).toBe('low');
      expect(after.asked).toContain(sku);
    });
  });
});
