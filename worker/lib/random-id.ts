/** `bytes` random bytes in unpadded base64url. */
export function randomToken(bytes = 16): string {
  const raw = crypto.getRandomValues(new Uint8Array(bytes));
  return btoa(String.fromCharCode(...raw)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/**
 * A prefixed id with 128 random bits (`ord_…`, `cart_…`): unguessable, so knowing one id tells
 * nothing about another.
 */
export const randomId = (prefix: string) => `${prefix}_${randomToken(16)}`;
