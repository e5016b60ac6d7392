import { escapeHtml, htmlPage } from './http-util.js';
import type { Mail } from './mailbox.js';

/**
 * No script runs on these pages or inside a mail: the mail's HTML goes into an iframe with an empty
 * `sandbox` (opaque origin, no scripts, no forms) via `srcdoc`, and this policy covers the page too.
 */
export const MAIL_PAGE_CSP = "script-src 'none'; object-src 'none'; base-uri 'none'; form-action 'self'";

const STYLE = `
body{font-family:system-ui,sans-serif;margin:0;background:#f6f7f9;color:#1a1f36}
main{max-width:60rem;margin:2rem auto;padding:1.5rem;background:#fff;border-radius:8px;box-shadow:0 1px 3px #0002}
h1{font-size:1.25rem;margin-top:0}
table{width:100%;border-collapse:collapse;margin:1rem 0}
caption{text-align:left;font-weight:600}
th,td{text-align:left;padding:.4rem;border-bottom:1px solid #e3e8ee;vertical-align:top}
dl{display:grid;grid-template-columns:max-content 1fr;gap:.25rem 1rem}
dt{font-weight:600}
iframe{width:100%;height:36rem;border:1px solid #c1c9d2;border-radius:4px;background:#fff}
pre{white-space:pre-wrap;background:#f6f7f9;padding:1rem;border-radius:4px}
input,button{font:inherit;padding:.3rem .5rem}
a:focus-visible,button:focus-visible,input:focus-visible{outline:3px solid #1a1f36;outline-offset:2px}`;

const layout = (title: string, body: string): string => htmlPage(title, STYLE, body);

const list = (values: string[]): string => escapeHtml(values.join(', '));

export function renderMailList(mails: Mail[], to: string): string {
  const rows = mails
    .map(
      (mail) =>
        `<tr><td><time datetime="${escapeHtml(mail.sentAt)}">${escapeHtml(mail.sentAt.replace('T', ' ').slice(0, 19))}</time></td><td>${list(mail.to)}</td><td><a href="/_mail/${encodeURIComponent(mail.id)}">${escapeHtml(mail.subject)}</a></td><td>${escapeHtml(mail.from)}</td></tr>`,
    )
    .join('\n');
  const table = mails.length
    ? `<table>
<caption>${mails.length} ${mails.length === 1 ? 'mail' : 'mails'}, newest first</caption>
<thead><tr><th scope="col">Sent (UTC)</th><th scope="col">To</th><th scope="col">Subject</th><th scope="col">From</th></tr></thead>
<tbody>
${rows}
</tbody>
</table>`
    : `<p role="status">${to ? `No mail to ${escapeHtml(to)}.` : 'No mail yet.'}</p>`;
  return layout(
    'Local mailbox',
    `<h1>Local mailbox</h1>
<p>Mail sent to the emulated Resend API (<code>POST /emails</code>). Nothing leaves this machine.</p>
<form method="get" action="/_mail" role="search">
<label for="to">Recipient</label>
<input id="to" name="to" type="search" value="${escapeHtml(to)}" placeholder="ada@example.com">
<button type="submit">Filter</button>
${to ? '<a href="/_mail">Show all</a>' : ''}
</form>
${table}`,
  );
}

export function renderMail(mail: Mail): string {
  const optional = (label: string, values: string[]) => (values.length ? `<dt>${label}</dt><dd>${list(values)}</dd>` : '');
  const tags = mail.tags.map((tag) => `${tag.name}=${tag.value}`);
  const htmlPart =
    mail.html === null
      ? '<p>This mail has no HTML part.</p>'
      : `<iframe title="HTML part of the mail" sandbox="" referrerpolicy="no-referrer" srcdoc="${escapeHtml(mail.html)}"></iframe>`;
  return layout(
    mail.subject,
    `<p><a href="/_mail">← All mail</a></p>
<h1>${escapeHtml(mail.subject)}</h1>
<dl>
<dt>From</dt><dd>${escapeHtml(mail.from)}</dd>
<dt>To</dt><dd>${list(mail.to)}</dd>
${optional('Cc', mail.cc)}${optional('Bcc', mail.bcc)}${optional('Reply-To', mail.replyTo)}${optional('Tags', tags)}
<dt>Sent</dt><dd><time datetime="${escapeHtml(mail.sentAt)}">${escapeHtml(mail.sentAt)}</time></dd>
<dt>Id</dt><dd><code>${escapeHtml(mail.id)}</code></dd>
</dl>
<h2>HTML part</h2>
${htmlPart}
<h2>Plain-text part</h2>
${mail.text === null ? '<p>This mail has no plain-text part.</p>' : `<pre>${escapeHtml(mail.text)}</pre>`}`,
  );
}

export function renderMailNotFound(id: string): string {
  return layout('Mail not found', `<p><a href="/_mail">← All mail</a></p><p role="alert">No mail ${escapeHtml(id)}.</p>`);
}
