import type Stripe from 'stripe';
import { MalformedEventError, type PaymentEvent, type PaymentEventKind, type PaymentSession, type PaymentState } from './provider';

/**
 * Stripe's names, and nowhere else: Checkout Session states and events mapped onto the store's
 * provider-neutral `PaymentState`s.
 */

/** Stripe's Checkout Session events, and what each says happened (completed depends on payment_status). */
const EVENT_KINDS: Record<string, (s: Stripe.Checkout.Session) => PaymentEventKind> = {
  'checkout.session.completed': (s) => (isPaid(s) ? 'paid' : 'async_pending'),
  'checkout.session.async_payment_succeeded': () => 'paid',
  'checkout.session.async_payment_failed': () => 'async_failed',
  'checkout.session.expired': () => 'expired',
};

const isPaid = (s: Stripe.Checkout.Session) => s.payment_status === 'paid' || s.payment_status === 'no_payment_required';

/** A session's state in the store's words. */
export function stateOf(s: Stripe.Checkout.Session): PaymentState {
  if (s.status === 'expired') return 'expired';
  if (s.status === 'complete') return isPaid(s) ? 'paid' : 'async_pending';
  return 'open';
}

export function toSession(s: Stripe.Checkout.Session): PaymentSession {
  return {
    id: s.id,
    orderId: s.client_reference_id ?? s.metadata?.['orderId'] ?? null,
    state: stateOf(s),
    amount: s.amount_total ?? 0,
    currency: s.currency ?? '',
    url: s.url ?? null,
    clientSecret: s.client_secret ?? null,
    paymentRef: typeof s.payment_intent === 'string' ? s.payment_intent : (s.payment_intent?.id ?? null),
    expiresAt: s.expires_at,
  };
}

/** A verified Stripe event in the store's words; a signed event without a readable session is refused. */
export function toPaymentEvent(event: Stripe.Event): PaymentEvent {
  const kindOf = EVENT_KINDS[event.type];
  if (!kindOf) return { id: event.id, provider: 'stripe', kind: 'ignored', created: event.created, originalType: event.type };
  const object = (event.data as { object?: unknown } | undefined)?.object;
  if (!isSession(object)) throw new MalformedEventError(`${event.type} ${event.id} carries no checkout session`);
  return { id: event.id, provider: 'stripe', kind: kindOf(object), created: event.created, session: toSession(object) };
}

function isSession(value: unknown): value is Stripe.Checkout.Session {
  if (typeof value !== 'object' || value === null) return false;
  const s = value as Record<string, unknown>;
  return typeof s['id'] === 'string' && typeof s['status'] === 'string' && typeof s['expires_at'] === 'number';
}
