import * as z from 'zod';
import type { BotCheck, BotCheckFailure, BotCheckOutcome } from './bot-check';

export const TURNSTILE_API_BASE = 'https://challenges.cloudflare.com';

export interface TurnstileConfig {
  secret: string;
  /** Empty or absent: challenges.cloudflare.com. The emulator (dev/stripe-emulator) in dev and tests. */
  apiBase?: string;
  /** Default 5 s. */
  timeoutMs?: number;
}

/** Siteverify's answer (https://developers.cloudflare.com/turnstile/get-started/server-side-validation/). */
const siteverifyAnswer = z.object({
  success: z.boolean(),
  'error-codes': z.array(z.string()).default([]),
  challenge_ts: z.string().optional(),
  hostname: z.string().optional(),
  action: z.string().optional(),
});

/**
 * Cloudflare's documented test secrets (`1x…AA` passes, `2x…AA` fails, `3x…AA` spent): their
 * answers carry no widget `action`, so an expected action cannot be checked with them.
 */
export const isTestSecret = (secret: string) => /^[123]x0{20,}A[AB]$/.test(secret);

/** Turnstile's token limit; longer ones are refused before a round trip. */
const MAX_TOKEN_LENGTH = 2048;

function failureOf(codes: string[]): BotCheckFailure {
  if (codes.includes('missing-input-secret') || codes.includes('invalid-input-secret')) return 'misconfigured';
  if (codes.includes('timeout-or-duplicate')) return 'spent';
  if (codes.includes('internal-error')) return 'unavailable';
  return 'rejected';
}

const fail = (reason: BotCheckFailure, errorCodes: string[] = []): BotCheckOutcome => ({ ok: false, reason, errorCodes });

/**
 * Verifies through `POST {apiBase}/turnstile/v0/siteverify`, one attempt per call. Fails closed: no
 * secret, no answer, or an unreadable one is a refusal, never a pass.
 * @example
 * const botCheck = turnstileBotCheck({ secret: env.TURNSTILE_SECRET_KEY, apiBase: env.TURNSTILE_API_BASE });
 */
export function turnstileBotCheck(config: TurnstileConfig): BotCheck {
  const endpoint = `${(config.apiBase || TURNSTILE_API_BASE).replace(/\/+$/, '')}/turnstile/v0/siteverify`;
  const timeoutMs = config.timeoutMs ?? 5000;

  return {
    async verify(token, ip, options = {}) {
      if (!token) return fail('missing_token');
      if (token.length > MAX_TOKEN_LENGTH) return fail('rejected', ['invalid-input-response']);
      if (!config.secret) return fail('misconfigured', ['missing-input-secret']);
      const body: Record<string, string> = { secret: config.secret, response: token };
      if (ip) body.remoteip = ip;
      if (options.idempotencyKey) body.idempotency_key = options.idempotencyKey;
      let parsed;
      try {
        const res = await fetch(endpoint, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(body),
          signal: AbortSignal.timeout(timeoutMs),
        });
        parsed = siteverifyAnswer.safeParse(await res.json());
      } catch {
        return fail('unavailable');
      }
      if (!parsed.success) return fail('unavailable');
      const answer = parsed.data;
      if (!answer.success) return fail(failureOf(answer['error-codes']), answer['error-codes']);
      const action = answer.action ?? '';
      if (options.expectedAction !== undefined && action !== options.expectedAction) return fail('rejected', ['action-mismatch']);
      return { ok: true, hostname: answer.hostname ?? '', challengeTs: answer.challenge_ts ?? '', action };
    },
  };
}
