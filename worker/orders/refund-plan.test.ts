import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { linePaid, unitsValue } from '../pricing/refund-value';
import { planRefund, type RefundableLine, type RefundableOrder } from './refund-plan';

const line = fc
  .record({
    unitPrice: fc.integer({ min: 0, max: 100_000 }),
    quantity: fc.integer({ min: 1, max: 99 }),
    discountShare: fc.double({ min: 0, max: 1, noNaN: true }),
    tax: fc.integer({ min: 0, max: 50_000 }),
  })
  .map(({ unitPrice, quantity, discountShare, tax }): RefundableLine => ({
    sku: 'SKU-1',
    unitPrice,
    quantity,
    discount: Math.floor(unitPrice * quantity * discountShare),
    tax,
    refundedQuantity: 0,
  }));

/** A line split into refunds of 1 or more units, in order. */
const splitLine = line.chain((l) =>
  fc.array(fc.integer({ min: 1, max: l.quantity }), { maxLength: l.quantity }).map((sizes) => {
    const chunks: number[] = [];
    let left = l.quantity;
    for (const size of sizes) {
      if (left === 0) break;
      chunks.push(Math.min(size, left));
      left -= chunks.at(-1)!;
    }
    if (left > 0) chunks.push(left);
    return { line: l, chunks };
  }),
);

describe('unitsValue', () => {
  it('adds up to exactly what the line paid, however it is split, each refund within a cent of its share', () => {
    fc.assert(
      fc.property(splitLine, fc.boolean(), ({ line: l, chunks }, taxIncluded) => {
        const paid = linePaid(l, taxIncluded);
        let from = 0;
        let sum = 0;
        for (const count of chunks) {
          const value = unitsValue(l, taxIncluded, from, count);
          expect(Math.abs(value - (paid * count) / l.quantity)).toBeLessThanOrEqual(1);
          sum += value;
          from += count;
        }
        expect(sum).toBe(paid);
      }),
    );
  });

  it('prices the first refund of a line as its share rounded half up', () => {
    const l = { sku: 'A', unitPrice: 250, quantity: 4, discount: 0, tax: 0, refundedQuantity: 0 };
    expect([1, 2, 3].map((n) => unitsValue({ ...l, unitPrice: 1, discount: 3 }, false, 0, n))).toEqual([0, 1, 1]); // 0.25, 0.5, 0.75
    expect(unitsValue({ ...l, tax: 2 }, false, 0, 1)).toBe(251); // 1002 / 4 = 250.5
    expect(unitsValue({ ...l, tax: 2 }, true, 0, 1)).toBe(250); // tax inside the price: 1000 / 4
  });
});

describe('planRefund', () => {
  const order = (over: Partial<RefundableOrder> = {}): RefundableOrder => ({
    status: 'fulfilling',
    total: 3_500,
    refunded: 0,
    taxIncluded: false,
    lines: [
      { sku: 'A', unitPrice: 1_000, quantity: 3, discount: 300, tax: 0, refundedQuantity: 1 },
      { sku: 'B', unitPrice: 0, quantity: 1, discount: 0, tax: 0, refundedQuantity: 0 },
    ],
    ...over,
  });

  it('takes the rest with the shipping, and every unit not refunded yet', () => {
    expect(planRefund(order({ refunded: 900 }), { kind: 'rest' })).toEqual({
      ok: true,
      value: { amount: 2_600, lines: [{ sku: 'A', from: 1, quantity: 2 }, { sku: 'B', from: 0, quantity: 1 }] },
    });
    expect(planRefund(order({ refunded: 3_500 }), { kind: 'rest' })).toEqual({ ok: true, value: { amount: 0, lines: [] } });
    expect(planRefund(order({ status: 'refunded' }), { kind: 'rest' })).toEqual({ ok: true, value: { amount: 0, lines: [] } });
  });

  it('refuses what is not there to refund', () => {
    const refusal = (o: RefundableOrder, lines: { sku: string; quantity: number }[]) => planRefund(o, { kind: 'lines', lines });
    expect(planRefund(order({ status: 'pending' }), { kind: 'rest' })).toMatchObject({ ok: false, code: 'not_refundable' });
    expect(refusal(order(), [{ sku: 'Z', quantity: 1 }])).toMatchObject({ code: 'not_an_order_line', index: 0 });
    expect(refusal(order(), [{ sku: 'A', quantity: 3 }])).toMatchObject({ code: 'refund_exceeds_line', refundable: 2 });
    expect(refusal(order(), [{ sku: 'B', quantity: 1 }])).toMatchObject({ code: 'nothing_to_refund' });
    expect(refusal(order({ refunded: 3_000 }), [{ sku: 'A', quantity: 1 }])).toMatchObject({
      code: 'refund_exceeds_captured',
      requested: 900,
      refundable: 500,
    });
    expect(planRefund(order({ status: 'refunded' }), { kind: 'amount', amount: 1 })).toMatchObject({
      code: 'refund_exceeds_captured',
      refundable: 0,
    });
  });
});
