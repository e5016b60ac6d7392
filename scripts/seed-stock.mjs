// Stock lives in the per-SKU InventoryCounter Durable Objects, which only a running Worker can reach,
// so the demo stock is set through the store's own admin API once it is up: every SKU gets a
// deterministic on-hand count (about 1 in 12 out of stock, some low, most plenty).
// Skipped when the first SKU already has stock, unless `force`.

/** SKUs per call (the bulk stock route takes up to 500, worker/cart/stock-writes.ts). */
const BATCH = 200;

/**
 * Local pacing. Each SKU written wakes two Durable Objects, its counter and its live-stock feed, each
 * with its own SQLite database, and local workerd keeps an idle object (and its database) open for
 * about 10 s. Its SQLite memory is process-wide and ran out (SQLITE_NOMEM, answered as 500) at about
 * 1,400 SKUs written within 7 s, so at most `MAX_RECENT_SKUS` are written per `WINDOW_MS`; the older
 * ones have been evicted by then. The demo's ~1,700 SKUs take about 15 s more than unpaced.
 */
const MAX_RECENT_SKUS = 800;
const WINDOW_MS = 12_000;

/** Waits until `n` more SKUs fit in the window; `recent` holds [time, count] of earlier writes. */
async function pace(recent, n) {
  for (;;) {
    const now = Date.now();
    while (recent.length > 0 && now - recent[0][0] >= WINDOW_MS) recent.shift();
    const inWindow = recent.reduce((sum, [, count]) => sum + count, 0);
    if (inWindow + n <= MAX_RECENT_SKUS) return;
    await new Promise((resolve) => setTimeout(resolve, WINDOW_MS - (now - recent[0][0]) + 50));
  }
}

/** Deterministic 0..99 from a SKU (FNV-1a). */
function roll(sku) {
  let h = 0x811c9dc5;
  for (let i = 0; i < sku.length; i += 1) h = Math.imul(h ^ sku.charCodeAt(i), 0x01000193) >>> 0;
  return h % 100;
}

export const demoStock = (sku) => {
  const r = roll(sku);
  return r < 8 ? 0 : r < 20 ? 1 + (r % 5) : 20 + r;
};

async function allSkus(base) {
  const skus = [];
  let cursor = null;
  do {
    const res = await fetch(`${base}/api/products?limit=100${cursor ? `&cursor=${cursor}` : ''}`);
    if (!res.ok) throw new Error(`listing products failed: ${res.status}`);
    const page = await res.json();
    for (const product of page.items) for (const variant of product.variants) skus.push(variant.sku);
    cursor = page.nextCursor;
  } while (cursor);
  return skus;
}

export async function seedStock(base, token, { force = false } = {}) {
  const skus = await allSkus(base);
  if (skus.length === 0) return 0;
  if (!force) {
    const probe = await (await fetch(`${base}/api/stock?skus=${encodeURIComponent(skus.slice(0, 20).join(','))}`)).json();
    if (probe.items?.some((item) => item.available > 0)) return 0;
  }
  const recent = [];
  for (let i = 0; i < skus.length; i += BATCH) {
    const items = skus.slice(i, i + BATCH).map((sku) => ({ sku, onHand: demoStock(sku) }));
    await pace(recent, items.length);
    const put = () =>
      fetch(`${base}/admin/api/stock`, {
        method: 'PUT',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ items }),
      });
    let res = await put();
    // Setting on-hand is idempotent, so a 503 (wrangler dev restarting its worker mid-request, which a
    // busy machine sees) is simply sent again.
    for (let tries = 1; res.status === 503 && tries < 5; tries += 1) {
      await new Promise((resolve) => setTimeout(resolve, 500 * tries));
      res = await put();
    }
    if (!res.ok) throw new Error(`setting stock failed: ${res.status} ${await res.text()}`);
    recent.push([Date.now(), items.length]);
  }
  return skus.length;
}
