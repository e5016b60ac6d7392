import { sum } from './rounding';
import type { TaxCalculator, TaxLine, TaxRequest } from './types';

export const SHIPPING_TAX_KEY = '#shipping';

export interface CartTax {
  /** Tax on each line, aligned with the lines asked about. */
  lineTaxes: number[];
  /** Aggregated by (title, rate), in the order first seen. */
  taxes: TaxLine[];
  taxTotal: number;
}

/**
 * Asks `calculator` about each line's amount after discounts (keyed by SKU) and, when `shipping` is
 * not null, about shipping after shipping discounts (`#shipping`), then sums what it answers.
 */
export async function taxCart(
  calculator: TaxCalculator,
  request: Omit<TaxRequest, 'items'>,
  lines: readonly { sku: string; amount: number }[],
  shipping: number | null,
): Promise<CartTax> {
  const items: TaxRequest['items'] = lines.map(({ sku, amount }) => ({ key: sku, kind: 'line', amount }));
  if (shipping !== null) items.push({ key: SHIPPING_TAX_KEY, kind: 'shipping', amount: shipping });
  const result = await calculator.calculate({ ...request, items });
  const byKey = new Map(result.items.map((item) => [item.key, item.taxes]));
  const taxes: TaxLine[] = [];
  for (const { key } of items) {
    for (const tax of byKey.get(key) ?? []) {
      const same = taxes.find((seen) => seen.title === tax.title && seen.rate === tax.rate);
      if (same) same.amount += tax.amount;
      else taxes.push({ ...tax });
    }
  }
  const lineTaxes = lines.map(({ sku }) => sum((byKey.get(sku) ?? []).map((tax) => tax.amount)));
  return { lineTaxes, taxes, taxTotal: sum(taxes.map((tax) => tax.amount)) };
}

export function noTax(lineCount: number): CartTax {
  return { lineTaxes: Array.from({ length: lineCount }, () => 0), taxes: [], taxTotal: 0 };
}
