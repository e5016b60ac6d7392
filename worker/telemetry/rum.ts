import * as z from 'zod';

export const RUM_METRICS = ['LCP', 'INP', 'CLS', 'TTFB', 'FCP'] as const;
/** A beacon is a few hundred bytes; anything near this is not one. */
export const RUM_MAX_BYTES = 2_048;

/** The largest believable value of each vital: milliseconds, except CLS (a unitless score). */
const CEILING: Record<(typeof RUM_METRICS)[number], number> = { LCP: 120_000, INP: 60_000, CLS: 50, TTFB: 120_000, FCP: 120_000 };

const metric = z
  .object({ name: z.enum(RUM_METRICS), value: z.number().finite().nonnegative() })
  .strict()
  .refine((m) => m.value <= CEILING[m.name], { message: 'value out of range', path: ['value'] });

/** `POST /rum`: the path of the page measured (its kind is worked out here) and its vitals. */
export const rumBeaconSchema = z
  .object({
    page: z.string().max(300).regex(/^\/[^\s]*$/, 'the page path, like /products/x'),
    metrics: z.array(metric).min(1).max(RUM_METRICS.length),
  })
  .strict();
export type RumBeacon = z.infer<typeof rumBeaconSchema>;
