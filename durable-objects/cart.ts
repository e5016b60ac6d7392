import { DurableObject } from 'cloudflare:workers';

/**
 * One shopping cart (lines of sku and quantity), one object per cart id.
 *
 * Declared now so the `CART` binding and migration tag v1 exist from the first deploy; the cart
 * behaviour itself (lines, limits, idle expiry) is the carts-and-inventory issue and is not here yet.
 */
export class Cart extends DurableObject<Env> {}
