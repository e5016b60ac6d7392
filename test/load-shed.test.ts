import { createExecutionContext, env, waitOnExecutionContext } from 'cloudflare:test';
import { serializeSigned } from 'hono/utils/cookie';
import { beforeAll, describe, expect, it } from 'vitest';
import { generateCatalog } from '../scripts/seed/generate';
import { flushEvents } from '../worker/telemetry/recorder';
import worker from '../worker/index';
import { ADDRESS, shopperWith, skuPool } from './checkout-helpers';
import { admittedShopper, startedDrop } from './drop-helpers';
import { ORIGIN, countRows, expectError, useOwnWorker } from './helpers';

// Drives this file's isolate past its shedding limit on purpose: its own Worker, not SELF.
useOwnWorker();

const PRODUCTS = 16;
let take: Awaited<ReturnType<typeof skuPool>>;
// The seeded catalog (seedCatalog is deterministic); the pages read below are the last products,
// whose SKUs the pool (handed out from the first) never stocks, so no band changes under them.
const catalog = generateCatalog({ products: PRODUCTS });
const readable = (i: number) => catalog.products[PRODUCTS - 1 - i]!;
beforeAll(async () => {
  take = await skuPool(PRODUCTS);
});

/**
 * One request straight into the store's fetch handler with `over` in its settings. Called without
 * awaiting, the request is counted in the isolate's gauge (or shed) before the call returns, so
 * requests started one after another in the same turn overlap for certain.
 */
function send(over: Partial<Env>, path: string, init: RequestInit = {}) {
  const ctx = createExecutionContext();
  const answer = worker.fetch(new Request(`${ORIGIN}${path}`, init) as Request<unknown, IncomingRequestCfProperties>, { ...env, ...over } as Env, ctx);
  return Promise.resolve(answer).then(async (res) => {
    await waitOnExecutionContext(ctx);
    return res;
  });
}

const checkoutOf = (over: Partial<Env>, cookie: string, email: string) =>
  send(over, '/api/checkout', {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie, origin: ORIGIN, 'idempotency-key': email },
    body: JSON.stringify({ email, shippingAddress: ADDRESS }),
  });

const ordersFor = async (prefix: string) =>
  (await env.DB.prepare('select count(*) as n from orders where email like ?').bind(`${prefix}%`).first<{ n: number }>())?.n ?? 0;

describe('early load shedding', () => {
  it('past its limit, sheds uncached reads at once (stale copy, else 503) while concurrent checkouts, carts and webhooks go through', async () => {
    // Copies are never fresh (so the hot lane does not answer first) but stay usable as stale ones.
    const over = { SHED_READS_INFLIGHT: '8', CACHE_FRESH_SECONDS: '0' };
    const [a, b, c] = [readable(0), readable(1), readable(2)];
    const shoppers = await Promise.all(Array.from({ length: 12 }, async () => shopperWith([(await take(5)).sku, 1])));
    const late = await take(5);
    const primed = await send(over, `/products/${a.slug}`);
    expect(primed.headers.get('x-cache')).toBe('MISS');
    const primedBody = await primed.text();

    const checkouts = shoppers.map((s, i) => checkoutOf(over, s.cookie, `shed-co-${i}@example.com`));
    const stale = send(over, `/products/${a.slug}`);
    const page = send(over, `/products/${b.slug}`);
    const api = send(over, `/api/products/${c.slug}`);
    const listing = send(over, '/api/products?q=zz-no-such-thing');
    const cartAdd = send(over, '/api/cart/items', { method: 'POST', headers: { 'content-type': 'application/json', origin: ORIGIN }, body: JSON.stringify({ sku: late.sku, quantity: 1 }) });
    const webhook = send(over, '/webhooks/stripe', { method: 'POST', headers: { 'content-type': 'application/json', 'stripe-signature': 't=1,v1=00' }, body: '{}' });

    const staleRes = await stale;
    expect(staleRes.status).toBe(200);
    expect(staleRes.headers.get('x-cache')).toBe('STALE');
    expect(await staleRes.text()).toBe(primedBody);

    const pageRes = await page;
    expect(pageRes.status).toBe(503);
    expect(pageRes.headers.get('content-type')).toMatch(/^text\/html/);
    expect(Number(pageRes.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await pageRes.text()).toContain('very busy');
    for (const res of [await api, await listing]) {
      expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(((await expectError(res, 503, 'unavailable')).error as { reason?: string }).reason).toBe('shed');
    }

    expect((await cartAdd).status).toBe(200);
    expect((await webhook).status).toBe(400);
    const answered = await Promise.all(checkouts);
    expect(answered.map((r) => r.status)).toEqual(answered.map(() => 201));
    expect(await ordersFor('shed-co-')).toBe(12);

    // The gauge counts down whatever the answers were; it answers for itself alone now.
    const health = await (await send(over, '/healthz')).json<{ load: { inFlight: number; shed: number; servedStale: number } }>();
    expect(health.load.inFlight).toBe(1);
    expect(health.load.shed).toBeGreaterThanOrEqual(3);
    expect(health.load.servedStale).toBeGreaterThanOrEqual(1);
  });

  it('past the cart-add limit, a new cart add is refused at once (no cart made) while the concurrent checkouts go through', async () => {
    const over = { SHED_CART_ADDS_INFLIGHT: '6' };
    const shoppers = await Promise.all(Array.from({ length: 6 }, async () => shopperWith([(await take(5)).sku, 1])));
    const late = await take(5);
    const checkouts = shoppers.map((s, i) => checkoutOf(over, s.cookie, `shed-add-${i}@example.com`));
    const apiAdd = send(over, '/api/cart/items', { method: 'POST', headers: { 'content-type': 'application/json', origin: ORIGIN }, body: JSON.stringify({ sku: late.sku, quantity: 1 }) });
    const formAdd = send(over, '/cart/items', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', origin: ORIGIN }, body: `sku=${late.sku}&quantity=1` });
    const page = send(over, `/products/${readable(5).slug}`);

    const api = await apiAdd;
    expect(api.headers.get('set-cookie')).toBeNull();
    expect(((await expectError(api, 503, 'unavailable')).error as { reason?: string }).reason).toBe('shed');
    const form = await formAdd;
    expect(form.status).toBe(503);
    expect(form.headers.get('content-type')).toMatch(/^text\/html/);
    expect(form.headers.get('set-cookie')).toBeNull();
    // Reads have their own (default) limit, not reached at 6 in flight.
    expect((await page).status).toBe(200);
    expect((await Promise.all(checkouts)).map((r) => r.status)).toEqual(checkouts.map(() => 201));
    expect(await ordersFor('shed-add-')).toBe(6);
    // The same add, once the isolate is not busy, makes the cart (and sets its cookie): the shed one did not.
    const added = await send(over, '/api/cart/items', { method: 'POST', headers: { 'content-type': 'application/json', origin: ORIGIN }, body: JSON.stringify({ sku: late.sku, quantity: 1 }) });
    expect(added.status).toBe(200);
    expect(added.headers.get('set-cookie')).toMatch(/^cart=/);
  });

  it('a shed read writes nothing: no cookie, no cached copy, no telemetry event', async () => {
    const over = { SHED_READS_INFLIGHT: '2' };
    const d = readable(3);
    await flushEvents({ ...env } as Env);
    const eventsBefore = await countRows('events');
    const holding = [send(over, '/healthz'), send(over, '/healthz')];
    const shed = await Promise.all([send(over, `/products/${d.slug}`), send(over, `/api/products/${d.slug}`), send(over, '/products?q=shed')]);
    expect(shed.map((r) => r.status)).toEqual([503, 503, 503]);
    for (const res of shed) {
      expect(res.headers.get('set-cookie')).toBeNull();
      expect(res.headers.get('cache-control')).toBe('no-store');
      await res.arrayBuffer();
    }
    await Promise.all(holding);
    await flushEvents({ ...env } as Env);
    expect(await countRows('events')).toBe(eventsBefore);
    // Nothing was stored for the shed page: the first real answer renders it.
    expect((await send({}, `/products/${d.slug}`)).headers.get('x-cache')).toBe('MISS');
  });

  it('a drop\'s waiting room is neither counted nor shed, and past the cart-add limit a shopper it let in still adds', async () => {
    const over = { SHED_READS_INFLIGHT: '6', SHED_CART_ADDS_INFLIGHT: '4' };
    const drop = await startedDrop('shed-drop', (await take(0)).sku);
    const admitted = await admittedShopper(drop.id);
    const ticket = decodeURIComponent(/drop_shed-drop=([^;]+)/.exec(admitted.cookie)![1]!).split('~')[2]!;
    const json = (cookie: string) => ({ 'content-type': 'application/json', origin: ORIGIN, cookie });
    const addOf = (cookie: string, sku: string) => send(over, '/api/cart/items', { method: 'POST', headers: json(cookie), body: JSON.stringify({ sku, quantity: 1 }) });

    // Twelve waiting-room calls in flight, twice the read limit: a page read beside them is not shed.
    const polls = Array.from({ length: 6 }, () => send(over, `/api/drops/${drop.id}/queue?ticket=${encodeURIComponent(ticket)}`, { headers: { cookie: admitted.cookie } }));
    const pages = Array.from({ length: 6 }, () => send(over, `/drops/${drop.id}`, { headers: { cookie: admitted.cookie } }));
    const read = send(over, `/products/${readable(6).slug}`);
    expect((await read).status).toBe(200);
    expect((await Promise.all(polls)).map((r) => r.status)).toEqual(polls.map(() => 200));
    expect((await Promise.all(pages)).map((r) => r.status)).toEqual(pages.map(() => 200));

    // Past the cart-add limit: the admitted shopper's drop add goes through; a plain add and one with a forged admission are shed.
    const shoppers = await Promise.all(Array.from({ length: 4 }, async () => shopperWith([(await take(5)).sku, 1])));
    const late = await take(5);
    const forged = (await serializeSigned('drop_shed-drop', `shed-drop~vis_${'a'.repeat(22)}~tkt_1_${'b'.repeat(22)}~${Date.now() + 60_000}`, 'not-the-secret')).split(';')[0]!;
    const checkouts = shoppers.map((s, i) => checkoutOf(over, s.cookie, `shed-drop-${i}@example.com`));
    const admittedAdd = addOf(admitted.cookie, drop.sku);
    const plainAdd = addOf('', late.sku);
    const forgedAdd = addOf(forged, late.sku);
    const added = await admittedAdd;
    expect(added.status, await added.clone().text()).toBe(200);
    expect((await added.json<{ items: { sku: string }[] }>()).items.map((i) => i.sku)).toEqual([drop.sku]);
    for (const res of [await plainAdd, await forgedAdd]) {
      expect(((await expectError(res, 503, 'unavailable')).error as { reason?: string }).reason).toBe('shed');
    }
    expect((await Promise.all(checkouts)).map((r) => r.status)).toEqual(checkouts.map(() => 201));
  });

  it('sheds nothing under the same overlap below the default limits (32 each)', async () => {
    const over = { SHED_READS_INFLIGHT: '32', SHED_CART_ADDS_INFLIGHT: '32' };
    const e = readable(4);
    const shoppers = await Promise.all(Array.from({ length: 8 }, async () => shopperWith([(await take(5)).sku, 1])));
    const late = await take(5);
    const checkouts = shoppers.map((s, i) => checkoutOf(over, s.cookie, `noshed-co-${i}@example.com`));
    const reads = [
      send(over, `/products/${e.slug}`),
      send(over, `/api/products/${e.slug}`),
      send(over, '/products'),
      send(over, '/api/cart/items', { method: 'POST', headers: { 'content-type': 'application/json', origin: ORIGIN }, body: JSON.stringify({ sku: late.sku, quantity: 1 }) }),
    ];
    expect((await Promise.all(reads)).map((r) => r.status)).toEqual([200, 200, 200, 200]);
    expect((await Promise.all(checkouts)).map((r) => r.status)).toEqual(checkouts.map(() => 201));
  });
});
