// Bench data: D1 migrations and the demo catalog seed.
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

/**
 * Statements of one drizzle-kit migration file. drizzle-kit separates statements with
 * `--> statement-breakpoint` (often at the end of a line: `…;--> statement-breakpoint`), so multi-statement bodies (CREATE TRIGGER … BEGIN …; …; END) stay whole.
 * Whole-line `--` comments are dropped; a chunk left empty is skipped.
 */
export function splitMigration(sqlText) {
  return sqlText
    .split(/-->\s*statement-breakpoint/)
    .map((chunk) =>
      chunk
        .split('\n')
        .filter((line) => !/^\s*--/.test(line))
        .join('\n')
        .trim(),
    )
    .filter((s) => s.length > 0);
}

/** Applies migrations/*.sql in name order, each statement with prepare().run(). */
export async function applyMigrations(db, migrationsDir) {
  const files = (await readdir(migrationsDir)).filter((f) => f.endsWith('.sql')).sort();
  let statements = 0;
  for (const file of files) {
    const text = await readFile(join(migrationsDir, file), 'utf8');
    for (const stmt of splitMigration(text)) {
      try {
        await db.prepare(stmt).run();
      } catch (err) {
        throw new Error(`migration ${file} failed on:\n${stmt.slice(0, 300)}\n→ ${err?.message ?? err}`);
      }
      statements += 1;
    }
  }
  return { files, statements };
}

/**
 * Loads scripts/seed/generate.ts and insert.ts through tsx (TypeScript, extensionless imports) and
 * writes the catalog into `db`. Returns the generated catalog (slugs are used as load targets).
 */
export async function seedCatalog(db, root, products) {
  const { tsImport } = await import('tsx/esm/api');
  const gen = await tsImport(pathToFileURL(join(root, 'scripts/seed/generate.ts')).href, import.meta.url);
  const ins = await tsImport(pathToFileURL(join(root, 'scripts/seed/insert.ts')).href, import.meta.url);
  const rules = await tsImport(pathToFileURL(join(root, 'scripts/seed/store-rules.ts')).href, import.meta.url);
  const generateCatalog = gen.generateCatalog ?? gen.default?.generateCatalog;
  const insertCatalog = ins.insertCatalog ?? ins.default?.insertCatalog;
  const insertStoreRules = ins.insertStoreRules ?? ins.default?.insertStoreRules;
  const demoRules = rules.DEMO_STORE_RULES ?? rules.default?.DEMO_STORE_RULES;
  if (typeof generateCatalog !== 'function' || typeof insertCatalog !== 'function' || typeof insertStoreRules !== 'function') {
    throw new Error('scripts/seed/generate.ts or insert.ts does not export generateCatalog/insertCatalog/insertStoreRules');
  }
  const catalog = generateCatalog({ products });
  await insertCatalog(db, catalog);
  // The demo's promotions, shipping zones and tax rates: checkout needs a zone for its address.
  await insertStoreRules(db, demoRules);
  return catalog;
}

/**
 * Waits (at most 60 s) until D1 has each SKU's stock band (the feeds' hint queue writes them), so an
 * uncached page measures the steady state. Answers how many have one; null for a bundle from before
 * bands were recorded (no `variants.stock_band`).
 */
export async function settledBands(db) {
  const columns = await db.prepare("select name from pragma_table_info('variants') where name = 'stock_band'").all();
  if (columns.results.length === 0) return null;
  const deadline = Date.now() + 60_000;
  for (;;) {
    const row = await db.prepare('select count(*) as missing, (select count(*) from variants) as total from variants where stock_band is null').first();
    if (row.missing === 0 || Date.now() > deadline) return row.total - row.missing;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}
