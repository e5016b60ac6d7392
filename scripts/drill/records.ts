import { adminHeaders, must, stripeHeaders, type Endpoints } from './http';
import type { Plan } from './shoppers';

/** What the store itself recorded about this run: D1 orders, counters, and the emulator's charges and shipments. */
export interface Records {
  orders: { id: string; status: string; email: string; lines: { sku: string; quantity: number }[] }[];
  sessions: { id: string; orderId: string | null; paid: boolean }[];
  shipments: { orderId: string; shipmentId: string; receivedCount: number }[];
  counters: Record<string, { onHand: number; committed: number }>;
}

interface OrderSummary {
  id: string;
  status: string;
  email: string;
  createdAt: string;
}

/** The run's orders in D1 (admin API, newest first), found by the run id in their email. */
export async function runOrders(e: Endpoints, plan: Plan): Promise<OrderSummary[]> {
  const found: OrderSummary[] = [];
  let cursor: string | null = null;
  // A minute of slack for clock skew between the drill and the store.
  const since = plan.startedAt - 60_000;
  for (let page = 0; page < 1000; page += 1) {
    const query = new URLSearchParams({ limit: '100', ...(cursor ? { cursor } : {}) });
    const body: { items: OrderSummary[]; nextCursor: string | null } = await must('orders', `${e.base}/admin/api/orders?${query}`, { headers: adminHeaders(e) });
    found.push(...body.items.filter((o) => o.email.includes(plan.runId)));
    cursor = body.nextCursor;
    if (!cursor || body.items.some((o) => Date.parse(o.createdAt) < since)) break;
  }
  return found;
}

interface Session {
  id: string;
  client_reference_id: string | null;
  customer_email: string | null;
  payment_status: string;
}

/** The emulator's checkout sessions of this run (its charges: a paid session took the money). */
export async function runSessions(e: Endpoints, plan: Plan): Promise<Records['sessions']> {
  const out: Records['sessions'] = [];
  let after: string | null = null;
  for (let page = 0; page < 1000; page += 1) {
    const query = new URLSearchParams({ limit: '100', ...(after ? { starting_after: after } : {}) });
    const body: { data: Session[]; has_more: boolean } = await must('sessions', `${e.emulator}/v1/checkout/sessions?${query}`, { headers: stripeHeaders(e) });
    for (const s of body.data) {
      if (s.customer_email?.includes(plan.runId)) out.push({ id: s.id, orderId: s.client_reference_id, paid: s.payment_status === 'paid' });
    }
    if (!body.has_more || body.data.length === 0) break;
    after = body.data.at(-1)!.id;
  }
  return out;
}

export async function collectRecords(e: Endpoints, plan: Plan): Promise<Records> {
  const summaries = await runOrders(e, plan);
  const orders: Records['orders'] = [];
  for (const o of summaries) {
    const detail = await must<{ lines: { sku: string; quantity: number }[] }>('order', `${e.base}/admin/api/orders/${o.id}`, { headers: adminHeaders(e) });
    orders.push({ id: o.id, status: o.status, email: o.email, lines: detail.lines.map((l) => ({ sku: l.sku, quantity: l.quantity })) });
  }
  const ids = new Set(orders.map((o) => o.id));
  const sessions = await runSessions(e, plan);
  for (const s of sessions) if (s.orderId) ids.add(s.orderId);
  const { items } = await must<{ items: Records['shipments'] }>('shipments', `${e.emulator}/_emulator/shipments`);
  const counters: Records['counters'] = {};
  for (const sku of Object.keys(plan.stock)) {
    counters[sku] = await must('stock', `${e.base}/admin/api/stock/${encodeURIComponent(sku)}`, { headers: adminHeaders(e) });
  }
  return { orders, sessions, shipments: items.filter((s) => ids.has(s.orderId)), counters };
}
