import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Endpoints } from './http';
import type { DrillOptions } from './options';

const ROOT = resolve(import.meta.dirname, '../..');
const START_TIMEOUT_MS = 480_000;

/** The store under drill: where it answers, and how to stop it (a no-op for one the drill did not start). */
export interface DrillStore extends Endpoints {
  own: boolean;
  stop: () => Promise<void>;
  /** What the drill's own `npm run dev` printed (for a failure's message). */
  output: () => string;
}

/** What the drill's own store runs with: short timeouts and retries, so a 60 s drill sees recoveries. */
const DRILL_VARS = {
  // Below the emulator's injected timeouts (scripts/drill/faults.ts), so a slow provider is a timeout.
  STRIPE_TIMEOUT_MS: '2000',
  FULFILLMENT_RETRY_SECONDS: '1',
  EMAIL_RETRY_SECONDS: '1',
  // Cached catalog copies go stale within the D1 fault, so what serves them is stale-if-error.
  CACHE_FRESH_SECONDS: '2',
  CACHE_SWR_SECONDS: '2',
};

function devVars(): Record<string, string> {
  const file = join(ROOT, '.dev.vars');
  const text = readFileSync(existsSync(file) ? file : join(ROOT, '.dev.vars.example'), 'utf8');
  return Object.fromEntries([...text.matchAll(/^\s*([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*?)\s*$/gm)].map((m) => [m[1]!, m[2]!.replace(/^(["'])(.*)\1$/, '$2')]));
}

export function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer().once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolvePort(port));
    });
  });
}

/** A store someone else runs (`--base-url`): secrets from the environment, else .dev.vars as `npm run dev` uses. */
export function givenStore(options: DrillOptions): DrillStore {
  const vars = devVars();
  return {
    own: false,
    base: options.baseUrl!,
    emulator: options.emulatorUrl,
    adminToken: process.env.ADMIN_TOKEN ?? vars.ADMIN_TOKEN ?? '',
    stripeSecretKey: process.env.STRIPE_SECRET_KEY ?? vars.STRIPE_SECRET_KEY ?? '',
    stop: async () => {},
    output: () => '',
  };
}

function stopGroup(child: ChildProcess): Promise<void> {
  const kill = (signal: NodeJS.Signals) => {
    try {
      process.kill(-child.pid!, signal);
    } catch {
      // already gone
    }
  };
  // dev.mjs may have exited on its own (a failed start) while its wrangler and workerd, in the same
  // process group, still hold the ports: the group is ended either way.
  if (child.exitCode !== null || child.signalCode !== null) {
    kill('SIGKILL');
    return Promise.resolve();
  }
  return new Promise((done) => {
    const hard = setTimeout(() => kill('SIGKILL'), 8_000);
    child.once('exit', () => {
      clearTimeout(hard);
      done();
    });
    kill('SIGTERM');
  });
}

/**
 * The drill's own store: `npm run dev` (scripts/dev.mjs: migrations, the seed, the emulator, `wrangler
 * dev`, the demo stock) on chosen ports over a throwaway state directory, with the dev-only fault
 * switch as its entry (dev/fault-switch/worker.ts). Resolves once dev.mjs says the store is up.
 */
export async function startOwnStore(options: DrillOptions, log: (line: string) => void): Promise<DrillStore> {
  const port = options.port ?? (await freePort());
  const emulatorPort = options.emulatorPort ?? (await freePort());
  const state = mkdtempSync(join(tmpdir(), 'edgefront-drill-'));
  const args = Object.entries(DRILL_VARS).flatMap(([name, value]) => ['--var', `${name}:${value}`]);
  log(`starting a store of its own: npm run dev on 127.0.0.1:${port} (emulator ${emulatorPort}), state ${state}, ${options.products} products, fault switch on`);
  const child = spawn(process.execPath, [join(ROOT, 'scripts/dev.mjs'), ...args], {
    cwd: ROOT,
    env: {
      ...process.env,
      PORT: String(port),
      STRIPE_EMULATOR_PORT: String(emulatorPort),
      DEV_STATE_DIR: state,
      DEV_SEED_PRODUCTS: String(options.products),
      DEV_ENTRY: 'dev/fault-switch/worker.ts',
      WRANGLER_SEND_METRICS: 'false',
      NO_COLOR: '1',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let output = '';
  const keep = (chunk: Buffer) => (output = (output + chunk.toString()).slice(-200_000));
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const stop = async () => {
    await stopGroup(child);
    rmSync(state, { recursive: true, force: true, maxRetries: 3 });
  };
  const started = Date.now();
  for (;;) {
    if (/^▸ Store on /m.test(output)) break;
    if (child.exitCode !== null || /^✗ /m.test(output) || Date.now() - started > START_TIMEOUT_MS) {
      await stop();
      throw new Error(`the drill's store did not start (npm run dev):\n${output.slice(-3000)}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  log(`store up in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  const vars = devVars();
  return {
    own: true,
    base: `http://127.0.0.1:${port}`,
    emulator: `http://127.0.0.1:${emulatorPort}`,
    adminToken: vars.ADMIN_TOKEN ?? '',
    stripeSecretKey: vars.STRIPE_SECRET_KEY ?? '',
    stop,
    output: () => output,
  };
}
