// Reference measurement under `wrangler dev` (the developer's loop), cached product page only.
import { spawn } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import net from 'node:net';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Miniflare } from 'miniflare';
import { seedCatalog } from './data.mjs';
import { BARE_WORKER } from './workers.mjs';

const WRANGLER_ENV = {
  ...process.env,
  CI: 'true', // no interactive prompts (migrations "Ok to proceed?")
  WRANGLER_SEND_METRICS: 'false',
  FORCE_COLOR: '0',
  NO_COLOR: '1',
};

export const wranglerBin = (root) => join(root, 'node_modules/wrangler/bin/wrangler.js');

function portFree(port) {
  return new Promise((resolve) => {
    const srv = net.createServer();
    srv.once('error', () => resolve(false));
    srv.listen(port, '127.0.0.1', () => srv.close(() => resolve(true)));
  });
}

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

function run(cmd, args, opts) {
  return new Promise((resolve) => {
    const proc = spawn(cmd, args, { ...opts, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    proc.stdout.on('data', (b) => (out += b));
    proc.stderr.on('data', (b) => (out += b));
    proc.on('close', (code) => resolve({ code, out }));
    proc.on('error', (err) => resolve({ code: -1, out: String(err) }));
  });
}

/**
 * Migrates and seeds `persistTo` the way a developer would, starts `wrangler dev` on it, loads the
 * cached product page with `measure(spec, cpuFn)`, and stops it. Returns { ok, result?, message, port }.
 * `track(stop)` registers `stop(signal?)`, which signals wrangler's process group, for cleanup on exit/SIGINT.
 */
export async function benchWranglerDev({ root, persistTo, slug, products, measure, groupCpuMs, connections, warmup, duration, log, track }) {
  await mkdir(persistTo, { recursive: true });
  const bin = wranglerBin(root);

  log(`wrangler dev: d1 migrations apply DB --local --persist-to ${persistTo}`);
  const mig = await run(process.execPath, [bin, 'd1', 'migrations', 'apply', 'DB', '--local', '--persist-to', persistTo], {
    cwd: root,
    env: WRANGLER_ENV,
  });
  if (mig.code !== 0) return { ok: false, message: `migrations apply failed (exit ${mig.code}): ${mig.out.slice(-500)}` };

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
    await seedCatalog(await seeder.getD1Database('DB'), root, products);
  } finally {
    await seeder.dispose();
  }

  let port = 8799;
  let note = '';
  if (!(await portFree(port))) {
    port = await freePort();
    note = ` (8799 was busy; used ${port})`;
    log(`wrangler dev: port 8799 is in use, using ${port} instead`);
  }

  log(`wrangler dev: starting on 127.0.0.1:${port}${note}`);
  const proc = spawn(
    process.execPath,
    [bin, 'dev', '--ip', '127.0.0.1', '--port', String(port), '--persist-to', persistTo, '--show-interactive-dev-session=false'],
    // Own process group, so cleanup can end wrangler and the workerd it starts, and nothing else.
    { cwd: root, env: WRANGLER_ENV, stdio: ['ignore', 'pipe', 'pipe'], detached: true },
  );
  const stop = (signal = 'SIGTERM') => {
    try {
      process.kill(-proc.pid, signal);
    } catch {}
  };
  track(stop);
  let tail = '';
  let lines = 0;
  const drain = (b) => {
    const s = b.toString();
    tail = (tail + s).slice(-2000);
    for (let i = s.indexOf('\n'); i !== -1; i = s.indexOf('\n', i + 1)) lines++;
  };
  proc.stdout.on('data', drain);
  proc.stderr.on('data', drain);
  let exited = null;
  proc.on('exit', (code, signal) => (exited = code ?? signal));

  try {
    const url = `http://127.0.0.1:${port}`;
    const path = `/products/${slug}`;
    const deadline = Date.now() + 60_000;
    let ready = false;
    while (Date.now() < deadline && exited === null) {
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
          exited !== null
            ? `wrangler dev exited (${exited}) before serving: ${tail.slice(-600)}`
            : `wrangler dev did not serve ${path} within 60 s; skipped. Last output: ${tail.slice(-600)}`,
      };
    }
    const res = await fetch(url + path);
    await res.arrayBuffer();
    const xcache = res.headers.get('x-cache');
    const linesBefore = lines;
    // CPU of the whole group: wrangler's Node process (which prints every request's log lines) + workerd.
    const result = await measure({ url, paths: [path], connections, warmup, duration }, () => groupCpuMs(proc.pid));
    return {
      ok: true,
      port,
      result,
      xcache,
      message:
        `wrangler dev on :${port}${note}; x-cache=${xcache}; ` +
        `${((lines - linesBefore) / Math.max(1, result.requests)).toFixed(1)} terminal lines/request; CPU/req by process: ` +
        Object.entries(result.partsMsPerReq ?? {})
          .filter(([k, v]) => k !== 'total' && v > 0)
          .map(([k, v]) => `${k} ${v.toFixed(2)} ms`)
          .join(', '),
    };
  } finally {
    stop();
    // Give wrangler a moment to end workerd before the persist dir is removed.
    for (let i = 0; i < 40 && exited === null; i++) await sleep(100);
    if (exited === null) {
      try {
        process.kill(-proc.pid, 'SIGKILL');
      } catch {}
    }
  }
}
