import Stripe from 'stripe';
import { describe, expect, it } from 'vitest';
import { eventOfType, expectStripeError, responseHeader, sessionParams, testClient, useEmulator, verifiedEvent } from './test-support.js';

const h = useEmulator();

describe('checkout sessions API', () => {
  it('creates, retrieves and lists hosted sessions', async () => {
    const session = await h.stripe.checkout.sessions.create(sessionParams());
    expect(session.id).toMatch(/^cs_test_/);
    expect(session).toMatchObject({
      object: 'checkout.session',
      amount_subtotal: 4200,
      amount_total: 4200,
      currency: 'usd',
      status: 'open',
      payment_status: 'unpaid',
      payment_intent: null,
      customer_details: null,
      customer_email: 'ada@example.com',
      client_reference_id: 'order_123',
      metadata: { orderId: 'order_123' },
      mode: 'payment',
      ui_mode: 'hosted_page',
      client_secret: null,
      livemode: false,
      url: `${h.emulator.url}/c/pay/${session.id}`,
    });
    const now = Math.floor(Date.now() / 1000);
    expect(session.expires_at - session.created).toBe(24 * 3600);
    expect(Math.abs(session.created - now)).toBeLessThan(5);

    const fetched = await h.stripe.checkout.sessions.retrieve(session.id, { expand: ['line_items'] });
    expect(fetched.id).toBe(session.id);
    expect(fetched.line_items?.data).toHaveLength(2);
    const lineItems = await h.stripe.checkout.sessions.listLineItems(session.id);
    expect(lineItems.data.map((i) => [i.description, i.quantity, i.amount_total])).toEqual([
      ['Ceramic mug', 2, 3000],
      ['Tea <sampler>', 1, 1200],
    ]);

    const second = await h.stripe.checkout.sessions.create(sessionParams());
    await h.stripe.checkout.sessions.expire(second.id);
    const open = await h.stripe.checkout.sessions.list({ status: 'open', limit: 10 });
    expect(open.data.map((s) => s.id)).toEqual([session.id]);
    const page = await h.stripe.checkout.sessions.list({ limit: 1 });
    expect(page).toMatchObject({ object: 'list', has_more: true, url: '/v1/checkout/sessions' });
    expect(page.data[0]!.id).toBe(second.id);
  });

  it('gives embedded sessions a client_secret and requires return_url', async () => {
    const embedded = await h.stripe.checkout.sessions.create({
      ...sessionParams({ success_url: undefined, cancel_url: undefined }),
      ui_mode: 'embedded_page',
      return_url: 'http://127.0.0.1:8787/checkout/return?session_id={CHECKOUT_SESSION_ID}',
    });
    expect(embedded.client_secret).toMatch(new RegExp(`^${embedded.id}_secret_`));
    expect(embedded.url).toBeNull();
    // No Embedded Checkout UI here, but the hosted page can still complete it, returning to return_url.
    const paid = await fetch(`${h.emulator.url}/c/pay/${embedded.id}/pay`, { method: 'POST', redirect: 'manual' });
    expect(paid.headers.get('location')).toBe(`http://127.0.0.1:8787/checkout/return?session_id=${embedded.id}`);
    const error = await expectStripeError(
      h.stripe.checkout.sessions.create({ ...sessionParams({ success_url: undefined, cancel_url: undefined }), ui_mode: 'embedded_page' }),
    );
    expect(error).toMatchObject({ type: 'StripeInvalidRequestError', code: 'parameter_missing', param: 'return_url' });
  });

  it('validates parameters like Stripe', async () => {
    const now = Math.floor(Date.now() / 1000);
    const tooSoon = await expectStripeError(h.stripe.checkout.sessions.create(sessionParams({ expires_at: now + 60 })));
    expect(tooSoon).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect(tooSoon).toMatchObject({ statusCode: 400, code: 'parameter_invalid', param: 'expires_at' });
    const tooLate = await expectStripeError(h.stripe.checkout.sessions.create(sessionParams({ expires_at: now + 25 * 3600 })));
    expect(tooLate.param).toBe('expires_at');
    const ok = await h.stripe.checkout.sessions.create(sessionParams({ expires_at: now + 3600 }));
    expect(ok.expires_at).toBe(now + 3600);

    const noMode = await expectStripeError(h.stripe.checkout.sessions.create({ ...sessionParams(), mode: undefined }));
    expect(noMode).toMatchObject({ code: 'parameter_missing', param: 'mode' });
    const zeroQuantity = await expectStripeError(
      h.stripe.checkout.sessions.create(
        sessionParams({ line_items: [{ price_data: { currency: 'usd', unit_amount: 100, product_data: { name: 'x' } }, quantity: 0 }] }),
      ),
    );
    expect(zeroQuantity.param).toBe('line_items[0][quantity]');
    const mixed = await expectStripeError(
      h.stripe.checkout.sessions.create(
        sessionParams({
          line_items: [
            { price_data: { currency: 'usd', unit_amount: 100, product_data: { name: 'a' } }, quantity: 1 },
            { price_data: { currency: 'eur', unit_amount: 100, product_data: { name: 'b' } }, quantity: 1 },
          ],
        }),
      ),
    );
    expect(mixed.param).toBe('line_items[1][price_data][currency]');
  });

  it('answers resource_missing, unknown URLs and bad keys with Stripe errors', async () => {
    const missing = await expectStripeError(h.stripe.checkout.sessions.retrieve('cs_test_nope'));
    expect(missing).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect(missing).toMatchObject({ statusCode: 404, code: 'resource_missing', message: "No such checkout.session: 'cs_test_nope'" });

    const unknown = await fetch(`${h.emulator.url}/v1/customers`, { headers: { authorization: 'Bearer sk_test_x' } });
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({ error: { type: 'invalid_request_error', message: expect.stringContaining('Unrecognized request URL (GET: /v1/customers)') } });

    const badKey = testClient('sk_live_nope', h.emulator.port);
    const auth = await expectStripeError(badKey.checkout.sessions.list());
    expect(auth).toBeInstanceOf(Stripe.errors.StripeAuthenticationError);
    expect(auth.message).toMatch(/^Invalid API Key provided: sk_live_/);
    const noKey = await fetch(`${h.emulator.url}/v1/checkout/sessions`);
    expect(noKey.status).toBe(401);
    expect(((await noKey.json()) as { error: { type: string } }).error.type).toBe('invalid_request_error');
  });

  it('replays idempotent requests and rejects a key reused with other parameters', async () => {
    const first = await h.stripe.checkout.sessions.create(sessionParams(), { idempotencyKey: 'checkout-order_123' });
    const again = await h.stripe.checkout.sessions.create(sessionParams(), { idempotencyKey: 'checkout-order_123' });
    expect(again.id).toBe(first.id);
    expect(responseHeader(again, 'idempotent-replayed')).toBe('true');
    expect(responseHeader(first, 'idempotent-replayed')).toBeNull();
    expect((await h.stripe.checkout.sessions.list()).data).toHaveLength(1);

    const mismatch = await expectStripeError(
      h.stripe.checkout.sessions.create(sessionParams({ customer_email: 'bob@example.com' }), { idempotencyKey: 'checkout-order_123' }),
    );
    expect(mismatch).toBeInstanceOf(Stripe.errors.StripeIdempotencyError);
    expect(mismatch.message).toMatch(/^Keys for idempotent requests can only be used with the same parameters/);

    const otherAccount = testClient('sk_test_other', h.emulator.port);
    const scoped = await otherAccount.checkout.sessions.create(sessionParams(), { idempotencyKey: 'checkout-order_123' });
    expect(scoped.id).not.toBe(first.id);

    // Validation failures are not stored: the same key still works once the request is fixed.
    await expectStripeError(h.stripe.checkout.sessions.create({ ...sessionParams(), mode: undefined }, { idempotencyKey: 'k2' }));
    const fixed = await h.stripe.checkout.sessions.create(sessionParams({ client_reference_id: 'x' }), { idempotencyKey: 'k2' });
    expect(fixed.client_reference_id).toBe('x');
  });

  it('expires open sessions through the API and by itself when expires_at passes', async () => {
    const session = await h.stripe.checkout.sessions.create(sessionParams());
    const expired = await h.stripe.checkout.sessions.expire(session.id);
    expect(expired.status).toBe('expired');
    verifiedEvent(await h.receiver.waitFor(eventOfType('checkout.session.expired', session.id)));
    const twice = await expectStripeError(h.stripe.checkout.sessions.expire(session.id));
    expect(twice.message).toBe('Only Checkout Sessions with a status in ["open"] can be expired.');

    const now = Math.floor(Date.now() / 1000);
    const short = await h.stripe.checkout.sessions.create(sessionParams({ expires_at: now + 31 * 60 }));
    await h.control('/clock', { advanceSeconds: 32 * 60 });
    const event = verifiedEvent(await h.receiver.waitFor(eventOfType('checkout.session.expired', short.id)));
    expect((event.data.object as Stripe.Checkout.Session).status).toBe('expired');
    expect((await h.stripe.checkout.sessions.retrieve(short.id)).status).toBe('expired');
  });
});

describe('payments and webhooks', () => {
  it('pays through the control API and delivers a verifiable checkout.session.completed', async () => {
    const session = await h.stripe.checkout.sessions.create(sessionParams());
    const paid = await h.control(`/sessions/${session.id}/pay`);
    expect(paid.json).toMatchObject({ status: 'complete', payment_status: 'paid', customer_details: { email: 'ada@example.com' } });
    const event = verifiedEvent(await h.receiver.waitFor(eventOfType('checkout.session.completed', session.id)));
    expect(event).toMatchObject({ object: 'event', api_version: Stripe.API_VERSION, livemode: false, pending_webhooks: 1 });
    expect(event.id).toMatch(/^evt_/);
    const object = event.data.object as Stripe.Checkout.Session;
    expect(object).toMatchObject({ id: session.id, status: 'complete', payment_status: 'paid', metadata: { orderId: 'order_123' } });
    expect(object.payment_intent).toMatch(/^pi_/);
    const byIntent = await h.stripe.checkout.sessions.list({ payment_intent: object.payment_intent as string });
    expect(byIntent.data.map((s) => s.id)).toEqual([session.id]);
  });

  it('serves the hosted page: decline keeps the session open, Pay redirects to success_url', async () => {
    const session = await h.stripe.checkout.sessions.create(sessionParams());
    const page = await (await fetch(session.url!)).text();
    expect(page).toContain('Edgefront test checkout (local Stripe emulator)');
    expect(page).toContain('Ceramic mug');
    expect(page).toContain('Tea &lt;sampler&gt;');
    expect(page).toContain('$42.00');
    expect(page).toContain('ada@example.com');
    for (const name of ['Pay', 'Decline', 'Pay later (async)']) expect(page).toContain(`>${name}</button>`);
    expect(page).toContain('href="http://127.0.0.1:8787/cart">Back to the store</a>');

    const declined = await fetch(`${session.url}/decline`, { method: 'POST', body: 'action=decline', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(declined.status).toBe(402);
    expect(await declined.text()).toContain('Your card was declined.');
    expect((await h.stripe.checkout.sessions.retrieve(session.id)).status).toBe('open');

    const paid = await fetch(`${session.url}/pay`, { method: 'POST', redirect: 'manual' });
    expect(paid.status).toBe(303);
    expect(paid.headers.get('location')).toBe(`http://127.0.0.1:8787/checkout/success?session_id=${session.id}`);
    verifiedEvent(await h.receiver.waitFor(eventOfType('checkout.session.completed', session.id)));
    const after = await (await fetch(session.url!)).text();
    expect(after).toContain('Payment complete');
    expect(after).not.toContain('>Pay</button>');
  });

  it('retries a failed delivery and gives up after the schedule', async () => {
    h.receiver.failNext = 1;
    const session = await h.stripe.checkout.sessions.create(sessionParams());
    h.emulator.pay(session.id);
    await h.receiver.waitFor(eventOfType('checkout.session.completed', session.id));
    const [item] = await h.outbox(`?session=${session.id}&type=checkout.session.completed`);
    expect(item).toMatchObject({ attempts: 2, delivered: true, lastStatus: 200 });

    h.receiver.failNext = 100;
    const doomed = await h.stripe.checkout.sessions.create(sessionParams());
    await h.stripe.checkout.sessions.expire(doomed.id);
    await expect.poll(async () => (await h.outbox(`?session=${doomed.id}`))[0]?.failed, { timeout: 2000 }).toBe(true);
    expect((await h.outbox(`?session=${doomed.id}`))[0]).toMatchObject({ attempts: 3, delivered: false, lastStatus: 500 });
  });

  it('runs the async payment flow: hosted "Pay later" succeeds by itself, the control API can fail it', async () => {
    const session = await h.stripe.checkout.sessions.create(sessionParams());
    const response = await fetch(`${session.url}/pay-async`, { method: 'POST', redirect: 'manual' });
    expect(response.status).toBe(303);
    const completed = verifiedEvent(await h.receiver.waitFor(eventOfType('checkout.session.completed', session.id)));
    expect((completed.data.object as Stripe.Checkout.Session).payment_status).toBe('unpaid');
    const succeeded = verifiedEvent(await h.receiver.waitFor(eventOfType('checkout.session.async_payment_succeeded', session.id)));
    expect((succeeded.data.object as Stripe.Checkout.Session).payment_status).toBe('paid');

    const other = await h.stripe.checkout.sessions.create(sessionParams());
    expect((await h.control(`/sessions/${other.id}/pay`, { async: true })).json).toMatchObject({ status: 'complete', payment_status: 'unpaid' });
    expect((await h.control(`/sessions/${other.id}/async-result`, { succeeded: false })).status).toBe(200);
    verifiedEvent(await h.receiver.waitFor(eventOfType('checkout.session.async_payment_failed', other.id)));
    const refused = await expectStripeError(h.stripe.refunds.create({ payment_intent: (await h.stripe.checkout.sessions.retrieve(other.id)).payment_intent as string }));
    expect(refused.statusCode).toBe(400);
  });

  it('pays an expired session only when forced', async () => {
    const session = await h.stripe.checkout.sessions.create(sessionParams());
    await h.control(`/sessions/${session.id}/expire`);
    expect((await h.control(`/sessions/${session.id}/pay`)).status).toBe(400);
    const forced = await h.control(`/sessions/${session.id}/pay`, { force: true });
    expect(forced.json).toMatchObject({ status: 'complete', payment_status: 'paid' });
    const declined = await h.control(`/sessions/${session.id}/decline`);
    expect(declined.status).toBe(400);
  });

  it('refunds a paid session, emits charge.refunded and refuses over-refunds', async () => {
    const session = await h.stripe.checkout.sessions.create(sessionParams());
    const paymentIntent = h.emulator.pay(session.id).payment_intent as string;
    const partial = await h.stripe.refunds.create({ payment_intent: paymentIntent, amount: 1000, metadata: { reason: 'broken mug' } }, { idempotencyKey: 'refund-1' });
    expect(partial).toMatchObject({ object: 'refund', amount: 1000, currency: 'usd', status: 'succeeded', payment_intent: paymentIntent, metadata: { reason: 'broken mug' } });
    expect(partial.id).toMatch(/^re_/);
    expect((await h.stripe.refunds.retrieve(partial.id)).amount).toBe(1000);
    const tooLarge = await expectStripeError(h.stripe.refunds.create({ payment_intent: paymentIntent, amount: 5000 }));
    expect(tooLarge).toMatchObject({ code: 'amount_too_large', param: 'amount' });
    const rest = await h.stripe.refunds.create({ payment_intent: paymentIntent });
    expect(rest.amount).toBe(3200);
    const already = await expectStripeError(h.stripe.refunds.create({ payment_intent: paymentIntent }));
    expect(already.code).toBe('charge_already_refunded');

    await expect.poll(() => h.receiver.received.filter(eventOfType('charge.refunded')).length).toBe(2);
    const charges = h.receiver.received.filter(eventOfType('charge.refunded')).map((r) => verifiedEvent(r).data.object as Stripe.Charge);
    expect(charges.map((c) => [c.amount_refunded, c.refunded])).toEqual(expect.arrayContaining([[1000, false], [4200, true]]));
    expect(charges[0]!.payment_intent).toBe(paymentIntent);

    const missing = await expectStripeError(h.stripe.refunds.create({ payment_intent: 'pi_nope' }));
    expect(missing).toMatchObject({ statusCode: 404, code: 'resource_missing' });
  });
});
