/**
 * The seed's way into local D1, R2 and KV: a Miniflare with the same bindings and persistence as
 * `wrangler dev` (ids from wrangler.toml, state under <persist-to>/v3), running a seed-only worker
 * that takes writes in bulk. One request carries a whole D1 batch or many R2 objects, where
 * getPlatformProxy costs a round trip to workerd per prepare(), bind() and put() (747 image puts:
 * ~6 s; 420 binds: ~1.3 s).
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Miniflare } from 'miniflare';
import { parse } from 'smol-toml';

export interface SqlQuery {
  sql: string;
  params: unknown[];
}

export interface MediaObject {
  key: string;
  bytes: Uint8Array;
  contentType: string;
  customMetadata?: Record<string, string>;
}

export interface SeedStore {
  /** Runs `queries` as one D1 batch (one transaction); the rows of each. */
  batch(queries: SqlQuery[]): Promise<Record<string, unknown>[][]>;
  /** Stores every object (in parallel inside workerd). */
  putMedia(objects: MediaObject[]): Promise<void>;
  getMediaText(key: string): Promise<string | null>;
  hasMedia(key: string): Promise<boolean>;
  deleteMedia(keys: string[]): Promise<void>;
  putConfig(key: string, value: string): Promise<void>;
  dispose(): Promise<void>;
}

/**
 * Bulk routes over the bindings. R2 objects travel as one body: a 4-byte big-endian header length,
 * the header (JSON: key, length, content type, metadata of each), then the bytes back to back.
 */
const SEED_WORKER = /* js */ `
const json = (body, status = 200) => Response.json(body, { status });
export default {
  async fetch(request, env) {
    const url = new URL(request.url);
    try {
      switch (url.pathname) {
        case '/sql': {
          const queries = await request.json();
          const statements = queries.map(({ sql, params }) => {
            const stmt = env.DB.prepare(sql);
            return params.length ? stmt.bind(...params) : stmt;
          });
          const results = await env.DB.batch(statements);
          return json(results.map((r) => r.results ?? []));
        }
        case '/media/put': {
          const body = new Uint8Array(await request.arrayBuffer());
          const headerLength = new DataView(body.buffer).getUint32(0);
          const header = JSON.parse(new TextDecoder().decode(body.subarray(4, 4 + headerLength)));
          let at = 4 + headerLength;
          await Promise.all(header.map(({ key, length, contentType, customMetadata }) => {
            const bytes = body.subarray(at, (at += length));
            return env.MEDIA.put(key, bytes, { httpMetadata: { contentType }, customMetadata });
          }));
          return json({ stored: header.length });
        }
        case '/media/get': {
          const obj = await env.MEDIA.get(url.searchParams.get('key'));
          return obj ? new Response(obj.body) : new Response(null, { status: 404 });
        }
        case '/media/head': {
          const obj = await env.MEDIA.head(url.searchParams.get('key'));
          return new Response(null, { status: obj ? 204 : 404 });
        }
        case '/media/delete': {
          const keys = await request.json();
          for (let i = 0; i < keys.length; i += 1000) await env.MEDIA.delete(keys.slice(i, i + 1000));
          return json({ deleted: keys.length });
        }
        case '/kv/put': {
          const { key, value } = await request.json();
          await env.CONFIG.put(key, value);
          return json({ ok: true });
        }
      }
      return json({ error: 'no such route' }, 404);
    } catch (err) {
      return json({ error: String(err && err.message ? err.message : err) }, 500);
    }
  },
};
`;

interface WranglerToml {
  compatibility_date?: string;
  compatibility_flags?: string[];
  d1_databases?: { binding: string; database_id?: string; preview_database_id?: string }[];
  kv_namespaces?: { binding: string; id?: string }[];
  r2_buckets?: { binding: string; bucket_name?: string }[];
}

/** Binding -> local id, the way wrangler's local dev names them (so the state is the same). */
const ids = <T extends { binding: string }>(entries: T[] | undefined, id: (e: T) => string | undefined) =>
  Object.fromEntries((entries ?? []).map((e) => [e.binding, id(e) ?? e.binding]));

export async function openSeedStore(configPath: string, persistTo: string): Promise<SeedStore> {
  const config = parse(readFileSync(configPath, 'utf8')) as WranglerToml;
  const mf = new Miniflare({
    modules: true,
    script: SEED_WORKER,
    compatibilityDate: config.compatibility_date,
    compatibilityFlags: config.compatibility_flags,
    d1Databases: ids(config.d1_databases, (d) => d.preview_database_id ?? d.database_id),
    kvNamespaces: ids(config.kv_namespaces, (k) => k.id),
    r2Buckets: ids(config.r2_buckets, (r) => r.bucket_name),
    defaultPersistRoot: resolve(persistTo, 'v3'),
  });
  await mf.ready;

  const call = async (path: string, init?: { body: string | Uint8Array }) => {
    const res = await mf.dispatchFetch(`http://seed${path}`, init ? { method: 'POST', body: init.body } : undefined);
    if (res.status >= 500) {
      const { error } = (await res.json()) as { error: string };
      throw new Error(`seed worker ${path}: ${error}`);
    }
    return res;
  };
  const key = (k: string) => `?key=${encodeURIComponent(k)}`;

  return {
    async batch(queries) {
      if (queries.length === 0) return [];
      return (await (await call('/sql', { body: JSON.stringify(queries) })).json()) as Record<string, unknown>[][];
    },
    async putMedia(objects) {
      if (objects.length === 0) return;
      const header = new TextEncoder().encode(
        JSON.stringify(
          objects.map(({ key, bytes, contentType, customMetadata }) => ({ key, length: bytes.byteLength, contentType, customMetadata })),
        ),
      );
      const body = new Uint8Array(4 + header.byteLength + objects.reduce((n, o) => n + o.bytes.byteLength, 0));
      new DataView(body.buffer).setUint32(0, header.byteLength);
      body.set(header, 4);
      let at = 4 + header.byteLength;
      for (const { bytes } of objects) {
        body.set(bytes, at);
        at += bytes.byteLength;
      }
      await (await call('/media/put', { body })).arrayBuffer();
    },
    async getMediaText(k) {
      const res = await call(`/media/get${key(k)}`);
      return res.status === 200 ? res.text() : (await res.arrayBuffer(), null);
    },
    async hasMedia(k) {
      const res = await call(`/media/head${key(k)}`);
      await res.arrayBuffer();
      return res.status === 204;
    },
    async deleteMedia(keys) {
      if (keys.length) await (await call('/media/delete', { body: JSON.stringify(keys) })).arrayBuffer();
    },
    async putConfig(k, value) {
      await (await call('/kv/put', { body: JSON.stringify({ key: k, value }) })).arrayBuffer();
    },
    dispose: () => mf.dispose(),
  };
}
