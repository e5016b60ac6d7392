import * as z from 'zod';
import { randomToken } from '../lib/random-id';

/**
 * The business events of the store: the one place that names them and their fields. Everything that
 * counts (the Health view, experiment results, the Analytics Engine dataset) reads these and nothing
 * else. An event whose fields run over their limits is truncated, never refused: telemetry must not
 * break the request it rides on.
 */
export const EVENT_TYPES = [
  'page_view',
  'add_to_cart',
  'checkout_started',
  'checkout_refused',
  'checkout_failed',
  'payment_succeeded',
  'payment_failed',
  'order_paid',
  'fulfillment_sent',
  'fulfillment_failed',
  'webhook_rejected',
  'refund',
  'web_vital',
] as const;
export type EventType = (typeof EVENT_TYPES)[number];

export const PAGE_KINDS = ['home', 'listing', 'search', 'product', 'cart', 'checkout', 'order', 'drop', 'other'] as const;
export type PageKind = (typeof PAGE_KINDS)[number];

const LIMITS = { id: 120, visitor: 64, orderId: 64, currency: 8, reason: 100, requestId: 100, variants: 10, name: 40 };

export const businessEventSchema = z.object({
  id: z.string().min(1).max(LIMITS.id),
  at: z.number().int().nonnegative(),
  type: z.enum(EVENT_TYPES),
  visitor: z.string().max(LIMITS.visitor).nullable(),
  page: z.enum(PAGE_KINDS).nullable(),
  variants: z.record(z.string().max(LIMITS.name), z.string().max(LIMITS.name)),
  orderId: z.string().max(LIMITS.orderId).nullable(),
  amount: z.number().int().nullable(),
  currency: z.string().max(LIMITS.currency).nullable(),
  reason: z.string().max(LIMITS.reason).nullable(),
  value: z.number().finite().nullable(),
  requestId: z.string().max(LIMITS.requestId).nullable(),
});
export type BusinessEvent = z.infer<typeof businessEventSchema>;

/** What a caller says about an event; everything else is filled in. */
export interface EventInput {
  type: EventType;
  /** A stable id makes the event count once however often it is told (`order_paid:<order id>`). */
  id?: string;
  visitor?: string | null;
  page?: PageKind | null;
  variants?: Record<string, string>;
  orderId?: string | null;
  amount?: number | null;
  currency?: string | null;
  reason?: string | null;
  value?: number | null;
  requestId?: string | null;
}

const cut = (value: string | null | undefined, max: number) => (value == null ? null : String(value).slice(0, max));

function variantsOf(variants: Record<string, string> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [id, variant] of Object.entries(variants ?? {}).slice(0, LIMITS.variants)) {
    out[id.slice(0, LIMITS.name)] = String(variant).slice(0, LIMITS.name);
  }
  return out;
}

/**
 * Ids of events told without one: this isolate's random prefix and a counter. Unique across isolates
 * (72 random bits each) and far cheaper than fresh random bytes per event (4 % of a hot page's CPU).
 */
let isolate: string | undefined; // made on first use: the global scope may not draw random values
let sequence = 0;
const nextId = (type: EventType) => `${type}:${(isolate ??= randomToken(9))}.${(sequence++).toString(36)}`;

/** The event as stored: ids and times filled in, every field within its limit. */
export function businessEvent(input: EventInput, now = Date.now()): BusinessEvent {
  const finite = (n: number | null | undefined) => (typeof n === 'number' && Number.isFinite(n) ? n : null);
  const amount = finite(input.amount);
  return {
    id: cut(input.id, LIMITS.id) ?? nextId(input.type),
    at: now,
    type: input.type,
    visitor: cut(input.visitor, LIMITS.visitor),
    page: input.page ?? null,
    variants: variantsOf(input.variants),
    orderId: cut(input.orderId, LIMITS.orderId),
    amount: amount === null ? null : Math.round(amount),
    currency: cut(input.currency, LIMITS.currency),
    reason: cut(input.reason, LIMITS.reason),
    value: finite(input.value),
    requestId: cut(input.requestId, LIMITS.requestId),
  };
}

/** The page kind of a shopper path, as the Health view and the RUM groups name it. */
export function pageKind(path: string, search = ''): PageKind {
  if (path === '/') return 'home';
  if (path === '/products') return /(?:^|[?&])q=./.test(search) ? 'search' : 'listing';
  if (path.startsWith('/products/')) return 'product';
  if (path === '/cart') return 'cart';
  if (path.startsWith('/checkout')) return 'checkout';
  if (path.startsWith('/orders/')) return 'order';
  if (path.startsWith('/drops/')) return 'drop';
  return 'other';
}
