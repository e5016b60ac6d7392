import type { BotCheck } from './bot-check';
import { turnstileBotCheck } from './turnstile';

export type { BotCheck, BotCheckFailure, BotCheckOptions, BotCheckOutcome } from './bot-check';
export { turnstileBotCheck } from './turnstile';

/** The store's bot check: Turnstile at `TURNSTILE_API_BASE` (empty: Cloudflare's) with its secret key. */
export const botCheckFor = (env: Env): BotCheck =>
  turnstileBotCheck({ secret: env.TURNSTILE_SECRET_KEY, apiBase: env.TURNSTILE_API_BASE });
