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
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { cpuDelta, snapshot } from './lib/cpu.mjs';
import { appendResults, commandLine, f0, f1, f2, machineInfo, machineLine, median, sectionHeading } from './lib/report.mjs';
import {
  addAllToCart,
  benchLog,
  benchSecrets,
  benchTmpDir,
  bounded,
  bundleStore,
  emulatorSessions,
  envNumber,
  freePort,
  Http,
  installCleanupHandlers,
  pct,
  pool,
  RESULTS,
  ROOT,
  runBench,
  seedStore,
  Shopper,
  shopperIp,
  startEmulator,
  startMiniflare,
  stateDirInfo,
  storeAndEmulatorCpu,
} from './lib/store-harness.mjs';
import { markdownTableOf, textTableOf } from './lib/tables.mjs';

const SHOPPERS = Math.max(1, Math.round(envNumber('BENCH_SHOPPERS', 300)));
const STOCK = Math.round(envNumber('BENCH_STOCK', 100));
const ROUNDS = Math.max(1, Math.round(envNumber('BENCH_ROUNDS', 3)));
const WAIT_S = envNumber('BENCH_WAIT', 60);
const PRODUCTS = Math.max(5, Math.round(envNumber('BENCH_PRODUCTS', 40)));
const ASSETS_ROUTER = process.env.BENCH_ASSETS_ROUTER === '1';
const ADD_CONCURRENCY = 32;
const PHASE_TIMEOUT_MS = 180_000;
const POLL_MS = 100;
const STORE_PAID = new Set(['paid', 'fulfilling', 'shipped']);
const ADDRESS = { name: 'Bench Shopper', line1: '2 Ocean Ave', city: 'Los Angeles', region: 'CA', postalCode: '90001', country: 'US' };
const OPTION = 'us-express';
const CODE = 'WELCOME10';

const log = benchLog('checkout');

async function getJson(url, opts = {}) {
  const res = await fetch(url, { ...opts, signal: AbortSignal.timeout(30_000) });
  const text = await res.text();
  let body = null;
  try {
    body = JSON.parse(text);
  } catch {
    body = { raw: text.slice(0, 300) };
  }
  return { status: res.status, body };
}

async function round({ base, api, emulator, hot, index, server, secretKey, db }) {
  const label = ROUNDS > 1 ? `[${index + 1}/${ROUNDS}] ` : '';
  await api.setStock(hot, STOCK);
  const shoppers = Array.from(
    { length: SHOPPERS },
    (_, i) => new Shopper(base, shopperIp(50 + index, i), `buyer-${index}-${i}@bench.test`, { shippingAddress: ADDRESS, shippingOptionId: OPTION }),
  );
  // Phase 1: every shopper adds the hot SKU (set-up, not measured).
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

  // Phase 2: every shopper checks out at once; each winner pays at once.
  const before = snapshot(server);
  const tFirst = performance.now();
  const journeys = await bounded('phase 2 (checkout + pay)', PHASE_TIMEOUT_MS, () =>
    Promise.all(
      ready.map(async (s) => {
        const co = await s.checkout();
        const j = { co };
        if (co.status !== 201) return j;
        j.orderId = co.body.orderId;
        j.sessionId = /\/c\/pay\/(cs_[A-Za-z0-9_]+)/.exec(co.body.checkoutUrl ?? '')?.[1] ?? null;
        if (!j.sessionId) return j;
        const p0 = performance.now();
        try {
          const pay = await getJson(`${emulator.url}/_emulator/sessions/${j.sessionId}/pay`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: '{}',
          });
          j.pay = { status: pay.status, ms: performance.now() - p0, paymentStatus: pay.body?.payment_status };
        } catch (err) {
          j.pay = { status: 0, ms: performance.now() - p0, error: String(err) };
        }
        j.paidAt = performance.now();
        return j;
      }),
    ),
  );
  const tLastPay = Math.max(tFirst, ...journeys.filter((j) => j.paidAt).map((j) => j.paidAt));
  const created = journeys.filter((j) => j.co.status === 201);
  const payOk = created.filter((j) => j.pay?.status === 200);
  const byOrder = new Map(created.map((j) => [j.orderId, j]));

  // Wait (bounded) until every paid order's shipped callback was delivered to the store with a 2xx.
  // Also first-seen times of each stage (poll granularity ~POLL_MS): the paid webhook delivered (the
  // store queued it), the warehouse accepted the order (the fulfillment consumer ran), shipped callback.
  const shippedAt = new Map();
  const webhookAt = new Map();
  const acceptedAt = new Map();
  const orderOfSession = new Map(created.map((j) => [j.sessionId, j.orderId]));
  const deadline = tLastPay + WAIT_S * 1000;
  let polls = 0;
  while (performance.now() < deadline) {
    polls++;
    let shipped;
    let events;
    let accepted;
    try {
      [shipped, events, accepted] = await Promise.all([
        getJson(`${emulator.url}/_emulator/outbox?type=shipment.shipped`),
        getJson(`${emulator.url}/_emulator/outbox?type=checkout.session.completed`),
        getJson(`${emulator.url}/_emulator/shipments`),
      ]);
    } catch (err) {
      log(`${label}polling the emulator failed (${err?.cause?.code ?? err?.message}); retrying`);
      await sleep(POLL_MS);
      continue;
    }
    const now = performance.now();
    if (shipped.status === 200) {
      for (const item of shipped.body.items) {
        if (item.delivered && byOrder.has(item.orderId) && !shippedAt.has(item.orderId)) shippedAt.set(item.orderId, now);
      }
    }
    if (events.status === 200) {
      for (const item of events.body.items) {
        const orderId = orderOfSession.get(item.sessionId);
        if (item.delivered && orderId && !webhookAt.has(orderId)) webhookAt.set(orderId, now);
      }
    }
    if (accepted.status === 200) {
      for (const item of accepted.body.items) if (byOrder.has(item.orderId) && !acceptedAt.has(item.orderId)) acceptedAt.set(item.orderId, now);
    }
    if (shippedAt.size >= payOk.length) break;
    await sleep(POLL_MS);
  }
  const stage = (from, to) => {
    const v = [...to.keys()].filter((id) => from(id) !== undefined).map((id) => to.get(id) - from(id));
    return { p50: pct(v, 50), p99: pct(v, 99) };
  };
  const stages = {
    payToWebhook: stage((id) => byOrder.get(id)?.paidAt, webhookAt),
    webhookToWarehouse: stage((id) => webhookAt.get(id), acceptedAt),
    warehouseToShipped: stage((id) => acceptedAt.get(id), shippedAt),
  };
  const tEnd = performance.now();
  const after = snapshot(server);
  const timedOut = shippedAt.size < payOk.length;

  // Count: the emulator's view, the store's view, the warehouse's, the counter's.
  const createdIds = created.map((j) => j.orderId);
  const sessions = await emulatorSessions(emulator.url, secretKey, createdIds);
  const emuPaid = sessions.filter((s) => s.status === 'complete' && s.payment_status === 'paid');
  const emuPaidIds = new Set(emuPaid.map((s) => s.client_reference_id));
  const createdSet = new Set(createdIds);
  const orders = (await api.allOrders()).filter((o) => createdSet.has(o.id));
  const storeStatus = new Map(orders.map((o) => [o.id, o.status]));
  const statusCounts = {};
  for (const o of orders) statusCounts[o.status] = (statusCounts[o.status] ?? 0) + 1;
  const flagged = orders.filter((o) => o.flag).length;
  const storePaid = orders.filter((o) => STORE_PAID.has(o.status)).length;
  const shippedStore = orders.filter((o) => o.status === 'shipped').length;
  const lostIds = [...emuPaidIds].filter((id) => !STORE_PAID.has(storeStatus.get(id)));
  // Charged exactly the server's total: each paid session's amount against its order in D1.
  const totalOf = new Map(orders.map((o) => [o.id, o.total.amount]));
  const misCharged = emuPaid.filter((s) => s.amount_total !== totalOf.get(s.client_reference_id)).length;
  const shipments = (await getJson(`${emulator.url}/_emulator/shipments`)).body.items.filter((s) => createdSet.has(s.orderId));
  const dupShipments = shipments.filter((s) => s.receivedCount > 1).length;
  const stock = await api.stock(hot);
  const committed = stock.committed ?? STOCK - stock.onHand;
  const paidUnits = emuPaid.length; // one unit per order
  const duplicates = {
    shipmentsReceivedTwice: dupShipments,
    storePaidBeyondEmulator: Math.max(0, storePaid - emuPaid.length),
    committedVsPaid: committed - paidUnits,
  };
  const dupTotal = duplicates.shipmentsReceivedTwice + duplicates.storePaidBeyondEmulator + Math.abs(duplicates.committedVsPaid);
  const oversold = Math.max(0, created.length - STOCK, committed - STOCK, stock.reserved + committed - STOCK, -stock.onHand);
  // Delivery health, from the emulator's outbox: webhook + warehouse-callback attempts beyond the first.
  const outbox = (await getJson(`${emulator.url}/_emulator/outbox`)).body.items.filter(
    (i) => (i.orderId && createdSet.has(i.orderId)) || (i.sessionId && sessions.some((s) => s.id === i.sessionId)),
  );
  const retries = outbox.reduce((a, i) => a + Math.max(0, i.attempts - 1), 0);
  const failedDeliveries = outbox.filter((i) => i.failed || (!i.delivered && i.attempts > 0)).length;
  const deadLetters = db ? (await db.prepare('select count(*) as n from dead_letters').first())?.n : undefined;

  const shippedPaid = [...shippedAt.keys()].filter((id) => emuPaidIds.has(id) && storeStatus.get(id) === 'shipped');
  const tLastShip = Math.max(...shippedPaid.map((id) => shippedAt.get(id)));
  const wall = (tLastShip - tFirst) / 1000;
  const answers = journeys.map((j) => j.co);
  const cpu = cpuDelta(before, after, Math.max(1, created.length), 0);
  const fiveXX = answers.filter((a) => a.status >= 500 || a.status === 0).length;
  const kinds = {};
  for (const a of answers) {
    const k = a.status === 201 ? '201' : `${a.status} ${a.body?.error?.code ?? ''}`.trim();
    kinds[k] = (kinds[k] ?? 0) + 1;
  }
  const r = {
    label: `${label}miniflare`,
    shoppers: ready.length,
    addFailed,
    addRetries,
    created: created.length,
    refused: answers.filter((a) => a.status === 409 && a.body?.error?.code === 'out_of_stock').length,
    otherAnswers: answers.filter((a) => a.status !== 201 && !(a.status === 409 && a.body?.error?.code === 'out_of_stock')).length,
    kinds,
    fiveXX,
    payOk: payOk.length,
    paid: emuPaid.length,
    storePaid,
    shipped: shippedStore,
    statusCounts,
    flagged,
    lost: lostIds.length,
    lostIds: lostIds.slice(0, 5),
    misCharged,
    duplicates,
    dupTotal,
    oversold,
    onHand: stock.onHand,
    reserved: stock.reserved,
    committed,
    timedOut,
    retries,
    failedDeliveries,
    deadLetters,
    ordersPerSec: shippedPaid.length / wall,
    wall,
    allShippedAfter: wall,
    checkoutP50: pct(answers.map((a) => a.ms), 50),
    checkoutP99: pct(answers.map((a) => a.ms), 99),
    winnerP99: pct(created.map((j) => j.co.ms), 99),
    payP99: pct(payOk.map((j) => j.pay.ms), 99),
    e2eP50: pct(shippedPaid.map((id) => shippedAt.get(id) - byOrder.get(id).co.t0), 50),
    e2eP99: pct(shippedPaid.map((id) => shippedAt.get(id) - byOrder.get(id).co.t0), 99),
    checkoutSeconds: (Math.max(...answers.map((a) => a.t1)) - tFirst) / 1000,
    stages,
    cpuPerOrder: cpu.partsMsPerReq?.workerd,
    emulatorCpuPerOrder: cpu.partsMsPerReq?.emulator,
    foreignPct: cpu.foreignPct,
    polls,
  };
  log(
    `${label}created ${r.created}, refused ${r.refused}, other ${r.otherAnswers} ${JSON.stringify(kinds)}; paid at emulator ${r.paid} (pay 200s ${r.payOk}); ` +
      `store ${JSON.stringify(statusCounts)}${flagged ? ` flagged ${flagged}` : ''}; lost ${r.lost}, duplicates ${JSON.stringify(duplicates)}, oversold ${r.oversold} ` +
      `(counter onHand ${r.onHand} reserved ${r.reserved} committed ${r.committed}); ${shippedPaid.length} paid+shipped in ${f2(wall)} s → ${f1(r.ordersPerSec)} orders/s` +
      `${timedOut ? ` — TIMED OUT after ${WAIT_S} s waiting for ${payOk.length - shippedAt.size} shipment(s)` : ''}; ` +
      `checkout p50 ${f1(r.checkoutP50)} p99 ${f1(r.checkoutP99)} ms (all ${ready.length} answered in ${f2(r.checkoutSeconds)} s), ` +
      `end to end p50 ${f0(r.e2eP50)} p99 ${f0(r.e2eP99)} ms (stages p50/p99: pay → webhook delivered ${f0(stages.payToWebhook.p50)}/${f0(stages.payToWebhook.p99)}, ` +
      `→ warehouse accepted (queue consumers) ${f0(stages.webhookToWarehouse.p50)}/${f0(stages.webhookToWarehouse.p99)}, ` +
      `→ shipped callback delivered ${f0(stages.warehouseToShipped.p50)}/${f0(stages.warehouseToShipped.p99)} ms); delivery retries ${retries}, failed ${failedDeliveries}, dead letters ${deadLetters ?? '?'}; ` +
      `workerd ${f2(r.cpuPerOrder)} ms CPU/order, emulator ${f2(r.emulatorCpuPerOrder)}, foreign ${f0(r.foreignPct)}%`,
  );
  return r;
}

async function main() {
  installCleanupHandlers();
  const tmp = await benchTmpDir('edgefront-checkout-');
  const machine = machineInfo();
  log(`node ${machine.node}, ${machine.nproc} cpu (${machine.cpu}); ${SHOPPERS} shoppers, stock ${STOCK}, ${ROUNDS} round(s), wait ≤ ${WAIT_S} s`);

  const bundle = await bundleStore(ROOT, join(tmp, 'bundle'));
  log(`bundle: ${bundle.files.join(', ')} ${(bundle.raw / 1024).toFixed(1)} KiB raw, ${(bundle.gzip / 1024).toFixed(1)} KiB gzip`);
  const secrets = await benchSecrets(ROOT);
  const emulatorPort = await freePort();
  const emulatorUrl = `http://127.0.0.1:${emulatorPort}`;
  const h = await startMiniflare({
    root: ROOT,
    bundle,
    tmp,
    secrets,
    vars: { STRIPE_API_BASE: emulatorUrl, FULFILLMENT_URL: `${emulatorUrl}/_warehouse/shipments` },
    assetsRouter: ASSETS_ROUTER,
    log,
  });
  const seeded = await seedStore(h.mf, 'store', ROOT, PRODUCTS);
  log(`data: ${seeded.mig.statements} migration statements; ${seeded.catalog.products.length} products, ${seeded.skus.length} SKUs`);
  const emulator = await startEmulator({ root: ROOT, port: emulatorPort, storeUrl: h.url.store, secrets, log });
  const api = new Http(h.url.store, { adminToken: secrets.ADMIN_TOKEN });
  const server = storeAndEmulatorCpu(h, emulator);

  const rounds = [];
  for (let i = 0; i < ROUNDS; i++) {
    rounds.push(
      await round({
        base: h.url.store,
        api,
        emulator,
        hot: seeded.skus[seeded.skus.length - 1 - i],
        index: i,
        server,
        secretKey: secrets.STRIPE_SECRET_KEY,
        db: seeded.db,
      }),
    );
  }
  const workerdTail = h.runtime.tail.slice(-10);
  await h.dispose();
  await emulator.stop();

  // Report ------------------------------------------------------------------------------------------
  const med = (f) => median(rounds.map(f));
  const agg = {
    created: med((r) => r.created),
    paid: med((r) => r.paid),
    shipped: med((r) => r.shipped),
    oversold: Math.max(...rounds.map((r) => r.oversold)),
    dup: Math.max(...rounds.map((r) => r.dupTotal)),
    lost: Math.max(...rounds.map((r) => r.lost)),
    misCharged: Math.max(...rounds.map((r) => r.misCharged)),
    fiveXX: rounds.reduce((a, r) => a + r.fiveXX, 0),
    ordersPerSec: med((r) => r.ordersPerSec),
    checkoutP99: med((r) => r.checkoutP99),
    checkoutP50: med((r) => r.checkoutP50),
    e2eP99: med((r) => r.e2eP99),
    wall: med((r) => r.wall),
    cpuPerOrder: med((r) => r.cpuPerOrder),
  };
  const columns = [
    { head: 'run', get: (r) => r.label, left: true },
    { head: 'shoppers', get: (r) => r.shoppers },
    { head: 'created', get: (r) => r.created },
    { head: 'refused', get: (r) => r.refused },
    { head: 'other', get: (r) => r.otherAnswers },
    { head: 'paid (emulator)', get: (r) => r.paid },
    { head: 'store paid+', get: (r) => r.storePaid },
    { head: 'shipped', get: (r) => r.shipped },
    { head: 'oversold', get: (r) => r.oversold },
    { head: 'duplicates', get: (r) => r.dupTotal },
    { head: 'lost', get: (r) => r.lost },
    { head: 'counter onHand/reserved/committed', get: (r) => `${r.onHand}/${r.reserved}/${r.committed}` },
    { head: 'orders/s', get: (r) => f1(r.ordersPerSec) },
    { head: 'first checkout → last shipped s', get: (r) => f2(r.wall) },
    { head: 'checkout p50 ms', get: (r) => f1(r.checkoutP50) },
    { head: 'checkout p99 ms', get: (r) => f1(r.checkoutP99) },
    { head: 'end-to-end p50/p99 ms', get: (r) => `${f0(r.e2eP50)}/${f0(r.e2eP99)}` },
    {
      head: 'stages p50/p99 ms: pay→webhook, →warehouse, →shipped',
      get: (r) =>
        [r.stages.payToWebhook, r.stages.webhookToWarehouse, r.stages.warehouseToShipped].map((x) => `${f0(x.p50)}/${f0(x.p99)}`).join(', '),
    },
    { head: 'retries', get: (r) => r.retries },
    { head: 'CPU ms/order', get: (r) => f2(r.cpuPerOrder) },
    { head: 'foreign CPU', get: (r) => `${f0(r.foreignPct)}%` },
  ];
  const checks = [
    { name: '0 oversold', pass: agg.oversold === 0, value: rounds.map((r) => r.oversold).join(', ') },
    { name: '0 duplicates', pass: agg.dup === 0, value: rounds.map((r) => JSON.stringify(r.duplicates)).join('; ') },
    { name: '0 lost', pass: agg.lost === 0, value: rounds.map((r) => r.lost).join(', ') },
    { name: 'every payment = its order’s total', pass: agg.misCharged === 0, value: `${rounds.map((r) => r.misCharged).join(', ')} differ` },
    { name: 'every paid order shipped within the wait', pass: rounds.every((r) => !r.timedOut && r.shipped === r.paid), value: rounds.map((r) => `${r.shipped}/${r.paid}`).join(', ') },
    { name: '0 5xx / network errors on checkout', pass: agg.fiveXX === 0, value: String(agg.fiveXX) },
  ];
  const table = textTableOf(columns, rounds);
  console.log('');
  console.log(
    `End-to-end checkout: ${SHOPPERS} shoppers, one hot SKU with stock ${STOCK}, address ${ADDRESS.region} ${ADDRESS.country}, ${OPTION}, ${CODE}; all checkouts at once, each winner pays at once`,
  );
  console.log(table);
  console.log('');
  console.log(
    `Medians over ${ROUNDS} round(s): created ${agg.created}, paid ${agg.paid}, shipped ${agg.shipped}, oversold ${agg.oversold}, duplicates ${agg.dup}, ` +
      `lost ${agg.lost}; ${f1(agg.ordersPerSec)} orders/s end to end (first checkout → last shipment ${f2(agg.wall)} s); ` +
      `checkout p50 ${f1(agg.checkoutP50)} ms, p99 ${f1(agg.checkoutP99)} ms; end-to-end p99 ${f0(agg.e2eP99)} ms; ${f2(agg.cpuPerOrder)} ms workerd CPU per created order`,
  );
  console.log('');
  console.log('Checks:');
  for (const c of checks) console.log(`  ${c.pass ? 'PASS' : 'FAIL'}  ${c.name}: ${c.value}`);
  const bad = checks.some((c) => !c.pass);
  if (bad) console.log(`\nworkerd output (tail):\n  ${workerdTail.join('\n  ')}`);

  if (process.env.BENCH_NO_RESULTS !== '1') {
    const section = [
      sectionHeading('End-to-end checkout', machine),
      '',
      commandLine(
        'bench:checkout',
        `${SHOPPERS} shoppers, stock ${STOCK}, ${ROUNDS} round(s) on a fresh hot SKU each, wait ≤ ${WAIT_S} s; ${PRODUCTS} products; ` +
          `every checkout with an address (${ADDRESS.city}, ${ADDRESS.region}), ${OPTION} and ${CODE}`,
        { withTmpdir: true },
      ),
      `- State: throwaway persist dirs under ${stateDirInfo(tmpdir())}`,
      await machineLine(machine, ROOT, ['wrangler', 'miniflare']),
      '',
      markdownTableOf(columns, rounds),
      '',
      `Medians over ${ROUNDS} round(s): created ${agg.created}, paid ${agg.paid}, shipped ${agg.shipped}, oversold ${agg.oversold}, duplicates ${agg.dup}, lost ${agg.lost}; ` +
        `**${f1(agg.ordersPerSec)} orders/s** end to end (first checkout → last shipment ${f2(agg.wall)} s, including the warehouse's 500 ms ship delay); ` +
        `**checkout p99 ${f1(agg.checkoutP99)} ms** (p50 ${f1(agg.checkoutP50)}); end-to-end p99 ${f0(agg.e2eP99)} ms; ${f2(agg.cpuPerOrder)} ms workerd CPU per created order (whole journey, losers' checkouts included).`,
      '',
      'Checks:',
      '',
      ...checks.map((c) => `- ${c.pass ? 'PASS' : 'FAIL'} ${c.name}: ${c.value}`),
    ].join('\n');
    await appendResults(RESULTS, section);
    log(`appended results to ${RESULTS}`);
  }
  return bad ? 1 : 0;
}

runBench(main, log);
