import { CircuitBreaker } from './circuit-breaker';
import type { PaymentProvider } from './provider';
import { stripeProvider } from './stripe-provider';

/** Consecutive provider failures before checkout stops trying for `BREAKER_OPEN_MS`. */
const BREAKER_THRESHOLD = 5;
const BREAKER_OPEN_MS = 30_000;

const providers = new Map<string, PaymentProvider>();

/**
 * The store's payment provider for this configuration, built once per isolate, with every call but
 * webhook verification behind a circuit breaker.
 */
export function paymentProvider(env: Env): PaymentProvider {
  const key = `${env.STRIPE_SECRET_KEY}|${env.STRIPE_API_BASE}|${env.STRIPE_TIMEOUT_MS}`;
  let provider = providers.get(key);
  if (!provider) {
    if (!env.STRIPE_SECRET_KEY || !env.STRIPE_WEBHOOK_SECRET) throw new Error('Stripe secrets are not set');
    provider = guarded(
      stripeProvider({
        secretKey: env.STRIPE_SECRET_KEY,
        webhookSecret: env.STRIPE_WEBHOOK_SECRET,
        apiBase: env.STRIPE_API_BASE,
        timeoutMs: Number(env.STRIPE_TIMEOUT_MS) || 8_000,
      }),
      new CircuitBreaker({ threshold: BREAKER_THRESHOLD, openMs: BREAKER_OPEN_MS }),
    );
    providers.set(key, provider);
  }
  return provider;
}

/**
 * The provider a webhook path names (`/webhooks/:provider`), or null for one this store does not use.
 * A second provider is another file beside stripe-provider.ts and a name here.
 */
export function providerNamed(env: Env, name: string): PaymentProvider | null {
  const provider = paymentProvider(env);
  return provider.name === name ? provider : null;
}

/**
 * Embedded Checkout needs Stripe.js from js.stripe.com and a real publishable key; the local emulator
 * (any `STRIPE_API_BASE`) only has its hosted page.
 */
export const checkoutUiMode = (env: Env): 'hosted' | 'embedded' =>
  !env.STRIPE_API_BASE && /^pk_(test|live)_/.test(env.STRIPE_PUBLISHABLE_KEY ?? '') ? 'embedded' : 'hosted';

function guarded(provider: PaymentProvider, breaker: CircuitBreaker): PaymentProvider {
  return {
    name: provider.name,
    createCheckoutSession: (input) => breaker.run(() => provider.createCheckoutSession(input)),
    retrieveCheckoutSession: (id) => breaker.run(() => provider.retrieveCheckoutSession(id)),
    expireCheckoutSession: (id) => breaker.run(() => provider.expireCheckoutSession(id)),
    refund: (input) => breaker.run(() => provider.refund(input)),
    verifyWebhook: (rawBody, headers) => provider.verifyWebhook(rawBody, headers),
  };
}
