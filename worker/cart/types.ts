import type { CartAddress } from '../../durable-objects/cart';
import type { Money } from '../catalog/types';
import type { CodeStatus } from '../pricing/types';

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
  /** Product and order discounts allocated to this line. */
  discount: Money;
}

export interface CartDiscount {
  code: string | null;
  title: string;
  amount: Money;
}

export interface CartShippingOption {
  id: string;
  title: string;
  amount: Money;
  estimatedDays: { min: number; max: number };
}

export interface CartTax {
  title: string;
  /** Decimal fraction: 0.0725 is 7.25 %. */
  rate: number;
  amount: Money;
}

/**
 * The contract's `Cart`. `id` is null until the first write creates the cart. Without an address
 * `shippingOptions` is empty and `shipping` null ("calculated at checkout"), and no tax is shown.
 * total = subtotal − discounts + shipping, + taxes unless `taxIncluded`.
 */
export interface Cart {
  id: string | null;
  items: CartItem[];
  subtotal: Money;
  itemCount: number;
  discounts: CartDiscount[];
  discountTotal: Money;
  /** Each code entered, and whether it applies now (and why not). */
  codes: CodeStatus[];
  shippingAddress: CartAddress | null;
  shippingOptions: CartShippingOption[];
  shippingOption: string | null;
  shipping: Money | null;
  /** Set when there is an address but nothing ships there (`no_zone`) or can carry the order (`no_method`). */
  shippingRefusal: 'no_zone' | 'no_method' | null;
  taxes: CartTax[];
  taxTotal: Money;
  taxIncluded: boolean;
  total: Money;
  /** The email typed at checkout, kept with the cart. */
  email: string | null;
}
