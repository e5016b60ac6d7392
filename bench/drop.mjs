// Drop benchmark: `npm run bench:drop` (docs/drops.md, issue 12).
//
// Steps: (1) the store in Miniflare (production bundle, wrangler.toml's bindings) beside the
// Stripe + Turnstile emulator and a shard-bench Worker bound to the store's InventoryCounter;
// (2) the reservations/s curve of one hot SKU over K = 1, 2, 4, 8 shards, interleaved, same run;
// (3) a drop: one SKU, 500 units, Turnstile on; 5,000 shoppers arrive uniformly within 10 s, each with
// its own cookie jar and IP, through the real HTTP path: join the queue (Turnstile test token) → poll
// until admitted → add to cart → checkout (Idempotency-Key; busy answers retried) → pay at the
// emulator; (4) the tally from the shards' ledgers and D1: admitted, orders, oversold, 5xx, limit
// violations, start → sold out, p99 queue update latency.
//
// Env: BENCH_SHOPPERS (5000), BENCH_STOCK (500), BENCH_ARRIVAL_S (10), BENCH_IN_FLIGHT (128: requests
//      in flight across all shoppers, later journey steps first), BENCH_POLL_S (5: longest wait between queue polls, docs/drops.md's interval;
//      a shopper waits its answer's etaSeconds when shorter), BENCH_ADMIT_PER_MINUTE (3000: the drop's
//      admission rate, what the payment emulator on this box can start),
//      BENCH_CURVE_N (2000 reservations per K and round), BENCH_CURVE_C (64 in flight), BENCH_ROUNDS (3),
//      BENCH_DROP_DEADLINE_S (600: requests not sent by then are abandoned and counted), BENCH_PRODUCTS (20), BENCH_NO_RESULTS=1 (do not append to bench/RESULTS.md), STRIPE_EMULATOR_PORT
//      (the emulator's port; a free one if unset).
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { appendResults, commandLine, f0, f1, f2, machineInfo, machineLine, median, sectionHeading } from './lib/report.mjs';
import {
  benchLog,
  benchSecrets,
  benchTmpDir,
  bounded,
  bundleStore,
  envNumber,
  freePort,
  Http,
  installCleanupHandlers,
  RESULTS,
  ROOT,
  runBench,
  seedStore,
  startEmulator,
  startMiniflare,
  stateDirInfo,
} from './lib/store-harness.mjs';
import { shardBench, shardBenchSource, shardBenchWorker } from './lib/shard-curve.mjs';
import { runDrop, tallyDrop } from './lib/drop-run.mjs';

const SHOPPERS = Math.round(envNumber('BENCH_SHOPPERS', 5000));
const STOCK = Math.round(envNumber('BENCH_STOCK', 500));
const ARRIVAL_S = envNumber('BENCH_ARRIVAL_S', 10);
const IN_FLIGHT = Math.round(envNumber('BENCH_IN_FLIGHT', 128));
const POLL_S = envNumber('BENCH_POLL_S', 5);
const CURVE_N = Math.round(envNumber('BENCH_CURVE_N', 2000));
const CURVE_C = Math.round(envNumber('BENCH_CURVE_C', 64));
const ROUNDS = Math.max(1, Math.round(envNumber('BENCH_ROUNDS', 3)));
const PRODUCTS = Math.round(envNumber('BENCH_PRODUCTS', 20));
const DEADLINE_S = envNumber('BENCH_DROP_DEADLINE_S', 600);
const ADMIT_PER_MINUTE = Math.round(envNumber('BENCH_ADMIT_PER_MINUTE', 3000));
const KS = [1, 2, 4, 8];
const LIMIT = 1;

const log = benchLog('drop');

/** Step 1: store + emulator + shard-bench Worker, seeded. */
async function startStore(tmp) {
  const bundle = await bundleStore(ROOT, join(tmp, 'bundle'));
  const secrets = await benchSecrets(ROOT);
  const emulatorUrl = `http://127.0.0.1:${process.env.STRIPE_EMULATOR_PORT ?? (await freePort())}`;
  const script = await shardBenchSource(ROOT);
  const h = await startMiniflare({
    root: ROOT,
    bundle,
    tmp,
    secrets,
    vars: { STRIPE_API_BASE: emulatorUrl, FULFILLMENT_URL: `${emulatorUrl}/_warehouse/shipments`, TURNSTILE_API_BASE: emulatorUrl },
    extraWorkers: (ctx) => [shardBenchWorker(script, ctx)],
    log,
  });
  const seeded = await seedStore(h.mf, 'store', ROOT, PRODUCTS);
  const emulator = await startEmulator({ root: ROOT, port: Number(new URL(emulatorUrl).port), storeUrl: h.url.store, secrets, log });
  return { h, seeded, emulator, secrets, api: new Http(h.url.store, { adminToken: secrets.ADMIN_TOKEN }) };
}

/** Step 2: reservations/s over K shards, rounds interleaved (K order rotated) so load drifts hit every K. */
async function curve(benchUrl) {
  const runs = Object.fromEntries(KS.map((k) => [k, []]));
  for (let round = 0; round < ROUNDS; round++) {
    const order = KS.map((_, i) => KS[(i + round) % KS.length]);
    for (const k of order) {
      const sku = `BENCH-CURVE-${round}-K${k}`;
      await shardBench(benchUrl, `/set?sku=${sku}&k=${k}&n=${CURVE_N * 2}`);
      const t0 = performance.now();
      const r = await shardBench(benchUrl, `/burst?sku=${sku}&k=${k}&n=${CURVE_N}&c=${CURVE_C}`);
      const wall = performance.now() - t0;
      const audit = await shardBench(benchUrl, `/audit?sku=${sku}&k=${k}`);
      const ok = r.errors === 0 && r.granted === CURVE_N && audit.reserved === CURVE_N && audit.onHand + audit.inFlight === CURVE_N * 2;
      runs[k].push({ ...r, wall, perSec: CURVE_N / (wall / 1000), ok });
      log(`curve round ${round + 1} K=${k}: ${f0(CURVE_N / (wall / 1000))} reservations/s (${r.granted} granted, ${r.errors} errors, p50 ${r.p50} p99 ${r.p99} ms)${ok ? '' : ' — INVARIANT/COUNT MISMATCH'}`);
    }
  }
  const base = median(runs[1].map((r) => r.perSec));
  return KS.map((k) => {
    const perSec = median(runs[k].map((r) => r.perSec));
    return { k, perSec, ratio: perSec / base, p99: median(runs[k].map((r) => r.p99)), ok: runs[k].every((r) => r.ok), rounds: runs[k].map((r) => r.perSec) };
  });
}

/** Step 3: the drop itself. */
async function drop({ h, seeded, emulator, api }) {
  const sku = seeded.skus[seeded.skus.length - 1];
  const startsAt = Date.now() + 4_000;
  const id = 'bench-drop';
  const put = await api.admin(`/admin/api/drops/${id}`, {
    method: 'PUT',
    body: { skus: [sku], startsAt: new Date(startsAt).toISOString(), admitPerMinute: ADMIT_PER_MINUTE, perCustomerLimit: LIMIT, turnstile: true },
  });
  if (put.status !== 200) throw new Error(`PUT drop → ${put.status} ${JSON.stringify(put.data)}`);
  await api.setStock(sku, STOCK);
  log(`drop ${id}: ${sku}, ${STOCK} units, admitting ${ADMIT_PER_MINUTE}/min, starts in ${f1((startsAt - Date.now()) / 1000)} s; ${SHOPPERS} shoppers over ${ARRIVAL_S} s from 2 s before the start`);
  const run = await bounded('drop', (DEADLINE_S + 120) * 1000, () =>
    runDrop({ base: h.url.store, emulatorUrl: emulator.url, dropId: id, sku, startsAt, shoppers: SHOPPERS, arrivalS: ARRIVAL_S, inFlight: IN_FLIGHT, pollS: POLL_S, deadlineS: DEADLINE_S, log }),
  );
  const tally = await tallyDrop({ run, db: seeded.db, benchUrl: h.url['shard-bench'], sku, stock: STOCK, limit: LIMIT, startsAt, shardBench, log });
  return { sku, ...tally };
}

async function main() {
  installCleanupHandlers();
  const tmp = await benchTmpDir('edgefront-drop-');
  const machine = machineInfo();
  log(`node ${machine.node}, ${machine.nproc} cpu (${machine.cpu})`);
  const store = await startStore(tmp);
  const points = await curve(store.h.url['shard-bench']);
  const d = await drop(store);
  await store.h.dispose();
  await store.emulator.stop();

  const flat = points.findIndex((p, i) => i > 0 && p.perSec < points[i - 1].perSec * 1.15);
  const curveLine = points.map((p) => `K=${p.k} ${f0(p.perSec)}/s (×${f2(p.ratio)})`).join(', ');
  const checks = [
    { name: '0 oversold', pass: d.oversold === 0, value: String(d.oversold) },
    { name: '0 5xx', pass: d.fiveXX === 0, value: JSON.stringify(d.fiveXXKinds) },
    { name: '0 limit violations', pass: d.limitViolations === 0, value: String(d.limitViolations) },
    { name: 'shard invariant (Σ onHand + in flight = stock − committed; no shard below 0)', pass: d.invariant, value: JSON.stringify(d.audit) },
    { name: 'curve runs: every reservation granted, invariant held', pass: points.every((p) => p.ok), value: points.map((p) => `K=${p.k} ${p.ok}`).join(', ') },
  ];
  const summary =
    `joined ${d.joined}/${SHOPPERS}, admitted ${d.admitted}, told sold out in the queue ${d.toldSoldOut}, orders ${d.orders} (paid ${d.paid}), oversold ${d.oversold}, 5xx ${d.fiveXX}, limit violations ${d.limitViolations}, requests abandoned at the ${DEADLINE_S} s deadline ${d.abandoned}; ` +
    `start → sold out ${d.soldOutS === null ? 'not sold out' : `${f2(d.soldOutS)} s`}; queue update (GET …/queue) p50 ${f1(d.pollP50)} ms, p99 ${f1(d.pollP99)} ms; ` +
    `answers ${JSON.stringify(d.answers)}`;
  console.log(`\n${summary}\nreservations/s by shards (median of ${ROUNDS}): ${curveLine}${flat > 0 ? `; flattens from K=${points[flat].k}` : ''}`);
  for (const c of checks) console.log(`  ${c.pass ? 'PASS' : 'FAIL'}  ${c.name}: ${c.value}`);

  if (process.env.BENCH_NO_RESULTS !== '1') {
    const section = [
      sectionHeading('Drop', machine),
      '',
      commandLine('bench:drop', `${SHOPPERS} shoppers within ${ARRIVAL_S} s, ${STOCK} units over 8 shards, Turnstile test key, ≤ ${IN_FLIGHT} requests in flight, polls ≤ ${POLL_S} s apart; curve ${CURVE_N} reservations × ${ROUNDS} rounds, ${CURVE_C} in flight`, { withTmpdir: true }),
      `- State: throwaway persist dirs under ${stateDirInfo(tmpdir())}`,
      await machineLine(machine, ROOT, ['wrangler', 'miniflare']),
      '',
      `Drop: ${summary}.`,
      '',
      '| shards K | reservations/s (median) | × K=1 | p99 ms | rounds |',
      '|---|---|---|---|---|',
      ...points.map((p) => `| ${p.k} | ${f0(p.perSec)} | ${f2(p.ratio)} | ${f0(p.p99)} | ${p.rounds.map(f0).join(', ')} |`),
      '',
      'Checks:',
      '',
      ...checks.map((c) => `- ${c.pass ? 'PASS' : 'FAIL'} ${c.name}: ${c.value}`),
    ].join('\n');
    await appendResults(RESULTS, section);
    log(`appended results to ${RESULTS}`);
  }
  return checks.every((c) => c.pass) ? 0 : 1;
}

runBench(main, log);
