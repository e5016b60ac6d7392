export type StripeErrorType =
  | 'invalid_request_error'
  | 'api_error'
  | 'idempotency_error'
  | 'card_error';

export interface StripeErrorBody {
  type: StripeErrorType;
  code?: string;
  message: string;
  param?: string;
  doc_url?: string;
}

/**
 * An error answered in Stripe's `{ error: {...} }` shape. `replayable` marks errors raised after the
 * request "started executing" (state conflicts): Stripe stores those under an idempotency key, while
 * validation failures are not stored and may be retried with the same key.
 */
export class StripeHttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: StripeErrorBody,
    readonly replayable = false,
  ) {
    super(body.message);
  }

  toJSON(): { error: StripeErrorBody } {
    return { error: this.body };
  }
}

function withDocUrl(body: StripeErrorBody): StripeErrorBody {
  return body.code ? { ...body, doc_url: `https://stripe.com/docs/error-codes/${body.code.replaceAll('_', '-')}` } : body;
}

export function invalidRequest(
  message: string,
  options: { code?: string; param?: string; status?: number; replayable?: boolean } = {},
): StripeHttpError {
  const body: StripeErrorBody = { type: 'invalid_request_error', message };
  if (options.code) body.code = options.code;
  if (options.param) body.param = options.param;
  return new StripeHttpError(options.status ?? 400, withDocUrl(body), options.replayable ?? false);
}

export function parameterMissing(param: string): StripeHttpError {
  return invalidRequest(`Missing required param: ${param}.`, { code: 'parameter_missing', param });
}

export function parameterInvalid(param: string, message: string, code = 'parameter_invalid'): StripeHttpError {
  return invalidRequest(message, { code, param });
}

export function resourceMissing(kind: string, id: string, param = 'id'): StripeHttpError {
  return invalidRequest(`No such ${kind}: '${id}'`, { code: 'resource_missing', param, status: 404 });
}

export function stateConflict(message: string, code?: string, param?: string): StripeHttpError {
  const options: { code?: string; param?: string; replayable: boolean } = { replayable: true };
  if (code) options.code = code;
  if (param) options.param = param;
  return invalidRequest(message, options);
}

export function unrecognizedUrl(method: string, path: string): StripeHttpError {
  return invalidRequest(
    `Unrecognized request URL (${method}: ${path}). Please see https://stripe.com/docs or we can help at https://support.stripe.com/.`,
    { status: 404 },
  );
}

/** Like Stripe: keep the key's kind prefix and last four characters. */
function redactKey(key: string): string {
  const prefix = /^[a-z]+_(?:test|live)_/.exec(key)?.[0] ?? '';
  const rest = key.slice(prefix.length);
  return rest.length > 8 ? `${prefix}${'*'.repeat(rest.length - 4)}${rest.slice(-4)}` : `${prefix}${'*'.repeat(rest.length)}`;
}

export function authenticationError(key: string | null): StripeHttpError {
  const message =
    key === null
      ? "You did not provide an API key. You need to provide your API key in the Authorization header, using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY')."
      : `Invalid API Key provided: ${redactKey(key)}`;
  return new StripeHttpError(401, { type: 'invalid_request_error', message });
}

export function idempotencyError(message: string, status = 400): StripeHttpError {
  return new StripeHttpError(status, { type: 'idempotency_error', message });
}

export function apiError(status: number, message: string): StripeHttpError {
  return new StripeHttpError(status, { type: 'api_error', message });
}

export function rateLimitError(): StripeHttpError {
  return new StripeHttpError(
    429,
    withDocUrl({
      type: 'invalid_request_error',
      code: 'rate_limit',
      message:
        'Too many requests hit the API too quickly. We recommend an exponential backoff of your requests.',
    }),
  );
}
