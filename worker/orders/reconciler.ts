import { and, asc, eq, isNull, lt, or, sql } from 'drizzle-orm';
import { database } from '../db/client';
import { fulfillments, orders, payments } from '../db/orders-schema';
import { paymentProvider } from '../payments/payments';
import { PaymentUnavailableError } from '../payments/provider';
import { cancelCheckout } from '../checkout/flow';
import { findOrder } from './order-store';
import { enqueueFulfillment, settlePayment } from './payment-events';

/** Orders looked at per run; the cron runs every 5 minutes, and the rest waits for the next run. */
const BATCH = 50;
/** A checkout this old without a webhook is worth asking the provider about. */
const ASK_AFTER_MS = 10 * 60_000;
/** A fulfillment message sent this long ago without an answer is sent again. */
const RESEND_FULFILLMENT_AFTER_MS = 30 * 60_000;

export interface ReconcileReport {
  checked: number;
  paid: number;
  cancelled: number;
  fulfillmentsResent: number;
}

/**
 * Converges what webhooks missed (cron trigger). For orders still `pending` after `ASK_AFTER_MS` it
 * asks the provider about their session and applies the answer exactly as the webhook would have
 * (paid → paid, expired → cancelled and stock released; an open session past its expiry is expired
 * first). Pending orders that never got a session are cancelled once their holds lapse. Paid orders
 * whose fulfillment message was never sent, or not answered, get it (again).
 */
export async function reconcile(env: Env, now = Date.now()): Promise<ReconcileReport> {
  const db = database(env.DB);
  const report: ReconcileReport = { checked: 0, paid: 0, cancelled: 0, fulfillmentsResent: 0 };

  const stale = await db
    .select({ order: orders, payment: payments })
    .from(orders)
    .leftJoin(payments, eq(payments.orderId, orders.id))
    .where(and(eq(orders.status, 'pending'), lt(orders.createdAt, now - ASK_AFTER_MS)))
    .orderBy(asc(orders.createdAt))
    .limit(BATCH);
  const provider = paymentProvider(env);
  for (const { order, payment } of stale) {
    report.checked += 1;
    if (!payment) {
      if (order.holdExpiresAt < now && (await cancelCheckout(env, db, order, 'abandoned'))) report.cancelled += 1;
      continue;
    }
    try {
      let session = await provider.retrieveCheckoutSession(payment.id);
      if (session.state === 'open' && session.expiresAt * 1000 < now) session = await provider.expireCheckoutSession(payment.id);
      if (session.state !== 'open') await settlePayment(env, db, order, session.state, session);
      const after = await findOrder(db, order.id);
      if (after?.status === 'paid') report.paid += 1;
      if (after?.status === 'cancelled') report.cancelled += 1;
    } catch (err) {
      if (err instanceof PaymentUnavailableError) break; // the provider is down: the next run tries again
      console.error(JSON.stringify({ msg: 'reconcile failed', orderId: order.id, error: String(err) }));
    }
  }

  const unsent = await db
    .select({ orderId: fulfillments.orderId })
    .from(fulfillments)
    .where(
      and(
        eq(fulfillments.status, 'queued'),
        or(isNull(fulfillments.enqueuedAt), lt(fulfillments.enqueuedAt, now - RESEND_FULFILLMENT_AFTER_MS)),
      ),
    )
    .limit(BATCH);
  for (const { orderId } of unsent) {
    // Clearing the mark hands the send to enqueueFulfillment's claim, which lets exactly one caller send.
    await db
      .update(fulfillments)
      .set({ enqueuedAt: null })
      .where(and(eq(fulfillments.orderId, orderId), sql`${fulfillments.status} = 'queued'`));
    await enqueueFulfillment(env, db, orderId);
    report.fulfillmentsResent += 1;
  }
  return report;
}
