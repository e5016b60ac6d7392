import * as z from 'zod';
import { countryCodeProblem } from '../address/countries';
import { findRegion, requiresRegion } from '../address/regions';
import type { Promotion, ShippingZone, TaxRate } from './types';

/**
 * Admin input bodies for promotions, shipping zones and tax settings, each with the function that
 * turns a parsed body into the engine's type. Bounds are explicit and objects strict, so what reaches
 * D1 is what the engine can price; ids come from the caller (the row), never from the body.
 */

/** Trimmed first; ASCII only, so look-alikes (Cyrillic `А`, dotless `ı`) never upper-case into a code. */
const CODE = /^[A-Za-z0-9][A-Za-z0-9_-]{0,31}$/;

/**
 * The code a shopper means, upper-case, or null when `raw` cannot be any promotion's code.
 *
 * @example
 * normalizeCode(' save10 '); // 'SAVE10'
 * normalizeCode('SAVE 10'); // null
 */
export function normalizeCode(raw: string): string | null {
  const trimmed = raw.trim();
  return CODE.test(trimmed) ? trimmed.toUpperCase() : null;
}

const codeSchema = z
  .string()
  .trim()
  .regex(CODE, 'letters, digits, - and _ (at most 32), starting with a letter or digit')
  .transform((code) => code.toUpperCase());

/** Shown to shoppers and admins: no markup, no control characters. */
const text = z
  .string()
  .trim()
  .min(1)
  .max(120)
  .regex(/^[^<>\p{Cc}]*$/u, 'no < or > and no control characters');

const slug = z
  .string()
  .max(64)
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'lower-case letters, digits and single hyphens');
const sku = z.string().regex(/^[A-Z0-9][A-Z0-9-]{0,63}$/, 'upper-case letters, digits and hyphens');
/** Assigned codes only, as shipping addresses are: a zone or rate for `UK` would never match an address (GB). */
const country = z.string().superRefine((code, ctx) => {
  const problem = countryCodeProblem(code);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});
const region = z.string().regex(/^[A-Z0-9]{1,3}$/, 'an ISO 3166-2 subdivision without its country prefix');

/**
 * Why `region` can never be an address's region in `country`: addresses carry one only where it is a
 * known subdivision (worker/address/destination.ts), so any other region would silently match nothing.
 */
function regionProblem(country: string, region: string): string | null {
  if (!requiresRegion(country)) return `${country} addresses name no region to match: cover the whole country`;
  return findRegion(country, region)?.code === region ? null : `${region} is not a subdivision code of ${country}`;
}
const count = z.number().int().min(1).max(1_000_000_000);
/** A subtotal or price bound in minor units. */
const minor = z.number().int().min(0).max(1_000_000_000);

const instant = z.iso
  .datetime({ offset: true })
  .transform((iso) => Date.parse(iso))
  .refine(Number.isFinite, 'a real date');

const distinct = (keys: string[]) => new Set(keys).size === keys.length;

/** Admin bodies are the shape the GET answers, so they can be sent back as they came: these are ignored. */
const readOnly = { id: z.string().optional() };

export const promotionBodySchema = z
  .object({
    code: codeSchema.nullable(),
    title: text.optional(),
    type: z.enum(['percentage', 'fixed', 'free_shipping', 'buy_x_get_y']),
    value: minor,
    target: z.union(
      [
        z.literal('order'),
        z.object({ category: slug }).strict(),
        z.object({ skus: z.array(sku).min(1).max(100).refine(distinct, 'SKUs must differ') }).strict(),
      ],
      { error: "'order', { category } or { skus } with 1 to 100 SKUs" },
    ),
    minSubtotal: minor.optional(),
    startsAt: instant.optional(),
    endsAt: instant.optional(),
    usageLimit: count.optional(),
    perCustomerLimit: count.optional(),
    combinesWith: z
      .object({ order: z.boolean().optional(), product: z.boolean().optional(), shipping: z.boolean().optional() })
      .strict()
      .optional(),
    buyQuantity: z.number().int().min(1).max(1_000).optional(),
    getQuantity: z.number().int().min(1).max(1_000).optional(),
    enabled: z.boolean().default(true),
    ...readOnly,
    uses: z.number().int().min(0).optional(),
  })
  .strict()
  .superRefine((body, ctx) => {
    const issue = (path: string, message: string) => ctx.addIssue({ code: 'custom', path: [path], message });
    const percent = body.value >= 1 && body.value <= 100;
    if (body.type === 'percentage' && !percent) issue('value', 'a whole percentage from 1 to 100');
    if (body.type === 'fixed' && body.value < 1) issue('value', 'at least 1 minor unit');
    if (body.type === 'free_shipping' && body.value !== 0) issue('value', 'free shipping takes no value: send 0');
    if (body.type === 'buy_x_get_y') {
      if (!percent) issue('value', 'the percentage off each "get" unit, 1 to 100 (100 = free)');
      if (body.buyQuantity === undefined) issue('buyQuantity', 'required for buy_x_get_y');
      if (body.getQuantity === undefined) issue('getQuantity', 'required for buy_x_get_y');
    } else {
      if (body.buyQuantity !== undefined) issue('buyQuantity', 'only for buy_x_get_y');
      if (body.getQuantity !== undefined) issue('getQuantity', 'only for buy_x_get_y');
    }
    if (body.startsAt !== undefined && body.endsAt !== undefined && body.endsAt <= body.startsAt) {
      issue('endsAt', 'must be after startsAt');
    }
  });

export type PromotionBody = z.infer<typeof promotionBodySchema>;

function defaultTitle(body: PromotionBody): string {
  switch (body.type) {
    case 'percentage':
      return `${body.value}% off`;
    case 'fixed':
      return `${(body.value / 100).toFixed(2)} off`;
    case 'free_shipping':
      return 'Free shipping';
    case 'buy_x_get_y': {
      const deal = body.value === 100 ? 'free' : `at ${body.value}% off`;
      return `Buy ${body.buyQuantity}, get ${body.getQuantity} ${deal}`;
    }
  }
}

export function promotionFromBody(id: string, body: PromotionBody): Promotion {
  return {
    id,
    code: body.code,
    title: body.title ?? defaultTitle(body),
    type: body.type,
    value: body.value,
    buyQuantity: body.buyQuantity ?? null,
    getQuantity: body.getQuantity ?? null,
    target: body.target,
    minSubtotal: body.minSubtotal ?? null,
    startsAt: body.startsAt ?? null,
    endsAt: body.endsAt ?? null,
    usageLimit: body.usageLimit ?? null,
    perCustomerLimit: body.perCustomerLimit ?? null,
    combinesWith: {
      product: body.combinesWith?.product ?? false,
      order: body.combinesWith?.order ?? false,
      shipping: body.combinesWith?.shipping ?? false,
    },
    enabled: body.enabled,
  };
}

const shippingAmount = z.number().int().min(0).max(10_000_000);
const days = z.number().int().min(0).max(365);

const shippingRate = z.discriminatedUnion('type', [
  z.object({ type: z.literal('flat'), amount: shippingAmount }).strict(),
  z
    .object({
      type: z.literal('weight'),
      bands: z
        .array(z.object({ maxGrams: z.number().int().min(1).max(10_000_000), amount: shippingAmount }).strict())
        .min(1)
        .max(50)
        .refine(
          (bands) => bands.every((band, i) => i === 0 || band.maxGrams > bands[i - 1]!.maxGrams),
          'maxGrams must increase from band to band',
        ),
    })
    .strict(),
]);

const shippingMethod = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'lower-case letters, digits and hyphens'),
    title: text,
    rate: shippingRate,
    freeAbove: shippingAmount.nullable().optional(),
    estimatedDays: z
      .object({ min: days, max: days })
      .strict()
      .refine((d) => d.min <= d.max, 'min must not exceed max'),
  })
  .strict();

export const shippingZoneBodySchema = z
  .object({
    name: text,
    areas: z
      .array(
        z
          .object({ country, regions: z.array(region).min(1).max(100).nullable().optional() })
          .strict()
          .superRefine((area, ctx) => {
            (area.regions ?? []).forEach((r, i) => {
              const problem = regionProblem(area.country, r);
              if (problem) ctx.addIssue({ code: 'custom', path: ['regions', i], message: problem });
            });
          }),
      )
      .min(1)
      .max(300),
    methods: z
      .array(shippingMethod)
      .min(1)
      .max(50)
      .refine((methods) => distinct(methods.map((m) => m.id)), 'method ids must differ'),
    ...readOnly,
  })
  .strict();

export type ShippingZoneBody = z.infer<typeof shippingZoneBodySchema>;

export function shippingZoneFromBody(id: string, body: ShippingZoneBody): ShippingZone {
  return {
    id,
    name: body.name,
    areas: body.areas.map((area) => ({ country: area.country, regions: area.regions ?? null })),
    methods: body.methods.map((method) => ({ ...method, freeAbove: method.freeAbove ?? null })),
  };
}

const taxRate = z
  .object({
    country,
    region: region.nullable().optional(),
    title: text,
    rate: z
      .number()
      .min(0)
      .max(1)
      .refine((rate) => Number(rate.toFixed(6)) === rate, 'at most six decimals'),
    appliesToShipping: z.boolean().optional(),
  })
  .strict()
  .superRefine((rate, ctx) => {
    const problem = rate.region ? regionProblem(rate.country, rate.region) : null;
    if (problem) ctx.addIssue({ code: 'custom', path: ['region'], message: problem });
  });

export const taxSettingsBodySchema = z
  .object({
    pricesIncludeTax: z.boolean(),
    rates: z
      .array(taxRate)
      .max(500)
      .refine(
        (rates) => distinct(rates.map((r) => JSON.stringify([r.country, r.region ?? null, r.title]))),
        'one rate per country, region and title',
      ),
  })
  .strict();

export type TaxSettingsBody = z.infer<typeof taxSettingsBodySchema>;

export function taxSettingsFromBody(body: TaxSettingsBody): { taxIncluded: boolean; rates: TaxRate[] } {
  return {
    taxIncluded: body.pricesIncludeTax,
    rates: body.rates.map((rate) => ({
      country: rate.country,
      region: rate.region ?? null,
      title: rate.title,
      rate: rate.rate,
      appliesToShipping: rate.appliesToShipping ?? false,
    })),
  };
}
