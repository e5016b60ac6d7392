import * as z from 'zod';
import type { PaymentEvent } from './provider';

/**
 * The webhook queue's message: a `PaymentEvent` the webhook route verified, in the provider-neutral
 * words of provider.ts. Checked again on the way out, so a malformed message is retried into the
 * dead-letter queue instead of acting on garbage.
 */
const session = z.object({
  id: z.string().min(1),
  orderId: z.string().nullable(),
  state: z.enum(['open', 'paid', 'async_pending', 'async_failed', 'failed', 'expired']),
  amount: z.number().int().nonnegative(),
  currency: z.string(),
  url: z.string().nullable(),
  clientSecret: z.string().nullable(),
  paymentRef: z.string().nullable(),
  expiresAt: z.number().int(),
});

export const paymentEventSchema: z.ZodType<PaymentEvent> = z.union([
  z.object({
    id: z.string().min(1),
    provider: z.string().min(1),
    kind: z.enum(['paid', 'async_pending', 'async_failed', 'failed', 'expired']),
    created: z.number().int(),
    session,
  }),
  z.object({
    id: z.string().min(1),
    provider: z.string().min(1),
    kind: z.literal('ignored'),
    created: z.number().int(),
    originalType: z.string(),
  }),
]);
