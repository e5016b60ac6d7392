import type { Clock } from './clock.js';
import { invalidRequest, parameterInvalid, parameterMissing, resourceMissing, stateConflict } from './errors.js';
import { newId } from './ids.js';
import { metadata as parseMetadata, optionalInteger, optionalString, type Params } from './params.js';
import type { SessionRecord, SessionStore } from './sessions.js';
import type { Charge, ListResponse, Refund } from './types.js';

const REASONS = new Set(['duplicate', 'fraudulent', 'requested_by_customer']);

function formatAmount(amount: number, currency: string): string {
  return `${(amount / 100).toFixed(2)} ${currency}`;
}

/** Refunds against the payment of a paid checkout session. */
export class RefundStore {
  private readonly refunds = new Map<string, { refund: Refund; seq: number }>();
  private seq = 0;

  constructor(
    private readonly clock: Clock,
    private readonly sessions: SessionStore,
    private readonly emitChargeRefunded: (charge: Charge, record: SessionRecord) => void,
  ) {}

  create(params: Params): Refund {
    const paymentIntent = optionalString(params, 'payment_intent');
    const chargeParam = optionalString(params, 'charge');
    if (!paymentIntent && !chargeParam) throw parameterMissing('payment_intent');
    const record = paymentIntent
      ? this.sessions.findByPaymentIntent(paymentIntent)
      : this.sessions.findByCharge(chargeParam!);
    if (!record) {
      throw paymentIntent
        ? resourceMissing('payment_intent', paymentIntent, 'payment_intent')
        : resourceMissing('charge', chargeParam!, 'charge');
    }
    if (record.chargeId === null || record.session.payment_status !== 'paid') {
      throw invalidRequest(`This PaymentIntent (${record.session.payment_intent}) does not have a successful charge to refund.`, {
        param: 'payment_intent',
      });
    }
    const total = record.session.amount_total;
    const remaining = total - record.amountRefunded;
    const requested = optionalInteger(params, 'amount');
    if (requested !== undefined && requested < 1) throw parameterInvalid('amount', 'This value must be greater than or equal to 1.');
    if (remaining <= 0) {
      throw stateConflict(`Charge ${record.chargeId} has already been refunded.`, 'charge_already_refunded');
    }
    const amount = requested ?? remaining;
    if (amount > remaining) {
      throw stateConflict(
        `Refund amount (${formatAmount(amount, record.session.currency)}) is greater than unrefunded amount on charge (${formatAmount(remaining, record.session.currency)})`,
        'amount_too_large',
        'amount',
      );
    }
    const reason = optionalString(params, 'reason') || null;
    if (reason !== null && !REASONS.has(reason)) {
      throw parameterInvalid('reason', `Invalid reason: must be one of ${[...REASONS].join(', ')}`);
    }

    record.amountRefunded += amount;
    const refund: Refund = {
      id: newId('re_'),
      object: 'refund',
      amount,
      balance_transaction: null,
      charge: record.chargeId,
      created: this.clock.nowSeconds(),
      currency: record.session.currency,
      metadata: parseMetadata(params),
      payment_intent: record.session.payment_intent!,
      reason,
      status: 'succeeded',
    };
    this.seq += 1;
    this.refunds.set(refund.id, { refund, seq: this.seq });
    this.emitChargeRefunded(this.charge(record), record);
    return refund;
  }

  get(id: string): Refund {
    const entry = this.refunds.get(id);
    if (!entry) throw resourceMissing('refund', id);
    return entry.refund;
  }

  list(limit: number, paymentIntent?: string): ListResponse<Refund> {
    const matching = [...this.refunds.values()]
      .sort((a, b) => b.seq - a.seq)
      .map((e) => e.refund)
      .filter((r) => paymentIntent === undefined || r.payment_intent === paymentIntent);
    return { object: 'list', data: matching.slice(0, limit), has_more: matching.length > limit, url: '/v1/refunds' };
  }

  reset(): void {
    this.refunds.clear();
  }

  private charge(record: SessionRecord): Charge {
    const total = record.session.amount_total;
    return {
      id: record.chargeId!,
      object: 'charge',
      amount: total,
      amount_captured: total,
      amount_refunded: record.amountRefunded,
      created: record.chargeCreated,
      currency: record.session.currency,
      livemode: false,
      metadata: {},
      paid: true,
      payment_intent: record.session.payment_intent!,
      refunded: record.amountRefunded >= total,
      status: 'succeeded',
    };
  }
}
