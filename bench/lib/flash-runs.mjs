// What bench/flash-sale.mjs measures in each round: the flash sale through POST /api/checkout, the
// counter by itself, add-to-cart (new and existing carts) and the D1 round trips / Durable Object
// calls of each path.
import { setTimeout as sleep } from 'node:timers/promises';
import { bounded } from './bench.mjs';
import { addAllToCart } from './carts.mjs';
import { cpuDelta, snapshot } from './cpu.mjs';
import { emulatorSessions } from './emulator.mjs';
import { ADD_CONCURRENCY, CONNECTIONS, COUNTER_DURATION, DURATION, FRESH_DO_CAP, FRESH_DO_WARMUP_CAP, log, PHASE_TIMEOUT_MS, SHOPPERS, STOCK, WARMUP } from './flash-settings.mjs';
import { Http } from './http.mjs';
import { measure } from './measure.mjs';
import { f0, f1, f2 } from './report.mjs';
import { benchShopper } from './bench-shopper.mjs';
import { shopperIp } from './shopper.mjs';
import { pct, statusClass } from './stats.mjs';
import { DO_CALLS_HEADER } from './store-workers.mjs';
import { ROUND_TRIPS_HEADER, STATEMENTS_HEADER } from './workers.mjs';

/**
 * One flash sale: N shoppers add `hot` (phase 1, ADD_CONCURRENCY at a time), then all N checkouts at
 * once (phase 2). `server()` → CPU parts for the phase-2 CPU accounting.
 */
export async function flashSale({ base, api, hot, round, server, emulatorUrl, secretKey, label }) {
  await api.setStock(hot, STOCK);
  const shoppers = Array.from({ length: SHOPPERS }, (_, i) => benchShopper(base, shopperIp(round, i), `flash-${round}-${i}@bench.test`));
  const p1 = performance.now();
  const { adds, retries: addRetries } = await addAllToCart(shoppers, hot, {
    concurrency: ADD_CONCURRENCY,
    timeoutMs: PHASE_TIMEOUT_MS,
    what: `${label} phase 1 (add to cart)`,
    onRetry: (r) => log(`  ↳ ${label}: add-to-cart network failure (${r.text}); retrying`),
  });
  const addSeconds = (performance.now() - p1) / 1000;
  const addFailed = adds.filter((a) => a.status !== 200);
  if (addFailed.length > 0) log(`  ↳ ${label}: ${addFailed.length} add-to-cart failures, e.g. ${addFailed[0].status} ${addFailed[0].text.slice(0, 200)}`);
  const ready = shoppers.filter((s) => s.cookie);

  await sleep(200);
  const before = snapshot(server);
  const answers = await bounded(`${label} phase 2 (checkouts)`, PHASE_TIMEOUT_MS, () => Promise.all(ready.map((s) => s.checkout())));
  const after = snapshot(server);
  const tStart = Math.min(...answers.map((a) => a.t0));
  const tEnd = Math.max(...answers.map((a) => a.t1));
  const seconds = (tEnd - tStart) / 1000;
  const cpu = cpuDelta(before, after, answers.length, 0);

  const granted = answers.filter((a) => a.status === 201);
  const refused = answers.filter((a) => a.status === 409 && a.body?.error?.code === 'out_of_stock');
  const other = answers.filter((a) => a.status !== 201 && !(a.status === 409 && a.body?.error?.code === 'out_of_stock'));
  const byStatus = {};
  for (const a of answers) byStatus[statusClass(a.status)] = (byStatus[statusClass(a.status)] ?? 0) + 1;
  const otherKinds = {};
  for (const a of other) {
    const k = `${a.status} ${a.body?.error?.code ?? a.body?.error ?? ''}${a.body?.error?.message ? `: ${a.body.error.message}` : ''}`.trim();
    otherKinds[k] = (otherKinds[k] ?? 0) + 1;
  }

  const stock = await api.stock(hot);
  const committed = stock.committed ?? Math.max(0, STOCK - stock.onHand);
  const oversold = Math.max(0, granted.length - STOCK, stock.reserved + committed - STOCK, -stock.onHand);
  let sessions = null;
  if (emulatorUrl) {
    try {
      const found = await emulatorSessions(emulatorUrl, secretKey, granted.map((a) => a.body.orderId));
      sessions = found.length;
    } catch (err) {
      log(`  ↳ could not list emulator sessions: ${err.message}`);
    }
  }
  const withUrl = granted.filter((a) => /\/c\/pay\/cs_/.test(a.body?.checkoutUrl ?? '')).length;
  const r = {
    label,
    shoppers: SHOPPERS,
    ready: ready.length,
    addFailed: addFailed.length,
    addRetries,
    addSeconds,
    granted: granted.length,
    refused: refused.length,
    other: other.length,
    otherKinds,
    fiveXX: byStatus['5xx'] ?? 0,
    network: byStatus.network ?? 0,
    oversold,
    reserved: stock.reserved,
    committed,
    onHand: stock.onHand,
    holdsMatch: stock.reserved === granted.length,
    sessions,
    withUrl,
    seconds,
    rps: (granted.length + refused.length) / seconds,
    p50: pct(answers.map((a) => a.ms), 50),
    p99: pct(answers.map((a) => a.ms), 99),
    winP50: pct(granted.map((a) => a.ms), 50),
    winP99: pct(granted.map((a) => a.ms), 99),
    loseP50: pct(refused.map((a) => a.ms), 50),
    loseP99: pct(refused.map((a) => a.ms), 99),
    cpuPerCheckout: cpu.partsMsPerReq?.workerd ?? cpu.partsMsPerReq?.total ?? cpu.serverMsPerReq,
    emulatorCpuPerCheckout: cpu.partsMsPerReq?.emulator,
    foreignPct: cpu.foreignPct,
  };
  log(
    `${label}: ${r.granted} granted, ${r.refused} out of stock, ${r.other} other ${JSON.stringify(otherKinds)}, 5xx ${r.fiveXX}, ` +
      `oversold ${r.oversold} (counter onHand ${r.onHand} reserved ${r.reserved} committed ${r.committed}; sessions ${sessions ?? '?'}); ` +
      `${f0(r.rps)} reservations/s over ${f2(seconds)} s, p50 ${f1(r.p50)} ms p99 ${f1(r.p99)} ms ` +
      `(winners p50 ${f1(r.winP50)} / p99 ${f1(r.winP99)}, refused p50 ${f1(r.loseP50)} / p99 ${f1(r.loseP99)}); ` +
      `CPU/checkout ${f2(r.cpuPerCheckout)} ms, foreign ${f0(r.foreignPct)}%`,
  );
  return r;
}

/** The counter by itself, through the counter-bench Worker. */
export async function counterBench(benchUrl, round, serverCpu) {
  const get = async (path) => {
    const t0 = performance.now();
    const res = await fetch(benchUrl + path, { signal: AbortSignal.timeout(120_000) });
    const text = await res.text();
    if (!res.ok) throw new Error(`counter-bench ${path} → ${res.status} ${text.slice(0, 300)}`);
    return { ms: performance.now() - t0, body: JSON.parse(text.startsWith('{') ? text : JSON.stringify(text)) };
  };
  const out = {};
  // (a) the flash sale on the counter alone: N reserves at once, stock STOCK.
  const flashSku = `BENCH-FLASH-${round}`;
  await get(`/set?sku=${flashSku}&n=${STOCK}`);
  let c0 = serverCpu();
  const b1 = await get(`/burst?sku=${flashSku}&n=${SHOPPERS}&c=${SHOPPERS}`);
  const b1Cpu = (serverCpu() - c0) / SHOPPERS;
  const s1 = (await get(`/snapshot?sku=${flashSku}`)).body;
  out.burstFlash = { ...b1.body, cpu: b1Cpu, wallMs: b1.ms, opsPerSec: SHOPPERS / (b1.ms / 1000), oversold: Math.max(0, b1.body.granted - STOCK, s1.reserved - STOCK) };
  // (a') the same, the way the store's reserveAll() does it: each refused reserve followed by release().
  const flashSku2 = `BENCH-FLASH-REL-${round}`;
  await get(`/set?sku=${flashSku2}&n=${STOCK}`);
  c0 = serverCpu();
  const b1r = await get(`/burst?sku=${flashSku2}&n=${SHOPPERS}&c=${SHOPPERS}&release=1`);
  const b1rCpu = (serverCpu() - c0) / SHOPPERS;
  const s1r = (await get(`/snapshot?sku=${flashSku2}`)).body;
  out.burstFlashRelease = {
    ...b1r.body,
    cpu: b1rCpu,
    wallMs: b1r.ms,
    opsPerSec: SHOPPERS / (b1r.ms / 1000),
    oversold: Math.max(0, b1r.body.granted - STOCK, s1r.reserved - STOCK),
  };
  // (b) all granted (the write path): 5,000 reserves, 64 in flight, inside one invocation.
  const grantSku = `BENCH-GRANT-${round}`;
  await get(`/set?sku=${grantSku}&n=1000000000`);
  c0 = serverCpu();
  const b2 = await get(`/burst?sku=${grantSku}&n=5000&c=64`);
  out.burstGrant = { ...b2.body, cpu: (serverCpu() - c0) / 5000, wallMs: b2.ms, opsPerSec: 5000 / (b2.ms / 1000) };
  // (c) one reserve per HTTP request (autocannon, CONNECTIONS), granted path and refused path.
  const httpSku = `BENCH-HTTP-${round}`;
  await get(`/set?sku=${httpSku}&n=1000000000`);
  out.httpGrant = await measure(
    { url: benchUrl, paths: [`/reserve?sku=${httpSku}`], connections: CONNECTIONS, warmup: 1, duration: COUNTER_DURATION },
    serverCpu,
  );
  const emptySku = `BENCH-EMPTY-${round}`;
  await get(`/set?sku=${emptySku}&n=0`);
  out.httpRefuse = await measure(
    { url: benchUrl, paths: [`/reserve?sku=${emptySku}`], connections: CONNECTIONS, warmup: 1, duration: COUNTER_DURATION },
    serverCpu,
  );
  const sg = (await get(`/snapshot?sku=${httpSku}`)).body;
  out.httpGrant.holds = sg.reservations;
  log(
    `counter alone: flash burst ${SHOPPERS} at once → ${out.burstFlash.granted} granted / ${out.burstFlash.refused} refused in ${f0(b1.ms)} ms ` +
      `(${f0(out.burstFlash.opsPerSec)} ops/s, oversold ${out.burstFlash.oversold}); grant burst 5000×64 in flight ${f0(out.burstGrant.opsPerSec)} ops/s; ` +
      `HTTP /reserve ×${CONNECTIONS}: granted ${f0(out.httpGrant.rps)} ops/s p99 ${f1(out.httpGrant.p99)} ms (${f2(out.httpGrant.serverMsPerReq)} ms CPU), ` +
      `refused ${f0(out.httpRefuse.rps)} ops/s p99 ${f1(out.httpRefuse.p99)} ms (${f2(out.httpRefuse.serverMsPerReq)} ms CPU); non-2xx ${out.httpGrant.non2xx + out.httpRefuse.non2xx}`,
  );
  return out;
}

/** Add-to-cart for distinct carts: autocannon, no cookie (a fresh cart per request), rotating SKUs. */
export async function cartBench(base, skus, serverCpu, { warmup = WARMUP, duration = DURATION } = {}) {
  const bodies = skus.map((sku) => JSON.stringify({ sku, quantity: 1 }));
  return measure(
    {
      url: base,
      paths: ['/api/cart/items'],
      method: 'POST',
      bodies,
      headers: { 'content-type': 'application/json' },
      connections: CONNECTIONS,
      warmup,
      duration,
      warmupMaxRequests: FRESH_DO_WARMUP_CAP,
      maxRequests: FRESH_DO_CAP,
    },
    serverCpu,
  );
}

/** Carts that exist before the measurement; their Durable Objects are made in set-up, not measured. */
export const EXISTING_CARTS = 128;

/**
 * Add-to-cart for distinct, existing carts: EXISTING_CARTS shoppers each made a cart in set-up; the
 * load rotates over their cookies and over the SKUs, so every request grows some shopper's own cart
 * (what a store sees all day) and no request pays for creating a Durable Object.
 */
export async function existingCartBench(base, skus, serverCpu) {
  const shoppers = Array.from({ length: EXISTING_CARTS }, (_, i) => benchShopper(base, `198.51.100.${i % 250}`, `c${i}@bench.test`));
  await addAllToCart(shoppers, skus[0], { concurrency: 8, timeoutMs: 120_000, what: 'existing carts set-up' });
  const cookies = shoppers.map((s) => s.cookie).filter(Boolean);
  if (cookies.length < EXISTING_CARTS) throw new Error(`only ${cookies.length} of ${EXISTING_CARTS} carts were created`);
  return measure(
    {
      url: base,
      paths: ['/api/cart/items'],
      method: 'POST',
      bodies: skus.map((sku) => JSON.stringify({ sku, quantity: 1 })),
      cookies,
      headers: { 'content-type': 'application/json' },
      connections: CONNECTIONS,
      warmup: WARMUP,
      duration: DURATION,
    },
    serverCpu,
  );
}

/** D1 round trips of each path, through the counting store worker (own DO namespaces, same D1). */
export async function countRoundTrips(countUrl, adminToken) {
  const api = new Http(countUrl, { adminToken });
  const sku = (await api.json('/api/products?limit=1')).data.items[0].variants[0].sku;
  await api.setStock(sku, 1);
  const a = benchShopper(countUrl, '10.250.0.1', 'count-a@bench.test');
  const b = benchShopper(countUrl, '10.250.0.2', 'count-b@bench.test');
  const trips = async (fn) => {
    const r = await fn();
    let doCalls = {};
    try {
      doCalls = JSON.parse(r.headers?.get(DO_CALLS_HEADER) ?? '{}');
    } catch {}
    return { status: r.status, trips: Number(r.headers?.get(ROUND_TRIPS_HEADER)), statements: Number(r.headers?.get(STATEMENTS_HEADER)), doCalls };
  };
  const out = {};
  out.addNew = await trips(() => a.addToCart(sku));
  out.addNew2 = await trips(() => b.addToCart(sku));
  out.winner = await trips(() => a.checkout());
  out.loser = await trips(() => b.checkout());
  return out;
}
