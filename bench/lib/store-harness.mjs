// The store with its whole backend in one Miniflare (workerd) process, for bench/flash-sale.mjs and
// bench/checkout.mjs: the same production bundle and wrangler.toml bindings as bench/pages.mjs
// (D1, KV, R2, Durable Objects, queues with consumers and the dead-letter queue, the rate-limit
// binding, [vars] + the secrets of .dev.vars.example), the local Stripe emulator as a CHILD PROCESS
// (its CPU apart from the store's), helpers that drive the store over HTTP like a shopper/admin, and
// a cleanup registry that ends every child even when a run fails or is interrupted.
import { execFileSync, spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { mkdir, readdir, readFile } from 'node:fs/promises';
import net from 'node:net';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { gzipSync } from 'node:zlib';
import { Miniflare } from 'miniflare';
import { unstable_getMiniflareWorkerOptions, unstable_readConfig } from 'wrangler';
import { findChildren, groupCpuMs, processCpuMs } from './cpu.mjs';
import { applyMigrations, seedCatalog } from './data.mjs';
import { killLoads } from './load.mjs';
import { BARE_WORKER } from './workers.mjs';
import { wranglerBin } from './wrangler-dev.mjs';

export const TOOL_ENV = {
  ...process.env,
  CI: 'true',
  WRANGLER_SEND_METRICS: 'false',
  FORCE_COLOR: '0',
  NO_COLOR: '1',
};

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

export function exec(cmd, args, opts) {
  return new Promise((resolveRun, reject) => {
    const proc = spawn(cmd, args, { ...opts, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    proc.stdout.on('data', (b) => (out += b));
    proc.stderr.on('data', (b) => (out += b));
    proc.on('error', reject);
    proc.on('close', (code) => (code === 0 ? resolveRun(out) : reject(new Error(`${args.join(' ')} exited ${code}:\n${out.slice(-2000)}`))));
  });
}

export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/** `wrangler deploy --dry-run --outdir`: the production bundle (same as bench/pages.mjs). */
export async function bundleStore(root, outdir) {
  const out = await exec(process.execPath, [wranglerBin(root), 'deploy', '--dry-run', '--outdir', outdir], { cwd: root, env: TOOL_ENV });
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
  return { files, modules, raw, gzip, outdir };
}

export const pkgVersion = async (root, name) => {
  try {
    return JSON.parse(await readFile(join(root, 'node_modules', name, 'package.json'), 'utf8')).version;
  } catch {
    return '?';
  }
};

/** The secrets of .dev.vars.example (never the developer's own .dev.vars, so overrides cannot leak in). */
export async function benchSecrets(root) {
  return parseDevVars(await readFile(join(root, '.dev.vars.example'), 'utf8'));
}

// ---------------------------------------------------------------------------------------------
// Stripe emulator child process

/**
 * Starts `tsx dev/stripe-emulator/main.ts --quiet` in its own process group on `port`, delivering to
 * `storeUrl`; waits for /_emulator/health. Returns { url, pid, cpuMs(), stop() }.
 */
export async function startEmulator({ root, port, storeUrl, secrets, log, quiet = true }) {
  const proc = spawn(join(root, 'node_modules/.bin/tsx'), ['dev/stripe-emulator/main.ts', ...(quiet ? ['--quiet'] : [])], {
    cwd: root,
    env: {
      ...TOOL_ENV,
      STRIPE_EMULATOR_PORT: String(port),
      STRIPE_WEBHOOK_SECRET: secrets.STRIPE_WEBHOOK_SECRET,
      FULFILLMENT_SECRET: secrets.FULFILLMENT_SECRET,
      STORE_URL: storeUrl,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true, // own process group: tsx runs the script in a child node process
  });
  let tail = '';
  const drain = (b) => (tail = (tail + b).slice(-4000));
  proc.stdout.on('data', drain);
  proc.stderr.on('data', drain);
  let exited = null;
  proc.on('exit', (code, signal) => (exited = code ?? signal));
  const kill = (signal) => {
    try {
      process.kill(-proc.pid, signal);
    } catch {}
  };
  const stop = async () => {
    if (exited !== null) return;
    kill('SIGTERM');
    for (let i = 0; i < 30 && exited === null; i++) await sleep(100);
    if (exited === null) kill('SIGKILL');
  };
  onCleanup(stop);
  onExitSync(() => kill('SIGKILL'));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (exited !== null) throw new Error(`Stripe emulator exited (${exited}) before answering: ${tail.slice(-800)}`);
    try {
      const res = await fetch(`${url}/_emulator/health`, { signal: AbortSignal.timeout(2000) });
      if (res.ok) break;
    } catch {}
    if (Date.now() > deadline) throw new Error(`Stripe emulator did not answer on ${url} within 30 s: ${tail.slice(-800)}`);
    await sleep(150);
  }
  log?.(`stripe emulator: ${url} (pid ${proc.pid}, deliveries → ${storeUrl})`);
  return { url, pid: proc.pid, cpuMs: () => groupCpuMs(proc.pid).total, stop, tail: () => tail };
}

// ---------------------------------------------------------------------------------------------
// Miniflare: the store plus bench workers in one workerd

/**
 * Starts one Miniflare with the store (named `storeName`) and `extraWorkers`. `vars` override
 * wrangler.toml's [vars] (STRIPE_API_BASE, FULFILLMENT_URL…). The store's socket is straight on the
 * Worker (no assets router) unless `assetsRouter`, as in bench/pages.mjs.
 * Returns { mf, url: {name: origin}, workerdPid, workerdCpuMs(), runtime, dispose() }.
 */
export async function startMiniflare({ root, bundle, tmp, storeName = 'store', vars = {}, secrets, extraWorkers = () => [], assetsRouter = false, log }) {
  const config = join(root, 'wrangler.toml');
  const { workerOptions } = unstable_getMiniflareWorkerOptions(config);
  const tomlVars = unstable_readConfig({ config }).vars ?? {};
  const bindings = {
    ...Object.fromEntries(Object.entries(workerOptions.bindings ?? {}).filter(([k]) => k in tomlVars)),
    ...secrets,
    ...vars,
  };
  const direct = [{ host: '127.0.0.1', port: 0 }];
  const { queueConsumers, ...storeOptions } = workerOptions;
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
  const workerdBefore = new Set(findChildren(process.pid, 'workerd'));
  const mf = new Miniflare({
    host: '127.0.0.1',
    port: 0,
    defaultPersistRoot: join(tmp, 'state', 'v3'),
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
    workers,
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
  const [workerdPid] = findChildren(process.pid, 'workerd').filter((pid) => !workerdBefore.has(pid));
  log?.(`miniflare: ${workers.map((w) => `${w.name} ${url[w.name] ?? ''}`).join(', ')} — ready in ${Date.now() - t0} ms (workerd pid ${workerdPid})`);
  return { mf, url, workerdPid, workerdCpuMs: () => processCpuMs(workerdPid), runtime, dispose, workers };
}

/**
 * A Miniflare of plain workers (no store), each with its own socket: for ceilings that must not share
 * the store's workerd (e.g. thousands of fresh Durable Objects, each holding open SQLite files).
 */
export async function startWorkers({ tmp, name, workers, log }) {
  const workerdBefore = new Set(findChildren(process.pid, 'workerd'));
  const mf = new Miniflare({
    host: '127.0.0.1',
    port: 0,
    defaultPersistRoot: join(tmp, `state-${name}`, 'v3'),
    handleRuntimeStdio(stdout, stderr) {
      stdout.resume();
      stderr.resume();
    },
    workers,
  });
  let disposed = false;
  const dispose = async () => {
    if (disposed) return;
    disposed = true;
    await mf.dispose();
  };
  onCleanup(dispose);
  await mf.ready;
  const url = {};
  for (const w of workers) url[w.name] = (await mf.unsafeGetDirectURL(w.name)).origin;
  const [workerdPid] = findChildren(process.pid, 'workerd').filter((pid) => !workerdBefore.has(pid));
  log?.(`miniflare (${name}): ${workers.map((w) => `${w.name} ${url[w.name]}`).join(', ')} (workerd pid ${workerdPid})`);
  return { mf, url, workerdPid, workerdCpuMs: () => processCpuMs(workerdPid), dispose };
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
 * at each other. Returns { url, emulator, groupCpu(), stop(), terminalLines() }.
 */
export async function startWranglerDev({ root, persistTo, products, secrets, log, readyTimeoutMs = 90_000 }) {
  await mkdir(persistTo, { recursive: true });
  const bin = wranglerBin(root);
  log?.(`wrangler dev: d1 migrations apply DB --local --persist-to ${persistTo}`);
  await exec(process.execPath, [bin, 'd1', 'migrations', 'apply', 'DB', '--local', '--persist-to', persistTo], { cwd: root, env: TOOL_ENV });
  const seeder = new Miniflare({
    modules: true,
    script: BARE_WORKER,
    compatibilityDate: '2026-04-20',
    d1Databases: { DB: 'edgefront-local' },
    d1Persist: join(persistTo, 'v3', 'd1'),
    host: '127.0.0.1',
    port: 0,
  });
  let catalog;
  try {
    catalog = await seedCatalog(await seeder.getD1Database('DB'), root, products);
  } finally {
    await seeder.dispose();
  }
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
  const proc = spawn(
    process.execPath,
    [bin, 'dev', '--ip', '127.0.0.1', '--port', String(port), '--persist-to', persistTo, '--show-interactive-dev-session=false', ...varArgs],
    { cwd: root, env: TOOL_ENV, stdio: ['ignore', 'pipe', 'pipe'], detached: true },
  );
  const kill = (signal) => {
    try {
      process.kill(-proc.pid, signal);
    } catch {}
  };
  let exited = null;
  proc.on('exit', (code, signal) => (exited = code ?? signal));
  const stop = async () => {
    if (exited === null) {
      kill('SIGTERM');
      for (let i = 0; i < 50 && exited === null; i++) await sleep(100);
      if (exited === null) kill('SIGKILL');
    }
    await emulator.stop();
  };
  onCleanup(stop);
  onExitSync(() => kill('SIGKILL'));
  let tail = '';
  let lines = 0;
  const drain = (b) => {
    const s = b.toString();
    tail = (tail + s).slice(-3000);
    for (let i = s.indexOf('\n'); i !== -1; i = s.indexOf('\n', i + 1)) lines++;
  };
  proc.stdout.on('data', drain);
  proc.stderr.on('data', drain);
  const deadline = Date.now() + readyTimeoutMs;
  for (;;) {
    if (exited !== null) throw new Error(`wrangler dev exited (${exited}) before serving: ${tail.slice(-800)}`);
    try {
      const res = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(5000) });
      await res.arrayBuffer();
      if (res.status < 500) break;
    } catch {}
    if (Date.now() > deadline) throw new Error(`wrangler dev did not answer within ${readyTimeoutMs / 1000} s: ${tail.slice(-800)}`);
    await sleep(250);
  }
  return {
    url,
    emulator,
    catalog,
    skus: catalog.products.flatMap((p) => p.variants.map((v) => v.sku)),
    pid: proc.pid,
    groupCpu: () => groupCpuMs(proc.pid),
    stop,
    terminalLines: () => lines,
    tail: () => tail,
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
export class Shopper {
  constructor(base, ip, email) {
    this.base = base;
    this.ip = ip;
    this.email = email;
    this.cookie = null;
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
        body: JSON.stringify({ email: this.email }),
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

/** Exact nearest-rank percentile of an unsorted array. */
export function pct(values, p) {
  const v = values.filter(Number.isFinite).sort((a, b) => a - b);
  if (v.length === 0) return NaN;
  return v[Math.min(v.length - 1, Math.max(0, Math.ceil((p / 100) * v.length) - 1))];
}

export const statusClass = (s) => (s === 0 ? 'network' : `${Math.floor(s / 100)}xx`);

