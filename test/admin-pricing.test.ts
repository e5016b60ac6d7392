import { SELF, env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import type { SeedCatalog } from '../scripts/seed/generate';
import type { Cart } from '../worker/cart/types';
import { CATALOG_VERSION_KEY } from '../worker/catalog/version';
import { ORIGIN, admin, expectError, seedCatalog } from './helpers';
import { ADDRESS, checkedOut } from './checkout-helpers';
import { Shopper } from './shopper';

let catalog: SeedCatalog;
let nextSku = 0;

beforeAll(async () => {
  catalog = await seedCatalog(20);
});

const json = async <T = any>(res: Response): Promise<T> => {
  expect(res.ok, `${res.status} ${await res.clone().text()}`).toBe(true);
  return (await res.json()) as T;
};
const read = <T = any>(path: string) => admin('GET', path).then((res) => json<T>(res));
const version = () => env.CONFIG.get(CATALOG_VERSION_KEY);

/** Everything the pricing admin can write: a refused write changes none of it. */
const snapshot = async () => ({
  promotions: await read('/promotions'),
  zones: await read('/shipping-zones'),
  tax: await read('/tax'),
});

/**
 * Runs writes that must be refused, and checks they changed nothing an admin can read, nor bumped the
 * catalog version. The version lives in KV, which test files running beside this one share (a stock
 * hint consumer there may bump it at any moment), so a moved version is checked again: refusals are
 * repeatable, and refusals that bumped it would bump it on every try.
 */
async function writesNothing(refusals: () => Promise<unknown>) {
  const moved: string[] = [];
  for (let attempt = 1; attempt <= 4; attempt++) {
    const before = await snapshot();
    const versionBefore = await version();
    await refusals();
    expect(await snapshot()).toEqual(before);
    const versionAfter = await version();
    if (versionAfter === versionBefore) return;
    moved.push(`${versionBefore} -> ${versionAfter}`);
  }
  throw new Error(`the catalog version moved on every run of the refused writes: ${moved.join(', ')}`);
}

/** 400 invalid_request listing the bad fields, and nothing written. */
const invalid = (path: string, body: unknown) =>
  writesNothing(async () => {
    const answer = await expectError(await admin('PUT', path, body), 400, 'invalid_request');
    expect(answer.error.issues!.length).toBeGreaterThan(0);
  });

/** A shopper with one unit of a SKU no other test uses (an $X line of the seed), optionally shipping to Portland. */
async function shopper({ address = false } = {}) {
  const variant = catalog.products.flatMap((p) => p.variants)[nextSku++]!;
  await env.INVENTORY.getByName(variant.sku).setOnHand(10);
  const s = new Shopper();
  await s.added(variant.sku, 1);
  if (address) expect((await s.fetch('PUT', '/api/cart/shipping-address', ADDRESS)).status).toBe(200);
  return s;
}

/** A write answered 200 that moved the catalog version on. */
async function bumped(write: () => Promise<Response>) {
  const before = await version();
  const res = await write();
  expect(res.status, await res.clone().text()).toBeLessThan(300);
  expect(await version()).not.toBe(before);
  return res.status === 204 ? null : res.json();
}

describe('auth', () => {
  it.each([
    ['GET', '/promotions'],
    ['GET', '/promotions/welcome10'],
    ['PUT', '/promotions/x'],
    ['DELETE', '/promotions/welcome10'],
    ['GET', '/shipping-zones'],
    ['GET', '/shipping-zones/us'],
    ['PUT', '/shipping-zones/us'],
    ['DELETE', '/shipping-zones/us'],
    ['GET', '/tax'],
    ['PUT', '/tax'],
  ])('%s %s answers 401 without the bearer token, and changes nothing', async (method, path) => {
    await writesNothing(async () => {
      for (const authorization of [undefined, 'Bearer wrong', 'Basic dGVzdDp0ZXN0']) {
        const res = await SELF.fetch(`${ORIGIN}/admin/api${path}`, {
          method,
          headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) },
          body: method === 'PUT' ? JSON.stringify({ code: 'X', type: 'percentage', value: 10, target: 'order' }) : undefined,
        });
        await expectError(res, 401, 'unauthorized');
      }
    });
  });
});

const SAVE10 = { code: 'SAVE10', type: 'percentage', value: 10, target: 'order', usageLimit: 3 };

const FULL = {
  code: 'SOCKS3',
  title: 'Three pairs, one free',
  type: 'buy_x_get_y',
  value: 100,
  target: { category: 'socks' },
  buyQuantity: 2,
  getQuantity: 1,
  minSubtotal: 1500,
  startsAt: '2026-01-01T00:00:00.000Z',
  endsAt: '2030-01-01T00:00:00.000Z',
  usageLimit: 50,
  perCustomerLimit: 2,
  combinesWith: { order: true, product: false, shipping: true },
  enabled: false,
};

describe('promotions', () => {
  it('lists the seeded promotions by id, each with its uses', async () => {
    const { items } = await read('/promotions');
    expect(items.map((p: { id: string }) => p.id)).toEqual(['freeship', 'launch20', 'socks-3-for-2', 'welcome10']);
    expect(items.find((p: { id: string }) => p.id === 'welcome10')).toMatchObject({ code: 'WELCOME10', type: 'percentage', value: 10, uses: 0, enabled: true });
  });

  it("takes the contract's smallest body and fills in the rest", async () => {
    const saved = await bumped(() => admin('PUT', '/promotions/save10', SAVE10));
    expect(saved).toEqual({
      id: 'save10',
      ...SAVE10,
      title: '10% off',
      combinesWith: { order: false, product: false, shipping: false },
      enabled: true,
      uses: 0,
    });
    expect(await read('/promotions/save10')).toEqual(saved);
  });

  it('round-trips every field, and takes its own GET back unchanged', async () => {
    const saved = await bumped(() => admin('PUT', '/promotions/socks3', FULL));
    expect(saved).toEqual({ id: 'socks3', ...FULL, uses: 0 });
    const got = await read('/promotions/socks3');
    expect(got).toEqual(saved);
    expect(await bumped(() => admin('PUT', '/promotions/socks3', got))).toEqual(got);
    expect(await read('/promotions/socks3')).toEqual(got);
    // The list answers the same document.
    expect((await read('/promotions')).items).toContainEqual(got);
  });

  it('deletes with 204, then 404 for it', async () => {
    await json(await admin('PUT', '/promotions/short-lived', { ...SAVE10, code: 'SHORT' }));
    expect(await bumped(() => admin('DELETE', '/promotions/short-lived'))).toBeNull();
    await expectError(await admin('GET', '/promotions/short-lived'), 404, 'not_found');
    await expectError(await admin('DELETE', '/promotions/short-lived'), 404, 'not_found');
    await expectError(await admin('GET', '/promotions/Not_An_Id'), 400, 'invalid_request');
  });

  it('refuses a code another promotion has, in any case, with 409 code_taken', async () => {
    await writesNothing(async () => {
      for (const code of ['WELCOME10', 'welcome10', ' Welcome10 ']) {
        const body = await expectError(await admin('PUT', '/promotions/copycat', { ...SAVE10, code }), 409, 'conflict');
        expect(body.error).toMatchObject({ reason: 'code_taken' });
        expect(body.error.message).toContain('welcome10');
      }
    });
    // Editing a promotion under its own code is not a clash.
    await json(await admin('PUT', '/promotions/welcome10', (await read('/promotions/welcome10')) as object));
  });

  it('gives a new code to one of several promotions saved at once, and 409 to the rest', async () => {
    const ids = ['race-a', 'race-b', 'race-c', 'race-d'];
    const answers = await Promise.all(ids.map((id) => admin('PUT', `/promotions/${id}`, { ...SAVE10, code: 'RACE' })));
    expect(answers.map((r) => r.status).sort()).toEqual([200, 409, 409, 409]);
    const winners = (await read('/promotions')).items.filter((p: { code: string }) => p.code === 'RACE');
    expect(winners).toHaveLength(1);
    await Promise.all(ids.map((id) => admin('DELETE', `/promotions/${id}`)));
  });

  it('prices the next cart answer with the new promotion, and stops when it is disabled or deleted', async () => {
    const s = await shopper();
    await json(await admin('PUT', '/promotions/fresh15', { code: 'FRESH15', type: 'percentage', value: 15, target: 'order' }));
    const applied = await json<Cart>(await s.fetch('POST', '/api/cart/discounts', { code: 'fresh15' }));
    const off = (cart: Cart, percent: number) => Math.abs(cart.discountTotal.amount - (cart.subtotal.amount * percent) / 100);
    expect(applied.discounts).toEqual([{ code: 'FRESH15', title: '15% off', amount: expect.any(Object) }]);
    expect(off(applied, 15)).toBeLessThanOrEqual(1);

    const promotion = await read('/promotions/fresh15');
    await json(await admin('PUT', '/promotions/fresh15', { ...promotion, value: 20 }));
    expect(off(await s.cart(), 20)).toBeLessThanOrEqual(1);

    await json(await admin('PUT', '/promotions/fresh15', { ...promotion, enabled: false }));
    expect((await s.cart()).discounts).toEqual([]);
    expect((await admin('DELETE', '/promotions/fresh15')).status).toBe(204);
    const other = await shopper();
    const refused = await expectError(await other.fetch('POST', '/api/cart/discounts', { code: 'FRESH15' }), 409, 'discount_rejected');
    expect(refused.error).toMatchObject({ reason: 'unknown' });
  });

  const bad: [string, Record<string, unknown>][] = [
    ['a negative percentage', { value: -10 }],
    ['more than 100 %', { value: 101 }],
    ['0 %', { value: 0 }],
    ['a fractional value', { value: 10.5 }],
    ['a fixed 0', { type: 'fixed', value: 0 }],
    ['a negative fixed amount', { type: 'fixed', value: -500 }],
    ['free shipping with a value', { type: 'free_shipping', value: 10 }],
    ['an end before the start', { startsAt: '2026-06-01T00:00:00Z', endsAt: '2026-05-01T00:00:00Z' }],
    ['an end equal to the start', { startsAt: '2026-06-01T00:00:00Z', endsAt: '2026-06-01T00:00:00Z' }],
    ['a date that is no date', { startsAt: 'tomorrow' }],
    ['the 30th of February', { startsAt: '2026-02-30T00:00:00Z' }],
    ['month 13', { endsAt: '2026-13-01T00:00:00Z' }],
    ['a date without a time zone', { startsAt: '2026-06-01T00:00:00' }],
    ['a timestamp number', { startsAt: 1767225600000 }],
    ['a code with a space', { code: 'SAVE 10' }],
    ['an empty code', { code: '' }],
    ['a Cyrillic look-alike', { code: 'SАVE10' }],
    ['a dotless i', { code: 'GıFT' }],
    ['300 characters', { code: 'A'.repeat(300) }],
    ['SQL', { code: "'; drop table promotions; --" }],
    ['a NUL byte in the code', { code: 'SAVE\u000010' }],
    ['a NUL byte in the title', { title: 'Save\u0000 now' }],
    ['HTML in the title', { title: '<img src=x onerror=alert(1)>' }],
    ['an empty title', { title: '  ' }],
    ['an unknown field', { price: 1 }],
    ['a read-only field of another type', { uses: 'many' }],
    ['an unknown combinesWith class', { combinesWith: { everything: true } }],
    ['buy_x_get_y without quantities', { type: 'buy_x_get_y', value: 100 }],
    ['buy_x_get_y without getQuantity', { type: 'buy_x_get_y', value: 100, buyQuantity: 2 }],
    ['quantities on a percentage', { buyQuantity: 2, getQuantity: 1 }],
    ['usageLimit 0', { usageLimit: 0 }],
    ['perCustomerLimit 0', { perCustomerLimit: 0 }],
    ['a negative minSubtotal', { minSubtotal: -1 }],
    ['an unknown type', { type: 'bogof' }],
    ['an unknown target', { target: 'everything' }],
    ['a category that is no slug', { target: { category: 'Socks & More' } }],
    ['no SKUs', { target: { skus: [] } }],
    ['a lower-case SKU', { target: { skus: ['tee-1'] } }],
    ['a missing code', { code: undefined }],
  ];
  it.each(bad)('refuses %s with 400 issues and writes nothing', (_, change) => invalid('/promotions/save10', { ...SAVE10, ...change }));

  it('keeps SQL in a title as text', async () => {
    const title = "Robert'); drop table promotions; --";
    expect(await json(await admin('PUT', '/promotions/bobby', { ...SAVE10, code: 'BOBBY', title }))).toMatchObject({ title });
    expect((await read('/promotions')).items.length).toBeGreaterThan(4);
  });

  it('refuses a body that is not JSON or not an object', async () => {
    await writesNothing(async () => {
      await expectError(await admin('PUT', '/promotions/save10', '{"code":'), 400, 'invalid_request');
      await expectError(await admin('PUT', '/promotions/save10', '[]'), 400, 'invalid_request');
      await expectError(await admin('PUT', '/promotions/save10', JSON.stringify(SAVE10), { 'content-type': 'text/plain' }), 415, 'unsupported_media_type');
    });
  });
});

const ZONE = {
  name: 'Oceania',
  areas: [
    { country: 'NZ', regions: null },
    { country: 'AU', regions: ['NSW', 'VIC'] },
  ],
  methods: [
    { id: 'oc-standard', title: 'Standard', rate: { type: 'weight', bands: [{ maxGrams: 1000, amount: 1500 }, { maxGrams: 5000, amount: 2900 }] }, freeAbove: 20000, estimatedDays: { min: 6, max: 12 } },
    { id: 'oc-express', title: 'Express', rate: { type: 'flat', amount: 4500 }, freeAbove: null, estimatedDays: { min: 3, max: 5 } },
  ],
};

describe('shipping zones', () => {
  it('lists the seeded zones in matching order', async () => {
    const { items } = await read('/shipping-zones');
    expect(items.map((z: { id: string }) => z.id)).toEqual(['us', 'ca', 'uk', 'eu']);
  });

  it('round-trips a zone, and takes its own GET back unchanged', async () => {
    const saved = await bumped(() => admin('PUT', '/shipping-zones/oceania', ZONE));
    expect(saved).toEqual({ id: 'oceania', ...ZONE });
    const got = await read('/shipping-zones/oceania');
    expect(got).toEqual(saved);
    expect(await bumped(() => admin('PUT', '/shipping-zones/oceania', got))).toEqual(got);
    // Optional fields may be left out as well as sent as null.
    const { regions: _, ...wholeCountry } = ZONE.areas[0]!;
    const { freeAbove: __, ...noFreeAbove } = ZONE.methods[1]!;
    expect(await json(await admin('PUT', '/shipping-zones/oceania', { ...ZONE, areas: [wholeCountry, ZONE.areas[1]], methods: [ZONE.methods[0], noFreeAbove] }))).toEqual(got);
    expect((await read('/shipping-zones')).items.at(-1)).toEqual(got);
  });

  it('deletes with 204, then 404 for it', async () => {
    expect(await bumped(() => admin('DELETE', '/shipping-zones/oceania'))).toBeNull();
    await expectError(await admin('GET', '/shipping-zones/oceania'), 404, 'not_found');
    await expectError(await admin('DELETE', '/shipping-zones/oceania'), 404, 'not_found');
  });

  it('refuses a method id another zone has with 409 method_id_taken', async () => {
    await writesNothing(async () => {
      const methods = [{ ...ZONE.methods[1], id: 'us-express' }];
      const body = await expectError(await admin('PUT', '/shipping-zones/copycat', { ...ZONE, methods }), 409, 'conflict');
      expect(body.error).toMatchObject({ reason: 'method_id_taken' });
    });
  });

  it("shows a changed rate in the cart's shippingOptions at once", async () => {
    const s = await shopper({ address: true });
    const express = () => s.cart().then((c) => c.shippingOptions.find((o) => o.id === 'us-express')?.amount.amount);
    expect(await express()).toBe(2500);
    const us = await read('/shipping-zones/us');
    const edited = { ...us, methods: us.methods.map((m: { id: string }) => (m.id === 'us-express' ? { ...m, rate: { type: 'flat', amount: 1999 } } : m)) };
    await json(await admin('PUT', '/shipping-zones/us', edited));
    expect(await express()).toBe(1999);
    await json(await admin('PUT', '/shipping-zones/us', us));
    expect(await express()).toBe(2500);
  });

  const method = ZONE.methods[1]!;
  const bad: [string, Record<string, unknown>][] = [
    ['a three-letter country', { areas: [{ country: 'usa' }] }],
    ['a country with a digit', { areas: [{ country: 'U1' }] }],
    ['a lower-case country', { areas: [{ country: 'us' }] }],
    ['a country ISO never assigned', { areas: [{ country: 'UK' }] }],
    ['a region that is no subdivision code', { areas: [{ country: 'CA', regions: ['Ontario'] }] }],
    ["a region that is not one of the country's", { areas: [{ country: 'US', regions: ['CA', 'ZZ'] }] }],
    ['a region where addresses name none', { areas: [{ country: 'DE', regions: ['BY'] }] }],
    ['an empty list of regions', { areas: [{ country: 'CA', regions: [] }] }],
    ['no areas', { areas: [] }],
    ['no methods', { methods: [] }],
    ['bands that decrease', { methods: [{ ...method, rate: { type: 'weight', bands: [{ maxGrams: 3000, amount: 800 }, { maxGrams: 1000, amount: 500 }] } }] }],
    ['bands that repeat a weight', { methods: [{ ...method, rate: { type: 'weight', bands: [{ maxGrams: 1000, amount: 500 }, { maxGrams: 1000, amount: 800 }] } }] }],
    ['no bands', { methods: [{ ...method, rate: { type: 'weight', bands: [] } }] }],
    ['min days above max', { methods: [{ ...method, estimatedDays: { min: 5, max: 2 } }] }],
    ['duplicate method ids', { methods: [method, { ...method, title: 'Again' }] }],
    ['a negative amount', { methods: [{ ...method, rate: { type: 'flat', amount: -1 } }] }],
    ['an amount in dollars', { methods: [{ ...method, rate: { type: 'flat', amount: 12.5 } }] }],
    ['an upper-case method id', { methods: [{ ...method, id: 'Express' }] }],
    ['HTML in a method title', { methods: [{ ...method, title: '<b>Fast</b>' }] }],
    ['an unknown rate type', { methods: [{ ...method, rate: { type: 'distance', amount: 5 } }] }],
    ['an unknown field', { priority: 1 }],
    ['no name', { name: '' }],
  ];
  it.each(bad)('refuses %s with 400 issues and writes nothing', (_, change) => invalid('/shipping-zones/us', { ...ZONE, ...change }));
});

describe('tax', () => {
  it('answers the seeded table and setting, and takes its own GET back unchanged', async () => {
    const tax = await read('/tax');
    expect(tax.pricesIncludeTax).toBe(false);
    expect(tax.rates).toContainEqual({ country: 'US', region: 'CA', title: 'CA sales tax', rate: 0.0725, appliesToShipping: false });
    expect(tax.rates).toContainEqual({ country: 'CA', region: 'QC', title: 'QST', rate: 0.09975, appliesToShipping: true });
    expect(tax.rates).toContainEqual({ country: 'DE', region: null, title: 'VAT', rate: 0.19, appliesToShipping: true });
    expect(await bumped(() => admin('PUT', '/tax', tax))).toEqual(tax);
    expect(await read('/tax')).toEqual(tax);
  });

  it('taxes the next cart answer with a new rate, and includes tax when told to', async () => {
    const s = await shopper({ address: true });
    expect((await s.cart()).taxes).toEqual([]); // Oregon has no sales tax in the seed
    const tax = await read('/tax');
    const oregon = { country: 'US', region: 'OR', title: 'OR test tax', rate: 0.123456, appliesToShipping: false };
    await json(await admin('PUT', '/tax', { ...tax, rates: [...tax.rates, oregon] }));
    const cart = await s.cart();
    expect(cart.taxes).toEqual([{ title: 'OR test tax', rate: 0.123456, amount: expect.any(Object) }]);
    expect(cart.taxes[0]!.amount.amount).toBeGreaterThan(0);
    expect(cart.taxIncluded).toBe(false);

    await json(await admin('PUT', '/tax', { ...tax, pricesIncludeTax: true, rates: [...tax.rates, oregon] }));
    expect(await read('/tax')).toMatchObject({ pricesIncludeTax: true });
    expect((await s.cart()).taxIncluded).toBe(true);
    await json(await admin('PUT', '/tax', tax));
    expect((await s.cart()).taxes).toEqual([]);
  });

  const rate = { country: 'US', region: 'OR', title: 'OR sales tax', rate: 0.05, appliesToShipping: false };
  const bad: [string, unknown][] = [
    ['a rate above 1', [{ ...rate, rate: 1.5 }]],
    ['a percentage for a fraction', [{ ...rate, rate: 5 }]],
    ['a negative rate', [{ ...rate, rate: -0.05 }]],
    ['seven decimals', [{ ...rate, rate: 0.1234567 }]],
    ['a rate as a string', [{ ...rate, rate: '0.05' }]],
    ['the same country, region and title twice', [rate, { ...rate, rate: 0.06 }]],
    ['a whole-country rate twice (null and left out)', [{ ...rate, region: null }, { country: 'US', title: 'OR sales tax', rate: 0.06 }]],
    ['a three-letter country', [{ ...rate, country: 'USA' }]],
    ['a country ISO never assigned', [{ ...rate, country: 'UK', region: null }]],
    ["a region that is not one of the country's", [{ ...rate, region: 'ZZ' }]],
    ['a region where addresses name none', [{ ...rate, country: 'DE', region: 'BY' }]],
    ['HTML in a title', [{ ...rate, title: '<i>tax</i>' }]],
    ['an unknown field', [{ ...rate, compound: true }]],
  ];
  it('accepts the rate the next cases spoil', async () => {
    const tax = await read('/tax');
    expect(await json(await admin('PUT', '/tax', { pricesIncludeTax: false, rates: [rate] }))).toEqual({ pricesIncludeTax: false, rates: [rate] });
    await json(await admin('PUT', '/tax', tax));
  });

  it.each(bad)('refuses %s with 400 issues and writes nothing', (_, rates) => invalid('/tax', { pricesIncludeTax: false, rates }));

  it('refuses settings without the inclusive flag', () => invalid('/tax', { rates: [] }));
  it('refuses settings with unknown fields', () => invalid('/tax', { pricesIncludeTax: false, rates: [], currency: 'usd' }));
});

describe('the admin order list', () => {
  it("shows each order's address on one line, its shipping method, discounts and taxes beside the total", async () => {
    const s = await shopper();
    await json(await s.fetch('POST', '/api/cart/discounts', { code: 'WELCOME10' }));
    const address = { ...ADDRESS, city: 'Los Angeles', region: 'CA', postalCode: '90001' };
    const { orderId } = await checkedOut(s, 'lister@example.com', {}, { shippingAddress: address });
    const { items } = await read('/orders?limit=10');
    const order = items.find((o: { id: string }) => o.id === orderId);
    expect(order).toMatchObject({
      email: 'lister@example.com',
      shipTo: 'Ada Lovelace, 1 Main Street, Los Angeles, CA 90001, United States',
      shippingAddress: { city: 'Los Angeles', region: 'CA', country: 'US' },
      shippingMethod: { id: expect.stringMatching(/^us-/), title: expect.any(String) },
      discounts: [{ code: 'WELCOME10', title: '10% off your order', amount: { amount: expect.any(Number), currency: 'usd' } }],
      taxes: [{ title: 'CA sales tax', rate: 0.0725, amount: { amount: expect.any(Number), currency: 'usd' } }],
      taxIncluded: false,
    });
    const amount = (key: string) => (order[key] as { amount: number }).amount;
    expect(amount('discountTotal')).toBeGreaterThan(0);
    expect(amount('taxTotal')).toBeGreaterThan(0);
    expect(amount('total')).toBe(amount('subtotal') - amount('discountTotal') + amount('shipping') + amount('taxTotal'));
  });
});
