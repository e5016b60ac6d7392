/**
 * What the store needs from a mail provider, and nothing more. Resend is the implementation
 * (resend-sender.ts, also spoken by the local mailbox in dev/stripe-emulator); Cloudflare Email
 * Service's `send_email` binding is another (cloudflare-sender.ts).
 */

export interface OutgoingEmail {
  /** One recipient: `ada@example.com` or `Ada Lovelace <ada@example.com>`. */
  to: string;
  /** An address on the store's verified sending domain, e.g. `Edgefront <orders@shop.example>`. */
  from: string;
  subject: string;
  html: string;
  /** The plain-text part, saying the same as the HTML. */
  text: string;
  /**
   * Retries of one logical mail must reuse it (`<order id>:confirmation`): the provider then
   * sends once. Resend keeps keys for 24 hours.
   */
  idempotencyKey: string;
  /** Provider tags, e.g. `{ kind: 'order_confirmation' }`; Resend allows only `[A-Za-z0-9_-]` in names and values. */
  tags?: Record<string, string>;
}

export interface EmailSender {
  /**
   * Hands the mail to the provider; resolves with the provider's id for it.
   * @throws EmailUnavailableError when it is worth trying again later (same idempotency key).
   * @throws EmailRejectedError when the provider refused the mail itself.
   */
  send(message: OutgoingEmail): Promise<{ id: string }>;
}

/** The provider could not be reached, timed out, rate-limited us or failed on its side: try later. */
export class EmailUnavailableError extends Error {
  override readonly name = 'EmailUnavailableError';
  constructor(
    message: string,
    readonly retryAfterSeconds = 60,
  ) {
    super(message);
  }
}

/** The provider refused the mail (a bad address, an unverified sender, a bad key); retrying will not help. */
export class EmailRejectedError extends Error {
  override readonly name = 'EmailRejectedError';
  constructor(
    message: string,
    readonly code: string | undefined,
  ) {
    super(message);
  }
}
