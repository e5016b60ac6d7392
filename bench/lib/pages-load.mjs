// bench/pages.mjs's load runs: every target (BENCH_ONLY selects), REPEATS times, each through
// autocannon with workerd's CPU; medians per target and each route over the ceilings measured in the
// same repeat.
import { rssMiB } from './cpu.mjs';
import { measure } from './measure.mjs';
import { CONNECTIONS, DIAG, DIAG_DURATION, DIAG_WARMUP, DURATION, FACETED, log, REPEATS, WARMUP } from './pages-settings.mjs';
import { f0, f2, median } from './report.mjs';

/**
 * @param {{ url: Record<string, string>, slug: string, slugs: string[], productSql: any, apiSql: any, hasLogLevel: boolean, runtime: any, workerdPid: number, workerdCpu: () => number, db: any }} opts
 */
export async function loadTargets({ url, slug, slugs, productSql, apiSql, hasLogLevel, runtime, workerdPid, workerdCpu, db }) {
  const targets = [
    { key: 'bare', label: 'bare ceiling', worker: 'bare', paths: ['/'] },
    { key: 'query', label: 'one-query ceiling', worker: 'one-query', paths: ['/'] },
    { key: 'pageCached', label: 'product page, cached', worker: 'store-on', paths: [`/products/${slug}`] },
    { key: 'pageUncached', label: 'product page, uncached', worker: 'store-off', paths: slugs.map((s) => `/products/${s}`) },
    { key: 'pageCachedQuiet', label: 'product page, cached, TELEMETRY=off', worker: 'quiet-on', paths: [`/products/${slug}`] },
    { key: 'pageUncachedQuiet', label: 'product page, uncached, TELEMETRY=off', worker: 'quiet-off', paths: slugs.map((s) => `/products/${s}`) },
    { key: 'apiUncached', label: '/api/products?limit=24, uncached', worker: 'store-off', paths: ['/api/products?limit=24'] },
    { key: 'apiCached', label: '/api/products?limit=24, cached', worker: 'store-on', paths: ['/api/products?limit=24'] },
    { key: 'search', label: '/api/products?q=hoodie, uncached', worker: 'store-off', paths: ['/api/products?q=hoodie&limit=24'] },
    { key: 'suggestCached', label: '/api/search/suggest?q=hoo, cached', worker: 'store-on', paths: ['/api/search/suggest?q=hoo'] },
    { key: 'facetedUncached', label: 'faceted list page (2 facets + sort), uncached', worker: 'store-off', paths: [FACETED] },
    { key: 'facetedCached', label: 'faceted list page (2 facets + sort), cached', worker: 'store-on', paths: [FACETED] },
    ...(DIAG
      ? [
          { key: 'bareAssets', label: '[diag] bare + assets router', worker: 'bare-assets', paths: ['/'], diag: true },
          { key: 'pageCachedDirect', label: '[diag] cached page, no assets router', worker: 'direct-on', paths: [`/products/${slug}`], diag: true },
          { key: 'pageCachedDirectNolog', label: `[diag] … and ${hasLogLevel ? 'LOG_LEVEL=warn' : 'no console.log'}`, worker: 'direct-nolog-on', paths: [`/products/${slug}`], diag: true },
          { key: 'pageUncachedDirect', label: '[diag] uncached page, no assets router', worker: 'direct-off', paths: slugs.map((s) => `/products/${s}`), diag: true },
          ...(productSql
            ? [
                {
                  key: 'productSql',
                  label: "[diag] product page's D1 query alone",
                  worker: 'replay-sql',
                  paths: slugs.map((s) => `/${encodeURIComponent(s)}`),
                  headers: { 'x-bench-sql': JSON.stringify(productSql) },
                  diag: true,
                },
              ]
            : []),
          ...(apiSql
            ? [
                {
                  key: 'apiSql',
                  label: "[diag] /api/products?limit=24's D1 query alone",
                  worker: 'replay-sql',
                  paths: ['/'],
                  headers: { 'x-bench-sql': JSON.stringify(apiSql) },
                  diag: true,
                },
              ]
            : []),
        ]
      : []),
  ];
  // BENCH_ONLY=key,key runs a subset (keys: bare, query, pageCached, pageUncached, apiUncached, apiCached,
  // search, suggestCached, bareAssets, pageCachedDirect, pageCachedDirectNolog, pageUncachedDirect, productSql, apiSql); skipped
  // targets show as "–".
  const only = process.env.BENCH_ONLY ? new Set(process.env.BENCH_ONLY.split(',').map((s) => s.trim())) : null;
  const selected = only ? targets.filter((t) => only.has(t.key)) : targets;
  const runs = Object.fromEntries(targets.map((t) => [t.key, []]));
  const drainEvents = () => eventsDrained(db, workerdCpu);
  await drainEvents();
  for (let rep = 1; rep <= REPEATS; rep++) {
    for (const t of selected) {
      const linesBefore = runtime.stdoutLines;
      const r = await measure(
        {
          url: url[t.worker],
          paths: t.paths,
          headers: t.headers,
          connections: CONNECTIONS,
          warmup: t.diag ? DIAG_WARMUP : WARMUP,
          duration: t.diag ? DIAG_DURATION : DURATION,
        },
        workerdCpu,
      );
      r.logLines = runtime.stdoutLines - linesBefore;
      // The events a phase recorded are stored by the EVENTS consumer in this same workerd, partly after
      // the load ends: wait until D1's events table stops growing and charge that CPU to the phase, so a
      // telemetry phase pays for its whole pipeline and the next phase for none of it.
      const drain = await drainEvents();
      r.drainMs = drain.ms;
      r.drainCpuMs = drain.cpuMs;
      if (Number.isFinite(r.serverMsPerReq) && r.requests > 0) r.serverMsPerReq += drain.cpuMs / r.requests;
      runs[t.key].push(r);
      log(
        `${REPEATS > 1 ? `[${rep}/${REPEATS}] ` : ''}${t.label.padEnd(38)} ${f0(r.rps).padStart(6)} req/s  ` +
          `p50 ${f2(r.p50)} ms  p99 ${f2(r.p99)} ms  non-2xx ${r.non2xx}  errors ${r.errors}  ` +
          `workerd ${r.serverMsPerReq?.toFixed(3)} ms CPU/req (${f0(r.drainCpuMs)} ms of it storing events over ${f0(r.drainMs)} ms after the load), ` +
          `${f0(rssMiB(workerdPid))} MiB RSS  foreign CPU ${f0(r.foreignPct)}%`,
      );
      if (r.errors + r.non2xx > 0) {
        log(`  ↳ errors ${JSON.stringify(r.errorKinds)}, timeouts ${r.timeouts}, status ${JSON.stringify(r.status)}`);
        if (runtime.stderrTail.trim()) log(`  ↳ workerd stderr (tail): ${runtime.stderrTail.trim().slice(-800)}`);
        if (runtime.otherStdout.length) log(`  ↳ workerd stdout, other than access lines (tail):\n      ${runtime.otherStdout.join('\n      ')}`);
      }
    }
  }

  const agg = {};
  const none = { rps: NaN, p50: NaN, p99: NaN, cpuPerReq: NaN, foreignPct: NaN };
  for (const key of ['bareAssets', 'pageCachedDirect', 'pageCachedDirectNolog', 'pageUncachedDirect', 'productSql', 'apiSql']) agg[key] = none;
  for (const t of targets) {
    const rs = runs[t.key];
    agg[t.key] = {
      label: t.label,
      rps: median(rs.map((r) => r.rps)),
      p50: median(rs.map((r) => r.p50)),
      p99: median(rs.map((r) => r.p99)),
      non2xx: rs.reduce((a, r) => a + r.non2xx, 0),
      errors: rs.reduce((a, r) => a + r.errors, 0),
      status: rs.map((r) => r.status),
      bytesPerReq: median(rs.map((r) => r.bytesPerReq)),
      cpuPerReq: median(rs.map((r) => r.serverMsPerReq)),
      foreignPct: median(rs.map((r) => r.foreignPct)),
      logLinesPerReq: median(rs.map((r) => r.logLines / Math.max(1, r.requests))),
    };
  }
  // A route against a ceiling: the median over repeats of the ratio within each repeat (the two loads
  // ran seconds apart), not one repeat's route over another's ceiling. On these 2 shared cores a
  // ceiling can collapse for one repeat (547 vs 906 req/s in one run) and take a ratio of medians
  // with it. cpuRatio* is the same pairing on workerd CPU per request (ceiling / route), which the
  // noise moves far less.
  const paired = (key, ceiling, f) => {
    const a = runs[key];
    const b = runs[ceiling];
    if (!a?.length || a.length !== b?.length) return NaN;
    return median(a.map((r, i) => f(r, b[i])));
  };
  for (const t of targets) {
    const a = agg[t.key];
    a.ratioBare = paired(t.key, 'bare', (r, c) => r.rps / c.rps);
    a.ratioQuery = paired(t.key, 'query', (r, c) => r.rps / c.rps);
    a.cpuRatioBare = paired(t.key, 'bare', (r, c) => c.serverMsPerReq / r.serverMsPerReq);
    a.cpuRatioQuery = paired(t.key, 'query', (r, c) => c.serverMsPerReq / r.serverMsPerReq);
    a.flag = a.non2xx > 0 || a.errors > 0;
  }
  // Telemetry's cost, same run (issue #10): each route against itself with TELEMETRY=off, paired per repeat.
  agg.telemetry = [
    ['cached', 'pageCached', 'pageCachedQuiet'],
    ['uncached', 'pageUncached', 'pageUncachedQuiet'],
  ]
    .filter(([, on, off]) => runs[on].length && runs[on].length === runs[off].length)
    .map(([what, on, off]) => ({
      what,
      on,
      off,
      rps: paired(on, off, (r, q) => r.rps / q.rps),
      cpu: paired(on, off, (r, q) => q.serverMsPerReq / r.serverMsPerReq),
    }));
  return { selected, runs, agg };
}

/**
 * Waits (≤ 30 s) until the events table holds still for 1.5 s: { ms, cpuMs } spent waiting, the CPU
 * charged only until the table last grew (storing); the still 1.5 s after it is idle workerd.
 * @param {any} db
 * @param {() => number} workerdCpu
 */
async function eventsDrained(db, workerdCpu) {
  const started = Date.now();
  const cpuBefore = workerdCpu();
  let last = -1;
  let stillSince = Date.now();
  let cpuAtLastChange = cpuBefore;
  while (Date.now() - started < 30_000) {
    const { n } = await db.prepare('select coalesce(max(rowid), 0) as n from events').first(); // O(1), unlike count(*)
    if (n !== last) {
      if (last !== -1) cpuAtLastChange = workerdCpu();
      last = n;
      stillSince = Date.now();
    } else if (Date.now() - stillSince >= 1_500) break;
    await new Promise((r) => setTimeout(r, 250));
  }
  return { ms: stillSince - started, cpuMs: cpuAtLastChange - cpuBefore };
}
