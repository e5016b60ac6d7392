import type { FaultWindow } from './faults';
import type { Records } from './records';
import type { Plan, Traffic } from './shoppers';

const PAID = new Set(['paid', 'fulfilling', 'shipped']);
/** A charge the store accounted for: paid on, or refunded (e.g. paid after its stock was gone). */
const ACCOUNTED = new Set([...PAID, 'refunded']);

export interface Verdict {
  started: number;
  paid: number;
  lost: string[];
  oversold: number;
  chargedTwice: string[];
  shippedTwice: string[];
  /** Sent to the warehouse more than once (its order-id key made one shipment of them). */
  resent: number;
  paidNotShipped: string[];
  requests: number;
  errors5xx: number;
  unavailable503: number;
  networkErrors: number;
  /** Catalog reads answered while the D1 fault was on: 2xx of all, and how the cache answered them. */
  catalogDuringD1: { ok: number; total: number; cache: Record<string, number> } | null;
  outcomes: Record<string, number>;
  ok: boolean;
}

/** Whether `at` fell while the D1 fault was on (armed by the switch until `armedUntil`). */
const duringD1 = (at: number, windows: FaultWindow[]) => windows.some((w) => w.kinds.includes('d1') && at >= w.from && at <= w.armedUntil);

/** The verdict, from the store's records (D1 orders, counters, the emulator's charges and shipments). */
export function judge(plan: Plan, records: Records, traffic: Traffic, windows: FaultWindow[]): Verdict {
  const status = new Map(records.orders.map((o) => [o.id, o.status]));
  const lost = new Set<string>();
  // Charged at the provider, yet the store does not have the order as paid (or refunded).
  for (const s of records.sessions) if (s.paid && !ACCOUNTED.has(status.get(s.orderId ?? '') ?? '')) lost.add(s.orderId ?? s.id);
  // Acknowledged to a shopper (201) with no order row behind it.
  for (const j of traffic.journeys) if (j.orderId && !status.has(j.orderId)) lost.add(j.orderId);

  const paidSessions = new Map<string, number>();
  for (const s of records.sessions) if (s.paid && s.orderId) paidSessions.set(s.orderId, (paidSessions.get(s.orderId) ?? 0) + 1);
  const shipmentsPerOrder = new Map<string, Set<string>>();
  for (const s of records.shipments) shipmentsPerOrder.set(s.orderId, (shipmentsPerOrder.get(s.orderId) ?? new Set()).add(s.shipmentId));

  let oversold = 0;
  for (const [sku, start] of Object.entries(plan.stock)) {
    const sold = records.orders.filter((o) => PAID.has(o.status)).flatMap((o) => o.lines).filter((l) => l.sku === sku).reduce((n, l) => n + l.quantity, 0);
    const counter = records.counters[sku]!;
    oversold += Math.max(0, sold - start.onHand, counter.committed - start.committed - start.onHand, -counter.onHand);
  }

  const storeHits = traffic.hits.filter((h) => h.route !== 'pay');
  const catalog = storeHits.filter((h) => (h.route === 'page' || h.route === 'listing') && duringD1(h.at, windows));
  const cache: Record<string, number> = {};
  for (const h of catalog) cache[h.cache ?? (h.status === 0 ? 'no answer' : 'none')] = (cache[h.cache ?? (h.status === 0 ? 'no answer' : 'none')] ?? 0) + 1;
  const outcomes: Record<string, number> = {};
  for (const j of traffic.journeys) outcomes[j.outcome] = (outcomes[j.outcome] ?? 0) + 1;

  const verdict: Verdict = {
    started: records.orders.length,
    paid: records.orders.filter((o) => PAID.has(o.status)).length,
    lost: [...lost],
    oversold,
    chargedTwice: [...paidSessions].filter(([, n]) => n > 1).map(([id]) => id),
    shippedTwice: [...shipmentsPerOrder].filter(([, ids]) => ids.size > 1).map(([id]) => id),
    resent: records.shipments.filter((s) => s.receivedCount > 1).length,
    paidNotShipped: records.orders.filter((o) => o.status === 'paid' || o.status === 'fulfilling').map((o) => o.id),
    requests: storeHits.length,
    errors5xx: storeHits.filter((h) => h.status >= 500).length,
    unavailable503: storeHits.filter((h) => h.status === 503).length,
    networkErrors: storeHits.filter((h) => h.status === 0).length,
    catalogDuringD1: windows.some((w) => w.kinds.includes('d1')) ? { ok: catalog.filter((h) => h.status >= 200 && h.status < 300).length, total: catalog.length, cache } : null,
    outcomes,
    ok: false,
  };
  verdict.ok =
    verdict.lost.length === 0 && verdict.oversold === 0 && verdict.chargedTwice.length === 0 && verdict.shippedTwice.length === 0 && verdict.paidNotShipped.length === 0;
  return verdict;
}
