import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';

/** Debian's Chromium, never a downloaded one, with the flags this closed network needs. */
export const launchBrowser = () =>
  chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });

/**
 * Collects console errors and CSP violations: a clean page has none. With `origin`, only those from
 * that origin's pages and resources, not a third party's (the payment provider's page).
 */
export function watchProblems(page: Page, origin?: string): string[] {
  const problems: string[] = [];
  const ours = (url: string) => origin === undefined || url.startsWith(origin);
  page.on('console', (msg) => {
    if (msg.type() === 'error' && ours(msg.location().url || page.url())) problems.push(msg.text());
  });
  page.on('pageerror', (err) => {
    if (ours(page.url())) problems.push(err.message);
  });
  return problems;
}

export type { Browser, Page };

/** Where the browser tests save screenshots for a person to look at (git-ignored; CI keeps it as artifacts). */
export const SCREENSHOTS_DIR = process.env.E2E_SCREENSHOTS ?? join(import.meta.dirname, '../../artifacts/screenshots');

export const SCREENSHOT_WIDTHS = [390, 1280] as const;

/**
 * Saves a full-page screenshot of what the page shows now at each of `SCREENSHOT_WIDTHS` as
 * `<name>-<width>.png`, and answers how far the page overflows sideways at each (0 when it fits).
 */
export async function screenshotWidths(page: Page, name: string): Promise<Record<number, number>> {
  mkdirSync(SCREENSHOTS_DIR, { recursive: true });
  // A full-page shot does not scroll, so lazy images below the fold would show as empty boxes.
  await page.evaluate(() =>
    Promise.all(
      Array.from(document.images, (img) => {
        img.loading = 'eager';
        return img.decode().catch(() => undefined);
      }),
    ),
  );
  const overflow: Record<number, number> = {};
  for (const width of SCREENSHOT_WIDTHS) {
    await page.setViewportSize({ width, height: width < 600 ? 844 : 900 });
    overflow[width] = Math.max(0, await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth));
    await page.screenshot({ path: join(SCREENSHOTS_DIR, `${name}-${width}.png`), fullPage: true });
  }
  return overflow;
}

/** Sets a SKU's stock through the admin API of the store under test (demo stock may be 0). */
export const stockSku = (base: string, sku: string, onHand: number) =>
  fetch(`${base}/admin/api/stock/${encodeURIComponent(sku)}`, {
    method: 'PUT',
    headers: { authorization: 'Bearer e2e-admin-token', 'content-type': 'application/json' },
    body: JSON.stringify({ onHand }),
  });
