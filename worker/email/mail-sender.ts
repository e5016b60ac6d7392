import { cloudflareEmailSender } from './cloudflare-sender';
import { resendSender } from './resend-sender';
import type { EmailSender } from './sender';

/**
 * Cloudflare Email Service's binding is not in wrangler.toml (it reaches shoppers only on Workers Paid
 * with an onboarded domain): a deployment that wants it adds `[[send_email]] name = "SEND_EMAIL"`.
 */
type MailEnv = Env & { SEND_EMAIL?: SendEmail };

/**
 * The store's mail sender for this configuration: Cloudflare Email Service when a `SEND_EMAIL`
 * binding exists, otherwise Resend's API at `EMAIL_API_BASE` (empty: api.resend.com; the emulator's
 * mailbox in `npm run dev` and the tests).
 * @throws Error when Resend is used and `EMAIL_API_KEY` is not set.
 * @example
 * const { id } = await mailSender(env).send({ to, from: env.EMAIL_FROM, ...orderConfirmation(mail), idempotencyKey });
 */
export function mailSender(env: Env): EmailSender {
  const binding = (env as MailEnv).SEND_EMAIL;
  if (binding) return cloudflareEmailSender(binding);
  if (!env.EMAIL_API_KEY) throw new Error('EMAIL_API_KEY is not set');
  return resendSender({ apiKey: env.EMAIL_API_KEY, apiBase: env.EMAIL_API_BASE, timeoutMs: mailTimeoutMs(env) });
}

/** How long one send may take (`EMAIL_TIMEOUT_MS`, default 10 s). */
export function mailTimeoutMs(env: Env): number {
  const configured = Number(env.EMAIL_TIMEOUT_MS);
  return Number.isFinite(configured) && configured > 0 ? configured : 10_000;
}
