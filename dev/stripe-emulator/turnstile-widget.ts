/**
 * The emulator's `/turnstile/v0/api.js`: a stand-in for Turnstile's widget with the same entry points
 * (implicit `.cf-turnstile[data-sitekey]` rendering, `turnstile.render/getResponse/reset/remove`, the
 * hidden `cf-turnstile-response` input, `callback` / `error-callback`). Test sitekeys that always pass
 * solve at once; the interactive test sitekey and the emulated dev widget wait for a click on the box.
 * The token comes from `POST /turnstile/v0/emulator/token`, so its validity is the emulator's to decide.
 */
export function widgetScript(origin: string): string {
  return `(() => {
  const ORIGIN = ${JSON.stringify(origin)};
  const INSTANT = ['1x00000000000000000000AA', '1x00000000000000000000BB', '2x00000000000000000000AB', '2x00000000000000000000BB'];
  const widgets = new Map();
  let next = 0;
  const call = (fn, arg) => { const f = typeof fn === 'string' ? window[fn] : fn; if (typeof f === 'function') f(arg); };
  const option = (el, opts, name) => opts[name] ?? el.dataset[name.replace(/-([a-z])/g, (_, c) => c.toUpperCase())];

  async function solve(w) {
    w.status.textContent = 'Verifying…';
    const res = await fetch(ORIGIN + '/turnstile/v0/emulator/token', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ sitekey: w.sitekey, hostname: location.hostname, action: w.action, cdata: w.cdata }),
    }).catch(() => null);
    const answer = res ? await res.json().catch(() => ({})) : {};
    if (!answer.token) {
      w.status.textContent = 'Verification failed';
      w.box.checked = false;
      w.box.disabled = true;
      call(w.onError, answer.code || 'network');
      return;
    }
    w.token = answer.token;
    w.input.value = answer.token;
    w.status.textContent = 'Success!';
    w.box.checked = true;
    w.box.disabled = true;
    call(w.onSuccess, answer.token);
  }

  function render(target, opts = {}) {
    const el = typeof target === 'string' ? document.querySelector(target) : target;
    if (!el || el.dataset.turnstileId) return el && el.dataset.turnstileId;
    const id = 'cf-emulated-' + next++;
    const label = document.createElement('label');
    label.style.cssText = 'display:inline-flex;gap:.5em;align-items:center;padding:.75em 1em;border:1px solid #ccc;border-radius:4px;font:14px system-ui,sans-serif;background:#fafafa';
    const box = document.createElement('input');
    box.type = 'checkbox';
    const status = document.createElement('span');
    status.textContent = 'Verify you are human';
    label.append(box, status);
    const input = document.createElement('input');
    input.type = 'hidden';
    input.name = option(el, opts, 'response-field-name') || 'cf-turnstile-response';
    el.append(label, input);
    el.dataset.turnstileId = id;
    const w = {
      el, box, status, input, token: '',
      sitekey: option(el, opts, 'sitekey') || '',
      action: option(el, opts, 'action') || '',
      cdata: option(el, opts, 'cdata') || '',
      onSuccess: option(el, opts, 'callback'),
      onError: option(el, opts, 'error-callback'),
    };
    widgets.set(id, w);
    if (INSTANT.includes(w.sitekey)) solve(w);
    else box.addEventListener('change', () => { if (box.checked) solve(w); });
    return id;
  }

  const find = (id) => (id === undefined ? widgets.values().next().value : widgets.get(id));
  window.turnstile = {
    render,
    getResponse: (id) => find(id)?.token || undefined,
    reset: (id) => { const w = find(id); if (!w) return; w.token = ''; w.input.value = ''; w.box.disabled = false; w.box.checked = false; w.status.textContent = 'Verify you are human'; if (INSTANT.includes(w.sitekey)) solve(w); },
    remove: (id) => { const w = find(id); if (!w) return; w.el.replaceChildren(); delete w.el.dataset.turnstileId; widgets.delete(id); },
    ready: (fn) => (document.readyState === 'loading' ? document.addEventListener('DOMContentLoaded', fn) : fn()),
  };
  window.turnstile.ready(() => document.querySelectorAll('.cf-turnstile').forEach((el) => render(el)));
})();
`;
}
