import type { PageNotice } from '../refusals/notices';
import { randomToken } from '../lib/random-id';

export interface CheckoutFormProps {
  /** What the shopper typed, kept when the form comes back with a notice. */
  email?: string | undefined;
  notice?: PageNotice | undefined;
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
