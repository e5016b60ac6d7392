/**
 * Stock levels from the per-SKU `InventoryCounter` objects. Stock lives only there; a cart never
 * stores it, it only asks before it grows a line (checkout reserves for real).
 */

import { stockLayout, stockOf } from '../inventory/stock-layout';

/** Units of the SKU its counter (or, for a drop SKU, its shards together) can still sell. */
export const availableOf = async (env: Env, sku: string): Promise<number> => stockOf(env, await stockLayout(env, [sku]), sku).available();

/** Every SKU's level, asked of all counters at once. */
export async function stockLevels(env: Env, skus: readonly string[]) {
  const layout = await stockLayout(env, skus);
  return Promise.all(skus.map(async (sku) => ({ sku, available: await stockOf(env, layout, sku).available() })));
}
