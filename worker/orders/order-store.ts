import { and, asc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../db/client';
import { fulfillments, orderLines, orders, payments, type OrderStatus } from '../db/orders-schema';
import type { OrderLine, OrderView } from './types';

/**
 * D1 reads and writes of orders. Every status change is a conditional update that names the states it
 * may leave, so two writers racing on one order (webhook copies, the reconciler, an admin) can only
 * move it forward, and the caller learns whether it was the one that did.
 */

export type OrderRow = typeof orders.$inferSelect;
export type PaymentRow = typeof payments.$inferSelect;
export type NewOrder = typeof orders.$inferInsert;
export type NewOrderLine = typeof orderLines.$inferInsert;

const nowMs = sql`(cast(unixepoch('subsec') * 1000 as integer))`;

export const findOrder = (db: Db, id: string) => db.select().from(orders).where(eq(orders.id, id)).get();

export const findPayment = (db: Db, orderId: string) =>
  db.select().from(payments).where(eq(payments.orderId, orderId)).get();

export const orderLinesOf = (db: Db, orderId: string) =>
  db.select().from(orderLines).where(eq(orderLines.orderId, orderId)).orderBy(asc(orderLines.position)).all();

/** Moves the order to `to` if it is in one of `from`; true when this call made the change. */
export async function transition(
  db: Db,
  id: string,
  from: readonly OrderStatus[],
  to: OrderStatus,
  extra: Partial<Pick<OrderRow, 'cancelReason' | 'flag'>> = {},
): Promise<boolean> {
  const changed = await transitionQuery(db, id, from, to, extra).returning({ id: orders.id });
  return changed.length > 0;
}

/** The same update, unexecuted, for a `db.batch`; `when` adds a condition on the order row. */
export const transitionQuery = (
  db: Db,
  id: string,
  from: readonly OrderStatus[],
  to: OrderStatus,
  extra: Partial<Pick<OrderRow, 'cancelReason' | 'flag'>> = {},
  when?: SQL,
) =>
  db
    .update(orders)
    .set({ status: to, updatedAt: nowMs, ...extra })
    .where(and(eq(orders.id, id), inArray(orders.status, [...from]), when));

export const flagOrder = (db: Db, id: string, flag: string) =>
  db.update(orders).set({ flag, updatedAt: nowMs }).where(eq(orders.id, id)).run();

/** The order, its lines and its shipment, as the status API answers them. */
export async function orderView(db: Db, order: OrderRow): Promise<OrderView> {
  const [lines, shipment] = await db.batch([
    db.select().from(orderLines).where(eq(orderLines.orderId, order.id)).orderBy(asc(orderLines.position)),
    db.select().from(fulfillments).where(eq(fulfillments.orderId, order.id)),
  ]);
  const money = (amount: number) => ({ amount, currency: order.currency });
  const shipped = shipment[0];
  return {
    id: order.id,
    number: order.number,
    status: order.status,
    email: order.email,
    lines: lines.map(
      (l): OrderLine => ({
        sku: l.sku,
        productSlug: l.productSlug,
        title: l.title,
        variantTitle: l.variantTitle,
        quantity: l.quantity,
        unitPrice: money(l.unitPrice),
        lineTotal: money(l.unitPrice * l.quantity),
        discount: money(l.discount),
        tax: money(l.tax),
        refundedQuantity: l.refundedQuantity,
      }),
    ),
    subtotal: money(order.subtotal),
    discounts: order.discounts.map((d) => ({ code: d.code, title: d.title, amount: money(d.amount) })),
    discountTotal: money(order.discountTotal),
    shipping: order.shipping === null ? null : money(order.shipping),
    shippingMethod: order.shippingMethod
      ? { id: order.shippingMethod.id, title: order.shippingMethod.title, estimatedDays: order.shippingMethod.estimatedDays }
      : null,
    shippingAddress: order.shippingAddress,
    taxes: order.taxes.map((t) => ({ title: t.title, rate: t.rate, amount: money(t.amount) })),
    taxTotal: money(order.taxTotal),
    taxIncluded: order.taxIncluded,
    total: money(order.total),
    refunded: money(order.refunded),
    createdAt: new Date(order.createdAt).toISOString(),
    updatedAt: new Date(order.updatedAt).toISOString(),
    flag: order.flag,
    cancelReason: order.cancelReason,
    shipment: shipped?.shipmentId
      ? { id: shipped.shipmentId, carrier: shipped.carrier, trackingNumber: shipped.trackingNumber }
      : null,
  };
}

export { nowMs };
