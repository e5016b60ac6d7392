import { env } from 'cloudflare:test';
import { expect } from 'vitest';
import type { CheckoutAnswer } from '../worker/checkout/checkout';
import { ADDRESS, deliverAll, emulator, eventually, sessionOf, waitForStatus } from './checkout-helpers';
import { ADMIN_TOKEN, ORIGIN, storeFetch } from './helpers';

/** A browser-like visitor that keeps every cookie the store sets (`ab`, `vid`, `cart`). */
export class Visitor {
  readonly jar = new Map<string, string>();

  constructor(
    cookies: Record<string, string> = {},
    private readonly send: (url: string, init?: RequestInit) => Promise<Response> = storeFetch,
  ) {
    for (const [name, value] of Object.entries(cookies)) this.jar.set(name, value);
  }

  async fetch(method: string, path: string, body?: unknown) {
    const cookie = [...this.jar].map(([k, v]) => `${k}=${v}`).join('; ');
    const res = await this.send(`${ORIGIN}${path}`, {
      method,
      redirect: 'manual',
      headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...(cookie ? { cookie } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const at = pair!.indexOf('=');
      this.jar.set(pair!.slice(0, at), pair!.slice(at + 1));
    }
    return res;
  }

  async view(path: string) {
    const res = await this.fetch('GET', path);
    expect(res.status, path).toBe(200);
    await res.arrayBuffer();
  }

  async add(sku: string, quantity = 1) {
    const res = await this.fetch('POST', '/api/cart/items', { sku, quantity });
    expect(res.status, await res.clone().text()).toBe(200);
  }

  /** Checks out, pays on the emulator, delivers the webhook; answers the order's total once paid. */
  async buy(email: string): Promise<{ answer: CheckoutAnswer; total: number }> {
    const res = await this.fetch('POST', '/api/checkout', { email, shippingAddress: ADDRESS });
    expect(res.status, await res.clone().text()).toBe(201);
    const answer = (await res.json()) as CheckoutAnswer;
    const session = await sessionOf(answer.orderId);
    await emulator('POST', `/_emulator/sessions/${session}/pay`, {});
    await deliverAll({ session, type: 'checkout.session.completed' });
    const order = await waitForStatus(answer, 'fulfilling');
    return { answer, total: order.total.amount };
  }
}

/** Runs `work` over `items`, `width` at a time. */
export async function inParallel<T, R>(items: T[], width: number, work: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < items.length) {
        const i = next++;
        out[i] = await work(items[i]!, i);
      }
    }),
  );
  return out;
}

export async function adminJson<T>(path: string): Promise<T> {
  const res = await storeFetch(`${ORIGIN}${path}`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
  expect(res.status, path).toBe(200);
  return (await res.json()) as T;
}

/** Waits until the events queue's consumer has stored at least `n` events of `type`. */
export const storedEvents = (type: string, n: number) =>
  eventually(async () => {
    const row = await env.DB.prepare('select count(*) as n from events where type = ?').bind(type).first<{ n: number }>();
    expect(row!.n).toBeGreaterThanOrEqual(n);
    return row!.n;
  }, 30_000);
