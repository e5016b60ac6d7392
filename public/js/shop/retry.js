// The storefront's fetch with the one retry rule of docs/drops.md: a 503 `unavailable` (an overloaded
// counter, a paused checkout) or a 429 is retried after its Retry-After ONLY when repeating the request
// cannot do anything twice: GET/HEAD, or a request carrying an Idempotency-Key. A cart add (POST) is
// never retried here: it would add the item again. Its caller shows the wait instead.

const MAX_TRIES = 3;
const MAX_WAIT_S = 10;

/** Seconds the answer asks us to wait, or null when it is not a "come back later". */
export function retryAfterSeconds(res) {
  if (res.status !== 503 && res.status !== 429) return null;
  const s = Number(res.headers.get('retry-after'));
  return Number.isFinite(s) && s >= 0 ? s : 1;
}

export function isIdempotent(method = 'GET', headers = {}) {
  const m = method.toUpperCase();
  if (m === 'GET' || m === 'HEAD') return true;
  const h = headers instanceof Headers ? headers : new Headers(headers);
  return h.has('idempotency-key');
}

/** `fetch`, retrying a busy answer up to 3 times when the request is idempotent. */
export async function fetchRetrying(url, init = {}) {
  const idempotent = isIdempotent(init.method, init.headers);
  for (let attempt = 1; ; attempt++) {
    const res = await fetch(url, init);
    const wait = retryAfterSeconds(res);
    if (wait === null || !idempotent || attempt >= MAX_TRIES || wait > MAX_WAIT_S) return res;
    await res.body?.cancel();
    await new Promise((resolve) => setTimeout(resolve, wait * 1000));
  }
}
