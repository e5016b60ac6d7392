// bench/flash-sale.mjs's report: medians over rounds, the tables (flash sales; counter, add-to-cart,
// ceilings and floors), the targets, what it prints and the section it appends to bench/RESULTS.md.
import { tmpdir } from 'node:os';
import { RESULTS, ROOT, stateDirInfo } from './bench.mjs';
import { EXISTING_CARTS } from './flash-runs.mjs';
import { ADD_CONCURRENCY, CONNECTIONS, COUNTER_DURATION, DURATION, FRESH_DO_CAP, log, ROUNDS, SHOPPERS, STOCK, TARGETS, WARMUP, WDEV_CART_DURATION } from './flash-settings.mjs';
import { appendResults, commandLine, f0, f1, f2, machineLine, median, sectionHeading } from './report.mjs';
import { markdownTableOf, textTableOf } from './tables.mjs';

/**
 * Everything the report shows, from the rounds, the wrangler dev run and the round-trip count.
 * @param {{ rounds: any[], wdev: any, trips: any }} r
 */
export function flashReport({ rounds, wdev, trips }) {
  const cartSkuCount = rounds[0].cartSkus.length;
  const med = (f) => median(rounds.map(f));
  const flashes = rounds.map((r) => r.flash);
  const agg = {
    granted: med((r) => r.flash.granted),
    refused: med((r) => r.flash.refused),
    other: rounds.reduce((a, r) => a + r.flash.other, 0),
    fiveXX: rounds.reduce((a, r) => a + r.flash.fiveXX, 0),
    oversold: Math.max(...flashes.map((f) => f.oversold)),
    rps: med((r) => r.flash.rps),
    p50: med((r) => r.flash.p50),
    p99: med((r) => r.flash.p99),
    httpGrant: med((r) => r.counter.httpGrant.rps),
    httpGrantP99: med((r) => r.counter.httpGrant.p99),
    httpRefuse: med((r) => r.counter.httpRefuse.rps),
    httpRefuseP99: med((r) => r.counter.httpRefuse.p99),
    burstFlash: med((r) => r.counter.burstFlash.opsPerSec),
    burstGrant: med((r) => r.counter.burstGrant.opsPerSec),
    burstFlashRelease: med((r) => r.counter.burstFlashRelease.opsPerSec),
    burstFlashCpu: med((r) => r.counter.burstFlash.cpu),
    burstFlashReleaseCpu: med((r) => r.counter.burstFlashRelease.cpu),
    counterOversold: Math.max(...rounds.map((r) => Math.max(r.counter.burstFlash.oversold, r.counter.burstFlashRelease.oversold))),
    counterNon2xx: rounds.reduce((a, r) => a + r.counter.httpGrant.non2xx + r.counter.httpRefuse.non2xx + r.counter.httpGrant.errors + r.counter.httpRefuse.errors, 0),
    newDoRps: med((r) => r.ceilings.newDo.rps),
    newDoP99: med((r) => r.ceilings.newDo.p99),
    newDoCpu: med((r) => r.ceilings.newDo.serverMsPerReq),
    doPingP99: med((r) => r.ceilings.doPing.p99),
    doWriteP99: med((r) => r.ceilings.doWrite.p99),
    oneQueryRps: med((r) => r.ceilings.oneQuery.rps),
    cartCpu: med((r) => r.cart.serverMsPerReq),
    cartRps: med((r) => r.cart.rps),
    cartP50: med((r) => r.cart.p50),
    cartP99: med((r) => r.cart.p99),
    existingRps: med((r) => r.cartExisting.rps),
    existingP99: med((r) => r.cartExisting.p99),
    cart5xx: rounds.reduce((a, r) => a + (r.cart.status['5xx'] ?? 0), 0),
    cartNon2xx: rounds.reduce((a, r) => a + r.cart.non2xx + r.cart.errors, 0),
  };
  const allFlash = [...flashes, ...(wdev?.ok ? [wdev.flash] : [])];

  const flashColumns = [
    { head: 'run', get: (r) => r.label, left: true },
    { head: 'shoppers', get: (r) => r.ready },
    { head: 'granted', get: (r) => r.granted },
    { head: 'out of stock', get: (r) => r.refused },
    { head: 'other', get: (r) => (r.other ? `${r.other} ${JSON.stringify(r.otherKinds)}` : '0') },
    { head: '5xx', get: (r) => r.fiveXX },
    { head: 'oversold', get: (r) => r.oversold },
    { head: 'counter after (onHand/reserved/committed)', get: (r) => `${r.onHand}/${r.reserved}/${r.committed}` },
    { head: 'sessions', get: (r) => r.sessions ?? '?' },
    { head: 'reservations/s', get: (r) => f0(r.rps) },
    { head: 'p50 ms', get: (r) => f1(r.p50) },
    { head: 'p99 ms', get: (r) => f1(r.p99) },
    { head: 'winner p50/p99 ms', get: (r) => `${f1(r.winP50)}/${f1(r.winP99)}` },
    { head: 'refused p50/p99 ms', get: (r) => `${f1(r.loseP50)}/${f1(r.loseP99)}` },
    { head: 'CPU ms/checkout', get: (r) => f2(r.cpuPerCheckout) },
    { head: 'foreign CPU', get: (r) => `${f0(r.foreignPct)}%` },
  ];
  const loadColumns = [
    { head: 'target', get: (r) => r.label, left: true },
    { head: 'ops or req/s', get: (r) => f0(r.rps) },
    { head: 'p50 ms', get: (r) => f2(r.p50) },
    { head: 'p99 ms', get: (r) => f2(r.p99) },
    { head: 'non-2xx', get: (r) => (r.non2xx === undefined ? '–' : r.non2xx) },
    { head: 'errors', get: (r) => (r.errors === undefined ? '–' : r.errors) },
    { head: 'CPU ms/op', get: (r) => f2(r.cpu) },
    { head: 'foreign CPU', get: (r) => (Number.isFinite(r.foreign) ? `${f0(r.foreign)}%` : '–') },
  ];
  const loadRows = [];
  for (const [i, r] of rounds.entries()) {
    const tag = ROUNDS > 1 ? `[${i + 1}] ` : '';
    const c = r.counter;
    loadRows.push(
      { label: `${tag}counter alone: ${SHOPPERS} reserves at once, stock ${STOCK} (${c.burstFlash.granted} granted)`, rps: c.burstFlash.opsPerSec, p50: c.burstFlash.p50, p99: c.burstFlash.p99, cpu: c.burstFlash.cpu, foreign: NaN },
      { label: `${tag}counter alone: the same, each refusal followed by release() as the store does (${c.burstFlashRelease.granted} granted)`, rps: c.burstFlashRelease.opsPerSec, p50: c.burstFlashRelease.p50, p99: c.burstFlashRelease.p99, cpu: c.burstFlashRelease.cpu, foreign: NaN },
      { label: `${tag}counter alone: 5000 granted reserves, 64 in flight`, rps: c.burstGrant.opsPerSec, p50: c.burstGrant.p50, p99: c.burstGrant.p99, cpu: c.burstGrant.cpu, foreign: NaN },
      { label: `${tag}counter alone: 1 reserve per HTTP request, granted`, rps: c.httpGrant.rps, p50: c.httpGrant.p50, p99: c.httpGrant.p99, non2xx: c.httpGrant.non2xx, errors: c.httpGrant.errors, cpu: c.httpGrant.serverMsPerReq, foreign: c.httpGrant.foreignPct },
      { label: `${tag}counter alone: 1 reserve per HTTP request, refused`, rps: c.httpRefuse.rps, p50: c.httpRefuse.p50, p99: c.httpRefuse.p99, non2xx: c.httpRefuse.non2xx, errors: c.httpRefuse.errors, cpu: c.httpRefuse.serverMsPerReq, foreign: c.httpRefuse.foreignPct },
      { label: `${tag}add-to-cart, ${EXISTING_CARTS} existing carts (cookies rotated), ${cartSkuCount} SKUs rotated`, rps: r.cartExisting.rps, p50: r.cartExisting.p50, p99: r.cartExisting.p99, non2xx: r.cartExisting.non2xx, errors: r.cartExisting.errors, cpu: r.cartExisting.serverMsPerReq, foreign: r.cartExisting.foreignPct },
      { label: `${tag}add-to-cart, distinct carts (no cookie), ${cartSkuCount} SKUs rotated`, rps: r.cart.rps, p50: r.cart.p50, p99: r.cart.p99, non2xx: r.cart.non2xx, errors: r.cart.errors, cpu: r.cart.serverMsPerReq, foreign: r.cart.foreignPct },
      { label: `${tag}ceiling: one fresh SQLite Durable Object per request`, rps: r.ceilings.newDo.rps, p50: r.ceilings.newDo.p50, p99: r.ceilings.newDo.p99, non2xx: r.ceilings.newDo.non2xx, errors: r.ceilings.newDo.errors, cpu: r.ceilings.newDo.serverMsPerReq, foreign: r.ceilings.newDo.foreignPct },
      { label: `${tag}floor: one call per request to an existing Durable Object, no storage`, rps: r.ceilings.doPing.rps, p50: r.ceilings.doPing.p50, p99: r.ceilings.doPing.p99, non2xx: r.ceilings.doPing.non2xx, errors: r.ceilings.doPing.errors, cpu: r.ceilings.doPing.serverMsPerReq, foreign: r.ceilings.doPing.foreignPct },
      { label: `${tag}floor: the same call writing one SQLite row`, rps: r.ceilings.doWrite.rps, p50: r.ceilings.doWrite.p50, p99: r.ceilings.doWrite.p99, non2xx: r.ceilings.doWrite.non2xx, errors: r.ceilings.doWrite.errors, cpu: r.ceilings.doWrite.serverMsPerReq, foreign: r.ceilings.doWrite.foreignPct },
      { label: `${tag}ceiling: one D1 query per request`, rps: r.ceilings.oneQuery.rps, p50: r.ceilings.oneQuery.p50, p99: r.ceilings.oneQuery.p99, non2xx: r.ceilings.oneQuery.non2xx, errors: r.ceilings.oneQuery.errors, cpu: r.ceilings.oneQuery.serverMsPerReq, foreign: r.ceilings.oneQuery.foreignPct },
    );
  }
  if (wdev?.ok) {
    loadRows.push({
      label: `wrangler dev: add-to-cart, distinct carts (${WDEV_CART_DURATION} s)`,
      rps: wdev.cart.rps,
      p50: wdev.cart.p50,
      p99: wdev.cart.p99,
      non2xx: wdev.cart.non2xx,
      errors: wdev.cart.errors,
      cpu: wdev.cart.serverMsPerReq,
      foreign: wdev.cart.foreignPct,
    });
  }

  const checks = [
    { name: '0 oversold in every run (HTTP flash sales and the counter-alone flash bursts)', pass: allFlash.every((f) => f.oversold === 0) && agg.counterOversold === 0, value: `HTTP ${allFlash.map((f) => f.oversold).join(', ')}; counter alone ${rounds.map((r) => `${r.counter.burstFlash.oversold}/${r.counter.burstFlashRelease.oversold}`).join(', ')}` },
    { name: '0 5xx in every run', pass: allFlash.every((f) => f.fiveXX === 0 && f.network === 0) && agg.cart5xx === 0 && (!wdev?.ok || (wdev.cart.status['5xx'] ?? 0) === 0), value: `checkout 5xx ${allFlash.map((f) => f.fiveXX).join(', ')}; add-to-cart 5xx ${rounds.map((r) => r.cart.status['5xx'] ?? 0).join(', ')}${wdev?.ok ? `, wrangler dev ${wdev.cart.status['5xx'] ?? 0}` : ''}` },
    {
      name: `≥ ${TARGETS.reserveOps} reserve ops/s on one hot SKU — judged on the counter by itself: a Worker bound to the store's InventoryCounter calling reserve() concurrently (5,000 granted reserves, 64 in flight: every call writes)`,
      pass: agg.burstGrant >= TARGETS.reserveOps,
      value: `${f0(agg.burstGrant)} ops/s (median; the ${SHOPPERS}-at-once flash burst on stock ${STOCK}: ${f0(agg.burstFlash)} ops/s)`,
    },
    {
      name: `(stricter: one Worker invocation per reserve, autocannon ${CONNECTIONS} connections — locally the invocations share one workerd process and the 2 cores with the object)`,
      pass: agg.httpGrant >= TARGETS.reserveOps,
      value: `granted ${f0(agg.httpGrant)} ops/s, refused ${f0(agg.httpRefuse)} ops/s (medians) — ${agg.httpGrant >= TARGETS.reserveOps ? 'meets' : 'below'} ${TARGETS.reserveOps}`,
      info: true,
    },
    {
      name: `(whole path: POST /api/checkout reservations/s of the flash sale)`,
      pass: agg.rps >= TARGETS.reserveOps,
      value: `${f0(agg.rps)} reservations/s (median) — ${agg.rps >= TARGETS.reserveOps ? 'meets' : 'below'} ${TARGETS.reserveOps}`,
      info: true,
    },
    { name: `add-to-cart p99 ≤ ${TARGETS.cartP99} ms at ${CONNECTIONS} connections, existing carts (${EXISTING_CARTS}, cookies rotated)`, pass: agg.existingP99 <= TARGETS.cartP99, value: `${f2(agg.existingP99)} ms (median), ${f0(agg.existingRps)} req/s` },
    { name: `add-to-cart p99 ≤ ${TARGETS.cartP99} ms at ${CONNECTIONS} connections, a new cart (new Durable Object) per request`, pass: agg.cartP99 <= TARGETS.cartP99, value: `${f2(agg.cartP99)} ms (median), ${f0(agg.cartRps)} req/s` },
    {
      // What any request that consults a Durable Object gets here, in the same harness and run: add-to-cart
      // makes two such calls (the SKU's counter, then the cart, which writes), so its p99 cannot be lower.
      name: `(local floor at ${CONNECTIONS} connections: a bare Worker making ONE Durable Object call per request; add-to-cart makes two, one writing)`,
      pass: agg.doPingP99 <= TARGETS.cartP99,
      value:
        `p99 ${f1(agg.doPingP99)} ms for a call that touches nothing, ${f1(agg.doWriteP99)} ms when it writes one row ` +
        `(own workerd, medians); through the store's counter: ${f1(agg.httpRefuseP99)} ms refused, ${f1(agg.httpGrantP99)} ms granted; ` +
        `a fresh Durable Object per request ${f1(agg.newDoP99)} ms — ${agg.doPingP99 <= TARGETS.cartP99 ? 'under' : 'already over'} ${TARGETS.cartP99} ms`,
      info: true,
    },
  ];
  const doText = (c) => Object.entries(c).map(([k, v]) => `${k} ×${v}`).join(', ') || 'none';
  const tripsLines = trips
    ? [
        `add-to-cart, new cart: ${trips.addNew.trips} D1 round trips (${trips.addNew.statements} statements); Durable Object calls: ${doText(trips.addNew.doCalls)}; status ${trips.addNew.status}`,
        `checkout, granted: ${trips.winner.trips} D1 round trips (${trips.winner.statements} statements); Durable Object calls: ${doText(trips.winner.doCalls)}; + 1 Stripe API call; status ${trips.winner.status}`,
        `checkout, refused (out of stock): ${trips.loser.trips} D1 round trips (${trips.loser.statements} statements); Durable Object calls: ${doText(trips.loser.doCalls)}; status ${trips.loser.status}`,
      ]
    : ['(count failed)'];
  const bad = allFlash.some((f) => f.fiveXX > 0 || f.network > 0 || f.oversold > 0) || agg.counterOversold > 0 || agg.cart5xx > 0;
  return { agg, allFlash, flashColumns, loadColumns, loadRows, checks, tripsLines, bad };
}

/** Prints the tables, the medians, the round trips and the targets. @param {ReturnType<typeof flashReport>} report @param {any} wdev */
export function printFlashReport({ agg, allFlash, flashColumns, loadColumns, loadRows, checks, tripsLines }, wdev) {
  const flashText = textTableOf(flashColumns, allFlash);
  const loadText = textTableOf(loadColumns, loadRows);
  console.log('');
  console.log(`Flash sale: ${SHOPPERS} shoppers, one hot SKU with stock ${STOCK}, all checkouts at once (after adding to cart ${ADD_CONCURRENCY} at a time)`);
  console.log(flashText);
  console.log('');
  console.log(loadText);
  console.log('');
  console.log('Medians over rounds (Miniflare):');
  console.log(
    `  granted ${agg.granted}, out of stock ${agg.refused}, other ${agg.other}, 5xx ${agg.fiveXX}, oversold ${agg.oversold}; ` +
      `${f0(agg.rps)} reservations/s, p50 ${f1(agg.p50)} ms, p99 ${f1(agg.p99)} ms`,
  );
  console.log(
    `  counter alone: ${f0(agg.httpGrant)} reserve ops/s granted (HTTP, p99 ${f1(agg.httpGrantP99)} ms), ${f0(agg.httpRefuse)} refused; ` +
      `in one invocation ${f0(agg.burstGrant)} granted ops/s, flash burst ${f0(agg.burstFlash)} ops/s (${f2(agg.burstFlashCpu)} ms CPU/op; ` +
      `with the store's release-after-refusal ${f0(agg.burstFlashRelease)} ops/s, ${f2(agg.burstFlashReleaseCpu)} ms CPU/op)`,
  );
  console.log(
    `  add-to-cart (distinct carts): ${f0(agg.cartRps)} req/s, p50 ${f2(agg.cartP50)} ms, p99 ${f2(agg.cartP99)} ms, ${f2(agg.cartCpu)} ms workerd CPU/req; ` +
      `ceilings: a fresh Durable Object per request ${f0(agg.newDoRps)} req/s (p99 ${f2(agg.newDoP99)} ms, ${f2(agg.newDoCpu)} ms CPU), one D1 query ${f0(agg.oneQueryRps)} req/s`,
  );
  console.log('');
  console.log('D1 round trips and Durable Object calls per request (counting entries, batch = 1):');
  for (const l of tripsLines) console.log(`  ${l}`);
  if (wdev && !wdev.ok) console.log(`\nwrangler dev: ${wdev.message}`);
  console.log('');
  console.log('Targets:');
  for (const c of checks) console.log(`  ${c.info ? 'INFO' : c.pass ? 'PASS' : 'FAIL'}  ${c.name}: ${c.value}`);
}

/**
 * Appends the run's section to bench/RESULTS.md.
 * @param {ReturnType<typeof flashReport>} report
 * @param {{ wdev: any, machine: any, bundleText: string, seededInfo: string }} run
 */
export async function appendFlashResults({ agg, allFlash, flashColumns, loadColumns, loadRows, checks, tripsLines }, { wdev, machine, bundleText, seededInfo }) {

  const section = [
    sectionHeading('Flash sale', machine),
    '',
    commandLine(
      'bench:flash',
      `${SHOPPERS} shoppers, stock ${STOCK}, ${ROUNDS} round(s) on a fresh hot SKU each; ` +
        `add-to-cart ${DURATION} s (at most ${FRESH_DO_CAP} requests) × ${CONNECTIONS} connections after ${WARMUP} s warm-up; counter and ceiling runs ${COUNTER_DURATION} s; ${seededInfo}`,
      { withTmpdir: true },
    ),
    `- Bundle: ${bundleText} (\`wrangler deploy --dry-run\` of the working tree at the time of the run)`,
    `- State: throwaway persist dirs under ${stateDirInfo(tmpdir())}`,
    await machineLine(machine, ROOT, ['wrangler', 'miniflare', 'autocannon']),
    '',
    markdownTableOf(flashColumns, allFlash),
    '',
    markdownTableOf(loadColumns, loadRows),
    '',
    `Medians over ${ROUNDS} round(s) (Miniflare): granted ${agg.granted}, out of stock ${agg.refused}, other ${agg.other}, 5xx ${agg.fiveXX}, oversold ${agg.oversold}; ` +
      `**${f0(agg.rps)} reservations/s** through POST /api/checkout (p50 ${f1(agg.p50)} ms, p99 ${f1(agg.p99)} ms); ` +
      `counter alone **${f0(agg.httpGrant)} reserve ops/s** (one reserve per HTTP request, granted; refused ${f0(agg.httpRefuse)}; ` +
      `inside one invocation ${f0(agg.burstGrant)}; flash burst ${f0(agg.burstFlash)}, ${f0(agg.burstFlashRelease)} with the store's release-after-refusal); add-to-cart **${f0(agg.cartRps)} req/s, p99 ${f2(agg.cartP99)} ms** ` +
      `(${f2(agg.cartCpu)} ms workerd CPU/req; same-run ceilings: a fresh Durable Object per request ${f0(agg.newDoRps)} req/s, p99 ${f2(agg.newDoP99)} ms, ` +
      `${f2(agg.newDoCpu)} ms CPU; one D1 query ${f0(agg.oneQueryRps)} req/s).`,
    '',
    'D1 round trips and Durable Object calls per request (counting entries, batch = 1):',
    '',
    ...tripsLines.map((l) => `- ${l}`),
    ...(wdev && !wdev.ok ? ['', `wrangler dev: ${wdev.message}`] : []),
    '',
    'Targets:',
    '',
    ...checks.map((c) => `- ${c.info ? 'INFO' : c.pass ? 'PASS' : 'FAIL'} ${c.name}: ${c.value}`),
  ].join('\n');
  await appendResults(RESULTS, section);
  log(`appended results to ${RESULTS}`);
}
