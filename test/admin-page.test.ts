import { env } from 'cloudflare:test';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { toDecimal, toMinor } from '../public/js/admin/dom.js';
import { fromPercent, toPercent } from '../public/js/admin/tax.js';
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
    for (const heading of ['Experiments', 'Feature flags', 'Products and stock', 'Promotions', 'Shipping zones', 'Tax', 'Orders']) {
      expect(text).toMatch(new RegExp(`<h2 id="[a-z-]+">${heading}</h2>`));
    }
    expect(text).toMatch(/role="status" aria-live="polite"/);
    // No inline script or handler for the CSP to refuse.
    expect(text).not.toMatch(/<script(?![^>]*\bsrc=)(?![^>]*application\/ld\+json)[^>]*>/);
    expect(text).not.toMatch(/\son[a-z]+=/i);
  });

  it('labels every control of the pricing sections, and lists their issues where they are announced', async () => {
    const { text } = await page();
    for (const form of ['promotion-form', 'zone-form', 'tax-form']) {
      const body = new RegExp(`<form id="${form}"[\\s\\S]*?</form>`).exec(text)?.[0] ?? '';
      expect(body, form).toMatch(/novalidate/);
      const ids = [...body.matchAll(/<(?:input|select|textarea)\b[^>]*\bid="([^"]+)"/g)].map((m) => m[1]!);
      expect(ids.length, form).toBeGreaterThan(0);
      for (const id of ids) expect(body, `${form} #${id}`).toContain(`<label for="${id}">`);
      expect(body).toMatch(/<ul id="[a-z]+-issues" class="admin-issues" aria-live="polite"><\/ul>/);
    }
    // Money is typed in dollars: decimal text fields, never a number spinner that rounds.
    expect(text).toMatch(/<input id="promotion-amount" name="amount" type="text" inputmode="decimal"/);
    expect(text).toMatch(/<input id="promotion-min" name="minSubtotal" type="text" inputmode="decimal"/);
    // Each pricing table scrolls inside its own box on a narrow screen.
    for (const rows of ['promotion-rows', 'zone-rows', 'tax-rows']) {
      expect(text).toMatch(new RegExp(`<div class="admin-scroll"><table class="admin-table">(?:(?!</table>).)*<tbody id="${rows}">`, 's'));
    }
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
    // Every module the entry reaches, through the modules' own imports too.
    const pending = [...(await entry.text()).matchAll(/from '\.\/(admin\/[\w-]+\.js)'/g)].map((m) => m[1]!);
    const seen = new Set<string>();
    for (let path = pending.shift(); path; path = pending.shift()) {
      if (seen.has(path)) continue;
      seen.add(path);
      const res = await env.ASSETS.fetch(`http://store.test/js/${path}`);
      expect(res.status, path).toBe(200);
      const text = await res.text();
      expect(text, path).not.toMatch(/\.innerHTML\s*=|insertAdjacentHTML|document\.write/);
      expect(text, path).not.toMatch(/document\.cookie|localStorage/);
      pending.push(...[...text.matchAll(/from '\.\/([\w-]+\.js)'/g)].map((m) => `admin/${m[1]!}`));
    }
    expect([...seen]).toEqual(expect.arrayContaining(['admin/promotions.js', 'admin/shipping.js', 'admin/tax.js', 'admin/fields.js', 'admin/actions.js']));
  });

  it('leaves the admin API behind its bearer token', async () => {
    const res = await get('/admin/api/experiments');
    expect(res.status).toBe(401);
  });
});

describe('what the admin page types and shows', () => {
  it('turns dollars into cents by digits, never by multiplying a float', () => {
    for (const [typed, cents] of [['19.99', 1999], ['0.29', 29], ['1.1', 110], ['20', 2000], [' 4.05 ', 405], ['0', 0], ['999999999.99', 99999999999]] as const) {
      expect(toMinor(typed, 'usd'), typed).toBe(cents);
    }
    for (const bad of ['', '1.234', '-1', '1e3', '$5', '5,00', '0x10', '.5', '1 000']) expect(toMinor(bad, 'usd'), bad).toBeNull();
    fc.assert(fc.property(fc.integer({ min: 0, max: 10_000_000_000 }), (cents) => toMinor(toDecimal(cents, 'usd'), 'usd') === cents));
    expect(toDecimal(5, 'usd')).toBe('0.05');
    expect(toDecimal(100_000_000_001, 'usd')).toBe('1000000000.01');
  });

  it('turns percentages into the rates the API takes (at most six decimals) and back', () => {
    expect(fromPercent('7.25')).toBe(0.0725);
    expect(fromPercent('9.975')).toBe(0.09975);
    expect(fromPercent('100')).toBe(1);
    expect(fromPercent('0')).toBe(0);
    for (const bad of ['', '100.0001', '101', '7.12345', '-5', 'seven', '1e1']) expect(fromPercent(bad), bad).toBeNull();
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1_000_000 }), (ppm) => {
        const rate = fromPercent(toPercent(ppm / 1_000_000));
        return rate === ppm / 1_000_000 && Number(rate.toFixed(6)) === rate;
      }),
    );
    expect(toPercent(0.0725)).toBe('7.25');
    expect(toPercent(0.2)).toBe('20');
  });
});
