import type { OrderStatus, OrderView } from '../orders/types';
import { formatAddress } from '../address';
import { formatMoney } from './format';

/** What each status means to the shopper. */
export const ORDER_STATUS_WORDS: Record<OrderStatus, string> = {
  pending: 'Awaiting payment',
  paid: 'Payment received',
  fulfilling: 'Preparing your shipment',
  shipped: 'Shipped',
  cancelled: 'Cancelled',
  refunded: 'Refunded',
};

/** Statuses after which nothing more happens without a person: the page stops watching. */
export const FINAL_STATUSES: readonly OrderStatus[] = ['shipped', 'cancelled', 'refunded'];

export const ORDER_PAGE_SCRIPTS = ['/js/order.js'];

export interface OrderPageProps {
  order: OrderView;
  /** This page's own URL (with its token): the no-JS way to see progress. */
  selfUrl: string;
  /** `GET /api/orders/:id?token=`, which /js/order.js polls while the order is in progress. */
  statusSrc: string;
}

/**
 * An order's status page, reached from the payment provider's return URL. While the order is in
 * progress /js/order.js watches the status API and, on a change, swaps in this page's fresh
 * `#order-status` (an `aria-live` region), so the words live only here.
 */
export function OrderPage({ order, selfUrl, statusSrc }: OrderPageProps) {
  const final = FINAL_STATUSES.includes(order.status);
  const thanked = order.status !== 'cancelled' && order.status !== 'refunded';
  const name = order.number === null ? order.id : String(order.number);
  return (
    <section class="order" aria-labelledby="order-heading">
      <h1 id="order-heading">{thanked ? `Thank you, ${firstName(order)}!` : 'Your order'}</h1>
      <p class="order-number">
        Order <strong id="order-number">{name}</strong> · placed {formatDate(order.createdAt)}
      </p>
      <div
        id="order-status"
        class="order-status"
        role="status"
        aria-live="polite"
        aria-atomic="true"
        data-status={order.status}
        data-status-src={final ? undefined : statusSrc}
      >
        <OrderProgress order={order} />
      </div>
      {final ? null : (
        <p id="order-refresh" class="muted">
          This page updates by itself. <a href={selfUrl}>Refresh</a>
        </p>
      )}
      <table class="order-lines">
        <caption class="visually-hidden">Items in this order</caption>
        <thead>
          <tr>
            <th scope="col">Item</th>
            <th scope="col" class="num">
              Quantity
            </th>
            <th scope="col" class="num">
              Price
            </th>
            <th scope="col" class="num">
              Total
            </th>
          </tr>
        </thead>
        <tbody>
          {order.lines.map((line) => (
            <tr>
              <td>
                <a href={`/products/${encodeURIComponent(line.productSlug)}`}>{line.title}</a>
                {line.variantTitle === 'Default' ? null : <span class="muted"> {line.variantTitle}</span>}
              </td>
              <td class="num">{line.quantity}</td>
              <td class="num">{formatMoney(line.unitPrice)}</td>
              <td class="num">{formatMoney(line.lineTotal)}</td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <TotalRow label="Subtotal" amount={formatMoney(order.subtotal)} />
          {order.discounts.map((d) => (
            <TotalRow label={d.code ? `${d.title} (${d.code})` : d.title} amount={`−${formatMoney(d.amount)}`} />
          ))}
          {order.shipping ? (
            <TotalRow label={`Shipping${order.shippingMethod ? ` (${order.shippingMethod.title})` : ''}`} amount={formatMoney(order.shipping)} />
          ) : null}
          {order.taxes.map((t) => (
            <TotalRow label={`${order.taxIncluded ? 'Includes ' : ''}${t.title} ${percent.format(t.rate)}`} amount={formatMoney(t.amount)} />
          ))}
          <tr class="order-total">
            <th scope="row" colspan={3}>
              Total
            </th>
            <td class="num">
              <strong id="order-total">{formatMoney(order.total)}</strong>
            </td>
          </tr>
          {order.refunded.amount > 0 ? <TotalRow label="Refunded" amount={`−${formatMoney(order.refunded)}`} id="order-refunded" /> : null}
        </tfoot>
      </table>
      {order.shippingAddress ? (
        <div class="order-shipping">
          <h2>Shipping to</h2>
          <address class="order-address" id="order-address">
            {formatAddress(order.shippingAddress).join('\n')}
          </address>
          {order.shippingMethod ? (
            <p class="muted">
              {order.shippingMethod.title}: {order.shippingMethod.estimatedDays.min}–{order.shippingMethod.estimatedDays.max} business days after dispatch
            </p>
          ) : null}
        </div>
      ) : null}
      <p class="muted">
        We send updates to <strong>{order.email}</strong>. <a href="/products">Continue shopping</a>
      </p>
    </section>
  );
}

const percent = new Intl.NumberFormat('en-US', { style: 'percent', maximumFractionDigits: 3 });

function TotalRow({ label, amount, id }: { label: string; amount: string; id?: string }) {
  return (
    <tr>
      <th scope="row" colspan={3}>
        {label}
      </th>
      <td class="num" id={id}>
        {amount}
      </td>
    </tr>
  );
}

function OrderProgress({ order }: { order: OrderView }) {
  return (
    <>
      <p class="order-status-title" id="order-status-text">
        {ORDER_STATUS_WORDS[order.status]}
      </p>
      <p class="order-status-detail">{statusDetail(order)}</p>
      {order.status === 'shipped' && order.shipment ? (
        <dl class="order-shipment" id="order-shipment">
          <dt>Carrier</dt>
          <dd>{order.shipment.carrier ?? 'Not given'}</dd>
          <dt>Tracking number</dt>
          <dd>
            <code>{order.shipment.trackingNumber ?? 'Not given'}</code>
          </dd>
        </dl>
      ) : null}
    </>
  );
}

function statusDetail(order: OrderView): string {
  switch (order.status) {
    case 'pending':
      return 'We are waiting for your payment to be confirmed.';
    case 'paid':
      return 'Thank you! Your order is next in line at the warehouse.';
    case 'fulfilling':
      return 'The warehouse is packing your order.';
    case 'shipped':
      return 'Your order is on its way.';
    case 'refunded':
      return order.cancelReason === 'out_of_stock_after_payment'
        ? 'The items sold out before your payment arrived, so it was refunded in full.'
        : 'Your payment was refunded.';
    case 'cancelled':
      return order.cancelReason === 'out_of_stock' || order.cancelReason === 'stock_unavailable'
        ? 'Some items were no longer available, so this order was cancelled before payment.'
        : order.cancelReason === 'payment_failed'
          ? 'The payment did not go through, so this order was cancelled.'
          : 'The payment was not completed, so this order was cancelled.';
  }
}

/** How the thank-you greets: the shipping name's first word, or a plain "Thank you" without one. */
function firstName(order: OrderView): string {
  const first = order.shippingAddress?.name.split(/\s+/)[0];
  return first && first.length <= 40 ? first : 'for your order';
}

const dateFormat = new Intl.DateTimeFormat('en-US', { dateStyle: 'long', timeZone: 'UTC' });
const formatDate = (iso: string) => dateFormat.format(new Date(iso));
