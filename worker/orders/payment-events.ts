import { and, eq, sql } from 'drizzle-orm';
import { cancelCheckout } from '../checkout/flow';
import { database, type Db } from '../db/client';
import { fulfillments, orderLines, orders, payments, refunds, webhookEvents } from '../db/orders-schema';
import { paymentProvider } from '../payments/payments';
import type { PaymentEvent, PaymentEventKind, PaymentSession } from '../payments/provider';
import { commitRedemptions } from '../rules/redemptions';
import { track } from '../telemetry/recorder';
import { childTraceparent } from '../telemetry/trace';
import { commitAll, HOLD_TTL_MS, reserveAll } from './holds';
import { enqueueOrderMail } from './order-mail';
import { findOrder, flagOrder, nowMs, orderLinesOf, transitionQuery, type OrderRow } from './order-store';

/**
 * What a verified payment event does to its order. Every step is idempotent (conditional status
 * updates, holds keyed by the order id, one fulfillment row per order), so a duplicate, a retry after
 * a crash half-way or the reconciler racing the webhook all end in the same state; the event id is
 * recorded last, so a crash before it means the message is retried, not lost.
 */
export async function applyPaymentEvent(env: Env, event: PaymentEvent): Promise<void> {
  const db = database(env.DB);
  if (await db.select({ id: webhookEvents.id }).from(webhookEvents).where(eq(webhookEvents.id, event.id)).get()) return;
  let orderId: string | null = null;
  if (event.kind !== 'ignored') {
    orderId = event.session.orderId;
    const order = orderId ? await findOrder(db, orderId) : undefined;
    if (order) await settlePayment(env, db, order, event.kind, event.session);
    else console.warn(JSON.stringify({ msg: 'payment event for an unknown order', eventId: event.id, orderId }));
  }
  await db
    .insert(webhookEvents)
    .values({ id: event.id, type: event.kind === 'ignored' ? `${event.provider}:${event.originalType}` : event.kind, orderId })
    .onConflictDoNothing();
}

/** The order's state after its provider reports `kind` for its session (also used by the reconciler). */
export async function settlePayment(env: Env, db: Db, order: OrderRow, kind: PaymentEventKind, session: PaymentSession): Promise<void> {
  switch (kind) {
    case 'paid':
      return onPaid(env, db, order, session);
    case 'async_pending':
      // Finished but unpaid (bank debits…): the holds stay until the later payment succeeds or fails.
      await db
        .update(payments)
        .set({ status: 'unpaid', updatedAt: nowMs })
        .where(sql`${payments.id} = ${session.id} and ${payments.status} = 'open'`);
      return;
    case 'expired':
    case 'failed':
    case 'async_failed':
      if (kind !== 'expired') {
        track({ type: 'payment_failed', id: `payment_failed:${session.id}`, orderId: order.id, amount: session.amount, currency: session.currency, reason: kind, variants: order.experiments });
      }
      await db
        .update(payments)
        .set({ status: kind === 'expired' ? 'expired' : 'unpaid', updatedAt: nowMs })
        .where(sql`${payments.id} = ${session.id} and ${payments.status} in ('open', 'unpaid')`);
      await cancelCheckout(env, db, order, kind === 'expired' ? 'payment_expired' : 'payment_failed');
      return;
  }
}

async function onPaid(env: Env, db: Db, order: OrderRow, session: PaymentSession): Promise<void> {
  await db
    .update(payments)
    .set({ status: 'paid', paymentIntent: session.paymentRef, updatedAt: nowMs })
    .where(eq(payments.id, session.id));
  track({ type: 'payment_succeeded', id: `payment_succeeded:${session.id}`, orderId: order.id, amount: session.amount, currency: session.currency, variants: order.experiments });
  if (session.amount !== order.total || session.currency !== order.currency) {
    // Never ship what was not paid for in full: a person decides (refund or collect the rest).
    await flagOrder(db, order.id, 'amount_mismatch');
    console.error(JSON.stringify({ msg: 'payment amount mismatch', orderId: order.id, paid: session.amount, total: order.total }));
    return;
  }
  if (order.status === 'refunded') return;
  const lines = await orderLinesOf(db, order.id);
  if (order.status === 'pending' || order.status === 'cancelled') {
    // Holds may have lapsed (a late webhook, an async payment): they are taken again under the same
    // id (a live or committed hold counts as held) before anything is committed, so a refund never
    // follows a partial commit. A one-line order can try the commit first: it succeeds or fails whole,
    // which spares the usual path a call to a possibly hot counter.
    const committed = lines.length === 1 && (await commitAll(env, order.id, lines));
    if (!committed) {
      const held = await reserveAll(env, order.id, lines, HOLD_TTL_MS);
      if (!held.ok) return refundUnfillable(env, db, order, lines, session);
      if (!(await commitAll(env, order.id, lines))) throw new Error(`holds of ${order.id} lapsed while committing`);
    }
    await db.batch([
      transitionQuery(db, order.id, ['pending', 'cancelled'], 'paid', { cancelReason: null }),
      db.insert(fulfillments).values({ orderId: order.id }).onConflictDoNothing(),
      commitRedemptions(db, order.id),
    ]);
    track({ type: 'order_paid', id: `order_paid:${order.id}`, orderId: order.id, amount: order.total, currency: order.currency, variants: order.experiments });
    if (order.cartId) await env.CART.getByName(order.cartId).clear();
  }
  await enqueueFulfillment(env, db, order.id);
  await enqueueOrderMail(env, order.id, 'confirmation');
}

/** Sends the fulfillment message once per order: whoever sets `enqueued_at` first sends it. */
export async function enqueueFulfillment(env: Env, db: Db, orderId: string): Promise<void> {
  const claimed = await db
    .update(fulfillments)
    .set({ enqueuedAt: nowMs, updatedAt: nowMs })
    .where(sql`${fulfillments.orderId} = ${orderId} and ${fulfillments.enqueuedAt} is null and ${fulfillments.status} = 'queued'`)
    .returning({ orderId: fulfillments.orderId });
  if (claimed.length > 0) await env.FULFILLMENT.send({ orderId, traceparent: childTraceparent() });
}

/** Paid, but the stock went to someone else while the holds were lapsed: give the money back, every unit of it. */
async function refundUnfillable(
  env: Env,
  db: Db,
  order: OrderRow,
  lines: readonly { sku: string; quantity: number }[],
  session: PaymentSession,
): Promise<void> {
  if (!session.paymentRef) throw new Error(`paid session ${session.id} has no payment reference`);
  const refund = await paymentProvider(env).refund({
    orderId: order.id,
    paymentRef: session.paymentRef,
    amount: session.amount,
    idempotencyKey: `refund:${order.id}:out_of_stock`,
  });
  const units = lines.map(({ sku, quantity }) => ({ sku, quantity }));
  await db.batch([
    db.insert(refunds).values({ id: refund.id, orderId: order.id, amount: refund.amount, reason: 'out_of_stock', lines: units }).onConflictDoNothing(),
    db.update(payments).set({ status: 'refunded', amountRefunded: refund.amount, updatedAt: nowMs }).where(eq(payments.id, session.id)),
    transitionQuery(db, order.id, ['pending', 'cancelled'], 'refunded', { cancelReason: 'out_of_stock_after_payment' }),
    // Set, not added: a duplicate of this event writes the same values.
    db.update(orders).set({ refunded: refund.amount }).where(and(eq(orders.id, order.id), eq(orders.status, 'refunded'))),
    db.update(orderLines).set({ refundedQuantity: sql`${orderLines.quantity}` }).where(eq(orderLines.orderId, order.id)),
  ]);
  track({ type: 'refund', id: `refund:${refund.id}`, orderId: order.id, amount: refund.amount, currency: order.currency, reason: 'out_of_stock', variants: order.experiments });
}
