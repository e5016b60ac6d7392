import { expect } from 'vitest';
import type { Cart } from '../worker/cart/types';
import { ORIGIN, storeFetch } from './helpers';

/** A browser-like client: keeps the `cart` cookie the store sets. */
export class Shopper {
  constructor(public cookie = '') {}

  async fetch(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
    const res = await storeFetch(`${ORIGIN}${path}`, {
      method,
      redirect: 'manual',
      headers: {
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(this.cookie ? { cookie: this.cookie } : {}),
        ...headers,
      },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    this.keep(res.headers.getSetCookie());
    return res;
  }

  async cart(): Promise<Cart> {
    const res = await this.fetch('GET', '/api/cart');
    expect(res.status).toBe(200);
    return (await res.json()) as Cart;
  }

  async add(sku: string, quantity: number) {
    return this.fetch('POST', '/api/cart/items', { sku, quantity });
  }

  /** Adds and expects success. */
  async added(sku: string, quantity: number): Promise<Cart> {
    const res = await this.add(sku, quantity);
    expect(res.status, await res.clone().text()).toBe(200);
    return (await res.json()) as Cart;
  }

  /** Keeps every cookie the store set (`cart`, `ab`, `vid`), each replacing its earlier value, in first-set order. */
  private keep(lines: string[]) {
    if (lines.length === 0) return;
    const jar = new Map(this.cookie.split(/;\s*/).filter(Boolean).map((pair) => [pair.split('=')[0]!, pair]));
    for (const line of lines) {
      const pair = line.split(';')[0]!;
      jar.set(pair.split('=')[0]!, pair);
    }
    this.cookie = [...jar.values()].join('; ');
  }

  get cartId() {
    const cart = this.cookie.split(/;\s*/).find((pair) => pair.startsWith('cart=')) ?? '';
    return decodeURIComponent(cart.slice('cart='.length)).split('.')[0]!;
  }

  form(path: string, fields: Record<string, string>, headers: Record<string, string> = {}) {
    return this.fetch('POST', path, new URLSearchParams(fields).toString(), {
      'content-type': 'application/x-www-form-urlencoded',
      origin: ORIGIN,
      ...headers,
    });
  }
}

