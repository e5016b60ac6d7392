import { asc, eq } from 'drizzle-orm';
import QuickLRU from 'quick-lru';
import { catalogVersion } from '../catalog/version';
import { database, type Db } from '../db/client';
import { KILL_SWITCHES, switchedOn } from '../experiments/kill-switches';
import { promotions, shippingZones, storeSettings, taxRates } from '../db/pricing-schema';
import { tableTaxCalculator } from '../pricing/table-tax';
import type { Promotion, ShippingZone, TaxRate } from '../pricing/types';

/**
 * The pricing rules as D1 has them (promotions, zones, tax), in the engine's types, and the writes
 * that change them. Reads for cart answers are remembered per isolate under the catalog version,
 * which every rule write bumps; checkout always reads D1 itself.
 */

export const PRICES_INCLUDE_TAX = 'prices_include_tax';

export interface StoreRules {
  promotions: Promotion[];
  zones: ShippingZone[];
  taxRates: TaxRate[];
  pricesIncludeTax: boolean;
}

type PromotionRow = typeof promotions.$inferSelect;
type TaxRateRow = typeof taxRates.$inferSelect;

export const toPromotion = (r: PromotionRow): Promotion => ({
  id: r.id,
  code: r.code,
  title: r.title,
  type: r.type,
  value: r.value,
  buyQuantity: r.buyQuantity,
  getQuantity: r.getQuantity,
  target: r.target,
  minSubtotal: r.minSubtotal,
  startsAt: r.startsAt,
  endsAt: r.endsAt,
  usageLimit: r.usageLimit,
  perCustomerLimit: r.perCustomerLimit,
  combinesWith: r.combinesWith,
  enabled: r.enabled,
});

export const promotionRow = (p: Promotion): typeof promotions.$inferInsert => ({ ...p });

const toTaxRate = (r: TaxRateRow): TaxRate => ({
  country: r.country,
  region: r.region === '' ? null : r.region,
  title: r.title,
  rate: r.ratePpm / 1_000_000,
  appliesToShipping: r.appliesToShipping,
});

const taxRateRow = (t: TaxRate): typeof taxRates.$inferInsert => ({
  country: t.country,
  region: t.region ?? '',
  title: t.title,
  ratePpm: Math.round(t.rate * 1_000_000),
  appliesToShipping: t.appliesToShipping,
});

/**
 * The queries of the rules, unexecuted, so checkout can send them in one batch with its own; with a
 * `country`, only that country's tax rates (the only ones an order to it can use).
 */
export const rulesQueries = (db: Db, country?: string) =>
  [
    db.select().from(promotions).where(eq(promotions.enabled, true)),
    db.select().from(shippingZones).orderBy(asc(shippingZones.position), asc(shippingZones.id)),
    db
      .select()
      .from(taxRates)
      .where(country === undefined ? undefined : eq(taxRates.country, country))
      .orderBy(asc(taxRates.id)),
    db.select().from(storeSettings).where(eq(storeSettings.key, PRICES_INCLUDE_TAX)),
  ] as const;

type RulesRows = readonly [PromotionRow[], (typeof shippingZones.$inferSelect)[], TaxRateRow[], (typeof storeSettings.$inferSelect)[]];

export function rulesFrom([promotionRows, zoneRows, rateRows, settings]: RulesRows): StoreRules {
  return {
    promotions: promotionRows.map(toPromotion),
    zones: zoneRows.map((z) => ({ id: z.id, name: z.name, areas: z.areas, methods: z.methods })),
    taxRates: rateRows.map(toTaxRate),
    pricesIncludeTax: settings[0]?.value === true,
  };
}

export async function loadStoreRules(db: Db): Promise<StoreRules> {
  return rulesFrom(await db.batch(rulesQueries(db)));
}

/** The engine's `PricingRules` over stored rules. */
export const pricingRules = (rules: StoreRules) => ({
  promotions: rules.promotions,
  zones: rules.zones,
  taxIncluded: rules.pricesIncludeTax,
  tax: tableTaxCalculator(rules.taxRates),
});

const remembered = new QuickLRU<string, StoreRules>({ maxSize: 2 });

/** The rules for cart answers: D1 once per catalog version per isolate. */
export async function cachedStoreRules(env: Env, ctx: Pick<ExecutionContext, 'waitUntil'>): Promise<StoreRules> {
  const [rules, promotionsOn] = await Promise.all([rulesOfVersion(env, ctx), switchedOn(env.CONFIG, KILL_SWITCHES.promotions, ctx)]);
  // The `promotions` kill switch: every price is the list price, codes take nothing off.
  return promotionsOn ? rules : { ...rules, promotions: [] };
}

async function rulesOfVersion(env: Env, ctx: Pick<ExecutionContext, 'waitUntil'>): Promise<StoreRules> {
  const version = await catalogVersion(env.CONFIG, ctx);
  let rules = remembered.get(version);
  if (!rules) {
    rules = await loadStoreRules(database(env.DB));
    remembered.set(version, rules);
  }
  return rules;
}

/** Replaces every rule (the seed, tests): one batch, so readers see the old rules or the new ones. */
export async function replaceStoreRules(db: Db, rules: StoreRules): Promise<void> {
  await db.batch(replaceStoreRulesStatements(db, rules));
}

/** The statements of `replaceStoreRules`, for a batch (the seed sends them to D1 in one request). */
export const replaceStoreRulesStatements = (db: Db, rules: StoreRules) =>
  [
    db.delete(promotions),
    db.delete(shippingZones),
    db.delete(taxRates),
    ...rules.promotions.map((p) => db.insert(promotions).values(promotionRow(p))),
    ...rules.zones.map((z, position) => db.insert(shippingZones).values({ ...z, position })),
    ...writeTaxSettings(db, rules),
  ] as const;

/** The statements that replace the tax table and setting (for a batch). */
export const writeTaxSettings = (db: Db, { taxRates: rates, pricesIncludeTax }: Pick<StoreRules, 'taxRates' | 'pricesIncludeTax'>) => [
  db.delete(taxRates),
  // 5 bound columns a row: 20 rows a statement stays within D1's 100 bound parameters.
  ...chunks(rates.map(taxRateRow), 20).map((rows) => db.insert(taxRates).values(rows)),
  db
    .insert(storeSettings)
    .values({ key: PRICES_INCLUDE_TAX, value: pricesIncludeTax })
    .onConflictDoUpdate({ target: storeSettings.key, set: { value: pricesIncludeTax } }),
];

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
