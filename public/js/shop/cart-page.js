// The cart page's quantity and remove forms in place (worker/views/cart.tsx): each is sent to
// PATCH /api/cart/items/:sku with the button busy, the header count follows the answer, and the
// page's cart (lines, totals) is redrawn from /cart itself, so no price or total is worked out here.
// A refusal ("only 2 available") is shown on its line, naming the item, and the cart is kept. Without
// this script the forms post to /cart/items/:sku as before; with it, anything unexpected still does.
import { cartWrite, inPlace } from './add-to-cart.js';

/** Which control of which line had focus, to give it back after the redraw. */
function focusPlace(page) {
  const active = document.activeElement;
  const line = active instanceof HTMLElement && page.contains(active) ? active.closest('[data-sku]') : null;
  if (!line) return null;
  const form = active.closest('[data-cart-line-form]');
  return { sku: line.dataset.sku, form: form?.dataset.cartLineForm, input: active instanceof HTMLInputElement };
}

function restoreFocus(page, place) {
  if (!place) return;
  const line = [...page.querySelectorAll('[data-sku]')].find((l) => l.dataset.sku === place.sku);
  const form = line?.querySelector(`[data-cart-line-form="${place.form}"]`);
  const target = form?.querySelector(place.input ? 'input[name=quantity]' : '[type=submit]');
  // The line is gone (removed): the next line's quantity, or the heading of an empty cart.
  (target ?? page.querySelector('[data-sku] input[name=quantity]') ?? page.querySelector('h1'))?.focus();
}

/** Replaces the page's cart with /cart's, unless a newer write asked for a newer one meanwhile. */
async function redraw(page, body, place, stillLatest) {
  const res = await fetch('/cart', { headers: { accept: 'text/html' } });
  if (!res.ok) throw new Error(`GET /cart answered ${res.status}`);
  const fresh = new DOMParser().parseFromString(await res.text(), 'text/html').querySelector('[data-cart-body]');
  if (!fresh) throw new Error('GET /cart has no cart');
  if (!stillLatest()) return;
  body.replaceChildren(...fresh.childNodes);
  restoreFocus(page, place);
}

export function setUpCartPage(island) {
  const page = document.querySelector('[data-cart-page]');
  const body = page?.querySelector('[data-cart-body]');
  const status = page?.querySelector('[data-cart-status]');
  if (!page || !body || !status) return;
  // Redraws in the order they were asked for: an older answer never paints over a newer one.
  let latest = 0;

  page.addEventListener('submit', (e) => {
    const form = e.target;
    if (!(form instanceof HTMLFormElement) || !form.matches('[data-cart-line-form]')) return;
    const line = form.closest('[data-sku]');
    const input = form.querySelector('input[name=quantity]');
    if (!line || !input) return;
    e.preventDefault();
    const removing = form.dataset.cartLineForm === 'remove';
    const quantity = Number(input.value);
    const name = line.dataset.itemName;
    const notice = line.querySelector('[data-line-notice]');
    // Taken now: the busy button is disabled, which takes focus from it until the answer.
    const place = focusPlace(page) ?? { sku: line.dataset.sku, form: form.dataset.cartLineForm, input: false };
    inPlace(form, removing ? 'Removing…' : 'Updating…', async () => {
      const answer = await cartWrite('PATCH', `/api/cart/items/${encodeURIComponent(line.dataset.sku)}`, { quantity });
      const { cart } = answer;
      const refused = answer.refused ?? (answer.waitSeconds && `Too many shoppers at once: ${name} was not changed. Try again in ${answer.waitSeconds} s.`);
      if (refused) {
        // The cart is unchanged: say why on the line and put its quantity back.
        const shown = line.querySelector('[data-cart-line-form="update"] input[name=quantity]');
        if (shown) shown.value = shown.defaultValue;
        if (notice) notice.textContent = refused;
        // After the busy state ends (inPlace's finally), so the button can take focus again.
        setTimeout(() => restoreFocus(page, place));
        return;
      }
      island?.setCount(cart.itemCount);
      const mine = ++latest;
      status.textContent = quantity === 0 ? `Removed ${name} from your cart.` : `${name}: quantity ${quantity}.`;
      await redraw(page, body, place, () => mine === latest);
    });
  });
}
