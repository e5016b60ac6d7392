// Where the store's CPU goes on one route: `npm run bench:profile -- <scenario>`.
//
// Starts the store in the same Miniflare harness as bench:flash (the production bundle of `wrangler
// deploy --dry-run`; frames are named through its source map), puts autocannon on one scenario for
// BENCH_DURATION seconds at BENCH_CONNECTIONS, and records a V8 CPU profile of the store's isolate (the Worker and its
// Durable Objects share it) through workerd's inspector. Prints self time by function and by source
// area (hono, zod, drizzle, our worker/, durable-objects/, runtime natives), and writes the raw
// .cpuprofile (open it in Chrome DevTools → Performance) to BENCH_PROFILE_OUT (default:
// <os.tmpdir()>/edgefront-<scenario>.cpuprofile; the path is printed). A profile slows the isolate: read shares, not req/s.
//
// Scenarios: cart (add-to-cart, 128 existing carts), page (product page, edge cache off), api
// (/api/products?limit=24, edge cache off), cached (product page, edge cache on).
//
// Env: BENCH_DURATION (s, 8), BENCH_CONNECTIONS (32), BENCH_PRODUCTS (40), BENCH_PROFILE_OUT, BENCH_TOP (30).
import { readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { SourceMap } from 'node:module';
import { join } from 'node:path';
import WebSocket from 'ws';
import { seedStock } from '../scripts/seed-stock.mjs';
import { settledBands } from './lib/data.mjs';
import { runLoad } from './lib/load.mjs';
import {
  addAllToCart,
  benchLog,
  benchSecrets,
  benchTmpDir,
  bundleStore,
  envNumber,
  freePort,
  Http,
  installCleanupHandlers,
  pool,
  ROOT,
  runBench,
  seedStore,
  benchShopper,
  startMiniflare,
} from './lib/store-harness.mjs';

const DURATION = envNumber('BENCH_DURATION', 8);
const CONNECTIONS = Math.max(1, Math.round(envNumber('BENCH_CONNECTIONS', 32)));
const PRODUCTS = Math.max(5, Math.round(envNumber('BENCH_PRODUCTS', 40)));
const TOP = Math.max(5, Math.round(envNumber('BENCH_TOP', 30)));
const SCENARIOS = ['cart', 'page', 'api', 'cached'];
const scenario = process.argv[2] ?? 'cart';
const log = benchLog('profile');

/** A minimal Chrome DevTools Protocol client over one WebSocket. */
async function cdp(url) {
  const ws = new WebSocket(url);
  await new Promise((resolve, reject) => {
    ws.once('open', resolve);
    ws.once('error', reject);
  });
  let id = 0;
  const pending = new Map();
  ws.on('message', (data) => {
    const msg = JSON.parse(data.toString());
    if (msg.id && pending.has(msg.id)) {
      const { resolve, reject } = pending.get(msg.id);
      pending.delete(msg.id);
      if (msg.error) reject(new Error(`${msg.error.message}`));
      else resolve(msg.result);
    }
  });
  return {
    send: (method, params = {}) =>
      new Promise((resolve, reject) => {
        const n = ++id;
        pending.set(n, { resolve, reject });
        ws.send(JSON.stringify({ id: n, method, params }));
      }),
    close: () => ws.close(),
  };
}

/** Where a bundle position came from, through the bundle's source map: { source, line, area }. */
function sourceMapper(mapText) {
  const map = new SourceMap(JSON.parse(mapText));
  const cache = new Map();
  return (line, column) => {
    const key = `${line}:${column}`;
    let hit = cache.get(key);
    if (!hit) {
      const e = /** @type {any} */ (map.findEntry(line, column));
      const source = (e?.originalSource ?? '?').replace(/^(?:\.\.\/)+/, '').replace(ROOT.slice(1) + '/', '');
      const nm = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(source);
      // drizzle-orm's own maps name its sources `../../src/…` from inside its package, which resolves to
      // node_modules/src/…: no other package in the bundle does, so that area is drizzle's.
      const pkg = nm?.[1] === 'src' ? 'drizzle-orm' : nm?.[1];
      const area = pkg ?? source.split('/').slice(0, source.startsWith('worker/') ? 2 : 1).join('/');
      hit = { source, line: (e?.originalLine ?? -1) + 1, area, name: e?.name };
      cache.set(key, hit);
    }
    return hit;
  };
}

function summarize(profile, mapText) {
  const mapped = sourceMapper(mapText);
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const selfSamples = new Map();
  for (const s of profile.samples) selfSamples.set(s, (selfSamples.get(s) ?? 0) + 1);
  const total = profile.samples.length;
  const byFn = new Map();
  const byArea = new Map();
  for (const [id, count] of selfSamples) {
    const { functionName, url, lineNumber, columnNumber } = byId.get(id).callFrame;
    let area;
    let key;
    if (!url || !url.includes('index.js')) {
      area = functionName.startsWith('(') ? functionName : `(runtime) ${url.split('/').pop() || 'native'}`;
      key = `${functionName || '(anonymous)'} [${area}]`;
    } else {
      const m = mapped(lineNumber, columnNumber);
      area = m.area;
      key = `${m.name ?? functionName ?? '(anonymous)'} [${m.source}:${m.line}]`;
    }
    byFn.set(key, (byFn.get(key) ?? 0) + count);
    byArea.set(area, (byArea.get(area) ?? 0) + count);
  }
  const pct = (c) => `${((c / total) * 100).toFixed(1).padStart(5)}%`;
  const top = (m, n) => [...m].sort((a, b) => b[1] - a[1]).slice(0, n);
  console.log(`\n${total} samples; self time by area (source map of the bundle):`);
  for (const [k, c] of top(byArea, 25)) console.log(`  ${pct(c)}  ${k}`);
  console.log(`\nself time by function (top ${TOP}):`);
  for (const [k, c] of top(byFn, TOP)) console.log(`  ${pct(c)}  ${k}`);
}

async function main() {
  if (!SCENARIOS.includes(scenario)) throw new Error(`scenario must be one of ${SCENARIOS.join(', ')}`);
  installCleanupHandlers();
  const tmp = await benchTmpDir('edgefront-profile-');
  const bundle = await bundleStore(ROOT, join(tmp, 'bundle'));
  const secrets = await benchSecrets(ROOT);
  const inspectorPort = await freePort();
  const h = await startMiniflare({
    root: ROOT,
    bundle,
    tmp,
    secrets,
    inspectorPort,
    vars: { EDGE_CACHE: scenario === 'cached' ? 'on' : 'off' },
    log,
  });
  const seeded = await seedStore(h.mf, 'store', ROOT, PRODUCTS);
  const base = h.url.store;
  const api = new Http(base, { adminToken: secrets.ADMIN_TOKEN });
  let spec;
  if (scenario === 'cart') {
    const skus = seeded.skus.slice(0, 100);
    await pool(skus.length, 16, (i) => api.setStock(skus[i], 1_000_000_000));
    const shoppers = Array.from({ length: 128 }, (_, i) => benchShopper(base, `198.51.100.${i}`, `p${i}@bench.test`));
    await addAllToCart(shoppers, skus[0], { concurrency: 8, timeoutMs: 120_000, what: 'carts' });
    spec = {
      paths: ['/api/cart/items'],
      method: 'POST',
      bodies: skus.map((sku) => JSON.stringify({ sku, quantity: 1 })),
      cookies: shoppers.map((s) => s.cookie),
      headers: { 'content-type': 'application/json' },
    };
  } else if (scenario === 'api') {
    spec = { paths: ['/api/products?limit=24'] };
  } else {
    // A stocked store, as `npm run dev` seeds it: a page's bands then come from D1 once the hint
    // queue has delivered them, not from one counter call per variant.
    await seedStock(base, secrets.ADMIN_TOKEN, { force: true });
    await settledBands(await h.mf.getD1Database('DB', 'store'));
    const slugs = seeded.catalog.products.map((p) => p.slug);
    spec = { paths: scenario === 'cached' ? [`/products/${slugs[0]}`] : slugs.map((s) => `/products/${s}`) };
  }
  const targets = await (await fetch(`http://127.0.0.1:${inspectorPort}/json/list`)).json();
  const target = targets.find((t) => t.id?.endsWith(':store') || t.title?.includes('store'));
  if (!target) throw new Error(`no inspector target for the store: ${JSON.stringify(targets)}`);
  log(`inspector target ${target.id ?? target.title}`);
  const dbg = await cdp(target.webSocketDebuggerUrl);
  await dbg.send('Profiler.enable');
  await dbg.send('Profiler.setSamplingInterval', { interval: 100 });
  const result = await runLoad(
    { url: base, connections: CONNECTIONS, warmup: 2, duration: DURATION, ...spec },
    { onMeasure: () => dbg.send('Profiler.start') },
  );
  const { profile } = await dbg.send('Profiler.stop');
  dbg.close();
  log(`${scenario}: ${Math.round(result.rps)} req/s p50 ${result.p50.toFixed(1)} ms p99 ${result.p99.toFixed(1)} ms non-2xx ${result.non2xx} (profiler on)`);
  const out = process.env.BENCH_PROFILE_OUT || join(tmpdir(), `edgefront-${scenario}.cpuprofile`);
  await writeFile(out, JSON.stringify(profile));
  log(`profile written to ${out}`);
  summarize(profile, await readFile(join(bundle.outdir, 'index.js.map'), 'utf8'));
  return 0;
}

runBench(main, log);
