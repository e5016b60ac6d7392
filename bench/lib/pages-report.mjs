// bench/pages.mjs's reference run under `wrangler dev`, and its report: the table, D1 round trips,
// diagnostics, targets, printed and appended to bench/RESULTS.md.
import { join } from 'node:path';
import { onCleanup, onExitSync, RESULTS, ROOT } from './bench.mjs';
import { groupCpuMs } from './cpu.mjs';
import { measure } from './measure.mjs';
import { ASSETS_ROUTER, CONNECTIONS, COUNT_SAMPLES, DIAG, DURATION, GZIP_TARGET_KIB, log, PRODUCTS, REPEATS, WARMUP, WRANGLER_DEV, WRANGLER_DEV_DURATION } from './pages-settings.mjs';
import { appendResults, commandLine, f0, f2, machineLine, markdownTable, sectionHeading, textTable } from './report.mjs';
import { benchWranglerDev } from './wrangler-dev.mjs';

/** 6. The cached product page under `wrangler dev` (reference). @param {{ tmp: string, slug: string }} opts */
export async function wranglerDevReference({ tmp, slug }) {
  let wdev = null;
  {
    try {
      wdev = await benchWranglerDev({
        root: ROOT,
        persistTo: join(tmp, 'wrangler-state'),
        slug,
        products: PRODUCTS,
        measure,
        groupCpuMs,
        connections: CONNECTIONS,
        warmup: WARMUP,
        duration: WRANGLER_DEV_DURATION,
        log,
        track: (kill) => {
          onCleanup(() => kill('SIGTERM'));
          onExitSync(() => kill('SIGKILL'));
        },
      });
    } catch (err) {
      wdev = { ok: false, message: `failed: ${err?.message ?? err}` };
    }
    if (wdev.ok) {
      const r = wdev.result;
      log(
        `wrangler dev: cached product page ${f0(r.rps)} req/s p50 ${f2(r.p50)} ms p99 ${f2(r.p99)} ms ` +
          `non-2xx ${r.non2xx} errors ${r.errors}, wrangler+workerd ${f2(r.serverMsPerReq)} ms CPU/req (${wdev.message})`,
      );
    } else log(`wrangler dev: skipped — ${wdev.message}`);
  }
  return wdev;
}

/**
 * 7. Prints the report and appends it to bench/RESULTS.md (unless BENCH_NO_RESULTS=1); the exit code.
 * @param {{ agg: any, selected: any[], runs: any, trips: any[], gzipKiB: number, hasLogLevel: boolean, productSql: any, size: any, wdev: any, machine: any }} r
 */
export async function pagesReport({ agg, selected, runs, trips, gzipKiB, hasLogLevel, productSql, size, wdev, machine }) {
  const rows = selected.map((t) => agg[t.key]);
  /** "0.74× (repeats 0.72, 0.84, 1.42; CPU/req 0.70×)": the verdict's median and what it is made of. */
  const ratioText = (ratio, cpuRatio, route, ceiling) => {
    const each = route.length === ceiling.length ? route.map((r, i) => f2(r.rps / ceiling[i].rps)).join(', ') : '–';
    return `${f2(ratio)}× (median of same-repeat ratios: ${each}; on workerd CPU/req ${f2(cpuRatio)}×)`;
  };
  const checks = [
    {
      name: 'cached product page ≥ 0.7× bare ceiling',
      pass: agg.pageCached.ratioBare >= 0.7,
      value: ratioText(agg.pageCached.ratioBare, agg.pageCached.cpuRatioBare, runs.pageCached, runs.bare),
    },
    {
      name: 'uncached product page ≥ 0.7× one-query ceiling',
      pass: agg.pageUncached.ratioQuery >= 0.7,
      value: ratioText(agg.pageUncached.ratioQuery, agg.pageUncached.cpuRatioQuery, runs.pageUncached, runs.query),
    },
    {
      name: '/api/products (uncached) ≥ 0.7× one-query ceiling',
      pass: agg.apiUncached.ratioQuery >= 0.7,
      value: ratioText(agg.apiUncached.ratioQuery, agg.apiUncached.cpuRatioQuery, runs.apiUncached, runs.query),
    },
    ...agg.telemetry.map((/** @type {any} */ t) => ({
      name: `${t.what} product page with telemetry ≥ 0.95× TELEMETRY=off (req/s and workerd CPU/req)`,
      pass: t.rps >= 0.95 && t.cpu >= 0.95,
      value: ratioText(t.rps, t.cpu, runs[t.on], runs[t.off]),
    })),
    // Issue 13's cached routes cost what the cached product page costs: the faceted listing and the
    // suggestions may not fall more than 0.05 below its ratio to the bare ceiling.
    ...['facetedCached', 'suggestCached'].map((key) => ({
      name: `${agg[key].label} ≥ the cached product page's × bare − 0.05`,
      pass: agg[key].ratioBare >= agg.pageCached.ratioBare - 0.05,
      value: `${ratioText(agg[key].ratioBare, agg[key].cpuRatioBare, runs[key], runs.bare)} against ${f2(agg.pageCached.ratioBare)}×`,
    })),
    { name: 'cached product page p99 ≤ 25 ms', pass: agg.pageCached.p99 <= 25, value: `${f2(agg.pageCached.p99)} ms` },
    { name: `bundle ≤ ${GZIP_TARGET_KIB} KiB gzip`, pass: gzipKiB <= GZIP_TARGET_KIB, value: `${gzipKiB.toFixed(1)} KiB` },
    {
      name: 'D1 round trips: 1 per uncached page/API request, 0 per cached',
      pass: trips.every((t) => t.pass),
      value: trips.filter((t) => !t.pass).map((t) => `${t.label}: ${t.steadyMin}–${t.steadyMax}`).join('; ') || 'all as expected',
    },
  ];
  const flagged = rows.filter((r) => r.flag);
  const noisy = rows.filter((r) => r.foreignPct > 15);

  const tripsLines = trips.map(
    (t) =>
      `${t.label}: ${t.steadyMean.toFixed(2)} (first request ${t.first}; SQL statements ≤ ${t.statements}; want ${t.want}) ${t.pass ? 'PASS' : 'FAIL'}`,
  );
  const diagLines = [];
  if (DIAG && Number.isFinite(agg.bareAssets.rps)) {
    const a = agg.bareAssets;
    diagLines.push(
      `assets router (Miniflare's, in front of every non-asset request): bare ${f2(agg.bare.cpuPerReq)} → ${f2(a.cpuPerReq)} ms workerd CPU/req, ` +
        `${f0(agg.bare.rps)} → ${f0(a.rps)} req/s (${f2(a.ratioBare)}× bare)`,
    );
    if (Number.isFinite(agg.pageCached.rps)) {
      diagLines.push(`cached product page vs bare-behind-the-same-router ceiling: ${f2(agg.pageCached.rps / a.rps)}×`);
    }
  }
  if (DIAG && Number.isFinite(agg.pageCachedDirect.rps)) {
    const d = agg.pageCachedDirect;
    diagLines.push(
      `cached product page without the router: ${f0(d.rps)} req/s (${f2(d.ratioBare)}× bare), p99 ${f2(d.p99)} ms, ${f2(d.cpuPerReq)} ms workerd CPU/req`,
    );
  }
  if (DIAG && Number.isFinite(agg.pageUncachedDirect.rps)) {
    diagLines.push(
      `uncached product page, workerd CPU/req: select 1 ${f2(agg.query.cpuPerReq)} ms; the page's own D1 query alone ` +
        `${f2(agg.productSql.cpuPerReq)} ms; whole page without the router ${f2(agg.pageUncachedDirect.cpuPerReq)} ms ` +
        `(${f0(agg.pageUncachedDirect.rps)} req/s, ${f2(agg.pageUncachedDirect.ratioQuery)}× one-query); with it ${f2(agg.pageUncached.cpuPerReq)} ms`,
    );
  }
  // Each uncached route against its own D1 statement replayed by a bare Worker (tiny answer, no
  // JavaScript of ours): how much of the distance to the one-query ceiling is the statement's own
  // weight in local D1 (its result crossing the binding) and how much is the store's code.
  for (const [sqlKey, routeKey] of [
    ['productSql', 'pageUncached'],
    ['apiSql', 'apiUncached'],
  ]) {
    const alone = agg[sqlKey];
    const route = agg[routeKey];
    if (!DIAG || !Number.isFinite(alone.rps) || !Number.isFinite(route.rps)) continue;
    diagLines.push(
      `${route.label}: its D1 statement alone ${f0(alone.rps)} req/s = ${f2(alone.rps / agg.query.rps)}× one-query ` +
        `(${f2(alone.cpuPerReq)} ms CPU/req vs select 1 ${f2(agg.query.cpuPerReq)}); the route ${f2(route.ratioQuery)}× ` +
        `(${f2(route.cpuPerReq)} ms) = ${f2(route.rps / alone.rps)}× its own statement`,
    );
  }
  if (productSql) {
    diagLines.push(
      `product page SQL (${productSql.method}, ${productSql.sql.length} chars): ${productSql.sql.replace(/\s+/g, ' ').slice(0, 160)}…`,
    );
  }
  if (DIAG && Number.isFinite(agg.pageCachedDirectNolog.rps)) {
    const d = agg.pageCachedDirect;
    const n = agg.pageCachedDirectNolog;
    diagLines.push(
      `access log (one JSON console.log line per request): ${f2(d.cpuPerReq)} → ${f2(n.cpuPerReq)} ms workerd CPU/req and ` +
        `${f0(d.rps)} → ${f0(n.rps)} req/s without it (${hasLogLevel ? 'LOG_LEVEL=warn' : 'console.log made a no-op'}; cached page, no router)`,
    );
  }
  const settings =
    `${DURATION} s × ${CONNECTIONS} connections after ${WARMUP} s warm-up, ${REPEATS} repeat(s)${REPEATS > 1 ? ' (medians)' : ''}, ` +
    `store ${ASSETS_ROUTER ? 'behind' : 'WITHOUT'} the assets router`;
  const wdevText = !WRANGLER_DEV
    ? 'skipped (BENCH_WRANGLER_DEV=0)'
    : wdev?.ok
      ? `cached product page ${f0(wdev.result.rps)} req/s, p50 ${f2(wdev.result.p50)} ms, p99 ${f2(wdev.result.p99)} ms, ` +
        `non-2xx ${wdev.result.non2xx}, errors ${wdev.result.errors}, ` +
        `${f2(wdev.result.serverMsPerReq)} ms CPU/req (wrangler + workerd), foreign CPU ${f0(wdev.result.foreignPct)}% ` +
        `(${WRANGLER_DEV_DURATION} s; ${f2(wdev.result.rps / agg.bare.rps)}× bare ceiling; ${wdev.message})`
      : `skipped: ${wdev?.message}`;
  const sizeText =
    `${(size.raw / 1024).toFixed(1)} KiB raw, ${gzipKiB.toFixed(1)} KiB gzip (zlib)` +
    (size.wranglerReported ? `; wrangler reports ${size.wranglerReported.raw} KiB / ${size.wranglerReported.gzip} KiB gzip` : '');
  const noisyText = noisy.length
    ? `NOISY: other processes used > 15% of the machine's CPU during: ${noisy.map((r) => `${r.label} (${f0(r.foreignPct)}%)`).join(', ')}; req/s are unreliable there, CPU/req less so.`
    : '';

  console.log('');
  console.log(`Bundle: ${sizeText}`);
  console.log(`Load: ${settings}; wall time so far ${log.seconds().toFixed(0)} s`);
  console.log('');
  console.log(textTable(rows));
  console.log('  (CPU/req: workerd CPU per request during the measured phase; foreign: CPU other processes took, % of all cores)');
  if (noisyText) console.log(noisyText);
  console.log('');
  console.log(`D1 round trips per request (steady state over ${COUNT_SAMPLES} requests after the first; batch = 1):`);
  for (const l of tripsLines) console.log(`  ${l}`);
  if (diagLines.length) {
    console.log('');
    console.log('Diagnostics:');
    for (const l of diagLines) console.log(`  ${l}`);
  }
  console.log('');
  console.log(`wrangler dev (reference): ${wdevText}`);
  console.log('');
  console.log('Targets:');
  for (const c of checks) console.log(`  ${c.pass ? 'PASS' : 'FAIL'}  ${c.name}: ${c.value}`);
  if (flagged.length) console.log(`\nFLAGGED: non-2xx or errors in: ${flagged.map((r) => r.label).join(', ')}`);

  if (process.env.BENCH_NO_RESULTS !== '1') {
    const section = [
      sectionHeading('', machine),
      '',
      commandLine('bench:pages', settings),
      await machineLine(machine, ROOT, ['wrangler', 'miniflare', 'autocannon']),
      `- Bundle: ${sizeText}`,
      '',
      markdownTable(rows),
      ...(noisyText ? ['', noisyText] : []),
      '',
      'D1 round trips per request (steady state; batch = 1):',
      '',
      ...tripsLines.map((l) => `- ${l}`),
      '',
      ...(diagLines.length ? ['Diagnostics:', '', ...diagLines.map((l) => `- ${l}`), ''] : []),
      `wrangler dev (reference): ${wdevText}`,
      '',
      'Targets:',
      '',
      ...checks.map((c) => `- ${c.pass ? 'PASS' : 'FAIL'} ${c.name}: ${c.value}`),
      ...(flagged.length ? ['', `**FLAGGED**: non-2xx or errors in: ${flagged.map((r) => r.label).join(', ')}`] : []),
    ].join('\n');
    await appendResults(RESULTS, section);
    log(`appended results to ${RESULTS}`);
  }

  const wdevBad = wdev?.ok && (wdev.result.errors > 0 || wdev.result.status['5xx'] > 0);
  return flagged.length || wdevBad ? 1 : 0;
}
