import { and, asc, eq, inArray, isNull } from 'drizzle-orm';
import type { Db } from '../db/client';
import { deadLetters } from '../db/orders-schema';
import { paymentEventSchema } from '../payments/event-schema';
import { QUEUES } from '../queues';
import { fulfillmentMessageSchema } from './fulfillment';
import { orderMailMessageSchema } from './order-mail';

// Events are best-effort telemetry and stock hints are rewritten by the next crossing: neither has a
// dead-letter queue, so there is nothing to replay.
type ReplayQueue = Exclude<keyof typeof QUEUES, 'deadLetters' | 'events' | 'stockHints'>;

/** Which queue a dead letter came from, told by its shape (the dead-letter queue does not say). */
const ORIGINS: [ReplayQueue, (body: unknown) => boolean][] = [
  ['webhooks', (body) => paymentEventSchema.safeParse(body).success],
  ['fulfillment', (body) => fulfillmentMessageSchema.safeParse(body).success],
  ['email', (body) => orderMailMessageSchema.safeParse(body).success],
];

const producer = (env: Env, queue: ReplayQueue): Queue => ({ webhooks: env.WEBHOOKS, fulfillment: env.FULFILLMENT, email: env.EMAIL })[queue];

function originOf(raw: string): { queue: ReplayQueue; body: unknown } | null {
  let body: unknown;
  try {
    body = JSON.parse(raw);
  } catch {
    return null;
  }
  const queue = ORIGINS.find(([, fits]) => fits(body))?.[0];
  return queue ? { queue, body } : null;
}

export interface ReplayReport {
  replayed: { id: string; queue: string }[];
  skipped: { id: string; reason: 'unreadable' | 'already_replayed' }[];
  failed: { id: string; error: string }[];
}

/**
 * Sends dead letters back to the queue they came from, each at most once: a letter is claimed with a
 * conditional update before it is sent (two replays racing send it once) and unclaimed if the send
 * fails. What it sends is safe to receive twice anyway: payment events are recorded by id, fulfillment
 * and mail claim their order's state first. A letter no consumer can read stays put for a person.
 */
export async function replayDeadLetters(env: Env, db: Db, options: { ids?: string[]; limit: number }): Promise<ReplayReport> {
  const report: ReplayReport = { replayed: [], skipped: [], failed: [] };
  const rows = await db
    .select()
    .from(deadLetters)
    .where(options.ids ? inArray(deadLetters.id, options.ids) : isNull(deadLetters.replayedAt))
    .orderBy(asc(deadLetters.receivedAt), asc(deadLetters.id))
    .limit(options.limit);
  for (const row of rows) {
    const origin = originOf(row.body);
    if (!origin) {
      report.skipped.push({ id: row.id, reason: 'unreadable' });
      continue;
    }
    const claimed = await db
      .update(deadLetters)
      .set({ replayedAt: Date.now(), replayedTo: QUEUES[origin.queue] })
      .where(and(eq(deadLetters.id, row.id), isNull(deadLetters.replayedAt)))
      .returning({ id: deadLetters.id });
    if (claimed.length === 0) {
      report.skipped.push({ id: row.id, reason: 'already_replayed' });
      continue;
    }
    try {
      await producer(env, origin.queue).send(origin.body, { contentType: 'json' });
      report.replayed.push({ id: row.id, queue: QUEUES[origin.queue] });
    } catch (err) {
      await db.update(deadLetters).set({ replayedAt: null, replayedTo: null }).where(eq(deadLetters.id, row.id));
      report.failed.push({ id: row.id, error: String(err).slice(0, 200) });
    }
  }
  return report;
}

/** Dead letters newest first, for the admin API (`pending`: not replayed yet). */
export const listDeadLetters = (db: Db, pending: boolean, limit: number) =>
  db
    .select()
    .from(deadLetters)
    .where(pending ? isNull(deadLetters.replayedAt) : undefined)
    .orderBy(asc(deadLetters.receivedAt))
    .limit(limit);
