import { Clock } from './clock.js';
import { buildEvent } from './events.js';
import { FaultQueue } from './faults.js';
import { IdempotencyStore } from './idempotency.js';
import { Mailbox } from './mailbox.js';
import { Outbox } from './outbox.js';
import { RefundStore } from './refunds.js';
import { TurnstileStore } from './turnstile.js';
import { PurgeLog } from './cache-purge.js';
import { SessionStore, type SessionRecord } from './sessions.js';
import { signEdgefrontPayload, signStripePayload } from './signing.js';
import type { Charge, CheckoutSession } from './types.js';
import { Warehouse } from './warehouse.js';

export interface StateOptions {
  publicUrl: string;
  webhookSecret: string;
  fulfillmentSecret: string;
  storeUrl: string | null;
  retrySchedule: number[];
  shipDelayMs: number;
  asyncPaymentDelayMs: number;
  log: (line: string) => void;
}

/** An inbound call that carried a W3C `traceparent` (what `GET /_emulator/traces` lists). */
export interface TracedCall {
  method: string;
  path: string;
  traceparent: string;
}
const TRACED_CALLS_KEPT = 1_000;

/** Everything the emulator remembers, wired together; the HTTP layer only translates. */
export class EmulatorState {
  /** The latest calls to the emulated providers that carried a `traceparent`, oldest first. */
  readonly tracedCalls: TracedCall[] = [];
  readonly clock = new Clock();
  readonly idempotency = new IdempotencyStore();
  readonly faults = new FaultQueue();
  readonly mailbox = new Mailbox();
  readonly turnstile = new TurnstileStore(this.clock);
  readonly purges = new PurgeLog();
  readonly outbox: Outbox;
  readonly sessions: SessionStore;
  readonly refunds: RefundStore;
  readonly warehouse: Warehouse;
  private readonly asyncTimers = new Set<NodeJS.Timeout>();
  private readonly sweepTimer: NodeJS.Timeout;

  constructor(readonly options: StateOptions) {
    this.outbox = new Outbox({
      storeUrl: options.storeUrl,
      retrySchedule: options.retrySchedule,
      log: options.log,
      signedHeaders: (item): Record<string, string> =>
        item.kind === 'stripe_event'
          ? { 'stripe-signature': signStripePayload(item.body, options.webhookSecret) }
          : { 'edgefront-signature': signEdgefrontPayload(item.body, options.fulfillmentSecret) },
    });
    this.sessions = new SessionStore(this.clock, () => this.options.publicUrl, (type, record) => this.emitEvent(type, record.session, record.session.id));
    this.refunds = new RefundStore(this.clock, this.sessions, (charge: Charge, record: SessionRecord) =>
      this.emitEvent('charge.refunded', charge, record.session.id),
    );
    this.warehouse = new Warehouse({
      secret: options.fulfillmentSecret,
      shipDelayMs: options.shipDelayMs,
      outbox: this.outbox,
      log: options.log,
    });
    this.sweepTimer = setInterval(() => this.sessions.sweep(), 1000);
    this.sweepTimer.unref();
  }

  /** The hosted page's "Pay later": the delayed payment succeeds by itself unless a test settles it first. */
  payLater(id: string): SessionRecord {
    const record = this.sessions.pay(id, { async: true });
    const timer = setTimeout(() => {
      this.asyncTimers.delete(timer);
      if (this.sessions.find(id) === record && record.asyncPending) this.sessions.resolveAsync(id, true);
    }, this.options.asyncPaymentDelayMs);
    timer.unref();
    this.asyncTimers.add(timer);
    return record;
  }

  recordTrace(call: TracedCall): void {
    this.tracedCalls.push(call);
    if (this.tracedCalls.length > TRACED_CALLS_KEPT) this.tracedCalls.splice(0, this.tracedCalls.length - TRACED_CALLS_KEPT);
  }

  advanceClock(seconds: number): void {
    this.clock.advance(seconds);
    this.sessions.sweep();
  }

  reset(): void {
    for (const timer of this.asyncTimers) clearTimeout(timer);
    this.asyncTimers.clear();
    this.sessions.reset();
    this.refunds.reset();
    this.idempotency.reset();
    this.faults.clear();
    this.outbox.reset();
    this.warehouse.reset();
    this.mailbox.clear();
    this.turnstile.reset();
    this.purges.reset();
    this.clock.reset();
    this.tracedCalls.length = 0;
  }

  close(): void {
    clearInterval(this.sweepTimer);
    this.reset();
    this.outbox.close();
  }

  private emitEvent(type: string, object: CheckoutSession | Charge, sessionId: string): void {
    const event = buildEvent(type, object, this.clock.nowSeconds());
    this.outbox.add({ kind: 'stripe_event', path: '/webhooks/stripe', type, sessionId, body: JSON.stringify(event, null, 2) });
    this.options.log(`event ${event.id} ${type} (${sessionId})`);
  }
}
