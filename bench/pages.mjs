// Page benchmark for the Edgefront store: `npm run bench:pages`.
//
// Bundles the Worker exactly as `wrangler deploy` would, runs it in one workerd process through
// Miniflare beside a bare hello-world Worker and a one-D1-query Worker, seeds D1 with the demo catalog,
// loads each target with autocannon on 127.0.0.1, counts D1 round trips per route, measures once
// under `wrangler dev`, prints a table and appends it to bench/RESULTS.md. See RESULTS.md's header for
// the methodology.
//
// Env: BENCH_DURATION (s, default 10), BENCH_CONNECTIONS (32), BENCH_WARMUP (s, 2), BENCH_REPEATS (1),
//      BENCH_PRODUCTS (520), BENCH_ONLY=key,key (subset of load targets, see below; pageCachedQuiet and
//      pageUncachedQuiet are the product page with TELEMETRY=off, beside pageCached/pageUncached),
//      BENCH_DIAG=1 to add the diagnostic runs (assets-router and console.log cost, the product query alone),
//      BENCH_WRANGLER_DEV=0 to skip the wrangler dev run, BENCH_NO_RESULTS=1 to not write RESULTS.md,
//      BENCH_ASSETS_ROUTER=1 to load store-on/store-off through Miniflare's static-assets router
//      instead of with their socket straight on the Worker. The default is straight on the Worker, like
//      the bare ceilings: on Cloudflare, assets are matched outside the Worker, while Miniflare's local
//      router is a JavaScript worker in front that costs ~1 ms CPU per request (a bare worker behind it
//      drops from ~10,000 to ~1,000 req/s) and now and then stalls for seconds under D1-bound load.
import { benchTmpDir, installCleanupHandlers, runBench } from './lib/bench.mjs';
import { loadTargets } from './lib/pages-load.mjs';
import { pagesReport, wranglerDevReference } from './lib/pages-report.mjs';
import { CONNECTIONS, DURATION, log, REPEATS, WARMUP, WRANGLER_DEV } from './lib/pages-settings.mjs';
import { bundleForPages, seedAndPreflight, startPagesWorkers } from './lib/pages-setup.mjs';
import { countD1RoundTrips } from './lib/pages-trips.mjs';
import { machineInfo } from './lib/report.mjs';

// Miniflare, wrangler dev's process group, load children and the temp dir are ended on exit and on signals.
installCleanupHandlers();

async function main() {
  const tmp = await benchTmpDir('edgefront-bench-');
  const machine = machineInfo();
  log(
    `node ${machine.node}, ${machine.nproc} cpu (${machine.cpu}), ${machine.memGiB} GiB; ` +
      `duration ${DURATION}s, warm-up ${WARMUP}s, ${CONNECTIONS} connections, repeats ${REPEATS}`,
  );
  // 1. Bundle; 2. one workerd with every worker; 3. data and a preflight.
  const { outdir, size, gzipKiB } = await bundleForPages(tmp);
  const { mf, url, workerdPid, workerdCpu, disposeMf, runtime, hasLogLevel, adminToken } = await startPagesWorkers({ tmp, outdir, size });
  const { slugs, slug } = await seedAndPreflight({ mf, url, runtime, adminToken });
  // 4. D1 round trips per route (counting entry; not under load).
  const { trips, productSql, apiSql } = await countD1RoundTrips({ url, slug, slugs });
  // 5. Load.
  const db = await mf.getD1Database('DB', 'store-on');
  const { selected, runs, agg } = await loadTargets({ url, slug, slugs, productSql, apiSql, hasLogLevel, runtime, workerdPid, workerdCpu, db });
  // Done with the main instance before wrangler dev starts (it would compete for the 2 cores).
  await disposeMf();
  // 6. wrangler dev (reference); 7. report.
  const wdev = WRANGLER_DEV ? await wranglerDevReference({ tmp, slug }) : null;
  return pagesReport({ agg, selected, runs, trips, gzipKiB, hasLogLevel, productSql, size, wdev, machine });
}

runBench(main, log);
