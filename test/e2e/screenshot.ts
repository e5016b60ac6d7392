import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';

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
