import * as z from 'zod';
import { normalizeCode } from '../pricing/schemas';
import { MAX_LINE_QUANTITY } from '../../durable-objects/cart';

/** Cart and stock request schemas: strict, so a client-sent price or status is a 400, never ignored. */

export const SKU_PATTERN = /^[A-Z0-9][A-Z0-9-]{0,63}$/;
export const MAX_STOCK_SKUS = 100;

export const skuSchema = z.string().regex(SKU_PATTERN, 'upper-case letters, digits and hyphens (at most 64)');

const quantity = (min: number) =>
  z
    .number()
    .int('a whole number')
    .min(min, `at least ${min}`)
    .max(MAX_LINE_QUANTITY, `at most ${MAX_LINE_QUANTITY}`);

export const addItemSchema = z.object({ sku: skuSchema, quantity: quantity(1) }).strict();
export type AddItem = z.infer<typeof addItemSchema>;

/** PATCH body: 0 removes the line. */
export const setQuantitySchema = z.object({ quantity: quantity(0) }).strict();

export const skuParamSchema = z.object({ sku: skuSchema });

/** Form fields arrive as text: only plain whole numbers, no `1e1`, `0x10` or ` 5`. */
export const formQuantity = (min: number) =>
  z
    .string()
    .regex(/^\d{1,2}$/, 'a whole number')
    .transform(Number)
    .pipe(quantity(min));

export const addItemFormSchema = z.object({ sku: skuSchema, quantity: formQuantity(1) });
export const setQuantityFormSchema = z.object({ quantity: formQuantity(0) });

export const stockQuerySchema = z
  .object({
    skus: z
      .string()
      .max(MAX_STOCK_SKUS * 65)
      .transform((list) => list.split(','))
      .pipe(
        z
          .array(skuSchema)
          .min(1, 'at least one SKU')
          .max(MAX_STOCK_SKUS, `at most ${MAX_STOCK_SKUS} SKUs`)
          .transform((skus) => [...new Set(skus)]),
      ),
  })
  .strict();

/** A discount code as typed: trimmed and upper-cased, or a 400 (spaces, look-alikes, SQL, 300 characters). */
const discountCode = z
  .string()
  .max(64, 'at most 32 characters')
  .transform((raw, ctx) => {
    const code = normalizeCode(raw);
    if (code === null) {
      ctx.addIssue({ code: 'custom', message: 'letters, digits, - and _ (at most 32), as printed on the offer' });
      return z.NEVER;
    }
    return code;
  });

export const applyCodeSchema = z.object({ code: discountCode }).strict();
export const codeParamSchema = z.object({ code: discountCode });

export const shippingOptionSchema = z
  .object({ id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'a shipping option id from the cart’s shippingOptions') })
  .strict();
