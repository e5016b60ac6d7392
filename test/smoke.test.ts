import { SELF, env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';

describe('a fresh database', () => {
  it('has every migration applied, from empty, by the test setup', async () => {
    const applied = await env.DB.prepare('select name from d1_migrations order by id').all<{ name: string }>();
    expect(applied.results.map((r) => r.name)).toEqual(env.TEST_MIGRATIONS.map((m) => m.name));
    const tables = await env.DB.prepare("select name from sqlite_master where type in ('table', 'trigger') order by name").all<{ name: string }>();
    const names = tables.results.map((r) => r.name);
    for (const name of ['categories', 'products', 'variants', 'product_images', 'products_fts', 'products_fts_after_insert', 'products_fts_after_update', 'products_fts_after_delete']) {
      expect(names).toContain(name);
    }
    const columns = await env.DB.prepare('select name from pragma_table_info(?)').bind('variants').all<{ name: string }>();
    expect(columns.results.map((c) => c.name)).not.toContain('stock');
  });

  it('answers healthz with binding checks', async () => {
    const res = await SELF.fetch('http://store.test/healthz');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true, checks: { d1: 'ok', kv: 'ok', r2: 'ok' }, load: { inFlight: expect.any(Number), shedReadsAt: 100000, shedCartAddsAt: 100000, shed: 0, servedStale: 0 } });
  });
});
