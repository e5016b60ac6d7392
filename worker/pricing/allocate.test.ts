import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { allocate } from './allocate';
import { mulDiv, mulDivHalfUp } from './rounding';

describe('mulDivHalfUp', () => {
  it.each([
    [1, 50, 100, 1],
    [1, 49, 100, 0],
    [333, 72_500, 1_000_000, 24],
    [5000, 190_000, 1_190_000, 798],
    [0, 190_000, 1_000_000, 0],
  ])('%i × %i ÷ %i = %i', (a, b, d, expected) => {
    expect(mulDivHalfUp(a, b, d)).toBe(expected);
  });

  it('stays exact where a × b passes 2^53', () => {
    expect(mulDiv(9_007_199_254_740_991, 3, 2)).toEqual({ quotient: 13_510_798_882_111_486, remainder: 1 });
    expect(mulDivHalfUp(10_000_000_001, 1_000_000, 2_000_000)).toBe(5_000_000_001);
    expect(mulDivHalfUp(10_000_000_001, 999_999, 1_000_000)).toBe(9_999_990_001);
  });
});

describe('allocate', () => {
  it.each([
    ['in proportion', 940, [2000, 5000, 2400], [200, 500, 240]],
    ['largest remainder', 100, [333, 333, 333], [34, 33, 33]],
    ['ties to the earlier weight', 1, [1, 1], [1, 0]],
    ['all of it', 10, [3, 7], [3, 7]],
    ['nothing to a zero weight', 5, [0, 10, 0], [0, 5, 0]],
    ['zero over zero weights', 0, [0, 0], [0, 0]],
  ])('%s', (_name, amount, weights, expected) => {
    expect(allocate(amount, weights)).toEqual(expected);
  });

  it('refuses an amount over weights that sum to 0', () => {
    expect(() => allocate(1, [0])).toThrow(RangeError);
  });

  it('sums exactly, stays within one of the exact share, and never passes a weight', () => {
    const weights = fc.array(fc.oneof(fc.nat(1_000), fc.nat(10_000_000_000)), { minLength: 1, maxLength: 12 });
    const cases = weights
      .filter((ws) => ws.some((w) => w > 0))
      .chain((ws) => fc.tuple(fc.constant(ws), fc.integer({ min: 0, max: ws.reduce((a, b) => a + b, 0) })));
    fc.assert(
      fc.property(cases, ([ws, amount]) => {
        const shares = allocate(amount, ws);
        const total = ws.reduce((a, b) => a + b, 0);
        expect(shares.reduce((a, b) => a + b, 0)).toBe(amount);
        shares.forEach((share, i) => {
          expect(share).toBeLessThanOrEqual(ws[i]!);
          expect(Math.abs(share - (amount * ws[i]!) / total)).toBeLessThan(1 + 1e-6);
        });
      }),
      { numRuns: 500 },
    );
  });
});
