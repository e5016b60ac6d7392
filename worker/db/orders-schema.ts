import { sql } from 'drizzle-orm';
import { check, index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import type { ShippingAddress } from '../address';

/**
 * Orders and everything that happens to them: D1 keeps the durable business records; stock stays in
 * the per-SKU counters. Status changes are conditional updates (`where status in (...)`), so racing
 * writers (webhook copies, the reconciler, an admin refund) can only move an order forward.
 */

const now = sql`(cast(unixepoch('subsec') * 1000 as integer))`;

/** A shipping address as stored on an order (validated by worker/address/ before it gets here). */
export type StoredAddress = ShippingAddress;

/** The shipping method an order was priced with. */
export interface StoredShipping {
  id: string;
  title: string;
  amount: number;
  estimatedDays: { min: number; max: number };
}

/** A discount as the order was priced with it. */
export interface StoredDiscount {
  promotionId: string;
  code: string | null;
  title: string;
  class: 'product' | 'order' | 'shipping';
  amount: number;
}

export const ORDER_STATUSES = ['pending', 'paid', 'fulfilling', 'shipped', 'cancelled', 'refunded'] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

export const orders = sqliteTable(
  'orders',
  {
    /** `ord_` + 128 random bits. */
    id: text('id').primaryKey(),
    /**
     * What a shopper reads and quotes ("order 1042"): one more than the highest so far, taken in the
     * insert itself (D1 runs one statement at a time), unique by index. Never an access key: the id
     * and token are.
     */
    number: integer('number'),
    /** Grants read access to the order's status page; compared in constant time. */
    token: text('token').notNull(),
    email: text('email').notNull(),
    currency: text('currency').notNull(),
    subtotal: integer('subtotal').notNull(),
    /** Every discount (product, order, shipping) taken off: `discounts` itemises it. */
    discountTotal: integer('discount_total').notNull().default(0),
    discounts: text('discounts', { mode: 'json' }).$type<StoredDiscount[]>().notNull().default(sql`'[]'`),
    /** The chosen method's price before shipping discounts; null for orders placed before shipping existed. */
    shipping: integer('shipping'),
    shippingMethod: text('shipping_method', { mode: 'json' }).$type<StoredShipping>(),
    shippingAddress: text('shipping_address', { mode: 'json' }).$type<StoredAddress>(),
    taxTotal: integer('tax_total').notNull().default(0),
    taxes: text('taxes', { mode: 'json' }).$type<{ title: string; rate: number; amount: number }[]>().notNull().default(sql`'[]'`),
    /** Prices included tax (the taxes are a portion of the total) or tax was added on top. */
    taxIncluded: integer('tax_included', { mode: 'boolean' }).notNull().default(false),
    total: integer('total').notNull(),
    /** Refunded so far; never more than `total`, which is what was captured. */
    refunded: integer('refunded').notNull().default(0),
    status: text('status', { enum: ORDER_STATUSES }).notNull().default('pending'),
    /** Why an order needs a person: `amount_mismatch`, `fulfillment_failed`, `refund_failed`… */
    flag: text('flag'),
    /** Why an order was cancelled: `out_of_stock`, `payment_expired`, `payment_failed`… */
    cancelReason: text('cancel_reason'),
    cartId: text('cart_id'),
    /** A/B assignments the shopper had when they checked out (`{ hero: 'bold' }`). */
    experiments: text('experiments', { mode: 'json' }).$type<Record<string, string>>().notNull(),
    /** When the stock holds (reservation id = order id) lapse. */
    holdExpiresAt: integer('hold_expires_at').notNull(),
    createdAt: integer('created_at').notNull().default(now),
    updatedAt: integer('updated_at').notNull().default(now),
  },
  (t) => [
    index('orders_status_created_idx').on(t.status, t.createdAt),
    index('orders_created_idx').on(t.createdAt, t.id),
    uniqueIndex('orders_number_unique').on(t.number),
    check('orders_total_non_negative', sql`${t.total} >= 0 and ${t.subtotal} >= 0`),
    check('orders_status_known', sql.raw(`status in (${ORDER_STATUSES.map((s) => `'${s}'`).join(', ')})`)),
  ],
);

export const orderLines = sqliteTable(
  'order_lines',
  {
    orderId: text('order_id')
      .notNull()
      .references(() => orders.id, { onDelete: 'cascade' }),
    sku: text('sku').notNull(),
    productSlug: text('product_slug').notNull(),
    title: text('title').notNull(),
    variantTitle: text('variant_title').notNull(),
    /** Price per unit in minor units, as D1 had it when the order was placed. */
    unitPrice: integer('unit_price').notNull(),
    quantity: integer('quantity').notNull(),
    /** Product and order discounts allocated to this line, and the tax on what is left. */
    discount: integer('discount').notNull().default(0),
    tax: integer('tax').notNull().default(0),
    /** Units refunded so far (at most `quantity`). */
    refundedQuantity: integer('refunded_quantity').notNull().default(0),
    position: integer('position').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.orderId, t.sku] }),
    check('order_lines_quantity_positive', sql`${t.quantity} > 0 and ${t.unitPrice} >= 0`),
  ],
);

export const PAYMENT_STATUSES = ['open', 'paid', 'unpaid', 'expired', 'refunded'] as const;

/** One row per provider checkout session; the answer a checkout gave is rebuilt from it on replay. */
export const payments = sqliteTable(
  'payments',
  {
    /** The provider's session id (`cs_…`). */
    id: text('id').primaryKey(),
    orderId: text('order_id')
      .notNull()
      .references(() => orders.id, { onDelete: 'cascade' }),
    provider: text('provider').notNull(),
    status: text('status', { enum: PAYMENT_STATUSES }).notNull(),
    amount: integer('amount').notNull(),
    currency: text('currency').notNull(),
    checkoutUrl: text('checkout_url'),
    clientSecret: text('client_secret'),
    paymentIntent: text('payment_intent'),
    amountRefunded: integer('amount_refunded').notNull().default(0),
    expiresAt: integer('expires_at').notNull(),
    createdAt: integer('created_at').notNull().default(now),
    updatedAt: integer('updated_at').notNull().default(now),
  },
  (t) => [uniqueIndex('payments_order_unique').on(t.orderId)],
);

/** Provider events already handled: a duplicate delivery finds its id here and changes nothing. */
export const webhookEvents = sqliteTable('webhook_events', {
  id: text('id').primaryKey(),
  type: text('type').notNull(),
  orderId: text('order_id'),
  processedAt: integer('processed_at').notNull().default(now),
});

/** The `Idempotency-Key`s of checkout requests and the order each one created. */
export const idempotencyKeys = sqliteTable('idempotency_keys', {
  /** `<cart id>:<key>`: a key only ever replays for the visitor who sent it. */
  key: text('key').primaryKey(),
  /** SHA-256 of the request body, so a reused key with another body is refused. */
  requestHash: text('request_hash').notNull(),
  orderId: text('order_id'),
  createdAt: integer('created_at').notNull().default(now),
});

export const FULFILLMENT_STATUSES = ['queued', 'accepted', 'shipped', 'failed'] as const;

/** At most one shipment per order: the primary key is the order id. */
export const fulfillments = sqliteTable('fulfillments', {
  orderId: text('order_id')
    .primaryKey()
    .references(() => orders.id, { onDelete: 'cascade' }),
  status: text('status', { enum: FULFILLMENT_STATUSES }).notNull().default('queued'),
  shipmentId: text('shipment_id'),
  carrier: text('carrier'),
  trackingNumber: text('tracking_number'),
  /** Set when the message to the fulfillment queue was sent; null means it still has to be. */
  enqueuedAt: integer('enqueued_at'),
  createdAt: integer('created_at').notNull().default(now),
  updatedAt: integer('updated_at').notNull().default(now),
});

export const refunds = sqliteTable('refunds', {
  /** The provider's refund id (`re_…`). */
  id: text('id').primaryKey(),
  orderId: text('order_id')
    .notNull()
    .references(() => orders.id, { onDelete: 'cascade' }),
  amount: integer('amount').notNull(),
  reason: text('reason').notNull(),
  /** The units refunded, when the refund named lines. */
  lines: text('lines', { mode: 'json' }).$type<{ sku: string; quantity: number }[]>().notNull().default(sql`'[]'`),
  createdAt: integer('created_at').notNull().default(now),
});

/**
 * Mail sent about an order, at most once per (order, kind): the row is claimed before sending, so a
 * payment event delivered twice sends one confirmation.
 */
export const orderEmails = sqliteTable(
  'order_emails',
  {
    orderId: text('order_id')
      .notNull()
      .references(() => orders.id, { onDelete: 'cascade' }),
    kind: text('kind', { enum: ['confirmation', 'shipped', 'refunded'] }).notNull(),
    /** The sender's message id once sent; null while the send is in flight. */
    messageId: text('message_id'),
    createdAt: integer('created_at').notNull().default(now),
  },
  (t) => [primaryKey({ columns: [t.orderId, t.kind] })],
);

/** Messages that exhausted their retries (any queue), kept for a person to inspect and replay. */
export const deadLetters = sqliteTable('dead_letters', {
  id: text('id').primaryKey(),
  body: text('body').notNull(),
  attempts: integer('attempts').notNull(),
  receivedAt: integer('received_at').notNull().default(now),
  /** When `npm run dlq:replay` sent it back to its queue (null: not yet). */
  replayedAt: integer('replayed_at'),
  /** The queue it was sent back to, or why it could not be (`unreadable`). */
  replayedTo: text('replayed_to'),
});
