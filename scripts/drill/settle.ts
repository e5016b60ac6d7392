import { adminHeaders, call, sleep, type Endpoints } from './http';
import { runOrders, runSessions } from './records';
import type { Plan } from './shoppers';

const IN_FLIGHT = new Set(['paid', 'fulfilling']);
const SETTLED_PAID = new Set(['paid', 'fulfilling', 'shipped', 'refunded']);
const REPLAY_EVERY_MS = 10_000;

/**
 * Once the traffic and the faults are over: waits until every order the emulator charged is out of
 * `pending` in D1 and none is left `paid` or `fulfilling` (sent to the warehouse, not yet shipped),
 * replaying dead letters as the runbook says (`npm run dlq:replay`, the same admin route) every 10 s
 * meanwhile. Gives up after `seconds`; what is still unsettled then is what the verdict reports.
 */
export async function settle(e: Endpoints, plan: Plan, seconds: number, log: (line: string) => void): Promise<{ ms: number; replays: number }> {
  const started = Date.now();
  let lastReplay = started;
  let replays = 0;
  for (;;) {
    const [orders, sessions] = await Promise.all([runOrders(e, plan), runSessions(e, plan)]);
    const status = new Map(orders.map((o) => [o.id, o.status]));
    const waiting = [
      ...sessions.filter((s) => s.paid && !SETTLED_PAID.has(status.get(s.orderId ?? '') ?? '')).map((s) => s.orderId),
      ...orders.filter((o) => IN_FLIGHT.has(o.status)).map((o) => o.id),
    ];
    if (waiting.length === 0) return { ms: Date.now() - started, replays };
    if (Date.now() - started > seconds * 1000) {
      log(`settle: gave up after ${seconds} s with ${waiting.length} order(s) unsettled`);
      return { ms: Date.now() - started, replays };
    }
    if (Date.now() - lastReplay >= REPLAY_EVERY_MS) {
      lastReplay = Date.now();
      const replay = await call<{ replayed?: unknown[] }>(`${e.base}/admin/api/dead-letters/replay`, { method: 'POST', body: {}, headers: adminHeaders(e) });
      replays += replay.body?.replayed?.length ?? 0;
      log(`settle: ${waiting.length} order(s) still moving; dead letters replayed: ${replay.body?.replayed?.length ?? `failed (${replay.status})`}`);
    }
    await sleep(1000);
  }
}
