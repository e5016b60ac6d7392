import * as store from './index.js';
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
    out.headers.set('x-bench-d1-round-trips', String(counter.trips));
    out.headers.set('x-bench-d1-statements', String(counter.statements));
    out.headers.set('x-bench-d1-sql', encodeURIComponent(JSON.stringify(counter.sql)).slice(0, 32000));
    return out;
  },
};
