import { randomBytes } from 'node:crypto';
import { adminHeaders, call, must, type Endpoints } from './http';
import type { Plan } from './shoppers';

/** Units on the one scarce SKU every few shoppers want (the rest have plenty): checkouts race for it. */
const SCARCE_UNITS = 5;
const PLENTY = 10_000;
const PRODUCTS = 6;

interface Listed {
  slug: string;
  variants: { sku: string }[];
}

/**
 * Picks the products the shoppers browse, sets each one's first SKU on hand (one scarce, the rest
 * plenty) through the admin API, notes each counter's `committed` so sales are counted from here, and
 * loads every page once so the edge cache holds a copy before any fault.
 */
export async function prepare(e: Endpoints): Promise<Plan> {
  const listing = await must<{ items: Listed[] }>('catalog', `${e.base}/api/products?limit=${PRODUCTS}`);
  const products = listing.items.filter((p) => p.variants.length > 0).map((p) => ({ slug: p.slug, sku: p.variants[0]!.sku }));
  if (products.length < 2) throw new Error(`the store lists ${products.length} product(s) with variants; the drill needs 2`);
  const stock: Plan['stock'] = {};
  for (const [i, { sku }] of products.entries()) {
    const onHand = i === 0 ? SCARCE_UNITS : PLENTY;
    const url = `${e.base}/admin/api/stock/${encodeURIComponent(sku)}`;
    await must('set stock', url, { method: 'PUT', body: { onHand }, headers: adminHeaders(e) });
    const snapshot = await must<{ committed: number }>('stock', url, { headers: adminHeaders(e) });
    stock[sku] = { onHand, committed: snapshot.committed };
  }
  for (const { slug } of products) await call(`${e.base}/products/${slug}`);
  await call(`${e.base}/api/products?limit=12`);
  return { runId: randomBytes(4).toString('hex'), startedAt: Date.now(), products, stock };
}
