// Where does the queue build under overload? `node bench/queue-probe.mjs` (a diagnostic, not a bench:
// it prints, appends nothing). Env: PROBE_RATE (journeys/s, 200), PROBE_SECONDS (15).
// Runs bench:peak's mix open loop against the same stack (bench/lib/stack.mjs) and, per answer,
// compares the client's time with the store's own: Server-Timing `total` is the time from Hono's
// timing middleware to the end, i.e. inside our JS including its awaits on D1, objects and fetches.
// A hot-lane replay or a shed answer runs no such await, so its whole client time is queueing outside
// our JS. Each second it samples the requests outstanding at the client, the Node event loop's delay,
// the CPU of workerd's threads and, from /proc/<pid>/schedstat, how long workerd's main thread was
// runnable but not running (waiting for a core the other processes held).
import { readdirSync, readFileSync } from 'node:fs';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { benchLog, envNumber, installCleanupHandlers, runBench } from './lib/bench.mjs';
import { benchShopper } from './lib/bench-shopper.mjs';
import { browseRoute, kindAt, DEFAULT_MIX } from './lib/mix.mjs';
import { startStoreWithEmulator } from './lib/stack.mjs';
import { pct } from './lib/stats.mjs';

const RATE = envNumber('PROBE_RATE', 200);
const SECONDS = envNumber('PROBE_SECONDS', 15);
const log = benchLog('probe');

function threadTicks(pid) {
  /** @type {Record<string, number>} */
  const out = {};
  for (const t of readdirSync(`/proc/${pid}/task`)) {
    try {
      const st = readFileSync(`/proc/${pid}/task/${t}/stat`, 'utf8');
      const f = st.slice(st.lastIndexOf(')') + 2).split(' ');
      out[`${t}:${st.slice(st.indexOf('(') + 1, st.lastIndexOf(')'))}`] = Number(f[11]) + Number(f[12]);
    } catch {}
  }
  return out;
}

async function main() {
  installCleanupHandlers();
  const { h, seeded, emulator, api } = await startStoreWithEmulator({ tmpPrefix: 'edgefront-probe-', products: 40, log });
  const pid = h.workerdPid;
  for (const sku of seeded.skus.slice(0, 24)) await api.setStock(sku, 1_000_000);
  const skus = seeded.skus.slice(0, 24);
  const pages = ['/', '/products', '/products?q=hoodie', ...seeded.catalog.products.map((/** @type {any} */ p) => `/products/${p.slug}`)];
  const pick = (/** @type {string[]} */ l) => l[Math.floor(Math.random() * l.length)];
  /** @type {{ route: string, status: number, ms: number, server: number | null, lane: string, t: number }[]} */
  const rows = [];
  let outstanding = 0;
  let n = 0;
  async function one(/** @type {string} */ kind, /** @type {number} */ t0) {
    const i = ++n;
    const s = benchShopper(h.url.store, `10.${i >> 16 & 255}.${(i >> 8) & 255}.${i & 255}`, `probe-${i}@bench.test`, { shippingAddress: { name: 'P', line1: '2 Ocean Ave', city: 'Los Angeles', region: 'CA', postalCode: '90001', country: 'US' }, shippingOptionId: 'us-standard' });
    const record = (/** @type {string} */ route, /** @type {any} */ r) => {
      const st = r.headers?.get('server-timing') ?? '';
      const total = /total;dur=([\d.]+)/.exec(st);
      rows.push({ route, status: r.status, ms: r.ms, server: total ? Number(total[1]) : null, lane: st.includes('hot') ? 'hot' : /shed/.test(st) ? (r.status === 503 ? 'shed 503' : 'shed stale') : '', t: t0 });
    };
    outstanding++;
    try {
      if (kind === 'browse') {
        const p = pick(pages);
        record(browseRoute(p), await s.timed('GET', p));
        return;
      }
      const add = await s.addToCart(pick(skus));
      record('POST /api/cart/items', add);
      if (kind === 'checkout' && add.status === 200) record('POST /api/checkout', await s.checkout({ timeoutMs: 30_000 }));
    } finally {
      outstanding--;
    }
  }
  // warm
  for (let i = 0; i < 40; i++) await one(kindAt(DEFAULT_MIX, i), 0);
  rows.length = 0;
  const loop = monitorEventLoopDelay({ resolution: 10 });
  loop.enable();
  const samples = [];
  let prev = threadTicks(pid);
  const sched = () => readFileSync(`/proc/${pid}/task/${pid}/schedstat`, 'utf8').split(' ').map(Number);
  let prevSched = sched();
  let prevSelf = process.cpuUsage();
  const sampler = setInterval(() => {
    const sc = sched();
    const self = process.cpuUsage();
    const runWaitPct = (sc[1] - prevSched[1]) / 1e7;
    const onCpuPct = (sc[0] - prevSched[0]) / 1e7;
    const nodePct = (self.user + self.system - prevSelf.user - prevSelf.system) / 1e4;
    prevSched = sc;
    prevSelf = self;
    const now = threadTicks(pid);
    const busy = Object.entries(now).map(([k, v]) => [k, v - (prev[k] ?? 0)]).filter(([, v]) => Number(v) > 0).sort((a, b) => Number(b[1]) - Number(a[1]));
    prev = now;
    samples.push({ onCpuPct, runWaitPct, nodePct, outstanding, loopP99: loop.percentile(99) / 1e6, threads: busy.slice(0, 3).map(([k, v]) => `${k}=${v}%`).join(' ') });
    loop.reset();
  }, 1000);
  const t0 = performance.now();
  const inFlight = [];
  const total = RATE * SECONDS;
  for (let i = 0; i < total; i++) {
    const wait = t0 + (i * 1000) / RATE - performance.now();
    if (wait > 1) await sleep(wait);
    inFlight.push(one(kindAt(DEFAULT_MIX, i), (performance.now() - t0) / 1000));
  }
  await Promise.race([Promise.all(inFlight), sleep(40_000)]);
  clearInterval(sampler);
  for (const s of samples) log(`workerd main thread on-cpu ${s.onCpuPct.toFixed(0)}%, runnable-but-waiting ${s.runWaitPct.toFixed(0)}%; node client ${s.nodePct.toFixed(0)}% cpu; outstanding ${s.outstanding}, node loop p99 ${s.loopP99.toFixed(0)} ms, workerd threads (ticks/s≈%): ${s.threads}`);
  const by = new Map();
  for (const r of rows) {
    const k = r.route + (r.lane ? ` [${r.lane}]` : '');
    by.set(k, [...(by.get(k) ?? []), r]);
  }
  for (const [route, rs] of by) {
    const withServer = rs.filter((/** @type {any} */ r) => r.server !== null);
    log(
      `${route}: n=${rs.length} statuses=${JSON.stringify(Object.fromEntries([...new Set(rs.map((/** @type {any} */ r) => r.status))].map((s) => [s, rs.filter((/** @type {any} */ r) => r.status === s).length])))} ` +
        `client p50/p99 ${pct(rs.map((/** @type {any} */ r) => r.ms), 50).toFixed(0)}/${pct(rs.map((/** @type {any} */ r) => r.ms), 99).toFixed(0)} ms; ` +
        `in-JS p50/p99 ${withServer.length ? `${pct(withServer.map((/** @type {any} */ r) => r.server), 50).toFixed(0)}/${pct(withServer.map((/** @type {any} */ r) => r.server), 99).toFixed(0)}` : '-'} ms (n=${withServer.length})`,
    );
  }
  // Over time: client latency of requests started in each 3 s window.
  for (let w = 0; w < SECONDS; w += 3) {
    const rs = rows.filter((r) => r.t >= w && r.t < w + 3);
    const ws = rs.filter((r) => r.server !== null);
    log(`t=${w}-${w + 3}s n=${rs.length} client p50 ${pct(rs.map((r) => r.ms), 50).toFixed(0)} ms, in-JS p50 ${ws.length ? pct(ws.map((r) => /** @type {number} */ (r.server)), 50).toFixed(0) : '-'} ms`);
  }
  await h.dispose();
  await emulator.stop();
  return 0;
}

runBench(main, log);
