import { describe, expect, it } from 'vitest';
import { price } from './price';
import { type CartInput, cart, line, promotion } from './test-fixtures';

const NY = { country: 'US', region: 'NY' };
const option = (id: string, amount: number) => expect.objectContaining({ id, amount });
const SHIPFREE = promotion('shipfree', { code: 'SHIPFREE', type: 'free_shipping', value: 0 });
/** 10 400 in all, 200 g: over us-standard's free-above of 10 000. */
const OVER = [line('TEE', 2000), line('HOODIE', 5000), line('COAT', 3400)];

/** Each case: a cart (LINES: subtotal 9400, 1500 g, unless it says otherwise) and what its price must include. */
const cases: [string, CartInput, Record<string, unknown>][] = [
  [
    'no destination: shipping is not known yet',
    {},
    { shippingOptions: null, shippingOption: null, shipping: null, shippingRefusal: null },
  ],
  [
    'country zone: options cheapest first, the cheapest chosen',
    { destination: NY },
    {
      shippingOptions: [
        { id: 'us-standard', title: 'us-standard', amount: 700, estimatedDays: { min: 2, max: 5 } },
        { id: 'us-express', title: 'us-express', amount: 1500, estimatedDays: { min: 2, max: 5 } },
      ],
      shippingOption: 'us-standard',
      shipping: 700,
      shippingRefusal: null,
      total: 9400 + 700 + 376 + 28,
    },
  ],
  [
    'the chosen option when it is offered',
    { destination: NY, shippingOptionId: 'us-express' },
    { shippingOption: 'us-express', shipping: 1500 },
  ],
  [
    'a chosen option from another zone falls back to the cheapest',
    { destination: NY, shippingOptionId: 'west-ground' },
    { shippingOption: 'us-standard', shipping: 700 },
  ],
  [
    'a zone listing the region beats the country zone before it',
    { destination: { country: 'US', region: 'CA' } },
    { shippingOptions: [option('west-ground', 400)], shippingOption: 'west-ground', shipping: 400 },
  ],
  [
    'a destination without a region matches only country-wide areas',
    { destination: { country: 'US', region: null } },
    { shippingOption: 'us-standard' },
  ],
  [
    'no zone ships there',
    { destination: { country: 'JP', region: null } },
    { shippingOptions: [], shippingOption: null, shipping: null, shippingRefusal: 'no_zone', total: 9400 },
  ],
  [
    'weight: the first band that holds the order',
    { destination: { country: 'DE', region: null } },
    { shippingOptions: [option('eu-parcel', 1500), option('eu-express', 2500)], shipping: 1500 },
  ],
  [
    'weight: a light order takes the lower band',
    { destination: { country: 'FR', region: null }, lines: [line('TEE', 2000, 1, { weightGrams: 1000 })] },
    { shippingOptions: [option('eu-parcel', 900), option('eu-express', 2500)] },
  ],
  [
    'weight: over the last band the method is not offered',
    { destination: { country: 'DE', region: null }, lines: [line('ANVIL', 2000, 2, { weightGrams: 2600 })] },
    { shippingOptions: [option('eu-express', 2500)], shippingOption: 'eu-express' },
  ],
  [
    'weight: nothing left to offer',
    { destination: { country: 'NO', region: null }, lines: [line('ANVIL', 2000, 1, { weightGrams: 2001 })] },
    { shippingOptions: [], shippingOption: null, shipping: null, shippingRefusal: 'no_method' },
  ],
  [
    'free above a subtotal, and then cheapest',
    { destination: NY, lines: OVER },
    { shippingOptions: [option('us-standard', 0), option('us-express', 1500)], shipping: 0 },
  ],
  [
    'free above counts the subtotal after discounts',
    {
      destination: NY,
      lines: OVER,
      codes: ['SAVE10'],
      rules: { promotions: [promotion('save10', { code: 'SAVE10' })] },
    },
    { discountTotal: 1040, shipping: 700 },
  ],
  [
    'free shipping on an option already free is applied with amount 0',
    { destination: NY, lines: OVER, codes: ['SHIPFREE'], rules: { promotions: [SHIPFREE] } },
    {
      shipping: 0,
      discounts: [{ promotionId: 'shipfree', amount: 0 }],
      codes: [{ code: 'SHIPFREE', applied: true, reason: null }],
    },
  ],
  [
    'free shipping is worth what shipping costs after the other discounts: 0 once they keep the order over free-above',
    {
      destination: NY,
      lines: OVER,
      codes: ['SHIPFREE', 'OFF300'],
      rules: { promotions: [SHIPFREE, promotion('off300', { code: 'OFF300', type: 'fixed', value: 300 })] },
    },
    {
      discounts: [{ promotionId: 'off300', amount: 300 }],
      shipping: 0,
      codes: [
        { code: 'SHIPFREE', applied: false, reason: 'not_combinable' },
        { code: 'OFF300', applied: true, reason: null },
      ],
    },
  ],
  [
    'free shipping is worth the shipping the other discounts would cause, and shipping is quoted after the winners',
    {
      destination: NY,
      lines: [line('TEE', 2000), line('HOODIE', 5000), line('COAT', 3200)],
      codes: ['SHIPFREE', 'OFF300'],
      rules: { promotions: [SHIPFREE, promotion('off300', { code: 'OFF300', type: 'fixed', value: 300 })] },
    },
    {
      discounts: [{ promotionId: 'shipfree', amount: 0 }],
      shipping: 0,
      total: 10_200 + 408,
      codes: [
        { code: 'SHIPFREE', applied: true, reason: null },
        { code: 'OFF300', applied: false, reason: 'not_combinable' },
      ],
    },
  ],
];

describe('price: shipping', () => {
  it.each(cases)('%s', async (_name, input, expected) => {
    expect(await price(cart(input))).toMatchObject(expected);
  });
});
