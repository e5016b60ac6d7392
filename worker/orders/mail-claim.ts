import { and, eq, isNull, sql } from 'drizzle-orm';
import type { Db } from '../db/client';
import { orderEmails } from '../db/orders-schema';
import { nowMs } from './order-store';

/** The order mails the store sends (`order_emails.kind` also has room for a refund notice). */
export const ORDER_MAIL_KINDS = ['confirmation', 'shipped'] as const;
export type OrderMailKind = (typeof ORDER_MAIL_KINDS)[number];

export type MailClaim =
  | { state: 'claimed'; claimedAt: number }
  | { state: 'sent'; messageId: string }
  | { state: 'in_flight'; retryInSeconds: number };

const rowOf = (orderId: string, kind: OrderMailKind) => and(eq(orderEmails.orderId, orderId), eq(orderEmails.kind, kind));

/**
 * Takes the right to send the (order, kind) mail. The `order_emails` row is the claim: absent, nobody
 * is sending; `message_id` null, someone is, for at most `leaseMs` (an older claim was left by a
 * sender that died mid-send, and is taken over); `message_id` set, the mail went out and never goes
 * again. One D1 batch is one transaction, so of two deliveries racing, one claims and one waits.
 */
export async function claimMail(db: Db, orderId: string, kind: OrderMailKind, leaseMs: number): Promise<MailClaim> {
  const [, inserted, found] = await db.batch([
    db
      .delete(orderEmails)
      .where(and(rowOf(orderId, kind), isNull(orderEmails.messageId), sql`${orderEmails.createdAt} < ${nowMs} - ${leaseMs}`)),
    db.insert(orderEmails).values({ orderId, kind }).onConflictDoNothing().returning({ claimedAt: orderEmails.createdAt }),
    db
      .select({ messageId: orderEmails.messageId, ageMs: sql<number>`${nowMs} - ${orderEmails.createdAt}` })
      .from(orderEmails)
      .where(rowOf(orderId, kind)),
  ]);
  if (inserted[0]) return { state: 'claimed', claimedAt: inserted[0].claimedAt };
  const row = found[0];
  if (row?.messageId) return { state: 'sent', messageId: row.messageId };
  return { state: 'in_flight', retryInSeconds: Math.max(1, Math.ceil((leaseMs - (row?.ageMs ?? 0)) / 1000)) };
}

/** The mail went out: no delivery of this (order, kind) sends again, whoever held the claim by now. */
export const recordMailSent = (db: Db, orderId: string, kind: OrderMailKind, messageId: string) =>
  db
    .insert(orderEmails)
    .values({ orderId, kind, messageId })
    .onConflictDoUpdate({ target: [orderEmails.orderId, orderEmails.kind], set: { messageId }, setWhere: isNull(orderEmails.messageId) })
    .run();

/** Gives up this sender's claim (its send failed), so the retry claims at once instead of waiting out the lease. */
export const releaseMail = (db: Db, orderId: string, kind: OrderMailKind, claimedAt: number) =>
  db
    .delete(orderEmails)
    .where(and(rowOf(orderId, kind), isNull(orderEmails.messageId), eq(orderEmails.createdAt, claimedAt)))
    .run();
