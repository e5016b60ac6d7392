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
