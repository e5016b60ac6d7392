// Live stock for one page: a WebSocket to GET /api/stock/live?sku= for the SKU on show, which sends
// { sku, available } on connect and on every change. When WebSockets fail (blocked, a proxy, the feed
// full), it polls GET /api/stock?skus= for every SKU of the page every POLL_MS instead, while the page
// is visible. `onLevel(sku, available)` hears both.

/** The documented fallback interval (docs/drops.md "Live stock"). */
export const POLL_MS = 15_000;

export function liveStock({ liveSrc, pollSrc, skus, onLevel }) {
  let socket = null;
  let following = null;
  let polling = null;

  const apply = (item) => {
    if (item && typeof item.sku === 'string' && Number.isInteger(item.available)) onLevel(item.sku, item.available);
  };

  const poll = () => {
    if (document.hidden || !pollSrc) return;
    fetch(`${pollSrc}?skus=${encodeURIComponent(skus.join(','))}`, { headers: { accept: 'application/json' } })
      .then((r) => (r.ok ? r.json() : null))
      .then((body) => (body?.items ?? []).forEach(apply))
      .catch(() => {});
  };

  const fallBack = () => {
    if (polling) return;
    poll();
    polling = setInterval(poll, POLL_MS);
  };

  function follow(sku) {
    if (sku === following) return;
    following = sku;
    socket?.close(1000, 'variant changed');
    socket = null;
    if (!liveSrc || polling || typeof WebSocket !== 'function') return fallBack();
    const url = new URL(`${liveSrc}?sku=${encodeURIComponent(sku)}`, location.href);
    url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
    let ws;
    try {
      ws = new WebSocket(url);
    } catch {
      return fallBack();
    }
    socket = ws;
    ws.addEventListener('message', (e) => {
      try {
        apply(JSON.parse(e.data));
      } catch {
        // Not ours to understand.
      }
    });
    ws.addEventListener('close', (e) => {
      if (socket === ws && e.code !== 1000) {
        socket = null;
        fallBack();
      }
    });
  }

  return { follow, poll };
}
