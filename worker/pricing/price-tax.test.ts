import { describe, expect, it } from 'vitest';
import { price } from './price';
import { type CartInput, cart, line, promotion, rate } from './test-fixtures';

const taxes = (...list: [string, number, number][]) => list.map(([title, rate, amount]) => ({ title, rate, amount }));
const lineTaxes = (...amounts: number[]) => amounts.map((tax) => ({ tax }));

/** Each case: a cart (LINES: 2000, 5000, 2 × 1200; subtotal 9400) and what its price must include. */
const cases: [string, CartInput, Record<string, unknown>][] = [
  ['no destination: no tax', {}, { taxes: [], taxTotal: 0, lines: lineTaxes(0, 0, 0) }],
  [
    'US state sales tax, exclusive, rounded half up per line, shipping untaxed by its rule',
    { destination: { country: 'US', region: 'CA' } },
    {
      shipping: 400,
      lines: lineTaxes(145, 363, 174),
      taxes: taxes(['CA sales tax', 0.0725, 682]),
      taxTotal: 682,
      taxIncluded: false,
      total: 9400 + 400 + 682,
    },
  ],
  [
    'a state whose rule taxes shipping',
    { destination: { country: 'US', region: 'NY' } },
    {
      shipping: 700,
      lines: lineTaxes(80, 200, 96),
      taxes: taxes(['NY sales tax', 0.04, 376 + 28]),
      total: 9400 + 700 + 404,
    },
  ],
  [
    'a state without a rate',
    { destination: { country: 'US', region: 'OR' } },
    { taxes: [], taxTotal: 0, total: 9400 + 400 },
  ],
  [
    'EU VAT included in prices: the VAT portion, shipping included, total unchanged',
    { destination: { country: 'DE', region: null }, rules: { taxIncluded: true } },
    {
      shipping: 1500,
      lines: lineTaxes(319, 798, 383),
      taxes: taxes(['VAT', 0.19, 319 + 798 + 383 + 239]),
      taxTotal: 1739,
      taxIncluded: true,
      total: 9400 + 1500,
    },
  ],
  [
    'Canadian GST and PST both apply; GST alone on shipping',
    { destination: { country: 'CA', region: 'BC' } },
    {
      shipping: 1000,
      lines: lineTaxes(100 + 140, 250 + 350, 120 + 168),
      taxes: taxes(['GST', 0.05, 100 + 250 + 120 + 50], ['PST', 0.07, 140 + 350 + 168]),
      taxTotal: 1178,
      total: 9400 + 1000 + 1178,
    },
  ],
  [
    'a province without PST: GST only',
    { destination: { country: 'CA', region: 'ON' } },
    { taxes: taxes(['GST', 0.05, 470 + 50]) },
  ],
  [
    'rounding per line: 3 lines of 333 at 7.25 %',
    { destination: { country: 'US', region: 'CA' }, lines: [line('A', 333), line('B', 333), line('C', 333)] },
    { lines: lineTaxes(24, 24, 24), taxTotal: 72 },
  ],
  [
    'rounding per line: three halves round up to 3, where the sum would give 2',
    { destination: { country: 'CA', region: 'ON' }, lines: [line('A', 10), line('B', 10), line('C', 10)] },
    { lines: lineTaxes(1, 1, 1), taxes: taxes(['GST', 0.05, 3 + 50]) },
  ],
  [
    'tax on what is left after discounts; a zero-price line pays none',
    {
      destination: { country: 'US', region: 'CA' },
      lines: [line('TEE', 2000), line('FREEBIE', 0)],
      codes: ['SAVE10'],
      rules: { promotions: [promotion('save10', { code: 'SAVE10' })] },
    },
    {
      lines: [
        { discount: 200, tax: 131 },
        { lineTotal: 0, discount: 0, tax: 0 },
      ],
      total: 1800 + 400 + 131,
    },
  ],
  [
    'taxes with the same title and rate are summed, in the order first seen',
    {
      destination: { country: 'US', region: 'CA' },
      rules: {
        rates: [rate('US', 'CA', 'State', 0.06), rate('US', null, 'Federal', 0.01), rate('US', 'CA', 'State', 0.06)],
      },
    },
    { taxes: taxes(['State', 0.06, 1128], ['Federal', 0.01, 94]), taxTotal: 1222 },
  ],
];

describe('price: tax', () => {
  it.each(cases)('%s', async (_name, input, expected) => {
    expect(await price(cart(input))).toMatchObject(expected);
  });

  it('asks the calculator once, about every line and about shipping after shipping discounts', async () => {
    const requests: unknown[] = [];
    const input = cart({
      destination: { country: 'US', region: 'NY' },
      codes: ['SHIPFREE'],
      rules: { promotions: [promotion('shipfree', { code: 'SHIPFREE', type: 'free_shipping', value: 0 })] },
    });
    input.rules.tax = {
      async calculate(request) {
        requests.push(request);
        return { items: [] };
      },
    };
    expect(await price(input)).toMatchObject({ taxes: [], taxTotal: 0, total: 9400 });
    expect(requests).toEqual([
      {
        currency: 'usd',
        destination: { country: 'US', region: 'NY' },
        included: false,
        items: [
          { key: 'TEE', kind: 'line', amount: 2000 },
          { key: 'HOODIE', kind: 'line', amount: 5000 },
          { key: 'MUG', kind: 'line', amount: 2400 },
          { key: '#shipping', kind: 'shipping', amount: 0 },
        ],
      },
    ]);
  });
});
