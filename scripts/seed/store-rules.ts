import type { Promotion, ShippingZone, TaxRate } from '../../worker/pricing/types';

/**
 * The demo store's promotions, shipping and tax: a US store selling in dollars, tax added at
 * checkout (US-style), shipping to the US, Canada, the UK and some EU countries. Rates are the
 * standard national / state / provincial ones as of 2026 (no local sales taxes).
 */
export interface SeedStoreRules {
  pricesIncludeTax: boolean;
  promotions: Promotion[];
  zones: ShippingZone[];
  taxRates: TaxRate[];
}

const noCombining = { order: false, product: false, shipping: false };

const promotion = (p: Partial<Promotion> & Pick<Promotion, 'id' | 'code' | 'title' | 'type' | 'value'>): Promotion => ({
  buyQuantity: null,
  getQuantity: null,
  target: 'order',
  minSubtotal: null,
  startsAt: null,
  endsAt: null,
  usageLimit: null,
  perCustomerLimit: null,
  combinesWith: noCombining,
  enabled: true,
  ...p,
});

const PROMOTIONS: Promotion[] = [
  promotion({
    id: 'welcome10',
    code: 'WELCOME10',
    title: '10% off your order',
    type: 'percentage',
    value: 10,
    combinesWith: { order: false, product: true, shipping: true },
  }),
  promotion({
    id: 'freeship',
    code: 'FREESHIP',
    title: 'Free shipping over $50',
    type: 'free_shipping',
    value: 0,
    minSubtotal: 5_000,
    combinesWith: { order: true, product: true, shipping: false },
  }),
  promotion({
    id: 'launch20',
    code: 'LAUNCH20',
    title: '20% off, one per customer',
    type: 'percentage',
    value: 20,
    usageLimit: 100,
    perCustomerLimit: 1,
  }),
  promotion({
    id: 'socks-3-for-2',
    code: null,
    title: 'Socks: buy 2, get 1 free',
    type: 'buy_x_get_y',
    value: 100,
    buyQuantity: 2,
    getQuantity: 1,
    target: { category: 'socks' },
    combinesWith: { order: true, product: false, shipping: true },
  }),
];

const days = (min: number, max: number) => ({ min, max });
const bands = (...amounts: [maxGrams: number, amount: number][]) => ({
  type: 'weight' as const,
  bands: amounts.map(([maxGrams, amount]) => ({ maxGrams, amount })),
});

const EU = ['AT', 'BE', 'DE', 'ES', 'FR', 'IE', 'IT', 'NL'];

const ZONES: ShippingZone[] = [
  {
    id: 'us',
    name: 'United States',
    areas: [{ country: 'US', regions: null }],
    methods: [
      { id: 'us-standard', title: 'Standard', rate: bands([1_000, 500], [3_000, 800], [20_000, 1_400]), freeAbove: 7_500, estimatedDays: days(3, 5) },
      { id: 'us-express', title: 'Express', rate: { type: 'flat', amount: 2_500 }, freeAbove: null, estimatedDays: days(1, 2) },
    ],
  },
  {
    id: 'ca',
    name: 'Canada',
    areas: [{ country: 'CA', regions: null }],
    methods: [
      { id: 'ca-standard', title: 'Standard', rate: bands([1_000, 900], [3_000, 1_400], [20_000, 2_200]), freeAbove: null, estimatedDays: days(4, 8) },
      { id: 'ca-express', title: 'Express', rate: { type: 'flat', amount: 3_000 }, freeAbove: null, estimatedDays: days(2, 3) },
    ],
  },
  {
    id: 'uk',
    name: 'United Kingdom',
    areas: [{ country: 'GB', regions: null }],
    methods: [
      { id: 'uk-standard', title: 'Standard', rate: { type: 'flat', amount: 800 }, freeAbove: null, estimatedDays: days(3, 6) },
      { id: 'uk-express', title: 'Express', rate: { type: 'flat', amount: 2_000 }, freeAbove: null, estimatedDays: days(2, 3) },
    ],
  },
  {
    id: 'eu',
    name: 'European Union',
    areas: EU.map((country) => ({ country, regions: null })),
    methods: [
      { id: 'eu-standard', title: 'Standard', rate: bands([1_000, 1_200], [3_000, 1_800], [20_000, 3_000]), freeAbove: null, estimatedDays: days(5, 9) },
    ],
  },
];

const rate = (country: string, region: string | null, title: string, percent: number, appliesToShipping: boolean): TaxRate => ({
  country,
  region,
  title,
  rate: Math.round(percent * 1_000) / 100_000,
  appliesToShipping,
});

/** State sales tax (no local rates); shipping is taxed where the state taxes separately stated delivery. */
const US_STATES: [state: string, percent: number, taxesShipping: boolean][] = [
  ['AL', 4, true], ['AZ', 5.6, false], ['AR', 6.5, true], ['CA', 7.25, false], ['CO', 2.9, false], ['CT', 6.35, true],
  ['FL', 6, true], ['GA', 4, true], ['HI', 4, true], ['ID', 6, false], ['IL', 6.25, false], ['IN', 7, true],
  ['IA', 6, false], ['KS', 6.5, true], ['KY', 6, true], ['LA', 4.45, false], ['ME', 5.5, false], ['MD', 6, false],
  ['MA', 6.25, false], ['MI', 6, true], ['MN', 6.875, true], ['MS', 7, true], ['MO', 4.225, false], ['NE', 5.5, true],
  ['NV', 6.85, false], ['NJ', 6.625, true], ['NM', 4.875, true], ['NY', 4, true], ['NC', 4.75, true], ['ND', 5, true],
  ['OH', 5.75, true], ['OK', 4.5, false], ['PA', 6, true], ['RI', 7, true], ['SC', 6, true], ['SD', 4.2, true],
  ['TN', 7, true], ['TX', 6.25, true], ['UT', 6.1, true], ['VT', 6, true], ['VA', 5.3, false], ['WA', 6.5, true],
  ['WV', 6, true], ['WI', 5, true], ['WY', 4, false], ['DC', 6, false],
];

/** GST or HST on goods and shipping; provincial sales taxes on goods only. */
const CANADA: [province: string, title: string, percent: number, taxesShipping: boolean][] = [
  ['AB', 'GST', 5, true], ['BC', 'GST', 5, true], ['BC', 'PST', 7, false], ['MB', 'GST', 5, true], ['MB', 'RST', 7, false],
  ['NB', 'HST', 15, true], ['NL', 'HST', 15, true], ['NS', 'HST', 14, true], ['NT', 'GST', 5, true], ['NU', 'GST', 5, true],
  ['ON', 'HST', 13, true], ['PE', 'HST', 15, true], ['QC', 'GST', 5, true], ['QC', 'QST', 9.975, true],
  ['SK', 'GST', 5, true], ['SK', 'PST', 6, false], ['YT', 'GST', 5, true],
];

/** Standard VAT rates, charged on shipping too. */
const VAT: [country: string, percent: number][] = [
  ['AT', 20], ['BE', 21], ['DE', 19], ['ES', 21], ['FR', 20], ['IE', 23], ['IT', 22], ['NL', 21], ['GB', 20],
];

const TAX_RATES: TaxRate[] = [
  ...US_STATES.map(([state, percent, shipping]) => rate('US', state, `${state} sales tax`, percent, shipping)),
  ...CANADA.map(([province, title, percent, shipping]) => rate('CA', province, title, percent, shipping)),
  ...VAT.map(([country, percent]) => rate(country, null, 'VAT', percent, true)),
];

export const DEMO_STORE_RULES: SeedStoreRules = {
  pricesIncludeTax: false,
  promotions: PROMOTIONS,
  zones: ZONES,
  taxRates: TAX_RATES,
};
