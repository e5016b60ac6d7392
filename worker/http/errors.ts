import type { ContentfulStatusCode } from 'hono/utils/http-status';

/** The closed set of error codes the HTTP contract allows, each with its status. */
export const ERROR_STATUS = {
  invalid_request: 400,
  unauthorized: 401,
  /** Turnstile did not vouch for the visitor (missing, failed or spent token). */
  bot_check_failed: 403,
  /** A drop SKU without a valid admission from the drop's waiting room. */
  not_admitted: 403,
  not_found: 404,
  method_not_allowed: 405,
  conflict: 409,
  out_of_stock: 409,
  discount_rejected: 409,
  /** More units of a drop than its per-customer limit allows. */
  limit_exceeded: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  /** A WebSocket route asked without `Upgrade: websocket`. */
  upgrade_required: 426,
  rate_limited: 429,
  internal_error: 500,
  unavailable: 503,
} as const satisfies Record<string, ContentfulStatusCode>;

export type ErrorCode = keyof typeof ERROR_STATUS;

export interface ErrorIssue {
  path: string;
  message: string;
}

/**
 * The one transport error type. Throw it anywhere in a request; `app.onError` renders it as
 * `{ error: { code, message, ...details } }` with the status of its code.
 *
 * @example
 * throw new ApiError('not_found', 'No product with that slug');
 */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  readonly status: ContentfulStatusCode;

  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: Record<string, unknown> = {},
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.status = ERROR_STATUS[code];
  }

  toJSON() {
    return { error: { code: this.code, message: this.message, ...this.details } };
  }
}

export const invalidRequest = (message: string, issues: ErrorIssue[] = []) =>
  new ApiError('invalid_request', message, { issues });
