import { tracedFetch } from '../telemetry/trace';
import Stripe from 'stripe';
import {
  InvalidSignatureError,
  PaymentRejectedError,
  PaymentUnavailableError,
  type CreateCheckoutInput,
  type PaymentProvider,
  type ShippingTo,
} from './provider';
import { toPaymentEvent, toSession } from './stripe-events';

/**
 * Stripe's signature tolerance: an older timestamp is a replay. The SDK bounds only the past; a
 * timestamp this far in the future is refused too (a clock that far off, or a forged header).
 */
const SIGNATURE_TOLERANCE_SECONDS = 300;

export interface StripeProviderConfig {
  secretKey: string;
  webhookSecret: string;
  /** `http://127.0.0.1:12111` points the SDK at the local emulator; empty means api.stripe.com. */
  apiBase?: string;
  timeoutMs: number;
}

/**
 * The Stripe implementation of `PaymentProvider`: the official SDK over `fetch`, with webhook
 * signatures checked by the SDK through SubtleCrypto. Retries are ours (the checkout saga reuses its
 * idempotency key), so the SDK makes one attempt per call.
 */
export function stripeProvider(config: StripeProviderConfig): PaymentProvider {
  const stripe = new Stripe(config.secretKey, {
    httpClient: Stripe.createFetchHttpClient(tracedFetch),
    maxNetworkRetries: 0,
    timeout: config.timeoutMs,
    ...endpoint(config.apiBase),
  });
  const crypto = Stripe.createSubtleCryptoProvider();

  return {
    name: 'stripe',
    createCheckoutSession: (input) =>
      call(config.timeoutMs, async () => {
        const session = await stripe.checkout.sessions.create(
          {
            mode: 'payment',
            ui_mode: input.uiMode === 'embedded' ? 'embedded_page' : 'hosted_page',
            customer_email: input.email,
            client_reference_id: input.orderId,
            metadata: { orderId: input.orderId },
            expires_at: input.expiresAt,
            line_items: input.lines.map((line) => ({
              quantity: line.quantity,
              price_data: { currency: input.currency, unit_amount: line.unitAmount, product_data: { name: line.name } },
            })),
            ...(input.shipping ? { shipping_options: [{ shipping_rate_data: shippingRate(input.shipping, input.currency) }] } : {}),
            ...(input.shippingTo ? { payment_intent_data: { shipping: shippingDetails(input.shippingTo) } } : {}),
            ...(input.uiMode === 'embedded'
              ? { return_url: input.successUrl }
              : { success_url: input.successUrl, cancel_url: input.cancelUrl }),
          },
          { idempotencyKey: `checkout:${input.orderId}` },
        );
        return toSession(session);
      }),
    retrieveCheckoutSession: (id) => call(config.timeoutMs, async () => toSession(await stripe.checkout.sessions.retrieve(id))),
    expireCheckoutSession: (id) =>
      call(config.timeoutMs, async () => {
        const session = await stripe.checkout.sessions.retrieve(id);
        if (session.status !== 'open') return toSession(session);
        return toSession(await stripe.checkout.sessions.expire(id));
      }),
    refund: (input) =>
      call(config.timeoutMs, async () => {
        const refund = await stripe.refunds.create(
          { payment_intent: input.paymentRef, amount: input.amount, metadata: { orderId: input.orderId } },
          { idempotencyKey: input.idempotencyKey },
        );
        return { id: refund.id, amount: refund.amount, status: refund.status ?? 'pending' };
      }),
    async verifyWebhook(rawBody, headers) {
      const signature = headers.get('stripe-signature');
      if (!signature) throw new InvalidSignatureError('No Stripe-Signature header');
      let event: Stripe.Event;
      try {
        event = await stripe.webhooks.constructEventAsync(
          rawBody,
          signature,
          config.webhookSecret,
          SIGNATURE_TOLERANCE_SECONDS,
          crypto,
        );
      } catch (err) {
        throw new InvalidSignatureError(err instanceof Error ? err.message : 'Invalid signature');
      }
      if (signedAt(signature) - Date.now() / 1000 > SIGNATURE_TOLERANCE_SECONDS) {
        throw new InvalidSignatureError('Timestamp outside the tolerance zone');
      }
      return toPaymentEvent(event);
    },
  } satisfies PaymentProvider;
}

function endpoint(apiBase: string | undefined) {
  if (!apiBase) return {};
  const url = new URL(apiBase);
  const protocol = url.protocol === 'http:' ? ('http' as const) : ('https' as const);
  return { host: url.hostname, port: url.port || (protocol === 'http' ? 80 : 443), protocol };
}

function shippingRate(
  shipping: NonNullable<CreateCheckoutInput['shipping']>,
  currency: string,
): Stripe.Checkout.SessionCreateParams.ShippingOption.ShippingRateData {
  return {
    type: 'fixed_amount',
    display_name: shipping.title,
    fixed_amount: { amount: shipping.amount, currency },
    delivery_estimate: {
      minimum: { unit: 'business_day', value: Math.max(1, shipping.estimatedDays.min) },
      maximum: { unit: 'business_day', value: Math.max(1, shipping.estimatedDays.max) },
    },
  };
}

function shippingDetails(to: ShippingTo): Stripe.Checkout.SessionCreateParams.PaymentIntentData.Shipping {
  return {
    name: to.name,
    ...(to.phone ? { phone: to.phone } : {}),
    address: {
      line1: to.line1,
      ...(to.line2 ? { line2: to.line2 } : {}),
      city: to.city,
      ...(to.region ? { state: to.region } : {}),
      ...(to.postalCode ? { postal_code: to.postalCode } : {}),
      country: to.country,
    },
  };
}

/** The `t=` of a header the SDK has verified (it signs `t`, so this is the signer's clock). */
const signedAt = (header: string) => Number(/(?:^|,)\s*t=(\d+)/.exec(header)?.[1] ?? 0);

/**
 * How much later than due a timeout may fire and still be the provider's. Past this the isolate was
 * itself too busy to run the timer, or to read an answer that may well have come: the wait was in the
 * store's own queue (bench/RESULTS.md, "Peak load": five such timeouts in a row opened the breaker and
 * refused every checkout for 30 s while the provider was fine).
 */
export const lateTimeoutMs = (timeoutMs: number) => Math.max(1_000, timeoutMs / 4);

/**
 * Maps the SDK's errors onto the two the store acts on: try later, or give up. A timeout that fired
 * late is asked once more (every call here is idempotent: writes carry idempotency keys, expiring
 * reads the status first); late again, it is the store's own overload (`ours`), which the circuit
 * breaker does not count against the provider.
 */
async function call<T>(timeoutMs: number, fn: () => Promise<T>, attempt = 1): Promise<T> {
  const started = Date.now();
  try {
    return await fn();
  } catch (err) {
    if (err instanceof Stripe.errors.StripeConnectionError && Date.now() - started > timeoutMs + lateTimeoutMs(timeoutMs)) {
      if (attempt === 1) return call(timeoutMs, fn, 2);
      throw new PaymentUnavailableError('The store was too busy to hear Stripe in time', 5, true);
    }
    if (err instanceof Stripe.errors.StripeRateLimitError) throw new PaymentUnavailableError('Stripe rate-limited us', 10);
    if (err instanceof Stripe.errors.StripeConnectionError) throw new PaymentUnavailableError('Stripe did not answer in time', 15);
    if (err instanceof Stripe.errors.StripeAPIError) throw new PaymentUnavailableError('Stripe failed on its side', 15);
    if (err instanceof Stripe.errors.StripeError) {
      if ((err.statusCode ?? 0) >= 500) throw new PaymentUnavailableError('Stripe failed on its side', 15);
      throw new PaymentRejectedError(err.message, err.code);
    }
    throw err;
  }
}
