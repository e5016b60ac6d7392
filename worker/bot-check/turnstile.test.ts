import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { botCheckFor, turnstileBotCheck } from '.';

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
});
