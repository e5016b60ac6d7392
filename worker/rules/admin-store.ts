import { asc, eq, ne } from 'drizzle-orm';
import type { Db } from '../db/client';
import { promotions, shippingZones } from '../db/pricing-schema';
import type { Promotion, ShippingZone } from '../pricing/types';
import { usesOf } from './redemptions';
import { loadStoreRules, promotionRow, toPromotion, writeTaxSettings, type StoreRules } from './rules-store';

/**
 * Admin reads and writes of promotions, shipping zones and the tax table. Callers bump the catalog
 * version after a write (the rules are cached under it). Conflicts are answered, not thrown: a code
 * or a shipping method id that another promotion or zone already uses.
 */

export type RuleWrite<T> = { ok: true; value: T } | { ok: false; conflict: 'code_taken' | 'method_id_taken'; detail: string };

/** A promotion as the admin API answers it: the body it accepts, plus its id and how often it was used. */
export function promotionView(p: Promotion, uses: number) {
  const iso = (ms: number | null) => (ms === null ? undefined : new Date(ms).toISOString());
  return {
    id: p.id,
    code: p.code,
    title: p.title,
    type: p.type,
    value: p.value,
    target: p.target,
    ...(p.buyQuantity === null ? {} : { buyQuantity: p.buyQuantity, getQuantity: p.getQuantity }),
    ...(p.minSubtotal === null ? {} : { minSubtotal: p.minSubtotal }),
    ...(p.startsAt === null ? {} : { startsAt: iso(p.startsAt) }),
    ...(p.endsAt === null ? {} : { endsAt: iso(p.endsAt) }),
    ...(p.usageLimit === null ? {} : { usageLimit: p.usageLimit }),
    ...(p.perCustomerLimit === null ? {} : { perCustomerLimit: p.perCustomerLimit }),
    combinesWith: p.combinesWith,
    enabled: p.enabled,
    uses,
  };
}

export async function listPromotions(db: Db) {
  const rows = (await db.select().from(promotions).orderBy(asc(promotions.id))).map(toPromotion);
  const uses = new Map((await usesOf(db, rows.map((p) => p.id))).map((u) => [u.promotionId, u.uses]));
  return rows.map((p) => promotionView(p, uses.get(p.id) ?? 0));
}

export async function findPromotion(db: Db, id: string) {
  const row = await db.select().from(promotions).where(eq(promotions.id, id)).get();
  if (!row) return null;
  const [used] = await usesOf(db, [id]);
  return promotionView(toPromotion(row), used?.uses ?? 0);
}

/** D1's refusal of a second promotion with one code (Drizzle wraps it in "Failed query: …"). */
const isCodeClash = (err: unknown) =>
  err instanceof Error && [err, err.cause].some((e) => e instanceof Error && /UNIQUE constraint failed: promotions\.code/.test(e.message));

export async function putPromotion(db: Db, p: Promotion): Promise<RuleWrite<ReturnType<typeof promotionView>>> {
  const row = promotionRow(p);
  try {
    // The unique index decides, not a read before the write: two admins saving one code at once get
    // one promotion and one 409, never a 503 from the losing insert.
    await db
      .insert(promotions)
      .values(row)
      .onConflictDoUpdate({ target: promotions.id, set: { ...row, updatedAt: Date.now() } });
  } catch (err) {
    if (!isCodeClash(err)) throw err;
    const other = await db.select({ id: promotions.id }).from(promotions).where(eq(promotions.code, p.code!)).get();
    return { ok: false, conflict: 'code_taken', detail: `The code ${p.code} belongs to promotion ${other?.id ?? 'another promotion'}` };
  }
  return { ok: true, value: (await findPromotion(db, p.id))! };
}

export async function deletePromotion(db: Db, id: string): Promise<boolean> {
  return (await db.delete(promotions).where(eq(promotions.id, id)).returning({ id: promotions.id })).length > 0;
}

export const listZones = async (db: Db) => (await loadStoreRules(db)).zones;

export async function findZone(db: Db, id: string): Promise<ShippingZone | null> {
  const row = await db.select().from(shippingZones).where(eq(shippingZones.id, id)).get();
  return row ? { id: row.id, name: row.name, areas: row.areas, methods: row.methods } : null;
}

export async function putZone(db: Db, zone: ShippingZone): Promise<RuleWrite<ShippingZone>> {
  const others = await db.select().from(shippingZones).where(ne(shippingZones.id, zone.id));
  const taken = new Map(others.flatMap((z) => z.methods.map((m) => [m.id, z.id] as const)));
  const clash = zone.methods.find((m) => taken.has(m.id));
  if (clash) return { ok: false, conflict: 'method_id_taken', detail: `Shipping method ${clash.id} belongs to zone ${taken.get(clash.id)}` };
  const position = others.length;
  await db
    .insert(shippingZones)
    .values({ ...zone, position })
    .onConflictDoUpdate({ target: shippingZones.id, set: { name: zone.name, areas: zone.areas, methods: zone.methods, updatedAt: Date.now() } });
  return { ok: true, value: zone };
}

export async function deleteZone(db: Db, id: string): Promise<boolean> {
  return (await db.delete(shippingZones).where(eq(shippingZones.id, id)).returning({ id: shippingZones.id })).length > 0;
}

export async function taxSettings(db: Db) {
  const { taxRates, pricesIncludeTax } = await loadStoreRules(db);
  return { pricesIncludeTax, rates: taxRates };
}

export async function putTaxSettings(db: Db, settings: Pick<StoreRules, 'taxRates' | 'pricesIncludeTax'>) {
  await db.batch(writeTaxSettings(db, settings) as unknown as Parameters<typeof db.batch>[0]);
  return taxSettings(db);
}
