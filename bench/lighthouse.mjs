// Lighthouse gate for the Edgefront store: `npm run bench:lighthouse [-- --gate] [-- --base-url URL]`.
//
// Starts `npm run dev` on ports of its own (or audits --base-url), finds home, the listing, a product,
// and the cart and checkout with one item in a cart, warms every image those pages name until /img
// answers X-Cache HIT, then audits each page with Lighthouse (Debian Chromium, mobile and desktop
// presets, simulated throttling: see bench/lib/lighthouse-run.mjs) BENCH_LH_RUNS times (3) and
// reports the median score per page x preset x category against the targets (performance >= 95,
// accessibility, best practices and SEO 100; the cart's and checkout's SEO is excluded: they are
// noindex on purpose). With --gate a miss exits 1. Appends a section to bench/RESULTS.md.
//
// Env: PORT / STRIPE_EMULATOR_PORT (free ports), BENCH_LH_RUNS (3), BENCH_LH_PAGES (all, e.g.
//      "home,product"), BENCH_LH_PRESETS ("mobile,desktop"), BENCH_NO_RESULTS=1 (no RESULTS.md),
//      BENCH_LH_KEEP=<dir> (write each run's Lighthouse JSON there).
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { auditPages } from './lib/audit-pages.mjs';
import { startDevStore } from './lib/dev-store.mjs';
import { CHROME_FLAGS, lighthouseRun, PRESETS } from './lib/lighthouse-run.mjs';
import { exclusions, metricMarkdown, metricMedians, metricTable, runFigures, scoreMarkdown, scoreTable, summarise, usualFailures } from './lib/lighthouse-report.mjs';
import { freePort } from './lib/proc.mjs';
import { appendResults, commandLine, machineInfo, machineLine, sectionHeading } from './lib/report.mjs';
import { warmPageImages } from './lib/warm-images.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const RUNS = Math.max(1, Number(process.env.BENCH_LH_RUNS ?? 3));
const only = (name, all) => (process.env[name] ? process.env[name].split(',').map((s) => s.trim()) : all);
const started = Date.now();
const log = (msg) => console.log(`[lighthouse ${((Date.now() - started) / 1000).toFixed(0).padStart(4)}s] ${msg}`);

const kills = [];
process.on('exit', () => kills.forEach((kill) => kill('SIGKILL')));
for (const sig of ['SIGINT', 'SIGTERM']) process.once(sig, () => process.exit(130));

/** The store to audit: --base-url, or `npm run dev` of our own. */
async function store(baseUrl) {
  if (baseUrl) return { url: baseUrl.replace(/\/$/, ''), stop: async () => {} };
  const port = process.env.PORT ?? (await freePort());
  const emulatorPort = process.env.STRIPE_EMULATOR_PORT ?? (await freePort());
  return startDevStore({ root: ROOT, port, emulatorPort, log, track: (kill) => kills.push(kill) });
}

/** Every page's HTML is in the edge cache and every image it names answers X-Cache HIT. */
async function warm(base, pages) {
  for (const page of pages) {
    const { images, cold } = await warmPageImages(base, page.path, { headers: page.headers });
    log(`warmed ${page.name} (${page.path}): ${images} image URLs${cold.length ? `, still cold: ${cold.join(' ')}` : ''}`);
  }
}

/** [{ page, preset, seoExcluded, runs: [runFigures] }], RUNS audits per page and preset. */
async function audit(base, pages, presets) {
  const keep = process.env.BENCH_LH_KEEP;
  if (keep) await mkdir(keep, { recursive: true });
  const audits = [];
  let retries = 0;
  for (const page of pages) {
    for (const preset of presets) {
      const runs = [];
      for (let i = 1; i <= RUNS; i++) {
        const onRetry = (err) => {
          retries++;
          log(`${page.name} ${preset} run ${i}: Lighthouse failed to record (${err.message}); again`);
        };
        const lhr = await lighthouseRun(base + page.path, preset, { headers: page.headers, onRetry });
        if (keep) await writeFile(join(keep, `${page.name}-${preset}-${i}.json`), JSON.stringify(lhr));
        const figures = runFigures(lhr);
        runs.push(figures);
        log(`${page.name} ${preset} run ${i}: ${Object.entries(figures.scores).map(([c, s]) => `${c} ${s}`).join(', ')}`);
      }
      audits.push({ page: page.name, preset, seoExcluded: page.seoExcluded, runs });
    }
  }
  return { audits, retries };
}

async function record(rows, metrics, failures, { base, external, gate, retries }) {
  const machine = machineInfo();
  const section = [
    sectionHeading('Lighthouse', machine),
    '',
    commandLine(`bench:lighthouse${gate ? ' -- --gate' : ''}`, `${RUNS} runs per page and preset, median; ${external ? `against ${base}` : 'its own `npm run dev`'}, images warmed to X-Cache HIT first`),
    await machineLine(machine, ROOT, ['lighthouse', 'chrome-launcher', 'wrangler']),
    `- Browser: /usr/bin/chromium ${CHROME_FLAGS.join(' ')}; simulated throttling (Lighthouse default: mobile = slow 4G + 4x CPU, desktop preset = 40 ms RTT, no CPU slowdown)`,
    '',
    scoreMarkdown(rows),
    '',
    ...exclusions(rows).map((line) => `- ${line}`),
    '',
    metricMarkdown(metrics),
    '',
    Object.keys(failures).length
      ? `Audits below 0.9 in most runs: ${Object.entries(failures).map(([k, ids]) => `${k}: ${ids.join(', ')}`).join('; ')}`
      : 'No audit below 0.9 in most runs.',
    ...(retries ? ['', `Lighthouse failed to record ${retries} page load(s) (runtimeError) and ran them again.`] : []),
  ].join('\n');
  await appendResults(join(ROOT, 'bench/RESULTS.md'), section);
}

async function main() {
  const { values } = parseArgs({ options: { gate: { type: 'boolean' }, 'base-url': { type: 'string' } } });
  const target = await store(values['base-url']);
  try {
    const pages = (await auditPages(target.url)).filter((p) => only('BENCH_LH_PAGES', [p.name]).includes(p.name));
    await warm(target.url, pages);
    const { audits, retries } = await audit(target.url, pages, only('BENCH_LH_PRESETS', PRESETS));
    const rows = summarise(audits);
    const metrics = metricMedians(audits);
    const failures = usualFailures(audits);
    console.log(`\nMedian of ${RUNS} Lighthouse runs (simulated throttling)\n${scoreTable(rows)}\n\n${metricTable(metrics)}`);
    for (const line of exclusions(rows)) console.log(line);
    for (const [key, ids] of Object.entries(failures)) console.log(`below 0.9 in most runs, ${key}: ${ids.join(', ')}`);
    if (retries) console.log(`Lighthouse failed to record ${retries} load(s) and was run again (runtimeError, not a score)`);
    if (process.env.BENCH_NO_RESULTS !== '1') await record(rows, metrics, failures, { base: target.url, external: Boolean(values['base-url']), gate: values.gate, retries });
    const misses = rows.filter((r) => !r.pass);
    if (misses.length) console.log(`\n${misses.length} target(s) missed: ${misses.map((r) => `${r.page}/${r.preset}/${r.category} ${r.median}`).join(', ')}`);
    return values.gate && misses.length ? 1 : 0;
  } finally {
    await target.stop();
  }
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(`bench:lighthouse failed: ${err?.stack ?? err}`);
    process.exit(1);
  },
);
