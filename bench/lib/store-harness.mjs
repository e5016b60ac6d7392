// Everything bench/lib offers the benches, from one import (kept for benches written against it; new
// code imports the focused module it needs). See bench/README.md for the layout:
//   bench.mjs      ROOT, RESULTS, envNumber, benchLog, cleanup registry, runBench, bounded, temp dirs
//   bundle.mjs     the production bundle, secrets, wrangler.toml as Miniflare options
//   miniflare.mjs  one workerd with the store (+ workers beside it), seeded
//   emulator.mjs   the Stripe emulator child process and its sessions
//   wrangler-dev.mjs  `wrangler dev` with the emulator
//   measure.mjs    an autocannon run with CPU accounting
//   http.mjs       the admin API (stock, orders)
//   shopper.mjs    the HTTP shopper the tests share
//   carts.mjs      many shoppers filling carts
//   stats.mjs      percentiles
export { pool } from '../../scripts/lib/pool.mjs';
export { benchLog, benchTmpDir, bounded, cleanup, envNumber, installCleanupHandlers, onCleanup, onExitSync, RESULTS, ROOT, runBench, stateDirInfo } from './bench.mjs';
export { benchSecrets, bundleStore, parseDevVars, storeConfig } from './bundle.mjs';
export { addAllToCart } from './carts.mjs';
export { emulatorSessions, startEmulator, storeAndEmulatorCpu } from './emulator.mjs';
export { Http } from './http.mjs';
export { measure } from './measure.mjs';
export { launchMiniflare, openFds, seedStore, startMiniflare, startWorkers } from './miniflare.mjs';
export { freePort } from './proc.mjs';
export { DEFAULT_ADDRESS as BENCH_ADDRESS, networkCause, Shopper, shopperIp } from './shopper.mjs';
export { benchShopper } from './bench-shopper.mjs';
export { exchange, exchangeFetch } from './http-exchange.mjs';
export { pct, statusClass } from './stats.mjs';
export { startWranglerDev } from './wrangler-dev.mjs';
