import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { ADMIN_TOKEN, get } from './helpers';

const page = async () => {
  const res = await get('/admin', { headers: { accept: 'text/html' } });
  return { res, text: await res.text() };
};

describe('GET /admin', () => {
  it('answers the shell: a login form for the token, the admin script, never cached or indexed', async () => {
    const { res, text } = await page();
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/text\/html/);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('x-robots-tag')).toBe('noindex');
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(text).toMatch(/^<!DOCTYPE html>/i);
    expect(text).toContain('<script type="module" src="/js/admin.js"');
    // The token field: labelled, masked, and in a form that could only ever POST it (never into a URL).
    expect(text).toMatch(/<label for="admin-token">Admin token<\/label>/);
    expect(text).toMatch(/<input id="admin-token" name="token" type="password"/);
    expect(text).toMatch(/<form id="admin-login"[^>]*method="post"/);
    expect(text).toContain('The admin needs JavaScript');
    for (const heading of ['Experiments', 'Feature flags', 'Products and stock', 'Orders']) {
      expect(text).toMatch(new RegExp(`<h2 id="[a-z-]+">${heading}</h2>`));
    }
    expect(text).toMatch(/role="status" aria-live="polite"/);
    // No inline script or handler for the CSP to refuse.
    expect(text).not.toMatch(/<script(?![^>]*\bsrc=)(?![^>]*application\/ld\+json)[^>]*>/);
    expect(text).not.toMatch(/\son[a-z]+=/i);
  });

  it('holds no token and no data, whoever asks', async () => {
    await env.CONFIG.put('experiment:admin-page-secret', JSON.stringify({ id: 'admin-page-secret', enabled: false, paths: ['/x'], variants: [] }));
    const asAdmin = await (await get('/admin', { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } })).text();
    const anonymous = (await page()).text;
    expect(asAdmin).not.toContain(ADMIN_TOKEN);
    expect(asAdmin).not.toContain('admin-page-secret');
    expect(asAdmin).not.toMatch(/<tbody[^>]*>\s*<tr/);
    expect(asAdmin).toBe(anonymous);
    await env.CONFIG.delete('experiment:admin-page-secret');
  });

  it('serves the admin scripts and their modules as static assets', async () => {
    // SELF reaches the Worker directly; the static-assets router in front of it is the ASSETS binding.
    const entry = await env.ASSETS.fetch('http://store.test/js/admin.js');
    expect(entry.status).toBe(200);
    expect(entry.headers.get('content-type')).toMatch(/javascript/);
    const source = await entry.text();
    const modules = [...source.matchAll(/from '\.\/(admin\/[\w-]+\.js)'/g)].map((m) => m[1]!);
    expect(modules.length).toBeGreaterThan(0);
    for (const path of modules) {
      const res = await env.ASSETS.fetch(`http://store.test/js/${path}`);
      expect(res.status, path).toBe(200);
      const text = await res.text();
      expect(text, path).not.toMatch(/\.innerHTML\s*=|insertAdjacentHTML|document\.write/);
      expect(text, path).not.toMatch(/document\.cookie|localStorage/);
    }
  });

  it('leaves the admin API behind its bearer token', async () => {
    const res = await get('/admin/api/experiments');
    expect(res.status).toBe(401);
  });
});
