import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { price } from './price';
import { tableTaxCalculator } from './table-tax';
import { NOW, line, promotion } from './test-fixtures';
import type { Destination, PriceInput, Promotion, ShippingMethod, ShippingZone, TaxRate } from './types';

const COUNTRIES = ['US', 'DE', 'CA'];
const REGIONS = ['CA', 'NY', 'BC', 'ON'];
const CATEGORIES = ['apparel', 'kitchen', 'books'];
const CODES = ['SAVE', 'SHIP', 'BOGO', 'HALF', 'FIXED'];
const HOUR = 3_600_000;

const amount = fc.oneof(
  { arbitrary: fc.integer({ min: 0, max: 10_000 }), weight: 4 },
  { arbitrary: fc.integer({ min: 0, max: 100_000_000 }), weight: 1 },
);
/** null two times in three: bounds and limits that are usually absent. */
const sometimes = <T>(arbitrary: fc.Arbitrary<T>) =>
  fc.oneof({ arbitrary: fc.constant(null), weight: 2 }, { arbitrary, weight: 1 });

const lines = fc
  .array(
    fc.record({
      unitPrice: amount,
      quantity: fc.integer({ min: 1, max: 20 }),
      categorySlug: fc.constantFrom(...CATEGORIES),
      weightGrams: fc.integer({ min: 0, max: 1_000 }),
    }),
    { minLength: 1, maxLength: 8 },
  )
  .map((specs) => specs.map((spec, i) => line(`SKU-${i}`, spec.unitPrice, spec.quantity, spec)));

const valueAndType = fc.oneof(
  fc.record({ type: fc.constant('percentage' as const), value: fc.integer({ min: 1, max: 100 }) }),
  fc.record({
    type: fc.constant('fixed' as const),
    value: fc.oneof(fc.integer({ min: 1, max: 5_000 }), fc.integer({ min: 1, max: 10_000_000 })),
  }),
  fc.record({ type: fc.constant('free_shipping' as const), value: fc.constant(0) }),
  fc.record({
    type: fc.constant('buy_x_get_y' as const),
    value: fc.integer({ min: 1, max: 100 }),
    buyQuantity: fc.integer({ min: 1, max: 3 }),
    getQuantity: fc.integer({ min: 1, max: 2 }),
  }),
);

const promotions = fc
  .array(
    fc.record({
      kind: valueAndType,
      code: fc.option(fc.constantFrom(...CODES)),
      target: fc.oneof(
        fc.constant('order' as const),
        fc.record({ category: fc.constantFrom(...CATEGORIES) }),
        fc.record({
          skus: fc.uniqueArray(
            fc.integer({ min: 0, max: 9 }).map((i) => `SKU-${i}`),
            { minLength: 1, maxLength: 4 },
          ),
        }),
      ),
      minSubtotal: sometimes(fc.integer({ min: 0, max: 50_000 })),
      startsAt: sometimes(fc.integer({ min: -2, max: 2 }).map((h) => NOW + h * HOUR)),
      endsAt: sometimes(fc.integer({ min: -1, max: 3 }).map((h) => NOW + h * HOUR)),
      combinesWith: fc.record({ product: fc.boolean(), order: fc.boolean(), shipping: fc.boolean() }),
      enabled: fc.integer({ min: 0, max: 4 }).map((n) => n > 0),
    }),
    { minLength: 1, maxLength: 6 },
  )
  .map((specs) => specs.map(({ kind, ...spec }, i): Promotion => promotion(`promo-${i}`, { ...spec, ...kind })));

const method = (id: string): fc.Arbitrary<ShippingMethod> =>
  fc.record({
    id: fc.constant(id),
    title: fc.constant(id),
    rate: fc.oneof(
      fc.record({ type: fc.constant('flat' as const), amount: fc.integer({ min: 0, max: 5_000 }) }),
      fc.record({
        type: fc.constant('weight' as const),
        bands: fc
          .uniqueArray(fc.integer({ min: 1, max: 20_000 }), { minLength: 1, maxLength: 3 })
          .chain((limits) =>
            fc.tuple(
              ...limits
                .sort((a, b) => a - b)
                .map((maxGrams) =>
                  fc.record({ maxGrams: fc.constant(maxGrams), amount: fc.integer({ min: 0, max: 5_000 }) }),
                ),
            ),
          ),
      }),
    ),
    freeAbove: sometimes(fc.integer({ min: 0, max: 50_000 })),
    estimatedDays: fc.constant({ min: 1, max: 3 }),
  });

const zones: fc.Arbitrary<ShippingZone[]> = fc.integer({ min: 1, max: 3 }).chain((count) =>
  fc.tuple(
    ...Array.from({ length: count }, (_, z) =>
      fc.record({
        id: fc.constant(`zone-${z}`),
        name: fc.constant(`Zone ${z}`),
        areas: fc.array(
          fc.record({
            country: fc.constantFrom(...COUNTRIES),
            regions: sometimes(fc.subarray(REGIONS, { minLength: 1 })),
          }),
          { minLength: 1, maxLength: 3 },
        ),
        methods: fc.tuple(...[0, 1, 2].map((m) => method(`z${z}-m${m}`))),
      }),
    ),
  ),
);

const ratePpm = fc.integer({ min: 0, max: 300_000 }).map((ppm) => ppm / 1_000_000);

const rates: fc.Arbitrary<TaxRate[]> = fc.array(
  fc.record({
    country: fc.constantFrom(...COUNTRIES),
    region: sometimes(fc.constantFrom(...REGIONS)),
    title: fc.constantFrom('VAT', 'GST', 'PST', 'Sales tax'),
    rate: ratePpm,
    appliesToShipping: fc.boolean(),
  }),
  { maxLength: 4 },
);

const destination: fc.Arbitrary<Destination | null> = fc.option(
  fc.record({ country: fc.constantFrom(...COUNTRIES, 'JP'), region: fc.option(fc.constantFrom(...REGIONS)) }),
);

const inputs: fc.Arbitrary<PriceInput> = fc
  .record({
    lines,
    destination,
    codes: fc.array(fc.constantFrom(...CODES, 'NOPE'), { maxLength: 6 }),
    shippingOptionId: fc.option(fc.constantFrom('z0-m0', 'z0-m2', 'z1-m1', 'gone')),
    promotions,
    zones,
    rates,
    taxIncluded: fc.boolean(),
  })
  .map(({ promotions, zones, rates, taxIncluded, ...rest }) => ({
    currency: 'usd',
    now: NOW,
    ...rest,
    rules: { promotions, zones, taxIncluded, tax: tableTaxCalculator(rates) },
  }));

const RUNS = { numRuns: 500 };

describe('price: properties', () => {
  it('total = subtotal − discountTotal + shipping (+ tax when exclusive), never negative', async () => {
    await fc.assert(
      fc.asyncProperty(inputs, async (input) => {
        const cart = await price(input);
        const tax = cart.taxIncluded ? 0 : cart.taxTotal;
        expect(cart.total).toBe(cart.subtotal - cart.discountTotal + (cart.shipping ?? 0) + tax);
        expect(cart.total).toBeGreaterThanOrEqual(0);
      }),
      RUNS,
    );
  });

  it('allocations sum to each line discount (shipping ones have none), and no line loses more than its total', async () => {
    await fc.assert(
      fc.asyncProperty(inputs, async (input) => {
        const cart = await price(input);
        const allocated = new Map<string, number>();
        for (const discount of cart.discounts) {
          expect(discount.amount).toBeGreaterThanOrEqual(0);
          if (discount.class === 'shipping') expect(discount.allocations).toEqual([]);
          else expect(discount.allocations.reduce((total, a) => total + a.amount, 0)).toBe(discount.amount);
          for (const { sku, amount } of discount.allocations) allocated.set(sku, (allocated.get(sku) ?? 0) + amount);
        }
        for (const l of cart.lines) {
          expect(l.discount).toBe(allocated.get(l.sku) ?? 0);
          expect(l.discount).toBeLessThanOrEqual(l.lineTotal);
        }
        expect(cart.discountTotal).toBe(cart.discounts.reduce((total, d) => total + d.amount, 0));
        const shippingOff = cart.discounts.filter((d) => d.class === 'shipping').reduce((t, d) => t + d.amount, 0);
        expect(shippingOff).toBeLessThanOrEqual(cart.shipping ?? 0);
      }),
      RUNS,
    );
  });

  it('free-above is judged on the product and order discounts that were applied', async () => {
    await fc.assert(
      fc.asyncProperty(inputs, async (input) => {
        const cart = await price(input);
        const methods = new Map(input.rules.zones.flatMap((zone) => zone.methods.map((m) => [m.id, m])));
        const lineDiscounts = cart.lines.reduce((total, l) => total + l.discount, 0);
        for (const option of cart.shippingOptions ?? []) {
          const { freeAbove } = methods.get(option.id)!;
          if (freeAbove !== null && cart.subtotal - lineDiscounts >= freeAbove) expect(option.amount).toBe(0);
        }
        expect(cart.shipping).toBe(cart.shippingOptions?.find((o) => o.id === cart.shippingOption)?.amount ?? null);
      }),
      RUNS,
    );
  });

  it('taxes are never negative and sum to taxTotal', async () => {
    await fc.assert(
      fc.asyncProperty(inputs, async (input) => {
        const cart = await price(input);
        for (const l of cart.lines) expect(l.tax).toBeGreaterThanOrEqual(0);
        for (const t of cart.taxes) expect(t.amount).toBeGreaterThanOrEqual(0);
        expect(cart.taxTotal).toBe(cart.taxes.reduce((total, t) => total + t.amount, 0));
      }),
      RUNS,
    );
  });

  // With one rate r, exclusive tax T = round(N·r) and inclusive tax round((N + T)·r / (1 + r)) = T
  // always (docs/pricing.md, "Inclusive and exclusive agree"). Gross lines have quantity 1 so
  // N + T need not divide by a quantity.
  it('inclusive and exclusive agree on the net: gross N + tax priced inclusive has that tax inside', async () => {
    const oneRate = fc.record({ lines, promotions, rate: ratePpm, country: fc.constantFrom(...COUNTRIES) });
    await fc.assert(
      fc.asyncProperty(oneRate, async ({ lines, promotions, rate, country }) => {
        const rates = [{ country, region: null, title: 'Tax', rate, appliesToShipping: false }];
        const base = {
          currency: 'usd',
          destination: { country, region: null },
          codes: CODES,
          shippingOptionId: null,
          now: NOW,
        };
        const tax = tableTaxCalculator(rates);
        const net = await price({ ...base, lines, rules: { promotions, zones: [], taxIncluded: false, tax } });
        const gross = net.lines.map((l) => line(l.sku, l.lineTotal - l.discount + l.tax));
        const included = await price({
          ...base,
          lines: gross,
          rules: { promotions: [], zones: [], taxIncluded: true, tax },
        });
        expect(included.lines.map((l) => l.tax)).toEqual(net.lines.map((l) => l.tax));
      }),
      RUNS,
    );
  });

  it('is deterministic and leaves its input as it was', async () => {
    await fc.assert(
      fc.asyncProperty(inputs, async (input) => {
        const { tax, ...rules } = input.rules;
        const before = structuredClone({ ...input, rules });
        const first = await price(input);
        expect(await price(input)).toEqual(first);
        expect({ ...input, rules: { ...input.rules, tax: undefined } }).toEqual({
          ...before,
          rules: { ...before.rules, tax: undefined },
        });
        expect(input.rules.tax).toBe(tax);
      }),
      RUNS,
    );
  });
});
