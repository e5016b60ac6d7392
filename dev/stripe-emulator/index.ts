import { outboxView, type OutboxItemView } from './control-routes.js';
import type { FaultRule } from './faults.js';
import type { OutboxFilter } from './outbox.js';
import type { Mail } from './mailbox.js';
import { listen } from './server.js';
import type { PayOptions } from './sessions.js';
import { EmulatorState } from './state.js';
import type { CheckoutSession } from './types.js';
import type { ShipmentView } from './warehouse.js';

export type { OutboxItemView } from './control-routes.js';
export type { FaultRule } from './faults.js';
export type { Mail } from './mailbox.js';
export type { ShipmentView } from './warehouse.js';
export type { OutboxFilter } from './outbox.js';
export type { CheckoutSession, Refund, StripeEvent } from './types.js';
export { signEdgefrontPayload, verifyEdgefrontSignature } from './signing.js';
export { DEV_WIDGET, DUMMY_TOKEN, TEST_SECRETS, TEST_SITEKEYS, type SiteverifyAnswer } from './turnstile.js';

export interface StripeEmulatorOptions {
  /** 0 picks a free port. Default 12111. */
  port?: number;
  host?: string;
  /** Base of hosted-page URLs (`session.url`). Default `http://<host>:<port>`. */
  publicUrl?: string;
  webhookSecret: string;
  fulfillmentSecret: string;
  /** Where deliveries go (`/webhooks/stripe`, `/webhooks/fulfillment`); null keeps them in the outbox only. */
  storeUrl?: string | null;
  /** Milliseconds between delivery attempts; one attempt plus one per entry. */
  retrySchedule?: number[];
  /** The warehouse ships (and calls back) this long after accepting an order. Default 500. */
  shipDelayMs?: number;
  /** The hosted page's "Pay later (async)" succeeds by itself after this long. Default 1000. */
  asyncPaymentDelayMs?: number;
  log?: (line: string) => void;
}

export interface StripeEmulator {
  url: string;
  port: number;
  close(): Promise<void>;
  /** Same as POST /_emulator/reset. */
  reset(): void;
  outbox(filter?: OutboxFilter): OutboxItemView[];
  setDelivery(enabled: boolean, flush?: boolean): void;
  addFault(rule: Omit<FaultRule, 'count'> & { count?: number }): void;
  clearFaults(): void;
  getSession(id: string): CheckoutSession;
  pay(id: string, options?: PayOptions): CheckoutSession;
  settleAsyncPayment(id: string, succeeded: boolean): CheckoutSession;
  decline(id: string): CheckoutSession;
  expire(id: string): CheckoutSession;
  advanceClock(seconds: number): void;
  shipments(): ShipmentView[];
  /** The local mailbox (`GET /_mail?to=`): newest first, `to` matched without case. */
  mail(to?: string): Mail[];
  /** Same as `DELETE /_mail`. */
  clearMail(): void;
}

export const DEFAULT_PORT = 12111;
export const DEFAULT_RETRY_SCHEDULE = [500, 1000, 2000, 4000, 8000, 16000, 30000];

export async function startStripeEmulator(options: StripeEmulatorOptions): Promise<StripeEmulator> {
  if (!options.webhookSecret) throw new Error('startStripeEmulator: webhookSecret is required');
  if (!options.fulfillmentSecret) throw new Error('startStripeEmulator: fulfillmentSecret is required');
  const host = options.host ?? '127.0.0.1';
  const log = options.log ?? (() => {});
  // The public URL depends on the port, known only after listening when port is 0.
  let publicUrl = options.publicUrl?.replace(/\/$/, '') ?? '';
  const state = new EmulatorState({
    get publicUrl() {
      return publicUrl;
    },
    webhookSecret: options.webhookSecret,
    fulfillmentSecret: options.fulfillmentSecret,
    storeUrl: options.storeUrl?.replace(/\/$/, '') ?? null,
    retrySchedule: options.retrySchedule ?? DEFAULT_RETRY_SCHEDULE,
    shipDelayMs: options.shipDelayMs ?? 500,
    asyncPaymentDelayMs: options.asyncPaymentDelayMs ?? 1000,
    log,
  });
  let running;
  try {
    running = await listen(state, host, options.port ?? DEFAULT_PORT);
  } catch (error) {
    state.close();
    throw error;
  }
  const address = running.server.address();
  const port = typeof address === 'object' && address ? address.port : (options.port ?? DEFAULT_PORT);
  const url = `http://${host}:${port}`;
  if (!publicUrl) publicUrl = url;

  return {
    url,
    port,
    close: async () => {
      state.close();
      await running.close();
    },
    reset: () => state.reset(),
    outbox: (filter = {}) => outboxView(state, filter),
    setDelivery: (enabled, flush = false) => state.outbox.setEnabled(enabled, flush),
    addFault: (rule) => state.faults.add({ ...rule, count: rule.count ?? 1 }),
    clearFaults: () => state.faults.clear(),
    getSession: (id) => structuredClone(state.sessions.get(id).session),
    pay: (id, payOptions) => structuredClone(state.sessions.pay(id, payOptions).session),
    settleAsyncPayment: (id, succeeded) => structuredClone(state.sessions.resolveAsync(id, succeeded).session),
    decline: (id) => structuredClone(state.sessions.decline(id).session),
    expire: (id) => structuredClone(state.sessions.expire(id)),
    advanceClock: (seconds) => state.advanceClock(seconds),
    shipments: () => state.warehouse.list(),
    mail: (to) => state.mailbox.list(to),
    clearMail: () => void state.mailbox.clear(),
  };
}
