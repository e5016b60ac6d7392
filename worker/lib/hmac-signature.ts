/**
 * The `t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>` scheme (Stripe's, reused for the
 * store's own fulfillment messages): the timestamp inside the MAC makes a captured request useless
 * after `toleranceSeconds`. Verification is `crypto.subtle.verify`, constant-time by the platform.
 */

const encoder = new TextEncoder();

const hmacKey = (secret: string, usage: 'sign' | 'verify') =>
  crypto.subtle.importKey('raw', encoder.encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, [usage]);

export const toHex = (buf: ArrayBuffer) => [...new Uint8Array(buf)].map((b) => b.toString(16).padStart(2, '0')).join('');

function fromHex(hex: string): Uint8Array | null {
  if (!/^(?:[0-9a-f]{2})+$/.test(hex)) return null;
  return new Uint8Array(hex.match(/../g)!.map((byte) => parseInt(byte, 16)));
}

export async function signPayload(secret: string, body: string, timestamp = Math.floor(Date.now() / 1000)) {
  const mac = await crypto.subtle.sign('HMAC', await hmacKey(secret, 'sign'), encoder.encode(`${timestamp}.${body}`));
  return `t=${timestamp},v1=${toHex(mac)}`;
}

export async function verifyPayload(
  secret: string,
  header: string | undefined,
  body: string,
  toleranceSeconds = 300,
  now = Math.floor(Date.now() / 1000),
): Promise<boolean> {
  if (!header || !secret) return false;
  const parts = header.split(',').map((p) => p.trim().split('='));
  const t = Number(parts.find(([k]) => k === 't')?.[1]);
  if (!Number.isInteger(t) || Math.abs(now - t) > toleranceSeconds) return false;
  const key = await hmacKey(secret, 'verify');
  const data = encoder.encode(`${t}.${body}`);
  for (const [k, v] of parts) {
    if (k !== 'v1' || !v) continue;
    const mac = fromHex(v);
    if (mac && mac.length === 32 && (await crypto.subtle.verify('HMAC', key, mac, data))) return true;
  }
  return false;
}
