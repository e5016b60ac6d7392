// One Miniflare (one workerd process) per run on 127.0.0.1: the store with wrangler.toml's bindings
// (D1, KV, R2, Durable Objects, queues with consumers and the dead-letter queue, the rate-limit
// binding, [vars] + the secrets of .dev.vars.example) and the bench's own workers beside it; the
// store migrated and seeded.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Miniflare } from 'miniflare';
import { onCleanup } from './bench.mjs';
import { storeConfig } from './bundle.mjs';
import { findChildren, processCpuMs } from './cpu.mjs';
import { applyMigrations, seedCatalog } from './data.mjs';

/**
 * One Miniflare (one workerd process) on 127.0.0.1 with `workers`, state under `persistRoot`, disposed
 * by cleanup() if not before. `url` has the origin of each worker's own socket (unsafeDirectSockets).
 * Returns { mf, url, workerdPid, workerdCpuMs(), dispose(), readyMs }.
 */
export async function launchMiniflare({ workers, persistRoot, handleRuntimeStdio, inspectorPort = undefined }) {
  // The new workerd is the child that was not there before (a bench may run more than one Miniflare).
  const workerdBefore = new Set(findChildren(process.pid, 'workerd'));
  const mf = new Miniflare({
    host: '127.0.0.1',
    port: 0,
    defaultPersistRoot: persistRoot,
    handleRuntimeStdio,
    workers,
    ...(inspectorPort ? { inspectorPort, inspectorHost: '127.0.0.1' } : {}),
  });
  let disposed = false;
  const dispose = async () => {
    if (disposed) return;
    disposed = true;
    await mf.dispose();
  };
  onCleanup(dispose);
  const t0 = Date.now();
  await mf.ready;
  /** @type {Record<string, string>} */
  const url = {};
  for (const w of workers) if (w.unsafeDirectSockets) url[w.name] = (await mf.unsafeGetDirectURL(w.name)).origin;
  const readyMs = Date.now() - t0;
  const [workerdPid] = findChildren(process.pid, 'workerd').filter((pid) => !workerdBefore.has(pid));
  return { mf, url, workerdPid, workerdCpuMs: () => processCpuMs(workerdPid), dispose, readyMs };
}

/**
 * Starts one Miniflare with the store (named `storeName`) and `extraWorkers`. `vars` override
 * wrangler.toml's [vars] (STRIPE_API_BASE, FULFILLMENT_URL…). The store's socket is straight on the
 * Worker (no assets router) unless `assetsRouter`, as in bench/pages.mjs.
 * Returns { mf, url: {name: origin}, workerdPid, workerdCpuMs(), runtime, dispose(), workers }.
 */
export async function startMiniflare({ root, bundle, tmp, storeName = 'store', vars = {}, secrets, extraWorkers = (/** @type {any} */ _parts) => [], assetsRouter = false, inspectorPort = undefined, log }) {
  const { workerOptions, bindings: storeBindings, queueConsumers, storeOptions } = storeConfig(root, secrets);
  const bindings = { ...storeBindings, ...vars };
  const direct = [{ host: '127.0.0.1', port: 0 }];
  const entryFile = (name, contents) => ({ type: 'ESModule', path: join(bundle.outdir, `${name}.mjs`), contents });
  /** A store worker: the bundle, optionally behind an entry module; only the main one consumes the queues. */
  /** @param {string} name @param {{ entry?: string, extraModules?: { name: string, contents: string }[], consumers?: boolean, extraVars?: Record<string, unknown> }} [opts] */
  const storeWorker = (name, { entry, extraModules = [], consumers = false, extraVars = {} } = {}) => ({
    ...storeOptions,
    ...(assetsRouter && name === storeName ? {} : { assets: undefined }),
    ...(consumers ? { queueConsumers } : {}),
    name,
    bindings: { ...bindings, ...extraVars },
    modulesRoot: bundle.outdir,
    modules: [
      ...(entry ? [entryFile(`${name}-entry`, entry)] : []),
      ...extraModules.map((m) => ({ type: 'ESModule', path: join(bundle.outdir, m.name), contents: m.contents })),
      ...bundle.modules,
    ],
    unsafeDirectSockets: direct,
  });
  const common = { compatibilityDate: workerOptions.compatibilityDate, compatibilityFlags: workerOptions.compatibilityFlags };
  const workers = [
    storeWorker(storeName, { consumers: true }),
    ...extraWorkers({ storeWorker, common, direct, workerOptions }),
  ];
  const runtime = { stdoutLines: 0, tail: [], stderrTail: '' };
  const m = await launchMiniflare({
    workers,
    persistRoot: join(tmp, 'state', 'v3'),
    inspectorPort,
    handleRuntimeStdio(stdout, stderr) {
      stdout.on('data', (b) => {
        for (const line of b.toString().split('\n')) {
          if (!line) continue;
          runtime.stdoutLines++;
          runtime.tail.push(`${new Date().toISOString().slice(11, 23)} ${line.slice(0, 400)}`);
          if (runtime.tail.length > 40) runtime.tail.shift();
        }
      });
      stderr.on('data', (b) => (runtime.stderrTail = (runtime.stderrTail + b).slice(-4000)));
    },
  });
  log?.(`miniflare: ${workers.map((w) => `${w.name} ${m.url[w.name] ?? ''}`).join(', ')} — ready in ${m.readyMs} ms (workerd pid ${m.workerdPid})`);
  return { ...m, runtime, workers };
}

/**
 * A Miniflare of plain workers (no store), each with its own socket: for ceilings that must not share
 * the store's workerd (e.g. thousands of fresh Durable Objects, each holding open SQLite files).
 */
export async function startWorkers({ tmp, name, workers, log }) {
  const m = await launchMiniflare({
    workers,
    persistRoot: join(tmp, `state-${name}`, 'v3'),
    handleRuntimeStdio(stdout, stderr) {
      stdout.resume();
      stderr.resume();
    },
  });
  log?.(`miniflare (${name}): ${workers.map((w) => `${w.name} ${m.url[w.name]}`).join(', ')} (workerd pid ${m.workerdPid})`);
  return m;
}

/** Open file descriptors of a process (workerd keeps each live Durable Object's SQLite files open). */
export function openFds(pid) {
  try {
    return readdirSync(`/proc/${pid}/fd`).length;
  } catch {
    return NaN;
  }
}

/** Migrations + a small seeded catalog in the store's D1; bumps the catalog version. */
export async function seedStore(mf, storeName, root, products) {
  const db = await mf.getD1Database('DB', storeName);
  const mig = await applyMigrations(db, join(root, 'migrations'));
  const catalog = await seedCatalog(db, root, products);
  const kv = await mf.getKVNamespace('CONFIG', storeName);
  await kv.put('catalog:version', String(Date.now()));
  return { db, mig, catalog, skus: catalog.products.flatMap((p) => p.variants.map((v) => v.sku)) };
}
