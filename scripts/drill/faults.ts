import { adminHeaders, call, must, sleep, type Endpoints } from './http';
import type { FaultKind } from './options';
import { shopperEmail } from './shoppers';

/** When a fault (or several, in the combined phase) was on. */
export interface FaultWindow {
  kinds: FaultKind[];
  from: number;
  to: number;
  /** When the time-boxed faults (`d1`, `queue`) of this window switched themselves off. */
  armedUntil: number;
  notes: string[];
}

export interface FaultContext {
  e: Endpoints;
  runId: string;
  /** Whether the store runs the dev-only fault switch (dev/fault-switch/worker.ts). */
  hasSwitch: boolean;
  /** The number of the next shopper to arrive (scripts/drill/shoppers.ts). */
  nextShopper: () => number;
  /** Outbox items that belong to this run (its events and its orders' warehouse callbacks). */
  mine: (item: OutboxItem) => boolean;
}

export interface OutboxItem {
  id: string;
  kind: string;
  path: string;
  type?: string;
  sessionId?: string;
  orderId?: string;
  body: string;
  headers: Record<string, string>;
  delivered: boolean;
}

/** One fault: `arm` turns it on for about `seconds` and says what it did; `disarm` ends it (recovery). */
interface Injector {
  arm: (c: FaultContext, seconds: number) => Promise<string>;
  disarm: (c: FaultContext) => Promise<string | void>;
  needsSwitch?: boolean;
}

const emulatorFault = (c: FaultContext, rule: Record<string, unknown>, requestIncludes = c.runId) =>
  must('emulator fault', `${c.e.emulator}/_emulator/faults`, { method: 'POST', body: { ...rule, requestIncludes } });

/** A flaky provider: 500, 429 and timeout kinds in turn. */
const PAYMENT_FAULTS = [{ status: 500 }, { status: 429 }, { delayMs: 3000 }] as const;
const FLAKY_SHOPPERS = 6;
const clearEmulatorFaults = (c: FaultContext) => must('emulator faults', `${c.e.emulator}/_emulator/faults`, { method: 'DELETE' });
const switchFault = (c: FaultContext, name: string, body: Record<string, number | string>) =>
  must(`fault switch ${name}`, `${c.e.base}/_dev/faults/${name}`, { method: 'PUT', body, headers: adminHeaders(c.e) });

/** Posts an outbox item to the store exactly as the emulator would (signed when listed). */
const deliver = (c: FaultContext, item: OutboxItem) =>
  call(`${c.e.base}${item.path}`, { method: 'POST', headers: item.headers, rawBody: item.body });

const INJECTORS: Record<FaultKind, Injector> = {
  // Session creation fails once for every other shopper of the next twelve (500, 429, or an answer
  // slower than the store's timeout while the session is made anyway); each one's retry of the same
  // order must find one session. Successes in between keep the breaker closed, so checkout recovers
  // shopper by shopper (a burst opens it: test/checkout-breaker.test.ts).
  payment: {
    async arm(c) {
      const first = c.nextShopper() + 1;
      for (let i = 0; i < FLAKY_SHOPPERS; i += 1) {
        const email = shopperEmail(c.runId, first + 2 * i);
        await emulatorFault(c, { method: 'POST', path: '/v1/checkout/sessions', count: 1, ...PAYMENT_FAULTS[i % 3] }, email);
      }
      return `payment provider: session creation fails once (500, 429, 3 s timeout in turn) for ${FLAKY_SHOPPERS} of the next ${2 * FLAKY_SHOPPERS} shoppers`;
    },
    disarm: async (c) => void (await clearEmulatorFaults(c)),
  },
  // Held (delayed), then sent back newest first (reordered), each twice by the drill and once more by the emulator (duplicated).
  webhooks: {
    async arm(c) {
      await must('pause delivery', `${c.e.emulator}/_emulator/delivery`, { method: 'POST', body: { enabled: false } });
      return 'webhooks and warehouse callbacks held';
    },
    async disarm(c) {
      const { items } = await must<{ items: OutboxItem[] }>('outbox', `${c.e.emulator}/_emulator/outbox`);
      const ours = items.filter(c.mine);
      const held = ours.filter((i) => !i.delivered).reverse();
      const old = ours.filter((i) => i.delivered && i.kind === 'stripe_event').slice(-5);
      // Started 20 ms apart, newest first, without waiting for each answer: a long backlog comes back in
      // about a second, as a provider's retry burst would, not one round trip at a time.
      const staggered = (items: OutboxItem[], copies: number) =>
        Promise.all(items.map((item, i) => sleep(i * 20).then(() => Promise.all(Array.from({ length: copies }, () => deliver(c, item))))));
      await staggered(held, 2);
      await staggered(old, 1);
      await must('resume delivery', `${c.e.emulator}/_emulator/delivery`, { method: 'POST', body: { enabled: true, flush: true } });
      return `${held.length} held deliveries sent newest first, twice each, then again by the emulator; ${old.length} delivered events sent again late`;
    },
  },
  warehouse: {
    async arm(c) {
      await emulatorFault(c, { path: '/_warehouse/shipments', status: 503, count: 100_000 });
      return 'warehouse answers 503';
    },
    disarm: async (c) => void (await clearEmulatorFaults(c)),
  },
  d1: {
    needsSwitch: true,
    async arm(c, seconds) {
      await switchFault(c, 'd1-catalog', { seconds });
      return `D1 fails every catalog read for ${seconds.toFixed(1)} s`;
    },
    disarm: async () => {},
  },
  queue: {
    needsSwitch: true,
    async arm(c, seconds) {
      await switchFault(c, 'queue-throws', { seconds });
      return `webhooks, fulfillment and mail consumers throw for ${seconds.toFixed(1)} s`;
    },
    disarm: async () => {},
  },
  'lose-order': {
    needsSwitch: true,
    async arm(c) {
      await switchFault(c, 'drop-paid-webhook', { count: 1, requestIncludes: c.runId });
      return 'the next paid webhook is answered 200 and dropped (an order lost on purpose)';
    },
    disarm: async () => {},
  },
};

/** Whether `base` runs the dev-only fault switch. */
export async function probeSwitch(e: Endpoints): Promise<boolean> {
  return (await call(`${e.base}/_dev/faults`, { headers: adminHeaders(e) })).status === 200;
}

/** Ends every fault the drill can have left on (before the settle, and on the way out). */
export async function clearAll(c: FaultContext): Promise<void> {
  await call(`${c.e.emulator}/_emulator/faults`, { method: 'DELETE' });
  await call(`${c.e.emulator}/_emulator/delivery`, { method: 'POST', body: { enabled: true, flush: true } });
  if (c.hasSwitch) await call(`${c.e.base}/_dev/faults`, { method: 'DELETE', headers: adminHeaders(c.e) });
}

/**
 * The schedule over `seconds` from `start`: a calm tenth, then each fault alone for one slot, then all
 * of them together for one slot, then a calm tail (recovery). Faults that need the dev-only switch are
 * skipped, with a note, on a store without it.
 */
export async function runFaults(c: FaultContext, kinds: FaultKind[], start: number, seconds: number, log: (line: string) => void): Promise<FaultWindow[]> {
  const usable = kinds.filter((k) => c.hasSwitch || !INJECTORS[k].needsSwitch);
  for (const k of kinds) if (!usable.includes(k)) log(`fault ${k}: skipped, ${c.e.base} has no dev fault switch (dev/fault-switch/)`);
  const phases: FaultKind[][] = usable.map((k) => [k]);
  if (usable.length > 1) phases.push(usable);
  const windows: FaultWindow[] = [];
  if (phases.length === 0) return windows;
  const slotMs = (seconds * 1000 * 0.8) / phases.length;
  for (const [i, phase] of phases.entries()) {
    // Slots keep their places on the clock even when a recovery (re-sending held webhooks) runs long.
    const slotEnd = start + seconds * 100 + (i + 1) * slotMs;
    await sleep(Math.max(0, slotEnd - slotMs - Date.now()));
    const armAt = Date.now();
    // At least half a slot, even when the phase before ran over its place.
    const armFor = Math.max(slotMs / 2, slotEnd - armAt) / 1000;
    const notes = await Promise.all(phase.map((k) => INJECTORS[k].arm(c, armFor)));
    // From when every fault of the phase is on: a request sent while one was being armed may have missed it.
    const window: FaultWindow = { kinds: phase, from: Date.now(), to: 0, armedUntil: armAt + armFor * 1000, notes };
    log(`fault ${phase.join(' + ')} on: ${window.notes.join('; ')}`);
    await sleep(Math.max(0, armAt + armFor * 1000 - Date.now()));
    const after = await Promise.all(phase.map((k) => INJECTORS[k].disarm(c)));
    window.to = Date.now();
    for (const note of after) if (note) window.notes.push(note);
    log(`fault ${phase.join(' + ')} off${after.some(Boolean) ? `: ${after.filter(Boolean).join('; ')}` : ''}`);
    windows.push(window);
  }
  return windows;
}
