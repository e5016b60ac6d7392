import * as z from 'zod';
import { MAX_LINE_QUANTITY } from '../../durable-objects/cart';
import { skuSchema } from '../cart/schemas';

const refundLineSchema = z
  .object({
    sku: skuSchema,
    quantity: z.number().int('a whole number').min(1, 'at least 1').max(MAX_LINE_QUANTITY, `at most ${MAX_LINE_QUANTITY}`),
  })
  .strict();

/**
 * `POST /admin/api/orders/:id/refund`: units of lines, or an amount in minor units, or neither (the
 * rest of the order, shipping included). `reason` is kept with the refund for the books.
 */
export const refundInputSchema = z
  .object({
    amount: z.number().int('whole minor units').min(1, 'at least 1').max(Number.MAX_SAFE_INTEGER).optional(),
    lines: z.array(refundLineSchema).min(1, 'at least one line').max(100).optional(),
    reason: z.string().min(1).max(200).optional(),
  })
  .strict()
  .superRefine((input, ctx) => {
    if (input.amount !== undefined && input.lines !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['amount'], message: 'send amount or lines, not both' });
    }
    const seen = new Set<string>();
    input.lines?.forEach((line, index) => {
      if (seen.has(line.sku)) ctx.addIssue({ code: 'custom', path: ['lines', index, 'sku'], message: 'this SKU is already listed' });
      seen.add(line.sku);
    });
  });

export type RefundInput = z.infer<typeof refundInputSchema>;

/** What to refund, once the body is read: `rest` is everything not refunded yet. */
export type RefundRequest =
  | { kind: 'rest' }
  | { kind: 'amount'; amount: number }
  | { kind: 'lines'; lines: { sku: string; quantity: number }[] };

export function refundRequestOf(input: RefundInput): RefundRequest {
  if (input.lines) return { kind: 'lines', lines: input.lines };
  if (input.amount !== undefined) return { kind: 'amount', amount: input.amount };
  return { kind: 'rest' };
}
