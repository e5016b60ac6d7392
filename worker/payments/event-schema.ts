import { z } from 'zod';
import type { PaymentEvent } from './provider';

/**
 * The webhook queue's message: a `PaymentEvent` the webhook route verified. Checked again on the way
 * out, so a malformed message is retried into the dead-letter queue instead of acting on garbage.
 */
const session = z.object({
  id: z.string().min(1),
  orderId: z.string().nullable(),
  status: z.enum(['open', 'complete', 'expired']),
  paymentStatus: z.enum(['paid', 'unpaid', 'no_payment_required']),
  amountTotal: z.number().int().nonnegative(),
  currency: z.string(),
  url: z.string().nullable(),
  clientSecret: z.string().nullable(),
  paymentIntent: z.string().nullable(),
  expiresAt: z.number().int(),
});

export const paymentEventSchema: z.ZodType<PaymentEvent> = z.union([
  z.object({
    id: z.string().min(1),
    type: z.enum([
      'checkout.session.completed',
      'checkout.session.expired',
      'checkout.session.async_payment_succeeded',
      'checkout.session.async_payment_failed',
    ]),
    created: z.number().int(),
    session,
  }),
  z.object({ id: z.string().min(1), type: z.literal('ignored'), created: z.number().int(), originalType: z.string() }),
]);
