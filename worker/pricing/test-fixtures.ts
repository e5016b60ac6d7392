import { tableTaxCalculator } from './table-tax';
import type { PriceInput, PricingLine, PricingRules, Promotion, ShippingMethod, ShippingZone, TaxRate } from './types';

/** Builders and a small store for the pricing tests: a few lines, zones in three regions, real-world rates. */

export const NOW = Date.UTC(2026, 10, 27, 12);

export function line(sku: string, unitPrice: number, quantity = 1, more: Partial<PricingLine> = {}): PricingLine {
  return {
    sku,
    productSlug: sku.toLowerCase(),
    title: sku,
    variantTitle: 'Default',
    categorySlug: 'apparel',
    unitPrice,
    quantity,
    weightGrams: 100,
    ...more,
  };
}

/** TEE 2000, HOODIE 5000 (apparel) and 2 × MUG 1200 (kitchen): subtotal 9400, 1500 g. */
export const LINES: PricingLine[] = [
  line('TEE', 2000, 1, { weightGrams: 200 }),
  line('HOODIE', 5000, 1, { weightGrams: 600 }),
  line('MUG', 1200, 2, { categorySlug: 'kitchen', weightGrams: 350 }),
];

const NO_COMBINATION = { product: false, order: false, shipping: false };

/** A percentage-off-the-order automatic promotion unless `more` says otherwise. */
export function promotion(id: string, more: Partial<Promotion> = {}): Promotion {
  return {
    id,
    code: null,
    title: id,
    type: 'percentage',
    value: 10,
    buyQuantity: null,
    getQuantity: null,
    target: 'order',
    minSubtotal: null,
    startsAt: null,
    endsAt: null,
    usageLimit: null,
    perCustomerLimit: null,
    combinesWith: NO_COMBINATION,
    enabled: true,
    ...more,
  };
}

export const combines = (...classes: (keyof Promotion['combinesWith'])[]): Promotion['combinesWith'] => ({
  ...NO_COMBINATION,
  ...Object.fromEntries(classes.map((c) => [c, true])),
});

export function flat(id: string, amount: number, more: Partial<ShippingMethod> = {}): ShippingMethod {
  return { id, title: id, rate: { type: 'flat', amount }, freeAbove: null, estimatedDays: { min: 2, max: 5 }, ...more };
}

export function byWeight(id: string, bands: { maxGrams: number; amount: number }[]): ShippingMethod {
  return { id, title: id, rate: { type: 'weight', bands }, freeAbove: null, estimatedDays: { min: 3, max: 7 } };
}

export const ZONES: ShippingZone[] = [
  {
    id: 'us',
    name: 'United States',
    areas: [{ country: 'US', regions: null }],
    methods: [flat('us-express', 1500), flat('us-standard', 700, { freeAbove: 10_000 })],
  },
  {
    id: 'us-west',
    name: 'West coast',
    areas: [{ country: 'US', regions: ['CA', 'OR', 'WA'] }],
    methods: [flat('west-ground', 400)],
  },
  {
    id: 'eu',
    name: 'Europe',
    areas: [
      { country: 'DE', regions: null },
      { country: 'FR', regions: null },
    ],
    methods: [
      byWeight('eu-parcel', [
        { maxGrams: 1000, amount: 900 },
        { maxGrams: 5000, amount: 1500 },
      ]),
      flat('eu-express', 2500),
    ],
  },
  {
    id: 'nordics',
    name: 'Nordics',
    areas: [{ country: 'NO', regions: null }],
    methods: [byWeight('no-parcel', [{ maxGrams: 2000, amount: 1200 }])],
  },
  { id: 'canada', name: 'Canada', areas: [{ country: 'CA', regions: null }], methods: [flat('ca-post', 1000)] },
];

export function rate(
  country: string,
  region: string | null,
  title: string,
  value: number,
  appliesToShipping = false,
): TaxRate {
  return { country, region, title, rate: value, appliesToShipping };
}

export const RATES: TaxRate[] = [
  rate('US', 'CA', 'CA sales tax', 0.0725),
  rate('US', 'NY', 'NY sales tax', 0.04, true),
  rate('DE', null, 'VAT', 0.19, true),
  rate('CA', null, 'GST', 0.05, true),
  rate('CA', 'BC', 'PST', 0.07),
];

export interface CartInput extends Partial<Omit<PriceInput, 'rules'>> {
  rules?: Partial<Omit<PricingRules, 'tax'>> & { rates?: TaxRate[] };
}

/** The store above with no promotions, no destination and net prices, changed by `more`. */
export function cart(more: CartInput = {}): PriceInput {
  const { rules = {}, ...rest } = more;
  const { rates = RATES, ...ruleRest } = rules;
  return {
    currency: 'usd',
    lines: LINES,
    destination: null,
    codes: [],
    shippingOptionId: null,
    now: NOW,
    ...rest,
    rules: { promotions: [], zones: ZONES, taxIncluded: false, tax: tableTaxCalculator(rates), ...ruleRest },
  };
}
