import type { Cart, CartItem } from '../cart/types';
import { noticeText, type NoticeContext, type PageNotice } from '../refusals/notices';
import { formatMoney } from './format';
import { OrderSummary } from './order-summary';

export interface CartPageProps {
  cart: Cart;
  /** Why the last cart form post did not do what was asked. */
  notice?: PageNotice | undefined;
  /** Items a notice may name that are not in the cart (a first add refused for stock). */
  named?: NoticeContext['items'] | undefined;
}

/**
 * The cart page: lines with quantity and remove forms, subtotal and the checkout form. Every control
 * is a plain form post, so the page works without JavaScript; public/js/shop/cart-page.js sends them
 * to the cart API instead and redraws `[data-cart-body]` from this page in place.
 */
export function CartPage({ cart, notice, named = [] }: CartPageProps) {
  return (
    <section class="cart" aria-labelledby="cart-heading" data-cart-page>
      <h1 id="cart-heading" tabindex={-1}>
        Your cart
      </h1>
      <p class="visually-hidden" role="status" data-cart-status></p>
      <div class="cart-body" data-cart-body>
        {notice ? (
          <p class="notice" role="alert">
            {noticeText(notice, { items: [...cart.items, ...named] })}
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
              <OrderSummary
                id="cart-totals"
                totals={{
                  subtotal: cart.subtotal,
                  discounts: cart.discounts,
                  shipping: cart.shipping,
                  shippingTitle: cart.shippingOptions.find((o) => o.id === cart.shippingOption)?.title ?? null,
                  taxes: cart.taxes,
                  taxTotal: cart.taxTotal,
                  taxIncluded: cart.taxIncluded,
                  total: cart.total,
                }}
              />
              <a class="button" href="/checkout">
                Check out
              </a>
              <p class="muted">Address, shipping, discount codes and payment are on the next page. Your cart is kept for 30 days.</p>
            </div>
          </>
        )}
      </div>
    </section>
  );
}

function CartLine({ item, index }: { item: CartItem; index: number }) {
  const action = `/cart/items/${encodeURIComponent(item.sku)}`;
  const name = item.variantTitle === 'Default' ? item.title : `${item.title}, ${item.variantTitle}`;
  return (
    <li class="cart-line" data-sku={item.sku} data-item-name={name}>
      <div class="cart-line-product">
        <a href={`/products/${encodeURIComponent(item.productSlug)}`}>{item.title}</a>
        {item.variantTitle === 'Default' ? null : <span class="muted"> {item.variantTitle}</span>}
        <span class="muted cart-line-unit">{formatMoney(item.unitPrice)} each</span>
      </div>
      <form class="cart-line-quantity" method="post" action={action} data-cart-line-form="update">
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
      <form class="cart-line-remove" method="post" action={action} data-cart-line-form="remove">
        <input type="hidden" name="quantity" value="0" />
        <button type="submit" class="button-quiet">
          Remove<span class="visually-hidden"> {name}</span>
        </button>
      </form>
      {/* Filled by cart-page.js with a refusal for this line ("only 2 available"): a row of its own. */}
      <p class="notice cart-line-notice" role="alert" data-line-notice></p>
    </li>
  );
}
