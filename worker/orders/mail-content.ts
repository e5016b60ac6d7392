import { formatAddress } from '../address';
import type { OrderMail } from '../email/types';
import type { OrderRow } from './order-store';
import type { OrderView } from './types';

/** The order's status page with its access token, on the store's public origin (`STORE_URL`). */
export const orderPageUrl = (storeUrl: string, order: Pick<OrderRow, 'id' | 'token'>): string =>
  `${storeUrl.replace(/\/+$/, '')}/orders/${order.id}?token=${encodeURIComponent(order.token)}`;

/**
 * What an order mail shows, from the stored order alone (never the clock or the live catalog): a
 * retry renders the same bytes, which Resend requires of a reused idempotency key.
 */
export function orderMailOf(view: OrderView, orderUrl: string): OrderMail {
  return {
    orderId: view.id,
    orderNumber: view.number,
    orderUrl,
    email: view.email,
    lines: view.lines.map((line) => ({
      title: line.title,
      variantTitle: line.variantTitle,
      quantity: line.quantity,
      lineTotal: line.lineTotal,
    })),
    subtotal: view.subtotal,
    discounts: view.discounts.map((discount) => ({ title: discount.title, code: discount.code, amount: discount.amount })),
    shipping: view.shipping,
    shippingMethod: view.shippingMethod?.title ?? null,
    taxes: view.taxes.map((tax) => ({ title: tax.title, rate: tax.rate, amount: tax.amount })),
    taxIncluded: view.taxIncluded,
    total: view.total,
    shippingAddressLines: view.shippingAddress ? formatAddress(view.shippingAddress) : [],
    ...(view.shipment ? { shipment: { carrier: view.shipment.carrier, trackingNumber: view.shipment.trackingNumber } } : {}),
  };
}
