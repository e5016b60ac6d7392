// Counting orders from the store's own D1 (never from what a bench believes it sent).
import { setTimeout as sleep } from 'node:timers/promises';

/** Order statuses that mean the payment reached the store. */
export const STORE_PAID = new Set(['paid', 'fulfilling', 'shipped']);

/** @typedef {{ prepare(sql: string): { bind(...v: unknown[]): { all(): Promise<{ results: any[] }> } } }} D1Like */

/**
 * id → status of the given orders, in chunks of 50 bound ids.
 * @param {D1Like} db
 * @param {string[]} ids
 */
export async function orderStatuses(db, ids) {
  /** @type {Map<string, string>} */
  const out = new Map();
  for (let i = 0; i < ids.length; i += 50) {
    const chunk = ids.slice(i, i + 50);
    const { results } = await db
      .prepare(`select id, status from orders where id in (${chunk.map(() => '?').join(', ')})`)
      .bind(...chunk)
      .all();
    for (const row of results) out.set(row.id, row.status);
  }
  return out;
}

/**
 * Waits (bounded by `timeoutMs`) until every order of `paidIds` is paid in D1 (the webhook went
 * through the store's queue). Returns { seconds, timedOut, unpaid }.
 * @param {D1Like} db
 * @param {string[]} paidIds
 * @param {number} timeoutMs
 */
export async function settlePaid(db, paidIds, timeoutMs) {
  const t0 = performance.now();
  let unpaid = paidIds;
  while (unpaid.length) {
    const statuses = await orderStatuses(db, unpaid);
    unpaid = unpaid.filter((id) => !STORE_PAID.has(statuses.get(id) ?? ''));
    if (!unpaid.length || performance.now() - t0 > timeoutMs) break;
    await sleep(500);
  }
  return { seconds: (performance.now() - t0) / 1000, timedOut: unpaid.length > 0, unpaid: unpaid.length };
}

/**
 * The run's orders as D1 has them: of `createdIds` (answered 201) how many exist, of `paidIds` (paid at
 * the emulator) how many are paid, and how many orders of `emailLike` exist at all (more than the 201s:
 * a checkout that created its order but whose answer never arrived or was a failure), and how many of
 * those are still `pending`.
 * @param {D1Like} db
 * @param {{ emailLike: string, createdIds: string[], paidIds: string[] }} run
 */
export async function countOrders(db, { emailLike, createdIds, paidIds }) {
  const statuses = await orderStatuses(db, createdIds);
  const paidFound = paidIds.filter((id) => STORE_PAID.has(statuses.get(id) ?? '')).length;
  const { results } = await db
    .prepare('select o.id, o.status, exists (select 1 from payments p where p.order_id = o.id) as session from orders o where o.email like ?')
    .bind(emailLike)
    .all();
  const inD1 = results.length;
  // Orders no shopper was answered a 201 for that D1 still has `pending`. With a payment session: the
  // checkout finished after its shopper stopped waiting (an abandoned open checkout; it expires with
  // its session). Without one: written but never taken to a session — a partial write, or an order
  // kept on purpose for a retry after the provider failed (payment_unavailable, docs/payments.md).
  const pending = results.filter((o) => o.status === 'pending' && !statuses.has(o.id));
  const pendingUnanswered = pending.length;
  const pendingNoSession = pending.filter((o) => !o.session).length;
  return {
    created: createdIds.length,
    createdFound: statuses.size,
    createdMissing: createdIds.length - statuses.size,
    paid: paidIds.length,
    paidFound,
    paidMissing: paidIds.length - paidFound,
    inD1,
    unanswered: Math.max(0, inD1 - statuses.size),
    pendingUnanswered,
    pendingNoSession,
  };
}
