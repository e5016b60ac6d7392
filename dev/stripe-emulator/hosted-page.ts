import { escapeHtml, htmlPage } from './http-util.js';
import type { SessionRecord, ShippingRate } from './sessions.js';

/** Minor units → display amount, honouring zero-decimal currencies such as JPY. */
export function formatAmount(minor: number, currency: string): string {
  const format = new Intl.NumberFormat('en-US', { style: 'currency', currency: currency.toUpperCase() });
  const digits = format.resolvedOptions().maximumFractionDigits ?? 2;
  return format.format(minor / 10 ** digits);
}

const STYLE = `
body{font-family:system-ui,sans-serif;margin:0;background:#f6f7f9;color:#1a1f36}
main{max-width:34rem;margin:2rem auto;padding:1.5rem;background:#fff;border-radius:8px;box-shadow:0 1px 3px #0002}
h1{font-size:1.25rem;margin-top:0}
.badge{display:inline-block;background:#ffde92;color:#5a3a00;border-radius:4px;padding:.1rem .4rem;font-size:.8rem}
table{width:100%;border-collapse:collapse;margin:1rem 0}
th,td{text-align:left;padding:.4rem;border-bottom:1px solid #e3e8ee}
td.num,th.num{text-align:right}
[role=alert]{background:#fde8e8;color:#8a1c1c;padding:.6rem;border-radius:4px}
.status{background:#e8f0fd;padding:.6rem;border-radius:4px}
.actions{display:flex;gap:.5rem;flex-wrap:wrap;margin:1rem 0}
button{font:inherit;padding:.5rem 1rem;border-radius:4px;border:1px solid #635bff;background:#635bff;color:#fff;cursor:pointer}
button.secondary{background:#fff;color:#635bff}
button:focus-visible,a:focus-visible{outline:3px solid #1a1f36;outline-offset:2px}
h2{font-size:1rem;margin:1rem 0 .25rem}
address{font-style:normal}
.muted{color:#697386;font-weight:400}`;

function layout(title: string, body: string): string {
  return htmlPage(
    title,
    STYLE,
    `<h1>Edgefront test checkout (local Stripe emulator)</h1>
<p><span class="badge">Test mode</span> No real card is charged.</p>
${body}`,
  );
}

function statusText(record: SessionRecord): string {
  const { session } = record;
  if (session.status === 'expired') return 'This checkout session has expired.';
  if (session.payment_status === 'paid') return 'Payment complete. Thank you!';
  if (record.asyncPending) return 'Payment submitted; it is still processing.';
  return 'This checkout session is complete, but the payment failed.';
}

function deliveryText(rate: ShippingRate): string {
  const { minimum, maximum } = rate.deliveryEstimate ?? { minimum: null, maximum: null };
  const words = (bound: { unit: string; value: number }) => `${bound.value} ${bound.unit.replace('_', ' ')}${bound.value === 1 ? '' : 's'}`;
  if (minimum && maximum) {
    return minimum.unit === maximum.unit ? `arrives in ${minimum.value}–${words(maximum)}` : `arrives in ${words(minimum)} to ${words(maximum)}`;
  }
  if (minimum || maximum) return `arrives in ${minimum ? 'at least' : 'at most'} ${words((minimum ?? maximum)!)}`;
  return '';
}

function shippingRows(record: SessionRecord): string {
  const { session } = record;
  const selected = record.shippingRates.find((rate) => rate.id === session.shipping_cost?.shipping_rate);
  if (!selected || !session.shipping_cost) return '';
  const estimate = deliveryText(selected);
  return `<tr><th scope="row" colspan="2">Subtotal</th><td class="num">${formatAmount(session.amount_subtotal, session.currency)}</td></tr>
<tr><th scope="row" colspan="2">Shipping: ${escapeHtml(selected.displayName)}${estimate ? ` <span class="muted">(${escapeHtml(estimate)})</span>` : ''}</th><td class="num">${formatAmount(session.shipping_cost.amount_total, session.currency)}</td></tr>
`;
}

function shipTo(record: SessionRecord): string {
  if (!record.shipping) return '';
  const { name, phone, address } = record.shipping;
  const cityLine = [address.postal_code, address.city, address.state].filter(Boolean).join(' ');
  const lines = [name, address.line1, address.line2, cityLine, address.country, phone].filter((line): line is string => Boolean(line));
  return `<h2>Ship to</h2>
<address>${lines.map(escapeHtml).join('<br>')}</address>`;
}

export function renderCheckoutPage(record: SessionRecord, error?: string): string {
  const { session, lineItems } = record;
  const action = `/c/pay/${encodeURIComponent(session.id)}`;
  const rows = lineItems
    .map(
      (item) =>
        `<tr><td>${escapeHtml(item.description)}</td><td class="num">${item.quantity}</td><td class="num">${formatAmount(item.amount_total, item.currency)}</td></tr>`,
    )
    .join('\n');
  const controls =
    session.status === 'open'
      ? `<form method="post" action="${action}/pay" class="actions">
<button type="submit" name="action" value="pay">Pay</button>
<button type="submit" name="action" value="decline" formaction="${action}/decline" class="secondary">Decline</button>
<button type="submit" name="action" value="pay-async" formaction="${action}/pay-async" class="secondary">Pay later (async)</button>
</form>`
      : `<p class="status" role="status">${escapeHtml(statusText(record))}</p>`;
  const back = session.cancel_url ? `<p><a href="${escapeHtml(session.cancel_url)}">Back to the store</a></p>` : '';
  const body = `${error ? `<p role="alert">${escapeHtml(error)}</p>` : ''}
<table>
<caption>Order summary</caption>
<thead><tr><th scope="col">Item</th><th scope="col" class="num">Quantity</th><th scope="col" class="num">Amount</th></tr></thead>
<tbody>
${rows}
</tbody>
<tfoot>${shippingRows(record)}<tr><th scope="row" colspan="2">Total</th><td class="num"><strong>${formatAmount(session.amount_total, session.currency)}</strong></td></tr></tfoot>
</table>
<p>Email: ${session.customer_email ? escapeHtml(session.customer_email) : '<em>not provided</em>'}</p>
${shipTo(record)}
${controls}
${back}`;
  return layout(`Checkout: ${formatAmount(session.amount_total, session.currency)}`, body);
}

export function renderNotFound(id: string): string {
  return layout('Checkout session not found', `<p role="alert">No checkout session ${escapeHtml(id)}.</p>`);
}
