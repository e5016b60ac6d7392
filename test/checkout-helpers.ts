import { env } from 'cloudflare:test';
import { expect } from 'vitest';
import type { CheckoutAnswer } from '../worker/checkout/checkout';
import type { OrderView } from '../worker/orders/types';
import { ORIGIN, seedCatalog, storeFetch } from './helpers';
import { Shopper } from './shopper';

/** The Stripe emulator the workers project runs (test/emulator-setup.ts). */
export const EMULATOR = env.STRIPE_API_BASE;

export async function emulator<T = unknown>(method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(`${EMULATOR}${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  expect(res.ok, `${method} ${path}: ${res.status}`).toBe(true);
  return (await res.json()) as T;
}

/** Stripe's API on the emulator, as the store's secret key sees it. */
export async function stripeApi<T = Record<string, unknown>>(path: string): Promise<T> {
  const res = await fetch(`${EMULATOR}${path}`, { headers: { authorization: `Bearer ${env.STRIPE_SECRET_KEY}` } });
  expect(res.status, path).toBe(200);
  return (await res.json()) as T;
}

export interface OutboxItem {
  id: string;
  kind: 'stripe_event' | 'fulfillment_callback';
  path: string;
  type?: string;
  body: string;
  headers: Record<string, string>;
}

/** What the emulator would have delivered to the store for this session (or order), signed now. */
export async function outbox(filter: { session?: string; order?: string; type?: string }): Promise<OutboxItem[]> {
  const query = new URLSearchParams(filter as Record<string, string>);
  return (await emulator<{ items: OutboxItem[] }>('GET', `/_emulator/outbox?${query}`)).items;
}

/** A Stripe event the emulator would never send (a misordered or tampered one), signed as Stripe signs. */
export async function signedEvent(id: string, type: string, object: unknown): Promise<OutboxItem> {
  const { default: Stripe } = await import('stripe');
  const body = JSON.stringify({ id, object: 'event', type, created: Math.floor(Date.now() / 1000), data: { object } });
  const signature = await Stripe.webhooks.generateTestHeaderStringAsync({
    payload: body,
    secret: env.STRIPE_WEBHOOK_SECRET,
    cryptoProvider: Stripe.createSubtleCryptoProvider(),
  });
  return { id, kind: 'stripe_event', path: '/webhooks/stripe', type, body, headers: { 'stripe-signature': signature, 'content-type': 'application/json' } };
}

/** Posts one outbox delivery to the store, exactly as the emulator would. */
export const deliver = (item: OutboxItem) =>
  storeFetch(`${ORIGIN}${item.path}`, { method: 'POST', headers: item.headers, body: item.body });

/** Delivers every matching event and expects each to be accepted. */
export async function deliverAll(filter: { session?: string; order?: string; type?: string }) {
  const items = await outbox(filter);
  expect(items.length, `outbox ${JSON.stringify(filter)}`).toBeGreaterThan(0);
  for (const item of items) expect((await deliver(item)).status).toBe(200);
  return items;
}

/** Polls until `check` stops throwing (queue consumers run on their own schedule). */
export async function eventually<T>(check: () => Promise<T>, timeoutMs = 15_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (err) {
      if (Date.now() > until) throw err;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

export async function orderStatus(answer: Pick<CheckoutAnswer, 'orderId' | 'orderToken'>): Promise<OrderView> {
  const res = await storeFetch(`${ORIGIN}/api/orders/${answer.orderId}?token=${answer.orderToken}`);
  expect(res.status).toBe(200);
  return (await res.json()) as OrderView;
}

export const waitForStatus = (answer: Pick<CheckoutAnswer, 'orderId' | 'orderToken'>, status: string, timeoutMs?: number) =>
  eventually(async () => {
    const order = await orderStatus(answer);
    expect(order.status).toBe(status);
    return order;
  }, timeoutMs);

export const sessionOf = async (orderId: string) =>
  (await env.DB.prepare('select id from payments where order_id = ?').bind(orderId).first<{ id: string }>())!.id;

/** The token with its last character changed: always wrong, whatever that character was. */
export const wrongToken = (token: string) => token.slice(0, -1) + (token.endsWith('x') ? 'y' : 'x');

/** A US address the demo ships to (Oregon: no sales tax, so totals are the lines plus shipping). */
export const ADDRESS = {
  name: 'Ada Lovelace',
  line1: '1 Main Street',
  city: 'Portland',
  region: 'OR',
  postalCode: '97201',
  country: 'US',
} as const;

export async function checkoutAs(shopper: Shopper, email: string, headers: Record<string, string> = {}, body: Record<string, unknown> = {}) {
  return shopper.fetch('POST', '/api/checkout', { email, shippingAddress: ADDRESS, ...body }, headers);
}

/** Checks out and expects a 201. */
export async function checkedOut(
  shopper: Shopper,
  email = 'shopper@example.com',
  headers: Record<string, string> = {},
  body: Record<string, unknown> = {},
) {
  const res = await checkoutAs(shopper, email, headers, body);
  expect(res.status, await res.clone().text()).toBe(201);
  return (await res.json()) as CheckoutAnswer;
}

export const stockOf = (sku: string) => env.INVENTORY.getByName(sku).snapshot();

/** Seeded SKUs handed out so that no two tests of a file share one. */
export async function skuPool(products = 40) {
  const catalog = await seedCatalog(products);
  const all = catalog.products.flatMap((p) => p.variants.map((v) => ({ sku: v.sku, price: v.price, title: p.title })));
  let next = 0;
  return async function take(onHand: number) {
    const picked = all[next++];
    if (!picked) throw new Error('the seed has too few SKUs for these tests');
    await env.INVENTORY.getByName(picked.sku).setOnHand(onHand);
    return picked;
  };
}

/** A shopper with `quantity` of each SKU in their cart. */
export async function shopperWith(...lines: [sku: string, quantity: number][]) {
  const shopper = new Shopper();
  for (const [sku, quantity] of lines) await shopper.added(sku, quantity);
  return shopper;
}
