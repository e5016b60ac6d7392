import { createExecutionContext, createMessageBatch, createScheduledController, env, getQueueResult } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import worker from '../worker/index';
import { OrderMailInFlightError, sendOrderMail, type OrderMailKind } from '../worker/orders/order-mail';
import { formatMoney } from '../worker/views/format';
import {
  checkedOut,
  deliver,
  deliverAll,
  emulator,
  EMULATOR,
  eventually,
  orderStatus,
  outbox,
  sessionOf,
  shopperWith,
  skuPool,
  waitForStatus,
} from './checkout-helpers';
import { get } from './helpers';

/** A mail as the emulator's mailbox lists it (`GET /_mail?to=`). */
interface Mail {
  id: string;
  from: string;
  to: string[];
  subject: string;
  html: string;
  text: string;
  tags: { name: string; value: string }[];
}

let take: Awaited<ReturnType<typeof skuPool>>;

beforeAll(async () => {
  take = await skuPool();
});

/** Tests share one mailbox: each order goes to its own address and reads only that. */
const uniqueEmail = () => `mail-${crypto.randomUUID()}@example.com`;

async function mailTo(address: string): Promise<Mail[]> {
  const res = await fetch(`${EMULATOR}/_mail?to=${encodeURIComponent(address)}`);
  expect(res.status).toBe(200);
  return ((await res.json()) as { items: Mail[] }).items;
}

/** Waits for exactly `count` mails, then long enough for any duplicate delivery to have run its course. */
async function settledMail(address: string, count = 1): Promise<Mail[]> {
  await eventually(async () => expect(await mailTo(address)).toHaveLength(count), 20_000);
  await new Promise((resolve) => setTimeout(resolve, 1_500));
  const items = await mailTo(address);
  expect(items).toHaveLength(count);
  return items;
}

const claimOf = (orderId: string, kind: OrderMailKind) =>
  env.DB.prepare('select message_id as messageId from order_emails where order_id = ? and kind = ?')
    .bind(orderId, kind)
    .first<{ messageId: string | null }>();

const pay = (sessionId: string, body: Record<string, unknown> = {}) => emulator('POST', `/_emulator/sessions/${sessionId}/pay`, body);

async function pendingOrder(email: string) {
  const item = await take(5);
  const answer = await checkedOut(await shopperWith([item.sku, 1]), email);
  return { item, answer, sessionId: await sessionOf(answer.orderId) };
}

async function paidOrder(email: string) {
  const order = await pendingOrder(email);
  await pay(order.sessionId);
  await deliverAll({ session: order.sessionId, type: 'checkout.session.completed' });
  await waitForStatus(order.answer, 'fulfilling');
  return order;
}

/** An order moved to `status` in D1 alone: no payment event, so nothing but the test sends its mail. */
async function orderIn(status: string, email: string) {
  const { answer } = await pendingOrder(email);
  await env.DB.prepare('update orders set status = ? where id = ?').bind(status, answer.orderId).run();
  return answer;
}

describe('order confirmation', () => {
  it('is sent once the order is paid, with its lines, total, address and link', async () => {
    const email = uniqueEmail();
    const { answer } = await paidOrder(email);
    const [mail] = await settledMail(email);
    const order = await orderStatus(answer);
    const { number } = (await env.DB.prepare('select number from orders where id = ?').bind(answer.orderId).first<{ number: number }>())!;
    expect(mail!.subject).toBe(`Your Edgefront order ${number} is confirmed`);
    expect(mail!.from).toBe(env.EMAIL_FROM);
    expect(mail!.tags).toEqual([{ name: 'kind', value: 'order_confirmation' }]);
    const link = `http://127.0.0.1:8787/orders/${answer.orderId}?token=${encodeURIComponent(answer.orderToken)}`;
    for (const part of [mail!.text, mail!.html]) {
      for (const words of [order.lines[0]!.title, formatMoney(order.total), 'Ada Lovelace', '1 Main Street', 'Portland, OR 97201', 'United States']) {
        expect(part).toContain(words);
      }
    }
    expect(mail!.text).toContain(`Total: ${formatMoney(order.total)}`);
    expect(mail!.text).toContain(`View your order: ${link}`);
    expect(mail!.html).toContain(`href="${link}"`);
    expect((await get(new URL(link).pathname + new URL(link).search)).status).toBe(200);
    expect(await claimOf(answer.orderId, 'confirmation')).toEqual({ messageId: mail!.id });
  });

  it('the paid event delivered twice and out of order with the async events still sends one', async () => {
    const email = uniqueEmail();
    const { answer, sessionId } = await pendingOrder(email);
    await pay(sessionId, { async: true });
    await emulator('POST', `/_emulator/sessions/${sessionId}/async-result`, { succeeded: true });
    const [completed] = await outbox({ session: sessionId, type: 'checkout.session.completed' });
    const [succeeded] = await outbox({ session: sessionId, type: 'checkout.session.async_payment_succeeded' });
    // The success first, twice at once; then the (earlier) completed-but-unpaid; then the success again.
    expect((await Promise.all([deliver(succeeded!), deliver(succeeded!)])).map((r) => r.status)).toEqual([200, 200]);
    await waitForStatus(answer, 'fulfilling');
    expect((await deliver(completed!)).status).toBe(200);
    expect((await deliver(succeeded!)).status).toBe(200);
    const [mail] = await settledMail(email);
    expect(mail!.subject).toContain('is confirmed');
  });

  it('a paid order the reconciler converges gets one, however late its webhook turns up', async () => {
    const email = uniqueEmail();
    const { answer, sessionId } = await pendingOrder(email);
    await pay(sessionId); // the event stays in the emulator's outbox
    const ctx = createExecutionContext();
    await worker.scheduled(createScheduledController({ scheduledTime: Date.now() + 11 * 60_000, cron: '*/5 * * * *' }), env, ctx);
    await getQueueResult(createMessageBatch('noop', []), ctx).catch(() => undefined);
    await waitForStatus(answer, 'fulfilling');
    await settledMail(email);
    await deliverAll({ session: sessionId, type: 'checkout.session.completed' });
    await settledMail(email);
  });
});

describe('a mail provider that fails', () => {
  it('is retried until it answers: one mail, sent after the failures', async () => {
    const email = uniqueEmail();
    await emulator('POST', '/_emulator/faults', { path: '/emails', status: 500, count: 2, requestIncludes: email });
    const { answer } = await paidOrder(email);
    const [mail] = await settledMail(email);
    // Both failures were answered before the mail went out.
    const { faults } = await emulator<{ faults: { requestIncludes?: string }[] }>('GET', '/_emulator/faults');
    expect(faults.filter((fault) => fault.requestIncludes === email)).toEqual([]);
    expect(await claimOf(answer.orderId, 'confirmation')).toEqual({ messageId: mail!.id });
  });

  it('a send that timed out after the provider took it is retried with the same key: still one mail', async () => {
    const email = uniqueEmail();
    // Longer than EMAIL_TIMEOUT_MS (1500 in the tests); no status, so the mailbox then accepts the mail.
    await emulator('POST', '/_emulator/faults', { path: '/emails', delayMs: 2_500, requestIncludes: email });
    const { answer } = await paidOrder(email);
    await new Promise((resolve) => setTimeout(resolve, 2_500)); // the delayed first request lands too
    const [mail] = await settledMail(email);
    expect(await claimOf(answer.orderId, 'confirmation')).toEqual({ messageId: mail!.id });
  });

  it('a refused mail flags the order, sends nothing and leaves no claim; a fixed configuration sends it', async () => {
    const email = uniqueEmail();
    const answer = await orderIn('paid', email);
    const message = { orderId: answer.orderId, kind: 'confirmation' } as const;
    expect(await sendOrderMail({ ...env, EMAIL_API_KEY: 'not-a-resend-key' }, message)).toBe('rejected');
    expect((await orderStatus(answer)).flag).toBe('mail_failed');
    expect(await claimOf(answer.orderId, 'confirmation')).toBeNull();
    expect(await mailTo(email)).toEqual([]);
    expect(await sendOrderMail(env, message)).toBe('sent');
    expect(await mailTo(email)).toHaveLength(1);
  });
});

describe('the claim', () => {
  it('of two deliveries racing, one sends and the other finds it sent or in flight', async () => {
    const email = uniqueEmail();
    const answer = await orderIn('paid', email);
    const message = { orderId: answer.orderId, kind: 'confirmation' } as const;
    const outcomes = await Promise.all(
      [1, 2, 3].map(() => sendOrderMail(env, message).catch((err: unknown) => (err instanceof OrderMailInFlightError ? 'in_flight' : err))),
    );
    expect(outcomes.filter((o) => o === 'sent')).toHaveLength(1);
    expect(outcomes.every((o) => o === 'sent' || o === 'already_sent' || o === 'in_flight')).toBe(true);
    expect(await sendOrderMail(env, message)).toBe('already_sent');
    expect(await mailTo(email)).toHaveLength(1);
  });

  it('in flight elsewhere, the queue retries the message after the lease instead of acking it', async () => {
    const answer = await orderIn('paid', uniqueEmail());
    await env.DB.prepare("insert into order_emails (order_id, kind) values (?, 'confirmation')").bind(answer.orderId).run();
    const batch = createMessageBatch('edgefront-email', [
      { id: 'mail-1', timestamp: new Date(), attempts: 1, body: { orderId: answer.orderId, kind: 'confirmation' } },
    ]);
    const ctx = createExecutionContext();
    await worker.queue(batch, env);
    const result = await getQueueResult(batch, ctx);
    expect(result.explicitAcks).toEqual([]);
    expect(result.retryMessages).toEqual([expect.objectContaining({ msgId: 'mail-1' })]);
    // The retry waits out what is left of the lease (EMAIL_TIMEOUT_MS + 5 s), which the error carries.
    const busy = await sendOrderMail(env, { orderId: answer.orderId, kind: 'confirmation' }).catch((err: unknown) => err);
    expect(busy).toBeInstanceOf(OrderMailInFlightError);
    expect((busy as OrderMailInFlightError).retryAfterSeconds).toBeGreaterThanOrEqual(1);
    expect((busy as OrderMailInFlightError).retryAfterSeconds).toBeLessThanOrEqual(7);
  });

  it('left behind by a sender that died mid-send, is taken over once its lease is over', async () => {
    const email = uniqueEmail();
    const answer = await orderIn('paid', email);
    await env.DB.prepare("insert into order_emails (order_id, kind, created_at) values (?, 'confirmation', ?)")
      .bind(answer.orderId, Date.now() - 60_000)
      .run();
    expect(await sendOrderMail(env, { orderId: answer.orderId, kind: 'confirmation' })).toBe('sent');
    expect(await mailTo(email)).toHaveLength(1);
  });

  it('sends nothing for an order the mail is no longer true of', async () => {
    const email = uniqueEmail();
    const refunded = await orderIn('refunded', email);
    expect(await sendOrderMail(env, { orderId: refunded.orderId, kind: 'confirmation' })).toBe('not_applicable');
    const fulfilling = await orderIn('fulfilling', email);
    expect(await sendOrderMail(env, { orderId: fulfilling.orderId, kind: 'shipped' })).toBe('not_applicable');
    expect(await claimOf(refunded.orderId, 'confirmation')).toBeNull();
    expect(await mailTo(email)).toEqual([]);
  });
});

describe('shipping notice', () => {
  it('is sent once when the warehouse says the parcel left, with the carrier and tracking number', async () => {
    const email = uniqueEmail();
    const { answer } = await paidOrder(email);
    await eventually(async () => expect(await outbox({ order: answer.orderId })).toHaveLength(1));
    const [callback] = await outbox({ order: answer.orderId });
    // The warehouse's signed callback, delivered twice at once and once more later.
    expect((await Promise.all([deliver(callback!), deliver(callback!)])).map((r) => r.status)).toEqual([200, 200]);
    expect((await deliver(callback!)).status).toBe(200);
    const { shipment } = await waitForStatus(answer, 'shipped');
    expect(shipment).toMatchObject({ carrier: expect.any(String), trackingNumber: expect.any(String) });
    const mails = await settledMail(email, 2);
    const shipped = mails.filter((mail) => /^Your Edgefront order \d+ has shipped$/.test(mail.subject));
    expect(shipped).toHaveLength(1);
    for (const part of [shipped[0]!.text, shipped[0]!.html]) {
      expect(part).toContain(shipment!.carrier!);
      expect(part).toContain(shipment!.trackingNumber!);
    }
    expect(shipped[0]!.text).toContain(`Carrier: ${shipment!.carrier}\nTracking number: ${shipment!.trackingNumber}`);
    expect(await claimOf(answer.orderId, 'shipped')).toEqual({ messageId: shipped[0]!.id });
  });
});
