import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { KILL_SWITCHES } from '../worker/experiments/kill-switches';
import { ADDRESS, checkedOut, checkoutAs, shopperWith, skuPool } from './checkout-helpers';
import { admin, countRows, expectError, get, useOwnWorker } from './helpers';
import type { Cart } from '../worker/cart/types';

// Flags are read once per isolate: this file's own Worker keeps its switches from leaking.
useOwnWorker();

let take: Awaited<ReturnType<typeof skuPool>>;
beforeAll(async () => {
  take = await skuPool(20);
});

async function withSwitchOff<T>(key: string, run: () => Promise<T>): Promise<T> {
  expect((await admin('PUT', `/flags/${key}`, { key, enabled: false })).status).toBe(200);
  try {
    return await run();
  } finally {
    expect((await admin('PUT', `/flags/${key}`, { key, enabled: true })).status).toBe(200);
  }
}

/** What a checkout writes: orders and their lines in D1, a hold in the SKU's counter. */
const writes = async (sku: string) => ({
  orders: await countRows('orders'),
  lines: await countRows('order_lines'),
  stock: await env.INVENTORY.getByName(sku).snapshot(),
});

describe('read-only mode (flag d1-writes off, for a D1 outage)', () => {
  it('serves the catalog and carts, answers checkout 503 with Retry-After and a message, and writes nothing', async () => {
    const a = await take(5);
    const shopper = await shopperWith([a.sku, 1]);
    await withSwitchOff(KILL_SWITCHES.d1Writes, async () => {
      const before = await writes(a.sku);
      for (const path of ['/', '/products', '/api/products?limit=5']) expect((await get(path)).status, path).toBe(200);
      expect((await shopper.fetch('POST', '/api/cart/items', { sku: a.sku, quantity: 1 })).status).toBe(200);
      expect((await shopper.fetch('GET', '/cart')).status).toBe(200);

      const api = await checkoutAs(shopper, 'readonly@example.com');
      const body = await expectError(api, 503, 'unavailable');
      expect(api.headers.get('retry-after')).toBe('300');
      expect(body.error).toMatchObject({ reason: 'read_only' });
      expect(body.error.message).toMatch(/read-only.*cart still work/);

      const form = await shopper.fetch('GET', '/checkout');
      expect(form.status).toBe(200);
      expect(await form.text()).toContain('Checkout is paused while we fix a problem with our database.');

      const page = await shopper.form('/checkout', { email: 'readonly@example.com', ...ADDRESS });
      expect(page.status).toBe(503);
      expect(page.headers.get('retry-after')).toBe('300');
      expect(page.headers.get('content-type')).toMatch(/text\/html/);
      expect(await page.text()).toContain('Checkout is paused while we fix a problem with our database.');

      expect(await writes(a.sku)).toEqual(before);
    });
    expect((await checkoutAs(shopper, 'readonly@example.com')).status).toBe(201);
  });
});

describe('kill switches', () => {
  it('promotions off: automatic discounts stop applying to carts and checkout until switched back on', async () => {
    expect((await admin('PUT', '/promotions/kill10', { code: null, type: 'percentage', value: 10, target: 'order' })).status).toBe(200);
    try {
      const a = await take(5);
      const shopper = await shopperWith([a.sku, 2]);
      const cart = async () => (await (await shopper.fetch('GET', '/api/cart')).json()) as Cart;
      expect((await cart()).discounts.length).toBeGreaterThan(0);
      await withSwitchOff(KILL_SWITCHES.promotions, async () => {
        const off = await cart();
        expect(off.discounts).toEqual([]);
        const answer = await checkedOut(shopper, 'nopromo@example.com');
        const row = await env.DB.prepare('select subtotal, discount_total from orders where id = ?').bind(answer.orderId).first();
        expect(row).toMatchObject({ discount_total: 0 });
      });
    } finally {
      await admin('DELETE', '/promotions/kill10');
    }
  });

  it('experiments off: no experiment applies (no X-Experiments, no ab cookie) until switched back on', async () => {
    const hero = { id: 'kill-hero', enabled: true, paths: ['/'], variants: [{ name: 'control', weight: 1 }, { name: 'bold', weight: 1 }] };
    expect((await admin('PUT', `/experiments/${hero.id}`, hero)).status).toBe(200);
    try {
      expect((await get('/')).headers.get('x-experiments')).toMatch(/^kill-hero=/);
      await withSwitchOff(KILL_SWITCHES.experiments, async () => {
        const res = await get('/');
        expect(res.status).toBe(200);
        expect(res.headers.get('x-experiments')).toBeNull();
        expect(res.headers.get('set-cookie') ?? '').not.toMatch(/(^|,\s*)ab=/);
      });
      expect((await get('/')).headers.get('x-experiments')).toMatch(/^kill-hero=/);
    } finally {
      await admin('DELETE', `/experiments/${hero.id}`);
    }
  });

  it('checkout off: 503 paused, distinct from read-only', async () => {
    const shopper = await shopperWith([(await take(5)).sku, 1]);
    await withSwitchOff(KILL_SWITCHES.checkout, async () => {
      const res = await checkoutAs(shopper, 'paused-api@example.com');
      expect((await expectError(res, 503, 'unavailable')).error).toMatchObject({ reason: 'paused' });
      expect(res.headers.get('retry-after')).toBe('60');
    });
  });
});
