import { countryOptions, regionOptions } from '../address';
import type { Cart } from '../cart/types';
import { noticeText, type PageNotice } from '../refusals/notices';
import { formatMoney } from './format';
import { OrderSummary } from './order-summary';

/** The address fields as the form posts them (text as typed). */
export const ADDRESS_FIELDS = ['name', 'line1', 'line2', 'city', 'region', 'postalCode', 'country', 'phone'] as const;
export type AddressField = (typeof ADDRESS_FIELDS)[number];

export interface CheckoutFormValues extends Partial<Record<AddressField, string>> {
  email?: string | undefined;
  shippingOption?: string | undefined;
  code?: string | undefined;
}

export interface CheckoutPageProps {
  cart: Cart;
  values: CheckoutFormValues;
  /** Field → why it was refused (`line1`, `postalCode`, `email`…). */
  issues?: Partial<Record<AddressField | 'email', string>> | undefined;
  notice?: PageNotice | undefined;
  /** Names this rendering of the form: posting it twice is one checkout (worker/checkout/). */
  attempt: string;
}

export const CHECKOUT_PAGE_SCRIPTS = ['/js/checkout-page.js'];

const LABELS: Record<AddressField, string> = {
  name: 'Full name',
  line1: 'Address',
  line2: 'Apartment, suite, etc. (optional)',
  city: 'City',
  region: 'State, province or region',
  postalCode: 'ZIP or postal code',
  country: 'Country',
  phone: 'Phone (optional, for the carrier)',
};

const AUTOCOMPLETE: Record<AddressField, string> = {
  name: 'shipping name',
  line1: 'shipping address-line1',
  line2: 'shipping address-line2',
  city: 'shipping address-level2',
  region: 'shipping address-level1',
  postalCode: 'shipping postal-code',
  country: 'shipping country',
  phone: 'shipping tel',
};

const REQUIRED: ReadonlySet<AddressField> = new Set(['name', 'line1', 'city', 'country']);

function Field({ name, values, issues }: { name: AddressField | 'email'; values: CheckoutFormValues; issues: CheckoutPageProps['issues'] }) {
  const id = `checkout-${name}`;
  const issue = issues?.[name];
  const describedBy = issue ? `${id}-error` : undefined;
  const common = {
    id,
    name,
    'aria-invalid': issue ? ('true' as const) : undefined,
    'aria-describedby': describedBy,
  };
  const label = name === 'email' ? 'Email for your receipt' : LABELS[name];
  let control;
  if (name === 'country') {
    const chosen = values.country ?? 'US';
    control = (
      <select {...common} autocomplete={AUTOCOMPLETE.country} required>
        {countryOptions().map((c) => (
          <option value={c.code} selected={c.code === chosen}>
            {c.name}
          </option>
        ))}
      </select>
    );
  } else if (name === 'email') {
    control = <input {...common} type="email" autocomplete="email" maxlength={254} required value={values.email ?? ''} />;
  } else {
    const regions = name === 'region' ? regionOptions(values.country ?? 'US') : null;
    control = (
      <>
        <input
          {...common}
          type={name === 'phone' ? 'tel' : 'text'}
          autocomplete={AUTOCOMPLETE[name]}
          maxlength={name === 'region' ? 64 : name === 'postalCode' ? 20 : 100}
          required={REQUIRED.has(name)}
          value={values[name] ?? ''}
          list={regions ? 'checkout-regions' : undefined}
        />
        {regions ? (
          <datalist id="checkout-regions">
            {regions.map((r) => (
              <option value={r.code}>{r.name}</option>
            ))}
          </datalist>
        ) : null}
      </>
    );
  }
  return (
    <div class={`field field-${name}`}>
      <label for={id}>{label}</label>
      {control}
      {issue ? (
        <p class="field-error" id={describedBy}>
          {issue}
        </p>
      ) : null}
    </div>
  );
}

/**
 * The checkout page (`GET /checkout`): contact, shipping address, shipping method, discount codes and
 * the order summary, then Pay. Every control is a plain form post (the section buttons post the same
 * form to their own route with `formaction`; the code field belongs to its own form through `form=`,
 * so Enter in it applies the code), so it works without JavaScript; /js/checkout-page.js only
 * submits a changed shipping method by itself.
 */
export function CheckoutPage({ cart, values, issues, notice, attempt }: CheckoutPageProps) {
  const option = cart.shippingOptions.find((o) => o.id === cart.shippingOption);
  const payable = cart.shippingAddress !== null && cart.shippingRefusal === null;
  return (
    <section class="checkout" aria-labelledby="checkout-heading">
      <h1 id="checkout-heading">Checkout</h1>
      {notice ? (
        <p class="notice" role="alert" id="checkout-notice">
          {noticeText(notice, cart)}
        </p>
      ) : null}
      <form id="discount-form" method="post" action="/checkout/discount" />
      <form id="discount-remove" method="post" action="/checkout/discount/remove" />
      <form class="checkout-layout" method="post" action="/checkout" novalidate>
        <input type="hidden" name="attempt" value={attempt} />
        <div class="checkout-steps">
          <fieldset class="checkout-step">
            <legend>Contact</legend>
            <Field name="email" values={values} issues={issues} />
          </fieldset>
          <fieldset class="checkout-step" id="shipping-address">
            <legend>Shipping address</legend>
            <div class="field-grid">
              {ADDRESS_FIELDS.map((name) => (
                <Field name={name} values={values} issues={issues} />
              ))}
            </div>
            <button type="submit" class="button-quiet" formaction="/checkout/address">
              Save address and see shipping
            </button>
          </fieldset>
          <fieldset class="checkout-step" id="shipping-method">
            <legend>Shipping method</legend>
            {cart.shippingAddress === null ? (
              <p class="muted">Enter your address to see the shipping options and their prices.</p>
            ) : cart.shippingRefusal ? (
              <p class="notice">{noticeText({ code: 'shipping_unavailable', country: cart.shippingAddress.country, reason: cart.shippingRefusal }, cart)}</p>
            ) : (
              <>
                <ul class="options" role="list">
                  {cart.shippingOptions.map((o) => (
                    <li>
                      <label class="option">
                        <input type="radio" name="shippingOption" value={o.id} checked={o.id === cart.shippingOption} />
                        <span class="option-title">{o.title}</span>
                        <span class="muted">
                          {o.estimatedDays.min === o.estimatedDays.max ? o.estimatedDays.min : `${o.estimatedDays.min}–${o.estimatedDays.max}`} business
                          days
                        </span>
                        <span class="price">{o.amount.amount === 0 ? 'Free' : formatMoney(o.amount)}</span>
                      </label>
                    </li>
                  ))}
                </ul>
                <button type="submit" class="button-quiet" formaction="/checkout/shipping" data-shipping-update>
                  Update shipping method
                </button>
              </>
            )}
          </fieldset>
        </div>
        <aside class="checkout-summary" aria-labelledby="summary-heading">
          <h2 id="summary-heading">Order summary</h2>
          <ul class="summary-lines" role="list">
            {cart.items.map((item) => (
              <li>
                <span>
                  {item.title}
                  {item.variantTitle === 'Default' ? null : <span class="muted"> {item.variantTitle}</span>}
                  <span class="muted"> × {item.quantity}</span>
                </span>
                <span class="price">{formatMoney(item.lineTotal)}</span>
              </li>
            ))}
          </ul>
          <div class="field code-field">
            <label for="checkout-code">Discount code</label>
            <div class="inline-form">
              <input id="checkout-code" type="text" name="code" form="discount-form" maxlength={32} autocomplete="off" value={values.code ?? ''} />
              <button type="submit" form="discount-form" class="button-quiet">
                Apply
              </button>
            </div>
          </div>
          {cart.codes.length > 0 ? (
            <ul class="codes" role="list" aria-label="Codes entered">
              {cart.codes.map((c) => (
                <li>
                  <code>{c.code}</code> {c.applied ? <span class="pill pill-on">applied</span> : <span class="pill pill-off">not applied</span>}{' '}
                  <button type="submit" form="discount-remove" name="code" value={c.code} class="button-quiet">
                    Remove<span class="visually-hidden"> {c.code}</span>
                  </button>
                </li>
              ))}
            </ul>
          ) : null}
          <OrderSummary
            totals={{
              subtotal: cart.subtotal,
              discounts: cart.discounts,
              shipping: cart.shipping,
              shippingTitle: option?.title ?? null,
              taxes: cart.taxes,
              taxTotal: cart.taxTotal,
              taxIncluded: cart.taxIncluded,
              total: cart.total,
            }}
          />
          <button type="submit" class="button pay-button">
            {payable ? `Pay ${formatMoney(cart.total)}` : 'Continue to payment'}
          </button>
          <p class="muted">Payment is on the next page. Your cart is kept for 30 days.</p>
        </aside>
      </form>
    </section>
  );
}
