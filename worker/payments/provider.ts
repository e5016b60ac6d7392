/**
 * What the store needs from a payment provider, and nothing more. Stripe is the implementation
 * (stripe-provider.ts); nothing else in the store imports the Stripe SDK.
 */

import type { ShippingAddress } from '../address';

export interface CheckoutLine {
  name: string;
  /** Minor units. */
  unitAmount: number;
  quantity: number;
}

/** Where the goods go, as the provider takes it (Stripe: `payment_intent_data[shipping]`). */
export type ShippingTo = ShippingAddress;

export interface CreateCheckoutInput {
  /** Our order id: the provider's idempotency key and the session's `client_reference_id`. */
  orderId: string;
  email: string;
  currency: string;
  /** Priced by the store: the provider charges exactly Σ lines + shipping, nothing of its own. */
  lines: CheckoutLine[];
  shipping: { title: string; amount: number; estimatedDays: { min: number; max: number } } | null;
  shippingTo: ShippingTo | null;
  /** Unix seconds; the session ends then, before the stock holds do. */
  expiresAt: number;
  successUrl: string;
  cancelUrl: string;
  /** `embedded` returns a client secret for Stripe.js; `hosted` a URL to send the shopper to. */
  uiMode: 'hosted' | 'embedded';
}

/**
 * Where a payment stands, in the store's words; each provider maps its own states and event names
 * onto these (only `payments/stripe-*` knows Stripe's).
 * - `open`: the shopper has not paid yet and still can;
 * - `paid`: the money is captured;
 * - `async_pending`: the shopper finished but the money arrives later (bank debits…);
 * - `async_failed`: that later payment failed;
 * - `failed`: the payment failed and the session cannot be paid any more;
 * - `expired`: the session ended unpaid.
 */
export type PaymentState = 'open' | 'paid' | 'async_pending' | 'async_failed' | 'failed' | 'expired';

/** What an event says happened: a `PaymentState` the payment moved to (never back to `open`). */
export type PaymentEventKind = Exclude<PaymentState, 'open'>;

/** One checkout session at the provider. */
export interface PaymentSession {
  id: string;
  orderId: string | null;
  state: PaymentState;
  /** What the provider charges (or charged), minor units. */
  amount: number;
  currency: string;
  url: string | null;
  clientSecret: string | null;
  /** The provider's payment reference refunds are made against (Stripe's payment intent). */
  paymentRef: string | null;
  /** Unix seconds. */
  expiresAt: number;
}

/** A verified provider event the store acts on; anything else arrives as `ignored`. */
export type PaymentEvent =
  | { id: string; provider: string; kind: PaymentEventKind; created: number; session: PaymentSession }
  | { id: string; provider: string; kind: 'ignored'; created: number; originalType: string };

export interface Refund {
  id: string;
  amount: number;
  status: string;
}

export interface RefundInput {
  orderId: string;
  paymentRef: string;
  amount: number;
  /** Retries of one logical refund must reuse it (the provider refunds once per key). */
  idempotencyKey: string;
}

export interface PaymentProvider {
  readonly name: string;
  createCheckoutSession(input: CreateCheckoutInput): Promise<PaymentSession>;
  retrieveCheckoutSession(id: string): Promise<PaymentSession>;
  /** Ends an open session; a session that is no longer open is answered as it is. */
  expireCheckoutSession(id: string): Promise<PaymentSession>;
  refund(input: RefundInput): Promise<Refund>;
  /**
   * Verifies a webhook over its raw body and headers; throws `InvalidSignatureError` when the
   * signature or its timestamp fails, `MalformedEventError` when a signed event cannot be read.
   */
  verifyWebhook(rawBody: string, headers: Headers): Promise<PaymentEvent>;
}

/**
 * The provider could not be reached, timed out, rate-limited us or failed on its side: try later.
 * `ours` marks a timeout that was the store's own overload, not the provider's (see stripe-provider.ts):
 * the circuit breaker does not count it.
 */
export class PaymentUnavailableError extends Error {
  override readonly name = 'PaymentUnavailableError';
  constructor(
    message: string,
    readonly retryAfterSeconds = 30,
    readonly ours = false,
  ) {
    super(message);
  }
}

/** The provider refused the request itself (a bug or a state conflict); retrying will not help. */
export class PaymentRejectedError extends Error {
  override readonly name = 'PaymentRejectedError';
  constructor(
    message: string,
    readonly code: string | undefined,
  ) {
    super(message);
  }
}

export class InvalidSignatureError extends Error {
  override readonly name = 'InvalidSignatureError';
}

/** Correctly signed, but not an event this store can read (no object, wrong shape). */
export class MalformedEventError extends Error {
  override readonly name = 'MalformedEventError';
}
