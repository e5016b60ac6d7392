import Stripe from 'stripe';
import { describe, expect, it } from 'vitest';
import { startStripeEmulator, verifyEdgefrontSignature, type OutboxItemView } from './index.js';
import {
  edgefrontSign,
  eventOfType,
  expectStripeError,
  FULFILLMENT_SECRET,
  responseHeader,
  sessionParams,
  sleep,
  testClient,
  useEmulator,
  verifiedEvent,
  WEBHOOK_SECRET,
} from './test-support.js';

const h = useEmulator();

describe('faults, delivery control and the outbox', () => {
  it('injects 500, 429 and slow answers', async () => {
    await h.control('/faults', { path: '/v1/checkout/sessions', status: 500 });
    expect(await expectStripeError(h.stripe.checkout.sessions.list())).toBeInstanceOf(Stripe.errors.StripeAPIError);
    await h.control('/faults', { method: 'POST', status: 429, count: 2 });
    expect(await expectStripeError(h.stripe.checkout.sessions.create(sessionParams()))).toBeInstanceOf(Stripe.errors.StripeRateLimitError);
    expect(await expectStripeError(h.stripe.checkout.sessions.create(sessionParams()))).toBeInstanceOf(Stripe.errors.StripeRateLimitError);
    const created = await h.stripe.checkout.sessions.create(sessionParams());

    // A timed-out create still happens server-side; retrying with the same key returns it.
    await h.control('/faults', { path: '/v1/checkout/sessions', delayMs: 600 });
    const timeout = await expectStripeError(h.stripe.checkout.sessions.create(sessionParams(), { idempotencyKey: 'slow-1', timeout: 200 }));
    expect(timeout).toBeInstanceOf(Stripe.errors.StripeConnectionError);
    await expect.poll(async () => (await h.stripe.checkout.sessions.list()).data.length, { timeout: 3000 }).toBe(2);
    const retried = await h.stripe.checkout.sessions.create(sessionParams(), { idempotencyKey: 'slow-1' });
    expect(responseHeader(retried, 'idempotent-replayed')).toBe('true');
    expect((await h.stripe.checkout.sessions.list()).data.map((s) => s.id)).toEqual([retried.id, created.id]);

    await h.control('/faults', { status: 503, count: 5 });
    await h.control('/faults', undefined, 'DELETE');
    expect((await h.stripe.checkout.sessions.list()).data).toHaveLength(2);
  });

  it('pauses delivery and only delivers paused items on flush', async () => {
    expect((await h.control('/delivery', { enabled: false })).json).toEqual({ enabled: false });
    const session = await h.stripe.checkout.sessions.create(sessionParams());
    h.emulator.pay(session.id);
    await sleep(150);
    expect(h.receiver.received).toHaveLength(0);
    await h.control('/delivery', { enabled: true });
    await sleep(150);
    expect(h.receiver.received).toHaveLength(0);
    expect((await h.outbox())[0]).toMatchObject({ delivered: false, attempts: 0 });
    await h.control('/delivery', { enabled: true, flush: true });
    verifiedEvent(await h.receiver.waitFor(eventOfType('checkout.session.completed', session.id)));
  });

  it('lists outbox items with fresh signatures a test can deliver itself', async () => {
    await h.control('/delivery', { enabled: false });
    const a = await h.stripe.checkout.sessions.create(sessionParams());
    const b = await h.stripe.checkout.sessions.create(sessionParams());
    h.emulator.pay(a.id);
    await h.stripe.checkout.sessions.expire(b.id);
    const items = await h.outbox(`?session=${a.id}`);
    expect(items).toHaveLength(1);
    const [item] = items as [OutboxItemView];
    expect(item).toMatchObject({ kind: 'stripe_event', path: '/webhooks/stripe', type: 'checkout.session.completed', delivered: false });
    expect(item.headers['content-type']).toBe('application/json; charset=utf-8');
    const event = h.stripe.webhooks.constructEvent(item.body, item.headers['stripe-signature']!, WEBHOOK_SECRET);
    expect((event.data.object as Stripe.Checkout.Session).id).toBe(a.id);
    expect(await h.outbox('?type=checkout.session.expired')).toHaveLength(1);
  });
});

describe('without a store URL', () => {
  it('keeps events in the outbox, undelivered', async () => {
    const quiet = await startStripeEmulator({ port: 0, webhookSecret: WEBHOOK_SECRET, fulfillmentSecret: FULFILLMENT_SECRET, storeUrl: null });
    try {
      const client = testClient('sk_test_quiet', quiet.port);
      const session = await client.checkout.sessions.create(sessionParams());
      quiet.pay(session.id);
      await sleep(100);
      const items = quiet.outbox({ session: session.id });
      expect(items).toHaveLength(1);
      expect(items[0]).toMatchObject({ type: 'checkout.session.completed', attempts: 0, delivered: false });
      expect((await fetch(`${quiet.url}/c/pay/cs_test_unknown`)).status).toBe(404);
    } finally {
      await quiet.close();
    }
  });
});

describe('warehouse', () => {
  const order = { orderId: 'ord_1', email: 'ada@example.com', lines: [{ sku: 'MUG-1', title: 'Ceramic mug', quantity: 2 }] };
  const ship = (body: string, signature?: string) =>
    fetch(`${h.emulator?.url}/_warehouse/shipments`, {
      method: 'POST',
      body,
      headers: { 'content-type': 'application/json', ...(signature ? { 'edgefront-signature': signature } : {}) },
    });

  it('rejects bad signatures, accepts an order once and calls back signed', async () => {
    const body = JSON.stringify(order);
    for (const signature of [undefined, edgefrontSign(body, 'wrong'), edgefrontSign(body, FULFILLMENT_SECRET, Math.floor(Date.now() / 1000) - 301)]) {
      const rejected = await ship(body, signature);
      expect(rejected.status).toBe(400);
      expect(((await rejected.json()) as { error: { code: string } }).error.code).toBe('invalid_signature');
    }

    const first = await ship(body, edgefrontSign(body));
    expect(first.status).toBe(201);
    const accepted = (await first.json()) as { shipmentId: string; orderId: string; status: string };
    expect(accepted).toMatchObject({ orderId: 'ord_1', status: 'accepted' });
    expect(accepted.shipmentId).toMatch(/^shp_/);
    const duplicate = await ship(body, edgefrontSign(body));
    expect(duplicate.status).toBe(200);
    expect(((await duplicate.json()) as { shipmentId: string }).shipmentId).toBe(accepted.shipmentId);
    expect((await h.control('/shipments', undefined, 'GET')).json.items).toEqual([
      expect.objectContaining({ shipmentId: accepted.shipmentId, orderId: 'ord_1', receivedCount: 2 }),
    ]);

    const callback = await h.receiver.waitFor((r) => r.path === '/webhooks/fulfillment');
    expect(verifyEdgefrontSignature(callback.headers['edgefront-signature'] as string, callback.body, FULFILLMENT_SECRET)).toEqual({ ok: true });
    expect(JSON.parse(callback.body)).toMatchObject({ orderId: 'ord_1', shipmentId: accepted.shipmentId, status: 'shipped', carrier: 'Emulated Post' });
    const [item] = await h.outbox('?order=ord_1');
    expect(item).toMatchObject({ kind: 'fulfillment_callback', path: '/webhooks/fulfillment', delivered: true });
    expect(verifyEdgefrontSignature(item!.headers['edgefront-signature'], item!.body, FULFILLMENT_SECRET).ok).toBe(true);
  });

  it('keeps the shipping address of an order, and takes orders without one', async () => {
    const shippingAddress = { name: 'Ada Lovelace', line1: '1 Main St', line2: null, city: 'Springfield', region: 'IL', postalCode: '62701', country: 'US' };
    const withAddress = JSON.stringify({ ...order, orderId: 'ord_addr', shippingAddress });
    expect((await ship(withAddress, edgefrontSign(withAddress))).status).toBe(201);
    const older = JSON.stringify({ ...order, orderId: 'ord_old' });
    expect((await ship(older, edgefrontSign(older))).status).toBe(201);
    const items = (await h.control('/shipments', undefined, 'GET')).json.items as Array<{ orderId: string; shippingAddress: unknown }>;
    expect(items.map((s) => [s.orderId, s.shippingAddress])).toEqual([
      ['ord_addr', shippingAddress],
      ['ord_old', null],
    ]);
    expect(h.emulator.shipments()[0]!.shippingAddress).toEqual(shippingAddress);

    const bad = JSON.stringify({ ...order, orderId: 'ord_bad', shippingAddress: '1 Main St' });
    const refused = await ship(bad, edgefrontSign(bad));
    expect(refused.status).toBe(400);
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('invalid_order');
  });

  it('resets everything and answers health checks', async () => {
    const body = JSON.stringify(order);
    await ship(body, edgefrontSign(body));
    await h.stripe.checkout.sessions.create(sessionParams(), { idempotencyKey: 'reset-me' });
    await h.control('/faults', { status: 500 });
    expect((await h.control('/reset')).json).toEqual({ ok: true });
    expect((await h.control('/health', undefined, 'GET')).json).toEqual({ ok: true });
    expect((await h.control('/shipments', undefined, 'GET')).json.items).toEqual([]);
    expect((await h.stripe.checkout.sessions.list()).data).toEqual([]);
    const fresh = await h.stripe.checkout.sessions.create(sessionParams({ client_reference_id: 'other' }), { idempotencyKey: 'reset-me' });
    expect(fresh.client_reference_id).toBe('other');
    await sleep(200);
    expect(await h.outbox()).toEqual([]);
  });
});
