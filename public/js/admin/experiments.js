// Experiments and feature flags: documents in KV behind `/admin/api/experiments` and `/admin/api/flags`.
import { attempt, label } from './actions.js';
import { admin } from './api.js';
import { byId, fillRows, h, say, showIssues, stateCell } from './dom.js';

const list = (value) => (Array.isArray(value) ? value : []);

/* Experiments */

const experimentForm = () => byId('experiment-form');

function experimentRow(doc) {
  const id = String(doc.id ?? '');
  const variants = list(doc.variants).map((v) => `${v?.name}:${v?.weight}`);
  const toggle = () =>
    attempt(async () => {
      await admin('PUT', `/admin/api/experiments/${encodeURIComponent(id)}`, { ...doc, enabled: !doc.enabled });
      say(`Experiment ${id} turned ${doc.enabled ? 'off' : 'on'}.`);
      await loadExperiments();
    });
  const edit = () => {
    const form = experimentForm();
    form.elements.id.value = id;
    form.elements.paths.value = list(doc.paths).join(', ');
    form.elements.variants.value = variants.join(', ');
    form.elements.enabled.checked = doc.enabled === true;
    form.elements.id.focus();
  };
  const remove = () => {
    if (!confirm(`Delete experiment ${id}? Visitors stop seeing its variants.`)) return;
    attempt(async () => {
      await admin('DELETE', `/admin/api/experiments/${encodeURIComponent(id)}`);
      say(`Experiment ${id} deleted.`);
      await loadExperiments();
    });
  };
  return h(
    'tr',
    { 'data-id': id },
    h('th', { scope: 'row' }, id),
    h('td', {}, list(doc.paths).join(', ')),
    h('td', {}, variants.join(', ')),
    stateCell(doc.enabled === true),
    h(
      'td',
      { class: 'admin-row-actions' },
      h('button', { type: 'button', class: 'button-quiet', onclick: toggle }, ...label(doc.enabled ? 'Turn off' : 'Turn on', id)),
      h('button', { type: 'button', class: 'button-quiet', onclick: edit }, ...label('Edit', id)),
      h('button', { type: 'button', class: 'button-danger', onclick: remove }, ...label('Delete', id)),
    ),
  );
}

export async function loadExperiments() {
  const { items } = await admin('GET', '/admin/api/experiments');
  fillRows(byId('experiment-rows'), list(items).map(experimentRow), 'No experiments yet.');
}

/** `control:50, bold:50` → variants; entries that are not name:weight are reported, not guessed at. */
function parseVariants(text) {
  const variants = [];
  const issues = [];
  for (const entry of text.split(',').map((s) => s.trim()).filter(Boolean)) {
    const m = /^([^:\s]+)\s*:\s*(\d+)$/.exec(entry);
    if (m) variants.push({ name: m[1], weight: Number(m[2]) });
    else issues.push({ path: 'variants', message: `“${entry}” is not name:weight` });
  }
  return { variants, issues };
}

async function saveExperiment(event) {
  event.preventDefault();
  const form = event.currentTarget;
  const issues = byId('experiment-issues');
  const id = form.elements.id.value.trim();
  const parsed = parseVariants(form.elements.variants.value);
  if (parsed.issues.length > 0) return showIssues(issues, { issues: parsed.issues });
  const doc = {
    id,
    enabled: form.elements.enabled.checked,
    paths: form.elements.paths.value.split(',').map((s) => s.trim()).filter(Boolean),
    variants: parsed.variants,
  };
  const saved = await attempt(async () => {
    await admin('PUT', `/admin/api/experiments/${encodeURIComponent(id || '-')}`, doc);
    say(`Experiment ${id} saved.`);
    await loadExperiments();
  }, issues);
  if (saved) form.reset();
}

/* Flags */

function flagRow(flag) {
  const key = String(flag.key ?? '');
  const toggle = () =>
    attempt(async () => {
      await admin('PUT', `/admin/api/flags/${encodeURIComponent(key)}`, { ...flag, enabled: !flag.enabled });
      say(`Flag ${key} turned ${flag.enabled ? 'off' : 'on'}.`);
      await loadFlags();
    });
  return h(
    'tr',
    { 'data-key': key },
    h('th', { scope: 'row' }, key),
    h('td', {}, typeof flag.description === 'string' ? flag.description : ''),
    stateCell(flag.enabled === true),
    h(
      'td',
      { class: 'admin-row-actions' },
      h('button', { type: 'button', class: 'button-quiet', onclick: toggle }, ...label(flag.enabled ? 'Turn off' : 'Turn on', key)),
    ),
  );
}

export async function loadFlags() {
  const { items } = await admin('GET', '/admin/api/flags');
  fillRows(byId('flag-rows'), list(items).map(flagRow), 'No flags set: every flag counts as on.');
}

async function saveFlag(event) {
  event.preventDefault();
  const form = event.currentTarget;
  const key = form.elements.key.value.trim();
  const description = form.elements.description.value.trim();
  const flag = { key, enabled: form.elements.enabled.checked, ...(description ? { description } : {}) };
  const saved = await attempt(async () => {
    await admin('PUT', `/admin/api/flags/${encodeURIComponent(key || '-')}`, flag);
    say(`Flag ${key} saved.`);
    await loadFlags();
  }, byId('flag-issues'));
  if (saved) form.reset();
}

export function setUpExperimentsAndFlags() {
  experimentForm().addEventListener('submit', saveExperiment);
  byId('flag-form').addEventListener('submit', saveFlag);
}
