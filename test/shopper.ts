import { expect } from 'vitest';
import { Shopper as HttpShopper } from '../bench/lib/shopper.mjs';
import type { Cart } from '../worker/cart/types';
import { ORIGIN, storeFetch } from './helpers';

/**
 * A browser-like client: keeps every cookie the store sets. The HTTP shopper itself
 * (bench/lib/shopper.mjs) is the one the benchmarks drive the store with; this adds the tests'
 * expect()-based helpers and sends through this file's Worker (SELF, or its own with useOwnWorker()).
 */
export class Shopper extends HttpShopper {
  constructor(cookie = '') {
    super({ base: ORIGIN, fetch: storeFetch, cookie });
  }

  async cart(): Promise<Cart> {
    const res = await this.fetch('GET', '/api/cart');
    expect(res.status).toBe(200);
    return (await res.json()) as Cart;
  }

  /** Adds and expects success. */
  async added(sku: string, quantity: number): Promise<Cart> {
    const res = await this.add(sku, quantity);
    expect(res.status, await res.clone().text()).toBe(200);
    return (await res.json()) as Cart;
  }
}
