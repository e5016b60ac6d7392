import { request } from 'node:http';
import { describe, expect, it } from 'vitest';
import { DEV_WIDGET, DUMMY_TOKEN, TEST_SECRETS, TEST_SITEKEYS, type SiteverifyAnswer } from './index.js';
import { useEmulator } from './test-support.js';

const h = useEmulator();

async function siteverify(fields: Record<string, string>, as: 'json' | 'form' = 'json'): Promise<SiteverifyAnswer> {
  const res = await fetch(`${h.emulator.url}/turnstile/v0/siteverify`, {
    method: 'POST',
    headers: { 'content-type': as === 'json' ? 'application/json' : 'application/x-www-form-urlencoded' },
    body: as === 'json' ? JSON.stringify(fields) : new URLSearchParams(fields).toString(),
  });
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toContain('application/json');
  return (await res.json()) as SiteverifyAnswer;
}

async function issue(sitekey: string, extra: Record<string, string> = {}): Promise<{ status: number; body: { token?: string; code?: string } }> {
  const res = await fetch(`${h.emulator.url}/turnstile/v0/emulator/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ sitekey, hostname: 'shop.test', ...extra }),
  });
  return { status: res.status, body: (await res.json()) as { token?: string; code?: string } };
}

describe('siteverify with the documented test secret keys', () => {
  it('the always-passes secret accepts the dummy token, form or JSON, with the test hostname', async () => {
    for (const as of ['json', 'form'] as const) {
      const answer = await siteverify({ secret: TEST_SECRETS.passes, response: DUMMY_TOKEN, remoteip: '203.0.113.7' }, as);
      expect(answer).toMatchObject({ success: true, 'error-codes': [], hostname: 'example.com', action: '', cdata: '' });
      expect(Date.parse(answer.challenge_ts!)).toBeGreaterThan(Date.now() - 5000);
    }
  });

  it('the always-fails secret answers invalid-input-response, the spent one timeout-or-duplicate', async () => {
    expect(await siteverify({ secret: TEST_SECRETS.fails, response: DUMMY_TOKEN })).toEqual({ success: false, 'error-codes': ['invalid-input-response'] });
    expect(await siteverify({ secret: TEST_SECRETS.spent, response: DUMMY_TOKEN })).toEqual({ success: false, 'error-codes': ['timeout-or-duplicate'] });
  });

  it('names what is missing or malformed', async () => {
    expect((await siteverify({ response: DUMMY_TOKEN }))['error-codes']).toEqual(['missing-input-secret']);
    expect((await siteverify({ secret: TEST_SECRETS.passes }))['error-codes']).toEqual(['missing-input-response']);
    expect((await siteverify({ secret: 'not-a-key', response: DUMMY_TOKEN }))['error-codes']).toEqual(['invalid-input-secret']);
    expect((await siteverify({ secret: TEST_SECRETS.passes, response: 'x'.repeat(2049) }))['error-codes']).toEqual(['invalid-input-response']);
    const res = await fetch(`${h.emulator.url}/turnstile/v0/siteverify`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{nope' });
    expect(await res.json()).toEqual({ success: false, 'error-codes': ['bad-request'] });
  });
});

describe('tokens the widget yields', () => {
  it('test sitekeys: passing ones give the dummy token, blocking ones none', async () => {
    expect(await issue(TEST_SITEKEYS.passes)).toEqual({ status: 200, body: { token: DUMMY_TOKEN, interactive: false } });
    expect(await issue(TEST_SITEKEYS.interactive)).toEqual({ status: 200, body: { token: DUMMY_TOKEN, interactive: true } });
    expect(await issue(TEST_SITEKEYS.blocks)).toEqual({ status: 403, body: { code: 'blocked' } });
    expect((await issue('0x4AAAAAAAunknown')).body).toEqual({ code: 'unknown_sitekey' });
  });

  it('a dev-widget token verifies once with its secret, carrying action and cdata; the dummy token does not', async () => {
    const { body } = await issue(DEV_WIDGET.sitekey, { action: 'drop-queue', cdata: 'drop_1' });
    const token = body.token!;
    expect(token).not.toBe(DUMMY_TOKEN);
    expect(await siteverify({ secret: DEV_WIDGET.secret, response: token })).toMatchObject({
      success: true,
      hostname: 'shop.test',
      action: 'drop-queue',
      cdata: 'drop_1',
      metadata: { interactive: true },
    });
    expect(await siteverify({ secret: DEV_WIDGET.secret, response: token })).toEqual({ success: false, 'error-codes': ['timeout-or-duplicate'] });
    expect((await siteverify({ secret: DEV_WIDGET.secret, response: DUMMY_TOKEN }))['error-codes']).toEqual(['invalid-input-response']);
  });

  it('a retry with the same idempotency_key gets the first answer again, another key does not', async () => {
    const token = (await issue(DEV_WIDGET.sitekey)).body.token!;
    const first = await siteverify({ secret: DEV_WIDGET.secret, response: token, idempotency_key: 'k-1' });
    expect(first.success).toBe(true);
    expect(await siteverify({ secret: DEV_WIDGET.secret, response: token, idempotency_key: 'k-1' })).toEqual(first);
    expect((await siteverify({ secret: DEV_WIDGET.secret, response: token, idempotency_key: 'k-2' }))['error-codes']).toEqual(['timeout-or-duplicate']);
  });

  it('a token expires 300 s after it was issued', async () => {
    const token = (await issue(DEV_WIDGET.sitekey)).body.token!;
    h.emulator.advanceClock(301);
    expect((await siteverify({ secret: DEV_WIDGET.secret, response: token }))['error-codes']).toEqual(['timeout-or-duplicate']);
  });

  it('serves the widget script, pointed at this emulator', async () => {
    const res = await fetch(`${h.emulator.url}/turnstile/v0/api.js`);
    expect(res.headers.get('content-type')).toContain('javascript');
    const script = await res.text();
    expect(script).toContain(JSON.stringify(h.emulator.url));
    expect(script).toContain('window.turnstile');
  });
});

describe('connections', () => {
  it('an idle keep-alive connection is kept 400 s, like Cloudflare’s edge (not Node’s 5 s)', async () => {
    const keepAlive = await new Promise<string | undefined>((resolve, reject) => {
      const req = request(`${h.emulator.url}/turnstile/v0/siteverify`, { method: 'POST', headers: { 'content-type': 'application/json', connection: 'keep-alive' } }, (res) => {
        res.resume();
        res.on('end', () => resolve(res.headers['keep-alive'] as string | undefined));
      });
      req.on('error', reject);
      req.end(JSON.stringify({ secret: TEST_SECRETS.passes, response: DUMMY_TOKEN }));
    });
    expect(keepAlive).toBe('timeout=400');
  });
});
