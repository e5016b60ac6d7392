import { SELF, env } from 'cloudflare:test';
import { expect, it } from 'vitest';

it('answers healthz with binding checks', async () => {
  const res = await SELF.fetch('http://store.test/healthz');
  expect(res.status).toBe(200);
  expect(await res.json()).toEqual({ ok: true, checks: { d1: 'ok', kv: 'ok', r2: 'ok' } });
  const tables = await env.DB.prepare("select name from sqlite_master where name = 'products_fts'").all();
  expect(tables.results).toHaveLength(1);
});
