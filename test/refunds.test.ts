import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { database } from '../worker/db/client';
import type { RefundAnswer } from '../worker/orders/refund';
import { claimRefund, giveBack } from '../worker/orders/refund-ledger';
import type { OrderLine } from '../worker/orders/types';
import {
  checkedOut,
  deliverAll,
  emulator,
  eventually,
  orderStatus,
  sessionOf,
  shopperWith,
  skuPool,
  stripeApi,
  waitForStatus,
} from './checkout-helpers';
import { admin, expectError, newProduct } from './helpers';

let take: Awaited<ReturnType<typeof skuPool>>;

beforeAll(async () => {
  take = await skuPool();
});

/** California taxes goods (7.25 %) and not shipping. */
const LOS_ANGELES = {
  name: 'Grace Hopper',
  line1: '1 Spring Street',
  city: 'Los Angeles',
  region: 'CA',
  postalCode: '90001',
  country: 'US',
};

/** A paid order (status `fulfilling`) of these lines, with WELCOME10, shipped to Los Angeles. */
async function paidOrderOf(lines: [sku: string, quantity: number][], checkout: Record<string, unknown> = {}) {
  const shopper = await shopperWith(...lines);
  const coded = await shopper.fetch('POST', '/api/cart/discounts', { code: 'WELCOME10' });
  expect(coded.status, await coded.clone().text()).toBe(200);
  const answer = await checkedOut(shopper, 'refunds@example.com', {}, { shippingAddress: LOS_ANGELES, ...checkout });
  const sessionId = await sessionOf(answer.orderId);
  await emulator('POST', `/_emulator/sessions/${sessionId}/pay`, {});
  await deliverAll({ session: sessionId, type: 'checkout.session.completed' });
  const order = await waitForStatus(answer, 'fulfilling');
  const payment = await env.DB.prepare('select payment_intent as ref from payments where order_id = ?')
    .bind(answer.orderId)
    .first<{ ref: string }>();
  return { answer, order, paymentIntent: payment!.ref, skus: lines.map(([sku]) => sku) };
}

/** The same, of fresh seeded SKUs in these quantities. */
async function paidOrder(quantities: number[], checkout: Record<string, unknown> = {}) {
  const lines: [string, number][] = [];
  for (const quantity of quantities) lines.push([(await take(quantity + 5)).sku, quantity]);
  return paidOrderOf(lines, checkout);
}

/** A product of our own with one SKU at this price, in stock. */
async function productAt(slug: string, price: number) {
  const sku = slug.toUpperCase();
  const variant = { sku, title: 'Default', options: {}, price: { amount: price, currency: 'usd' } };
  const created = await admin('POST', '/products', newProduct(slug, { variants: [variant] }));
  expect(created.status, await created.clone().text()).toBe(201);
  expect((await admin('PUT', `/stock/${sku}`, { onHand: 50 })).status).toBe(200);
  return sku;
}

type Paid = Awaited<ReturnType<typeof paidOrder>>;

const refund = (orderId: string, body: unknown) => admin('POST', `/orders/${orderId}/refund`, body);

async function refunded(orderId: string, body: unknown): Promise<RefundAnswer> {
  const res = await refund(orderId, body);
  expect(res.status, await res.clone().text()).toBe(200);
  return (await res.json()) as RefundAnswer;
}

/** What the shopper paid for a whole line, computed here from the order as the API shows it. */
const linePaid = (line: OrderLine) => line.unitPrice.amount * line.quantity - line.discount.amount + line.tax.amount;

/** The refunds the emulator made against the payment, oldest first. */
const providerRefunds = async (paymentIntent: string) =>
  (await stripeApi<{ data: { id: string; amount: number }[] }>(`/v1/refunds?payment_intent=${paymentIntent}&limit=100`)).data.reverse();

const refundRows = async (orderId: string) =>
  (
    await env.DB.prepare('select id, amount, reason, lines from refunds where order_id = ? order by created_at')
      .bind(orderId)
      .all<{ id: string; amount: number; reason: string; lines: string }>()
  ).results;

/** Everything a refund writes, in D1 and at the provider. */
async function written({ answer, paymentIntent }: Paid) {
  const order = await orderStatus(answer);
  return {
    refunded: order.refunded.amount,
    units: order.lines.map((l) => l.refundedQuantity),
    status: order.status,
    rows: (await refundRows(answer.orderId)).length,
    provider: (await providerRefunds(paymentIntent)).length,
  };
}

describe('refunds by lines, amount and the rest', () => {
  it('refunds one unit of a discounted, taxed line to the cent, then the rest of the order', async () => {
    const paid = await paidOrder([3, 1], { shippingOptionId: 'us-express' });
    const { answer, order, paymentIntent, skus } = paid;
    const line = order.lines.find((l) => l.sku === skus[0])!;
    expect(order.taxIncluded).toBe(false);
    expect(line.discount.amount).toBeGreaterThan(0);
    expect(line.tax.amount).toBeGreaterThan(0);
    expect(order.shipping?.amount).toBeGreaterThan(0);

    const one = await refunded(answer.orderId, { lines: [{ sku: skus[0], quantity: 1 }], reason: 'arrived broken' });
    const expected = Math.round(linePaid(line) / 3);
    expect(one).toEqual({
      orderId: answer.orderId,
      refundId: expect.stringMatching(/^re_/),
      amount: expected,
      refunded: { amount: expected, currency: 'usd' },
      status: 'fulfilling',
      lines: [{ sku: skus[0], quantity: 1 }],
    });
    const after = await orderStatus(answer);
    expect(after).toMatchObject({ status: 'fulfilling', refunded: { amount: expected, currency: 'usd' } });
    expect(after.lines.map((l) => [l.sku, l.refundedQuantity])).toEqual([[skus[0], 1], [skus[1], 0]]);
    expect(await refundRows(answer.orderId)).toEqual([
      { id: one.refundId, amount: expected, reason: 'arrived broken', lines: JSON.stringify([{ sku: skus[0], quantity: 1 }]) },
    ]);
    expect(await providerRefunds(paymentIntent)).toEqual([expect.objectContaining({ id: one.refundId, amount: expected })]);

    const rest = await refunded(answer.orderId, {});
    expect(rest).toMatchObject({
      amount: order.total.amount - expected,
      refunded: order.total,
      status: 'refunded',
      lines: [{ sku: skus[0], quantity: 2 }, { sku: skus[1], quantity: 1 }],
    });
    const final = await orderStatus(answer);
    expect(final.status).toBe('refunded');
    expect(final.refunded).toEqual(final.total);
    expect(final.lines.every((l) => l.refundedQuantity === l.quantity)).toBe(true);
    const charge = await stripeApi<{ amount_received: number }>(`/v1/payment_intents/${paymentIntent}`);
    const atProvider = (await providerRefunds(paymentIntent)).reduce((sum, r) => sum + r.amount, 0);
    expect([final.refunded.amount, final.total.amount, charge.amount_received]).toEqual([atProvider, atProvider, atProvider]);
    const payment = await env.DB.prepare('select status, amount_refunded as refunded from payments where order_id = ?').bind(answer.orderId).first();
    expect(payment).toEqual({ status: 'refunded', refunded: atProvider });

    // Nothing is left: "the rest" again refunds nothing, and any amount is too much.
    expect(await refunded(answer.orderId, {})).toMatchObject({ refundId: null, amount: 0, status: 'refunded', lines: [] });
    const more = await expectError(await refund(answer.orderId, { amount: 1 }), 409, 'conflict');
    expect(more.error).toMatchObject({ reason: 'refund_exceeds_captured', refundable: 0 });
    expect((await refundRows(answer.orderId)).length).toBe(2);
  });

  it('refunding a line unit by unit sums to exactly what the line paid', async () => {
    // 3 × 10.00 − 10 % = 27.00, + 7.25 % tax (1.9575 → 1.96) = 28.96 for the line: no whole cent a unit.
    const sku = await productAt('refund-unit-mug', 1_000);
    const { answer, order } = await paidOrderOf([[sku, 3]]);
    const line = order.lines[0]!;
    expect(linePaid(line)).toBe(2_896);
    const amounts = [];
    for (let i = 0; i < 3; i++) amounts.push((await refunded(answer.orderId, { lines: [{ sku, quantity: 1 }] })).amount);
    // Each unit is the line pro-rated to the units refunded once it is, rounded half up, less the units before it.
    expect(amounts).toEqual([965, 966, 965]);
    expect(amounts.reduce((a, b) => a + b, 0)).toBe(linePaid(line));

    const fourth = await expectError(await refund(answer.orderId, { lines: [{ sku, quantity: 1 }] }), 409, 'conflict');
    expect(fourth.error).toMatchObject({ reason: 'refund_exceeds_line', sku, refundable: 0 });
    // The shipping is still paid for; the admin's view of the order shows the units refunded.
    expect(await orderStatus(answer)).toMatchObject({ status: 'fulfilling', refunded: { amount: linePaid(line) } });
    const detail = await admin('GET', `/orders/${answer.orderId}`);
    expect(await detail.json()).toMatchObject({ id: answer.orderId, lines: [{ sku, refundedQuantity: 3 }], refunded: { amount: linePaid(line) } });
    await expectError(await admin('GET', `/orders/ord_${'A'.repeat(22)}`), 404, 'not_found');
    expect(order.total.amount).toBeGreaterThan(linePaid(line));
  });

  it('refunds an amount, which leaves the lines as they are and never goes past what is left', async () => {
    const paid = await paidOrder([2]);
    const { answer, order, paymentIntent } = paid;
    const part = await refunded(answer.orderId, { amount: 500, reason: 'late delivery' });
    expect(part).toMatchObject({ amount: 500, refunded: { amount: 500 }, status: 'fulfilling', lines: [] });
    expect(await written(paid)).toMatchObject({ refunded: 500, units: [0], status: 'fulfilling', rows: 1, provider: 1 });
    expect((await refundRows(answer.orderId))[0]).toMatchObject({ amount: 500, reason: 'late delivery', lines: '[]' });

    const left = order.total.amount - 500;
    const over = await expectError(await refund(answer.orderId, { amount: left + 1 }), 409, 'conflict');
    expect(over.error).toMatchObject({ reason: 'refund_exceeds_captured', requested: left + 1, refundable: left });
    expect(await refunded(answer.orderId, { amount: left })).toMatchObject({ amount: left, refunded: order.total, status: 'refunded' });
    expect((await providerRefunds(paymentIntent)).map((r) => r.amount)).toEqual([500, left]);
  });

  it('refuses malformed, unknown and excessive refunds with the contract errors, and writes nothing', async () => {
    const paid = await paidOrder([3]);
    const { answer, order, skus } = paid;
    const sku = skus[0]!;
    const before = await written(paid);
    const cases: [body: unknown, status: number, code: string, reason?: string][] = [
      [{ amount: 100, lines: [{ sku, quantity: 1 }] }, 400, 'invalid_request'],
      [{ lines: [{ sku: 'NOT-IN-THIS-ORDER', quantity: 1 }] }, 400, 'invalid_request'],
      [{ lines: [{ sku, quantity: 4 }] }, 409, 'conflict', 'refund_exceeds_line'],
      [{ lines: [{ sku, quantity: 0 }] }, 400, 'invalid_request'],
      [{ lines: [{ sku, quantity: -1 }] }, 400, 'invalid_request'],
      [{ lines: [{ sku, quantity: 1.5 }] }, 400, 'invalid_request'],
      [{ lines: [{ sku, quantity: '1' }] }, 400, 'invalid_request'],
      [{ lines: [{ sku, quantity: 1 }, { sku, quantity: 1 }] }, 400, 'invalid_request'],
      [{ lines: [] }, 400, 'invalid_request'],
      [{ lines: [{ sku, quantity: 1, amount: 1 }] }, 400, 'invalid_request'],
      [{ amount: order.total.amount + 1 }, 409, 'conflict', 'refund_exceeds_captured'],
      [{ amount: 0 }, 400, 'invalid_request'],
      [{ amount: -100 }, 400, 'invalid_request'],
      [{ amount: 10.5 }, 400, 'invalid_request'],
      [{ amount: '100' }, 400, 'invalid_request'],
      [{ amount: { amount: 100, currency: 'usd' } }, 400, 'invalid_request'],
      [{ amount: 100, currency: 'usd' }, 400, 'invalid_request'],
      ['{"amount": 100', 400, 'invalid_request'],
    ];
    for (const [body, status, code, reason] of cases) {
      const error = await expectError(await refund(answer.orderId, body), status, code);
      if (status === 400) expect(error.error.issues, JSON.stringify(body)).toBeInstanceOf(Array);
      if (reason) expect((error.error as unknown as { reason: string }).reason).toBe(reason);
    }
    const unknown = await expectError(await refund(answer.orderId, { lines: [{ sku: 'NOT-IN-THIS-ORDER', quantity: 1 }] }), 400, 'invalid_request');
    expect(unknown.error.issues).toEqual([{ path: 'lines.0.sku', message: 'not a line of this order' }]);
    expect(await written(paid)).toEqual(before);

    // What is left shrinks with each refund: 2 of the 3 units now.
    await refunded(answer.orderId, { lines: [{ sku, quantity: 1 }] });
    const after = await written(paid);
    const tooMany = await expectError(await refund(answer.orderId, { lines: [{ sku, quantity: 3 }] }), 409, 'conflict');
    expect(tooMany.error).toMatchObject({ reason: 'refund_exceeds_line', requested: 3, refundable: 2 });
    expect(await written(paid)).toEqual(after);
  });

  it('refuses an order that was never paid, and an unknown one', async () => {
    const item = await take(5);
    const pending = await checkedOut(await shopperWith([item.sku, 1]));
    const unpaid = await expectError(await refund(pending.orderId, { amount: 100 }), 409, 'conflict');
    expect(unpaid.error).toMatchObject({ reason: 'not_refundable', status: 'pending' });
    await expectError(await refund(`ord_${'C'.repeat(22)}`, {}), 404, 'not_found');
    expect((await refundRows(pending.orderId)).length).toBe(0);
  });
});

describe('refunds under concurrency and provider failures', () => {
  it('two concurrent "refund the rest" requests refund once', async () => {
    const paid = await paidOrder([2, 1]);
    const { answer, order, paymentIntent } = paid;
    const answers = await Promise.all([refunded(answer.orderId, {}), refunded(answer.orderId, {})]);
    const made = answers.filter((a) => a.refundId !== null);
    expect(made).toHaveLength(1);
    expect(made[0]).toMatchObject({ amount: order.total.amount, status: 'refunded' });
    expect(answers.map((a) => a.refunded)).toEqual([order.total, order.total]);
    expect(await written(paid)).toMatchObject({ refunded: order.total.amount, units: [2, 1], status: 'refunded', rows: 1, provider: 1 });
    expect((await providerRefunds(paymentIntent))[0]!.amount).toBe(order.total.amount);
  });

  it('concurrent refunds never take more units or money than there is', async () => {
    // Express shipping is never free, so something is left once the line is refunded.
    const paid = await paidOrder([2], { shippingOptionId: 'us-express' });
    const { answer, order, paymentIntent, skus } = paid;
    const unit = { lines: [{ sku: skus[0], quantity: 1 }] };
    const units = await Promise.all([refund(answer.orderId, unit), refund(answer.orderId, unit), refund(answer.orderId, unit)]);
    expect(units.map((r) => r.status).sort()).toEqual([200, 200, 409]);
    const line = (await orderStatus(answer)).lines[0]!;
    expect(line.refundedQuantity).toBe(2);
    expect((await orderStatus(answer)).refunded.amount).toBe(linePaid(order.lines[0]!));

    const left = order.total.amount - linePaid(order.lines[0]!);
    expect(left).toBe(2_500);
    const half = Math.floor(left / 2);
    const amounts = await Promise.all([0, 1, 2].map(() => refund(answer.orderId, { amount: half })));
    expect(amounts.map((r) => r.status).sort()).toEqual([200, 200, 409]);
    const after = await orderStatus(answer);
    expect(after.refunded.amount).toBe(order.total.amount - left + 2 * half);
    expect(after.refunded.amount).toBeLessThanOrEqual(after.total.amount);
    const atProvider = (await providerRefunds(paymentIntent)).reduce((sum, r) => sum + r.amount, 0);
    expect(atProvider).toBe(after.refunded.amount);
    expect((await refundRows(answer.orderId)).length).toBe(4);
  });

  it('a claim priced from units another refund took first writes nothing at all', async () => {
    const paid = await paidOrder([1, 2]);
    const { answer, skus } = paid;
    await refunded(answer.orderId, { lines: [{ sku: skus[1], quantity: 1 }] });
    const before = await written(paid);
    const db = database(env.DB);
    // Planned as if no unit of the second line had been refunded: the first line's claim is rolled back too.
    const stale = { amount: 100, lines: [{ sku: skus[0]!, from: 0, quantity: 1 }, { sku: skus[1]!, from: 0, quantity: 1 }] };
    expect(await claimRefund(db, answer.orderId, stale)).toBeNull();
    expect(await written(paid)).toEqual(before);

    const fresh = { ...stale, lines: [stale.lines[0]!, { ...stale.lines[1]!, from: 1 }] };
    expect(await claimRefund(db, answer.orderId, fresh)).toEqual({ refundedBefore: before.refunded });
    expect(await written(paid)).toMatchObject({ refunded: before.refunded + 100, units: [1, 2], rows: 1 });
    await giveBack(db, answer.orderId, fresh);
    expect(await written(paid)).toEqual(before);
  });

  it('a provider failure gives the claim back, and the retry refunds once', async () => {
    const paid = await paidOrder([3]);
    const { answer, paymentIntent, skus } = paid;
    const before = await written(paid);
    await emulator('POST', '/_emulator/faults', { path: '/v1/refunds', status: 500, requestIncludes: paymentIntent });
    const body = { lines: [{ sku: skus[0], quantity: 1 }] };
    const failed = await refund(answer.orderId, body);
    await expectError(failed, 503, 'unavailable');
    expect(failed.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(await written(paid)).toEqual(before);

    const retried = await refunded(answer.orderId, body);
    expect(await written(paid)).toMatchObject({ refunded: retried.amount, units: [1], rows: 1, provider: 1 });
  });

  it('a refund the provider made but whose answer was lost is replayed by the retry, not made twice', async () => {
    const paid = await paidOrder([1]);
    const { answer, paymentIntent } = paid;
    // Longer than the store's provider timeout (1.5 s in tests): the store gives up, the provider carries on.
    await emulator('POST', '/_emulator/faults', { path: '/v1/refunds', delayMs: 2_500, requestIncludes: paymentIntent });
    await expectError(await refund(answer.orderId, { amount: 300 }), 503, 'unavailable');
    expect((await orderStatus(answer)).refunded.amount).toBe(0);
    const [made] = await eventually(async () => {
      const refunds = await providerRefunds(paymentIntent);
      expect(refunds).toHaveLength(1);
      return refunds;
    });

    const retried = await refunded(answer.orderId, { amount: 300 });
    expect(retried).toMatchObject({ refundId: made!.id, amount: 300, refunded: { amount: 300 } });
    expect(await written(paid)).toMatchObject({ refunded: 300, rows: 1, provider: 1 });
  });
});
