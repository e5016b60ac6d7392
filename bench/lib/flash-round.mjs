// One round of bench/flash-sale.mjs on a FRESH workerd + emulator (the store, the counter-bench,
// counting and one-query workers beside it), then the fresh-Durable-Object ceiling and the
// Durable Object floors in a workerd of their own; and the run against `wrangler dev`.
import { join } from 'node:path';
import { pool } from '../../scripts/lib/pool.mjs';
import { bounded, ROOT } from './bench.mjs';
import { rssMiB } from './cpu.mjs';
import { startEmulator, storeAndEmulatorCpu } from './emulator.mjs';
import { cartBench, counterBench, countRoundTrips, EXISTING_CARTS, existingCartBench, flashSale } from './flash-runs.mjs';
import { ASSETS_ROUTER, CART_POOL, CONNECTIONS, COUNTER_DURATION, FRESH_DO_CAP, FRESH_DO_WARMUP_CAP, log, PRODUCTS, ROUNDS, STOCK, WDEV_CART_DURATION } from './flash-settings.mjs';
import { Http } from './http.mjs';
import { measure } from './measure.mjs';
import { openFds, seedStore, startMiniflare, startWorkers } from './miniflare.mjs';
import { freePort } from './proc.mjs';
import { f0, f2 } from './report.mjs';
import { COUNTER_BENCH_WORKER, D1_COUNTING_MODULE, DO_COUNTING_ENTRY, NEW_DO_WORKER } from './store-workers.mjs';
import { COUNTING_ENTRY, ONE_QUERY_WORKER } from './workers.mjs';
import { startWranglerDev } from './wrangler-dev.mjs';

/**
 * Round `round` (0-based): the flash sale, the counter alone, add-to-cart, the ceilings and floors;
 * in round 0 also the D1 round-trip count.
 * @param {{ round: number, tmp: string, bundle: any, secrets: Record<string, string> }} opts
 */
export async function storeRound({ round, tmp, bundle, secrets }) {
  let trips = null;
  let seededInfo = '';
  let emulatorTail = '';
  const tag = ROUNDS > 1 ? `[${round + 1}/${ROUNDS}] ` : '';
  const emulatorPort = await freePort();
  const emulatorUrl = `http://127.0.0.1:${emulatorPort}`;
  const h = await startMiniflare({
    root: ROOT,
    bundle,
    tmp: join(tmp, `round-${round}`),
    secrets,
    vars: { STRIPE_API_BASE: emulatorUrl, FULFILLMENT_URL: `${emulatorUrl}/_warehouse/shipments` },
    assetsRouter: ASSETS_ROUTER,
    log,
    extraWorkers: ({ storeWorker, common, direct, workerOptions }) => [
      {
        name: 'counter-bench',
        modules: true,
        script: COUNTER_BENCH_WORKER,
        ...common,
        durableObjects: { INV: { className: 'InventoryCounter', scriptName: 'store', useSQLite: true } },
        unsafeDirectSockets: direct,
      },
      ...(round === 0 ? [storeWorker('count', { entry: DO_COUNTING_ENTRY, extraModules: [{ name: D1_COUNTING_MODULE, contents: COUNTING_ENTRY }] })] : []),
      { name: 'one-query', modules: true, script: ONE_QUERY_WORKER, ...common, d1Databases: workerOptions.d1Databases, unsafeDirectSockets: direct },
    ],
  });
  const seeded = await seedStore(h.mf, 'store', ROOT, PRODUCTS);
  seededInfo = `${seeded.catalog.products.length} products / ${seeded.skus.length} SKUs`;
  log(`${tag}data: ${seeded.mig.statements} migration statements; ${seededInfo}`);
  const emulator = await startEmulator({ root: ROOT, port: emulatorPort, storeUrl: h.url.store, secrets, log });
  const base = h.url.store;
  const api = new Http(base, { adminToken: secrets.ADMIN_TOKEN });
  const health = await api.json('/healthz');
  if (health.status !== 200) log(`healthz answered ${health.status}: ${JSON.stringify(health.data).slice(0, 300)}`);

  // The hot SKU from the end of the catalog; the add-to-cart pool from the start.
  const hot = seeded.skus.at(-1);
  const cartSkus = seeded.skus.slice(0, Math.min(CART_POOL, seeded.skus.length - 1));
  await pool(cartSkus.length, 16, (i) => api.setStock(cartSkus[i], 1_000_000_000));
  log(`${tag}stock: ${cartSkus.length} add-to-cart SKUs at 1e9; hot SKU ${hot} at ${STOCK}`);
  const server = storeAndEmulatorCpu(h, emulator);
  const workerdOnly = () => h.workerdCpuMs();

  const flash = await flashSale({
    base,
    api,
    hot,
    round,
    server,
    emulatorUrl,
    secretKey: secrets.STRIPE_SECRET_KEY,
    label: `${tag}flash sale (miniflare)`,
  });
  const counter = await counterBench(h.url['counter-bench'], round, workerdOnly);
  const cart = await cartBench(base, cartSkus, workerdOnly);
  const cartExisting = await existingCartBench(base, cartSkus, workerdOnly);
  log(
    `${tag}add-to-cart, ${EXISTING_CARTS} existing carts: ${f0(cartExisting.rps)} req/s p50 ${f2(cartExisting.p50)} ms ` +
      `p99 ${f2(cartExisting.p99)} ms non-2xx ${cartExisting.non2xx} errors ${cartExisting.errors}; ${f2(cartExisting.serverMsPerReq)} ms workerd CPU/req`,
  );
  cart.fds = openFds(h.workerdPid);
  log(
    `${tag}add-to-cart, distinct carts: ${f0(cart.rps)} req/s p50 ${f2(cart.p50)} ms p99 ${f2(cart.p99)} ms non-2xx ${cart.non2xx} ` +
      `errors ${cart.errors} ${JSON.stringify(cart.status)}; ${f2(cart.serverMsPerReq)} ms workerd CPU/req, ` +
      `${f0(rssMiB(h.workerdPid))} MiB RSS, ${cart.fds} open fds, foreign ${f0(cart.foreignPct)}%` +
      (cart.errors ? `; socket errors ${JSON.stringify(cart.errorKinds)}, timeouts ${cart.timeouts}, max ${f0(cart.max)} ms` : ''),
  );
  if (cart.errors + cart.non2xx > 0) {
    log(
      `  ↳ workerd stdout (tail):\n      ${h.runtime.tail.slice(-12).join('\n      ')}\n  ↳ workerd stderr (tail):\n      ` +
        h.runtime.stderrTail.split('\n').filter((l) => l && !l.startsWith('stack:')).slice(-12).join('\n      '),
    );
  }
  const ceilings = {};
  ceilings.oneQuery = await measure({ url: h.url['one-query'], paths: ['/'], connections: CONNECTIONS, warmup: 1, duration: COUNTER_DURATION }, workerdOnly);
  if (round === 0) {
    try {
      trips = await bounded('round-trip count', 60_000, () => countRoundTrips(h.url.count, secrets.ADMIN_TOKEN));
      log(`D1 round trips: ${JSON.stringify(trips)}`);
    } catch (err) {
      log(`D1 round-trip count failed: ${err.message}`);
    }
  }
  emulatorTail = emulator.tail();
  await h.dispose();
  await emulator.stop();

  const fresh = await startWorkers({
    tmp: join(tmp, `round-${round}`),
    name: 'new-do',
    log,
    workers: [
      {
        name: 'new-do',
        modules: true,
        script: NEW_DO_WORKER,
        compatibilityDate: '2026-04-20',
        durableObjects: { FRESH: { className: 'FreshObject', useSQLite: true } },
        unsafeDirectSockets: [{ host: '127.0.0.1', port: 0 }],
      },
    ],
  });
  ceilings.newDo = await measure(
    {
      url: fresh.url['new-do'],
      paths: ['/'],
      connections: CONNECTIONS,
      warmup: 1,
      duration: COUNTER_DURATION,
      warmupMaxRequests: FRESH_DO_WARMUP_CAP,
      maxRequests: FRESH_DO_CAP,
    },
    () => fresh.workerdCpuMs(),
  );
  // The floor of any request that consults a Durable Object, in a workerd of its own: one call per
  // request to one of 128 existing objects, touching nothing, then writing one row.
  ceilings.doPing = await measure(
    { url: fresh.url['new-do'], paths: ['/ping'], connections: CONNECTIONS, warmup: 1, duration: COUNTER_DURATION },
    () => fresh.workerdCpuMs(),
  );
  ceilings.doWrite = await measure(
    { url: fresh.url['new-do'], paths: ['/existing'], connections: CONNECTIONS, warmup: 1, duration: COUNTER_DURATION },
    () => fresh.workerdCpuMs(),
  );
  await fresh.dispose();
  log(
    `${tag}floor: one call to an existing Durable Object per request ${f0(ceilings.doPing.rps)} req/s p99 ${f2(ceilings.doPing.p99)} ms; ` +
      `with one write ${f0(ceilings.doWrite.rps)} req/s p99 ${f2(ceilings.doWrite.p99)} ms`,
  );
  log(
    `${tag}ceilings: a fresh Durable Object per request ${f0(ceilings.newDo.rps)} req/s p99 ${f2(ceilings.newDo.p99)} ms (${f2(ceilings.newDo.serverMsPerReq)} ms CPU, ` +
      `non-2xx ${ceilings.newDo.non2xx}); one D1 query ${f0(ceilings.oneQuery.rps)} req/s p99 ${f2(ceilings.oneQuery.p99)} ms (${f2(ceilings.oneQuery.serverMsPerReq)} ms CPU)`,
  );
  return { flash, counter, cart, cartExisting, ceilings, cartSkus, trips, seededInfo, emulatorTail };
}

/** The flash sale and add-to-cart once against `wrangler dev` (bounded); { ok: false, message } when it fails. */
export async function wranglerDevFlash({ tmp, secrets }) {
  let wdev = null;
  try {
    wdev = await bounded('wrangler dev run', 300_000, async () => {
      const w = await startWranglerDev({ root: ROOT, persistTo: join(tmp, 'wrangler-state'), products: PRODUCTS, secrets, log });
      try {
        const wapi = new Http(w.url, { adminToken: secrets.ADMIN_TOKEN });
        const wServer = () => {
          const g = w.groupCpu();
          const e = w.emulator.cpuMs();
          return { total: g.total + e, workerd: g.workerd ?? 0, wrangler: g.node ?? 0, emulator: e };
        };
        const wflash = await flashSale({
          base: w.url,
          api: wapi,
          hot: w.skus.at(-1),
          round: 100,
          server: wServer,
          emulatorUrl: w.emulator.url,
          secretKey: secrets.STRIPE_SECRET_KEY,
          label: 'flash sale (wrangler dev)',
        });
        const wCartSkus = w.skus.slice(0, 20);
        await pool(wCartSkus.length, 8, (i) => wapi.setStock(wCartSkus[i], 1_000_000_000));
        const lines0 = w.terminalLines();
        const wcart = await cartBench(w.url, wCartSkus, () => w.groupCpu(), { warmup: 1, duration: WDEV_CART_DURATION });
        wcart.linesPerReq = (w.terminalLines() - lines0) / Math.max(1, wcart.requests);
        if (wcart.requests === 0) log('wrangler dev add-to-cart: no answer completed inside the measured window (every request took longer)');
        if (wflash.fiveXX > 0 || (wcart.status['5xx'] ?? 0) > 0) {
          const lines = w.tail().split('\n').filter((l) => l.trim() && !/ (200|201|409) /.test(l));
          log(`wrangler dev output other than 200/201/409 lines (tail):\n      ${lines.slice(-15).join('\n      ')}`);
        }
        log(
          `wrangler dev add-to-cart: ${f0(wcart.rps)} req/s p50 ${f2(wcart.p50)} p99 ${f2(wcart.p99)} ms non-2xx ${wcart.non2xx} ` +
            `errors ${wcart.errors}, ${f2(wcart.serverMsPerReq)} ms CPU/req (wrangler + workerd)`,
        );
        return { ok: true, flash: wflash, cart: wcart };
      } finally {
        await w.stop();
      }
    });
  } catch (err) {
    wdev = { ok: false, message: err.message };
    log(`wrangler dev: failed — ${err.message}`);
  }
  return wdev;
}
