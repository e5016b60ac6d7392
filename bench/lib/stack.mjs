// The store with its whole backend and the Stripe emulator, as bench/checkout.mjs and bench/peak.mjs
// run it: the production bundle in one Miniflare (D1, KV, R2, Durable Objects, queues with their
// consumers), migrated and seeded, and the emulator as a child process pointed at the store (and the
// store at it: STRIPE_API_BASE, FULFILLMENT_URL). Everything is ended by cleanup().
import { join } from 'node:path';
import { machineInfo } from './report.mjs';
import { benchTmpDir, ROOT } from './bench.mjs';
import { benchSecrets, bundleStore } from './bundle.mjs';
import { startEmulator, storeAndEmulatorCpu } from './emulator.mjs';
import { Http } from './http.mjs';
import { seedStore, startMiniflare } from './miniflare.mjs';
import { freePort } from './proc.mjs';

/**
 * `announce(machine)` runs before the (slow) bundling, for the bench's first progress line.
 * `vars` override the store's [vars] (a bench's settings, e.g. load-shedding limits).
 * @param {{ tmpPrefix: string, products: number, assetsRouter?: boolean, vars?: Record<string, string>, log: (msg: string) => void, announce?: (machine: ReturnType<typeof machineInfo>) => void }} opts
 */
export async function startStoreWithEmulator({ tmpPrefix, products, assetsRouter = false, vars = {}, log, announce }) {
  const tmp = await benchTmpDir(tmpPrefix);
  const machine = machineInfo();
  announce?.(machine);
  const bundle = await bundleStore(ROOT, join(tmp, 'bundle'));
  log(`bundle: ${bundle.files.join(', ')} ${(bundle.raw / 1024).toFixed(1)} KiB raw, ${(bundle.gzip / 1024).toFixed(1)} KiB gzip`);
  const secrets = await benchSecrets(ROOT);
  const emulatorPort = await freePort();
  const emulatorUrl = `http://127.0.0.1:${emulatorPort}`;
  const h = await startMiniflare({
    root: ROOT,
    bundle,
    tmp,
    secrets,
    vars: { ...vars, STRIPE_API_BASE: emulatorUrl, FULFILLMENT_URL: `${emulatorUrl}/_warehouse/shipments` },
    assetsRouter,
    log,
  });
  const seeded = await seedStore(h.mf, 'store', ROOT, products);
  log(`data: ${seeded.mig.statements} migration statements; ${seeded.catalog.products.length} products, ${seeded.skus.length} SKUs`);
  const emulator = await startEmulator({ root: ROOT, port: emulatorPort, storeUrl: h.url.store, secrets, log });
  const api = new Http(h.url.store, { adminToken: secrets.ADMIN_TOKEN });
  const server = storeAndEmulatorCpu(h, emulator);
  return { tmp, machine, bundle, secrets, h, seeded, emulator, api, server };
}
