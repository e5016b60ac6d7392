// The tax table and whether prices include tax, behind `/admin/api/tax`: edited in place, saved whole.
import { attempt, label } from './actions.js';
import { admin } from './api.js';
import { byId, fillRows, h, say } from './dom.js';
import { reader } from './fields.js';

const rows = () => byId('tax-rows');
/** Numbers the rows for the page's life, so every control keeps a unique id. */
let rowCount = 0;

/** 0.0725 → "7.25": the rate in parts per million (the API allows six decimals), then by digits. */
export function toPercent(rate) {
  const ppm = Math.round(rate * 1_000_000);
  const fraction = String(ppm % 10_000).padStart(4, '0').replace(/0+$/, '');
  return fraction ? `${Math.floor(ppm / 10_000)}.${fraction}` : String(Math.floor(ppm / 10_000));
}

/** "7.25" → 0.0725, or null: parts per million by digits, then one division (correctly rounded). */
export function fromPercent(text) {
  const m = /^\s*(\d{1,3})(?:\.(\d{0,4}))?\s*%?\s*$/.exec(text);
  if (!m) return null;
  const ppm = Number(m[1]) * 10_000 + Number((m[2] ?? '').padEnd(4, '0'));
  return ppm <= 1_000_000 ? ppm / 1_000_000 : null;
}

/** Visually hidden labels and the row header count from 1, as the issues do. */
function renumber() {
  [...rows().querySelectorAll('tr[data-rate]')].forEach((row, i) => {
    row.querySelector('th').textContent = String(i + 1);
    for (const text of row.querySelectorAll('[data-label]')) text.textContent = `${text.dataset.label}, rate ${i + 1}`;
    row.querySelector('button .visually-hidden').textContent = ` rate ${i + 1}`;
  });
}

function rateRow(rate) {
  const n = ++rowCount;
  const id = (key) => `rate-${n}-${key}`;
  const cell = (key, text, attrs) =>
    h(
      'td',
      {},
      h('label', { for: id(key), class: 'visually-hidden', 'data-label': text }, text),
      h('input', { id: id(key), name: id(key), ...attrs }),
    );
  const row = h(
    'tr',
    { 'data-rate': n },
    h('th', { scope: 'row', class: 'num' }, ''),
    cell('country', 'Country', { type: 'text', class: 'admin-input-code', maxlength: 2, spellcheck: 'false', autocapitalize: 'characters', value: rate?.country ?? '' }),
    cell('region', 'Region', { type: 'text', class: 'admin-input-code', maxlength: 3, spellcheck: 'false', autocapitalize: 'characters', value: rate?.region ?? '' }),
    cell('title', 'Title', { type: 'text', class: 'admin-input-title', maxlength: 120, value: rate?.title ?? '' }),
    cell('percent', 'Rate %', { type: 'text', class: 'admin-input-rate', inputmode: 'decimal', autocomplete: 'off', value: rate ? toPercent(rate.rate) : '' }),
    cell('shipping', 'Taxes shipping', { type: 'checkbox', checked: rate?.appliesToShipping === true }),
    h(
      'td',
      {},
      h(
        'button',
        {
          type: 'button',
          class: 'button-danger',
          onclick: () => {
            row.remove();
            renumber();
            byId('tax-add').focus();
          },
        },
        ...label('Remove', 'rate'),
      ),
    ),
  );
  return row;
}

function showSettings(settings) {
  byId('tax-included').checked = settings.pricesIncludeTax === true;
  fillRows(rows(), (Array.isArray(settings.rates) ? settings.rates : []).map(rateRow), 'No tax rates: nothing is taxed.');
  renumber();
}

export async function loadTax() {
  showSettings(await admin('GET', '/admin/api/tax'));
}

function taxBody() {
  const read = reader();
  const rates = [...rows().querySelectorAll('tr[data-rate]')].map((row, i) => {
    const el = (key) => row.querySelector(`[name="rate-${row.dataset.rate}-${key}"]`);
    const percent = read.text(el('percent'));
    const rate = fromPercent(percent);
    if (rate === null) read.problem(`rates.${i}.rate`, `“${percent}” is not a percentage from 0 to 100 with at most four decimals`);
    return {
      country: read.text(el('country')).toUpperCase(),
      region: read.text(el('region')).toUpperCase() || null,
      title: read.text(el('title')),
      rate,
      appliesToShipping: el('shipping').checked,
    };
  });
  read.done();
  return { pricesIncludeTax: byId('tax-included').checked, rates };
}

const RATE_FIELDS = { country: 'country', region: 'region', title: 'title', rate: 'rate %', appliesToShipping: 'taxes shipping' };

/** `rates.3.rate` → `Rate 4 rate %`, as the rows are numbered. */
function fieldName(path) {
  const [first, index, key] = path.split('.');
  if (first !== 'rates') return first === 'pricesIncludeTax' ? 'Prices include tax' : path;
  return index === undefined ? 'Rates' : `Rate ${Number(index) + 1} ${RATE_FIELDS[key] ?? ''}`.trim();
}

async function saveTax(event) {
  event.preventDefault();
  await attempt(async () => {
    const saved = await admin('PUT', '/admin/api/tax', taxBody());
    showSettings(saved);
    say(`Tax settings saved: ${saved.rates.length} rates, prices ${saved.pricesIncludeTax ? 'include' : 'exclude'} tax.`);
  }, byId('tax-issues'), fieldName);
}

export function setUpTax() {
  byId('tax-form').addEventListener('submit', saveTax);
  byId('tax-add').addEventListener('click', () => {
    if (!rows().querySelector('tr[data-rate]')) rows().replaceChildren();
    const row = rateRow(null);
    rows().append(row);
    renumber();
    row.querySelector('input').focus();
  });
}
