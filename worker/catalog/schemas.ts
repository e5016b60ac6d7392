import * as z from 'zod';
import { decodeCursor } from './cursor';

/** Shopper-facing query and path schemas. Every bound is explicit: nothing unbounded reaches D1. */

export const slugSchema = z
  .string()
  .min(1)
  .max(120)
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'lower-case letters, digits and single hyphens');

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
    category: slugSchema.optional(),
    q: z.string().max(200).optional(),
  })
  .strict();

export const pageQuerySchema = z.object({
  q: z.string().max(200).optional(),
  category: slugSchema.optional(),
  page: z
    .string()
    .regex(/^\d{1,4}$/)
    .transform(Number)
    .pipe(z.number().int().min(1).max(500))
    .default(1),
});
