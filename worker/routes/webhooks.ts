import { Hono } from 'hono';
import type { AppEnv } from '../http/app-env';
import { ApiError } from '../http/errors';
import { verifyPayload } from '../lib/hmac-signature';
import { FULFILLMENT_SIGNATURE_HEADER, markShipped, shippedCallbackSchema } from '../orders/fulfillment';
import { providerNamed } from '../payments/payments';
import { track } from '../telemetry/recorder';
import { childTraceparent } from '../telemetry/trace';
import { InvalidSignatureError, MalformedEventError } from '../payments/provider';

const invalidSignature = (source: string) => {
  track({ type: 'webhook_rejected', reason: `${source}:invalid_signature` });
  return new ApiError('invalid_request', 'Invalid or missing signature', { issues: [] });
};

/**
 * Signed callbacks, mounted at `/webhooks`. Payment events (`/webhooks/:provider`, e.g.
 * `/webhooks/stripe`) are verified over the raw body by their provider, queued in the provider's
 * neutral words, and answered 200 at once: the consumer does the work, so a slow D1 or Durable Object
 * never makes the provider time out and retry. A correctly signed event the store cannot read is
 * refused with a 400 and logged: retrying it would never help.
 */
export const webhooks = new Hono<AppEnv>()
  .post('/fulfillment', async (c) => {
    const raw = await c.req.text();
    if (!(await verifyPayload(c.env.FULFILLMENT_SECRET ?? '', c.req.header(FULFILLMENT_SIGNATURE_HEADER), raw))) {
      throw invalidSignature('fulfillment');
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
  })
  .post('/:provider', async (c) => {
    const provider = providerNamed(c.env, c.req.param('provider'));
    if (!provider) throw new ApiError('not_found', 'No such payment provider');
    const raw = await c.req.text();
    let event;
    try {
      event = await provider.verifyWebhook(raw, c.req.raw.headers);
    } catch (err) {
      if (err instanceof InvalidSignatureError) throw invalidSignature(provider.name);
      if (err instanceof MalformedEventError) {
        track({ type: 'webhook_rejected', reason: `${provider.name}:malformed` });
        console.warn(JSON.stringify({ msg: 'webhook refused: unreadable event', provider: provider.name, error: err.message }));
        throw new ApiError('invalid_request', 'The event carries no object this store can read', { issues: [] });
      }
      throw err;
    }
    // The consumer continues this request's trace (worker/queues.ts).
    await c.env.WEBHOOKS.send({ ...event, traceparent: childTraceparent() }, { contentType: 'json' });
    return c.json({ received: true });
  });
