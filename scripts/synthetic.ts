// `npm run synthetic -- --base-url <url>`: one real shopper in Debian's Chromium through the whole
// store (test/e2e/journey.ts), each step timed; exits non-zero naming the step that failed.
import { parseArgs } from 'node:util';
import { launchBrowser } from '../test/e2e/browser';
import { runJourney } from '../test/e2e/journey';

const { values } = parseArgs({
  options: {
    'base-url': { type: 'string', default: 'http://127.0.0.1:8787' },
    search: { type: 'string' },
    email: { type: 'string', default: 'synthetic@example.com' },
    'no-shipping': { type: 'boolean', default: false },
    'settle-seconds': { type: 'string', default: '30' },
    // During a gradual deployment: `edgefront="<version id>"` pins every store request to that version.
    'version-override': { type: 'string' },
  },
});

const base = values['base-url'].replace(/\/$/, '');
const browser = await launchBrowser();
try {
  const page = await browser.newPage();
  const override = values['version-override'];
  const headers: Record<string, string> = override ? { 'cloudflare-workers-version-overrides': override } : {};
  // Only the store's own requests carry it; the payment page's would fail their CORS checks.
  if (override) await page.route(`${base}/**`, (route) => route.continue({ headers: { ...route.request().headers(), ...headers } }));
  const result = await runJourney(page, {
    base,
    search: values.search,
    email: values.email,
    expectShipped: !values['no-shipping'],
    settleMs: Number(values['settle-seconds']) * 1000,
    headers,
  });
  const width = Math.max(...result.steps.map((s) => s.step.length));
  for (const s of result.steps) console.log(`${s.error ? '✗' : '✓'} ${s.step.padEnd(width)} ${String(s.ms).padStart(6)} ms${s.error ? `  ${s.error}` : ''}`);
  if (result.ok) {
    console.log(`synthetic: ok against ${base} (order ${result.orderId})`);
  } else {
    console.error(`synthetic: FAILED at step "${result.failedStep}" against ${base}`);
    process.exitCode = 1;
  }
} finally {
  await browser.close();
}
