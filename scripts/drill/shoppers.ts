import { exchangeFetch } from '../../bench/lib/http-exchange.mjs';
import { Shopper } from '../../bench/lib/shopper.mjs';
import { call, sleep, type Endpoints } from './http';

/** What the drill shops: products to browse and the SKUs it stocked for itself. */
export interface Plan {
  runId: string;
  startedAt: number;
  products: { slug: string; sku: string }[];
  /** Stock set on each drilled SKU before the traffic (scripts/drill/prepare.ts). */
  stock: Record<string, { onHand: number; committed: number }>;
}

export type Route = 'page' | 'listing' | 'cart' | 'checkout' | 'pay';

/** One answer the store (or, for `pay`, the emulator) gave a shopper. */
export interface Hit {
  route: Route;
  status: number;
  /** When it was sent (the store's fault switch decides as a request arrives). */
  at: number;
  cache: string | null;
}

/** The email shopper `n` of run `runId` checks out with; payment faults aim at shoppers by it. */
export const shopperEmail = (runId: string, n: number) => `drill+${runId}-${n}@example.com`;

export interface Journey {
  n: number;
  email: string;
  orderId?: string;
  sessionId?: string;
  /** `sold_out` when the cart (409) or checkout refused the last units: the scarce SKU doing its job. */
  outcome: 'paid' | 'cart_failed' | 'sold_out' | 'checkout_gave_up' | 'pay_failed';
}

export interface Traffic {
  hits: Hit[];
  journeys: Journey[];
  /** Arrivals not started because `maxInFlight` shoppers were already shopping. */
  skipped: number;
}

const ADDRESS = { name: 'Drill Shopper', line1: '1 Main Street', city: 'Portland', region: 'OR', postalCode: '97201', country: 'US' };
const CHECKOUT_ATTEMPTS = 4;
const REQUEST_TIMEOUT_MS = 20_000;


/** One shopper: browse a product page and the catalog API, add to cart, check out (retrying as told), pay. */
async function shop(n: number, e: Endpoints, plan: Plan, hits: Hit[], onOrder: (orderId: string) => void): Promise<Journey> {
  const email = shopperEmail(plan.runId, n);
  const shopper = new Shopper({ base: e.base, ip: `10.77.${(n >> 8) & 255}.${n & 255}`, timeoutMs: REQUEST_TIMEOUT_MS, fetch: exchangeFetch });
  const request = async (route: Route, method: string, path: string, body?: unknown) => {
    const at = Date.now();
    try {
      const res = await shopper.fetch(method, path, body);
      const text = await res.text();
      hits.push({ route, status: res.status, at, cache: res.headers.get('x-cache') });
      let json: Record<string, unknown> = {};
      try {
        json = JSON.parse(text) as Record<string, unknown>;
      } catch {
        // a page, not JSON
      }
      return { status: res.status, json, retryAfter: Number(res.headers.get('retry-after')) };
    } catch {
      hits.push({ route, status: 0, at, cache: null });
      return { status: 0, json: {} as Record<string, unknown>, retryAfter: NaN };
    }
  };
  const product = plan.products[n % plan.products.length]!;
  await request('page', 'GET', `/products/${product.slug}`);
  await request('listing', 'GET', '/api/products?limit=12');
  const added = await request('cart', 'POST', '/api/cart/items', { sku: product.sku, quantity: 1 });
  if (added.status === 409) return { n, email, outcome: 'sold_out' };
  if (added.status !== 200) return { n, email, outcome: 'cart_failed' };

  for (let attempt = 1; ; attempt += 1) {
    const answer = await request('checkout', 'POST', '/api/checkout', { email, shippingAddress: ADDRESS });
    if (answer.status === 201) {
      const orderId = String(answer.json.orderId);
      onOrder(orderId);
      const sessionId = /\/c\/pay\/(cs_[A-Za-z0-9_]+)/.exec(String(answer.json.checkoutUrl ?? ''))?.[1];
      if (!sessionId) return { n, email, orderId, outcome: 'pay_failed' };
      for (let payTry = 0; payTry < 2; payTry += 1) {
        const paid = await call(`${e.emulator}/_emulator/sessions/${sessionId}/pay`, { method: 'POST', body: {} });
        hits.push({ route: 'pay', status: paid.status, at: Date.now(), cache: null });
        if (paid.status === 200) return { n, email, orderId, sessionId, outcome: 'paid' };
      }
      return { n, email, orderId, sessionId, outcome: 'pay_failed' };
    }
    if (answer.status === 409) return { n, email, outcome: 'sold_out' };
    // 503 (provider down, breaker open) and 429 say when to come back; a shopper waits a little, then leaves.
    if (attempt >= CHECKOUT_ATTEMPTS || ![0, 429, 500, 502, 503, 504].includes(answer.status)) return { n, email, outcome: 'checkout_gave_up' };
    await sleep(Math.min(Number.isFinite(answer.retryAfter) && answer.retryAfter > 0 ? answer.retryAfter * 1000 : 1000, 2000));
  }
}

/**
 * Shoppers at a steady rate (`rate` a second) until `until`, at most `maxInFlight` at once: an arrival
 * that finds the store that busy is skipped, so the load stays bounded whatever the faults do.
 */
export async function runShoppers(
  e: Endpoints,
  plan: Plan,
  {
    rate,
    maxInFlight,
    until,
    onOrder,
    progress,
  }: { rate: number; maxInFlight: number; until: number; onOrder: (orderId: string) => void; progress: { next: number } },
): Promise<Traffic> {
  const traffic: Traffic = { hits: [], journeys: [], skipped: 0 };
  const inFlight = new Set<Promise<void>>();
  const interval = 1000 / rate;
  for (let n = 0, next = Date.now(); Date.now() < until; n += 1, progress.next = n) {
    if (inFlight.size >= maxInFlight) traffic.skipped += 1;
    else {
      const journey: Promise<void> = shop(n, e, plan, traffic.hits, onOrder).then((j) => void traffic.journeys.push(j));
      inFlight.add(journey);
      void journey.finally(() => inFlight.delete(journey));
    }
    next += interval;
    await sleep(Math.max(0, next - Date.now()));
  }
  await Promise.all(inFlight);
  return traffic;
}
