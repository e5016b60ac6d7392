import { describe, expect, it } from 'vitest';
import { price } from './price';
import { type CartInput, LINES, NOW, cart, combines, line, promotion } from './test-fixtures';

const NY = { country: 'US', region: 'NY' };
const SAVE10 = promotion('save10', { code: 'SAVE10' });
const SHIPFREE = promotion('shipfree', { code: 'SHIPFREE', type: 'free_shipping', value: 0 });
/** Allocations by SKU, in line order. */
const shares = (bySku: Record<string, number>) => Object.entries(bySku).map(([sku, amount]) => ({ sku, amount }));
const EVERYTHING = shares({ TEE: 2000, HOODIE: 5000, MUG: 2400 });
const ok = (code: string) => ({ code, applied: true, reason: null });
const no = (code: string, reason: string) => ({ code, applied: false, reason });

/** Each case: a cart (LINES, subtotal 9400, unless it says otherwise) and what its price must include. */
const cases: [string, CartInput, Record<string, unknown>][] = [
  [
    'percentage off the order, spread over the lines by their amounts',
    { codes: ['SAVE10'], rules: { promotions: [SAVE10] } },
    {
      discounts: [
        {
          promotionId: 'save10',
          code: 'SAVE10',
          class: 'order',
          amount: 940,
          allocations: shares({ TEE: 200, HOODIE: 500, MUG: 240 }),
        },
      ],
      discountTotal: 940,
      total: 8460,
      codes: [ok('SAVE10')],
      lines: [{ discount: 200 }, { discount: 500 }, { discount: 240 }],
    },
  ],
  [
    'automatic percentage off a category',
    { rules: { promotions: [promotion('apparel15', { value: 15, target: { category: 'apparel' } })] } },
    {
      discounts: [
        {
          class: 'product',
          amount: 1050,
          allocations: shares({ TEE: 300, HOODIE: 750 }),
        },
      ],
      total: 8350,
      codes: [],
    },
  ],
  [
    'fixed amount off some SKUs',
    {
      codes: ['MUG10'],
      rules: {
        promotions: [promotion('mug10', { code: 'MUG10', type: 'fixed', value: 1000, target: { skus: ['MUG'] } })],
      },
    },
    { discounts: [{ class: 'product', amount: 1000, allocations: shares({ MUG: 1000 }) }], total: 8400 },
  ],
  [
    'fixed larger than the cart is capped at the lines',
    { codes: ['BIG'], rules: { promotions: [promotion('big', { code: 'BIG', type: 'fixed', value: 50_000 })] } },
    { discounts: [{ amount: 9400, allocations: EVERYTHING }], total: 0 },
  ],
  [
    'fixed larger than the cart still charges shipping and its tax',
    {
      destination: NY,
      codes: ['BIG'],
      rules: { promotions: [promotion('big', { code: 'BIG', type: 'fixed', value: 50_000 })] },
    },
    { discountTotal: 9400, shipping: 700, taxTotal: 28, total: 728 },
  ],
  [
    'free shipping takes the chosen option off, and shipping is then not taxed',
    { destination: NY, codes: ['SHIPFREE'], rules: { promotions: [SHIPFREE] } },
    {
      discounts: [{ promotionId: 'shipfree', class: 'shipping', amount: 700, allocations: [] }],
      shipping: 700,
      taxTotal: 376,
      total: 9776,
      codes: [ok('SHIPFREE')],
    },
  ],
  [
    'free shipping without a destination is applied with amount 0',
    { codes: ['SHIPFREE'], rules: { promotions: [SHIPFREE] } },
    { discounts: [{ class: 'shipping', amount: 0 }], shipping: null, total: 9400, codes: [ok('SHIPFREE')] },
  ],
  [
    'buy one get one at 50 %: the cheapest units of mixed prices, rounded per unit',
    {
      lines: [line('TEE', 2000, 2), line('HOODIE', 5000), line('SOCKS', 333)],
      codes: ['BOGO'],
      rules: {
        promotions: [
          promotion('bogo', { code: 'BOGO', type: 'buy_x_get_y', value: 50, buyQuantity: 1, getQuantity: 1 }),
        ],
      },
    },
    {
      subtotal: 9333,
      discounts: [
        {
          class: 'product',
          amount: 1167,
          allocations: shares({ TEE: 1000, SOCKS: 167 }),
        },
      ],
      total: 8166,
    },
  ],
  [
    'buy two get one free needs three units it targets',
    {
      codes: ['MUGS3'],
      rules: {
        promotions: [
          promotion('mugs3', {
            code: 'MUGS3',
            type: 'buy_x_get_y',
            value: 100,
            buyQuantity: 2,
            getQuantity: 1,
            target: { category: 'kitchen' },
          }),
        ],
      },
    },
    { discounts: [], total: 9400, codes: [no('MUGS3', 'not_applicable')] },
  ],
  [
    'a category absent from the cart',
    { codes: ['BOOKS'], rules: { promotions: [promotion('books', { code: 'BOOKS', target: { category: 'books' } })] } },
    { discounts: [], codes: [no('BOOKS', 'not_applicable')] },
  ],
  [
    'a minimum subtotal not reached',
    { codes: ['SAVE10'], rules: { promotions: [{ ...SAVE10, minSubtotal: 9401 }] } },
    { discounts: [], total: 9400, codes: [no('SAVE10', 'min_subtotal')] },
  ],
  [
    'a minimum subtotal reached exactly',
    { codes: ['SAVE10'], rules: { promotions: [{ ...SAVE10, minSubtotal: 9400 }] } },
    { discountTotal: 940, codes: [ok('SAVE10')] },
  ],
  [
    'a window not started yet',
    { codes: ['SAVE10'], rules: { promotions: [{ ...SAVE10, startsAt: NOW + 1 }] } },
    { discounts: [], codes: [no('SAVE10', 'not_started')] },
  ],
  [
    'a window that starts now and ends later',
    { codes: ['SAVE10'], rules: { promotions: [{ ...SAVE10, startsAt: NOW, endsAt: NOW + 1 }] } },
    { discountTotal: 940, codes: [ok('SAVE10')] },
  ],
  [
    'a window that ended now',
    { codes: ['SAVE10'], rules: { promotions: [{ ...SAVE10, endsAt: NOW }] } },
    { discounts: [], codes: [no('SAVE10', 'expired')] },
  ],
  [
    'an unknown code and a disabled one',
    { codes: ['NOPE', 'OFF'], rules: { promotions: [promotion('off', { code: 'OFF', enabled: false })] } },
    { discounts: [], codes: [no('NOPE', 'unknown'), no('OFF', 'unknown')] },
  ],
  [
    'a disabled automatic promotion does nothing',
    { rules: { promotions: [promotion('auto', { enabled: false })] } },
    { discounts: [], total: 9400 },
  ],
  [
    'a code entered twice counts once',
    { codes: ['SAVE10', 'SAVE10'], rules: { promotions: [SAVE10] } },
    { discountTotal: 940, codes: [ok('SAVE10')] },
  ],
  [
    'two order discounts: the larger wins when neither allows the other',
    { codes: ['SAVE10'], rules: { promotions: [promotion('auto5', { value: 5 }), SAVE10] } },
    { discounts: [{ promotionId: 'save10', amount: 940 }], codes: [ok('SAVE10')] },
  ],
  [
    'two order discounts: an entered code loses to a larger automatic one',
    { codes: ['SAVE5'], rules: { promotions: [promotion('auto10'), promotion('save5', { code: 'SAVE5', value: 5 })] } },
    { discounts: [{ promotionId: 'auto10', amount: 940 }], codes: [no('SAVE5', 'not_combinable')] },
  ],
  [
    'two order discounts: one allowing order discounts is not enough',
    {
      codes: ['SAVE10'],
      rules: { promotions: [promotion('auto5', { value: 5, combinesWith: combines('order') }), SAVE10] },
    },
    { discounts: [{ promotionId: 'save10' }] },
  ],
  [
    'two order discounts stack when both allow it, the second on what the first left',
    {
      codes: ['SAVE10'],
      rules: {
        promotions: [
          promotion('auto5', { value: 5, combinesWith: combines('order') }),
          { ...SAVE10, combinesWith: combines('order') },
        ],
      },
    },
    {
      discounts: [
        { promotionId: 'save10', amount: 940 },
        {
          promotionId: 'auto5',
          amount: 423,
          allocations: shares({ TEE: 90, HOODIE: 225, MUG: 108 }),
        },
      ],
      total: 8037,
    },
  ],
  [
    'order and free shipping without combinesWith: the larger wins',
    { destination: NY, codes: ['SAVE10', 'SHIPFREE'], rules: { promotions: [SAVE10, SHIPFREE] } },
    {
      discounts: [{ promotionId: 'save10' }],
      shipping: 700,
      taxTotal: 366,
      total: 9526,
      codes: [ok('SAVE10'), no('SHIPFREE', 'not_combinable')],
    },
  ],
  [
    'order and free shipping that allow each other both apply',
    {
      destination: NY,
      codes: ['SAVE10', 'SHIPFREE'],
      rules: {
        promotions: [
          { ...SAVE10, combinesWith: combines('shipping') },
          { ...SHIPFREE, combinesWith: combines('order') },
        ],
      },
    },
    {
      discounts: [{ amount: 940 }, { amount: 700 }],
      discountTotal: 1640,
      taxTotal: 338,
      total: 8798,
      codes: [ok('SAVE10'), ok('SHIPFREE')],
    },
  ],
  [
    'product before order even when the order discount ranks first',
    {
      codes: ['SAVE10'],
      rules: {
        promotions: [
          { ...SAVE10, combinesWith: combines('product') },
          promotion('apparel5', { value: 5, target: { category: 'apparel' }, combinesWith: combines('order') }),
        ],
      },
    },
    {
      discounts: [
        { promotionId: 'apparel5', class: 'product', amount: 350 },
        {
          promotionId: 'save10',
          class: 'order',
          amount: 905,
          allocations: shares({ TEE: 190, HOODIE: 475, MUG: 240 }),
        },
      ],
      lines: [{ discount: 290 }, { discount: 725 }, { discount: 240 }],
      total: 8145,
    },
  ],
  [
    'selection picks the larger of two codes',
    {
      codes: ['SAVE10', 'TENOFF'],
      rules: { promotions: [SAVE10, promotion('tenoff', { code: 'TENOFF', type: 'fixed', value: 1000 })] },
    },
    { discounts: [{ promotionId: 'tenoff', amount: 1000 }], codes: [no('SAVE10', 'not_combinable'), ok('TENOFF')] },
  ],
  [
    'on equal amounts an entered code beats an automatic promotion',
    { codes: ['SAVE10'], rules: { promotions: [promotion('auto940', { type: 'fixed', value: 940 }), SAVE10] } },
    { discounts: [{ promotionId: 'save10' }], codes: [ok('SAVE10')] },
  ],
  [
    'on equal amounts between automatic promotions the smaller id wins',
    { rules: { promotions: [promotion('b-auto'), promotion('a-auto')] } },
    { discounts: [{ promotionId: 'a-auto' }] },
  ],
  [
    'a zero-price line takes no share of a discount',
    { lines: [line('FREEBIE', 0), line('TEE', 2000)], codes: ['SAVE10'], rules: { promotions: [SAVE10] } },
    {
      discounts: [{ amount: 200, allocations: shares({ TEE: 200 }) }],
      lines: [{ lineTotal: 0, discount: 0 }, { discount: 200 }],
      total: 1800,
    },
  ],
  [
    'a discount with nothing left to take is listed with amount 0',
    {
      codes: ['BIG', 'SAVE10'],
      rules: {
        promotions: [
          promotion('big', { code: 'BIG', type: 'fixed', value: 50_000, combinesWith: combines('order') }),
          { ...SAVE10, combinesWith: combines('order') },
        ],
      },
    },
    {
      discounts: [
        { promotionId: 'big', amount: 9400 },
        { promotionId: 'save10', amount: 0, allocations: [] },
      ],
      total: 0,
      codes: [ok('BIG'), ok('SAVE10')],
    },
  ],
];

describe('price: promotions', () => {
  it.each(cases)('%s', async (_name, input, expected) => {
    const priced = await price(cart(input));
    expect(priced).toMatchObject(expected);
  });

  it('keeps the lines in input order with their totals', async () => {
    const priced = await price(cart());
    expect(priced.lines.map((l) => [l.sku, l.lineTotal])).toEqual(LINES.map((l) => [l.sku, l.unitPrice * l.quantity]));
    expect(priced).toMatchObject({
      subtotal: 9400,
      discounts: [],
      shippingOptions: null,
      taxes: [],
      taxTotal: 0,
      total: 9400,
    });
  });
});
