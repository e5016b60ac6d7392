import * as z from 'zod';
import { skuSchema } from '../cart/schemas';
import { MAX_LINE_QUANTITY } from '../../durable-objects/cart';

/** The admin API's drop (CONTRACT.md "Drops"), strict: an unknown field is a 400, never ignored. */

export const DROP_ID_PATTERN = /^[a-z0-9][a-z0-9-]{0,63}$/;
export const MAX_DROP_SKUS = 20;
/** Beyond this the queue admits faster than a checkout can be started: not a drop any more. */
export const MAX_ADMIT_PER_MINUTE = 60_000;

export const dropIdParam = z.object({ id: z.string().regex(DROP_ID_PATTERN, 'lower-case letters, digits and hyphens (at most 64)') });

export const dropBodySchema = z
  .object({
    /** Optional in the body; when present it must name the drop of the path. */
    id: z.string().optional(),
    skus: z
      .array(skuSchema)
      .min(1, 'a drop needs at least one SKU')
      .max(MAX_DROP_SKUS, `at most ${MAX_DROP_SKUS} SKUs`)
      .refine((skus) => new Set(skus).size === skus.length, 'each SKU at most once'),
    startsAt: z.iso.datetime({ offset: true, message: 'an ISO 8601 date-time with a zone, e.g. 2026-12-24T09:00:00Z' }),
    admitPerMinute: z.number().int().min(1, 'at least 1 a minute').max(MAX_ADMIT_PER_MINUTE),
    perCustomerLimit: z.number().int().min(1, 'at least 1 unit').max(MAX_LINE_QUANTITY),
    turnstile: z.boolean(),
  })
  .strict();

export type DropBody = z.infer<typeof dropBodySchema>;

/** A drop as the store keeps and answers it. */
export interface Drop {
  id: string;
  skus: string[];
  /** ISO 8601, UTC. */
  startsAt: string;
  admitPerMinute: number;
  perCustomerLimit: number;
  turnstile: boolean;
}

export const dropFromBody = (id: string, body: DropBody): Drop => ({
  id,
  skus: body.skus,
  startsAt: new Date(body.startsAt).toISOString(),
  admitPerMinute: body.admitPerMinute,
  perCustomerLimit: body.perCustomerLimit,
  turnstile: body.turnstile,
});
