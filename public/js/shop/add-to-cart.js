// Cart writes without leaving the page: adding over any `form[data-add-to-cart]` (posts `sku` and
// `quantity` to /cart/items), and the cart page's quantity and remove forms (cart-page.js). The form
// post stays the fallback: anything other than an answer we understand (offline, 5xx, a rate limit)
// submits the form as if this script were absent. A busy store (503 unavailable / 429 with
// Retry-After, e.g. a drop's overloaded counter) is not retried: a cart write is not idempotent. The
// shopper is told how long to wait instead.

import { retryAfterSeconds } from './retry.js';

/**
 * Marks `form` busy (`aria-busy`, its submit button disabled and relabelled `label`) or not.
 * @param {HTMLFormElement} form
 * @param {string | false} label the busy label, or false to end the busy state
 */
export function busy(form, label) {
  const button = form.querySelector('[type=submit]');
  form.setAttribute('aria-busy', String(label !== false));
  if (!button) return;
  if (label !== false) {
    button.dataset.label = button.innerHTML;
    button.dataset.wasDisabled = String(button.disabled);
    button.textContent = label;
    button.disabled = true;
  } else {
    // innerHTML: labels carry a visually hidden part ("Update<span> quantity of …</span>").
    button.innerHTML = button.dataset.label ?? button.innerHTML;
    // The stock island may have disabled it (sold out) before: leave it as it found it.
    button.disabled = button.dataset.wasDisabled === 'true';
  }
}

/**
 * Sends a JSON cart write to the API. Answers `{ cart }` on success, `{ refused }` with the shopper's
 * words for a refusal (the API's `notice`, written by worker/refusals/notices.ts and naming the
 * item), `{ waitSeconds }` when the store is busy (Retry-After), and throws on anything else so the caller can fall back to the form post.
 */
export async function cartWrite(method, path, body) {
  const res = await fetch(path, {
    method,
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify(body),
  });
  if (res.ok) return { cart: await res.json() };
  // A busy store says when to come back; any other failure (no Retry-After) falls back to the form.
  const wait = res.headers.has('retry-after') ? retryAfterSeconds(res) : null;
  if (wait !== null) return { waitSeconds: Math.max(1, Math.ceil(wait)) };
  if (res.status !== 409 && res.status !== 403) throw new Error(`${method} ${path} answered ${res.status}`);
  const { error } = await res.json();
  return { refused: error.notice ?? error.message };
}

/**
 * Runs `write` for a submitted `form` with the busy state on, once at a time; if it throws, submits
 * the form the way the browser would have.
 */
export function inPlace(form, label, write) {
  if (form.getAttribute('aria-busy') === 'true') return;
  busy(form, label);
  write()
    .catch(() => form.submit())
    .finally(() => busy(form, false));
}

async function add(form, island) {
  const fields = new FormData(form);
  const title = form.dataset.itemTitle || 'That item';
  const { cart, refused, waitSeconds } = await cartWrite('POST', '/api/cart/items', {
    sku: String(fields.get('sku')),
    quantity: Number(fields.get('quantity') ?? 1),
  });
  if (cart) return island.open(cart, { text: `Added ${title} to your cart.`, tone: 'ok' });
  if (waitSeconds) {
    const text = `Too many shoppers at once: ${title} was not added. Try again in ${waitSeconds} s.`;
    return island.open(await island.load(), { text, tone: 'bad' });
  }
  // Refused: the cart is as it was; show it with the reason.
  island.open(await island.load(), { text: refused, tone: 'bad' });
}

export function setUpAddToCart(island) {
  document.addEventListener('submit', (e) => {
    const form = e.target;
    if (!(form instanceof HTMLFormElement) || !form.matches('[data-add-to-cart]')) return;
    e.preventDefault();
    inPlace(form, 'Adding…', () => add(form, island));
  });
}
