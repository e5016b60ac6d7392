import { Hono, type Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { z } from 'zod';
import { readCartId } from '../cart/cart-cookie';
import { readCart } from '../cart/carts';
import { checkout, type CheckoutAnswer, type CheckoutInput } from '../checkout/checkout';
import { checkoutLimiter, checkoutPaused } from '../checkout/gate';
import { checkoutSchema } from '../checkout/schemas';
import { database } from '../db/client';
import type { AppEnv } from '../http/app-env';
import { ApiError } from '../http/errors';
import { formFields } from '../http/form-fields';
import { sameOriginForms } from '../middleware/same-origin-forms';
import { orderForToken, orderParamSchema, orderTokenQuerySchema } from '../orders/access';
import { findPayment, orderView, type OrderRow } from '../orders/order-store';
import { checkoutUiMode } from '../payments/payments';
import { CartPage } from '../views/cart';
import { refusalError } from '../refusals/http';
import type { PageNotice } from '../refusals/notices';
import { refusalOf, type Outcome, type Refusal } from '../refusals/refusals';
import { EMBEDDED_CHECKOUT_SCRIPTS, EmbeddedCheckoutPage, type CheckoutFormProps } from '../views/checkout';
import { Layout } from '../views/layout';
import { ORDER_PAGE_SCRIPTS, OrderPage } from '../views/order';
import { renderNotFound } from './pages';

/** How long a second post of the same form waits for the first to finish (a double click). */
const IN_PROGRESS_WAIT_MS = 250;
const IN_PROGRESS_TRIES = 12;

const checkoutForm = z.object({
  email: z.string().trim().pipe(checkoutSchema.shape.email),
  // A malformed attempt id only costs the double-post protection, never the checkout.
  attempt: z.string().regex(/^[A-Za-z0-9_-]{16,64}$/).optional().catch(undefined),
});

const origin = (c: Context<AppEnv>) => new URL(c.req.url).origin;
const orderPath = (order: OrderRow) => `/orders/${order.id}?token=${encodeURIComponent(order.token)}`;

/** The order a status or checkout page names, or null for a wrong id or token (answered as a 404). */
async function orderFromUrl(c: Context<AppEnv>): Promise<OrderRow | null> {
  const id = orderParamSchema.safeParse({ id: c.req.param('id') });
  const query = orderTokenQuerySchema.safeParse(c.req.query());
  if (!id.success || !query.success) return null;
  try {
    return await orderForToken(c.env, id.data.id, query.data.token);
  } catch (err) {
    if (err instanceof ApiError && err.code === 'not_found') return null;
    throw err;
  }
}

/** Pages that carry an order's token: never cached, never indexed. */
function privatePage(c: Context<AppEnv>) {
  c.header('cache-control', 'no-store');
  c.header('x-robots-tag', 'noindex');
}

/** The cart page again, with the checkout form as it was posted and why it was refused. */
async function cartWithNotice(
  c: Context<AppEnv>,
  status: ContentfulStatusCode,
  form: CheckoutFormProps,
  headers: Record<string, string> = {},
) {
  const cart = await readCart(c.env, c.executionCtx, await readCartId(c));
  for (const [name, value] of Object.entries(headers)) c.header(name, value);
  c.header('cache-control', 'no-store');
  return c.html(
    <Layout title="Your cart" description="The items in your Edgefront cart." canonical={`${origin(c)}/cart`}>
      <CartPage cart={cart} checkout={form} />
    </Layout>,
    status,
  );
}

/** A refusal as the form's notice, with the status and headers the API would answer it with. */
function refusalPage(refusal: Refusal) {
  const error = refusalError(refusal);
  return { status: error.status, notice: refusal as PageNotice, headers: error.headers };
}

/**
 * The saga with the form's attempt id as its idempotency key: a second post of one rendering of the
 * form (a double click) waits for the first and answers the same order. A key that cannot replay
 * (another email typed, an order that closed meanwhile) gives way to a fresh checkout.
 */
async function checkoutOnce(env: Env, input: CheckoutInput): Promise<Outcome<CheckoutAnswer>> {
  for (let tries = 1; ; tries += 1) {
    const outcome = await checkout(env, input);
    if (outcome.ok) return outcome;
    if (outcome.code === 'request_in_progress' && tries < IN_PROGRESS_TRIES) {
      await new Promise((resolve) => setTimeout(resolve, IN_PROGRESS_WAIT_MS));
    } else if ((outcome.code === 'idempotency_key_reused' || outcome.code === 'order_closed') && input.idempotencyKey) {
      input = { ...input, idempotencyKey: undefined };
    } else {
      return outcome;
    }
  }
}

/**
 * Checkout for people: the cart page's no-JS form (`POST /checkout`, 303 to the payment page), the
 * order status page the provider returns the shopper to, and the Embedded Checkout page.
 */
export const checkoutPages = new Hono<AppEnv>()
  .get('/checkout', (c) => c.redirect('/cart', 303))
  .post('/checkout', sameOriginForms(), async (c) => {
    const fields = await formFields(c);
    const typed = typeof fields['email'] === 'string' ? fields['email'].slice(0, 254) : '';
    try {
      await checkoutLimiter(c, () => Promise.resolve());
    } catch (err) {
      if (!(err instanceof ApiError) || err.code !== 'rate_limited') throw err;
      return cartWithNotice(c, 429, { email: typed, notice: { code: 'rate_limited' } }, err.headers);
    }
    const paused = await checkoutPaused(c);
    if (paused) {
      const { status, notice, headers } = refusalPage(refusalOf(paused));
      return cartWithNotice(c, status, { email: typed, notice }, headers);
    }
    const form = checkoutForm.safeParse(fields);
    if (!form.success) return cartWithNotice(c, 400, { email: typed, notice: { code: 'invalid_email' } });

    const { email, attempt } = form.data;
    const outcome = await checkoutOnce(c.env, {
      cartId: await readCartId(c),
      email,
      idempotencyKey: attempt ? `form:${attempt}` : undefined,
      origin: origin(c),
      experiments: c.get('experiments'),
    });
    if (outcome.ok) {
      c.header('cache-control', 'no-store');
      return c.redirect(outcome.value.checkoutUrl, 303);
    }
    const { status, notice, headers } = refusalPage(refusalOf(outcome));
    // A retry of the same form after an outage resumes the same order (one provider session).
    const keep = outcome.code === 'payment_unavailable';
    return cartWithNotice(c, status, { email, notice, attempt: keep ? attempt : undefined }, headers);
  })
  .get('/orders/:id', async (c) => {
    privatePage(c);
    const order = await orderFromUrl(c);
    if (!order) return renderNotFound(c);
    const view = await orderView(database(c.env.DB), order);
    return c.html(
      <Layout
        title="Your order"
        description="The status of your Edgefront order."
        canonical={`${origin(c)}/orders/${order.id}`}
        scripts={ORDER_PAGE_SCRIPTS}
      >
        <OrderPage order={view} selfUrl={orderPath(order)} statusSrc={`/api${orderPath(order)}`} />
      </Layout>,
    );
  })
  .get('/checkout/:id', async (c) => {
    privatePage(c);
    const order = await orderFromUrl(c);
    if (!order) return renderNotFound(c);
    const payment = order.status === 'pending' ? await findPayment(database(c.env.DB), order.id) : undefined;
    if (!payment || payment.status !== 'open' || payment.expiresAt <= Date.now()) {
      return c.redirect(orderPath(order), 303);
    }
    if (checkoutUiMode(c.env) !== 'embedded' || !payment.clientSecret) {
      return c.redirect(payment.checkoutUrl ?? orderPath(order), 303);
    }
    return c.html(
      <Layout
        title="Checkout"
        description="Pay for your Edgefront order."
        canonical={`${origin(c)}/checkout/${order.id}`}
        scripts={EMBEDDED_CHECKOUT_SCRIPTS}
      >
        <EmbeddedCheckoutPage
          publishableKey={c.env.STRIPE_PUBLISHABLE_KEY}
          clientSecret={payment.clientSecret}
          orderUrl={orderPath(order)}
        />
      </Layout>,
    );
  });
