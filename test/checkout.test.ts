import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import type { CheckoutAnswer } from '../worker/checkout/checkout';
import {
  checkedOut,
  checkoutAs,
  deliverAll,
  emulator,
  eventually,
  orderStatus,
  outbox,
  deliver,
  sessionOf,
  shopperWith,
  skuPool,
  stockOf,
  stripeApi,
  waitForStatus,
  wrongToken,
} from './checkout-helpers';
import { countRows, expectError, get } from './helpers';
import { Shopper } from './shopper';

let take: Awaited<ReturnType<typeof skuPool>>;

beforeAll(async () => {
  take = await skuPool();
});

const ORDER_ID = /^ord_[A-Za-z0-9_-]{22}$/;

describe('POST /api/checkout → Pay → webhook → fulfillment', () => {
  it('takes a shopper from cart to a shipped order, each effect once', async () => {
    const a = await take(5);
    const b = await take(3);
    const shopper = await shopperWith([a.sku, 2], [b.sku, 1]);
    const answer = await checkedOut(shopper, 'ada@example.com');

    expect(answer.orderId).toMatch(ORDER_ID);
    expect(answer.orderToken.length).toBeGreaterThanOrEqual(32);
    expect(answer.checkoutUrl).toMatch(new RegExp(`^${env.STRIPE_API_BASE}/c/pay/cs_test_`));
    // Holds are taken at checkout, not at payment.
    expect((await stockOf(a.sku)).available).toBe(3);
    expect((await stockOf(b.sku)).available).toBe(2);

    // The provider is asked for exactly what D1 says the cart costs (no tax in Oregon; shipping by weight).
    const subtotal = a.price * 2 + b.price;
    const { shipping } = await orderStatus(answer);
    const total = subtotal + shipping!.amount;
    const sessionId = await sessionOf(answer.orderId);
    const session = await stripeApi<{ amount_total: number; currency: string; client_reference_id: string }>(
      `/v1/checkout/sessions/${sessionId}`,
    );
    expect(session).toMatchObject({ amount_total: total, currency: 'usd', client_reference_id: answer.orderId });
    const pending = await orderStatus(answer);
    expect(pending).toMatchObject({ status: 'pending', total: { amount: total, currency: 'usd' } });
    expect(pending.lines.map((l) => [l.sku, l.quantity, l.unitPrice.amount])).toEqual([
      [a.sku, 2, a.price],
      [b.sku, 1, b.price],
    ]);

    await emulator('POST', `/_emulator/sessions/${sessionId}/pay`);
    await deliverAll({ session: sessionId, type: 'checkout.session.completed' });

    // Paid → stock committed → cart emptied → the warehouse is told once → fulfilling.
    await waitForStatus(answer, 'fulfilling');
    expect(await stockOf(a.sku)).toMatchObject({ onHand: 3, reserved: 0, available: 3 });
    expect(await stockOf(b.sku)).toMatchObject({ onHand: 2, reserved: 0, available: 2 });
    expect((await shopper.cart()).items).toEqual([]);
    const shipments = await emulator<{ items: { orderId: string; receivedCount: number }[] }>('GET', '/_emulator/shipments');
    expect(shipments.items.filter((s) => s.orderId === answer.orderId)).toEqual([
      expect.objectContaining({ orderId: answer.orderId, receivedCount: 1 }),
    ]);

    // The warehouse's signed callback marks it shipped.
    await eventually(async () => expect(await outbox({ order: answer.orderId })).toHaveLength(1));
    await deliverAll({ order: answer.orderId });
    const shipped = await orderStatus(answer);
    expect(shipped.status).toBe('shipped');
    expect(shipped.shipment).toMatchObject({ carrier: expect.any(String), trackingNumber: expect.any(String) });
  });

  it('answers 201 with the contract shape and no-store', async () => {
    const a = await take(5);
    const res = await checkoutAs(await shopperWith([a.sku, 1]), 'grace@example.com');
    expect(res.status).toBe(201);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const body = (await res.json()) as CheckoutAnswer;
    expect(Object.keys(body).sort()).toEqual(['checkoutUrl', 'orderId', 'orderToken']);
  });
});

describe('prices come from D1 only', () => {
  it('refuses a client-sent total, price or status with 400 and creates nothing', async () => {
    const a = await take(5);
    const shopper = await shopperWith([a.sku, 1]);
    const before = await countRows('orders');
    for (const extra of [{ total: 1 }, { price: { amount: 1, currency: 'usd' } }, { status: 'paid' }, { amount: 0 }]) {
      const res = await shopper.fetch('POST', '/api/checkout', { email: 'x@example.com', ...extra });
      await expectError(res, 400, 'invalid_request');
    }
    expect(await countRows('orders')).toBe(before);
    expect((await stockOf(a.sku)).available).toBe(5);
  });

  it('charges the price D1 has at checkout, not the one the shopper saw when adding', async () => {
    const a = await take(5);
    const shopper = await shopperWith([a.sku, 1]);
    await env.DB.prepare('update variants set price = ? where sku = ?').bind(a.price + 500, a.sku).run();
    const answer = await checkedOut(shopper);
    const order = await orderStatus(answer);
    expect(order.subtotal.amount).toBe(a.price + 500);
    const session = await stripeApi<{ amount_total: number }>(`/v1/checkout/sessions/${await sessionOf(answer.orderId)}`);
    expect(session.amount_total).toBe(order.total.amount);
    expect(order.total.amount).toBe(a.price + 500 + (order.shipping?.amount ?? 0));
  });
});

describe('bad input', () => {
  it.each([
    ['no body', undefined],
    ['not an email', { email: 'nope' }],
    ['an array', [{ email: 'a@example.com' }]],
    ['a number', { email: 42 }],
    ['a huge email', { email: `${'a'.repeat(300)}@example.com` }],
  ])('%s → 400', async (_, body) => {
    const res = await (await shopperWith()).fetch('POST', '/api/checkout', body ?? '', { 'content-type': 'application/json' });
    await expectError(res, 400, 'invalid_request');
  });

  it('non-JSON → 415, an empty cart or no cart → 409 cart_empty', async () => {
    const shopper = new Shopper();
    await expectError(await shopper.fetch('POST', '/api/checkout', 'email=a@b.c', { 'content-type': 'text/plain' }), 415, 'unsupported_media_type');
    const body = await expectError(await checkoutAs(shopper, 'a@example.com'), 409, 'conflict');
    expect(body.error).toMatchObject({ reason: 'cart_empty' });
  });

  it('an Idempotency-Key that is not printable ASCII or is too long → 400', async () => {
    const shopper = await shopperWith([(await take(3)).sku, 1]);
    await expectError(await checkoutAs(shopper, 'a@example.com', { 'idempotency-key': 'k'.repeat(256) }), 400, 'invalid_request');
    await expectError(await checkoutAs(shopper, 'a@example.com', { 'idempotency-key': 'sp ace' }), 400, 'invalid_request');
  });
});

describe('stock at checkout', () => {
  it('answers 409 out_of_stock when another shopper took the last unit, creating no order', async () => {
    const a = await take(1);
    const first = await shopperWith([a.sku, 1]);
    const second = await shopperWith([a.sku, 1]);
    await checkedOut(first);
    const body = await expectError(await checkoutAs(second, 'late@example.com'), 409, 'out_of_stock');
    expect(body.error).toMatchObject({ skus: [a.sku] });
    expect(await stockOf(a.sku)).toMatchObject({ onHand: 1, reserved: 1, available: 0 });
    // Refused at the counter, before D1 was written to: no order, no payment session.
    const late = await env.DB.prepare("select count(*) as n from orders where email = 'late@example.com'").first<{ n: number }>();
    expect(late!.n).toBe(0);
    expect((await second.cart()).items).toHaveLength(1);
  });

  it('a checkout refused for stock can be tried again at once (the cart’s claim is given up)', async () => {
    const a = await take(1);
    const shopper = await shopperWith([a.sku, 1]);
    await env.INVENTORY.getByName(a.sku).setOnHand(0);
    await expectError(await checkoutAs(shopper, 'again@example.com'), 409, 'out_of_stock');
    await env.INVENTORY.getByName(a.sku).setOnHand(1);
    const answer = await checkedOut(shopper, 'again@example.com');
    expect((await orderStatus(answer)).status).toBe('pending');
  });

  it('a multi-SKU checkout short on its last SKU keeps no hold on the others', async () => {
    const [a, b, c] = [await take(5), await take(5), await take(1)];
    const shopper = await shopperWith([a.sku, 2], [b.sku, 2], [c.sku, 1]);
    await env.INVENTORY.getByName(c.sku).setOnHand(0);
    const body = await expectError(await checkoutAs(shopper, 'multi@example.com'), 409, 'out_of_stock');
    expect(body.error).toMatchObject({ skus: [c.sku] });
    for (const s of [a, b]) expect(await stockOf(s.sku)).toMatchObject({ available: 5, reserved: 0, reservations: [] });
  });

  it('100 shoppers racing for 10 units: exactly 10 orders hold stock, the rest get 409', async () => {
    const a = await take(10);
    const shoppers = await Promise.all(Array.from({ length: 100 }, () => shopperWith([a.sku, 1])));
    const results = await Promise.all(shoppers.map((s, i) => checkoutAs(s, `racer${i}@example.com`)));
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(10);
    expect(statuses.filter((s) => s === 409)).toHaveLength(90);
    expect(await stockOf(a.sku)).toMatchObject({ onHand: 10, reserved: 10, available: 0 });
  });
});

describe('Idempotency-Key', () => {
  it('replays the same answer and creates one order', async () => {
    const a = await take(5);
    const shopper = await shopperWith([a.sku, 2]);
    const before = await countRows('orders');
    const headers = { 'idempotency-key': 'checkout-attempt-1' };
    const first = await checkedOut(shopper, 'idem@example.com', headers);
    const again = await checkedOut(shopper, 'idem@example.com', headers);
    expect(again).toEqual(first);
    expect(await countRows('orders')).toBe(before + 1);
    expect((await stockOf(a.sku)).reserved).toBe(2);
  });

  it('the same key with a different body answers 409 and creates nothing', async () => {
    const shopper = await shopperWith([(await take(5)).sku, 1]);
    const headers = { 'idempotency-key': 'checkout-attempt-2' };
    await checkedOut(shopper, 'one@example.com', headers);
    const before = await countRows('orders');
    const body = await expectError(await checkoutAs(shopper, 'two@example.com', headers), 409, 'conflict');
    expect(body.error).toMatchObject({ reason: 'idempotency_key_reused' });
    expect(await countRows('orders')).toBe(before);
  });

  it('a key is the visitor’s own: another cart with the same key gets its own order', async () => {
    const a = await take(5);
    const headers = { 'idempotency-key': 'shared-key' };
    const one = await checkedOut(await shopperWith([a.sku, 1]), 's@example.com', headers);
    const two = await checkedOut(await shopperWith([a.sku, 1]), 's@example.com', headers);
    expect(two.orderId).not.toBe(one.orderId);
  });
});

describe('order status access (BOLA)', () => {
  it('answers only with the order’s own token; anything else is the same 404', async () => {
    const one = await checkedOut(await shopperWith([(await take(5)).sku, 1]));
    const two = await checkedOut(await shopperWith([(await take(5)).sku, 1]));
    expect((await orderStatus(one)).id).toBe(one.orderId);
    for (const path of [
      `/api/orders/${one.orderId}`,
      `/api/orders/${one.orderId}?token=`,
      `/api/orders/${one.orderId}?token=${two.orderToken}`,
      `/api/orders/${one.orderId}?token=${wrongToken(one.orderToken)}`,
      `/api/orders/ord_${'A'.repeat(22)}?token=${one.orderToken}`,
    ]) {
      await expectError(await get(path), 404, 'not_found');
    }
    await expectError(await get('/api/orders/not-an-id?token=x'), 400, 'invalid_request');
  });
});

describe('webhook signatures', () => {
  async function paidSession() {
    const answer = await checkedOut(await shopperWith([(await take(5)).sku, 1]));
    const sessionId = await sessionOf(answer.orderId);
    await emulator('POST', `/_emulator/sessions/${sessionId}/pay`);
    const [event] = await outbox({ session: sessionId, type: 'checkout.session.completed' });
    return { answer, event: event! };
  }

  it('refuses forged, re-serialised, stale, future and missing signatures with 400 and queues nothing', async () => {
    const { answer, event } = await paidSession();
    const signature = event.headers['stripe-signature']!;
    const t = Number(/t=(\d+)/.exec(signature)![1]);
    const forged = signature.replace(/v1=[0-9a-f]+/, `v1=${'0'.repeat(64)}`);
    // The same event, serialised again: equal as JSON, different bytes.
    const parsed: unknown = JSON.parse(event.body);
    const reserialised = [JSON.stringify(parsed), JSON.stringify(parsed, null, 2)].find((b) => b !== event.body)!;
    const { default: Stripe } = await import('stripe');
    const stale = await Stripe.webhooks.generateTestHeaderStringAsync({
      payload: event.body,
      secret: env.STRIPE_WEBHOOK_SECRET,
      timestamp: t - 301,
      cryptoProvider: Stripe.createSubtleCryptoProvider(),
    });
    const future = await Stripe.webhooks.generateTestHeaderStringAsync({
      payload: event.body,
      secret: env.STRIPE_WEBHOOK_SECRET,
      timestamp: Math.floor(Date.now() / 1000) + 360,
      cryptoProvider: Stripe.createSubtleCryptoProvider(),
    });
    const otherSecret = await Stripe.webhooks.generateTestHeaderStringAsync({
      payload: event.body,
      secret: 'whsec_someone_else',
      cryptoProvider: Stripe.createSubtleCryptoProvider(),
    });
    for (const [headers, body] of [
      [{ 'stripe-signature': forged }, event.body],
      [{ 'stripe-signature': signature }, reserialised],
      [{ 'stripe-signature': stale }, event.body],
      [{ 'stripe-signature': future }, event.body],
      [{ 'stripe-signature': otherSecret }, event.body],
      [{}, event.body],
    ] as const) {
      const res = await deliver({ ...event, headers: { 'content-type': 'application/json', ...headers }, body });
      await expectError(res, 400, 'invalid_request');
    }
    // Nothing reached the consumer: the order is still pending a while later.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect((await orderStatus(answer)).status).toBe('pending');
    const seen = await env.DB.prepare('select count(*) as n from webhook_events where order_id = ?').bind(answer.orderId).first<{ n: number }>();
    expect(seen!.n).toBe(0);
  });

  it.each([
    ['a null object', { object: null }],
    ['no object', {}],
    ['an object that is not a session', { object: { id: 'cs_x' } }],
  ])('refuses a correctly signed event with %s with 400, and acts on nothing', async (_label, data) => {
    const { answer } = await paidSession();
    const body = JSON.stringify({ id: `evt_bad_${answer.orderId.slice(4)}`, object: 'event', type: 'checkout.session.completed', created: 1, data });
    const { default: Stripe } = await import('stripe');
    const signature = await Stripe.webhooks.generateTestHeaderStringAsync({
      payload: body,
      secret: env.STRIPE_WEBHOOK_SECRET,
      cryptoProvider: Stripe.createSubtleCryptoProvider(),
    });
    const res = await deliver({ id: 'x', kind: 'stripe_event', path: '/webhooks/stripe', body, headers: { 'stripe-signature': signature, 'content-type': 'application/json' } });
    await expectError(res, 400, 'invalid_request');
    expect((await orderStatus(answer)).status).toBe('pending');
  });

  it('takes events at /webhooks/:provider; a provider the store does not use is a 404', async () => {
    const { answer, event } = await paidSession();
    await expectError(await deliver({ ...event, path: '/webhooks/paypal' }), 404, 'not_found');
    expect((await deliver(event)).status).toBe(200);
    await waitForStatus(answer, 'paid');
  });
});

describe('one open checkout per cart', () => {
  const ordersOf = async (email: string) =>
    (await env.DB.prepare('select id, status, cancel_reason from orders where email = ? order by created_at').bind(email).all<{ id: string; status: string; cancel_reason: string | null }>()).results;

  it('five simultaneous checkouts of one cart without a key hold its stock once and make one order', async () => {
    const a = await take(5);
    const shopper = await shopperWith([a.sku, 2]);
    const answers = await Promise.all(Array.from({ length: 5 }, () => checkoutAs(shopper, 'five@example.com')));
    const created = answers.filter((r) => r.status === 201);
    expect(created.length).toBeGreaterThanOrEqual(1);
    for (const res of answers.filter((r) => r.status !== 201)) {
      const body = await expectError(res, 409, 'conflict');
      expect(body.error).toMatchObject({ reason: 'request_in_progress' });
      expect(res.headers.get('retry-after')).toBe('1');
    }
    expect((await ordersOf('five@example.com')).map((o) => o.status)).toEqual(['pending']);
    expect(await stockOf(a.sku)).toMatchObject({ reserved: 2, available: 3 });
    // Once it settles, checking out again resumes that order.
    const again = await checkedOut(shopper, 'five@example.com');
    expect(again.orderId).toBe((await ordersOf('five@example.com'))[0]!.id);
    expect(await stockOf(a.sku)).toMatchObject({ reserved: 2 });
  });

  it('a checkout after the cart changed replaces the open one: old order cancelled, its holds and session released', async () => {
    const a = await take(5);
    const b = await take(5);
    const shopper = await shopperWith([a.sku, 2]);
    const first = await checkedOut(shopper, 'replace@example.com');
    await shopper.added(b.sku, 1);
    const second = await checkedOut(shopper, 'replace@example.com');
    expect(second.orderId).not.toBe(first.orderId);
    expect(await ordersOf('replace@example.com')).toEqual([
      { id: first.orderId, status: 'cancelled', cancel_reason: 'replaced' },
      { id: second.orderId, status: 'pending', cancel_reason: null },
    ]);
    expect(await stockOf(a.sku)).toMatchObject({ reserved: 2, reservations: [expect.objectContaining({ id: second.orderId })] });
    expect(await stockOf(b.sku)).toMatchObject({ reserved: 1 });
    const old = await stripeApi<{ status: string }>(`/v1/checkout/sessions/${await sessionOf(first.orderId)}`);
    expect(old.status).toBe('expired');
  });

  it('after the open checkout expires unpaid, the cart can check out again as a new order', async () => {
    const a = await take(5);
    const shopper = await shopperWith([a.sku, 1]);
    const first = await checkedOut(shopper, 'expire@example.com');
    const sessionId = await sessionOf(first.orderId);
    await emulator('POST', `/_emulator/sessions/${sessionId}/expire`);
    await deliverAll({ session: sessionId, type: 'checkout.session.expired' });
    await waitForStatus(first, 'cancelled');
    const second = await checkedOut(shopper, 'expire@example.com');
    expect(second.orderId).not.toBe(first.orderId);
    expect(await stockOf(a.sku)).toMatchObject({ reserved: 1 });
  });
});
