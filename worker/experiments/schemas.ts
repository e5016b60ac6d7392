import * as z from 'zod';

/** Experiment and flag documents as they sit in KV (`experiment:<id>`, `flag:<key>`) and travel the admin API. */

const NAME = /^[a-z0-9][a-z0-9-]{0,39}$/;
const name = z.string().regex(NAME, 'lower-case letters, digits and hyphens (at most 40)');

/** `/` matches only the home page; `/products/*` matches everything under `/products/`. */
const pathPattern = z
  .string()
  .max(200)
  .regex(/^\/[A-Za-z0-9\-._~/]*\*?$/, 'a path like `/` or `/products/*`');

export const experimentSchema = z
  .object({
    id: name,
    enabled: z.boolean(),
    paths: z.array(pathPattern).min(1).max(20),
    variants: z
      .array(z.object({ name, weight: z.number().int().min(0).max(1000) }).strict())
      .min(2, 'at least two variants')
      .max(10)
      .refine((vs) => new Set(vs.map((v) => v.name)).size === vs.length, 'variant names must differ')
      .refine((vs) => vs.some((v) => v.weight > 0), 'at least one variant needs a weight above 0'),
  })
  .strict();
export type Experiment = z.infer<typeof experimentSchema>;

export const flagSchema = z
  .object({ key: name, enabled: z.boolean(), description: z.string().max(500).optional() })
  .strict();
export type Flag = z.infer<typeof flagSchema>;

export const experimentIdParam = z.object({ id: name });
export const flagKeyParam = z.object({ key: name });
