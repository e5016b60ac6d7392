import { createHmac, timingSafeEqual } from 'node:crypto';
import Stripe from 'stripe';

const nowSeconds = (): number => Math.floor(Date.now() / 1000);

/** Stripe's `t=…,v1=…` webhook signature, made by the official SDK so it is the real scheme. */
export function signStripePayload(payload: string, secret: string, timestamp = nowSeconds()): string {
  return Stripe.webhooks.generateTestHeaderString({ payload, secret, timestamp });
}

function hmacHex(secret: string, timestamp: number, payload: string): string {
  return createHmac('sha256', secret).update(`${timestamp}.${payload}`, 'utf8').digest('hex');
}

/** The Edgefront ↔ warehouse scheme: the same shape as Stripe's, with the fulfillment secret. */
export function signEdgefrontPayload(payload: string, secret: string, timestamp = nowSeconds()): string {
  return `t=${timestamp},v1=${hmacHex(secret, timestamp, payload)}`;
}

export type VerifyResult = { ok: true } | { ok: false; reason: string };

export function verifyEdgefrontSignature(
  header: string | undefined,
  payload: string,
  secret: string,
  toleranceSeconds = 300,
  now = nowSeconds(),
): VerifyResult {
  if (!header) return { ok: false, reason: 'Missing Edgefront-Signature header.' };
  let timestamp: number | undefined;
  const signatures: string[] = [];
  for (const part of header.split(',')) {
    const [key, value] = part.trim().split('=', 2);
    if (key === 't' && value && /^\d+$/.test(value)) timestamp = Number(value);
    else if (key === 'v1' && value) signatures.push(value);
  }
  if (timestamp === undefined || signatures.length === 0) {
    return { ok: false, reason: 'Malformed Edgefront-Signature header: expected t=<unix seconds>,v1=<hex>.' };
  }
  if (Math.abs(now - timestamp) > toleranceSeconds) {
    return { ok: false, reason: `Signature timestamp is outside the ${toleranceSeconds} s tolerance.` };
  }
  const expected = Buffer.from(hmacHex(secret, timestamp, payload), 'hex');
  const matches = signatures.some((signature) => {
    const given = Buffer.from(signature, 'hex');
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
  return matches ? { ok: true } : { ok: false, reason: 'No signature matches the expected signature for the payload.' };
}
