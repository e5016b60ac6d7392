import { and, asc, count, eq, inArray, sql } from 'drizzle-orm';
import type { BatchItem } from 'drizzle-orm/batch';
import type { Db } from '../db/client';
import { orderLines, orders, payments, refunds, type OrderStatus } from '../db/orders-schema';
import { nowMs, transitionQuery } from './order-store';
import { REFUNDABLE_STATUSES, type RefundableOrder, type RefundPlan } from './refund-plan';

/**
 * Refunds in D1. `orders.refunded` and `order_lines.refunded_quantity` are claimed before the
 * provider is called and given back if it refuses or fails, so concurrent refunds can never give
 * back more than was captured, nor more units than a line has. A claim is settled once its refund
 * row is written: `orders.refunded` above the sum of the rows means a refund is still at the provider.
 */

export interface RefundState {
  order: RefundableOrder & { id: string; currency: string };
  /** The provider's payment reference (Stripe's payment intent); null if the order was never paid. */
  paymentRef: string | null;
  /** Refund rows written so far: their sum and their count. */
  recorded: number;
  recordedCount: number;
}

/** The order, its lines, its payment and its refunds, read in one batch (one consistent snapshot). */
export async function readRefundState(db: Db, orderId: string): Promise<RefundState | null> {
  const [[order], lines, [payment], [recorded]] = await db.batch([
    db
      .select({
        id: orders.id,
        status: orders.status,
        currency: orders.currency,
        total: orders.total,
        refunded: orders.refunded,
        taxIncluded: orders.taxIncluded,
      })
      .from(orders)
      .where(eq(orders.id, orderId)),
    db
      .select({
        sku: orderLines.sku,
        unitPrice: orderLines.unitPrice,
        quantity: orderLines.quantity,
        discount: orderLines.discount,
        tax: orderLines.tax,
        refundedQuantity: orderLines.refundedQuantity,
      })
      .from(orderLines)
      .where(eq(orderLines.orderId, orderId))
      .orderBy(asc(orderLines.position)),
    db.select({ paymentRef: payments.paymentIntent }).from(payments).where(eq(payments.orderId, orderId)),
    db
      .select({ amount: sql<number>`coalesce(sum(${refunds.amount}), 0)`, rows: count() })
      .from(refunds)
      .where(eq(refunds.orderId, orderId)),
  ]);
  if (!order) return null;
  return {
    order: { ...order, lines },
    paymentRef: payment?.paymentRef ?? null,
    recorded: recorded?.amount ?? 0,
    recordedCount: recorded?.rows ?? 0,
  };
}

/** The message of the error a line claim raises when another refund took its units first. */
const LINE_MOVED = 'NOT NULL constraint failed: order_lines.refunded_quantity';

function lineMoved(err: unknown): boolean {
  for (let e = err, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++) {
    if (e.message.includes(LINE_MOVED)) return true;
  }
  return false;
}

/**
 * Claims the plan in one batch (one transaction): each line's units, then the amount, with the one
 * conditional update `refunded = refunded + amount where refunded + amount <= total and status in
 * (…)`. The line updates run first under the same condition, so all of it applies or none: a line
 * whose refunded units are no longer those the plan was priced from is set to NULL, which its NOT NULL
 * column refuses, and that rolls the whole batch back. Answers the order's refunded total before
 * this claim, or null when a concurrent refund got there first (read again and re-plan).
 */
export async function claimRefund(db: Db, orderId: string, plan: RefundPlan): Promise<{ refundedBefore: number } | null> {
  const claimable = and(
    eq(orders.id, orderId),
    inArray(orders.status, [...REFUNDABLE_STATUSES]),
    sql`${orders.refunded} + ${plan.amount} <= ${orders.total}`,
  );
  const lineClaims = plan.lines.map((line) =>
    db
      .update(orderLines)
      .set({
        refundedQuantity: sql`case when ${orderLines.refundedQuantity} = ${line.from} then ${line.from + line.quantity} end`,
      })
      .where(and(eq(orderLines.orderId, orderId), eq(orderLines.sku, line.sku), sql`exists (select 1 from ${orders} where ${claimable})`)),
  );
  const amountClaim = db
    .update(orders)
    .set({ refunded: sql`${orders.refunded} + ${plan.amount}`, updatedAt: nowMs })
    .where(claimable)
    .returning({ refunded: orders.refunded });
  const statements: BatchItem<'sqlite'>[] = [...lineClaims, amountClaim];
  let results: unknown[];
  try {
    results = await db.batch(statements as [BatchItem<'sqlite'>, ...BatchItem<'sqlite'>[]]);
  } catch (err) {
    if (lineMoved(err)) return null;
    throw err;
  }
  const [claimed] = results.at(-1) as { refunded: number }[];
  return claimed ? { refundedBefore: claimed.refunded - plan.amount } : null;
}

/** Undoes a claim whose refund the provider did not make. */
export async function giveBack(db: Db, orderId: string, plan: RefundPlan): Promise<void> {
  await db.batch([
    db
      .update(orders)
      .set({ refunded: sql`${orders.refunded} - ${plan.amount}`, updatedAt: nowMs })
      .where(eq(orders.id, orderId)),
    ...plan.lines.map((line) =>
      db
        .update(orderLines)
        .set({ refundedQuantity: sql`${orderLines.refundedQuantity} - ${line.quantity}` })
        .where(and(eq(orderLines.orderId, orderId), eq(orderLines.sku, line.sku))),
    ),
  ]);
}

export interface RecordedRefund {
  /** False when this provider refund was already written by another claim (see `settleRefund`). */
  written: boolean;
  refunded: number;
  status: OrderStatus;
}

/**
 * Writes the provider's refund for a claim, and with it the payment's refunded sum and, once the
 * rows add up to the total, the order's move to `refunded`. Everything but the row is derived from
 * the rows, so writing a refund twice changes nothing.
 */
export async function recordRefund(
  db: Db,
  orderId: string,
  plan: RefundPlan,
  refund: { id: string; reason: string },
): Promise<RecordedRefund> {
  const recordedSum = sql<number>`(select coalesce(sum(${refunds.amount}), 0) from ${refunds} where ${refunds.orderId} = ${orderId})`;
  const [written, , , [after]] = await db.batch([
    db
      .insert(refunds)
      .values({
        id: refund.id,
        orderId,
        amount: plan.amount,
        reason: refund.reason,
        lines: plan.lines.map(({ sku, quantity }) => ({ sku, quantity })),
      })
      .onConflictDoNothing()
      .returning({ id: refunds.id }),
    db
      .update(payments)
      .set({
        amountRefunded: recordedSum,
        status: sql`case when ${recordedSum} >= ${payments.amount} then 'refunded' else ${payments.status} end`,
        updatedAt: nowMs,
      })
      .where(eq(payments.orderId, orderId)),
    transitionQuery(db, orderId, REFUNDABLE_STATUSES, 'refunded', {}, sql`${recordedSum} >= ${orders.total}`),
    db.select({ refunded: orders.refunded, status: orders.status }).from(orders).where(eq(orders.id, orderId)),
  ]);
  if (!after) throw new Error(`order ${orderId} disappeared while its refund was recorded`);
  return { written: written.length > 0, refunded: after.refunded, status: after.status };
}
