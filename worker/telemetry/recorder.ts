import { businessEvent, type BusinessEvent, type EventInput } from './events';

/**
 * Events are buffered per isolate and leave in batches, after the answer, in some request's
 * `waitUntil`: a page or a checkout never waits on the event store, and a failing store only loses
 * events (logged), never a request. Each flush writes every event to Analytics Engine (production's
 * dashboards) and sends them, EVENTS_PER_MESSAGE to a message, to the EVENTS queue, whose consumer
 * batch-inserts them into D1 (store.ts), the store that works offline too.
 */
const FLUSH_AFTER_MS = 500;
const EVENTS_PER_MESSAGE = 50;
/** Flush at once past this many; drop past MAX_PENDING (a stalled queue must not grow the isolate). */
const FLUSH_AT = 200;
const MAX_PENDING = 5_000;
/** Analytics Engine accepts 250 data points per invocation. */
const ANALYTICS_PER_FLUSH = 250;

const pending: BusinessEvent[] = [];
let scheduled = false;
let dropped = 0;

/**
 * Page views from clients without a `vid` cookie of pages no experiment shaped are sampled: one in
 * SAMPLE_EVERY is recorded, its `value` the number of such views it stands for (itself and the ones
 * skipped before it; the flush records what is left over, so the weights of an isolate's sampled
 * views add up to its cookie-less views exactly). Every other page view is recorded one by one:
 * views of returning visitors (the cookie they send back), and every view an experiment shaped, so
 * exposures stay exact. metrics.ts counts unique visitors with the weights (docs/observability.md).
 */
export const SAMPLE_EVERY = 16;
type PageView = Omit<EventInput, 'type' | 'value'>;
let skipped = 0;
let lastSkipped: PageView | undefined;

/** Records a page view (`cookieless`: the visitor was named by this very answer). */
export function trackPageView(view: PageView, cookieless: boolean): void {
  if (!cookieless || hasAny(view.variants)) return track({ type: 'page_view', ...view });
  skipped += 1;
  if (skipped < SAMPLE_EVERY) {
    lastSkipped = view;
    return;
  }
  track({ type: 'page_view', ...view, value: skipped });
  skipped = 0;
  lastSkipped = undefined;
}

function hasAny(record: Record<string, string> | undefined): boolean {
  for (const _ in record) return true;
  return false;
}

function recordSkipped(): void {
  if (skipped > 0 && lastSkipped) track({ type: 'page_view', ...lastSkipped, value: skipped });
  skipped = 0;
  lastSkipped = undefined;
}

export const telemetryOn = (env: Pick<Env, 'TELEMETRY'>) => env.TELEMETRY !== 'off';

/** Records one event (synchronous, no I/O). */
export function track(input: EventInput): void {
  if (pending.length >= MAX_PENDING) {
    dropped += 1;
    return;
  }
  pending.push(businessEvent(input));
}

/** Schedules a flush of what is buffered in this request's `waitUntil`, unless one is already due. */
export function flushSoon(env: Env, ctx: Pick<ExecutionContext, 'waitUntil'>): void {
  if (scheduled || (pending.length === 0 && skipped === 0)) return;
  scheduled = true;
  const delay = pending.length >= FLUSH_AT ? 0 : FLUSH_AFTER_MS;
  ctx.waitUntil(
    scheduler
      .wait(delay)
      .then(() => flushEvents(env))
      .finally(() => (scheduled = false)),
  );
}

/** Sends everything buffered now (queue consumers and the cron call it before they return). Never throws. */
export async function flushEvents(env: Env): Promise<void> {
  recordSkipped();
  const batch = pending.splice(0);
  if (batch.length === 0 || !telemetryOn(env)) return;
  writeAnalytics(env, batch);
  const messages: { body: { events: BusinessEvent[] } }[] = [];
  for (let i = 0; i < batch.length; i += EVENTS_PER_MESSAGE) messages.push({ body: { events: batch.slice(i, i + EVENTS_PER_MESSAGE) } });
  try {
    // sendBatch takes at most 100 messages and 256 KB: ten messages of 50 small events stay well under.
    for (let i = 0; i < messages.length; i += 10) await env.EVENTS.sendBatch(messages.slice(i, i + 10));
  } catch (err) {
    console.warn(JSON.stringify({ msg: 'events lost: the event queue refused them', count: batch.length, dropped, error: String(err).slice(0, 300) }));
  }
  dropped = 0;
}

function writeAnalytics(env: Env, batch: BusinessEvent[]): void {
  try {
    for (const e of batch.slice(0, ANALYTICS_PER_FLUSH)) {
      const variants = Object.entries(e.variants).map(([id, v]) => `${id}=${v}`).join(';');
      env.ANALYTICS?.writeDataPoint({
        indexes: [e.type],
        blobs: [e.type, e.page ?? '', variants, e.reason ?? '', e.currency ?? '', e.orderId ?? '', e.visitor ?? ''],
        doubles: [e.amount ?? 0, e.value ?? 0],
      });
    }
  } catch (err) {
    console.warn(JSON.stringify({ msg: 'analytics engine write failed', error: String(err).slice(0, 300) }));
  }
}
