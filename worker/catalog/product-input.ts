import * as z from 'zod';
import { slugSchema } from './slug';

/**
 * What admin writes accept: the shape `GET /api/products/:slug` answers, so a client can GET, edit and
 * PUT it back. Read-only fields (`id`, `price`, `updatedAt`, the category's name) are accepted and
 * ignored; any other unknown field is a 400, so nothing unexpected reaches the domain.
 */
const moneySchema = z
  .object({
    amount: z.number().int('must be a whole number of minor units').min(0).max(100_000_000),
    currency: z.literal('usd'),
  })
  .strict();

const variantSchema = z
  .object({
    sku: z.string().regex(/^[A-Z0-9][A-Z0-9-]{0,63}$/, 'upper-case letters, digits and hyphens'),
    title: z.string().trim().min(1).max(120),
    options: z
      .record(z.string().min(1).max(40), z.string().min(1).max(60))
      .refine((o) => Object.keys(o).length <= 5, 'at most 5 options'),
    price: moneySchema,
  })
  .strict();

const imageSchema = z
  .object({
    key: z
      .string()
      .max(200)
      .regex(/^[\w-]+(?:\/[\w.-]+)*$/, 'an R2 key of path segments')
      .refine((key) => !key.split('/').some((part) => part === '..' || part === '.'), 'no dot segments'),
    alt: z.string().max(300),
    width: z.number().int().min(1).max(10_000),
    height: z.number().int().min(1).max(10_000),
    color: z.string().min(1).max(60).nullish(),
  })
  .strict();

const categoryRef = z.union([
  slugSchema,
  z.object({ slug: slugSchema, name: z.string().optional(), description: z.string().optional() }).strict(),
]);

export const productInputSchema = z
  .object({
    slug: slugSchema,
    title: z.string().trim().min(1).max(200),
    description: z.string().trim().max(5_000).default(''),
    category: categoryRef.transform((ref) => (typeof ref === 'string' ? ref : ref.slug)),
    featured: z.boolean().default(false),
    variants: z
      .array(variantSchema)
      .min(1)
      .max(50)
      .refine((vs) => new Set(vs.map((v) => v.sku)).size === vs.length, 'SKUs must be unique'),
    images: z.array(imageSchema).max(12).default([]),
    id: z.unknown().optional(),
    price: z.unknown().optional(),
    updatedAt: z.unknown().optional(),
  })
  .strict();

export type ProductInput = z.infer<typeof productInputSchema>;

export const productIdSchema = z.object({
  id: z
    .string()
    .regex(/^\d{1,12}$/, 'a product id')
    .transform(Number)
    .pipe(z.number().int().positive().max(Number.MAX_SAFE_INTEGER)),
});
