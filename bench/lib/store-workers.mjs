// Worker sources bench/flash-sale.mjs runs beside the store, in the same workerd process (files under
// bench/workers/, see workers.mjs).
import { workerSource } from './workers.mjs';

/**
 * The store's `InventoryCounter` by itself: a tiny Worker with a Durable Object binding to the class
 * in the store's script (`durableObjects: { INV: { className: 'InventoryCounter', scriptName } }`), so
 * calls reach the very objects and code the store uses, over the same RPC, without HTTP routing, the
 * cart, D1 or Stripe in front.
 *
 *   GET /reserve?sku=S        one reserve(<fresh id>, 1, 1 h) on S's counter → "granted" | "refused"
 *   GET /burst?sku=S&n=N&c=C[&release=1]  N reserves of 1 unit on S, at most C in flight, inside one
 *                             invocation (release=1: a refused reserve is followed by release(), as the store does)
 *                             → { n, granted, refused, errors, ms, p50, p99 } (ms by workerd's clock,
 *                             which advances on I/O; the caller also times the whole request)
 *   GET /set?sku=S&n=N        setOnHand(N)
 *   GET /snapshot?sku=S       snapshot()
 */
export const COUNTER_BENCH_WORKER = workerSource('counter-bench.js');

/**
 * "new-DO ceiling" for add-to-cart with distinct carts: each request creates ONE fresh SQLite-backed
 * Durable Object (a random name), which creates its one table and writes one row — what a first add
 * to a new cart costs the runtime at least, with no D1, no counter, no cookie signing. Locally each
 * new object is a new SQLite database file, so this is a local-runtime floor, not production's.
 */
export const NEW_DO_WORKER = workerSource('new-do.js');

/** Header the DO-counting entry adds: JSON { "INVENTORY.reserve": n, "CART.lines": n, … } of the request. */
export const DO_CALLS_HEADER = 'x-bench-do-calls';
/** Module name the DO-counting entry imports the D1-counting entry (bench/lib/workers.mjs) under. */
export const D1_COUNTING_MODULE = 'count-d1-entry.mjs';

/**
 * Entry module in front of bench/lib/workers.mjs's COUNTING_ENTRY (itself in front of the unmodified
 * bundle): also counts the Durable Object RPC calls a request makes, per binding and method, by
 * handing the store CART / INVENTORY namespaces whose stubs count their method calls. Only for the
 * counting worker (one request at a time, never under load).
 */
export const DO_COUNTING_ENTRY = workerSource('count-do-entry.js', [DO_CALLS_HEADER, D1_COUNTING_MODULE]);
