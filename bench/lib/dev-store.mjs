// `npm run dev` as a bench's store: scripts/dev.mjs (migrations, the seeded demo, the Stripe emulator,
// the demo stock, then `wrangler dev`) on ports of the bench's own, in its own process group, as
// scripts/readme-examples.mjs and scripts/ci-synthetic.sh start it. The store is what a developer runs,
// wrangler dev's edge cache and Images binding included, so page audits see the real thing.
import { setTimeout as sleep } from 'node:timers/promises';
import { spawnGroup } from './proc.mjs';

// A fresh clone seeds the whole demo first (D1, drawn images into R2, stock): minutes on a busy machine.
const START_TIMEOUT_MS = 480_000;
const READY_LINE = /^▸ Store on /m;

/**
 * Starts scripts/dev.mjs with PORT / STRIPE_EMULATOR_PORT and resolves once it prints "▸ Store on"
 * (the demo stock is in the counters by then). `track(kill)` registers the group's kill for cleanup.
 * Returns { url, emulatorUrl, stop(), tail() }; rejects with the last output when it fails to come up.
 */
export async function startDevStore({ root, port, emulatorPort, log, track }) {
  log?.(`npm run dev on 127.0.0.1:${port} (emulator :${emulatorPort})`);
  const dev = spawnGroup(process.execPath, ['scripts/dev.mjs'], {
    cwd: root,
    env: { ...process.env, PORT: String(port), STRIPE_EMULATOR_PORT: String(emulatorPort), FORCE_COLOR: '0', NO_COLOR: '1' },
    tailChars: 200_000,
  });
  track?.(dev.kill);
  const started = Date.now();
  while (!READY_LINE.test(dev.tail())) {
    if (dev.exited() !== null) throw new Error(`npm run dev exited (${dev.exited()}):\n${dev.tail().slice(-2000)}`);
    if (Date.now() - started > START_TIMEOUT_MS) {
      await dev.stop(4000);
      throw new Error(`npm run dev did not come up within ${START_TIMEOUT_MS / 1000} s:\n${dev.tail().slice(-2000)}`);
    }
    await sleep(250);
  }
  log?.(`npm run dev up in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  return {
    url: `http://127.0.0.1:${port}`,
    emulatorUrl: `http://127.0.0.1:${emulatorPort}`,
    stop: () => dev.stop(5000),
    tail: () => dev.tail(),
  };
}
