// Flash-sale benchmark for the Edgefront store: `npm run bench:flash`.
//
// N shoppers (default 500) each add the same hot SKU (stock 100) to their own cart, then all N
// checkouts fire at once through the real HTTP path (POST /api/checkout: cart DO → InventoryCounter
// reserve → D1 → Stripe session at the local emulator). Prints reservations granted (201),
// out-of-stock answers (409), anything else, oversold (must be 0), reservations/s and p50/p99; the
// counter by itself (reserve ops/s on one hot SKU, from a tiny Worker bound to the store's
// InventoryCounter class); add-to-cart req/s and p99 for distinct carts (autocannon, no cookie);
// same-run ceilings (a fresh Durable Object per request, one D1 query per request) and floors (one call
// per request to an existing Durable Object, with and without a write); and the D1 round
// trips and Durable Object calls of each path. Runs in the same Miniflare harness as bench:pages (the
// production bundle from `wrangler deploy --dry-run`, wrangler.toml's bindings; bench/lib/store-harness.mjs),
// then once against `wrangler dev`. Appends a dated section to bench/RESULTS.md (its last hand-written
// section explains the method and what bounds each number).
//
// Env: BENCH_SHOPPERS (500), BENCH_STOCK (100), BENCH_ROUNDS (3; medians over rounds, each round on
//      a fresh workerd + emulator), BENCH_CONNECTIONS (32), BENCH_DURATION (add-to-cart, s, 10), BENCH_WARMUP (s, 2),
//      BENCH_COUNTER_DURATION (s, 5), BENCH_PRODUCTS (40), BENCH_WRANGLER_DEV=0 to skip wrangler dev,
//      BENCH_FRESH_DO_CAP (2000: most measured requests of the runs that create a Durable Object each),
//      BENCH_NO_RESULTS=1 to not write RESULTS.md, BENCH_ASSETS_ROUTER=1 (store behind Miniflare's
//      assets router, as in bench:pages). State goes under os.tmpdir(): TMPDIR=/dev/shm puts it on tmpfs.
import { join } from 'node:path';
import { benchTmpDir, installCleanupHandlers, ROOT, runBench } from './lib/bench.mjs';
import { benchSecrets, bundleStore } from './lib/bundle.mjs';
import { appendFlashResults, flashReport, printFlashReport } from './lib/flash-report.mjs';
import { storeRound, wranglerDevFlash } from './lib/flash-round.mjs';
import { CONNECTIONS, DURATION, log, ROUNDS, SHOPPERS, STOCK, WARMUP, WRANGLER_DEV } from './lib/flash-settings.mjs';
import { machineInfo } from './lib/report.mjs';

async function main() {
  installCleanupHandlers();
  const tmp = await benchTmpDir('edgefront-flash-');
  const machine = machineInfo();
  log(
    `node ${machine.node}, ${machine.nproc} cpu (${machine.cpu}); ${SHOPPERS} shoppers, stock ${STOCK}, ${ROUNDS} round(s); ` +
      `add-to-cart ${DURATION} s × ${CONNECTIONS} connections after ${WARMUP} s warm-up`,
  );

  // 1. Bundle (once).
  const bundle = await bundleStore(ROOT, join(tmp, 'bundle'));
  const bundleText = `${bundle.files.join(', ')} ${(bundle.raw / 1024).toFixed(1)} KiB raw, ${(bundle.gzip / 1024).toFixed(1)} KiB gzip`;
  log(`bundle: ${bundleText}`);
  const secrets = await benchSecrets(ROOT);

  // 2. Rounds: each on a FRESH workerd + emulator. Locally every live Durable Object keeps its SQLite
  // files open (~3 fds each, not evicted within a run) and workerd may open at most `ulimit -n`
  // (20,000 here): a few thousand fresh carts per process is the most one workerd can take, so the
  // rounds do not share one, and the fresh-DO ceiling runs in a workerd of its own.
  const rounds = [];
  for (let round = 0; round < ROUNDS; round++) rounds.push(await storeRound({ round, tmp, bundle, secrets }));
  const { trips } = rounds[0];
  const { seededInfo, emulatorTail } = rounds.at(-1);

  // 3. wrangler dev, once.
  const wdev = WRANGLER_DEV ? await wranglerDevFlash({ tmp, secrets }) : null;

  // 4. Report.
  const report = flashReport({ rounds, wdev, trips });
  printFlashReport(report, wdev);
  if (process.env.BENCH_NO_RESULTS !== '1') await appendFlashResults(report, { wdev, machine, bundleText, seededInfo });
  if (report.bad) log(`emulator output tail: ${emulatorTail.slice(-500)}`);
  return report.bad ? 1 : 0;
}

runBench(main, log);
