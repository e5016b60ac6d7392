import type { ServerResponse } from 'node:http';
import { StripeHttpError } from './errors.js';
import { renderCheckoutPage, renderNotFound } from './hosted-page.js';
import { redirect, sendHtml } from './http-util.js';
import { parseForm } from './params.js';
import type { SessionRecord } from './sessions.js';
import type { EmulatorState } from './state.js';

const ACTIONS = new Set(['pay', 'decline', 'pay-async']);

function completionUrl(record: SessionRecord): string {
  const { session } = record;
  const target = session.success_url ?? session.return_url ?? `/c/pay/${session.id}`;
  return target.replaceAll('{CHECKOUT_SESSION_ID}', session.id);
}

/** The hosted checkout page: GET shows it, POST /c/pay/:id[/action] acts like the shopper's click. */
export function handlePage(state: EmulatorState, res: ServerResponse, method: string, url: URL, rawBody: string): void {
  const match = url.pathname.match(/^\/c\/pay\/([A-Za-z0-9_]+)(?:\/([a-z-]+))?$/);
  const id = match?.[1];
  const record = id ? state.sessions.find(id) : undefined;
  if (!match || !id || !record) {
    sendHtml(res, 404, renderNotFound(id ?? url.pathname));
    return;
  }
  if (method === 'GET' && match[2] === undefined) {
    sendHtml(res, 200, renderCheckoutPage(record));
    return;
  }
  const formAction = parseForm(rawBody).action;
  const action = match[2] ?? (typeof formAction === 'string' ? formAction : undefined);
  if (method !== 'POST' || action === undefined || !ACTIONS.has(action)) {
    sendHtml(res, 404, renderNotFound(id));
    return;
  }
  try {
    if (action === 'decline') {
      state.sessions.decline(id);
      sendHtml(res, 402, renderCheckoutPage(record, 'Your card was declined.'));
      return;
    }
    const paid = action === 'pay' ? state.sessions.pay(id) : state.payLater(id);
    redirect(res, completionUrl(paid));
  } catch (error) {
    if (!(error instanceof StripeHttpError)) throw error;
    // Expired or already complete: the re-rendered page shows that state instead of the buttons.
    sendHtml(res, 409, renderCheckoutPage(record));
  }
}
