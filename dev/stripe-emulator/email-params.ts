/** Resend's error body: `{ statusCode, name, message }` (https://resend.com/docs/api-reference/errors). */
export interface ResendErrorBody {
  statusCode: number;
  name: string;
  message: string;
}

export class ResendHttpError extends Error {
  constructor(readonly body: ResendErrorBody) {
    super(body.message);
  }
}

export const resendError = (statusCode: number, name: string, message: string): ResendHttpError =>
  new ResendHttpError({ statusCode, name, message });

/** The Resend-shaped answer to an injected fault (`POST /_emulator/faults` with `path: '/emails'`). */
export function resendFault(status: number): ResendHttpError {
  if (status === 429) {
    return resendError(429, 'rate_limit_exceeded', 'Too many requests. Please limit the number of requests per second. Or contact support to increase rate limit.');
  }
  return resendError(status, status === 500 ? 'application_error' : 'internal_server_error', `An unexpected error occurred (emulated fault ${status}).`);
}

export interface Tag {
  name: string;
  value: string;
}

export interface SendEmailInput {
  from: string;
  to: string[];
  cc: string[];
  bcc: string[];
  replyTo: string[];
  subject: string;
  html: string | null;
  text: string | null;
  tags: Tag[];
}

const ADDRESS = /^(?:[^<>]*<\s*([^\s<>@]+@[^\s<>@]+\.[^\s<>@]+)\s*>|([^\s<>@]+@[^\s<>@]+\.[^\s<>@]+))$/;
const TAG_PART = /^[A-Za-z0-9_-]{1,256}$/;
const MAX_RECIPIENTS = 50;
// Accepted by Resend, not emulated: refusing them beats delivering a "scheduled" mail at once.
const NOT_EMULATED = ['attachments', 'scheduled_at', 'template', 'topic_id', 'react'];

/** `ada@example.com` from `ada@example.com` or `Ada <ada@example.com>`; null if it is neither. */
export function bareAddress(value: string): string | null {
  const match = ADDRESS.exec(value.trim());
  return match ? (match[1] ?? match[2])! : null;
}

const missing = (field: string) => resendError(422, 'missing_required_field', `Missing \`${field}\` field.`);
const invalid = (field: string, why: string) => resendError(422, 'validation_error', `Invalid \`${field}\` field. ${why}`);
const FORMAT = 'The email address needs to follow the `email@example.com` or `Name <email@example.com>` format.';

function addresses(body: Record<string, unknown>, field: string, required: boolean): string[] {
  const value = body[field];
  if (value === undefined || value === null || value === '') {
    if (required) throw missing(field);
    return [];
  }
  const list: unknown[] = typeof value === 'string' ? [value] : Array.isArray(value) ? value : [value];
  if (list.length === 0 && required) throw missing(field);
  if (list.length > MAX_RECIPIENTS) throw invalid(field, `It can contain at most ${MAX_RECIPIENTS} addresses.`);
  for (const item of list) {
    if (typeof item !== 'string' || bareAddress(item) === null) throw invalid(field, FORMAT);
  }
  return list as string[];
}

function optionalText(body: Record<string, unknown>, field: string): string | null {
  const value = body[field];
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string') throw invalid(field, 'It must be a string.');
  return value;
}

function tags(body: Record<string, unknown>): Tag[] {
  const value = body.tags;
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw invalid('tags', 'It must be an array of { name, value } objects.');
  return value.map((tag: unknown) => {
    const { name, value: tagValue } = (typeof tag === 'object' && tag !== null ? tag : {}) as Record<string, unknown>;
    if (typeof name !== 'string' || typeof tagValue !== 'string' || !TAG_PART.test(name) || !TAG_PART.test(tagValue)) {
      throw invalid('tags', 'Tag names and values can only contain ASCII letters (a–z, A–Z), numbers (0–9), underscores (_), or dashes (-), at most 256 characters.');
    }
    return { name, value: tagValue };
  });
}

/** Validates a `POST /emails` body the way Resend answers it: 422 with the first problem found. */
export function parseSendEmail(body: unknown): SendEmailInput {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw resendError(422, 'validation_error', 'The request body must be a JSON object.');
  }
  const fields = body as Record<string, unknown>;
  const from = fields.from;
  if (from === undefined || from === null || from === '') throw missing('from');
  if (typeof from !== 'string' || bareAddress(from) === null) throw resendError(422, 'invalid_from_address', `Invalid \`from\` field. ${FORMAT}`);
  const to = addresses(fields, 'to', true);
  const subject = fields.subject;
  if (subject === undefined || subject === null || subject === '') throw missing('subject');
  if (typeof subject !== 'string') throw invalid('subject', 'It must be a string.');
  const unsupported = NOT_EMULATED.find((name) => fields[name] !== undefined);
  if (unsupported) throw invalid(unsupported, 'The local mailbox does not emulate it.');
  return {
    from,
    to,
    cc: addresses(fields, 'cc', false),
    bcc: addresses(fields, 'bcc', false),
    replyTo: addresses(fields, 'reply_to', false),
    subject,
    html: optionalText(fields, 'html'),
    text: optionalText(fields, 'text'),
    tags: tags(fields),
  };
}
