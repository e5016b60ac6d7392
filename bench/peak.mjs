// Peak load test for the Edgefront store: `npm run bench:peak`.
//
// The seed's case study (a seasonal sale: 10x the usual traffic, checkout 99.99 % available) scaled
// to this machine. The store with its whole backend in one Miniflare (as bench:checkout), the Stripe
// emulator beside it. Open-loop shopper journeys, 80 % browsing (home, list, search, product pages),
// 15 % carts (a new shopper adds a SKU), 5 % checkouts (a new shopper adds a SKU, POST /api/checkout,
// pays at the emulator, whose signed webhook marks the order paid through the store's queue):
//   1. ramp: steps of rising arrival rate until the store no longer keeps up (a 5xx, a network failure,
//      p99 over the SLO, or journeys left unfinished); the last step that kept up is the steady rate;
//   2. peak: twice that rate for BENCH_PEAK_SECONDS;
//   3. settle: wait (bounded) until every order paid at the emulator is paid in D1;
//   4. count from the store's own D1 `orders`: every checkout answered 201 has its order, every
//      order paid at the emulator is paid in D1 (0 lost), no order without a 201 is left pending.
// A shopper answered 503/429 + Retry-After at checkout retries with the same Idempotency-Key (≤ 4 sends):
// the target (≥ 99.99 % of attempts answered 2xx/409) is checked on the FIRST answer; the rate after
// retries is reported beside it.
// A browse read or cart add the store sheds at its entry when overloaded (worker/http/load-shed.ts,
// `Server-Timing: shed`) is counted as what it is: a 503 on its route (a ramp step with one did not
// keep up), shown apart per route beside the stale copies served instead. A shed cart add did nothing,
// so its shopper presses Add again after Retry-After (≤ 4 presses); a checkout journey whose add never
// got through never reaches checkout and is counted apart (not an attempt). Checkout is never shed.
// Prints the ramp, per-route p50/p99 of the peak, the checks; appends to bench/RESULTS.md.
//
// Env: BENCH_RAMP_START (journeys/s of the first step, 10), BENCH_RAMP_FACTOR (1.5), BENCH_RAMP_STEPS (8),
//      BENCH_RAMP_SECONDS (per step, 5), BENCH_SLO_MS (p99 a step must stay under, 1000),
//      BENCH_PEAK_RATE (skip the ramp: the steady rate in journeys/s), BENCH_PEAK_SECONDS (40),
//      BENCH_WAIT (s to wait for paid orders after the peak, 60), BENCH_PRODUCTS (40), BENCH_NO_RESULTS=1;
//      SHED_READS_INFLIGHT, SHED_CART_ADDS_INFLIGHT: the store's load-shedding limits (wrangler.toml's unless set).
import { tmpdir } from 'node:os';
import { cpuDelta, snapshot } from './lib/cpu.mjs';
import { CHECKOUT_TRIES, checkoutStats, DEFAULT_MIX, failureCauses, routeStats, runMix } from './lib/mix.mjs';
import { countOrders, settlePaid } from './lib/orders.mjs';
import { appendResults, commandLine, f0, f1, f2, machineLine, sectionHeading } from './lib/report.mjs';
import { startStoreWithEmulator } from './lib/stack.mjs';
import { benchLog, envNumber, installCleanupHandlers, RESULTS, ROOT, runBench, stateDirInfo } from './lib/bench.mjs';
import { pct } from './lib/stats.mjs';
import { markdownTableOf, textTableOf } from './lib/tables.mjs';

const RAMP_START = envNumber('BENCH_RAMP_START', 10);
const RAMP_FACTOR = Math.max(1.1, envNumber('BENCH_RAMP_FACTOR', 1.5));
const RAMP_STEPS = Math.max(1, Math.round(envNumber('BENCH_RAMP_STEPS', 8)));
const RAMP_SECONDS = envNumber('BENCH_RAMP_SECONDS', 5);
const SLO_MS = envNumber('BENCH_SLO_MS', 1000);
const FIXED_RATE = envNumber('BENCH_PEAK_RATE', 0);
const PEAK_SECONDS = envNumber('BENCH_PEAK_SECONDS', 40);
const WAIT_S = envNumber('BENCH_WAIT', 60);
const PRODUCTS = Math.max(5, Math.round(envNumber('BENCH_PRODUCTS', 40)));
const STOCKED_SKUS = 24;
const STOCK = 1_000_000;
const TARGET_PCT = 99.99;
const ADDRESS = { name: 'Peak Shopper', line1: '2 Ocean Ave', city: 'Los Angeles', region: 'CA', postalCode: '90001', country: 'US' };
const CHECKOUT = { shippingAddress: ADDRESS, shippingOptionId: 'us-standard' };

const log = benchLog('peak');
/** The store's load-shedding limits when set here (worker/http/load-shed.ts); wrangler.toml's otherwise. */
const SHED_VARS = Object.fromEntries(['SHED_READS_INFLIGHT', 'SHED_CART_ADDS_INFLIGHT'].flatMap((k) => (process.env[k] ? [[k, String(process.env[k])]] : [])));

/** Browse paths: home, the list, a search, every product page (each drawn uniformly). */
function browsePaths(/** @type {{ products: { slug: string }[] }} */ catalog) {
  return ['/', '/products', '/products?q=hoodie', ...catalog.products.map((p) => `/products/${p.slug}`)];
}

/** Ample stock on a few SKUs, so a checkout is refused only when the store cannot serve it. */
async function stockSkus(/** @type {any} */ api, /** @type {string[]} */ skus) {
  const picked = skus.slice(0, STOCKED_SKUS);
  for (const sku of picked) await api.setStock(sku, STOCK);
  return picked;
}

/**
 * Did a run keep up? No 5xx or network failure, every checkout answered 2xx/409, p99 of every request
 * under the SLO, and ≥ 99 % of journeys finished within 2 s of the last arrival.
 * @param {import('./lib/mix.mjs').MixRun} run
 */
function verdict(run) {
  const all = run.requests;
  const co = checkoutStats(run.checkouts);
  const failures = all.filter((r) => r.status >= 500 || r.status === 0).length;
  const p99 = pct(all.map((r) => r.ms), 99);
  const finishedPct = (100 * run.finishedInTime) / run.started;
  const reasons = [];
  if (failures) reasons.push(`${failures} 5xx/network`);
  if (co.attempts && co.ok < co.attempts) reasons.push(`checkout ${co.ok}/${co.attempts}`);
  if (!(p99 <= SLO_MS)) reasons.push(`p99 ${f0(p99)} ms > ${SLO_MS}`);
  if (finishedPct < 99) reasons.push(`${f0(finishedPct)}% finished in time`);
  return {
    rate: run.rate,
    checkoutRate: run.rate * DEFAULT_MIX.checkout,
    reqPerSec: all.length / run.wallSeconds,
    p50: pct(all.map((r) => r.ms), 50),
    p99,
    checkoutP99: pct(all.filter((r) => r.route === 'POST /api/checkout').map((r) => r.ms), 99),
    failures,
    finishedPct,
    ok: reasons.length === 0,
    why: reasons.join(', ') || 'kept up',
  };
}

/** Rising steps until one does not keep up; the steady rate is the last that did. */
async function ramp(/** @type {import('./lib/mix.mjs').MixContext} */ ctx) {
  const steps = [];
  let rate = RAMP_START;
  for (let i = 0; i < RAMP_STEPS; i++) {
    const run = await runMix({ ...ctx, tag: `ramp${i}` }, { rate, seconds: RAMP_SECONDS, drainMs: 30_000 });
    const v = verdict(run);
    steps.push(v);
    log(`ramp ${f1(rate)} journeys/s (${f2(v.checkoutRate)} checkouts/s): ${f0(v.reqPerSec)} req/s, p50 ${f1(v.p50)} p99 ${f1(v.p99)} ms — ${v.why}`);
    if (!v.ok) break;
    rate *= RAMP_FACTOR;
  }
  const kept = steps.filter((s) => s.ok);
  const steady = kept.at(-1)?.rate ?? RAMP_START / RAMP_FACTOR;
  return { steps, steady, capped: kept.length === steps.length };
}

/** The peak: twice the steady rate, CPU sampled around it. */
async function peak(/** @type {import('./lib/mix.mjs').MixContext} */ ctx, /** @type {number} */ rate, /** @type {() => any} */ server) {
  const before = snapshot(server);
  const run = await runMix({ ...ctx, tag: 'peak' }, { rate, seconds: PEAK_SECONDS, drainMs: 60_000 });
  const after = snapshot(server);
  return { run, cpu: cpuDelta(before, after, run.requests.length, 0) };
}

async function main() {
  installCleanupHandlers();
  const stack = await startStoreWithEmulator({
    tmpPrefix: 'edgefront-peak-',
    products: PRODUCTS,
    vars: SHED_VARS,
    log,
    announce: (m) => log(`node ${m.node}, ${m.nproc} cpu (${m.cpu}); ramp from ${RAMP_START} journeys/s ×${RAMP_FACTOR}, ≤ ${RAMP_STEPS} steps of ${RAMP_SECONDS} s; peak ${PEAK_SECONDS} s`),
  });
  const { h, seeded, emulator, api, server, machine } = stack;
  const skus = await stockSkus(api, seeded.skus);
  /** @type {import('./lib/mix.mjs').MixContext} */
  const ctx = { base: h.url.store, emulatorUrl: emulator.url, pages: browsePaths(seeded.catalog), skus, checkoutDetails: CHECKOUT, tag: 'warm' };

  await runMix(ctx, { rate: 20, seconds: 2, drainMs: 30_000 }); // warm-up: caches, JIT, the first DOs
  const rampResult = FIXED_RATE > 0 ? { steps: [], steady: FIXED_RATE, capped: false } : await ramp(ctx);
  const peakRate = 2 * rampResult.steady;
  log(`steady ${f1(rampResult.steady)} journeys/s (${f2(rampResult.steady * DEFAULT_MIX.checkout)} checkouts/s)${rampResult.capped ? ' — the ramp never saturated (raise BENCH_RAMP_STEPS)' : ''}; peak at ${f1(peakRate)} journeys/s for ${PEAK_SECONDS} s`);
  const { run, cpu } = await peak(ctx, peakRate, server);
  const co = checkoutStats(run.checkouts);
  const createdIds = run.checkouts.filter((c) => c.status === 201 && c.orderId).map((c) => /** @type {string} */ (c.orderId));
  const paidIds = run.checkouts.filter((c) => c.payStatus === 200 && c.orderId).map((c) => /** @type {string} */ (c.orderId));
  const settled = await settlePaid(seeded.db, paidIds, WAIT_S * 1000);
  const d1 = await countOrders(seeded.db, { emailLike: 'peak-peak-%', createdIds, paidIds });
  const routes = routeStats(run.requests);
  const workerdTail = h.runtime.tail.slice(-10);
  await h.dispose();
  await emulator.stop();

  report({ rampResult, peakRate, run, co, d1, settled, routes, cpu, machine, workerdTail });
  const checks = checksOf({ co, d1, settled });
  for (const c of checks) console.log(`  ${c.pass ? 'PASS' : 'FAIL'}  ${c.name}: ${c.value}`);
  if (process.env.BENCH_NO_RESULTS !== '1') {
    await appendResults(RESULTS, await resultsSection({ rampResult, peakRate, run, co, d1, settled, routes, cpu, machine, checks }));
    log(`appended results to ${RESULTS}`);
  }
  return checks.every((c) => c.pass) ? 0 : 1;
}

/** @param {{ co: ReturnType<typeof checkoutStats>, d1: Awaited<ReturnType<typeof countOrders>>, settled: Awaited<ReturnType<typeof settlePaid>> }} r */
function checksOf({ co, d1, settled }) {
  return [
    { name: `checkout ≥ ${TARGET_PCT}% answered 2xx/409 at the first answer`, pass: co.successPct >= TARGET_PCT, value: `${co.ok}/${co.attempts} = ${co.successPct.toFixed(3)}%` },
    { name: '0 5xx / network failures on checkout (first answers)', pass: co.fiveXX + co.network === 0, value: `${co.fiveXX} 5xx, ${co.network} network` },
    {
      name: `checkout ≥ ${TARGET_PCT}% answered 2xx/409 after retrying busy answers (same Idempotency-Key, ≤ ${CHECKOUT_TRIES} sends)`,
      pass: co.successAfterRetryPct >= TARGET_PCT,
      value: `${co.okAfterRetry}/${co.attempts} = ${co.successAfterRetryPct.toFixed(3)}% (${co.retried} retried; ${co.fiveXXAfterRetry} 5xx, ${co.networkAfterRetry} network at the last answer)`,
    },
    {
      name: 'no pending order without a 201 and without a payment session (no partial write)',
      pass: d1.pendingNoSession === 0,
      value: `${d1.pendingNoSession} (of ${d1.unanswered} orders without a 201: ${d1.pendingUnanswered} pending, ${d1.pendingUnanswered - d1.pendingNoSession} of them with a session)`,
    },
    { name: 'every 201 has its order in D1', pass: d1.createdMissing === 0, value: `${d1.createdFound}/${d1.created}` },
    { name: 'every order paid at the emulator is paid in D1 (0 lost)', pass: d1.paidMissing === 0 && !settled.timedOut, value: `${d1.paidFound}/${d1.paid}${settled.timedOut ? ` (still unpaid after ${WAIT_S} s)` : ` (settled in ${f1(settled.seconds)} s)`}` },
  ];
}

const rampColumns = [
  { head: 'journeys/s', get: (/** @type {any} */ s) => f1(s.rate) },
  { head: 'checkouts/s', get: (/** @type {any} */ s) => f2(s.checkoutRate) },
  { head: 'req/s', get: (/** @type {any} */ s) => f0(s.reqPerSec) },
  { head: 'p50 ms', get: (/** @type {any} */ s) => f1(s.p50) },
  { head: 'p99 ms', get: (/** @type {any} */ s) => f1(s.p99) },
  { head: 'checkout p99 ms', get: (/** @type {any} */ s) => f1(s.checkoutP99) },
  { head: 'verdict', get: (/** @type {any} */ s) => s.why, left: true },
];
const routeColumns = [
  { head: 'route', get: (/** @type {any} */ r) => r.route, left: true },
  { head: 'requests', get: (/** @type {any} */ r) => r.count },
  { head: '5xx', get: (/** @type {any} */ r) => r.fiveXX },
  { head: 'network', get: (/** @type {any} */ r) => r.network },
  { head: 'other non-2xx', get: (/** @type {any} */ r) => r.other },
  { head: 'of the 5xx: shed 503', get: (/** @type {any} */ r) => r.shed503 },
  { head: 'stale copies (shed)', get: (/** @type {any} */ r) => r.stale },
  { head: 'p50 ms', get: (/** @type {any} */ r) => f1(r.p50) },
  { head: 'p99 ms', get: (/** @type {any} */ r) => f1(r.p99) },
];

/** Browse reads and cart adds shed at the store's entry (a fast 503 + Retry-After, or a read's stale copy). */
function shedLine(/** @type {import('./lib/mix.mjs').MixRequest[]} */ requests) {
  const browse = requests.filter((q) => q.route.startsWith('GET '));
  const shed = browse.filter((q) => q.shed === '503').length;
  const stale = browse.filter((q) => q.shed === 'stale').length;
  const ok = browse.filter((q) => q.status === 200).length;
  const adds = requests.filter((q) => q.route === 'POST /api/cart/items');
  return `browse: ${ok}/${browse.length} answered 200 (${stale} of them stale copies while shedding), ${shed} shed 503 + Retry-After; cart adds: ${adds.filter((q) => q.status === 200).length}/${adds.length} presses answered 200, ${adds.filter((q) => q.shed === '503').length} shed`;
}

/** One-line summary of the peak. @param {any} r */
const summary = (r) =>
  `Peak ${f1(r.peakRate)} journeys/s (2 × steady ${f1(r.rampResult.steady)}; ${f2(r.peakRate * DEFAULT_MIX.checkout)} checkouts/s offered) for ${PEAK_SECONDS} s: ` +
  `${r.run.started} journeys ${JSON.stringify(r.run.journeys)}, ${r.run.requests.length} requests (${f0(r.run.requests.length / r.run.wallSeconds)} req/s); ` +
  `${shedLine(r.run.requests)}; ${r.co.notAttempted} checkout journeys never reached checkout (their cart add failed or was shed ${CHECKOUT_TRIES} times); ` +
  `checkout ${r.co.ok}/${r.co.attempts} answered 2xx/409 at the first answer (${r.co.successPct.toFixed(3)}%; ${r.co.fiveXX} 5xx, ${r.co.network} network), ` +
  `${r.co.okAfterRetry}/${r.co.attempts} after retrying busy answers (${r.co.successAfterRetryPct.toFixed(3)}%; ${r.co.retried} retried; ${r.co.created} created, ${r.co.refused409} refused 409 ${JSON.stringify(r.co.refusals)}, ${r.co.fiveXXAfterRetry} 5xx, ${r.co.networkAfterRetry} network), ` +
  `${r.co.paid} paid at the emulator; D1: ${r.d1.createdFound}/${r.d1.created} created orders found, ${r.d1.paidFound}/${r.d1.paid} paid orders paid, ${r.d1.inD1} peak orders in D1 ` +
  `(${r.d1.unanswered} without a 201 answer, ${r.d1.pendingUnanswered} of them pending, ${r.d1.pendingNoSession} pending without a session); workerd ${f2(r.cpu.partsMsPerReq?.workerd)} ms CPU/req, foreign CPU ${f0(r.cpu.foreignPct)}%`;

/** @param {any} r */
function report(r) {
  console.log('');
  if (r.rampResult.steps.length) {
    console.log(`Ramp (${RAMP_SECONDS} s per step, mix 80/15/5, SLO p99 ≤ ${SLO_MS} ms):`);
    console.log(textTableOf(rampColumns, r.rampResult.steps));
    console.log('');
  }
  console.log(`Peak at 2 × steady (${f1(r.peakRate)} journeys/s, ${PEAK_SECONDS} s), per route:`);
  console.log(textTableOf(routeColumns, r.routes));
  console.log('');
  console.log(summary(r));
  const causes = failureCauses(r.run.requests);
  if (causes.length) console.log(`Failures by cause:\n  ${causes.slice(0, 12).map(([k, n]) => `${n} × ${k}`).join('\n  ')}`);
  console.log('');
  console.log('Checks:');
  if (r.workerdTail.length && r.co.fiveXX) console.log(`workerd output (tail):\n  ${r.workerdTail.join('\n  ')}`);
}

/** @param {any} r */
async function resultsSection(r) {
  return [
    sectionHeading('Peak load (2 × steady, mix 80/15/5)', r.machine),
    '',
    commandLine(
      'bench:peak',
      `ramp from ${RAMP_START} journeys/s ×${RAMP_FACTOR}, ≤ ${RAMP_STEPS} steps of ${RAMP_SECONDS} s, SLO p99 ≤ ${SLO_MS} ms; peak ${PEAK_SECONDS} s at ${FIXED_RATE > 0 ? `2 × BENCH_PEAK_RATE=${FIXED_RATE}` : '2 × the last step that kept up'}; ${PRODUCTS} products, ${STOCKED_SKUS} SKUs stocked${Object.keys(SHED_VARS).length ? `; ${Object.entries(SHED_VARS).map(([k, v]) => `${k}=${v}`).join(' ')}` : ''}`,
      { withTmpdir: true },
    ),
    `- State: throwaway persist dirs under ${stateDirInfo(tmpdir())}`,
    await machineLine(r.machine, ROOT, ['wrangler', 'miniflare']),
    '- Shared machine: 2 cores, with 7 other engineers running tests and benches at the same time (foreign CPU below); absolute rates are this sandbox’s, not production’s.',
    '',
    ...(r.rampResult.steps.length ? ['Ramp:', '', markdownTableOf(rampColumns, r.rampResult.steps), ''] : []),
    'Peak, per route:',
    '',
    markdownTableOf(routeColumns, r.routes),
    '',
    summary(r),
    '',
    ...failureCauses(r.run.requests).slice(0, 12).map(([k, n]) => `- failure: ${n} × ${k}`),
    '',
    'Checks:',
    '',
    ...r.checks.map((/** @type {any} */ c) => `- ${c.pass ? 'PASS' : 'FAIL'} ${c.name}: ${c.value}`),
  ].join('\n');
}

runBench(main, log);
