import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchBrowser, watchProblems, type Browser } from './browser';

const base = inject('baseURL');
const TOKEN = 'e2e-admin-token';
let browser: Browser;

interface Vital {
  page: string;
  name: string;
  p75: number;
  samples: number;
}
const vitals = async (): Promise<Vital[]> =>
  ((await (await fetch(`${base}/admin/api/metrics?window=1h`, { headers: { authorization: `Bearer ${TOKEN}` } })).json()) as { vitals: Vital[] }).vitals;
const samplesOf = (all: Vital[], name: string) => all.find((v) => v.page === 'product' && v.name === name)?.samples ?? 0;

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

describe('real-user monitoring in Chromium', () => {
  it('web-vitals sends its beacon to POST /rum when the page is hidden, and Health shows its p75', async () => {
    const list = (await (await fetch(`${base}/api/products?limit=5`)).json()) as { items: { slug: string }[] };
    const path = `/products/${list.items[0]!.slug}`;
    const before = await vitals();

    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    // Measure this load whatever the sample rate (public/js/rum.js).
    await context.addInitScript(() => sessionStorage.setItem('edgefront-rum-sample', '1'));
    const page = await context.newPage();
    const problems = watchProblems(page, base);
    await page.goto(`${base}${path}`, { waitUntil: 'load' });
    // First paint and TTFB are measured by now; a click gives INP an interaction.
    await page.waitForFunction(() => performance.getEntriesByType('paint').some((e) => e.name === 'first-contentful-paint'));
    await page.locator('h1').first().click();
    const beacon = page.waitForRequest((r) => r.url() === `${base}/rum` && r.method() === 'POST', { timeout: 10_000 });
    // The tab goes to the background: what web-vitals (and rum.js) wait for to report.
    await page.evaluate(() => {
      Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => 'hidden' });
      Object.defineProperty(document, 'hidden', { configurable: true, get: () => true });
      document.dispatchEvent(new Event('visibilitychange', { bubbles: true }));
    });
    const request = await beacon;
    const sent = JSON.parse(request.postData() ?? 'null') as { page: string; metrics: { name: string; value: number }[] };
    expect(sent.page).toBe(path);
    const names = sent.metrics.map((m) => m.name);
    expect(names).toEqual(expect.arrayContaining(['TTFB', 'FCP', 'LCP']));
    for (const m of sent.metrics) expect(m.value).toBeGreaterThanOrEqual(0);
    expect((await request.response())?.status()).toBe(204);
    expect(problems).toEqual([]);
    await context.close();

    // Stored through the events queue, then counted in the Health figures: one more sample of each vital sent.
    await expect
      .poll(async () => {
        const after = await vitals();
        return names.every((name) => samplesOf(after, name) >= samplesOf(before, name) + 1);
      }, { timeout: 20_000 })
      .toBe(true);

    // And in the Health view itself: the product page's row of each vital, with a p75.
    const admin = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const view = await admin.newPage();
    await view.goto(`${base}/admin`);
    await view.getByLabel('Admin token').fill(TOKEN);
    await view.getByRole('button', { name: 'Sign in' }).click();
    await view.getByRole('button', { name: 'Last hour' }).click();
    const row = view.locator('#health-view table.health-vitals tbody tr').filter({ has: view.locator('th', { hasText: /^product$/ }) }).filter({ has: view.locator('td[data-column="Vital"]', { hasText: /^TTFB$/ }) });
    await expect.poll(() => row.count(), { timeout: 15_000 }).toBe(1);
    expect(await row.locator('td[data-column="p75"]').textContent()).toMatch(/^\d+ ms$/);
    await admin.close();
  });
});
