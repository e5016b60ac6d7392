// workerd has the ES2026 base64 methods of Uint8Array; TypeScript 5.9's lib does not declare them yet.
declare global {
  interface Uint8Array {
    toBase64(options?: { alphabet?: 'base64' | 'base64url'; omitPadding?: boolean }): string;
  }
}

/** `bytes` random bytes in unpadded base64url. */
export function randomToken(bytes = 16): string {
  // The native encoder: btoa over String.fromCharCode and three replaces was 4 % of a hot page's CPU
  // (the visitor id each cookie-less page view mints; bench/RESULTS.md).
  return crypto.getRandomValues(new Uint8Array(bytes)).toBase64({ alphabet: 'base64url', omitPadding: true });
}

/**
 * A prefixed id with 128 random bits (`ord_…`, `cart_…`): unguessable, so knowing one id tells
 * nothing about another.
 */
export const randomId = (prefix: string) => `${prefix}_${randomToken(16)}`;
