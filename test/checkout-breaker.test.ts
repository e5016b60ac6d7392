import { describe, expect, it } from 'vitest';
import { checkoutAs, emulator, shopperWith, skuPool } from './checkout-helpers';
import { expectError, useOwnWorker } from './helpers';

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
});
