import { env } from 'cloudflare:test';
import type { Query } from 'drizzle-orm';

/** SQLite's `explain query plan` of a drizzle statement on the test D1, one detail line per step. */
export async function queryPlan(statement: { toSQL(): Query }): Promise<string[]> {
  const { sql, params } = statement.toSQL();
  const plan = await env.DB.prepare(`explain query plan ${sql}`)
    .bind(...params)
    .all<{ detail: string }>();
  return plan.results.map((row) => row.detail);
}
