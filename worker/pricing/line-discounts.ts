import { allocate } from './allocate';
import { mulDivHalfUp, sum } from './rounding';
import type { PricingLine, Promotion } from './types';

/**
 * What one percentage, fixed or buy-x-get-y promotion takes off each line (aligned with `lines`),
 * given what earlier discounts left of each line (`remaining`). No line loses more than it has left,
 * and lines outside `targeted` lose nothing.
 */
export function lineDiscounts(
  promotion: Promotion,
  lines: readonly PricingLine[],
  targeted: readonly number[],
  remaining: readonly number[],
): number[] {
  const amounts = lines.map(() => 0);
  if (promotion.type === 'buy_x_get_y') {
    for (const [index, amount] of buyXGetY(promotion, lines, targeted, remaining)) amounts[index] = amount;
    return amounts;
  }
  if (promotion.type === 'free_shipping') return amounts;
  const weights = targeted.map((index) => remaining[index]!);
  const available = sum(weights);
  const wanted = promotion.type === 'percentage' ? mulDivHalfUp(available, promotion.value, 100) : promotion.value;
  const amount = Math.min(wanted, available);
  allocate(amount, weights).forEach((share, at) => (amounts[targeted[at]!] = share));
  return amounts;
}

/**
 * The targeted units sorted by unit price, dearest first (stable, so among equal prices the earlier
 * line's units come first); every group of buy + get units makes the `get` cheapest units of the
 * whole list discounted, each by its own rounded percentage, capped at what its line has left.
 */
function buyXGetY(
  promotion: Promotion,
  lines: readonly PricingLine[],
  targeted: readonly number[],
  remaining: readonly number[],
): Map<number, number> {
  const buy = promotion.buyQuantity ?? 0;
  const get = promotion.getQuantity ?? 0;
  const byPrice = [...targeted].sort((a, b) => lines[b]!.unitPrice - lines[a]!.unitPrice || a - b);
  const units = sum(byPrice.map((index) => lines[index]!.quantity));
  let discounted = buy >= 1 && get >= 1 ? Math.floor(units / (buy + get)) * get : 0;
  const amounts = new Map<number, number>();
  for (const index of byPrice.reverse()) {
    if (discounted === 0) break;
    const line = lines[index]!;
    const count = Math.min(line.quantity, discounted);
    discounted -= count;
    const each = mulDivHalfUp(line.unitPrice, promotion.value, 100);
    amounts.set(index, Math.min(count * each, remaining[index]!));
  }
  return amounts;
}
