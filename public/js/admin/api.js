// The admin API client: the token lives in sessionStorage (this tab only) and travels only as a
// bearer header, never in a cookie or a URL.
const TOKEN_KEY = 'edgefront-admin-token';

export const token = {
  get: () => sessionStorage.getItem(TOKEN_KEY),
  set: (value) => sessionStorage.setItem(TOKEN_KEY, value),
  clear: () => sessionStorage.removeItem(TOKEN_KEY),
};

/** A non-2xx answer: the contract's `{ error: { code, message, issues? } }`. */
export class ApiError extends Error {
  constructor(status, body) {
    const error = body?.error ?? {};
    super(error.message || `The request failed (${status})`);
    this.status = status;
    this.code = error.code ?? 'unknown';
    this.issues = error.issues;
  }
}

let refused = () => {};
/** What to do when the API refuses the token (401): called once per refused request. */
export const onRefused = (handler) => (refused = handler);

async function send(path, init) {
  let res;
  try {
    res = await fetch(path, { ...init, cache: 'no-store', credentials: 'same-origin' });
  } catch {
    throw new ApiError(0, { error: { code: 'network', message: 'The store could not be reached; try again' } });
  }
  const body = res.status === 204 ? null : await res.json().catch(() => null);
  if (res.status === 401) refused();
  if (!res.ok) throw new ApiError(res.status, body);
  return body;
}

/**
 * An admin API call with the bearer token; JSON in and out.
 * @example await admin('PUT', '/admin/api/flags/checkout', { key: 'checkout', enabled: false })
 */
export function admin(method, path, body) {
  const headers = { accept: 'application/json', authorization: `Bearer ${token.get() ?? ''}` };
  if (body !== undefined) headers['content-type'] = 'application/json';
  return send(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
}

/** A public shopper API read (the catalog), without the token. */
export const publicGet = (path) => send(path, { headers: { accept: 'application/json' } });

/** A query string of the non-empty parameters. */
export const query = (params) => {
  const q = new URLSearchParams(Object.entries(params).filter(([, v]) => v !== '' && v !== null && v !== undefined));
  return q.size > 0 ? `?${q}` : '';
};
