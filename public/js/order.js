// Order status page: while the order is in progress, watch `GET /api/orders/:id?token=` and, when the
// status changes, swap in the page's fresh status region (the words live in the server's view only).
const region = document.getElementById('order-status');
const src = region?.dataset.statusSrc;
const FINAL = new Set(['shipped', 'cancelled', 'refunded']);
const FAST_MS = 1500;
const SLOW_MS = 15000;
// A payment that has not come within a few minutes rarely comes soon: ask less often after that.
const FAST_FOR_MS = 3 * 60_000;
const started = Date.now();
let timer = 0;
let busy = false;
let stopped = false;

async function freshRegion() {
  const res = await fetch(location.href, { headers: { accept: 'text/html' }, cache: 'no-store' });
  if (!res.ok) return null;
  const doc = new DOMParser().parseFromString(await res.text(), 'text/html');
  return doc.getElementById('order-status');
}

async function check() {
  clearTimeout(timer);
  if (busy || stopped) return;
  busy = true;
  let status = region.dataset.status;
  try {
    const res = await fetch(src, { headers: { accept: 'application/json' }, cache: 'no-store' });
    // The order or its token is gone: nothing more to watch.
    if (res.status === 404) stopped = true;
    else if (res.ok) {
      const order = await res.json();
      if (order.status !== status) {
        const fresh = await freshRegion();
        if (fresh) {
          region.replaceChildren(...[...fresh.childNodes].map((n) => document.importNode(n, true)));
          region.dataset.status = status = fresh.dataset.status ?? order.status;
        }
      }
    }
  } catch {
    // offline for a moment: try again on the next tick
  } finally {
    busy = false;
  }
  if (stopped) return;
  if (FINAL.has(status)) {
    document.getElementById('order-refresh')?.setAttribute('hidden', '');
    return;
  }
  schedule();
}

function schedule() {
  clearTimeout(timer);
  if (document.hidden) return; // resumed by visibilitychange
  timer = setTimeout(check, Date.now() - started < FAST_FOR_MS ? FAST_MS : SLOW_MS);
}

if (region && src && !FINAL.has(region.dataset.status)) {
  document.addEventListener('visibilitychange', () => {
    if (!document.hidden && !FINAL.has(region.dataset.status)) check();
  });
  schedule();
}
