import type { Cart, CartItem } from '../cart/types';
import { CHECKOUT_NOTICE_ID, CheckoutForm, checkoutNoticeText, type CheckoutFormProps } from './checkout';
import { formatMoney } from './format';

/** Why the last form post did not do what was asked; rendered from this closed set, never echoed. */
export interface CartNotice {
  code: 'out_of_stock' | 'quantity_limit' | 'cart_full' | 'unknown_sku' | 'invalid_quantity' | 'not_in_cart';
  sku?: string | undefined;
  available?: number | undefined;
}

export interface CartPageProps {
  cart: Cart;
  notice?: CartNotice | undefined;
  /** The checkout form as `POST /checkout` hands it back: the email typed and why it was refused. */
  checkout?: CheckoutFormProps | undefined;
}

/**
 * The cart page: lines with quantity and remove forms, subtotal and the checkout form. Every control
 * is a plain form post, so the page works without JavaScript.
 */
export function CartPage({ cart, notice, checkout }: CartPageProps) {
  return (
    <section class="cart" aria-labelledby="cart-heading">
      <h1 id="cart-heading">Your cart</h1>
      {notice ? (
        <p class="notice" role="alert">
          {noticeText(notice, cart)}
        </p>
      ) : null}
      {checkout?.notice ? (
        <p class="notice" role="alert" id={CHECKOUT_NOTICE_ID}>
          {checkoutNoticeText(checkout.notice, cart)}
        </p>
      ) : null}
      {cart.items.length === 0 ? (
        <p>
          Your cart is empty. <a href="/products">Browse products</a>
        </p>
      ) : (
        <>
          <ul class="cart-lines" role="list">
            {cart.items.map((item, i) => (
              <CartLine item={item} index={i} />
            ))}
          </ul>
          <div class="cart-summary">
            <p class="cart-subtotal">
              Subtotal ({cart.itemCount} {cart.itemCount === 1 ? 'item' : 'items'}):{' '}
              <strong class="price" id="cart-subtotal">
                {formatMoney(cart.subtotal)}
              </strong>
            </p>
            <CheckoutForm {...checkout} />
            <p class="muted">Payment is on the next page. Your cart is kept for 30 days.</p>
          </div>
        </>
      )}
    </section>
  );
}

function CartLine({ item, index }: { item: CartItem; index: number }) {
  const action = `/cart/items/${encodeURIComponent(item.sku)}`;
  const name = item.variantTitle === 'Default' ? item.title : `${item.title}, ${item.variantTitle}`;
  return (
    <li class="cart-line">
      <div class="cart-line-product">
        <a href={`/products/${encodeURIComponent(item.productSlug)}`}>{item.title}</a>
        {item.variantTitle === 'Default' ? null : <span class="muted"> {item.variantTitle}</span>}
        <span class="muted cart-line-unit">{formatMoney(item.unitPrice)} each</span>
      </div>
      <form class="cart-line-quantity" method="post" action={action}>
        <label for={`quantity-${index}`} class="visually-hidden">
          Quantity of {name}
        </label>
        <input
          id={`quantity-${index}`}
          type="number"
          name="quantity"
          min={0}
          max={99}
          value={item.quantity}
          inputmode="numeric"
          required
        />
        <button type="submit" class="button-quiet">
          Update<span class="visually-hidden"> quantity of {name}</span>
        </button>
      </form>
      <p class="price cart-line-total">{formatMoney(item.lineTotal)}</p>
      <form class="cart-line-remove" method="post" action={action}>
        <input type="hidden" name="quantity" value="0" />
        <button type="submit" class="button-quiet">
          Remove<span class="visually-hidden"> {name}</span>
        </button>
      </form>
    </li>
  );
}

function noticeText(notice: CartNotice, cart: Cart): string {
  const item = cart.items.find((i) => i.sku === notice.sku);
  const what = item ? item.title : 'That item';
  switch (notice.code) {
    case 'out_of_stock':
      return notice.available && notice.available > 0
        ? `${what}: only ${notice.available} available, so your cart was not changed.`
        : `${what} is out of stock, so your cart was not changed.`;
    case 'quantity_limit':
      return `${what}: a cart holds at most 99 of one item.`;
    case 'cart_full':
      return 'Your cart is full (100 different items). Remove something to add more.';
    case 'unknown_sku':
      return 'That item is no longer sold, so it was not added.';
    case 'invalid_quantity':
      return 'Quantities are whole numbers up to 99 (0 removes an item).';
    case 'not_in_cart':
      return 'That item is no longer in your cart.';
  }
}
