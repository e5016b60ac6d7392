import { and, asc, eq, inArray, ne, type Placeholder } from 'drizzle-orm';
import type { Db } from '../db/client';
import { inList } from '../db/in-list';
import { dropSkus, drops } from '../db/drops-schema';
import { products, variants } from '../db/schema';
import type { Drop } from './schemas';

/**
 * Drop configuration in D1. A write is checked first (start, SKUs in the catalog, SKUs in no other
 * drop) and then goes in one batch, so a refused write leaves nothing behind; the unique index on
 * `drop_skus.sku` decides between two drops claiming one SKU at once.
 */

export type DropWrite =
  | { ok: true; value: Drop }
  | { ok: false; code: 'starts_in_past' }
  | { ok: false; code: 'unknown_skus'; skus: string[] }
  | { ok: false; code: 'sku_in_another_drop'; skus: string[] };

type DropRow = typeof drops.$inferSelect;

const toDrop = (row: DropRow, skus: string[]): Drop => ({
  id: row.id,
  skus,
  startsAt: new Date(row.startsAt).toISOString(),
  admitPerMinute: row.admitPerMinute,
  perCustomerLimit: row.perCustomerLimit,
  turnstile: row.turnstile,
});

async function skusByDrop(db: Db, ids: string[]): Promise<Map<string, string[]>> {
  const rows = ids.length === 0 ? [] : await db.select().from(dropSkus).where(inArray(dropSkus.dropId, ids)).orderBy(asc(dropSkus.position));
  const byDrop = new Map<string, string[]>();
  for (const row of rows) byDrop.set(row.dropId, [...(byDrop.get(row.dropId) ?? []), row.sku]);
  return byDrop;
}

export async function findDrop(db: Db, id: string): Promise<Drop | null> {
  const row = await db.select().from(drops).where(eq(drops.id, id)).get();
  if (!row) return null;
  return toDrop(row, (await skusByDrop(db, [id])).get(id) ?? []);
}

export async function listDrops(db: Db): Promise<Drop[]> {
  const rows = await db.select().from(drops).orderBy(asc(drops.startsAt), asc(drops.id));
  const skus = await skusByDrop(db, rows.map((r) => r.id));
  return rows.map((row) => toDrop(row, skus.get(row.id) ?? []));
}

/** D1's refusal of a SKU another drop took between our check and our batch. */
const isSkuClash = (err: unknown) =>
  err instanceof Error && [err, err.cause].some((e) => e instanceof Error && /UNIQUE constraint failed: drop_skus\.sku/.test(e.message));

/** Creates or replaces a drop. A start in the past is refused unless it is the drop's own, unchanged. */
export async function putDrop(db: Db, drop: Drop, nowMs: number): Promise<DropWrite> {
  const startsAt = Date.parse(drop.startsAt);
  const existing = await db.select({ startsAt: drops.startsAt }).from(drops).where(eq(drops.id, drop.id)).get();
  if (startsAt <= nowMs && existing?.startsAt !== startsAt) return { ok: false, code: 'starts_in_past' };

  const known = new Set((await db.select({ sku: variants.sku }).from(variants).where(inArray(variants.sku, drop.skus))).map((r) => r.sku));
  const unknown = drop.skus.filter((sku) => !known.has(sku));
  if (unknown.length > 0) return { ok: false, code: 'unknown_skus', skus: unknown };

  const taken = await db
    .select({ sku: dropSkus.sku })
    .from(dropSkus)
    .where(and(inArray(dropSkus.sku, drop.skus), ne(dropSkus.dropId, drop.id)));
  if (taken.length > 0) return { ok: false, code: 'sku_in_another_drop', skus: taken.map((r) => r.sku) };

  const row = { startsAt, admitPerMinute: drop.admitPerMinute, perCustomerLimit: drop.perCustomerLimit, turnstile: drop.turnstile };
  try {
    await db.batch([
      db
        .insert(drops)
        .values({ id: drop.id, ...row })
        .onConflictDoUpdate({ target: drops.id, set: { ...row, updatedAt: nowMs } }),
      db.delete(dropSkus).where(eq(dropSkus.dropId, drop.id)),
      db.insert(dropSkus).values(drop.skus.map((sku, position) => ({ dropId: drop.id, sku, position }))),
    ]);
  } catch (err) {
    if (isSkuClash(err)) return { ok: false, code: 'sku_in_another_drop', skus: drop.skus };
    throw err;
  }
  return { ok: true, value: drop };
}

/** True when there was a drop to delete; its SKUs go with it (cascade). */
export async function deleteDrop(db: Db, id: string): Promise<boolean> {
  const deleted = await db.delete(drops).where(eq(drops.id, id)).returning({ id: drops.id });
  return deleted.length > 0;
}

/** The drops the SKUs belong to, by SKU (SKUs of no drop are absent): one indexed lookup, one join. */
export async function dropsOfSkus(db: Db, skus: readonly string[]): Promise<Map<string, Drop>> {
  if (skus.length === 0) return new Map();
  const rows = await db
    .select({ sku: dropSkus.sku, drop: drops })
    .from(dropSkus)
    .innerJoin(drops, eq(drops.id, dropSkus.dropId))
    .where(inList(dropSkus.sku, skus));
  if (rows.length === 0) return new Map();
  const ids = [...new Set(rows.map((r) => r.drop.id))];
  const skusOf = await skusByDrop(db, ids);
  const byId = new Map(rows.map((r) => [r.drop.id, toDrop(r.drop, skusOf.get(r.drop.id) ?? [])]));
  return new Map(rows.map((r) => [r.sku, byId.get(r.drop.id)!]));
}

/**
 * For a caller's batch (the product page's one D1 round trip): every SKU row, with its drop, of each
 * drop holding a SKU of the product with this slug, in the drop's order. `dropsOfRows` turns it into
 * what `dropsOfSkus` answers, for each of those drops' SKUs.
 */
export function dropRowsOfProductQuery(db: Db, slug: string | Placeholder) {
  const productSkus = db.select({ sku: variants.sku }).from(variants).innerJoin(products, eq(products.id, variants.productId)).where(eq(products.slug, slug));
  const dropIds = db.select({ id: dropSkus.dropId }).from(dropSkus).where(inArray(dropSkus.sku, productSkus));
  return db
    .select({ sku: dropSkus.sku, drop: drops })
    .from(dropSkus)
    .innerJoin(drops, eq(drops.id, dropSkus.dropId))
    .where(inArray(dropSkus.dropId, dropIds))
    .orderBy(asc(dropSkus.dropId), asc(dropSkus.position));
}

export function dropsOfRows(rows: { sku: string; drop: DropRow }[]): Map<string, Drop> {
  const skusOf = new Map<string, string[]>();
  for (const r of rows) skusOf.set(r.drop.id, [...(skusOf.get(r.drop.id) ?? []), r.sku]);
  const byId = new Map(rows.map((r) => [r.drop.id, toDrop(r.drop, skusOf.get(r.drop.id) ?? [])]));
  return new Map(rows.map((r) => [r.sku, byId.get(r.drop.id)!]));
}
