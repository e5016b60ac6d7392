// One Lighthouse audit of one URL in Debian's Chromium (never a downloaded browser), through
// Lighthouse's Node API and chrome-launcher: a fresh headless Chromium per audit, so no run inherits
// another's HTTP cache, connections or compiled code.
//
// Throttling: Lighthouse's default, *simulated* (throttlingMethod 'simulate', Lantern). The page loads
// unthrottled and Lighthouse computes the metrics from the observed trace and network records with a
// model of the preset's network and CPU (mobile: slow 4G, 150 ms RTT, 1.6 Mbps down, 4x CPU slowdown
// of a Moto G Power-class phone; desktop: 40 ms RTT, 10 Mbps, no CPU slowdown). Because it simulates
// rather than applies the throttling, a busy shared box disturbs it less than DevTools throttling
// (where every stall of ours is stretched by the slowdown), but the main-thread task times it starts
// from are still measured here, so we take the median of several runs.
import * as chromeLauncher from 'chrome-launcher';
import lighthouse, { desktopConfig } from 'lighthouse';

import { CHROMIUM_FLAGS as CHROME_FLAGS, CHROMIUM_PATH as CHROMIUM } from '../../test/e2e/chromium.mjs';

export { CHROME_FLAGS };
export const CATEGORIES = ['performance', 'accessibility', 'best-practices', 'seo'];
export const PRESETS = ['mobile', 'desktop'];

/**
 * Audits `url` with the `preset` ('mobile': Lighthouse's default config; 'desktop': its desktop
 * config), sending `headers` (e.g. a cart cookie) with every request. Returns the LHR.
 */
/**
 * @param {string} url
 * @param {string} preset
 * @param {{ headers?: Record<string, string> }} [options]
 */
export async function lighthouseOnce(url, preset, { headers } = {}) {
  const chrome = await chromeLauncher.launch({ chromePath: CHROMIUM, chromeFlags: CHROME_FLAGS, logLevel: 'silent' });
  try {
    /** @type {import('lighthouse').Flags} */
    const flags = { port: chrome.port, output: 'json', logLevel: 'error', onlyCategories: CATEGORIES, extraHeaders: headers };
    const result = await lighthouse(url, flags, preset === 'desktop' ? desktopConfig : undefined);
    if (!result) throw new Error(`lighthouse returned nothing for ${url}`);
    if (result.lhr.runtimeError) {
      throw Object.assign(new Error(`${url}: ${result.lhr.runtimeError.code} ${result.lhr.runtimeError.message}`), { lighthouseCode: result.lhr.runtimeError.code });
    }
    return result.lhr;
  } finally {
    chrome.kill();
  }
}

/**
 * lighthouseOnce, again (at most `attempts` times in all) when Lighthouse itself failed to record the
 * load (a runtimeError such as NO_NAVSTART, which it says to retry; seen on this loaded box), never
 * for a poor score. `onRetry(err)` is told each time. Returns the LHR.
 */
/**
 * @param {string} url
 * @param {string} preset
 * @param {{ headers?: Record<string, string>, attempts?: number, onRetry?: (err: any) => void }} [options]
 */
export async function lighthouseRun(url, preset, { headers, attempts = 3, onRetry } = {}) {
  for (let attempt = 1; ; attempt++) {
    try {
      return await lighthouseOnce(url, preset, { headers });
    } catch (err) {
      if (!err.lighthouseCode || attempt >= attempts) throw err;
      onRetry?.(err);
    }
  }
}
