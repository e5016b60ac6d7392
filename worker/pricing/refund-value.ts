import { mulDivHalfUp } from './rounding';

/** What a refund is priced from: an order line as it was sold. */
export interface SoldLine {
  unitPrice: number;
  quantity: number;
  /** Product and order discounts allocated to the line. */
  discount: number;
  tax: number;
}

/** What the shopper paid for a whole line: its net after discounts, plus its tax when tax was added on top. */
export const linePaid = (line: SoldLine, taxIncluded: boolean): number =>
  line.unitPrice * line.quantity - line.discount + (taxIncluded ? 0 : line.tax);

/**
 * What units `from + 1` … `from + count` of a line are worth: the line's paid amount pro-rated to the
 * units refunded once these are, rounded half up, less the same for the units refunded before. The
 * first refund of a line is its share rounded half up; the last units take exactly what is left; and
 * the value of a unit depends only on its place, never on how earlier refunds were split, so
 * refunding a line unit by unit, or in any chunks, sums to the line exactly.
 *
 * @example
 * // 3 units paid 1000 in all: 333 (333.33), then 334 (667 − 333), then 333 (1000 − 667).
 * unitsValue({ unitPrice: 400, quantity: 3, discount: 200, tax: 0 }, false, 0, 1); // 333
 */
export function unitsValue(line: SoldLine, taxIncluded: boolean, from: number, count: number): number {
  const paid = linePaid(line, taxIncluded);
  const upTo = (units: number) => (units >= line.quantity ? paid : mulDivHalfUp(paid, units, line.quantity));
  return upTo(from + count) - upTo(from);
}
