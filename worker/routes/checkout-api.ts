import { Hono } from 'hono';
import { readCartId } from '../cart/cart-cookie';
import { checkout } from '../checkout/checkout';
import { checkoutLimiter, checkoutPaused } from '../checkout/gate';
import { checkoutHeadersSchema, checkoutSchema } from '../checkout/schemas';
import { dropPass } from '../drops/admission';
import type { AppEnv } from '../http/app-env';
import { validate } from '../http/validate';
import { requireJson } from '../middleware/require-json';
import { orThrow, refusalError } from '../refusals/http';
import { documented } from '../openapi/describe';
import { checkoutAnswerSchema } from '../openapi/responses';
import { orderAssignments, trackedCheckout } from '../telemetry/request-events';

/** `POST /api/checkout`, mounted at `/api`: the saga lives in worker/checkout/. */
export const checkoutApi = new Hono<AppEnv>().post(
  '/checkout',
  documented('Check out the cart: an order and a payment session', { 201: checkoutAnswerSchema }),
  checkoutLimiter,
  requireJson(),
  validate('header', checkoutHeadersSchema),
  validate('json', checkoutSchema),
  async (c) => {
    const paused = await checkoutPaused(c);
    if (paused) throw refusalError(paused);
    const body = c.req.valid('json');
    const answer = orThrow(
      await trackedCheckout(c, async () => checkout(c.env, {
        cartId: await readCartId(c),
        email: body.email,
        shippingAddress: body.shippingAddress,
        shippingOptionId: body.shippingOptionId,
        idempotencyKey: c.req.valid('header')['idempotency-key'],
        origin: new URL(c.req.url).origin,
        experiments: orderAssignments(c),
        pass: await dropPass(c, Date.now()),
        turnstileToken: body.turnstileToken,
        ip: c.req.header('cf-connecting-ip') ?? null,
      })),
    );
    return c.json(answer, 201, { 'cache-control': 'no-store', location: `/api/orders/${answer.orderId}` });
  },
);
