import type { Context } from 'hono';
import { flagEnabled } from '../experiments/store';
import type { AppEnv } from '../http/app-env';
import { ApiError } from '../http/errors';
import { rateLimit } from '../middleware/rate-limit';

/** The Rate Limiting binding's period (wrangler.toml `[[ratelimits]]`). */
export const LIMIT_PERIOD_SECONDS = 60;
const PAUSED_RETRY_SECONDS = 60;

/** Per-visitor checkout limit, shared by `POST /api/checkout` and the cart page's form. */
export const checkoutLimiter = rateLimit((env) => env.CHECKOUT_LIMITER, LIMIT_PERIOD_SECONDS);

/**
 * Throws 503 `unavailable` (reason `paused`) while operators have switched the `checkout` flag off:
 * checkout stops without a deploy; carts and pages keep working. Every entry point to the saga asks.
 */
export async function assertCheckoutOpen(c: Context<AppEnv>): Promise<void> {
  if (!(await flagEnabled(c.env.CONFIG, c.executionCtx, 'checkout'))) {
    throw new ApiError(
      'unavailable',
      'Checkout is paused for a moment; your cart is kept',
      { reason: 'paused' },
      { 'retry-after': String(PAUSED_RETRY_SECONDS) },
    );
  }
}
