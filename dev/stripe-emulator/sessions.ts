import type { SessionInput } from './checkout-params.js';
import type { ShippingRateInput } from './shipping-params.js';
import type { Clock } from './clock.js';
import { invalidRequest, resourceMissing, stateConflict } from './errors.js';
import { newId, randomToken } from './ids.js';
import type { CheckoutSession, LineItem, ListResponse, PaymentIntentShipping } from './types.js';

/** A ShippingRate made from `shipping_rate_data` (not an API resource here). */
export interface ShippingRate extends ShippingRateInput {
  id: string;
}

export interface SessionRecord {
  session: CheckoutSession;
  lineItems: LineItem[];
  shippingRates: ShippingRate[];
  /** `payment_intent_data[shipping]`: the payment intent's `shipping` once there is one. */
  shipping: PaymentIntentShipping | null;
  paymentIntentCreated: number;
  /** Set once money has actually moved (sync pay, or async success). */
  chargeId: string | null;
  chargeCreated: number;
  amountRefunded: number;
  asyncPending: boolean;
  declines: number;
  seq: number;
}

export type SessionEventType =
  | 'checkout.session.completed'
  | 'checkout.session.expired'
  | 'checkout.session.async_payment_succeeded'
  | 'checkout.session.async_payment_failed';

export interface PayOptions {
  async?: boolean;
  /** Control API only: pay a session that already expired (a payment racing the hold's expiry). */
  force?: boolean;
}

export interface ListFilter {
  limit: number;
  status?: string;
  paymentIntent?: string;
  startingAfter?: string;
}

/** Checkout sessions and their state machine: open → complete | expired. */
export class SessionStore {
  private readonly records = new Map<string, SessionRecord>();
  private readonly byPaymentIntent = new Map<string, SessionRecord>();
  private readonly byCharge = new Map<string, SessionRecord>();
  private seq = 0;

  constructor(
    private readonly clock: Clock,
    private readonly publicUrl: () => string,
    private readonly emit: (type: SessionEventType, record: SessionRecord) => void,
  ) {}

  create(input: SessionInput): CheckoutSession {
    const now = this.clock.nowSeconds();
    const id = newId('cs_test_', 58);
    const lineItems: LineItem[] = input.lines.map((line) => ({
      id: newId('li_'),
      object: 'item',
      amount_discount: 0,
      amount_subtotal: line.unitAmount * line.quantity,
      amount_tax: 0,
      amount_total: line.unitAmount * line.quantity,
      currency: input.currency,
      description: line.name,
      quantity: line.quantity,
      price: {
        id: newId('price_'),
        object: 'price',
        currency: input.currency,
        unit_amount: line.unitAmount,
        product: newId('prod_', 14),
        type: 'one_time',
      },
    }));
    const subtotal = lineItems.reduce((sum, item) => sum + item.amount_total, 0);
    const shippingRates = input.shippingRates.map((rate) => ({ ...rate, id: newId('shr_') }));
    const selected = shippingRates[0];
    const session: CheckoutSession = {
      id,
      object: 'checkout.session',
      amount_subtotal: subtotal,
      amount_total: subtotal + (selected?.amount ?? 0),
      cancel_url: input.cancelUrl,
      client_reference_id: input.clientReferenceId,
      client_secret: input.embedded ? `${id}_secret_${randomToken(24)}` : null,
      collected_information: null,
      created: now,
      currency: input.currency,
      customer: null,
      customer_details: null,
      customer_email: input.customerEmail,
      expires_at: input.expiresAt,
      livemode: false,
      metadata: input.metadata,
      mode: 'payment',
      payment_intent: null,
      payment_method_types: ['card'],
      payment_status: 'unpaid',
      return_url: input.returnUrl,
      shipping_cost: selected
        ? { amount_subtotal: selected.amount, amount_tax: 0, amount_total: selected.amount, shipping_rate: selected.id }
        : null,
      shipping_options: shippingRates.map((rate) => ({ shipping_amount: rate.amount, shipping_rate: rate.id })),
      status: 'open',
      success_url: input.successUrl,
      ui_mode: input.uiMode,
      url: input.embedded ? null : `${this.publicUrl()}/c/pay/${id}`,
    };
    this.seq += 1;
    this.records.set(id, {
      session,
      lineItems,
      shippingRates,
      shipping: input.shipping,
      paymentIntentCreated: 0,
      chargeId: null,
      chargeCreated: 0,
      amountRefunded: 0,
      asyncPending: false,
      declines: 0,
      seq: this.seq,
    });
    return session;
  }

  /** Looks a session up, first expiring it if its time has passed (the sweep may not have run yet). */
  get(id: string): SessionRecord {
    const record = this.records.get(id);
    if (!record) throw resourceMissing('checkout.session', id);
    this.expireIfDue(record);
    return record;
  }

  find(id: string): SessionRecord | undefined {
    return this.records.has(id) ? this.get(id) : undefined;
  }

  findByPaymentIntent(paymentIntent: string): SessionRecord | undefined {
    return this.byPaymentIntent.get(paymentIntent);
  }

  findByCharge(chargeId: string): SessionRecord | undefined {
    return this.byCharge.get(chargeId);
  }

  list(filter: ListFilter): ListResponse<CheckoutSession> {
    this.sweep();
    let all = [...this.records.values()].sort((a, b) => b.seq - a.seq);
    if (filter.startingAfter !== undefined) {
      const cursor = this.records.get(filter.startingAfter);
      if (!cursor) throw resourceMissing('checkout.session', filter.startingAfter, 'starting_after');
      all = all.filter((r) => r.seq < cursor.seq);
    }
    const matching = all.filter(
      (r) =>
        (filter.status === undefined || r.session.status === filter.status) &&
        (filter.paymentIntent === undefined || r.session.payment_intent === filter.paymentIntent),
    );
    return {
      object: 'list',
      data: matching.slice(0, filter.limit).map((r) => r.session),
      has_more: matching.length > filter.limit,
      url: '/v1/checkout/sessions',
    };
  }

  expire(id: string): CheckoutSession {
    const record = this.get(id);
    if (record.session.status !== 'open') {
      throw stateConflict('Only Checkout Sessions with a status in ["open"] can be expired.', 'checkout_session_not_open');
    }
    this.markExpired(record);
    return record.session;
  }

  pay(id: string, options: PayOptions = {}): SessionRecord {
    const record = this.get(id);
    const { session } = record;
    if (session.status === 'complete') throw stateConflict(`Checkout Session ${id} is already complete.`);
    if (session.status === 'expired' && !options.force) {
      throw stateConflict(`Checkout Session ${id} has expired; pass { "force": true } to pay it anyway.`);
    }
    const paymentIntent = newId('pi_');
    session.status = 'complete';
    session.payment_intent = paymentIntent;
    session.customer_details = {
      email: session.customer_email ?? 'shopper@example.com',
      name: null,
      phone: null,
      address: null,
      tax_exempt: 'none',
      tax_ids: [],
    };
    // What the shopper "confirmed" on the page: the address the store sent for the payment intent.
    session.collected_information = {
      business_name: null,
      individual_name: null,
      shipping_details: record.shipping ? { address: { ...record.shipping.address }, name: record.shipping.name } : null,
    };
    record.paymentIntentCreated = this.clock.nowSeconds();
    this.byPaymentIntent.set(paymentIntent, record);
    if (options.async) {
      record.asyncPending = true;
    } else {
      this.capture(record);
    }
    this.emit('checkout.session.completed', record);
    return record;
  }

  resolveAsync(id: string, succeeded: boolean): SessionRecord {
    const record = this.get(id);
    if (!record.asyncPending) {
      throw invalidRequest(`Checkout Session ${id} has no delayed payment waiting for a result.`);
    }
    record.asyncPending = false;
    if (succeeded) {
      this.capture(record);
      this.emit('checkout.session.async_payment_succeeded', record);
    } else {
      this.emit('checkout.session.async_payment_failed', record);
    }
    return record;
  }

  /** A declined card leaves the session open for another attempt, as on Stripe. */
  decline(id: string): SessionRecord {
    const record = this.get(id);
    if (record.session.status !== 'open') {
      throw invalidRequest(`Checkout Session ${id} is ${record.session.status}, not open.`);
    }
    record.declines += 1;
    return record;
  }

  sweep(): void {
    for (const record of this.records.values()) this.expireIfDue(record);
  }

  reset(): void {
    this.records.clear();
    this.byPaymentIntent.clear();
    this.byCharge.clear();
  }

  private capture(record: SessionRecord): void {
    record.session.payment_status = 'paid';
    record.chargeId = newId('ch_');
    record.chargeCreated = this.clock.nowSeconds();
    this.byCharge.set(record.chargeId, record);
  }

  private expireIfDue(record: SessionRecord): void {
    if (record.session.status === 'open' && record.session.expires_at <= this.clock.nowSeconds()) {
      this.markExpired(record);
    }
  }

  private markExpired(record: SessionRecord): void {
    record.session.status = 'expired';
    this.emit('checkout.session.expired', record);
  }
}
