import { sql } from 'drizzle-orm';
import type { BatchItem } from 'drizzle-orm/batch';
import * as z from 'zod';
import { database } from '../db/client';
import { events, experimentExposures } from '../db/telemetry-schema';
import { businessEventSchema, type BusinessEvent } from './events';

/** The EVENTS queue's message: a flush's events (recorder.ts). */
export const eventsMessageSchema = z.object({ events: z.array(businessEventSchema).max(100) }).strict();

// D1 binds at most 100 parameters a statement: 12 columns make 8 rows, 4 make 25.
const EVENT_ROWS = 8;
const EXPOSURE_ROWS = 25;

const chunks = <T>(items: T[], size: number) => Array.from({ length: Math.ceil(items.length / size) }, (_, i) => items.slice(i * size, (i + 1) * size));

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
  const db = database(env.DB);
  const exposures = all.flatMap((e) =>
    e.type === 'page_view' && e.visitor
      ? Object.entries(e.variants).map(([experimentId, variant]) => ({ experimentId, visitor: e.visitor!, variant, firstSeenAt: e.at }))
      : [],
  );
  const statements: BatchItem<'sqlite'>[] = [
    ...chunks(all, EVENT_ROWS).map((rows) => db.insert(events).values(rows).onConflictDoNothing()),
    ...chunks(exposures, EXPOSURE_ROWS).map((rows) =>
      db
        .insert(experimentExposures)
        .values(rows)
        .onConflictDoUpdate({
          target: [experimentExposures.experimentId, experimentExposures.visitor],
          set: { firstSeenAt: sql`min(${experimentExposures.firstSeenAt}, excluded.first_seen_at)` },
        }),
    ),
  ];
  await db.batch(statements as [BatchItem<'sqlite'>, ...BatchItem<'sqlite'>[]]);
  batch.ackAll();
}
