import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { resendSender } from './resend-sender';
import { EmailRejectedError, EmailUnavailableError, type OutgoingEmail } from './sender';
import { orderConfirmation } from './templates';

// The local mailbox lives in the Stripe emulator the workers project starts (test/emulator-setup.ts).
const MAILBOX = env.STRIPE_API_BASE;
const sender = resendSender({ apiKey: 're_test_edgefront', apiBase: MAILBOX, timeoutMs: 1500 });

interface Mail {
  id: string;
  to: string[];
  from: string;
  subject: string;
  html: string | null;
  text: string | null;
  tags: { name: string; value: string }[];
}

/** Tests share one mailbox: each writes to its own address and reads only that. */
const uniqueAddress = () => `shopper+${crypto.randomUUID()}@example.com`;

async function mailTo(address: string): Promise<Mail[]> {
  const res = await fetch(`${MAILBOX}/_mail?to=${encodeURIComponent(address)}`);
  expect(res.status).toBe(200);
  return ((await res.json()) as { items: Mail[] }).items;
}

async function fault(rule: Record<string, unknown>): Promise<void> {
  const res = await fetch(`${MAILBOX}/_emulator/faults`, { method: 'POST', body: JSON.stringify({ path: '/emails', ...rule }) });
  expect(res.status).toBe(200);
}

function message(to: string, overrides: Partial<OutgoingEmail> = {}): OutgoingEmail {
  return {
    to,
    from: 'Edgefront <orders@edgefront.test>',
    subject: 'Your order is confirmed',
    html: '<p>Thanks!</p>',
    text: 'Thanks!',
    idempotencyKey: `order-confirmation/${crypto.randomUUID()}`,
    tags: { kind: 'order_confirmation' },
    ...overrides,
  };
}

async function failure(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => expect.unreachable('the send should have failed'),
    (err: unknown) => err,
  );
}

describe('resendSender against the local mailbox', () => {
  it('sends a rendered order mail over HTTP', async () => {
    const to = uniqueAddress();
    const rendered = orderConfirmation({
      orderId: 'ord_mailtest0000000000000',
      orderNumber: 1001,
      orderUrl: 'https://shop.example/orders/ord_mailtest0000000000000',
      email: to,
      lines: [{ title: 'Ceramic mug', variantTitle: 'Blue', quantity: 2, lineTotal: { amount: 3000, currency: 'usd' } }],
      subtotal: { amount: 3000, currency: 'usd' },
      discounts: [],
      shipping: { amount: 500, currency: 'usd' },
      shippingMethod: 'Standard',
      taxes: [],
      taxIncluded: false,
      total: { amount: 3500, currency: 'usd' },
      shippingAddressLines: ['Ada Lovelace', '1 Main St', 'Springfield'],
    });
    const { id } = await sender.send(message(to, rendered));
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    const [mail, ...more] = await mailTo(to);
    expect(more).toEqual([]);
    expect(mail).toMatchObject({
      id,
      to: [to],
      from: 'Edgefront <orders@edgefront.test>',
      subject: rendered.subject,
      html: rendered.html,
      text: rendered.text,
      tags: [{ name: 'kind', value: 'order_confirmation' }],
    });
  });

  it('sends one mail for one idempotency key, however often it is sent', async () => {
    const to = uniqueAddress();
    const first = await sender.send(message(to, { idempotencyKey: `order-confirmation/${to}` }));
    const again = await sender.send(message(to, { idempotencyKey: `order-confirmation/${to}` }));
    expect(again.id).toBe(first.id);
    expect(await mailTo(to)).toHaveLength(1);

    const changed = await failure(sender.send(message(to, { idempotencyKey: `order-confirmation/${to}`, subject: 'Other' })));
    expect(changed).toBeInstanceOf(EmailRejectedError);
    expect((changed as EmailRejectedError).code).toBe('invalid_idempotent_request');
  });

  it('maps mailbox faults to "unavailable" and refusals to "rejected"', async () => {
    const to = uniqueAddress();
    await fault({ status: 500, requestIncludes: to });
    const down = await failure(sender.send(message(to)));
    expect(down).toBeInstanceOf(EmailUnavailableError);
    expect((down as Error).message).toContain('application_error');

    await fault({ status: 429, requestIncludes: to });
    const limited = await failure(sender.send(message(to)));
    expect(limited).toBeInstanceOf(EmailUnavailableError);
    expect((limited as EmailUnavailableError).retryAfterSeconds).toBe(1);
    expect(await mailTo(to)).toEqual([]);

    const bad = await failure(sender.send(message('not an address')));
    expect(bad).toBeInstanceOf(EmailRejectedError);
    expect((bad as EmailRejectedError).code).toBe('validation_error');
    const badKey = await failure(resendSender({ apiKey: 'sk_test_wrong', apiBase: MAILBOX }).send(message(to)));
    expect((badKey as EmailRejectedError).code).toBe('invalid_api_key');
  });

  it('is unavailable when the mailbox is unreachable or slow, and the retry sends once', async () => {
    const unreachable = await failure(resendSender({ apiKey: 're_x', apiBase: 'http://127.0.0.1:9' }).send(message(uniqueAddress())));
    expect(unreachable).toBeInstanceOf(EmailUnavailableError);

    const to = uniqueAddress();
    const slow = message(to);
    await fault({ delayMs: 600, requestIncludes: to });
    const timedOut = await failure(resendSender({ apiKey: 're_test_edgefront', apiBase: MAILBOX, timeoutMs: 150 }).send(slow));
    expect(timedOut).toBeInstanceOf(EmailUnavailableError);
    // The timed-out request still lands; retried with its key, the shopper gets one mail.
    const retried = await sender.send(slow);
    await expect.poll(async () => (await mailTo(to)).map((m) => m.id), { timeout: 3000 }).toEqual([retried.id]);
    await new Promise((resolve) => setTimeout(resolve, 700));
    expect(await mailTo(to)).toHaveLength(1);
  });
});
