import { mulDiv, sum } from './rounding';

/**
 * Splits `amount` over `weights` in proportion (largest remainder): each share is floored, and the
 * units left over go to the largest remainders, ties to the earlier weight. The shares always sum to
 * `amount`, and while `amount` ≤ Σweights no share exceeds its weight, so a discount spread this way
 * never takes a line below zero.
 *
 * @example
 * allocate(100, [333, 333, 333]); // [34, 33, 33]
 */
export function allocate(amount: number, weights: readonly number[]): number[] {
  const total = sum(weights);
  if (total === 0) {
    if (amount === 0) return weights.map(() => 0);
    throw new RangeError(`cannot allocate ${amount} over weights that sum to 0`);
  }
  const parts = weights.map((weight) => mulDiv(amount, weight, total));
  const shares = parts.map((part) => part.quotient);
  let left = amount - sum(shares);
  const byRemainder = parts
    .map((part, index) => ({ index, remainder: part.remainder }))
    .sort((a, b) => b.remainder - a.remainder || a.index - b.index);
  for (const { index } of byRemainder) {
    if (left === 0) break;
    shares[index]! += 1;
    left -= 1;
  }
  return shares;
}
