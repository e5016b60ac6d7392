import type { Money } from '../catalog/types';
import { formatMoney } from '../views/format';
import type { OrderMail } from './types';

/** One row of an order mail, worded once for both the HTML and the plain-text part. */
export interface SummaryRow {
  label: string;
  value: string;
}

export interface OrderSummary {
  lines: { item: string; quantity: number; total: string }[];
  /** Subtotal, discounts, shipping and (when added on top) taxes. */
  rows: SummaryRow[];
  total: SummaryRow;
  /** Taxes already inside the total (taxIncluded). */
  included: SummaryRow[];
}

const percent = new Intl.NumberFormat('en-US', { style: 'percent', maximumFractionDigits: 4 });

/** Minus sign, not hyphen: screen readers say "minus". */
const minus = (m: Money): string => `\u2212${formatMoney({ amount: Math.abs(m.amount), currency: m.currency })}`;

export function itemName(title: string, variantTitle: string): string {
  return variantTitle && variantTitle !== 'Default' ? `${title} (${variantTitle})` : title;
}

export function orderSummary(mail: OrderMail): OrderSummary {
  const rows: SummaryRow[] = [{ label: 'Subtotal', value: formatMoney(mail.subtotal) }];
  for (const discount of mail.discounts) {
    rows.push({ label: `Discount (${discount.title}${discount.code ? `, code ${discount.code}` : ''})`, value: minus(discount.amount) });
  }
  if (mail.shipping) {
    rows.push({
      label: mail.shippingMethod ? `Shipping (${mail.shippingMethod})` : 'Shipping',
      value: mail.shipping.amount === 0 ? 'Free' : formatMoney(mail.shipping),
    });
  }
  const taxes = mail.taxes.map((tax) => ({ label: `${tax.title} (${percent.format(tax.rate)})`, value: formatMoney(tax.amount) }));
  if (!mail.taxIncluded) rows.push(...taxes);
  return {
    lines: mail.lines.map((line) => ({
      item: itemName(line.title, line.variantTitle),
      quantity: line.quantity,
      total: formatMoney(line.lineTotal),
    })),
    rows,
    total: { label: 'Total', value: formatMoney(mail.total) },
    included: mail.taxIncluded ? taxes.map((tax) => ({ label: `Includes ${tax.label}`, value: tax.value })) : [],
  };
}
