import { describe, expect, it } from 'vitest';
import type { Mail } from './index.js';
import { useEmulator } from './test-support.js';

const h = useEmulator();

interface Answer {
  status: number;
  json: Record<string, unknown>;
  headers: Headers;
}

async function send(body: unknown, options: { key?: string; apiKey?: string | null; raw?: string } = {}): Promise<Answer> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (options.apiKey !== null) headers.authorization = `Bearer ${options.apiKey ?? 're_test_mailbox'}`;
  if (options.key !== undefined) headers['idempotency-key'] = options.key;
  const res = await fetch(`${h.emulator.url}/emails`, { method: 'POST', headers, body: options.raw ?? JSON.stringify(body) });
  return { status: res.status, json: (await res.json()) as Record<string, unknown>, headers: res.headers };
}

async function mailTo(to?: string): Promise<Mail[]> {
  const res = await fetch(`${h.emulator.url}/_mail${to === undefined ? '' : `?to=${encodeURIComponent(to)}`}`);
  expect(res.headers.get('content-type')).toContain('application/json');
  return ((await res.json()) as { items: Mail[] }).items;
}

const mail = (overrides: Record<string, unknown> = {}) => ({
  from: 'Edgefront <orders@edgefront.test>',
  to: ['ada@example.com'],
  subject: 'Your order is confirmed',
  html: '<p>Thanks!</p>',
  text: 'Thanks!',
  tags: [{ name: 'kind', value: 'order_confirmation' }],
  ...overrides,
});

describe('POST /emails (Resend)', () => {
  it('accepts a mail and lists it by recipient, newest first, ignoring case', async () => {
    const first = await send(mail());
    expect(first.status).toBe(200);
    expect(first.json.id).toMatch(/^[0-9a-f-]{36}$/);
    const second = await send(mail({ to: 'Ada Lovelace <ADA@example.com>', subject: 'Shipped' }));
    await send(mail({ to: 'bob@example.com' }));

    const items = await mailTo('Ada@Example.com');
    expect(items.map((m) => m.subject)).toEqual(['Shipped', 'Your order is confirmed']);
    expect(items[0]).toMatchObject({ id: second.json.id, to: ['Ada Lovelace <ADA@example.com>'], from: 'Edgefront <orders@edgefront.test>' });
    expect(items[1]).toMatchObject({ id: first.json.id, html: '<p>Thanks!</p>', text: 'Thanks!', tags: [{ name: 'kind', value: 'order_confirmation' }] });
    expect(Date.parse(items[1]!.sentAt)).toBeGreaterThan(Date.now() - 5000);
    expect(await mailTo()).toHaveLength(3);
    expect(h.emulator.mail('bob@example.com')).toHaveLength(1);
  });

  it('sends once per Idempotency-Key and refuses the key with another body', async () => {
    const first = await send(mail(), { key: 'order-confirmation/ord_1' });
    const again = await send(mail(), { key: 'order-confirmation/ord_1' });
    expect(again).toMatchObject({ status: 200, json: { id: first.json.id } });
    expect(await mailTo('ada@example.com')).toHaveLength(1);

    const changed = await send(mail({ subject: 'Other' }), { key: 'order-confirmation/ord_1' });
    expect(changed).toMatchObject({
      status: 409,
      json: { statusCode: 409, name: 'invalid_idempotent_request', message: 'Same idempotency key used with a different request payload.' },
    });
    const otherAccount = await send(mail(), { key: 'order-confirmation/ord_1', apiKey: 're_other' });
    expect(otherAccount.json.id).not.toBe(first.json.id);
    expect((await send(mail(), { key: 'x'.repeat(257) })).json).toMatchObject({ statusCode: 400, name: 'invalid_idempotency_key' });

    // A refused request is not remembered: the same key works once the body is fixed.
    expect((await send(mail({ to: undefined }), { key: 'k2' })).status).toBe(422);
    expect((await send(mail(), { key: 'k2' })).status).toBe(200);
  });

  it('validates like Resend', async () => {
    for (const field of ['from', 'to', 'subject']) {
      expect(await send(mail({ [field]: undefined }))).toMatchObject({
        status: 422,
        json: { statusCode: 422, name: 'missing_required_field', message: `Missing \`${field}\` field.` },
      });
    }
    expect((await send(mail({ to: [] }))).json.name).toBe('missing_required_field');
    expect((await send(mail({ from: 'edgefront.test' }))).json).toMatchObject({ statusCode: 422, name: 'invalid_from_address' });
    const badTo = await send(mail({ to: ['ada@example.com', 'not an address'] }));
    expect(badTo.json).toEqual({
      statusCode: 422,
      name: 'validation_error',
      message: 'Invalid `to` field. The email address needs to follow the `email@example.com` or `Name <email@example.com>` format.',
    });
    const many = Array.from({ length: 51 }, (_, i) => `u${i}@example.com`);
    expect((await send(mail({ to: many }))).json.name).toBe('validation_error');
    expect((await send(mail({ tags: [{ name: 'order id', value: 'x' }] }))).json.name).toBe('validation_error');
    expect((await send(mail({ scheduled_at: 'in 1 min' }))).json.message).toBe('Invalid `scheduled_at` field. The local mailbox does not emulate it.');
    expect((await send(null, { raw: '{"from":' })).json).toMatchObject({ statusCode: 400, name: 'validation_error' });
    expect(await send(mail(), { apiKey: null })).toMatchObject({ status: 401, json: { name: 'missing_api_key' } });
    expect(await send(mail(), { apiKey: 'sk_test_stripe' })).toMatchObject({ status: 403, json: { name: 'invalid_api_key' } });
    expect((await fetch(`${h.emulator.url}/emails`)).status).toBe(405);
    expect(await mailTo()).toEqual([]);
  });

  it('answers injected faults in Resend shape, scoped by requestIncludes', async () => {
    await h.control('/faults', { path: '/emails', status: 500, requestIncludes: 'bob@example.com' });
    await h.control('/faults', { path: '/emails', status: 429, requestIncludes: 'carol@example.com' });
    expect((await send(mail())).status).toBe(200);
    const failed = await send(mail({ to: 'bob@example.com' }));
    expect(failed).toMatchObject({ status: 500, json: { statusCode: 500, name: 'application_error' } });
    const limited = await send(mail({ to: 'carol@example.com' }));
    expect(limited).toMatchObject({ status: 429, json: { statusCode: 429, name: 'rate_limit_exceeded' } });
    expect(limited.headers.get('retry-after')).toBe('1');
    expect(await mailTo('bob@example.com')).toEqual([]);
    expect((await send(mail({ to: 'bob@example.com' }))).status).toBe(200);
  });
});

describe('GET /_mail pages', () => {
  const page = async (path: string) => {
    const res = await fetch(`${h.emulator.url}${path}`, { headers: { accept: 'text/html,application/xhtml+xml' } });
    return { status: res.status, csp: res.headers.get('content-security-policy'), html: await res.text() };
  };

  it('lists mail newest first with a filter box, escaping what mails contain', async () => {
    await send(mail({ subject: 'First <b>one</b>' }));
    await send(mail({ subject: 'Second', to: 'bob@example.com' }));
    const all = await page('/_mail');
    expect(all.status).toBe(200);
    expect(all.csp).toContain("script-src 'none'");
    expect(all.html).toContain('<label for="to">Recipient</label>');
    expect(all.html).toContain('First &lt;b&gt;one&lt;/b&gt;');
    expect(all.html.indexOf('Second')).toBeLessThan(all.html.indexOf('First &lt;b&gt;'));
    const filtered = await page('/_mail?to=BOB%40example.com');
    expect(filtered.html).toContain('value="BOB@example.com"');
    expect(filtered.html).toContain('>Second</a>');
    expect(filtered.html).not.toContain('First');
    expect((await page('/_mail?to=nobody%40example.com')).html).toContain('No mail to nobody@example.com.');
  });

  it('shows one mail: its HTML in a sandboxed iframe, its text beside it', async () => {
    const { json } = await send(mail({ html: '<h1>Hi</h1><script>alert(1)</script>', text: 'Hi <there>' }));
    const shown = await page(`/_mail/${json.id}`);
    expect(shown.status).toBe(200);
    expect(shown.html).toContain('sandbox=""');
    expect(shown.html).toContain('srcdoc="&lt;h1&gt;Hi&lt;/h1&gt;&lt;script&gt;alert(1)&lt;/script&gt;"');
    expect(shown.html).not.toContain('<script>');
    expect(shown.html).toContain('<pre>Hi &lt;there&gt;</pre>');
    expect(shown.html).toContain('kind=order_confirmation');

    const asJson = await fetch(`${h.emulator.url}/_mail/${json.id}`);
    expect(await asJson.json()).toMatchObject({ id: json.id, subject: 'Your order is confirmed' });
    expect((await page('/_mail/nope')).status).toBe(404);
    expect((await fetch(`${h.emulator.url}/_mail/nope`)).status).toBe(404);
  });

  it('is emptied by DELETE /_mail and by reset', async () => {
    await send(mail());
    const cleared = await fetch(`${h.emulator.url}/_mail`, { method: 'DELETE' });
    expect(await cleared.json()).toEqual({ deleted: 1 });
    expect(await mailTo()).toEqual([]);
    await send(mail(), { key: 'reset-me' });
    await h.control('/reset');
    expect(await mailTo()).toEqual([]);
    // The idempotency key went with it.
    expect((await send(mail({ subject: 'New' }), { key: 'reset-me' })).status).toBe(200);
  });
});
