import type { CartDiscount, CartItem, CartTax } from '../cart/types';
import type { Money } from '../catalog/types';
import type { OrderStatus, StoredAddress } from '../db/orders-schema';

export type { OrderStatus };

/** A line as it was sold: the cart line's shape, with its price, discount and tax frozen at checkout. */
export interface OrderLine extends CartItem {
  tax: Money;
  /** Units of this line refunded so far. */
  refundedQuantity: number;
}

/** An order as `GET /api/orders/:id` answers it. */
export interface OrderView {
  id: string;
  /** The order number a shopper reads and quotes (null for orders placed before numbers existed). */
  number: number | null;
  status: OrderStatus;
  email: string;
  lines: OrderLine[];
  subtotal: Money;
  discounts: CartDiscount[];
  discountTotal: Money;
  /** The method's price before shipping discounts; null for orders placed before shipping was charged. */
  shipping: Money | null;
  shippingMethod: { id: string; title: string; estimatedDays: { min: number; max: number } } | null;
  shippingAddress: StoredAddress | null;
  taxes: CartTax[];
  taxTotal: Money;
  taxIncluded: boolean;
  total: Money;
  /** Refunded so far. */
  refunded: Money;
  createdAt: string;
  updatedAt: string;
  /** Set when the order needs a person (amount mismatch, failed fulfillment, refund failure). */
  flag: string | null;
  cancelReason: string | null;
  shipment: { id: string; carrier: string | null; trackingNumber: string | null } | null;
}
