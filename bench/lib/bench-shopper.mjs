// The shared Shopper (shopper.mjs) as the Node benches drive it: every request over
// http-exchange.mjs (a connection of its own, never a reused keep-alive socket), 30 s per request
// (60 s for a checkout unless told), `ip` as its client IP.
import { exchangeFetch } from './http-exchange.mjs';
import { Shopper } from './shopper.mjs';

/**
 * @param {string} base
 * @param {string} ip
 * @param {string} email
 * @param {Record<string, unknown>} [checkoutDetails]
 */
export const benchShopper = (base, ip, email, checkoutDetails) =>
  new Shopper({ base, ip, email, checkoutDetails, timeoutMs: 30_000, fetch: exchangeFetch });
