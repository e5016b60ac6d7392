// DOM and formatting helpers for the admin page. Data only ever reaches the page as text nodes or
// attribute values, never as markup.

/**
 * An element with attributes and children: `on<event>` attributes become listeners, `false`/null
 * attributes are left out, strings and numbers become text.
 * @example h('button', { type: 'button', onclick: save }, 'Save')
 */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === false || value === null || value === undefined) continue;
    if (name.startsWith('on') && typeof value === 'function') el.addEventListener(name.slice(2), value);
    else el.setAttribute(name, value === true ? '' : String(value));
  }
  el.append(...children.flat().filter((c) => c !== null && c !== undefined && c !== false).map((c) => (c instanceof Node ? c : String(c))));
  return el;
}

export const byId = (id) => document.getElementById(id);

/**
 * Names each cell after its column (`data-column`), so that on a phone, where a table row becomes a
 * card (styles.css), every value still says what it is.
 */
export function labelCells(tbody, rows) {
  const heads = [...(tbody.closest('table')?.querySelectorAll('thead th') ?? [])].map((th) => th.textContent.trim());
  for (const row of rows) [...row.children].forEach((cell, i) => heads[i] && cell.setAttribute('data-column', heads[i]));
  return rows;
}

/** Replaces a table body's rows, or shows `empty` in one full-width row. */
export function fillRows(tbody, rows, empty) {
  if (rows.length > 0) return tbody.replaceChildren(...labelCells(tbody, rows));
  const columns = tbody.closest('table')?.querySelectorAll('thead th').length ?? 1;
  tbody.replaceChildren(h('tr', {}, h('td', { colspan: columns, class: 'muted' }, empty)));
}

/** A table cell saying whether something is on. */
export const stateCell = (enabled) => h('td', {}, h('span', { class: enabled ? 'pill pill-on' : 'pill pill-off' }, enabled ? 'On' : 'Off'));

const status = () => byId('admin-status');

/** Says something in the page's polite live region. */
export function say(message) {
  const region = status();
  if (!region) return;
  region.textContent = '';
  // Emptied first and filled a moment later, so the same message said twice is announced twice.
  setTimeout(() => (region.textContent = message), 50);
}

/**
 * Lists an API error's `issues` (or its message) under a form; an empty list when `err` is null.
 * `name` turns an issue's path (`methods.0.rate`) into words the form uses (`Method 1 rate`).
 */
export function showIssues(list, err, name = (path) => path) {
  if (!err) return list.replaceChildren();
  const issues = Array.isArray(err.issues) && err.issues.length > 0 ? err.issues : [{ path: '', message: err.message }];
  list.replaceChildren(...issues.map((i) => h('li', {}, i.path ? `${name(i.path)}: ${i.message}` : i.message)));
}

/** Shows each `[data-show="field:value other"]` of a form only while its field has one of those values. */
export function syncShown(form) {
  for (const el of form.querySelectorAll('[data-show]')) {
    const [field, values] = el.dataset.show.split(':');
    el.hidden = !values.split(' ').includes(form.elements[field]?.value);
  }
}

const formatters = new Map();
function formatterFor(currency) {
  const code = String(currency).toUpperCase();
  if (!formatters.has(code)) formatters.set(code, new Intl.NumberFormat('en-US', { style: 'currency', currency: code }));
  return formatters.get(code);
}

/** Digits after the decimal point (2 for USD, 0 for JPY). */
export const minorDigits = (currency) => formatterFor(currency).resolvedOptions().maximumFractionDigits ?? 2;

/** `{ amount: 1999, currency: 'usd' }` → "$19.99", as the store's pages show it. */
export function formatMoney(money) {
  if (!money || !Number.isFinite(money.amount)) return '';
  return formatterFor(money.currency).format(money.amount / 10 ** minorDigits(money.currency));
}

/** Minor units as the decimal a person types: 1999 → "19.99", by digits, never by float division. */
export function toDecimal(amount, currency) {
  const digits = minorDigits(currency);
  const text = String(Math.abs(Math.trunc(amount))).padStart(digits + 1, '0');
  const sign = amount < 0 ? '-' : '';
  return digits === 0 ? `${sign}${text}` : `${sign}${text.slice(0, -digits)}.${text.slice(-digits)}`;
}

/** What a person typed ("19.9", "20") as integer minor units, without float rounding; null if not a price. */
export function toMinor(text, currency) {
  const digits = minorDigits(currency);
  const m = /^\s*(\d{1,9})(?:\.(\d*))?\s*$/.exec(text);
  if (!m || (m[2] ?? '').length > digits) return null;
  return Number(m[1]) * 10 ** digits + Number((m[2] ?? '').padEnd(digits, '0') || 0);
}

/** A short local date and time for a timestamp. */
export const formatDate = (iso) => {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? String(iso ?? '') : date.toLocaleString('en-US', { dateStyle: 'medium', timeStyle: 'short' });
};
