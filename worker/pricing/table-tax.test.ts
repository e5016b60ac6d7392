import { describe, expect, it } from 'vitest';
import { tableTaxCalculator } from './table-tax';
import { RATES, rate } from './test-fixtures';
import type { TaxRequest } from './types';

const ask = (destination: TaxRequest['destination'], included: boolean, items: TaxRequest['items'], rates = RATES) =>
  tableTaxCalculator(rates).calculate({ currency: 'usd', destination, included, items });

describe('tableTaxCalculator', () => {
  it('applies country-wide and regional rates together, shipping only where the rate says so', async () => {
    const result = await ask({ country: 'CA', region: 'BC' }, false, [
      { key: 'TEE', kind: 'line', amount: 1999 },
      { key: '#shipping', kind: 'shipping', amount: 1000 },
    ]);
    expect(result.items).toEqual([
      {
        key: 'TEE',
        taxes: [
          { title: 'GST', rate: 0.05, amount: 100 },
          { title: 'PST', rate: 0.07, amount: 140 },
        ],
      },
      { key: '#shipping', taxes: [{ title: 'GST', rate: 0.05, amount: 50 }] },
    ]);
  });

  it('ignores regional rates for another region or no region', async () => {
    const item = { key: 'TEE', kind: 'line', amount: 2000 } as const;
    expect((await ask({ country: 'CA', region: null }, false, [item])).items[0]!.taxes.map((t) => t.title)).toEqual([
      'GST',
    ]);
    expect((await ask({ country: 'US', region: 'OR' }, false, [item])).items[0]!.taxes).toEqual([]);
  });

  it('takes the inclusive portion over the sum of an item’s rates', async () => {
    const result = await ask({ country: 'CA', region: 'BC' }, true, [{ key: 'TEE', kind: 'line', amount: 1120 }]);
    expect(result.items[0]!.taxes.map((t) => t.amount)).toEqual([50, 70]);
  });

  it('rounds half up in parts per million, whatever the float of the rate', async () => {
    const rates = [rate('US', null, 'Odd', 0.000_005), rate('US', null, 'Float', 0.07 + 0.0025)];
    const result = await ask(
      { country: 'US', region: null },
      false,
      [{ key: 'A', kind: 'line', amount: 100_000 }],
      rates,
    );
    expect(result.items[0]!.taxes.map((t) => t.amount)).toEqual([1, 7250]);
  });

  it('stays exact on amounts whose product with the rate passes 2^53', async () => {
    const result = await ask({ country: 'DE', region: null }, false, [
      { key: 'A', kind: 'line', amount: 99_000_000_001 },
    ]);
    expect(result.items[0]!.taxes[0]!.amount).toBe(18_810_000_000);
  });
});
