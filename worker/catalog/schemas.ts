import * as z from 'zod';
import { browseFields, priceRangeIsOrdered, priceRangeIssue } from './browse-query';
import { decodeCursor } from './cursor';
import { slugSchema } from './slug';

/** Shopper-facing query and path schemas. Every bound is explicit: nothing unbounded reaches D1. */

export { slugSchema };

/** `GET /api/products`: unknown parameters (an unknown facet) are 400. */
export const listQuerySchema = z
  .object({
    limit: z
      .string()
      .regex(/^\d{1,3}$/, 'a whole number from 1 to 100')
      .transform(Number)
      .pipe(z.number().int().min(1).max(100))
      .default(24),
    cursor: z
      .string()
      .max(200)
      .transform((raw, ctx) => {
        const cursor = decodeCursor(raw);
        if (!cursor) ctx.addIssue({ code: 'custom', message: 'not a cursor this API issued' });
        return cursor ?? undefined;
      })
      .optional(),
    ...browseFields,
  })
  .strict()
  .refine(priceRangeIsOrdered, priceRangeIssue);

export type ListQuery = z.infer<typeof listQuerySchema>;

/** `GET /products`: parameters it does not read (campaign tags) are ignored, and kept out of the cache key. */
export const pageQuerySchema = z
  .object({
    page: z
      .string()
      .regex(/^\d{1,4}$/)
      .transform(Number)
      .pipe(z.number().int().min(1).max(9999))
      .default(1),
    ...browseFields,
  })
  .refine(priceRangeIsOrdered, priceRangeIssue);

export type PageQuery = z.infer<typeof pageQuerySchema>;
