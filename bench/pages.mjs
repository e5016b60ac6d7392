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
import { join } from 'node:path';
import { groupCpuMs, rssMiB } from './lib/cpu.mjs';
import { applyMigrations, seedCatalog } from './lib/data.mjs';
import { appendResults, commandLine, f0, f2, machineInfo, machineLine, markdownTable, median, sectionHeading, textTable } from './lib/report.mjs';
import {
  benchLog,
  benchSecrets,
  benchTmpDir,
  bundleStore,
  envNumber,
  installCleanupHandlers,
  launchMiniflare,
  measure,
  onCleanup,
  onExitSync,
  RESULTS,
  ROOT,
  runBench,
  storeConfig,
} from './lib/store-harness.mjs';
import { benchWranglerDev } from './lib/wrangler-dev.mjs';
import {
  BARE_WORKER,
  COUNTING_ENTRY,
  NOLOG_ENTRY,
  ONE_QUERY_WORKER,
  REPLAY_SQL_WORKER,
  ROUND_TRIPS_HEADER,
  SQL_HEADER,
  STATEMENTS_HEADER,
} from './lib/workers.mjs';

const DURATION = envNumber('BENCH_DURATION', 10);
const CONNECTIONS = Math.max(1, Math.round(envNumber('BENCH_CONNECTIONS', 32)));
const WARMUP = envNumber('BENCH_WARMUP', 2);
const REPEATS = Math.max(1, Math.round(envNumber('BENCH_REPEATS', 1)));
const PRODUCTS = Math.max(1, Math.round(envNumber('BENCH_PRODUCTS', 520)));
const DIAG = process.env.BENCH_DIAG === '1';
const DIAG_DURATION = Math.min(DURATION, 4);
const DIAG_WARMUP = Math.min(WARMUP, 1);
const WRANGLER_DEV = process.env.BENCH_WRANGLER_DEV !== '0';
const ASSETS_ROUTER = process.env.BENCH_ASSETS_ROUTER === '1';
const WRANGLER_DEV_DURATION = 5;
const COUNT_SAMPLES = 10;
const GZIP_TARGET_KIB = 250;
/** A listing with two facets and a sort: one D1 batch (items, total, every facet's counts) when uncached. */
const FACETED = '/products?size=M&colour=Navy&sort=price_asc';

const log = benchLog('bench');

// Miniflare, wrangler dev's process group, load children and the temp dir are ended on exit and on signals.
installCleanupHandlers();

async function main() {
  const tmp = await benchTmpDir('edgefront-bench-');
  const machine = machineInfo();
  log(
    `node ${machine.node}, ${machine.nproc} cpu (${machine.cpu}), ${machine.memGiB} GiB; ` +
      `duration ${DURATION}s, warm-up ${WARMUP}s, ${CONNECTIONS} connections, repeats ${REPEATS}`,
  );

  // 1. Bundle ---------------------------------------------------------------------------------
  const outdir = join(tmp, 'bundle');
  const size = await bundleStore(ROOT, outdir);
  const gzipKiB = size.gzip / 1024;
  log(
    `bundle: ${size.files.join(', ')} ${(size.raw / 1024).toFixed(1)} KiB raw, ${gzipKiB.toFixed(1)} KiB gzip` +
      (size.wranglerReported ? ` (wrangler: ${size.wranglerReported.raw} / ${size.wranglerReported.gzip} KiB)` : ''),
  );

  // 2. Miniflare: one workerd, all workers ------------------------------------------------------
  const { workerOptions, bindings: baseBindings, queueConsumers, storeOptions } = storeConfig(ROOT, await benchSecrets(ROOT));
  const bundleModules = size.modules;
  const entryFile = (name, contents) => ({ type: 'ESModule', path: join(outdir, `${name}.mjs`), contents });
  const direct = [{ host: '127.0.0.1', port: 0 }];
  // The store's logger honours LOG_LEVEL=warn (no per-request access line); older bundles do not, and then
  // an entry module that makes console.log a no-op stands in.
  const hasLogLevel = bundleModules.some((m) => m.contents.includes('LOG_LEVEL'));
  const store = (name, edgeCache, entry, { assets = true, vars = {} } = {}) => ({
    ...storeOptions,
    ...(assets ? {} : { assets: undefined }),
    // A queue may have only one consumer per instance: the first store worker keeps wrangler.toml's.
    ...(name === 'store-on' ? { queueConsumers } : {}),
    name,
    bindings: { ...baseBindings, EDGE_CACHE: edgeCache, ...vars },
    modulesRoot: outdir,
    modules: entry ? [entryFile(`${name}-entry`, entry), ...bundleModules] : bundleModules,
    unsafeDirectSockets: direct,
  });
  const workers = [
    store('store-on', 'on', undefined, { assets: ASSETS_ROUTER }),
    store('store-off', 'off', undefined, { assets: ASSETS_ROUTER }),
    // The same store recording no business events (TELEMETRY=off): what telemetry costs, same run.
    store('quiet-on', 'on', undefined, { assets: ASSETS_ROUTER, vars: { TELEMETRY: 'off' } }),
    store('quiet-off', 'off', undefined, { assets: ASSETS_ROUTER, vars: { TELEMETRY: 'off' } }),
    store('count-on', 'on', COUNTING_ENTRY),
    store('count-off', 'off', COUNTING_ENTRY),
    {
      name: 'bare',
      modules: true,
      script: BARE_WORKER,
      compatibilityDate: workerOptions.compatibilityDate,
      compatibilityFlags: workerOptions.compatibilityFlags,
      unsafeDirectSockets: direct,
    },
    ...(DIAG
      ? [
          // The bare worker behind the same assets router the store has (public/, wrangler's router config).
          {
            name: 'bare-assets',
            modules: true,
            script: BARE_WORKER,
            compatibilityDate: workerOptions.compatibilityDate,
            compatibilityFlags: workerOptions.compatibilityFlags,
            assets: workerOptions.assets,
            unsafeDirectSockets: direct,
          },
          // The store with the socket straight on the Worker (no assets router), with and without console.log.
          store('direct-on', 'on', undefined, { assets: false }),
          hasLogLevel
            ? store('direct-nolog-on', 'on', undefined, { assets: false, vars: { LOG_LEVEL: 'warn' } })
            : store('direct-nolog-on', 'on', NOLOG_ENTRY, { assets: false }),
          store('direct-off', 'off', undefined, { assets: false }),
          // Replays the uncached product page's own D1 statement, nothing else.
          {
            name: 'replay-sql',
            modules: true,
            script: REPLAY_SQL_WORKER,
            compatibilityDate: workerOptions.compatibilityDate,
            compatibilityFlags: workerOptions.compatibilityFlags,
            d1Databases: workerOptions.d1Databases,
            unsafeDirectSockets: direct,
          },
        ]
      : []),
    {
      name: 'one-query',
      modules: true,
      script: ONE_QUERY_WORKER,
      compatibilityDate: workerOptions.compatibilityDate,
      compatibilityFlags: workerOptions.compatibilityFlags,
      d1Databases: workerOptions.d1Databases,
      unsafeDirectSockets: direct,
    },
  ];

  // workerd's stdout carries the store's console.log access lines: drain them (cheaply) and count.
  const runtime = { stdoutBytes: 0, stdoutLines: 0, stderrTail: '', otherStdout: [] };
  const { mf, url, workerdPid, workerdCpuMs: workerdCpu, dispose: disposeMf, readyMs } = await launchMiniflare({
    workers,
    persistRoot: join(tmp, 'state', 'v3'),
    handleRuntimeStdio(stdout, stderr) {
      stdout.on('data', (b) => {
        runtime.stdoutBytes += b.length;
        for (let i = b.indexOf(10); i !== -1; i = b.indexOf(10, i + 1)) runtime.stdoutLines++;
        // Keep the last few lines that are not the store's own access log (workerd messages, errors).
        for (const line of b.toString().split('\n')) {
          if (line && !line.startsWith('{"level":"info","msg":"request"')) {
            runtime.otherStdout.push(`${new Date().toISOString().slice(11, 23)} ${line.slice(0, 300)}`);
            if (runtime.otherStdout.length > 20) runtime.otherStdout.shift();
          }
        }
      });
      stderr.on('data', (b) => (runtime.stderrTail = (runtime.stderrTail + b).slice(-4000)));
    },
  });
  log(`miniflare: ${workers.length} workers in one workerd, ready in ${readyMs} ms`);
  for (const w of workers) log(`  ${w.name.padEnd(15)} ${url[w.name]}`);

  // 3. Data --------------------------------------------------------------------------------------
  const db = await mf.getD1Database('DB', 'store-on');
  const mig = await applyMigrations(db, join(ROOT, 'migrations'));
  const catalog = await seedCatalog(db, ROOT, PRODUCTS);
  const kv = await mf.getKVNamespace('CONFIG', 'store-on');
  await kv.put('catalog:version', String(Date.now()));
  const count = await db.prepare('select count(*) as n from products').first();
  const slugs = catalog.products.map((p) => p.slug);
  const slug = slugs[0];
  log(
    `data: ${mig.statements} migration statements from ${mig.files.join(', ')}; ` +
      `seeded ${count.n} products, ${catalog.categories.length} categories`,
  );

  // Preflight: every target answers 200 with the expected cache status, search finds something.
  const fetchText = async (u) => {
    const res = await fetch(u);
    return { res, body: await res.text() };
  };
  const problems = [];
  const expect = (cond, msg) => {
    if (!cond) problems.push(msg);
  };
  {
    let r = await fetchText(`${url['store-on']}/products/${slug}`);
    expect(r.res.status === 200, `cached page status ${r.res.status}`);
    r = await fetchText(`${url['store-on']}/products/${slug}`);
    expect(r.res.headers.get('x-cache') === 'HIT', `cached page x-cache=${r.res.headers.get('x-cache')} (want HIT)`);
    log(`preflight: /products/${slug} → ${r.res.status}, ${r.body.length} B, x-cache ${r.res.headers.get('x-cache')}`);
    r = await fetchText(`${url['store-off']}/products/${slugs[1] ?? slug}`);
    expect(r.res.status === 200, `uncached page status ${r.res.status}`);
    expect(r.res.headers.get('x-cache') === 'BYPASS', `uncached page x-cache=${r.res.headers.get('x-cache')}`);
    r = await fetchText(`${url['store-off']}/api/products?limit=24`);
    expect(r.res.status === 200 && JSON.parse(r.body).items?.length === 24, `api list: ${r.res.status} ${r.body.slice(0, 200)}`);
    log(`preflight: /api/products?limit=24 → ${r.res.status}, ${r.body.length} B`);
    r = await fetchText(`${url['store-off']}/api/products?q=hoodie&limit=24`);
    const hits = r.res.status === 200 ? (JSON.parse(r.body).items?.length ?? 0) : 0;
    expect(hits > 0, `search for hoodie found nothing: ${r.res.status} ${r.body.slice(0, 200)}`);
    log(`preflight: /api/products?q=hoodie&limit=24 → ${r.res.status}, ${hits} items, ${r.body.length} B`);
    r = await fetchText(`${url['one-query']}/`);
    expect(r.res.status === 200, `one-query worker: ${r.res.status} ${r.body}`);
  }
  if (problems.length) throw new Error(`preflight failed:\n  ${problems.join('\n  ')}\n${runtime.stderrTail}`);

  // 5. D1 round trips per route (counting entry; not under load) --------------------------------
  const countRoutes = [
    { label: 'product page, cached (EDGE_CACHE on)', worker: 'count-on', paths: [`/products/${slug}`], want: 0 },
    { label: 'product page, uncached', worker: 'count-off', paths: slugs.map((s) => `/products/${s}`), want: 1 },
    { label: '/api/products?limit=24, cached', worker: 'count-on', paths: ['/api/products?limit=24'], want: 0 },
    { label: '/api/products?limit=24, uncached', worker: 'count-off', paths: ['/api/products?limit=24'], want: 1 },
    { label: '/api/products?q=hoodie&limit=24, uncached', worker: 'count-off', paths: ['/api/products?q=hoodie&limit=24'], want: 1 },
    { label: '/api/search/suggest?q=hoo, cached', worker: 'count-on', paths: ['/api/search/suggest?q=hoo'], want: 0 },
    { label: '/api/products/:slug, uncached', worker: 'count-off', paths: slugs.map((s) => `/api/products/${s}`), want: 1 },
    { label: '/ (home), uncached', worker: 'count-off', paths: ['/'], want: 1 },
    { label: '/products (list page), uncached', worker: 'count-off', paths: ['/products'], want: 1 },
    { label: `${FACETED} (faceted list page), uncached`, worker: 'count-off', paths: [FACETED], want: 1 },
    { label: `${FACETED} (faceted list page), cached`, worker: 'count-on', paths: [FACETED], want: 0 },
    { label: `/api${FACETED} (faceted API), uncached`, worker: 'count-off', paths: [`/api${FACETED}`], want: 1 },
  ];
  const trips = [];
  let productSql = null;
  let apiSql = null;
  /** The first statement a counted answer ran (SQL_HEADER), with where the path's slug is bound (-1: none). */
  const capturedSql = (res, slug) => {
    try {
      const [stmt] = JSON.parse(decodeURIComponent(res.headers.get(SQL_HEADER) ?? ''));
      return stmt?.sql ? { ...stmt, slugIndex: slug === undefined ? -1 : stmt.params.indexOf(slug) } : null;
    } catch {
      return null;
    }
  };
  for (const route of countRoutes) {
    const seen = [];
    const stmts = [];
    const statuses = new Set();
    for (let i = 0; i <= COUNT_SAMPLES; i++) {
      const path = route.paths[i % route.paths.length];
      const res = await fetch(url[route.worker] + path);
      await res.arrayBuffer();
      statuses.add(res.status);
      seen.push(Number(res.headers.get(ROUND_TRIPS_HEADER)));
      stmts.push(Number(res.headers.get(STATEMENTS_HEADER)));
      if (route.label === 'product page, uncached') productSql ??= capturedSql(res, path.split('/').pop());
      if (route.label === '/api/products?limit=24, uncached') apiSql ??= capturedSql(res);
    }
    const steady = seen.slice(1);
    const row = {
      ...route,
      first: seen[0],
      steadyMin: Math.min(...steady),
      steadyMax: Math.max(...steady),
      steadyMean: steady.reduce((a, b) => a + b, 0) / steady.length,
      statements: Math.max(...stmts.slice(1)),
      statuses: [...statuses].join(','),
    };
    row.pass = row.steadyMax === route.want && row.steadyMin === route.want && [...statuses].every((s) => s === 200);
    trips.push(row);
  }

  // 4. Load -----------------------------------------------------------------------------------
  const targets = [
    { key: 'bare', label: 'bare ceiling', worker: 'bare', paths: ['/'] },
    { key: 'query', label: 'one-query ceiling', worker: 'one-query', paths: ['/'] },
    { key: 'pageCached', label: 'product page, cached', worker: 'store-on', paths: [`/products/${slug}`] },
    { key: 'pageUncached', label: 'product page, uncached', worker: 'store-off', paths: slugs.map((s) => `/products/${s}`) },
    { key: 'pageCachedQuiet', label: 'product page, cached, TELEMETRY=off', worker: 'quiet-on', paths: [`/products/${slug}`] },
    { key: 'pageUncachedQuiet', label: 'product page, uncached, TELEMETRY=off', worker: 'quiet-off', paths: slugs.map((s) => `/products/${s}`) },
    { key: 'apiUncached', label: '/api/products?limit=24, uncached', worker: 'store-off', paths: ['/api/products?limit=24'] },
    { key: 'apiCached', label: '/api/products?limit=24, cached', worker: 'store-on', paths: ['/api/products?limit=24'] },
    { key: 'search', label: '/api/products?q=hoodie, uncached', worker: 'store-off', paths: ['/api/products?q=hoodie&limit=24'] },
    { key: 'suggestCached', label: '/api/search/suggest?q=hoo, cached', worker: 'store-on', paths: ['/api/search/suggest?q=hoo'] },
    { key: 'facetedUncached', label: 'faceted list page (2 facets + sort), uncached', worker: 'store-off', paths: [FACETED] },
    { key: 'facetedCached', label: 'faceted list page (2 facets + sort), cached', worker: 'store-on', paths: [FACETED] },
    ...(DIAG
      ? [
          { key: 'bareAssets', label: '[diag] bare + assets router', worker: 'bare-assets', paths: ['/'], diag: true },
          { key: 'pageCachedDirect', label: '[diag] cached page, no assets router', worker: 'direct-on', paths: [`/products/${slug}`], diag: true },
          { key: 'pageCachedDirectNolog', label: `[diag] … and ${hasLogLevel ? 'LOG_LEVEL=warn' : 'no console.log'}`, worker: 'direct-nolog-on', paths: [`/products/${slug}`], diag: true },
          { key: 'pageUncachedDirect', label: '[diag] uncached page, no assets router', worker: 'direct-off', paths: slugs.map((s) => `/products/${s}`), diag: true },
          ...(productSql
            ? [
                {
                  key: 'productSql',
                  label: "[diag] product page's D1 query alone",
                  worker: 'replay-sql',
                  paths: slugs.map((s) => `/${encodeURIComponent(s)}`),
                  headers: { 'x-bench-sql': JSON.stringify(productSql) },
                  diag: true,
                },
              ]
            : []),
          ...(apiSql
            ? [
                {
                  key: 'apiSql',
                  label: "[diag] /api/products?limit=24's D1 query alone",
                  worker: 'replay-sql',
                  paths: ['/'],
                  headers: { 'x-bench-sql': JSON.stringify(apiSql) },
                  diag: true,
                },
              ]
            : []),
        ]
      : []),
  ];
  // BENCH_ONLY=key,key runs a subset (keys: bare, query, pageCached, pageUncached, apiUncached, apiCached,
  // search, suggestCached, bareAssets, pageCachedDirect, pageCachedDirectNolog, pageUncachedDirect, productSql, apiSql); skipped
  // targets show as "–".
  const only = process.env.BENCH_ONLY ? new Set(process.env.BENCH_ONLY.split(',').map((s) => s.trim())) : null;
  const selected = only ? targets.filter((t) => only.has(t.key)) : targets;
  const runs = Object.fromEntries(targets.map((t) => [t.key, []]));
  /** Waits (≤ 30 s) until the events table holds still for 1.5 s: { ms, cpuMs } spent waiting. */
  const drainEvents = async () => {
    const started = Date.now();
    const cpuBefore = workerdCpu();
    let last = -1;
    let stillSince = Date.now();
    let cpuAtLastChange = cpuBefore;
    while (Date.now() - started < 30_000) {
      const { n } = await db.prepare('select coalesce(max(rowid), 0) as n from events').first(); // O(1), unlike count(*)
      if (n !== last) {
        if (last !== -1) cpuAtLastChange = workerdCpu();
        last = n;
        stillSince = Date.now();
      } else if (Date.now() - stillSince >= 1_500) break;
      await new Promise((r) => setTimeout(r, 250));
    }
    // Charged: the CPU until the table last grew (storing); the still 1.5 s after it is idle workerd.
    return { ms: stillSince - started, cpuMs: cpuAtLastChange - cpuBefore };
  };
  await drainEvents();
  for (let rep = 1; rep <= REPEATS; rep++) {
    for (const t of selected) {
      const linesBefore = runtime.stdoutLines;
      const r = await measure(
        {
          url: url[t.worker],
          paths: t.paths,
          headers: t.headers,
          connections: CONNECTIONS,
          warmup: t.diag ? DIAG_WARMUP : WARMUP,
          duration: t.diag ? DIAG_DURATION : DURATION,
        },
        workerdCpu,
      );
      r.logLines = runtime.stdoutLines - linesBefore;
      // The events a phase recorded are stored by the EVENTS consumer in this same workerd, partly after
      // the load ends: wait until D1's events table stops growing and charge that CPU to the phase, so a
      // telemetry phase pays for its whole pipeline and the next phase for none of it.
      const drain = await drainEvents();
      r.drainMs = drain.ms;
      r.drainCpuMs = drain.cpuMs;
      if (Number.isFinite(r.serverMsPerReq) && r.requests > 0) r.serverMsPerReq += drain.cpuMs / r.requests;
      runs[t.key].push(r);
      log(
        `${REPEATS > 1 ? `[${rep}/${REPEATS}] ` : ''}${t.label.padEnd(38)} ${f0(r.rps).padStart(6)} req/s  ` +
          `p50 ${f2(r.p50)} ms  p99 ${f2(r.p99)} ms  non-2xx ${r.non2xx}  errors ${r.errors}  ` +
          `workerd ${r.serverMsPerReq?.toFixed(3)} ms CPU/req (${f0(r.drainCpuMs)} ms of it storing events over ${f0(r.drainMs)} ms after the load), ` +
          `${f0(rssMiB(workerdPid))} MiB RSS  foreign CPU ${f0(r.foreignPct)}%`,
      );
      if (r.errors + r.non2xx > 0) {
        log(`  ↳ errors ${JSON.stringify(r.errorKinds)}, timeouts ${r.timeouts}, status ${JSON.stringify(r.status)}`);
        if (runtime.stderrTail.trim()) log(`  ↳ workerd stderr (tail): ${runtime.stderrTail.trim().slice(-800)}`);
        if (runtime.otherStdout.length) log(`  ↳ workerd stdout, other than access lines (tail):\n      ${runtime.otherStdout.join('\n      ')}`);
      }
    }
  }

  const agg = {};
  const none = { rps: NaN, p50: NaN, p99: NaN, cpuPerReq: NaN, foreignPct: NaN };
  for (const key of ['bareAssets', 'pageCachedDirect', 'pageCachedDirectNolog', 'pageUncachedDirect', 'productSql', 'apiSql']) agg[key] = none;
  for (const t of targets) {
    const rs = runs[t.key];
    agg[t.key] = {
      label: t.label,
      rps: median(rs.map((r) => r.rps)),
      p50: median(rs.map((r) => r.p50)),
      p99: median(rs.map((r) => r.p99)),
      non2xx: rs.reduce((a, r) => a + r.non2xx, 0),
      errors: rs.reduce((a, r) => a + r.errors, 0),
      status: rs.map((r) => r.status),
      bytesPerReq: median(rs.map((r) => r.bytesPerReq)),
      cpuPerReq: median(rs.map((r) => r.serverMsPerReq)),
      foreignPct: median(rs.map((r) => r.foreignPct)),
      logLinesPerReq: median(rs.map((r) => r.logLines / Math.max(1, r.requests))),
    };
  }
  // A route against a ceiling: the median over repeats of the ratio within each repeat (the two loads
  // ran seconds apart), not one repeat's route over another's ceiling. On these 2 shared cores a
  // ceiling can collapse for one repeat (547 vs 906 req/s in one run) and take a ratio of medians
  // with it. cpuRatio* is the same pairing on workerd CPU per request (ceiling / route), which the
  // noise moves far less.
  const paired = (key, ceiling, f) => {
    const a = runs[key];
    const b = runs[ceiling];
    if (!a?.length || a.length !== b?.length) return NaN;
    return median(a.map((r, i) => f(r, b[i])));
  };
  for (const t of targets) {
    const a = agg[t.key];
    a.ratioBare = paired(t.key, 'bare', (r, c) => r.rps / c.rps);
    a.ratioQuery = paired(t.key, 'query', (r, c) => r.rps / c.rps);
    a.cpuRatioBare = paired(t.key, 'bare', (r, c) => c.serverMsPerReq / r.serverMsPerReq);
    a.cpuRatioQuery = paired(t.key, 'query', (r, c) => c.serverMsPerReq / r.serverMsPerReq);
    a.flag = a.non2xx > 0 || a.errors > 0;
  }

  // Done with the main instance before wrangler dev starts (it would compete for the 2 cores).
  await disposeMf();

  // 6. wrangler dev (reference) -----------------------------------------------------------------
  let wdev = null;
  if (WRANGLER_DEV) {
    try {
      wdev = await benchWranglerDev({
        root: ROOT,
        persistTo: join(tmp, 'wrangler-state'),
        slug,
        products: PRODUCTS,
        measure,
        groupCpuMs,
        connections: CONNECTIONS,
        warmup: WARMUP,
        duration: WRANGLER_DEV_DURATION,
        log,
        track: (kill) => {
          onCleanup(() => kill('SIGTERM'));
          onExitSync(() => kill('SIGKILL'));
        },
      });
    } catch (err) {
      wdev = { ok: false, message: `failed: ${err?.message ?? err}` };
    }
    if (wdev.ok) {
      const r = wdev.result;
      log(
        `wrangler dev: cached product page ${f0(r.rps)} req/s p50 ${f2(r.p50)} ms p99 ${f2(r.p99)} ms ` +
          `non-2xx ${r.non2xx} errors ${r.errors}, wrangler+workerd ${f2(r.serverMsPerReq)} ms CPU/req (${wdev.message})`,
      );
    } else log(`wrangler dev: skipped — ${wdev.message}`);
  }

  // 7. Report ----------------------------------------------------------------------------------
  const rows = selected.map((t) => agg[t.key]);
  /** "0.74× (repeats 0.72, 0.84, 1.42; CPU/req 0.70×)": the verdict's median and what it is made of. */
  const ratioText = (ratio, cpuRatio, route, ceiling) => {
    const each = route.length === ceiling.length ? route.map((r, i) => f2(r.rps / ceiling[i].rps)).join(', ') : '–';
    return `${f2(ratio)}× (median of same-repeat ratios: ${each}; on workerd CPU/req ${f2(cpuRatio)}×)`;
  };
  const checks = [
    {
      name: 'cached product page ≥ 0.7× bare ceiling',
      pass: agg.pageCached.ratioBare >= 0.7,
      value: ratioText(agg.pageCached.ratioBare, agg.pageCached.cpuRatioBare, runs.pageCached, runs.bare),
    },
    {
      name: 'uncached product page ≥ 0.7× one-query ceiling',
      pass: agg.pageUncached.ratioQuery >= 0.7,
      value: ratioText(agg.pageUncached.ratioQuery, agg.pageUncached.cpuRatioQuery, runs.pageUncached, runs.query),
    },
    {
      name: '/api/products (uncached) ≥ 0.7× one-query ceiling',
      pass: agg.apiUncached.ratioQuery >= 0.7,
      value: ratioText(agg.apiUncached.ratioQuery, agg.apiUncached.cpuRatioQuery, runs.apiUncached, runs.query),
    },
    // Telemetry's cost, same run (issue #10): each route against itself with TELEMETRY=off, paired per repeat.
    ...[
      ['cached', 'pageCached', 'pageCachedQuiet'],
      ['uncached', 'pageUncached', 'pageUncachedQuiet'],
    ]
      .filter(([, on, off]) => runs[on].length && runs[on].length === runs[off].length)
      .map(([what, on, off]) => {
        const rps = paired(on, off, (r, q) => r.rps / q.rps);
        const cpu = paired(on, off, (r, q) => q.serverMsPerReq / r.serverMsPerReq);
        return {
          name: `${what} product page with telemetry ≥ 0.95× TELEMETRY=off (req/s and workerd CPU/req)`,
          pass: rps >= 0.95 && cpu >= 0.95,
          value: ratioText(rps, cpu, runs[on], runs[off]),
        };
      }),
    { name: 'cached product page p99 ≤ 25 ms', pass: agg.pageCached.p99 <= 25, value: `${f2(agg.pageCached.p99)} ms` },
    { name: `bundle ≤ ${GZIP_TARGET_KIB} KiB gzip`, pass: gzipKiB <= GZIP_TARGET_KIB, value: `${gzipKiB.toFixed(1)} KiB` },
    {
      name: 'D1 round trips: 1 per uncached page/API request, 0 per cached',
      pass: trips.every((t) => t.pass),
      value: trips.filter((t) => !t.pass).map((t) => `${t.label}: ${t.steadyMin}–${t.steadyMax}`).join('; ') || 'all as expected',
    },
  ];
  const flagged = rows.filter((r) => r.flag);
  const noisy = rows.filter((r) => r.foreignPct > 15);

  const tripsLines = trips.map(
    (t) =>
      `${t.label}: ${t.steadyMean.toFixed(2)} (first request ${t.first}; SQL statements ≤ ${t.statements}; want ${t.want}) ${t.pass ? 'PASS' : 'FAIL'}`,
  );
  const diagLines = [];
  if (DIAG && Number.isFinite(agg.bareAssets.rps)) {
    const a = agg.bareAssets;
    diagLines.push(
      `assets router (Miniflare's, in front of every non-asset request): bare ${f2(agg.bare.cpuPerReq)} → ${f2(a.cpuPerReq)} ms workerd CPU/req, ` +
        `${f0(agg.bare.rps)} → ${f0(a.rps)} req/s (${f2(a.ratioBare)}× bare)`,
    );
    if (Number.isFinite(agg.pageCached.rps)) {
      diagLines.push(`cached product page vs bare-behind-the-same-router ceiling: ${f2(agg.pageCached.rps / a.rps)}×`);
    }
  }
  if (DIAG && Number.isFinite(agg.pageCachedDirect.rps)) {
    const d = agg.pageCachedDirect;
    diagLines.push(
      `cached product page without the router: ${f0(d.rps)} req/s (${f2(d.ratioBare)}× bare), p99 ${f2(d.p99)} ms, ${f2(d.cpuPerReq)} ms workerd CPU/req`,
    );
  }
  if (DIAG && Number.isFinite(agg.pageUncachedDirect.rps)) {
    diagLines.push(
      `uncached product page, workerd CPU/req: select 1 ${f2(agg.query.cpuPerReq)} ms; the page's own D1 query alone ` +
        `${f2(agg.productSql.cpuPerReq)} ms; whole page without the router ${f2(agg.pageUncachedDirect.cpuPerReq)} ms ` +
        `(${f0(agg.pageUncachedDirect.rps)} req/s, ${f2(agg.pageUncachedDirect.ratioQuery)}× one-query); with it ${f2(agg.pageUncached.cpuPerReq)} ms`,
    );
  }
  // Each uncached route against its own D1 statement replayed by a bare Worker (tiny answer, no
  // JavaScript of ours): how much of the distance to the one-query ceiling is the statement's own
  // weight in local D1 (its result crossing the binding) and how much is the store's code.
  for (const [sqlKey, routeKey] of [
    ['productSql', 'pageUncached'],
    ['apiSql', 'apiUncached'],
  ]) {
    const alone = agg[sqlKey];
    const route = agg[routeKey];
    if (!DIAG || !Number.isFinite(alone.rps) || !Number.isFinite(route.rps)) continue;
    diagLines.push(
      `${route.label}: its D1 statement alone ${f0(alone.rps)} req/s = ${f2(alone.rps / agg.query.rps)}× one-query ` +
        `(${f2(alone.cpuPerReq)} ms CPU/req vs select 1 ${f2(agg.query.cpuPerReq)}); the route ${f2(route.ratioQuery)}× ` +
        `(${f2(route.cpuPerReq)} ms) = ${f2(route.rps / alone.rps)}× its own statement`,
    );
  }
  if (productSql) {
    diagLines.push(
      `product page SQL (${productSql.method}, ${productSql.sql.length} chars): ${productSql.sql.replace(/\s+/g, ' ').slice(0, 160)}…`,
    );
  }
  if (DIAG && Number.isFinite(agg.pageCachedDirectNolog.rps)) {
    const d = agg.pageCachedDirect;
    const n = agg.pageCachedDirectNolog;
    diagLines.push(
      `access log (one JSON console.log line per request): ${f2(d.cpuPerReq)} → ${f2(n.cpuPerReq)} ms workerd CPU/req and ` +
        `${f0(d.rps)} → ${f0(n.rps)} req/s without it (${hasLogLevel ? 'LOG_LEVEL=warn' : 'console.log made a no-op'}; cached page, no router)`,
    );
  }
  const settings =
    `${DURATION} s × ${CONNECTIONS} connections after ${WARMUP} s warm-up, ${REPEATS} repeat(s)${REPEATS > 1 ? ' (medians)' : ''}, ` +
    `store ${ASSETS_ROUTER ? 'behind' : 'WITHOUT'} the assets router`;
  const wdevText = !WRANGLER_DEV
    ? 'skipped (BENCH_WRANGLER_DEV=0)'
    : wdev?.ok
      ? `cached product page ${f0(wdev.result.rps)} req/s, p50 ${f2(wdev.result.p50)} ms, p99 ${f2(wdev.result.p99)} ms, ` +
        `non-2xx ${wdev.result.non2xx}, errors ${wdev.result.errors}, ` +
        `${f2(wdev.result.serverMsPerReq)} ms CPU/req (wrangler + workerd), foreign CPU ${f0(wdev.result.foreignPct)}% ` +
        `(${WRANGLER_DEV_DURATION} s; ${f2(wdev.result.rps / agg.bare.rps)}× bare ceiling; ${wdev.message})`
      : `skipped: ${wdev?.message}`;
  const sizeText =
    `${(size.raw / 1024).toFixed(1)} KiB raw, ${gzipKiB.toFixed(1)} KiB gzip (zlib)` +
    (size.wranglerReported ? `; wrangler reports ${size.wranglerReported.raw} KiB / ${size.wranglerReported.gzip} KiB gzip` : '');
  const noisyText = noisy.length
    ? `NOISY: other processes used > 15% of the machine's CPU during: ${noisy.map((r) => `${r.label} (${f0(r.foreignPct)}%)`).join(', ')}; req/s are unreliable there, CPU/req less so.`
    : '';

  console.log('');
  console.log(`Bundle: ${sizeText}`);
  console.log(`Load: ${settings}; wall time so far ${log.seconds().toFixed(0)} s`);
  console.log('');
  console.log(textTable(rows));
  console.log('  (CPU/req: workerd CPU per request during the measured phase; foreign: CPU other processes took, % of all cores)');
  if (noisyText) console.log(noisyText);
  console.log('');
  console.log(`D1 round trips per request (steady state over ${COUNT_SAMPLES} requests after the first; batch = 1):`);
  for (const l of tripsLines) console.log(`  ${l}`);
  if (diagLines.length) {
    console.log('');
    console.log('Diagnostics:');
    for (const l of diagLines) console.log(`  ${l}`);
  }
  console.log('');
  console.log(`wrangler dev (reference): ${wdevText}`);
  console.log('');
  console.log('Targets:');
  for (const c of checks) console.log(`  ${c.pass ? 'PASS' : 'FAIL'}  ${c.name}: ${c.value}`);
  if (flagged.length) console.log(`\nFLAGGED: non-2xx or errors in: ${flagged.map((r) => r.label).join(', ')}`);

  if (process.env.BENCH_NO_RESULTS !== '1') {
    const section = [
      sectionHeading('', machine),
      '',
      commandLine('bench:pages', settings),
      await machineLine(machine, ROOT, ['wrangler', 'miniflare', 'autocannon']),
      `- Bundle: ${sizeText}`,
      '',
      markdownTable(rows),
      ...(noisyText ? ['', noisyText] : []),
      '',
      'D1 round trips per request (steady state; batch = 1):',
      '',
      ...tripsLines.map((l) => `- ${l}`),
      '',
      ...(diagLines.length ? ['Diagnostics:', '', ...diagLines.map((l) => `- ${l}`), ''] : []),
      `wrangler dev (reference): ${wdevText}`,
      '',
      'Targets:',
      '',
      ...checks.map((c) => `- ${c.pass ? 'PASS' : 'FAIL'} ${c.name}: ${c.value}`),
      ...(flagged.length ? ['', `**FLAGGED**: non-2xx or errors in: ${flagged.map((r) => r.label).join(', ')}`] : []),
    ].join('\n');
    await appendResults(RESULTS, section);
    log(`appended results to ${RESULTS}`);
  }

  const wdevBad = wdev?.ok && (wdev.result.errors > 0 || wdev.result.status['5xx'] > 0);
  return flagged.length || wdevBad ? 1 : 0;
}

runBench(main, log);
