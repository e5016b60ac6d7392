import type { Context } from 'hono';
import type { CheckoutAnswer } from '../checkout/checkout';
import type { AppEnv } from '../http/app-env';
import type { Outcome } from '../refusals/refusals';
import { track } from './recorder';

/** Who did it and under which variants: every shopper event carries these. */
const facts = (c: Context<AppEnv>) => ({
  visitor: c.get('visitor') ?? null,
  variants: c.get('assignments') ?? {},
  requestId: c.get('requestId') ?? null,
});

/** What an order records as the shopper's assignments: every enabled experiment's, not only the checkout path's. */
export const orderAssignments = (c: Context<AppEnv>) => c.get('assignments') ?? c.get('experiments') ?? {};

export const trackAddToCart = (c: Context<AppEnv>, sku: string, quantity: number) =>
  track({ type: 'add_to_cart', ...facts(c), reason: sku, value: quantity });

/**
 * Runs a checkout and records how it went with its duration: started (an order and its payment
 * session exist; once per order, however often it is resumed), refused (with the refusal code), or
 * failed (it threw; rethrown).
 */
export async function trackedCheckout(c: Context<AppEnv>, run: () => Promise<Outcome<CheckoutAnswer>>): Promise<Outcome<CheckoutAnswer>> {
  const started = Date.now();
  try {
    const outcome = await run();
    const value = Date.now() - started;
    if (outcome.ok) {
      const orderId = outcome.value.orderId;
      track({ type: 'checkout_started', id: `checkout_started:${orderId}`, ...facts(c), orderId, value });
    } else {
      track({ type: 'checkout_refused', ...facts(c), reason: outcome.code, value });
    }
    return outcome;
  } catch (err) {
    track({ type: 'checkout_failed', ...facts(c), reason: err instanceof Error ? err.name : 'error', value: Date.now() - started });
    throw err;
  }
}
