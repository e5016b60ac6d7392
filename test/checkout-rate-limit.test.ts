import { createExecutionContext, env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import worker from '../worker/index';
import { expectError, ORIGIN } from './helpers';

// wrangler.toml: CHECKOUT_LIMITER allows 600 checkouts a minute per visitor (client IP).
const LIMIT = 600;

// The Worker's own fetch handler, called directly: vitest-pool-workers' SELF.fetch slows down with
// every request a test makes (~40 ms each by the 400th), which would make 600 of them take a minute.
const attempt = (ip: string) =>
  worker.fetch(
    new Request(`${ORIGIN}/api/checkout`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'cf-connecting-ip': ip },
      body: JSON.stringify({ email: 'limit@example.com' }),
    }),
    env,
    createExecutionContext(),
  );

describe('checkout rate limit (Rate Limiting binding)', () => {
  it(`lets ${LIMIT} checkouts a minute through from one visitor, then answers 429 with Retry-After`, async () => {
    const ip = '203.0.113.7';
    const statuses: number[] = [];
    for (let sent = 0; sent < LIMIT; sent += 1) {
      const res = await attempt(ip);
      await res.body?.cancel();
      statuses.push(res.status);
    }
    // No cart: each allowed attempt is a 409 cart_empty, never a 429.
    expect(statuses.filter((s) => s === 429)).toHaveLength(0);
    expect(new Set(statuses)).toEqual(new Set([409]));

    const limited = await attempt(ip);
    await expectError(limited, 429, 'rate_limited');
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    // Another visitor is not affected.
    expect((await attempt('203.0.113.8')).status).toBe(409);
  });
});
