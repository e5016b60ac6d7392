import { SELF, env, listDurableObjectIds, runDurableObjectAlarm, runInDurableObject } from 'cloudflare:test';
import { generateSignedCookie } from 'hono/cookie';
import { beforeAll, describe, expect, it } from 'vitest';
import type { SeedCatalog, SeedProduct } from '../scripts/seed/generate';
import type { Cart } from '../worker/cart/types';
import { ORIGIN, admin, expectError, get, newProduct, seedCatalog } from './helpers';
import { Shopper } from './shopper';

const SECRET = 'test-cart-cookie-secret-0123456789abcdef0123456789';
const CART_ID = /^cart_[A-Za-z0-9_-]{22}$/;

let catalog: SeedCatalog;
/** Every seeded variant, with its product, in a stable order; tests take disjoint slices of it. */
let skus: { sku: string; price: number; product: SeedProduct }[];
const usedSkus = new Set<string>();

/** SKUs no other test touches, each stocked with `onHand` units. */
async function freshSkus(n: number, onHand = 50) {
  const picked = skus.filter((s) => !usedSkus.has(s.sku)).slice(0, n);
  if (picked.length < n) throw new Error('the seed has too few SKUs for these tests');
  for (const s of picked) usedSkus.add(s.sku);
  await Promise.all(picked.map((s) => env.INVENTORY.getByName(s.sku).setOnHand(onHand)));
  return picked;
}

beforeAll(async () => {
  catalog = await seedCatalog(60);
  skus = catalog.products.flatMap((product) => product.variants.map((v) => ({ sku: v.sku, price: v.price, product })));
});

const linesOf = (s: Shopper) => s.cart().then((c) => c.items.map((i) => [i.sku, i.quantity]));
const cartObjects = async () => (await listDurableObjectIds(env.CART)).length;
const usd = (amount: number) => ({ amount, currency: 'usd' });

/** A cart with no lines, codes or address, as the contract answers it. */
const emptyCart = (id: string | null) => ({
  id,
  items: [],
  subtotal: usd(0),
  itemCount: 0,
  discounts: [],
  discountTotal: usd(0),
  codes: [],
  shippingAddress: null,
  shippingOptions: [],
  shippingOption: null,
  shipping: null,
  shippingRefusal: null,
  taxes: [],
  taxTotal: usd(0),
  taxIncluded: false,
  total: usd(0),
  email: null,
});

describe('GET /api/cart', () => {
  it('answers an empty cart without a cookie, creating no cart object and setting no cookie', async () => {
    const before = await cartObjects();
    const res = await get('/api/cart');
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('set-cookie')).toBeNull();
    expect(await res.json()).toEqual(emptyCart(null));
    expect(await cartObjects()).toBe(before);
  });
});

describe('the cart flow', () => {
  it('adds, merges, updates and removes lines, answering server prices and the same cart throughout', async () => {
    const [a, b] = await freshSkus(2);
    const shopper = new Shopper();

    const res = await shopper.add(a!.sku, 2);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const cookie = res.headers.get('set-cookie')!;
    expect(cookie).toMatch(/^cart=[^;]+; Max-Age=2592000; Path=\/; HttpOnly; SameSite=Lax$/);
    let cart = (await res.json()) as Cart;
    expect(cart.id).toMatch(CART_ID);
    expect(cart.id).toBe(shopper.cartId);
    expect(cart).toEqual({
      ...emptyCart(cart.id),
      items: [
        {
          sku: a!.sku,
          productSlug: a!.product.slug,
          title: a!.product.title,
          variantTitle: a!.product.variants.find((v) => v.sku === a!.sku)!.title,
          quantity: 2,
          unitPrice: usd(a!.price),
          lineTotal: usd(a!.price * 2),
          discount: usd(0),
        },
      ],
      subtotal: usd(a!.price * 2),
      itemCount: 2,
      total: usd(a!.price * 2),
    });

    // A later write re-sends the cookie it verified: byte for byte what signing the id again gives.
    const again = await shopper.add(a!.sku, 1);
    expect(again.status).toBe(200);
    expect(again.headers.get('set-cookie')).toBe(
      await generateSignedCookie('cart', cart.id!, SECRET, { maxAge: 2592000, path: '/', httpOnly: true, sameSite: 'Lax' }),
    );
    cart = (await again.json()) as Cart;
    expect(cart.items.map((i) => [i.sku, i.quantity])).toEqual([[a!.sku, 3]]);
    cart = await shopper.added(b!.sku, 4);
    expect(cart.items.map((i) => [i.sku, i.quantity])).toEqual([
      [a!.sku, 3],
      [b!.sku, 4],
    ]);
    expect(cart.subtotal).toEqual(usd(a!.price * 3 + b!.price * 4));
    expect(cart.itemCount).toBe(7);
    for (const item of cart.items) expect(Number.isInteger(item.lineTotal.amount)).toBe(true);

    let patched = await shopper.fetch('PATCH', `/api/cart/items/${a!.sku}`, { quantity: 1 });
    expect(patched.status).toBe(200);
    expect(((await patched.json()) as Cart).items.map((i) => [i.sku, i.quantity])).toEqual([
      [a!.sku, 1],
      [b!.sku, 4],
    ]);
    patched = await shopper.fetch('PATCH', `/api/cart/items/${b!.sku}`, { quantity: 0 });
    expect(((await patched.json()) as Cart).items.map((i) => i.sku)).toEqual([a!.sku]);

    const deleted = await shopper.fetch('DELETE', `/api/cart/items/${a!.sku}`);
    expect(deleted.status).toBe(200);
    expect(await deleted.json()).toEqual(emptyCart(cart.id));
    // Deleting what is not there leaves the cart as asked.
    expect((await shopper.fetch('DELETE', `/api/cart/items/${a!.sku}`)).status).toBe(200);
    expect((await shopper.cart()).id).toBe(cart.id);
  });

  it('marks the cookie Secure over https', async () => {
    const [a] = await freshSkus(1);
    const res = await SELF.fetch('https://store.test/api/cart/items', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ sku: a!.sku, quantity: 1 }),
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('set-cookie')).toMatch(/; Secure(;|$)/);
  });

  it('prices lines at the current catalog price and drops SKUs the catalog no longer has', async () => {
    const created = await admin('POST', '/products', newProduct('cart-doomed', { variants: [
      { sku: 'CART-DOOMED-1', title: 'Default', options: {}, price: usd(1500) },
    ] }));
    expect(created.status).toBe(201);
    const { id: productId } = (await created.json()) as { id: number };
    const [kept] = await freshSkus(1);
    await env.INVENTORY.getByName('CART-DOOMED-1').setOnHand(10);
    const shopper = new Shopper();
    await shopper.added('CART-DOOMED-1', 2);
    await shopper.added(kept!.sku, 1);

    const repriced = await admin('PUT', `/products/${productId}`, newProduct('cart-doomed', { variants: [
      { sku: 'CART-DOOMED-1', title: 'Default', options: {}, price: usd(1700) },
    ] }));
    expect(repriced.status).toBe(200);
    expect((await shopper.cart()).items[0]).toMatchObject({ unitPrice: usd(1700), lineTotal: usd(3400) });

    expect((await admin('DELETE', `/products/${productId}`)).status).toBe(204);
    const cart = await shopper.cart();
    expect(cart.items.map((i) => i.sku)).toEqual([kept!.sku]);
    expect(cart.subtotal).toEqual(usd(kept!.price));
    expect(await env.CART.getByName(shopper.cartId).lines()).toEqual([{ sku: kept!.sku, quantity: 1 }]);
  });
});

describe('prices and fields a client sends', () => {
  it.each([
    [{ unitPrice: usd(1) }],
    [{ price: usd(1) }],
    [{ lineTotal: usd(1) }],
    [{ status: 'paid' }],
    [{ id: 'cart_someone-else' }],
  ])('rejects %o with 400 and writes nothing', async (extra) => {
    const [a] = await freshSkus(1);
    const shopper = new Shopper();
    await shopper.added(a!.sku, 1);
    const body = await expectError(await shopper.fetch('POST', '/api/cart/items', { sku: a!.sku, quantity: 1, ...extra }), 400, 'invalid_request');
    expect(body.error.issues).not.toEqual([]);
    await expectError(await shopper.fetch('PATCH', `/api/cart/items/${a!.sku}`, { quantity: 2, ...extra }), 400, 'invalid_request');
    const cart = await shopper.cart();
    expect(cart.items.map((i) => [i.sku, i.quantity, i.unitPrice.amount])).toEqual([[a!.sku, 1, a!.price]]);
  });
});

describe('cart cookie forgery', () => {
  it.each([
    ['a tampered signature', (id: string, sig: string) => `${id}.${sig.slice(0, 10)}${sig[10] === 'A' ? 'B' : 'A'}${sig.slice(11)}`],
    ['another cart id under this cart’s signature', (_id: string, sig: string, other: string) => `${other}.${sig}`],
    ['the bare id without a signature', (id: string) => id],
    ['garbage', () => 'garbage'],
    ['percent garbage', () => '%%%%.%%%%'],
    ['an empty value', () => ''],
  ])('treats %s as no cart, never someone else’s', async (_name, forge) => {
    const [a, b] = await freshSkus(2);
    const victim = new Shopper();
    await victim.added(a!.sku, 3);
    const other = new Shopper();
    await other.added(b!.sku, 1);
    const [victimId, victimSig] = decodeURIComponent(victim.cookie.slice('cart='.length)).split('.') as [string, string];
    const forged = forge(victimId, victimSig, other.cartId);
    const attacker = new Shopper(`cart=${encodeURIComponent(forged)}`);
    const seen = await attacker.cart();
    expect(seen).toEqual(emptyCart(null));

    const res = await attacker.add(a!.sku, 1);
    expect(res.status).toBe(200);
    const created = (await res.json()) as Cart;
    expect(created.id).toMatch(CART_ID);
    expect([victimId, other.cartId]).not.toContain(created.id);
    expect(created.items.map((i) => [i.sku, i.quantity])).toEqual([[a!.sku, 1]]);
    expect(await linesOf(victim)).toEqual([[a!.sku, 3]]);
    expect(await linesOf(other)).toEqual([[b!.sku, 1]]);
  });

  it('ignores a cookie signed with another secret, and a validly signed value that is not a cart id', async () => {
    const [a] = await freshSkus(1);
    const victim = new Shopper();
    await victim.added(a!.sku, 2);
    for (const [value, secret] of [
      [victim.cartId, 'some-other-secret'],
      ['../../admin', SECRET],
      ['cart_short', SECRET],
    ] as const) {
      const cookie = (await generateSignedCookie('cart', value, secret)).split(';')[0]!;
      const attacker = new Shopper(cookie);
      expect(await attacker.cart()).toMatchObject({ id: null, items: [] });
      await expectError(await attacker.fetch('PATCH', `/api/cart/items/${a!.sku}`, { quantity: 1 }), 404, 'not_found');
      expect((await attacker.fetch('DELETE', `/api/cart/items/${a!.sku}`)).status).toBe(200);
    }
    expect(await linesOf(victim)).toEqual([[a!.sku, 2]]);
  });
});

describe('bad input', () => {
  let shopper: Shopper;
  let sku: string;
  beforeAll(async () => {
    const [a] = await freshSkus(1);
    sku = a!.sku;
    shopper = new Shopper();
    await shopper.added(sku, 1);
  });

  const unchanged = async () => expect(await linesOf(shopper)).toEqual([[sku, 1]]);

  it.each([
    ['quantity -1', () => ({ sku, quantity: -1 }), 'quantity'],
    ['quantity 0', () => ({ sku, quantity: 0 }), 'quantity'],
    ['quantity 1.5', () => ({ sku, quantity: 1.5 }), 'quantity'],
    ['quantity "1"', () => ({ sku, quantity: '1' }), 'quantity'],
    ['quantity 100', () => ({ sku, quantity: 100 }), 'quantity'],
    ['quantity 1e9', () => ({ sku, quantity: 1e9 }), 'quantity'],
    ['quantity null', () => ({ sku, quantity: null }), 'quantity'],
    ['quantity missing', () => ({ sku }), 'quantity'],
    ['quantity as an object', () => ({ sku, quantity: { $gt: 0 } }), 'quantity'],
    ['sku missing', () => ({ quantity: 1 }), 'sku'],
    ['an unknown SKU', () => ({ sku: 'NO-SUCH-SKU-1', quantity: 1 }), 'sku'],
    ['a lower-case SKU', () => ({ sku: sku.toLowerCase(), quantity: 1 }), 'sku'],
    ['a 65-character SKU', () => ({ sku: 'A'.repeat(65), quantity: 1 }), 'sku'],
    ['sku as an object', () => ({ sku: { toString: sku }, quantity: 1 }), 'sku'],
    ['sku as an array', () => ({ sku: [sku], quantity: 1 }), 'sku'],
    ['sku as a number', () => ({ sku: 12, quantity: 1 }), 'sku'],
    ['an unknown field', () => ({ sku, quantity: 1, note: 'hi' }), 'note'],
  ])('POST /api/cart/items with %s: 400 naming the field, nothing written', async (_name, body, field) => {
    const res = await shopper.fetch('POST', '/api/cart/items', body());
    const error = await expectError(res, 400, 'invalid_request');
    expect(JSON.stringify(error.error.issues)).toContain(field);
    await unchanged();
  });

  it.each([
    ['an array body', () => JSON.stringify([{ sku, quantity: 1 }])],
    ['a string body', () => JSON.stringify(sku)],
    ['null', () => 'null'],
    ['NaN', () => `{"sku":"${sku}","quantity":NaN}`],
    ['truncated JSON', () => `{"sku":"${sku}",`],
    ['an empty body', () => ''],
  ])('POST /api/cart/items with %s: 400, nothing written', async (_name, raw) => {
    await expectError(await shopper.fetch('POST', '/api/cart/items', raw()), 400, 'invalid_request');
    await unchanged();
  });

  it('answers 415 for bodies that are not JSON and 413 for 2 MB bodies, nothing written', async () => {
    const form = `sku=${sku}&quantity=1`;
    await expectError(
      await shopper.fetch('POST', '/api/cart/items', form, { 'content-type': 'application/x-www-form-urlencoded' }),
      415,
      'unsupported_media_type',
    );
    await expectError(await shopper.fetch('POST', '/api/cart/items', form, { 'content-type': 'text/plain' }), 415, 'unsupported_media_type');
    await expectError(
      await shopper.fetch('PATCH', `/api/cart/items/${sku}`, 'quantity=5', { 'content-type': 'text/plain' }),
      415,
      'unsupported_media_type',
    );
    const huge = JSON.stringify({ sku, quantity: 1, pad: 'x'.repeat(2 * 1024 * 1024) });
    await expectError(await shopper.fetch('POST', '/api/cart/items', huge), 413, 'payload_too_large');
    await unchanged();
  });

  it.each([
    ['quantity -1', { quantity: -1 }],
    ['quantity 1.5', { quantity: 1.5 }],
    ['quantity "1"', { quantity: '1' }],
    ['quantity 100', { quantity: 100 }],
    ['quantity 1e9', { quantity: 1e9 }],
    ['quantity null', { quantity: null }],
    ['no quantity', {}],
    ['a SKU in the body', { quantity: 2, sku: 'OTHER-SKU' }],
  ])('PATCH /api/cart/items/:sku with %s: 400, nothing written', async (_name, body) => {
    await expectError(await shopper.fetch('PATCH', `/api/cart/items/${sku}`, body), 400, 'invalid_request');
    await unchanged();
  });

  it.each([['lower-case'], ['A'.repeat(65)], ['A%00B'], ['%2E%2E%2F'], ['-LEADING']])(
    'PATCH and DELETE with the malformed SKU %s: 400, nothing written',
    async (bad) => {
      await expectError(await shopper.fetch('PATCH', `/api/cart/items/${bad}`, { quantity: 2 }), 400, 'invalid_request');
      await expectError(await shopper.fetch('DELETE', `/api/cart/items/${bad}`), 400, 'invalid_request');
      await unchanged();
    },
  );

  it('PATCH of a SKU that is not in the cart is 404 and adds nothing', async () => {
    const [other] = await freshSkus(1);
    await expectError(await shopper.fetch('PATCH', `/api/cart/items/${other!.sku}`, { quantity: 2 }), 404, 'not_found');
    await expectError(await new Shopper().fetch('PATCH', `/api/cart/items/${other!.sku}`, { quantity: 2 }), 404, 'not_found');
    await unchanged();
  });

  it('answers 405 with Allow for other methods', async () => {
    const res = await shopper.fetch('PUT', '/api/cart', { items: [] });
    expect(res.headers.get('allow')).toBe('GET, HEAD');
    await expectError(res, 405, 'method_not_allowed');
    await unchanged();
  });
});

describe('stock', () => {
  it('refuses with 409 out_of_stock, counting what is already in the cart', async () => {
    const [a] = await freshSkus(1, 3);
    const shopper = new Shopper();
    await shopper.added(a!.sku, 2);
    const body = await expectError(await shopper.add(a!.sku, 2), 409, 'out_of_stock');
    // `notice`: the cart page's words (worker/refusals/notices.ts), naming the item, for the scripts.
    expect(body.error).toMatchObject({ skus: [a!.sku], available: 3, notice: `${a!.product.title}: only 3 available, so your cart was not changed.` });
    await shopper.added(a!.sku, 1);
    const patched = await expectError(await shopper.fetch('PATCH', `/api/cart/items/${a!.sku}`, { quantity: 4 }), 409, 'out_of_stock');
    expect(patched.error).toMatchObject({ notice: `${a!.product.title}: only 3 available, so your cart was not changed.` });
    expect(await linesOf(shopper)).toEqual([[a!.sku, 3]]);
  });

  it('lets a line shrink even when stock has fallen below it', async () => {
    const [a] = await freshSkus(1, 5);
    const shopper = new Shopper();
    await shopper.added(a!.sku, 5);
    await env.INVENTORY.getByName(a!.sku).setOnHand(0);
    expect((await shopper.fetch('PATCH', `/api/cart/items/${a!.sku}`, { quantity: 2 })).status).toBe(200);
    await expectError(await shopper.fetch('PATCH', `/api/cart/items/${a!.sku}`, { quantity: 3 }), 409, 'out_of_stock');
    expect(await linesOf(shopper)).toEqual([[a!.sku, 2]]);
  });

  it('creates no cart and sets no cookie when the first add is out of stock', async () => {
    const [a] = await freshSkus(1, 0);
    const before = await cartObjects();
    const res = await new Shopper().add(a!.sku, 1);
    expect(res.headers.get('set-cookie')).toBeNull();
    const body = await expectError(res, 409, 'out_of_stock');
    expect(body.error).toMatchObject({ skus: [a!.sku], available: 0 });
    expect(await cartObjects()).toBe(before);
  });
});

describe('cart limits', () => {
  it('holds at most 99 of one SKU', async () => {
    const [a] = await freshSkus(1, 500);
    const shopper = new Shopper();
    await shopper.added(a!.sku, 99);
    const body = await expectError(await shopper.add(a!.sku, 1), 409, 'conflict');
    expect(body.error).toMatchObject({ reason: 'quantity_limit', limit: 99, notice: `${a!.product.title}: a cart holds at most 99 of one item.` });
    expect(await linesOf(shopper)).toEqual([[a!.sku, 99]]);
  });

  it('holds at most 100 lines, and prices all 100 in one answer', async () => {
    const picked = await freshSkus(101, 5);
    const shopper = new Shopper();
    await shopper.added(picked[0]!.sku, 1);
    const cart = env.CART.getByName(shopper.cartId);
    for (const s of picked.slice(1, 99)) expect((await cart.add(s.sku, 1)).ok).toBe(true);
    const full = await shopper.added(picked[99]!.sku, 1);
    expect(full.items).toHaveLength(100);
    expect(full.subtotal.amount).toBe(picked.slice(0, 100).reduce((sum, s) => sum + s.price, 0));

    const body = await expectError(await shopper.add(picked[100]!.sku, 1), 409, 'conflict');
    expect(body.error).toMatchObject({ reason: 'cart_full', limit: 100 });
    // A line already in the cart can still grow.
    expect((await shopper.added(picked[0]!.sku, 1)).items[0]!.quantity).toBe(2);
    expect((await shopper.cart()).items).toHaveLength(100);
  });
});

describe('idle expiry', () => {
  it('keeps a 30-day alarm ahead of every write and empties the cart when it fires', async () => {
    const [a] = await freshSkus(1);
    const shopper = new Shopper();
    const start = Date.now();
    await shopper.added(a!.sku, 1);
    const stub = env.CART.getByName(shopper.cartId);
    const alarm = await runInDurableObject(stub, (_instance, state) => state.storage.getAlarm());
    expect(alarm).toBeGreaterThanOrEqual(start + 30 * 24 * 3600 * 1000);
    // Up to an hour of slack, so busy carts do not re-arm on every write (durable-objects/cart.ts).
    expect(alarm).toBeLessThan(Date.now() + 30 * 24 * 3600 * 1000 + 3600 * 1000 + 1000);

    expect(await runDurableObjectAlarm(stub)).toBe(true);
    expect(await stub.lines()).toEqual([]);
    expect((await shopper.cart()).items).toEqual([]);
    // The same cookie keeps working after expiry.
    expect((await shopper.added(a!.sku, 2)).items.map((i) => i.quantity)).toEqual([2]);
  });
});

describe('GET /api/stock', () => {
  it('answers each SKU’s available units from its counter, uncached', async () => {
    const [a, b] = await freshSkus(2, 7);
    await env.INVENTORY.getByName(b!.sku).setOnHand(0);
    const res = await get(`/api/stock?skus=${a!.sku},${b!.sku},${a!.sku}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(await res.json()).toEqual({
      items: [
        { sku: a!.sku, available: 7 },
        { sku: b!.sku, available: 0 },
      ],
    });
  });

  it('answers 100 SKUs at once', async () => {
    const hundred = skus.slice(0, 100).map((s) => s.sku);
    const res = await get(`/api/stock?skus=${hundred.join(',')}`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { items: { sku: string; available: number }[] };
    expect(body.items.map((i) => i.sku)).toEqual(hundred);
    for (const item of body.items) expect(Number.isInteger(item.available)).toBe(true);
  });

  it.each([
    ['500 SKUs', () => `skus=${skus.slice(0, 500).map((s) => s.sku).join(',')}`],
    ['101 SKUs', () => `skus=${Array.from({ length: 101 }, (_, i) => `SKU-${i}`).join(',')}`],
    ['500 copies of one SKU', () => `skus=${Array(500).fill('SKU-1').join(',')}`],
    ['no skus', () => ''],
    ['an empty list', () => 'skus='],
    ['an empty entry', () => 'skus=SKU-1,,SKU-2'],
    ['a lower-case SKU', () => 'skus=sku-1'],
    ['a SKU with a quote', () => `skus=${encodeURIComponent("SKU'1")}`],
    ['an unknown parameter', () => 'skus=SKU-1&debug=1'],
    ['skus given twice', () => 'skus=SKU-1&skus=SKU-2'],
  ])('answers 400 for %s', async (_name, query) => {
    expect(skus.length).toBeGreaterThanOrEqual(100);
    await expectError(await get(`/api/stock?${query()}`), 400, 'invalid_request');
  });
});

describe('the cart without JavaScript', () => {
  it('adds from the product form, shows the cart page, updates and removes by form', async () => {
    const [a] = await freshSkus(1);
    const shopper = new Shopper();
    const before = await cartObjects();
    const added = await shopper.form('/cart/items', { sku: a!.sku, quantity: '2' });
    expect(added.status).toBe(303);
    expect(added.headers.get('location')).toBe('/cart');
    expect(shopper.cookie).toMatch(/^cart=/);
    expect(await cartObjects()).toBe(before + 1);

    let page = await shopper.fetch('GET', '/cart');
    expect(page.status).toBe(200);
    expect(page.headers.get('cache-control')).toBe('no-store');
    expect(page.headers.get('x-cache')).toBeNull();
    let html = await page.text();
    expect(html).toContain(a!.product.title.replace(/&/g, '&amp;'));
    const money = (cents: number) => `$${(cents / 100).toFixed(2)}`;
    expect(html).toMatch(new RegExp(`id="cart-subtotal">\\s*\\${money(a!.price * 2)}`));
    expect(html).toContain(`action="/cart/items/${a!.sku}"`);
    expect(html).toContain('href="/checkout"');
    // What public/js/shop/cart-page.js enhances and redraws from: the same forms, marked, in one body.
    expect(html).toMatch(new RegExp(`<li class="cart-line" data-sku="${a!.sku}" data-item-name="[^"]+">`));
    expect(html).toContain(`<form class="cart-line-quantity" method="post" action="/cart/items/${a!.sku}" data-cart-line-form="update">`);
    expect(html).toContain(`<form class="cart-line-remove" method="post" action="/cart/items/${a!.sku}" data-cart-line-form="remove">`);
    expect(html).toMatch(/<div class="cart-body" data-cart-body="true">[\s\S]*id="cart-subtotal"/);

    expect((await shopper.form(`/cart/items/${a!.sku}`, { quantity: '3' })).status).toBe(303);
    expect(await linesOf(shopper)).toEqual([[a!.sku, 3]]);
    expect((await shopper.form(`/cart/items/${a!.sku}`, { quantity: '0' })).status).toBe(303);
    expect(await linesOf(shopper)).toEqual([]);
    html = await (await shopper.fetch('GET', '/cart')).text();
    expect(html).toMatch(/<div class="cart-body" data-cart-body="true">\s*<p>\s*Your cart is empty/);
  });

  it('accepts the multipart form a browser may send', async () => {
    const [a] = await freshSkus(1);
    const shopper = new Shopper();
    const body = new FormData();
    body.set('sku', a!.sku);
    body.set('quantity', '1');
    const res = await SELF.fetch(`${ORIGIN}/cart/items`, { method: 'POST', body, headers: { origin: ORIGIN }, redirect: 'manual' });
    expect(res.status).toBe(303);
    shopper.cookie = res.headers.get('set-cookie')!.split(';')[0]!;
    expect(await linesOf(shopper)).toEqual([[a!.sku, 1]]);
  });

  it.each([
    ['out of stock', (sku: string) => ({ sku, quantity: '9' }), /notice=out_of_stock/, /only 5 available/],
    ['a bad quantity', (sku: string) => ({ sku, quantity: '1.5' }), /notice=invalid_quantity/, /whole numbers/],
    ['quantity 0', (sku: string) => ({ sku, quantity: '0' }), /notice=invalid_quantity/, /whole numbers/],
    ['an unknown SKU', () => ({ sku: 'NO-SUCH-SKU', quantity: '1' }), /notice=unknown_sku/, /no longer sold/],
  ])('redirects to the cart with an alert for %s, writing nothing', async (_name, fields, location, message) => {
    const [a] = await freshSkus(1, 5);
    const shopper = new Shopper();
    const before = await cartObjects();
    const res = await shopper.form('/cart/items', fields(a!.sku));
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toMatch(location);
    expect(res.headers.get('set-cookie')).toBeNull();
    expect(await cartObjects()).toBe(before);
    const html = await (await shopper.fetch('GET', res.headers.get('location')!)).text();
    expect(html).toMatch(/role="alert"/);
    expect(html).toMatch(message);
  });

  it('names the product a refused first add was for, though it never reached the cart', async () => {
    const [a] = await freshSkus(1, 5);
    const shopper = new Shopper();
    const res = await shopper.form('/cart/items', { sku: a!.sku, quantity: '9' });
    const html = await (await shopper.fetch('GET', res.headers.get('location')!)).text();
    expect(html).toContain(`${a!.product.title.replace(/&/g, '&amp;')}: only 5 available, so your cart was not changed.`);
  });

  it('refuses form posts from other sites, setting no cookie', async () => {
    const [a] = await freshSkus(1);
    const shopper = new Shopper();
    const res = await shopper.form('/cart/items', { sku: a!.sku, quantity: '1' }, { origin: 'https://evil.example' });
    expect(res.headers.get('set-cookie')).toBeNull();
    await expectError(res, 400, 'invalid_request');
    const noOrigin = await SELF.fetch(`${ORIGIN}/cart/items`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: `sku=${a!.sku}&quantity=1`,
    });
    await expectError(noOrigin, 400, 'invalid_request');
  });

  it('shows no notice for a notice it did not write', async () => {
    const html = await (await get('/cart?notice=%3Cscript%3E&sku=x')).text();
    expect(html).not.toMatch(/role="alert"/);
    expect(html).not.toContain('<script>');
  });
});

describe('product pages', () => {
  it('point the live-stock island at /api/stock', async () => {
    const html = await (await get(`/products/${catalog.products[0]!.slug}`)).text();
    expect(html).toContain('data-stock-src="/api/stock"');
  });
});
