// Formatting for the benchmarks: bench/pages.mjs's stdout table, and the sections every bench appends
// to bench/RESULTS.md.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { appendFile, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import { join } from 'node:path';

export const median = (xs) => {
  const v = xs.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  if (v.length === 0) return NaN;
  const m = v.length >> 1;
  return v.length % 2 ? v[m] : (v[m - 1] + v[m]) / 2;
};

const sh = (cmd, args) => {
  try {
    return execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return '';
  }
};

export function machineInfo() {
  let cpu = '';
  try {
    cpu = /model name\s*:\s*(.*)/.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1] ?? '';
  } catch {}
  const freeG = sh('free', ['-g']);
  const memTotal = /Mem:\s+(\d+)/.exec(freeG)?.[1];
  return {
    nproc: sh('nproc', []) || String(os.cpus().length),
    memGiB: memTotal ?? String(Math.round(os.totalmem() / 2 ** 30)),
    freeG,
    node: process.version,
    cpu: cpu || os.cpus()[0]?.model || 'unknown',
    kernel: os.release(),
    git: sh('git', ['rev-parse', '--short', 'HEAD']),
    dirty: sh('git', ['status', '--porcelain']).length > 0,
  };
}

const f1 = (x) => (Number.isFinite(x) ? x.toFixed(1) : '–');
const f2 = (x) => (Number.isFinite(x) ? x.toFixed(2) : '–');
const f0 = (x) => (Number.isFinite(x) ? Math.round(x).toString() : '–');

/** rows: { label, rps, p50, p99, non2xx, errors, ratioBare, ratioQuery, flag } → aligned text lines. */
export function textTable(rows) {
  const head = ['target', 'req/s', 'p50 ms', 'p99 ms', 'non-2xx', 'errors', '× bare', '× 1-query', 'CPU/req ms', 'foreign', ''];
  const body = rows.map((r) => [
    r.label,
    f0(r.rps),
    f2(r.p50),
    f2(r.p99),
    String(r.non2xx),
    String(r.errors),
    f2(r.ratioBare),
    f2(r.ratioQuery),
    f2(r.cpuPerReq),
    Number.isFinite(r.foreignPct) ? `${f0(r.foreignPct)}%` : '–',
    r.flag ? 'FLAGGED' : '',
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
  const line = (cells) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  return [line(head), line(widths.map((w) => '-'.repeat(w))), ...body.map(line)].join('\n');
}

export function markdownTable(rows) {
  const out = [
    '| target | req/s | p50 ms | p99 ms | non-2xx | errors | × bare | × 1-query | workerd CPU ms/req | foreign CPU |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const r of rows) {
    out.push(
      `| ${r.label}${r.flag ? ' **FLAGGED**' : ''} | ${f0(r.rps)} | ${f2(r.p50)} | ${f2(r.p99)} | ${r.non2xx} | ${r.errors} | ${f2(r.ratioBare)} | ${f2(r.ratioQuery)} | ${f2(r.cpuPerReq)} | ${Number.isFinite(r.foreignPct) ? `${f0(r.foreignPct)}%` : '–'} |`,
    );
  }
  return out.join('\n');
}

const HEADER = `# Edgefront page benchmark results

Written by \`npm run bench:pages\` (bench/pages.mjs); each run appends one dated section below.

## Methodology

- **Bundle**: \`wrangler deploy --dry-run --outdir <tmp>\` (wrangler's own esbuild bundling, the exact
  production bundle); size printed raw and gzip (node zlib, default level) against the 250 KiB gzip target.
- **Runtime**: ONE workerd process started through Miniflare's API (\`new Miniflare({ workers: [...] })\`).
  The store's bindings come from wrangler itself: \`unstable_getMiniflareWorkerOptions('wrangler.toml')\`
  (D1 \`DB\`, KV \`CONFIG\`, R2 \`MEDIA\`, Images, DOs, queues, rate limit, analytics engine, \`public/\`
  assets with wrangler's router config), plus the secrets of \`.dev.vars.example\`. Every worker has its own
  \`unsafeDirectSockets\` listener on 127.0.0.1 (for the store this socket goes through the assets
  router, as \`wrangler dev\` does, unless \`BENCH_ASSETS_ROUTER=0\`; no worker goes through Miniflare's
  entry worker). Workers:
  - \`bare\`: \`export default { fetch() { return new Response('ok') } }\` → "bare ceiling";
  - \`one-query\`: one \`env.DB.prepare('select 1').first()\` per request → "one-query ceiling";
  - \`store-on\` / \`store-off\`: the unmodified bundle with \`EDGE_CACHE\` "on" / "off";
  - \`count-on\` / \`count-off\`: the same bundle behind a small entry module that wraps \`env.DB\` and
    reports D1 round trips per request in response headers (batch = 1); never put under load;
  - diagnostics (\`BENCH_DIAG=0\` skips them): \`bare-assets\` (the bare worker behind the same assets
    router), \`direct-on\` / \`direct-off\` (the store with its socket straight on the Worker, no assets
    router), \`direct-nolog-on\` (same with \`LOG_LEVEL=warn\`, or, for a bundle without that
    switch, behind an entry that makes \`console.log\` a no-op: the price of the per-request JSON access log) and \`replay-sql\` (runs only the uncached product page's own D1
    statement, as captured by the counting entry).
  All store workers bind the same D1 database id, so they see one copy of the data.
- **Data**: migrations/*.sql split on drizzle-kit's \`--> statement-breakpoint\` and run one statement
  at a time with \`prepare().run()\`; then \`generateCatalog({ products: 520 })\` +
  \`insertCatalog(d1, catalog)\` from scripts/seed (loaded with tsx), in a fresh temporary persistence dir.
- **Load**: autocannon in a separate Node process on 127.0.0.1, warm-up (default 2 s, discarded) then
  the measured run (default 10 s, 32 connections; \`BENCH_DURATION\`, \`BENCH_CONNECTIONS\`,
  \`BENCH_WARMUP\`, \`BENCH_REPEATS\`); diagnostics run min(duration, 4) s. Latency percentiles are exact
  (every response time recorded). Uncached product pages rotate over every product slug; the cached
  page uses one fixed slug. With repeats, the table shows the median of each column, except the
  ratio columns: each repeat's route over the ceiling measured in the same repeat (seconds apart),
  and the median of those (since 2026-11-24 12:45 UTC; before, a ratio of the two medians). The
  targets also print every repeat's ratio and the same pairing on workerd CPU per request.
  The \`replay-sql\` diagnostics replay the uncached product page's and \`/api/products\`' own statements.
- **CPU columns** (from /proc): "workerd CPU ms/req" is the CPU the workerd process used per request
  during the measured phase (all threads, so it includes D1's SQLite work and the assets router);
  "foreign CPU" is the share of all cores that processes other than workerd, this harness and the
  load generator used meanwhile. Other sessions share this machine: when foreign CPU is high, req/s and
  latency are unreliable and CPU/req is the number to compare.
- **Targets**: cached product page ≥ 0.7× bare ceiling; uncached product page and \`/api/products\` ≥
  0.7× one-query ceiling; the cached faceted listing and suggestions within 0.05 of the cached product
  page's × bare; cached page p99 ≤ 25 ms; bundle ≤ 250 KiB gzip; 1 D1 round trip per uncached
  page/API request, 0 per cached one. A missed target is printed, not fatal; any non-2xx or socket
  error flags the run and the script exits 1.
- **wrangler dev** (reference only): \`wrangler dev --ip 127.0.0.1 --port 8799 --persist-to <tmp>\` after
  \`wrangler d1 migrations apply DB --local --persist-to <tmp>\` and the same seed; cached page, 5 s. Its
  CPU/req is the whole process group: wrangler's Node process (which prints every request's log
  lines) + workerd.

Absolute numbers are for this sandbox (2 shared, noisy vCPUs; load generator and workerd on the same
machine, closed-loop load, so latency ≈ connections ÷ throughput): compare ratios, CPU/req and runs made
on the same machine, not absolute req/s across machines.
`;

export const pkgVersion = async (root, name) => {
  try {
    return JSON.parse(await readFile(join(root, 'node_modules', name, 'package.json'), 'utf8')).version;
  } catch {
    return '?';
  }
};

/** A RESULTS.md section's heading: `## [title — ]date — commit`. */
export function sectionHeading(title, machine) {
  const date = new Date().toISOString().replace('T', ' ').replace(/\.\d+Z$/, ' UTC');
  return `## ${title ? `${title} — ` : ''}${date} — ${machine.git || 'unknown commit'}${machine.dirty ? ' (+ uncommitted changes)' : ''}`;
}

/**
 * The `- Command:` line: the npm script with the BENCH_* variables it ran with (and TMPDIR where the
 * state lives under it, `withTmpdir`), so the run can be repeated; `settings` in parentheses.
 */
export function commandLine(script, settings, { withTmpdir = false } = {}) {
  const env = Object.keys(process.env)
    .filter((k) => k.startsWith('BENCH_') || (withTmpdir && k === 'TMPDIR'))
    .map((k) => `${k}=${process.env[k]}`);
  return `- Command: \`${env.length ? `${env.join(' ')} ` : ''}npm run ${script}\` (${settings})`;
}

/** The `- Machine:` line, with the versions of the `packages` that shape the numbers. */
export async function machineLine(machine, root, packages) {
  const versions = [];
  for (const name of packages) versions.push(`${name} ${await pkgVersion(root, name)}`);
  return (
    `- Machine: \`nproc\` ${machine.nproc}, ${machine.cpu}, \`free -g\` total ${machine.memGiB} GiB, Node ${machine.node}, Linux ${machine.kernel}; ` +
    versions.join(', ')
  );
}

export async function appendResults(file, section) {
  if (!existsSync(file)) await writeFile(file, HEADER);
  await appendFile(file, `\n${section.trim()}\n`);
}

export { f0, f1, f2 };
