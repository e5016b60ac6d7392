import type { Context } from 'hono';
import { KILL_SWITCHES } from '../experiments/kill-switches';
import { flagEnabled } from '../experiments/store';
import type { AppEnv } from '../http/app-env';
import { rateLimit } from '../middleware/rate-limit';
import { refused, type Refused } from '../refusals/refusals';

/** The Rate Limiting binding's period (wrangler.toml `[[ratelimits]]`). */
export const LIMIT_PERIOD_SECONDS = 60;
const PAUSED_RETRY_SECONDS = 60;
const READ_ONLY_RETRY_SECONDS = 300;


/** Per-visitor checkout limit, shared by `POST /api/checkout` and the checkout form. */
export const checkoutLimiter = rateLimit((env) => env.CHECKOUT_LIMITER, LIMIT_PERIOD_SECONDS);

/**
 * `paused` while operators have switched the `checkout` flag off: checkout stops without a deploy;
 * carts and pages keep working. Every entry point to the saga asks.
 */
export async function checkoutPaused(
  c: Context<AppEnv>,
): Promise<Refused<{ code: 'paused' | 'read_only'; retryAfterSeconds: number }> | null> {
  if (!(await flagEnabled(c.env.CONFIG, c.executionCtx, KILL_SWITCHES.d1Writes))) {
    return refused({ code: 'read_only', retryAfterSeconds: READ_ONLY_RETRY_SECONDS });
  }
  if (await flagEnabled(c.env.CONFIG, c.executionCtx, KILL_SWITCHES.checkout)) return null;
  return refused({ code: 'paused', retryAfterSeconds: PAUSED_RETRY_SECONDS });
}
