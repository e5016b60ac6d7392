import type { Cart } from '../cart/types';
import { randomToken } from '../lib/random-id';

/** Why `POST /checkout` sent the shopper back to their cart; rendered from this closed set, never echoed. */
export type CheckoutNotice =
  | { code: 'invalid_email' }
  | { code: 'cart_empty' }
  | { code: 'out_of_stock'; skus: string[]; available: Record<string, number> }
  | { code: 'unavailable' }
  | { code: 'paused' }
  | { code: 'rate_limited' };

export interface CheckoutFormProps {
  /** What the shopper typed, kept when the form comes back with a notice. */
  email?: string | undefined;
  notice?: CheckoutNotice | undefined;
  /**
   * Names this rendering of the form: posting it twice (a double click, a resubmission) is one
   * checkout, not two orders each holding the stock.
   */
  attempt?: string | undefined;
}

export const CHECKOUT_NOTICE_ID = 'checkout-notice';
const EMAIL_ID = 'checkout-email';

/** The email field and the Checkout button: a plain form post to `POST /checkout`, no JavaScript needed. */
export function CheckoutForm({ email, notice, attempt }: CheckoutFormProps) {
  const invalid = notice?.code === 'invalid_email';
  return (
    <form class="checkout-form" method="post" action="/checkout">
      <input type="hidden" name="attempt" value={attempt ?? randomToken(16)} />
      <div class="field">
        <label for={EMAIL_ID}>Email for your receipt</label>
        <input
          id={EMAIL_ID}
          type="email"
          name="email"
          autocomplete="email"
          maxlength={254}
          required
          value={email ?? ''}
          aria-invalid={invalid ? 'true' : undefined}
          aria-describedby={invalid ? CHECKOUT_NOTICE_ID : undefined}
        />
      </div>
      <button class="button" type="submit">
        Checkout
      </button>
    </form>
  );
}

/** A checkout refusal in words, naming the cart's items by title (the SKU when it is not in the cart). */
export function checkoutNoticeText(notice: CheckoutNotice, cart: Cart): string {
  switch (notice.code) {
    case 'invalid_email':
      return 'Enter an email address like name@example.com, so we can send your receipt.';
    case 'cart_empty':
      return 'There is nothing in your cart to check out.';
    case 'out_of_stock': {
      const short = notice.skus.map((sku) => {
        const item = cart.items.find((i) => i.sku === sku);
        const name = item ? (item.variantTitle === 'Default' ? item.title : `${item.title}, ${item.variantTitle}`) : sku;
        const left = notice.available[sku] ?? 0;
        return left > 0 ? `${name} (only ${left} left)` : `${name} (sold out)`;
      });
      return `Not enough stock to check out: ${short.join('; ')}. Change the quantity and try again.`;
    }
    case 'unavailable':
      return 'Payments are briefly unavailable, your cart is kept. Please try again in a moment.';
    case 'paused':
      return 'Checkout is paused for a moment, your cart is kept. Please try again in a few minutes.';
    case 'rate_limited':
      return 'Too many checkouts from here just now. Please wait a minute and try again.';
  }
}

export interface EmbeddedCheckoutPageProps {
  publishableKey: string;
  clientSecret: string;
  /** The order status page: where Stripe sends the shopper back, and the way on without JavaScript. */
  orderUrl: string;
}

export const EMBEDDED_CHECKOUT_SCRIPTS = ['/js/checkout.js'];

/**
 * Stripe's Embedded Checkout, mounted by /js/checkout.js (Stripe.js from js.stripe.com only) into
 * `#checkout` with the session's client secret.
 */
export function EmbeddedCheckoutPage({ publishableKey, clientSecret, orderUrl }: EmbeddedCheckoutPageProps) {
  return (
    <section class="embedded-checkout" aria-labelledby="checkout-heading">
      <h1 id="checkout-heading">Checkout</h1>
      <p id="checkout-error" class="notice" role="alert" hidden>
        The payment form could not be loaded. Check your connection and reload this page.
      </p>
      <noscript>
        <p class="notice">Paying needs JavaScript, which is turned off in this browser.</p>
      </noscript>
      {/* Stripe mounts into an empty element. */}
      <div
        id="checkout"
        class="embedded-checkout-frame"
        data-publishable-key={publishableKey}
        data-client-secret={clientSecret}
      />
      <p class="muted">
        <a href={orderUrl}>Your order’s status</a> · <a href="/cart">Back to your cart</a>
      </p>
    </section>
  );
}
