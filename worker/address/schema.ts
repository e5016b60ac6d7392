import * as z from 'zod';
import { countryCodeProblem } from './countries';
import { checkPhone } from './phone';
import { checkPostalCode } from './postal-code';
import { findRegion, regionOptions, requiresRegion } from './regions';

// C0/C1 controls (NUL, tab, line breaks), lone surrogates, the line/paragraph separators, and the bidi
// embeddings, overrides and isolates that make a label read otherwise than it is stored.
const CONTROL = /[\p{Cc}\p{Cs}\u2028\u2029\u202A-\u202E\u2066-\u2069]/u;
const MARKUP = /[<>]/;

const string = () => z.string({ error: (issue) => (issue.input === undefined ? 'Required' : 'Must be text') });

const text = (max: number) =>
  string()
    .trim()
    .normalize('NFC')
    .max(max, `At most ${max} characters`)
    .refine((value) => !CONTROL.test(value), 'Must not contain control characters (line breaks, tabs, NUL)')
    .refine((value) => !MARKUP.test(value), 'Must not contain < or > (no HTML)');

const required = (max: number) => text(max).min(1, 'Required');
/** Absent, null and blank all mean "not given". */
const optional = (max: number) => text(max).nullish();

const fields = z
  .object({
    name: required(100),
    line1: required(100),
    line2: optional(100),
    city: required(100),
    region: optional(64),
    postalCode: optional(20),
    country: string()
      .trim()
      .toUpperCase()
      .superRefine((code, ctx) => {
        const problem = countryCodeProblem(code);
        if (problem) ctx.addIssue({ code: 'custom', message: problem });
      }),
    phone: optional(40),
  })
  .strict();

type Fields = z.output<typeof fields>;
type Ruling = { ok: true; value: string | undefined } | { ok: false; message: string };

/** The fields whose rules depend on the country, each checked and normalized for it. */
const COUNTRY_RULES = {
  region: (address: Fields) => checkRegion(address.country, address.region ?? undefined),
  postalCode: (address: Fields) => checkPostalCode(address.country, address.postalCode ?? undefined),
  phone: (address: Fields) => checkPhone(address.phone ?? undefined, address.country),
} satisfies Record<string, (address: Fields) => Ruling>;

type CountryRuled = keyof typeof COUNTRY_RULES;

function checkRegion(country: string, region: string | undefined): Ruling {
  if (!requiresRegion(country)) return { ok: true, value: region || undefined };
  const example = regionOptions(country)?.[0];
  const hint = example ? ` (${example.code} or ${example.name})` : '';
  if (!region) return { ok: false, message: `A state, province or territory is required for ${country}${hint}` };
  const found = findRegion(country, region);
  return found
    ? { ok: true, value: found.code }
    : { ok: false, message: `Not a state, province or territory of ${country}: use its code or name${hint}` };
}

/** `{ [key]: value }` when there is a value, else nothing: optional fields are absent, never empty. */
const present = <K extends string>(key: K, value: string | null | undefined) =>
  (value ? { [key]: value } : {}) as Partial<Record<K, string>>;

interface ShippingAddressShape {
  name: string;
  line1: string;
  line2?: string;
  city: string;
  /** ISO 3166-2 code without prefix where the country requires one (US, CA, AU), else free text. */
  region?: string;
  /** Absent only where the country has no postal codes. */
  postalCode?: string;
  /** ISO 3166-1 alpha-2, upper-case. */
  country: string;
  /** E.164. */
  phone?: string;
}

/**
 * `PUT /api/cart/shipping-address` (CONTRACT.md): trimmed, bounded text with no control characters or
 * markup; an assigned ISO 3166-1 country (upper-case out); the postal code checked and written for that
 * country and required where the country uses them; the region required and normalized to its ISO
 * 3166-2 code without prefix in US, CA and AU, free text elsewhere; the phone as E.164. Every problem is
 * a zod issue on its field; country-specific ones are reported alongside the others once the country
 * itself is valid.
 *
 * @example
 * shippingAddressSchema.parse({
 *   name: 'Ada', line1: '1 Main St', city: 'Springfield', region: 'illinois', postalCode: '62701', country: 'us',
 * }); // { …, region: 'IL', postalCode: '62701', country: 'US' }
 */
export const shippingAddressSchema = fields
  .superRefine((address, ctx) => {
    // Runs after field issues too (zod does not abort on them), so each rule runs only on a field that
    // parsed: a number where the phone should be has its own issue already and would not be a string.
    const failed = new Set(ctx.issues.map((issue) => issue.path?.[0]));
    if (failed.has('country')) return;
    for (const field of Object.keys(COUNTRY_RULES) as CountryRuled[]) {
      if (failed.has(field)) continue;
      const ruling = COUNTRY_RULES[field](address);
      if (!ruling.ok) ctx.addIssue({ code: 'custom', path: [field], message: ruling.message });
    }
  })
  .transform((address): ShippingAddressShape => {
    const value = (field: CountryRuled) => {
      const ruling = COUNTRY_RULES[field](address);
      return ruling.ok ? ruling.value : undefined;
    };
    return {
      name: address.name,
      line1: address.line1,
      ...present('line2', address.line2),
      city: address.city,
      ...present('region', value('region')),
      ...present('postalCode', value('postalCode')),
      country: address.country,
      ...present('phone', value('phone')),
    };
  });

export type ShippingAddressInput = z.input<typeof shippingAddressSchema>;
export type ShippingAddress = z.output<typeof shippingAddressSchema>;
