import { safeUrl, STORE_NAME, type MailContent } from './email-html';
import type { OrderSummary } from './order-summary';

/** The plain-text part: the same words and numbers as the HTML part, in reading order. */
export function renderText(content: MailContent, summary: OrderSummary): string {
  const link = safeUrl(content.orderUrl);
  const out: string[] = [STORE_NAME, '', content.heading, '', content.intro, ''];
  for (const fact of content.facts) out.push(`${fact.label}: ${fact.value}`);
  if (content.note) out.push(content.note);
  if (link) out.push('', `View your order: ${link}`);
  out.push('', 'Items');
  for (const line of summary.lines) out.push(`- ${line.item} × ${line.quantity}: ${line.total}`);
  out.push('', 'Order summary');
  for (const row of [...summary.rows, summary.total, ...summary.included]) out.push(`${row.label}: ${row.value}`);
  if (content.addressLines.length) out.push('', 'Shipping to', ...content.addressLines);
  out.push('', `You are receiving this email because you placed an order at ${STORE_NAME}.`);
  return `${out.join('\n')}\n`;
}
