import { createExecutionContext, env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { isOverloaded } from '../worker/http/overload';
import worker from '../worker/index';
import { DROP_STOCK_SHARDS, auditShards, homeShard, shardName } from '../worker/inventory/sharded-stock';
import { ADDRESS, checkedOut, skuPool } from './checkout-helpers';
import { ORIGIN, admin, expectError, storeFetch } from './helpers';
import { Shopper } from './shopper';

let take: Awaited<ReturnType<typeof skuPool>>;
beforeAll(async () => {
  take = await skuPool(12);
});

/** Makes `sku` a drop SKU (a row in `drop_skus`), which splits its stock over shards from then on. */
async function dropOf(sku: string) {
  const id = `drop-${crypto.randomUUID().slice(0, 8)}`;
  const body = { skus: [sku], startsAt: new Date(Date.now() + 3_600_000).toISOString(), admitPerMinute: 60, perCustomerLimit: 2, turnstile: false };
  expect((await admin('PUT', `/drops/${id}`, body)).status).toBe(200);
  // Started a minute ago, admitting 1,000 a second: the first joiner is let in at once.
  await env.DB.prepare('update drops set starts_at = ?, admit_per_minute = 60000 where id = ?').bind(Date.now() - 60_000, id).run();
  return id;
}

/** A shopper the drop's waiting room admitted (its cookies carry the admission). */
async function admitted(dropId: string) {
  const shopper = new Shopper();
  const joined = await shopper.fetch('POST', `/api/drops/${dropId}/queue`, {});
  expect(joined.status, await joined.clone().text()).toBe(200);
  const { ticket } = (await joined.json()) as { ticket: string };
  const polled = await shopper.fetch('GET', `/api/drops/${dropId}/queue?ticket=${encodeURIComponent(ticket)}`);
  expect(await polled.json()).toMatchObject({ admitted: true });
  return shopper;
}

/** What workerd throws when an object's queue is full (it also marks it `overloaded`, `retryable`). */
const overloadedError = () =>
  Object.assign(new Error('Durable Object is overloaded. Too many requests queued.'), { overloaded: true, retryable: true });

/** The INVENTORY binding of a runtime whose every counter is overloaded: a test-only configuration. */
const overloadedInventory = new Proxy(env.INVENTORY, {
  get(target, prop) {
    if (prop === 'getByName' || prop === 'get') {
      return () =>
        new Proxy({}, { get: (_t, method) => (method === 'then' ? undefined : () => Promise.reject(overloadedError())) });
    }
    return Reflect.get(target, prop);
  },
});

/** The store's own fetch handler with that binding, for requests carrying `cookie`. */
const overloadedStore = (method: string, path: string, body?: unknown, cookie = '') =>
  worker.fetch(
    new Request(`${ORIGIN}${path}`, {
      method,
      headers: { 'content-type': 'application/json', ...(cookie ? { cookie } : {}), origin: ORIGIN },
      body: body === undefined ? undefined : JSON.stringify(body),
    }) as Request<unknown, IncomingRequestCfProperties>,
    { ...env, INVENTORY: overloadedInventory },
    createExecutionContext(),
  );

async function expectBusy(res: Response) {
  const body = await expectError(res, 503, 'unavailable');
  expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
  expect(JSON.stringify(body)).not.toMatch(/Durable Object|overloaded\.|queued/);
}

describe('a drop SKU in the store', () => {
  it('sets, shows and sells its stock across its shards', async () => {
    const { sku } = await take(0);
    const dropId = await dropOf(sku);
    const set = await admin('PUT', `/stock/${sku}`, { onHand: 20 });
    expect(set.status, await set.clone().text()).toBe(200);
    const before = await auditShards(env.INVENTORY, sku, DROP_STOCK_SHARDS);
    expect(before.onHand).toBe(20);
    expect(Math.max(...before.shards.map((s) => s.onHand)) - Math.min(...before.shards.map((s) => s.onHand))).toBeLessThanOrEqual(1);
    // Its own counter holds nothing, so a stale reader cannot sell the units a second time.
    expect((await env.INVENTORY.getByName(sku).snapshot()).onHand).toBe(0);
    // The admin sees the SKU's stock as one counter: the shards summed.
    expect(await (await admin('GET', `/stock/${sku}`)).json()).toMatchObject({ sku, onHand: 20, reserved: 0, available: 20 });
    const island = await storeFetch(`${ORIGIN}/api/stock?skus=${sku}`);
    expect(await island.json()).toEqual({ items: [{ sku, available: 20 }] });

    const shopper = await admitted(dropId);
    await shopper.added(sku, 2);
    const order = await checkedOut(shopper, 'sharded@example.com', {}, { shippingAddress: ADDRESS });
    const home = shardName(sku, homeShard(order.orderId, DROP_STOCK_SHARDS));
    const held = await env.INVENTORY.getByName(home).snapshot();
    expect(held.reservations).toEqual([expect.objectContaining({ id: order.orderId, qty: 2 })]);
    const after = await auditShards(env.INVENTORY, sku, DROP_STOCK_SHARDS);
    expect(after.reserved).toBe(2);
    expect(after.onHand + after.inFlight).toBe(20);
  });
});

describe('an overloaded counter', () => {
  it('is recognised by its flag, or by its message once RPC kept only the message', () => {
    expect(isOverloaded(overloadedError())).toBe(true);
    expect(isOverloaded(new Error('Durable Object is overloaded. Requests queued for too long.'))).toBe(true);
    expect(isOverloaded(new Error('boom', { cause: overloadedError() }))).toBe(true);
    expect(isOverloaded(new Error('D1_ERROR: no such table'))).toBe(false);
  });

  it('answers cart add and the stock island with 503 unavailable + Retry-After, never the runtime text', async () => {
    const { sku } = await take(5);
    await expectBusy(await overloadedStore('POST', '/api/cart/items', { sku, quantity: 1 }));
    await expectBusy(await overloadedStore('GET', `/api/stock?skus=${sku}`));
  });

  it('answers checkout with 503 unavailable + Retry-After and leaves no hold and no open order', async () => {
    const { sku } = await take(5);
    const shopper = new Shopper();
    await shopper.added(sku, 1);
    const pendingBefore = await env.DB.prepare("select count(*) as n from orders where status = 'pending'").first<{ n: number }>();
    const res = await overloadedStore('POST', '/api/checkout', { email: 'busy@example.com', shippingAddress: ADDRESS }, shopper.cookie);
    await expectBusy(res);
    const pendingAfter = await env.DB.prepare("select count(*) as n from orders where status = 'pending'").first<{ n: number }>();
    expect(pendingAfter!.n).toBe(pendingBefore!.n);
    expect((await env.INVENTORY.getByName(sku).snapshot()).reserved).toBe(0);
  });
});
