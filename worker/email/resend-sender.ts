import { tracedFetch } from '../telemetry/trace';
import { EmailRejectedError, EmailUnavailableError, type EmailSender } from './sender';

export const RESEND_API_BASE = 'https://api.resend.com';

export interface ResendSenderConfig {
  /** `re_…`. */
  apiKey: string;
  /** Empty or absent: api.resend.com. The local mailbox in dev and tests (dev/stripe-emulator). */
  apiBase?: string;
  /** Per request, body included. Default 10 s. */
  timeoutMs?: number;
}

/** Resend's error body (https://resend.com/docs/api-reference/errors). */
interface ResendError {
  statusCode?: number;
  name?: string;
  message?: string;
}

/**
 * Sends through Resend's `POST /emails` with `fetch`: one attempt per call, the caller retries on
 * `EmailUnavailableError` with the same idempotency key, which Resend turns into one mail.
 * @example
 * const sender = resendSender({ apiKey: env.EMAIL_API_KEY, apiBase: env.EMAIL_API_BASE });
 * await sender.send({ to, from: env.EMAIL_FROM, ...orderConfirmation(mail), idempotencyKey: `${orderId}:confirmation` });
 */
export function resendSender(config: ResendSenderConfig): EmailSender {
  const endpoint = `${(config.apiBase || RESEND_API_BASE).replace(/\/+$/, '')}/emails`;
  const timeoutMs = config.timeoutMs ?? 10_000;

  return {
    async send(message) {
      const body: Record<string, unknown> = {
        from: message.from,
        to: [message.to],
        subject: message.subject,
        html: message.html,
        text: message.text,
      };
      if (message.tags) body.tags = Object.entries(message.tags).map(([name, value]) => ({ name, value }));
      let res: Response;
      let answer: unknown;
      try {
        res = await tracedFetch(endpoint, {
          method: 'POST',
          headers: {
            authorization: `Bearer ${config.apiKey}`,
            'content-type': 'application/json',
            'idempotency-key': message.idempotencyKey,
          },
          body: JSON.stringify(body),
          signal: AbortSignal.timeout(timeoutMs),
        });
        answer = await res.json().catch(() => null);
      } catch (err) {
        // Unreachable, reset, or timed out (the mail may still have been sent: the key covers a retry).
        throw new EmailUnavailableError(`Resend did not answer: ${err instanceof Error ? err.message : String(err)}`, 15);
      }
      const id = (answer as { id?: unknown } | null)?.id;
      if (res.ok && typeof id === 'string' && id !== '') return { id };
      if (res.ok) throw new EmailUnavailableError(`Resend answered ${res.status} without an email id`, 15);
      throw toError(res, (answer ?? {}) as ResendError);
    },
  } satisfies EmailSender;
}

function retryAfter(res: Response, fallback: number): number {
  const seconds = Number(res.headers.get('retry-after'));
  return Number.isFinite(seconds) && seconds > 0 ? Math.ceil(seconds) : fallback;
}

/** Maps Resend's answers onto the two the store acts on: try later, or give up. */
function toError(res: Response, error: ResendError): Error {
  const what = `Resend answered ${res.status}${error.name ? ` ${error.name}` : ''}: ${error.message ?? res.statusText}`;
  if (res.status === 429) {
    // daily_quota_exceeded lifts within a day, rate_limit_exceeded within seconds.
    return new EmailUnavailableError(what, retryAfter(res, error.name === 'daily_quota_exceeded' ? 3600 : 5));
  }
  // Another request with this key is still running: its answer is worth waiting for.
  if (res.status === 409 && error.name === 'concurrent_idempotent_requests') return new EmailUnavailableError(what, 5);
  if (res.status >= 500) return new EmailUnavailableError(what, 30);
  return new EmailRejectedError(what, error.name);
}
