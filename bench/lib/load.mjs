// Load generator for bench/pages.mjs.
//
// Runs autocannon in its OWN process, so the load generator never shares an event loop with the
// Miniflare host process (which drains workerd's stdout, i.e. the store's per-request log lines).
//
//   node bench/lib/load.mjs '<json spec>'   → prints one JSON result line on stdout
//
// spec: { url, paths: string[] (rotated globally across requests), connections, duration (s),
//         warmup (s), headers?, method? ('GET'), bodies?: string[] (rotated like paths),
//         maxRequests? / warmupMaxRequests? (caps: the phase ends at the cap or its duration) }
// The parent side is `runLoad(spec)` below.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const SELF = fileURLToPath(import.meta.url);

/** Exact percentile over a sorted Float64Array (nearest-rank). */
function percentile(sorted, p) {
  if (sorted.length === 0) return NaN;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank];
}

async function child(spec) {
  const { default: autocannon } = await import('autocannon');
  const paths = spec.paths.length ? spec.paths : ['/'];
  // Optional (bench/flash-sale.mjs): `method` and `bodies` (strings, rotated like the paths).
  const bodies = spec.bodies?.length ? spec.bodies : null;
  const cookies = spec.cookies?.length ? spec.cookies : null;
  let next = 0;
  const requests = [
    {
      method: spec.method ?? 'GET',
      // One shared counter, so consecutive requests (across all connections) get different paths.
      setupRequest: (req) => {
        const n = next++;
        req.path = paths[n % paths.length];
        if (bodies) req.body = bodies[n % bodies.length];
        // Rotating cookies: each request speaks for one of N existing visitors (their carts, say).
        if (cookies) req.headers = { ...(spec.headers ?? {}), cookie: cookies[n % cookies.length] };
        return req;
      },
    },
  ];

  const once = (duration, record, maxRequests) =>
    new Promise((resolve, reject) => {
      const latencies = [];
      const status = { '1xx': 0, '2xx': 0, '3xx': 0, '4xx': 0, '5xx': 0 };
      const errorKinds = {};
      const inst = autocannon(
        {
          url: spec.url,
          connections: spec.connections,
          duration,
          requests,
          headers: spec.headers ?? {},
          timeout: 10,
          // Optional cap (bench/flash-sale.mjs: each request creates a Durable Object, and one local
          // workerd holds only a few thousand); the run ends at the cap or the duration, whichever first.
          ...(maxRequests ? { maxOverallRequests: Math.max(maxRequests, spec.connections) } : {}),
        },
        (err, result) => (err ? reject(err) : resolve({ result, latencies, status, errorKinds })),
      );
      inst.on('reqError', (err) => {
        if (!record) return;
        const k = err?.code ?? err?.message ?? String(err);
        errorKinds[k] = (errorKinds[k] ?? 0) + 1;
      });
      inst.on('response', (_client, statusCode, _bytes, responseTime) => {
        if (!record) return;
        latencies.push(responseTime);
        const k = `${Math.floor(statusCode / 100)}xx`;
        if (k in status) status[k] += 1;
      });
    });

  if (spec.warmup > 0) await once(spec.warmup, false, spec.warmupMaxRequests);
  // Tells the parent the measured phase starts (it samples CPU counters then).
  process.stdout.write(`${JSON.stringify({ phase: 'measure' })}\n`);
  const cpu0 = process.cpuUsage();
  const { result, latencies, status, errorKinds } = await once(spec.duration, true, spec.maxRequests);
  const cpu = process.cpuUsage(cpu0);
  const sorted = Float64Array.from(latencies).sort();
  const out = {
    requests: result.requests.total,
    rps: result.requests.total / (result.duration || spec.duration),
    rpsAvg: result.requests.average,
    p50: percentile(sorted, 50),
    p90: percentile(sorted, 90),
    p99: percentile(sorted, 99),
    max: sorted.length ? sorted[sorted.length - 1] : NaN,
    // autocannon's own (integer-ms HDR histogram) numbers, for cross-checking.
    acP50: result.latency.p50,
    acP99: result.latency.p99,
    non2xx: result.non2xx,
    /** Socket errors, timeouts included (autocannon counts a timeout in both). */
    errors: result.errors,
    timeouts: result.timeouts,
    status,
    errorKinds,
    bytesPerReq: result.requests.total ? result.throughput.total / result.requests.total : 0,
    duration: result.duration,
    /** CPU the load generator itself used during the measured phase, ms. */
    loadCpuMs: (cpu.user + cpu.system) / 1000,
  };
  process.stdout.write(`${JSON.stringify(out)}\n`);
}

const active = new Set();

/**
 * Spawns the load child and resolves with its parsed result. `hooks.onMeasure()` runs when the warm-up
 * is over and the measured phase begins; `hooks.onEnd()` as soon as the child reports its result.
 */
export function runLoad(spec, hooks = {}) {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, [SELF, JSON.stringify(spec)], { stdio: ['ignore', 'pipe', 'pipe'] });
    active.add(proc);
    let out = '';
    let err = '';
    let seen = 0;
    proc.stdout.on('data', (b) => {
      out += b;
      const lines = out.split('\n');
      for (; seen < lines.length - 1; seen++) {
        const line = lines[seen];
        if (line.includes('"phase":"measure"')) hooks.onMeasure?.();
        else if (line.startsWith('{')) hooks.onEnd?.();
      }
    });
    proc.stderr.on('data', (b) => (err += b));
    proc.on('error', reject);
    proc.on('close', (code, signal) => {
      active.delete(proc);
      if (code !== 0) return reject(new Error(`load child exited ${code ?? signal}: ${err.trim()}`));
      try {
        resolve(JSON.parse(out.trim().split('\n').pop()));
      } catch (e) {
        reject(new Error(`load child printed no result: ${out} ${err}`));
      }
    });
  });
}

/** Ends any load child still running (by pid; they are our own children). */
export function killLoads() {
  for (const proc of active) {
    try {
      proc.kill('SIGTERM');
    } catch {}
  }
}

if (process.argv[1] === SELF) {
  child(JSON.parse(process.argv[2])).catch((e) => {
    console.error(e?.stack ?? e);
    process.exit(1);
  });
}
