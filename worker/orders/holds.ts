/**
 * Stock holds of one order across its SKUs' counters. The reservation id is the order id, so every
 * step is idempotent per SKU and any of them can be retried or repeated safely.
 */

/** Checkout sessions must live at least 30 minutes (Stripe's floor); one more for latency. */
export const SESSION_TTL_MS = 31 * 60_000;
/** Holds outlive the session, so a payment in its last second still finds its stock held. */
export const HOLD_TTL_MS = SESSION_TTL_MS + 2 * 60_000;

export interface HeldLine {
  sku: string;
  quantity: number;
}

export type HoldOutcome = { ok: true } | { ok: false; short: { sku: string; available: number }[] };

import { stockLayout, stockOf } from '../inventory/stock-layout';

/** Each line's stock calls: its SKU's counter, or its shards for a drop SKU (docs/drops.md). */
async function countersOf(env: Env, lines: readonly HeldLine[]) {
  const layout = await stockLayout(env, lines.map((l) => l.sku));
  return lines.map((l) => stockOf(env, layout, l.sku));
}

/**
 * Holds every line for `ttlMs`, all SKUs at once. If any SKU is short, gives back what was taken (a
 * multi-SKU order never keeps a partial hold) and reports every short SKU. A live or committed hold
 * under the same id counts as held, which is what makes a retry or a late payment safe.
 */
export async function reserveAll(env: Env, orderId: string, lines: readonly HeldLine[], ttlMs = HOLD_TTL_MS): Promise<HoldOutcome> {
  const counters = await countersOf(env, lines);
  const results = await Promise.allSettled(lines.map((l, i) => counters[i]!.reserve(orderId, l.quantity, ttlMs)));
  const short: { sku: string; available: number }[] = [];
  let failure: unknown = null;
  results.forEach((r, i) => {
    if (r.status === 'rejected') failure ??= r.reason;
    else if (!r.value.ok) short.push({ sku: lines[i]!.sku, available: r.value.available });
  });
  if (failure === null && short.length === 0) return { ok: true };
  // Give back what may be held: the lines that were granted, and those whose call failed (it may have
  // landed). A refused line holds nothing, and asking its hot counter again would cost a flash sale.
  const mayHold = lines.filter((_, i) => {
    const r = results[i]!;
    return r.status === 'rejected' || r.value.ok;
  });
  await releaseAll(env, orderId, mayHold);
  if (failure !== null) throw failure;
  return { ok: false, short };
}

/** Gives back every live hold of the order; committed units stay sold. */
export async function releaseAll(env: Env, orderId: string, lines: readonly HeldLine[]): Promise<void> {
  const counters = await countersOf(env, lines);
  await Promise.all(counters.map((c) => c.release(orderId)));
}

/**
 * Turns the order's holds into sales. Every SKU is tried; true only if all are committed (a hold that
 * lapsed in between answers `not_found`, and the caller re-reserves and tries again).
 */
export async function commitAll(env: Env, orderId: string, lines: readonly HeldLine[]): Promise<boolean> {
  const counters = await countersOf(env, lines);
  const results = await Promise.all(counters.map((c) => c.commit(orderId)));
  return results.every((r) => r.ok);
}
