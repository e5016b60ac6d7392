import type { CheckoutLine, CreateCheckoutInput } from '../payments/provider';

/** An order as it was priced (the `orders` row has this shape). */
export interface PricedOrder {
  taxIncluded: boolean;
  taxTotal: number;
  taxes: { title: string }[];
  discounts: { class: 'product' | 'order' | 'shipping'; amount: number }[];
  /** The method's price before shipping discounts. */
  shipping: number | null;
  shippingMethod: { title: string; estimatedDays: { min: number; max: number } } | null;
  shippingAddress: CreateCheckoutInput['shippingTo'];
}

type LineRow = { title: string; variantTitle: string; unitPrice: number; quantity: number; discount: number };

/**
 * What the payment provider is asked to charge, built from the order as it was priced, so that it
 * adds up to exactly the order's total: each line at its price after discounts (a discounted line as
 * one item of its whole amount: providers take no negative lines, and a discount rarely divides
 * evenly by the quantity), tax as one more line when it is added on top, and shipping after its
 * discounts. Σ = subtotal − discounts + shipping (+ tax) = total.
 */
export function paymentLines(order: PricedOrder, lines: readonly LineRow[]): Pick<CreateCheckoutInput, 'lines' | 'shipping' | 'shippingTo'> {
  const items: CheckoutLine[] = lines.map((l) => {
    const name = l.variantTitle === 'Default' ? l.title : `${l.title} — ${l.variantTitle}`;
    return l.discount === 0
      ? { name, unitAmount: l.unitPrice, quantity: l.quantity }
      : { name: `${name} × ${l.quantity}, after discounts`, unitAmount: l.unitPrice * l.quantity - l.discount, quantity: 1 };
  });
  if (!order.taxIncluded && order.taxTotal > 0) {
    items.push({ name: [...new Set(order.taxes.map((t) => t.title))].join(', ') || 'Tax', unitAmount: order.taxTotal, quantity: 1 });
  }
  const shippingDiscount = order.discounts.filter((d) => d.class === 'shipping').reduce((sum, d) => sum + d.amount, 0);
  const method = order.shippingMethod;
  return {
    lines: items,
    shipping: method && order.shipping !== null ? { title: method.title, amount: order.shipping - shippingDiscount, estimatedDays: method.estimatedDays } : null,
    shippingTo: order.shippingAddress ? { ...order.shippingAddress } : null,
  };
}
