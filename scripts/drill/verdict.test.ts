import { describe, expect, it } from 'vitest';
import type { FaultWindow } from './faults';
import type { Records } from './records';
import type { Plan, Traffic } from './shoppers';
import { judge } from './verdict';

const plan: Plan = { runId: 'r1', startedAt: 0, products: [{ slug: 'a', sku: 'A' }], stock: { A: { onHand: 2, committed: 10 } } };
const order = (id: string, status: string, quantity = 1) => ({ id, status, email: `drill+r1-${id}@example.com`, lines: [{ sku: 'A', quantity }] });
const clean = (): Records => ({
  orders: [order('o1', 'shipped'), order('o2', 'pending')],
  sessions: [
    { id: 's1', orderId: 'o1', paid: true },
    { id: 's2', orderId: 'o2', paid: false },
  ],
  shipments: [{ orderId: 'o1', shipmentId: 'sh1', receivedCount: 1 }],
  counters: { A: { onHand: 1, committed: 11 } },
});
const traffic: Traffic = {
  hits: [
    { route: 'page', status: 200, at: 5, cache: 'STALE' },
    { route: 'listing', status: 503, at: 6, cache: null },
    { route: 'checkout', status: 201, at: 20, cache: null },
  ],
  journeys: [{ n: 0, email: 'e', orderId: 'o1', sessionId: 's1', outcome: 'paid' }],
  skipped: 0,
};
const windows: FaultWindow[] = [{ kinds: ['d1'], from: 0, to: 10, armedUntil: 10, notes: [] }];

describe('the drill’s verdict', () => {
  it('passes a run whose records account for every charge, unit and shipment', () => {
    const v = judge(plan, clean(), traffic, windows);
    expect(v).toMatchObject({ ok: true, started: 2, paid: 1, lost: [], oversold: 0, chargedTwice: [], shippedTwice: [], paidNotShipped: [] });
    expect(v.catalogDuringD1).toEqual({ ok: 1, total: 2, cache: { STALE: 1, none: 1 } });
    expect(v.errors5xx).toBe(1);
  });

  it('names a charge the store did not record as paid, and a 201 with no order row, as lost', () => {
    const records = clean();
    records.sessions[1]!.paid = true;
    const v = judge(plan, records, { ...traffic, journeys: [...traffic.journeys, { n: 1, email: 'e', orderId: 'o9', outcome: 'pay_failed' }] }, windows);
    expect(v.ok).toBe(false);
    expect(v.lost.sort()).toEqual(['o2', 'o9']);
  });

  it('counts oversold units, double charges, double shipments and paid orders left unshipped', () => {
    const records = clean();
    records.orders.push(order('o3', 'fulfilling', 2));
    records.sessions.push({ id: 's3', orderId: 'o3', paid: true }, { id: 's4', orderId: 'o3', paid: true });
    records.shipments.push({ orderId: 'o3', shipmentId: 'sh2', receivedCount: 2 }, { orderId: 'o3', shipmentId: 'sh3', receivedCount: 1 });
    records.counters.A = { onHand: -1, committed: 13 };
    const v = judge(plan, records, traffic, windows);
    expect(v).toMatchObject({ ok: false, oversold: 1, chargedTwice: ['o3'], shippedTwice: ['o3'], resent: 1, paidNotShipped: ['o3'] });
  });
});
