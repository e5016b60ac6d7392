import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Cart } from '../worker/cart/types';
import { skuPool } from './checkout-helpers';
import { admin, expectError } from './helpers';
import { Shopper } from './shopper';

let take: Awaited<ReturnType<typeof skuPool>>;

beforeAll(async () => {
  take = await skuPool();
});

const usd = (amount: number) => ({ amount, currency: 'usd' });

const OREGON = { name: 'Ada Lovelace', line1: '1 Main Street', city: 'Portland', region: 'OR', postalCode: '97201', country: 'US' };
const CALIFORNIA = { name: 'Grace Hopper', line1: '2 Ocean Ave', city: 'Los Angeles', region: 'California', postalCode: '90001', country: 'US' };

async function cartOf(res: Response): Promise<Cart> {
  expect(res.status, await res.clone().text()).toBe(200);
  return (await res.json()) as Cart;
}

const putAddress = (shopper: Shopper, address: unknown) => shopper.fetch('PUT', '/api/cart/shipping-address', address);
const applyCode = (shopper: Shopper, code: unknown) => shopper.fetch('POST', '/api/cart/discounts', { code });

/** What the cart and its object hold, to show a refused write changed nothing. */
const snapshot = async (shopper: Shopper) => JSON.stringify(await shopper.cart());

describe('the priced cart', () => {
  it('without an address: no shipping options, no tax, total = subtotal − discounts ("calculated at checkout")', async () => {
    const a = await take(10);
    const shopper = new Shopper();
    const cart = await shopper.added(a.sku, 2);
    expect(cart).toMatchObject({
      subtotal: usd(a.price * 2),
      shippingAddress: null,
      shippingOptions: [],
      shippingOption: null,
      shipping: null,
      taxes: [],
      taxIncluded: false,
      total: usd(a.price * 2),
    });
  });

  it('with an address: the zone’s options cheapest first, the cheapest chosen, state tax on the lines, total adds up', async () => {
    const a = await take(10);
    const shopper = new Shopper();
    await shopper.added(a.sku, 1);
    const cart = await cartOf(await putAddress(shopper, CALIFORNIA));
    // The state's name is stored as its ISO 3166-2 code.
    expect(cart.shippingAddress).toMatchObject({ region: 'CA', country: 'US', postalCode: '90001' });
    expect(cart.shippingOptions.map((o) => o.id)).toEqual(expect.arrayContaining(['us-standard', 'us-express']));
    const amounts = cart.shippingOptions.map((o) => o.amount.amount);
    expect(amounts).toEqual([...amounts].sort((x, y) => x - y));
    expect(cart.shippingOption).toBe(cart.shippingOptions[0]!.id);
    // California taxes goods at 7.25 % and not delivery (the seeded rule).
    expect(cart.taxes).toEqual([{ title: 'CA sales tax', rate: 0.0725, amount: usd(Math.floor((a.price * 725 * 2 + 10_000) / 20_000)) }]);
    expect(cart.total.amount).toBe(cart.subtotal.amount + cart.shipping!.amount + cart.taxTotal.amount);

    const express = await cartOf(await shopper.fetch('PUT', '/api/cart/shipping-option', { id: 'us-express' }));
    expect(express.shippingOption).toBe('us-express');
    expect(express.shipping).toEqual(usd(2_500));
    expect(express.total.amount).toBe(express.subtotal.amount + 2_500 + express.taxTotal.amount);
  });

  it('Canada: GST and PST are two tax lines; shipping carries GST but not PST', async () => {
    const a = await take(10);
    const shopper = new Shopper();
    await shopper.added(a.sku, 1);
    const cart = await cartOf(
      await putAddress(shopper, { name: 'Jo Tremblay', line1: '5 Granville St', city: 'Vancouver', region: 'BC', postalCode: 'v6b1a1', country: 'ca' }),
    );
    expect(cart.shippingAddress).toMatchObject({ country: 'CA', postalCode: 'V6B 1A1' });
    expect(cart.taxes.map((t) => [t.title, t.rate])).toEqual([
      ['GST', 0.05],
      ['PST', 0.07],
    ]);
    const half = (n: number, rate: number) => Math.floor((2 * n * rate + 1) / 2);
    const gst = half(a.price, 0.05) + half(cart.shipping!.amount, 0.05);
    expect(cart.taxes[0]!.amount.amount).toBe(gst);
    expect(cart.taxes[1]!.amount.amount).toBe(half(a.price, 0.07));
  });

  it('WELCOME10 takes 10 % off the order, allocated over the lines; removing it gives it back', async () => {
    const a = await take(10);
    const b = await take(10);
    const shopper = new Shopper();
    await shopper.added(a.sku, 1);
    await shopper.added(b.sku, 2);
    const cart = await cartOf(await applyCode(shopper, ' welcome10 '));
    const subtotal = a.price + b.price * 2;
    const off = Math.floor((subtotal * 10 * 2 + 100) / 200);
    expect(cart.discounts).toEqual([{ code: 'WELCOME10', title: '10% off your order', amount: usd(off) }]);
    expect(cart.codes).toEqual([{ code: 'WELCOME10', applied: true, reason: null }]);
    expect(cart.items.reduce((sum, i) => sum + i.discount.amount, 0)).toBe(off);
    expect(cart.total).toEqual(usd(subtotal - off));

    const again = await expectError(await applyCode(shopper, 'WELCOME10'), 409, 'discount_rejected');
    expect(again.error).toMatchObject({ reason: 'already_applied' });

    const removed = await cartOf(await shopper.fetch('DELETE', '/api/cart/discounts/welcome10'));
    expect(removed.discounts).toEqual([]);
    expect(removed.total).toEqual(usd(subtotal));
  });

  it('refuses codes that do not apply with 409 discount_rejected and a reason, writing nothing', async () => {
    // Below FREESHIP's $50 minimum (taken from the end of the catalog, away from the pool's SKUs).
    const cheap = (await env.DB.prepare(
      "select v.sku, v.price from variants v join products p on p.id = v.product_id join categories c on c.id = p.category_id where v.price < 5000 and c.slug != 'socks' order by v.id desc limit 1",
    ).first<{ sku: string; price: number }>())!;
    await env.INVENTORY.getByName(cheap.sku).setOnHand(10);
    const shopper = new Shopper();
    await shopper.added(cheap.sku, 1);
    const before = await snapshot(shopper);
    const unknown = await expectError(await applyCode(shopper, 'NOPE2026'), 409, 'discount_rejected');
    expect(unknown.error).toMatchObject({ reason: 'unknown', discountCode: 'NOPE2026' });
    expect(await snapshot(shopper)).toBe(before);
    const minimum = await expectError(await applyCode(shopper, 'FREESHIP'), 409, 'discount_rejected');
    expect(minimum.error).toMatchObject({ reason: 'min_subtotal' });
    expect(await snapshot(shopper)).toBe(before);
  });

  it('an automatic promotion applies itself: socks, buy 2 get 1 free', async () => {
    const sock = await env.DB.prepare(
      "select v.sku, v.price from variants v join products p on p.id = v.product_id join categories c on c.id = p.category_id where c.slug = 'socks' order by v.id desc limit 1",
    ).first<{ sku: string; price: number }>();
    if (!sock) throw new Error('the seed has no socks');
    await env.INVENTORY.getByName(sock.sku).setOnHand(10);
    const shopper = new Shopper();
    const two = await shopper.added(sock.sku, 2);
    expect(two.discounts).toEqual([]);
    const three = await shopper.added(sock.sku, 1);
    expect(three.discounts).toEqual([{ code: null, title: 'Socks: buy 2, get 1 free', amount: usd(sock.price) }]);
    expect(three.total).toEqual(usd(sock.price * 2));
  });
});

describe('bad input: 4xx with the error shape, nothing written', () => {
  it.each<[string, unknown]>([
    ['an unknown country', { ...OREGON, country: 'XX' }],
    ['UK instead of GB', { ...OREGON, country: 'UK', postalCode: 'SW1A 1AA', region: undefined }],
    ['a ZIP code that is not one', { ...OREGON, postalCode: 'ABCDE' }],
    ['a US address without its state', { ...OREGON, region: undefined }],
    ['a 5,000-character line', { ...OREGON, line1: 'x'.repeat(5_000) }],
    ['a NUL byte', { ...OREGON, name: 'Ada\u0000Lovelace' }],
    ['HTML', { ...OREGON, line1: '<script>alert(1)</script>' }],
    ['an unknown field', { ...OREGON, price: 0 }],
    ['a bad phone number', { ...OREGON, phone: '12' }],
  ])('a shipping address with %s → 400 with issues', async (_label, address) => {
    const a = await take(10);
    const shopper = new Shopper();
    await shopper.added(a.sku, 1);
    const before = await snapshot(shopper);
    const body = await expectError(await putAddress(shopper, address), 400, 'invalid_request');
    expect(body.error.issues!.length).toBeGreaterThan(0);
    expect(await snapshot(shopper)).toBe(before);
  });

  it('an address in a country nothing ships to → 409 no_shipping_zone, not stored', async () => {
    const a = await take(10);
    const shopper = new Shopper();
    await shopper.added(a.sku, 1);
    const before = await snapshot(shopper);
    const body = await expectError(
      await putAddress(shopper, { name: 'Ken Sato', line1: '1-1 Chiyoda', city: 'Tokyo', postalCode: '100-0001', country: 'JP' }),
      409,
      'conflict',
    );
    expect(body.error).toMatchObject({ reason: 'no_shipping_zone', country: 'JP' });
    expect(await snapshot(shopper)).toBe(before);
  });

  it.each<[string, unknown]>([
    ['spaces', 'WELCOME 10'],
    ['a Cyrillic look-alike', 'WЕLCOME10'],
    ['300 characters', 'A'.repeat(300)],
    ['SQL', "'; DROP TABLE promotions; --"],
    ['a NUL byte', 'WELCOME\u000010'],
    ['a number', 10],
  ])('a code with %s → 400', async (_label, code) => {
    const a = await take(10);
    const shopper = new Shopper();
    await shopper.added(a.sku, 1);
    const before = await snapshot(shopper);
    await expectError(await applyCode(shopper, code), 400, 'invalid_request');
    expect(await snapshot(shopper)).toBe(before);
  });

  it('a shipping option from another zone, or without an address → 409, not stored', async () => {
    const a = await take(10);
    const shopper = new Shopper();
    await shopper.added(a.sku, 1);
    const none = await expectError(await shopper.fetch('PUT', '/api/cart/shipping-option', { id: 'us-express' }), 409, 'conflict');
    expect(none.error).toMatchObject({ reason: 'address_required' });
    await cartOf(await putAddress(shopper, OREGON));
    const before = await snapshot(shopper);
    const other = await expectError(await shopper.fetch('PUT', '/api/cart/shipping-option', { id: 'eu-standard' }), 409, 'conflict');
    expect(other.error).toMatchObject({ reason: 'shipping_option_unavailable' });
    await expectError(await shopper.fetch('PUT', '/api/cart/shipping-option', { id: 'US EXPRESS' }), 400, 'invalid_request');
    expect(await snapshot(shopper)).toBe(before);
  });
});

describe('tax-inclusive prices (EU-style)', () => {
  it('the total is the gross price, the VAT portion is shown, and it agrees with the exclusive net', async () => {
    const a = await take(10);
    const rates = await (await admin('GET', '/tax')).json<{ pricesIncludeTax: boolean; rates: unknown[] }>();
    const put = (pricesIncludeTax: boolean) => admin('PUT', '/tax', { ...rates, pricesIncludeTax });
    const shopper = new Shopper();
    await shopper.added(a.sku, 1);
    const germany = { name: 'Emmy Noether', line1: 'Bunsenstraße 3', city: 'Göttingen', postalCode: '37073', country: 'DE' };
    try {
      expect((await put(true)).status).toBe(200);
      const cart = await cartOf(await putAddress(shopper, germany));
      expect(cart.taxIncluded).toBe(true);
      const goodsVat = Math.floor((2 * a.price * 19 + 119) / 238);
      const shippingVat = Math.floor((2 * cart.shipping!.amount * 19 + 119) / 238);
      expect(cart.taxes).toEqual([{ title: 'VAT', rate: 0.19, amount: usd(goodsVat + shippingVat) }]);
      expect(cart.total).toEqual(usd(a.price + cart.shipping!.amount));
    } finally {
      await put(false);
    }
  });
});
