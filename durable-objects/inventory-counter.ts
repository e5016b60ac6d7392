import { DurableObject } from 'cloudflare:workers';

/**
 * Stock on hand and reservations of one SKU, one object per SKU: the single writer that makes
 * overselling impossible by construction.
 *
 * Declared now so the `INVENTORY` binding and migration tag v1 exist from the first deploy; the
 * counter itself (reserve/commit/release, ledger, expiry alarm) is the carts-and-inventory issue and is
 * not here yet.
 */
export class InventoryCounter extends DurableObject<Env> {}
