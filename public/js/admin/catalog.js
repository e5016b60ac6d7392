// Products (read through the public catalog API, written through the admin API) and each SKU's stock.
import { admin, ApiError, publicGet, query } from './api.js';
import { byId, fillRows, formatMoney, h, say, showIssues, toDecimal, toMinor } from './dom.js';

const PAGE_SIZE = 20;
let search = { q: '', cursor: null };
/** The product being edited, exactly as `GET /api/products/:slug` answered it. */
let current = null;

const label = (text, name) => [text, h('span', { class: 'visually-hidden' }, ` ${name}`)];
const failed = (err) => {
  if (!(err instanceof ApiError && err.status === 401)) say(err.message);
};

function priceRange(variants) {
  if (variants.length === 0) return '';
  const amounts = variants.map((v) => v.price.amount);
  const [low, high] = [Math.min(...amounts), Math.max(...amounts)];
  const money = (amount) => formatMoney({ amount, currency: variants[0].price.currency });
  return low === high ? money(low) : `${money(low)} – ${money(high)}`;
}

function productRow(product) {
  return h(
    'tr',
    { 'data-slug': product.slug },
    h('th', { scope: 'row' }, product.title),
    h('td', {}, h('a', { href: `/products/${encodeURIComponent(product.slug)}` }, product.slug)),
    h('td', { class: 'num' }, priceRange(product.variants ?? [])),
    h('td', {}, h('button', { type: 'button', class: 'button-quiet', onclick: () => openProduct(product.slug) }, ...label('Edit', product.title))),
  );
}

/** The first page of a search (`more` false) or the next page of the current one. */
export async function loadProducts({ q = search.q, more = false } = {}) {
  const cursor = more ? search.cursor : null;
  const page = await publicGet(`/api/products${query({ limit: PAGE_SIZE, q: q.trim(), cursor })}`);
  search = { q, cursor: page.nextCursor };
  fillRows(byId('product-rows'), page.items.map(productRow), q.trim() ? `Nothing matches “${q.trim()}”.` : 'No products yet.');
  byId('product-next').hidden = !page.nextCursor;
}

function priceField(variant, index) {
  const id = `price-${index}`;
  return h(
    'div',
    { class: 'field' },
    h('label', { for: id }, `${variant.title} (${variant.sku})`),
    h('input', {
      id,
      name: `price-${index}`,
      type: 'text',
      inputmode: 'decimal',
      required: true,
      pattern: '\\d+(\\.\\d{1,2})?',
      value: toDecimal(variant.price.amount, variant.price.currency),
      'data-sku': variant.sku,
    }),
  );
}

async function openProduct(slug, { focus = true } = {}) {
  try {
    current = await publicGet(`/api/products/${encodeURIComponent(slug)}`);
  } catch (err) {
    return failed(err);
  }
  const form = byId('product-form');
  byId('product-editor-title').textContent = `Edit ${current.title}`;
  form.elements.title.value = current.title;
  form.elements.description.value = current.description ?? '';
  const prices = byId('product-prices');
  prices.replaceChildren(prices.querySelector('legend'), ...current.variants.map(priceField));
  showIssues(byId('product-issues'), null);
  const editor = byId('product-editor');
  editor.hidden = false;
  if (focus) editor.focus();
  await loadStock();
}

/** The product with the form's edits; throws a list of issues for prices that are not prices. */
function edited(form) {
  const issues = [];
  const variants = current.variants.map((variant, index) => {
    const text = form.elements[`price-${index}`].value;
    const amount = toMinor(text, variant.price.currency);
    if (amount === null) issues.push({ path: `variants.${index}.price`, message: `“${text}” is not a price in dollars` });
    return { ...variant, price: { ...variant.price, amount: amount ?? variant.price.amount } };
  });
  if (issues.length > 0) throw Object.assign(new Error('Check the prices'), { issues });
  return { ...current, title: form.elements.title.value, description: form.elements.description.value, variants };
}

async function saveProduct(event) {
  event.preventDefault();
  const issues = byId('product-issues');
  try {
    const saved = await admin('PUT', `/admin/api/products/${current.id}`, edited(event.currentTarget));
    showIssues(issues, null);
    await Promise.all([openProduct(saved.slug, { focus: false }), loadProducts()]);
    say(`Saved ${saved.title}.`);
  } catch (err) {
    if (err instanceof ApiError && err.status === 401) return;
    showIssues(issues, err);
    say(err.message);
  }
}

async function deleteProduct() {
  if (!current || !confirm(`Delete ${current.title}? Shoppers can no longer find or buy it.`)) return;
  try {
    await admin('DELETE', `/admin/api/products/${current.id}`);
    say(`Deleted ${current.title}.`);
    current = null;
    byId('product-editor').hidden = true;
    byId('product-q').focus();
    await loadProducts();
  } catch (err) {
    failed(err);
  }
}

function stockRow(sku, snapshot) {
  const id = `on-hand-${sku}`;
  const set = async (event) => {
    event.preventDefault();
    const onHand = event.currentTarget.elements.onHand.valueAsNumber;
    try {
      const answer = await admin('PUT', `/admin/api/stock/${encodeURIComponent(sku)}`, { onHand });
      await loadStock();
      say(`${sku}: ${answer.onHand} on hand, ${answer.available} available.`);
    } catch (err) {
      failed(err);
    }
  };
  const cells = snapshot
    ? [snapshot.onHand, snapshot.reserved, snapshot.available, snapshot.committed].map((n) => h('td', { class: 'num' }, n ?? ''))
    : [h('td', { colspan: 4, class: 'muted' }, 'Unknown')];
  return h(
    'tr',
    { 'data-sku': sku },
    h('th', { scope: 'row' }, sku),
    ...cells,
    h(
      'td',
      {},
      h(
        'form',
        { class: 'inline-form', onsubmit: set },
        h('label', { for: id, class: 'visually-hidden' }, `On hand for ${sku}`),
        h('input', { id, name: 'onHand', type: 'number', min: 0, max: 1000000000, step: 1, required: true, value: snapshot?.onHand ?? 0 }),
        h('button', { type: 'submit', class: 'button-quiet' }, ...label('Set', sku)),
      ),
    ),
  );
}

async function loadStock() {
  if (!current) return;
  const skus = current.variants.map((v) => v.sku);
  const snapshots = await Promise.all(
    skus.map((sku) => admin('GET', `/admin/api/stock/${encodeURIComponent(sku)}`).catch((err) => (failed(err), null))),
  );
  fillRows(byId('stock-rows'), skus.map((sku, i) => stockRow(sku, snapshots[i])), 'This product has no SKUs.');
}

export function setUpCatalog() {
  byId('product-search').addEventListener('submit', (event) => {
    event.preventDefault();
    loadProducts({ q: event.currentTarget.elements.q.value }).catch(failed);
  });
  byId('product-next').addEventListener('click', () => loadProducts({ more: true }).catch(failed));
  byId('product-form').addEventListener('submit', saveProduct);
  byId('product-delete').addEventListener('click', deleteProduct);
}
