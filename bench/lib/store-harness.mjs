// What the benchmarks share: the repository and its options, the cleanup registry, the production
// bundle, one Miniflare (workerd) process per run with wrangler.toml's bindings (bench/pages.mjs puts
// its own workers in it; bench/flash-sale.mjs and bench/checkout.mjs the store with its whole backend:
// D1, KV, R2, Durable Objects, queues with consumers and the dead-letter queue, the rate-limit binding,
// [vars] + the secrets of .dev.vars.example), load runs with CPU accounting, the local Stripe emulator
// as a CHILD PROCESS (its CPU apart from the store's), `wrangler dev` with the emulator, and helpers
// that drive the store over HTTP like a shopper/admin. Every child is ended by cleanup(), even when a
// run fails or is interrupted.
import { execFileSync } from 'node:child_process';
import { readdirSync, rmSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { Miniflare } from 'miniflare';
import { unstable_getMiniflareWorkerOptions, unstable_readConfig } from 'wrangler';
import { cpuDelta, findChildren, groupCpuMs, processCpuMs, snapshot } from './cpu.mjs';
import { applyMigrations, seedCatalog } from './data.mjs';
import { killLoads, runLoad } from './load.mjs';
import { exec, freePort, spawnGroup, TOOL_ENV, wranglerBin } from './proc.mjs';
import { prepareWranglerState, spawnWranglerDev } from './wrangler-dev.mjs';

export { freePort };

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const RESULTS = join(ROOT, 'bench/RESULTS.md');

/** A non-negative number from the environment, `fallback` when unset or empty; anything else throws. */
export function envNumber(name, fallback) {
  const v = process.env[name];
  if (v === undefined || v === '') return fallback;
  const n = Number(v);
  if (!Number.isFinite(n) || n < 0) throw new Error(`${name} must be a non-negative number, got ${v}`);
  return n;
}

/** The progress log, `[tag  12.3s] msg`; `log.seconds()` is its clock (seconds since the bench started). */
export function benchLog(tag) {
  const started = Date.now();
  const log = (msg) => console.log(`[${tag} ${((Date.now() - started) / 1000).toFixed(1).padStart(5)}s] ${msg}`);
  log.seconds = () => (Date.now() - started) / 1000;
  return log;
}

// ---------------------------------------------------------------------------------------------
// Cleanup registry: async cleanups (in reverse order) at the end or on a signal; synchronous ones
// (kill process groups by pid, remove the temp dir) also from process 'exit', because Miniflare's own
// SIGINT hook may call process.exit() before async work can run.

const cleanups = [];
const syncCleanups = [];
let cleaning;
export const onCleanup = (fn) => cleanups.push(fn);
export const onExitSync = (fn) => syncCleanups.unshift(fn);
export function cleanup() {
  cleaning ??= (async () => {
    killLoads();
    for (const fn of cleanups.splice(0).reverse()) {
      try {
        await fn();
      } catch {}
    }
  })();
  return cleaning;
}
function runSyncCleanups() {
  killLoads();
  for (const fn of syncCleanups.splice(0)) {
    try {
      fn();
    } catch {}
  }
}
let installed = false;
export function installCleanupHandlers() {
  if (installed) return;
  installed = true;
  process.on('exit', runSyncCleanups);
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    process.once(sig, () => {
      console.error(`\nbench: ${sig}, cleaning up`);
      cleanup().finally(() => process.exit(130));
    });
  }
}

/** Runs a bench's `main()` (→ exit code) and exits with that code once every cleanup ran; a throw exits 1. */
export function runBench(main, log) {
  main()
    .then(async (code) => {
      await cleanup();
      log(`done in ${log.seconds().toFixed(0)} s`);
      process.exit(code);
    })
    .catch(async (err) => {
      console.error(`bench failed: ${err?.stack ?? err}`);
      await cleanup();
      process.exit(1);
    });
}

/** A throwaway directory under os.tmpdir() for the bundle and the state, removed by the cleanups. */
export async function benchTmpDir(prefix) {
  const tmp = await mkdtemp(join(tmpdir(), prefix));
  onCleanup(() => rm(tmp, { recursive: true, force: true, maxRetries: 3 }));
  onExitSync(() => rmSync(tmp, { recursive: true, force: true, maxRetries: 3 }));
  return tmp;
}

/** Runs `fn` with a deadline; rejects with `what` timed out. The work itself is not cancelled. */
export async function bounded(what, ms, fn) {
  let timer;
  try {
    return await Promise.race([
      fn(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`${what} did not finish within ${Math.round(ms / 1000)} s`)), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

// ---------------------------------------------------------------------------------------------

export function parseDevVars(text) {
  const out = {};
  for (const line of text.split('\n')) {
    const m = /^\s*([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*?)\s*$/.exec(line);
    if (!m) continue;
    let v = m[2];
    if (/^(["']).*\1$/.test(v)) v = v.slice(1, -1);
    out[m[1]] = v;
  }
  return out;
}

/**
 * `wrangler deploy --dry-run --outdir`: the production bundle. Returns { files (index.js first),
 * modules (Miniflare ESModules), raw, gzip, wranglerReported: { raw, gzip } KiB | null, outdir }.
 */
export async function bundleStore(root, outdir, extraArgs = []) {
  const out = await exec(process.execPath, [wranglerBin(root), 'deploy', '--dry-run', '--outdir', outdir, ...extraArgs], { cwd: root, env: TOOL_ENV });
  const files = (await readdir(outdir)).filter((f) => /\.(m?js)$/.test(f));
  if (!files.includes('index.js')) throw new Error(`wrangler produced no index.js in ${outdir}: ${files.join(', ')}`);
  let raw = 0;
  let gzip = 0;
  for (const f of files) {
    const buf = await readFile(join(outdir, f));
    raw += buf.length;
    gzip += gzipSync(buf).length;
  }
  files.sort((a, b) => (a === 'index.js' ? -1 : b === 'index.js' ? 1 : a.localeCompare(b)));
  const modules = await Promise.all(
    files.map(async (f) => ({ type: 'ESModule', path: join(outdir, f), contents: await readFile(join(outdir, f), 'utf8') })),
  );
  const reported = /Total Upload:\s*([\d.]+)\s*KiB\s*\/\s*gzip:\s*([\d.]+)\s*KiB/.exec(out);
  const wranglerReported = reported ? { raw: Number(reported[1]), gzip: Number(reported[2]) } : null;
  return { files, modules, raw, gzip, wranglerReported, outdir };
}

/** The secrets of .dev.vars.example (never the developer's own .dev.vars, so overrides cannot leak in). */
export async function benchSecrets(root) {
  return parseDevVars(await readFile(join(root, '.dev.vars.example'), 'utf8'));
}

/**
 * wrangler.toml as Miniflare options. wrangler also reads the developer's own .dev.vars; `bindings`
 * keeps only wrangler.toml's [vars] and `secrets`, so a local override (say LOG_LEVEL) cannot change
 * what is measured. Returns { workerOptions, bindings, queueConsumers, storeOptions (the rest) }.
 */
export function storeConfig(root, secrets) {
  const config = join(root, 'wrangler.toml');
  const { workerOptions } = unstable_getMiniflareWorkerOptions(config);
  const tomlVars = unstable_readConfig({ config }).vars ?? {};
  const bindings = {
    ...Object.fromEntries(Object.entries(workerOptions.bindings ?? {}).filter(([k]) => k in tomlVars)),
    ...secrets,
  };
  const { queueConsumers, ...storeOptions } = workerOptions;
  return { workerOptions, bindings, queueConsumers, storeOptions };
}

/** One load run; `server()` gives the server's CPU ms (see cpu.mjs snapshot()), sampled around the measured phase only. */
export async function measure(spec, server) {
  let before;
  let after;
  const r = await runLoad(spec, {
    onMeasure: () => (before = snapshot(server)),
    onEnd: () => (after = snapshot(server)),
  });
  Object.assign(r, before && after ? cpuDelta(before, after, r.requests, r.loadCpuMs) : {});
  return r;
}

// ---------------------------------------------------------------------------------------------
// Stripe emulator child process

/**
 * Starts `tsx dev/stripe-emulator/main.ts --quiet` in its own process group on `port`, delivering to
 * `storeUrl`; waits for /_emulator/health. Returns { url, pid, cpuMs(), stop(), tail() }.
 */
export async function startEmulator({ root, port, storeUrl, secrets, log, quiet = true }) {
  // Its own process group (spawnGroup): tsx runs the script in a child node process.
  const child = spawnGroup(join(root, 'node_modules/.bin/tsx'), ['dev/stripe-emulator/main.ts', ...(quiet ? ['--quiet'] : [])], {
    cwd: root,
    env: {
      ...TOOL_ENV,
      STRIPE_EMULATOR_PORT: String(port),
      STRIPE_WEBHOOK_SECRET: secrets.STRIPE_WEBHOOK_SECRET,
      FULFILLMENT_SECRET: secrets.FULFILLMENT_SECRET,
      STORE_URL: storeUrl,
    },
  });
  const stop = () => child.stop(3000);
  onCleanup(stop);
  onExitSync(() => child.kill('SIGKILL'));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exited() !== null) throw new Error(`Stripe emulator exited (${child.exited()}) before answering: ${child.tail().slice(-800)}`);
    try {
      const res = await fetch(`${url}/_emulator/health`, { signal: AbortSignal.timeout(2000) });
      if (res.ok) break;
    } catch {}
    if (Date.now() > deadline) throw new Error(`Stripe emulator did not answer on ${url} within 30 s: ${child.tail().slice(-800)}`);
    await sleep(150);
  }
  log?.(`stripe emulator: ${url} (pid ${child.pid}, deliveries → ${storeUrl})`);
  return { url, pid: child.pid, cpuMs: () => groupCpuMs(child.pid).total, stop, tail: child.tail };
}

/** CPU parts for cpu.mjs snapshot(): the store's workerd and the emulator apart, and their sum. */
export function storeAndEmulatorCpu(h, emulator) {
  return () => {
    const w = h.workerdCpuMs();
    const e = emulator.cpuMs();
    return { total: w + e, workerd: w, emulator: e };
  };
}

// ---------------------------------------------------------------------------------------------
// Miniflare

/**
 * One Miniflare (one workerd process) on 127.0.0.1 with `workers`, state under `persistRoot`, disposed
 * by cleanup() if not before. `url` has the origin of each worker's own socket (unsafeDirectSockets).
 * Returns { mf, url, workerdPid, workerdCpuMs(), dispose(), readyMs }.
 */
export async function launchMiniflare({ workers, persistRoot, handleRuntimeStdio, inspectorPort }) {
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
export async function startMiniflare({ root, bundle, tmp, storeName = 'store', vars = {}, secrets, extraWorkers = () => [], assetsRouter = false, inspectorPort, log }) {
  const { workerOptions, bindings: storeBindings, queueConsumers, storeOptions } = storeConfig(root, secrets);
  const bindings = { ...storeBindings, ...vars };
  const direct = [{ host: '127.0.0.1', port: 0 }];
  const entryFile = (name, contents) => ({ type: 'ESModule', path: join(bundle.outdir, `${name}.mjs`), contents });
  /** A store worker: the bundle, optionally behind an entry module; only the main one consumes the queues. */
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

// ---------------------------------------------------------------------------------------------
// wrangler dev with the emulator (the developer's loop), bounded

/**
 * Migrates and seeds `persistTo`, starts the emulator and `wrangler dev` (own process group) pointed
 * at each other. Returns { url, emulator, catalog, skus, pid, groupCpu(), stop(), terminalLines(), tail() }.
 */
export async function startWranglerDev({ root, persistTo, products, secrets, log, readyTimeoutMs = 90_000 }) {
  const catalog = await prepareWranglerState({ root, persistTo, products, log });
  const port = await freePort();
  const emulatorPort = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const emulator = await startEmulator({ root, port: emulatorPort, storeUrl: url, secrets, log });
  const varArgs = Object.entries({
    ...secrets,
    STRIPE_API_BASE: emulator.url,
    FULFILLMENT_URL: `${emulator.url}/_warehouse/shipments`,
  }).flatMap(([k, v]) => ['--var', `${k}:${v}`]);
  log?.(`wrangler dev: starting on ${url} (STRIPE_API_BASE ${emulator.url})`);
  const dev = spawnWranglerDev({ root, port, persistTo, args: varArgs });
  const stop = async () => {
    await dev.stop(5000);
    await emulator.stop();
  };
  onCleanup(stop);
  onExitSync(() => dev.kill('SIGKILL'));
  const deadline = Date.now() + readyTimeoutMs;
  for (;;) {
    if (dev.exited() !== null) throw new Error(`wrangler dev exited (${dev.exited()}) before serving: ${dev.tail().slice(-800)}`);
    try {
      const res = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(5000) });
      await res.arrayBuffer();
      if (res.status < 500) break;
    } catch {}
    if (Date.now() > deadline) throw new Error(`wrangler dev did not answer within ${readyTimeoutMs / 1000} s: ${dev.tail().slice(-800)}`);
    await sleep(250);
  }
  return {
    url,
    emulator,
    catalog,
    skus: catalog.products.flatMap((p) => p.variants.map((v) => v.sku)),
    pid: dev.pid,
    groupCpu: () => groupCpuMs(dev.pid),
    stop,
    terminalLines: dev.lines,
    tail: dev.tail,
  };
}

// ---------------------------------------------------------------------------------------------
// Talking to the store and the emulator

export class Http {
  constructor(base, { adminToken } = {}) {
    this.base = base;
    this.adminToken = adminToken;
  }

  async json(path, { method = 'GET', body, headers = {}, timeoutMs = 30_000 } = {}) {
    const res = await fetch(this.base + path, {
      method,
      headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(timeoutMs),
    });
    const text = await res.text();
    let data = null;
    try {
      data = text ? JSON.parse(text) : null;
    } catch {
      data = { raw: text.slice(0, 300) };
    }
    return { status: res.status, data, headers: res.headers };
  }

  admin(path, opts = {}) {
    return this.json(path, { ...opts, headers: { authorization: `Bearer ${this.adminToken}`, ...(opts.headers ?? {}) } });
  }

  async setStock(sku, onHand) {
    const r = await this.admin(`/admin/api/stock/${encodeURIComponent(sku)}`, { method: 'PUT', body: { onHand } });
    if (r.status !== 200) throw new Error(`PUT stock ${sku} → ${r.status} ${JSON.stringify(r.data)}`);
    return r.data;
  }

  async stock(sku) {
    const r = await this.admin(`/admin/api/stock/${encodeURIComponent(sku)}`);
    if (r.status !== 200) throw new Error(`GET stock ${sku} → ${r.status} ${JSON.stringify(r.data)}`);
    return r.data;
  }

  /** Every order of the admin list (newest first), following nextCursor; `stopWhen(item)` ends early. */
  async allOrders({ status, stopWhen } = {}) {
    const items = [];
    let cursor = null;
    for (let page = 0; page < 1000; page++) {
      const q = new URLSearchParams({ limit: '100' });
      if (status) q.set('status', status);
      if (cursor) q.set('cursor', cursor);
      const r = await this.admin(`/admin/api/orders?${q}`);
      if (r.status !== 200) throw new Error(`GET /admin/api/orders → ${r.status} ${JSON.stringify(r.data)}`);
      let stop = false;
      for (const it of r.data.items) {
        if (stopWhen?.(it)) {
          stop = true;
          break;
        }
        items.push(it);
      }
      cursor = r.data.nextCursor;
      if (!cursor || stop) break;
    }
    return items;
  }
}

/** Emulator sessions whose client_reference_id (the order id) is in `orderIds`. */
export async function emulatorSessions(emulatorUrl, secretKey, orderIds) {
  const want = new Set(orderIds);
  const found = [];
  let after = null;
  for (let page = 0; page < 500; page++) {
    const q = new URLSearchParams({ limit: '100' });
    if (after) q.set('starting_after', after);
    const res = await fetch(`${emulatorUrl}/v1/checkout/sessions?${q}`, { headers: { authorization: `Bearer ${secretKey}` } });
    if (!res.ok) throw new Error(`emulator session list → ${res.status}`);
    const body = await res.json();
    for (const s of body.data) if (want.has(s.client_reference_id)) found.push(s);
    if (!body.has_more || body.data.length === 0) break;
    after = body.data.at(-1).id;
  }
  return found;
}

/** A shopper: one cart cookie, its own client IP (cf-connecting-ip), so the per-IP limiter sees N visitors. */
/** Where bench shoppers ship to unless told otherwise: a US address the demo ships to (Oregon: no sales tax). */
export const BENCH_ADDRESS = { name: 'Bench Shopper', line1: '1 Main Street', city: 'Portland', region: 'OR', postalCode: '97201', country: 'US' };

export class Shopper {
  /** `checkout`: what POST /api/checkout sends besides the email (`shippingAddress`, `shippingOptionId`). */
  constructor(base, ip, email, checkout = { shippingAddress: BENCH_ADDRESS }) {
    this.base = base;
    this.ip = ip;
    this.email = email;
    this.checkoutDetails = checkout;
    this.cookie = null;
  }

  /** POST /api/cart/discounts (set-up, not measured); returns the status. */
  async applyCode(code) {
    const res = await fetch(`${this.base}/api/cart/discounts`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'cf-connecting-ip': this.ip, ...(this.cookie ? { cookie: this.cookie } : {}) },
      body: JSON.stringify({ code }),
      signal: AbortSignal.timeout(30_000),
    });
    await res.arrayBuffer();
    return res.status;
  }

  /** POST /api/cart/items; a network failure answers status 0 (text = the cause) instead of throwing. */
  async addToCart(sku, quantity = 1) {
    const t0 = performance.now();
    let res;
    let text;
    try {
      res = await fetch(`${this.base}/api/cart/items`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'cf-connecting-ip': this.ip, ...(this.cookie ? { cookie: this.cookie } : {}) },
        body: JSON.stringify({ sku, quantity }),
        signal: AbortSignal.timeout(30_000),
      });
      text = await res.text();
    } catch (err) {
      return { status: 0, ms: performance.now() - t0, text: networkCause(err), headers: null };
    }
    const ms = performance.now() - t0;
    const set = res.headers.getSetCookie?.() ?? [];
    const cart = set.map((c) => c.split(';')[0]).find((c) => c.startsWith('cart='));
    if (cart) this.cookie = cart;
    return { status: res.status, ms, text, headers: res.headers };
  }

  /** POST /api/checkout; returns { status, ms, body, t0, t1 } (t0/t1: performance.now() at send/answer). */
  async checkout({ idempotencyKey } = {}) {
    const t0 = performance.now();
    try {
      const res = await fetch(`${this.base}/api/checkout`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'cf-connecting-ip': this.ip,
          ...(this.cookie ? { cookie: this.cookie } : {}),
          ...(idempotencyKey ? { 'idempotency-key': idempotencyKey } : {}),
        },
        body: JSON.stringify({ email: this.email, ...this.checkoutDetails }),
        signal: AbortSignal.timeout(60_000),
      });
      const text = await res.text();
      const t1 = performance.now();
      let body = null;
      try {
        body = JSON.parse(text);
      } catch {
        body = { raw: text.slice(0, 300) };
      }
      return { status: res.status, ms: t1 - t0, body, t0, t1, headers: res.headers };
    } catch (err) {
      const t1 = performance.now();
      return { status: 0, ms: t1 - t0, body: { error: networkCause(err) }, t0, t1 };
    }
  }
}

/** Where the throwaway state lives and on what filesystem (each Durable Object is a SQLite file there). */
export function stateDirInfo(dir) {
  let fstype = '?';
  try {
    fstype = execFileSync('stat', ['-f', '-c', '%T', dir], { encoding: 'utf8' }).trim();
  } catch {}
  return `${dir} (${fstype === 'ext2/ext3' ? 'ext2/3/4, on disk' : fstype})`;
}

/** The useful part of a fetch() failure: undici's cause code and message. */
export function networkCause(err) {
  const c = err?.cause;
  return [c?.code, c?.message ?? err?.message ?? String(err)].filter(Boolean).join(' ').slice(0, 200);
}

/** 10.x.y.z, distinct per shopper index. */
export const shopperIp = (round, i) => `10.${(round + 1) & 255}.${(i >> 8) & 255}.${i & 255}`;

/** Runs `fn(i)` for i in [0, n) with at most `limit` in flight. */
export async function pool(n, limit, fn) {
  const out = new Array(n);
  let next = 0;
  const worker = async () => {
    while (next < n) {
      const i = next++;
      out[i] = await fn(i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(n, limit) }, worker));
  return out;
}

/**
 * Every shopper adds `sku` to their cart, `concurrency` at a time, bounded by `timeoutMs` (`what`
 * names it in the timeout error). This is set-up, not measured: a connection-level failure (status 0)
 * is retried, up to twice, each retry told to `onRetry(failedAnswer)`. Returns { adds, retries }.
 */
export async function addAllToCart(shoppers, sku, { concurrency, timeoutMs, what, onRetry }) {
  let retries = 0;
  const addOnce = async (i) => {
    let r = await shoppers[i].addToCart(sku);
    for (let k = 0; k < 2 && r.status === 0; k++) {
      retries++;
      onRetry?.(r);
      r = await shoppers[i].addToCart(sku);
    }
    return r;
  };
  const adds = await bounded(what, timeoutMs, () => pool(shoppers.length, concurrency, addOnce));
  return { adds, retries };
}

/** Exact nearest-rank percentile of an unsorted array. */
export function pct(values, p) {
  const v = values.filter(Number.isFinite).sort((a, b) => a - b);
  if (v.length === 0) return NaN;
  return v[Math.min(v.length - 1, Math.max(0, Math.ceil((p / 100) * v.length) - 1))];
}

export const statusClass = (s) => (s === 0 ? 'network' : `${Math.floor(s / 100)}xx`);

