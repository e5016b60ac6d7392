import { execFile } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseDrillArgs } from './options';
import { startOwnStore, type DrillStore } from './store';

const ROOT = resolve(import.meta.dirname, '../..');
const run = promisify(execFile);

/** `npm run drill -- <args>` against the test's store; resolves with its exit code and output. */
async function drill(store: DrillStore, args: string[]) {
  try {
    const { stdout } = await run(join(ROOT, 'node_modules/.bin/tsx'), ['scripts/drill.ts', '--base-url', store.base, '--emulator-url', store.emulator, ...args], {
      cwd: ROOT,
      timeout: 90_000,
    });
    return { code: 0, stdout };
  } catch (err) {
    const failed = err as { code?: number; stdout?: string; stderr?: string };
    return { code: failed.code ?? -1, stdout: `${failed.stdout ?? ''}${failed.stderr ?? ''}` };
  }
}

const summary = (stdout: string) => stdout.trim().split('\n').at(-1)!;

// The two drills run side by side on one store: each one's faults aim at its own shoppers (run id).
describe.concurrent('npm run drill', () => {
  let store: DrillStore;

  beforeAll(async () => {
    // The second store's ports of this worktree; a small seed keeps the start short.
    store = await startOwnStore(parseDrillArgs(['--seconds', '1', '--port', '8913', '--emulator-port', '12313', '--products', '8']), () => {});
  }, 240_000);

  afterAll(async () => {
    await store?.stop();
  });

  it('a short drill with the payment fault loses nothing and passes, counting from the store’s records', async () => {
    const result = await drill(store, ['--seconds', '4', '--rate', '3', '--faults', 'payment', '--settle-seconds', '30']);
    expect(result.code, result.stdout).toBe(0);
    const line = summary(result.stdout);
    expect(line).toMatch(/^drill: started \d+, paid \d+, lost 0, oversold 0, charged twice 0, shipped twice 0, 5xx [\d.]+%$/);
    const [, started, paid] = /started (\d+), paid (\d+)/.exec(line)!.map(Number);
    expect(paid).toBeGreaterThan(0);
    expect(started).toBeGreaterThanOrEqual(paid!);
    expect(result.stdout).toMatch(/payment: payment provider: session creation fails once/);
    expect(result.stdout).toMatch(/\| paid but not shipped after the settle \(0\) +\| 0 \|/);
  }, 90_000);

  it('fails, naming the loss, when a paid webhook is dropped for good (the test-only fault)', async () => {
    const result = await drill(store, ['--seconds', '4', '--rate', '3', '--faults', 'lose-order', '--settle-seconds', '6']);
    expect(result.code, result.stdout).toBe(1);
    expect(summary(result.stdout)).toMatch(/lost [1-9]\d*,/);
    expect(result.stdout).toMatch(/\| lost: [^|]+\| [1-9]\d* \(ord_[A-Za-z0-9_-]+/);
  }, 90_000);
});

describe('the dev fault switch', () => {
  it('is reachable only from its own entry: nothing wrangler deploys imports dev/', () => {
    const toml = readFileSync(join(ROOT, 'wrangler.toml'), 'utf8');
    expect(toml).toMatch(/^main = "worker\/index\.ts"$/m);
    const sources = (dir: string): string[] =>
      readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((d) =>
        d.isDirectory() ? sources(join(dir, d.name)) : /\.tsx?$/.test(d.name) ? [join(dir, d.name)] : [],
      );
    const offenders = [...sources('worker'), ...sources('durable-objects')].filter((file) =>
      /from ['"](?:\.\.\/)+dev\/|['"`]fault:|\/_dev\/faults/.test(readFileSync(join(ROOT, file), 'utf8')),
    );
    expect(offenders).toEqual([]);
  });
});
