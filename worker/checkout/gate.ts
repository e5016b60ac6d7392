import type { Context } from 'hono';
import { flagEnabled } from '../experiments/store';
import type { AppEnv } from '../http/app-env';
import { rateLimit } from '../middleware/rate-limit';
import { refused, type Refused } from '../refusals/refusals';

/** The Rate Limiting binding's period (wrangler.toml `[[ratelimits]]`). */
export const LIMIT_PERIOD_SECONDS = 60;
const PAUSED_RETRY_SECONDS = 60;

/** Per-visitor checkout limit, shared by `POST /api/checkout` and the checkout form. */
export const checkoutLimiter = rateLimit((env) => env.CHECKOUT_LIMITER, LIMIT_PERIOD_SECONDS);

/**
 * `paused` while operators have switched the `checkout` flag off: checkout stops without a deploy;
 * carts and pages keep working. Every entry point to the saga asks.
 */
export async function checkoutPaused(c: Context<AppEnv>): Promise<Refused<{ code: 'paused'; retryAfterSeconds: number }> | null> {
  if (await flagEnabled(c.env.CONFIG, c.executionCtx, 'checkout')) return null;
  return refused({ code: 'paused', retryAfterSeconds: PAUSED_RETRY_SECONDS });
}
