// End-to-end checkout benchmark for the Edgefront store: `npm run bench:checkout`.
//
// N concurrent shoppers (default 300) buy one hot SKU (stock 100) end to end: add to cart (phase 1,
// not timed) → all N POST /api/checkout at once → each winner pays at the local Stripe emulator
// (control API `POST /_emulator/sessions/:id/pay`, what the hosted page's Pay button does) → the
// emulator delivers the signed `checkout.session.completed` webhook → the store queues it → the queue
// consumer marks the order paid, commits the hold, enqueues fulfillment → the fulfillment consumer
// POSTs the order to the emulator's warehouse → the warehouse calls back `/webhooks/fulfillment`
// (after its 500 ms ship delay) → order `shipped`. Waits (bounded) until every paid order is shipped.
// Prints orders created, paid, oversold (0), duplicates (0), lost (0), end-to-end orders/s and
// checkout p99. Same Miniflare harness as bench:pages / bench:flash. Appends to bench/RESULTS.md.
//
// Every shopper checks out as a real order is placed: a Californian address (7.25 % state tax), the
// Express method and the demo code WELCOME10 applied to the cart in phase 1; the check at the end
// compares what the emulator charged each paid order with the order's total in D1.
//
// Env: BENCH_SHOPPERS (300), BENCH_STOCK (100), BENCH_ROUNDS (3; medians, a fresh hot SKU each, one store),
//      BENCH_WAIT (s to wait for shipments after the last payment, 60), BENCH_PRODUCTS (40),
//      BENCH_NO_RESULTS=1, BENCH_ASSETS_ROUTER=1.
import { setTimeout as sleep } from 'node:timers/promises';
import { pool } from '../scripts/lib/pool.mjs';
import { benchLog, bounded, envNumber, installCleanupHandlers, runBench } from './lib/bench.mjs';
import { addAllToCart } from './lib/carts.mjs';
import { aggregate, appendCheckoutResults, checksOf, printReport } from './lib/checkout-report.mjs';
import { cpuDelta, snapshot } from './lib/cpu.mjs';
import { auditRound } from './lib/audit.mjs';
import { checkoutAndPay, followShipments } from './lib/journey.mjs';
import { f0, f1, f2 } from './lib/report.mjs';
import { benchShopper } from './lib/bench-shopper.mjs';
import { shopperIp } from './lib/shopper.mjs';
import { startStoreWithEmulator } from './lib/stack.mjs';
import { pct } from './lib/stats.mjs';

const SHOPPERS = Math.max(1, Math.round(envNumber('BENCH_SHOPPERS', 300)));
const STOCK = Math.round(envNumber('BENCH_STOCK', 100));
const ROUNDS = Math.max(1, Math.round(envNumber('BENCH_ROUNDS', 3)));
const WAIT_S = envNumber('BENCH_WAIT', 60);
const PRODUCTS = Math.max(5, Math.round(envNumber('BENCH_PRODUCTS', 40)));
const ASSETS_ROUTER = process.env.BENCH_ASSETS_ROUTER === '1';
const ADD_CONCURRENCY = 32;
const PHASE_TIMEOUT_MS = 180_000;
const POLL_MS = 100;
const ADDRESS = { name: 'Bench Shopper', line1: '2 Ocean Ave', city: 'Los Angeles', region: 'CA', postalCode: '90001', country: 'US' };
const OPTION = 'us-express';
const CODE = 'WELCOME10';
const SETTINGS = { SHOPPERS, STOCK, ROUNDS, WAIT_S, PRODUCTS, ADDRESS, OPTION, CODE };

const log = benchLog('checkout');

/** Phase 1 (set-up, not measured): every shopper adds the hot SKU and applies the code. */
async function fillCarts(/** @type {string} */ base, /** @type {string} */ hot, /** @type {number} */ index, /** @type {string} */ label) {
  const shoppers = Array.from(
    { length: SHOPPERS },
    (_, i) => benchShopper(base, shopperIp(50 + index, i), `buyer-${index}-${i}@bench.test`, { shippingAddress: ADDRESS, shippingOptionId: OPTION }),
  );
  const { adds, retries: addRetries } = await addAllToCart(shoppers, hot, {
    concurrency: ADD_CONCURRENCY,
    timeoutMs: PHASE_TIMEOUT_MS,
    what: 'phase 1 (add to cart)',
    onRetry: (r) => log(`${label}add-to-cart network failure (${r.text}); retrying`),
  });
  const addFailed = adds.filter((a) => a.status !== 200).length;
  if (addFailed) log(`${label}${addFailed} add-to-cart failures, e.g. ${adds.find((a) => a.status !== 200).text.slice(0, 200)}`);
  const ready = shoppers.filter((s) => s.cookie);
  const codes = await pool(ready.length, ADD_CONCURRENCY, (i) => ready[i].applyCode(CODE));
  const codeFailed = codes.filter((status) => status !== 200).length;
  if (codeFailed) log(`${label}${codeFailed} shoppers could not apply ${CODE}`);
  await sleep(200);
  return { ready, addFailed, addRetries };
}

/** One round: fill the carts, everyone checks out and pays at once, follow the orders to shipped, audit. */
async function round({ base, api, emulator, hot, index, server, secretKey, db }) {
  const label = ROUNDS > 1 ? `[${index + 1}/${ROUNDS}] ` : '';
  await api.setStock(hot, STOCK);
  const { ready, addFailed, addRetries } = await fillCarts(base, hot, index, label);

  // Phase 2: every shopper checks out at once; each winner pays at once.
  const before = snapshot(server);
  const tFirst = performance.now();
  const journeys = await bounded('phase 2 (checkout + pay)', PHASE_TIMEOUT_MS, () => Promise.all(ready.map((s) => checkoutAndPay(s, emulator.url))));
  const tLastPay = Math.max(tFirst, ...journeys.filter((j) => j.paidAt).map((j) => j.paidAt));
  const created = journeys.filter((j) => j.co.status === 201);
  const payOk = created.filter((j) => j.pay?.status === 200);

  // Wait (bounded) until every paid order's shipped callback was delivered to the store with a 2xx.
  const { byOrder, shippedAt, stages, polls, timedOut } = await followShipments({
    emulatorUrl: emulator.url,
    created,
    expected: payOk.length,
    deadline: tLastPay + WAIT_S * 1000,
    pollMs: POLL_MS,
    log,
    label,
  });
  const after = snapshot(server);

  // Count: the emulator's view, the store's view, the warehouse's, the counter's.
  const a = await auditRound({ emulatorUrl: emulator.url, secretKey, api, db, createdIds: created.map((j) => j.orderId), hot, stock: STOCK });
  const r = roundRow({ label, ready, addFailed, addRetries, journeys, created, payOk, byOrder, shippedAt, stages, polls, timedOut, a, tFirst, cpu: cpuDelta(before, after, Math.max(1, created.length), 0) });
  logRound(r, label, ready.length, payOk.length, shippedAt.size);
  return r;
}

/** The round's row of the table from what it measured and audited. */
function roundRow({ label, ready, addFailed, addRetries, journeys, created, payOk, byOrder, shippedAt, stages, polls, timedOut, a, tFirst, cpu }) {
  const shippedPaid = [...shippedAt.keys()].filter((id) => a.emuPaidIds.has(id) && a.storeStatus.get(id) === 'shipped');
  const tLastShip = Math.max(...shippedPaid.map((id) => shippedAt.get(id)));
  const wall = (tLastShip - tFirst) / 1000;
  const answers = journeys.map((j) => j.co);
  const fiveXX = answers.filter((x) => x.status >= 500 || x.status === 0).length;
  /** @type {Record<string, number>} */
  const kinds = {};
  for (const x of answers) {
    const k = x.status === 201 ? '201' : `${x.status} ${x.body?.error?.code ?? ''}`.trim();
    kinds[k] = (kinds[k] ?? 0) + 1;
  }
  return {
    label: `${label}miniflare`,
    shoppers: ready.length,
    addFailed,
    addRetries,
    created: created.length,
    refused: answers.filter((x) => x.status === 409 && x.body?.error?.code === 'out_of_stock').length,
    otherAnswers: answers.filter((x) => x.status !== 201 && !(x.status === 409 && x.body?.error?.code === 'out_of_stock')).length,
    kinds,
    fiveXX,
    payOk: payOk.length,
    paid: a.emuPaid.length,
    storePaid: a.storePaid,
    shipped: a.shippedStore,
    statusCounts: a.statusCounts,
    flagged: a.flagged,
    lost: a.lostIds.length,
    lostIds: a.lostIds.slice(0, 5),
    misCharged: a.misCharged,
    duplicates: a.duplicates,
    dupTotal: a.dupTotal,
    oversold: a.oversold,
    onHand: a.stock.onHand,
    reserved: a.stock.reserved,
    committed: a.committed,
    timedOut,
    retries: a.retries,
    failedDeliveries: a.failedDeliveries,
    deadLetters: a.deadLetters,
    ordersPerSec: shippedPaid.length / wall,
    wall,
    allShippedAfter: wall,
    checkoutP50: pct(answers.map((x) => x.ms), 50),
    checkoutP99: pct(answers.map((x) => x.ms), 99),
    winnerP99: pct(created.map((j) => j.co.ms), 99),
    payP99: pct(payOk.map((j) => j.pay.ms), 99),
    e2eP50: pct(shippedPaid.map((id) => shippedAt.get(id) - byOrder.get(id).co.t0), 50),
    e2eP99: pct(shippedPaid.map((id) => shippedAt.get(id) - byOrder.get(id).co.t0), 99),
    checkoutSeconds: (Math.max(...answers.map((x) => x.t1)) - tFirst) / 1000,
    stages,
    cpuPerOrder: cpu.partsMsPerReq?.workerd,
    emulatorCpuPerOrder: cpu.partsMsPerReq?.emulator,
    foreignPct: cpu.foreignPct,
    polls,
    shippedPaid: shippedPaid.length,
  };
}

function logRound(r, label, readyCount, payOkCount, shippedCount) {
  const { stages, kinds, statusCounts, flagged, duplicates, timedOut, retries, failedDeliveries, deadLetters, wall } = r;
  log(
    `${label}created ${r.created}, refused ${r.refused}, other ${r.otherAnswers} ${JSON.stringify(kinds)}; paid at emulator ${r.paid} (pay 200s ${r.payOk}); ` +
      `store ${JSON.stringify(statusCounts)}${flagged ? ` flagged ${flagged}` : ''}; lost ${r.lost}, duplicates ${JSON.stringify(duplicates)}, oversold ${r.oversold} ` +
      `(counter onHand ${r.onHand} reserved ${r.reserved} committed ${r.committed}); ${r.shippedPaid} paid+shipped in ${f2(wall)} s → ${f1(r.ordersPerSec)} orders/s` +
      `${timedOut ? ` — TIMED OUT after ${WAIT_S} s waiting for ${payOkCount - shippedCount} shipment(s)` : ''}; ` +
      `checkout p50 ${f1(r.checkoutP50)} p99 ${f1(r.checkoutP99)} ms (all ${readyCount} answered in ${f2(r.checkoutSeconds)} s), ` +
      `end to end p50 ${f0(r.e2eP50)} p99 ${f0(r.e2eP99)} ms (stages p50/p99: pay → webhook delivered ${f0(stages.payToWebhook.p50)}/${f0(stages.payToWebhook.p99)}, ` +
      `→ warehouse accepted (queue consumers) ${f0(stages.webhookToWarehouse.p50)}/${f0(stages.webhookToWarehouse.p99)}, ` +
      `→ shipped callback delivered ${f0(stages.warehouseToShipped.p50)}/${f0(stages.warehouseToShipped.p99)} ms); delivery retries ${retries}, failed ${failedDeliveries}, dead letters ${deadLetters ?? '?'}; ` +
      `workerd ${f2(r.cpuPerOrder)} ms CPU/order, emulator ${f2(r.emulatorCpuPerOrder)}, foreign ${f0(r.foreignPct)}%`,
  );
}

async function main() {
  installCleanupHandlers();
  const { h, seeded, emulator, api, server, secrets, machine } = await startStoreWithEmulator({
    tmpPrefix: 'edgefront-checkout-',
    products: PRODUCTS,
    assetsRouter: ASSETS_ROUTER,
    log,
    announce: (m) => log(`node ${m.node}, ${m.nproc} cpu (${m.cpu}); ${SHOPPERS} shoppers, stock ${STOCK}, ${ROUNDS} round(s), wait ≤ ${WAIT_S} s`),
  });
  const rounds = [];
  for (let i = 0; i < ROUNDS; i++) {
    const hot = seeded.skus[seeded.skus.length - 1 - i];
    rounds.push(await round({ base: h.url.store, api, emulator, hot, index: i, server, secretKey: secrets.STRIPE_SECRET_KEY, db: seeded.db }));
  }
  const workerdTail = h.runtime.tail.slice(-10);
  await h.dispose();
  await emulator.stop();

  const agg = aggregate(rounds);
  const checks = checksOf(rounds, agg);
  const bad = printReport({ rounds, agg, checks, workerdTail, settings: SETTINGS });
  if (process.env.BENCH_NO_RESULTS !== '1') await appendCheckoutResults({ rounds, agg, checks, machine, settings: SETTINGS, log });
  return bad ? 1 : 0;
}

runBench(main, log);
