import { ZodError } from 'zod';
import { database } from './db/client';
import { deadLetters } from './db/orders-schema';
import { fulfill, fulfillmentMessageSchema, retryDelaySeconds } from './orders/fulfillment';
import { mailRetryDelaySeconds, orderMailMessageSchema, sendOrderMail } from './orders/order-mail';
import { flagOrder } from './orders/order-store';
import { applyPaymentEvent } from './orders/payment-events';
import { paymentEventSchema } from './payments/event-schema';
import { flushEvents, track } from './telemetry/recorder';
import { consumeStockHints } from './stock/hint-messages';
import { storeEvents } from './telemetry/store';
import { traceFrom, withTrace } from './telemetry/trace';

/** Queue names of wrangler.toml. */
export const QUEUES = {
  webhooks: 'edgefront-webhooks',
  fulfillment: 'edgefront-fulfillment',
  email: 'edgefront-email',
  events: 'edgefront-events',
  stockHints: 'edgefront-stock-hints',
  deadLetters: 'edgefront-dead-letters',
} as const;

/**
 * The consumer of every queue. Each message is acked or retried on its own, so one failure never
 * re-runs the rest of its batch; after `max_retries` (wrangler.toml) a message goes to the dead-letter
 * queue, whose consumer keeps it in D1 and flags its order for a person.
 */
export async function consume(batch: MessageBatch<unknown>, env: Env): Promise<void> {
  if (batch.queue === QUEUES.events) return storeEvents(env, batch);
  if (batch.queue === QUEUES.stockHints) return consumeStockHints(env, batch);
  await route(batch, env);
  // What the handlers recorded (payments, fulfillment) leaves before the invocation ends.
  await flushEvents(env);
}

async function route(batch: MessageBatch<unknown>, env: Env): Promise<void> {
  switch (batch.queue) {
    case QUEUES.webhooks:
      return each(env, batch, async (msg) => applyPaymentEvent(env, paymentEventSchema.parse(msg.body)), () => 0);
    case QUEUES.fulfillment:
      return each(
        env,
        batch,
        async (msg) => void (await fulfill(env, fulfillmentMessageSchema.parse(msg.body))),
        (attempts) => retryDelaySeconds(env, attempts),
      );
    case QUEUES.email:
      return each(
        env,
        batch,
        async (msg) => void (await sendOrderMail(env, orderMailMessageSchema.parse(msg.body))),
        (attempts, err) => mailRetryDelaySeconds(env, attempts, err),
      );
    case QUEUES.deadLetters:
      return each(env, batch, (msg) => keepDeadLetter(env, msg), () => 0);
    default:
      console.error(JSON.stringify({ msg: 'messages from an unknown queue', queue: batch.queue }));
      batch.retryAll();
  }
}

async function each(
  env: Env,
  batch: MessageBatch<unknown>,
  handle: (msg: Message<unknown>) => Promise<void>,
  delaySeconds: (attempts: number, err: unknown) => number,
): Promise<void> {
  // Orders run side by side; one order's messages run in the order they came, so its events never
  // race each other (they would converge anyway, at the cost of retries).
  const byOrder = new Map<string, Message<unknown>[]>();
  for (const msg of batch.messages) {
    const key = orderOf(msg.body) ?? msg.id;
    byOrder.set(key, [...(byOrder.get(key) ?? []), msg]);
  }
  await Promise.all(
    [...byOrder.values()].map(async (messages) => {
      for (const msg of messages) {
        // Each message continues the trace it was sent in (when it carries one), or starts its own; its
        // log lines carry that trace, like a request's.
        const trace = traceFrom((msg.body as { traceparent?: string } | null)?.traceparent);
        const started = Date.now();
        try {
          await withTrace(trace, () => handle(msg));
          msg.ack();
          if (env.LOG_LEVEL !== 'warn' && env.LOG_LEVEL !== 'error') {
            const line = { level: 'info', msg: 'queue message', queue: batch.queue, id: msg.id, attempts: msg.attempts, ms: Date.now() - started };
            console.log(JSON.stringify({ ...line, traceId: trace.traceId, spanId: trace.spanId }));
          }
        } catch (err) {
          console.warn(
            JSON.stringify({
              level: 'warn',
              msg: 'queue message failed',
              queue: batch.queue,
              id: msg.id,
              attempts: msg.attempts,
              traceId: trace.traceId,
              spanId: trace.spanId,
              error: err instanceof ZodError ? 'malformed message' : String(err).slice(0, 300),
            }),
          );
          if (batch.queue === QUEUES.fulfillment) {
            track({ type: 'fulfillment_failed', orderId: orderOf(msg.body), reason: err instanceof ZodError ? 'malformed message' : String(err) });
          }
          msg.retry({ delaySeconds: delaySeconds(msg.attempts, err) });
        }
      }
    }),
  );
}

async function keepDeadLetter(env: Env, msg: Message<unknown>): Promise<void> {
  const db = database(env.DB);
  await db
    .insert(deadLetters)
    .values({ id: msg.id, body: JSON.stringify(msg.body) ?? 'null', attempts: msg.attempts })
    .onConflictDoNothing();
  const orderId = orderOf(msg.body);
  if (orderId) await flagOrder(db, orderId, 'dead_letter');
}

function orderOf(body: unknown): string | null {
  if (typeof body !== 'object' || body === null) return null;
  const record = body as { orderId?: unknown; session?: { orderId?: unknown } };
  const id = record.orderId ?? record.session?.orderId;
  return typeof id === 'string' && id.startsWith('ord_') ? id : null;
}
