import { sql } from 'drizzle-orm';
import { check, index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import type { DiscountClass, PromotionTarget, PromotionType, ShippingMethod, ShippingZone } from '../pricing/types';

/**
 * What the pricing engine (worker/pricing/) reads: promotions, shipping zones with their methods,
 * tax rates and the store's tax setting. Admins edit them; every edit bumps the catalog version, which
 * is what per-isolate copies are kept under. Uses of a limited promotion are rows here too, counted
 * by the one conditional insert that may refuse a use past the limit.
 */

const now = sql`(cast(unixepoch('subsec') * 1000 as integer))`;

export const PROMOTION_TYPES = ['percentage', 'fixed', 'free_shipping', 'buy_x_get_y'] as const satisfies readonly PromotionType[];

export const promotions = sqliteTable(
  'promotions',
  {
    /** Chosen by the admin (`welcome10`), like an experiment's id. */
    id: text('id').primaryKey(),
    /** Upper-case; null for an automatic promotion. */
    code: text('code'),
    title: text('title').notNull(),
    type: text('type', { enum: PROMOTION_TYPES }).notNull(),
    value: integer('value').notNull(),
    buyQuantity: integer('buy_quantity'),
    getQuantity: integer('get_quantity'),
    target: text('target', { mode: 'json' }).$type<PromotionTarget>().notNull(),
    minSubtotal: integer('min_subtotal'),
    startsAt: integer('starts_at'),
    endsAt: integer('ends_at'),
    usageLimit: integer('usage_limit'),
    perCustomerLimit: integer('per_customer_limit'),
    combinesWith: text('combines_with', { mode: 'json' }).$type<Record<DiscountClass, boolean>>().notNull(),
    enabled: integer('enabled', { mode: 'boolean' }).notNull().default(true),
    createdAt: integer('created_at').notNull().default(now),
    updatedAt: integer('updated_at').notNull().default(now),
  },
  (t) => [
    uniqueIndex('promotions_code_unique').on(t.code),
    check('promotions_value_non_negative', sql`${t.value} >= 0`),
    check('promotions_window', sql`${t.startsAt} is null or ${t.endsAt} is null or ${t.endsAt} > ${t.startsAt}`),
  ],
);

export const REDEMPTION_STATUSES = ['held', 'committed', 'released'] as const;

/**
 * One use of a promotion by one order: `held` from order creation, `committed` once paid, `released`
 * when the order is cancelled or expires (a released use no longer counts against the limits).
 */
export const promotionRedemptions = sqliteTable(
  'promotion_redemptions',
  {
    promotionId: text('promotion_id').notNull(),
    orderId: text('order_id').notNull(),
    /** Lower-case, for the per-customer limit. */
    email: text('email').notNull(),
    status: text('status', { enum: REDEMPTION_STATUSES }).notNull().default('held'),
    createdAt: integer('created_at').notNull().default(now),
    updatedAt: integer('updated_at').notNull().default(now),
  },
  (t) => [
    primaryKey({ columns: [t.promotionId, t.orderId] }),
    index('promotion_redemptions_counted_idx').on(t.promotionId, t.status),
    index('promotion_redemptions_email_idx').on(t.promotionId, t.email, t.status),
    index('promotion_redemptions_order_idx').on(t.orderId),
  ],
);

export const shippingZones = sqliteTable('shipping_zones', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  areas: text('areas', { mode: 'json' }).$type<ShippingZone['areas']>().notNull(),
  methods: text('methods', { mode: 'json' }).$type<ShippingMethod[]>().notNull(),
  /** Zones are matched in this order when two are equally specific. */
  position: integer('position').notNull().default(0),
  updatedAt: integer('updated_at').notNull().default(now),
});

export const taxRates = sqliteTable(
  'tax_rates',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    country: text('country').notNull(),
    /** '' for the whole country (a unique index cannot tell two NULLs apart). */
    region: text('region').notNull().default(''),
    title: text('title').notNull(),
    /** Parts per million: 7.25 % is 72_500. */
    ratePpm: integer('rate_ppm').notNull(),
    appliesToShipping: integer('applies_to_shipping', { mode: 'boolean' }).notNull().default(false),
  },
  (t) => [
    uniqueIndex('tax_rates_unique').on(t.country, t.region, t.title),
    check('tax_rates_rate_range', sql`${t.ratePpm} between 0 and 1000000`),
  ],
);

/** One row per store-wide setting (`prices_include_tax`), its value as JSON. */
export const storeSettings = sqliteTable('store_settings', {
  key: text('key').primaryKey(),
  value: text('value', { mode: 'json' }).notNull(),
});
