import { apiError, rateLimitError, StripeHttpError } from './errors.js';

export interface FaultRule {
  method?: string;
  /** Path prefix; without one a rule matches only the Stripe API (`/v1/…`). */
  path?: string;
  status?: number;
  count: number;
  delayMs?: number;
  /**
   * The connection closes without an answer: `before` the request is handled (a pooled connection
   * the server had closed), or `after` it (handled, the answer lost on the way back).
   */
  loseConnection?: 'before' | 'after';
  /**
   * Only requests whose URL or (form-decoded) body contains this text (a test's unique customer
   * email, a session id), so tests running side by side on one emulator never take each other's faults.
   */
  requestIncludes?: string;
}

const STATUSES = new Set([429, 500, 502, 503, 504]);

/** Parses a control-API body into a rule, or returns why it cannot. */
export function parseFaultRule(input: unknown): FaultRule | string {
  if (typeof input !== 'object' || input === null) return 'Expected a JSON object.';
  const { method, path, status, count, delayMs, loseConnection, requestIncludes } = input as Record<string, unknown>;
  const rule: FaultRule = { count: 1 };
  if (method !== undefined) {
    if (typeof method !== 'string') return 'method must be a string.';
    rule.method = method.toUpperCase();
  }
  if (path !== undefined) {
    if (typeof path !== 'string' || !path.startsWith('/')) return 'path must be a string starting with /.';
    rule.path = path;
  }
  if (status !== undefined) {
    if (typeof status !== 'number' || !STATUSES.has(status)) return `status must be one of ${[...STATUSES].join(', ')}.`;
    rule.status = status;
  }
  if (count !== undefined) {
    if (typeof count !== 'number' || !Number.isInteger(count) || count < 1) return 'count must be a positive integer.';
    rule.count = count;
  }
  if (delayMs !== undefined) {
    if (typeof delayMs !== 'number' || !Number.isFinite(delayMs) || delayMs < 0) return 'delayMs must be a non-negative number.';
    rule.delayMs = delayMs;
  }
  if (loseConnection !== undefined) {
    if (loseConnection !== 'before' && loseConnection !== 'after') return "loseConnection must be 'before' or 'after'.";
    if (rule.status !== undefined) return 'A fault answers a status or loses the connection, not both.';
    rule.loseConnection = loseConnection;
  }
  if (requestIncludes !== undefined) {
    if (typeof requestIncludes !== 'string' || requestIncludes === '') return 'requestIncludes must be a non-empty string.';
    rule.requestIncludes = requestIncludes;
  }
  if (rule.status === undefined && rule.delayMs === undefined && rule.loseConnection === undefined) {
    return 'A fault needs a status, a delayMs or a loseConnection.';
  }
  return rule;
}

/** The Stripe-shaped error a fault answers with. */
export function faultError(status: number): StripeHttpError {
  if (status === 429) return rateLimitError();
  return apiError(status, `An error occurred with our connection to Stripe (emulated fault ${status}).`);
}

/** Queued fault rules, consumed in order. */
export class FaultQueue {
  private rules: FaultRule[] = [];

  add(rule: FaultRule): void {
    this.rules.push(rule);
  }

  take(method: string, path: string, request = ''): FaultRule | undefined {
    const index = this.rules.findIndex(
      (rule) =>
        (rule.method === undefined || rule.method === method) &&
        (rule.requestIncludes === undefined || request.includes(rule.requestIncludes)) &&
        (rule.path === undefined ? path.startsWith('/v1/') : path.startsWith(rule.path)),
    );
    if (index === -1) return undefined;
    const rule = this.rules[index]!;
    rule.count -= 1;
    if (rule.count <= 0) this.rules.splice(index, 1);
    return { ...rule };
  }

  list(): FaultRule[] {
    return this.rules.map((rule) => ({ ...rule }));
  }

  clear(): void {
    this.rules = [];
  }
}
