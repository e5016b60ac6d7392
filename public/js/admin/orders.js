// Orders, newest first, with a status filter, cursor paging and refunds.
import { admin, ApiError, query } from './api.js';
import { byId, fillRows, formatDate, formatMoney, h, say, showIssues } from './dom.js';
import { reader } from './fields.js';

const PAGE_SIZE = 20;
const REFUNDABLE = new Set(['paid', 'fulfilling', 'shipped']);
let listing = { status: '', cursor: null };

const failed = (err) => {
  if (!(err instanceof ApiError && err.status === 401)) say(err.message);
};

const small = (text) => (text ? h('small', { class: 'muted block' }, text) : null);

/** Where it goes and how: the address on one line, the method and its price under it. */
function shipToCell(order) {
  const price = !order.shipping ? '' : order.shipping.amount === 0 ? ', free' : `, ${formatMoney(order.shipping)}`;
  const method = order.shippingMethod ? `${order.shippingMethod.title}${price}` : '';
  return h('td', { class: 'admin-wide' }, order.shipTo ?? h('span', { class: 'muted' }, 'No address'), small(method));
}

function discountsCell(order) {
  if (!order.discounts?.length) return h('td', { class: 'num muted' }, 'None');
  const names = order.discounts.map((d) => d.code ?? d.title).join(', ');
  return h('td', { class: 'num' }, `−${formatMoney(order.discountTotal)}`, small(names));
}

function taxCell(order) {
  if (!order.taxTotal?.amount) return h('td', { class: 'num muted' }, 'None');
  return h('td', { class: 'num' }, formatMoney(order.taxTotal), small(order.taxIncluded ? 'included' : order.taxes?.map((t) => t.title).join(', ')));
}

const experimentsText = (experiments) =>
  experiments && typeof experiments === 'object'
    ? Object.entries(experiments).map(([id, variant]) => `${id}=${variant}`).join('; ')
    : '';

/**
 * The refund form of one order, in a row under it: everything left, an amount, or units of lines
 * (the store prices units: each line's net plus its tax, shipping only with "everything left").
 */
async function refundPanel(order, row, columns) {
  const detail = await admin('GET', `/admin/api/orders/${encodeURIComponent(order.id)}`);
  const left = detail.total.amount - detail.refunded.amount;
  const id = `refund-${order.id}`;
  const issues = h('ul', { class: 'admin-issues', role: 'alert' });
  const lines = detail.lines
    .filter((l) => l.quantity > l.refundedQuantity)
    .map((l, i) =>
      h(
        'div',
        { class: 'field' },
        h('label', { for: `${id}-line-${i}` }, `${l.title}${l.variantTitle === 'Default' ? '' : `, ${l.variantTitle}`}: units to refund (of ${l.quantity - l.refundedQuantity} left)`),
        h('input', { id: `${id}-line-${i}`, type: 'number', min: 0, max: l.quantity - l.refundedQuantity, value: 0, inputmode: 'numeric', 'data-sku': l.sku }),
      ),
    );
  const choice = (value, label, checked = false) =>
    h('label', { class: 'check' }, h('input', { type: 'radio', name: 'kind', value, checked }), label);
  const form = h(
    'form',
    { class: 'admin-form refund-form', 'aria-label': `Refund order ${order.id}` },
    h(
      'fieldset',
      { class: 'admin-fieldset' },
      h('legend', {}, `Refund (${formatMoney({ amount: left, currency: detail.total.currency })} left of ${formatMoney(detail.total)})`),
      choice('rest', 'Everything left, shipping included', true),
      choice('amount', 'An amount'),
      h('div', { class: 'field', 'data-show': 'kind:amount', hidden: true }, h('label', { for: `${id}-amount` }, 'Amount in dollars'), h('input', { id: `${id}-amount`, type: 'text', inputmode: 'decimal', name: 'amount' })),
      lines.length > 0 ? choice('lines', 'Units of lines') : null,
      h('div', { 'data-show': 'kind:lines', hidden: true, class: 'admin-fieldset-rows' }, ...lines),
    ),
    h('div', { class: 'admin-actions' }, h('button', { type: 'submit', class: 'button-danger' }, 'Refund'), h('button', { type: 'button', class: 'button-quiet', onclick: () => panel.remove() }, 'Cancel')),
    issues,
  );
  form.addEventListener('change', () => {
    for (const el of form.querySelectorAll('[data-show]')) el.hidden = el.dataset.show.split(':')[1] !== form.elements.kind.value;
  });
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const kind = form.elements.kind.value;
    const read = reader();
    let body = {};
    try {
      if (kind === 'amount') body = { amount: read.dollars(form.elements.amount, 'amount', { required: true }) };
      if (kind === 'lines') {
        const picked = lines.map((field) => field.querySelector('input')).map((input) => ({ sku: input.dataset.sku, quantity: read.whole(input, `lines.${input.dataset.sku}`) ?? 0 }));
        body = { lines: picked.filter((l) => l.quantity > 0) };
      }
      read.done();
      showIssues(issues, null);
      const answer = await admin('POST', `/admin/api/orders/${encodeURIComponent(order.id)}/refund`, body);
      say(`Refunded ${formatMoney({ amount: answer.amount, currency: answer.refunded.currency })} of order ${order.id}; ${formatMoney(answer.refunded)} refunded in all (${answer.status}).`);
      panel.remove();
      row.replaceWith(orderRow({ ...order, status: answer.status, refunded: answer.refunded }));
    } catch (err) {
      if (!(err instanceof ApiError && err.status === 401)) showIssues(issues, err);
    }
  });
  const panel = h('tr', { class: 'refund-row' }, h('td', { colspan: columns }, form));
  row.after(panel);
  form.querySelector('input[name=kind]')?.focus();
}

function orderRow(order) {
  const note = h('p', { class: 'admin-error', role: 'alert' });
  const refund = async (event) => {
    const open = row.nextElementSibling?.classList.contains('refund-row');
    if (open) return row.nextElementSibling.querySelector('input')?.focus();
    note.textContent = '';
    try {
      await refundPanel(order, row, row.children.length);
    } catch (err) {
      if (!(err instanceof ApiError && err.status === 401)) note.textContent = err.message;
    }
    event.currentTarget?.setAttribute('aria-expanded', 'true');
  };
  const refunded = order.refunded?.amount ? h('small', { class: 'muted block' }, `refunded ${formatMoney(order.refunded)}`) : null;
  const tried = experimentsText(order.experiments);
  const row = h(
    'tr',
    { 'data-id': order.id, 'data-status': order.status, class: order.flag ? 'flagged' : false },
    h('td', {}, h('time', { datetime: order.createdAt }, formatDate(order.createdAt))),
    h('th', { scope: 'row' }, order.number ? h('strong', { class: 'block' }, `№ ${order.number}`) : null, h('code', {}, order.id), tried ? h('small', { class: 'muted block' }, tried) : null),
    h('td', {}, order.email),
    h('td', {}, order.status, order.cancelReason ? h('small', { class: 'muted block' }, order.cancelReason) : null),
    shipToCell(order),
    discountsCell(order),
    taxCell(order),
    h('td', { class: 'num' }, h('strong', {}, formatMoney(order.total)), refunded),
    h('td', {}, order.flag ? h('strong', { class: 'flag' }, `Needs attention: ${order.flag}`) : ''),
    h(
      'td',
      {},
      REFUNDABLE.has(order.status)
        ? h('button', { type: 'button', class: 'button-danger', onclick: refund, 'aria-expanded': 'false' }, 'Refund…', h('span', { class: 'visually-hidden' }, ` order ${order.id}`))
        : null,
      note,
    ),
  );
  return row;
}

/** The first page for a status (`more` false) or the next page of the current listing. */
export async function loadOrders({ status = listing.status, more = false } = {}) {
  const cursor = more ? listing.cursor : null;
  const page = await admin('GET', `/admin/api/orders${query({ status, limit: PAGE_SIZE, cursor })}`);
  listing = { status, cursor: page.nextCursor };
  const rows = byId('order-rows');
  fillRows(rows, page.items.map(orderRow), status ? `No ${status} orders.` : 'No orders yet.');
  byId('order-next').hidden = !page.nextCursor;
}

export function setUpOrders() {
  byId('order-filter').addEventListener('submit', (event) => {
    event.preventDefault();
    loadOrders({ status: event.currentTarget.elements.status.value }).catch(failed);
  });
  byId('order-status').addEventListener('change', (event) => loadOrders({ status: event.currentTarget.value }).catch(failed));
  byId('order-next').addEventListener('click', () => loadOrders({ more: true }).catch(failed));
}
