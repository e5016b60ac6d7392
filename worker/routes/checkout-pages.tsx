import { Hono, type Context } from 'hono';
import { orderAssignments, trackedCheckout } from '../telemetry/request-events';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import * as z from 'zod';
import { shippingAddressSchema, type ShippingAddress } from '../address';
import { readCartId } from '../cart/cart-cookie';
import { applyCode, readCart, rememberEmail, removeCode, setShippingAddress, setShippingOption } from '../cart/carts';
import { shippingOptionSchema } from '../cart/schemas';
import { checkout, type CheckoutAnswer, type CheckoutInput } from '../checkout/checkout';
import { checkoutLimiter, checkoutPaused } from '../checkout/gate';
import { database } from '../db/client';
import { dropPass } from '../drops/admission';
import type { AppEnv } from '../http/app-env';
import { ApiError } from '../http/errors';
import { formFields } from '../http/form-fields';
import { randomToken } from '../lib/random-id';
import { sameOriginForms } from '../middleware/same-origin-forms';
import { orderForToken, orderParamSchema, orderTokenQuerySchema } from '../orders/access';
import { findPayment, orderView, type OrderRow } from '../orders/order-store';
import { checkoutUiMode } from '../payments/payments';
import { normalizeCode } from '../pricing/schemas';
import { refusalError } from '../refusals/http';
import type { PageNotice } from '../refusals/notices';
import { refusalOf, type Outcome, type Refusal } from '../refusals/refusals';
import { EMBEDDED_CHECKOUT_SCRIPTS, EmbeddedCheckoutPage } from '../views/checkout';
import { ADDRESS_FIELDS, CHECKOUT_PAGE_SCRIPTS, CheckoutPage, type CheckoutFormValues, type CheckoutPageProps } from '../views/checkout-page';
import { Layout } from '../views/layout';
import { ORDER_PAGE_SCRIPTS, OrderPage } from '../views/order';
import { renderNotFound } from './pages';

/** How long a second post of the same form waits for the first to finish (a double click). */
const IN_PROGRESS_WAIT_MS = 250;
const IN_PROGRESS_TRIES = 12;

const emailField = z.string().trim().pipe(z.email().max(254));
// A malformed attempt id only costs the double-post protection, never the checkout.
const attemptField = z.string().regex(/^[A-Za-z0-9_-]{16,64}$/).optional().catch(undefined);

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

/** Pages that carry an order's token or a shopper's details: never cached, never indexed. */
function privatePage(c: Context<AppEnv>) {
  c.header('cache-control', 'no-store');
  c.header('x-robots-tag', 'noindex');
}

/** What the form posted, as text (never trusted beyond redisplay). */
function valuesOf(fields: Record<string, unknown>): CheckoutFormValues {
  const text = (name: string) => (typeof fields[name] === 'string' ? (fields[name] as string).slice(0, 300) : undefined);
  const values: CheckoutFormValues = { email: text('email'), shippingOption: text('shippingOption'), code: text('code') };
  for (const name of ADDRESS_FIELDS) values[name] = text(name);
  return values;
}

/** The posted address: none when no address field was filled in, else parsed (issues per field). */
function addressOf(values: CheckoutFormValues) {
  const given = ADDRESS_FIELDS.filter((name) => values[name]?.trim());
  if (given.length === 0 || (given.length === 1 && given[0] === 'country')) return { address: null, issues: null };
  const parsed = shippingAddressSchema.safeParse(Object.fromEntries(ADDRESS_FIELDS.map((n) => [n, values[n] ?? ''])));
  if (parsed.success) return { address: parsed.data, issues: null };
  const issues: Record<string, string> = {};
  for (const issue of parsed.error.issues) issues[String(issue.path[0] ?? 'line1')] ??= issue.message;
  return { address: null, issues };
}

/** The checkout page, as the cart is now, with what was posted and why it was refused. */
async function renderCheckout(
  c: Context<AppEnv>,
  status: ContentfulStatusCode,
  props: Partial<Omit<CheckoutPageProps, 'cart'>> = {},
  headers: Record<string, string> = {},
) {
  const cart = await readCart(c.env, c.executionCtx, await readCartId(c));
  if (cart.items.length === 0) return c.redirect('/cart', 303);
  const saved = cart.shippingAddress;
  const values: CheckoutFormValues = props.values ?? {
    email: cart.email ?? '',
    ...(saved ? Object.fromEntries(ADDRESS_FIELDS.map((n) => [n, saved[n] ?? ''])) : {}),
  };
  privatePage(c);
  for (const [name, value] of Object.entries(headers)) c.header(name, value);
  return c.html(
    <Layout title="Checkout" description="Pay for your Edgefront order." canonical={`${origin(c)}/checkout`} scripts={CHECKOUT_PAGE_SCRIPTS} noindex>
      <CheckoutPage cart={cart} values={values} issues={props.issues} notice={props.notice} attempt={props.attempt ?? randomToken(16)} />
    </Layout>,
    status,
  );
}

/** A refusal as the page's notice, with the status and headers the API would answer it with. */
function refusalPage(c: Context<AppEnv>, refusal: Refusal, values: CheckoutFormValues, attempt?: string) {
  const error = refusalError(refusal);
  return renderCheckout(c, error.status, { values, notice: refusal as PageNotice, attempt }, error.headers);
}

/**
 * The saga with the form's attempt id as its idempotency key: a second post of one rendering of the
 * form (a double click) waits for the first and answers the same order. A key that cannot replay
 * (other details typed, an order that closed meanwhile) gives way to a fresh checkout.
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

const back = (c: Context<AppEnv>, hash = '') => c.redirect(`/checkout${hash}`, 303);

/**
 * Checkout for people: the checkout page (`GET /checkout`: contact, address, shipping, codes,
 * summary, Pay) and its no-JS form posts, the order status page the provider returns the shopper to,
 * and the Embedded Checkout page.
 */
export const checkoutPages = new Hono<AppEnv>()
  .get('/checkout', async (c) => {
    // Paused or read-only: say so before the shopper types an address (the post answers 503).
    const paused = await checkoutPaused(c);
    return renderCheckout(c, 200, paused ? { notice: refusalOf(paused) as PageNotice } : {});
  })
  .post('/checkout', sameOriginForms(), async (c) => {
    const fields = await formFields(c);
    const values = valuesOf(fields);
    const attempt = attemptField.parse(fields['attempt']);
    try {
      await checkoutLimiter(c, () => Promise.resolve());
    } catch (err) {
      if (!(err instanceof ApiError) || err.code !== 'rate_limited') throw err;
      return renderCheckout(c, 429, { values, notice: { code: 'rate_limited' } }, err.headers);
    }
    const paused = await checkoutPaused(c);
    if (paused) return refusalPage(c, refusalOf(paused), values);
    const email = emailField.safeParse(values.email ?? '');
    const { address, issues } = addressOf(values);
    if (!email.success || issues) {
      return renderCheckout(c, 400, {
        values,
        issues: { ...issues, ...(email.success ? {} : { email: 'Enter an email address like name@example.com' }) },
        notice: email.success ? undefined : { code: 'invalid_email' },
      });
    }
    const option = shippingOptionSchema.shape.id.safeParse(values.shippingOption);
    const outcome = await trackedCheckout(c, async () => checkoutOnce(c.env, {
      cartId: await readCartId(c),
      email: email.data,
      shippingAddress: address ?? undefined,
      shippingOptionId: option.success ? option.data : undefined,
      idempotencyKey: attempt ? `form:${attempt}` : undefined,
      origin: origin(c),
      experiments: orderAssignments(c),
      pass: await dropPass(c, Date.now()),
      turnstileToken: typeof fields['cf-turnstile-response'] === 'string' ? fields['cf-turnstile-response'].slice(0, 2048) : undefined,
      ip: c.req.header('cf-connecting-ip') ?? null,
    }));
    if (outcome.ok) {
      c.header('cache-control', 'no-store');
      return c.redirect(outcome.value.checkoutUrl, 303);
    }
    // A retry of the same form after an outage resumes the same order (one provider session).
    return refusalPage(c, refusalOf(outcome), values, outcome.code === 'payment_unavailable' ? attempt : undefined);
  })
  .post('/checkout/address', sameOriginForms(), async (c) => {
    const id = await readCartId(c);
    if (!id) return c.redirect('/cart', 303);
    const values = valuesOf(await formFields(c));
    const { address, issues } = addressOf(values);
    if (!address) return renderCheckout(c, 400, { values, issues: issues ?? { line1: 'Required' } });
    const saved = await setShippingAddress(c.env, c.executionCtx, id, address as ShippingAddress);
    if (!saved.ok) return refusalPage(c, refusalOf(saved), values);
    const email = emailField.safeParse(values.email ?? '');
    if (email.success) await rememberEmail(c.env, id, email.data);
    return back(c, '#shipping-method');
  })
  .post('/checkout/shipping', sameOriginForms(), async (c) => {
    const values = valuesOf(await formFields(c));
    const option = shippingOptionSchema.shape.id.safeParse(values.shippingOption);
    if (!option.success) return renderCheckout(c, 400, { values, notice: { code: 'shipping_option_unavailable', id: '' } });
    const chosen = await setShippingOption(c.env, c.executionCtx, await readCartId(c), option.data);
    if (!chosen.ok) return refusalPage(c, refusalOf(chosen), values);
    return back(c, '#shipping-method');
  })
  .post('/checkout/discount', sameOriginForms(), async (c) => {
    const id = await readCartId(c);
    if (!id) return c.redirect('/cart', 303);
    const values = valuesOf(await formFields(c));
    const code = normalizeCode(values.code ?? '');
    if (!code) return renderCheckout(c, 400, { notice: { code: 'discount_rejected', discountCode: (values.code ?? '').slice(0, 32), reason: 'unknown' } });
    const applied = await applyCode(c.env, c.executionCtx, id, code);
    if (!applied.ok) return refusalPage(c, refusalOf(applied), { ...valuesOf({}), code: values.code });
    return back(c, '#order-summary');
  })
  .post('/checkout/discount/remove', sameOriginForms(), async (c) => {
    const code = normalizeCode(String((await formFields(c))['code'] ?? ''));
    if (code) await removeCode(c.env, c.executionCtx, await readCartId(c), code);
    return back(c, '#order-summary');
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
