import { resourceMissing } from './errors.js';
import type { SessionStore } from './sessions.js';
import type { PaymentIntent } from './types.js';

/**
 * The payment intent behind a paid (or paying) session, read-only: ids exist from the moment a
 * session is paid, as on the sessions, refunds and events that name them.
 */
export function retrievePaymentIntent(sessions: SessionStore, id: string): PaymentIntent {
  const record = sessions.findByPaymentIntent(id);
  if (!record) throw resourceMissing('payment_intent', id);
  const { session } = record;
  const captured = record.chargeId !== null;
  return {
    id,
    object: 'payment_intent',
    amount: session.amount_total,
    amount_received: captured ? session.amount_total : 0,
    created: record.paymentIntentCreated,
    currency: session.currency,
    latest_charge: record.chargeId,
    livemode: false,
    metadata: {},
    shipping: record.shipping && structuredClone(record.shipping),
    status: captured ? 'succeeded' : record.asyncPending ? 'processing' : 'requires_payment_method',
  };
}
