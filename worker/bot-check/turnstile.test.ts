import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { botCheckFor, turnstileBotCheck } from '.';
import { SITEVERIFY_ATTEMPTS } from './turnstile';

// Against the Turnstile emulator (dev/stripe-emulator/turnstile.ts) that test/emulator-setup.ts starts.
const TEST_SECRETS = {
  passes: '1x0000000000000000000000000000000AA',
  fails: '2x0000000000000000000000000000000AA',
  spent: '3x0000000000000000000000000000000AA',
};
const DUMMY_TOKEN = 'XXXX.DUMMY.TOKEN.XXXX';
const DEV_WIDGET = { sitekey: '0x4AAAAAAAEdgefrontDevKey', secret: '0x4AAAAAAAEdgefrontDevSecretKey00000' };

const withSecret = (secret: string) => turnstileBotCheck({ secret, apiBase: env.TURNSTILE_API_BASE });

async function widgetToken(action: string): Promise<string> {
  const res = await fetch(`${env.TURNSTILE_API_BASE}/turnstile/v0/emulator/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ sitekey: DEV_WIDGET.sitekey, hostname: 'shop.test', action }),
  });
  return ((await res.json()) as { token: string }).token;
}

interface Fault {
  count: number;
  requestIncludes?: string;
}

/** Arms emulator faults on siteverify for requests carrying `match` (a unique IP or token), so parallel tests never take them. */
async function faultSiteverify(match: string, rule: { count: number; loseConnection?: 'before' | 'after'; status?: number; delayMs?: number }) {
  const res = await fetch(`${env.TURNSTILE_API_BASE}/_emulator/faults`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ path: '/turnstile/v0/siteverify', requestIncludes: match, ...rule }),
  });
  expect(res.status).toBe(200);
}

/** What is left of the faults armed for `match` (0 once all were taken). */
async function faultsLeft(match: string): Promise<number> {
  const { faults } = (await (await fetch(`${env.TURNSTILE_API_BASE}/_emulator/faults`)).json()) as { faults: Fault[] };
  return faults.filter((f) => f.requestIncludes === match).reduce((n, f) => n + f.count, 0);
}

const uniqueIp = () => `2001:db8::${crypto.randomUUID().slice(0, 4)}:${crypto.randomUUID().slice(0, 4)}`;

describe('turnstileBotCheck', () => {
  it('the store, configured with the always-passes test secret, passes the dummy token', async () => {
    expect(await botCheckFor(env).verify(DUMMY_TOKEN, '203.0.113.9')).toEqual({
      ok: true,
      hostname: 'example.com',
      challengeTs: expect.any(String),
      action: '',
    });
  });

  it('maps the test secrets that fail onto rejected and spent, and a missing token before any round trip', async () => {
    expect(await withSecret(TEST_SECRETS.fails).verify(DUMMY_TOKEN, null)).toEqual({ ok: false, reason: 'rejected', errorCodes: ['invalid-input-response'] });
    expect(await withSecret(TEST_SECRETS.spent).verify(DUMMY_TOKEN, null)).toEqual({ ok: false, reason: 'spent', errorCodes: ['timeout-or-duplicate'] });
    for (const token of [undefined, '']) {
      expect(await withSecret(TEST_SECRETS.passes).verify(token, null)).toEqual({ ok: false, reason: 'missing_token', errorCodes: [] });
    }
    expect((await withSecret(TEST_SECRETS.passes).verify('x'.repeat(2049), null)).ok).toBe(false);
  });

  it('fails closed on our own misconfiguration and on an answer that is not siteverify\'s', async () => {
    expect(await withSecret('').verify(DUMMY_TOKEN, null)).toMatchObject({ ok: false, reason: 'misconfigured' });
    expect(await withSecret('0xwrong').verify(DUMMY_TOKEN, null)).toEqual({ ok: false, reason: 'misconfigured', errorCodes: ['invalid-input-secret'] });
    // The emulator's 404 for an unknown path stands in for an outage page in place of JSON.
    const elsewhere = turnstileBotCheck({ secret: TEST_SECRETS.passes, apiBase: `${env.TURNSTILE_API_BASE}/elsewhere` });
    expect(await elsewhere.verify(DUMMY_TOKEN, null)).toEqual({ ok: false, reason: 'unavailable', errorCodes: [] });
  });

  it('a widget token passes once, a retry with its idempotency key answers the same, a replay is spent', async () => {
    const check = withSecret(DEV_WIDGET.secret);
    const token = await widgetToken('drop-queue');
    const first = await check.verify(token, '203.0.113.9', { idempotencyKey: 'retry-1', expectedAction: 'drop-queue' });
    expect(first).toMatchObject({ ok: true, hostname: 'shop.test', action: 'drop-queue' });
    expect(await check.verify(token, '203.0.113.9', { idempotencyKey: 'retry-1' })).toEqual(first);
    expect(await check.verify(token, '203.0.113.9')).toMatchObject({ ok: false, reason: 'spent' });
  });

  it('refuses a token solved for another action', async () => {
    const token = await widgetToken('newsletter');
    expect(await withSecret(DEV_WIDGET.secret).verify(token, null, { expectedAction: 'drop-queue' })).toEqual({
      ok: false,
      reason: 'rejected',
      errorCodes: ['action-mismatch'],
    });
  });

  describe('a lost answer is asked again, within the one timeout', () => {
    it('a connection closed before the request was handled (twice): the third attempt passes', async () => {
      const ip = uniqueIp();
      await faultSiteverify(ip, { count: SITEVERIFY_ATTEMPTS - 1, loseConnection: 'before' });
      expect(await botCheckFor(env).verify(DUMMY_TOKEN, ip)).toMatchObject({ ok: true, hostname: 'example.com' });
      expect(await faultsLeft(ip)).toBe(0);
    });

    it('an answer lost after Turnstile spent the token: the retry carries the same idempotency key and passes', async () => {
      const token = await widgetToken('drop-checkout');
      await faultSiteverify(token, { count: 1, loseConnection: 'after' });
      expect(await withSecret(DEV_WIDGET.secret).verify(token, null, { expectedAction: 'drop-checkout' })).toMatchObject({ ok: true, action: 'drop-checkout' });
      expect(await faultsLeft(token)).toBe(0);
      // Spent all the same: a new verification of it (another key) is refused.
      expect(await withSecret(DEV_WIDGET.secret).verify(token, null)).toMatchObject({ ok: false, reason: 'spent' });
    });

    it('a 503 is asked again', async () => {
      const ip = uniqueIp();
      await faultSiteverify(ip, { count: 1, status: 503 });
      expect(await botCheckFor(env).verify(DUMMY_TOKEN, ip)).toMatchObject({ ok: true });
      expect(await faultsLeft(ip)).toBe(0);
    });

    it('fails closed after SITEVERIFY_ATTEMPTS lost connections, asking no more', async () => {
      const ip = uniqueIp();
      await faultSiteverify(ip, { count: SITEVERIFY_ATTEMPTS + 2, loseConnection: 'before' });
      expect(await botCheckFor(env).verify(DUMMY_TOKEN, ip)).toEqual({ ok: false, reason: 'unavailable', errorCodes: [] });
      expect(await faultsLeft(ip)).toBe(2);
    });

    it('a service slower than the timeout fails closed within it and is not asked again', async () => {
      const ip = uniqueIp();
      await faultSiteverify(ip, { count: 2, delayMs: 1500 });
      const check = turnstileBotCheck({ secret: TEST_SECRETS.passes, apiBase: env.TURNSTILE_API_BASE, timeoutMs: 300 });
      const started = Date.now();
      expect(await check.verify(DUMMY_TOKEN, ip)).toEqual({ ok: false, reason: 'unavailable', errorCodes: [] });
      expect(Date.now() - started).toBeLessThan(1400);
      expect(await faultsLeft(ip)).toBe(1);
    });
  });
});
