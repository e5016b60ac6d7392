import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import type { SeedCatalog } from '../scripts/seed/generate';
import type { Drop } from '../worker/drops/schemas';
import { admin, countRows, expectError, seedCatalog } from './helpers';

let catalog: SeedCatalog;
let skus: string[];

beforeAll(async () => {
  catalog = await seedCatalog(6);
  skus = catalog.products.flatMap((p) => p.variants.map((v) => v.sku));
});

const inAnHour = () => new Date(Date.now() + 3_600_000).toISOString();
const dropBody = (overrides: Record<string, unknown> = {}) => ({
  skus: [skus[0]],
  startsAt: inAnHour(),
  admitPerMinute: 120,
  perCustomerLimit: 2,
  turnstile: true,
  ...overrides,
});

const put = async (id: string, body: unknown) => admin('PUT', `/drops/${id}`, body);
const saved = async (id: string, body: unknown): Promise<Drop> => {
  const res = await put(id, body);
  expect(res.status, await res.clone().text()).toBe(200);
  return (await res.json()) as Drop;
};
const rows = async () => ({ drops: await countRows('drops'), skus: await countRows('drop_skus') });

/** 400 invalid_request naming `path` among its issues, and no row written or changed. */
async function refused(id: string, body: unknown, path: string) {
  const before = await rows();
  const beforeDrop = await admin('GET', `/drops/${id}`).then((r) => r.text());
  const answer = await expectError(await put(id, body), 400, 'invalid_request');
  expect((answer.error.issues as { path: string }[]).map((i) => i.path)).toContain(path);
  expect(await rows()).toEqual(before);
  expect(await admin('GET', `/drops/${id}`).then((r) => r.text())).toBe(beforeDrop);
}

describe('PUT/GET/DELETE /admin/api/drops/:id', () => {
  it('creates, reads, lists, replaces and deletes a drop', async () => {
    const body = dropBody({ id: 'spring-sneaker', skus: [skus[1], skus[2]], startsAt: '2099-03-01T10:00:00+02:00' });
    const created = await saved('spring-sneaker', body);
    expect(created).toEqual({ ...body, startsAt: '2099-03-01T08:00:00.000Z' });
    expect(await (await admin('GET', '/drops/spring-sneaker')).json()).toEqual(created);
    expect(((await (await admin('GET', '/drops')).json()) as { items: Drop[] }).items.map((d) => d.id)).toContain('spring-sneaker');

    const replaced = await saved('spring-sneaker', dropBody({ skus: [skus[2]], admitPerMinute: 30, turnstile: false }));
    expect(replaced).toMatchObject({ skus: [skus[2]], admitPerMinute: 30, turnstile: false });
    expect(await (await admin('GET', '/drops/spring-sneaker')).json()).toEqual(replaced);

    expect((await admin('DELETE', '/drops/spring-sneaker')).status).toBe(204);
    await expectError(await admin('GET', '/drops/spring-sneaker'), 404, 'not_found');
    await expectError(await admin('DELETE', '/drops/spring-sneaker'), 404, 'not_found');
    expect(await countRows("drop_skus where drop_id = 'spring-sneaker'")).toBe(0);
  });

  it('refuses bad values with 400 and writes nothing', async () => {
    await refused('bad', dropBody({ startsAt: new Date(Date.now() - 1000).toISOString() }), 'startsAt');
    await refused('bad', dropBody({ startsAt: 'tomorrow' }), 'startsAt');
    await refused('bad', dropBody({ admitPerMinute: 0 }), 'admitPerMinute');
    await refused('bad', dropBody({ admitPerMinute: 1.5 }), 'admitPerMinute');
    await refused('bad', dropBody({ perCustomerLimit: 0 }), 'perCustomerLimit');
    await refused('bad', dropBody({ skus: [] }), 'skus');
    await refused('bad', dropBody({ skus: [skus[0], skus[0]] }), 'skus');
    await refused('bad', dropBody({ skus: [skus[0], 'NO-SUCH-SKU'] }), 'skus');
    await refused('bad', dropBody({ turnstile: 'yes' }), 'turnstile');
    await refused('bad', dropBody({ price: 1 }), 'json');
    await refused('bad', dropBody({ id: 'other' }), 'id');
    await expectError(await put('Not_An_Id', dropBody()), 400, 'invalid_request');
    await expectError(await admin('GET', '/drops/bad'), 404, 'not_found');
  });

  it('keeps a started drop editable without moving its start, but not into the past', async () => {
    const startsAt = inAnHour();
    await saved('started', dropBody({ skus: [skus[3]], startsAt }));
    // Pretend it started: move the stored start back as time would.
    const past = new Date(Date.now() - 60_000).toISOString();
    await env.DB.prepare('update drops set starts_at = ? where id = ?').bind(Date.parse(past), 'started').run();
    expect(await saved('started', dropBody({ skus: [skus[3]], startsAt: past, admitPerMinute: 10 }))).toMatchObject({ admitPerMinute: 10 });
    await refused('started', dropBody({ skus: [skus[3]], startsAt: new Date(Date.now() - 1000).toISOString() }), 'startsAt');
  });

  it('a SKU belongs to one drop: a second claim is a 409 conflict, also when two race', async () => {
    await saved('first', dropBody({ skus: [skus[4]] }));
    const answer = await expectError(await put('second', dropBody({ skus: [skus[4]] })), 409, 'conflict');
    expect(answer.error).toMatchObject({ reason: 'sku_in_another_drop', skus: [skus[4]] });
    await expectError(await admin('GET', '/drops/second'), 404, 'not_found');

    const racers = await Promise.all(['race-a', 'race-b', 'race-c'].map((id) => put(id, dropBody({ skus: [skus[5]] }))));
    expect(racers.map((r) => r.status).sort()).toEqual([200, 409, 409]);
    expect(await countRows(`drop_skus where sku = '${skus[5]}'`)).toBe(1);
  });

  it('needs the admin token and a JSON body', async () => {
    await expectError(await admin('GET', '/drops/first', undefined, { authorization: '' }), 401, 'unauthorized');
    await expectError(await admin('GET', '/drops', undefined, { authorization: 'Bearer nope' }), 401, 'unauthorized');
    await expectError(await admin('PUT', '/drops/first', 'skus=1', { 'content-type': 'text/plain' }), 415, 'unsupported_media_type');
  });
});
