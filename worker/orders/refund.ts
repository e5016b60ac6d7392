import { eq } from 'drizzle-orm';
import { database } from '../db/client';
import { payments, refunds } from '../db/orders-schema';
import { ApiError } from '../http/errors';
import { paymentProvider } from '../payments/payments';
import { PaymentRejectedError, PaymentUnavailableError } from '../payments/provider';
import { findOrder, findPayment, nowMs, transitionQuery } from './order-store';

const REFUNDABLE = ['paid', 'fulfilling', 'shipped'] as const;

/**
 * Refunds a paid order in full through the payment provider and marks it `refunded`. The provider's
 * idempotency key is per order, so a repeated or concurrent refund request refunds once. Committed
 * stock stays sold: the goods may already be on their way (returns are restocked by an admin).
 */
export async function refundOrder(env: Env, orderId: string, reason: string) {
  const db = database(env.DB);
  const order = await findOrder(db, orderId);
  if (!order) throw new ApiError('not_found', 'No order with that id');
  const payment = await findPayment(db, orderId);
  if (order.status === 'refunded') return { orderId, status: order.status, amountRefunded: payment?.amountRefunded ?? 0 };
  if (!(REFUNDABLE as readonly string[]).includes(order.status) || !payment?.paymentIntent) {
    throw new ApiError('conflict', `A ${order.status} order has no payment to refund`, { reason: 'not_refundable', status: order.status });
  }
  let refund;
  try {
    refund = await paymentProvider(env).refund({
      orderId,
      paymentRef: payment.paymentIntent,
      amount: payment.amount - payment.amountRefunded,
      idempotencyKey: `refund:${orderId}:admin`,
    });
  } catch (err) {
    if (err instanceof PaymentUnavailableError) {
      throw new ApiError('unavailable', 'The payment provider is unavailable; try again', {}, { 'retry-after': String(err.retryAfterSeconds) });
    }
    if (err instanceof PaymentRejectedError) {
      throw new ApiError('conflict', `The payment provider refused the refund: ${err.message}`, { reason: err.code ?? 'refund_refused' });
    }
    throw err;
  }
  await db.batch([
    db.insert(refunds).values({ id: refund.id, orderId, amount: refund.amount, reason }).onConflictDoNothing(),
    db.update(payments).set({ status: 'refunded', amountRefunded: payment.amount, updatedAt: nowMs }).where(eq(payments.id, payment.id)),
    transitionQuery(db, orderId, REFUNDABLE, 'refunded'),
  ]);
  return { orderId, status: 'refunded' as const, amountRefunded: payment.amount, refundId: refund.id };
}
