import type { Candidate } from './eligibility';
import { lineDiscounts } from './line-discounts';
import { sum } from './rounding';
import type { AppliedDiscount, PricingLine } from './types';

/** What a candidate would take off the undiscounted cart on its own; free shipping takes `shipping`. */
export function standaloneAmount(
  candidate: Candidate,
  lines: readonly PricingLine[],
  lineTotals: readonly number[],
  shipping: number,
): number {
  if (candidate.class === 'shipping') return shipping;
  return sum(lineDiscounts(candidate.promotion, lines, candidate.lines, lineTotals));
}

/**
 * Applies the accepted product discounts, then the accepted order discounts, each in the order it
 * was accepted and on what earlier ones left of each line. Answers them with what is left of each line.
 */
export function applyLineDiscounts(
  accepted: readonly Candidate[],
  lines: readonly PricingLine[],
  lineTotals: readonly number[],
): { applied: AppliedDiscount[]; remaining: number[] } {
  const remaining = [...lineTotals];
  const applied: AppliedDiscount[] = [];
  for (const discountClass of ['product', 'order'] as const) {
    for (const candidate of accepted.filter((c) => c.class === discountClass)) {
      const amounts = lineDiscounts(candidate.promotion, lines, candidate.lines, remaining);
      amounts.forEach((amount, index) => (remaining[index]! -= amount));
      const allocations = amounts.flatMap((amount, index) => (amount > 0 ? [{ sku: lines[index]!.sku, amount }] : []));
      applied.push(toApplied(candidate, sum(amounts), allocations));
    }
  }
  return { applied, remaining };
}

/** The accepted free-shipping discounts: the first takes the whole `shipping`, any others nothing. */
export function applyShippingDiscounts(accepted: readonly Candidate[], shipping: number): AppliedDiscount[] {
  let left = shipping;
  return accepted
    .filter((candidate) => candidate.class === 'shipping')
    .map((candidate) => {
      const amount = left;
      left = 0;
      return toApplied(candidate, amount, []);
    });
}

function toApplied(candidate: Candidate, amount: number, allocations: AppliedDiscount['allocations']): AppliedDiscount {
  const { id, code, title } = candidate.promotion;
  return { promotionId: id, code, title, class: candidate.class, amount, allocations };
}
