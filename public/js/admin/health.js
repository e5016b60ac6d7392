// The Health view (the admin's first screen) and the experiment results: both are HTML fragments the
// server renders with their SVG charts (/admin/api/views/…, every value escaped by its JSX), fetched
// with the bearer token and parsed with DOMParser (which runs no script) into the page.
import { attempt, failed } from './actions.js';
import { admin, ApiError, token } from './api.js';
import { byId, h, say } from './dom.js';

async function fragment(path) {
  let res;
  try {
    res = await fetch(path, { headers: { accept: 'text/html', authorization: `Bearer ${token.get() ?? ''}` }, cache: 'no-store' });
  } catch {
    throw new ApiError(0, { error: { message: 'The store could not be reached; try again' } });
  }
  if (!res.ok) throw new ApiError(res.status, await res.json().catch(() => null));
  const doc = new DOMParser().parseFromString(await res.text(), 'text/html');
  return [...doc.body.childNodes];
}

let health = '24h';

export async function loadHealth(window = health) {
  health = window;
  const view = byId('health-view');
  view.setAttribute('aria-busy', 'true');
  for (const button of document.querySelectorAll('.health-windows [data-window]')) {
    button.setAttribute('aria-pressed', String(button.dataset.window === window));
  }
  view.replaceChildren(...(await fragment(`/admin/api/views/health?window=${encodeURIComponent(window)}`)));
  view.setAttribute('aria-busy', 'false');
}

/** Fills the experiment picker and shows the chosen (or first) experiment's results. */
export async function loadExperimentResults(chosen) {
  const { items } = await admin('GET', '/admin/api/experiments');
  const ids = (Array.isArray(items) ? items : []).map((e) => String(e?.id ?? '')).filter(Boolean);
  const select = byId('experiment-results-id');
  const current = chosen ?? (ids.includes(select.value) ? select.value : ids[0]);
  select.replaceChildren(...ids.map((id) => h('option', { value: id, selected: id === current }, id)));
  const view = byId('experiment-results-view');
  if (!current) return view.replaceChildren(h('p', { class: 'muted' }, 'No experiment yet.'));
  view.replaceChildren(...(await fragment(`/admin/api/views/experiments/${encodeURIComponent(current)}`)));
}

/** Stop: the experiment no longer applies. Roll out: the winner's weight to 100 %, the others' to 0, so everyone gets it. */
async function act(button) {
  const id = button.dataset.experiment;
  const doc = await admin('GET', `/admin/api/experiments/${encodeURIComponent(id)}`);
  if (button.dataset.action === 'stop') {
    if (!confirm(`Stop experiment ${id}? Every visitor sees the page without it.`)) return;
    await admin('PUT', `/admin/api/experiments/${encodeURIComponent(id)}`, { ...doc, enabled: false });
    say(`Experiment ${id} stopped.`);
  } else {
    const winner = button.dataset.variant;
    if (!confirm(`Roll ${winner} out to every visitor?`)) return;
    const variants = doc.variants.map((v) => ({ ...v, weight: v.name === winner ? 100 : 0 }));
    await admin('PUT', `/admin/api/experiments/${encodeURIComponent(id)}`, { ...doc, enabled: true, variants });
    say(`${winner} now goes to every visitor of ${id}.`);
  }
  await loadExperimentResults(id);
}

export function setUpHealth() {
  for (const button of document.querySelectorAll('.health-windows [data-window]')) {
    button.addEventListener('click', () => loadHealth(button.dataset.window).catch(failed));
  }
  byId('experiment-results-id').addEventListener('change', (event) => loadExperimentResults(event.currentTarget.value).catch(failed));
  byId('experiment-results-view').addEventListener('click', (event) => {
    const button = event.target.closest('button[data-action]');
    if (button) attempt(() => act(button));
  });
}
