import { renderHtml, STORE_NAME, type MailContent } from './email-html';
import { renderText } from './email-text';
import { orderSummary } from './order-summary';
import type { OrderMail, RenderedEmail } from './types';

function render(mail: OrderMail, content: Omit<MailContent, 'orderUrl' | 'addressLines'>): RenderedEmail {
  const full: MailContent = { ...content, orderUrl: mail.orderUrl, addressLines: mail.shippingAddressLines };
  const summary = orderSummary(mail);
  return { subject: content.subject, html: renderHtml(full, summary), text: renderText(full, summary) };
}

/**
 * The mail a shopper gets once an order is paid: its lines, totals and shipping address.
 * @example await sender.send({ to: mail.email, from, idempotencyKey: `${mail.orderId}:confirmation`, ...orderConfirmation(mail) });
 */
export function orderConfirmation(mail: OrderMail): RenderedEmail {
  return render(mail, {
    subject: `Your ${STORE_NAME} order ${orderName(mail)} is confirmed`,
    heading: 'Thank you for your order',
    intro: 'We have received your payment and are getting your order ready to ship.',
    facts: [{ label: 'Order number', value: orderName(mail) }],
    note: null,
  });
}

/**
 * The mail a shopper gets when the parcel leaves the warehouse, with the carrier and tracking number
 * when the warehouse gave them.
 * @example await sender.send({ to: mail.email, from, idempotencyKey: `${mail.orderId}:shipped`, ...shippingNotice(mail) });
 */
export function shippingNotice(mail: OrderMail): RenderedEmail {
  const carrier = mail.shipment?.carrier ?? null;
  const trackingNumber = mail.shipment?.trackingNumber ?? null;
  const facts = [{ label: 'Order number', value: orderName(mail) }];
  if (carrier) facts.push({ label: 'Carrier', value: carrier });
  if (trackingNumber) facts.push({ label: 'Tracking number', value: trackingNumber });
  return render(mail, {
    subject: `Your ${STORE_NAME} order ${orderName(mail)} has shipped`,
    heading: 'Your order is on its way',
    intro: 'Your order has left our warehouse.',
    facts,
    note: trackingNumber ? null : 'The carrier has not given a tracking number for this parcel.',
  });
}

/** The order as a shopper names it: its number, or its id for orders placed before numbers. */
export const orderName = (mail: Pick<OrderMail, 'orderId' | 'orderNumber'>) => (mail.orderNumber === null ? mail.orderId : String(mail.orderNumber));
