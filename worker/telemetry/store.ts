import * as z from 'zod';
import { businessEventSchema, type BusinessEvent } from './events';

/** The EVENTS queue's message: a flush's events (recorder.ts). */
export const eventsMessageSchema = z.object({ events: z.array(businessEventSchema).max(100) }).strict();

/**
 * Rows a statement carries, as one JSON parameter: D1 binds at most 100 parameters a statement but
 * takes values up to 2 MB, and 500 events stay far under (each is under 1.5 KB at its field limits).
 */
const ROWS_PER_STATEMENT = 500;

// One fixed statement per table, the rows as a JSON array of arrays read back with json_each. Drizzle's
// insert builder (12 columns × 8 rows a statement, the parameter limit) took a quarter of the isolate's
// CPU under a hot page's load (bench/RESULTS.md); these statements are built once and bound with one value.
// Columns as in worker/db/telemetry-schema.ts.
const INSERT_EVENTS = `insert into events (id, at, type, visitor, page, variants, order_id, amount, currency, reason, value, request_id)
  select value ->> 0, value ->> 1, value ->> 2, value ->> 3, value ->> 4, value -> 5, value ->> 6, value ->> 7, value ->> 8,
         value ->> 9, value ->> 10, value ->> 11
  from json_each(?1) where true
  on conflict (id) do nothing`;
const INSERT_EXPOSURES = `insert into experiment_exposures (experiment_id, visitor, variant, first_seen_at)
  select value ->> 0, value ->> 1, value ->> 2, value ->> 3 from json_each(?1) where true
  on conflict (experiment_id, visitor) do update set first_seen_at = min(first_seen_at, excluded.first_seen_at)`;

const chunks = <T>(items: T[], size: number) => Array.from({ length: Math.ceil(items.length / size) }, (_, i) => items.slice(i * size, (i + 1) * size));

const eventRow = (e: BusinessEvent) => [e.id, e.at, e.type, e.visitor, e.page, e.variants, e.orderId, e.amount, e.currency, e.reason, e.value, e.requestId];

/**
 * Writes a queue batch of events in one D1 batch (one round trip, one transaction): the events, and
 * for each page view, the visitor's exposure to each experiment that shaped the page (kept once per
 * experiment and visitor, at its earliest time). Event ids are primary keys, so a redelivered batch
 * writes nothing twice. Message bodies that fail their schema are dropped (logged), never retried.
 */
export async function storeEvents(env: Env, batch: MessageBatch<unknown>): Promise<void> {
  const all: BusinessEvent[] = [];
  for (const msg of batch.messages) {
    const parsed = eventsMessageSchema.safeParse(msg.body);
    if (parsed.success) all.push(...parsed.data.events);
    else console.warn(JSON.stringify({ msg: 'events message dropped: malformed', id: msg.id }));
  }
  if (all.length === 0) return batch.ackAll();
  const exposures: [string, string, string, number][] = [];
  for (const e of all) {
    if (e.type !== 'page_view' || !e.visitor) continue;
    for (const [experimentId, variant] of Object.entries(e.variants)) exposures.push([experimentId, e.visitor, variant, e.at]);
  }
  const statements = [
    ...chunks(all, ROWS_PER_STATEMENT).map((rows) => env.DB.prepare(INSERT_EVENTS).bind(JSON.stringify(rows.map(eventRow)))),
    ...chunks(exposures, ROWS_PER_STATEMENT).map((rows) => env.DB.prepare(INSERT_EXPOSURES).bind(JSON.stringify(rows))),
  ];
  await env.DB.batch(statements);
  batch.ackAll();
}
