import { expect } from 'vitest';
import type { Cart } from '../worker/cart/types';
import { ORIGIN, storeFetch } from './helpers';
import { HttpShopper } from './http-shopper';

/** A browser-like client of the store under test (test/http-shopper.ts), with expecting helpers. */
export class Shopper extends HttpShopper {
  constructor(cookie = '') {
    super(ORIGIN, storeFetch, cookie);
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
