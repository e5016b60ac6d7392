import type { Money } from '../catalog/types';

/** Everything an order mail shows, in the order's currency; amounts are final (from the priced order). */
export interface OrderMail {
  orderId: string;
  /** The number the shopper quotes (null for orders placed before numbers existed: the id stands in). */
  orderNumber: number | null;
  /** Absolute URL of the order's page (with its access token). */
  orderUrl: string;
  /** Where the mail goes. */
  email: string;
  lines: OrderMailLine[];
  /** Sum of the lines' totals, before discounts. */
  subtotal: Money;
  discounts: OrderMailDiscount[];
  /** null: nothing to ship (no shipping line). */
  shipping: Money | null;
  shippingMethod: string | null;
  taxes: OrderMailTax[];
  /** Prices include tax (EU style): taxes are shown as part of the total, not added to it. */
  taxIncluded: boolean;
  total: Money;
  /** The shipping address as it is printed on a label, one line each (name first). */
  shippingAddressLines: string[];
  /** Set for the shipping notice. */
  shipment?: { carrier: string | null; trackingNumber: string | null };
}

export interface OrderMailLine {
  title: string;
  /** `Default` (a product with one variant) is not shown. */
  variantTitle: string;
  quantity: number;
  lineTotal: Money;
}

export interface OrderMailDiscount {
  title: string;
  code: string | null;
  /** What it takes off, as a positive amount. */
  amount: Money;
}

export interface OrderMailTax {
  title: string;
  /** Decimal fraction: 0.0725 is 7.25 %. */
  rate: number;
  amount: Money;
}

/** A rendered mail: what `EmailSender.send` needs besides addresses and the idempotency key. */
export interface RenderedEmail {
  subject: string;
  html: string;
  text: string;
}
