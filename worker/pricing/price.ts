import { applyLineDiscounts, applyShippingDiscounts, standaloneAmount } from './discounts';
import { type Candidate, findCandidates } from './eligibility';
import { sum } from './rounding';
import { select } from './selection';
import { quoteShipping, type ShippingQuote } from './shipping';
import { noTax, taxCart } from './taxes';
import type { CodeStatus, PriceInput, PricedCart } from './types';

/**
 * Prices a cart: discounts, shipping, tax and total, all in integer minor units (docs/pricing.md).
 * Pure and deterministic: no I/O beyond `rules.tax`, the clock is `input.now`, the input is not changed.
 *
 * @example
 * const cart = await price({ currency: 'usd', lines, destination: { country: 'US', region: 'CA' },
 *   codes: ['SAVE10'], shippingOptionId: null, now: Date.now(), rules });
 * cart.total; // what the shopper pays
 */
export async function price(input: PriceInput): Promise<PricedCart> {
  const { lines, destination, rules } = input;
  const lineTotals = lines.map((line) => line.unitPrice * line.quantity);
  const subtotal = sum(lineTotals);
  const weight = sum(lines.map((line) => line.weightGrams * line.quantity));
  const { candidates, entered } = findCandidates(rules.promotions, input.codes, lines, subtotal, input.now);

  const quoteAt = (discountedSubtotal: number): ShippingQuote | null =>
    destination && quoteShipping(rules.zones, destination, weight, discountedSubtotal, input.shippingOptionId);
  const rank = (shipping: number) => (candidate: Candidate) => standaloneAmount(candidate, lines, lineTotals, shipping);

  // Free shipping's standalone amount needs the shipping price, which needs the product and order
  // discounts (freeAbove). So: select without shipping-class candidates and quote shipping after
  // those discounts; select again with free shipping worth that quote; quote again after the
  // discounts finally accepted, which is what is charged (and what free shipping takes off).
  const lineOnly = select(
    candidates.filter((candidate) => candidate.class !== 'shipping'),
    rank(0),
  );
  const provisional = quoteAt(sum(applyLineDiscounts(lineOnly, lines, lineTotals).remaining));
  const accepted = select(candidates, rank(provisional?.chosen?.amount ?? 0));
  const lineDiscounts = applyLineDiscounts(accepted, lines, lineTotals);
  const quote = quoteAt(sum(lineDiscounts.remaining));
  const shipping = quote?.chosen?.amount ?? null;
  const shippingDiscounts = applyShippingDiscounts(accepted, shipping ?? 0);
  const discounts = [...lineDiscounts.applied, ...shippingDiscounts];
  const discountTotal = sum(discounts.map((discount) => discount.amount));

  const tax = destination
    ? await taxCart(
        rules.tax,
        { currency: input.currency, destination, included: rules.taxIncluded },
        lines.map((line, index) => ({ sku: line.sku, amount: lineDiscounts.remaining[index]! })),
        shipping !== null && shipping > 0 ? shipping - sum(shippingDiscounts.map((d) => d.amount)) : null,
      )
    : noTax(lines.length);

  const codes = entered.map(({ code, candidate, rejection }): CodeStatus => {
    const applied = candidate !== null && accepted.includes(candidate);
    return { code, applied, reason: applied ? null : (rejection ?? 'not_combinable') };
  });
  return {
    currency: input.currency,
    lines: lines.map((line, index) => ({
      ...line,
      lineTotal: lineTotals[index]!,
      discount: lineTotals[index]! - lineDiscounts.remaining[index]!,
      tax: tax.lineTaxes[index]!,
    })),
    subtotal,
    discounts,
    discountTotal,
    shippingOptions: quote?.options ?? null,
    shippingOption: quote?.chosen?.id ?? null,
    shipping,
    shippingRefusal: quote?.refusal ?? null,
    taxes: tax.taxes,
    taxTotal: tax.taxTotal,
    taxIncluded: rules.taxIncluded,
    total: Math.max(0, subtotal - discountTotal + (shipping ?? 0) + (rules.taxIncluded ? 0 : tax.taxTotal)),
    codes,
  };
}
