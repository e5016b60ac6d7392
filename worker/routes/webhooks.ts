import { Hono } from 'hono';
import type { AppEnv } from '../http/app-env';
import { ApiError } from '../http/errors';
import { verifyPayload } from '../lib/hmac-signature';
import { FULFILLMENT_SIGNATURE_HEADER, markShipped, shippedCallbackSchema } from '../orders/fulfillment';
import { paymentProvider } from '../payments/payments';
import { InvalidSignatureError } from '../payments/provider';

const invalidSignature = () => new ApiError('invalid_request', 'Invalid or missing signature', { issues: [] });

/**
 * Signed callbacks, mounted at `/webhooks`. Stripe events are verified over the raw body (SDK,
 * SubtleCrypto, 300 s tolerance), queued, and answered 200 at once: the consumer does the work, so a
 * slow D1 or Durable Object never makes Stripe time out and retry.
 */
export const webhooks = new Hono<AppEnv>()
  .post('/stripe', async (c) => {
    const raw = await c.req.text();
    let event;
    try {
      event = await paymentProvider(c.env).verifyWebhook(raw, c.req.header('stripe-signature'));
    } catch (err) {
      if (err instanceof InvalidSignatureError) throw invalidSignature();
      throw err;
    }
    await c.env.WEBHOOKS.send(event, { contentType: 'json' });
    return c.json({ received: true });
  })
  .post('/fulfillment', async (c) => {
    const raw = await c.req.text();
    if (!(await verifyPayload(c.env.FULFILLMENT_SECRET ?? '', c.req.header(FULFILLMENT_SIGNATURE_HEADER), raw))) {
      throw invalidSignature();
    }
    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch {
      throw new ApiError('invalid_request', 'The body is not JSON', { issues: [] });
    }
    const parsed = shippedCallbackSchema.safeParse(json);
    if (!parsed.success) {
      const issues = parsed.error.issues.map((i) => ({ path: i.path.join('.') || 'body', message: i.message }));
      throw new ApiError('invalid_request', 'Invalid callback', { issues });
    }
    if (!(await markShipped(c.env, parsed.data))) throw new ApiError('not_found', 'No such order');
    return c.json({ received: true });
  });
