import { and, count, eq, inArray, isNotNull, ne, sql } from 'drizzle-orm';
import type { Db } from '../db/client';
import { promotionRedemptions, promotions } from '../db/pricing-schema';
import type { Promotion } from '../pricing/types';

/**
 * Uses of limited promotions. A use is counted when an order is created (`held`), given back when
 * the order is cancelled or expires (`released`), and kept when it is paid (`committed`). The limit
 * is enforced by one conditional INSERT … SELECT … WHERE: D1 runs each statement alone, so of fifty
 * concurrent checkouts of a code limited to ten, exactly ten rows are written.
 */

const nowMs = sql`(cast(unixepoch('subsec') * 1000 as integer))`;
const counted = sql`${promotionRedemptions.status} != 'released'`;

/** Whether a promotion has a limit worth a row. */
export const isLimited = (p: Pick<Promotion, 'usageLimit' | 'perCustomerLimit'>) => p.usageLimit !== null || p.perCustomerLimit !== null;

export type RedeemOutcome = { ok: true } | { ok: false; reason: 'used_up' | 'customer_limit' };

/** Takes one use of `promotion` for `orderId`, or says which limit refused it. Idempotent per order. */
export async function redeem(db: Db, promotion: Promotion, orderId: string, email: string): Promise<RedeemOutcome> {
  const customer = email.toLowerCase();
  const total = promotion.usageLimit;
  const perCustomer = promotion.perCustomerLimit;
  const written = await db.run(sql`
    insert into ${promotionRedemptions} (promotion_id, order_id, email, status)
    select ${promotion.id}, ${orderId}, ${customer}, 'held'
    where (${total} is null or (select count(*) from ${promotionRedemptions}
             where promotion_id = ${promotion.id} and status != 'released') < ${total})
      and (${perCustomer} is null or (select count(*) from ${promotionRedemptions}
             where promotion_id = ${promotion.id} and email = ${customer} and status != 'released') < ${perCustomer})
    on conflict (promotion_id, order_id) do update set status = 'held', updated_at = ${nowMs} where status = 'released'`);
  if (written.meta.changes > 0) return { ok: true };
  // Nothing written: this order already holds the use (a retry), or a limit refused it.
  const mine = await db
    .select({ status: promotionRedemptions.status })
    .from(promotionRedemptions)
    .where(and(eq(promotionRedemptions.promotionId, promotion.id), eq(promotionRedemptions.orderId, orderId)))
    .get();
  if (mine && mine.status !== 'released') return { ok: true };
  const [used] = await usesOf(db, [promotion.id]);
  return { ok: false, reason: total !== null && (used?.uses ?? 0) >= total ? 'used_up' : 'customer_limit' };
}

/** The order's uses stop counting (cancelled, expired, replaced). */
export const releaseRedemptions = (db: Db, orderId: string) =>
  db
    .update(promotionRedemptions)
    .set({ status: 'released', updatedAt: nowMs })
    .where(and(eq(promotionRedemptions.orderId, orderId), eq(promotionRedemptions.status, 'held')));

/** The order was paid: its uses are final (a late payment takes a use back even if it was released). */
export const commitRedemptions = (db: Db, orderId: string) =>
  db
    .update(promotionRedemptions)
    .set({ status: 'committed', updatedAt: nowMs })
    .where(and(eq(promotionRedemptions.orderId, orderId), ne(promotionRedemptions.status, 'committed')));

/** Uses of every promotion with a total limit, unexecuted (for checkout's one batch). */
export const limitedUsesQuery = (db: Db) =>
  db
    .select({ promotionId: promotionRedemptions.promotionId, uses: count() })
    .from(promotionRedemptions)
    .innerJoin(promotions, eq(promotions.id, promotionRedemptions.promotionId))
    .where(and(isNotNull(promotions.usageLimit), counted))
    .groupBy(promotionRedemptions.promotionId);

/** Uses that count against each promotion's limit now. */
export async function usesOf(db: Db, promotionIds: readonly string[]): Promise<{ promotionId: string; uses: number }[]> {
  if (promotionIds.length === 0) return [];
  return db
    .select({ promotionId: promotionRedemptions.promotionId, uses: count() })
    .from(promotionRedemptions)
    .where(and(inArray(promotionRedemptions.promotionId, [...promotionIds]), counted))
    .groupBy(promotionRedemptions.promotionId);
}
