// The local Stripe emulator (dev/stripe-emulator) as a CHILD PROCESS of the bench, its CPU apart
// from the store's, and what the benches read back from it.
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { onCleanup, onExitSync } from './bench.mjs';
import { groupCpuMs } from './cpu.mjs';
import { spawnGroup, TOOL_ENV } from './proc.mjs';

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
