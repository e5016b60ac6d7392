import type { IncomingMessage, ServerResponse } from 'node:http';
import { ResendHttpError, resendError } from './email-params.js';
import { header, sendHtml, sendJson } from './http-util.js';
import { MAIL_PAGE_CSP, renderMail, renderMailList, renderMailNotFound } from './mail-pages.js';
import type { EmulatorState } from './state.js';

/** Resend takes `Authorization: Bearer re_…`; any such key works here. */
function apiKeyFrom(req: IncomingMessage): string {
  const authorization = header(req, 'authorization');
  if (!authorization) throw resendError(401, 'missing_api_key', 'Missing API key in the authorization header.');
  const match = /^Bearer\s+(re_\S+)$/i.exec(authorization.trim());
  if (!match) throw resendError(403, 'invalid_api_key', 'API key is invalid.');
  return match[1]!;
}

/** `POST /emails`, Resend's send-email endpoint. */
export function handleEmails(state: EmulatorState, req: IncomingMessage, res: ServerResponse, rawBody: string): void {
  try {
    if (req.method !== 'POST') throw resendError(405, 'method_not_allowed', 'Method is not allowed for the requested path.');
    const apiKey = apiKeyFrom(req);
    let body: unknown;
    try {
      body = JSON.parse(rawBody);
    } catch {
      throw resendError(400, 'validation_error', 'The request body is not valid JSON.');
    }
    const sent = state.mailbox.send(apiKey, header(req, 'idempotency-key'), body);
    if (!sent.replayed) state.options.log(`mailbox: ${sent.id} accepted`);
    sendJson(res, 200, { id: sent.id });
  } catch (error) {
    if (!(error instanceof ResendHttpError)) throw error;
    sendJson(res, error.body.statusCode, error.body);
  }
}

/** A browser asks for HTML; `fetch` (Accept: *\/*) and tests get JSON. */
const wantsHtml = (req: IncomingMessage): boolean => (header(req, 'accept') ?? '').includes('text/html');

/** `GET /_mail[?to=]`, `GET /_mail/:id`, `DELETE /_mail`: reading the mailbox (no auth, like /_emulator). */
export function handleMailbox(state: EmulatorState, req: IncomingMessage, res: ServerResponse, url: URL): void {
  const method = req.method ?? 'GET';
  const html = wantsHtml(req);
  if (url.pathname === '/_mail') {
    if (method === 'DELETE') {
      sendJson(res, 200, { deleted: state.mailbox.clear() });
      return;
    }
    if (method === 'GET') {
      const to = url.searchParams.get('to') ?? '';
      const items = state.mailbox.list(to);
      if (html) sendHtml(res, 200, renderMailList(items, to), { 'content-security-policy': MAIL_PAGE_CSP });
      else sendJson(res, 200, { items });
      return;
    }
  }
  const id = /^\/_mail\/([^/]+)$/.exec(url.pathname)?.[1];
  if (method === 'GET' && id !== undefined) {
    const mail = state.mailbox.get(id);
    if (html) {
      sendHtml(res, mail ? 200 : 404, mail ? renderMail(mail) : renderMailNotFound(id), { 'content-security-policy': MAIL_PAGE_CSP });
    } else if (mail) {
      sendJson(res, 200, mail);
    } else {
      sendJson(res, 404, { error: { message: `No mail ${id}.` } });
    }
    return;
  }
  sendJson(res, 404, { error: { message: `Unknown mailbox endpoint (${method}: ${url.pathname}).` } });
}
