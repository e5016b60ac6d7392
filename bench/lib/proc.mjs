// Child processes of the benchmarks (wrangler, the Stripe emulator): one place for how they are run,
// watched and ended, shared by bench/lib/store-harness.mjs and bench/lib/wrangler-dev.mjs.
import { spawn } from 'node:child_process';
import net from 'node:net';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

export const TOOL_ENV = {
  ...process.env,
  CI: 'true', // no interactive prompts (migrations "Ok to proceed?")
  WRANGLER_SEND_METRICS: 'false',
  FORCE_COLOR: '0',
  NO_COLOR: '1',
};

export const wranglerBin = (root) => join(root, 'node_modules/wrangler/bin/wrangler.js');

/** Runs a command to its end; rejects on a non-zero exit with `exitCode` and `output` on the error. */
export function exec(cmd, args, opts) {
  return new Promise((resolveRun, reject) => {
    const proc = spawn(cmd, args, { ...opts, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    proc.stdout.on('data', (b) => (out += b));
    proc.stderr.on('data', (b) => (out += b));
    proc.on('error', reject);
    proc.on('close', (code) => {
      if (code === 0) return resolveRun(out);
      reject(Object.assign(new Error(`${args.join(' ')} exited ${code}:\n${out.slice(-2000)}`), { exitCode: code, output: out }));
    });
  });
}

export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = /** @type {import('node:net').AddressInfo} */ (srv.address());
      srv.close(() => resolve(port));
    });
  });
}

/**
 * Spawns a long-running server in its own process group (wrangler and tsx start child processes of
 * their own, and a signal to the group reaches them too, and nothing of ours). Keeps the last
 * `tailChars` of its output for error messages and counts its lines (wrangler dev prints one per request).
 * Returns { proc, pid, exited(), kill(signal), stop(graceMs), tail(), lines() }.
 */
export function spawnGroup(cmd, args, { cwd, env, tailChars = 4000 }) {
  const proc = spawn(cmd, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let exited = null;
  proc.on('exit', (code, signal) => (exited = code ?? signal));
  let tail = '';
  let lines = 0;
  const drain = (b) => {
    const s = b.toString();
    tail = (tail + s).slice(-tailChars);
    for (let i = s.indexOf('\n'); i !== -1; i = s.indexOf('\n', i + 1)) lines++;
  };
  proc.stdout.on('data', drain);
  proc.stderr.on('data', drain);
  const kill = (signal) => {
    try {
      process.kill(-proc.pid, signal);
    } catch {}
  };
  /** SIGTERM, then SIGKILL if it has not exited within `graceMs`. */
  const stop = async (graceMs) => {
    if (exited !== null) return;
    kill('SIGTERM');
    for (let i = 0; i < graceMs / 100 && exited === null; i++) await sleep(100);
    if (exited === null) kill('SIGKILL');
  };
  return { proc, pid: proc.pid, exited: () => exited, kill, stop, tail: () => tail, lines: () => lines };
}
