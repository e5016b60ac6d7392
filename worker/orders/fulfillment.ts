import { and, eq, inArray } from 'drizzle-orm';
import * as z from 'zod';
import { database } from '../db/client';
import { fulfillments } from '../db/orders-schema';
import { signPayload } from '../lib/hmac-signature';
import { track } from '../telemetry/recorder';
import { tracedFetch } from '../telemetry/trace';
import { enqueueOrderMail } from './order-mail';
import { findOrder, nowMs, orderLinesOf, transitionQuery } from './order-store';

/** The fulfillment queue's message. */
export const fulfillmentMessageSchema = z
  .object({ orderId: z.string().regex(/^ord_[A-Za-z0-9_-]{22}$/), traceparent: z.string().max(55).optional() })
  .strict();
export type FulfillmentMessage = z.infer<typeof fulfillmentMessageSchema>;

const acceptedSchema = z.object({ shipmentId: z.string().min(1).max(200) }).loose();

/** The signed callback the fulfillment service sends when the parcel leaves (`POST /webhooks/fulfillment`). */
export const shippedCallbackSchema = z
  .object({
    orderId: z.string().max(64),
    shipmentId: z.string().min(1).max(200),
    status: z.literal('shipped'),
    carrier: z.string().max(100).optional(),
    trackingNumber: z.string().max(200).optional(),
  })
  .strict();
export type ShippedCallback = z.infer<typeof shippedCallbackSchema>;

export const FULFILLMENT_SIGNATURE_HEADER = 'edgefront-signature';
const REQUEST_TIMEOUT_MS = 10_000;

/**
 * Sends a paid order to the fulfillment service (HMAC-signed) and records the shipment it accepted:
 * order `paid → fulfilling`. Throws when the service fails so the queue retries with backoff; the
 * service keys shipments by order id, and the order moves once, so a message delivered twice still
 * makes one shipment. Orders that are no longer paid (refunded, already shipped) are skipped.
 */
export async function fulfill(env: Env, { orderId }: FulfillmentMessage): Promise<'sent' | 'skipped'> {
  const db = database(env.DB);
  const order = await findOrder(db, orderId);
  if (!order || (order.status !== 'paid' && order.status !== 'fulfilling')) return 'skipped';
  if (!env.FULFILLMENT_URL || !env.FULFILLMENT_SECRET) throw new Error('FULFILLMENT_URL or FULFILLMENT_SECRET is not set');
  const lines = await orderLinesOf(db, orderId);
  const body = JSON.stringify({
    orderId,
    email: order.email,
    createdAt: new Date(order.createdAt).toISOString(),
    shippingAddress: order.shippingAddress,
    shippingMethod: order.shippingMethod ? { id: order.shippingMethod.id, title: order.shippingMethod.title } : null,
    lines: lines.map((l) => ({ sku: l.sku, title: l.title, variantTitle: l.variantTitle, quantity: l.quantity })),
  });
  const res = await tracedFetch(env.FULFILLMENT_URL, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      [FULFILLMENT_SIGNATURE_HEADER]: await signPayload(env.FULFILLMENT_SECRET, body),
    },
    body,
    signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
  });
  if (!res.ok) throw new Error(`fulfillment service answered ${res.status}`);
  const { shipmentId } = acceptedSchema.parse(await res.json());
  await db.batch([
    db
      .update(fulfillments)
      .set({ status: 'accepted', shipmentId, updatedAt: nowMs })
      .where(and(eq(fulfillments.orderId, orderId), eq(fulfillments.status, 'queued'))),
    transitionQuery(db, orderId, ['paid'], 'fulfilling'),
  ]);
  track({ type: 'fulfillment_sent', id: `fulfillment_sent:${orderId}`, orderId });
  return 'sent';
}

/** The parcel left: order `→ shipped` (from paid too, should the callback beat our own update). */
export async function markShipped(env: Env, callback: ShippedCallback): Promise<boolean> {
  const db = database(env.DB);
  if (!(await findOrder(db, callback.orderId))) return false;
  const [, shipped] = await db.batch([
    db
      .update(fulfillments)
      .set({
        status: 'shipped',
        shipmentId: callback.shipmentId,
        carrier: callback.carrier ?? null,
        trackingNumber: callback.trackingNumber ?? null,
        updatedAt: nowMs,
      })
      .where(and(eq(fulfillments.orderId, callback.orderId), inArray(fulfillments.status, ['queued', 'accepted']))),
    transitionQuery(db, callback.orderId, ['paid', 'fulfilling'], 'shipped').returning(),
  ]);
  // Queued by every callback for a shipped order, not only the one that moved it: if queueing failed
  // after the update, the warehouse's retry must queue it again (the mail's claim sends it once).
  if (shipped.length > 0 || (await findOrder(db, callback.orderId))?.status === 'shipped') {
    await enqueueOrderMail(env, callback.orderId, 'shipped');
  }
  return true;
}

/** Seconds before retry `attempt` (1-based): base × 2^(attempt−1), at most 15 minutes. */
export function retryDelaySeconds(env: Env, attempt: number): number {
  const base = Number(env.FULFILLMENT_RETRY_SECONDS);
  return Math.min(900, (Number.isFinite(base) && base >= 0 ? base : 10) * 2 ** Math.max(0, attempt - 1));
}
