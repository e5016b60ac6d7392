import { fillPlaceholders, type Query } from 'drizzle-orm';
import { database, type Db } from './client';

/** What a drizzle select builder offers here: it prepares into a query that maps a batch's result. */
interface Preparable extends PromiseLike<unknown> {
  prepare(): Prepared;
}
interface Prepared {
  getQuery(): Query;
  mapResult(response: unknown, isFromBatch?: boolean): unknown;
}
type Built = { prepared: Prepared[]; queries: Query[]; statements: D1PreparedStatement[] };

/**
 * A D1 batch of drizzle selects that drizzle builds once per isolate and binding, then runs with the
 * request's values for its `sql.placeholder(...)`s. `db.batch` builds every statement's SQL again
 * on each call, and for the product page that was a third of its JavaScript (`npm run bench:profile
 * -- page`). The rows are mapped by drizzle, as `db.batch` maps them.
 *
 * @example
 * const bySlug = preparedBatch((db) => [db.select().from(products).where(eq(products.slug, sql.placeholder('slug')))] as const);
 * const [rows] = await bySlug(env.DB, { slug: 'alpine-down-jacket' });
 */
export function preparedBatch<const T extends readonly Preparable[]>(build: (db: Db) => T) {
  const built = new WeakMap<D1Database, Built>();
  return async (d1: D1Database, values: Record<string, unknown>): Promise<{ -readonly [K in keyof T]: Awaited<T[K]> }> => {
    let b = built.get(d1);
    if (!b) {
      const prepared = build(database(d1)).map((select) => select.prepare());
      const queries = prepared.map((p) => p.getQuery());
      b = { prepared, queries, statements: queries.map((q) => d1.prepare(q.sql)) };
      built.set(d1, b);
    }
    const { prepared, queries, statements } = b;
    const results = await d1.batch(statements.map((statement, i) => statement.bind(...fillPlaceholders(queries[i]!.params, values))));
    return results.map((result, i) => prepared[i]!.mapResult(result, true)) as { -readonly [K in keyof T]: Awaited<T[K]> };
  };
}
