// Drops behind `/admin/api/drops`: a list, and a form that creates or replaces one (PUT). The form
// takes the start in UTC; the API refuses a start in the past, a rate or limit below 1, unknown SKUs.
import { attempt, editDeleteCell } from './actions.js';
import { admin } from './api.js';
import { byId, fillRows, h, say, stateCell } from './dom.js';

const form = () => byId('drop-form');

const utc = (iso) => new Date(iso).toISOString().replace('T', ' ').slice(0, 16);

function edit(drop) {
  const f = form();
  f.elements.id.value = drop.id;
  f.elements.skus.value = drop.skus.join(', ');
  f.elements.startsAt.value = new Date(drop.startsAt).toISOString().slice(0, 16);
  f.elements.admitPerMinute.value = String(drop.admitPerMinute);
  f.elements.perCustomerLimit.value = String(drop.perCustomerLimit);
  f.elements.turnstile.checked = drop.turnstile;
  f.elements.id.focus();
}

export async function loadDrops() {
  const { items } = await admin('GET', '/admin/api/drops');
  const rows = items.map((drop) =>
    h(
      'tr',
      {},
      h('td', {}, h('a', { href: `/drops/${drop.id}` }, drop.id)),
      h('td', {}, drop.skus.join(', ')),
      h('td', {}, utc(drop.startsAt)),
      h('td', { class: 'num' }, String(drop.admitPerMinute)),
      h('td', { class: 'num' }, String(drop.perCustomerLimit)),
      stateCell(drop.turnstile),
      editDeleteCell({ name: drop.id, what: `drop ${drop.id}`, warning: 'Its SKUs are sold normally again.', path: `/admin/api/drops/${drop.id}`, edit: () => edit(drop), reload: loadDrops }),
    ),
  );
  fillRows(byId('drop-rows'), rows, 'No drops yet.');
}

export function setUpDrops() {
  form().addEventListener('submit', async (event) => {
    event.preventDefault();
    const f = form();
    const id = f.elements.id.value.trim();
    const body = {
      skus: f.elements.skus.value.split(',').map((s) => s.trim()).filter(Boolean),
      startsAt: f.elements.startsAt.value ? new Date(`${f.elements.startsAt.value}:00Z`).toISOString() : '',
      admitPerMinute: Number(f.elements.admitPerMinute.value),
      perCustomerLimit: Number(f.elements.perCustomerLimit.value),
      turnstile: f.elements.turnstile.checked,
    };
    if (await attempt(() => admin('PUT', `/admin/api/drops/${encodeURIComponent(id)}`, body), byId('drop-issues'))) {
      say(`Saved drop ${id}.`);
      await loadDrops();
    }
  });
}
