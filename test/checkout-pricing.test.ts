import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import type { OrderView } from '../worker/orders/types';
import {
  ADDRESS,
  checkedOut,
  checkoutAs,
  deliverAll,
  emulator,
  eventually,
  orderStatus,
  sessionOf,
  shopperWith,
  skuPool,
  stockOf,
  stripeApi,
  waitForStatus,
} from './checkout-helpers';
import { admin, countRows, expectError } from './helpers';
import { Shopper } from './shopper';

let take: Awaited<ReturnType<typeof skuPool>>;

beforeAll(async () => {
  take = await skuPool();
});

const CALIFORNIA = { name: 'Grace Hopper', line1: '2 Ocean Ave', line2: 'Apt 4', city: 'Los Angeles', region: 'CA', postalCode: '90001', country: 'US', phone: '(213) 555-0142' };

/** Checks out without the helper's default address. */
const checkoutWithout = (shopper: Shopper, email: string, body: Record<string, unknown> = {}) =>
  shopper.fetch('POST', '/api/checkout', { email, ...body });

const ordersOf = async (email: string) =>
  (await env.DB.prepare('select id, status, discounts from orders where email = ?').bind(email).all<{ id: string; status: string; discounts: string }>()).results;

describe('POST /api/checkout with an address, shipping and a code', () => {
  it('charges the provider exactly the server total; the warehouse ships to the address; the order shows every amount', async () => {
    const a = await take(10);
    const b = await take(10);
    const shopper = await shopperWith([a.sku, 2], [b.sku, 1]);
    expect((await shopper.fetch('POST', '/api/cart/discounts', { code: 'WELCOME10' })).status).toBe(200);
    const email = `journey-${crypto.randomUUID()}@example.com`;
    const answer = await checkedOut(shopper, email, {}, { shippingAddress: CALIFORNIA, shippingOptionId: 'us-express' });
    const order = await orderStatus(answer);

    const subtotal = a.price * 2 + b.price;
    const discount = Math.floor((subtotal * 20 + 100) / 200);
    const tax = order.lines.reduce((sum, l) => sum + Math.floor(((l.lineTotal.amount - l.discount.amount) * 725 * 2 + 10_000) / 20_000), 0);
    expect(order).toMatchObject({
      status: 'pending',
      subtotal: { amount: subtotal },
      discounts: [{ code: 'WELCOME10', title: '10% off your order', amount: { amount: discount } }],
      shipping: { amount: 2_500 },
      shippingMethod: { id: 'us-express', title: 'Express' },
      taxes: [{ title: 'CA sales tax', rate: 0.0725, amount: { amount: tax } }],
      taxIncluded: false,
      total: { amount: subtotal - discount + 2_500 + tax },
      refunded: { amount: 0 },
      shippingAddress: { name: 'Grace Hopper', line1: '2 Ocean Ave', line2: 'Apt 4', region: 'CA', postalCode: '90001', country: 'US', phone: '+12135550142' },
    });
    expect(order.lines.reduce((sum, l) => sum + l.discount.amount, 0)).toBe(discount);

    // The provider: exactly the order's total, line items + shipping adding up to it, the address passed on.
    const sessionId = await sessionOf(answer.orderId);
    const session = await stripeApi<{ amount_total: number; amount_subtotal: number; shipping_cost: { amount_total: number }; payment_intent: string | null }>(
      `/v1/checkout/sessions/${sessionId}`,
    );
    expect(session.amount_total).toBe(order.total.amount);
    expect(session.amount_subtotal + session.shipping_cost.amount_total).toBe(order.total.amount);
    expect(session.shipping_cost.amount_total).toBe(2_500);

    await emulator('POST', `/_emulator/sessions/${sessionId}/pay`);
    await deliverAll({ session: sessionId, type: 'checkout.session.completed' });
    await waitForStatus(answer, 'fulfilling');
    const paid = await stripeApi<{ payment_intent: string }>(`/v1/checkout/sessions/${sessionId}`);
    const intent = await stripeApi<{ shipping: { name: string; address: { line1: string; state: string; postal_code: string } } }>(
      `/v1/payment_intents/${paid.payment_intent}`,
    );
    expect(intent.shipping).toMatchObject({ name: 'Grace Hopper', address: { line1: '2 Ocean Ave', state: 'CA', postal_code: '90001' } });
    const shipment = await eventually(async () => {
      const { items } = await emulator<{ items: { orderId: string; shippingAddress: Record<string, string> | null }[] }>('GET', '/_emulator/shipments');
      const found = items.find((s) => s.orderId === answer.orderId);
      expect(found).toBeDefined();
      return found!;
    });
    expect(shipment.shippingAddress).toEqual(order.shippingAddress);
    // One confirmation in the mailbox, with the total charged and the address.
    const mail = await eventually(async () => {
      const { items } = await emulator<{ items: { subject: string; text: string }[] }>('GET', `/_mail?to=${encodeURIComponent(email)}`);
      expect(items.length).toBeGreaterThan(0);
      return items;
    });
    const confirmations = mail.filter((m) => /is confirmed/.test(m.subject));
    expect(confirmations).toHaveLength(1);
    expect(confirmations[0]!.text).toContain(`$${(order.total.amount / 100).toFixed(2)}`);
    expect(confirmations[0]!.text).toContain('Los Angeles, CA 90001');
    // The cart keeps nothing of a paid order.
    expect((await shopper.cart()).items).toEqual([]);
  });

  it('without an address on the cart or in the body → 409 address_required, nothing held or written', async () => {
    const a = await take(5);
    const shopper = await shopperWith([a.sku, 1]);
    const before = await countRows('orders');
    const body = await expectError(await checkoutWithout(shopper, 'noaddress@example.com'), 409, 'conflict');
    expect(body.error).toMatchObject({ reason: 'address_required' });
    expect(await countRows('orders')).toBe(before);
    expect(await stockOf(a.sku)).toMatchObject({ reserved: 0 });
  });

  it('uses the cart’s address and chosen method when the body has none', async () => {
    const a = await take(5);
    const shopper = await shopperWith([a.sku, 1]);
    expect((await shopper.fetch('PUT', '/api/cart/shipping-address', ADDRESS)).status).toBe(200);
    expect((await shopper.fetch('PUT', '/api/cart/shipping-option', { id: 'us-express' })).status).toBe(200);
    const res = await checkoutWithout(shopper, 'cartaddress@example.com');
    expect(res.status, await res.clone().text()).toBe(201);
    const order = await orderStatus(await res.json());
    expect(order.shippingMethod?.id).toBe('us-express');
    expect(order.shippingAddress).toMatchObject({ city: 'Portland', region: 'OR' });
  });

  it.each<[string, Record<string, unknown>, number, string, string | undefined]>([
    ['an address nothing ships to', { shippingAddress: { name: 'Ken', line1: '1-1 Chiyoda', city: 'Tokyo', postalCode: '100-0001', country: 'JP' } }, 409, 'conflict', 'no_shipping_zone'],
    ['a method from another zone', { shippingAddress: ADDRESS, shippingOptionId: 'eu-standard' }, 409, 'conflict', 'shipping_option_unavailable'],
    ['an invalid address', { shippingAddress: { ...ADDRESS, postalCode: '123' } }, 400, 'invalid_request', undefined],
    ['a client-sent total', { shippingAddress: ADDRESS, total: 1 }, 400, 'invalid_request', undefined],
  ])('%s → refused, no order, no hold left', async (_label, body, status, code, reason) => {
    const a = await take(5);
    const shopper = await shopperWith([a.sku, 1]);
    const before = await countRows('orders');
    const refused = await expectError(await checkoutWithout(shopper, 'refused@example.com', body), status, code);
    if (reason) expect(refused.error).toMatchObject({ reason });
    expect(await countRows('orders')).toBe(before);
    expect(await stockOf(a.sku)).toMatchObject({ reserved: 0 });
  });

  it('a code that stopped applying since it was added is refused at checkout, the holds given back', async () => {
    const a = await take(5);
    const promotion = { code: 'GONE5', type: 'fixed', value: 500, target: 'order' };
    expect((await admin('PUT', '/promotions/gone5', promotion)).status).toBe(200);
    const shopper = await shopperWith([a.sku, 1]);
    expect((await shopper.fetch('POST', '/api/cart/discounts', { code: 'GONE5' })).status).toBe(200);
    expect((await admin('PUT', '/promotions/gone5', { ...promotion, enabled: false })).status).toBe(200);
    const body = await expectError(await checkoutAs(shopper, 'gone@example.com'), 409, 'discount_rejected');
    expect(body.error).toMatchObject({ discountCode: 'GONE5', reason: 'unknown' });
    expect(await stockOf(a.sku)).toMatchObject({ reserved: 0 });
    expect(await ordersOf('gone@example.com')).toEqual([]);
  });
});

describe('usage limits hold under concurrency', () => {
  it('a code limited to 10 uses, 50 shoppers checking out with it at once: exactly 10 orders carry it', async () => {
    expect((await admin('PUT', '/promotions/ten-uses', { code: 'TEN', type: 'percentage', value: 15, target: 'order', usageLimit: 10 })).status).toBe(200);
    const item = await take(200);
    const shoppers = await Promise.all(
      Array.from({ length: 50 }, async () => {
        const shopper = await shopperWith([item.sku, 1]);
        expect((await shopper.fetch('POST', '/api/cart/discounts', { code: 'TEN' })).status).toBe(200);
        return shopper;
      }),
    );
    const results = await Promise.all(shoppers.map((s, i) => checkoutAs(s, `ten-${i}@example.com`)));
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(10);
    for (const res of results.filter((r) => r.status !== 201)) {
      const body = await expectError(res, 409, 'discount_rejected');
      expect(body.error).toMatchObject({ discountCode: 'TEN', reason: 'used_up' });
    }
    const carrying = await env.DB.prepare("select count(*) as n from orders where discounts like '%\"ten-uses\"%'").first<{ n: number }>();
    expect(carrying!.n).toBe(10);
    // Concurrent orders still get distinct, readable numbers.
    const numbers = await env.DB.prepare("select number from orders where email like 'ten-%'").all<{ number: number }>();
    expect(new Set(numbers.results.map((r) => r.number)).size).toBe(10);
    expect(numbers.results.every((r) => Number.isInteger(r.number) && r.number >= 1001)).toBe(true);
    expect(await stockOf(item.sku)).toMatchObject({ reserved: 10 });
    const uses = await (await admin('GET', '/promotions/ten-uses')).json<{ uses: number }>();
    expect(uses.uses).toBe(10);

    // An order that expires unpaid gives its use back; the next shopper gets it.
    const answers = await Promise.all(results.filter((r) => r.status === 201).map((r) => r.json<{ orderId: string; orderToken: string }>()));
    const first = answers[0]!;
    const sessionId = await sessionOf(first.orderId);
    await emulator('POST', `/_emulator/sessions/${sessionId}/expire`);
    await deliverAll({ session: sessionId, type: 'checkout.session.expired' });
    await waitForStatus(first, 'cancelled');
    expect((await (await admin('GET', '/promotions/ten-uses')).json<{ uses: number }>()).uses).toBe(9);
    const late = shoppers[statuses.indexOf(409)]!;
    const retried = await checkoutAs(late, 'ten-late@example.com');
    expect(retried.status, await retried.clone().text()).toBe(201);
    expect((await (await admin('GET', '/promotions/ten-uses')).json<{ uses: number }>()).uses).toBe(10);

    // A paid order's use is kept (committed).
    const second = answers[1]!;
    const paidSession = await sessionOf(second.orderId);
    await emulator('POST', `/_emulator/sessions/${paidSession}/pay`);
    await deliverAll({ session: paidSession, type: 'checkout.session.completed' });
    await waitForStatus(second, 'fulfilling');
    const committed = await env.DB.prepare('select status from promotion_redemptions where order_id = ?').bind(second.orderId).first<{ status: string }>();
    expect(committed!.status).toBe('committed');
  });

  it('a per-customer limit of one: the same email cannot use LAUNCH20 twice, another email can', async () => {
    const a = await take(20);
    const withCode = async () => {
      const shopper = await shopperWith([a.sku, 1]);
      expect((await shopper.fetch('POST', '/api/cart/discounts', { code: 'LAUNCH20' })).status).toBe(200);
      return shopper;
    };
    await checkedOut(await withCode(), 'once@example.com');
    const body = await expectError(await checkoutAs(await withCode(), 'ONCE@example.com'), 409, 'discount_rejected');
    expect(body.error).toMatchObject({ discountCode: 'LAUNCH20', reason: 'customer_limit' });
    await checkedOut(await withCode(), 'twice-other@example.com');
  });
});

describe('the order answer', () => {
  it('GET /api/orders/:id answers subtotal, discounts, shipping, taxes, total, shippingAddress and refunded', async () => {
    const answer = await checkedOut(await shopperWith([(await take(5)).sku, 1]), 'shape@example.com');
    const order: OrderView = await orderStatus(answer);
    for (const key of ['subtotal', 'discounts', 'shipping', 'taxes', 'total', 'shippingAddress', 'refunded'] as const) {
      expect(order).toHaveProperty(key);
    }
    expect(order.total.amount).toBe(order.subtotal.amount - order.discountTotal.amount + order.shipping!.amount + order.taxTotal.amount);
    // Each new order reads as the next number.
    const next = await orderStatus(await checkedOut(await shopperWith([(await take(5)).sku, 1]), 'shape-next@example.com'));
    expect(next.number).toBe(order.number! + 1);
  });
});
