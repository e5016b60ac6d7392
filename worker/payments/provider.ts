/**
 * What the store needs from a payment provider, and nothing more. Stripe is the implementation
 * (stripe-provider.ts); nothing else in the store imports the Stripe SDK.
 */

export interface CheckoutLine {
  name: string;
  /** Minor units. */
  unitAmount: number;
  quantity: number;
}

export interface CreateCheckoutInput {
  /** Our order id: the provider's idempotency key and the session's `client_reference_id`. */
  orderId: string;
  email: string;
  currency: string;
  lines: CheckoutLine[];
  /** Unix seconds; the session ends then, before the stock holds do. */
  expiresAt: number;
  successUrl: string;
  cancelUrl: string;
  /** `embedded` returns a client secret for Stripe.js; `hosted` a URL to send the shopper to. */
  uiMode: 'hosted' | 'embedded';
}

export interface CheckoutSession {
  id: string;
  orderId: string | null;
  status: 'open' | 'complete' | 'expired';
  paymentStatus: 'paid' | 'unpaid' | 'no_payment_required';
  amountTotal: number;
  currency: string;
  url: string | null;
  clientSecret: string | null;
  paymentIntent: string | null;
  /** Unix seconds. */
  expiresAt: number;
}

export type PaymentEventType =
  | 'checkout.session.completed'
  | 'checkout.session.expired'
  | 'checkout.session.async_payment_succeeded'
  | 'checkout.session.async_payment_failed';

/** A verified provider event the store acts on; any other type arrives as `ignored`. */
export type PaymentEvent =
  | { id: string; type: PaymentEventType; created: number; session: CheckoutSession }
  | { id: string; type: 'ignored'; created: number; originalType: string };

export interface Refund {
  id: string;
  amount: number;
  status: string;
}

export interface RefundInput {
  orderId: string;
  paymentIntent: string;
  amount: number;
  /** Retries of one logical refund must reuse it (the provider refunds once per key). */
  idempotencyKey: string;
}

export interface PaymentProvider {
  readonly name: string;
  createCheckoutSession(input: CreateCheckoutInput): Promise<CheckoutSession>;
  retrieveCheckoutSession(id: string): Promise<CheckoutSession>;
  /** Ends an open session; a session that is no longer open is answered as it is. */
  expireCheckoutSession(id: string): Promise<CheckoutSession>;
  refund(input: RefundInput): Promise<Refund>;
  /** Verifies a webhook's signature over the raw body; throws `InvalidSignatureError` if it fails. */
  verifyWebhook(rawBody: string, signature: string | undefined): Promise<PaymentEvent>;
}

/** The provider could not be reached, timed out, rate-limited us or failed on its side: try later. */
export class PaymentUnavailableError extends Error {
  override readonly name = 'PaymentUnavailableError';
  constructor(
    message: string,
    readonly retryAfterSeconds = 30,
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
