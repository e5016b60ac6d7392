// Open-loop shopper traffic for bench/peak.mjs: journeys arrive at a fixed rate (whatever the store's
// answers take, as real shoppers do), each one drawn from a weighted mix — browsing (one page view),
// a cart (a new shopper adds a SKU) or a checkout (a new shopper adds a SKU, checks out and pays at
// the Stripe emulator, what the hosted page's Pay button does). Every request goes over HTTP to the
// store's own socket with its own client IP; latencies are recorded per route.
import { setTimeout as sleep } from 'node:timers/promises';
import { payAtEmulator, sessionIdOf } from './journey.mjs';
import { pct } from './stats.mjs';
import { benchShopper } from './bench-shopper.mjs';
import { untilNotBusy } from './shopper.mjs';

/**
 * @typedef {object} MixRequest one answered (or failed) request of a journey
 * @property {string} route the route's name in the tables, e.g. `POST /api/checkout`
 * @property {number} status 0 = network failure
 * @property {number} ms
 * @property {string} [cause] a failure's cause: the network error, or a 5xx's error code
 * @property {'503' | 'stale'} [shed] the store shed this read or cart add at its entry
 *   (worker/http/load-shed.ts): a fast 503 + Retry-After, or a read's stale copy (200, X-Cache:
 *   STALE); told by `Server-Timing: shed`
 */

/**
 * @typedef {object} CheckoutAttempt one shopper's checkout: its first answer, then (after busy answers
 *   retried with the same Idempotency-Key) its last
 * @property {number} status the last answer's status (0 = network failure; -1 = never sent)
 * @property {string} [code] the last answer's error code
 * @property {number} [firstStatus] the first answer's status
 * @property {string} [firstCode] the first answer's error code
 * @property {number} [tries] POST /api/checkout sends (1 = answered at once)
 * @property {string} [orderId] the created order (201)
 * @property {number} [payStatus] the emulator's answer to the payment (200 = paid)
 */

/**
 * @typedef {object} MixRun
 * @property {number} rate journeys per second offered
 * @property {number} seconds how long journeys were started
 * @property {number} started journeys started
 * @property {number} finishedInTime journeys finished before the arrivals ended + `graceMs`
 * @property {number} wallSeconds from the first arrival to the last answer
 * @property {MixRequest[]} requests
 * @property {CheckoutAttempt[]} checkouts
 * @property {Record<string, number>} journeys journeys started per kind
 */

/**
 * @typedef {object} MixContext what a journey needs
 * @property {string} base the store's origin
 * @property {string} emulatorUrl the Stripe emulator's origin
 * @property {string[]} pages browse paths (drawn uniformly)
 * @property {string[]} skus SKUs with ample stock (drawn uniformly)
 * @property {Record<string, unknown>} checkoutDetails what POST /api/checkout sends besides the email
 * @property {string} tag distinguishes this run's shoppers (emails, IPs)
 */

/** POST /api/checkout sends per shopper: the first, and up to 3 retries of a busy answer (503/429 + Retry-After). */
export const CHECKOUT_TRIES = 4;

/** The mix of the case study: 80 % browsing, 15 % carts, 5 % checkouts. */
export const DEFAULT_MIX = { browse: 0.8, cart: 0.15, checkout: 0.05 };

/** Name of a browse path in the tables: `/products/:slug` for any product page, the path otherwise. */
export const browseRoute = (/** @type {string} */ path) =>
  path.startsWith('/products/') ? 'GET /products/:slug' : path.startsWith('/products?q=') ? 'GET /products?q= (search)' : `GET ${path.split('?')[0]}`;

/**
 * Deterministic kind sequence with the mix's proportions (every 20 journeys: 16 browse, 3 cart, 1
 * checkout for the default mix), so short runs still hold the exact mix.
 * @param {Record<string, number>} mix
 */
export function kindAt(mix, /** @type {number} */ n) {
  const slots = 20;
  const counts = Object.entries(mix).map(([k, w]) => [k, Math.round(w * slots)]);
  const sequence = counts.flatMap(([k, c]) => Array.from({ length: Number(c) }, () => String(k)));
  // Spread the rare kinds through the cycle: slot i takes sequence[(i * 7) % len] (7 is coprime with 20).
  return sequence[(n * 7) % sequence.length] ?? 'browse';
}

let shopperSeq = 0;

/** `{ cause }` of a failed request (network or 5xx), else nothing. */
function failure(/** @type {number} */ status, /** @type {unknown} */ detail) {
  if (status !== 0 && status < 500) return {};
  let text = typeof detail === 'string' ? detail : JSON.stringify(detail);
  try {
    const parsed = JSON.parse(text);
    // The contract's error: its code, and the message that tells which busy part answered.
    if (parsed?.error?.code) text = [parsed.error.code, parsed.error.reason, parsed.error.message].filter(Boolean).join(' ');
  } catch {}
  return { cause: `${status || 'network'} ${String(text).replace(/\s+/g, ' ').slice(0, 120)}` };
}

/** How the store shed this answer at its entry (`Server-Timing: shed`), if it did. */
const shedOf = (/** @type {import('./shopper.mjs').Answer} */ r) =>
  /(^|[\s,;"])shed\b/.test(r.headers?.get('server-timing') ?? '') ? (r.status === 503 ? '503' : 'stale') : undefined;

/** A request's record; a shed answer is marked as such. */
function recordOf(/** @type {string} */ route, /** @type {import('./shopper.mjs').Answer} */ r) {
  const shed = shedOf(r);
  /** @type {MixRequest} */
  const rec = { route, status: r.status, ms: r.ms, ...failure(r.status, shed === '503' ? 'shed (503 + Retry-After at the entry)' : r.text) };
  if (shed) rec.shed = shed;
  return rec;
}

/**
 * One journey of `kind`; pushes its requests (and checkout attempt) into `out`.
 * @param {string} kind
 * @param {MixContext} ctx
 * @param {{ requests: MixRequest[], checkouts: CheckoutAttempt[] }} out
 */
async function journey(kind, ctx, out) {
  const n = ++shopperSeq;
  const ip = `10.${200 + ((n >> 16) & 31)}.${(n >> 8) & 255}.${n & 255}`;
  const shopper = benchShopper(ctx.base, ip, `peak-${ctx.tag}-${n}@bench.test`, ctx.checkoutDetails);
  const pick = (/** @type {string[]} */ list) => list[Math.floor(Math.random() * list.length)] ?? list[0] ?? '/';
  if (kind === 'browse') {
    const path = pick(ctx.pages);
    const r = await shopper.timed('GET', path);
    out.requests.push(recordOf(browseRoute(path), r));
    return;
  }
  // A cart add the store shed at its entry did nothing, so the shopper presses Add again after the
  // wait it asks (≤ CHECKOUT_TRIES presses); any other answer is final.
  const sku = pick(ctx.skus);
  const presses = await untilNotBusy(() => shopper.addToCart(sku), { tries: CHECKOUT_TRIES, only: (r) => shedOf(r) === '503' });
  for (const press of presses) out.requests.push(recordOf('POST /api/cart/items', press));
  const add = /** @type {import('./shopper.mjs').Answer} */ (presses.at(-1));
  if (kind !== 'checkout' || add.status !== 200) {
    if (kind === 'checkout') out.checkouts.push({ status: -1, code: `add to cart ${add.status}` });
    return;
  }
  // A busy answer (503 + Retry-After) is retried after the wait it asks, with the same Idempotency-Key
  // (so a retry can never make a second order): what a shopper's browser does (docs/drops.md).
  const idempotencyKey = `peak-${ctx.tag}-${n}`;
  const answers = await untilNotBusy(() => shopper.checkout({ idempotencyKey, timeoutMs: 30_000 }), { tries: CHECKOUT_TRIES });
  for (const a of answers) {
    out.requests.push({ route: 'POST /api/checkout', status: a.status, ms: a.ms, ...failure(a.status, typeof a.body?.error === 'string' ? a.body.error : JSON.stringify(a.body)) });
  }
  const first = answers[0];
  const co = answers[answers.length - 1];
  /** @type {CheckoutAttempt} */
  const attempt = { status: co.status, code: co.body?.error?.code, firstStatus: first.status, firstCode: first.body?.error?.code, tries: answers.length };
  out.checkouts.push(attempt);
  if (co.status !== 201) return;
  attempt.orderId = co.body.orderId;
  const sessionId = sessionIdOf(co.body);
  if (!sessionId) return;
  const pay = await payAtEmulator(ctx.emulatorUrl, sessionId);
  const payStatus = pay.status;
  out.requests.push({ route: 'POST emulator pay', status: payStatus, ms: pay.ms, ...failure(payStatus, pay.error) });
  attempt.payStatus = payStatus;
}

/**
 * Starts `rate` journeys per second for `seconds` (open loop, evenly spaced), then waits (bounded by
 * `drainMs`) for the ones in flight. Journeys finished later than `graceMs` after the last arrival
 * count as not finished in time.
 * @param {MixContext} ctx
 * @param {{ rate: number, seconds: number, mix?: Record<string, number>, graceMs?: number, drainMs?: number }} opts
 * @returns {Promise<MixRun>}
 */
export async function runMix(ctx, { rate, seconds, mix = DEFAULT_MIX, graceMs = 2000, drainMs = 60_000 }) {
  /** @type {{ requests: MixRequest[], checkouts: CheckoutAttempt[] }} */
  const out = { requests: [], checkouts: [] };
  /** @type {Record<string, number>} */
  const journeys = {};
  const total = Math.max(1, Math.round(rate * seconds));
  const t0 = performance.now();
  const endOfArrivals = t0 + seconds * 1000;
  let finishedInTime = 0;
  let lastAnswer = t0;
  const inFlight = new Set();
  for (let i = 0; i < total; i++) {
    const due = t0 + (i * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 1) await sleep(wait);
    const kind = kindAt(mix, i);
    journeys[kind] = (journeys[kind] ?? 0) + 1;
    const p = journey(kind, ctx, out).then(() => {
      const now = performance.now();
      lastAnswer = Math.max(lastAnswer, now);
      if (now <= endOfArrivals + graceMs) finishedInTime++;
      inFlight.delete(p);
    });
    inFlight.add(p);
  }
  let timer;
  await Promise.race([Promise.all(inFlight), new Promise((r) => (timer = setTimeout(r, drainMs)))]);
  clearTimeout(timer);
  return { rate, seconds, started: total, finishedInTime, wallSeconds: (lastAnswer - t0) / 1000, requests: out.requests, checkouts: out.checkouts, journeys };
}

/**
 * Per-route figures of a run: count, 5xx (shed 503s included), network failures, other non-2xx, the
 * reads shed at the entry (503, and stale copies), p50, p99.
 * @param {MixRequest[]} requests
 */
export function routeStats(requests) {
  /** @type {Map<string, MixRequest[]>} */
  const by = new Map();
  for (const r of requests) by.set(r.route, [...(by.get(r.route) ?? []), r]);
  return [...by.entries()]
    .map(([route, rs]) => ({
      route,
      count: rs.length,
      fiveXX: rs.filter((r) => r.status >= 500).length,
      network: rs.filter((r) => r.status === 0).length,
      other: rs.filter((r) => r.status > 0 && r.status < 500 && (r.status < 200 || r.status >= 300)).length,
      shed503: rs.filter((r) => r.shed === '503').length,
      stale: rs.filter((r) => r.shed === 'stale').length,
      p50: pct(rs.map((r) => r.ms), 50),
      p99: pct(rs.map((r) => r.ms), 99),
    }))
    .sort((a, b) => b.count - a.count);
}

/**
 * Failures by cause (most frequent first), e.g. `network UND_ERR_SOCKET other side closed`.
 * @param {MixRequest[]} requests
 */
export function failureCauses(requests) {
  /** @type {Record<string, number>} */
  const by = {};
  for (const r of requests) if (r.cause) by[`${r.route}: ${r.cause}`] = (by[`${r.route}: ${r.cause}`] ?? 0) + 1;
  return Object.entries(by).sort((a, b) => b[1] - a[1]);
}

/** 2xx or 409: the store answered the checkout (a 409 is a refusal the shopper is told, not an outage). */
const answered = (/** @type {number | undefined} */ status) => (status >= 200 && status < 300) || status === 409;

/**
 * Checkout figures: attempts (shoppers who sent POST /api/checkout), answered 2xx/409 at the first
 * answer and after retrying busy answers (same Idempotency-Key), 5xx and network failures of each.
 * @param {CheckoutAttempt[]} checkouts
 */
export function checkoutStats(checkouts) {
  const attempts = checkouts.filter((c) => c.status !== -1);
  const firstOf = (/** @type {CheckoutAttempt} */ c) => c.firstStatus ?? c.status;
  const ok = attempts.filter((c) => answered(firstOf(c))).length;
  const okAfterRetry = attempts.filter((c) => answered(c.status)).length;
  /** @type {Record<string, number>} */
  const refusals = {};
  for (const c of attempts) if (c.status === 409) refusals[c.code ?? '?'] = (refusals[c.code ?? '?'] ?? 0) + 1;
  return {
    refusals,
    attempts: attempts.length,
    notAttempted: checkouts.length - attempts.length,
    created: attempts.filter((c) => c.status === 201).length,
    refused409: attempts.filter((c) => c.status === 409).length,
    /** answered 2xx/409 at the first answer (the target's measure) */
    ok,
    successPct: attempts.length ? (100 * ok) / attempts.length : NaN,
    /** answered 2xx/409 within CHECKOUT_TRIES sends */
    okAfterRetry,
    successAfterRetryPct: attempts.length ? (100 * okAfterRetry) / attempts.length : NaN,
    retried: attempts.filter((c) => (c.tries ?? 1) > 1).length,
    fiveXX: attempts.filter((c) => firstOf(c) >= 500).length,
    network: attempts.filter((c) => firstOf(c) === 0).length,
    fiveXXAfterRetry: attempts.filter((c) => c.status >= 500).length,
    networkAfterRetry: attempts.filter((c) => c.status === 0).length,
    paid: attempts.filter((c) => c.payStatus === 200).length,
  };
}
