import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signStripePayload } from '../../dev/stripe-emulator/signing';
import { ROOT } from './bench.mjs';
import { benchSecrets, bundleStore } from './bundle.mjs';
import { seedStore, startMiniflare } from './miniflare.mjs';
import { GZIP_TARGET_KIB } from './pages-settings.mjs';

/**
 * The Worker as it ships: wrangler's production bundle (minified, `keep_names = false`), within the
 * bundle budget, and working where the tests' Vite build cannot show it: pages, the contract's error
 * shape, the OpenAPI document (zod's JSON Schema code) and the Stripe SDK's webhook signatures.
 */
let tmp = '';
let store = '';
let slug = '';
let gzipKiB = 0;
let secrets: Record<string, string> = {};
let dispose: () => Promise<void> = async () => {};

beforeAll(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'edgefront-bundle-'));
  const bundle = await bundleStore(ROOT, join(tmp, 'bundle'));
  gzipKiB = bundle.gzip / 1024;
  secrets = await benchSecrets(ROOT);
  const h = await startMiniflare({ root: ROOT, bundle, tmp, secrets });
  dispose = h.dispose;
  store = h.url.store!;
  const seeded = await seedStore(h.mf, 'store', ROOT, 2);
  slug = seeded.catalog.products[0].slug;
}, 120_000);

afterAll(async () => {
  await dispose();
  if (tmp) await rm(tmp, { recursive: true, force: true });
});

describe('the production bundle', () => {
  it(`is within the ${GZIP_TARGET_KIB} KiB gzip budget`, () => {
    expect(gzipKiB).toBeGreaterThan(100);
    expect(gzipKiB).toBeLessThanOrEqual(GZIP_TARGET_KIB);
  });

  it('renders a product page', async () => {
    const res = await fetch(`${store}/products/${slug}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await res.text()).toContain('add-to-cart');
  });

  it('answers bad input with the contract’s error shape', async () => {
    const res = await fetch(`${store}/api/products?sort=bogus`);
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { code: string; issues: { path: string }[] } };
    expect(body.error.code).toBe('invalid_request');
    expect(body.error.issues.map((issue) => issue.path)).toContain('sort');
  });

  it('serves the OpenAPI document', async () => {
    const res = await fetch(`${store}/api/openapi.json`);
    expect(res.status).toBe(200);
    const doc = (await res.json()) as { openapi: string; paths: Record<string, { get?: { parameters?: { name: string }[] } }> };
    expect(doc.openapi).toMatch(/^3\.1/);
    expect(doc.paths['/api/products']?.get?.parameters?.map((p) => p.name)).toContain('sort');
  });

  it('checks Stripe webhook signatures with the SDK', async () => {
    const payload = JSON.stringify({ id: 'evt_bundle_1', object: 'event', type: 'customer.created', created: Math.floor(Date.now() / 1000), data: { object: {} } });
    const deliver = (signature: string) =>
      fetch(`${store}/webhooks/stripe`, { method: 'POST', headers: { 'content-type': 'application/json', 'stripe-signature': signature }, body: payload });
    const signed = signStripePayload(payload, secrets.STRIPE_WEBHOOK_SECRET!);
    const forged = await deliver(signed.replace(/v1=[0-9a-f]+/, `v1=${'0'.repeat(64)}`));
    expect(forged.status).toBe(400);
    expect(((await forged.json()) as { error: { code: string; message: string } }).error).toMatchObject({ code: 'invalid_request', message: 'Invalid or missing signature' });
    const good = await deliver(signed);
    expect(good.status).toBe(200);
    expect(await good.json()).toEqual({ received: true });
  });
});
