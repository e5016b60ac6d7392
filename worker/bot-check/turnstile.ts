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

/** Attempts per verification, all within the one timeout. */
export const SITEVERIFY_ATTEMPTS = 3;
/** Pause before a retry after the service said it failed (a lost connection is retried at once). */
const RETRY_PAUSE_MS = 100;

/** One siteverify call: its answer, or why there is none and whether asking again may help. */
type Attempt = { kind: 'answer'; answer: unknown } | { kind: 'failed'; cause: string; retry: boolean; pause: boolean };

async function ask(endpoint: string, body: string, signal: AbortSignal): Promise<Attempt> {
  let res: Response;
  try {
    res = await fetch(endpoint, { method: 'POST', headers: { 'content-type': 'application/json' }, body, signal });
  } catch (err) {
    // "Network connection lost": the service closed an idle pooled connection as we sent on it.
    // The request may have been handled; the idempotency key makes asking again safe.
    return { kind: 'failed', cause: signal.aborted ? 'timeout' : String(err).slice(0, 120), retry: !signal.aborted, pause: false };
  }
  if (res.status >= 500 || res.status === 429) {
    await res.body?.cancel();
    return { kind: 'failed', cause: `status ${res.status}`, retry: true, pause: true };
  }
  try {
    return { kind: 'answer', answer: await res.json() };
  } catch (err) {
    return { kind: 'failed', cause: signal.aborted ? 'timeout' : `unreadable answer (${res.status}): ${String(err).slice(0, 80)}`, retry: false, pause: false };
  }
}

/**
 * Verifies through `POST {apiBase}/turnstile/v0/siteverify`. Every call carries an idempotency key
 * (the caller's, or a fresh UUID), so a call whose answer was lost (a closed connection, a 5xx,
 * Turnstile's `internal-error`) is asked again, up to SITEVERIFY_ATTEMPTS times within the one
 * timeout, and a token Turnstile already spent on the lost call answers as it did then instead of
 * `timeout-or-duplicate`. Fails closed: no secret, no answer within the timeout, or an unreadable
 * one is a refusal, never a pass.
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
      const body = JSON.stringify({
        secret: config.secret,
        response: token,
        ...(ip ? { remoteip: ip } : {}),
        idempotency_key: options.idempotencyKey ?? crypto.randomUUID(),
      });
      const signal = AbortSignal.timeout(timeoutMs);
      const causes: string[] = [];
      for (let attempt = 1; ; attempt++) {
        const outcome = await ask(endpoint, body, signal);
        let retry: { cause: string; pause: boolean } | null = null;
        if (outcome.kind === 'answer') {
          const parsed = siteverifyAnswer.safeParse(outcome.answer);
          if (!parsed.success) return unavailable(endpoint, [...causes, 'not a siteverify answer']);
          const answer = parsed.data;
          if (answer.success) {
            const action = answer.action ?? '';
            if (options.expectedAction !== undefined && action !== options.expectedAction) return fail('rejected', ['action-mismatch']);
            return { ok: true, hostname: answer.hostname ?? '', challengeTs: answer.challenge_ts ?? '', action };
          }
          const reason = failureOf(answer['error-codes']);
          if (reason !== 'unavailable') return fail(reason, answer['error-codes']);
          retry = { cause: 'internal-error', pause: true };
        } else {
          if (!outcome.retry) return unavailable(endpoint, [...causes, outcome.cause]);
          retry = outcome;
        }
        causes.push(retry.cause);
        if (attempt >= SITEVERIFY_ATTEMPTS || signal.aborted) return unavailable(endpoint, causes);
        if (retry.pause) await new Promise((resolve) => setTimeout(resolve, RETRY_PAUSE_MS * attempt));
        if (signal.aborted) return unavailable(endpoint, [...causes, 'timeout']);
      }
    },
  };
}

/** The refusal when the service gave no usable answer, logged with why (a timeout is not a lost connection). */
function unavailable(endpoint: string, causes: string[]): BotCheckOutcome {
  console.warn(JSON.stringify({ msg: 'turnstile siteverify unavailable', endpoint, attempts: causes.length, causes }));
  return fail('unavailable');
}
