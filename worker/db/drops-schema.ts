import { sql } from 'drizzle-orm';
import { check, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

/**
 * Drops (docs/drops.md): what a marketer configures. The queue and admissions live in Durable Objects;
 * only the configuration is here. A SKU belongs to at most one drop, so "is this a drop SKU, and of
 * which drop?" is one indexed lookup at cart and checkout.
 */

const now = sql`(cast(unixepoch('subsec') * 1000 as integer))`;

export const drops = sqliteTable(
  'drops',
  {
    /** Chosen by the admin (`spring-sneaker`), like a promotion's id. */
    id: text('id').primaryKey(),
    /** Unix milliseconds. */
    startsAt: integer('starts_at').notNull(),
    admitPerMinute: integer('admit_per_minute').notNull(),
    perCustomerLimit: integer('per_customer_limit').notNull(),
    turnstile: integer('turnstile', { mode: 'boolean' }).notNull(),
    createdAt: integer('created_at').notNull().default(now),
    updatedAt: integer('updated_at').notNull().default(now),
  },
  (t) => [
    check('drops_admit_positive', sql`${t.admitPerMinute} > 0`),
    check('drops_limit_positive', sql`${t.perCustomerLimit} > 0`),
  ],
);

export const dropSkus = sqliteTable(
  'drop_skus',
  {
    dropId: text('drop_id')
      .notNull()
      .references(() => drops.id, { onDelete: 'cascade' }),
    sku: text('sku').notNull(),
    position: integer('position').notNull(),
  },
  (t) => [primaryKey({ columns: [t.dropId, t.sku] }), uniqueIndex('drop_skus_sku_unique').on(t.sku)],
);
