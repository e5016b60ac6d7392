import * as z from 'zod';
import { shippingAddressSchema } from '../address';
import { shippingOptionSchema } from '../cart/schemas';

/**
 * `POST /api/checkout`: strict, so a client-sent `total`, `price` or `status` is a 400. The address
 * and method may come with the checkout instead of being set on the cart first.
 */
export const checkoutSchema = z
  .object({
    email: z.email('an email address').max(254),
    shippingAddress: shippingAddressSchema.optional(),
    shippingOptionId: shippingOptionSchema.shape.id.optional(),
    /** Turnstile's token: needed when the cart holds a drop's SKU and the drop has Turnstile on. */
    turnstileToken: z.string().max(2048).optional(),
  })
  .strict();
export type CheckoutBody = z.infer<typeof checkoutSchema>;

/** Stripe's rule for idempotency keys: at most 255 characters; ours also printable ASCII only. */
export const idempotencyKeySchema = z
  .string()
  .regex(/^[\x21-\x7e]{1,255}$/, '1-255 printable ASCII characters')
  .optional();

export const checkoutHeadersSchema = z.object({ 'idempotency-key': idempotencyKeySchema });
