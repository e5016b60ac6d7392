import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import {
  normalizeCode,
  promotionBodySchema,
  promotionFromBody,
  shippingZoneBodySchema,
  shippingZoneFromBody,
  taxSettingsBodySchema,
  taxSettingsFromBody,
} from './schemas';
import { promotion } from './test-fixtures';

const SAVE10 = { code: 'SAVE10', type: 'percentage', value: 10, target: 'order', usageLimit: 3 };
const BOGO = {
  code: 'BOGO',
  type: 'buy_x_get_y',
  value: 100,
  target: { category: 'socks' },
  buyQuantity: 2,
  getQuantity: 1,
};
const ZONE = {
  name: 'United States',
  areas: [{ country: 'US' }, { country: 'CA', regions: ['BC', 'ON'] }],
  methods: [
    {
      id: 'standard',
      title: 'Standard',
      rate: { type: 'flat', amount: 700 },
      freeAbove: 10_000,
      estimatedDays: { min: 3, max: 5 },
    },
    {
      id: 'by-weight',
      title: 'Parcel',
      rate: {
        type: 'weight',
        bands: [
          { maxGrams: 1000, amount: 900 },
          { maxGrams: 5000, amount: 1500 },
        ],
      },
      estimatedDays: { min: 2, max: 4 },
    },
  ],
};
const TAX = {
  pricesIncludeTax: false,
  rates: [
    { country: 'CA', title: 'GST', rate: 0.05, appliesToShipping: true },
    { country: 'CA', region: 'BC', title: 'PST', rate: 0.07 },
  ],
};

const HOSTILE = [
  '',
  ' ',
  'x'.repeat(5_000),
  'a\u0000b',
  '<script>alert(1)</script>',
  "'; DROP TABLE promotions; --",
  'СКИДКА',
];

/** The paths of the issues a schema reports, or 'ok'; anything but a zod result is a failure here. */
function issues(schema: z.ZodType, body: unknown): string[] | 'ok' {
  const result = schema.safeParse(body);
  return result.success ? 'ok' : result.error.issues.map((issue) => issue.path.join('.'));
}

function expectIssueAt(schema: z.ZodType, body: unknown, path: string) {
  const result = issues(schema, body);
  expect(result).not.toBe('ok');
  expect(result).toContain(path);
}

describe('promotionBodySchema', () => {
  it('needs no more than code, type, value and target, and fills in the rest', () => {
    const body = promotionBodySchema.parse(SAVE10);
    expect(promotionFromBody('promo_1', body)).toEqual(
      promotion('promo_1', { code: 'SAVE10', title: '10% off', usageLimit: 3 }),
    );
  });

  it('takes what the admin API answers back, ignoring its id and uses', () => {
    const body = promotionBodySchema.parse({ ...SAVE10, id: 'another', uses: 7 });
    expect(promotionFromBody('promo_1', body)).toEqual(promotionFromBody('promo_1', promotionBodySchema.parse(SAVE10)));
  });

  it.each([
    [{ ...SAVE10, code: ' save-10_x ' }, { code: 'SAVE-10_X' }],
    [
      { ...SAVE10, code: null, title: '  Summer sale ' },
      { code: null, title: 'Summer sale' },
    ],
    [{ ...SAVE10, type: 'fixed', value: 500 }, { title: '5.00 off' }],
    [{ ...SAVE10, type: 'free_shipping', value: 0 }, { title: 'Free shipping' }],
    [BOGO, { title: 'Buy 2, get 1 free', buyQuantity: 2, getQuantity: 1, target: { category: 'socks' } }],
    [{ ...BOGO, value: 50 }, { title: 'Buy 2, get 1 at 50% off' }],
    [
      {
        ...SAVE10,
        startsAt: '2026-11-27T00:00:00Z',
        endsAt: '2026-11-28T01:00:00+01:00',
        combinesWith: { shipping: true },
      },
      {
        startsAt: Date.UTC(2026, 10, 27),
        endsAt: Date.UTC(2026, 10, 28),
        combinesWith: { product: false, order: false, shipping: true },
      },
    ],
    [
      { ...SAVE10, target: { skus: ['TEE-M', 'MUG'] }, minSubtotal: 0, enabled: false },
      { minSubtotal: 0, enabled: false },
    ],
  ])('accepts %j', (input, expected) => {
    expect(promotionFromBody('p', promotionBodySchema.parse(input))).toMatchObject(expected);
  });

  it.each<[string, Record<string, unknown>, string]>([
    ['a code with a space', { code: 'SAVE 10' }, 'code'],
    ['a code with Cyrillic look-alikes', { code: 'SАVЕ10' }, 'code'],
    ['a code that upper-cases into ASCII from elsewhere', { code: 'ſave10' }, 'code'],
    ['a 300-character code', { code: 'A'.repeat(300) }, 'code'],
    ['a code of SQL', { code: "' OR 1=1 --" }, 'code'],
    ['a code starting with a hyphen', { code: '-SAVE' }, 'code'],
    ['an empty code', { code: '   ' }, 'code'],
    ['a negative value', { value: -10 }, 'value'],
    ['a percentage of 0', { value: 0 }, 'value'],
    ['a percentage over 100', { value: 101 }, 'value'],
    ['a fractional percentage', { value: 12.5 }, 'value'],
    ['a fixed amount of 0', { type: 'fixed', value: 0 }, 'value'],
    ['a fractional fixed amount', { type: 'fixed', value: 99.5 }, 'value'],
    ['free shipping with a value', { type: 'free_shipping', value: 5 }, 'value'],
    ['buy x get y without quantities', { type: 'buy_x_get_y', value: 100 }, 'buyQuantity'],
    ['buy x get y without a get quantity', { type: 'buy_x_get_y', value: 100, buyQuantity: 2 }, 'getQuantity'],
    ['buy x get y with a get quantity of 0', { ...BOGO, getQuantity: 0 }, 'getQuantity'],
    ['buy x get y over 100 %', { ...BOGO, value: 101 }, 'value'],
    ['buy x get y at 0 %', { ...BOGO, value: 0 }, 'value'],
    ['quantities on a percentage', { buyQuantity: 1 }, 'buyQuantity'],
    ['an end equal to the start', { startsAt: '2026-11-27T00:00:00Z', endsAt: '2026-11-27T01:00:00+01:00' }, 'endsAt'],
    ['an end before the start', { startsAt: '2026-11-27T00:00:00Z', endsAt: '2026-11-26T00:00:00Z' }, 'endsAt'],
    ['a date that is not ISO 8601', { startsAt: 'next tuesday' }, 'startsAt'],
    ['a day that does not exist', { startsAt: '2026-02-30T00:00:00Z' }, 'startsAt'],
    ['epoch milliseconds for a date', { endsAt: 1_790_000_000_000 }, 'endsAt'],
    ['a usage limit of 0', { usageLimit: 0 }, 'usageLimit'],
    ['a fractional usage limit', { usageLimit: 1.5 }, 'usageLimit'],
    ['a per-customer limit of 0', { perCustomerLimit: 0 }, 'perCustomerLimit'],
    ['a negative minimum subtotal', { minSubtotal: -1 }, 'minSubtotal'],
    ['an empty SKU list', { target: { skus: [] } }, 'target.skus'],
    ['101 SKUs', { target: { skus: Array.from({ length: 101 }, (_, i) => `SKU-${i}`) } }, 'target'],
    ['a lower-case SKU', { target: { skus: ['tee-m'] } }, 'target.skus.0'],
    ['a repeated SKU', { target: { skus: ['TEE', 'TEE'] } }, 'target.skus'],
    ['a category that is not a slug', { target: { category: 'Hats & Caps' } }, 'target.category'],
    ['a 65-character category', { target: { category: 'a'.repeat(65) } }, 'target.category'],
    ['a target of both', { target: { category: 'hats', skus: ['TEE'] } }, 'target'],
    ['a target by name', { target: 'everything' }, 'target'],
    ['HTML in the title', { title: 'Sale <img src=x onerror=alert(1)>' }, 'title'],
    ['a NUL in the title', { title: 'Sale\u0000' }, 'title'],
    ['a 5,000-character title', { title: 'x'.repeat(5_000) }, 'title'],
    ['a blank title', { title: '  ' }, 'title'],
    ['a value as a string', { value: '10' }, 'value'],
    ['enabled as a string', { enabled: 'yes' }, 'enabled'],
    ['an unknown combination class', { combinesWith: { everything: true } }, 'combinesWith'],
    ['an unknown field', { price: 100 }, ''],
    ['uses that are no count', { uses: 'many' }, 'uses'],
    ['no code field at all', { code: undefined }, 'code'],
  ])('rejects %s', (_name, change, path) => expectIssueAt(promotionBodySchema, { ...SAVE10, ...change }, path));
});

describe('normalizeCode', () => {
  it.each([
    [' save10\n', 'SAVE10'],
    ['Summer_Sale-2026', 'SUMMER_SALE-2026'],
    ['SAVE 10', null],
    ['SАVE10', null],
    ['ıNDIRIM', null],
    ['x'.repeat(33), null],
    ['', null],
    ['SAVE10\u0000', null],
  ])('%j → %j', (raw, expected) => {
    expect(normalizeCode(raw)).toBe(expected);
  });
});

describe('shippingZoneBodySchema', () => {
  it('accepts a zone and fills in nulls', () => {
    const zone = shippingZoneFromBody('zone_1', shippingZoneBodySchema.parse(ZONE));
    expect(zone).toMatchObject({
      id: 'zone_1',
      areas: [
        { country: 'US', regions: null },
        { country: 'CA', regions: ['BC', 'ON'] },
      ],
      methods: [
        { id: 'standard', freeAbove: 10_000 },
        { id: 'by-weight', freeAbove: null },
      ],
    });
  });

  it('takes what the admin API answers back: nulls for left-out fields, its id ignored', () => {
    const answered = shippingZoneFromBody('zone_1', shippingZoneBodySchema.parse(ZONE));
    expect(shippingZoneFromBody('zone_1', shippingZoneBodySchema.parse({ ...answered, id: 'another' }))).toEqual(answered);
  });

  const method = ZONE.methods[0]!;
  const withMethod = (change: Record<string, unknown>) => ({ ...ZONE, methods: [{ ...method, ...change }] });
  const byWeight = (...bands: [number, number][]) => ({
    type: 'weight',
    bands: bands.map(([maxGrams, amount]) => ({ maxGrams, amount })),
  });
  it.each<[string, unknown, string]>([
    ['a lower-case country', { ...ZONE, areas: [{ country: 'us' }] }, 'areas.0.country'],
    ['a three-letter country', { ...ZONE, areas: [{ country: 'USA' }] }, 'areas.0.country'],
    [
      'a region with its country prefix',
      { ...ZONE, areas: [{ country: 'US', regions: ['US-CA'] }] },
      'areas.0.regions.0',
    ],
    ['no areas', { ...ZONE, areas: [] }, 'areas'],
    ['301 areas', { ...ZONE, areas: Array.from({ length: 301 }, () => ({ country: 'US' })) }, 'areas'],
    ['no methods', { ...ZONE, methods: [] }, 'methods'],
    [
      '51 methods',
      { ...ZONE, methods: Array.from({ length: 51 }, (_, i) => ({ ...method, id: `m-${i}` })) },
      'methods',
    ],
    ['two methods with one id', { ...ZONE, methods: [method, method] }, 'methods'],
    ['a method id in upper case', withMethod({ id: 'Standard' }), 'methods.0.id'],
    ['HTML in a method title', withMethod({ title: '<b>Fast</b>' }), 'methods.0.title'],
    ['HTML in the name', { ...ZONE, name: 'US <script>' }, 'name'],
    ['a negative amount', withMethod({ rate: { type: 'flat', amount: -1 } }), 'methods.0.rate.amount'],
    ['an amount over 10,000,000', withMethod({ rate: { type: 'flat', amount: 10_000_001 } }), 'methods.0.rate.amount'],
    ['a fractional amount', withMethod({ rate: { type: 'flat', amount: 7.5 } }), 'methods.0.rate.amount'],
    ['an unknown rate type', withMethod({ rate: { type: 'free', amount: 0 } }), 'methods.0.rate.type'],
    ['bands with the same maxGrams', withMethod({ rate: byWeight([10, 1], [10, 2]) }), 'methods.0.rate.bands'],
    ['bands out of order', withMethod({ rate: byWeight([20, 1], [10, 2]) }), 'methods.0.rate.bands'],
    ['no bands', withMethod({ rate: { type: 'weight', bands: [] } }), 'methods.0.rate.bands'],
    [
      'estimated days the wrong way round',
      withMethod({ estimatedDays: { min: 5, max: 3 } }),
      'methods.0.estimatedDays',
    ],
    ['a negative free-above', withMethod({ freeAbove: -1 }), 'methods.0.freeAbove'],
    ['an unknown field', { ...ZONE, priority: 1 }, ''],
    ['a region of a country whose addresses have none', { ...ZONE, areas: [{ country: 'DE', regions: ['BY'] }] }, 'areas.0.regions.0'],
    ['a country ISO never assigned', { ...ZONE, areas: [{ country: 'UK' }] }, 'areas.0.country'],
  ])('rejects %s', (_name, body, path) => expectIssueAt(shippingZoneBodySchema, body, path));
});

describe('taxSettingsBodySchema', () => {
  it('accepts settings and fills in defaults', () => {
    expect(taxSettingsFromBody(taxSettingsBodySchema.parse(TAX))).toEqual({
      taxIncluded: false,
      rates: [
        { country: 'CA', region: null, title: 'GST', rate: 0.05, appliesToShipping: true },
        { country: 'CA', region: 'BC', title: 'PST', rate: 0.07, appliesToShipping: false },
      ],
    });
  });

  const withRate = (change: Record<string, unknown>) => ({ ...TAX, rates: [{ ...TAX.rates[0], ...change }] });
  it.each<[string, unknown, string]>([
    ['a rate over 1', withRate({ rate: 1.01 }), 'rates.0.rate'],
    ['a negative rate', withRate({ rate: -0.01 }), 'rates.0.rate'],
    ['a rate with seven decimals', withRate({ rate: 0.0725001 }), 'rates.0.rate'],
    ['a rate as a percentage string', withRate({ rate: '7.25%' }), 'rates.0.rate'],
    ['a lower-case region', withRate({ region: 'bc' }), 'rates.0.region'],
    ['HTML in a title', withRate({ title: 'GST<br>' }), 'rates.0.title'],
    [
      'a duplicate country, region and title',
      { ...TAX, rates: [TAX.rates[0], { ...TAX.rates[0], rate: 0.06 }] },
      'rates',
    ],
    [
      'a duplicate where null and absent regions meet',
      { ...TAX, rates: [TAX.rates[0], { ...TAX.rates[0], region: null }] },
      'rates',
    ],
    ['no pricesIncludeTax', { rates: [] }, 'pricesIncludeTax'],
    ['an unknown field on a rate', withRate({ compound: true }), 'rates.0'],
  ])('rejects %s', (_name, body, path) => expectIssueAt(taxSettingsBodySchema, body, path));

  it('accepts rates at the bounds', () => {
    expect(issues(taxSettingsBodySchema, withRate({ rate: 0 }))).toBe('ok');
    expect(issues(taxSettingsBodySchema, withRate({ rate: 1 }))).toBe('ok');
    expect(issues(taxSettingsBodySchema, withRate({ rate: 0.123456 }))).toBe('ok');
  });
});

describe('every schema', () => {
  const schemas: [string, z.ZodType, Record<string, unknown>][] = [
    ['promotion', promotionBodySchema, SAVE10],
    ['shipping zone', shippingZoneBodySchema, ZONE],
    ['tax settings', taxSettingsBodySchema, TAX],
  ];
  const hostile = fc.oneof(fc.anything(), fc.constantFrom(...HOSTILE), fc.string({ unit: 'binary' }));

  it.each(schemas)('%s: answers zod issues, never throws, whatever replaces a field', (_name, schema, valid) => {
    const changed = fc.record({ key: fc.constantFrom(...Object.keys(valid), 'extra'), value: hostile });
    fc.assert(
      fc.property(
        fc.oneof(
          hostile,
          changed.map(({ key, value }) => ({ ...valid, [key]: value })),
        ),
        (body) => {
          const result = schema.safeParse(body);
          if (!result.success) expect(result.error.issues.length).toBeGreaterThan(0);
        },
      ),
      { numRuns: 300 },
    );
  });
});
