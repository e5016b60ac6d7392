// The frame every bench runs in: where the repository and bench/RESULTS.md are, BENCH_* options,
// the progress log, the cleanup registry (every child process and temp dir is ended or removed, even
// when a run fails or is interrupted), runBench() and bounded phases.
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { killLoads } from './load.mjs';

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

/** Where the throwaway state lives and on what filesystem (each Durable Object is a SQLite file there). */
export function stateDirInfo(dir) {
  let fstype = '?';
  try {
    fstype = execFileSync('stat', ['-f', '-c', '%T', dir], { encoding: 'utf8' }).trim();
  } catch {}
  return `${dir} (${fstype === 'ext2/ext3' ? 'ext2/3/4, on disk' : fstype})`;
}
