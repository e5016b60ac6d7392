// bench/pages.mjs's set-up: the bundle, one workerd with every worker the page benchmark loads or
// counts through (the store with the edge cache on and off, with TELEMETRY=off, behind the D1-counting
// entry; the bare and one-query ceilings; diagnostics), the seeded catalog and a preflight.
import { join } from 'node:path';
import { ROOT } from './bench.mjs';
import { benchSecrets, bundleStore, storeConfig } from './bundle.mjs';
import { seedStock } from '../../scripts/seed-stock.mjs';
import { applyMigrations, seedCatalog, settledBands } from './data.mjs';
import { launchMiniflare } from './miniflare.mjs';
import { ASSETS_ROUTER, DIAG, log, PRODUCTS } from './pages-settings.mjs';
import { BARE_WORKER, COUNTING_ENTRY, NOLOG_ENTRY, ONE_QUERY_WORKER, REPLAY_SQL_WORKER } from './workers.mjs';

/** 1. The production bundle in `tmp`/bundle. */
export async function bundleForPages(/** @type {string} */ tmp) {
  const outdir = join(tmp, 'bundle');
  const size = await bundleStore(ROOT, outdir);
  const gzipKiB = size.gzip / 1024;
  log(
    `bundle: ${size.files.join(', ')} ${(size.raw / 1024).toFixed(1)} KiB raw, ${gzipKiB.toFixed(1)} KiB gzip` +
      (size.wranglerReported ? ` (wrangler: ${size.wranglerReported.raw} / ${size.wranglerReported.gzip} KiB)` : ''),
  );
  return { outdir, size, gzipKiB };
}

/**
 * 2. One workerd with all the workers; workerd's stdout (the store's access lines) drained and counted.
 * @param {{ tmp: string, outdir: string, size: Awaited<ReturnType<typeof bundleStore>> }} opts
 */
export async function startPagesWorkers({ tmp, outdir, size }) {
  const { workerOptions, bindings: baseBindings, queueConsumers, storeOptions } = storeConfig(ROOT, await benchSecrets(ROOT));
  const bundleModules = size.modules;
  const entryFile = (name, contents) => ({ type: 'ESModule', path: join(outdir, `${name}.mjs`), contents });
  const direct = [{ host: '127.0.0.1', port: 0 }];
  // The store's logger honours LOG_LEVEL=warn (no per-request access line); older bundles do not, and then
  // an entry module that makes console.log a no-op stands in.
  const hasLogLevel = bundleModules.some((m) => m.contents.includes('LOG_LEVEL'));
  // One set of Durable Objects, store-on's, as deployed (one namespace per class): every store worker
  // sees the stock `seedAndPreflight` writes, and no worker's pages ask counters nobody stocked.
  const sharedObjects = Object.fromEntries(
    Object.entries(storeOptions.durableObjects ?? {}).map(([binding, d]) => [binding, { ...(typeof d === 'string' ? { className: d } : d), scriptName: 'store-on' }]),
  );
  const store = (name, edgeCache, entry, { assets = true, vars = {} } = {}) => ({
    ...storeOptions,
    ...(name === 'store-on' ? {} : { durableObjects: sharedObjects }),
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
  return { mf, url, workerdPid, workerdCpu, disposeMf, runtime, hasLogLevel, adminToken: baseBindings.ADMIN_TOKEN };
}

/**
 * 3. Migrations, the catalog in D1 and the demo's stock (as `npm run dev` seeds it), then a preflight:
 * every target answers 200 with the expected cache status, search finds something. Returns the
 * product slugs (`slug`: the cached page's).
 * @param {{ mf: any, url: Record<string, string>, runtime: { stderrTail: string }, adminToken: string }} opts
 */
export async function seedAndPreflight({ mf, url, runtime, adminToken }) {
  const db = await mf.getD1Database('DB', 'store-on');
  const mig = await applyMigrations(db, join(ROOT, 'migrations'));
  const catalog = await seedCatalog(db, ROOT, PRODUCTS);
  const kv = /** @type {any} */ (await mf.getKVNamespace('CONFIG', 'store-on'));
  await kv.put('catalog:version', String(Date.now()));
  const count = await db.prepare('select count(*) as n from products').first();
  const stocked = await seedStock(url['store-on'], adminToken, { force: true });
  const banded = await settledBands(db);
  log(`stock: ${stocked} SKUs stocked${banded === null ? '' : `; ${banded} of them with a band recorded in D1`}`);
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
  return { slugs, slug };
}
