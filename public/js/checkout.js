// Embedded Checkout. `loadStripe` (from @stripe/stripe-js, vendored by scripts/build-client.mjs) adds
// Stripe.js from https://js.stripe.com, the only place it may come from; Stripe's form then mounts
// into #checkout and sends the shopper to the order page when they have paid.
import { loadStripe } from './vendor/stripe-js.js';

const mount = document.getElementById('checkout');
const { publishableKey, clientSecret } = mount?.dataset ?? {};

async function start() {
  const stripe = await loadStripe(publishableKey);
  if (!stripe) throw new Error('Stripe.js did not load');
  // `initEmbeddedCheckout` before API version 2026-03-25.dahlia; Stripe.js now throws on the old name.
  const checkout = await stripe.createEmbeddedCheckoutPage({ fetchClientSecret: () => Promise.resolve(clientSecret) });
  checkout.mount(mount);
}

if (mount && publishableKey && clientSecret) {
  start().catch(() => document.getElementById('checkout-error')?.removeAttribute('hidden'));
}
