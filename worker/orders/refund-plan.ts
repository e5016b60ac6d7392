import type { OrderStatus } from '../db/orders-schema';
import { unitsValue, type SoldLine } from '../pricing/refund-value';
import { done, refused, type Outcome, type RefusalOf } from '../refusals/refusals';
import type { RefundRequest } from './refund-input';

/** Orders whose payment can be given back; a refund that completes one moves it to `refunded`. */
export const REFUNDABLE_STATUSES = ['paid', 'fulfilling', 'shipped'] as const satisfies readonly OrderStatus[];

/** An order line as it was sold, and how many of its units were refunded so far. */
export interface RefundableLine extends SoldLine {
  sku: string;
  refundedQuantity: number;
}

export interface RefundableOrder {
  status: OrderStatus;
  /** What was captured. */
  total: number;
  /** Refunded so far, counting refunds still at the provider. */
  refunded: number;
  taxIncluded: boolean;
  lines: RefundableLine[];
}

/**
 * One refund, before it is claimed: its amount and the units it takes from each line, numbered from
 * `from` (the units refunded before), so the claim can check that no other refund took them first.
 * An amount of 0 is "the rest" of an order with nothing left.
 */
export interface RefundPlan {
  amount: number;
  lines: { sku: string; from: number; quantity: number }[];
}

export type PlanRefusal = RefusalOf<
  'not_refundable' | 'not_an_order_line' | 'refund_exceeds_line' | 'refund_exceeds_captured' | 'nothing_to_refund'
>;

/**
 * The refund a request asks for, checked against the order as D1 has it now: units of lines (never
 * shipping), an amount, or everything that is left (shipping included). Never more than was captured
 * less what was refunded; the claim re-checks that under concurrency.
 */
export function planRefund(order: RefundableOrder, request: RefundRequest): Outcome<RefundPlan, PlanRefusal> {
  const isRefunded = order.status === 'refunded';
  if (!isRefunded && !(REFUNDABLE_STATUSES as readonly OrderStatus[]).includes(order.status)) {
    return refused({ code: 'not_refundable', status: order.status });
  }
  const refundable = isRefunded ? 0 : Math.max(0, order.total - order.refunded);
  switch (request.kind) {
    case 'rest':
      if (refundable === 0) return done({ amount: 0, lines: [] });
      return done({
        amount: refundable,
        lines: order.lines
          .filter((l) => l.refundedQuantity < l.quantity)
          .map((l) => ({ sku: l.sku, from: l.refundedQuantity, quantity: l.quantity - l.refundedQuantity })),
      });
    case 'amount':
      if (request.amount > refundable) return refused({ code: 'refund_exceeds_captured', requested: request.amount, refundable });
      return done({ amount: request.amount, lines: [] });
    case 'lines': {
      const lines: RefundPlan['lines'] = [];
      let amount = 0;
      for (const [index, { sku, quantity }] of request.lines.entries()) {
        const line = order.lines.find((l) => l.sku === sku);
        if (!line) return refused({ code: 'not_an_order_line', sku, index });
        const left = line.quantity - line.refundedQuantity;
        if (quantity > left) return refused({ code: 'refund_exceeds_line', sku, index, requested: quantity, refundable: left });
        amount += unitsValue(line, order.taxIncluded, line.refundedQuantity, quantity);
        lines.push({ sku, from: line.refundedQuantity, quantity });
      }
      if (amount === 0) return refused({ code: 'nothing_to_refund' });
      if (amount > refundable) return refused({ code: 'refund_exceeds_captured', requested: amount, refundable });
      return done({ amount, lines });
    }
  }
}
