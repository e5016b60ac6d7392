/** Integer arithmetic for minor units. Every function takes non-negative safe integers. */

/**
 * a × b ÷ d as an integer quotient and remainder, exact even when a × b passes 2^53 (then in BigInt).
 *
 * @example
 * mulDiv(1000, 72_500, 1_000_000); // { quotient: 72, remainder: 500_000 }
 */
export function mulDiv(a: number, b: number, d: number): { quotient: number; remainder: number } {
  const n = a * b;
  if (Number.isSafeInteger(n)) {
    const remainder = n % d;
    return { quotient: (n - remainder) / d, remainder };
  }
  const big = BigInt(a) * BigInt(b);
  const div = BigInt(d);
  return { quotient: Number(big / div), remainder: Number(big % div) };
}

/**
 * a × b ÷ d rounded half up: floor((2n + d) / 2d) for n = a × b, written as the quotient plus one
 * when twice the remainder reaches the divisor.
 *
 * @example
 * mulDivHalfUp(333, 72_500, 1_000_000); // 24 (24.1425)
 * mulDivHalfUp(1, 50, 100); // 1 (0.5 rounds up)
 */
export function mulDivHalfUp(a: number, b: number, d: number): number {
  const { quotient, remainder } = mulDiv(a, b, d);
  return 2 * remainder >= d ? quotient + 1 : quotient;
}

export function sum(values: readonly number[]): number {
  let total = 0;
  for (const value of values) total += value;
  return total;
}
