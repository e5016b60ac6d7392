// Add to cart without leaving the page, over any `form[data-add-to-cart]` that posts `sku` and
// `quantity` to /cart/items. The form post stays the fallback: anything other than an answer we
// understand (offline, 5xx) submits the form as if this script were absent. A busy store (503
// unavailable / 429, e.g. a drop's overloaded counter) is not retried: an add is not idempotent. The
// shopper is told how long to wait instead.

import { retryAfterSeconds } from './retry.js';

/** The page route's notice wording (worker/refusals/notices.ts), naming the item. */
function refusalText(error, title) {
  if (error.code === 'out_of_stock') {
    return error.available > 0
      ? `${title}: only ${error.available} available, so your cart was not changed.`
      : `${title} is out of stock, so your cart was not changed.`;
  }
  if (error.reason === 'quantity_limit') return `${title}: a cart holds at most ${error.limit} of one item.`;
  if (error.code === 'not_admitted') return `${title} is part of a drop: it can be bought only after its waiting room (${error.queue}) lets you in.`;
  if (error.code === 'limit_exceeded') return `${title}: this drop allows at most ${error.limit} per customer, so your cart was not changed.`;
  if (error.reason === 'cart_full') return `Your cart is full (${error.limit} different items). Remove something to add more.`;
  return `${title}: ${error.message}`;
}

function busy(form, on) {
  const button = form.querySelector('[type=submit]');
  form.setAttribute('aria-busy', String(on));
  if (!button) return;
  if (on) {
    button.dataset.label = button.textContent;
    button.dataset.wasDisabled = String(button.disabled);
    button.textContent = 'Adding…';
    button.disabled = true;
  } else {
    button.textContent = button.dataset.label ?? button.textContent;
    // The stock island may have disabled it (sold out) before: leave it as it found it.
    button.disabled = button.dataset.wasDisabled === 'true';
  }
}

async function add(form, island) {
  const fields = new FormData(form);
  const title = form.dataset.itemTitle || 'That item';
  const res = await fetch('/api/cart/items', {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify({ sku: String(fields.get('sku')), quantity: Number(fields.get('quantity') ?? 1) }),
  });
  if (res.ok) return island.open(await res.json(), { text: `Added ${title} to your cart.`, tone: 'ok' });
  const wait = retryAfterSeconds(res);
  if (wait !== null) {
    const text = `Too many shoppers at once: ${title} was not added. Try again in ${Math.max(1, Math.ceil(wait))} s.`;
    return island.open(await island.load(), { text, tone: 'bad' });
  }
  if (res.status !== 409 && res.status !== 403) throw new Error(`POST /api/cart/items answered ${res.status}`);
  const { error } = await res.json();
  // Refused: the cart is as it was; show it with the reason.
  island.open(await island.load(), { text: refusalText(error, title), tone: 'bad' });
}

export function setUpAddToCart(island) {
  document.addEventListener('submit', async (e) => {
    const form = e.target;
    if (!(form instanceof HTMLFormElement) || !form.matches('[data-add-to-cart]')) return;
    e.preventDefault();
    if (form.getAttribute('aria-busy') === 'true') return;
    busy(form, true);
    try {
      await add(form, island);
    } catch {
      form.submit();
    } finally {
      busy(form, false);
    }
  });
}
