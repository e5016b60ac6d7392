// bench/flash-sale.mjs's settings (BENCH_* variables, read once; see the bench's header) and its log.
import { benchLog, envNumber } from './bench.mjs';

export const SHOPPERS = Math.max(1, Math.round(envNumber('BENCH_SHOPPERS', 500)));
export const STOCK = Math.round(envNumber('BENCH_STOCK', 100));
export const ROUNDS = Math.max(1, Math.round(envNumber('BENCH_ROUNDS', 3)));
export const CONNECTIONS = Math.max(1, Math.round(envNumber('BENCH_CONNECTIONS', 32)));
export const DURATION = envNumber('BENCH_DURATION', 10);
export const WARMUP = envNumber('BENCH_WARMUP', 2);
export const COUNTER_DURATION = envNumber('BENCH_COUNTER_DURATION', 5);
export const PRODUCTS = Math.max(5, Math.round(envNumber('BENCH_PRODUCTS', 40)));
export const WRANGLER_DEV = process.env.BENCH_WRANGLER_DEV !== '0';
export const ASSETS_ROUTER = process.env.BENCH_ASSETS_ROUTER === '1';
export const WDEV_CART_DURATION = Math.min(DURATION, 5);
/** Shoppers adding to cart at a time in phase 1 (not timed as reservations). */
export const ADD_CONCURRENCY = 32;
/** Every phase is bounded. */
export const PHASE_TIMEOUT_MS = 180_000;
export const CART_POOL = 100;
export const TARGETS = { reserveOps: 1000, cartP99: 30 };
// Runs where every request creates a Durable Object stop at these many requests (or their duration):
// one local workerd keeps every object it created open and, past ~3,500–4,000 of them, answers
// SQLITE_NOMEM / resets connections (measured on this machine; production evicts idle objects).
export const FRESH_DO_CAP = Math.round(envNumber('BENCH_FRESH_DO_CAP', 2000));
export const FRESH_DO_WARMUP_CAP = 500;

export const log = benchLog('flash');
