import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, watchProblems } from '../../test/e2e/browser.js';
import { DEV_WIDGET, DUMMY_TOKEN, TEST_SECRETS, TEST_SITEKEYS, type SiteverifyAnswer } from './index.js';
import { useEmulator } from './test-support.js';

// The widget script in Debian's Chromium (page code as strings: this project has no DOM types), on a page of another origin than the emulator (as the
// store's pages are), then the token it yields checked through siteverify.

const h = useEmulator();
let page: Server;
let pageUrl = '';
let browser: Awaited<ReturnType<typeof launchBrowser>>;

beforeAll(async () => {
  page = createServer((req, res) => {
    const sitekey = new URL(req.url ?? '/', 'http://page.local').searchParams.get('sitekey') ?? '';
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(`<!doctype html>
<form><div class="cf-turnstile" data-sitekey="${sitekey}" data-callback="solved" data-error-callback="failed" data-action="drop-queue"></div></form>
<script>window.solved = (t) => { document.body.dataset.token = t; }; window.failed = (c) => { document.body.dataset.error = c; };</script>
<script src="${h.emulator.url}/turnstile/v0/api.js"></script>`);
  });
  await new Promise<void>((resolve) => page.listen(0, '127.0.0.1', resolve));
  pageUrl = `http://127.0.0.1:${(page.address() as AddressInfo).port}/`;
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  page?.closeAllConnections();
  await new Promise<void>((resolve) => page?.close(() => resolve()));
});

async function open(sitekey: string) {
  const tab = await browser.newPage();
  const problems = watchProblems(tab, pageUrl.slice(0, -1));
  await tab.goto(`${pageUrl}?sitekey=${sitekey}`);
  return { tab, problems };
}

const siteverify = async (secret: string, response: string) =>
  (await (
    await fetch(`${h.emulator.url}/turnstile/v0/siteverify`, { method: 'POST', body: new URLSearchParams({ secret, response }) })
  ).json()) as SiteverifyAnswer;

describe('the emulated widget (api.js)', () => {
  it('an always-passes test sitekey yields the dummy token by itself, in the form and to the callback', async () => {
    const { tab, problems } = await open(TEST_SITEKEYS.passes);
    await tab.waitForFunction('document.body.dataset.token');
    expect(await tab.evaluate('document.body.dataset.token')).toBe(DUMMY_TOKEN);
    expect(await tab.inputValue('input[name="cf-turnstile-response"]')).toBe(DUMMY_TOKEN);
    expect((await siteverify(TEST_SECRETS.passes, DUMMY_TOKEN)).success).toBe(true);
    expect(problems).toEqual([]);
    await tab.close();
  });

  it('the always-blocks sitekey yields no token and calls the error callback', async () => {
    const { tab } = await open(TEST_SITEKEYS.blocks);
    await tab.waitForFunction('document.body.dataset.error');
    expect(await tab.evaluate('document.body.dataset.error')).toBe('blocked');
    expect(await tab.inputValue('input[name="cf-turnstile-response"]')).toBe('');
    await tab.close();
  });

  it('the dev widget waits for the click, then its token verifies once with the action set on the page', async () => {
    const { tab, problems } = await open(DEV_WIDGET.sitekey);
    expect(await tab.evaluate('document.body.dataset.token')).toBeUndefined();
    await tab.getByLabel('Verify you are human').check();
    await tab.waitForFunction('document.body.dataset.token');
    const token = await tab.inputValue('input[name="cf-turnstile-response"]');
    expect(await siteverify(DEV_WIDGET.secret, token)).toMatchObject({ success: true, action: 'drop-queue', hostname: '127.0.0.1' });
    expect((await siteverify(DEV_WIDGET.secret, token))['error-codes']).toEqual(['timeout-or-duplicate']);
    expect(problems).toEqual([]);
    await tab.close();
  });
});
