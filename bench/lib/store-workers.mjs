// Worker sources bench/flash-sale.mjs runs beside the store, in the same workerd process.

/**
 * The store's `InventoryCounter` by itself: a tiny Worker with a Durable Object binding to the class
 * in the store's script (`durableObjects: { INV: { className: 'InventoryCounter', scriptName } }`), so
 * calls reach the very objects and code the store uses, over the same RPC, without HTTP routing, the
 * cart, D1 or Stripe in front.
 *
 *   GET /reserve?sku=S        one reserve(<fresh id>, 1, 1 h) on S's counter → "granted" | "refused"
 *   GET /burst?sku=S&n=N&c=C[&release=1]  N reserves of 1 unit on S, at most C in flight, inside one
 *                             invocation (release=1: a refused reserve is followed by release(), as the store does)
 *                             → { n, granted, refused, errors, ms, p50, p99 } (ms by workerd's clock,
 *                             which advances on I/O; the caller also times the whole request)
 *   GET /set?sku=S&n=N        setOnHand(N)
 *   GET /snapshot?sku=S       snapshot()
 */
export const COUNTER_BENCH_WORKER = `
let seq = 0;
const id = () => 'bench-' + (++seq).toString(36) + '-' + crypto.randomUUID();
const pct = (v, p) => v.length ? v[Math.min(v.length - 1, Math.max(0, Math.ceil((p / 100) * v.length) - 1))] : null;
export default {
  async fetch(request, env) {
    const url = new URL(request.url);
    const sku = url.searchParams.get('sku') ?? 'BENCH-HOT';
    const counter = env.INV.getByName(sku);
    switch (url.pathname) {
      case '/reserve': {
        const r = await counter.reserve(id(), 1, 3_600_000);
        return new Response(r.ok ? 'granted' : 'refused');
      }
      case '/burst': {
        const n = Number(url.searchParams.get('n') ?? 1000);
        const c = Number(url.searchParams.get('c') ?? 64);
        // release=1: what the store's reserveAll() does today when a hold is refused (holds.ts gives
        // back every line, the refused one included): one more call on the same hot object.
        const releaseRefused = url.searchParams.get('release') === '1';
        let next = 0, granted = 0, refused = 0, errors = 0;
        const lat = [];
        const worker = async () => {
          while (next < n) {
            next++;
            const t = Date.now();
            try {
              const rid = id();
              const r = await counter.reserve(rid, 1, 3_600_000);
              if (r.ok) granted++;
              else {
                refused++;
                if (releaseRefused) await counter.release(rid);
              }
            } catch { errors++; }
            lat.push(Date.now() - t);
          }
        };
        const t0 = Date.now();
        await Promise.all(Array.from({ length: Math.min(n, c) }, worker));
        const ms = Date.now() - t0;
        lat.sort((a, b) => a - b);
        return Response.json({ n, c, granted, refused, errors, ms, p50: pct(lat, 50), p99: pct(lat, 99) });
      }
      case '/set':
        return Response.json(await counter.setOnHand(Number(url.searchParams.get('n'))));
      case '/snapshot': {
        const s = await counter.snapshot();
        return Response.json({ ...s, reservations: s.reservations.length });
      }
      default:
        return new Response('not found', { status: 404 });
    }
  },
};
`;

/**
 * "new-DO ceiling" for add-to-cart with distinct carts: each request creates ONE fresh SQLite-backed
 * Durable Object (a random name), which creates its one table and writes one row — what a first add
 * to a new cart costs the runtime at least, with no D1, no counter, no cookie signing. Locally each
 * new object is a new SQLite database file, so this is a local-runtime floor, not production's.
 */
export const NEW_DO_WORKER = `
import { DurableObject } from 'cloudflare:workers';
export class FreshObject extends DurableObject {
  constructor(ctx, env) {
    super(ctx, env);
    ctx.blockConcurrencyWhile(async () => {
      ctx.storage.sql.exec('create table if not exists lines (sku text primary key, quantity integer not null)');
    });
  }
  async add(sku) {
    this.ctx.storage.sql.exec('insert into lines (sku, quantity) values (?, 1) on conflict(sku) do update set quantity = quantity + 1', sku);
    return this.ctx.storage.sql.exec('select sku, quantity from lines').toArray();
  }
  async ping() {
    return 1;
  }
}
let n = 0;
export default {
  // /: a new object per request, one write. /existing: one of 128 objects (made during the warm-up),
  // one write. /ping: one of 128 objects, a method that touches nothing: the cost of the call itself.
  async fetch(request, env) {
    const path = new URL(request.url).pathname;
    if (path === '/ping') return Response.json(await env.FRESH.getByName('existing_' + (n++ % 128)).ping());
    const name = path === '/existing' ? 'existing_' + (n++ % 128) : 'cart_' + crypto.randomUUID();
    return Response.json(await env.FRESH.getByName(name).add('SKU-1'));
  },
};
`;

/** Header the DO-counting entry adds: JSON { "INVENTORY.reserve": n, "CART.lines": n, … } of the request. */
export const DO_CALLS_HEADER = 'x-bench-do-calls';
/** Module name the DO-counting entry imports the D1-counting entry (bench/lib/workers.mjs) under. */
export const D1_COUNTING_MODULE = 'count-d1-entry.mjs';

/**
 * Entry module in front of bench/lib/workers.mjs's COUNTING_ENTRY (itself in front of the unmodified
 * bundle): also counts the Durable Object RPC calls a request makes, per binding and method, by
 * handing the store CART / INVENTORY namespaces whose stubs count their method calls. Only for the
 * counting worker (one request at a time, never under load).
 */
export const DO_COUNTING_ENTRY = `import * as inner from './${D1_COUNTING_MODULE}';
export * from './${D1_COUNTING_MODULE}';

function wrapStub(stub, name, calls) {
  return new Proxy(stub, {
    get(target, prop) {
      const value = Reflect.get(target, prop);
      if (typeof prop !== 'string' || prop === 'then' || prop === 'fetch' || typeof value !== 'function') return value;
      return (...args) => {
        const key = name + '.' + prop;
        calls[key] = (calls[key] ?? 0) + 1;
        // Not value.apply(): on an RPC stub, .apply would itself be a remote property.
        return target[prop](...args);
      };
    },
  });
}

function wrapNamespace(ns, name, calls) {
  return new Proxy(ns, {
    get(target, prop) {
      const value = Reflect.get(target, prop);
      if (prop === 'getByName' || prop === 'get') return (...args) => wrapStub(target[prop](...args), name, calls);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

export default {
  ...inner.default,
  async fetch(request, env, ctx) {
    const calls = {};
    const wrapped = { ...env, CART: wrapNamespace(env.CART, 'CART', calls), INVENTORY: wrapNamespace(env.INVENTORY, 'INVENTORY', calls) };
    const res = await inner.default.fetch(request, wrapped, ctx);
    const out = new Response(res.body, res);
    out.headers.set('${DO_CALLS_HEADER}', JSON.stringify(calls));
    return out;
  },
};
`;
