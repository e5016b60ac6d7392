const injected = () => new Error('D1_ERROR: injected by the dev fault switch (d1-catalog)');

/** A prepared statement whose every read and write fails, as a D1 outage does. */
class FailingStatement {
  bind(): this {
    return this;
  }
  first(): Promise<never> {
    return Promise.reject(injected());
  }
  all(): Promise<never> {
    return Promise.reject(injected());
  }
  run(): Promise<never> {
    return Promise.reject(injected());
  }
  raw(): Promise<never> {
    return Promise.reject(injected());
  }
}

/** A D1 binding that is down: statements prepare, then every call rejects. */
class FailingD1 {
  prepare(): FailingStatement {
    return new FailingStatement();
  }
  batch(): Promise<never> {
    return Promise.reject(injected());
  }
  exec(): Promise<never> {
    return Promise.reject(injected());
  }
  dump(): Promise<never> {
    return Promise.reject(injected());
  }
  withSession(): this {
    return this;
  }
}

// One per real binding, so the store's per-binding Drizzle handle (worker/db/client.ts) is built once.
const failing = new WeakMap<D1Database, D1Database>();

/** `env` with a D1 that fails every call in place of `env.DB`. */
export function withFailingD1(env: Env): Env {
  let db = failing.get(env.DB);
  if (!db) {
    db = new FailingD1() as unknown as D1Database;
    failing.set(env.DB, db);
  }
  return { ...env, DB: db };
}
