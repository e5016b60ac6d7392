import { randomToken } from './ids.js';
import type { Clock } from './clock.js';

/**
 * Cloudflare Turnstile's `siteverify`, emulated, with its documented test keys
 * (https://developers.cloudflare.com/turnstile/troubleshooting/testing/) and one emulated "real"
 * widget whose tokens are issued by the emulator's widget script, expire after 300 s and verify once.
 */

export const TEST_SITEKEYS = {
  passes: '1x00000000000000000000AA',
  blocks: '2x00000000000000000000AB',
  passesInvisible: '1x00000000000000000000BB',
  blocksInvisible: '2x00000000000000000000BB',
  interactive: '3x00000000000000000000FF',
} as const;

export const TEST_SECRETS = {
  passes: '1x0000000000000000000000000000000AA',
  fails: '2x0000000000000000000000000000000AA',
  spent: '3x0000000000000000000000000000000AA',
} as const;

export const DUMMY_TOKEN = 'XXXX.DUMMY.TOKEN.XXXX';

/** The emulated non-test widget: its tokens are real (single use, 300 s), like production's. */
export const DEV_WIDGET = { sitekey: '0x4AAAAAAAEdgefrontDevKey', secret: '0x4AAAAAAAEdgefrontDevSecretKey00000' } as const;

const TOKEN_TTL_SECONDS = 300;
const MAX_TOKEN_LENGTH = 2048;
/** The hostname Cloudflare reports for test keys. */
const TEST_HOSTNAME = 'example.com';

export type SiteverifyErrorCode =
  | 'missing-input-secret'
  | 'invalid-input-secret'
  | 'missing-input-response'
  | 'invalid-input-response'
  | 'bad-request'
  | 'timeout-or-duplicate'
  | 'internal-error';

export interface SiteverifyAnswer {
  success: boolean;
  'error-codes': SiteverifyErrorCode[];
  challenge_ts?: string;
  hostname?: string;
  action?: string;
  cdata?: string;
  metadata?: { interactive: boolean };
}

export interface SiteverifyInput {
  secret?: string;
  response?: string;
  remoteip?: string;
  idempotency_key?: string;
}

interface IssuedToken {
  sitekey: string;
  issuedAt: number;
  hostname: string;
  action: string;
  cdata: string;
  interactive: boolean;
  spent: boolean;
}

export type IssueOutcome = { ok: true; token: string; interactive: boolean } | { ok: false; code: 'blocked' | 'unknown_sitekey' };

const failure = (...codes: SiteverifyErrorCode[]): SiteverifyAnswer => ({ success: false, 'error-codes': codes });

const isTestSitekey = (sitekey: string): boolean => (Object.values(TEST_SITEKEYS) as string[]).includes(sitekey);

export class TurnstileStore {
  private readonly tokens = new Map<string, IssuedToken>();
  /** `secret|idempotency_key` -> the first answer, replayed on a retry with the same key. */
  private readonly replies = new Map<string, { token: string; answer: SiteverifyAnswer }>();

  constructor(private readonly clock: Clock) {}

  /** What the widget yields for a sitekey once its (emulated) challenge is done. */
  issue(sitekey: string, context: { hostname: string; action?: string; cdata?: string }): IssueOutcome {
    if (sitekey === TEST_SITEKEYS.blocks || sitekey === TEST_SITEKEYS.blocksInvisible) return { ok: false, code: 'blocked' };
    if (isTestSitekey(sitekey)) return { ok: true, token: DUMMY_TOKEN, interactive: sitekey === TEST_SITEKEYS.interactive };
    if (sitekey !== DEV_WIDGET.sitekey) return { ok: false, code: 'unknown_sitekey' };
    const token = `0.${randomToken(120)}.${randomToken(32)}`;
    this.tokens.set(token, {
      sitekey,
      issuedAt: this.clock.nowSeconds(),
      hostname: context.hostname,
      action: context.action ?? '',
      cdata: context.cdata ?? '',
      interactive: true,
      spent: false,
    });
    return { ok: true, token, interactive: true };
  }

  verify(input: SiteverifyInput): SiteverifyAnswer {
    const { secret, response, idempotency_key: key } = input;
    if (!secret) return failure('missing-input-secret');
    if (!response) return failure('missing-input-response');
    if (response.length > MAX_TOKEN_LENGTH) return failure('invalid-input-response');
    if (key !== undefined) {
      const previous = this.replies.get(`${secret}|${key}`);
      if (previous && previous.token === response) return previous.answer;
    }
    const answer = this.decide(secret, response);
    if (key !== undefined) this.replies.set(`${secret}|${key}`, { token: response, answer });
    return answer;
  }

  reset(): void {
    this.tokens.clear();
    this.replies.clear();
  }

  private decide(secret: string, response: string): SiteverifyAnswer {
    switch (secret) {
      case TEST_SECRETS.passes:
        return this.passed({ hostname: TEST_HOSTNAME, action: '', cdata: '', interactive: false });
      case TEST_SECRETS.fails:
        return failure('invalid-input-response');
      case TEST_SECRETS.spent:
        return failure('timeout-or-duplicate');
      case DEV_WIDGET.secret:
        return this.spend(response);
      default:
        return failure('invalid-input-secret');
    }
  }

  /** A production secret: the dummy token and anything not issued here are invalid; a token verifies once. */
  private spend(response: string): SiteverifyAnswer {
    const issued = this.tokens.get(response);
    if (!issued) return failure('invalid-input-response');
    if (issued.spent || this.clock.nowSeconds() - issued.issuedAt > TOKEN_TTL_SECONDS) return failure('timeout-or-duplicate');
    issued.spent = true;
    return this.passed(issued, issued.issuedAt);
  }

  private passed(
    details: Pick<IssuedToken, 'hostname' | 'action' | 'cdata' | 'interactive'>,
    solvedAt = this.clock.nowSeconds(),
  ): SiteverifyAnswer {
    return {
      success: true,
      'error-codes': [],
      challenge_ts: new Date(solvedAt * 1000).toISOString(),
      hostname: details.hostname,
      action: details.action,
      cdata: details.cdata,
      metadata: { interactive: details.interactive },
    };
  }
}
