/**
 * Stock levels from the per-SKU `InventoryCounter` objects. Stock lives only there; a cart never
 * stores it, it only asks before it grows a line (checkout reserves for real).
 */

/** Units of the SKU its counter can still sell. */
export const availableOf = (env: Env, sku: string): Promise<number> => env.INVENTORY.getByName(sku).available();

/** Every SKU's level, asked of all counters at once. */
export const stockLevels = (env: Env, skus: readonly string[]) =>
  Promise.all(skus.map(async (sku) => ({ sku, available: await availableOf(env, sku) })));
