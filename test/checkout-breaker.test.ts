import { createExecutionContext, env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import worker from '../worker/index';
import { ADDRESS, checkoutAs, emulator, shopperWith, skuPool, stripeApi } from './checkout-helpers';
import { ORIGIN, expectError, useOwnWorker } from './helpers';

// Drives module state on purpose (provider failures trip the circuit breaker; enabled experiments).
useOwnWorker();

// Its own file: an open circuit is per isolate and would fail every other checkout in it for 30 s.
describe('circuit breaker', () => {
  it('after 5 consecutive provider failures, checkout fails fast without calling the provider', async () => {
    const take = await skuPool(10);
    const email = 'breaker@example.com';
    await emulator('POST', '/_emulator/faults', { path: '/v1/checkout/sessions', status: 500, count: 8, requestIncludes: email });
    const shopper = await shopperWith([(await take(50)).sku, 1]);
    for (let i = 0; i < 5; i += 1) await expectError(await checkoutAs(shopper, email), 503, 'unavailable');

    const started = Date.now();
    const fast = await checkoutAs(shopper, email);
    await expectError(fast, 503, 'unavailable');
    expect(Number(fast.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(Date.now() - started).toBeLessThan(1_000);
    // The provider saw 5 calls, not 6: three of the eight faults are still queued.
    const { faults } = await emulator<{ faults: { count: number; requestIncludes?: string }[] }>('GET', '/_emulator/faults');
    const mine = faults.filter((f) => f.requestIncludes === email);
    expect(mine.reduce((n, r) => n + r.count, 0)).toBe(3);
  });

  it('a timeout that fired late (this isolate too busy to run it) is asked again: the order goes through', async () => {
    const take = await skuPool(10);
    const email = 'late-timeout@example.com';
    const shopper = await shopperWith([(await take(5)).sku, 1]);
    // The emulator holds the first session call 4 s; the store gives up on it after 1 s.
    await emulator('POST', '/_emulator/faults', { path: '/v1/checkout/sessions', delayMs: 4_000, count: 1, requestIncludes: email });
    const answer = worker.fetch(
      new Request(`${ORIGIN}/api/checkout`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: ORIGIN, cookie: shopper.cookie, 'idempotency-key': 'late-timeout' },
        body: JSON.stringify({ email, shippingAddress: ADDRESS }),
      }) as Request<unknown, IncomingRequestCfProperties>,
      { ...env, STRIPE_TIMEOUT_MS: '1000' } as Env,
      createExecutionContext(),
    );
    // Once the emulator holds the call, this isolate is kept busy 2.5 s: the 1 s timeout fires ~1.5 s late.
    const held = async () => !(await emulator<{ faults: { requestIncludes?: string }[] }>('GET', '/_emulator/faults')).faults.some((f) => f.requestIncludes === email);
    while (!(await held())) await new Promise((resolve) => setTimeout(resolve, 10));
    const until = Date.now() + 2_500;
    while (Date.now() < until) {
      // busy: no timer, no I/O of this isolate runs
    }
    const res = await answer;
    expect(res.status, await res.clone().text()).toBe(201);
    const { orderId } = await res.json<{ orderId: string }>();
    // Asked twice under one idempotency key: one session.
    const sessions = (await stripeApi<{ data: { client_reference_id: string }[] }>('/v1/checkout/sessions?limit=100')).data;
    expect(sessions.filter((s) => s.client_reference_id === orderId)).toHaveLength(1);
  });
});
