// Promotions (codes and automatic discounts) in D1 behind `/admin/api/promotions`.
import { attempt, editDeleteCell } from './actions.js';
import { admin } from './api.js';
import { byId, fillRows, formatDate, formatMoney, h, say, stateCell, syncShown } from './dom.js';
import { CURRENCY, dollarsText, reader } from './fields.js';

const form = () => byId('promotion-form');
const money = (amount) => formatMoney({ amount, currency: CURRENCY });
const PERCENT_TYPES = new Set(['percentage', 'buy_x_get_y']);

function discountText(p) {
  switch (p.type) {
    case 'percentage':
      return `${p.value}% off`;
    case 'fixed':
      return `${money(p.value)} off`;
    case 'free_shipping':
      return 'Free shipping';
    case 'buy_x_get_y':
      return `Buy ${p.buyQuantity}, get ${p.getQuantity} ${p.value === 100 ? 'free' : `at ${p.value}% off`}`;
    default:
      return String(p.type ?? '');
  }
}

function targetText(target) {
  if (target === 'order') return 'The whole order';
  if (target?.category) return `Category ${target.category}`;
  return Array.isArray(target?.skus) ? `SKUs ${target.skus.join(', ')}` : '';
}

function windowText(p) {
  if (p.startsAt && p.endsAt) return `${formatDate(p.startsAt)} – ${formatDate(p.endsAt)}`;
  if (p.startsAt) return `From ${formatDate(p.startsAt)}`;
  return p.endsAt ? `Until ${formatDate(p.endsAt)}` : 'Always';
}

const usesText = (p) => (p.usageLimit ? `${p.uses} of ${p.usageLimit}` : `${p.uses}, no limit`);
const small = (text) => (text ? h('small', { class: 'muted block' }, text) : null);

function promotionRow(p) {
  return h(
    'tr',
    { 'data-id': p.id },
    h('th', { scope: 'row' }, p.code ? h('code', {}, p.code) : h('span', { class: 'muted' }, 'Automatic'), small(p.id)),
    h('td', { class: 'admin-text' }, p.title),
    h('td', { class: 'admin-text' }, discountText(p), small(p.minSubtotal ? `Subtotal from ${money(p.minSubtotal)}` : '')),
    h('td', { class: 'admin-text' }, targetText(p.target)),
    h('td', { class: 'admin-text' }, windowText(p)),
    h('td', {}, usesText(p), small(p.perCustomerLimit ? `${p.perCustomerLimit} per customer` : '')),
    stateCell(p.enabled === true),
    editDeleteCell({
      name: p.id,
      what: `promotion ${p.id}`,
      warning: 'Carts holding its code lose the discount.',
      path: `/admin/api/promotions/${encodeURIComponent(p.id)}`,
      edit: () => edit(p),
      reload: loadPromotions,
    }),
  );
}

export async function loadPromotions() {
  const { items } = await admin('GET', '/admin/api/promotions');
  fillRows(byId('promotion-rows'), (Array.isArray(items) ? items : []).map(promotionRow), 'No promotions yet.');
}

const pad = (n) => String(n).padStart(2, '0');

/** An instant as a datetime-local input holds it, in this browser's time zone. */
function localInput(iso) {
  if (!iso) return '';
  const d = new Date(iso);
  const seconds = d.getSeconds() ? `:${pad(d.getSeconds())}` : '';
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}${seconds}`;
}

function edit(p) {
  const el = form().elements;
  el.id.value = p.id;
  el.code.value = p.code ?? '';
  el.title.value = p.title ?? '';
  el.type.value = p.type;
  el.percent.value = PERCENT_TYPES.has(p.type) ? p.value : '';
  el.amount.value = p.type === 'fixed' ? dollarsText(p.value) : '';
  el.buyQuantity.value = p.buyQuantity ?? '';
  el.getQuantity.value = p.getQuantity ?? '';
  el.target.value = p.target === 'order' ? 'order' : p.target?.category ? 'category' : 'skus';
  el.category.value = p.target?.category ?? '';
  el.skus.value = (p.target?.skus ?? []).join(', ');
  el.minSubtotal.value = dollarsText(p.minSubtotal);
  el.startsAt.value = localInput(p.startsAt);
  el.endsAt.value = localInput(p.endsAt);
  el.usageLimit.value = p.usageLimit ?? '';
  el.perCustomerLimit.value = p.perCustomerLimit ?? '';
  el.combinesOrder.checked = p.combinesWith?.order === true;
  el.combinesProduct.checked = p.combinesWith?.product === true;
  el.combinesShipping.checked = p.combinesWith?.shipping === true;
  el.enabled.checked = p.enabled !== false;
  syncShown(form());
  el.id.focus();
}

/** The contract's promotion body from the form; throws the fields that are not right as issues. */
function promotionBody(f) {
  const el = f.elements;
  const read = reader();
  const type = el.type.value;
  const value = PERCENT_TYPES.has(type)
    ? read.whole(el.percent, 'value', { required: true })
    : type === 'fixed'
      ? read.dollars(el.amount, 'value', { required: true })
      : 0;
  const kind = el.target.value;
  const skus = read.text(el.skus).split(',').map((s) => s.trim().toUpperCase()).filter(Boolean);
  const target = kind === 'order' ? 'order' : kind === 'category' ? { category: read.text(el.category) } : { skus };
  const instant = (input) => (input.value ? new Date(input.value).toISOString() : undefined);
  const body = {
    code: read.text(el.code) || null,
    title: read.text(el.title) || undefined,
    type,
    value,
    target,
    ...(type === 'buy_x_get_y'
      ? { buyQuantity: read.whole(el.buyQuantity, 'buyQuantity', { required: true }), getQuantity: read.whole(el.getQuantity, 'getQuantity', { required: true }) }
      : {}),
    minSubtotal: read.dollars(el.minSubtotal, 'minSubtotal'),
    startsAt: instant(el.startsAt),
    endsAt: instant(el.endsAt),
    usageLimit: read.whole(el.usageLimit, 'usageLimit'),
    perCustomerLimit: read.whole(el.perCustomerLimit, 'perCustomerLimit'),
    combinesWith: { order: el.combinesOrder.checked, product: el.combinesProduct.checked, shipping: el.combinesShipping.checked },
    enabled: el.enabled.checked,
  };
  read.done();
  return body;
}

const FIELD_NAMES = {
  id: 'Id',
  code: 'Code',
  title: 'Title',
  type: 'Type',
  target: 'Applies to',
  buyQuantity: 'Buy quantity',
  getQuantity: 'Get quantity',
  minSubtotal: 'Minimum subtotal',
  startsAt: 'Starts',
  endsAt: 'Ends',
  usageLimit: 'Use limit',
  perCustomerLimit: 'Per customer',
  combinesWith: 'Combines with',
  enabled: 'Enabled',
};

/** `value` means percent or dollars by type; `target.skus.1` is the second SKU. */
function fieldName(path) {
  const [first, second, index] = path.split('.');
  if (first === 'value') return form().elements.type.value === 'fixed' ? 'Amount off' : 'Percent off';
  if (first === 'target' && second === 'skus') return index === undefined ? 'SKUs' : `SKU ${Number(index) + 1}`;
  if (first === 'target' && second === 'category') return 'Category slug';
  return FIELD_NAMES[first] ?? path;
}

async function savePromotion(event) {
  event.preventDefault();
  const f = event.currentTarget;
  const issues = byId('promotion-issues');
  const id = f.elements.id.value.trim();
  const saved = await attempt(async () => {
    await admin('PUT', `/admin/api/promotions/${encodeURIComponent(id || '-')}`, promotionBody(f));
    say(`Promotion ${id} saved.`);
    await loadPromotions();
  }, issues, fieldName);
  if (saved) f.reset();
}

export function setUpPromotions() {
  const f = form();
  f.addEventListener('submit', savePromotion);
  f.addEventListener('change', (event) => {
    if (event.target.name === 'type' || event.target.name === 'target') syncShown(f);
  });
  // A reset happens after its event: sync once the fields hold their defaults again.
  f.addEventListener('reset', () => setTimeout(() => (syncShown(f), byId('promotion-issues').replaceChildren())));
  syncShown(f);
}
