import { ApiError } from '../http/errors';
import type { DiscountRejection, Outcome, Refusal, RefusalCode, RefusalOf } from './refusals';

type ToError = { [C in RefusalCode]: (r: RefusalOf<C>) => ApiError };

const retryIn = (seconds: number) => ({ 'retry-after': String(seconds) });

const DISCOUNT_MESSAGES: Record<DiscountRejection, string> = {
  unknown: 'No discount has that code',
  not_started: 'That code is not valid yet',
  expired: 'That code has expired',
  min_subtotal: 'The cart is below that code’s minimum',
  not_applicable: 'Nothing in the cart qualifies for that code',
  not_combinable: 'That code cannot be combined with the cart’s other discounts',
  used_up: 'That code has been used up',
  customer_limit: 'That code was already used with this email',
  already_applied: 'That code is already applied',
};

/** Each refusal as the contract's error (code, status, extra fields, headers). The one table. */
const AS_ERROR: ToError = {
  unknown_sku: () => new ApiError('invalid_request', 'Unknown SKU', { issues: [{ path: 'sku', message: 'no product variant has this SKU' }] }),
  out_of_stock: ({ sku, available, inCart }) =>
    new ApiError(
      'out_of_stock',
      available <= 0 ? 'That item is out of stock' : `Only ${available} available${inCart > 0 ? ` (${inCart} already in the cart)` : ''}`,
      { skus: [sku], available, inCart },
    ),
  quantity_limit: ({ sku, inCart, limit }) =>
    new ApiError('conflict', `A cart holds at most ${limit} of one SKU`, { reason: 'quantity_limit', sku, inCart, limit }),
  cart_full: ({ limit }) => new ApiError('conflict', `A cart holds at most ${limit} different SKUs`, { reason: 'cart_full', limit }),
  not_in_cart: () => new ApiError('not_found', 'That SKU is not in the cart'),
  discount_rejected: ({ discountCode, reason }) =>
    new ApiError('discount_rejected', DISCOUNT_MESSAGES[reason], { reason, discountCode }),
  codes_full: ({ limit }) => new ApiError('conflict', `A cart takes at most ${limit} discount codes`, { reason: 'codes_full', limit }),
  address_required: () =>
    new ApiError('conflict', 'Add a shipping address to the cart, or send shippingAddress', { reason: 'address_required' }),
  shipping_unavailable: ({ country, reason }) =>
    new ApiError(
      'conflict',
      reason === 'no_zone' ? `We do not ship to ${country}` : 'No shipping method can carry this order',
      { reason: reason === 'no_zone' ? 'no_shipping_zone' : 'no_shipping_method', country },
    ),
  shipping_option_unavailable: ({ id }) =>
    new ApiError('conflict', 'That shipping option is not offered for this cart and address', { reason: 'shipping_option_unavailable', id }),
  cart_empty: () => new ApiError('conflict', 'The cart is empty', { reason: 'cart_empty' }),
  stock_short: ({ short }) =>
    new ApiError('out_of_stock', 'Some items are no longer available in that quantity', {
      skus: short.map((s) => s.sku),
      available: Object.fromEntries(short.map((s) => [s.sku, s.available])),
    }),
  stock_unavailable: () => new ApiError('unavailable', 'Stock could not be checked; try again shortly', {}, retryIn(5)),
  payment_unavailable: ({ retryAfterSeconds }) =>
    new ApiError('unavailable', 'Payments are briefly unavailable; your cart is kept', {}, retryIn(retryAfterSeconds)),
  paused: ({ retryAfterSeconds }) =>
    new ApiError('unavailable', 'Checkout is paused for a moment; your cart is kept', { reason: 'paused' }, retryIn(retryAfterSeconds)),
  read_only: ({ retryAfterSeconds }) =>
    new ApiError(
      'unavailable',
      'The store is read-only while its database recovers: browsing and your cart still work, checkout is paused',
      { reason: 'read_only' },
      retryIn(retryAfterSeconds),
    ),
  idempotency_key_reused: () =>
    new ApiError('conflict', 'This Idempotency-Key was used with a different request', { reason: 'idempotency_key_reused' }),
  request_in_progress: () =>
    new ApiError('conflict', 'A checkout of this cart is still in progress', { reason: 'request_in_progress' }, retryIn(1)),
  order_closed: ({ orderId }) =>
    new ApiError('conflict', 'That checkout did not complete; start a new one', { reason: 'order_closed', orderId }),
  checkout_replaced: () =>
    new ApiError('conflict', 'A newer checkout of this cart replaced this one', { reason: 'checkout_replaced' }),
  not_admitted: ({ dropId }) =>
    new ApiError('not_admitted', 'This item is sold through its drop’s waiting room: join the queue first', { dropId, queue: `/drops/${dropId}` }),
  limit_exceeded: ({ dropId, limit, claimed }) =>
    new ApiError('limit_exceeded', `At most ${limit} unit${limit === 1 ? '' : 's'} of this drop per customer`, { dropId, limit, claimed }),
  bot_check_failed: ({ reason }) =>
    new ApiError('bot_check_failed', reason === 'missing_token' ? 'Complete the check to check out' : 'The check did not pass; solve it again', { reason }),
  bot_check_unavailable: ({ retryAfterSeconds }) =>
    new ApiError('unavailable', 'The bot check is unavailable; try again shortly', {}, retryIn(retryAfterSeconds)),
  unknown_order: () => new ApiError('not_found', 'No order with that id'),
  not_refundable: ({ status }) =>
    new ApiError('conflict', `A ${status} order has no payment to refund`, { reason: 'not_refundable', status }),
  not_an_order_line: ({ index }) =>
    new ApiError('invalid_request', 'That SKU is not a line of this order', {
      issues: [{ path: `lines.${index}.sku`, message: 'not a line of this order' }],
    }),
  refund_exceeds_line: ({ sku, requested, refundable }) =>
    new ApiError('conflict', `Only ${refundable} unit${refundable === 1 ? '' : 's'} of ${sku} can still be refunded`, {
      reason: 'refund_exceeds_line',
      sku,
      requested,
      refundable,
    }),
  refund_exceeds_captured: ({ requested, refundable }) =>
    new ApiError('conflict', 'That is more than is left to refund of this order', { reason: 'refund_exceeds_captured', requested, refundable }),
  nothing_to_refund: () => new ApiError('conflict', 'Those units were free: there is no money to give back', { reason: 'nothing_to_refund' }),
  refund_refused: ({ providerCode }) =>
    new ApiError('conflict', 'The payment provider refused the refund', { reason: 'refund_refused', providerCode }),
  refund_unavailable: ({ retryAfterSeconds }) =>
    new ApiError('unavailable', 'The payment provider is unavailable; try again (a retry never refunds twice)', {}, retryIn(retryAfterSeconds)),
  refund_in_progress: ({ retryAfterSeconds }) =>
    new ApiError('conflict', 'Another refund of this order is still in progress', { reason: 'refund_in_progress' }, retryIn(retryAfterSeconds)),
};

/** The refusal as the error the API answers (thrown to the single `onError`). */
export const refusalError = (refusal: Refusal): ApiError => (AS_ERROR[refusal.code] as (r: Refusal) => ApiError)(refusal);

/** Unwraps an outcome for an API route: the value, or the refusal thrown as its contract error. */
export function orThrow<T>(outcome: Outcome<T>): T {
  if (outcome.ok) return outcome.value;
  throw refusalError(outcome);
}
