/**
 * Applies the migrations in migrations/ that local D1 has not recorded, the way `wrangler d1
 * migrations apply DB --local` does (each file's statements, then its name into d1_migrations, so
 * wrangler sees them applied), in one D1 batch through the seed's store instead of one wrangler
 * process and workerd start per file. Files are split where drizzle-kit marks statement breakpoints
 * (drizzle's own reader), so no SQL splitter of ours.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readMigrationFiles } from 'drizzle-orm/migrator';
import type { SeedStore, SqlQuery } from './workerd';

/** wrangler's bookkeeping table for `d1 migrations apply` (wrangler.toml sets no migrations_table). */
const MIGRATIONS_TABLE = 'd1_migrations';

/** Products in D1, or null when the products table does not exist yet. */
export async function productCount(store: SeedStore): Promise<number | null> {
  const [tables] = await store.batch([{ sql: "SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'products'", params: [] }]);
  if (!tables?.length) return null;
  const [[row] = []] = await store.batch([{ sql: 'SELECT count(*) AS n FROM products', params: [] }]);
  return Number(row?.n ?? 0);
}

/** Applies what is missing; answers how many files that was. */
export async function applyMigrations(store: SeedStore, migrationsDir: string): Promise<number> {
  const [, appliedRows = []] = await store.batch([
    {
      sql: `CREATE TABLE IF NOT EXISTS ${MIGRATIONS_TABLE}(id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT UNIQUE, applied_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP NOT NULL)`,
      params: [],
    },
    { sql: `SELECT name FROM ${MIGRATIONS_TABLE}`, params: [] },
  ]);
  const applied = new Set(appliedRows.map((r) => String(r.name)));
  const journal = JSON.parse(readFileSync(join(migrationsDir, 'meta', '_journal.json'), 'utf8')) as { entries: { tag: string }[] };
  const files = readMigrationFiles({ migrationsFolder: migrationsDir });
  const pending = journal.entries.map((e, i) => ({ name: `${e.tag}.sql`, statements: files[i]!.sql })).filter((m) => !applied.has(m.name));
  const queries: SqlQuery[] = pending.flatMap(({ name, statements }) => [
    // A chunk of only comments is no statement (D1 refuses it).
    ...statements.filter((sql) => sql.replace(/^\s*--.*$/gm, '').trim()).map((sql) => ({ sql, params: [] })),
    { sql: `INSERT INTO ${MIGRATIONS_TABLE} (name) VALUES (?)`, params: [name] },
  ]);
  await store.batch(queries);
  return pending.length;
}
