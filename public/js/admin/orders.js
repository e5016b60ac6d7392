// Orders, newest first, with a status filter, cursor paging and refunds.
import { admin, ApiError, query } from './api.js';
import { byId, fillRows, formatDate, formatMoney, h, say } from './dom.js';

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

function orderRow(order) {
  const note = h('p', { class: 'admin-error', role: 'alert' });
  const refund = async (event) => {
    if (!confirm(`Refund ${formatMoney(order.total)} for order ${order.id} to ${order.email}?`)) return;
    const button = event.currentTarget;
    button.disabled = true;
    note.textContent = '';
    try {
      const answer = await admin('POST', `/admin/api/orders/${encodeURIComponent(order.id)}/refund`, {});
      say(`Order ${order.id} ${answer.status}.`);
      row.replaceWith(orderRow({ ...order, status: answer.status }));
    } catch (err) {
      button.disabled = false;
      if (!(err instanceof ApiError && err.status === 401)) note.textContent = err.message;
    }
  };
  const tried = experimentsText(order.experiments);
  const row = h(
    'tr',
    { 'data-id': order.id, 'data-status': order.status, class: order.flag ? 'flagged' : false },
    h('td', {}, h('time', { datetime: order.createdAt }, formatDate(order.createdAt))),
    h('th', { scope: 'row' }, h('code', {}, order.id), tried ? h('small', { class: 'muted block' }, tried) : null),
    h('td', {}, order.email),
    h('td', {}, order.status, order.cancelReason ? h('small', { class: 'muted block' }, order.cancelReason) : null),
    shipToCell(order),
    discountsCell(order),
    taxCell(order),
    h('td', { class: 'num' }, h('strong', {}, formatMoney(order.total))),
    h('td', {}, order.flag ? h('strong', { class: 'flag' }, `Needs attention: ${order.flag}`) : ''),
    h(
      'td',
      {},
      REFUNDABLE.has(order.status)
        ? h('button', { type: 'button', class: 'button-danger', onclick: refund }, 'Refund', h('span', { class: 'visually-hidden' }, ` order ${order.id}`))
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
