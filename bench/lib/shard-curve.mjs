// The sharded counter by itself, for bench/drop.mjs's reservations/s curve over K shards: a Worker
// built from the store's own worker/inventory/sharded-stock.ts (esbuild) whose INVENTORY binding is
// the store's InventoryCounter class (scriptName 'store'), so it drives the very objects and code a
// checkout of a drop SKU uses, over the same RPC, without HTTP routing, the cart, D1 or Stripe.
//
//   GET /set?sku=S&k=K&n=N            setShardedStock over K shards
//   GET /burst?sku=S&k=K&n=N&c=C      N reservations of 1 unit (fresh order ids), C in flight, inside
//                                     one invocation → { n, granted, refused, errors, ms, p50, p99 }
//   GET /audit?sku=S&k=K              auditShards (the invariant's terms)
import { build } from 'esbuild';

const ENTRY = `
import { auditShards, reserveSharded, setShardedStock } from './worker/inventory/sharded-stock';
const pct = (v, p) => (v.length ? v[Math.min(v.length - 1, Math.max(0, Math.ceil((p / 100) * v.length) - 1))] : null);
export default {
  async fetch(request, env) {
    const url = new URL(request.url);
    const sku = url.searchParams.get('sku') ?? 'BENCH-SHARDED';
    const k = Number(url.searchParams.get('k') ?? 1);
    const ns = env.INVENTORY;
    switch (url.pathname) {
      case '/set':
        return Response.json(await setShardedStock(ns, sku, k, Number(url.searchParams.get('n'))));
      case '/audit':
        return Response.json(await auditShards(ns, sku, k));
      case '/burst': {
        const n = Number(url.searchParams.get('n') ?? 1000);
        const c = Number(url.searchParams.get('c') ?? 64);
        let next = 0, granted = 0, refused = 0, errors = 0;
        const lat = [];
        const loop = async () => {
          while (next < n) {
            next++;
            const t = Date.now();
            try {
              const r = await reserveSharded(ns, sku, k, 'ord_' + crypto.randomUUID(), 1, 3_600_000);
              if (r.ok) granted++;
              else refused++;
            } catch {
              errors++;
            }
            lat.push(Date.now() - t);
          }
        };
        const t0 = Date.now();
        await Promise.all(Array.from({ length: Math.min(n, c) }, loop));
        const ms = Date.now() - t0;
        lat.sort((a, b) => a - b);
        return Response.json({ n, c, k, granted, refused, errors, ms, p50: pct(lat, 50), p99: pct(lat, 99) });
      }
      default:
        return new Response('not found', { status: 404 });
    }
  },
};
`;

/** The Worker's source: ENTRY with the store's sharded-stock module bundled in. */
export async function shardBenchSource(root) {
  const out = await build({
    stdin: { contents: ENTRY, resolveDir: root, sourcefile: 'shard-bench-entry.js', loader: 'js' },
    bundle: true,
    format: 'esm',
    platform: 'neutral',
    target: 'es2022',
    write: false,
    external: ['cloudflare:*'],
    logLevel: 'silent',
  });
  return out.outputFiles[0].text;
}

/** Miniflare options of the shard-bench Worker, beside the store (`common`, `direct` from startMiniflare). */
export const shardBenchWorker = (script, { common, direct }) => ({
  name: 'shard-bench',
  modules: true,
  script,
  ...common,
  durableObjects: { INVENTORY: { className: 'InventoryCounter', scriptName: 'store', useSQLite: true } },
  unsafeDirectSockets: direct,
});

/** GET on the shard-bench Worker, JSON answer, bounded. */
export async function shardBench(url, path, timeoutMs = 180_000) {
  const res = await fetch(url + path, { signal: AbortSignal.timeout(timeoutMs) });
  const text = await res.text();
  if (!res.ok) throw new Error(`shard-bench ${path} → ${res.status} ${text.slice(0, 300)}`);
  return JSON.parse(text);
}
