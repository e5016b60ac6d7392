// Worker sources the bench runs beside the store, in the same workerd process.

/** (a) "bare ceiling": the cheapest possible Worker answer. */
export const BARE_WORKER = `export default { fetch() { return new Response('ok') } }`;

/** (b) "one-query ceiling": a bare Worker plus one trivial D1 round trip per request. */
export const ONE_QUERY_WORKER = `export default {
  async fetch(request, env) {
    await env.DB.prepare('select 1').first();
    return new Response('ok');
  },
}`;

/** Header the counting entry adds: D1 round trips the request made (a batch counts as one). */
export const ROUND_TRIPS_HEADER = 'x-bench-d1-round-trips';
/** Header the counting entry adds: SQL statements the request sent (every statement of a batch). */
export const STATEMENTS_HEADER = 'x-bench-d1-statements';
/** Header the counting entry adds: URI-encoded JSON [{ sql, params, method }] of the statements sent. */
export const SQL_HEADER = 'x-bench-d1-sql';

/**
 * Entry module put IN FRONT OF the unmodified production bundle (`./index.js`) for the D1-counting
 * store workers only (never the ones under load). It hands the store a per-request env whose DB wraps
 * the real binding and counts round trips: each prepared statement's first/all/run/raw is one, each
 * batch() is one (however many statements), each exec() is one. The body is read to the end before
 * the count is taken, so work done while rendering is included; work the store defers to
 * ctx.waitUntil (stale-while-revalidate refreshes) is not.
 */
export const COUNTING_ENTRY = `import * as store from './index.js';
export * from './index.js';

const unwrap = new WeakMap();

function wrapStatement(stmt, counter, sql, params = []) {
  const proxy = new Proxy(stmt, {
    get(target, prop) {
      const value = Reflect.get(target, prop, target);
      if (prop === 'bind') return (...args) => wrapStatement(target.bind(...args), counter, sql, args);
      if (prop === 'first' || prop === 'all' || prop === 'run' || prop === 'raw') {
        return (...args) => {
          counter.trips += 1;
          counter.statements += 1;
          counter.sql.push({ sql, params, method: prop });
          return value.apply(target, args);
        };
      }
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  unwrap.set(proxy, { stmt, sql, params });
  return proxy;
}

function wrapDatabase(db, counter) {
  return new Proxy(db, {
    get(target, prop) {
      const value = Reflect.get(target, prop, target);
      if (prop === 'prepare') return (sql) => wrapStatement(target.prepare(sql), counter, sql);
      if (prop === 'batch') {
        return (statements) => {
          counter.trips += 1;
          counter.statements += statements.length;
          for (const s of statements) {
            const u = unwrap.get(s);
            counter.sql.push({ sql: u?.sql, params: u?.params ?? [], method: 'batch' });
          }
          return target.batch(statements.map((s) => unwrap.get(s)?.stmt ?? s));
        };
      }
      if (prop === 'exec') {
        return (sql) => {
          counter.trips += 1;
          counter.statements += 1;
          counter.sql.push({ sql, params: [], method: 'exec' });
          return target.exec(sql);
        };
      }
      if (prop === 'withSession') return (...args) => wrapDatabase(target.withSession(...args), counter);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

export default {
  ...store.default,
  async fetch(request, env, ctx) {
    const counter = { trips: 0, statements: 0, sql: [] };
    const res = await store.default.fetch(request, { ...env, DB: wrapDatabase(env.DB, counter) }, ctx);
    const body = await res.arrayBuffer();
    const out = new Response(res.status === 204 || res.status === 304 ? null : body, res);
    out.headers.set('${ROUND_TRIPS_HEADER}', String(counter.trips));
    out.headers.set('${STATEMENTS_HEADER}', String(counter.statements));
    out.headers.set('${SQL_HEADER}', encodeURIComponent(JSON.stringify(counter.sql)).slice(0, 32000));
    return out;
  },
};
`;

/**
 * Entry module in front of the unmodified bundle that silences console.log (the store's per-request
 * JSON access log) to measure what logging costs. console.error still goes through.
 */
export const NOLOG_ENTRY = `export * from './index.js';
export { default } from './index.js';
console.log = () => {};
`;

/**
 * Replays one captured store statement per request, nothing else: the D1 cost of a route without its
 * rendering. The statement comes in the x-bench-sql header ({ sql, params, method, slugIndex }); the
 * slug parameter is replaced by the request path's last segment so the rows rotate like the page's.
 */
export const REPLAY_SQL_WORKER = `export default {
  async fetch(request, env) {
    const spec = JSON.parse(request.headers.get('x-bench-sql'));
    const params = [...spec.params];
    if (spec.slugIndex >= 0) params[spec.slugIndex] = decodeURIComponent(new URL(request.url).pathname.split('/').pop());
    const stmt = env.DB.prepare(spec.sql).bind(...params);
    const out = spec.method === 'raw' ? await stmt.raw() : spec.method === 'first' ? await stmt.first() : await stmt.all();
    return new Response(out ? 'ok' : 'empty');
  },
}`;
