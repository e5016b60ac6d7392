import { Hono } from 'hono';
import { readCartId } from '../cart/cart-cookie';
import { checkout } from '../checkout/checkout';
import { checkoutHeadersSchema, checkoutSchema } from '../checkout/schemas';
import { flagEnabled } from '../experiments/store';
import type { AppEnv } from '../http/app-env';
import { ApiError } from '../http/errors';
import { validate } from '../http/validate';
import { rateLimit } from '../middleware/rate-limit';
import { requireJson } from '../middleware/require-json';

/** The Rate Limiting binding's period (wrangler.toml `[[ratelimits]]`). */
const LIMIT_PERIOD_SECONDS = 60;

/** `POST /api/checkout`, mounted at `/api`: the saga lives in worker/checkout/. */
export const checkoutApi = new Hono<AppEnv>().post(
  '/checkout',
  rateLimit((env) => env.CHECKOUT_LIMITER, LIMIT_PERIOD_SECONDS),
  requireJson(),
  validate('header', checkoutHeadersSchema),
  validate('json', checkoutSchema),
  async (c) => {
    // Operators can pause checkout (flag `checkout`) without a deploy; carts and pages keep working.
    if (!(await flagEnabled(c.env.CONFIG, c.executionCtx, 'checkout'))) {
      throw new ApiError('unavailable', 'Checkout is paused for a moment; your cart is kept', {}, { 'retry-after': '60' });
    }
    const answer = await checkout(c.env, {
      cartId: await readCartId(c),
      email: c.req.valid('json').email,
      idempotencyKey: c.req.valid('header')['idempotency-key'],
      origin: new URL(c.req.url).origin,
      experiments: c.get('experiments'),
    });
    return c.json(answer, 201, { 'cache-control': 'no-store', location: `/api/orders/${answer.orderId}` });
  },
);
