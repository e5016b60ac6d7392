import { describe, expect, it } from 'vitest';
import { usableBands } from './recorded-bands';

describe('usableBands', () => {
  const rows = [
    { sku: 'A', band: 'in' as const, version: 7 },
    { sku: 'B', band: 'low' as const, version: 3 },
    { sku: 'C', band: null, version: 9 },
  ];

  it('takes a recorded band at least as new as the generation, and asks the counter otherwise', () => {
    expect(usableBands(['A', 'B', 'C', 'D'], ['7', '4', '0', '0'], rows)).toEqual(['in', undefined, undefined, undefined]);
    expect(usableBands(['A', 'B'], ['6', '3'], rows)).toEqual(['in', 'low']);
  });

  it('with no generation in this location ("0", other locations in production), uses whatever D1 has', () => {
    expect(usableBands(['A', 'B'], ['0', '0'], rows)).toEqual(['in', 'low']);
  });

  it('a generation that is not a number is never trusted', () => {
    expect(usableBands(['A'], ['x'], rows)).toEqual([undefined]);
  });
});
