import Stripe from 'stripe';
import {
  InvalidSignatureError,
  PaymentRejectedError,
  PaymentUnavailableError,
  type CheckoutSession,
  type PaymentEventType,
  type PaymentProvider,
} from './provider';

/** Stripe's signature tolerance; an older timestamp is a replay. */
const SIGNATURE_TOLERANCE_SECONDS = 300;

const HANDLED_EVENTS: ReadonlySet<string> = new Set<PaymentEventType>([
  'checkout.session.completed',
  'checkout.session.expired',
  'checkout.session.async_payment_succeeded',
  'checkout.session.async_payment_failed',
]);

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
    httpClient: Stripe.createFetchHttpClient(),
    maxNetworkRetries: 0,
    timeout: config.timeoutMs,
    ...endpoint(config.apiBase),
  });
  const crypto = Stripe.createSubtleCryptoProvider();

  return {
    name: 'stripe',
    createCheckoutSession: (input) =>
      call(async () => {
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
            ...(input.uiMode === 'embedded'
              ? { return_url: input.successUrl }
              : { success_url: input.successUrl, cancel_url: input.cancelUrl }),
          },
          { idempotencyKey: `checkout:${input.orderId}` },
        );
        return toSession(session);
      }),
    retrieveCheckoutSession: (id) => call(async () => toSession(await stripe.checkout.sessions.retrieve(id))),
    expireCheckoutSession: (id) =>
      call(async () => {
        const session = await stripe.checkout.sessions.retrieve(id);
        if (session.status !== 'open') return toSession(session);
        return toSession(await stripe.checkout.sessions.expire(id));
      }),
    refund: (input) =>
      call(async () => {
        const refund = await stripe.refunds.create(
          { payment_intent: input.paymentIntent, amount: input.amount, metadata: { orderId: input.orderId } },
          { idempotencyKey: input.idempotencyKey },
        );
        return { id: refund.id, amount: refund.amount, status: refund.status ?? 'pending' };
      }),
    async verifyWebhook(rawBody, signature) {
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
      if (!HANDLED_EVENTS.has(event.type)) {
        return { id: event.id, type: 'ignored', created: event.created, originalType: event.type };
      }
      const session = event.data.object as Stripe.Checkout.Session;
      return { id: event.id, type: event.type as PaymentEventType, created: event.created, session: toSession(session) };
    },
  } satisfies PaymentProvider;
}

function endpoint(apiBase: string | undefined) {
  if (!apiBase) return {};
  const url = new URL(apiBase);
  const protocol = url.protocol === 'http:' ? ('http' as const) : ('https' as const);
  return { host: url.hostname, port: url.port || (protocol === 'http' ? 80 : 443), protocol };
}

function toSession(s: Stripe.Checkout.Session): CheckoutSession {
  return {
    id: s.id,
    orderId: s.client_reference_id ?? s.metadata?.['orderId'] ?? null,
    status: oneOf(s.status, ['open', 'complete', 'expired'] as const, 'open'),
    paymentStatus: oneOf(s.payment_status, ['paid', 'unpaid', 'no_payment_required'] as const, 'unpaid'),
    amountTotal: s.amount_total ?? 0,
    currency: s.currency ?? '',
    url: s.url ?? null,
    clientSecret: s.client_secret ?? null,
    paymentIntent: typeof s.payment_intent === 'string' ? s.payment_intent : (s.payment_intent?.id ?? null),
    expiresAt: s.expires_at,
  };
}

/** Stripe adds enum values over time; an unknown one is read as the safe default. */
const oneOf = <T extends string>(value: string | null, known: readonly T[], fallback: T): T =>
  (known as readonly string[]).includes(value ?? '') ? (value as T) : fallback;

/** Maps the SDK's errors onto the two the store acts on: try later, or give up. */
async function call<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
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
