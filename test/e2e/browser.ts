import { chromium, type Browser, type Page } from 'playwright-core';
import { CHROMIUM_FLAGS, CHROMIUM_PATH } from './chromium.mjs';

/** Debian's Chromium, never a downloaded one, with the flags this closed network needs (chromium.mjs). */
export const launchBrowser = () => chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_FLAGS });

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

/** Sets a SKU's stock through the admin API of the store under test (demo stock may be 0). */
export const stockSku = (base: string, sku: string, onHand: number) =>
  fetch(`${base}/admin/api/stock/${encodeURIComponent(sku)}`, {
    method: 'PUT',
    headers: { authorization: 'Bearer e2e-admin-token', 'content-type': 'application/json' },
    body: JSON.stringify({ onHand }),
  });
