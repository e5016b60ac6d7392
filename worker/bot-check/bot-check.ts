/**
 * Is this request from a person? One small interface in front of the challenge service; Cloudflare
 * Turnstile's `siteverify` is the implementation (turnstile.ts), the emulator in dev/ speaks it offline.
 */

/** Why a token did not pass, in the store's words. */
export type BotCheckFailure =
  /** No token came with the request. */
  | 'missing_token'
  /** The service says the token is not a solved challenge (forged, failed, malformed). */
  | 'rejected'
  /** Already verified once, or older than its five minutes: the visitor must solve a new challenge. */
  | 'spent'
  /** Our own setup is wrong (no or a bad secret key): not the visitor's fault. */
  | 'misconfigured'
  /** The service did not answer usably; try again shortly. */
  | 'unavailable';

export type BotCheckOutcome =
  | { ok: true; hostname: string; challengeTs: string; action: string }
  | { ok: false; reason: BotCheckFailure; errorCodes: string[] };

export interface BotCheckOptions {
  /** Makes a retried verification of the same token answer as the first did (a UUID). */
  idempotencyKey?: string;
  /** The widget's `action` the token must carry, when one is set on the page. */
  expectedAction?: string;
}

export interface BotCheck {
  /**
   * @example
   * const outcome = await botCheck.verify(body.turnstileToken, c.req.header('cf-connecting-ip') ?? null);
   * if (!outcome.ok) throw botCheckRefusal(outcome);
   */
  verify(token: string | undefined, ip: string | null, options?: BotCheckOptions): Promise<BotCheckOutcome>;
}
