import Stripe from 'stripe';
import { newId } from './ids.js';
import type { Charge, CheckoutSession, StripeEvent } from './types.js';

/** The API version of the installed SDK: what a webhook endpoint created with it would receive. */
export const API_VERSION: string = Stripe.API_VERSION;

/** An event whose `data.object` is a snapshot, so later state changes do not rewrite history. */
export function buildEvent(type: string, object: CheckoutSession | Charge, created: number): StripeEvent {
  return {
    id: newId('evt_'),
    object: 'event',
    api_version: API_VERSION,
    created,
    data: { object: structuredClone(object) },
    livemode: false,
    pending_webhooks: 1,
    request: { id: null, idempotency_key: null },
    type,
  };
}
