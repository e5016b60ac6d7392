import type { Cart } from '../cart/types';
import type { DiscountRejection, Refusal } from './refusals';

/** What a page can tell a shopper: a domain refusal, or a form the page itself could not read. */
export type PageNotice = Refusal | { code: 'invalid_email' } | { code: 'invalid_quantity' } | { code: 'rate_limited' };

type PageNoticeCode = PageNotice['code'];
/** What a notice may name: the cart's items, and SKUs the shopper tried to add that are not in it yet. */
export interface NoticeContext {
  items: Pick<Cart['items'][number], 'sku' | 'title' | 'variantTitle'>[];
}

type ToText = { [C in PageNoticeCode]: (n: Extract<PageNotice, { code: C }>, cart: NoticeContext) => string };

const DISCOUNT_WORDS: Record<DiscountRejection, string> = {
  unknown: 'there is no discount with this code.',
  not_started: 'this code is not valid yet.',
  expired: 'this code has expired.',
  min_subtotal: 'your cart is below this code’s minimum.',
  not_applicable: 'nothing in your cart qualifies for this code.',
  not_combinable: 'this code cannot be combined with your other discounts.',
  used_up: 'this code has been used up.',
  customer_limit: 'this code was already used with your email.',
  already_applied: 'this code is already applied.',
};

const regionNames = new Intl.DisplayNames(['en'], { type: 'region' });
const countryName = (code: string) => regionNames.of(code) ?? code;

/** An item of the cart by name ("Hoodie, M / Navy"), or `fallback` when it is not in the cart. */
function itemName(cart: NoticeContext, sku: string, fallback: string): string {
  const item = cart.items.find((i) => i.sku === sku);
  if (!item) return fallback;
  return item.variantTitle === 'Default' ? item.title : `${item.title}, ${item.variantTitle}`;
}

const productTitle = (cart: NoticeContext, sku: string) => cart.items.find((i) => i.sku === sku)?.title ?? 'That item';

/** Each notice in words, naming the cart's items by title. The one table; never echoes input. */
const AS_TEXT: ToText = {
  unknown_sku: () => 'That item is no longer sold, so it was not added.',
  out_of_stock: ({ sku, available }, cart) =>
    available > 0
      ? `${productTitle(cart, sku)}: only ${available} available, so your cart was not changed.`
      : `${productTitle(cart, sku)} is out of stock, so your cart was not changed.`,
  quantity_limit: ({ sku, limit }, cart) => `${productTitle(cart, sku)}: a cart holds at most ${limit} of one item.`,
  cart_full: ({ limit }) => `Your cart is full (${limit} different items). Remove something to add more.`,
  not_in_cart: () => 'That item is no longer in your cart.',
  discount_rejected: ({ discountCode, reason }) => `${discountCode}: ${DISCOUNT_WORDS[reason]}`,
  codes_full: ({ limit }) => `A cart takes at most ${limit} discount codes. Remove one to add another.`,
  address_required: () => 'Add a shipping address to see shipping options and check out.',
  shipping_unavailable: ({ country, reason }) =>
    reason === 'no_zone'
      ? `Sorry, we do not ship to ${countryName(country)} yet.`
      : 'This order is too heavy for any of our shipping methods. Remove something to check out.',
  shipping_option_unavailable: () => 'That shipping option is not available for this address. Choose another one.',
  invalid_quantity: () => 'Quantities are whole numbers up to 99 (0 removes an item).',
  invalid_email: () => 'Enter an email address like name@example.com, so we can send your receipt.',
  cart_empty: () => 'There is nothing in your cart to check out.',
  stock_short: ({ short }, cart) => {
    const items = short.map(({ sku, available }) =>
      available > 0 ? `${itemName(cart, sku, sku)} (only ${available} left)` : `${itemName(cart, sku, sku)} (sold out)`,
    );
    return `Not enough stock to check out: ${items.join('; ')}. Change the quantity and try again.`;
  },
  stock_unavailable: () => 'Stock could not be checked just now, your cart is kept. Please try again in a moment.',
  payment_unavailable: () => 'Payments are briefly unavailable, your cart is kept. Please try again in a moment.',
  paused: () => 'Checkout is paused for a moment, your cart is kept. Please try again in a few minutes.',
  read_only: () =>
    'Checkout is paused while we fix a problem with our database. You can keep browsing and your cart is kept; please try again in a few minutes.',
  rate_limited: () => 'Too many checkouts from here just now. Please wait a minute and try again.',
  idempotency_key_reused: () => 'This checkout form was already used for other details. Please check out again.',
  request_in_progress: () => 'Your checkout is still being prepared. Please try again in a moment.',
  order_closed: () => 'That checkout did not complete. Please check out again.',
  checkout_replaced: () => 'You started a newer checkout of this cart, so this one was closed. Please check out again.',
  not_admitted: ({ dropId }) =>
    dropId
      ? `This item is part of a drop: it can be bought only after its waiting room (/drops/${dropId}) lets you in.`
      : 'This item is part of a drop: it can be bought only after the waiting room lets you in.',
  limit_exceeded: ({ limit }) => `This drop allows at most ${limit} item${limit === 1 ? '' : 's'} per customer, so your cart was not changed.`,
  bot_check_failed: ({ reason }) =>
    reason === 'missing_token' ? 'Please complete the “I am human” check to check out.' : 'The “I am human” check did not pass. Please solve it again.',
  bot_check_unavailable: () => 'The “I am human” check is briefly unavailable, your cart is kept. Please try again in a moment.',
  // Refunds are refused to admins over the API; a page never shows these, but the table stays total.
  unknown_order: () => 'That order could not be found.',
  not_refundable: () => 'This order has no payment to refund.',
  not_an_order_line: () => 'That item is not part of this order.',
  refund_exceeds_line: ({ refundable }) => `Only ${refundable} of that item can still be refunded.`,
  refund_exceeds_captured: () => 'That is more than is left to refund.',
  nothing_to_refund: () => 'Those items were free, so there is nothing to refund.',
  refund_refused: () => 'The payment provider refused the refund.',
  refund_unavailable: () => 'Refunds are briefly unavailable. Please try again in a moment.',
  refund_in_progress: () => 'Another refund of this order is still in progress. Please try again in a moment.',
};

export const noticeText = (notice: PageNotice, cart: NoticeContext): string =>
  (AS_TEXT[notice.code] as (n: PageNotice, cart: NoticeContext) => string)(notice, cart);
