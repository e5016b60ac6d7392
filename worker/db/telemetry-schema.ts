import { sql } from 'drizzle-orm';
import { index, integer, primaryKey, real, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/**
 * Business events as the EVENTS queue's consumer writes them (worker/telemetry/). Append-only; an
 * event id is the dedupe key, so a redelivered queue batch changes nothing. Names and fields are
 * owned by worker/telemetry/events.ts.
 */
export const events = sqliteTable(
  'events',
  {
    id: text('id').primaryKey(),
    /** When it happened, ms since the epoch. */
    at: integer('at').notNull(),
    type: text('type').notNull(),
    /** The `vid` cookie's visitor (never set on web vitals). */
    visitor: text('visitor'),
    /** Page kind: home, listing, search, product, cart, checkout, order, drop, other. */
    page: text('page'),
    variants: text('variants', { mode: 'json' }).$type<Record<string, string>>().notNull().default(sql`'{}'`),
    orderId: text('order_id'),
    /** Minor units. */
    amount: integer('amount'),
    currency: text('currency'),
    /** Refusal code, failure reason, web-vital name… */
    reason: text('reason'),
    /** Duration (ms) of a checkout, or a web vital's value. */
    value: real('value'),
    requestId: text('request_id'),
  },
  (t) => [index('events_type_at_idx').on(t.type, t.at), index('events_order_idx').on(t.orderId), index('events_visitor_idx').on(t.visitor, t.type)],
);

/** Each visitor once per experiment, when a page the experiment shapes was first served to them. */
export const experimentExposures = sqliteTable(
  'experiment_exposures',
  {
    experimentId: text('experiment_id').notNull(),
    visitor: text('visitor').notNull(),
    variant: text('variant').notNull(),
    firstSeenAt: integer('first_seen_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.experimentId, t.visitor] }), index('experiment_exposures_variant_idx').on(t.experimentId, t.variant, t.firstSeenAt)],
);

/**
 * The weights an experiment's variants had from `since` on (ms since the epoch), one row each time
 * an admin write changed them: what the sample-ratio-mismatch check compares each period's exposures
 * with (a roll-out to 100 % is no broken split).
 */
export const experimentWeights = sqliteTable(
  'experiment_weights',
  {
    experimentId: text('experiment_id').notNull(),
    since: integer('since').notNull(),
    /** `{ "<variant>": weight, … }` */
    weights: text('weights', { mode: 'json' }).$type<Record<string, number>>().notNull(),
  },
  (t) => [primaryKey({ columns: [t.experimentId, t.since] })],
);
