import type { OrderStatus } from '../db/orders-schema';
import type { CodeRejection } from '../pricing/types';

/** Why a code takes nothing off: the engine's reasons, and the ones only D1 or the cart knows. */
export type DiscountRejection = CodeRejection | 'used_up' | 'customer_limit' | 'already_applied';

/**
 * What a shopper's (or an admin's) request can be refused for, as data. Domain code returns these as typed outcomes
 * and throws only on bugs and outages it cannot name; routes map a refusal to HTTP in one table
 * (./http.ts) and to words on a page in another (./notices.ts). Both tables are total over `code`,
 * so a new refusal does not compile until each says what it means.
 */
export type Refusal =
  // Cart lines.
  | { code: 'unknown_sku'; sku: string }
  | { code: 'out_of_stock'; sku: string; available: number; inCart: number }
  | { code: 'quantity_limit'; sku: string; inCart: number; limit: number }
  | { code: 'cart_full'; limit: number }
  | { code: 'not_in_cart'; sku: string }
  // Discounts, address and shipping.
  | { code: 'discount_rejected'; discountCode: string; reason: DiscountRejection }
  | { code: 'codes_full'; limit: number }
  | { code: 'address_required' }
  | { code: 'shipping_unavailable'; country: string; reason: 'no_zone' | 'no_method' }
  | { code: 'shipping_option_unavailable'; id: string }
  // Checkout.
  | { code: 'cart_empty' }
  | { code: 'stock_short'; short: { sku: string; available: number }[] }
  | { code: 'stock_unavailable' }
  | { code: 'payment_unavailable'; retryAfterSeconds: number }
  | { code: 'paused'; retryAfterSeconds: number }
  | { code: 'read_only'; retryAfterSeconds: number }
  | { code: 'idempotency_key_reused' }
  | { code: 'request_in_progress' }
  | { code: 'order_closed'; orderId: string }
  | { code: 'checkout_replaced' }
  // Drops (docs/drops.md): `claimed` is what already counts against the limit.
  | { code: 'not_admitted'; dropId: string }
  | { code: 'limit_exceeded'; dropId: string; limit: number; claimed: number }
  | { code: 'bot_check_failed'; reason: 'missing_token' | 'rejected' | 'spent' }
  | { code: 'bot_check_unavailable'; retryAfterSeconds: number }
  // Refunds (admin): `index` is the line's place in the request body.
  | { code: 'unknown_order'; orderId: string }
  | { code: 'not_refundable'; status: OrderStatus }
  | { code: 'not_an_order_line'; sku: string; index: number }
  | { code: 'refund_exceeds_line'; sku: string; index: number; requested: number; refundable: number }
  | { code: 'refund_exceeds_captured'; requested: number; refundable: number }
  | { code: 'nothing_to_refund' }
  | { code: 'refund_refused'; providerCode: string | null }
  | { code: 'refund_unavailable'; retryAfterSeconds: number }
  | { code: 'refund_in_progress'; retryAfterSeconds: number };

export type RefusalCode = Refusal['code'];
export type RefusalOf<C extends RefusalCode> = Extract<Refusal, { code: C }>;

/** What a cart line write can be refused for. */
export type CartLineRefusal = RefusalOf<'unknown_sku' | 'out_of_stock' | 'quantity_limit' | 'cart_full' | 'not_in_cart' | 'not_admitted' | 'limit_exceeded'>;

export type Refused<R extends Refusal = Refusal> = { ok: false } & R;

/** A domain function's answer: its value, or why it was refused (one of `R`). */
export type Outcome<T, R extends Refusal = Refusal> = { ok: true; value: T } | Refused<R>;

export const done = <T>(value: T): { ok: true; value: T } => ({ ok: true, value });
export const refused = <R extends Refusal>(refusal: R): Refused<R> => ({ ok: false, ...refusal });

/** The refusal without its `ok` flag, for the tables. */
export function refusalOf<R extends Refusal>(outcome: Refused<R>): R {
  const { ok: _ok, ...refusal } = outcome;
  return refusal as unknown as R;
}
