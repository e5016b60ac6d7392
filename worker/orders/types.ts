import type { CartItem } from '../cart/types';
import type { Money } from '../catalog/types';
import type { OrderStatus } from '../db/orders-schema';

export type { OrderStatus };

/** A line as it was sold: the cart line's shape, with the price frozen at checkout. */
export type OrderLine = CartItem;

/** An order as `GET /api/orders/:id` answers it. */
export interface OrderView {
  id: string;
  status: OrderStatus;
  email: string;
  lines: OrderLine[];
  subtotal: Money;
  total: Money;
  createdAt: string;
  updatedAt: string;
  /** Set when the order needs a person (amount mismatch, failed fulfillment, refund failure). */
  flag: string | null;
  cancelReason: string | null;
  shipment: { id: string; carrier: string | null; trackingNumber: string | null } | null;
}
