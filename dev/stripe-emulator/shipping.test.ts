import Stripe from 'stripe';
import { describe, expect, it } from 'vitest';
import { eventOfType, expectStripeError, sessionParams, useEmulator, verifiedEvent } from './test-support.js';

const h = useEmulator();

const standard: Stripe.Checkout.SessionCreateParams.ShippingOption = {
  shipping_rate_data: {
    type: 'fixed_amount',
    display_name: 'Standard <post>',
    fixed_amount: { amount: 500, currency: 'usd' },
    delivery_estimate: { minimum: { unit: 'business_day', value: 3 }, maximum: { unit: 'business_day', value: 5 } },
  },
};
const express: Stripe.Checkout.SessionCreateParams.ShippingOption = {
  shipping_rate_data: { type: 'fixed_amount', display_name: 'Express', fixed_amount: { amount: 1500, currency: 'usd' } },
};
const shipping: Stripe.Checkout.SessionCreateParams.PaymentIntentData.Shipping = {
  name: 'Ada Lovelace',
  phone: '+44 20 7946 0000',
  address: { line1: '12 St James’s Square', line2: 'Flat <2>', city: 'London', postal_code: 'SW1Y 4JH', country: 'GB' },
};
// The store sends each line as quantity 1 at the line's net amount (after discounts).
const netLines: Stripe.Checkout.SessionCreateParams.LineItem[] = [
  { price_data: { currency: 'usd', unit_amount: 2700, product_data: { name: 'Ceramic mug × 2' } }, quantity: 1 },
  { price_data: { currency: 'usd', unit_amount: 1080, product_data: { name: 'Tea sampler' } }, quantity: 1 },
];

describe('checkout sessions with shipping', () => {
  it('adds the selected shipping rate to the total and echoes the options', async () => {
    const session = await h.stripe.checkout.sessions.create(sessionParams({ line_items: netLines, shipping_options: [standard, express] }));
    expect(session.amount_subtotal).toBe(3780);
    expect(session.amount_total).toBe(4280);
    expect(session.shipping_cost).toEqual({ amount_subtotal: 500, amount_tax: 0, amount_total: 500, shipping_rate: expect.stringMatching(/^shr_/) });
    expect(session.shipping_options).toEqual([
      { shipping_amount: 500, shipping_rate: session.shipping_cost!.shipping_rate },
      { shipping_amount: 1500, shipping_rate: expect.stringMatching(/^shr_/) },
    ]);
    expect(session.shipping_options[1]!.shipping_rate).not.toBe(session.shipping_options[0]!.shipping_rate);
    expect(session.collected_information).toBeNull();
    const items = await h.stripe.checkout.sessions.listLineItems(session.id);
    expect(items.data.map((i) => [i.quantity, i.amount_total])).toEqual([
      [1, 2700],
      [1, 1080],
    ]);

    const plain = await h.stripe.checkout.sessions.create(sessionParams());
    expect(plain).toMatchObject({ amount_subtotal: 4200, amount_total: 4200, shipping_cost: null, shipping_options: [] });

    // The charge is the whole total: a refund without an amount gives back the shipping too.
    const paymentIntent = h.emulator.pay(session.id).payment_intent as string;
    expect((await h.stripe.refunds.create({ payment_intent: paymentIntent })).amount).toBe(4280);
  });

  it('records the address on the payment intent and in collected_information once paid', async () => {
    const session = await h.stripe.checkout.sessions.create(
      sessionParams({ shipping_options: [standard], payment_intent_data: { shipping } }),
    );
    expect(session.collected_information).toBeNull();
    await h.control(`/sessions/${session.id}/pay`);
    const event = verifiedEvent(await h.receiver.waitFor(eventOfType('checkout.session.completed', session.id)));
    const expectedAddress = { line1: '12 St James’s Square', line2: 'Flat <2>', city: 'London', state: null, postal_code: 'SW1Y 4JH', country: 'GB' };
    const completed = event.data.object as Stripe.Checkout.Session;
    expect(completed.collected_information).toEqual({
      business_name: null,
      individual_name: null,
      shipping_details: { name: 'Ada Lovelace', address: expectedAddress },
    });
    expect(completed).not.toHaveProperty('shipping_details');
    expect((await h.stripe.checkout.sessions.retrieve(session.id)).collected_information?.shipping_details?.address).toEqual(expectedAddress);

    const intent = await h.stripe.paymentIntents.retrieve(completed.payment_intent as string);
    expect(intent).toMatchObject({
      object: 'payment_intent',
      amount: 4700,
      amount_received: 4700,
      currency: 'usd',
      status: 'succeeded',
      shipping: { name: 'Ada Lovelace', phone: '+44 20 7946 0000', carrier: null, tracking_number: null, address: expectedAddress },
    });
    expect(await expectStripeError(h.stripe.paymentIntents.retrieve('pi_nope'))).toMatchObject({ statusCode: 404, code: 'resource_missing' });

    const unshipped = await h.stripe.checkout.sessions.create(sessionParams());
    expect(h.emulator.pay(unshipped.id).collected_information).toEqual({ business_name: null, individual_name: null, shipping_details: null });
  });

  it('shows the shipping line and the address on the hosted page, escaped', async () => {
    const session = await h.stripe.checkout.sessions.create(
      sessionParams({ shipping_options: [standard], payment_intent_data: { shipping } }),
    );
    const page = await (await fetch(session.url!)).text();
    expect(page).toContain('Subtotal</th><td class="num">$42.00');
    expect(page).toContain('Shipping: Standard &lt;post&gt; <span class="muted">(arrives in 3–5 business days)</span></th><td class="num">$5.00');
    expect(page).toContain('<strong>$47.00</strong>');
    expect(page).toContain('<address>Ada Lovelace<br>12 St James’s Square<br>Flat &lt;2&gt;<br>SW1Y 4JH London<br>GB<br>+44 20 7946 0000</address>');
  });

  it('refuses bad shipping parameters as Stripe does, naming the param', async () => {
    const rate = (data: Record<string, unknown>) => ({ shipping_rate_data: { ...standard.shipping_rate_data, ...data } }) as Stripe.Checkout.SessionCreateParams.ShippingOption;
    const refused = async (overrides: Partial<Stripe.Checkout.SessionCreateParams>) => {
      const error = await expectStripeError(h.stripe.checkout.sessions.create(sessionParams(overrides)));
      expect(error).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
      return { code: error.code, param: error.param };
    };
    const at = 'shipping_options[0][shipping_rate_data]';
    expect(await refused({ shipping_options: [rate({ display_name: undefined })] })).toEqual({ code: 'parameter_missing', param: `${at}[display_name]` });
    expect(await refused({ shipping_options: [rate({ fixed_amount: undefined })] })).toEqual({ code: 'parameter_missing', param: `${at}[fixed_amount]` });
    expect(await refused({ shipping_options: [rate({ fixed_amount: { amount: '5.00', currency: 'usd' } })] })).toEqual({
      code: 'parameter_invalid_integer',
      param: `${at}[fixed_amount][amount]`,
    });
    expect(await refused({ shipping_options: [rate({ fixed_amount: { amount: 500, currency: 'eur' } })] })).toEqual({
      code: 'parameter_invalid',
      param: `${at}[fixed_amount][currency]`,
    });
    expect(await refused({ shipping_options: [standard, rate({ delivery_estimate: { minimum: { unit: 'fortnight', value: 1 } } })] })).toEqual({
      code: 'parameter_invalid',
      param: 'shipping_options[1][shipping_rate_data][delivery_estimate][minimum][unit]',
    });
    expect(await refused({ shipping_options: Array.from({ length: 6 }, () => standard) })).toEqual({ code: 'parameter_invalid', param: 'shipping_options' });
    expect(await refused({ payment_intent_data: { shipping: { ...shipping, name: undefined as unknown as string } } })).toEqual({
      code: 'parameter_missing',
      param: 'payment_intent_data[shipping][name]',
    });
    expect(await refused({ payment_intent_data: { shipping: { name: 'Ada', address: { city: 'London' } as Stripe.ShippingAddressParam } } })).toEqual({
      code: 'parameter_missing',
      param: 'payment_intent_data[shipping][address][line1]',
    });
    expect(await refused({ payment_intent_data: { shipping: { name: 'Ada', address: { line1: 'x', country: 'Britain' } } } })).toEqual({
      code: 'parameter_invalid',
      param: 'payment_intent_data[shipping][address][country]',
    });
  });
});
