// Shipping zones and their methods in D1 behind `/admin/api/shipping-zones`.
import { attempt, editDeleteCell, label } from './actions.js';
import { admin } from './api.js';
import { byId, fillRows, formatMoney, h, say, syncShown } from './dom.js';
import { CURRENCY, dollarsText, reader } from './fields.js';

const form = () => byId('zone-form');
const methodList = () => byId('zone-methods');
const money = (amount) => formatMoney({ amount, currency: CURRENCY });
/** Numbers the method fieldsets for the page's life, so every control keeps a unique id. */
let methodCount = 0;

/** `[{ country: 'US' }, { country: 'CA', regions: ['ON', 'QC'] }]` ⇄ `US, CA:ON QC`. */
const areasText = (areas) => areas.map((a) => (a.regions?.length ? `${a.country}:${a.regions.join(' ')}` : a.country)).join(', ');

function parseAreas(text, read) {
  return text
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean)
    .map((entry) => {
      const [country, regions = '', extra] = entry.toUpperCase().split(':');
      if (extra !== undefined) read.problem('areas', `“${entry}” has more than one colon`);
      const list = regions.trim().split(/\s+/).filter(Boolean);
      return { country: country.trim(), ...(list.length > 0 ? { regions: list } : {}) };
    });
}

/** Weight bands as typed: up-to grams and dollars, `1000:5.00, 3000:8.00`. */
const bandsText = (bands) => bands.map((b) => `${b.maxGrams}:${dollarsText(b.amount)}`).join(', ');

function parseBands(input, path, read) {
  return read
    .text(input)
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean)
    .map((entry) => {
      const m = /^(\d{1,8})\s*:\s*(\S+)$/.exec(entry);
      const amount = m ? read.dollars({ value: m[2] }, path) : read.problem(path, `“${entry}” is not grams:dollars, such as 1000:5.00`);
      return { maxGrams: m ? Number(m[1]) : 0, amount };
    });
}

function rateText(rate) {
  if (rate?.type === 'flat') return money(rate.amount);
  return (rate?.bands ?? []).map((b) => `${money(b.amount)} up to ${b.maxGrams} g`).join(', ');
}

function methodItem(m) {
  const free = m.freeAbove === null || m.freeAbove === undefined ? '' : `, free from ${money(m.freeAbove)}`;
  const days = `${m.estimatedDays.min}–${m.estimatedDays.max} days`;
  return h('li', {}, h('strong', {}, m.title), ` (${m.id}): ${rateText(m.rate)}${free}; ${days}`);
}

function zoneRow(zone) {
  return h(
    'tr',
    { 'data-id': zone.id },
    h('th', { scope: 'row' }, zone.name, h('small', { class: 'muted block' }, zone.id)),
    h('td', { class: 'admin-text' }, areasText(zone.areas)),
    h('td', { class: 'admin-wide' }, h('ul', { class: 'admin-list' }, zone.methods.map(methodItem))),
    editDeleteCell({
      name: zone.name,
      what: `shipping zone ${zone.name}`,
      warning: 'Addresses it covers can no longer check out unless another zone covers them.',
      path: `/admin/api/shipping-zones/${encodeURIComponent(zone.id)}`,
      edit: () => edit(zone),
      reload: loadZones,
    }),
  );
}

export async function loadZones() {
  const { items } = await admin('GET', '/admin/api/shipping-zones');
  fillRows(byId('zone-rows'), (Array.isArray(items) ? items : []).map(zoneRow), 'No shipping zones: nothing can be shipped.');
}

/** Legends and remove buttons say which method they are, counting from 1 as the issues do. */
function renumber() {
  [...methodList().children].forEach((fieldset, i) => {
    fieldset.querySelector('legend').textContent = `Method ${i + 1}`;
    fieldset.querySelector('[data-remove] .visually-hidden').textContent = ` method ${i + 1}`;
  });
}

function methodFields(method) {
  const n = ++methodCount;
  const name = (field) => `method-${n}-${field}`;
  const input = (key, attrs) => h('input', { id: name(key), name: name(key), ...attrs });
  const field = (key, text, control, { hint, show } = {}) => {
    if (hint) control.setAttribute('aria-describedby', `${name(key)}-hint`);
    return h(
      'div',
      { class: 'field', 'data-show': show },
      h('label', { for: name(key) }, text),
      control,
      hint ? h('small', { id: `${name(key)}-hint`, class: 'muted' }, hint) : null,
    );
  };
  const rate = method?.rate?.type ?? 'flat';
  const option = (value, text) => h('option', { value, selected: value === rate }, text);
  const dollars = { type: 'text', inputmode: 'decimal', autocomplete: 'off' };
  const days = { type: 'number', min: 0, max: 365, step: 1, inputmode: 'numeric' };
  const fieldset = h(
    'fieldset',
    { class: 'admin-fieldset admin-method', 'data-method': n },
    h('legend', {}, 'Method'),
    h(
      'div',
      { class: 'field-grid' },
      field('id', 'Id', input('id', { type: 'text', required: true, maxlength: 64, spellcheck: 'false', value: method?.id ?? '' }), {
        hint: 'What carts name, e.g. us-standard.',
      }),
      field('title', 'Title', input('title', { type: 'text', required: true, maxlength: 120, value: method?.title ?? '' })),
      field('rate', 'Rate', h('select', { id: name('rate'), name: name('rate') }, option('flat', 'Flat'), option('weight', 'By weight'))),
      field('flat', 'Flat amount ($)', input('flat', { ...dollars, value: rate === 'flat' ? dollarsText(method?.rate?.amount) : '' }), {
        show: `${name('rate')}:flat`,
      }),
      field('bands', 'Weight bands', input('bands', { type: 'text', spellcheck: 'false', value: rate === 'weight' ? bandsText(method.rate.bands) : '' }), {
        hint: 'Up to grams:dollars, e.g. 1000:5.00, 3000:8.00',
        show: `${name('rate')}:weight`,
      }),
      field('min', 'Days, at least', input('min', { ...days, value: method?.estimatedDays?.min ?? '' })),
      field('max', 'Days, at most', input('max', { ...days, value: method?.estimatedDays?.max ?? '' })),
      field('free', 'Free above ($, optional)', input('free', { ...dollars, value: dollarsText(method?.freeAbove) }), {
        hint: 'Free when the goods, after discounts, come to this much.',
      }),
    ),
    h(
      'button',
      {
        type: 'button',
        class: 'button-danger',
        'data-remove': true,
        onclick: () => {
          fieldset.remove();
          renumber();
          byId('zone-add-method').focus();
        },
      },
      ...label('Remove', 'method'),
    ),
  );
  fieldset.addEventListener('change', (event) => event.target.name === name('rate') && syncShown(form()));
  return fieldset;
}

function showMethods(methods) {
  methodList().replaceChildren(...(methods.length > 0 ? methods : [null]).map(methodFields));
  renumber();
  syncShown(form());
}

function edit(zone) {
  const el = form().elements;
  el.id.value = zone.id;
  el.name.value = zone.name;
  el.areas.value = areasText(zone.areas);
  showMethods(zone.methods);
  el.id.focus();
}

function methodBody(fieldset, i, read) {
  const el = (key) => fieldset.elements[`method-${fieldset.dataset.method}-${key}`];
  const path = (key) => `methods.${i}.${key}`;
  const free = read.dollars(el('free'), path('freeAbove'));
  return {
    id: read.text(el('id')),
    title: read.text(el('title')),
    rate:
      el('rate').value === 'flat'
        ? { type: 'flat', amount: read.dollars(el('flat'), path('rate.amount'), { required: true }) }
        : { type: 'weight', bands: parseBands(el('bands'), path('rate.bands'), read) },
    ...(free === undefined ? {} : { freeAbove: free }),
    estimatedDays: {
      min: read.whole(el('min'), path('estimatedDays.min'), { required: true }),
      max: read.whole(el('max'), path('estimatedDays.max'), { required: true }),
    },
  };
}

function zoneBody(f) {
  const read = reader();
  const body = {
    name: read.text(f.elements.name),
    areas: parseAreas(f.elements.areas.value, read),
    methods: [...methodList().children].map((fieldset, i) => methodBody(fieldset, i, read)),
  };
  read.done();
  return body;
}

const METHOD_FIELDS = { id: 'id', title: 'title', rate: 'rate', freeAbove: 'free above', estimatedDays: 'days' };
const RATE_FIELDS = { amount: 'flat amount', bands: 'weight bands' };

/** `methods.1.rate.bands.0` → `Method 2 weight bands`, `areas.0.regions.1` → `Ships to, entry 1`. */
function fieldName(path) {
  const [first, index, key, detail] = path.split('.');
  if (first === 'methods') {
    const field = (key === 'rate' && RATE_FIELDS[detail]) || METHOD_FIELDS[key] || '';
    return index === undefined ? 'Methods' : `Method ${Number(index) + 1} ${field}`.trim();
  }
  if (first === 'areas') return index === undefined ? 'Ships to' : `Ships to, entry ${Number(index) + 1}`;
  return { id: 'Id', name: 'Name' }[first] ?? path;
}

async function saveZone(event) {
  event.preventDefault();
  const f = event.currentTarget;
  const id = f.elements.id.value.trim();
  const saved = await attempt(async () => {
    await admin('PUT', `/admin/api/shipping-zones/${encodeURIComponent(id || '-')}`, zoneBody(f));
    say(`Shipping zone ${f.elements.name.value.trim() || id} saved.`);
    await loadZones();
  }, byId('zone-issues'), fieldName);
  if (saved) f.reset();
}

export function setUpShipping() {
  const f = form();
  f.addEventListener('submit', saveZone);
  f.addEventListener('reset', () => setTimeout(() => (showMethods([]), byId('zone-issues').replaceChildren())));
  byId('zone-add-method').addEventListener('click', () => {
    const fieldset = methodFields(null);
    methodList().append(fieldset);
    renumber();
    syncShown(f);
    fieldset.querySelector('input').focus();
  });
  showMethods([]);
}
