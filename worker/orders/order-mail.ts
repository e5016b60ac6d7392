import * as z from 'zod';
import { database } from '../db/client';
import { mailSender, mailTimeoutMs } from '../email/mail-sender';
import { EmailRejectedError, EmailUnavailableError } from '../email/sender';
import { orderConfirmation, shippingNotice } from '../email/templates';
import { claimMail, ORDER_MAIL_KINDS, recordMailSent, releaseMail, type OrderMailKind } from './mail-claim';
import { orderMailOf, orderPageUrl } from './mail-content';
import { findOrder, flagOrder, orderView } from './order-store';
import { childTraceparent } from '../telemetry/trace';
import type { OrderStatus } from './types';

export type { OrderMailKind };

/** The email queue's message: which mail, about which order; everything else is read when it is sent. */
export const orderMailMessageSchema = z
  .object({ orderId: z.string().regex(/^ord_[A-Za-z0-9_-]{22}$/), kind: z.enum(ORDER_MAIL_KINDS), traceparent: z.string().max(55).optional() })
  .strict();
export type OrderMailMessage = z.infer<typeof orderMailMessageSchema>;

/** The statuses in which a mail is still true when its turn comes (a refund may have overtaken it). */
const SENDS_IN: Record<OrderMailKind, readonly OrderStatus[]> = {
  confirmation: ['paid', 'fulfilling', 'shipped'],
  shipped: ['shipped'],
};

const TEMPLATES = { confirmation: orderConfirmation, shipped: shippingNotice } as const;

/** A claim outlives the slowest send plus the D1 writes around it; only a dead sender's claim gets older. */
const LEASE_MARGIN_MS = 5_000;

/** 10 retries (wrangler.toml) at most an hour apart stay inside the 24 h Resend keeps an idempotency key. */
const MAX_RETRY_SECONDS = 3_600;

/** Another delivery holds the claim right now: retry once its lease is over, never ack (it may die). */
export class OrderMailInFlightError extends Error {
  override readonly name = 'OrderMailInFlightError';
  constructor(
    orderId: string,
    kind: OrderMailKind,
    readonly retryAfterSeconds: number,
  ) {
    super(`the ${kind} mail of ${orderId} is being sent by another delivery`);
  }
}

/**
 * Queues one order mail for the email queue's consumer (`sendOrderMail`), so no request or payment
 * event waits on the mail provider. Calling it again for the same event is harmless: each
 * (order, kind) is sent once.
 * @example await enqueueOrderMail(env, order.id, 'confirmation');
 */
export async function enqueueOrderMail(env: Env, orderId: string, kind: OrderMailKind): Promise<void> {
  await env.EMAIL.send({ orderId, kind, traceparent: childTraceparent() } satisfies OrderMailMessage, { contentType: 'json' });
}

/**
 * Sends the (order, kind) mail unless it went out already: claim it in D1, render it from the stored
 * order, send it with the idempotency key `<order id>:<kind>`, record the provider's id. A failed send
 * gives the claim back and throws, so the queue retries with the same key (Resend answers the first
 * id, never a second mail, should the failed attempt have been sent after all); a refused one is
 * logged, flags the order `mail_failed` and is not retried.
 */
export async function sendOrderMail(
  env: Env,
  { orderId, kind }: OrderMailMessage,
): Promise<'sent' | 'already_sent' | 'not_applicable' | 'rejected'> {
  if (!env.STORE_URL || !env.EMAIL_FROM) throw new Error('STORE_URL or EMAIL_FROM is not set');
  const sender = mailSender(env);
  const db = database(env.DB);
  const order = await findOrder(db, orderId);
  if (!order || !SENDS_IN[kind].includes(order.status)) return 'not_applicable';
  const claim = await claimMail(db, orderId, kind, mailTimeoutMs(env) + LEASE_MARGIN_MS);
  if (claim.state === 'sent') return 'already_sent';
  if (claim.state === 'in_flight') throw new OrderMailInFlightError(orderId, kind, claim.retryInSeconds);
  try {
    const mail = orderMailOf(await orderView(db, order), orderPageUrl(env.STORE_URL, order));
    const { id } = await sender.send({
      to: order.email,
      from: env.EMAIL_FROM,
      ...TEMPLATES[kind](mail),
      idempotencyKey: `${orderId}:${kind}`,
      tags: { kind: `order_${kind}` },
    });
    await recordMailSent(db, orderId, kind, id);
    return 'sent';
  } catch (err) {
    await releaseMail(db, orderId, kind, claim.claimedAt);
    if (!(err instanceof EmailRejectedError)) throw err;
    console.error(JSON.stringify({ msg: 'order mail refused', orderId, kind, code: err.code, error: err.message }));
    await flagOrder(db, orderId, 'mail_failed');
    return 'rejected';
  }
}

/**
 * Seconds before retry `attempt` (1-based): `EMAIL_RETRY_SECONDS` × 2^(attempt−1), lengthened to the
 * provider's Retry-After, at most an hour; a claim in flight elsewhere is waited out. Base 0 (the
 * tests) retries at once.
 */
export function mailRetryDelaySeconds(env: Env, attempt: number, err: unknown): number {
  if (err instanceof OrderMailInFlightError) return err.retryAfterSeconds;
  const configured = env.EMAIL_RETRY_SECONDS ? Number(env.EMAIL_RETRY_SECONDS) : Number.NaN;
  const base = Number.isFinite(configured) && configured >= 0 ? configured : 10;
  const asked = base > 0 && err instanceof EmailUnavailableError ? err.retryAfterSeconds : 0;
  return Math.min(MAX_RETRY_SECONDS, Math.max(base * 2 ** Math.max(0, attempt - 1), asked));
}
