import type { Money } from '../catalog/types';
import { database, type Db } from '../db/client';
import type { OrderStatus } from '../db/orders-schema';
import { paymentProvider } from '../payments/payments';
import { PaymentRejectedError, PaymentUnavailableError } from '../payments/provider';
import { track } from '../telemetry/recorder';
import { done, refused, type Outcome, type RefusalOf } from '../refusals/refusals';
import type { RefundRequest } from './refund-input';
import { claimRefund, giveBack, readRefundState, recordRefund, type RefundState } from './refund-ledger';
import { planRefund, type PlanRefusal, type RefundPlan } from './refund-plan';

/** How long a request waits on another refund of the same order that is still at the provider. */
const SETTLE_WAIT_MS = 10_000;
const POLL_MS = 100;

export interface RefundAnswer {
  orderId: string;
  /** The provider's refund id; null when there was nothing left to refund. */
  refundId: string | null;
  /** Refunded by this request, minor units. */
  amount: number;
  /** Refunded of the order so far. */
  refunded: Money;
  status: OrderStatus;
  /** Units of lines this refund gave back. */
  lines: { sku: string; quantity: number }[];
}

export type RefundRefusal =
  | PlanRefusal
  | RefusalOf<'unknown_order' | 'refund_refused' | 'refund_unavailable' | 'refund_in_progress'>;

const inProgress = () => refused({ code: 'refund_in_progress', retryAfterSeconds: 1 });

/**
 * Refunds units of lines, an amount, or the rest of a paid order through the payment provider.
 * The refund is claimed in D1 first (refund-ledger.ts), so concurrent requests never refund more than
 * was captured; a request that finds another refund still at the provider waits for it to settle, so
 * "the rest" asked twice at once refunds once. Stock stays sold: the goods may be on their way
 * (returns are restocked by an admin).
 */
export async function refundOrder(
  env: Env,
  orderId: string,
  request: RefundRequest,
  reason: string,
): Promise<Outcome<RefundAnswer, RefundRefusal>> {
  const db = database(env.DB);
  const deadline = Date.now() + SETTLE_WAIT_MS;
  for (;;) {
    const state = await readRefundState(db, orderId);
    if (!state) return refused({ code: 'unknown_order', orderId });
    const plan = planRefund(state.order, request);
    if (!plan.ok) return plan;
    if (plan.value.amount > 0) {
      if (!state.paymentRef) return refused({ code: 'not_refundable', status: state.order.status });
      const claim = await claimRefund(db, orderId, plan.value);
      if (claim) return settleRefund(env, db, state, plan.value, claim.refundedBefore, reason);
      // Another refund claimed first: plan again from what it left.
    } else if (state.order.refunded <= state.recorded) {
      return done(answer(state, { id: null, amount: 0, lines: [] }, state.order.refunded, state.order.status));
    }
    // Otherwise nothing is left but another refund is still at the provider: wait, it may give its claim back.
    if (Date.now() >= deadline) return inProgress();
    await scheduler.wait(POLL_MS);
  }
}

/**
 * Asks the provider for a claimed refund and records it, or gives the claim back. The idempotency
 * key names the state the refund started from (the refunded total before it, and the refund rows
 * written by then) and its amount: a retry after a failure or a lost answer starts from the same
 * state and replays the refund the provider may already have made, instead of making a second one.
 */
async function settleRefund(
  env: Env,
  db: Db,
  state: RefundState,
  plan: RefundPlan,
  refundedBefore: number,
  reason: string,
): Promise<Outcome<RefundAnswer, RefundRefusal>> {
  const orderId = state.order.id;
  let refund;
  try {
    refund = await paymentProvider(env).refund({
      orderId,
      paymentRef: state.paymentRef!,
      amount: plan.amount,
      idempotencyKey: `refund:${orderId}:${refundedBefore}:${plan.amount}:${state.recordedCount}`,
    });
  } catch (err) {
    await giveBack(db, orderId, plan);
    if (err instanceof PaymentUnavailableError) return refused({ code: 'refund_unavailable', retryAfterSeconds: err.retryAfterSeconds });
    if (err instanceof PaymentRejectedError) return refused({ code: 'refund_refused', providerCode: err.code ?? null });
    throw err;
  }
  const recorded = await recordRefund(db, orderId, plan, { id: refund.id, reason });
  if (!recorded.written) {
    // The provider answered with a refund another claim already recorded: two claims started from
    // the same state (one given back in between), so this one was never made. The next try starts
    // from a later state, under another key.
    await giveBack(db, orderId, plan);
    return inProgress();
  }
  track({ type: 'refund', id: `refund:${refund.id}`, orderId, amount: plan.amount, currency: state.order.currency, reason });
  return done(answer(state, { id: refund.id, amount: plan.amount, lines: plan.lines }, recorded.refunded, recorded.status));
}

function answer(
  state: RefundState,
  refund: { id: string | null; amount: number; lines: RefundPlan['lines'] },
  refunded: number,
  status: OrderStatus,
): RefundAnswer {
  return {
    orderId: state.order.id,
    refundId: refund.id,
    amount: refund.amount,
    refunded: { amount: refunded, currency: state.order.currency },
    status,
    lines: refund.lines.map(({ sku, quantity }) => ({ sku, quantity })),
  };
}
