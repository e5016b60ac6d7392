import { html } from 'hono/html';
import type { HtmlEscapedString } from 'hono/utils/html';
import type { OrderSummary, SummaryRow } from './order-summary';

/** What one kind of order mail says around the order itself. */
export interface MailContent {
  subject: string;
  heading: string;
  intro: string;
  /** Label/value facts under the intro: order number, carrier, tracking number. */
  facts: SummaryRow[];
  /** A sentence after the facts, e.g. that tracking is not available. */
  note: string | null;
  orderUrl: string;
  addressLines: string[];
}

export const STORE_NAME = 'Edgefront';

// Mail clients drop <style> and external sheets, so every style is inline; nothing loads remotely.
const FONT = "font-family:-apple-system,BlinkMacSystemFont,'Segoe UI',Roboto,Helvetica,Arial,sans-serif";
const CELL = 'padding:8px 0;border-bottom:1px solid #d8dee4;vertical-align:top';
const MUTED = 'color:#57606a';

/** Only http(s) links: a link is shown, never followed, by the template. */
export function safeUrl(value: string): string | null {
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.href : null;
  } catch {
    return null;
  }
}

function rendered(value: HtmlEscapedString | Promise<HtmlEscapedString>): string {
  // Every value below is a string: hono/html answers synchronously unless a value is a promise.
  if (value instanceof Promise) throw new Error('email templates must render synchronously');
  return value.toString();
}

const row = ({ label, value }: SummaryRow, strong = false) =>
  html`<tr><th scope="row" align="left" style="${CELL};font-weight:${strong ? 700 : 400};text-align:left">${label}</th><td align="right" style="${CELL};text-align:right;white-space:nowrap;font-weight:${strong ? 700 : 400}">${value}</td></tr>`;

export function renderHtml(content: MailContent, summary: OrderSummary): string {
  const link = safeUrl(content.orderUrl);
  const facts = content.facts.map((fact) => html`<p style="margin:0 0 4px">${fact.label}: <strong>${fact.value}</strong></p>`);
  const lines = summary.lines.map(
    (line) =>
      html`<tr><td style="${CELL}">${line.item}</td><td align="right" style="${CELL};text-align:right">${line.quantity}</td><td align="right" style="${CELL};text-align:right;white-space:nowrap">${line.total}</td></tr>`,
  );
  return rendered(html`<!doctype html>
<html lang="en" dir="ltr">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light">
<title>${content.subject}</title>
</head>
<body style="margin:0;padding:0;background:#f6f8fa">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="background:#f6f8fa">
<tr><td align="center" style="padding:24px 12px">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="max-width:600px;background:#ffffff;border-radius:8px;${FONT};font-size:16px;line-height:1.5;color:#1f2328">
<tr><td style="padding:24px">
<p style="margin:0 0 16px;font-size:14px;font-weight:700;${MUTED}">${STORE_NAME}</p>
<h1 style="margin:0 0 16px;font-size:24px;line-height:1.25">${content.heading}</h1>
<p style="margin:0 0 16px">${content.intro}</p>
${facts}
${content.note ? html`<p style="margin:8px 0 0">${content.note}</p>` : ''}
${link ? html`<p style="margin:24px 0"><a href="${link}" style="display:inline-block;padding:10px 16px;background:#1f6feb;color:#ffffff;border-radius:6px;text-decoration:underline;font-weight:700">View your order</a></p>` : ''}
<table cellpadding="0" cellspacing="0" border="0" style="width:100%;border-collapse:collapse;margin:16px 0">
<caption style="text-align:left;font-weight:700;padding:0 0 8px">Items</caption>
<thead><tr><th scope="col" align="left" style="${CELL};text-align:left">Item</th><th scope="col" align="right" style="${CELL};text-align:right">Qty</th><th scope="col" align="right" style="${CELL};text-align:right">Total</th></tr></thead>
<tbody>${lines}</tbody>
</table>
<table cellpadding="0" cellspacing="0" border="0" style="width:100%;border-collapse:collapse;margin:16px 0">
<caption style="text-align:left;font-weight:700;padding:0 0 8px">Order summary</caption>
<tbody>${summary.rows.map((r) => row(r))}${row(summary.total, true)}${summary.included.map((r) => row(r))}</tbody>
</table>
${content.addressLines.length ? html`<h2 style="margin:24px 0 8px;font-size:18px">Shipping to</h2><p style="margin:0">${content.addressLines.map((line, i) => (i === 0 ? line : html`<br>${line}`))}</p>` : ''}
<p style="margin:32px 0 0;font-size:14px;${MUTED}">You are receiving this email because you placed an order at ${STORE_NAME}.</p>
</td></tr>
</table>
</td></tr>
</table>
</body>
</html>`);
}
