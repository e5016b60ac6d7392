import type { Money } from '../catalog/types';
import { formatMoney } from './format';

/** What a summary shows: a cart or an order priced by worker/pricing/. */
export interface SummaryTotals {
  subtotal: Money;
  discounts: { code: string | null; title: string; amount: Money }[];
  /** null: no address yet ("calculated at checkout"). */
  shipping: Money | null;
  shippingTitle?: string | null | undefined;
  taxes: { title: string; rate: number; amount: Money }[];
  taxTotal: Money;
  taxIncluded: boolean;
  total: Money;
}

const percent = new Intl.NumberFormat('en-US', { style: 'percent', maximumFractionDigits: 3 });

/**
 * Subtotal, each discount, shipping, tax and total as a definition list. Tax-inclusive prices show
 * the tax inside the total ("includes"); tax-exclusive prices add it. Before there is an address,
 * shipping and tax read "Calculated at checkout".
 */
export function OrderSummary({ totals, id = 'order-summary' }: { totals: SummaryTotals; id?: string }) {
  return (
    <dl class="summary" id={id}>
      <dt>Subtotal</dt>
      <dd class="price" data-total="subtotal">
        {formatMoney(totals.subtotal)}
      </dd>
      {totals.discounts.map((d) => (
        <>
          <dt>
            {d.title}
            {d.code ? <span class="muted"> ({d.code})</span> : null}
          </dt>
          <dd class="price discount" data-total="discount">
            −{formatMoney(d.amount)}
          </dd>
        </>
      ))}
      <dt>Shipping{totals.shippingTitle ? <span class="muted"> ({totals.shippingTitle})</span> : null}</dt>
      <dd class="price" data-total="shipping">
        {totals.shipping === null ? <span class="muted">Calculated at checkout</span> : formatMoney(totals.shipping)}
      </dd>
      {totals.shipping === null ? (
        <>
          <dt>Tax</dt>
          <dd class="muted">Calculated at checkout</dd>
        </>
      ) : (
        totals.taxes.map((t) => (
          <>
            <dt>
              {totals.taxIncluded ? 'Includes ' : ''}
              {t.title} {percent.format(t.rate)}
            </dt>
            <dd class="price" data-total="tax">
              {formatMoney(t.amount)}
            </dd>
          </>
        ))
      )}
      <dt class="summary-total">Total</dt>
      <dd class="price summary-total" data-total="total">
        {formatMoney(totals.total)}
      </dd>
      {totals.shipping !== null && totals.taxes.length === 0 ? (
        <dd class="muted summary-note">No tax applies to this address.</dd>
      ) : null}
      {totals.taxTotal.amount > 0 && totals.taxIncluded ? <dd class="muted summary-note">Prices include tax.</dd> : null}
    </dl>
  );
}
