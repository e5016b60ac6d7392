// Debian's Chromium, never a downloaded one, and the flags this closed network needs: shared by the
// browser tests (test/e2e/browser.ts) and the Lighthouse bench (bench/lib/lighthouse-run.mjs).

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
