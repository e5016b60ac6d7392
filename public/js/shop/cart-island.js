// The header's cart count and the cart drawer. Pages are cached for everyone, so the count is asked
// of GET /api/cart/count after load and never rendered into the HTML. The drawer is a modal <dialog>
// (focus kept inside, Escape closes, the page behind inert) built from GET /api/cart.

import { fetchRetrying } from './retry.js';

const money = (m) => new Intl.NumberFormat('en-US', { style: 'currency', currency: m.currency.toUpperCase() }).format(m.amount / 10 ** minorDigits(m.currency));
const minorDigits = (currency) => new Intl.NumberFormat('en-US', { style: 'currency', currency: currency.toUpperCase() }).resolvedOptions().maximumFractionDigits;

function el(tag, props = {}, children = []) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(props)) {
    if (name === 'text') node.textContent = value;
    else if (name in node && typeof value !== 'string') node[name] = value;
    else node.setAttribute(name, value);
  }
  node.append(...children);
  return node;
}

function showCount(link, badge, n) {
  badge.textContent = n > 99 ? '99+' : String(n);
  badge.hidden = n <= 0;
  link.setAttribute('aria-label', n > 0 ? `Cart, ${n} item${n === 1 ? '' : 's'}` : 'Cart, empty');
}

function buildDrawer() {
  const title = el('h2', { id: 'cart-drawer-title', text: 'Your cart' });
  const close = el('button', { type: 'button', class: 'cart-drawer-close', 'aria-label': 'Close cart', text: '×' });
  const notice = el('p', { class: 'cart-drawer-notice', hidden: true });
  const body = el('div', { class: 'cart-drawer-body' });
  const dialog = el('dialog', { class: 'cart-drawer', 'aria-labelledby': 'cart-drawer-title' }, [
    el('div', { class: 'cart-drawer-head' }, [title, close]),
    notice,
    body,
  ]);
  close.addEventListener('click', () => dialog.close());
  // A click on the backdrop lands on the dialog itself, outside its panel.
  dialog.addEventListener('click', (e) => {
    if (e.target === dialog) dialog.close();
  });
  document.body.append(dialog);
  return { dialog, notice, body };
}

function cartContents(cart) {
  if (cart.items.length === 0) {
    return [el('p', { class: 'muted', text: 'Your cart is empty.' }), el('a', { class: 'button', href: '/products', text: 'Browse products' })];
  }
  const lines = el(
    'ul',
    { class: 'cart-drawer-lines', role: 'list' },
    cart.items.map((item) =>
      el('li', { class: 'cart-drawer-line' }, [
        el('a', { href: `/products/${encodeURIComponent(item.productSlug)}`, text: item.title }),
        el('span', { class: 'muted', text: `${item.variantTitle === 'Default' ? '' : `${item.variantTitle} · `}Qty ${item.quantity}` }),
        el('span', { class: 'cart-drawer-line-total', text: money(item.lineTotal) }),
      ]),
    ),
  );
  const subtotal = el('p', { class: 'cart-drawer-subtotal' }, [
    el('span', { text: `Subtotal (${cart.itemCount} item${cart.itemCount === 1 ? '' : 's'})` }),
    el('strong', { text: money(cart.subtotal) }),
  ]);
  const actions = el('div', { class: 'cart-drawer-actions' }, [
    el('a', { class: 'button', href: '/checkout', text: 'Check out' }),
    el('a', { class: 'button button-quiet', href: '/cart', text: 'View cart' }),
  ]);
  return [lines, subtotal, actions];
}

/**
 * Sets up the count and the drawer; returns what add-to-cart needs (or null on a page without the
 * header's cart link).
 */
export function setUpCartIsland() {
  const link = document.querySelector('[data-cart-link]');
  const badge = link?.querySelector('[data-cart-count]');
  if (!link || !badge || typeof HTMLDialogElement !== 'function') return null;
  let drawer;

  const island = {
    setCount: (n) => showCount(link, badge, n),
    /** Opens the drawer on `cart`, with an optional notice: `{ text, tone: 'ok' | 'bad' }`. */
    open(cart, notice) {
      drawer ??= buildDrawer();
      drawer.notice.hidden = !notice;
      drawer.notice.textContent = notice?.text ?? '';
      drawer.notice.dataset.tone = notice?.tone ?? '';
      drawer.notice.setAttribute('role', notice?.tone === 'bad' ? 'alert' : 'status');
      drawer.body.replaceChildren(...cartContents(cart));
      island.setCount(cart.itemCount);
      if (!drawer.dialog.open) drawer.dialog.showModal();
    },
    async load() {
      const res = await fetchRetrying('/api/cart', { headers: { accept: 'application/json' } });
      if (!res.ok) throw new Error(`GET /api/cart answered ${res.status}`);
      return res.json();
    },
  };

  link.addEventListener('click', async (e) => {
    // On the cart page itself the page is the fuller view; a modified click wants a new tab.
    if (window.location.pathname === '/cart' || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    e.preventDefault();
    try {
      island.open(await island.load());
    } catch {
      window.location.assign(link.href);
    }
  });

  fetchRetrying('/api/cart/count', { headers: { accept: 'application/json' } })
    .then((r) => (r.ok ? r.json() : null))
    .then((body) => {
      if (typeof body?.itemCount === 'number') island.setCount(body.itemCount);
    })
    .catch(() => {});
  return island;
}
