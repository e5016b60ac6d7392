import { EmailRejectedError, EmailUnavailableError, type EmailSender } from './sender';

/** Error codes of the binding (developers.cloudflare.com/email-service/api/send-emails/workers-api/) worth retrying. */
const RETRYABLE: Record<string, number> = {
  E_RATE_LIMIT_EXCEEDED: 5,
  E_DAILY_LIMIT_EXCEEDED: 3600,
  E_INTERNAL_SERVER_ERROR: 30,
};

/**
 * Sends through Cloudflare Email Service's `send_email` binding with its structured message (the
 * service builds the MIME), so no third party holds the shoppers' addresses. It reaches any address
 * only on Workers Paid, from a sending domain onboarded to Email Service; on Workers Free, and with
 * Email Routing's older binding, it reaches only the account's verified addresses.
 *
 * Unlike Resend, the binding takes no idempotency key and no tags: a retry after a timeout may send a
 * second mail, so the caller should record what it sent (by `idempotencyKey`) before retrying.
 * @example
 * // wrangler.toml: [[send_email]] name = "SEND_EMAIL" (EMAIL is the email queue)
 * const sender = cloudflareEmailSender(env.SEND_EMAIL);
 */
export function cloudflareEmailSender(binding: SendEmail): EmailSender {
  return {
    async send(message) {
      try {
        const { messageId } = await binding.send({
          from: message.from,
          to: message.to,
          subject: message.subject,
          html: message.html,
          text: message.text,
        });
        return { id: messageId };
      } catch (err) {
        const code = typeof (err as { code?: unknown }).code === 'string' ? (err as { code: string }).code : undefined;
        const what = `Cloudflare Email Service did not send the mail${code ? ` (${code})` : ''}: ${err instanceof Error ? err.message : String(err)}`;
        // No code: the call itself failed (the binding's RPC), not the service's judgement.
        if (code === undefined) throw new EmailUnavailableError(what, 15);
        if (code in RETRYABLE) throw new EmailUnavailableError(what, RETRYABLE[code]);
        throw new EmailRejectedError(what, code);
      }
    },
  } satisfies EmailSender;
}
