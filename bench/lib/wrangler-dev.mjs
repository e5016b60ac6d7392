// Reference measurement under `wrangler dev` (the developer's loop), cached product page only; and
// `wrangler dev` with the emulator, bounded (state, process, both pointed at each other).
import { mkdir } from 'node:fs/promises';
import net from 'node:net';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Miniflare } from 'miniflare';
import { onCleanup, onExitSync } from './bench.mjs';
import { groupCpuMs } from './cpu.mjs';
import { seedCatalog } from './data.mjs';
import { startEmulator } from './emulator.mjs';
import { exec, freePort, spawnGroup, TOOL_ENV, wranglerBin } from './proc.mjs';
import { BARE_WORKER } from './workers.mjs';

function portFree(port) {
  return new Promise((resolve) => {
    const srv = net.createServer();
    srv.once('error', () => resolve(false));
    srv.listen(port, '127.0.0.1', () => srv.close(() => resolve(true)));
  });
}

/**
 * Migrates and seeds `persistTo` the way a developer would: `wrangler d1 migrations apply --local`,
 * then the demo catalog. Returns the seeded catalog; a failed migration rejects with exec()'s error.
 */
export async function prepareWranglerState({ root, persistTo, products, log }) {
  await mkdir(persistTo, { recursive: true });
  log?.(`wrangler dev: d1 migrations apply DB --local --persist-to ${persistTo}`);
  await exec(process.execPath, [wranglerBin(root), 'd1', 'migrations', 'apply', 'DB', '--local', '--persist-to', persistTo], {
    cwd: root,
    env: TOOL_ENV,
  });
  // Seed the same database file wrangler dev will open: <persist-to>/v3/d1, database id from wrangler.toml.
  const seeder = new Miniflare({
    modules: true,
    script: BARE_WORKER,
    compatibilityDate: '2026-04-20',
    d1Databases: { DB: 'edgefront-local' },
    d1Persist: join(persistTo, 'v3', 'd1'),
    host: '127.0.0.1',
    port: 0,
  });
  try {
    return await seedCatalog(await seeder.getD1Database('DB'), root, products);
  } finally {
    await seeder.dispose();
  }
}

/** `wrangler dev` on 127.0.0.1:`port` over `persistTo`, `args` appended; a spawnGroup() handle. */
export function spawnWranglerDev({ root, port, persistTo, args = [] }) {
  return spawnGroup(
    process.execPath,
    [wranglerBin(root), 'dev', '--ip', '127.0.0.1', '--port', String(port), '--persist-to', persistTo, '--show-interactive-dev-session=false', ...args],
    { cwd: root, env: TOOL_ENV, tailChars: 3000 },
  );
}

/**
 * Prepares `persistTo` (prepareWranglerState), starts `wrangler dev` on it, loads the cached product
 * page with `measure(spec, cpuFn)`, and stops it. Returns { ok, result?, message, port }.
 * `track(kill)` registers `kill(signal)`, which signals wrangler's process group, for cleanup on exit/SIGINT.
 */
export async function benchWranglerDev({ root, persistTo, slug, products, measure, groupCpuMs, connections, warmup, duration, log, track }) {
  try {
    await prepareWranglerState({ root, persistTo, products, log });
  } catch (err) {
    if (err.exitCode === undefined) throw err;
    return { ok: false, message: `migrations apply failed (exit ${err.exitCode}): ${err.output.slice(-500)}` };
  }

  let port = 8799;
  let note = '';
  if (!(await portFree(port))) {
    port = await freePort();
    note = ` (8799 was busy; used ${port})`;
    log(`wrangler dev: port 8799 is in use, using ${port} instead`);
  }

  log(`wrangler dev: starting on 127.0.0.1:${port}${note}`);
  const dev = spawnWranglerDev({ root, port, persistTo });
  track(dev.kill);

  try {
    const url = `http://127.0.0.1:${port}`;
    const path = `/products/${slug}`;
    const deadline = Date.now() + 60_000;
    let ready = false;
    while (Date.now() < deadline && dev.exited() === null) {
      try {
        const res = await fetch(url + path, { signal: AbortSignal.timeout(5000) });
        await res.arrayBuffer();
        if (res.ok) {
          ready = true;
          break;
        }
      } catch {}
      await sleep(250);
    }
    if (!ready) {
      return {
        ok: false,
        port,
        message:
          dev.exited() !== null
            ? `wrangler dev exited (${dev.exited()}) before serving: ${dev.tail().slice(-600)}`
            : `wrangler dev did not serve ${path} within 60 s; skipped. Last output: ${dev.tail().slice(-600)}`,
      };
    }
    const res = await fetch(url + path);
    await res.arrayBuffer();
    const xcache = res.headers.get('x-cache');
    const linesBefore = dev.lines();
    // CPU of the whole group: wrangler's Node process (which prints every request's log lines) + workerd.
    const result = await measure({ url, paths: [path], connections, warmup, duration }, () => groupCpuMs(dev.pid));
    return {
      ok: true,
      port,
      result,
      xcache,
      message:
        `wrangler dev on :${port}${note}; x-cache=${xcache}; ` +
        `${((dev.lines() - linesBefore) / Math.max(1, result.requests)).toFixed(1)} terminal lines/request; CPU/req by process: ` +
        Object.entries(result.partsMsPerReq ?? {})
          .filter(([k, v]) => k !== 'total' && v > 0)
          .map(([k, v]) => `${k} ${v.toFixed(2)} ms`)
          .join(', '),
    };
  } finally {
    // Give wrangler a moment to end workerd before the persist dir is removed.
    await dev.stop(4000);
  }
}

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
