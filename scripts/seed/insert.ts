/**
 * Writes a SeedCatalog into D1. Workers-safe (no Node imports): the seed CLI sends the statements of
 * `catalogQueries` / `storeRulesQueries` to workerd in one request each (scripts/seed/workerd.ts);
 * tests inside workerd call `insertCatalog` / `insertStoreRules` on their D1 binding.
 */
import { drizzle } from 'drizzle-orm/d1';
import { categories, productImages, products, variants } from '../../worker/db/schema';
import { database } from '../../worker/db/client';
import { replaceStoreRules, replaceStoreRulesStatements } from '../../worker/rules/rules-store';
import type { SeedCatalog } from './generate';
import type { SeedStoreRules } from './store-rules';

/** D1 rejects statements with more than 100 bound parameters ("too many SQL variables"). */
export const D1_MAX_BOUND_PARAMETERS = 100;

function chunk<T>(rows: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += size) out.push(rows.slice(i, i + size));
  return out;
}

/** Rows per multi-row INSERT so that rows × bound columns ≤ 100. */
function rowsPerStatement(row: object): number {
  const columns = Object.keys(row).length;
  return Math.max(1, Math.floor(D1_MAX_BOUND_PARAMETERS / columns));
}

/**
 * Replaces the whole catalog (product_images, variants, products, categories) with `catalog`, in a
 * single D1 batch, so it runs as one transaction: readers see either the old or the new catalog.
 * Categories, products, variants and images all get explicit ids 1..N in generation order, so ids are
 * identical on every seed. The FTS5 triggers from migration 0001 keep `products_fts` in sync.
 */
export async function insertCatalog(d1: D1Database, catalog: SeedCatalog): Promise<void> {
  const prepared = new Map<string, D1PreparedStatement>();
  const statements = catalogQueries(catalog).map(({ sql, params }) => {
    let stmt = prepared.get(sql);
    if (!stmt) prepared.set(sql, (stmt = d1.prepare(sql)));
    return params.length ? stmt.bind(...params) : stmt;
  });
  // One batch = one transaction: readers see the old catalog or the new one, never a mix.
  await d1.batch(statements);
}

/** Drizzle builds SQL without touching its client: a handle over no database, for `toSQL()` only. */
const sqlOnly = () => drizzle({} as D1Database);

/** The statements of `insertCatalog`, in order, for one D1 batch. */
export function catalogQueries(catalog: SeedCatalog): { sql: string; params: unknown[] }[] {
  const db = sqlOnly();

  const categoryId = new Map(catalog.categories.map((c) => [c.slug, c.id]));

  const categoryRows = catalog.categories.map((c) => ({
    id: c.id,
    slug: c.slug,
    name: c.name,
    description: c.description,
    position: c.position,
  }));

  const productRows = catalog.products.map((p) => {
    const cid = categoryId.get(p.categorySlug);
    if (cid === undefined) throw new Error(`insertCatalog: product ${p.slug} has unknown category ${p.categorySlug}`);
    return { id: p.id, slug: p.slug, title: p.title, description: p.description, categoryId: cid, featured: p.featured };
  });

  let variantId = 0;
  const variantRows = catalog.products.flatMap((p) =>
    p.variants.map((v) => ({
      id: ++variantId,
      productId: p.id,
      sku: v.sku,
      title: v.title,
      options: v.options,
      price: v.price,
      currency: v.currency,
      weightGrams: v.weightGrams,
      position: v.position,
    })),
  );

  let imageId = 0;
  const imageRows = catalog.products.flatMap((p) =>
    p.images.map((img) => ({
      id: ++imageId,
      productId: p.id,
      key: img.key,
      alt: img.alt,
      width: img.width,
      height: img.height,
      color: img.color,
      position: img.position,
    })),
  );

  // Every statement is built with Drizzle (typed against the schema, values mapped to driver values:
  // JSON options stringified, booleans as 0/1) and handed to D1 as SQL, so statements of the same
  // shape share one D1 prepare and the seed can send them all to workerd in one request.
  // The triggers of migration 0003 recompute a product's JSON doc on every insert or delete of one of
  // its variants or images: inserted under their products, 2,673 images and 1,716 variants would each
  // rebuild a doc (4,900 rebuilds for 520 products). So foreign keys are checked at commit instead
  // (PRAGMA defer_foreign_keys, reset by D1 when the batch's transaction ends), products are deleted
  // first and inserted last: the child triggers then touch no row, and each product's insert trigger
  // builds its doc once, from children already in place.
  const queries: { sql: string; params: unknown[] }[] = [
    { sql: 'PRAGMA defer_foreign_keys = on', params: [] },
    db.delete(products).toSQL(),
    db.delete(productImages).toSQL(),
    db.delete(variants).toSQL(),
    db.delete(categories).toSQL(),
  ];
  // Every row of a table has the same keys, so the first row gives the column count. Columns left
  // out (created_at/updated_at) use their SQL defaults inline and bind no parameters.
  const push = <T extends object>(rows: T[], build: (part: T[]) => { sql: string; params: unknown[] }) => {
    if (rows.length === 0) return;
    for (const part of chunk(rows, rowsPerStatement(rows[0] as T))) {
      const q = build(part);
      if (q.params.length > D1_MAX_BOUND_PARAMETERS) {
        throw new Error(`insertCatalog: statement binds ${q.params.length} parameters (max ${D1_MAX_BOUND_PARAMETERS})`);
      }
      queries.push(q);
    }
  };
  push(categoryRows, (part) => db.insert(categories).values(part).toSQL());
  push(variantRows, (part) => db.insert(variants).values(part).toSQL());
  push(imageRows, (part) => db.insert(productImages).values(part).toSQL());
  push(productRows, (part) => db.insert(products).values(part).toSQL());
  return queries;
}

/** Replaces the promotions, shipping zones, tax rates and the tax setting with `rules`, in one batch. */
export async function insertStoreRules(d1: D1Database, rules: SeedStoreRules): Promise<void> {
  await replaceStoreRules(database(d1), rules);
}

/** The statements of `insertStoreRules`, for one D1 batch. */
export const storeRulesQueries = (rules: SeedStoreRules): { sql: string; params: unknown[] }[] =>
  replaceStoreRulesStatements(database({} as D1Database), rules).map((q) => q.toSQL());
