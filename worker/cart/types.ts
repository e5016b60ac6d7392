import type { Money } from '../catalog/types';

/** One cart line as the shopper API answers it, priced from D1 at read time. */
export interface CartItem {
  sku: string;
  productSlug: string;
  /** The product's title. */
  title: string;
  /** The variant's title (`M / Navy`, `Default`). */
  variantTitle: string;
  quantity: number;
  unitPrice: Money;
  lineTotal: Money;
}

/** The contract's `Cart`. `id` is null until the first write creates the cart. */
export interface Cart {
  id: string | null;
  items: CartItem[];
  subtotal: Money;
  itemCount: number;
}
