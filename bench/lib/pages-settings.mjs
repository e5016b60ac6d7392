// bench/pages.mjs's settings (BENCH_* variables, read once; see the bench's header) and its log.
import { benchLog, envNumber } from './bench.mjs';

export const DURATION = envNumber('BENCH_DURATION', 10);
export const CONNECTIONS = Math.max(1, Math.round(envNumber('BENCH_CONNECTIONS', 32)));
export const WARMUP = envNumber('BENCH_WARMUP', 2);
export const REPEATS = Math.max(1, Math.round(envNumber('BENCH_REPEATS', 1)));
export const PRODUCTS = Math.max(1, Math.round(envNumber('BENCH_PRODUCTS', 520)));
export const DIAG = process.env.BENCH_DIAG === '1';
export const DIAG_DURATION = Math.min(DURATION, 4);
export const DIAG_WARMUP = Math.min(WARMUP, 1);
export const WRANGLER_DEV = process.env.BENCH_WRANGLER_DEV !== '0';
export const ASSETS_ROUTER = process.env.BENCH_ASSETS_ROUTER === '1';
export const WRANGLER_DEV_DURATION = 5;
export const COUNT_SAMPLES = 10;
export const GZIP_TARGET_KIB = 250;
/** A listing with two facets and a sort: one D1 batch (items, total, every facet's counts) when uncached. */
export const FACETED = '/products?size=M&colour=Navy&sort=price_asc';

export const log = benchLog('bench');
