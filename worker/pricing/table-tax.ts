import { mulDivHalfUp, sum } from './rounding';
import type { TaxCalculator, TaxLine, TaxRate, TaxRequest } from './types';

const PPM = 1_000_000;

/**
 * The tax calculator over a table of rates (what D1 holds). A rate applies where its country matches
 * and its region is null or the destination's; shipping is taxed only at rates that say so. Each tax
 * is rounded half up per item, in integers: rates become parts per million once, so an amount of up
 * to 10^9 minor units times a rate stays exact.
 * - exclusive: amount × rate
 * - inclusive: the portion of the amount that is this rate's tax, amount × rate / (1 + Σ the item's rates)
 *
 * @example
 * const tax = tableTaxCalculator([{ country: 'US', region: 'CA', title: 'CA sales tax', rate: 0.0725, appliesToShipping: false }]);
 * await tax.calculate({ currency: 'usd', destination: { country: 'US', region: 'CA' }, included: false,
 *   items: [{ key: 'TEE-M', kind: 'line', amount: 2000 }] });
 * // { items: [{ key: 'TEE-M', taxes: [{ title: 'CA sales tax', rate: 0.0725, amount: 145 }] }] }
 */
export function tableTaxCalculator(rates: TaxRate[]): TaxCalculator {
  const table = rates.map((rate) => ({ ...rate, ppm: Math.round(rate.rate * PPM) }));
  return {
    async calculate({ destination, included, items }: TaxRequest) {
      const applying = table.filter(
        (rate) => rate.country === destination.country && (rate.region === null || rate.region === destination.region),
      );
      return {
        items: items.map(({ key, kind, amount }) => {
          const itemRates = kind === 'shipping' ? applying.filter((rate) => rate.appliesToShipping) : applying;
          const divisor = included ? PPM + sum(itemRates.map((rate) => rate.ppm)) : PPM;
          const taxes = itemRates.map((rate): TaxLine => ({
            title: rate.title,
            rate: rate.rate,
            amount: mulDivHalfUp(amount, rate.ppm, divisor),
          }));
          return { key, taxes };
        }),
      };
    },
  };
}
