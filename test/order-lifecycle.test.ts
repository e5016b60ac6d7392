import { createExecutionContext, createMessageBatch, createScheduledController, env, getQueueResult } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import worker from '../worker/index';
import type { CheckoutAnswer } from '../worker/checkout/checkout';
import {
  checkedOut,
  deliver,
  deliverAll,
  emulator,
  eventually,
  orderStatus,
  outbox,
  sessionOf,
  shopperWith,
  signedEvent,
  skuPool,
  stockOf,
  stripeApi,
  waitForStatus,
} from './checkout-helpers';
import { admin, expectError } from './helpers';

let take: Awaited<ReturnType<typeof skuPool>>;

beforeAll(async () => {
  take = await skuPool();
});

const shipmentsOf = async (orderId: string) =>
  (await emulator<{ items: { orderId: string; receivedCount: number }[] }>('GET', '/_emulator/shipments')).items.filter(
    (s) => s.orderId === orderId,
  );

const eventsSeen = async (orderId: string) =>
  (await env.DB.prepare('select count(*) as n from webhook_events where order_id = ?').bind(orderId).first<{ n: number }>())!.n;

/** A shopper who checked out `quantity` of a fresh SKU stocked with `onHand`. */
async function pendingOrder(onHand = 5, quantity = 1) {
  const item = await take(onHand);
  const answer = await checkedOut(await shopperWith([item.sku, quantity]));
  return { item, answer, sessionId: await sessionOf(answer.orderId) };
}

const pay = (sessionId: string, body: Record<string, unknown> = {}) =>
  emulator('POST', `/_emulator/sessions/${sessionId}/pay`, body);

describe('webhook consumer', () => {
  it('the same event delivered 3 times (at once) makes one transition and one fulfillment', async () => {
    const { item, answer, sessionId } = await pendingOrder(5, 2);
    await pay(sessionId);
    const [event] = await outbox({ session: sessionId, type: 'checkout.session.completed' });
    const results = await Promise.all([deliver(event!), deliver(event!), deliver(event!)]);
    expect(results.map((r) => r.status)).toEqual([200, 200, 200]);
    await waitForStatus(answer, 'fulfilling');
    await new Promise((resolve) => setTimeout(resolve, 1_500)); // let any duplicate run its course
    expect(await shipmentsOf(answer.orderId)).toEqual([expect.objectContaining({ receivedCount: 1 })]);
    expect(await eventsSeen(answer.orderId)).toBe(1);
    expect(await stockOf(item.sku)).toMatchObject({ onHand: 3, reserved: 0 });
  });

  it('an expired event arriving after the payment never cancels the paid order', async () => {
    const { item, answer, sessionId } = await pendingOrder();
    await pay(sessionId);
    const session = await stripeApi(`/v1/checkout/sessions/${sessionId}`);
    await deliverAll({ session: sessionId, type: 'checkout.session.completed' });
    await waitForStatus(answer, 'fulfilling');
    // A validly signed "expired" for the same session, as a misordered retry would arrive.
    const late = { ...session, status: 'expired', payment_status: 'unpaid' };
    expect((await deliver(await signedEvent(`evt_late_${answer.orderId.slice(4)}`, 'checkout.session.expired', late))).status).toBe(200);
    await eventually(async () => expect(await eventsSeen(answer.orderId)).toBe(2));
    expect((await orderStatus(answer)).status).toBe('fulfilling');
    expect(await stockOf(item.sku)).toMatchObject({ onHand: 4, reserved: 0 });
  });

  it('completed-but-unpaid waits; async_payment_succeeded pays, even when it arrives first', async () => {
    const { answer, sessionId } = await pendingOrder();
    await pay(sessionId, { async: true });
    await emulator('POST', `/_emulator/sessions/${sessionId}/async-result`, { succeeded: true });
    const [completed] = await outbox({ session: sessionId, type: 'checkout.session.completed' });
    const [succeeded] = await outbox({ session: sessionId, type: 'checkout.session.async_payment_succeeded' });
    expect((await deliver(succeeded!)).status).toBe(200);
    await waitForStatus(answer, 'fulfilling');
    expect((await deliver(completed!)).status).toBe(200);
    await eventually(async () => expect(await eventsSeen(answer.orderId)).toBe(2));
    expect((await orderStatus(answer)).status).toBe('fulfilling');
    expect(await shipmentsOf(answer.orderId)).toEqual([expect.objectContaining({ receivedCount: 1 })]);
  });

  it('completed-but-unpaid then async_payment_failed cancels and releases the holds', async () => {
    const { item, answer, sessionId } = await pendingOrder(5, 2);
    await pay(sessionId, { async: true });
    await deliverAll({ session: sessionId, type: 'checkout.session.completed' });
    await eventually(async () => expect(await eventsSeen(answer.orderId)).toBe(1));
    expect((await orderStatus(answer)).status).toBe('pending');
    expect((await stockOf(item.sku)).reserved).toBe(2);
    await emulator('POST', `/_emulator/sessions/${sessionId}/async-result`, { succeeded: false });
    await deliverAll({ session: sessionId, type: 'checkout.session.async_payment_failed' });
    await waitForStatus(answer, 'cancelled');
    expect(await stockOf(item.sku)).toMatchObject({ onHand: 5, reserved: 0, available: 5 });
  });

  it('an expired session cancels the order and gives the stock back', async () => {
    const { item, answer, sessionId } = await pendingOrder(3, 3);
    expect((await stockOf(item.sku)).available).toBe(0);
    await emulator('POST', `/_emulator/sessions/${sessionId}/expire`);
    await deliverAll({ session: sessionId, type: 'checkout.session.expired' });
    const order = await waitForStatus(answer, 'cancelled');
    expect(order.cancelReason).toBe('payment_expired');
    expect((await stockOf(item.sku)).available).toBe(3);
  });

  it('a payment after the holds lapsed takes the stock again', async () => {
    const { item, answer, sessionId } = await pendingOrder(4, 2);
    await emulator('POST', `/_emulator/sessions/${sessionId}/expire`);
    await deliverAll({ session: sessionId, type: 'checkout.session.expired' });
    await waitForStatus(answer, 'cancelled');
    await pay(sessionId, { force: true });
    await deliverAll({ session: sessionId, type: 'checkout.session.completed' });
    await waitForStatus(answer, 'fulfilling');
    expect(await stockOf(item.sku)).toMatchObject({ onHand: 2, reserved: 0 });
  });

  it('a payment after the stock went to someone else is refunded through the provider, never oversold', async () => {
    const { item, answer, sessionId } = await pendingOrder(1, 1);
    await emulator('POST', `/_emulator/sessions/${sessionId}/expire`);
    await deliverAll({ session: sessionId, type: 'checkout.session.expired' });
    await waitForStatus(answer, 'cancelled');
    const rival = await checkedOut(await shopperWith([item.sku, 1]));
    await pay(sessionId, { force: true });
    await deliverAll({ session: sessionId, type: 'checkout.session.completed' });
    const refunded = await waitForStatus(answer, 'refunded');
    expect(refunded.cancelReason).toBe('out_of_stock_after_payment');
    expect(refunded.refunded).toEqual(refunded.total);
    expect(refunded.lines.map((l) => l.refundedQuantity)).toEqual([1]);
    const session = await stripeApi<{ payment_intent: string }>(`/v1/checkout/sessions/${sessionId}`);
    const refunds = await env.DB.prepare('select amount from refunds where order_id = ?').bind(answer.orderId).all<{ amount: number }>();
    expect(refunds.results).toEqual([{ amount: refunded.total.amount }]);
    expect(session.payment_intent).toMatch(/^pi_/);
    expect(await stockOf(item.sku)).toMatchObject({ onHand: 1, reserved: 1 });
    expect((await orderStatus(rival)).status).toBe('pending');
  });

  it('a paid amount that differs from the order total flags the order and ships nothing', async () => {
    const { answer, sessionId } = await pendingOrder();
    await pay(sessionId);
    const session = await stripeApi<Record<string, unknown>>(`/v1/checkout/sessions/${sessionId}`);
    await deliver(await signedEvent(`evt_mismatch_${answer.orderId.slice(4)}`, 'checkout.session.completed', { ...session, amount_total: 1 }));
    await eventually(async () => expect((await orderStatus(answer)).flag).toBe('amount_mismatch'));
    expect((await orderStatus(answer)).status).toBe('pending');
    expect(await shipmentsOf(answer.orderId)).toEqual([]);
  });
});

describe('queue semantics', () => {
  const ignored = (i: number) => ({ id: `evt_batch_${i}_${Date.now()}`, provider: 'stripe', kind: 'ignored', created: 1, originalType: 'charge.succeeded' });

  it('a consumer failing on message 8 of 10 acks the other 9 and retries only that one', async () => {
    const messages = Array.from({ length: 10 }, (_, i) => ({
      id: `msg-${i + 1}`,
      timestamp: new Date(),
      attempts: 1,
      body: i === 7 ? { not: 'an event' } : ignored(i),
    }));
    const batch = createMessageBatch('edgefront-webhooks', messages);
    const ctx = createExecutionContext();
    await worker.queue(batch, env);
    const result = await getQueueResult(batch, ctx);
    expect(result.retryBatch.retry).toBe(false);
    expect(result.explicitAcks.sort()).toEqual(messages.filter((_, i) => i !== 7).map((m) => m.id).sort());
    expect(result.retryMessages).toEqual([expect.objectContaining({ msgId: 'msg-8' })]);
  });

  it('a poison message ends in the dead-letter queue, kept in D1', async () => {
    const marker = `poison-${Date.now()}`;
    await env.WEBHOOKS.send({ marker });
    const row = await eventually(async () => {
      const found = await env.DB.prepare('select body, attempts from dead_letters where body like ?').bind(`%${marker}%`).first<{ attempts: number }>();
      expect(found).not.toBeNull();
      return found!;
    }, 25_000);
    expect(row.attempts).toBeGreaterThanOrEqual(1);
  });

  it('a failing warehouse is retried and still makes one shipment', async () => {
    const { answer, sessionId } = await pendingOrder();
    await emulator('POST', '/_emulator/faults', {
      path: '/_warehouse/shipments',
      status: 500,
      count: 2,
      requestIncludes: answer.orderId,
    });
    await pay(sessionId);
    await deliverAll({ session: sessionId, type: 'checkout.session.completed' });
    await waitForStatus(answer, 'fulfilling', 20_000);
    expect(await shipmentsOf(answer.orderId)).toEqual([expect.objectContaining({ receivedCount: 1 })]);
  });
});

describe('reconciler (cron)', () => {
  const runCron = async (at: number) => {
    const ctx = createExecutionContext();
    await worker.scheduled(createScheduledController({ scheduledTime: at, cron: '*/5 * * * *' }), env, ctx);
    await getQueueResult(createMessageBatch('noop', []), ctx).catch(() => undefined);
  };

  it('a lost webhook is converged: paid exactly once, even when the webhook turns up later', async () => {
    const { item, answer, sessionId } = await pendingOrder(5, 2);
    await pay(sessionId); // the event stays in the emulator's outbox: never delivered
    await runCron(Date.now() + 11 * 60_000);
    await waitForStatus(answer, 'fulfilling');
    await deliverAll({ session: sessionId, type: 'checkout.session.completed' });
    await eventually(async () => expect(await eventsSeen(answer.orderId)).toBe(1));
    expect(await stockOf(item.sku)).toMatchObject({ onHand: 3, reserved: 0 });
    expect(await shipmentsOf(answer.orderId)).toEqual([expect.objectContaining({ receivedCount: 1 })]);
  });

  it('an abandoned checkout past its expiry is expired at the provider and cancelled', async () => {
    const { item, answer, sessionId } = await pendingOrder(2, 2);
    await runCron(Date.now() + 40 * 60_000);
    await waitForStatus(answer, 'cancelled');
    expect((await stripeApi<{ status: string }>(`/v1/checkout/sessions/${sessionId}`)).status).toBe('expired');
    expect((await stockOf(item.sku)).available).toBe(2);
  });

  it('leaves a fresh pending checkout alone', async () => {
    const { answer } = await pendingOrder();
    await runCron(Date.now());
    expect((await orderStatus(answer)).status).toBe('pending');
  });
});

describe('admin orders and refunds', () => {
  async function paidOrder(): Promise<CheckoutAnswer> {
    const { answer, sessionId } = await pendingOrder();
    await pay(sessionId);
    await deliverAll({ session: sessionId, type: 'checkout.session.completed' });
    await waitForStatus(answer, 'fulfilling');
    return answer;
  }

  it('refunds a paid order once through the provider, however often it is asked', async () => {
    const answer = await paidOrder();
    const [one, two] = await Promise.all([
      admin('POST', `/orders/${answer.orderId}/refund`, {}),
      admin('POST', `/orders/${answer.orderId}/refund`, {}),
    ]);
    expect([one.status, two.status]).toEqual([200, 200]);
    expect((await orderStatus(answer)).status).toBe('refunded');
    const refunds = await env.DB.prepare('select count(*) as n from refunds where order_id = ?').bind(answer.orderId).first<{ n: number }>();
    expect(refunds!.n).toBe(1);
  });

  it('refuses to refund an unpaid order, an unknown one, and without the admin token', async () => {
    const { answer } = await pendingOrder();
    await expectError(await admin('POST', `/orders/${answer.orderId}/refund`, {}), 409, 'conflict');
    await expectError(await admin('POST', `/orders/ord_${'B'.repeat(22)}/refund`, {}), 404, 'not_found');
    await expectError(await admin('POST', `/orders/${answer.orderId}/refund`, {}, { authorization: 'Bearer nope' }), 401, 'unauthorized');
  });

  it('lists orders newest first with a status filter and a cursor', async () => {
    await pendingOrder();
    await pendingOrder();
    const first = await admin('GET', '/orders?status=pending&limit=1');
    expect(first.status).toBe(200);
    const page1 = (await first.json()) as { items: { id: string; status: string }[]; nextCursor: string };
    expect(page1.items).toHaveLength(1);
    expect(page1.items[0]!.status).toBe('pending');
    const page2 = (await (await admin('GET', `/orders?status=pending&limit=1&cursor=${page1.nextCursor}`)).json()) as { items: { id: string }[] };
    expect(page2.items[0]!.id).not.toBe(page1.items[0]!.id);
    await expectError(await admin('GET', '/orders?status=lost'), 400, 'invalid_request');
    await expectError(await admin('GET', '/orders?cursor=garbage'), 400, 'invalid_request');
  });
});
