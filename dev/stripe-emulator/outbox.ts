import { newId } from './ids.js';

export type OutboxKind = 'stripe_event' | 'fulfillment_callback';

export interface OutboxItem {
  id: string;
  kind: OutboxKind;
  path: '/webhooks/stripe' | '/webhooks/fulfillment';
  type?: string;
  /** Sessions an event is about, for `?session=` (charge.refunded names its session here too). */
  sessionId?: string;
  orderId?: string;
  body: string;
  attempts: number;
  delivered: boolean;
  failed: boolean;
  lastStatus?: number;
  lastError?: string;
  createdAt: number;
}

export interface OutboxFilter {
  type?: string;
  session?: string;
  order?: string;
}

export interface OutboxOptions {
  storeUrl: string | null;
  retrySchedule: number[];
  /** Headers signed at call time, so each attempt (and each listing) carries a fresh timestamp. */
  signedHeaders: (item: OutboxItem) => Record<string, string>;
  log: (line: string) => void;
  attemptTimeoutMs?: number;
  /** Delivered items kept for listing; the oldest delivered ones are dropped past this. */
  maxDeliveredItems?: number;
}

/** Every outgoing delivery (webhook events, warehouse callbacks), with retries and a pause switch. */
export class Outbox {
  private readonly items = new Map<string, OutboxItem>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly inFlight = new Set<string>();
  private readonly abort = new AbortController();
  private enabled = true;
  private deliveredCount = 0;

  constructor(private readonly options: OutboxOptions) {}

  get deliveryEnabled(): boolean {
    return this.enabled;
  }

  add(fields: Omit<OutboxItem, 'id' | 'attempts' | 'delivered' | 'failed' | 'createdAt'>): OutboxItem {
    const item: OutboxItem = { ...fields, id: newId('dlv_'), attempts: 0, delivered: false, failed: false, createdAt: Date.now() };
    this.items.set(item.id, item);
    if (this.enabled) this.schedule(item, 0);
    return item;
  }

  list(filter: OutboxFilter = {}): OutboxItem[] {
    return [...this.items.values()].filter(
      (item) =>
        (filter.type === undefined || item.type === filter.type) &&
        (filter.session === undefined || item.sessionId === filter.session) &&
        (filter.order === undefined || item.orderId === filter.order),
    );
  }

  headersFor(item: OutboxItem): Record<string, string> {
    return { 'content-type': 'application/json; charset=utf-8', ...this.options.signedHeaders(item) };
  }

  /** Paused items stay undelivered; `flush` sends everything still undelivered (failed ones too). */
  setEnabled(enabled: boolean, flush = false): void {
    this.enabled = enabled;
    if (!enabled || !flush) return;
    for (const item of this.items.values()) {
      if (item.delivered || this.inFlight.has(item.id) || this.timers.has(item.id)) continue;
      item.failed = false;
      this.schedule(item, 0);
    }
  }

  reset(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
    this.items.clear();
    this.deliveredCount = 0;
    this.enabled = true;
  }

  close(): void {
    this.reset();
    this.abort.abort();
  }

  private schedule(item: OutboxItem, delayMs: number): void {
    if (this.options.storeUrl === null || this.abort.signal.aborted) return;
    const timer = setTimeout(() => {
      this.timers.delete(item.id);
      void this.attempt(item);
    }, delayMs);
    timer.unref();
    this.timers.set(item.id, timer);
  }

  private async attempt(item: OutboxItem): Promise<void> {
    const { storeUrl } = this.options;
    if (!this.enabled || storeUrl === null || this.items.get(item.id) !== item) return;
    this.inFlight.add(item.id);
    item.attempts += 1;
    const label = `${item.type ?? item.kind} ${item.id} → ${item.path}`;
    try {
      const response = await fetch(`${storeUrl}${item.path}`, {
        method: 'POST',
        headers: this.headersFor(item),
        body: item.body,
        signal: AbortSignal.any([this.abort.signal, AbortSignal.timeout(this.options.attemptTimeoutMs ?? 10_000)]),
      });
      await response.arrayBuffer().catch(() => undefined);
      item.lastStatus = response.status;
      delete item.lastError;
      if (response.ok) {
        item.delivered = true;
        this.options.log(`delivered ${label} (${response.status}, attempt ${item.attempts})`);
        this.noteDelivered();
        return;
      }
      this.options.log(`delivery of ${label} got ${response.status} (attempt ${item.attempts})`);
    } catch (error) {
      item.lastError = error instanceof Error ? error.message : String(error);
      if (this.abort.signal.aborted) return;
      this.options.log(`delivery of ${label} failed: ${item.lastError} (attempt ${item.attempts})`);
    } finally {
      this.inFlight.delete(item.id);
    }
    this.retryLater(item, label);
  }

  private retryLater(item: OutboxItem, label: string): void {
    if (this.items.get(item.id) !== item) return;
    const delay = this.options.retrySchedule[item.attempts - 1];
    if (delay === undefined) {
      item.failed = true;
      this.options.log(`gave up on ${label} after ${item.attempts} attempts`);
      return;
    }
    this.schedule(item, delay);
  }

  private noteDelivered(): void {
    this.deliveredCount += 1;
    const max = this.options.maxDeliveredItems ?? 10_000;
    if (this.deliveredCount <= max) return;
    for (const [id, item] of this.items) {
      if (this.deliveredCount <= max) break;
      if (!item.delivered) continue;
      this.items.delete(id);
      this.deliveredCount -= 1;
    }
  }
}
